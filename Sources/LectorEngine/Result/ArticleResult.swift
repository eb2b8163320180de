import Foundation
import LectorCore

/// The JSON document Lector writes for one article. Its form is documented in
/// docs/result-format.md and by the JSON Schema docs/result.schema.json.
public struct ArticleResult: Sendable, Encodable {
    /// The version of this format. It changes in its major part only when a field is removed or
    /// changes meaning; new fields may appear in any version.
    public static let schemaVersion = "1.0"

    public var id: String
    /// `ok`, or `failed` when a required processor did not succeed.
    public var status: String
    /// Why the article failed, when it did.
    public var error: ArticleError?
    public var source: SourceInfo
    public var processedAt: Date
    public var lectorVersion: String
    public var document: DocumentSection
    public var pipeline: [String]
    public var processors: [ProcessorReport]
    public var annotations: Annotations

    public struct DocumentSection: Sendable, Encodable {
        public var decoding: DecodingFacts
        /// The title the format declared (HTML `<title>`), if any.
        public var declaredTitle: String?
        /// Length of the text in Unicode scalars: every offset is below this.
        public var length: Int
        /// The decoded text, unless the configuration leaves it out.
        public var text: String?

        enum CodingKeys: String, CodingKey {
            case declaredTitle = "declared_title"
            case length, text
        }

        public func encode(to encoder: any Encoder) throws {
            // Decoding facts sit directly in this section, beside the text they describe.
            try decoding.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(declaredTitle, forKey: .declaredTitle)
            try container.encode(length, forKey: .length)
            try container.encodeIfPresent(text, forKey: .text)
        }
    }

    public struct ArticleError: Sendable, Codable, Hashable {
        public var code: String
        public var message: String
        /// The processor at fault, when one was.
        public var processor: String?

        public init(code: String, message: String, processor: String? = nil) {
            self.code = code
            self.message = message
            self.processor = processor
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case id, status, error, source
        case processedAt = "processed_at"
        case lectorVersion = "lector_version"
        case document, pipeline, processors, annotations
    }

    public init(document: Document, outcome: Pipeline.Outcome, processedAt: Date, includeText: Bool) {
        id = document.id
        source = document.source
        self.processedAt = processedAt
        lectorVersion = LectorVersion.current
        self.document = DocumentSection(
            decoding: document.decoding, declaredTitle: document.declaredTitle, length: document.scalars.count,
            text: includeText ? document.text : nil)
        pipeline = outcome.reports.map(\.id)
        processors = outcome.reports
        annotations = outcome.annotations
        if let failed = outcome.failedRequired {
            status = "failed"
            error = ArticleError(
                code: "required-processor-\(failed.status)",
                message: "required processor '\(failed.id)' \(failed.status == .timeout ? "timed out" : "did not succeed"): \(failed.error ?? "")",
                processor: failed.id)
        } else {
            status = "ok"
            error = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schemaVersion)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(source, forKey: .source)
        try container.encode(processedAt, forKey: .processedAt)
        try container.encode(lectorVersion, forKey: .lectorVersion)
        try container.encode(document, forKey: .document)
        try container.encode(pipeline, forKey: .pipeline)
        // Processors appear as an object keyed by id (their run order is `pipeline`).
        try container.encode(Dictionary(uniqueKeysWithValues: processors.map { ($0.id, $0) }), forKey: .processors)
        try container.encode(annotations, forKey: .annotations)
    }

    /// The result as JSON bytes: keys sorted so that equal results are equal bytes, dates in
    /// ISO 8601 UTC with milliseconds, and a final newline.
    ///
    /// The bytes are those of the `Encodable` form through ``ResultEncoder``, written directly
    /// (``ResultWritable``).
    ///
    /// - Throws: `EncodingError.invalidValue` for a number JSON has no form for (NaN, infinity).
    public func jsonData(pretty: Bool) throws -> Data {
        var writer = ResultWriter(pretty: pretty, capacity: 4096 + 8 * document.length)
        write(to: &writer)
        // Only the Encodable form says where the bad number is.
        var bytes = writer.invalidNumber ? try ResultEncoder(pretty: pretty).encode(self) : writer.bytes
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }
}

/// The version of Lector, recorded in every result.
public enum LectorVersion {
    public static let current = "0.1.0"
}
