import ArgumentParser
import Foundation
import LectorCore
import LectorEngine
import Logging

/// `lector processors`: lists the processors an article can go through, built-in and plugins.
///
/// Plugins come from the configuration (the same file, `LECTOR_…` variables and `--set` options
/// as the daemon's). Each enabled plugin is started to read its handshake, which is where its
/// version, `provides` and `requires` come from, and is stopped again; a plugin that does not
/// start is listed with the reason, as the daemon would log it.
struct ProcessorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "processors",
        abstract: "List the built-in processors and the configured plugins with their id, version, provides and requires.",
        discussion: """
            Plugins are read from the configuration (--config, else $LECTOR_CONFIG, else \
            /etc/lector/lector.yaml when it exists) and started once for their handshake. Exit \
            status 2 when the configuration cannot be read; the built-in processors are listed anyway.
            """
    )

    @OptionGroup var config: ConfigurationOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Also list each processor's configuration keys.")
    var options = false

    /// One line of the list: a processor's descriptor, where it comes from and, for a plugin,
    /// whether it started.
    struct Listed: Encodable {
        var descriptor: ProcessorDescriptor
        /// `builtin` or `plugin`.
        var kind: String
        /// For a plugin: `running`, `disabled`, or `failed`.
        var status: String?
        /// For a plugin that did not start: why.
        var error: String?
        /// For a plugin: the command that runs it.
        var command: String?

        enum CodingKeys: String, CodingKey { case kind, status, error, command }

        /// The descriptor's own keys, then the listing's: a reader of the older list, which was
        /// the descriptors alone, still decodes every entry.
        func encode(to encoder: any Encoder) throws {
            try descriptor.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encodeIfPresent(status, forKey: .status)
            try container.encodeIfPresent(error, forKey: .error)
            try container.encodeIfPresent(command, forKey: .command)
        }
    }

    func run() async throws {
        var listed = BuiltinProcessors.registry.registrations.map { Listed(descriptor: $0.descriptor, kind: "builtin") }
        var problem: String?
        do {
            listed += try await plugins()
        } catch {
            problem = "\(error)"
        }
        try print(listed)
        if let problem {
            FileHandle.standardError.write(Data("lector: plugins not listed: configuration error:\n\(problem)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Starts every enabled plugin of the configuration for its handshake, then stops it.
    private func plugins() async throws -> [Listed] {
        let spec = ConfigSpec(processors: BuiltinProcessors.registry.registrations.map(\.descriptor))
        let loader = try config.loader()
        let configuration = try await loader.load(spec: spec)
        let settings = try PluginSettings.all(configuration: configuration, yamlFile: loader.filePath, overrides: loader.overrides)
        guard !settings.isEmpty else { return [] }
        // Failures are reported in the list; the log would say the same thing twice.
        let host = await PluginHost.start(settings, logger: Logger(label: "lector") { _ in SwiftLogNoOpLogHandler() })
        var listed: [Listed] = []
        for processor in host.processors {
            let started = processor.supervisor.hello != nil
            listed.append(
                Listed(
                    descriptor: processor.descriptor, kind: "plugin", status: started ? "running" : "failed",
                    error: started ? nil : processor.supervisor.lastFailure.map { "\($0)" } ?? "it did not start",
                    command: processor.supervisor.settings.command))
        }
        await host.shutdown()
        for plugin in settings where !plugin.enabled {
            let descriptor = ProcessorDescriptor(
                id: plugin.id, version: "unknown", provides: plugin.provides, requires: plugin.requires,
                summary: "external processor: \(plugin.command)", options: PluginSettings.options)
            listed.append(Listed(descriptor: descriptor, kind: "plugin", status: "disabled", command: plugin.command))
        }
        return listed
    }

    private func print(_ listed: [Listed]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(listed)
            data.append(UInt8(ascii: "\n"))
            FileHandle.standardOutput.write(data)
            return
        }
        var lines = [["ID", "VERSION", "PROVIDES", "REQUIRES", "SUMMARY"]]
        for item in listed {
            let descriptor = item.descriptor
            var summary = descriptor.summary
            switch item.status {
            case "failed": summary = "plugin, did not start: \(item.error ?? "")"
            case "disabled": summary = "plugin, disabled: \(summary)"
            case "running": summary = "plugin: \(summary)"
            default: break
            }
            lines.append([
                descriptor.id, descriptor.version,
                descriptor.provides.isEmpty ? "-" : descriptor.provides.map(\.rawValue).joined(separator: ","),
                descriptor.requires.isEmpty ? "-" : descriptor.requires.map(\.rawValue).joined(separator: ","),
                summary,
            ])
        }
        let widths = (0..<4).map { column in lines.map { $0[column].count }.max() ?? 0 }
        for line in lines {
            let padded = (0..<4).map { line[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            Swift.print((padded + [line[4]]).joined(separator: "  "))
        }
        if options {
            for item in listed where item.kind == "builtin" && !item.descriptor.options.isEmpty {
                Swift.print("\nprocessors.\(item.descriptor.id):")
                for option in item.descriptor.options {
                    Swift.print("  \(option.key) (\(option.type), default \(option.defaultValue)): \(option.summary)")
                }
            }
            if listed.contains(where: { $0.kind == "plugin" }) {
                Swift.print("\nplugins.ID:")
                for option in PluginSettings.options {
                    Swift.print("  \(option.key) (\(option.type), default \(option.defaultValue)): \(option.summary)")
                }
            }
        }
    }
}
