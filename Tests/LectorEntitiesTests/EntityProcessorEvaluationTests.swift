import LectorCore
import Testing

@testable import LectorEntities

/// ``EntityProcessorEvaluation``: the whole processor's names scored against BIO spans.
struct EntityProcessorEvaluationTests {
    static func sentence(_ pairs: [(String, String)]) -> BIOCorpus.Sentence {
        BIOCorpus.Sentence(tokens: pairs.map(\.0), labels: pairs.map { EntityLabel(tag: Substring($0.1)) })
    }

    @Test func anArticlePerSentenceWithEachTokensOffsets() {
        let (document, segments, ranges) = EntityProcessorEvaluation.article(["Barack", "Obama", "."], id: "x")
        #expect(document.text == "Barack Obama .")
        #expect(ranges == [0..<6, 7..<12, 13..<14])
        #expect(segments.sentences.count == 1 && !segments.sentences[0].isBoilerplate)
        #expect(segments.sentences[0].range == TextRange(start: 0, end: 14))
    }

    @Test func scoresTheNamesTheProcessorReports() throws {
        let corpus = BIOCorpus(sentences: [
            Self.sentence([
                ("Barack", "B-PER"), ("Obama", "I-PER"), ("visited", "O"), ("London", "B-LOC"), ("on", "O"),
                ("Monday", "O"), (".", "O"),
            ]),
            // The gold span is "Bank of England"; a name cut anywhere else counts against precision.
            Self.sentence([
                ("He", "O"), ("worked", "O"), ("for", "O"), ("the", "O"), ("Bank", "B-ORG"), ("of", "I-ORG"),
                ("England", "I-ORG"), (".", "O"),
            ]),
        ])
        let evaluation = EntityProcessorEvaluation(language: "en")
        let outcome = try evaluation.run(corpus, data: "test", part: .all)
        let report = outcome.report
        #expect(report.overall.gold == 3)
        // What the processor reports for the same sentences, counted by hand.
        var predicted = 0
        var correct = 0
        for sentence in corpus.sentences {
            let gold = Set(EntityEvaluation.spans(sentence.labels))
            for (span, _) in try evaluation.spans(sentence.tokens) {
                predicted += 1
                if let span, gold.contains(span) { correct += 1 }
            }
        }
        #expect(report.overall.predicted == predicted && report.overall.correct == correct)
        #expect(correct == 3, "Barack Obama, London and Bank of England are all found")
        #expect(report.types["PERSON"]?.correct == 1 && report.types["ORG"]?.correct == 1)
        #expect(outcome.labels[1].map(\.tag) == ["O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"])
    }
}
