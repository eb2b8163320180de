import Testing

@testable import LectorLanguage

struct ClosePairMarkersTests {
    static let detector = try! LanguageDetector.bundled()
    static let mkSr = ClosePairMarkers.macedonianSerbian
    static let idMs = ClosePairMarkers.indonesianMalay

    // UDHR article 1 in Macedonian (ѓ in "раѓаат") and in Serbian (ђ in "рађају", ћ in "свешћу").
    static let macedonian = """
        Сите човечки суштества се раѓаат слободни и еднакви по достоинство и права. Тие се обдарени \
        со разум и совест и треба да се однесуваат еден кон друг во духот на братството.
        """
    static let serbian = """
        Сва људска бића рађају се слободна и једнака у достојанству и правима. Она су обдарена разумом \
        и свешћу и треба једни према другима да поступају у духу братства.
        """
    // Held-out UDHR paragraphs: CLD2 alone answers Serbian for `macedonianPlain`, Malay for `indonesianHeldOut`.
    static let macedonianPlain = """
        Никој нема да биде подложен на тортура или на суров, нехуман или понижувачки третман или казна.
        """
    static let indonesian = """
        Setiap orang berhak mencari dan menikmati suaka di negeri lain untuk melindungi diri dari pengejaran. \
        Hak ini tidak berlaku untuk kasus pengejaran yang benar-benar timbul karena kejahatan-kejahatan yang tak \
        berhubungan dengan politik, atau karena perbuatan-perbuatan yang bertentangan dengan tujuan dan dasar \
        Perserikatan Bangsa-Bangsa.
        """
    static let indonesianHeldOut = """
        Setiap orang mempunyai hak atas kebebasan berkumpul dan berserikat secara damai. Tidak seorang pun \
        boleh dipaksa untuk memasuki sesuatu perkumpulan.
        """
    // Standard Malay (Malaysia), written for these tests.
    static let malay = """
        Sesiapa pun tidak boleh ditangkap, ditahan atau dibuang negeri secara sewenang-wenangnya kerana \
        pendapat politiknya. Setiap orang berhak mendapat pendidikan, dan pendidikan hendaklah percuma \
        sekurang-kurangnya pada peringkat rendah.
        """

    @Test("Macedonian-only letters overrule CLD2's Serbian")
    func macedonianLetters() throws {
        let verdict = try #require(Self.mkSr.verdict(Array(Self.macedonian.unicodeScalars), cld2Top: "sr"))
        #expect(verdict.language == "mk")
        #expect(verdict.share == 1)
        #expect(verdict.evidence.firstLetters == 1)
        #expect(verdict.evidence.secondLetters == 0)
        // сите, со, во are Macedonian words; nothing Serbian.
        #expect(verdict.evidence.firstWords == 3)
        #expect(verdict.evidence.secondWords == 0)
        // CLD2 already right: nothing to overrule.
        #expect(Self.mkSr.verdict(Array(Self.macedonian.unicodeScalars), cld2Top: "mk") == nil)
    }

    @Test("Serbian with ђ and ћ is never turned into Macedonian, and overrules CLD2's Macedonian")
    func serbianLetters() throws {
        let scalars = Array(Self.serbian.unicodeScalars)
        #expect(Self.mkSr.verdict(scalars, cld2Top: "sr") == nil)
        let verdict = try #require(Self.mkSr.verdict(scalars, cld2Top: "mk"))
        #expect(verdict.language == "sr")
        #expect(verdict.evidence.secondLetters == 3)
        #expect(verdict.evidence.firstLetters == 0)
        // Both kinds of letters: the letters cancel, CLD2's answer stands whichever it is.
        let mixed = Array((Self.serbian + " " + Self.macedonian).unicodeScalars)
        #expect(Self.mkSr.verdict(mixed, cld2Top: "sr") == nil)
        #expect(Self.mkSr.verdict(mixed, cld2Top: "mk") == nil)
    }

    @Test("Without the special letters, marker words decide only by a margin")
    func cyrillicWords() throws {
        let verdict = try #require(Self.mkSr.verdict(Array(Self.macedonianPlain.unicodeScalars), cld2Top: "sr"))
        #expect(verdict.language == "mk")  // "биде"
        // Serbian without ђ or ћ: "свако" and "је" are Serbian; it stays Serbian.
        let plainSerbian = Array(
            "Свако има право на живот, слободу и безбедност личности, што је основ свега.".unicodeScalars)
        #expect(Self.mkSr.verdict(plainSerbian, cld2Top: "sr") == nil)
        // Two Macedonian words against one Serbian one are no margin.
        #expect(Self.mkSr.verdict(Array("Он је дома, таа е во градот.".unicodeScalars), cld2Top: "sr") == nil)
        // Nothing either way: CLD2's answer stands.
        #expect(Self.mkSr.verdict(Array("Право на живот и слобода.".unicodeScalars), cld2Top: "sr") == nil)
    }

