import Foundation
import LectorCore
import LectorEngine
import LectorTestKit
import LectorText
import Testing

struct ArticleResultTests {
    static let schema = try! JSONSchemaValidator(schemaFile: Fixtures.repositoryRoot.appendingPathComponent("docs/result.schema.json").path)

    private func json(_ result: ArticleResult, pretty: Bool = false) throws -> JSONValue {
        try JSONValue.parse(result.jsonData(pretty: pretty))
    }

    @Test func aSuccessfulResultValidatesAndCarriesEveryProcessorsReport() async throws {
        let pipeline = try Pipeline(stages: [
            Fixtures.stage(TextProcessor(), required: true), Fixtures.stage(ThrowingProcessor("extra", provides: ["extra"])),
        ])
        let document = Fixtures.document("Title line\nThe first sentence. The second one!\n")
        let outcome = await pipeline.run(document, logger: Fixtures.quietLogger)
        let result = try json(ArticleResult(document: document, outcome: outcome, processedAt: Date(), includeText: true))
        #expect(Self.schema.validate(result) == [])
        #expect(result["status"] == .string("ok"))
        #expect(result["pipeline"] == .array([.string("text"), .string("extra")]))
        #expect(result.at("processors.extra.status") == .string("failed"))
        #expect(result.at("processors.extra.error") == .string("boom: the model file is corrupt"))
        #expect(result.at("schema_version") == .string(ArticleResult.schemaVersion))
        #expect(result.at("document.length") == .number(Double(document.scalars.count)))
    }

    @Test func aRequiredFailureMakesAFailedResultThatStillValidates() async throws {
        let pipeline = try Pipeline(stages: [Fixtures.stage(ThrowingProcessor("core", provides: ["a"]), required: true)])
        let document = Fixtures.document()
        let outcome = await pipeline.run(document, logger: Fixtures.quietLogger)
        let result = try json(ArticleResult(document: document, outcome: outcome, processedAt: Date(), includeText: false))
        #expect(Self.schema.validate(result) == [])
        #expect(result["status"] == .string("failed"))
        #expect(result.at("error.code") == .string("required-processor-failed"))
        #expect(result.at("error.processor") == .string("core"))
        #expect(result.at("document.text") == nil)
    }

    @Test func equalResultsAreEqualBytes() async throws {
        let pipeline = try Pipeline(stages: [Fixtures.stage(TextProcessor())])
        let document = Fixtures.document("Một câu. Another sentence.")
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        var first = ArticleResult(document: document, outcome: await pipeline.run(document, logger: Fixtures.quietLogger), processedAt: date, includeText: true)
        var second = ArticleResult(document: document, outcome: await pipeline.run(document, logger: Fixtures.quietLogger), processedAt: date, includeText: true)
        first.processors = first.processors.map { var report = $0; report.durationMs = 0; return report }
        second.processors = second.processors.map { var report = $0; report.durationMs = 0; return report }
        #expect(try first.jsonData(pretty: true) == second.jsonData(pretty: true))
        let text = String(decoding: try first.jsonData(pretty: false), as: UTF8.self)
        #expect(text.contains(#""processed_at":"2023-11-14T22:13:20.000Z""#))
        #expect(text.hasSuffix("}\n"))
    }
}

