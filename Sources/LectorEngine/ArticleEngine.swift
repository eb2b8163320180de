import Configuration
import Foundation
import LectorCore
import LectorReader
import Logging

/// Turns one article file into its result: read and decode, run the pipeline, build the result.
///
/// The one-shot `lector process` command and the daemon share this, so an article gives the same
/// result whichever way it arrives.
public struct ArticleEngine: Sendable {
    public let settings: LectorSettings
    public let pipeline: Pipeline
    public let reader: ArticleReader
    public let logger: Logger

    public init(settings: LectorSettings, pipeline: Pipeline, logger: Logger) {
        self.settings = settings
        self.pipeline = pipeline
        self.reader = ArticleReader(options: .init(maxBytes: settings.maxBytes, forcedEncoding: settings.forcedEncoding))
        self.logger = logger
    }

    /// Builds the engine from configuration, checking everything a start-up must check.
    public static func make(configuration: ConfigReader, registry: ProcessorRegistry, logger: Logger) throws -> ArticleEngine {
        let settings = try LectorSettings(from: configuration)
        let pipeline = try Pipeline(settings: settings, configuration: configuration, registry: registry)
        return ArticleEngine(settings: settings, pipeline: pipeline, logger: logger)
    }

    /// Reads the file at `path` and processes it.
    ///
    /// - Throws: ``ReadError`` when the file cannot be read or decoded.
    public func process(path: String, name: String? = nil, folder: String = "", receivedAt: Date = Date()) async throws(ReadError) -> ArticleResult {
        let document = try reader.read(path: path, name: name, folder: folder, receivedAt: receivedAt)
        return await process(document)
    }

    /// Runs the pipeline on a decoded document.
    public func process(_ document: Document) async -> ArticleResult {
        var articleLogger = logger
        articleLogger[metadataKey: "article"] = .string(document.id)
        let outcome = await pipeline.run(document, logger: articleLogger)
        return ArticleResult(document: document, outcome: outcome, processedAt: Date(), includeText: settings.includeText)
    }
}
