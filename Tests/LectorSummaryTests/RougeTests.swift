import Foundation
import Testing

@testable import LectorSummary

struct RougeTests {
    /// Pairs scored by bench/summary/rouge.py, the Python implementation the peers script uses.
    static let agreement: [[String]] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("rouge-agreement.tsv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }()

    @Test func agreesWithThePythonImplementation() throws {
        #expect(Self.agreement.count >= 8)
        for row in Self.agreement {
            try #require(row.count == 5)
            let rouge = Rouge(candidate: row[0], reference: row[1])
            let expected = row[2...].compactMap(Double.init)
            #expect(abs(rouge.rouge1 - expected[0]) < 1e-9, "ROUGE-1 of \(row[0])")
            #expect(abs(rouge.rouge2 - expected[1]) < 1e-9, "ROUGE-2 of \(row[0])")
            #expect(abs(rouge.rougeL - expected[2]) < 1e-9, "ROUGE-L of \(row[0])")
        }
    }

    @Test func scoresAHandWorkedExample() {
        // Candidate: the cat sat (3), reference: a cat sat down (4); 2 unigrams, 1 bigram, LCS 2.
        let rouge = Rouge(candidate: "The cat sat.", reference: "A cat sat down.")
        #expect(abs(rouge.rouge1 - 2 * (2.0 / 3) * (2.0 / 4) / (2.0 / 3 + 2.0 / 4)) < 1e-12)
        #expect(abs(rouge.rouge2 - 2 * (1.0 / 2) * (1.0 / 3) / (1.0 / 2 + 1.0 / 3)) < 1e-12)
        #expect(rouge.rougeL == rouge.rouge1)
    }

    @Test func keepsArabicAndUrduTokensThatLatinOnlyTokenizersDrop() {
        #expect(Rouge.tokenize("قالت الشرطة، إن 5 أفراد") == ["قالت", "الشرطة", "إن", "5", "أفراد"])
        #expect(Rouge.tokenize("صوبائی پارٹی۔کمیٹی") == ["صوبائی", "پارٹی", "کمیٹی"])
        #expect(Rouge(candidate: "انفجار في أديس أبابا", reference: "انفجار في أديس أبابا").rouge1 == 1)
    }

    @Test func clipsRepeatedNGrams() {
        // "the the the" against "the cat": one match, not three.
        let rouge = Rouge(candidate: "the the the", reference: "the cat")
        #expect(abs(rouge.rouge1 - 2 * (1.0 / 3) * (1.0 / 2) / (1.0 / 3 + 1.0 / 2)) < 1e-12)
    }

    @Test func scoresEmptyTextAsZero() {
        #expect(Rouge(candidate: "", reference: "a b") == Rouge(rouge1: 0, rouge2: 0, rougeL: 0))
        #expect(Rouge(candidate: "a b", reference: "...") == Rouge(rouge1: 0, rouge2: 0, rougeL: 0))
    }
}
