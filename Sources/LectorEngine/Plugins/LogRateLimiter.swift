/// Decides which lines of a chatty source reach the log: a token bucket that lets a burst through,
/// then a steady rate, and counts what it holds back so that the log can say so.
///
/// A plugin's standard error goes to the journal line by line. A plugin stuck in a loop that
/// prints a warning per token would otherwise write millions of journal entries, and journald
/// would rate-limit the whole `lector` unit, daemon messages included.
///
/// ```swift
/// var limiter = LogRateLimiter(burst: 2, perSecond: 1)
/// limiter.admit(at: start)                       // .log(droppedBefore: 0)
/// limiter.admit(at: start)                       // .log(droppedBefore: 0)
/// limiter.admit(at: start)                       // .drop(first: true)
/// limiter.admit(at: start + .seconds(1))         // .log(droppedBefore: 1)
/// ```
struct LogRateLimiter: Sendable {
    /// How many lines may arrive at once.
    let burst: Int
    /// How many lines a second are let through once the burst is spent.
    let perSecond: Int

    /// What to do with one line.
    enum Admission: Equatable {
        /// Log it; `droppedBefore` lines were held back since the last logged line.
        case log(droppedBefore: Int)
        /// Leave it out; `first` is true for the first line of a run of dropped ones.
        case drop(first: Bool)
    }

    private var tokens: Double
    private var last: ContinuousClock.Instant?
    private(set) var dropped = 0

    init(burst: Int = 200, perSecond: Int = 20) {
        precondition(burst > 0 && perSecond > 0)
        self.burst = burst
        self.perSecond = perSecond
        tokens = Double(burst)
    }

    mutating func admit(at now: ContinuousClock.Instant) -> Admission {
        if let last {
            let elapsed = last.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(Double(burst), tokens + max(0, seconds) * Double(perSecond))
        }
        last = now
        guard tokens >= 1 else {
            dropped += 1
            return .drop(first: dropped == 1)
        }
        tokens -= 1
        defer { dropped = 0 }
        return .log(droppedBefore: dropped)
    }

    /// The lines held back since the last logged one, counted as reported: for the end of the
    /// source.
    mutating func takeDropped() -> Int {
        defer { dropped = 0 }
        return dropped
    }
}
