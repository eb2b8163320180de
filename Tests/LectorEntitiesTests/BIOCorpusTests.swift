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
