import Configuration
import Dispatch
import Logging
import LectorCore
import Synchronization

/// Runs an article through processors in dependency order, each with a deadline, and records how
/// each one did.
///
/// A processor that fails, times out or cannot run (because what it requires is missing) does not
/// stop the others; only a processor marked `required` fails the whole article, and then the
/// processors after it are skipped.
public struct Pipeline: Sendable {
    /// One configured processor.
    public struct Stage: Sendable {
        public var processor: any Processor
        /// The processor's configuration section, handed to it in its context.
        public var configuration: ConfigReader
        public var required: Bool
        public var timeout: Duration
        /// Run only for articles whose `language` annotation is one of these codes (or has one of
        /// them as its primary subtag); other articles record the stage as skipped. Empty: all.
        public var languages: [String] = []

        public init(processor: any Processor, configuration: ConfigReader, required: Bool = false, timeout: Duration = .seconds(10)) {
            self.processor = processor
            self.configuration = configuration
            self.required = required
            self.timeout = timeout
        }
    }

    /// What running the pipeline on one article produced.
    public struct Outcome: Sendable {
        public var annotations: Annotations
        /// One report per stage, in run order.
        public var reports: [ProcessorReport]
        /// The first required processor that did not succeed, if any: the article has failed.
        public var failedRequired: ProcessorReport? { reports.first { $0.required && $0.status != .ok } }
    }

    public let plan: PipelinePlan
    /// The stages in run order.
    public let stages: [Stage]

    /// Orders `stages` (given in configuration order) by their requirements.
    public init(stages: [Stage], available: [ProcessorDescriptor] = []) throws(PipelineError) {
        let plan = try PipelinePlan(stages.map(\.processor.descriptor), available: available)
        let byID = Dictionary(uniqueKeysWithValues: stages.map { ($0.processor.descriptor.id, $0) })
        self.plan = plan
        self.stages = plan.order.map { byID[$0]! }
    }

    public func run(_ document: Document, logger: Logger) async -> Outcome {
        var annotations = Annotations()
        var reports: [ProcessorReport] = []
        var requiredFailure: String?

        for stage in stages {
            let descriptor = stage.processor.descriptor
            var report = ProcessorReport(
                id: descriptor.id, version: descriptor.version, status: .skipped, durationMs: 0,
                required: stage.required, provides: descriptor.provides)

            if let requiredFailure {
                report.error = "not run: required processor '\(requiredFailure)' did not succeed"
                reports.append(report)
                continue
            }
            let missing = descriptor.requires.filter { !annotations.contains($0) }
            let languageMismatch = missing.isEmpty ? Self.languageMismatch(stage.languages, annotations) : nil
            if let languageMismatch {
                // Not a failure: the processor does not handle this language.
                report.error = languageMismatch
                reports.append(report)
                continue
            } else if !missing.isEmpty {
                report.error = "not run: " + missing.map { name in
                    let provider = reports.first { $0.provides.contains(name) }
                    return "requires '\(name)', which \(provider.map { "'\($0.id)' did not provide (\($0.status))" } ?? "nothing provided")"
                }.joined(separator: "; ")
            } else {
                var processorLogger = logger
                processorLogger[metadataKey: "processor"] = .string(descriptor.id)
                let context = ProcessorContext(
                    logger: processorLogger, configuration: stage.configuration, annotations: annotations,
                    deadline: .now + stage.timeout)
                let start = ContinuousClock.now
                let result = await Self.run(stage.processor, on: document, context: context)
                report.durationMs = Self.milliseconds(ContinuousClock.now - start)
                switch result {
                case .success(let output):
                    if let undeclared = output.names.first(where: { !descriptor.provides.contains($0) }) {
                        report.status = .failed
                        report.error = ProcessorError.undeclaredAnnotation(undeclared).description
                    } else {
                        report.status = .ok
                        annotations.merge(output)
                    }
                case .failure(ProcessorError.deadlineExceeded), .failure(is DeadlineExceeded):
                    report.status = .timeout
                    report.error = "did not finish within \(stage.timeout)"
                case .failure(let error):
                    report.status = .failed
                    report.error = String(describing: error)
                }
            }
            if report.status != .ok {
                logger.warning(
                    "processor did not succeed",
                    metadata: ["processor": .string(descriptor.id), "status": .string(report.status.rawValue),
                               "error": .string(report.error ?? "")])
                if stage.required { requiredFailure = descriptor.id }
            }
            reports.append(report)
        }
        return Outcome(annotations: annotations, reports: reports)
    }

    private struct DeadlineExceeded: Error {}

