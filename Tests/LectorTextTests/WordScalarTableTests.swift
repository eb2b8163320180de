import Testing

@testable import LectorText

struct WordScalarTableTests {
    /// Every scalar of the Basic Multilingual Plane, and some beyond it, gets from the table the
    /// answers that Unicode's properties and ICU give.
    @Test func answersAsThePropertiesDoForEveryScalar() {
        let table = WordScalarTable.shared
        var checked = 0
        var mismatches: [String] = []
        var values = Array(UInt32(0)..<0x1_0000)
        values += [0x1_0000, 0x1_0300, 0x1_D400, 0x1_F600, 0x2_0000, 0xE_0100, 0x10_FFFF]
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            checked += 1
            if table.isWordScalar(scalar) != ParagraphTokens.slowIsWordScalar(scalar)
                || table.isMark(scalar) != ParagraphTokens.slowIsMark(scalar)
                || table.isDigit(scalar) != ParagraphTokens.slowIsDigit(scalar)
                || table.script(of: scalar) != ParagraphTokens.slowScript(of: scalar)
            {
                mismatches.append("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        #expect(mismatches.isEmpty)
        // All but the 2,048 surrogate code points.
        #expect(checked == values.count - 2_048)
    }

    @Test func knowsLettersMarksDigitsAndScripts() {
        let table = WordScalarTable.shared
        #expect(table.isWordScalar("ک") && table.isWordScalar("a") && table.isWordScalar("۳"))
        #expect(!table.isWordScalar(" ") && !table.isWordScalar("،") && !table.isWordScalar("-"))
        #expect(table.isMark("\u{064E}") && table.isMark("\u{0301}") && !table.isMark("ب"))
        #expect(table.isDigit("7") && table.isDigit("٣") && !table.isDigit("x"))
        #expect(table.script(of: "a") == 25)
        #expect(table.script(of: "ب") == table.script(of: "ک"))
        #expect(table.script(of: "ب") != table.script(of: "a"))
        #expect(table.script(of: "\u{064E}") == -1)
        #expect(table.script(of: "5") == -1)
    }
}
