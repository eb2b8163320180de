import Foundation
import Testing

@testable import LectorEntities

/// How Chinese, Japanese and Korean text is cut into tokens, and the scalar classes behind it.
struct EastAsianScriptTests {
    private func tokens(_ text: String) -> [String] { EntityToken.tokenize(text.unicodeScalars).map(\.text) }

    @Test func ideographsAndKanaAreTokensOfTheirOwnBesideNumbersAndLatin() {
        #expect(tokens("2024年11月20日在北京") == ["2024", "年", "11", "月", "20", "日", "在", "北", "京"])
        #expect(tokens("APEC会议，３．５％") == ["APEC", "会", "议", "，", "３", "．", "５", "％"])
        #expect(tokens("フランスの100億円") == ["フ", "ラ", "ン", "ス", "の", "100", "億", "円"])
        // A combining voicing mark stays with its kana.
        #expect(tokens("か\u{3099}く") == ["か\u{3099}", "く"])
    }

    @Test func hangulWordsAreCutFromDigitsOnly() {
        #expect(tokens("2024년 11월 20일에 프랑스의") == ["2024", "년", "11", "월", "20", "일에", "프랑스의"])
        #expect(tokens("3억원을 LG전자가") == ["3", "억원을", "LG", "전자가"])
    }

    @Test func otherScriptsAreCutAsBefore() {
        #expect(tokens("13ویں نیشنل پارٹی 1,743") == ["13ویں", "نیشنل", "پارٹی", "1,743"])
        #expect(tokens("O'Brien paid $4.5") == ["O'Brien", "paid", "$", "4.5"])
    }

    @Test func particlesAreFoundAtTheEndOfAKoreanWord() {
        func lengths(_ word: String) -> [Int] { EastAsianScript.particleLengths(Array(word.unicodeScalars)[...]) }
        #expect(lengths("프랑스의") == [1])
        #expect(lengths("서울에서는") == [3, 1])
        #expect(lengths("서울에서") == [2])
        #expect(lengths("미국인") == [])
        #expect(lengths("의") == [], "a particle alone leaves no word")
    }

    /// Every scalar taken as East Asian is a word scalar, and those called simple behave as single
    /// composed characters next to each other and to Latin, Arabic, Han, kana and Hangul.
    @Test func eastAsianScalarsAreWordsAndTheSimpleOnesStayApart() {
        let table = ScalarTable.shared
        var simple = 0
        for value in stride(from: 0x3000, to: 0x2A6E0, by: 13) {
            guard let scalar = Unicode.Scalar(UInt32(value)), EastAsianScript.isEastAsian(scalar) else { continue }
            #expect(EntityTokenizer.referenceIsWord(scalar), "\(value)")
            guard table.isSimple(scalar) else { continue }
            simple += 1
            #expect(scalar.properties.canonicalCombiningClass == .notReordered)
            for partner: Unicode.Scalar in ["a", "ل", "国", "カ", "국"] {
                for pair in [String(scalar) + String(partner), String(partner) + String(scalar)] {
                    #expect(pair.count == 2, "\(value) joins \(partner)")
                    #expect(
                        Array(pair.precomposedStringWithCanonicalMapping.unicodeScalars) == Array(pair.unicodeScalars))
                }
            }
        }
        #expect(simple > 5_000)
        // Compatibility ideographs decompose: never simple.
        #expect(!table.isSimple("\u{F900}"))
    }
}
