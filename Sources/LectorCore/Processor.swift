/// A type that reads an article and adds annotations to it: one stage of Lector's pipeline.
///
/// A processor declares who it is and what it needs in its ``descriptor`` (an id, a version,
/// the annotations it `provides` and those it `requires`), and does its work in
/// ``process(_:context:)``. The pipeline orders processors by what they require and provide,
/// runs each with a deadline, and records its status, version, duration and any error in the
/// article's result. A processor that throws fails only itself unless the configuration marks it
/// `required`.
///
/// ## Implementation requirements
///
/// - Return only the annotations named in `descriptor.provides`; the pipeline rejects others.
/// - Be deterministic: the same document, earlier annotations and configuration give the same
///   output, so that re-processing an article reproduces its result.
/// - Take everything from the context: its logger, its configuration (already scoped to this
///   processor's section), the earlier annotations, the deadline. Do not create loggers or read
///   globals.
/// - Long loops call `try context.checkDeadline()` now and then, so that a timeout stops the
///   work rather than only abandoning it.
/// - Offsets are Unicode-scalar offsets into `document.text` (see ``TextRange``).
/// - Be safe to call concurrently: one instance serves many articles at once.
///
/// ```swift
/// struct ShoutingProcessor: Processor {
///     let descriptor = ProcessorDescriptor(
///         id: "shouting", version: "1.0.0", provides: ["shouting"], requires: ["segments"])
///
///     func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
///         let segments = try context.require(.segments)
///         let loud = segments.sentences.filter { document.text(in: $0.range).uppercased() == document.text(in: $0.range) }
///         var output = Annotations()
///         output.set(loud.count, for: "shouting")
///         return output
///     }
/// }
/// ```
public protocol Processor: Sendable {
    /// Who this processor is and what it needs and makes.
    var descriptor: ProcessorDescriptor { get }

    /// Reads the document and the earlier annotations in `context`, and returns new annotations.
    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations
}

/// The identity and contract of a processor.
public struct ProcessorDescriptor: Sendable, Hashable, Codable {
    /// A short lowercase id, unique in a pipeline: `text`, `language`, `entities`.
    public var id: String
    /// The processor's version (semantic versioning); recorded in every result it contributes to.
    public var version: String
    /// The annotations this processor adds.
    public var provides: [AnnotationName]
    /// The annotations this processor needs from processors that run before it.
    public var requires: [AnnotationName]
    /// One line saying what it does, for `lector processors`.
    public var summary: String
    /// The configuration keys it reads from its section, for documentation and validation.
    public var options: [ConfigOption]

    public init(
        id: String,
        version: String,
        provides: [AnnotationName],
        requires: [AnnotationName] = [],
        summary: String = "",
        options: [ConfigOption] = []
    ) {
        self.id = id
        self.version = version
        self.provides = provides
        self.requires = requires
        self.summary = summary
        self.options = options
    }
}
