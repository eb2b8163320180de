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

    @Test func listsTheConfiguredPluginsFromTheirHandshakes() throws {
        let folder = try TemporaryFolder()
        // A copy of the example of its own, so that no other test's run of it is mistaken for this one.
        let example = LectorBinary.repositoryRoot.appendingPathComponent("Plugins/examples/reading-time/reading_time.py")
        let script = folder.url.appendingPathComponent("reading_time.py").path
        try FileManager.default.copyItem(atPath: example.path, toPath: script)
        let config = try folder.write(
            "lector.yaml",
            text: """
                plugins:
                  reading_time:
                    command: python3
                    args: [\(script)]
                  broken:
                    command: \(folder.path)/no-such-plugin
                  off:
                    command: python3
                    enabled: false

                """)
        let run = try LectorBinary.run(["processors", "--config", config, "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let entries = try JSONValue.parse(run.stdout).arrayValue ?? []
        func entry(_ id: String) -> JSONValue? { entries.first { $0["id"] == .string(id) } }
        #expect(entry("text")?["kind"] == .string("builtin"))
        // What the plugin's handshake says, not what the configuration declares (nothing here).
        let readingTime = try #require(entry("reading_time"), "\(run.stdoutText)")
        #expect(readingTime["kind"] == .string("plugin"))
        #expect(readingTime["status"] == .string("running"))
        #expect(readingTime["provides"] == .array([.string("reading_time")]))
        #expect(readingTime["version"] != .string("unknown"))
        let broken = try #require(entry("broken"))
        #expect(broken["status"] == .string("failed"))
        #expect(broken["error"]?.stringValue?.contains("No such file or directory") == true, "\(broken)")
        #expect(entry("off")?["status"] == .string("disabled"))

        let table = try LectorBinary.run(["processors", "--config", config])
        #expect(table.stdoutText.contains("plugin, did not start: "), "\(table.stdoutText)")
        // The plugin was stopped again: nothing of it is left running.
        #expect(ChildProcess.waitUntil(timeout: .seconds(10)) { !Self.isRunning(script) })
    }

    @Test func aBrokenConfigurationStillListsTheBuiltinsAndExitsTwo() throws {
        let run = try LectorBinary.run(["processors", "--set", "nonsense.key=1"])
        #expect(run.status == 2)
        #expect(run.stdoutText.contains("summary "))
        #expect(run.stderr.contains("nonsense.key: unknown key"), "\(run.stderr)")
    }

    /// Whether a process runs with `argument` on its command line.
    static func isRunning(_ argument: String) -> Bool {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.contains { pid in
            guard pid.allSatisfy(\.isNumber), let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return false
            }
            return String(decoding: line, as: UTF8.self).split(separator: "\0").contains { $0 == argument }
        }
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
