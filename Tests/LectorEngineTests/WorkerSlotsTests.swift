import Testing

@testable import LectorEngine

struct WorkerSlotsTests {
    @Test func workersAboveALoweredTargetEndAndTheirSlotsComeBackWhenItRises() {
        let slots = WorkerSlots(target: 3)
        #expect((0..<3).allSatisfy { slots.keepGoing($0) })

        // Down to one: workers 1 and 2 end after their article; worker 0 goes on.
        #expect(slots.retarget(1).isEmpty)
        #expect(slots.keepGoing(0))
        #expect(!slots.keepGoing(2))

        // Up to four before worker 1 noticed: only the slots that ended, and the new one, start.
        #expect(slots.retarget(4) == [2, 3])
        #expect(slots.keepGoing(1))
        #expect(slots.keepGoing(2) && slots.keepGoing(3))
        #expect(slots.retarget(4).isEmpty)
    }

    @Test func aSlotIsNeverStartedTwice() {
        let slots = WorkerSlots(target: 2)
        #expect(slots.retarget(0).isEmpty)
        #expect(!slots.keepGoing(0))
        // Slot 1 has not ended yet: raising the target again starts only slot 0.
        #expect(slots.retarget(2) == [0])
        #expect(slots.keepGoing(1))
    }
}
