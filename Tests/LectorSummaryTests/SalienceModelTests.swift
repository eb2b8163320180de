import Foundation
import LectorCore
import LectorText
import Testing

@testable import LectorSummary

struct SalienceModelTests {
    private func ranking(_ text: String, _ values: [String: String] = [:]) throws -> SentenceRanker.Ranking {
        let document = makeDocument(text)
        let segments = try TextProcessor().segment(document)
        let options = try SummaryOptions(configuration: summaryConfiguration(values))
        let scanned = SentenceRanker.scan(document, segments: segments)
        return try SentenceRanker(options: options).rank(scanned, checkpoint: {})
    }

    private static let harbour = """
        The city council approved the new harbour budget on Monday after a long and heated debate.
        The council approved the harbour budget on Monday after the long debate in the city.
        Dredging starts in 2025, and a ferry terminal opens in 2026.
        Opponents of the budget argued that the ferry terminal would cost far more than planned.
        What will the mayor tell the ferry users at the next meeting of the council:
        """

    @Test func featuresFollowTheirNames() throws {
        let ranking = try ranking(Self.harbour)
        #expect(ranking.candidates.count == 5)
        func value(_ name: String, _ index: Int) throws -> Double {
            ranking.features[index].values[try #require(SalienceModel.Features.names.firstIndex(of: name))]
        }
        #expect(ranking.features.allSatisfy { $0.values.count == SalienceModel.Features.names.count })
        func column(_ name: String) throws -> [Double] { try (0..<5).map { try value(name, $0) } }
        let priors: [Double] = [1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5]
        #expect(try column("bias") == [1, 1, 1, 1, 1])
        #expect(try column("position_prior") == priors)
        #expect(try column("second") == [0, 1, 0, 0, 0])
        #expect(try column("third") == [0, 0, 1, 0, 0])
        #expect(try column("last") == [0, 0, 0, 0, 1])
        #expect(try value("lead_similarity", 0) == 1)
        // The restatement is far closer to the lead than the sentence about the opponents.
        #expect(try value("lead_similarity", 1) > 0.5)
        #expect(try value("lead_similarity", 3) < 0.2)
        // "2025" and "2026": two numbers among the third sentence's eleven terms.
        #expect(try value("number_share", 2) == 2.0 / 11.0)
        #expect(try value("number_share", 0) == 0)
        #expect(try value("ends_with_colon", 4) == 1 && value("ends_with_colon", 3) == 0)
        #expect(try value("words_40", 0) == Double(ranking.candidates[0].wordCount) / 40)
        #expect(try column("centrality").max() == 1)
        // One sentence a line: each opens its paragraph; none opens with a quotation mark.
        #expect(try column("opens_paragraph") == [1, 1, 1, 1, 1])
        #expect(try column("opens_with_quotation") == [0, 0, 0, 0, 0])
    }

    @Test func articleSimilarityIsTheCosineWithTheOtherSentences() throws {
        let ranking = try ranking(Self.harbour)
        let count = ranking.candidates.count
        for index in 0..<count {
            // The sum of the other candidates' unit vectors, built term by term.
            var rest: [Int: Double] = [:]
            for other in 0..<count where other != index {
                for entry in ranking.candidates[other].vector { rest[entry.term, default: 0] += entry.weight }
            }
            let norm = rest.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let dot = ranking.candidates[index].vector.reduce(0) { $0 + $1.weight * (rest[$1.term] ?? 0) }
            let column = try #require(SalienceModel.Features.names.firstIndex(of: "article_similarity"))
            let feature = ranking.features[index].values[column]
            #expect(abs(feature - dot / norm) < 1e-9)
        }
    }

    @Test func theScoreIsTheWeightedSumOfTheFeatures() {
        let features = SalienceModel.Features(
            index: 2, count: 6, words: 30, leadSimilarity: 0.25, articleSimilarity: 0.5, numberShare: 0.1,
            endsWithColon: true, endsWithQuestion: false, centrality: 0.75, opensWithQuotation: false,
            opensParagraph: true)
        var weights = [Double](repeating: 0, count: SalienceModel.Features.names.count)
        weights[0] = 0.5  // bias
        weights[3] = 2  // third
        weights[6] = 4  // words / 40
        weights[7] = -1  // similarity to the lead
        // 0.5 + 2 · 1 + 4 · 30/40 − 1 · 0.25
        let expected = 5.25
        #expect(SalienceModel(weights: weights).score(features) == expected)
        #expect(SalienceModel.news.weights.count == SalienceModel.Features.names.count)
    }

    @Test func theOpeningScoresOneAndTheOthersSpanZeroToOne() {
        #expect(SentenceRanker.scaled([-5, 0.2, -0.1, 0.05], first: 0) == [1, 1, 0, 0.5])
        #expect(SentenceRanker.scaled([0.3, 9, 0.3], first: 1) == [1, 1, 1])
        #expect(SentenceRanker.scaled([0.3], first: 0) == [1])
    }

    @Test func theNewsScorerOpensWithTheLeadAndPrefersANewFactToARestatement() throws {
        let ranking = try ranking(Self.harbour)
        #expect(ranking.lead == 0 && ranking.scores[0] == 1)
        let options = try SummaryOptions(configuration: summaryConfiguration(["sentences": "2"]))
        let summary = SummaryProcessor(options: options).select(ranking)
        #expect(summary.first == 0)
        #expect(summary.count == 2 && !summary.contains(1))
    }

    @Test func picksComeFromTheWindowWhileItHasSentencesLeft() throws {
        let ranking = try ranking(Self.harbour)
        func select(_ values: [String: String]) throws -> [Int] {
            SummaryProcessor(options: try SummaryOptions(configuration: summaryConfiguration(values))).select(ranking)
        }
        // A window of two holds only the lead and its restatement; a budget wider than the window widens it.
        #expect(try select(["sentences": "2", "window": "2"]) == [0, 1])
        #expect(try select(["sentences": "3", "window": "1"]) == [0, 1, 2])
        #expect(try select(["sentences": "5", "window": "2"]) == [0, 1, 2, 3, 4])
    }
}
