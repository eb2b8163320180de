import Dispatch
import Foundation
@testable import LectorEngine
import Synchronization
import Testing

/// The one timer behind every processor's deadline: what is due runs, what was withdrawn never
/// does, and a deadline registered after a later one is not held up by it.
///
/// The tests wait on semaphores, not on the cooperative pool, which other tests running at the
/// same time may keep busy for seconds.
struct DeadlineWatchTests {
    final class Calls: Sendable {
        let names = Mutex<[(name: String, at: ContinuousClock.Instant)]>([])
        let ran = DispatchSemaphore(value: 0)
        func action(_ name: String) -> @Sendable () -> Void {
            {
                self.names.withLock { $0.append((name, .now)) }
                self.ran.signal()
            }
        }
        var all: [String] { names.withLock { $0.map(\.name) } }
        func time(of name: String) -> ContinuousClock.Instant? { names.withLock { $0.first { $0.name == name }?.at } }
        func wait(for count: Int) -> Bool {
            (0..<count).allSatisfy { _ in ran.wait(timeout: .now() + .seconds(60)) == .success }
        }
    }

    @Test func runsWhatIsDueInDeadlineOrderAndNeverWhatWasWithdrawn() throws {
        let watch = DeadlineWatch(queue: DispatchQueue(label: "test.deadlines"))
        let calls = Calls()
        let start = ContinuousClock.now
        // Registered latest first: the timer, armed for the first, must be moved earlier.
        _ = watch.register(deadline: start + .milliseconds(300), calls.action("late"))
        let withdrawn = watch.register(deadline: start + .milliseconds(100), calls.action("withdrawn"))
        _ = watch.register(deadline: start + .milliseconds(50), calls.action("early"))
        watch.withdraw(withdrawn)
        #expect(calls.wait(for: 2))
        #expect(calls.all == ["early", "late"])
        // Never before its deadline (how long after depends on the machine's load).
        #expect(try #require(calls.time(of: "early")) - start >= .milliseconds(50))
        #expect(try #require(calls.time(of: "late")) - start >= .milliseconds(300))
        #expect(watch.pending == 0)
        // The withdrawn one never runs, however long one waits past its deadline.
        #expect(calls.ran.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        #expect(calls.all == ["early", "late"])
    }

    @Test func aDeadlineAlreadyPastRunsAtOnce() throws {
        let watch = DeadlineWatch(queue: DispatchQueue(label: "test.deadlines"))
        let calls = Calls()
        _ = watch.register(deadline: .now - .seconds(1), calls.action("past"))
        #expect(calls.wait(for: 1))
        #expect(calls.all == ["past"])
    }
}
