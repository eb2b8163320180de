import ArgumentParser
import Configuration
import Foundation
import LectorEngine
import LectorSystemd
import Logging

/// The options every command that reads the configuration shares.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file.", valueName: "file"))
    var file: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one setting, e.g. --set pipeline.timeout=5s (repeatable).", valueName: "key=value"))
    var overrides: [String] = []

    @Option(
        name: .customLong("log"),
        help: ArgumentHelp(
            "Where log lines go: journal, stderr, or auto (the journal when run as a systemd service, else stderr).",
            valueName: "output"))
    var logOutput: String = "auto"

    func validate() throws {
        if LogOutput(rawValue: logOutput) == nil {
            throw ValidationError("--log must be one of \(LogOutput.names.joined(separator: ", ")), not '\(logOutput)'")
        }
    }

    /// The logger for a run: journal fields under systemd, readable lines on stderr otherwise.
    func makeLogger(level: Logger.Level) -> Logger {
        let output = (LogOutput(rawValue: logOutput) ?? .auto).resolvedForThisProcess()
        var logger =
            output == .journal
            ? Logger(label: "lector") { JournalLogHandler(label: $0) }
            : Logger(label: "lector") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }

    /// The file to read: --config, else $LECTOR_CONFIG, else the system file when it exists.
    var resolvedFile: String? {
        if let file { return file }
        if let path = ProcessInfo.processInfo.environment["LECTOR_CONFIG"], !path.isEmpty { return path }
        let system = "/etc/lector/lector.yaml"
        return FileManager.default.fileExists(atPath: system) ? system : nil
    }

    func loader() throws -> ConfigurationLoader {
        var environment = ProcessInfo.processInfo.environment
        environment["LECTOR_CONFIG"] = nil  // Names the file; it is not a setting.
        return ConfigurationLoader(filePath: resolvedFile, overrides: try ConfigurationLoader.parseOverrides(overrides), environment: environment)
    }

    /// Loads and validates the configuration, then builds the engine, or prints every problem and exits 2.
    func makeEngine() async throws -> ArticleEngine {
        try await makeEngineAndConfiguration().engine
    }

    func makeEngineAndConfiguration() async throws -> (engine: ArticleEngine, configuration: ConfigReader) {
        do {
            return try await loadEngineAndConfiguration()
        } catch {
            FileHandle.standardError.write(Data("lector: configuration error:\n\(indented(error))\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Loads and validates the configuration and builds the engine, throwing what is wrong (a
    /// reload logs it and keeps the running engine).
    func loadEngineAndConfiguration() async throws -> (engine: ArticleEngine, configuration: ConfigReader) {
        let spec = ConfigSpec(processors: BuiltinProcessors.registry.registrations.map(\.descriptor))
        let loader = try loader()
        let config = try await loader.load(spec: spec)
        let settings = try LectorSettings(from: config)
        let logger = makeLogger(level: settings.logLevel)
        let plugins = try PluginSettings.all(configuration: config, yamlFile: loader.filePath, overrides: loader.overrides)
        let engine = try await ArticleEngine.make(configuration: config, registry: BuiltinProcessors.registry, logger: logger, plugins: plugins)
        return (engine, config)
    }

    private func indented(_ error: any Error) -> String {
        "\(error)".split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}

enum LectorVersionString {
    static let value = LectorVersion.current
}
