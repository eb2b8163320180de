import ArgumentParser
import Configuration
import Foundation
import LectorEngine
import LectorSystemd
import Logging
import ServiceLifecycle
import Synchronization

/// `lector daemon`: watches the inbox and processes every article that arrives.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Watch the inbox and process every article that arrives, until SIGTERM or SIGINT.",
        discussion: """
            Folders come from the paths.* settings; --root DIR puts them all under DIR \
            (DIR/inbox, DIR/processing, DIR/output, DIR/archive, DIR/failed, DIR/catalog.sqlite). \
            On SIGTERM or SIGINT, Lector stops claiming, lets articles in progress finish within \
            daemon.shutdown_timeout, and exits 0. On SIGHUP it reads the configuration again and \
            uses it for the articles that start afterwards; a configuration with errors is logged \
            and the running one kept. Under systemd (Type=notify) it reports READY, STATUS, \
            RELOADING, STOPPING and WATCHDOG through $NOTIFY_SOCKET.
            """
    )

    @OptionGroup var config: ConfigurationOptions

    @Option(help: ArgumentHelp("Put every folder of the daemon under this one.", valueName: "dir"))
    var root: String?

    /// For tests of recovery: kill the daemon with SIGKILL at this step of the first article that
    /// reaches it (see `CrashPoint`). Not in the help.
    @Option(help: .private)
    var crashAt: CrashPoint?

    func run() async throws {
        crashAt?.arm()
        // First of all: SIGHUP's default action ends the process, and a reload may come early.
        let hangups = HangupSignal.install()
        // Before anything allocates much: the models are loaded next.
        let mallocTuned = MallocTuning.apply()
        let notifier = ServiceNotifier()
        let reloadFailure = ReloadFailure()

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
        let logger = engine.logger
        if !mallocTuned {
            logger.warning("the allocator refused its settings (mallopt); memory use may be higher")
        }
        let (reloads, reloadContinuation) = AsyncStream<InboxDaemon.Reload>.makeStream()
        let watchdog = ServiceWatchdog(notifier: notifier, stallLimit: Self.stallLimit(engine.settings), logger: logger)
        if let watchdog {
            logger.info("the service manager's watchdog is on", metadata: ["interval": "\(watchdog.interval)"])
        }
        let daemon = InboxDaemon(
            engine: engine, settings: settings, logger: logger,
            onReady: { notifier.ready(status: "ready; watching \(settings.paths.inbox)") },
            onStatus: { notifier.status(reloadFailure.annotate($0.description)) },
            onStopping: { notifier.stopping() },
            onTurn: { status in
                watchdog?.turn(.init(finished: status.done + status.failed + status.duplicates, pending: status.queued + status.inFlight))
            },
            reloads: reloads)
        let reloader = ReloadService(
            hangups: hangups.hangups, options: options, running: settings, notifier: notifier, failure: reloadFailure,
            logger: logger, reloads: reloadContinuation)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: daemon), .init(service: reloader, successTerminationBehavior: .ignore)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("the daemon stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }

    /// How long work may wait with no article finishing before the watchdog counts the daemon as
    /// stuck: well beyond what the slowest article may take, each processor at its deadline.
    static func stallLimit(_ settings: LectorSettings) -> Duration {
        max(.seconds(120), settings.defaultTimeout * (settings.processors.count + 1) * 3)
    }
}

/// Reloads the configuration on each SIGHUP: the service manager hears RELOADING, then READY; a
/// valid configuration goes to the daemon for the next articles, an invalid one is logged and the
/// running one kept.
struct ReloadService: Service, CustomStringConvertible {
    let hangups: AsyncStream<Void>
    let options: ConfigurationOptions
    let running: DaemonSettings
    let notifier: ServiceNotifier
    let failure: ReloadFailure
    let logger: Logger
    let reloads: AsyncStream<InboxDaemon.Reload>.Continuation

    /// The service's name in the service group's log lines (see `InboxDaemon.description`).
    var description: String { "ReloadService" }

