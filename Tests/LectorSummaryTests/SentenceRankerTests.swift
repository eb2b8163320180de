import Foundation
import LectorCore
import LectorText
import Testing

@testable import LectorSummary

struct SentenceRankerTests {
    /// The cosine of two sparse vectors sorted by term id, by merging them: the plain definition the
    /// ranker's dense-row product must agree with to the last bit.
    private func mergedCosine(_ a: [(term: Int, weight: Double)], _ b: [(term: Int, weight: Double)]) -> Double {
        var i = 0, j = 0, sum = 0.0
        while i < a.count, j < b.count {
            if a[i].term == b[j].term {
                sum += a[i].weight * b[j].weight
                i += 1
                j += 1
            } else if a[i].term < b[j].term {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }

    @Test(arguments: SeedArticles.files)
    func similaritiesAreTheMergedCosinesExactly(file: String) throws {
        let document = try SeedArticles.document(file)
        let segments = try TextProcessor().segment(document)
        let scanned = SentenceRanker.scan(document, segments: segments)
        let ranking = try SentenceRanker(options: SummaryOptions()).rank(scanned, checkpoint: {})
        let count = ranking.candidates.count
        #expect(count >= 5)
        #expect(ranking.similarity.count == count * count)
        var mismatches = 0
        var positive = 0
        for a in 0..<count {
            #expect(ranking.similarity(a, a) == 1)
            // Term ids ascend within each vector, which the merge relies on.
            #expect(ranking.candidates[a].vector.map(\.term) == ranking.candidates[a].vector.map(\.term).sorted())
            for b in 0..<count where b != a {
                let expected = mergedCosine(ranking.candidates[min(a, b)].vector, ranking.candidates[max(a, b)].vector)
                if ranking.similarity(a, b).bitPattern != expected.bitPattern { mismatches += 1 }
                if expected > 0 { positive += 1 }
            }
        }
        #expect(mismatches == 0)
        // Sentences of one article share words: most pairs have some similarity.
        #expect(positive > count * (count - 1) / 4)
    }

    @Test func sentencesWithoutSharedTermsHaveNoSimilarity() throws {
        let document = makeDocument(
            """
            Apples grow on trees in orchards.

            Rivers carry water toward distant seas.

            Apples ripen in orchards every autumn.
            """)
        let segments = try TextProcessor().segment(document)
        let ranking = try SentenceRanker(options: SummaryOptions()).rank(
            SentenceRanker.scan(document, segments: segments), checkpoint: {})
        #expect(ranking.candidates.count == 3)
        #expect(ranking.similarity(0, 1) == 0 && ranking.similarity(1, 2) == 0)
        #expect(ranking.similarity(0, 2) > 0 && ranking.similarity(0, 2) < 1)
        #expect(ranking.similarity(0, 2) == ranking.similarity(2, 0))
    }

    @Test func knowsTheMarksThatOpenAQuotation() {
        let marks: [Unicode.Scalar] = ["\"", "'", "«", "»", "“", "”", "‘", "’", "„", "‚", "「", "『", "〝", "＂", "‹"]
        #expect(marks.allSatisfy(SentenceRanker.isQuotationMark))
        let others: [Unicode.Scalar] = ["a", "ب", "7", ".", "(", "[", "-", " ", "،", "」", "』"]
        #expect(!others.contains(where: SentenceRanker.isQuotationMark))
    }
}
