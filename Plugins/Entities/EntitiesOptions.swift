import Configuration
import Foundation
import LectorCore

/// The `entities` processor's settings, read from its configuration section.
///
/// ```yaml
/// processors:
///   entities:
///     tagger: true              # the statistical PERSON/ORG/LOCATION tagger
///     min_score: 0.6            # drop tagger entities less sure than this
///     gazetteer: /etc/lector/names.tsv
/// ```
public struct EntitiesOptions: Sendable {
    /// Whether the statistical tagger runs (rules and gazetteers always do).
    public var tagger = true
    /// Tagger entities whose mean token confidence is below this are dropped (0 keeps all, as
    /// `lector eval entities` scores them).
    public var minScore = 0.6
    /// Whether quantities are reported: numbers, percentages, money.
    public var quantities = true
    /// Only the sentences within an article's first this-many tokens are examined, which bounds
    /// the cost of huge texts (a long news article has 2,000–10,000).
    public var maxTokens = 50_000
    /// A user gazetteer (TSV of `TYPE<TAB>name[<TAB>canonical]`), read whenever the configuration is.
    public var gazetteer = ""
    /// The model used when the article's language has none of its own ("" means: by script,
    /// `ar` for Arabic script and `en` for Latin).
    public var fallbackModel = ""

    public init() {}

    public static let options: [ConfigOption] = [
        ConfigOption("tagger", .bool, default: "true", "Run the statistical PERSON/ORG/LOCATION tagger."),
        ConfigOption("min_score", .double, default: "0.6", "Drop tagger entities with a lower mean confidence (0–1)."),
        ConfigOption("quantities", .bool, default: "true", "Report numbers, percentages and money."),
        ConfigOption(
            "max_tokens", .int, default: "50000", "Examine only the sentences within the first N tokens (1–10000000)."),
        ConfigOption(
            "gazetteer", .string, default: "",
            "A TSV of TYPE<TAB>name[<TAB>canonical] lines (TYPE: PERSON, ORG, LOCATION); re-read on reload."),
        ConfigOption(
            "fallback_model", .string, default: "",
            "Model for languages without one (ar, ur, fa, en); empty picks by script."),
    ]

    /// Reads the options.
    ///
    /// - Throws: ``ProcessorError/invalidConfiguration(key:message:)`` for a bad value.
    public init(configuration config: ConfigReader) throws {
        tagger = try config.boolOption("tagger", default: tagger)
        minScore = try config.doubleOption("min_score", default: minScore, in: 0...1)
        quantities = try config.boolOption("quantities", default: quantities)
        maxTokens = try config.intOption("max_tokens", default: maxTokens, in: 1...10_000_000)
        gazetteer = try config.stringOption("gazetteer", default: "")
        fallbackModel = try config.stringOption("fallback_model", default: "", allowed: [""] + TaggerModels.languages)
    }
}

/// The tagger models that ship in `Resources/`, each loaded on first use (once per process), so
/// that start-up pays only for the languages that arrive.
public enum TaggerModels {
    public static let languages = ["ar", "en", "fa", "ur"]

    // Static lets are initialized lazily and exactly once, whatever the thread.
    private static let arabic = load("ar")
    private static let english = load("en")
    private static let persian = load("fa")
    private static let urdu = load("ur")

    /// The model for a language, or nil when none ships (or its file is missing or damaged).
    public static func model(_ language: String) -> TaggerModel? {
        try? loaded(language)?.get()
    }

    /// Why the model of a shipped language could not be loaded, or nil when it loads (or the
    /// language has no model).
    public static func failure(_ language: String) -> String? {
        guard case .failure(let error)? = loaded(language) else { return nil }
        return "\(error)"
    }

    private static func loaded(_ language: String) -> Result<TaggerModel, any Error>? {
        switch language {
        case "ar": arabic
        case "en": english
        case "fa": persian
        case "ur": urdu
        default: nil
        }
    }

    /// Every model that loads, by language.
    public static var all: [String: TaggerModel] {
        var models: [String: TaggerModel] = [:]
        for language in languages { models[language] = model(language) }
        return models
    }

    private static func load(_ language: String) -> Result<TaggerModel, any Error> {
        guard let url = Bundle.module.url(forResource: language, withExtension: "lner", subdirectory: "Resources")
        else {
            return .failure(ProcessorError.unsupportedInput("the model file \(language).lner is not installed"))
        }
        return Result { try TaggerModel(contentsOf: url) }
    }
}
