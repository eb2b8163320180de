import Foundation
import Dispatch
import LectorCore
@testable import LectorEngine
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

    @Test func nothingOfAFinishedArticleOutlivesItUntilTheDeadline() async throws {
        // Each processor runs in a task raced against a timer set for its deadline. A fast
        // processor could finish before its timer was armed; the timer then kept the race and the
        // task (with its allocations) for ever, about 1 KB an article: 100 MB more RSS after
        // 100,000 articles in the backlog benchmark.
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(EchoProcessor("fast", provides: ["a"]), timeout: .seconds(600)),
            Fixtures.stage(EchoProcessor("faster", provides: ["b"], requires: ["a"]), timeout: .seconds(600)),
        ])
        for _ in 0..<1000 {
            let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
            #expect(outcome.reports.allSatisfy { $0.status == .ok })
        }
        // 2,000 processor runs are done, long before their 600 s deadlines. Other tests running at
        // the same time may hold a few races of their own; a leak holds hundreds.
        let deadline = ContinuousClock.now + .seconds(10)
        while StageRun.live.load(ordering: .relaxed) > 50, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(StageRun.live.load(ordering: .relaxed) <= 50, "races still alive: \(StageRun.live.load(ordering: .relaxed))")
    }

    @Test func anArticlesStagesRunBackToBackOnTheThreadOfTheArticle() async throws {
        // In the daemon an article runs off the cooperative pool; its stages run in a task of
        // their own, which the article's thread hands itself over to, and back, instead of
        // waking other threads (two thread hand-offs per processor before).
        for _ in 0..<20 {
            let threads = ThreadLog()
            let pipeline = try Pipeline(stages: [
                Fixtures.stage(ThreadRecordingProcessor("first", provides: ["a"], threads: threads)),
                Fixtures.stage(ThreadRecordingProcessor("second", provides: ["b"], requires: ["a"], threads: threads)),
                Fixtures.stage(ThreadRecordingProcessor("third", provides: ["c"], requires: ["b"], threads: threads)),
            ])
            let article = ThreadLog()
            let outcome = await Task(executorPreference: OffPoolExecutor.shared) {
                article.record()
                let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
                article.record()
                return outcome
            }.value
            #expect(outcome.reports.map(\.status) == [.ok, .ok, .ok])
            #expect(Set(article.all).count == 1, "the article resumed on another thread")
            #expect(Set(threads.all) == Set(article.all), "a stage ran on another thread than the article's")
        }
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

    /// Stores a `language` annotation with the given code (taken from a seed's expected result).
    private struct LanguageStub: Processor {
        let descriptor = ProcessorDescriptor(id: "language", version: "1.0.0", provides: ["language"])
        let code: String

        func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
            let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("seeds/expected/004_ffc8b5db7dc18ac9.json")
            var identification = try JSONValue.parse(Data(contentsOf: seed)).at("annotations.language")!
                .decode(as: LanguageIdentification.self)
            identification.language = code
            var output = Annotations()
            output[.language] = identification
            return output
        }
    }

    @Test(arguments: [
        ("ar", "ar", true), ("en-US", "en", true), ("EN", "en", true), ("ur", "ar,fa", false), ("und", "en", false),
    ])
    func aStageRestrictedToLanguagesRunsOnlyForThem(code: String, list: String, runs: Bool) async throws {
        let languages = list.split(separator: ",").map(String.init)
        var restricted = Fixtures.stage(EchoProcessor("restricted", provides: ["r"], requires: ["language"]))
        restricted.languages = languages
        let pipeline = try Pipeline(stages: [Fixtures.stage(LanguageStub(code: code)), restricted])
        let outcome = await pipeline.run(Fixtures.document(), logger: Fixtures.quietLogger)
        let report = try #require(outcome.reports.last)
        #expect(report.status == (runs ? .ok : .skipped))
        #expect(outcome.annotations.contains("r") == runs)
        if !runs {
            #expect(report.error == "not run: the article's language '\(code)' is not one of \(languages.joined(separator: ", "))")
        }
        #expect(outcome.failedRequired == nil)
    }
}
