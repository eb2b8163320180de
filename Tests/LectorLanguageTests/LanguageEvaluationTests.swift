import Foundation
import Testing

@testable import LectorLanguage

struct LanguageEvaluationTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lector-langeval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("A TSV of lang<TAB>text lines is read, with header and blank lines skipped")
    func parsesTSV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("items.tsv")
        try "lang\ttext\nen\tEveryone has the right to life.\n\nfr\tTous les êtres humains naissent libres.\nno tab here\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let items = try LanguageEvaluation.load(path: file.path)
        #expect(items.map(\.language) == ["en", "fr"])
        #expect(items[1].text == "Tous les êtres humains naissent libres.")
    }

    @Test("A folder of LANG.txt files is read one text per line, LICENSE files skipped")
    func parsesFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Jeder hat das Recht auf Leben.\nNiemand darf gefoltert werden.\n"
            .write(to: folder.appendingPathComponent("de.txt"), atomically: true, encoding: .utf8)
        try "Kila mtu ana haki ya kuishi.\n".write(
            to: folder.appendingPathComponent("sw.txt"), atomically: true, encoding: .utf8)
        try "MIT License\n".write(to: folder.appendingPathComponent("LICENSE-data.txt"), atomically: true, encoding: .utf8)
        try "ignored\n".write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        let items = try LanguageEvaluation.load(path: folder.path)
        #expect(items.map(\.language) == ["de", "de", "sw"])
        #expect(items[2].text == "Kila mtu ana haki ya kuishi.")
    }

    @Test("Decomposed input is normalized to NFC when read")
    func normalizesToNFC() throws {
        let items = LanguageEvaluation.parseTSV("vi\tTie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t\n")
        #expect(items.first?.text == "Tiếng Việt")
        #expect(items.first?.text.unicodeScalars.count == 10)
    }

    @Test("A missing path and an empty file are errors")
    func loadErrors() throws {
        #expect(throws: LanguageEvaluation.LoadError.self) { try LanguageEvaluation.load(path: "/nonexistent/lector") }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.tsv")
        try "\n\n".write(to: empty, atomically: true, encoding: .utf8)
        #expect(throws: LanguageEvaluation.LoadError.self) { try LanguageEvaluation.load(path: empty.path) }
    }

    @Test("Tags are compared as languages", arguments: [
        ("he", "iw", true), ("nb", "no", true), ("zh", "zh-Hant", true), ("tl", "fil", true), ("ur", "hi", false),
        ("hr", "sr", false), ("en", "und", false),
    ])
    func comparesTags(expected: String, detected: String, same: Bool) {
        #expect(LanguageEvaluation.sameLanguage(expected, detected) == same)
    }

    @Test("A run counts correct, wrong and undetermined answers per language")
    func scoresRun() throws {
        let items = [
            LanguageEvaluation.Item(language: "en", text: "Everyone has the right to life, liberty and security of person."),
            LanguageEvaluation.Item(language: "fr", text: "Everyone has the right to life, liberty and security of person."),
            LanguageEvaluation.Item(language: "de", text: "!!!"),
        ]
        let report = LanguageEvaluation(detector: LanguageDetectorTests.detector).run(items, data: "inline")
        #expect(report.items == 3)
        #expect(report.correct == 1)
        #expect(report.undetermined == 1)
        #expect(report.languages.map(\.language) == ["de", "en", "fr"])
        #expect(report.languages.map(\.correct) == [0, 1, 0])
        #expect(report.bytes == items.reduce(0) { $0 + $1.text.utf8.count })
        let json = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(LanguageEvaluation.Report.self, from: json)
        #expect(decoded == report)
    }
}
