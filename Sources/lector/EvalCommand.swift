import ArgumentParser
import Configuration
import Foundation
import LectorCore

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

    /// A processor's configuration from `--set KEY=VALUE` settings, over `values` already set.
    /// `options` are the processor's keys: the processor reads only those, so any other key (a
    /// typo, or the section's name in front, `entities.min_score`) would be ignored without a word.
    ///
    /// - Throws: `ValidationError` for a setting without `=` or with a key not in `options`.
    static func configuration(
        _ settings: [String], options: [ConfigOption], over values: [AbsoluteConfigKey: ConfigValue] = [:]
    ) throws -> ConfigReader {
        var values = values
        let known = Set(options.map(\.key))
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw ValidationError("--set expects KEY=VALUE, found '\(setting)'")
            }
            let name = String(setting[..<equals])
            guard known.contains(name) else {
                throw ValidationError("--set: the processor has no option '\(name)'; it has \(known.sorted().joined(separator: ", "))")
            }
            let key = AbsoluteConfigKey(name.split(separator: ".").map(String.init))
            values[key] = .init(.string(String(setting[setting.index(after: equals)...])), isSecret: false)
        }
        return ConfigReader(provider: InMemoryProvider(values: values))
    }
}
