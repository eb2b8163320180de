import Synchronization

/// How many articles run through the processors at once (`daemon.workers`), while more are in
/// flight around them: being claimed, read, written and archived.
///
/// An article holds a slot from the start of its processors to the end of its result's encoding,
/// the part that uses a core; claiming, reading and writing (above all the `fsync`s, which wait
/// for the disk without using a core) happen outside it. Articles wait for a slot in the order
/// they asked. A reload may change the number of slots: more wake waiting articles at once;
/// fewer take effect as the articles holding slots finish.
final class ProcessingSlots: Sendable {
    private struct State {
        var limit: Int
        var busy = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    init(limit: Int) { state = Mutex(State(limit: max(1, limit))) }

    /// Waits for a free slot and takes it.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                if state.busy < state.limit, state.waiting.isEmpty {
                    state.busy += 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    /// Gives a slot back: the next waiting article takes it, unless the limit has been lowered.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.busy <= state.limit, !state.waiting.isEmpty {
                return state.waiting.removeFirst()
            }
            state.busy -= 1
            return nil
        }
        next?.resume()
    }

    /// Runs `body` holding a slot.
    func withSlot<T>(_ body: () async -> T) async -> T {
        await acquire()
        defer { release() }
        return await body()
    }

    /// Sets the number of slots; waiting articles take the new ones at once.
    func setLimit(_ limit: Int) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.limit = max(1, limit)
            var woken: [CheckedContinuation<Void, Never>] = []
            while state.busy < state.limit, !state.waiting.isEmpty {
                state.busy += 1
                woken.append(state.waiting.removeFirst())
            }
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    /// Articles holding a slot and articles waiting for one.
    var usage: (busy: Int, waiting: Int) { state.withLock { ($0.busy, $0.waiting.count) } }
}
