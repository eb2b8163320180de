import Testing

@testable import LectorEngine

/// The token bucket that keeps a chatty plugin's stderr from flooding the journal, driven by
/// hand-made instants.
struct LogRateLimiterTests {
    let start = ContinuousClock.now

    @Test("A burst passes, then lines are dropped and the first drop is flagged")
    func burstThenDrop() {
        var limiter = LogRateLimiter(burst: 3, perSecond: 2)
        let admitted = (0..<3).map { _ in limiter.admit(at: start) }
        #expect(admitted == Array(repeating: .log(droppedBefore: 0), count: 3))
        #expect(limiter.admit(at: start) == .drop(first: true))
        #expect(limiter.admit(at: start) == .drop(first: false))
        #expect(limiter.dropped == 2)
    }

    @Test("Time refills the bucket at the steady rate, and the next logged line reports the drops")
    func refill() {
        var limiter = LogRateLimiter(burst: 2, perSecond: 4)
        _ = limiter.admit(at: start)
        _ = limiter.admit(at: start)
        for _ in 0..<5 { _ = limiter.admit(at: start) }
        // A quarter of a second earns one line.
        #expect(limiter.admit(at: start + .milliseconds(250)) == .log(droppedBefore: 5))
        #expect(limiter.admit(at: start + .milliseconds(250)) == .drop(first: true))
        // A long pause refills no more than the burst.
        let later = start + .seconds(60)
        #expect(limiter.admit(at: later) == .log(droppedBefore: 1))
        #expect(limiter.admit(at: later) == .log(droppedBefore: 0))
        #expect(limiter.admit(at: later) == .drop(first: true))
    }

    @Test("What is still held back when the source ends is handed over once")
    func takeDropped() {
        var limiter = LogRateLimiter(burst: 1, perSecond: 1)
        _ = limiter.admit(at: start)
        for _ in 0..<10 { _ = limiter.admit(at: start) }
        #expect(limiter.takeDropped() == 10)
        #expect(limiter.takeDropped() == 0)
    }

    @Test("A steady source under the rate loses nothing")
    func steadySource() {
        var limiter = LogRateLimiter(burst: 5, perSecond: 10)
        for index in 0..<1_000 {
            #expect(limiter.admit(at: start + .milliseconds(100 * index)) == .log(droppedBefore: 0))
        }
    }
}
