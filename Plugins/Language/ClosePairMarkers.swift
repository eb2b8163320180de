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
/// clear (see ``verdict(_:cld2Top:)``). The scan is one pass over the scalars with no allocation
/// for words longer than the longest marker, and it runs only when CLD2 names one of the pair.
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
    /// Whole lowercase words that mark one language against the other.
    let words: [String: Side]
    /// Word endings that mark one language, with the shortest word they apply to.
    let suffixes: [(ending: [Unicode.Scalar], minLength: Int, side: Side)]
    private let longestWord: Int

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
        var words: [String: Side] = [:]
        for word in firstWords { words[word] = .first }
        for word in secondWords {
            precondition(words[word] == nil, "\(word) cannot mark both \(first) and \(second)")
            words[word] = .second
        }
        self.words = words
        self.suffixes = suffixes.map { (Array($0.ending.unicodeScalars), $0.minLength, $0.side) }
        longestWord = words.keys.map(\.unicodeScalars.count).max() ?? 0
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
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(32)
        func count(_ side: Side) {
            if side == .first { evidence.firstWords += 1 } else { evidence.secondWords += 1 }
        }
        func endWord() {
            // A hyphen joins the halves of a reduplicated word ("mana-mana"), never ends one.
            while word.last == "-" { word.removeLast() }
            defer { word.removeAll(keepingCapacity: true) }
            guard !word.isEmpty else { return }
            if word.count <= longestWord {
                var key = String.UnicodeScalarView()
                key.append(contentsOf: word)
                if let side = words[String(key)] {
                    count(side)
                    return
                }
            }
            for suffix in suffixes where word.count >= suffix.minLength {
                if word.suffix(suffix.ending.count).elementsEqual(suffix.ending) {
                    count(suffix.side)
                    return
                }
            }
        }
        for scalar in scalars {
            let lower = Self.lowercased(scalar)
            if Self.isWordLetter(lower) {
                if firstLetters.contains(lower) { evidence.firstLetters += 1 }
                if secondLetters.contains(lower) { evidence.secondLetters += 1 }
                if pairLetters.contains(lower) { evidence.pairLetters += 1 }
                word.append(lower)
            } else if scalar == "-", !word.isEmpty {
                word.append(scalar)
            } else {
                endWord()
            }
        }
        endWord()
        return evidence
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
            default: value
            }
        return Unicode.Scalar(lower) ?? scalar
    }
}

extension ClosePairMarkers {
    /// Macedonian and Serbian in Cyrillic. ѓ ќ ѕ are Macedonian only, ђ ћ Serbian only; ј љ њ џ are
    /// shared by the two and used by no other Slavic standard, so a text without any of these
    /// nine letters is not settled here (Bulgarian "са" and Russian "у" are Serbian markers). Words: the forms of "is", "in", "with", "all", "every", "which", "that",
    /// "will be" and "are" differ (Macedonian е, во, со, сите, секој, кој/кое, дека, биде, ги;
    /// Serbian је, у, са, сви, свако/сваки, који/које, буде/бити, су, није, као).
    static let macedonianSerbian = ClosePairMarkers(
        first: "mk", second: "sr", firstLetters: "ѓќѕ", secondLetters: "ђћ", pairLetters: "јљњџ",
        firstWords: ["е", "во", "со", "сите", "секој", "секоја", "секое", "кој", "кое", "дека", "биде", "ги", "оваа",
                     "овој", "тоа"],
        secondWords: ["је", "у", "са", "сви", "свако", "сваки", "свака", "који", "које", "буде", "бити", "су", "није",
                      "као"])

    /// Indonesian and Malay (Malaysia's standard). Only spellings and words of the one standard
    /// that the other does not use in that sense: karena/kerana, bahwa/bahawa, yaitu/iaitu,
    /// beda/beza, serikat/syarikat, uang/wang, kawin/kahwin, internasional/antarabangsa,
    /// -itas/-iti (kualitas/kualiti), -si/-syen (konvensi/konvensyen), Malay sesiapa, jantina,
    /// mahu, hendaklah, pertubuhan. Shared words (boleh, harus, -nya, tidak, bagi…) and words of
    /// the other standard's colloquial or literary register (mana-mana, tiada, mesti, baharu) are
    /// not markers.
    static let indonesianMalay = ClosePairMarkers(
        first: "id", second: "ms",
        firstWords: ["karena", "bahwa", "yaitu", "beda", "berbeda", "perbedaan", "membedakan", "dibedakan",
                     "pembedaan", "serikat", "berserikat", "perserikatan", "uang", "kawin", "perkawinan",
                     "internasional", "apapun", "kokoh", "memperkokoh"],
        secondWords: ["kerana", "bahawa", "iaitu", "beza", "berbeza", "perbezaan", "membezakan", "dibezakan",
                      "syarikat", "wang", "kahwin", "berkahwin", "perkahwinan", "antarabangsa", "sesiapa", "jantina",
                      "mahu", "hendaklah", "pertubuhan", "kualiti", "aktiviti", "universiti", "komuniti", "identiti",
                      "integriti", "realiti", "prioriti", "majoriti", "minoriti", "kapasiti", "fasiliti", "entiti",
                      "sekuriti", "kreativiti", "produktiviti"],
        suffixes: [("itas", 7, .first), ("syen", 6, .second)])
}
