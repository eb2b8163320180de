import Dispatch
import Synchronization

/// Calls an action when its deadline passes, unless it is withdrawn first: the processors'
/// deadlines, with one Dispatch timer for all of them.
///
/// Nearly every deadline is withdrawn long before it passes (a processor takes milliseconds; its
/// timeout is seconds), so registering and withdrawing are what must be cheap: each is a
/// dictionary insert or removal under a lock. The one timer is armed for the earliest deadline
/// known when it was armed and is not moved when that deadline is withdrawn; when it fires it runs
/// what is due and re-arms for the earliest deadline still registered. Under a steady load, with
/// one timeout for all, that is one wake-up per timeout period instead of one timer per processor
/// run (which, cancelled, stayed queued until its deadline).
///
/// The timer fires on ``OffPoolExecutor/timers``, a serial queue of its own, so a deadline never
/// waits for a busy core's thread. Actions run there, outside the lock, and must be short.
///
/// ```swift
/// let token = DeadlineWatch.shared.register(deadline: .now + .seconds(10)) { print("too late") }
/// // ... the work finishes in time:
/// DeadlineWatch.shared.withdraw(token)
/// ```
final class DeadlineWatch: Sendable {
    static let shared = DeadlineWatch(queue: OffPoolExecutor.timers)

    private struct Entry {
        var deadline: ContinuousClock.Instant
        var action: @Sendable () -> Void
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextToken = 0
        /// The deadline the timer is armed for, nil when it is not armed.
        var armedFor: ContinuousClock.Instant?
    }

    /// DispatchSourceTimer is thread-safe but not marked Sendable.
    private struct Timer: @unchecked Sendable {
        let source: any DispatchSourceTimer
    }

    private let state = Mutex(State())
    private let timer: Timer

    init(queue: DispatchQueue) {
        timer = Timer(source: DispatchSource.makeTimerSource(queue: queue))
        timer.source.setEventHandler { [weak self] in self?.fire() }
        timer.source.schedule(deadline: .distantFuture)
        timer.source.activate()
    }

    deinit { timer.source.cancel() }

    /// Registers `action` to run once `deadline` has passed; the token withdraws it.
    func register(deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            let token = state.nextToken
            state.nextToken &+= 1
            state.entries[token] = Entry(deadline: deadline, action: action)
            if state.armedFor.map({ deadline < $0 }) ?? true {
                state.armedFor = deadline
                arm(for: deadline)
            }
            return token
        }
    }

    /// Withdraws an action that has not run; nothing happens if it has.
    func withdraw(_ token: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: token) }
    }

    /// Registered actions whose deadline has not come yet.
    var pending: Int { state.withLock { $0.entries.count } }

    private func fire() {
        let due: [Entry] = state.withLock { state in
            let now = ContinuousClock.now
            var due: [Entry] = []
            var next: ContinuousClock.Instant?
            for (token, entry) in state.entries {
                if entry.deadline <= now {
                    due.append(entry)
                    state.entries[token] = nil
                } else if next.map({ entry.deadline < $0 }) ?? true {
                    next = entry.deadline
                }
            }
            state.armedFor = next
            if let next { arm(for: next) }
            return due
        }
        for entry in due { entry.action() }
    }

    /// Called with the lock held, so that two registrations cannot arm the timer out of order.
    private func arm(for deadline: ContinuousClock.Instant) {
        // Dispatch counts on its own clock: arm it for the time left. A timer that fires a little
        // early finds nothing due and re-arms for the rest.
        let (seconds, attoseconds) = max(.zero, deadline - .now).components
        let nanoseconds = Int(min(seconds, 1 << 32)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        timer.source.schedule(deadline: .now() + .nanoseconds(nanoseconds), leeway: .milliseconds(1))
    }
}
