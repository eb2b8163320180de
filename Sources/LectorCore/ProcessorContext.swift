import Configuration
import Logging

/// What travels with one processor's work on one article.
///
/// The pipeline makes a fresh context for every processor run: a logger carrying the article id
/// and processor id as metadata, the processor's own configuration section, the annotations made
/// by the processors before it, and the instant by which it must finish.
public struct ProcessorContext: Sendable {
    /// Logs with `article` and `processor` metadata already attached.
    public var logger: Logger
    /// The processor's section of the configuration (`processors.<id>`).
    public var configuration: ConfigReader
    /// The annotations made so far by earlier processors.
    public var annotations: Annotations
    /// When the processor's time runs out.
    public var deadline: ContinuousClock.Instant

    public init(
        logger: Logger,
        configuration: ConfigReader,
        annotations: Annotations,
        deadline: ContinuousClock.Instant
    ) {
        self.logger = logger
        self.configuration = configuration
        self.annotations = annotations
        self.deadline = deadline
    }

    /// An earlier annotation the processor cannot work without.
    ///
    /// - Throws: ``ProcessorError/missingAnnotation(_:)`` when it is absent (the pipeline skips a
    ///   processor whose requirements are missing, so this signals a type mismatch in practice).
    public func require<Value>(_ key: AnnotationKey<Value>) throws -> Value {
        guard let value = annotations[key] else { throw ProcessorError.missingAnnotation(key.name) }
        return value
    }

    /// Throws when the deadline has passed or the work was cancelled. Call it in long loops.
    public func checkDeadline() throws {
        if ContinuousClock.now >= deadline { throw ProcessorError.deadlineExceeded }
        if Task.isCancelled { throw CancellationError() }
    }
}

/// Errors a processor or the pipeline reports about one processor's run.
public enum ProcessorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A required annotation was not there (or not of the expected type).
    case missingAnnotation(AnnotationName)
    /// The processor's deadline passed.
    case deadlineExceeded
    /// The processor returned an annotation it did not declare in `provides`.
    case undeclaredAnnotation(AnnotationName)
    /// The input is not something this processor can handle; the message says why.
    case unsupportedInput(String)
    /// The processor's configuration is invalid; `key` is relative to its section.
    case invalidConfiguration(key: String, message: String)

    public var description: String {
        switch self {
        case .missingAnnotation(let name): "required annotation '\(name)' is missing"
        case .deadlineExceeded: "deadline exceeded"
        case .undeclaredAnnotation(let name): "returned annotation '\(name)', which it does not declare in provides"
        case .unsupportedInput(let message): "unsupported input: \(message)"
        case .invalidConfiguration(let key, let message): "invalid configuration at '\(key)': \(message)"
        }
    }
}
