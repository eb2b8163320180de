import LectorCore

/// Why a pipeline could not be built. Each case names what to fix.
public enum PipelineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The configuration names a processor that is not registered.
    case unknownProcessor(String, known: [String])
    /// The same processor is listed twice.
    case duplicateProcessor(String)
    /// A processor requires an annotation that no listed processor provides.
    case missingProvider(processor: String, annotation: AnnotationName, availableFrom: [String])
    /// Two processors provide the same annotation.
    case conflictingProviders(annotation: AnnotationName, processors: [String])
    /// Processors require each other in a circle.
    case cycle([String])
    /// A factory made a processor whose descriptor id differs from its registration.
    case descriptorMismatch(registered: String, made: String)
    /// A processor's configuration was rejected by its factory.
    case invalidProcessorConfiguration(processor: String, key: String, message: String)
    /// A processor declared an annotation name that is not well-formed.
    case invalidAnnotationName(processor: String, name: AnnotationName)

    public var description: String {
        switch self {
        case .unknownProcessor(let id, let known):
            "unknown processor '\(id)' in pipeline.processors (known: \(known.joined(separator: ", ")))"
        case .duplicateProcessor(let id):
            "processor '\(id)' is listed twice in pipeline.processors"
        case .missingProvider(let processor, let annotation, let availableFrom):
            if availableFrom.isEmpty {
                "processor '\(processor)' requires '\(annotation)', which no registered processor provides"
            } else {
                "processor '\(processor)' requires '\(annotation)'; add \(availableFrom.map { "'\($0)'" }.joined(separator: " or ")) to pipeline.processors"
            }
        case .conflictingProviders(let annotation, let processors):
            "annotation '\(annotation)' is provided by more than one processor: \(processors.joined(separator: ", ")); keep one"
        case .cycle(let ids):
            "processors require each other in a cycle: \(ids.joined(separator: " -> "))"
        case .descriptorMismatch(let registered, let made):
            "processor registered as '\(registered)' reports id '\(made)'"
        case .invalidProcessorConfiguration(let processor, let key, let message):
            "processors.\(processor).\(key): \(message)"
        case .invalidAnnotationName(let processor, let name):
            "processor '\(processor)' declares annotation name '\(name)', which is not 1-64 characters of a-z, 0-9, '_' and '.'"
        }
    }
}
