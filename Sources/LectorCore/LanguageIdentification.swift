/// The `language` annotation: which language an article is in, how sure the detector is, which
/// script it is written in, and which spans are in another language.
///
/// Codes are BCP-47 language tags (`ur`, `zh-Hant`); `und` means the text was too short, too
/// mixed or had no letters to tell. Scripts are ISO 15924 codes (`Arab`, `Latn`); `Zyyy` means no
/// letters were found.
///
/// ```swift
/// if let language = context.annotations[.language], language.language != "und" {
///     print(language.name, language.confidence)
/// }
/// ```
public struct LanguageIdentification: Sendable, Hashable, Codable {
    /// The main language's BCP-47 tag, or `und`.
    public var language: String
    /// The main language's English name ("Urdu"), or "Undetermined".
    public var name: String
    /// The ISO 15924 code of the script most letters are written in.
    public var script: String
    /// The probability (0–1) that ``language`` is right, calibrated on held-out data.
    public var confidence: Double
    /// Whether the detector's evidence clearly favours ``language`` over the alternatives.
    public var isReliable: Bool
    /// The next most likely languages, best first, with their probabilities.
    public var alternatives: [Candidate]
    /// The languages found in the text with their share of its letters (percent, summing to at
    /// most 100), largest first.
    public var composition: [Share]
    /// Runs of text in a language other than the main one, in text order.
    public var spans: [Span]
    /// Letters the decision was based on (boilerplate excluded).
    public var letterCount: Int
    /// Which evidence decided: `cld2`, `short-text-model`, `script` or `none`.
    public var method: String

    public init(
        language: String,
        name: String,
        script: String,
        confidence: Double,
        isReliable: Bool,
        alternatives: [Candidate] = [],
        composition: [Share] = [],
        spans: [Span] = [],
        letterCount: Int,
        method: String
    ) {
        self.language = language
        self.name = name
        self.script = script
        self.confidence = confidence
        self.isReliable = isReliable
        self.alternatives = alternatives
        self.composition = composition
        self.spans = spans
        self.letterCount = letterCount
        self.method = method
    }

    /// Whether no language could be told.
    public var isUndetermined: Bool { language == "und" }

    enum CodingKeys: String, CodingKey {
        case language, name, script, confidence, alternatives, composition, spans, method
        case isReliable = "reliable"
        case letterCount = "letter_count"
    }

    /// A language the text may be in, with its probability.
    public struct Candidate: Sendable, Hashable, Codable {
        public var language: String
        public var name: String
        public var score: Double

        public init(language: String, name: String, score: Double) {
            self.language = language
            self.name = name
            self.score = score
        }
    }

    /// A language's share of the text's letters.
    public struct Share: Sendable, Hashable, Codable {
        public var language: String
        public var name: String
        public var percent: Int

        public init(language: String, name: String, percent: Int) {
            self.language = language
            self.name = name
            self.percent = percent
        }
    }

    /// A run of text in another language or script than the main one.
    public struct Span: Sendable, Hashable, Codable {
        /// Where the run is, in Unicode scalars of the document's text.
        public var range: TextRange
        /// The run's language, or `und` when it is too short to tell (a name, say).
        public var language: String
        public var name: String
        public var script: String
        public var confidence: Double

        public init(range: TextRange, language: String, name: String, script: String, confidence: Double) {
            self.range = range
            self.language = language
            self.name = name
            self.script = script
            self.confidence = confidence
        }
    }
}

extension AnnotationKey where Value == LanguageIdentification {
    /// The article's language, script and mixed-language spans, from the `language` processor.
    public static var language: Self { .init("language") }
}
