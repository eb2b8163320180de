import Configuration
import LectorCore
import Testing

@testable import LectorSummary

struct SummaryOptionsTests {
    @Test func anEmptySectionGivesTheDefaults() throws {
        #expect(try SummaryOptions(configuration: summaryConfiguration([:])) == SummaryOptions())
    }

    @Test func valuesAreRead() throws {
        let options = try SummaryOptions(
            configuration: summaryConfiguration([
                "sentences": "5", "max_words": "120", "ratio": "0.25", "redundancy": "0.3", "keywords": "0",
            ]))
        #expect(options.sentences == 5 && options.maxWords == 120 && options.ratio == 0.25)
        #expect(options.redundancy == 0.3 && options.keywords == 0)
        #expect(SummaryOptions().mainPerson)
        #expect(try !SummaryOptions(configuration: summaryConfiguration(["main_person": "false"])).mainPerson)
        #expect(!SummaryOptions().trim)
        #expect(try SummaryOptions(configuration: summaryConfiguration(["trim": "true"])).trim)
    }

    @Test(arguments: [
        ("sentences", "0"), ("sentences", "three"), ("ratio", "1.5"), ("max_words", "-1"),
        ("redundancy", "2"), ("keywords", "many"), ("keyword_max_words", "9"), ("scorer", "lexrank"), ("window", "-1"),
        ("main_person", "maybe"), ("trim", "clause"),
    ])
    func aBadValueNamesItsKey(key: String, value: String) {
        #expect {
            try SummaryOptions(configuration: summaryConfiguration([key: value]))
        } throws: { error in
            guard case ProcessorError.invalidConfiguration(let reported, _) = error else { return false }
            return reported == key
        }
    }

    @Test func theScorerIsNewsUnlessGraphIsAsked() throws {
        #expect(try SummaryOptions(configuration: summaryConfiguration([:])).scorer == .news)
        #expect(try SummaryOptions(configuration: summaryConfiguration(["scorer": "graph"])).scorer == .graph)
        #expect(SummaryOptions.options.first { $0.key == "scorer" }?.allowed == ["news", "graph"])
    }

    @Test func bothWeightsZeroIsRejected() {
        #expect(throws: ProcessorError.self) {
            try SummaryOptions(configuration: summaryConfiguration(["position_weight": "0", "centrality_weight": "0"]))
        }
    }

    @Test(arguments: [(10, 0.0, 3), (2, 0.0, 2), (40, 0.1, 3), (40, 0.05, 2), (3, 0.01, 1), (0, 0.5, 0)])
    func theSentenceBudgetIsTheTightestLimit(eligible: Int, ratio: Double, budget: Int) {
        var options = SummaryOptions()
        options.ratio = ratio
        #expect(options.sentenceBudget(eligible: eligible) == budget)
    }

    @Test func everyOptionIsListed() {
        let keys = SummaryOptions.options.map(\.key)
        #expect(keys.count == 19)
        #expect(Set(keys).count == keys.count)
    }
}
