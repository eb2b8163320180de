/// Settles Croatian, Bosnian and Serbian written in the Latin alphabet, which CLD2 confuses and
/// the short-text model cannot arbitrate (it was trained on Croatian only), by the reflexes and
/// words that differ between the standards.
///
/// The three are national standards of one pluricentric language; what tells them apart in
/// writing is the reflex of the old vowel jat and a list of words. The kinds of marker and the
/// words named here follow the comparison of the standards in English Wikipedia ("Comparison of
/// standard Bosnian, Croatian, Montenegrin and Serbian": its sections on the jat reflexes and on
/// vocabulary, with the month names) and the Easy Croatian course's lesson A9 ("Bosnian, Serbian
/// and Montenegrin": ekavian and ijekavian forms, vocabulary); the inflected forms in the lists
/// and the exclusions are this type's own.
///
/// - *Serbian*: ekavian forms (mleko, reka, lepo, vreme, dete, gde, posle, predsednik, deo), which
///   are those of the Serbian standard as used in Serbia, and the few words of the Serbian
///   standard alone (takođe, opština, bezbednost, izveštaj). The Croatian and Bosnian standards
///   are *ijekavian* (mlijeko, rijeka, lijepo, vrijeme, dijete, gdje, poslije, predsjednik, dio);
///   so is the Serbian of Bosnia and Montenegro, which is why an ijekavian form only ever counts
///   against the Serbian evidence, never for Croatian.
/// - *Croatian words* that the Bosnian and Serbian standards do not use in that sense: tko and
///   its compounds, tisuća, povijest, kruh, obitelj, znanost, sveučilište, glazba, tjedan,
///   uvjet, točno/točka, gospodarstvo, kazalište, tijekom, obrana, sudjelovati, the Croatian
///   month names (siječanj … prosinac, and their genitives used in dates).
/// - *Bosnian and Serbian words* that Croatian does not use: šta, hiljada, istorija/historija,
///   hleb/hljeb, nauke/naučni, univerzitet, uslov, tačno/tačka, privreda, pozorište, tokom,
///   odbrana, učestvovati, and the month names januar … decembar.
///
/// Deliberately *not* markers, because a Croatian text uses them too: "što" (Serbian "why",
/// "that"; only "šta" is not Croatian), "ko" (colloquial Croatian for "kao", "as"), "neko" ("neko
/// vrijeme"), "svako" (an adjective in all three), "također" (Bosnian as well as Croatian),
/// "porodica" (a taxonomic family in Croatian), "sedmica" (a seven), "nauka" (genitive of "nauk",
/// a teaching), "muzika" (Zagreb's Muzička akademija), "marta" and "maja" (names), "svet"
/// (Croatian "holy"), "veće" ("bigger" in all three), "video" and "ceo" (loanwords in all three),
/// "vera" (a name). The infinitive against "da" with the present ("želim ići" / "želim da idem")
/// is a tendency rather than a rule of either standard, and needs more than a word list to see:
/// it is not used.
///
/// The verdict is as cautious as ``ClosePairMarkers``': CLD2's answer stands unless the markers
/// favour another member by a margin (see ``verdict(_:cld2Top:cld2Languages:)``). The scan is
/// the same allocation-free pass, over the first ``ClosePairMarkers/scannedScalars`` scalars.
///
/// ```swift
/// let text = "Tko je rekao da je povijest dosadna? Tisuću ljudi došlo je u kazalište."
/// SerboCroatianMarkers.shared.verdict(Array(text.unicodeScalars), cld2Top: "bs", cld2Languages: [])?.language
/// // "hr"
/// ```
struct SerboCroatianMarkers: Sendable {
    /// What a marker word says: Croatian, Bosnian or Serbian, Serbian (ekavian or Serbian
    /// alone), or ijekavian (Croatian, Bosnian, or Serbian outside Serbia).
    enum Kind: Sendable { case croatian, bosnianSerbian, serbian, ijekavian }

    /// The counts one scan found.
    struct Evidence: Sendable, Hashable {
        var croatian = 0
        var bosnianSerbian = 0
        var serbian = 0
        var ijekavian = 0
    }

    /// The language the markers choose against CLD2's, and the share of the evidence for it.
    struct Verdict: Sendable, Hashable {
        var language: String
        var share: Double
        var evidence: Evidence
    }

    /// The three languages, as CLD2 tags them.
    static let languages: Set<String> = ["hr", "bs", "sr"]

