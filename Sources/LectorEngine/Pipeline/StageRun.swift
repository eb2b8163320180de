import LectorCore
import Logging
import Synchronization

/// One article's way through the pipeline: its stages run back to back in one task, each with its
/// deadline, and a stage that misses its deadline is left behind while the rest go on in a new
/// task.
///
/// Running every processor in a task of its own (so that a stuck one could be abandoned) cost two
/// hand-offs between threads per processor, each a wake-up of another thread, plus a Dispatch
/// timer per processor; with four processors that was eight hand-offs an article. Here the
/// article's stages run in one task off the cooperative pool (``OffPoolExecutor``), which costs
/// two hand-offs an article: into the task and back to the caller. A processor that never returns
/// still cannot hold the article: when its deadline passes (``DeadlineWatch``), its stage is
/// recorded as timed out, its task is cancelled and disowned (whatever it returns later is
/// dropped), and a new task runs the stages after it.
///
/// Who owns the run is a generation number: the task started for generation `g` records what it
/// did only while the run is still at `g`, and a deadline that passes moves the run to `g + 1`.
final class StageRun: Sendable {
    private struct Running {
        var index: Int
        var start: ContinuousClock.Instant
        var token: Int?
    }

    private struct State {
        var continuation: CheckedContinuation<Pipeline.Outcome, Never>?
        var annotations = Annotations()
        var reports: [ProcessorReport] = []
        /// The first required processor that did not succeed: the stages after it are skipped.
        var requiredFailure: String?
        var generation = 0
        /// The task of the current generation, to cancel when its stage misses its deadline.
        var task: Task<Void, Never>?
        /// The stage being processed, if any.
        var running: Running?
        var done = false
    }

    private let stages: [Pipeline.Stage]
    private let document: Document
    private let logger: Logger
    private let watch: DeadlineWatch
    private let state = Mutex(State())

    /// Runs not yet deallocated. Tests check that it comes back down once articles are done.
    static let live = Atomic<Int>(0)

    init(stages: [Pipeline.Stage], document: Document, logger: Logger, watch: DeadlineWatch = .shared) {
        self.stages = stages
        self.document = document
        self.logger = logger
        self.watch = watch
        Self.live.add(1, ordering: .relaxed)
    }

    deinit { Self.live.subtract(1, ordering: .relaxed) }

    /// Runs every stage and returns what they made.
    func run() async -> Pipeline.Outcome {
        await withCheckedContinuation { continuation in
            state.withLock { $0.continuation = continuation }
            // The caller waits from here on: its thread runs the stages.
            OffPoolExecutor.handOff { launch(from: 0, generation: 0) }
        }
    }

    private func launch(from index: Int, generation: Int) {
        let task = Task(executorPreference: OffPoolExecutor.shared) {
            await self.runStages(from: index, generation: generation)
        }
        state.withLock { state in
            if state.generation == generation, !state.done { state.task = task }
        }
    }

    private enum Step {
        case abandoned
        /// The stage does not run; its report, and whether its not running counts as a failure.
        case recorded(ProcessorReport, failure: Bool)
        case process(ProcessorContext)
    }

