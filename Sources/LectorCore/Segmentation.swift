/// The `segments` annotation: an article's paragraphs and sentences, which of them are
/// boilerplate, its title and lead, and word counts.
///
/// Later processors read it to work on sentences and to skip boilerplate (bylines, source lines,
/// comment counters, photo captions, layout debris).
public struct Segmentation: Sendable, Hashable, Codable {
    /// Paragraphs in article order. Every non-blank line is a paragraph (extracted news text puts
    /// one block per line); the exception is hard-wrapped plain text, where a block of two or more
    /// filled lines (the longest 40–132 UTF-16 units, the others at least half as long, at least
    /// one broken mid-sentence) is one paragraph. Ranges exclude line breaks and surrounding
    /// whitespace.
    public var paragraphs: [Paragraph]
    /// Sentences in article order, across all paragraphs.
    public var sentences: [Sentence]
    /// The title: the declared title when the format has one, else a heading-like first line.
    public var title: TextRange?
    /// The lead: the first body paragraph.
    public var lead: TextRange?
    /// Words (ICU word segments that are letters, numbers, kana or ideographs) in body and title
    /// paragraphs, less any boilerplate sentence glued to them.
    public var wordCount: Int
    /// Words in boilerplate paragraphs and boilerplate sentences.
    public var boilerplateWordCount: Int

    public init(
        paragraphs: [Paragraph],
        sentences: [Sentence],
        title: TextRange?,
        lead: TextRange?,
        wordCount: Int,
        boilerplateWordCount: Int
    ) {
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.title = title
        self.lead = lead
        self.wordCount = wordCount
        self.boilerplateWordCount = boilerplateWordCount
    }

    enum CodingKeys: String, CodingKey {
        case paragraphs, sentences, title, lead
        case wordCount = "word_count"
        case boilerplateWordCount = "boilerplate_word_count"
    }

    /// The sentences of body paragraphs, in order.
    public var bodySentences: [Sentence] { sentences.filter { !$0.isBoilerplate } }

    public struct Paragraph: Sendable, Hashable, Codable {
        public var range: TextRange
        public var kind: SegmentKind
        /// Index of the paragraph's first sentence in ``Segmentation/sentences``.
        public var firstSentence: Int
        /// Number of sentences in the paragraph.
        public var sentenceCount: Int
        public var wordCount: Int
        /// For boilerplate, what gave it away (e.g. "source line with URL").
        public var reason: String?

        public init(range: TextRange, kind: SegmentKind, firstSentence: Int, sentenceCount: Int, wordCount: Int, reason: String? = nil) {
            self.range = range
            self.kind = kind
            self.firstSentence = firstSentence
            self.sentenceCount = sentenceCount
            self.wordCount = wordCount
            self.reason = reason
        }

        public var isBoilerplate: Bool { kind.isBoilerplate }

        enum CodingKeys: String, CodingKey {
            case range, kind, reason
            case firstSentence = "first_sentence"
            case sentenceCount = "sentence_count"
            case wordCount = "word_count"
        }
    }

    public struct Sentence: Sendable, Hashable, Codable {
        public var range: TextRange
        /// Index of the paragraph it belongs to.
        public var paragraph: Int
        public var wordCount: Int
        /// Whether it belongs to a boilerplate paragraph, or is boilerplate glued to body text
        /// (a photo credit at the end of a line).
        public var isBoilerplate: Bool

        public init(range: TextRange, paragraph: Int, wordCount: Int, isBoilerplate: Bool) {
            self.range = range
            self.paragraph = paragraph
            self.wordCount = wordCount
            self.isBoilerplate = isBoilerplate
        }

        enum CodingKeys: String, CodingKey {
            case range, paragraph
            case wordCount = "word_count"
            case isBoilerplate = "boilerplate"
        }
    }
}

/// What a paragraph is. New kinds may be added, so this is a struct, not an enum.
public struct SegmentKind: StringOption {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Article text.
    public static let body = SegmentKind("body")
    /// A heading line.
    public static let title = SegmentKind("title")
    /// An author or reporter credit ("LAN NGUYEN", "کیو منہ").
    public static let byline = SegmentKind("byline")
    /// A source line, often with a URL ("ماخذ: https://…", "مصدر", "Source:").
    public static let source = SegmentKind("source")
    /// A comment counter or share widget ("تبصرہ (0)", "تعليق (0)").
    public static let comments = SegmentKind("comments")
    /// A photo caption or credit ("تصویر: وی این اے").
    public static let caption = SegmentKind("caption")
    /// Layout remnants: separators, lone punctuation, glued fragments.
    public static let debris = SegmentKind("debris")

    /// Whether paragraphs of this kind are boilerplate (everything but body and title).
    public var isBoilerplate: Bool { self != .body && self != .title }
}

extension AnnotationKey where Value == Segmentation {
    /// Paragraphs, sentences and boilerplate, from the `text` processor.
    public static var segments: Self { .init("segments") }
}
