import Testing

@testable import LectorEngine

struct PluginStateMachineTests {
    private func machine(maxFailures: Int = 3, restartAfter: Int = 0, reset: Duration? = .seconds(60))
        -> PluginStateMachine
    {
        PluginStateMachine(
            policy: .init(
                maxFailures: maxFailures, backoff: .milliseconds(100), circuitReset: reset, restartAfter: restartAfter))
    }

    @Test func startsOnceAndBecomesReadyOnTheHandshake() {
        var machine = machine()
        let step1 = machine.start()
        #expect(step1 == .spawn(generation: 1))
        let step2 = machine.start()
        #expect(step2 == .none)
        #expect(machine.acceptsRequests)
        #expect(machine.readyGeneration == nil)
        let step3 = machine.handshakeSucceeded(generation: 1)
        #expect(step3)
        #expect(machine.readyGeneration == 1)
    }

    @Test func failuresBackOffDoublingThenOpenTheCircuit() {
        var machine = machine(maxFailures: 3)
        _ = machine.start()
        let step4 = machine.failed(generation: 1)
        #expect(step4 == .restartLater(old: 1, delay: .milliseconds(100), failures: 1))
        #expect(machine.acceptsRequests, "requests wait through a restart")
        let step5 = machine.backoffElapsed()
        #expect(step5 == .spawn(generation: 2))
        _ = machine.handshakeSucceeded(generation: 2)
        let step6 = machine.failed(generation: 2)
        #expect(step6 == .restartLater(old: 2, delay: .milliseconds(200), failures: 2))
        let step7 = machine.backoffElapsed()
        #expect(step7 == .spawn(generation: 3))
        let step8 = machine.failed(generation: 3)
        #expect(step8 == .openCircuit(old: 3, failures: 3, retryAfter: .seconds(60)))
        #expect(!machine.acceptsRequests)
        let step9 = machine.backoffElapsed()
        #expect(step9 == .none)
    }

    @Test func aReplyResetsTheFailureCount() {
        var machine = machine(maxFailures: 2)
        _ = machine.start()
        _ = machine.failed(generation: 1)
        _ = machine.backoffElapsed()
        _ = machine.handshakeSucceeded(generation: 2)
        let step10 = machine.answered(generation: 2)
        #expect(step10 == .none)
        #expect(machine.failuresInARow == 0)
        let step11 = machine.failed(generation: 2)
        #expect(step11 == .restartLater(old: 2, delay: .milliseconds(100), failures: 1))
    }

    @Test func aReportAboutAReplacedProcessIsIgnored() {
        var machine = machine()
        _ = machine.start()
        _ = machine.failed(generation: 1)
        let step12 = machine.failed(generation: 1)
        #expect(step12 == .none, "the same crash reported twice counts once")
        _ = machine.backoffElapsed()
        let step13 = machine.failed(generation: 1)
        #expect(step13 == .none)
        let step14 = machine.handshakeSucceeded(generation: 1)
        #expect(!step14)
        let step15 = machine.handshakeSucceeded(generation: 2)
        #expect(step15)
    }

    @Test func afterTheCircuitResetsOneMoreFailureOpensItAgain() {
        var machine = machine(maxFailures: 2)
        _ = machine.start()
        _ = machine.failed(generation: 1)
        _ = machine.backoffElapsed()
        let step16 = machine.failed(generation: 2)
        #expect(step16 == .openCircuit(old: 2, failures: 2, retryAfter: .seconds(60)))
        let step17 = machine.circuitResetElapsed()
        #expect(step17 == .spawn(generation: 3))
        let step18 = machine.failed(generation: 3)
        #expect(step18 == .openCircuit(old: 3, failures: 2, retryAfter: .seconds(60)))
        let step19 = machine.circuitResetElapsed()
        #expect(step19 == .spawn(generation: 4))
        _ = machine.handshakeSucceeded(generation: 4)
        _ = machine.answered(generation: 4)
        let step20 = machine.failed(generation: 4)
        #expect(step20 == .restartLater(old: 4, delay: .milliseconds(100), failures: 1))
    }

    @Test func withoutAResetTheCircuitStaysOpen() {
        var machine = machine(maxFailures: 1, reset: nil)
        _ = machine.start()
        let step21 = machine.failed(generation: 1)
        #expect(step21 == .openCircuit(old: 1, failures: 1, retryAfter: nil))
    }

    @Test func restartAfterReplacesTheProcessAfterNArticles() {
        var machine = machine(restartAfter: 2)
        _ = machine.start()
        _ = machine.handshakeSucceeded(generation: 1)
        let step22 = machine.answered(generation: 1)
        #expect(step22 == .none)
        let step23 = machine.answered(generation: 1)
        #expect(step23 == .replace(old: 1, new: 2))
        #expect(machine.readyGeneration == nil)
        let step24 = machine.answered(generation: 1)
        #expect(step24 == .none, "late replies of the retiring process change nothing")
        let step25 = machine.failed(generation: 1)
        #expect(step25 == .none, "the retiring process's exit is not a failure")
        let step26 = machine.handshakeSucceeded(generation: 2)
        #expect(step26)
    }

    @Test func backoffIsCappedAtThirtySeconds() {
        var machine = PluginStateMachine(
            policy: .init(maxFailures: 100, backoff: .seconds(10), circuitReset: nil, restartAfter: 0))
        _ = machine.start()
        var last = PluginStateMachine.Action.none
        for generation in 1...5 {
            last = machine.failed(generation: generation)
            _ = machine.backoffElapsed()
        }
        #expect(last == .restartLater(old: 5, delay: .seconds(30), failures: 5))
    }

    @Test func stoppedRefusesRequests() {
        var machine = machine()
        _ = machine.start()
        machine.stop()
        #expect(!machine.acceptsRequests)
        let step27 = machine.backoffElapsed()
        #expect(step27 == .none)
    }
}
