import LectorCore

/// One token of a sentence as the tagger and the rules see it: its scalar range in the text it
/// was cut from, its text, and its normalized form (see ``TokenNormalizer``).
public struct EntityToken: Sendable, Hashable {
    /// Unicode-scalar offsets, half-open, in the text the token was cut from.
    public var start: Int
    public var end: Int
    public var text: String
    public var normalized: String
    /// The normalized form without Arabic proclitics (``TokenNormalizer/stem(_:)``).
    public var stem: String

    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
        self.normalized = TokenNormalizer.normalize(text)
        self.stem = TokenNormalizer.stem(normalized)
    }

    /// Whether the token is one punctuation or symbol character.
    public var isPunctuation: Bool {
        guard end - start == 1, let scalar = text.unicodeScalars.first else { return false }
        return !ScalarTable.shared.isWord(scalar)
    }

    /// Cuts text into tokens: runs of letters, marks, digits and joiners (ZWNJ; an apostrophe
    /// between letters; `,` `.` `٬` `٫` between digits; a hyphen beside a Latin letter, as in
    /// "Kohde-Kilsch" or "SG-1"), an initial with its period ("J.", "U.S."), and every other
    /// non-space character alone; these joins follow how the training corpora write such words.
    /// Each Han ideograph and kana is a token, and runs of Hangul are cut apart from digits and
    /// other scripts (``EastAsianScript``): "2024年11月" gives "2024", "年", "11", "月".
    public static func tokenize(_ scalars: some Collection<Unicode.Scalar>, offset: Int = 0) -> [EntityToken] {
        let scalars = Array(scalars)
        var tokens: [EntityToken] = []
        EntityTokenizer.split(scalars[...]) { range in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            tokens.append(
                EntityToken(start: offset + range.lowerBound, end: offset + range.upperBound, text: String(view)))
        }
        return tokens
    }
}

/// The tokenizer behind ``EntityToken/tokenize(_:offset:)`` and ``SentenceTokens``.
enum EntityTokenizer {
    /// Whether a scalar belongs in a word token: see ``ScalarTable/isWord(_:)``.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { ScalarTable.shared.isWord(scalar) }

