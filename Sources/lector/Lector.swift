import ArgumentParser

@main
struct Lector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lector",
        abstract: "Runs articles through a pipeline of processors and writes one JSON result per article.",
        discussion: """
            Configuration comes from --config FILE (default: $LECTOR_CONFIG, else /etc/lector/lector.yaml \
            when it exists), overridden by LECTOR_… environment variables, overridden by --set key=value.
            """,
        version: LectorVersionString.value,
        subcommands: [
            DaemonCommand.self, ReloadCommand.self, ProcessCommand.self, ResultsCommand.self, ProcessorsCommand.self,
            ConfigCommand.self, PluginCommand.self, EvalCommand.self, TrainCommand.self,
        ]
    )
}
