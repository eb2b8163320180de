import Foundation
import LectorCore
import LectorEngine
import Testing

struct ConfigCheckerTests {
    static let spec = ConfigSpec(processors: [
        ProcessorDescriptor(
            id: "text", version: "1.0.0", provides: ["segments"],
            options: [
                ConfigOption("max_sentence_length", .int, default: "2000", "Longest sentence."),
                ConfigOption("mode", .string, default: "news", "Mode.", allowed: ["news", "plain"]),
            ])
    ])
    let checker = ConfigChecker(spec: ConfigCheckerTests.spec)

    @Test func theShippedDefaultConfigurationIsValid() throws {
        let path = Fixtures.repositoryRoot.appendingPathComponent("config/lector.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(checker.check(yaml: text, origin: "lector.yaml") == [])
    }

    @Test func anEmptyFileIsValid() {
        #expect(checker.check(yaml: "", origin: "f") == [])
        #expect(checker.check(yaml: "# only a comment\n", origin: "f") == [])
    }

    @Test func aMisspeltKeyIsNamedWithItsLineAndASuggestion() {
        let yaml = """
            pipeline:
              timeout: 5s
              procesors: [text]
            """
        #expect(checker.check(yaml: yaml, origin: "f.yaml").map(\.description) == [
            "f.yaml:3:3: pipeline.procesors: unknown key; did you mean 'processors'?"
        ])
    }

    @Test func anUnknownProcessorSectionIsNamed() {
        let issues = checker.check(yaml: "processors:\n  txet:\n    required: true\n", origin: "f")
        #expect(issues.map(\.description) == ["f:2:3: processors.txet: unknown processor; did you mean 'text'?"])
    }

    @Test func wrongValuesPointAtTheValue() {
        let yaml = """
            reader:
              max_bytes: lots
            pipeline:
              timeout: soon
            processors:
              text:
                required: maybe
                max_sentence_length: 12.5
                mode: poetry
            """
        #expect(checker.check(yaml: yaml, origin: "f").map(\.description) == [
            "f:2:14: reader.max_bytes: expected a size such as 512KB or 10MB, found 'lots'",
            "f:4:12: pipeline.timeout: expected a duration such as 500ms, 2s or 1m, found 'soon'",
            "f:7:15: processors.text.required: expected true or false, found 'maybe'",
            "f:8:26: processors.text.max_sentence_length: expected a whole number, found '12.5'",
            "f:9:11: processors.text.mode: 'poetry' is not one of news, plain",
        ])
    }

    @Test func shapesMustMatch() {
        let yaml = """
            pipeline: fast
            output:
              pretty: [true]
            reader:
              encoding:
                name: utf-8
            """
        let messages = checker.check(yaml: yaml, origin: "f").map(\.message)
        #expect(messages == ["must be a section (a mapping of keys)", "must be a single bool, not a list", "must be a string, not a section"])
    }

    @Test func aListKeyGivenAScalarSaysHowToWriteIt() {
        #expect(checker.check(yaml: "pipeline:\n  processors: text\n", origin: "f").map(\.message) == ["must be a list, e.g. [text]"])
    }

    @Test func brokenYAMLIsReportedWithItsPosition() throws {
        let issues = checker.check(yaml: "pipeline:\n  processors: [text\n", origin: "f")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.message.hasPrefix("not valid YAML"))
        #expect(issue.line != nil)
    }

    @Test func environmentVariablesMustNameSettings() {
        let issues = checker.check(environment: [
            "LECTOR_PIPELINE_TIMEOUT": "2s", "LECTOR_PIPELINE_TIMOUT": "2s", "LECTOR_PROCESSORS_TEXT_REQUIRED": "perhaps",
            "PATH": "/usr/bin",
        ])
        #expect(issues.map(\.description) == [
            "environment: LECTOR_PIPELINE_TIMOUT: is not a Lector setting",
            "environment: LECTOR_PROCESSORS_TEXT_REQUIRED (processors.text.required): expected true or false, found 'perhaps'",
        ])
    }

    @Test func commandLineSettingsAreChecked() {
        let issues = checker.check(flat: [("pipeline.timeout", "1s"), ("pipeline", "x"), ("output.colour", "red")], origin: "--set")
        #expect(issues.map(\.description) == [
            "--set: pipeline: is a section; set one of its keys",
            "--set: output.colour: unknown key (expected one of: include_text, pretty)",
        ])
    }
}

struct ConfigurationLoaderTests {
    static let spec = ConfigCheckerTests.spec

    private func writeTemporary(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lector-config-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func commandLineBeatsEnvironmentBeatsFile() async throws {
        let path = try writeTemporary("pipeline:\n  timeout: 3s\noutput:\n  pretty: false\nreader:\n  max_bytes: 1MB\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loader = ConfigurationLoader(
            filePath: path, overrides: [("pipeline.timeout", "7s")],
            environment: ["LECTOR_PIPELINE_TIMEOUT": "5s", "LECTOR_OUTPUT_PRETTY": "true"])
        let settings = try LectorSettings(from: try await loader.load(spec: Self.spec))
        #expect(settings.defaultTimeout == .seconds(7))
        #expect(settings.prettyOutput == true)
        #expect(settings.maxBytes == 1_048_576)
        #expect(settings.processors == LectorSettings.defaultProcessors)
        #expect(settings.forcedEncoding == nil)
    }

    @Test func listsComeFromEnvironmentCommaSeparated() async throws {
        let loader = ConfigurationLoader(filePath: nil, environment: ["LECTOR_PIPELINE_PROCESSORS": "text, language"])
        let settings = try LectorSettings(from: try await loader.load(spec: Self.spec))
        #expect(settings.processors == ["text", "language"])
    }

    @Test func listsComeFromTheCommandLine() async throws {
        let loader = ConfigurationLoader(filePath: nil, overrides: [("pipeline.processors", "[text,language]")], environment: [:])
        let settings = try LectorSettings(from: try await loader.load(spec: Self.spec))
        #expect(settings.processors == ["text", "language"])
    }

    @Test func anInvalidSourceStopsLoadingWithEveryIssue() async throws {
        let path = try writeTemporary("pipeline:\n  timeout: never\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loader = ConfigurationLoader(filePath: path, overrides: [("nope", "1")], environment: [:])
        await #expect {
            _ = try await loader.load(spec: Self.spec)
        } throws: { error in
            (error as? ConfigurationError)?.issues.map(\.key) == ["pipeline.timeout", "nope"]
        }
    }

    @Test func aMissingFileIsAnIssue() {
        let loader = ConfigurationLoader(filePath: "/nonexistent/lector.yaml", environment: [:])
        let issues = loader.check(spec: Self.spec)
        #expect(issues.count == 1)
        #expect(issues.first?.description.hasPrefix("/nonexistent/lector.yaml: cannot read the file") == true)
    }

    @Test func overridesSplitAtTheFirstEquals() throws {
        let parsed = try ConfigurationLoader.parseOverrides(["a=b=c", "pipeline.timeout=5s"])
        #expect(parsed.map(\.key) == ["a", "pipeline.timeout"])
        #expect(parsed.map(\.value) == ["b=c", "5s"])
    }

    @Test(arguments: ["pipeline.timeout", "=5s"])
    func overridesWithoutKeyAndValueAreRejected(item: String) {
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parseOverrides([item]) }
    }
}
