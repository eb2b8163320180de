import Foundation
import LectorTestKit
import LectorCore
import Testing

struct ProcessorsCommandTests {
    @Test func listsTheTextProcessor() throws {
        let run = try LectorBinary.run(["processors"])
        #expect(run.status == 0)
        let line = try #require(run.stdoutText.split(separator: "\n").first { $0.hasPrefix("text ") })
        #expect(line.contains("segments"))
        #expect(line.contains("1."))
    }

    @Test func jsonListsDescriptorsWithOptions() throws {
        let run = try LectorBinary.run(["processors", "--json"])
        let descriptors = try JSONDecoder().decode([ProcessorDescriptor].self, from: run.stdout)
        let text = try #require(descriptors.first { $0.id == "text" })
        #expect(text.provides == ["segments"])
        #expect(!text.options.isEmpty)
    }
}

struct ConfigCommandTests {
    @Test func theDefaultConfigurationIsValid() throws {
        let run = try LectorBinary.run(["config", "check", LectorBinary.defaultConfig])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutText.contains("valid"))
    }

    @Test func problemsNameTheFileLineAndKey() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("lector.yaml", text: "pipeline:\n  procesors: [text]\nprocessors:\n  text:\n    required: sometimes\n")
        let run = try LectorBinary.run(["config", "check", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(path):2:3: pipeline.procesors: unknown key; did you mean 'processors'?"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains("\(path):5:15: processors.text.required: expected true or false, found 'sometimes'"), "stderr: \(run.stderr)")
    }

    @Test func pipelineProblemsAreFoundToo() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("lector.yaml", text: "pipeline:\n  processors: [text, nonesuch]\n")
        let run = try LectorBinary.run(["config", "check", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown processor 'nonesuch'"), "stderr: \(run.stderr)")
    }
}
