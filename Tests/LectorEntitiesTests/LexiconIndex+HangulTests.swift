import LectorCore
import Testing

@testable import LectorEntities

/// Korean gazetteer names with and without the particles that stick to them
/// (``LexiconIndex/longestHangulPhrase(in:at:types:)``).
struct LexiconIndexHangulTests {
    /// The phrase found at the first token of `text`, as (canonical name, matched text), or nil.
    private func phrase(_ text: String, lexicon: EntityLexicon = .shared) -> (String?, String)? {
        let scalars = Array(text.unicodeScalars)
        var sentence = SentenceTokens(index: lexicon.index)
        sentence.tokenize(scalars[...], offset: 0)
        guard let (found, end) = lexicon.index.longestHangulPhrase(in: sentence, at: 0, types: 0xFF) else {
            return nil
        }
        return (found.phrase.canonical, String(String.UnicodeScalarView(scalars[0..<end])))
    }

    @Test func aNameEndsBeforeItsParticle() throws {
        #expect(try #require(phrase("프랑스의 대통령")) == ("France", "프랑스"))
        #expect(try #require(phrase("미국과 중국은")) == ("United States", "미국"))
        #expect(try #require(phrase("대한민국에서는 선거가")) == ("South Korea", "대한민국"))
        #expect(try #require(phrase("일본 정부는")) == ("Japan", "일본"))
    }

    @Test func aNameThatEndsLikeAParticleMatchesAsWritten() throws {
        // 파라과이 (Paraguay) ends in 이, a particle.
        #expect(try #require(phrase("파라과이 대표")) == ("Paraguay", "파라과이"))
        #expect(try #require(phrase("파라과이의 수도")) == ("Paraguay", "파라과이"))
    }

    @Test func theLastWordOfALongerNameCarriesTheParticle() throws {
        let lexicon = try EntityLexicon.shared.adding(gazetteer: "LOCATION\t서울 특별시\tSeoul\n")
        #expect(try #require(phrase("서울 특별시에서 열린", lexicon: lexicon)) == ("Seoul", "서울 특별시"))
        #expect(try #require(phrase("서울 특별시 의회", lexicon: lexicon)) == ("Seoul", "서울 특별시"))
    }

    @Test func otherEndingsAndEverydayNounsAreNoNames() throws {
        #expect(phrase("미국인 관광객") == nil, "an American is not the United States")
        #expect(phrase("수단으로서 반란을") == nil, "수단 with a particle is the noun, a means")
        #expect(try #require(phrase("수단 정부는")) == ("Sudan", "수단"))
    }
}
