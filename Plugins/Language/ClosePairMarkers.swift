/// Settles a pair of close languages that CLD2 confuses and the short-text model cannot arbitrate
/// (it was not trained on one of the two) by the spellings and words that differ between their
/// standard forms.
///
/// Two pairs are known: Macedonian and Serbian in Cyrillic, and Indonesian and Malay. Each has
/// *letters* found in one language only (ѓ ќ ѕ are Macedonian, ђ ћ Serbian; Indonesian and Malay
/// share their alphabet) and *marker words*, whole words spelt or chosen differently in the two
/// standards (Serbian "је" and Macedonian "е" for "is"; Indonesian "karena" and Malay "kerana").
/// A word or letter that both languages use is never a marker, however frequent.
///
/// The verdict is cautious: CLD2's answer stands unless the evidence for the other language is
/// clear (see ``verdict(_:cld2Top:)``). The scan is one pass over the scalars that allocates
/// nothing (words are packed into a ``WordKey`` as they are read), and the detector runs it only
/// when CLD2 names one of the pair, over the first ``scannedScalars`` scalars.
///
/// ```swift
/// let pair = ClosePairMarkers.pair(naming: "ms")!          // Indonesian and Malay
/// let scalars = Array("Ia ditangkap karena perbedaan pendapat politik.".unicodeScalars)
/// pair.verdict(scalars, cld2Top: "ms")?.language            // "id"
/// ```
struct ClosePairMarkers: Sendable {
    /// The two languages, as CLD2 tags them.
    let first: String
    let second: String
    /// Letters (lowercase) found only in one language's standard orthography.
    let firstLetters: [Unicode.Scalar]
    let secondLetters: [Unicode.Scalar]
    /// When not empty, the text must contain one of these letters (or of the two lists above) for
    /// the pair to be considered at all: letters both languages use and their neighbours do not.
    let pairLetters: [Unicode.Scalar]
    /// Whole lowercase words that mark one language against the other, by ``WordKey``.
    let words: [WordKey: Side]
    /// Word endings (four letters, packed as in ``WordKey``) that mark one language, with the
    /// shortest word they apply to.
    let suffixes: [(ending: UInt64, minLength: Int, side: Side)]
    private let longestWord: Int

    /// How many scalars of a text the detector scans: enough for any paragraph and for a few
    /// hundred words of an article, whose opening shows its spelling as well as the rest does.
    static let scannedScalars = 2_000

    /// Which of the two languages a marker points to.
    enum Side: Sendable { case first, second }

    init(
        first: String, second: String, firstLetters: String = "", secondLetters: String = "",
        pairLetters: String = "", firstWords: [String], secondWords: [String],
        suffixes: [(ending: String, minLength: Int, side: Side)] = []
    ) {
        self.first = first
        self.second = second
        self.firstLetters = Array(firstLetters.unicodeScalars)
        self.secondLetters = Array(secondLetters.unicodeScalars)
        self.pairLetters = Array(pairLetters.unicodeScalars)
        var words: [WordKey: Side] = [:]
        for (list, side) in [(firstWords, Side.first), (secondWords, .second)] {
            for word in list {
                let key = WordKey(word)
                precondition(key.isComplete, "\(word) is too long or has letters a marker cannot have")
                precondition(words[key] == nil, "\(word) cannot mark both \(first) and \(second)")
                words[key] = side
            }
        }
        self.words = words
        longestWord = (firstWords + secondWords).map(\.unicodeScalars.count).max() ?? 0
        self.suffixes = suffixes.map {
            let key = WordKey($0.ending)
            precondition(key.isComplete && key.count == 4, "an ending has four letters")
            return (key.tail, $0.minLength, $0.side)
        }
    }

    /// A word of up to 18 letters a–z, č ć đ š ž, Cyrillic а–џ (with ѐ–џ) and inner hyphens, packed seven bits
    /// a letter into two integers, so that marker words are found without building a `String`.
    struct WordKey: Hashable, Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        /// Letters (and hyphens) in the word so far, also past the 18 that fit.
        var count = 0
        /// Whether every letter so far had a code and fit.
        var isComplete = true
        /// The codes of the last four letters, newest in the low bits.
        var tail: UInt64 = 0

        static let lastFour: UInt64 = (1 << 28) - 1

        init() {}

        init(_ word: String) {
            for scalar in word.unicodeScalars { append(scalar) }
        }

