import ArgumentParser
import Foundation
import LectorEngine
import Logging

/// `lector config check [FILE]`: validates a configuration without starting anything.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file (and LECTOR_… variables and --set options); point at each offending key.",
            discussion: "Exit status 0 when valid, 1 when not. Each problem is printed as FILE:LINE:COLUMN: KEY: MESSAGE."
        )

        @OptionGroup var config: ConfigurationOptions

        @Argument(help: ArgumentHelp("The file to check (default: the one --config or the defaults name).", valueName: "file"))
        var file: String?

        func run() async throws {
            var options = config
            if let file { options.file = file }
            let spec = ConfigSpec(processors: BuiltinProcessors.registry.registrations.map(\.descriptor))
            let loader = try options.loader()
            var problems = loader.check(spec: spec).map(\.description)
            if problems.isEmpty {
                // The file is well-formed; now build the pipeline, which checks the processors'
                // own rules (known ids, dependencies, each processor's values).
                // Plugins are started too: their handshakes place them in the pipeline.
                do {
                    let configuration = try await loader.load(spec: spec)
                    let plugins = try PluginSettings.all(configuration: configuration, yamlFile: loader.filePath, overrides: loader.overrides)
                    let engine = try await ArticleEngine.make(
                        configuration: configuration, registry: BuiltinProcessors.registry,
                        logger: .init(label: "lector", factory: { _ in SwiftLogNoOpLogHandler() }), plugins: plugins)
                    if let host = engine.plugins {
                        for processor in host.processors where processor.supervisor.hello == nil {
                            let why = processor.supervisor.lastFailure.map { ": \($0)" } ?? ""
                            problems.append(
                                "\(loader.filePath ?? "configuration"): plugins.\(processor.descriptor.id): the plugin did not start\(why)")
                        }
                        await host.shutdown()
                    }
                } catch {
                    problems.append("\(loader.filePath ?? "configuration"): \(error)")
                }
            }
            if problems.isEmpty {
                print("\(loader.filePath ?? "the built-in defaults"): valid")
            } else {
                for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
                throw ExitCode(1)
            }
        }
    }
}
