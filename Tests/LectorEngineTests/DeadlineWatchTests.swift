import Dispatch
import Foundation
@testable import LectorEngine
import Synchronization
import Testing

/// The one timer behind every processor's deadline: what is due runs, what was withdrawn never
/// does, and a deadline registered after a later one is not held up by it.
struct DeadlineWatchTests {
    final class Calls: Sendable {
        let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func runsWhatIsDueInDeadlineOrderAndNeverWhatWasWithdrawn() async throws {
        let watch = DeadlineWatch(queue: DispatchQueue(label: "test.deadlines"))
        let calls = Calls()
        let times = Mutex<[String: ContinuousClock.Instant]>([:])
        let start = ContinuousClock.now
        func action(_ name: String) -> @Sendable () -> Void {
            { times.withLock { $0[name] = .now }; calls.add(name) }
        }
        // Registered latest first: the timer, armed for the first, must be moved earlier.
        _ = watch.register(deadline: start + .milliseconds(300), action("late"))
        let withdrawn = watch.register(deadline: start + .milliseconds(100), action("withdrawn"))
        _ = watch.register(deadline: start + .milliseconds(50), action("early"))
        watch.withdraw(withdrawn)
        try await waitUntil { calls.all.count == 2 }
        #expect(calls.all == ["early", "late"])
        let ran = times.withLock { $0 }
        // Never before its deadline (how long after depends on the machine's load).
        #expect(try #require(ran["early"]) - start >= .milliseconds(50))
        #expect(try #require(ran["late"]) - start >= .milliseconds(300))
        #expect(watch.pending == 0)
        // The withdrawn one never runs, however long one waits past its deadline.
        try await Task.sleep(for: .milliseconds(200))
        #expect(calls.all == ["early", "late"])
    }

    @Test func aDeadlineAlreadyPastRunsAtOnce() async throws {
        let watch = DeadlineWatch(queue: DispatchQueue(label: "test.deadlines"))
        let calls = Calls()
        _ = watch.register(deadline: .now - .seconds(1)) { calls.add("past") }
        try await waitUntil { !calls.all.isEmpty }
        #expect(calls.all == ["past"])
    }
}
