import ArgumentParser

@main
struct Lector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lector",
        abstract: "Watches an inbox folder and runs every article through a pipeline of processors."
    )
}
