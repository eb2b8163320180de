/// The life of one supervised plugin, as pure logic: when to start a process, when to restart
/// one, when to stop trying. ``PluginSupervisor`` feeds it events and carries out the actions it
/// returns; the tests drive it directly, without processes or clocks.
///
/// ```
/// idle ──start──▶ starting ──handshake──▶ ready ──(restart_after reached)──▶ starting
///                    │  ▲                   │
///              failure│  │backoff elapsed    │failure (crash, hang, garbage, oversized reply)
///                    ▼  │                   ▼
///                  backoff ◀────────────────┘   (the delay doubles with each failure)
///                    │
///                    └──(max_failures in a row)──▶ open ──(circuit_reset elapsed)──▶ starting
/// ```
///
/// A failure is counted for the process generation it happened to: reports about a process that
/// was already replaced are ignored, so one crash is never counted twice. A reply resets the count.
/// After the circuit resets, a single further failure opens it again.
struct PluginStateMachine: Sendable {
    struct Policy: Sendable, Hashable {
        var maxFailures: Int
        var backoff: Duration
        var maxBackoff: Duration = .seconds(30)
        /// Nil: the circuit stays open until the configuration is reloaded.
        var circuitReset: Duration?
        /// Articles after which a fresh process starts; 0 never.
        var restartAfter: Int
    }

    enum State: Sendable, Hashable {
        case idle
        case starting(generation: Int)
        case ready(generation: Int, served: Int)
        case backoff(delay: Duration)
        case open(retryAfter: Duration?)
        case stopped
    }

    enum Action: Sendable, Hashable {
        case none
        /// Start process `generation`.
        case spawn(generation: Int)
        /// Stop process `old` (it failed or is being replaced), then call ``backoffElapsed()`` after `delay`.
        case restartLater(old: Int, delay: Duration, failures: Int)
        /// Stop process `old` for good until ``circuitResetElapsed()``; fail every waiting request.
        case openCircuit(old: Int, failures: Int, retryAfter: Duration?)
        /// Retire process `old` gracefully and start `new` (restart_after).
        case replace(old: Int, new: Int)
    }

    let policy: Policy
    private(set) var state: State = .idle
    private(set) var generation = 0
    /// Failures since the last reply.
    private(set) var failuresInARow = 0

    init(policy: Policy) { self.policy = policy }

    /// The running process that may be sent requests.
    var readyGeneration: Int? {
        if case .ready(let generation, _) = state { return generation }
        return nil
    }

    /// Whether a request may wait for the plugin (it is starting, ready, or will be restarted).
    var acceptsRequests: Bool {
        switch state {
        case .idle, .open, .stopped: false
        case .starting, .ready, .backoff: true
        }
    }

    mutating func start() -> Action {
        guard case .idle = state else { return .none }
        return spawnNext()
    }

    /// The process sent a valid handshake.
    mutating func handshakeSucceeded(generation: Int) -> Bool {
        guard case .starting(generation) = state else { return false }
        state = .ready(generation: generation, served: 0)
        return true
    }

    /// Process `generation` crashed, hung, answered garbage, or failed to start.
    mutating func failed(generation failed: Int) -> Action {
        switch state {
        case .starting(let current) where current == failed, .ready(let current, _) where current == failed:
            failuresInARow += 1
            if failuresInARow >= policy.maxFailures {
                state = .open(retryAfter: policy.circuitReset)
                return .openCircuit(old: failed, failures: failuresInARow, retryAfter: policy.circuitReset)
            }
            let delay = backoffDelay()
            state = .backoff(delay: delay)
            return .restartLater(old: failed, delay: delay, failures: failuresInARow)
        default:
            return .none  // A process already replaced: its end was expected or is already counted.
        }
    }

    /// Process `generation` answered a request (with annotations or an error reply).
    mutating func answered(generation answered: Int) -> Action {
        guard case .ready(let current, let served) = state, current == answered else { return .none }
        failuresInARow = 0
        let count = served + 1
        if policy.restartAfter > 0, count >= policy.restartAfter {
            generation += 1
            state = .starting(generation: generation)
            return .replace(old: current, new: generation)
        }
        state = .ready(generation: current, served: count)
        return .none
    }

    mutating func backoffElapsed() -> Action {
        guard case .backoff = state else { return .none }
        return spawnNext()
    }

    /// The circuit's wait is over: try once more; one failure opens it again.
    mutating func circuitResetElapsed() -> Action {
        guard case .open = state else { return .none }
        failuresInARow = max(0, policy.maxFailures - 1)
        return spawnNext()
    }

    mutating func stop() {
        state = .stopped
    }

    private mutating func spawnNext() -> Action {
        generation += 1
        state = .starting(generation: generation)
        return .spawn(generation: generation)
    }

    /// `backoff`, doubled for each failure in a row after the first, at most `maxBackoff`.
    private func backoffDelay() -> Duration {
        var delay = policy.backoff
        for _ in 1..<max(1, failuresInARow) {
            delay *= 2
            if delay >= policy.maxBackoff { return policy.maxBackoff }
        }
        return min(delay, policy.maxBackoff)
    }
}
