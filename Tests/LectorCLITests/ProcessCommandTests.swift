import Foundation
import LectorTestKit
import LectorCore
import Testing

struct ProcessCommandTests {
    private func seedPath(_ index: Int) -> String {
        LectorBinary.repositoryRoot.appendingPathComponent("seeds/\(SeedGoldenTests.seeds[index])").path
    }

    @Test func writesOneResultPerFileAndReportsBadFilesWithoutStopping() throws {
        let folder = try TemporaryFolder()
        let png = try folder.write("scan.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64))
        let empty = try folder.write("empty.txt", [])
        let output = folder.url.appendingPathComponent("out").path
        let run = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, "--output", output, seedPath(0), png, empty, seedPath(4)])

        #expect(run.status == 1, "a bad file makes the exit status 1")
        let written = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(written == [SeedGoldenTests.seeds[0] + ".json", SeedGoldenTests.seeds[4] + ".json"])
        #expect(run.stderr.contains("scan.png: binary: "))
        #expect(run.stderr.contains("empty.txt: empty: "))
        for name in written {
            let result = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: output).appendingPathComponent(name)))
            #expect(LectorBinary.schema.validate(result) == [])
        }
        // No temporary files are left beside the results.
        let hidden = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty)
    }

    @Test func sameNamesFromTwoFoldersDoNotOverwriteEachOther() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("b"), withIntermediateDirectories: true)
        let first = try folder.write("a/story.txt", text: "First story. It has two sentences.\n")
        let second = try folder.write("b/story.txt", text: "Second story, another text.\n")
        let output = folder.url.appendingPathComponent("out").path
        let run = try LectorBinary.run(["process", "--output", output, first, second])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == ["story.txt-2.json", "story.txt.json"])
    }

    /// The summary's sentences for seed 003 with the default configuration and `settings`.
    private func seed003Summary(_ settings: [String] = []) throws -> [String] {
        let run = try LectorBinary.run(
            ["process", "--config", LectorBinary.defaultConfig] + settings.flatMap { ["--set", $0] } + [seedPath(3)])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try JSONValue.parse(run.stdout)
        let text = try String(contentsOfFile: seedPath(3), encoding: .utf8).precomposedStringWithCanonicalMapping
        let scalars = Array(text.unicodeScalars)
        let sentences = result["annotations"]?["summary"]?["sentences"]?.arrayValue ?? []
        return sentences.compactMap { sentence in
            guard let start = sentence["range"]?["start"]?.doubleValue, let end = sentence["range"]?["end"]?.doubleValue
            else { return nil }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[Int(start)..<Int(end)])
            return String(piece)
        }
    }

    @Test func aWordLimitWithTrimCutsTheFirstSentenceAndSaysSo() throws {
        let run = try LectorBinary.run([
            "process", "--config", LectorBinary.defaultConfig, "--set", "processors.summary.max_words=12",
            "--set", "processors.summary.trim=true", seedPath(0),
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try JSONValue.parse(run.stdout)
        #expect(LectorBinary.schema.validate(result) == [])
        let summary = try #require(result["annotations"]?["summary"])
        let sentences = summary["sentences"]?.arrayValue ?? []
        #expect(sentences.count == 1)
        let first = try #require(sentences.first)
        #expect(first["trimmed"] == .bool(true))
        let index = try #require(first["sentence"]?.doubleValue)
        let source = try #require(result["annotations"]?["segments"]?["sentences"]?.arrayValue?[Int(index)]["range"])
        let text = try String(contentsOfFile: seedPath(0), encoding: .utf8).precomposedStringWithCanonicalMapping
        let scalars = Array(text.unicodeScalars)
        func slice(_ start: Double?, _ end: Double?) -> String {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[Int(start ?? 0)..<Int(end ?? 0)])
            return String(piece)
        }
        let kept = slice(first["range"]?["start"]?.doubleValue, first["range"]?["end"]?.doubleValue)
        let whole = slice(source["start"]?.doubleValue, source["end"]?.doubleValue)
        // A prefix of the sentence, shorter than it, and exactly the summary's text.
        #expect(first["range"]?["start"] == source["start"])
        #expect(whole.hasPrefix(kept) && kept.count < whole.count)
        #expect(summary["text"] == .string(kept))
        let words = try #require(first["word_count"]?.doubleValue)
        #expect((8...12).contains(Int(words)))
    }

    @Test func theSummaryNamesTheMainPersonTheEntitiesFound() throws {
        // Seed 003 opens with the attendance; its speaker, Truong Thi Mai, is named in two body
        // sentences (lines 5 and 8) and a caption. The entities processor runs before summary in
        // the default pipeline, and its people let the third pick name her.
        let person = "ٹرونگ تھی مائی"
        let named = try seed003Summary()
        #expect(named.count == 3)
        #expect(named.contains { $0.hasPrefix("2023 کے آخری 6 مہینوں میں") }, "the required sentence stays")
        #expect(named.filter { $0.contains(person) }.count == 1)
        #expect(named.last?.hasPrefix("اجلاس کے اختتام پر سیکرٹریٹ") == true, "line 5, her closing remarks")
        // Without the rule, or with room for only two sentences, nobody names her.
        let plain = try seed003Summary(["processors.summary.main_person=false"])
        #expect(plain.count == 3 && !plain.contains { $0.contains(person) })
        #expect(Array(plain.prefix(2)) == Array(named.prefix(2)), "only the last pick changes")
        let two = try seed003Summary(["processors.summary.sentences=2"])
        #expect(two.count == 2 && !two.contains { $0.contains(person) })
        let withoutEntities = try seed003Summary(["pipeline.processors=text,language,summary"])
        #expect(withoutEntities == plain)
    }

    @Test func severalFilesPrintOneCompactResultPerLine() throws {
        let run = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, seedPath(1), seedPath(2)])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdoutText.split(separator: "\n")
        #expect(lines.count == 2)
        let ids = try lines.map { try JSONValue.parse(Data($0.utf8))["id"]?.stringValue }
        #expect(ids.allSatisfy { $0?.count == 64 })
    }

    @Test func theIdIsTheSHA256OfTheBytes() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("abc.txt", text: "abc")
        let run = try LectorBinary.run(["process", path])
        let result = try JSONValue.parse(run.stdout)
        // SHA-256("abc"), the FIPS 180-2 test vector.
        #expect(result["id"] == .string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(result.at("source.size") == .number(3))
        #expect(result.at("source.name") == .string("abc.txt"))
    }

    @Test func arabicInWindows1256GivesTheSameTextAsInUTF8() throws {
        let folder = try TemporaryFolder()
        let seed = seedPath(4)
        let legacy = folder.url.appendingPathComponent("legacy.txt").path
        // iconv, not Lector, makes the legacy bytes.
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        iconv.arguments = ["iconv", "-f", "UTF-8", "-t", "CP1256", seed, "-o", legacy]
        try iconv.run()
        iconv.waitUntilExit()
        try #require(iconv.terminationStatus == 0)

        let fromUTF8 = try JSONValue.parse(LectorBinary.run(["process", seed]).stdout)
        let run = try LectorBinary.run(["process", legacy])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let fromLegacy = try JSONValue.parse(run.stdout)
        #expect(fromLegacy.at("document.encoding") == .string("windows-1256"))
        #expect(fromLegacy.at("document.encoding_source") == .string("detected"))
        #expect(fromLegacy.at("document.text") == fromUTF8.at("document.text"))
        #expect(fromLegacy.at("annotations.segments") == fromUTF8.at("annotations.segments"))
    }

    @Test func anHTMLPageGivesItsVisibleText() throws {
        let folder = try TemporaryFolder()
        let page = try folder.write(
            "page.html",
            text: """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Hội nghị tổng kết</title>
                <style>p { color: red }</style><script>var hidden = "do not show";</script></head>
                <body><h1>Hội nghị tổng kết năm 2023</h1><p>Sáng 18/1, Ban chỉ đạo tổ chức hội nghị.</p>
                <p>Phát biểu tại hội nghị, ông Trần Thế Dũng đề nghị các cấp tiếp tục thực hiện.</p></body></html>
                """)
        let run = try LectorBinary.run(["process", page])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try JSONValue.parse(run.stdout)
        #expect(LectorBinary.schema.validate(result) == [])
        #expect(result.at("document.format") == .string("html"))
        #expect(result.at("document.declared_title") == .string("Hội nghị tổng kết"))
        let text = try #require(result.at("document.text")?.stringValue)
        #expect(text.contains("Sáng 18/1, Ban chỉ đạo tổ chức hội nghị."))
        #expect(!text.contains("hidden") && !text.contains("color"))
    }

    @Test(arguments: [
        ("bom-broken.txt", [0xEF, 0xBB, 0xBF] + Array("Good start ".utf8) + [0xC3, 0x28] + Array(" then broken".utf8), "invalid-encoding"),
        ("empty.txt", [], "empty"),
        ("elf", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 120), "binary"),
    ] as [(String, [UInt8], String)])
    func badInputsFailWithTheirCode(name: String, bytes: [UInt8], code: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(name, bytes)
        let run = try LectorBinary.run(["process", path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(name): \(code): "), "stderr: \(run.stderr)")
    }

    @Test func aFileOverTheSizeLimitIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("big.txt", text: String(repeating: "A long article. ", count: 100))
        let run = try LectorBinary.run(["process", "--set", "reader.max_bytes=1KB", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("big.txt: too-large: "), "stderr: \(run.stderr)")
    }

    @Test func environmentOverridesTheFile() throws {
        let run = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, seedPath(0)], environment: ["LECTOR_OUTPUT_INCLUDE_TEXT": "false"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try JSONValue.parse(run.stdout)
        #expect(result.at("document.text") == nil)
        #expect(result.at("document.length") != nil)
    }

    @Test func aBadSettingStopsBeforeAnyWorkWithExitStatus2() throws {
        let run = try LectorBinary.run(["process", "--set", "pipeline.timeout=whenever", seedPath(0)])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("pipeline.timeout: expected a duration"), "stderr: \(run.stderr)")
    }

    @Test func anEmptyPipelineStillReadsHashesAndWritesTheResult() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("out").path
        let run = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, "--set", "pipeline.processors=[]", "--output", output, seedPath(0)])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let name = SeedGoldenTests.seeds[0] + ".json"
        let result = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: output).appendingPathComponent(name)))
        #expect(LectorBinary.schema.validate(result) == [])
        let goldenName = SeedGoldenTests.seeds[0].replacingOccurrences(of: ".txt", with: ".json")
        let golden = try JSONValue.parse(Data(contentsOf: LectorBinary.repositoryRoot.appendingPathComponent("seeds/expected/\(goldenName)")))
        #expect(result["id"] == golden["id"])
        #expect(result.at("document.text") == golden.at("document.text"))
        #expect(result["pipeline"] == .array([]))
        #expect(result["annotations"] == .object([:]))
    }

    @Test func anUnknownProcessorInThePipelineIsAStartUpError() throws {
        let run = try LectorBinary.run(["process", "--set", "pipeline.processors=text,sentiment", seedPath(0)])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown processor 'sentiment' in pipeline.processors"), "stderr: \(run.stderr)")
    }
}
