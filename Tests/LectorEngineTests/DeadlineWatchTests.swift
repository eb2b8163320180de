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
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func runsWhatIsDueInDeadlineOrderAndNeverWhatWasWithdrawn() async throws {
        let watch = DeadlineWatch(queue: DispatchQueue(label: "test.deadlines"))
        let calls = Calls()
        let start = ContinuousClock.now
        // Registered latest first: the timer, armed for the first, must be moved earlier.
        _ = watch.register(deadline: start + .milliseconds(300)) { calls.add("late") }
        let withdrawn = watch.register(deadline: start + .milliseconds(100)) { calls.add("withdrawn") }
        _ = watch.register(deadline: start + .milliseconds(50)) { calls.add("early") }
        watch.withdraw(withdrawn)
        try await waitUntil { calls.all.count == 1 }
        #expect(calls.all == ["early"])
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        #expect(ContinuousClock.now - start < .milliseconds(300))
        try await waitUntil { calls.all.count == 2 }
        #expect(calls.all == ["early", "late"])
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        #expect(watch.pending == 0)
        // Nothing else fires later.
        try await Task.sleep(for: .milliseconds(100))
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