    private func runStages(from first: Int, generation: Int) async {
        for index in first..<stages.count {
            let stage = stages[index]
            let descriptor = stage.processor.descriptor
            let start = ContinuousClock.now
            let step: Step = state.withLock { state in
                guard state.generation == generation else { return .abandoned }
                let notRunning = Self.report(notRunning: stage, state.annotations, state.reports, state.requiredFailure)
                if let (report, failure) = notRunning {
                    state.reports.append(report)
                    if failure, stage.required { state.requiredFailure = descriptor.id }
                    return .recorded(report, failure: failure)
                }
                var processorLogger = logger
                processorLogger[metadataKey: "processor"] = .string(descriptor.id)
                state.running = Running(index: index, start: start)
                return .process(
                    ProcessorContext(
                        logger: processorLogger, configuration: stage.configuration, annotations: state.annotations,
                        deadline: start + stage.timeout))
            }
            let context: ProcessorContext
            switch step {
            case .abandoned: return
            case .recorded(let report, let failure):
                if failure { warn(report) }
                continue
            case .process(let made): context = made
            }

            let token = watch.register(deadline: context.deadline) { [self] in
                expire(index: index, generation: generation)
            }
            let attached = state.withLock { state in
                guard state.generation == generation, state.running?.index == index else { return false }
                state.running?.token = token
                return true
            }
            // Already expired (a deadline of zero): the next generation has taken over.
            guard attached else { return }

            let result: Result<Annotations, any Error>
            do {
                result = .success(try await stage.processor.process(document, context: context))
            } catch {
                result = .failure(error)
            }
            let elapsed = ContinuousClock.now - start
            watch.withdraw(token)

            var report = ProcessorReport(
                id: descriptor.id, version: descriptor.version, status: .ok, durationMs: Pipeline.milliseconds(elapsed),
                required: stage.required, provides: descriptor.provides)
            var output: Annotations?
            switch result {
            case .success(let annotations):
                if let undeclared = annotations.names.first(where: { !descriptor.provides.contains($0) }) {
                    report.status = .failed
                    report.error = ProcessorError.undeclaredAnnotation(undeclared).description
                } else {
                    output = annotations
                }
            case .failure(ProcessorError.deadlineExceeded):
                report.status = .timeout
                report.error = "did not finish within \(stage.timeout)"
            case .failure(let error):
                report.status = .failed
                report.error = String(describing: error)
            }
            let recorded = state.withLock { state in
                // The deadline passed first: the stage is already recorded as timed out and the
                // next generation runs the rest; what this one made is dropped.
                guard state.generation == generation else { return false }
                state.running = nil
                if let output { state.annotations.merge(output) }
                if report.status != .ok, stage.required { state.requiredFailure = descriptor.id }
                state.reports.append(report)
                return true
            }
            guard recorded else { return }
            if report.status != .ok { warn(report) }
        }

        let finished = state.withLock { state -> (CheckedContinuation<Pipeline.Outcome, Never>, Pipeline.Outcome)? in
            guard state.generation == generation, !state.done, let continuation = state.continuation else { return nil }
            state.done = true
            state.continuation = nil
            state.task = nil
            return (continuation, Pipeline.Outcome(annotations: state.annotations, reports: state.reports))
        }
        // This task ends here: its thread goes on with the caller.
        if let (continuation, outcome) = finished {
            OffPoolExecutor.handOff { continuation.resume(returning: outcome) }
        }
    }

    /// The deadline of stage `index` passed while generation `generation` was in it: the stage
    /// times out, its task is cancelled and disowned, and a new task runs the stages after it.
    private func expire(index: Int, generation: Int) {
        let stage = stages[index]
        let descriptor = stage.processor.descriptor
        let expired: (report: ProcessorReport, task: Task<Void, Never>?)? = state.withLock { state in
            guard !state.done, state.generation == generation, let running = state.running, running.index == index
            else { return nil }
            var report = ProcessorReport(
                id: descriptor.id, version: descriptor.version, status: .timeout,
                durationMs: Pipeline.milliseconds(ContinuousClock.now - running.start), required: stage.required,
                provides: descriptor.provides)
            report.error = "did not finish within \(stage.timeout)"
            state.reports.append(report)
            if stage.required { state.requiredFailure = descriptor.id }
            state.running = nil
            state.generation = generation + 1
            defer { state.task = nil }
            return (report, state.task)
        }
        guard let expired else { return }
        expired.task?.cancel()
        warn(expired.report)
        launch(from: index + 1, generation: generation + 1)
    }

    /// Logs a stage that did not succeed.
    private func warn(_ report: ProcessorReport) {
        logger.warning(
            "processor did not succeed",
            metadata: [
                "processor": .string(report.id), "status": .string(report.status.rawValue),
                "error": .string(report.error ?? ""),
            ])
    }

    /// The report of a stage that does not run, or nil when it runs. Not running counts as a
    /// failure (logged, and failing the article if the stage is required) when it requires what
    /// is missing; not when a required processor failed before it, nor when the article's
    /// language is not one of its languages.
    private static func report(
        notRunning stage: Pipeline.Stage, _ annotations: Annotations, _ reports: [ProcessorReport],
        _ requiredFailure: String?
    ) -> (ProcessorReport, failure: Bool)? {
        let descriptor = stage.processor.descriptor
        var report = ProcessorReport(
            id: descriptor.id, version: descriptor.version, status: .skipped, durationMs: 0,
            required: stage.required, provides: descriptor.provides)
        if let requiredFailure {
            report.error = "not run: required processor '\(requiredFailure)' did not succeed"
            return (report, false)
        }
        let missing = descriptor.requires.filter { !annotations.contains($0) }
        if missing.isEmpty {
            // Not a failure: the processor does not handle this language.
            guard let mismatch = Pipeline.languageMismatch(stage.languages, annotations) else { return nil }
            report.error = mismatch
            return (report, false)
        }
        report.error = "not run: " + missing.map { name in
            let provider = reports.first { $0.provides.contains(name) }
            let why = provider.map { "'\($0.id)' did not provide (\($0.status))" } ?? "nothing provided"
            return "requires '\(name)', which \(why)"
        }.joined(separator: "; ")
        return (report, true)
    }
}
