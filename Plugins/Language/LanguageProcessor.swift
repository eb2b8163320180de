import Configuration
import Foundation
import LectorCore

/// The `language` processor: tells which language an article is in, how sure it is, its script,
/// and which spans are in another language. It provides the `language` annotation
/// (``LanguageIdentification``) and requires `segments`, so that boilerplate lines (bylines,
/// source lines, comment counters) do not vote.
///
/// Body text is handed to ``LanguageDetector`` with boilerplate blanked out (replaced by spaces of
/// the same length, so every offset the detector reports is an offset into the document).
public struct LanguageProcessor: Processor {
    public static let version = "1.0.0"

    public let descriptor: ProcessorDescriptor
    public let detector: LanguageDetector

    /// Reads the options under `processors.language`; see ``options`` for the keys.
    public init(configuration: ConfigReader) throws {
        var options = LanguageDetector.Options()
        options.minLetters = try Self.int(configuration, "min_letters", default: options.minLetters, in: 1...10_000)
        options.longTextLetters = try Self.int(
            configuration, "long_text_letters", default: options.longTextLetters, in: 1...1_000_000)
        options.minConfidence = try Self.double(configuration, "min_confidence", default: options.minConfidence)
        options.maxAlternatives = try Self.int(
            configuration, "max_alternatives", default: options.maxAlternatives, in: 0...20)
        options.minSpanLetters = try Self.int(
            configuration, "min_span_letters", default: options.minSpanLetters, in: 1...100_000)
        options.minSpanConfidence = try Self.double(
            configuration, "min_span_confidence", default: options.minSpanConfidence)
        let modelPath = configuration.string(forKey: "model")
        let model: ShortTextModel
        do {
            if let modelPath, !modelPath.isEmpty {
                model = try ShortTextModel(contentsOf: URL(fileURLWithPath: modelPath))
            } else {
                model = try ShortTextModel.bundled()
            }
        } catch {
            throw ProcessorError.invalidConfiguration(key: "model", message: "cannot load the model: \(error)")
        }
        self.init(detector: LanguageDetector(model: model, options: options))
    }

    /// A processor around an existing detector.
    public init(detector: LanguageDetector) {
        self.detector = detector
        self.descriptor = Self.descriptor
    }

    /// The processor's descriptor, known without loading the model (for registration).
    public static let descriptor = ProcessorDescriptor(
        id: "language",
        version: version,
        provides: ["language"],
        requires: ["segments"],
        summary: "Language, script, confidence and mixed-language spans (CLD2 plus a short-text model).",
        options: options
    )

    /// Every configuration key the processor reads.
    public static let options: [ConfigOption] = {
        let defaults = LanguageDetector.Options()
        return [
            ConfigOption("min_letters", .int, default: "\(defaults.minLetters)", "Below this many letters the answer is und."),
            ConfigOption(
                "long_text_letters", .int, default: "\(defaults.longTextLetters)",
                "From this many letters on, CLD2 decides; shorter text goes to the script rules and the short-text model."),
            ConfigOption(
                "min_confidence", .double, default: "\(defaults.minConfidence)",
                "Below this confidence the answer is und."),
            ConfigOption("max_alternatives", .int, default: "\(defaults.maxAlternatives)", "How many alternatives to report."),
            ConfigOption(
                "min_span_letters", .int, default: "\(defaults.minSpanLetters)",
                "A same-script run in another language becomes a span from this many letters."),
            ConfigOption(
                "min_span_confidence", .double, default: "\(defaults.minSpanConfidence)",
                "A span's language is named only at or above this confidence, else und."),
            ConfigOption("model", .string, default: "", "Path of a short-text model file; empty for the bundled one."),
        ]
    }()

    public func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        let segments = try context.require(.segments)
        try context.checkDeadline()
        let identification = Self.identify(document, segments: segments, with: detector)
        var output = Annotations()
        output[.language] = identification
        return output
    }

    /// Identifies the body text's language without building a `String` of it: the document's
    /// scalars (with boilerplate blanked) and their UTF-8 go to the detector as they are.
    static func identify(_ document: Document, segments: Segmentation, with detector: LanguageDetector)
        -> LanguageIdentification
    {
        let scalars = bodyScalars(of: document, segments: segments)
        guard let scalars else {
            var text = document.text
            return text.withUTF8 { detector.identify(scalars: document.scalars, utf8: $0) }
        }
        let utf8 = ScalarUTF8.bytes(scalars)
        return utf8.withUnsafeBufferPointer { detector.identify(scalars: scalars, utf8: $0) }
    }

    /// The document's text with boilerplate paragraphs and sentences replaced by spaces (newlines
    /// kept), so that it has the same scalars at the same offsets as the document.
    public static func bodyText(of document: Document, segments: Segmentation) -> String {
        guard let scalars = bodyScalars(of: document, segments: segments) else { return document.text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The scalars of ``bodyText(of:segments:)``, or nil when nothing is boilerplate.
    static func bodyScalars(of document: Document, segments: Segmentation) -> [Unicode.Scalar]? {
        var masked: [TextRange] = segments.paragraphs.filter(\.isBoilerplate).map(\.range)
        masked += segments.sentences.filter(\.isBoilerplate).map(\.range)
        guard !masked.isEmpty else { return nil }
        var scalars = document.scalars
        for range in masked where range.end <= scalars.count {
            for index in range.start..<range.end where scalars[index] != "\n" {
                scalars[index] = " "
            }
        }
        return scalars
    }

    private static func int(_ reader: ConfigReader, _ key: String, default value: Int, in range: ClosedRange<Int>) throws
        -> Int
    {
        // YAML gives typed values, environment variables strings; accept both, refuse anything else.
        let typed = reader.int(forKey: ConfigKey(key))
        guard let raw = typed.map(String.init) ?? reader.string(forKey: ConfigKey(key))?.trimmingCharacters(in: .whitespaces),
            !raw.isEmpty
        else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw ProcessorError.invalidConfiguration(
                key: key, message: "expected a whole number in \(range.lowerBound)...\(range.upperBound), found '\(raw)'")
        }
        return parsed
    }

    private static func double(_ reader: ConfigReader, _ key: String, default value: Double) throws -> Double {
        let typed = reader.double(forKey: ConfigKey(key)) ?? reader.int(forKey: ConfigKey(key)).map(Double.init)
        guard let raw = typed.map({ "\($0)" }) ?? reader.string(forKey: ConfigKey(key))?.trimmingCharacters(in: .whitespaces),
            !raw.isEmpty
        else { return value }
        guard let parsed = Double(raw), (0...1).contains(parsed) else {
            throw ProcessorError.invalidConfiguration(key: key, message: "expected a number in 0...1, found '\(raw)'")
        }
        return parsed
    }
}
