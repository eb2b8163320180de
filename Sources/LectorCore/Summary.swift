/// The `summary` annotation: the sentences that best summarize an article, in article order, with
/// their offsets and scores, the summary as one text, and the article's keywords.
///
/// The `summary` processor picks sentences only from body text: boilerplate (bylines, source lines,
/// captions, comment counters, debris), headings and sentences carrying a URL are never chosen.
///
/// ```json
/// {"sentences": [{"range": {"start": 0, "end": 96}, "sentence": 0, "paragraph": 0,
///   "score": 0.9312, "word_count": 17}], "text": "…", "word_count": 17, "candidates": 12,
///  "keywords": [{"text": "صوبائی پارٹی کمیٹی", "score": 0.0123, "count": 6}]}
/// ```
public struct Summary: Codable, Sendable, Hashable {
    /// The chosen sentences, in article order.
    public var sentences: [Sentence]
    /// The chosen sentences' text joined with single spaces.
    public var text: String
    /// Words in the chosen sentences (as the `segments` annotation counts them).
    public var wordCount: Int
    /// How many sentences were eligible (body sentences the summarizer considered).
    public var candidates: Int
    /// Key words and phrases, best first (empty when keywords are turned off).
    public var keywords: [Keyword]

    public init(sentences: [Sentence], text: String, wordCount: Int, candidates: Int, keywords: [Keyword]) {
        self.sentences = sentences
        self.text = text
        self.wordCount = wordCount
        self.candidates = candidates
        self.keywords = keywords
    }

    enum CodingKeys: String, CodingKey {
        case sentences, text, candidates, keywords
        case wordCount = "word_count"
    }

    /// One chosen sentence.
    public struct Sentence: Codable, Sendable, Hashable {
        /// Where the sentence is in the document (Unicode scalars, half-open).
        public var range: TextRange
        /// Its index in the `segments` annotation's sentences.
        public var sentence: Int
        /// The index of its paragraph in the `segments` annotation.
        public var paragraph: Int
        /// Its salience before redundancy was taken into account, in 0...1 (higher is better).
        public var score: Double
        /// Words in `range`.
        public var wordCount: Int
        /// True when `range` is only the opening part of the sentence, cut to the summary's word
        /// limit (the `trim` option); nil (absent from the JSON) when the whole sentence is there.
        public var trimmed: Bool?

        public init(
            range: TextRange, sentence: Int, paragraph: Int, score: Double, wordCount: Int, trimmed: Bool? = nil
        ) {
            self.range = range
            self.sentence = sentence
            self.paragraph = paragraph
            self.score = score
            self.wordCount = wordCount
            self.trimmed = trimmed
        }

        enum CodingKeys: String, CodingKey {
            case range, sentence, paragraph, score, trimmed
            case wordCount = "word_count"
        }
    }

    /// A key word or phrase: lowercased as it appears in the text; a lower score is more important
    /// (the YAKE convention).
    public struct Keyword: Codable, Sendable, Hashable {
        public var text: String
        public var score: Double
        /// How often the word or phrase occurs in the body text.
        public var count: Int

        public init(text: String, score: Double, count: Int) {
            self.text = text
            self.score = score
            self.count = count
        }
    }
}

extension AnnotationKey where Value == Summary {
    /// The chosen sentences and keywords, from the `summary` processor.
    public static var summary: Self { .init("summary") }
}
