import Testing

@testable import LectorEntities

/// The tagger's BILOU labels and their mapping to and from the corpus's BIO labels.
struct TagSchemeTests {
    static let person = (begin: EntityLabel.begin(.person)!, inside: EntityLabel.inside(.person)!)
    static let organization = (begin: EntityLabel.begin(.organization)!, inside: EntityLabel.inside(.organization)!)
    static let location = EntityLabel.begin(.location)!

    @Test func bioBecomesBILOUAndBack() {
        let bio: [EntityLabel] = [
            Self.person.begin, Self.person.inside, Self.person.inside, .outside, Self.location,
            Self.organization.begin, Self.organization.inside,
        ]
        // PERSON: B 1, I 2, L 3, U 4; ORG: 5–8; LOCATION: 9–12.
        let bilou = TagScheme.encode(bio)
        #expect(bilou == [1, 2, 3, 0, 12, 5, 7])
        #expect(bilou.map(TagScheme.label) == bio)
        #expect(TagScheme.encode([Self.person.begin]) == [4], "a one-word name is U")
        #expect(TagScheme.encode([Self.person.begin, Self.location]) == [4, 12])
    }

    @Test func aNameOpensWithBeginOrUnitAndClosesWithLast() {
        #expect(TagScheme.allowed(nil, 1) && TagScheme.allowed(nil, 4) && TagScheme.allowed(nil, 0))
        #expect(!TagScheme.allowed(nil, 2) && !TagScheme.allowed(nil, 3))
        // After B-PER or I-PER only I-PER or L-PER.
        for previous in [1, 2] {
            #expect((0..<TagScheme.count).filter { TagScheme.allowed(previous, $0) } == [2, 3])
        }
        // After O, L or U: anything but I or L.
        for previous in [0, 3, 4, 12] {
            #expect((0..<TagScheme.count).filter { TagScheme.allowed(previous, $0) } == [0, 1, 4, 5, 8, 9, 12])
        }
        #expect((0..<TagScheme.count).filter(TagScheme.canEnd) == [0, 3, 4, 7, 8, 11, 12])
    }

    @Test func everyDecodedPathIsValidBIO() throws {
        let model = TaggerTrainer(options: .init(epochs: 2, bucketBits: 12)).train(
            TaggerTrainerTests.corpus, lexicon: .shared)
        let tokens = "Omar Khan Cairo Minister Li Wei visited Madrid Omar".split(separator: " ").map {
            EntityToken(start: 0, end: 0, text: String($0))
        }
        let labels = model.tag(tokens, extractor: FeatureExtractorBox(model: model, lexicon: .shared)).map(\.label)
        for (index, label) in labels.enumerated() {
            #expect(EntityLabel.allowed(index == 0 ? nil : labels[index - 1].index, label.index))
        }
    }
}
