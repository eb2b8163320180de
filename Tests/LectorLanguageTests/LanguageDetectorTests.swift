import Foundation
import LectorCore
import Testing

@testable import LectorLanguage

struct LanguageDetectorTests {
    static let detector = try! LanguageDetector.bundled()

    @Test("Every seed article's main language is right", arguments: SeedArticles.mainLanguages)
    func seedMainLanguage(seed: (file: String, language: String)) throws {
        let document = try SeedArticles.document(seed.file)
        let result = Self.detector.identify(document.text)
        #expect(result.language == seed.language)
        #expect(result.script == "Arab")
        #expect(result.isReliable)
        #expect(result.confidence > 0.9)
        // CLD2 decides; for Urdu the short-text model then chooses among Urdu, Persian and Pashto.
        #expect(result.method.hasPrefix("cld2"))
    }

    @Test(
        "Empty, too short and symbol-only text is und",
        arguments: ["", " \n\t ", "a", "12345 67.89", "!!! ??? ... ---", "🙂🙂🙂 👍", "© 2024 • ™ →"])
    func undetermined(text: String) {
        let result = Self.detector.identify(text)
        #expect(result.language == "und")
        #expect(result.name == "Undetermined")
        #expect(result.confidence == 0)
        #expect(result.spans.isEmpty)
    }

    @Test("Scripts used by one language decide short text", arguments: [
        ("안녕하세요", "ko", "Hang"), ("สวัสดี", "th", "Thai"), ("გამარჯობა", "ka", "Geor"), ("Καλημέρα", "el", "Grek"),
        ("שלום", "he", "Hebr"), ("こんにちは", "ja", "Hira"), ("人人生而自由", "zh", "Hani"), ("ਸਤਿ ਸ੍ਰੀ", "pa", "Guru"),
    ])
    func scriptRules(text: String, language: String, script: String) {
        let result = Self.detector.identify(text)
        #expect(result.language == language)
        #expect(result.script == script)
        #expect(result.method == "script")
    }

    @Test("The same text gives the same result every time")
    func deterministic() throws {
        let text = try SeedArticles.document("001_689a427d6b337e1c.txt").text
        let first = Self.detector.identify(text)
        for _ in 0..<3 { #expect(Self.detector.identify(text) == first) }
        for word in ["droits", "libertad", "haki"] {
            #expect(Self.detector.identify(word) == Self.detector.identify(word))
        }
    }

    @Test("CLD2's full tables are linked: Pashto is not taken for Persian")
    func fullTablesLinked() {
        // UDHR article 1 in Pashto; with the small tables CLD2 answers Persian.
        let pashto = "ټول انسانان ازاد پیدا شوي دي او د حیثیت او حقونو له مخې سره برابر دي. هغوی د عقل او وجدان خاوندان دي او يو له بل سره باید د ورورۍ په روحیه چلند وکړي."
        let result = CLD2().detect(pashto)
        #expect(result.top == "ps")
    }

    @Test("An English lede over a Russian body leaves CLD2's answer, as the whole model's scores decide")
    func farFromTheCloseGroup() {
        // The short-text model, on the first 400 scalars, finds English thousands of nats ahead of
        // every East Slavic language, so it has no say among them: CLD2's Russian stands.
        let result = Self.detector.identify(ShortTextModelTests.englishLede + "\n" + ShortTextModelTests.russianBody)
        #expect(result.language == "ru")
        #expect(result.method == "cld2")
        #expect(result.composition.map(\.language) == ["ru", "en"])
        // The Russian body alone is arbitrated among its relatives, by the restricted model.
        let body = Self.detector.identify(ShortTextModelTests.russianBody)
        #expect(body.language == "ru")
        #expect(body.method == "cld2+short-text-model")
    }
}
