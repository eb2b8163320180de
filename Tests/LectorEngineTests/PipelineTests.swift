import Dispatch
import LectorCore
import LectorEngine
import Testing

struct PipelineTests {
    @Test func eachProcessorSeesTheAnnotationsOfThoseBeforeIt() async throws {
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(EchoProcessor("second", provides: ["b"], requires: ["a"])),
            Fixtures.stage(EchoProcessor("first", provides: ["a"])),
        ])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        #expect(outcome.reports.map(\.id) == ["first", "second"])
        #expect(outcome.reports.allSatisfy { $0.status == .ok && $0.error == nil })
        #expect(try outcome.annotations.json("a") == .string("made after []"))
        #expect(try outcome.annotations.json("b") == .string("made after [a]"))
        #expect(outcome.failedRequired == nil)
        #expect(outcome.reports[0].version == "1.2.3")
    }

    @Test func aFailureIsRecordedAndDependentsAreSkippedWithTheReason() async throws {
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(ThrowingProcessor("broken", provides: ["a"])),
            Fixtures.stage(EchoProcessor("dependent", provides: ["b"], requires: ["a"])),
            Fixtures.stage(EchoProcessor("independent", provides: ["c"])),
        ])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        let byID = Dictionary(uniqueKeysWithValues: outcome.reports.map { ($0.id, $0) })
        #expect(byID["broken"]?.status == .failed)
        #expect(byID["broken"]?.error == "boom: the model file is corrupt")
        #expect(byID["dependent"]?.status == .skipped)
        #expect(byID["dependent"]?.error == "not run: requires 'a', which 'broken' did not provide (failed)")
        #expect(byID["independent"]?.status == .ok)
        #expect(outcome.annotations.names == ["c"])
        #expect(outcome.failedRequired == nil, "no processor was required")
    }

    @Test func aRequiredFailureFailsTheArticleAndSkipsTheRest() async throws {
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(ThrowingProcessor("core", provides: ["a"]), required: true),
            Fixtures.stage(EchoProcessor("later", provides: ["c"])),
        ])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        #expect(outcome.failedRequired?.id == "core")
        #expect(outcome.reports[1].status == .skipped)
        #expect(outcome.reports[1].error == "not run: required processor 'core' did not succeed")
    }

    @Test func aProcessorThatNeverYieldsTimesOutWithoutHoldingTheArticle() async throws {
        let release = DispatchSemaphore(value: 0)
        let finished = Flag()
        defer { release.signal() }
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(BlockedProcessor("stuck", provides: ["a"], release: release, finished: finished), timeout: .milliseconds(200)),
            Fixtures.stage(EchoProcessor("after", provides: ["b"])),
        ])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        // The article moved on while the processor was still blocked: it never returned.
        #expect(!finished.isSet)
        #expect(outcome.reports[0].status == .timeout)
        #expect(outcome.reports[0].error == "did not finish within 0.2 seconds")
        #expect(outcome.reports[0].durationMs >= 200)
        #expect(outcome.reports[1].status == .ok)
    }

    @Test func aRequiredTimeoutFailsTheArticle() async throws {
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(BlockedProcessor("stuck", provides: ["a"], release: release, finished: Flag()), required: true, timeout: .milliseconds(100))
        ])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        #expect(outcome.failedRequired?.status == .timeout)
    }

    @Test func undeclaredOutputFailsTheProcessorAndIsDropped() async throws {
        let pipeline = try Pipeline(stages: [Fixtures.stage(OverreachingProcessor())])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        #expect(outcome.reports[0].status == .failed)
        #expect(outcome.reports[0].error == "returned annotation 'not_mine', which it does not declare in provides")
        #expect(outcome.annotations.isEmpty)
    }

    @Test func durationsAreMeasured() async throws {
        let pipeline = try Pipeline(stages: [Fixtures.stage(HangingProcessor("busy", provides: ["a"], spin: .milliseconds(50)))])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        #expect(outcome.reports[0].status == .ok)
        #expect(outcome.reports[0].durationMs >= 50)
    }
}
