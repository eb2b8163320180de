import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The long-running service: watches the inbox and runs every stable file through the engine,
/// `daemon.workers` articles in the processors at once and up to `daemon.in_flight` claimed, until
/// graceful shutdown (SIGTERM or SIGINT).
///
/// On shutdown it stops claiming, lets the articles in progress finish within
/// `daemon.shutdown_timeout`, and returns; what did not finish stays in processing and is
/// recovered at the next start.
public struct InboxDaemon: Service, CustomStringConvertible {
    /// A snapshot for status lines: "idle; 1204 done, 3 failed, queue 0".
    public struct Status: Sendable, Hashable, CustomStringConvertible {
        public var done: Int
        public var failed: Int
        public var duplicates: Int
        public var queued: Int
        public var inFlight: Int
        public var retrying: Int

        public var description: String {
            let state = inFlight > 0 || queued > 0 ? "working" : "idle"
            var text = "\(state); \(done) done, \(failed) failed, queue \(queued)"
            if duplicates > 0 { text += ", \(duplicates) duplicates" }
            if retrying > 0 { text += ", \(retrying) retrying" }
            return text
        }
    }

    private let engine: ArticleEngine
    private let settings: DaemonSettings
    private let logger: Logger
    private let onReady: @Sendable () -> Void
    private let onStatus: @Sendable (Status) -> Void
    private let onStopping: @Sendable () -> Void
    private let onTurn: @Sendable (Status) -> Void
    private let reloads: AsyncStream<Reload>?

    /// The service's name in the service group's log lines. Without it the group would build
    /// `"\(self)"` by reflection over every field, down to the processors' models: about a second
    /// and tens of megabytes at start-up.
    public var description: String { "InboxDaemon" }

    /// A new engine for the articles that start from now on (a configuration reload), the new
    /// daemon settings whose workers and policies apply from now on too, and what to do once they
    /// are in place.
    public struct Reload: Sendable {
        public var engine: ArticleEngine
        public var settings: DaemonSettings?
        public var applied: @Sendable (Status) -> Void

        public init(engine: ArticleEngine, settings: DaemonSettings? = nil, applied: @escaping @Sendable (Status) -> Void = { _ in }) {
            self.engine = engine
            self.settings = settings
            self.applied = applied
        }
    }

    /// - Parameters:
    ///   - onReady: called once the folders are checked, the catalog is open, the watch is armed
    ///     and the inbox's present files are queued.
    ///   - onStatus: called from the dispatcher loop whenever the status changes.
    ///   - onStopping: called when graceful shutdown begins.
    ///   - onTurn: called at every turn of the dispatcher loop (about 4 times a second), with the
    ///     status; a watchdog driven by this proves that the loop still turns.
    ///   - reloads: engines to switch to; each is used for the articles that start after it arrives.
    public init(
        engine: ArticleEngine,
        settings: DaemonSettings,
        logger: Logger,
        onReady: @escaping @Sendable () -> Void = {},
        onStatus: @escaping @Sendable (Status) -> Void = { _ in },
        onStopping: @escaping @Sendable () -> Void = {},
        onTurn: @escaping @Sendable (Status) -> Void = { _ in },
        reloads: AsyncStream<Reload>? = nil
    ) {
        self.engine = engine
        self.settings = settings
        self.logger = logger
        self.onReady = onReady
        self.onStatus = onStatus
        self.onStopping = onStopping
        self.onTurn = onTurn
        self.reloads = reloads
    }

