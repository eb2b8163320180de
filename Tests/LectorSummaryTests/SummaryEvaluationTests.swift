import Foundation
import LectorCore
import LectorText
import Testing

@testable import LectorSummary

struct SummaryEvaluationTests {
    private func write(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("summ-\(UUID().uuidString).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func scoresArticlesAgainstReferences() throws {
        let article = """
            {"id": "a", "lang": "en", "text": "Floods closed the northern highway on Monday.\\nRescue teams reached the villages by boat.\\nOfficials expect the river to fall.", "summary": "Floods closed the northern highway on Monday.", "title": "ignored"}
            """
        let path = try write([article, ""])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = try SummaryEvaluation.load(path: path)
        #expect(items.count == 1)
        let segmenter = TextProcessor()
        let evaluation = SummaryEvaluation(processor: SummaryProcessor(options: { var o = SummaryOptions(); o.sentences = 1; return o }())) {
            try segmenter.segment($0)
        }
        let report = try evaluation.run(items, data: path)
        #expect(report.items == 1 && report.sentences == 1)
        // The first sentence is the reference: Lector, Lead-1 and the oracle all score 100.
        #expect(report.lector == SummaryEvaluation.Figures(rouge1: 100, rouge2: 100, rougeL: 100))
        #expect(report.lead == report.lector && report.oracle == report.lector)
        #expect(report.boilerplateSelected == 0)
        #expect(report.articlesPerSecond > 0 && report.pipelineArticlesPerSecond > 0)
        #expect(report.table.contains("lead-1"))
        let json = try JSONValue.parse(JSONEncoder().encode(report))
        #expect(json["articles_per_second"] != nil && json["lector"]?["rouge_1"] == .number(100))
    }

    @Test func rejectsAMalformedLineWithItsNumber() throws {
        let path = try write(["{\"id\": \"a\", \"lang\": \"en\", \"text\": \"x\", \"summary\": \"x\"}", "{not json"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try SummaryEvaluation.load(path: path)
        } throws: { error in
            String(describing: error).contains(":2:")
        }
    }
}
