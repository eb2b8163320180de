import ArgumentParser
import Configuration
import Foundation
import LectorEngine
import Logging
import ServiceLifecycle

/// `lector daemon`: watches the inbox and processes every article that arrives.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Watch the inbox and process every article that arrives, until SIGTERM or SIGINT.",
        discussion: """
            Folders come from the paths.* settings; --root DIR puts them all under DIR \
            (DIR/inbox, DIR/processing, DIR/output, DIR/archive, DIR/failed, DIR/catalog.sqlite). \
            On SIGTERM or SIGINT, Lector stops claiming, lets articles in progress finish within \
            daemon.shutdown_timeout, and exits 0.
            """
    )

    @OptionGroup var config: ConfigurationOptions

    @Option(help: ArgumentHelp("Put every folder of the daemon under this one.", valueName: "dir"))
    var root: String?

    func run() async throws {
        var options = config
        if let root {
            let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
            for (key, folder) in [("inbox", "inbox"), ("processing", "processing"), ("output", "output"), ("archive", "archive"), ("failed", "failed"), ("catalog", "catalog.sqlite")] {
                options.overrides.insert("paths.\(key)=\(absolute)/\(folder)", at: 0)
            }
        }
        let (engine, configReader) = try await options.makeEngineAndConfiguration()
        let settings: DaemonSettings
        do {
            settings = try DaemonSettings(from: configReader)
        } catch {
            FileHandle.standardError.write(Data("lector: configuration error:\n  \(error)\n".utf8))
            throw ExitCode(2)
        }
        let daemon = InboxDaemon(engine: engine, settings: settings, logger: engine.logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: daemon)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: engine.logger))
        do {
            try await group.run()
        } catch {
            engine.logger.critical("the daemon stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
