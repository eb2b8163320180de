import Logging
import Synchronization

/// Sends `WATCHDOG=1` when ``WatchdogStateMachine`` says the daemon is healthy, and logs once when
/// it finds the daemon stuck.
///
/// Call ``turn(_:)`` from the daemon's dispatcher loop, never from a timer of its own: the pings
/// must stop when the loop stops.
public final class ServiceWatchdog: Sendable {
    private let state: Mutex<WatchdogStateMachine>
    private let notifier: ServiceNotifier
    private let logger: Logger

    /// A watchdog for the interval the service manager asked for; nil when it asked for none.
    public convenience init?(notifier: ServiceNotifier, stallLimit: Duration, logger: Logger) {
        guard let interval = ServiceNotifier.watchdogInterval() else { return nil }
        self.init(interval: interval, stallLimit: stallLimit, notifier: notifier, logger: logger)
    }

    public init(interval: Duration, stallLimit: Duration, notifier: ServiceNotifier, logger: Logger) {
        state = Mutex(WatchdogStateMachine(interval: interval, stallLimit: stallLimit))
        self.notifier = notifier
        self.logger = logger
    }

    public var interval: Duration { state.withLock { $0.interval } }

    /// One turn of the dispatcher loop.
    public func turn(_ progress: WatchdogStateMachine.Progress) {
        let action = state.withLock { $0.turn(progress, now: .now) }
        if action == .ping {
            notifier.watchdog()
        } else if action == .stalled {
            let limit = state.withLock { $0.stallLimit }
            logger.critical(
                "no article finished for too long while work waits; no more watchdog pings, so the service manager restarts the daemon",
                metadata: ["event": "stalled", "pending": "\(progress.pending)", "stall_limit": "\(limit)"])
        }
    }
}
