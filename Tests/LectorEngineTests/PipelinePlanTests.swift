import LectorCore
import LectorEngine
import Testing

struct PipelinePlanTests {
    private func descriptor(_ id: String, provides: [AnnotationName] = [], requires: [AnnotationName] = []) -> ProcessorDescriptor {
        ProcessorDescriptor(id: id, version: "1.0.0", provides: provides, requires: requires)
    }

    @Test func dependenciesComeFirstWhateverTheListedOrder() throws {
        let plan = try PipelinePlan([
            descriptor("summary", provides: ["summary"], requires: ["segments", "language"]),
            descriptor("language", provides: ["language"], requires: ["segments"]),
            descriptor("text", provides: ["segments"]),
        ])
        #expect(plan.order == ["text", "language", "summary"])
        #expect(plan.dependencies["summary"] == ["text", "language"])
    }

    @Test func configurationOrderBreaksTies() throws {
        let text = descriptor("text", provides: ["segments"])
        let a = descriptor("alpha", provides: ["a"], requires: ["segments"])
        let b = descriptor("beta", provides: ["b"], requires: ["segments"])
        #expect(try PipelinePlan([text, a, b]).order == ["text", "alpha", "beta"])
        #expect(try PipelinePlan([b, text, a]).order == ["text", "beta", "alpha"])
    }

    @Test func missingProviderNamesTheProcessorToAdd() {
        let available = [descriptor("text", provides: ["segments"])]
        #expect(throws: PipelineError.missingProvider(processor: "language", annotation: "segments", availableFrom: ["text"])) {
            try PipelinePlan([descriptor("language", provides: ["language"], requires: ["segments"])], available: available)
        }
        let error = #expect(throws: PipelineError.self) {
            try PipelinePlan([descriptor("language", requires: ["segments"])], available: available)
        }
        #expect(error?.description == "processor 'language' requires 'segments'; add 'text' to pipeline.processors")
    }

    @Test func cycleIsReportedAsAPath() {
        let error = #expect(throws: PipelineError.self) {
            try PipelinePlan([
                descriptor("a", provides: ["x"], requires: ["z"]),
                descriptor("b", provides: ["y"], requires: ["x"]),
                descriptor("c", provides: ["z"], requires: ["y"]),
                descriptor("free", provides: ["w"]),
            ])
        }
        guard case .cycle(let path)? = error else {
            Issue.record("expected a cycle, got \(String(describing: error))")
            return
        }
        #expect(path.first == path.last)
        #expect(Set(path) == ["a", "b", "c"])
        #expect(path.count == 4)
    }

    @Test func selfRequirementIsACycle() {
        #expect(throws: PipelineError.cycle(["a", "a"])) {
            try PipelinePlan([descriptor("a", provides: ["x"], requires: ["x"])])
        }
    }

    @Test func twoProvidersOfOneAnnotationAreRejected() {
        #expect(throws: PipelineError.conflictingProviders(annotation: "language", processors: ["cld", "lingua"])) {
            try PipelinePlan([descriptor("cld", provides: ["language"]), descriptor("lingua", provides: ["language"])])
        }
    }

    @Test func duplicateIdsAreRejected() {
        #expect(throws: PipelineError.duplicateProcessor("text")) {
            try PipelinePlan([descriptor("text"), descriptor("text")])
        }
    }

    @Test func malformedAnnotationNamesAreRejected() {
        #expect(throws: PipelineError.invalidAnnotationName(processor: "p", name: "Bad Name")) {
            try PipelinePlan([descriptor("p", provides: ["Bad Name"])])
        }
    }
}
