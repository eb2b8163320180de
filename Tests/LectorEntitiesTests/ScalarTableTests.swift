import Foundation
import Testing

@testable import LectorEntities

/// The scalar tables agree with the definitions they are built from, and the scalars called simple
/// behave as single, already-composed characters in any combination.
struct ScalarTableTests {
    @Test func theTablesAgreeWithTheDefinitionsAboveAndBelowTheLimit() {
        let table = ScalarTable.shared
        for value in stride(from: 0, to: 0x11000, by: 7) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            #expect(table.isWord(scalar) == EntityTokenizer.referenceIsWord(scalar))
            #expect(table.isDigit(scalar) == EntityTokenizer.referenceIsDigit(scalar))
            #expect(table.folded(scalar) == (TokenNormalizer.referenceFold(scalar)?.value ?? TokenNormalizer.dropped))
            #expect(table.shapeClass(scalar) == FeatureExtractor.referenceShapeClass(scalar))
        }
    }

    @Test func simpleScalarsAreComposedCharactersOfTheirOwn() {
        let table = ScalarTable.shared
        let simple = (0..<UInt32(ScalarTable.limit)).compactMap(Unicode.Scalar.init).filter(table.isSimple)
        #expect(simple.count > 900)
        let partners: [Unicode.Scalar] = ["a", "é", "ل", "ی", "’"]
        for scalar in simple {
            #expect(scalar.properties.canonicalCombiningClass == .notReordered)
            for partner in partners {
                for pair in [String(scalar) + String(partner), String(partner) + String(scalar)] {
                    #expect(pair.count == 2, "\(scalar.value) joins \(partner)")
                    let composed = pair.precomposedStringWithCanonicalMapping
                    #expect(Array(composed.unicodeScalars) == Array(pair.unicodeScalars))
                }
            }
        }
    }

    /// The Han, kana and Hangul letters answered without Unicode's tables answer as the
    /// definitions do, every one of them.
    @Test func eastAsianLettersAnswerAsTheDefinitionsDo() {
        let table = ScalarTable.shared
        var count = 0
        for value in UInt32(ScalarTable.limit)...0x2A6DF {
            guard let scalar = Unicode.Scalar(value), ScalarTable.isEastAsianLetter(scalar) else { continue }
            count += 1
            let entry = table.entry(scalar)
            guard EntityTokenizer.referenceIsWord(scalar), !EntityTokenizer.referenceIsDigit(scalar),
                !EntityTokenizer.referenceIsSkipped(scalar),
                TokenNormalizer.referenceFold(scalar) == scalar,
                FeatureExtractor.referenceShapeClass(scalar) == UInt64(entry.shape),
                table.isWord(scalar), !table.isSkipped(scalar), table.folded(scalar) == value,
                entry.folded == value, entry.foldedIsSimple
            else {
                Issue.record("U+\(String(value, radix: 16)) differs from the definitions")
                continue
            }
        }
        #expect(count > 80_000)
    }
}