struct JSONSchemaValidatorTests {
    @Test func theSchemaRejectsWhatItShould() throws {
        let schema = ArticleResultTests.schema
        let broken = try JSONValue.parse(Data(#"{"schema_version":"2.0","id":"XYZ","status":"maybe"}"#.utf8))
        let errors = schema.validate(broken)
        #expect(errors.contains("$.schema_version: \"2.0\" does not match /^1\\.[0-9]+$/"))
        #expect(errors.contains("$.id: \"XYZ\" does not match /^[0-9a-f]{64}$/"))
        #expect(errors.contains("$.status: \"maybe\" is not one of the allowed values"))
        #expect(errors.contains("$: missing required property 'document'"))
    }

    @Test func unknownKeywordsInASchemaAreRefused() throws {
        let schema = try JSONValue.parse(Data(#"{"type":"object","dependentRequired":{}}"#.utf8))
        #expect(throws: JSONSchemaValidator.UnsupportedKeyword.self) { try JSONSchemaValidator(schema: schema) }
    }

    @Test func refsTypesAndAdditionalPropertiesAreEnforced() throws {
        let schema = try JSONSchemaValidator(schema: JSONValue.parse(Data(#"""
            {"$defs":{"n":{"type":"integer","minimum":0}},"type":"object","additionalProperties":false,
             "properties":{"a":{"$ref":"#/$defs/n"},"b":{"type":"array","items":{"type":"string"},"minItems":1}}}
            """#.utf8)))
        #expect(schema.validate(.object(["a": .number(1), "b": .array([.string("x")])])) == [])
        #expect(schema.validate(.object(["a": .number(-1)])) == ["$.a: -1.0 is below the minimum 0.0"])
        #expect(schema.validate(.object(["a": .number(1.5)])) == ["$.a: expected integer, found number"])
        #expect(schema.validate(.object(["b": .array([])])) == ["$.b: fewer than 1 items"])
        #expect(schema.validate(.object(["c": .null])) == ["$: property 'c' is not allowed"])
    }
}

struct AtomicFileTests {
    @Test func writesTheWholeFileAndLeavesNoTemporaries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.json").path
        try AtomicFile.write(Data("first".utf8), to: path)
        try AtomicFile.write(Data("second, longer".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.json"])
    }

    /// The temporary file can be made in a folder of the writer's own; across filesystems (where
    /// the rename cannot go) the write falls back to a temporary file beside the target.
    @Test func aTemporaryFolderOfItsOwnLeavesNothingThereOrBeside() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        let own = folder.appendingPathComponent("processing")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.json").path
        try AtomicFile.write(Data("first".utf8), to: PathBytes(path), temporaryFolder: PathBytes(own.path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: own.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["processing", "r.json"])

        // /dev/shm is a tmpfs of its own, so the rename from there fails with EXDEV.
        let shm = "/dev/shm/atomic-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: shm + ".probe", contents: nil) else { return }
        try? FileManager.default.removeItem(atPath: shm + ".probe")
        try FileManager.default.createDirectory(atPath: shm, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: shm) }
        try AtomicFile.write(Data("second".utf8), to: PathBytes(path), temporaryFolder: PathBytes(shm))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shm).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["processing", "r.json"])
    }

    @Test func aMissingFolderIsAnErrorNamingThePath() {
        let error = #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write(Data("x".utf8), to: "/nonexistent-folder/r.json")
        }
        #expect(error?.operation == "create")
        #expect(error?.description.contains("No such file or directory") == true)
    }
}

struct TextProcessorCompatibilityTests {
    @Test func textPassesTheProcessorCompatibilitySuite() async throws {
        try await ProcessorCompatTest(processor: TextProcessor()).run()
    }
}

struct FileSystemMoveTests {
    @Test func movingNeverReplacesAndFinishesAnInterruptedMove() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("move-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = PathBytes(folder.appendingPathComponent("claim").path)
        let target = PathBytes(folder.appendingPathComponent("story.txt").path)
        try Data("first".utf8).write(to: URL(fileURLWithPath: target.description))
        try Data("second".utf8).write(to: URL(fileURLWithPath: source.description))
        #expect(try FileSystem.moveWithoutReplacing(source, to: target).description.hasSuffix("/story-2.txt"))
        #expect(try String(contentsOfFile: target.description, encoding: .utf8) == "first")

        // A crash between link() and unlink() leaves one file under both names.
        try Data("third".utf8).write(to: URL(fileURLWithPath: source.description))
        let linked = PathBytes(folder.appendingPathComponent("other.txt").path)
        try FileManager.default.linkItem(atPath: source.description, toPath: linked.description)
        #expect(try FileSystem.moveWithoutReplacing(source, to: linked) == linked)
        #expect(FileSystem.status(source) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["other.txt", "story-2.txt", "story.txt"])
    }
}