    /// Why a stage restricted to `languages` does not run on an article, or nil when it does.
    static func languageMismatch(_ languages: [String], _ annotations: Annotations) -> String? {
        guard !languages.isEmpty else { return nil }
        let code = annotations[.language]?.language ?? "und"
        let primary = code.split(separator: "-").first.map(String.init) ?? code
        if languages.contains(where: { $0.caseInsensitiveCompare(code) == .orderedSame || $0.caseInsensitiveCompare(primary) == .orderedSame }) {
            return nil
        }
        return "not run: the article's language '\(code)' is not one of \(languages.joined(separator: ", "))"
    }

    /// Runs one processor, giving up on it at its deadline.
    ///
    /// The processor runs in its own task rather than a child task on purpose: a task group waits
    /// for all its children, so a processor stuck in a loop that never checks for cancellation
    /// would hold the article forever. Here the article moves on at the deadline; the abandoned
    /// task is cancelled and finishes on its own. The task prefers ``OffPoolExecutor`` and the
    /// deadline is a Dispatch timer, so neither depends on a free thread in the cooperative pool.
    private static func run(_ processor: any Processor, on document: Document, context: ProcessorContext) async -> Result<Annotations, any Error> {
        let race = Race()
        return await withCheckedContinuation { continuation in
            race.start(continuation)
            let work = Task(executorPreference: OffPoolExecutor.shared) {
                let result: Result<Annotations, any Error>
                do { result = .success(try await processor.process(document, context: context)) } catch { result = .failure(error) }
                race.finish(with: result)
            }
            // Weakly: a cancelled work item stays queued until its deadline, and must not keep the
            // race, the task and the processor's annotations alive until then.
            let timer = DispatchWorkItem { [weak race] in race?.expire() }
            // A fast processor may already be done; then there is nothing to time.
            guard race.arm(work: work, timer: timer) else { return }
            let remaining = max(.zero, context.deadline - .now)
            let (seconds, attoseconds) = remaining.components
            let nanoseconds = Int(min(seconds, 1 << 32)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            OffPoolExecutor.timers.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: timer)
        }
    }

    /// Lets whichever of the processor and its timer finishes first resume the caller, once.
    ///
    /// Whichever side finishes lets go of everything the race holds (the continuation, the task,
    /// the timer), so that no reference cycle outlives the article: the race holds the timer, whose
    /// block refers back to the race only weakly, and the task, whose closure refers to the race
    /// until it returns.
    final class Race: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result<Annotations, any Error>, Never>?
            var work: Task<Void, Never>?
            var timer: Timer?
            var done = false
        }

        /// DispatchWorkItem's `cancel()` is thread-safe, but the type is not marked Sendable.
        struct Timer: @unchecked Sendable {
            let item: DispatchWorkItem
        }
        private let state = Mutex(State())

        /// Races not yet deallocated: a processor run each, while it runs. Tests check that it
        /// comes back down once articles are done.
        static let live = Atomic<Int>(0)
        init() { Self.live.add(1, ordering: .relaxed) }
        deinit { Self.live.subtract(1, ordering: .relaxed) }

        func start(_ continuation: CheckedContinuation<Result<Annotations, any Error>, Never>) {
            state.withLock { $0.continuation = continuation }
        }

        /// Keeps the task (to cancel it at the deadline) and the timer (to cancel it when the task
        /// finishes first); returns false, keeping neither, when the task has already finished.
        func arm(work: Task<Void, Never>, timer item: DispatchWorkItem) -> Bool {
            let timer = Timer(item: item)
            return state.withLock { state in
                guard !state.done else { return false }
                state.work = work
                state.timer = timer
                return true
            }
        }

        /// Resumes the caller unless the other side already did; returns whether this call did.
        @discardableResult
        func finish(with result: Result<Annotations, any Error>) -> Bool {
            guard let (continuation, _, timer) = take() else { return false }
            // A finished processor cancels its timer, which then never fires.
            timer?.item.cancel()
            continuation?.resume(returning: result)
            return continuation != nil
        }

        /// The deadline passed: the caller moves on, and the processor's task is cancelled (it
        /// finishes on its own, however long it takes).
        func expire() {
            guard let (continuation, work, _) = take() else { return }
            work?.cancel()
            continuation?.resume(returning: .failure(DeadlineExceeded()))
        }

        /// Marks the race done and hands over what it held; nil when it was already done.
        private func take() -> (CheckedContinuation<Result<Annotations, any Error>, Never>?, Task<Void, Never>?, Timer?)? {
            state.withLock { state in
                guard !state.done else { return nil }
                state.done = true
                defer {
                    state.continuation = nil
                    state.work = nil
                    state.timer = nil
                }
                return (state.continuation, state.work, state.timer)
            }
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 3)
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        return (self * factor).rounded() / factor
    }
}