    @Test("Cyrillic without ј љ њ џ is not settled here: Bulgarian taken for Macedonian stays with CLD2")
    func otherCyrillic() {
        // UDHR article 1 in Bulgarian: "са" ("are") is a Serbian marker word, but no ј љ њ џ.
        let bulgarian = Array("""
            Всички хора се раждат свободни и равни по достойнство и права. Те са надарени с разум и съвест \
            и следва да се отнасят помежду си в дух на братство.
            """.unicodeScalars)
        #expect(Self.mkSr.scan(bulgarian).secondWords == 1)
        #expect(Self.mkSr.verdict(bulgarian, cld2Top: "mk") == nil)
        #expect(Self.detector.identify(String(String.UnicodeScalarView(bulgarian))).language == "bg")
    }

    @Test("Indonesian spellings overrule CLD2's Malay")
    func indonesianWords() throws {
        let verdict = try #require(Self.idMs.verdict(Array(Self.indonesian.unicodeScalars), cld2Top: "ms"))
        #expect(verdict.language == "id")
        // karena twice, Perserikatan (capitalized) once.
        #expect(verdict.evidence.firstWords == 3)
        #expect(verdict.evidence.secondWords == 0)
        #expect(Self.idMs.verdict(Array("TIDAK HADIR KARENA SAKIT".unicodeScalars), cld2Top: "ms")?.language == "id")
        #expect(Self.idMs.verdict(Array("Kualitas dan aktivitas universitas itu baik.".unicodeScalars), cld2Top: "ms")?
            .evidence.firstWords == 3)
    }

    @Test("Malay with kerana, sesiapa and hendaklah is never turned into Indonesian")
    func malayWords() throws {
        let scalars = Array(Self.malay.unicodeScalars)
        #expect(Self.idMs.verdict(scalars, cld2Top: "ms") == nil)
        let verdict = try #require(Self.idMs.verdict(scalars, cld2Top: "id"))
        #expect(verdict.language == "ms")
        #expect(verdict.evidence.secondWords == 3)
        // One Indonesian spelling among four Malay ones is no margin for Indonesian.
        let mostlyMalay = Array(
            "Syarikat itu membayar wang kerana pengurus berkata bahawa perbedaan gaji kecil.".unicodeScalars)
        #expect(Self.idMs.verdict(mostlyMalay, cld2Top: "ms") == nil)
        #expect(Self.idMs.verdict(mostlyMalay, cld2Top: "id")?.language == "ms")
        // Shared words and reduplications are no markers: boleh, harus, mana-mana, -nya.
        let shared = Array("Dia boleh pergi ke mana-mana dan harus membawa bukunya.".unicodeScalars)
        #expect(Self.idMs.scan(shared) == ClosePairMarkers.Evidence())
        // Malay -syen and -iti, Indonesian -itas.
        let endings = Array("Konvensyen tentang kualiti pendidikan yang mereka teliti.".unicodeScalars)
        #expect(Self.idMs.scan(endings) == ClosePairMarkers.Evidence(secondWords: 2))
    }

    @Test("The detector answers the right member of each pair", arguments: [
        (macedonian, "mk"), (macedonianPlain, "mk"), (serbian, "sr"), (indonesian, "id"), (indonesianHeldOut, "id"),
        (malay, "ms"),
    ])
    func detector(text: String, language: String) {
        let result = Self.detector.identify(text)
        #expect(result.language == language)
        #expect(result.script == (language == "mk" || language == "sr" ? "Cyrl" : "Latn"))
        // No span is left in the language overruled.
        #expect(result.spans.allSatisfy { $0.language != (language == "mk" ? "sr" : "ms") })
    }

    @Test("The markers overrule CLD2 on held-out paragraphs it gets wrong", arguments: [
        (macedonianPlain, "sr", "mk"), (indonesianHeldOut, "ms", "id"),
    ])
    func overrulesCLD2(text: String, cld2Answer: String, language: String) {
        #expect(CLD2().detect(text).top == cld2Answer)
        let result = Self.detector.identify(text)
        #expect(result.language == language)
        #expect(result.method == "cld2+markers")
        #expect(result.alternatives.isEmpty)  // no evidence for CLD2's answer: share 1
        #expect(result.confidence > 0.5)
    }

    @Test("Only the pairs' languages have markers")
    func pairs() {
        #expect(ClosePairMarkers.pair(naming: "sr")?.first == "mk")
        #expect(ClosePairMarkers.pair(naming: "ms")?.first == "id")
        #expect(ClosePairMarkers.pair(naming: "hr") == nil)
        #expect(Self.idMs.verdict(Array(Self.indonesian.unicodeScalars), cld2Top: "en") == nil)
    }
}