        static func code(_ scalar: Unicode.Scalar) -> UInt64? {
            switch scalar.value {
            case 0x61...0x7A: UInt64(scalar.value - 0x60)
            case 0x2D: 27
            case 0x430...0x45F: UInt64(scalar.value - 0x430 + 32)
            // The letters of Croatian, Bosnian and Serbian Latin beyond a–z (for SerboCroatianMarkers).
            case 0x10D: 80  // č
            case 0x107: 81  // ć
            case 0x111: 82  // đ
            case 0x161: 83  // š
            case 0x17E: 84  // ž
            default: nil
            }
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            guard let code = Self.code(scalar) else {
                isComplete = false
                count += 1
                tail = 0
                return
            }
            if count < 9 {
                low |= code << (7 * count)
            } else if count < 18 {
                high |= code << (7 * (count - 9))
            } else {
                isComplete = false
            }
            count += 1
            tail = ((tail << 7) | code) & Self.lastFour
        }

        // Hashing and equality look at the packed letters only.
        static func == (lhs: WordKey, rhs: WordKey) -> Bool { lhs.low == rhs.low && lhs.high == rhs.high }
        func hash(into hasher: inout Hasher) {
            hasher.combine(low)
            hasher.combine(high)
        }
    }

    /// What one scan found: letters and marker words (and endings) for each language.
    struct Evidence: Sendable, Hashable {
        var firstLetters = 0
        var secondLetters = 0
        var firstWords = 0
        var secondWords = 0
        /// Letters of ``ClosePairMarkers/pairLetters``.
        var pairLetters = 0
    }

    /// The pair's decision against CLD2's: the language and the share of the evidence for it.
    struct Verdict: Sendable, Hashable {
        var language: String
        var share: Double
        var evidence: Evidence
    }

    /// The pair that `language` (a CLD2 tag) belongs to, if any.
    static func pair(naming language: String) -> ClosePairMarkers? {
        switch language {
        case "mk", "sr": macedonianSerbian
        case "id", "ms": indonesianMalay
        default: nil
        }
    }

    /// The other language of the pair when the text clearly shows it although CLD2 named
    /// `cld2Top`; `nil` when CLD2's answer stands (no evidence, evidence for CLD2's language, or
    /// evidence both ways without a clear margin).
    ///
    /// Letters are decisive when only the other language's appear and the marker words do not
    /// point to CLD2's language more than to the other. Without such letters, and with none of CLD2's
    /// language's letters, the marker words must favour the other language by a margin:
    /// `other >= 1 + 2 * cld2s` (one marker against none, three against one, five against two).
    func verdict<C: Collection<Unicode.Scalar>>(_ scalars: C, cld2Top: String) -> Verdict? {
        guard cld2Top == first || cld2Top == second else { return nil }
        let evidence = scan(scalars)
        let topIsFirst = cld2Top == first
        let (otherLetters, topLetters) =
            topIsFirst
            ? (evidence.secondLetters, evidence.firstLetters) : (evidence.firstLetters, evidence.secondLetters)
        let (otherWords, topWords) =
            topIsFirst ? (evidence.secondWords, evidence.firstWords) : (evidence.firstWords, evidence.secondWords)
        guard topLetters == 0 else { return nil }
        // Not written in the pair's own alphabet (Bulgarian or Russian that CLD2 took for
        // Macedonian has no ј): the markers, some of which are words of those languages, say nothing.
        guard pairLetters.isEmpty || evidence.pairLetters + otherLetters > 0 else { return nil }
        let decided = otherLetters > 0 ? otherWords >= topWords : otherWords >= 1 + 2 * topWords
        guard decided else { return nil }
        // Letters count as much as three marker words: they alone settle the question.
        let other = Double(otherWords + 3 * min(otherLetters, 1))
        let share = other / (other + Double(topWords))
        return Verdict(language: topIsFirst ? second : first, share: share, evidence: evidence)
    }

    /// Counts the pair's letters and marker words in `scalars`.
    func scan<C: Collection<Unicode.Scalar>>(_ scalars: C) -> Evidence {
        var evidence = Evidence()
        var word = WordKey()
        // A hyphen joins the halves of a reduplicated word ("mana-mana"), never ends one: it is
        // added when a letter follows it.
        var hyphen = false
        for scalar in scalars {
            let lower = Self.lowercased(scalar)
            if Self.isWordLetter(lower) {
                if lower.value >= 0x450 {
                    // Only Cyrillic ѐ–џ and beyond can be one of the pairs' letters.
                    if firstLetters.contains(lower) { evidence.firstLetters += 1 }
                    if secondLetters.contains(lower) { evidence.secondLetters += 1 }
                    if pairLetters.contains(lower) { evidence.pairLetters += 1 }
                }
                if hyphen {
                    word.append("-")
                    hyphen = false
                }
                word.append(lower)
            } else if scalar == "-", word.count > 0 {
                hyphen = true
            } else if word.count > 0 {
                count(word, in: &evidence)
                word = WordKey()
                hyphen = false
            }
        }
        if word.count > 0 { count(word, in: &evidence) }
        return evidence
    }

    /// Counts one finished word if it is a marker or ends like one.
    private func count(_ word: WordKey, in evidence: inout Evidence) {
        var side: Side?
        if word.isComplete && word.count <= longestWord { side = words[word] }
        if side == nil {
            for suffix in suffixes where word.count >= suffix.minLength && word.tail == suffix.ending {
                side = suffix.side
                break
            }
        }
        switch side {
        case .first: evidence.firstWords += 1
        case .second: evidence.secondWords += 1
        case nil: break
        }
    }

    // Letters of the scripts these languages are written in: Latin (with Latin-1 and Latin
    // Extended-A/B) and Cyrillic. Anything else ends a word.
    static func isWordLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x61...0x7A, 0xDF...0xF6, 0xF8...0x24F, 0x430...0x45F, 0x460...0x52F: true
        default: false
        }
    }

    // Lowercase for the ranges above without building a `String` (the case pairs of Cyrillic and
    // Latin-1 are at fixed distances; Latin Extended-A alternates upper and lower).
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        let lower: UInt32 =
            switch value {
            case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE, 0x410...0x42F: value + 0x20
            case 0x400...0x40F: value + 0x50
            case 0x100...0x137, 0x14A...0x177, 0x460...0x481, 0x48A...0x4BF: value | 1
            // From Ź on, Latin Extended-A puts the capital at the odd code point.
            case 0x179...0x17E: value % 2 == 1 ? value + 1 : value
            default: value
            }
        return Unicode.Scalar(lower) ?? scalar
    }
}