    /// Whether a scalar is a decimal digit of any script: see ``ScalarTable/isDigit(_:)``.
    @inline(__always)
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ScalarTable.shared.isDigit(scalar) }

    /// The definition behind ``ScalarTable/isWord(_:)``: letters, marks, digits, ZWNJ and ZWJ.
    static func referenceIsWord(_ scalar: Unicode.Scalar) -> Bool {
        // Fast paths for ASCII and the Arabic block; Unicode properties for the rest.
        let value = scalar.value
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        if (0x0600...0x06FF).contains(value) {
            return (0x0610...0x061A).contains(value) || (0x0620...0x0669).contains(value)
                || (0x066E...0x06D3).contains(value)
                || (0x06D5...0x06DC).contains(value) || (0x06DF...0x06E8).contains(value)
                || (0x06EA...0x06FC).contains(value)
                || value == 0x06FF
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark, .letterNumber, .otherNumber: return true
        default: return scalar == "\u{200C}" || scalar == "\u{200D}"
        }
    }

    /// The definition behind ``ScalarTable/isDigit(_:)``.
    static func referenceIsDigit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (0x30...0x39).contains(value) }
        if (0x0600...0x06FF).contains(value) {
            return (0x0660...0x0669).contains(value) || (0x06F0...0x06F9).contains(value)
        }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// The definition behind ``ScalarTable/isSkipped(_:)``: white space, LRM, RLM and BOM.
    static func referenceIsSkipped(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x80 ? scalar.value <= 0x20 : scalar.properties.isWhitespace) || scalar == "\u{200F}"
            || scalar == "\u{200E}" || scalar == "\u{FEFF}"
    }

    /// A letter of the Latin script (below U+0250).
    @inline(__always)
    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x250 && ScalarTable.shared.isWord(scalar) && !ScalarTable.shared.isDigit(scalar)
    }

    /// The combining kana voicing marks and the variation selectors, which stay with the
    /// ideograph or kana before them.
    @inline(__always)
    static func isEastAsianMark(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x3099...0x309A).contains(value) || (0xFE00...0xFE0F).contains(value)
            || (0xE0100...0xE01EF).contains(value)
    }

    /// Calls `token` with the index range of every token of `scalars`, in order: runs of word
    /// scalars, every other non-space scalar alone, except that each Han ideograph and kana is a
    /// token of its own and a run of Hangul syllables is cut apart from digits and other letters
    /// (``EastAsianScript``).
    ///
    /// With `cutEastAsian` false, runs of Han, kana and Hangul are word runs like any other, as
    /// the training corpora of the tagger's models have them ("日本代表" one token). Returns whether
    /// the scalars hold any Han, kana or Hangul in a word (so that the two ways may differ).
    @inline(__always)
    @discardableResult
    static func split(
        _ scalars: ArraySlice<Unicode.Scalar>, cutEastAsian: Bool = true, token: (Range<Int>) -> Void
    ) -> Bool {
        let table = ScalarTable.shared
        var eastAsian = false
        var index = scalars.startIndex
        let end = scalars.endIndex
        while index < end {
            let scalar = scalars[index]
            if table.isSkipped(scalar) {
                index += 1
                continue
            }
            let start = index
            if cutEastAsian, scalar.value >= EastAsianScript.lowest, EastAsianScript.isUnspaced(scalar) {
                // One ideograph or kana, with a combining voicing mark or variation selector after it.
                eastAsian = true
                index += 1
                while index < end, isEastAsianMark(scalars[index]) { index += 1 }
            } else if cutEastAsian, scalar.value >= EastAsianScript.lowest, EastAsianScript.isHangul(scalar) {
                eastAsian = true
                index += 1
                while index < end, EastAsianScript.isHangul(scalars[index]) { index += 1 }
            } else if table.isWord(scalar) {
                index += 1
                while index < end {
                    let next = scalars[index]
                    if table.isWord(next) {
                        // Han, kana and Hangul begin tokens of their own ("2024年", "11월").
                        if next.value >= EastAsianScript.lowest && EastAsianScript.isEastAsian(next) {
                            eastAsian = true
                            if cutEastAsian { break }
                        }
                        index += 1
                        continue
                    }
                    // Keep 1,743 and 12.5 and Arabic-Indic ١٬٧٤٣ whole, and O'Brien.
                    if index + 1 < end, table.isWord(scalars[index + 1]) {
                        let before = scalars[index - 1]
                        let after = scalars[index + 1]
                        let digits = table.isDigit(before) && table.isDigit(after)
                        if digits && (next == "," || next == "." || next == "٬" || next == "٫") {
                            index += 2
                            continue
                        }
                        if !table.isDigit(before) && !table.isDigit(after) && (next == "'" || next == "’")
                            && !(cutEastAsian && EastAsianScript.isEastAsian(after))
                        {
                            index += 2
                            continue
                        }
                        // Kohde-Kilsch, Seine-et-Marne, KSTP-TV, SG-1: a hyphen with a Latin letter
                        // beside it joins (digit ranges such as 1995-96 stay apart).
                        if (next == "-" || next == "\u{2010}") && (isLatinLetter(before) || isLatinLetter(after)) {
                            index += 2
                            continue
                        }
                    }
                    break
                }
                // J. R. R. Tolkien, U.S., F.C.: an initial, or letters each with a period, keeps its
                // period, as the training corpora write them. (Abbreviations such as "Inc." and "St."
                // stay apart from theirs, which is how the word lists have them.)
                if index - start == 1, index < end, scalars[index] == ".", isLatinLetter(scalars[start]) {
                    index += 1
                    while index + 1 < end, isLatinLetter(scalars[index]), scalars[index + 1] == "." { index += 2 }
                }
            } else {
                index += 1
            }
            token(start..<index)
        }
        return eastAsian
    }
}
