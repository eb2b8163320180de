import Testing

@testable import LectorLanguage

/// The table in ``ScalarClasses`` must answer exactly as the Unicode properties it replaces, for
/// every scalar: the detector's results depend on it letter by letter.
struct ScalarClassesTests {
    static func bmpAndBeyond() -> [Unicode.Scalar] {
        // The whole BMP, and samples beyond it: historic scripts, Han extension B, emoji, tags.
        let beyond: [UInt32] = [0x1_0000, 0x1_0330, 0x1_0400, 0x1_0428, 0x1_1000, 0x1_D400, 0x1_E900, 0x1_E922,
                                0x1_F600, 0x2_0000, 0x2_A6D6, 0x3_0000, 0xE_0041, 0x10_FFFD]
        return (0..<UInt32(0x1_0000)).compactMap(Unicode.Scalar.init) + beyond.compactMap(Unicode.Scalar.init)
    }

    @Test("Letters, marks and scripts are what the general category and ICU say, for every BMP scalar")
    func factsMatchProperties() {
        var mismatches: [String] = []
        var letters = 0
        for scalar in Self.bmpAndBeyond() {
            let facts = ScalarClasses.facts(of: scalar)
            let category = scalar.properties.generalCategory
            let isLetter = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
                .contains(category)
            let isMark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(category)
            // ASCII: the detector's fast path counts only A–Z and a–z (the categories agree).
            if facts.isLetterOrMark != (isLetter || isMark) { mismatches.append("letter/mark \(scalar.value)") }
            let script = ScalarClasses.slowScriptCode(of: scalar)
            if ScalarClasses.scriptCode(of: scalar) != script { mismatches.append("script \(scalar.value)") }
            if isLetter { letters += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        // The BMP has tens of thousands of letters (Han, Hangul, …): the table is not empty.
        #expect(letters > 40_000)
        #expect(ScalarClasses.scriptCode(of: "ب") == ScalarClasses.slowScriptCode(of: "ب"))
        #expect(ScalarClasses.scriptCode(of: "ب") != ScalarClasses.latinCode)
        #expect(ScalarClasses.scriptCode(of: "a") == ScalarClasses.latinCode)
        #expect(ScalarClasses.scriptCode(of: "7") == nil)
        #expect(ScalarClasses.scriptCode(of: "\u{0301}") == nil)
    }

    @Test("Lowercasing from the table is Unicode's lowercase mapping, for every letter and mark")
    func lowercaseMatchesMapping() {
        var mismatches: [UInt32] = []
        for scalar in Self.bmpAndBeyond() where ScalarClasses.facts(of: scalar).isLetterOrMark {
            var lowered: [Unicode.Scalar] = []
            ScalarClasses.appendLowercase(of: scalar, to: &lowered)
            if lowered != Array(scalar.properties.lowercaseMapping.unicodeScalars) { mismatches.append(scalar.value) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        var lowered: [Unicode.Scalar] = []
        for scalar in "ÉΣİA".unicodeScalars { ScalarClasses.appendLowercase(of: scalar, to: &lowered) }
        // İ lowercases to two scalars (i and a combining dot): the table sends it the long way.
        #expect(String(String.UnicodeScalarView(lowered)) == "éσi\u{0307}a")
    }
}
