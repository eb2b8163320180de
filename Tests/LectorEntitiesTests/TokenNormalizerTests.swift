import Testing

@testable import LectorEntities

struct TokenNormalizerTests {
    @Test func arabicScriptVariantsFoldTogether() {
        #expect(TokenNormalizer.normalize("الإقليميّة") == TokenNormalizer.normalize("الاقليميه"))
        #expect(TokenNormalizer.normalize("كمیٹی") == TokenNormalizer.normalize("کمیٹی"))
        #expect(TokenNormalizer.normalize("ســـلام") == "سلام")
        #expect(TokenNormalizer.normalize("سہ ماہی") == TokenNormalizer.normalize("سه ماهي"))
    }

    @Test func digitsOfEveryScriptBecomeASCII() {
        #expect(TokenNormalizer.normalize("٢٠٢٤") == "2024")
        #expect(TokenNormalizer.normalize("۲۰۲۴") == "2024")
        #expect(TokenNormalizer.normalize("١٬٧٤٣") == "1,743")
    }

    @Test func latinIsLowercasedWithoutAccents() {
        #expect(TokenNormalizer.normalize("Nguyễn") == "nguyen")
        #expect(TokenNormalizer.normalize("ĐÀ") == "đa" || TokenNormalizer.normalize("ĐÀ") == "da")
    }

    @Test func stemsLoseArabicProclitics() {
        #expect(TokenNormalizer.stem(TokenNormalizer.normalize("والمدينة")) == "مدينه")
        #expect(TokenNormalizer.stem(TokenNormalizer.normalize("بالمدينة")) == "مدينه")
        #expect(TokenNormalizer.stem(TokenNormalizer.normalize("للحزب")) == "حزب")
        #expect(TokenNormalizer.stem("party") == "party")
    }

    @Test func tokensKeepNumbersWholeAndSplitPunctuation() {
        let tokens = EntityToken.tokenize("نے 1,743 ماڈل، (VNA) O'Brien".unicodeScalars)
        #expect(tokens.map(\.text) == ["نے", "1,743", "ماڈل", "،", "(", "VNA", ")", "O'Brien"])
        #expect(tokens[1].start == 3 && tokens[1].end == 8)
    }
}
