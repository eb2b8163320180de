import LectorCore
import Testing

@testable import LectorEntities

/// How ``EntityToken/tokenize(_:offset:)`` cuts text, where it matters for the tagger: the training
/// corpora keep hyphenated names and initials whole, so a name cut differently at run time would
/// be tagged from features the model never saw.
struct EntityTokenTests {
    static func texts(_ text: String) -> [String] { EntityToken.tokenize(Array(text.unicodeScalars)).map(\.text) }

    @Test func hyphenatedLatinWordsAndInitialsStayWhole() {
        #expect(
            Self.texts("J. R. R. Tolkien met Claudia Kohde-Kilsch of KSTP-TV in the U.S. on Stargate SG-1.")
                == [
                    "J.", "R.", "R.", "Tolkien", "met", "Claudia", "Kohde-Kilsch", "of", "KSTP-TV", "in", "the", "U.S.",
                    "on", "Stargate", "SG-1", ".",
                ])
    }

    @Test func rangesAbbreviationsAndOtherScriptsAreCutAsBefore() {
        // A range of years, a sentence's last period, an abbreviation and an Arabic-script word
        // beside a hyphen keep their marks apart.
        #expect(Self.texts("In 1995-96 Apple Inc. grew.") == ["In", "1995", "-", "96", "Apple", "Inc", ".", "grew", "."])
        #expect(Self.texts("دار-السلام") == ["دار", "-", "السلام"])
        #expect(Self.texts("A - B") == ["A", "-", "B"])
        // Offsets still cover exactly the token's scalars.
        let tokens = EntityToken.tokenize(Array("Dr J. Smith".unicodeScalars), offset: 10)
        #expect(tokens.map(\.start) == [10, 13, 16] && tokens.map(\.end) == [12, 15, 21])
    }
}
