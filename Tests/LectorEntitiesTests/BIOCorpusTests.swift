import Foundation
import LectorCore
import LectorTestKit
import Testing

@testable import LectorEntities

struct BIOCorpusTests {
    private func corpus(_ text: String) throws -> BIOCorpus {
        let folder = try TemporaryFolder()
        return try BIOCorpus(path: try folder.write("data.txt", text: text))
    }

    @Test func readsTabsColumnsAndTrailingTags() throws {
        let sentences = try corpus("دايو\tB-ORG\nشركة\tI-ORG\n\nJohn NNP B-PER\nran VBD O\n\nفي O\nتونس B-LOC\n")
            .sentences
        #expect(sentences.map(\.tokens) == [["دايو", "شركة"], ["John", "ran"], ["في", "تونس"]])
        #expect(sentences[0].labels == [EntityLabel.begin(.organization)!, EntityLabel.inside(.organization)!])
        #expect(sentences[1].labels == [EntityLabel.begin(.person)!, .outside])
        #expect(sentences[2].labels == [.outside, EntityLabel.begin(.location)!])
    }

    @Test func miscIsOutsideAndOrphanInsidesBegin() throws {
        let sentence = try corpus("الدوري B-MISC\nالأوروبي I-MISC\nبرشلونة I-ORG\no O\n").sentences[0]
        #expect(sentence.labels == [.outside, .outside, EntityLabel.begin(.organization)!, .outside])
        #expect(EntityLabel(tag: "B-PERS") == EntityLabel.begin(.person))
    }

    @Test func aLineWithoutATagIsAnErrorNamingTheLine() throws {
        #expect(throws: ProcessorError.self) { try corpus("ok O\n\nbroken\n") }
        #expect(throws: ProcessorError.self) { try corpus("word\tNOUN\n") }
    }

    /// The corpus cut as the processor cuts text, its labels following the pieces.
    @Test func retokenizedSentencesCarryTheirLabelsToThePieces() {
        func sentence(_ pairs: [(String, String)]) -> BIOCorpus.Sentence {
            BIOCorpus.Sentence(tokens: pairs.map(\.0), labels: pairs.map { EntityLabel(tag: Substring($0.1)) })
        }
        // A comma attached inside a place continues it; attached after its last word, it is outside.
        let urdu = sentence([("ویسٹ", "B-LOC"), ("ہیون،", "I-LOC"), ("کنیکٹیکٹ،", "I-LOC"), ("امریکا", "B-LOC")])
        let (cut, origin) = urdu.retokenized()
        #expect(cut.tokens == ["ویسٹ", "ہیون", "،", "کنیکٹیکٹ", "،", "امریکا"])
        #expect(cut.labels.map(\.tag) == ["B-LOC", "I-LOC", "I-LOC", "I-LOC", "O", "B-LOC"])
        #expect(origin == [0, 1, 1, 2, 2, 3])
        // A mark before a name's first word is outside; outside tokens' pieces stay outside;
        // tokens the processor keeps whole are kept whole.
        let english = sentence([
            ("''Pale", "B-ORG"), ("''", "I-ORG"), ("(", "O"), ("1990)", "O"), ("Kohde-Kilsch", "B-PER"), ("'s", "O"),
        ])
        let (english2, _) = english.retokenized()
        #expect(english2.tokens == ["'", "'", "Pale", "'", "'", "(", "1990", ")", "Kohde-Kilsch", "'", "s"])
        #expect(
            english2.labels.map(\.tag) == ["O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-PER", "O", "O"])
        // Spans of the pieces map back to spans of the corpus's tokens.
        let spans = EntityEvaluation.spans(cut.labels, origin: origin)
        #expect(spans.map { [$0.start, $0.end] } == [[0, 3], [3, 4]])
    }

    @Test func theSplitIsDeterministicAndKeepsRepeatsTogether() throws {
        var text = ""
        for index in 0..<400 { text += "word\(index % 150)\tO\nname\tB-PER\n\n" }
        let whole = try corpus(text)
        let dev = whole.part(.dev)
        let train = whole.part(.train)
        #expect(dev.sentences.count + train.sentences.count == 150)
        #expect(Set(dev.sentences.map(\.key)).isDisjoint(with: Set(train.sentences.map(\.key))))
        #expect((5...30).contains(dev.sentences.count))
        #expect(try corpus(text).part(.dev).sentences == dev.sentences)
        // The split is FNV-1a 64 of the space-joined tokens, the definition the peer script shares.
        #expect(
            BIOCorpus.isDev(.init(tokens: ["word17", "name"], labels: [.outside, .outside]))
                == (fnv("word17 name") % 10 == 0))
    }

    private func fnv(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