    let words: [ClosePairMarkers.WordKey: Kind]
    private let longestWord: Int

    init(croatian: [String], bosnianSerbian: [String], serbian: [String], ijekavian: [String]) {
        var words: [ClosePairMarkers.WordKey: Kind] = [:]
        let lists = [(croatian, Kind.croatian), (bosnianSerbian, .bosnianSerbian), (serbian, .serbian),
                     (ijekavian, .ijekavian)]
        for (list, kind) in lists {
            for word in list {
                let key = ClosePairMarkers.WordKey(word)
                precondition(key.isComplete, "\(word) is too long or has letters a marker cannot have")
                precondition(words[key] == nil, "\(word) is listed twice")
                words[key] = kind
            }
        }
        self.words = words
        longestWord = lists.flatMap(\.0).map(\.unicodeScalars.count).max() ?? 0
    }

    /// Whether the rule applies to CLD2's answer at all.
    static func applies(to cld2Top: String) -> Bool { languages.contains(cld2Top) }

    /// The member of the group the text clearly shows when CLD2 named `cld2Top` (Croatian,
    /// Bosnian or Serbian); `nil` when CLD2's answer stands. `cld2Languages` are CLD2's languages
    /// with their percents, used only to choose between Bosnian and Serbian.
    ///
    /// - Croatian, when CLD2 said Bosnian or Serbian: Croatian words number at least
    ///   1 + 2 × the Bosnian/Serbian ones, and the Serbian markers do not number 1 + 2 × the
    ///   ijekavian forms.
    /// - Serbian, when CLD2 said Croatian or Bosnian: the Serbian markers number at least
    ///   1 + 2 × the ijekavian forms (both other standards are ijekavian), and the Croatian words
    ///   do not outnumber the Bosnian/Serbian ones.
    /// - Bosnian or Serbian, when CLD2 said Croatian: Bosnian/Serbian words number at least
    ///   1 + 2 × the Croatian ones. Which of the two: the one CLD2 gave more of the text to,
    ///   else Bosnian (ijekavian by standard, as the text is, or the rule above would have
    ///   chosen Serbian).
    func verdict<C: Collection<Unicode.Scalar>>(
        _ scalars: C, cld2Top: String, cld2Languages: [(code: String, percent: Int)]
    ) -> Verdict? {
        guard Self.applies(to: cld2Top) else { return nil }
        let evidence = scan(scalars)
        let croatian = evidence.croatian
        let eastern = evidence.bosnianSerbian
        let isSerbian = evidence.serbian >= 1 + 2 * evidence.ijekavian
        func share(_ for: Int, _ against: Int) -> Double { Double(`for`) / Double(`for` + against) }
        if cld2Top != "hr", croatian >= 1 + 2 * eastern, !isSerbian {
            return Verdict(language: "hr", share: share(croatian, eastern), evidence: evidence)
        }
        if cld2Top != "sr", isSerbian, croatian <= eastern {
            return Verdict(language: "sr", share: share(evidence.serbian, evidence.ijekavian), evidence: evidence)
        }
        if cld2Top == "hr", eastern >= 1 + 2 * croatian {
            let percent = { (code: String) in cld2Languages.first { $0.code == code }?.percent ?? 0 }
            let language = percent("sr") > percent("bs") ? "sr" : "bs"
            return Verdict(language: language, share: share(eastern, croatian), evidence: evidence)
        }
        return nil
    }

    /// Counts the marker words in `scalars`.
    func scan<C: Collection<Unicode.Scalar>>(_ scalars: C) -> Evidence {
        var evidence = Evidence()
        var word = ClosePairMarkers.WordKey()
        for scalar in scalars {
            let lower = ClosePairMarkers.lowercased(scalar)
            if ClosePairMarkers.isWordLetter(lower) {
                word.append(lower)
            } else if word.count > 0 {
                count(word, in: &evidence)
                word = ClosePairMarkers.WordKey()
            }
        }
        if word.count > 0 { count(word, in: &evidence) }
        return evidence
    }

    private func count(_ word: ClosePairMarkers.WordKey, in evidence: inout Evidence) {
        guard word.isComplete, word.count <= longestWord, let kind = words[word] else { return }
        switch kind {
        case .croatian: evidence.croatian += 1
        case .bosnianSerbian: evidence.bosnianSerbian += 1
        case .serbian: evidence.serbian += 1
        case .ijekavian: evidence.ijekavian += 1
        }
    }

