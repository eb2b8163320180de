/// Decides, at each turn of the daemon's dispatcher loop, whether to send `WATCHDOG=1`.
///
/// The watchdog must prove that the daemon makes progress, not merely that some timer still fires:
/// a free-running timer keeps a daemon whose workers are all stuck alive forever. So the ping is
/// sent from the dispatcher loop (a loop that no longer turns sends nothing), and only while the
/// daemon is healthy: nothing is waiting, or an article finished within `stallLimit`. When work
/// waits and nothing finishes for longer than that, the pings stop and systemd, after
/// `WatchdogSec=`, kills and restarts the service, whose recovery picks the articles up again.
///
/// It does no I/O and reads no clock of its own, so every path is tested with plain values.
public struct WatchdogStateMachine: Sendable {
    /// What the dispatcher loop sees at one turn.
    public struct Progress: Sendable, Hashable {
        /// Articles finished so far, whatever the outcome (done, failed, duplicate).
        public var finished: Int
        /// Articles queued or in progress.
        public var pending: Int

        public init(finished: Int, pending: Int) {
            self.finished = finished
            self.pending = pending
        }
    }

    public struct Action: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        /// Send `WATCHDOG=1` now.
        public static let ping = Action(rawValue: "ping")
        /// Healthy, but the last ping is recent enough.
        public static let wait = Action(rawValue: "wait")
        /// The first turn that finds the daemon stalled: log it once, send nothing.
        public static let stalled = Action(rawValue: "stalled")
        /// Still stalled: send nothing.
        public static let withhold = Action(rawValue: "withhold")

        public var description: String { rawValue }
    }

    /// How often the service manager wants a ping (`WatchdogSec=`); pings go at half of it.
    public let interval: Duration
    /// How long work may wait without any article finishing before the daemon counts as stuck.
    public let stallLimit: Duration

    private var lastPing: ContinuousClock.Instant?
    private var lastProgress: ContinuousClock.Instant?
    private var lastFinished = 0
    private var isStalled = false

    public init(interval: Duration, stallLimit: Duration) {
        self.interval = interval
        self.stallLimit = stallLimit
    }

    /// One turn of the dispatcher loop.
    public mutating func turn(_ progress: Progress, now: ContinuousClock.Instant) -> Action {
        if lastProgress == nil || progress.finished != lastFinished || progress.pending == 0 {
            lastProgress = now
            lastFinished = progress.finished
            isStalled = false
        }
        if let lastProgress, now - lastProgress > stallLimit {
            defer { isStalled = true }
            return isStalled ? .withhold : .stalled
        }
        if let lastPing, now - lastPing < interval / 2 { return .wait }
        lastPing = now
        return .ping
    }
}
