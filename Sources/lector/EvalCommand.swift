import ArgumentParser

/// `lector eval …`: scores processors on labelled public data.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a processor on labelled data and print its accuracy and throughput.",
        discussion: "Each subcommand prints a table, or with --json one JSON object for scripts.",
        subcommands: [EvalLanguageCommand.self, EvalSummaryCommand.self, EvalEntitiesCommand.self]
    )
}
