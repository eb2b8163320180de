/// A type that cuts text into comparable terms, the same way in every script.
///
/// A term is a maximal run of letters, combining marks and digits (Unicode general categories
/// L*, M*, N*), so words in Arabic, Urdu, Devanagari, Latin or Cyrillic are found without a
/// language model and without ICU. Each term is folded for comparison: lowercased, with
/// non-spacing marks (Arabic harakat, Hebrew points) and the Arabic tatweel removed, so that a
/// vocalized and an unvocalized spelling match. Scripts written without spaces (Chinese, Thai)
/// come out as one term per run; the summarizer then works on longer units there, which costs
/// recall but not correctness.
///
/// Terms are identified by a 64-bit FNV-1a hash of their folded scalars rather than by a
/// `String`: Swift hashes and compares strings through Unicode normalization, which made string
/// keys the largest cost of summarizing. Two different words sharing a hash (odds about 1 in
/// 10^16 for an article's vocabulary) would only be counted as one word.
///
/// ```swift
/// let terms = TermScanner.terms(in: Array("Al-Qāhira، القاهرةُ 2024".unicodeScalars)[...])
/// TermScanner.folded(terms[2], in: …)  // "القاهرة"
/// ```
struct TermScanner {
    /// One term: the hash of its folded form and where it is in the scanned slice.
    struct Term: Hashable {
        var key: UInt64
        /// Offsets relative to the start of the scanned slice, half-open.
        var start: Int
        var end: Int
        /// Whether it began with an upper-case letter (always false in caseless scripts).
        var isCapitalized: Bool
        /// Letters and digits after folding.
        var length: Int
        /// Whether every counted scalar is a digit.
        var isNumber: Bool
        /// The term's number within its article (``TermIndex``), set by the summarizer's scan;
        /// 0 until then.
        var id = 0
    }

    private static let word: UInt8 = 1, dropped: UInt8 = 2, lowers: UInt8 = 4, upper: UInt8 = 8, digit: UInt8 = 16

    // The Basic Multilingual Plane's classes, computed once: Unicode property lookups are binary
    // searches, and an article asks tens of thousands of them.
    private static let planeZero: [UInt8] = (0..<0x10000).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return 0 }
        return computeClass(scalar)
    }

    private static func computeClass(_ scalar: Unicode.Scalar) -> UInt8 {
        let properties = scalar.properties
        var flags: UInt8 = 0
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .spacingMark, .enclosingMark, .letterNumber, .otherNumber:
            flags = word
        case .decimalNumber:
            flags = word | digit
        case .nonspacingMark:
            flags = word | dropped
        default:
            return 0
        }
        if scalar.value == 0x0640 { flags |= dropped }  // tatweel, a stretching stroke
        if properties.changesWhenLowercased { flags |= lowers }
        if properties.isUppercase { flags |= upper }
        if properties.numericType != nil { flags |= digit }
        return flags
    }

    private static func flags(_ scalar: Unicode.Scalar) -> UInt8 {
        scalar.value < 0x10000 ? planeZero[Int(scalar.value)] : computeClass(scalar)
    }

    /// Whether a scalar belongs to a word: a letter, mark or number.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { flags(scalar) & word != 0 }

    /// The terms of a run of scalars, in order.
    static func terms(in scalars: ArraySlice<Unicode.Scalar>) -> [Term] {
        var terms: [Term] = []
        terms.reserveCapacity(scalars.count / 5)
        var hash: UInt64 = 0
        var start = 0, length = 0, digits = 0
        var capitalized = false, inWord = false
        var position = 0
        func mix(_ value: UInt32) {
            hash = (hash ^ UInt64(value)) &* 0x100_0000_01b3
        }
        // The table fetched once: through `flags(_:)` every scalar paid for the check that the
        // lazily built static is ready.
        let table = planeZero
        for scalar in scalars {
            let value = scalar.value
            let flags = value < 0x10000 ? table.withUnsafeBufferPointer { $0[Int(value)] } : computeClass(scalar)
            if flags & word == 0 {
                if inWord, length > 0 {
                    terms.append(Term(key: hash, start: start, end: position, isCapitalized: capitalized, length: length, isNumber: digits == length))
                }
                inWord = false
                position += 1
                continue
            }
            if !inWord {
                inWord = true
                start = position
                hash = 0xcbf2_9ce4_8422_2325
                length = 0
                digits = 0
                capitalized = flags & upper != 0
            }
            position += 1
            if flags & dropped != 0 { continue }
            length += 1
            if flags & digit != 0 { digits += 1 }
            if flags & lowers == 0 {
                mix(scalar.value)
            } else if scalar.isASCII {
                mix(scalar.value + 0x20)
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { mix(lower.value) }
            }
        }
        if inWord, length > 0 {
            terms.append(Term(key: hash, start: start, end: position, isCapitalized: capitalized, length: length, isNumber: digits == length))
        }
        return terms
    }

    /// The folded text of a term found in `scalars` (the slice it was scanned from).
    static func folded(_ term: Term, in scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = String.UnicodeScalarView()
        let base = scalars.startIndex
        for scalar in scalars[(base + term.start)..<(base + term.end)] {
            let flags = Self.flags(scalar)
            if flags & dropped != 0 { continue }
            if flags & lowers != 0 {
                text.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                text.append(scalar)
            }
        }
        return String(text)
    }

    /// Whether the scalars contain a web address (`://` or `www.`), which marks a source line
    /// or a link that does not belong in a summary.
    static func containsURL(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0
        for scalar in scalars {
            var value = scalar.value
            if (0x41...0x5A).contains(value) { value += 0x20 }
            if value == 0x2F, b == 0x3A, c == 0x2F { return true }  // "://"
            if value == 0x2E, a == 0x77, b == 0x77, c == 0x77 { return true }  // "www."
            a = b
            b = c
            c = value
        }
        return false
    }
}
