import ArgumentParser
import Foundation
import LectorCore
import LectorEngine

/// `lector results`: what the daemon's catalog knows.
struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "List and show the articles the daemon has seen (from its catalog).",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct CatalogOptions: ParsableArguments {
        @OptionGroup var config: ConfigurationOptions

        @Option(help: ArgumentHelp("The catalog file (default: paths.catalog from the configuration).", valueName: "file"))
        var catalog: String?

        @Option(help: ArgumentHelp("The daemon's root folder, as given to `lector daemon --root`.", valueName: "dir"))
        var root: String?

        func open() async throws -> Catalog {
            var path = catalog
            if path == nil, let root { path = URL(fileURLWithPath: root).standardizedFileURL.path + "/catalog.sqlite" }
            if path == nil {
                let spec = ConfigSpec(processors: BuiltinProcessors.registry.registrations.map(\.descriptor))
                let reader = try await config.loader().load(spec: spec)
                path = try DaemonSettings(from: reader).paths.catalog
            }
            guard let path, FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no catalog at \(path ?? "?"): has the daemon run with this configuration?")
            }
            return try Catalog(path: path)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List articles, newest first.")

        @OptionGroup var catalog: CatalogOptions
        @Option(help: "Only this status: done, failed, duplicate.") var status: String?
        @Option(help: "Only this language (BCP-47 code).") var language: String?
        @Option(help: ArgumentHelp("Only articles received since this time (ISO 8601, or a duration ago like 2h).", valueName: "time")) var since: String?
        @Option(help: "At most this many.") var limit = 50
        @Flag(help: "Print JSON lines instead of a table.") var json = false

        func run() async throws {
            let store = try await catalog.open()
            var sinceDate: Date?
            if let since {
                if let ago = ConfigValueParser.duration(since) {
                    sinceDate = Date().addingTimeInterval(-(Double(ago.components.seconds) + Double(ago.components.attoseconds) / 1e18))
                } else if let date = try? Date(since, strategy: .iso8601) {
                    sinceDate = date
                } else {
                    throw ValidationError("--since takes an ISO 8601 time or a duration such as 2h")
                }
            }
            let entries = try store.list(.init(status: status, language: language, since: sinceDate, limit: limit))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                for entry in entries { print(String(decoding: try encoder.encode(entry), as: UTF8.self)) }
                return
            }
            print("RECEIVED              STATUS     LANG  ID            NAME")
            for entry in entries {
                let received = entry.receivedAt.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).dateTimeSeparator(.space))
                let id = String((entry.id ?? "-").prefix(12)).padding(toLength: 12, withPad: " ", startingAt: 0)
                let folder = entry.folder.isEmpty ? "" : entry.folder + "/"
                print("\(received)  \(entry.status.padding(toLength: 9, withPad: " ", startingAt: 0))  \((entry.language ?? "-").padding(toLength: 4, withPad: " ", startingAt: 0))  \(id)  \(folder)\(entry.name)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show everything known about an article, by id or claim prefix; prints its result.")

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: "An article id (SHA-256) or claim, or a prefix of one.") var id: String

        func run() async throws {
            let store = try await catalog.open()
            let entries = try store.find(prefix: id)
            guard !entries.isEmpty else { throw ValidationError("no article matches '\(id)'") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            for entry in entries {
                print(String(decoding: try encoder.encode(entry), as: UTF8.self))
                if let path = entry.resultPath, let data = FileManager.default.contents(atPath: path) {
                    print(String(decoding: data, as: UTF8.self))
                }
            }
        }
    }
}