extension ClosePairMarkers {
    /// Macedonian and Serbian in Cyrillic. ѓ ќ ѕ are Macedonian only, ђ ћ Serbian only; ј љ њ џ are
    /// shared by the two and used by no other Slavic standard, so a text without any of these
    /// nine letters is not settled here (Bulgarian "са" and Russian "у" are Serbian markers).
    /// Words: the forms of "is", "in", "with", "all", "every", "which", "that", "will be" and
    /// "are" differ (Macedonian е, во, со, сите, секој, кој/кое, дека, биде, ги;
    /// Serbian је, у, са, сви, свако/сваки, који/које, буде/бити, су, није, као).
    static let macedonianSerbian = ClosePairMarkers(
        first: "mk", second: "sr", firstLetters: "ѓќѕ", secondLetters: "ђћ", pairLetters: "јљњџ",
        firstWords: ["е", "во", "со", "сите", "секој", "секоја", "секое", "кој", "кое", "дека", "биде", "ги", "оваа",
                     "овој", "тоа"],
        secondWords: ["је", "у", "са", "сви", "свако", "сваки", "свака", "који", "које", "буде", "бити", "су", "није",
                      "као"])

    /// Indonesian and Malay (Malaysia's standard). Only spellings and words of the one standard
    /// that the other does not use in that sense: karena/kerana, bahwa/bahawa, yaitu/iaitu,
    /// beda/beza, serikat/syarikat, uang/wang, kawin/kahwin, internasional/antarabangsa, rusak/rosak,
    /// -itas/-iti (kualitas/kualiti), -si/-syen (konvensi/konvensyen), Malay sesiapa, jantina,
    /// mahu, hendaklah, pertubuhan. Shared words (boleh, harus, -nya, tidak, bagi…) and words of
    /// the other standard's colloquial or literary register (mana-mana, tiada, mesti, baharu) are
    /// not markers.
    static let indonesianMalay = ClosePairMarkers(
        first: "id", second: "ms",
        firstWords: ["karena", "bahwa", "yaitu", "beda", "berbeda", "perbedaan", "membedakan", "dibedakan",
                     "pembedaan", "serikat", "berserikat", "perserikatan", "uang", "kawin", "perkawinan",
                     "internasional", "apapun", "kokoh", "memperkokoh", "rusak", "merusak", "kerusakan", "dirusak"],
        secondWords: ["kerana", "bahawa", "iaitu", "beza", "berbeza", "perbezaan", "membezakan", "dibezakan",
                      "syarikat", "wang", "kahwin", "berkahwin", "perkahwinan", "antarabangsa", "sesiapa", "jantina",
                      "mahu", "hendaklah", "pertubuhan", "rosak", "merosakkan", "kerosakan", "dirosakkan", "kualiti",
                      "aktiviti", "universiti", "komuniti", "identiti", "integriti", "realiti", "prioriti", "majoriti",
                      "minoriti", "kapasiti", "fasiliti", "entiti", "sekuriti", "kreativiti", "produktiviti"],
        suffixes: [("itas", 7, .first), ("syen", 6, .second)])
}
