import Foundation
import LectorCore
import LectorTestKit
import Testing

@testable import LectorEntities

struct TrainedListsTests {
    static func sentence(_ text: String, _ tags: String) -> BIOCorpus.Sentence {
        let tokens = text.split(separator: " ").map(String.init)
        let labels = tags.split(separator: " ").map { EntityLabel(tag: $0) }
        precondition(tokens.count == labels.count)
        return .init(tokens: tokens, labels: labels)
    }

    /// Two folds: fold 0 knows the university and the city, fold 1 the party and the city.
    static let sentences = [
        sentence("She studied at New York University .", "O O O B-ORG I-ORG I-ORG O"),
        sentence("He was born in New York .", "O O O O B-LOC I-LOC O"),
        sentence("The Labour Party won in New York .", "O B-ORG I-ORG O O B-LOC I-LOC O"),
        sentence("He joined the Green Party .", "O O O B-ORG I-ORG O"),
        sentence("Boston University is in Boston .", "B-ORG I-ORG O O B-LOC O"),
        sentence("the party is over .", "O O O O O"),
    ]

    static func builder() -> TrainedLists.Builder {
        var builder = TrainedLists.Builder(folds: 2)
        for (number, sentence) in sentences.enumerated() {
            builder.add(sentence, fold: number % 2, index: EntityLexicon.shared.index)
        }
        return builder
    }

    static func tokens(_ text: String) -> SentenceTokens {
        SentenceTokens(words: text.split(separator: " ").map(String.init), index: EntityLexicon.shared.index)
    }

    static func word(_ text: String) -> UInt64 { tokens(text).tokens[0].normalizedHash }

    @Test func matchesTheLongestListedSpanWithItsType() throws {
        var builder = Self.builder()
        let lists = builder.lists(excludingFold: nil)
        var codes: [UInt16] = []
        lists.matchSpans(Self.tokens("They left New York University for New York"), into: &codes)
        let organisation = UInt16(2) << 4
        let location = UInt16(3) << 4
        #expect(codes[0] == 0 && codes[1] == 0)
        #expect(codes[2] >> 8 == 1 && codes[3] >> 8 == 2 && codes[4] >> 8 == 3, "begin, inside, end")
        #expect(codes[2] & 0xF0 == organisation && codes[4] & 0xF0 == organisation)
        #expect(codes[5] == 0)
        #expect(codes[6] >> 8 == 1 && codes[7] >> 8 == 3 && codes[6] & 0xF0 == location)
    }

    @Test func learnsHeadWordsAndNeighboursFromTheSpans() throws {
        var builder = Self.builder()
        let lists = builder.lists(excludingFold: nil)
        // "University" and "Party" end ORG spans; "party" in lower case is the same normalized word,
        // outside a span once in three, so its code is less sure than "University"'s.
        let university = lists.code(Self.word("University"), .last)
        let party = lists.code(Self.word("Party"), .last)
        #expect(university >> 4 == 2 && party >> 4 == 2)
        #expect(university & 0x0C > party & 0x0C)
        #expect(lists.code(Self.word("in"), .before) >> 4 == 3, "'in' comes before places")
        #expect(lists.code(Self.word("studied"), .last) == 0)
        #expect(lists.code(Self.word("the"), .tagged) == 0, "never inside a span")
    }

    @Test func eachFoldSeesOnlyTheOtherFoldsLists() throws {
        var builder = Self.builder()
        let withoutFirst = builder.lists(excludingFold: 0)
        let withoutSecond = builder.lists(excludingFold: 1)
        var codes: [UInt16] = []
        withoutFirst.matchSpans(Self.tokens("New York University"), into: &codes)
        #expect(codes[0] >> 8 == 1 && codes[1] >> 8 == 3 && codes[2] == 0, "the university is listed only by fold 0")
        withoutSecond.matchSpans(Self.tokens("New York University"), into: &codes)
        #expect(codes == [1 << 8 | codes[0] & 0xFF, 2 << 8 | codes[0] & 0xFF, 3 << 8 | codes[0] & 0xFF])
        withoutSecond.matchSpans(Self.tokens("Green Party"), into: &codes)
        #expect(codes == [0, 0], "the party is listed only by fold 1")
    }

    @Test func theListsRoundTripThroughTheModelFile() throws {
        let corpus = BIOCorpus(sentences: Self.sentences)
        let model = TaggerTrainer(options: .init(epochs: 2, bucketBits: 12, folds: 2)).train(corpus, lexicon: .shared)
        #expect(!model.lists.spans.isEmpty && !model.lists.words.isEmpty)
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("m.lner")
        try model.write(to: url)
        let loaded = try TaggerModel(contentsOf: url)
        #expect(loaded.lists == model.lists)
        var cut = try Data(contentsOf: url)
        cut.removeLast(3)
        try cut.write(to: url)
        #expect(throws: ProcessorError.self) { try TaggerModel(contentsOf: url) }
    }
}
