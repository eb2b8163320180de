import Testing

@testable import LectorLanguage

/// Every text here was written for these tests (none is from the UDHR data the figures are
/// measured on).
struct SerboCroatianMarkersTests {
    static let markers = SerboCroatianMarkers.shared

    // Croatian: tko, povijest, tjedna, tisuću, kazalište, sveučilište.
    static let croatian = """
        Tko je rekao da je povijest dosadna? Prošlog tjedna tisuću ljudi došlo je u kazalište, a \
        sveučilište je otvorilo novu knjižnicu.
        """
    // Serbian as written in Serbia (ekavian): predsednik, posle, cene, deca, uvek, mesto; and hleba, decembra.
    static let serbian = """
        Predsednik je posle sednice rekao da će cene hleba ostati iste do decembra, a deca će uvek imati \
        mesto u školi.
        """
    // Bosnian (ijekavian, with historija, hiljadu, tokom; poslije).
    static let bosnian = """
        Historija ovog grada duga je hiljadu godina; tokom rata mnogi su napustili svoje domove, ali su se \
        poslije vratili.
        """

    private func verdict(
        _ text: String, _ top: String, _ languages: [(code: String, percent: Int)] = []
    ) -> SerboCroatianMarkers.Verdict? {
        Self.markers.verdict(Array(text.unicodeScalars), cld2Top: top, cld2Languages: languages)
    }

    @Test("Croatian words overrule CLD2's Bosnian or Serbian, and CLD2's Croatian stands")
    func croatianWords() throws {
        for top in ["bs", "sr"] {
            let result = try #require(verdict(Self.croatian, top))
            #expect(result.language == "hr")
            #expect(result.share == 1)
            #expect(result.evidence.croatian == 6)
            #expect(result.evidence.bosnianSerbian == 0)
        }
        #expect(verdict(Self.croatian, "hr") == nil)
    }

    @Test("Ekavian text is Serbian whatever CLD2 said, and CLD2's Serbian stands")
    func ekavianIsSerbian() throws {
        for top in ["hr", "bs"] {
            let result = try #require(verdict(Self.serbian, top))
            #expect(result.language == "sr")
            #expect(result.evidence.serbian == 6)
            #expect(result.evidence.ijekavian == 0)
        }
        #expect(verdict(Self.serbian, "sr") == nil)
    }

    @Test("Ijekavian text with Bosnian/Serbian words is not Croatian; Bosnian unless CLD2 leant to Serbian")
    func ijekavianNotCroatian() throws {
        #expect(verdict(Self.bosnian, "bs") == nil)
        #expect(verdict(Self.bosnian, "sr") == nil)  // ijekavian Serbian exists: nothing to overrule
        let fromCroatian = try #require(verdict(Self.bosnian, "hr"))
        #expect(fromCroatian.language == "bs")
        #expect(fromCroatian.evidence.bosnianSerbian == 3)
        #expect(fromCroatian.evidence.ijekavian == 1)
        let leaningSerbian = try #require(verdict(Self.bosnian, "hr", [("hr", 60), ("sr", 30), ("bs", 10)]))
        #expect(leaningSerbian.language == "sr")
    }

    @Test("Markers decide only by a margin, and never for languages outside the group")
    func margins() {
        // One Croatian word (tjedan) against one Bosnian/Serbian word (tokom): no margin.
        #expect(verdict("Tokom prošlog tjedna grad je bio miran i tih.", "bs") == nil)
        // No marker at all.
        #expect(verdict("Grad je bio miran, a ljudi su šetali parkom do kasno u noć.", "bs") == nil)
        // Ekavian forms do not make Serbian of text with more Croatian words than Bosnian/Serbian ones.
        #expect(verdict("Tko je rekao da je vreme lepo posle kiše?", "hr") == nil)
        // Croatian words in text CLD2 called Slovenian, Macedonian or anything else: not this rule's business.
        #expect(verdict(Self.croatian, "sl") == nil)
        #expect(verdict(Self.croatian, "mk") == nil)
    }

    @Test("Capitals and the letters č ć đ š ž are read as in the marker lists")
    func lettersAndCase() {
        let evidence = Self.markers.scan(Array("ŠTA ĆE BITI? Željeti i Živjeti; TISUĆA ljudi, Šta.".unicodeScalars))
        #expect(evidence.bosnianSerbian == 2)  // ŠTA, Šta
        #expect(evidence.ijekavian == 2)  // Željeti, Živjeti (Ž is U+017D, its capital at an odd code point)
        #expect(evidence.croatian == 1)  // TISUĆA
        // A word with a letter outside the lists' alphabet is no marker; a hyphen separates words.
        #expect(Self.markers.scan(Array("tkö šta-tko".unicodeScalars)) == .init(croatian: 1, bosnianSerbian: 1))
    }
}
