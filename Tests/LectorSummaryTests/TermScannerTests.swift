import Testing

@testable import LectorSummary

struct TermScannerTests {
    private func folded(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)[...]
        return TermScanner.terms(in: scalars).map { TermScanner.folded($0, in: scalars) }
    }

    @Test func cutsWordsInAnyScript() {
        #expect(folded("Hello, World! 2024") == ["hello", "world", "2024"])
        #expect(folded("صوبائی پارٹی کمیٹی، ۲۰۲۴") == ["صوبائی", "پارٹی", "کمیٹی", "۲۰۲۴"])
        #expect(folded("नई दिल्ली में") == ["नई", "दिल्ली", "में"].map { folded($0)[0] })
        #expect(folded("Москва и Київ") == ["москва", "и", "київ"])
    }

    @Test func foldsVowelPointsTatweelAndCase() {
        let plain = TermScanner.terms(in: Array("القاهرة".unicodeScalars)[...])
        let pointed = TermScanner.terms(in: Array("القاهرةُ".unicodeScalars)[...])
        let stretched = TermScanner.terms(in: Array("القاهـــرة".unicodeScalars)[...])
        #expect(plain.map(\.key) == pointed.map(\.key))
        #expect(plain.map(\.key) == stretched.map(\.key))
        #expect(TermScanner.terms(in: Array("Party".unicodeScalars)[...]).map(\.key)
            == TermScanner.terms(in: Array("party".unicodeScalars)[...]).map(\.key))
        #expect(TermScanner.terms(in: Array("party".unicodeScalars)[...]).map(\.key)
            != TermScanner.terms(in: Array("parts".unicodeScalars)[...]).map(\.key))
    }

    @Test func reportsOffsetsCapitalsAndNumbers() {
        let terms = TermScanner.terms(in: Array("Le 18 janvier".unicodeScalars)[...])
        #expect(terms.map(\.start) == [0, 3, 6])
        #expect(terms.map(\.end) == [2, 5, 13])
        #expect(terms.map(\.isCapitalized) == [true, false, false])
        #expect(terms.map(\.isNumber) == [false, true, false])
    }

    @Test(arguments: [
        ("See https://example.com/x", true), ("www.bbc.co.uk/arabic", true), ("HTTP://EXAMPLE.COM", true),
        ("ماخذ: https://baohaiduong.vn/a", true), ("Ratio 3:1 // note", false), ("The web is wide.", false),
    ])
    func findsWebAddresses(text: String, found: Bool) {
        #expect(TermScanner.containsURL(Array(text.unicodeScalars)[...]) == found)
    }
}
