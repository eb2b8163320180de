import Synchronization
import Testing

@testable import LectorEngine

struct ProcessingSlotsTests {
    /// What the tasks of a test saw, shared between them.
    final class Tally: Sendable {
        private let counts = Mutex((inside: 0, most: 0, entered: 0))
        func enter() { counts.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside); $0.entered += 1 } }
        func leave() { counts.withLock { $0.inside -= 1 } }
        var most: Int { counts.withLock { $0.most } }
        var entered: Int { counts.withLock { $0.entered } }
    }

    /// Polls `condition` for up to five seconds.
    private func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func neverMoreArticlesInTheProcessorsThanTheLimit() async {
        let slots = ProcessingSlots(limit: 2)
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    await slots.withSlot {
                        tally.enter()
                        try? await Task.sleep(for: .milliseconds(15))
                        tally.leave()
                    }
                }
            }
        }
        #expect(tally.entered == 12)
        #expect(tally.most == 2)
        #expect(slots.usage.busy == 0 && slots.usage.waiting == 0)
    }

    @Test func aRaisedLimitLetsWaitingArticlesInAtOnce() async {
        let slots = ProcessingSlots(limit: 1)
        await slots.acquire()
        let tally = Tally()
        let waiters = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        await slots.acquire()
                        tally.enter()
                    }
                }
            }
        }
        #expect(await eventually { slots.usage.waiting == 2 })
        #expect(tally.entered == 0)

        slots.setLimit(3)
        await waiters.value
        #expect(tally.entered == 2)
        #expect(slots.usage.busy == 3)
    }

    @Test func aLoweredLimitTakesEffectAsSlotsAreGivenBack() async {
        let slots = ProcessingSlots(limit: 2)
        await slots.acquire()
        await slots.acquire()
        let tally = Tally()
        let waiter = Task {
            await slots.acquire()
            tally.enter()
        }
        #expect(await eventually { slots.usage.waiting == 1 })

        slots.setLimit(1)
        // Two held, one allowed: the first slot given back is not handed on.
        slots.release()
        try? await Task.sleep(for: .milliseconds(50))
        #expect(tally.entered == 0)
        #expect(slots.usage.busy == 1)

        slots.release()
        await waiter.value
        #expect(tally.entered == 1)
        #expect(slots.usage.busy == 1)
    }
}
