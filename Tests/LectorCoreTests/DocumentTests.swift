import Foundation
import LectorCore
import Testing

struct DocumentTests {
    private func document(_ text: String) -> Document {
        Document(
            id: "x", text: text, decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: "t", size: text.utf8.count, sha256: "x", receivedAt: Date()))
    }

    /// The text of every range of a text with scalars of one, two, three and four UTF-8 bytes, against
    /// the same scalars gathered through `String.UnicodeScalarView`.
    @Test func textOfEveryRangeMatchesItsScalars() {
        let text = "Aé\u{0627}\u{064E}ل中\u{1F600}z\n\u{0301}\u{10FFFF}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"
        let document = document(text)
        let scalars = Array(text.unicodeScalars)
        #expect(document.scalars == scalars)
        for start in 0...scalars.count {
            for end in start...scalars.count {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                let expected = String(view)
                let found = document.text(in: TextRange(start: start, end: end))
                #expect(found == expected)
                #expect(Array(found.utf8) == Array(expected.utf8))
            }
        }
        #expect(document.text(in: document.fullRange) == text)
    }

    @Test func textOfAnEmptyDocumentIsEmpty() {
        let document = document("")
        #expect(document.text(in: document.fullRange).isEmpty)
    }
}