    /// The lists (see the type's comment for where they come from). Inflected forms are listed
    /// where they are as common as the base form (the genitive of a month in a date, the
    /// plural of a noun).
    static let shared = SerboCroatianMarkers(
        croatian: [
            "tko", "nitko", "netko", "svatko", "itko", "tisuća", "tisuće", "tisuću", "tisućama", "povijest",
            "povijesti", "povijesni", "povijesna", "povijesno", "kruh", "kruha", "obitelj", "obitelji", "znanost",
            "znanosti", "znanstveni", "znanstvena", "znanstvenici", "sveučilište", "sveučilišta", "sveučilištu",
            "glazba", "glazbe", "glazbu", "glazbeni", "tjedan", "tjedna", "tjednu", "tjedno", "uvjet", "uvjeti",
            "uvjeta", "uvjetima", "točno", "točka", "točke", "gospodarstvo", "gospodarstva", "gospodarski",
            "gospodarska", "kazalište", "kazališta", "tijekom", "obrana", "obrane", "obrani", "obranu", "sudjelovati",
            "sudjeluje", "sudjeluju", "sudjelovao", "sudjelovali", "siječanj", "siječnja", "veljača", "veljače",
            "ožujak", "ožujka", "travanj", "travnja", "svibanj", "svibnja", "lipanj", "lipnja", "srpanj", "srpnja",
            "kolovoz", "kolovoza", "rujan", "rujna", "listopad", "listopada", "studeni", "studenoga", "prosinac",
            "prosinca",
        ],
        bosnianSerbian: [
            "šta", "hiljada", "hiljade", "hiljadu", "hiljadama", "istorija", "istorije", "istoriji", "istoriju",
            "istorijski", "historija", "historije", "historiji", "historiju", "hleb", "hleba", "hljeb", "hljeba",
            "nauke", "naučni", "naučnici", "univerzitet", "univerziteta", "univerzitetu", "uslov", "uslovi", "uslova",
            "uslovima", "tačno", "tačka", "tačke", "privreda", "privrede", "privredni", "pozorište", "pozorišta",
            "tokom", "odbrana", "odbrane", "odbrani", "odbranu", "učestvovati", "učestvuje", "učestvuju", "učestvovao",
            "učestvovali", "januar", "januara", "februar", "februara", "aprila", "juna", "jula", "avgust", "avgusta",
            "augusta", "septembar", "septembra", "oktobar", "oktobra", "novembar", "novembra", "decembar", "decembra",
        ],
        serbian: [
            "mleko", "reka", "reke", "lepo", "lep", "lepa", "vreme", "dete", "deca", "dece", "decu", "uvek", "pesma",
            "pesme", "mesto", "cena", "cene", "vetar", "hteo", "htela", "sneg", "telo", "reč", "devojka", "primer",
            "posle", "pre", "gde", "ovde", "nigde", "negde", "mesec", "meseca", "vek", "veka", "nedelja", "nedelje",
            "razumeti", "videti", "želeti", "živeti", "voleti", "želeo", "živeo", "voleo", "deo", "dela", "delo",
            "savet", "pobeda", "predsednik", "predsednika", "sednica", "zamenik", "verovati", "mera", "mere", "sever",
            "severno", "bezbednost", "obezbediti", "obezbedi", "izveštaj", "takođe", "opština", "opštine",
        ],
        ijekavian: [
            "mlijeko", "rijeka", "rijeke", "lijepo", "lijep", "lijepa", "vrijeme", "dijete", "djeca", "djece", "djecu",
            "uvijek", "pjesma", "pjesme", "mjesto", "cijena", "cijene", "vjetar", "htio", "htjela", "snijeg", "tijelo",
            "riječ", "djevojka", "primjer", "poslije", "prije", "gdje", "ovdje", "nigdje", "negdje", "vijesti",
            "mjesec", "mjeseca", "vijek", "vijeka", "nedjelja", "nedjelje", "razumjeti", "vidjeti", "željeti",
            "živjeti", "voljeti", "vidio", "želio", "živio", "volio", "dio", "dijela", "djelo", "cijeli", "savjet",
            "pobjeda", "predsjednik", "predsjednika", "sjednica", "zamjenik", "vjerovati", "mjera", "mjere", "sjever",
            "sjeverno", "bezbjednost", "obezbijediti", "obezbijedi", "izvještaj", "vijeće",
        ])
}
