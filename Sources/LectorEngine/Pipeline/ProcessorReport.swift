import LectorCore

/// How one processor's run on one article ended. New statuses may be added, so this is a struct.
public struct ProcessorStatus: StringOption {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// It ran and returned its annotations.
    public static let ok = ProcessorStatus("ok")
    /// It threw an error, or returned annotations it did not declare.
    public static let failed = ProcessorStatus("failed")
    /// It did not run: an annotation it requires is missing, or a required processor before it failed.
    public static let skipped = ProcessorStatus("skipped")
    /// It did not finish before its deadline.
    public static let timeout = ProcessorStatus("timeout")
}

/// The record of one processor's run on one article, as it appears in the result.
public struct ProcessorReport: Hashable, Sendable, Codable {
    public var id: String
    public var version: String
    public var status: ProcessorStatus
    /// Wall-clock time spent, in milliseconds.
    public var durationMs: Double
    /// Whether the article fails when this processor does not succeed.
    public var required: Bool
    /// The annotations it declares.
    public var provides: [AnnotationName]
    /// What went wrong, for every status but ok.
    public var error: String?

    public init(
        id: String,
        version: String,
        status: ProcessorStatus,
        durationMs: Double,
        required: Bool,
        provides: [AnnotationName],
        error: String? = nil
    ) {
        self.id = id
        self.version = version
        self.status = status
        self.durationMs = durationMs
        self.required = required
        self.provides = provides
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id, version, status, required, provides, error
        case durationMs = "duration_ms"
    }
}