    public func run() async throws {
        let lifecycle = try ArticleLifecycle(engine: engine, settings: settings, logger: logger)
        let queue = WorkQueue(capacity: settings.queueSize)
        for claim in lifecycle.recover() { queue.offer(.claimed(claim)) }
        let watcher = InboxWatcher(settings: settings, queue: queue, logger: logger)
        await watcher.startAndWaitUntilArmed()
        logger.notice(
            "started",
            metadata: [
                "event": "started", "inbox": "\(settings.paths.inbox)", "workers": "\(settings.workers)", "in_flight": "\(settings.inFlight)",
                "instance": "\(settings.instance)",
            ])
        onReady()

        let status: @Sendable () -> Status = {
            Status(
                done: lifecycle.done.load(ordering: .relaxed), failed: lifecycle.failures.load(ordering: .relaxed),
                duplicates: lifecycle.duplicates.load(ordering: .relaxed), queued: queue.count,
                inFlight: lifecycle.inFlight.load(ordering: .relaxed), retrying: lifecycle.pendingRetries)
        }
        let shutdownTimeout = settings.shutdownTimeout
        let logger = self.logger
        let onStopping = self.onStopping
        let onTurn = self.onTurn
        let reloads = self.reloads

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                // One task per article in flight; `lifecycle.processingSlots` lets `workers` of
                // them into the processors at once. The tasks run off the cooperative pool: their
                // claims and writes block in system calls (an `fsync` waits for the disk), and
                // there they must neither hold a core's thread nor wait for one.
                let workers = WorkerSlots(target: settings.inFlight)
                func startWorkers(_ slots: [Int]) {
                    for slot in slots {
                        group.addTask(executorPreference: OffPoolExecutor.shared) {
                            while workers.keepGoing(slot), let job = await queue.next() { await lifecycle.handle(job) }
                        }
                    }
                }
                startWorkers(Array(0..<settings.inFlight))
                // Retries come due, and the status line stays current.
                group.addTask {
                    var last: Status?
                    while !queue.isClosed {
                        try? await Task.sleep(for: .milliseconds(250))
                        for claim in lifecycle.dueRetries() { queue.offer(.claimed(claim)) }
                        let now = status()
                        if now != last {
                            onStatus(now)
                            last = now
                        }
                        onTurn(now)
                    }
                }
                // Reloads arrive here, in the group's own task, which alone may add workers.
                if let reloads {
                    for await reload in reloads.cancelOnGracefulShutdown() {
                        lifecycle.replaceEngine(reload.engine)
                        if let settings = reload.settings {
                            lifecycle.replacePolicies(from: settings)
                            lifecycle.processingSlots.setLimit(settings.workers)
                            startWorkers(workers.retarget(settings.inFlight))
                        }
                        reload.applied(status())
                    }
                }
            }
        } onGracefulShutdown: {
            logger.notice("stopping: no new articles; finishing those in progress", metadata: ["event": "stopping", "in_flight": "\(lifecycle.inFlight.load(ordering: .relaxed))"])
            onStopping()
            queue.close()
            watcher.stop()
            // Articles still running when the deadline passes stay in processing; their atomic
            // writes mean nothing partial is left, and the next start recovers them.
            let (seconds, attoseconds) = shutdownTimeout.components
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(seconds)) + .nanoseconds(Int(attoseconds / 1_000_000_000))) {
                logger.warning("shutdown deadline passed; unfinished articles stay in processing for the next start", metadata: ["event": "stopping"])
                exit(0)
            }
        }
        // The plugins of the engine in use get their shutdown message; those of engines replaced
        // by a reload were stopped when their last article finished.
        await lifecycle.engine.withLock { $0 }.plugins?.shutdown()
        logger.notice("stopped", metadata: ["event": "stopped", "status": "\(status())"])
    }
}

/// Which worker slots run, so that a reload can change the number of workers: a worker whose slot
/// is at or above the target finishes its article and ends; raising the target names the slots to
/// start. One lock covers the check and the bookkeeping, so no slot is ever run twice or lost.
final class WorkerSlots: Sendable {
    private let state: Mutex<(target: Int, running: Set<Int>)>

    init(target: Int) { state = Mutex((target, Set(0..<target))) }

    /// Whether the worker in `slot` takes another article; if not, its slot is free from now on.
    func keepGoing(_ slot: Int) -> Bool {
        state.withLock {
            if slot < $0.target { return true }
            $0.running.remove(slot)
            return false
        }
    }

    /// Sets the number of workers; the slots that must be started to reach it.
    func retarget(_ target: Int) -> [Int] {
        state.withLock { state in
            state.target = target
            let missing = (0..<target).filter { !state.running.contains($0) }
            state.running.formUnion(missing)
            return missing
        }
    }
}
