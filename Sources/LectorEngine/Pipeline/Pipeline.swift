import Configuration
import Logging
import LectorCore

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

        public init(annotations: Annotations, reports: [ProcessorReport]) {
            self.annotations = annotations
            self.reports = reports
        }
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

    /// Runs the stages in order on one article (see ``StageRun``: back to back in one task off
    /// the cooperative pool, each given up on at its deadline).
    public func run(_ document: Document, logger: Logger) async -> Outcome {
        await StageRun(stages: stages, document: document, logger: logger).run()
    }

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