    func run() async throws {
        defer { reloads.finish() }
        // Each reload's outcome, for `lector reload` (the unit's ExecReload) to wait on.
        let outcomes = ReloadOutcomeFile.fromEnvironment()
        var generation = outcomes?.read()?.generation ?? 0
        for await _ in hangups.cancelOnGracefulShutdown() {
            generation += 1
            notifier.reloading()
            logger.notice("SIGHUP: reloading the configuration")
            let engine: ArticleEngine
            let fresh: DaemonSettings
            do {
                let loaded = try await options.loadEngineAndConfiguration()
                fresh = try DaemonSettings(from: loaded.configuration)
                engine = loaded.engine
            } catch {
                logger.error(
                    "the new configuration is not valid; keeping the running one",
                    metadata: ["event": "config-reload-failed", "error": "\(error)"])
                failure.record()
                notifier.ready(status: "running on the previous configuration; reload failed: \(error)")
                Self.answer(outcomes, .init(generation: generation, applied: false, message: "\(error)"), logger: logger)
                continue
            }
            let needRestart = Self.settingsNeedingRestart(running, fresh)
            if !needRestart.isEmpty {
                logger.warning(
                    "some changed settings take effect only at the next start",
                    metadata: ["settings": "\(needRestart.joined(separator: ", "))"])
            }
            let logger = self.logger
            let notifier = self.notifier
            let failure = self.failure
            let applied = generation
            reloads.yield(
                InboxDaemon.Reload(engine: engine, settings: fresh) { status in
                    logger.notice(
                        "configuration reloaded; the next articles use it",
                        metadata: ["event": "config-reloaded", "processors": "\(engine.settings.processors.joined(separator: ","))"])
                    failure.clear()
                    notifier.ready(status: status.description)
                    Self.answer(outcomes, .init(generation: applied, applied: true, message: ""), logger: logger)
                })
        }
    }

    /// Tells `lector reload`, waiting in ExecReload, how the reload went.
    static func answer(_ outcomes: ReloadOutcomeFile?, _ outcome: ReloadOutcomeFile.Outcome, logger: Logger) {
        guard let outcomes else { return }
        do {
            try outcomes.write(outcome)
        } catch {
            logger.warning("cannot write the reload's outcome", metadata: ["file": "\(outcomes.path)", "error": "\(error)"])
        }
    }

    /// The daemon's own settings that differ and stay as they are until a restart: the folders,
    /// the instance, the queue, the watch and the shutdown deadline. A reload applies the rest: the
    /// engine (processors, their settings, reader and output options), the number of workers and
    /// of articles in flight, and the policies (on_success, duplicates, retries, retry_backoff).
    static func settingsNeedingRestart(_ old: DaemonSettings, _ new: DaemonSettings) -> [String] {
        var changed: [String] = []
        func check<T: Equatable>(_ key: String, _ a: T, _ b: T) { if a != b { changed.append(key) } }
        check("paths.inbox", old.paths.inbox, new.paths.inbox)
        check("paths.processing", old.paths.processing, new.paths.processing)
        check("paths.output", old.paths.output, new.paths.output)
        check("paths.archive", old.paths.archive, new.paths.archive)
        check("paths.failed", old.paths.failed, new.paths.failed)
        check("paths.catalog", old.paths.catalog, new.paths.catalog)
        check("daemon.instance", old.instance, new.instance)
        check("daemon.queue_size", old.queueSize, new.queueSize)
        check("daemon.recursive", old.recursive, new.recursive)
        check("daemon.stable_delay", old.stableDelay, new.stableDelay)
        check("daemon.open_timeout", old.openTimeout, new.openTimeout)
        check("daemon.rescan_interval", old.rescanInterval, new.rescanInterval)
        check("daemon.watch", old.watch, new.watch)
        check("daemon.poll_interval", old.pollInterval, new.pollInterval)
        check("daemon.ignore", old.ignore, new.ignore)
        check("daemon.shutdown_timeout", old.shutdownTimeout, new.shutdownTimeout)
        return changed
    }
}

/// Whether the last reload failed, so that the status line keeps saying so (not only the one
/// STATUS= sent at the failure, which the next article's status would replace) until a reload
/// succeeds: `systemctl status` then shows that the file on disk is not what runs.
final class ReloadFailure: Sendable {
    private let failed = Mutex(false)

    func record() { failed.withLock { $0 = true } }
    func clear() { failed.withLock { $0 = false } }

    /// `status`, with a note while the last reload has failed.
    func annotate(_ status: String) -> String {
        failed.withLock { $0 } ? status + "; reload failed, running the previous configuration" : status
    }
}

extension CrashPoint: ExpressibleByArgument {}
