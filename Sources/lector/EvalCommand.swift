import ArgumentParser
import Configuration
import Foundation

/// `lector eval …`: scores processors on labelled public data.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a processor on labelled data and print its accuracy and throughput.",
        discussion: "Each subcommand prints a table, or with --json one JSON object for scripts.",
        subcommands: [EvalLanguageCommand.self, EvalSummaryCommand.self, EvalEntitiesCommand.self]
    )
}

extension EvalCommand {
    /// Prints an evaluation's figures: `text` for people, or with `json` the report as one JSON
    /// object with sorted keys, for scripts. Every `lector eval` subcommand ends here.
    static func printReport(_ report: some Encodable, json: Bool, text: @autoclosure () -> String) throws {
        guard json else {
            print(text())
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }

    /// A processor's configuration from `--set KEY=VALUE` settings (a dotted key names a nested
    /// option), over `values` already set.
    ///
    /// - Throws: `ValidationError` for a setting without `=`.
    static func configuration(
        _ settings: [String], over values: [AbsoluteConfigKey: ConfigValue] = [:]
    ) throws -> ConfigReader {
        var values = values
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw ValidationError("--set expects KEY=VALUE, found '\(setting)'")
            }
            let key = AbsoluteConfigKey(setting[..<equals].split(separator: ".").map(String.init))
            values[key] = .init(.string(String(setting[setting.index(after: equals)...])), isSecret: false)
        }
        return ConfigReader(provider: InMemoryProvider(values: values))
    }
}
