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
    /// The external processors this engine's pipeline uses, if any.
    public let plugins: PluginHost?

    public init(settings: LectorSettings, pipeline: Pipeline, logger: Logger, plugins: PluginHost? = nil) {
        self.settings = settings
        self.pipeline = pipeline
        self.plugins = plugins
        self.reader = ArticleReader(options: .init(maxBytes: settings.maxBytes, forcedEncoding: settings.forcedEncoding))
        self.logger = logger
    }

    /// Builds the engine from configuration, checking everything a start-up must check.
    public static func make(configuration: ConfigReader, registry: ProcessorRegistry, logger: Logger) throws -> ArticleEngine {
        let settings = try LectorSettings(from: configuration)
        let pipeline = try Pipeline(settings: settings, configuration: configuration, registry: registry)
        return ArticleEngine(settings: settings, pipeline: pipeline, logger: logger)
    }

    /// Builds the engine with external processors: starts every enabled plugin, waits for the
    /// handshakes, and places each in the pipeline. Enabled plugins run whether or not
    /// `pipeline.processors` names them; naming one there sets its place among equals.
    ///
    /// - Throws: ``ConfigurationError`` or ``PipelineError``; plugins already started are stopped.
    public static func make(
        configuration: ConfigReader, registry: ProcessorRegistry, logger: Logger, plugins: [PluginSettings]
    ) async throws -> ArticleEngine {
        var settings = try LectorSettings(from: configuration)
        let enabled = plugins.filter(\.enabled)
        if let clash = enabled.first(where: { registry[$0.id] != nil }) {
            throw ConfigurationError(issues: [
                ConfigIssue(origin: "configuration", key: "plugins.\(clash.id)", message: "'\(clash.id)' is the id of a built-in processor; name the plugin otherwise")
            ])
        }
        if let disabled = plugins.first(where: { !$0.enabled && settings.processors.contains($0.id) }) {
            throw ConfigurationError(issues: [
                ConfigIssue(origin: "configuration", key: "pipeline.processors", message: "names plugin '\(disabled.id)', which has enabled: false")
            ])
        }
        settings.processors += enabled.map(\.id).filter { !settings.processors.contains($0) }
        guard !enabled.isEmpty else {
            return ArticleEngine(settings: settings, pipeline: try Pipeline(settings: settings, configuration: configuration, registry: registry), logger: logger)
        }
        let host = await PluginHost.start(enabled, logger: logger)
        do {
            let pipeline = try Pipeline(settings: settings, configuration: configuration, registry: registry, plugins: host)
            return ArticleEngine(settings: settings, pipeline: pipeline, logger: logger, plugins: host)
        } catch {
            await host.shutdown()
            throw error
        }
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
