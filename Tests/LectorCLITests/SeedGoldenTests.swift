import Foundation
import LectorCore
import Testing

/// Every seed article through the real binary with the shipped configuration: the result must
/// validate against the schema, its offsets must slice the text back, and it must equal the
/// reviewed golden result in seeds/expected/ (times and durations aside).
///
/// `make golden` (LECTOR_UPDATE_GOLDEN=1) rewrites the golden files instead of comparing.
struct SeedGoldenTests {
    static let seeds: [String] = {
        let folder = LectorBinary.repositoryRoot.appendingPathComponent("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }()

    @Test func thereAreFiveSeeds() {
        #expect(Self.seeds.count == 5)
    }

    @Test(arguments: seeds)
    func seedResultMatchesItsGolden(seed: String) throws {
        let path = LectorBinary.repositoryRoot.appendingPathComponent("seeds/\(seed)").path
        let run = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try JSONValue.parse(run.stdout)

        #expect(LectorBinary.schema.validate(result) == [])
        #expect(result["status"] == .string("ok"))
        #expect(result.at("processors.text.status") == .string("ok"))

        // Offsets slice the text back: every sentence and paragraph range is inside the text,
        // every sentence inside its paragraph, and no range starts or ends in whitespace.
        let text = Array(try #require(result.at("document.text")?.stringValue).unicodeScalars)
        let segments = try #require(result.at("annotations.segments")).decode(as: Segmentation.self)
        for paragraph in segments.paragraphs {
            #expect(paragraph.range.end <= text.count)
            let slice = String(String.UnicodeScalarView(text[paragraph.range.start..<paragraph.range.end]))
            #expect(slice == slice.trimmingCharacters(in: .whitespacesAndNewlines) && !slice.isEmpty)
            #expect(!slice.contains("\n"), "a paragraph is one line in these seeds")
        }
        for sentence in segments.sentences {
            #expect(segments.paragraphs[sentence.paragraph].range.contains(sentence.range))
            let slice = String(String.UnicodeScalarView(text[sentence.range.start..<sentence.range.end]))
            #expect(!slice.isEmpty && slice == slice.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // The text matches the seed file itself (it is UTF-8 and NFC already, one line per paragraph).
        let original = try String(contentsOfFile: path, encoding: .utf8)
        #expect(String(String.UnicodeScalarView(text)) == original.precomposedStringWithCanonicalMapping)

        let normalized = result.withoutRunFacts
        let goldenPath = LectorBinary.repositoryRoot.appendingPathComponent("seeds/expected/\(seed.replacingOccurrences(of: ".txt", with: ".json"))")
        if ProcessInfo.processInfo.environment["LECTOR_UPDATE_GOLDEN"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try (encoder.encode(normalized) + Data("\n".utf8)).write(to: goldenPath)
            return
        }
        let golden = try JSONValue.parse(Data(contentsOf: goldenPath))
        let difference = normalized.firstDifference(from: golden)
        #expect(difference == nil, "result differs from \(goldenPath.lastPathComponent): \(difference ?? "")")
    }

    @Test func processingIsDeterministic() throws {
        let path = LectorBinary.repositoryRoot.appendingPathComponent("seeds/\(Self.seeds[0])").path
        let first = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, path])
        let second = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig, path])
        let a = try JSONValue.parse(first.stdout).withoutRunFacts
        let b = try JSONValue.parse(second.stdout).withoutRunFacts
        #expect(a == b)
    }
}
