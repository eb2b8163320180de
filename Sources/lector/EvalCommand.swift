import ArgumentParser
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
}
