import LectorSystemd
import Testing

struct WatchdogStateMachineTests {
    typealias Progress = WatchdogStateMachine.Progress
    let start = ContinuousClock.now

    @Test func pingsAtHalfTheIntervalWhileIdle() {
        var machine = WatchdogStateMachine(interval: .seconds(10), stallLimit: .seconds(60))
        var pings: [Int] = []
        for second in 0...20 {
            if machine.turn(Progress(finished: 0, pending: 0), now: start + .seconds(second)) == .ping { pings.append(second) }
        }
        #expect(pings == [0, 5, 10, 15, 20])
    }

    @Test func keepsPingingWhileArticlesFinish() {
        var machine = WatchdogStateMachine(interval: .seconds(2), stallLimit: .seconds(5))
        var actions: [WatchdogStateMachine.Action] = []
        for second in 0..<30 {
            actions.append(machine.turn(Progress(finished: second / 3, pending: 4), now: start + .seconds(second)))
        }
        #expect(!actions.contains(.stalled))
        #expect(!actions.contains(.withhold))
        #expect(actions.filter { $0 == .ping }.count == 30)
    }

    @Test func stopsPingingWhenWorkWaitsAndNothingFinishes() {
        var machine = WatchdogStateMachine(interval: .seconds(2), stallLimit: .seconds(5))
        var actions: [WatchdogStateMachine.Action] = []
        for second in 0...8 {
            actions.append(machine.turn(Progress(finished: 3, pending: 2), now: start + .seconds(second)))
        }
        #expect(actions == [.ping, .ping, .ping, .ping, .ping, .ping, .stalled, .withhold, .withhold])
    }

    @Test func recoversWhenAnArticleFinishesAgain() {
        var machine = WatchdogStateMachine(interval: .seconds(2), stallLimit: .seconds(5))
        for second in 0...7 { _ = machine.turn(Progress(finished: 3, pending: 2), now: start + .seconds(second)) }
        #expect(machine.turn(Progress(finished: 3, pending: 2), now: start + .seconds(8)) == .withhold)
        #expect(machine.turn(Progress(finished: 4, pending: 1), now: start + .seconds(9)) == .ping)
        // A stall after the recovery is reported again, once.
        var later: [WatchdogStateMachine.Action] = []
        for second in 10...16 { later.append(machine.turn(Progress(finished: 4, pending: 1), now: start + .seconds(second))) }
        #expect(later.filter { $0 == .stalled }.count == 1)
    }

    @Test func anEmptyQueueIsNeverAStall() {
        var machine = WatchdogStateMachine(interval: .seconds(2), stallLimit: .seconds(1))
        for second in 0..<100 {
            let action = machine.turn(Progress(finished: 0, pending: 0), now: start + .seconds(second))
            #expect(action == .ping)
        }
    }
}
