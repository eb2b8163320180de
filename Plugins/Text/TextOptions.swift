import Foundation
import Configuration
import LectorCore

/// The `text` processor's settings, read once from its configuration section.
///
/// ```yaml
/// processors:
///   text:
///     detect_boilerplate: true
///     max_sentence_length: 1000
///     markers:
///       source: ["Kaynakça"]
/// ```
public struct TextOptions: Sendable, Hashable {
    /// Whether to look for boilerplate at all; when false every paragraph is body (or title).
    public var detectBoilerplate = true
    /// Sentences longer than this many scalars are split at a space.
    public var maxSentenceLength = 1000
    /// The most words a byline may have.
    public var bylineMaxWords = 5
    /// The most words an unlabelled photo caption may have; 0 turns that rule off.
    public var captionMaxWords = 40
    /// The most words a heading-like first line may have to become the title.
    public var titleMaxWords = 20
    /// Whether blocks of hard-wrapped lines become one paragraph.
    public var joinWrappedLines = true
    /// Markers added to the built-in ``BoilerplateLexicon``.
    public var markers = BoilerplateLexicon.Additions()

    public init() {}

    /// Every key the processor reads, with its type, default and meaning.
    public static let options: [ConfigOption] = [
        ConfigOption("detect_boilerplate", .bool, default: "true", "Mark bylines, sources, captions, counters and debris."),
        ConfigOption(
            "max_sentence_length", .int, default: "1000",
            "Longest sentence in Unicode scalars before a forced split (20–100000)."),
        ConfigOption("byline_max_words", .int, default: "5", "Most words in a name-only byline line (1–20)."),
        ConfigOption(
            "caption_max_words", .int, default: "40",
            "Most words in an unlabelled photo caption; 0 disables that rule (0–200)."),
        ConfigOption("title_max_words", .int, default: "20", "Most words in a heading-like first line taken as title (1–100)."),
        ConfigOption("join_wrapped_lines", .bool, default: "true", "Join blocks of hard-wrapped lines into one paragraph."),
        ConfigOption("markers.source", .stringArray, default: "[]", "Extra source labels (\"Source:\", \"ماخذ\")."),
        ConfigOption("markers.comments", .stringArray, default: "[]", "Extra comment-counter labels (\"Comments (12)\")."),
        ConfigOption("markers.caption", .stringArray, default: "[]", "Extra caption and photo-credit labels (\"Photo:\")."),
        ConfigOption("markers.byline_prefixes", .stringArray, default: "[]", "Extra byline openers (\"By\", \"بقلم\")."),
        ConfigOption("markers.widgets", .stringArray, default: "[]", "Extra share/print widget words (\"Share\")."),
        ConfigOption(
            "markers.caption_cues", .stringArray, default: "[]",
            "Extra caption predicates (\"speaks at\", \"ترأس\")."),
        ConfigOption("abbreviations", .stringArray, default: "[]", "Extra abbreviations, without the period, that do not end a sentence."),
    ]

    /// Reads the options from the processor's configuration section.
    ///
    /// - Throws: ``ProcessorError/invalidConfiguration(key:message:)`` for a value of the wrong
    ///   type or out of range.
    public init(configuration config: ConfigReader) throws {
        let reader = OptionReader(config: config)
        detectBoilerplate = try reader.bool("detect_boilerplate", default: detectBoilerplate)
        maxSentenceLength = try reader.int("max_sentence_length", default: maxSentenceLength, in: 20...100_000)
        bylineMaxWords = try reader.int("byline_max_words", default: bylineMaxWords, in: 1...20)
        captionMaxWords = try reader.int("caption_max_words", default: captionMaxWords, in: 0...200)
        titleMaxWords = try reader.int("title_max_words", default: titleMaxWords, in: 1...100)
        joinWrappedLines = try reader.bool("join_wrapped_lines", default: joinWrappedLines)
        markers.source = try reader.strings("markers.source")
        markers.comments = try reader.strings("markers.comments")
        markers.caption = try reader.strings("markers.caption")
        markers.bylinePrefixes = try reader.strings("markers.byline_prefixes")
        markers.widgets = try reader.strings("markers.widgets")
        markers.captionCues = try reader.strings("markers.caption_cues")
        markers.abbreviations = try reader.strings("abbreviations")
    }
}

/// Typed reads that tell a missing key (use the default) from a present value of the wrong type
/// (an error), which swift-configuration's defaulting getters do not.
private struct OptionReader {
    let config: ConfigReader

    private func key(_ name: String) -> ConfigKey { ConfigKey(name.split(separator: ".").map(String.init)) }

    private func isPresent(_ name: String) -> Bool {
        let key = key(name)
        return config.string(forKey: key) != nil || config.int(forKey: key) != nil || config.double(forKey: key) != nil
            || config.bool(forKey: key) != nil || config.stringArray(forKey: key) != nil
            || config.intArray(forKey: key) != nil
    }

    private func invalid(_ name: String, _ message: String) -> ProcessorError {
        .invalidConfiguration(key: name, message: message)
    }

    func bool(_ name: String, default value: Bool) throws -> Bool {
        if let found = config.bool(forKey: key(name)) { return found }
        if isPresent(name) { throw invalid(name, "expected true or false") }
        return value
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        if let found = config.int(forKey: key(name)) {
            guard range.contains(found) else {
                throw invalid(name, "\(found) is outside \(range.lowerBound)...\(range.upperBound)")
            }
            return found
        }
        if isPresent(name) { throw invalid(name, "expected an integer in \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    func strings(_ name: String) throws -> [String] {
        if let found = config.stringArray(forKey: key(name)) {
            if found.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw invalid(name, "entries must not be blank")
            }
            return found
        }
        if isPresent(name) { throw invalid(name, "expected a list of strings") }
        return []
    }
}
