/// What the tokenizer, the normalizer and the shape feature ask of a Unicode scalar, looked up in
/// flat tables instead of through `Unicode.Scalar.Properties`.
///
/// Property lookups go through the standard library's compressed Unicode tables and cost tens of
/// nanoseconds each; a token of an Arabic sentence asks several of them per scalar. The tables
/// cover every scalar below U+3000 (Latin, Greek, Cyrillic, Hebrew, Arabic, the Indic scripts,
/// punctuation): each entry is *computed once from the same reference functions* that answer
/// for the scalars above, so a table lookup and the reference always agree.
///
/// ```swift
/// let table = ScalarTable.shared
/// table.isWord("ب")        // true
/// table.folded("Ế")        // "e"
/// ```
final class ScalarTable: Sendable {
    /// The scalars below this value are in the tables.
    static let limit = 0x3000

    static let shared = ScalarTable()

    private static let word: UInt8 = 1
    private static let digit: UInt8 = 2
    private static let skipped: UInt8 = 4
    private static let uppercase: UInt8 = 8
    private static let alphabetic: UInt8 = 16
    private static let simple: UInt8 = 32

    /// Class bits per scalar, the folded scalar (``TokenNormalizer/dropped`` when dropped), and the
    /// shape class.
    private let classes: [UInt8]
    private let folds: [UInt32]
    private let shapes: [UInt16]
    /// The same, together, for the tokenizer's inner loop (one look-up per scalar).
    private let entries: [Entry]

    /// What ``SentenceTokens`` asks of one raw scalar.
    struct Entry {
        /// The normalized scalar, or ``TokenNormalizer/dropped``.
        var folded: UInt32
        /// ``shapeClass(_:)``.
        var shape: UInt16
        /// Whether the folded scalar is kept and simple (``isSimple(_:)``).
        var foldedIsSimple: Bool
    }

    private init() {
        var classes = [UInt8](repeating: 0, count: Self.limit)
        var folds = [UInt32](repeating: 0, count: Self.limit)
        var shapes = [UInt16](repeating: 0, count: Self.limit)
        for value in 0..<UInt32(Self.limit) {
            // U+D800…U+DFFF are not scalars, but they lie above the limit.
            let scalar = Unicode.Scalar(value)!
            var bits: UInt8 = 0
            if EntityTokenizer.referenceIsWord(scalar) { bits |= Self.word }
            if EntityTokenizer.referenceIsDigit(scalar) { bits |= Self.digit }
            if EntityTokenizer.referenceIsSkipped(scalar) { bits |= Self.skipped }
            if scalar.properties.isUppercase { bits |= Self.uppercase }
            if scalar.properties.isAlphabetic { bits |= Self.alphabetic }
            if Self.referenceIsSimple(scalar) { bits |= Self.simple }
            classes[Int(value)] = bits
            folds[Int(value)] = TokenNormalizer.referenceFold(scalar)?.value ?? TokenNormalizer.dropped
            shapes[Int(value)] = UInt16(FeatureExtractor.referenceShapeClass(scalar))
        }
        self.classes = classes
        self.folds = folds
        self.shapes = shapes
        self.entries = (0..<Self.limit).map { value in
            let folded = folds[value]
            let simple = folded != TokenNormalizer.dropped && Self.referenceIsSimple(Unicode.Scalar(folded)!)
            return Entry(folded: folded, shape: shapes[value], foldedIsSimple: simple)
        }
    }

    /// ``folded(_:)``, ``shapeClass(_:)`` and whether the folded scalar is simple, in one look-up.
    @inline(__always)
    func entry(_ scalar: Unicode.Scalar) -> Entry {
        let value = Int(scalar.value)
        if value < Self.limit { return entries[value] }
        if Self.isEastAsianLetter(scalar) { return Entry(folded: scalar.value, shape: 5, foldedIsSimple: true) }
        let folded = folded(scalar)
        return Entry(
            folded: folded, shape: UInt16(truncatingIfNeeded: FeatureExtractor.referenceShapeClass(scalar)),
            foldedIsSimple: folded != TokenNormalizer.dropped && isSimple(Unicode.Scalar(folded)!))
    }

    @inline(__always)
    private func has(_ scalar: Unicode.Scalar, _ bit: UInt8) -> Bool? {
        let value = Int(scalar.value)
        return value < Self.limit ? classes[value] & bit != 0 : nil
    }

    /// A letter, mark, digit or joiner: the stuff of word tokens (``EntityTokenizer``).
    @inline(__always)
    func isWord(_ scalar: Unicode.Scalar) -> Bool {
        has(scalar, Self.word) ?? (Self.isEastAsianLetter(scalar) || EntityTokenizer.referenceIsWord(scalar))
    }

    /// A decimal digit of any script.
    @inline(__always)
    func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        has(scalar, Self.digit) ?? EntityTokenizer.referenceIsDigit(scalar)
    }

    /// White space and the invisible marks (LRM, RLM, BOM) that separate tokens.
    @inline(__always)
    func isSkipped(_ scalar: Unicode.Scalar) -> Bool {
        has(scalar, Self.skipped) ?? (!Self.isEastAsianLetter(scalar) && EntityTokenizer.referenceIsSkipped(scalar))
    }

    @inline(__always)
    func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        has(scalar, Self.uppercase) ?? scalar.properties.isUppercase
    }

    @inline(__always)
    func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        has(scalar, Self.alphabetic) ?? scalar.properties.isAlphabetic
    }

    /// Whether a string made only of such scalars compares, hashes and counts characters exactly as
    /// its scalars do: see ``referenceIsSimple(_:)``.
    @inline(__always)
    func isSimple(_ scalar: Unicode.Scalar) -> Bool { has(scalar, Self.simple) ?? Self.referenceIsSimple(scalar) }

    /// The normalized scalar (``TokenNormalizer``), or ``TokenNormalizer/dropped``.
    @inline(__always)
    func folded(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = Int(scalar.value)
        if value < Self.limit { return folds[value] }
        if Self.isEastAsianLetter(scalar) { return scalar.value }
        return TokenNormalizer.referenceFold(scalar)?.value ?? TokenNormalizer.dropped
    }

    /// The class of a scalar in a token's shape (``FeatureExtractor/shape(_:)``).
    @inline(__always)
    func shapeClass(_ scalar: Unicode.Scalar) -> UInt64 {
        let value = Int(scalar.value)
        if value < Self.limit { return UInt64(shapes[value]) }
        return FeatureExtractor.referenceShapeClass(scalar)
    }

    /// The simple scalars above the tables (``referenceIsSimple(_:)``): Han ideographs of the
    /// unified blocks, kana letters and Hangul syllables, every one an assigned letter that is
    /// neither upper- nor lower-case nor a digit, so a word scalar that folds to itself and has
    /// shape class 5. Answered without Unicode's tables, which Chinese, Japanese and Korean text
    /// would otherwise ask for every scalar (`ScalarTableTests` checks each such scalar against
    /// the definitions).
    @inline(__always)
    static func isEastAsianLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= UInt32(limit) && referenceIsSimple(scalar)
    }

    /// Scalars that are in Unicode normal form C on their own (NFC_Quick_Check = Yes), have
    /// canonical combining class 0, never join a neighbour into one grapheme cluster and never
    /// compose with one: printable ASCII and the space, Latin-1 and the Latin extensions up to
    /// U+02FF, the Arabic letters, digits and punctuation that carry no mark, general
    /// punctuation, and above the tables the Han ideographs of the unified blocks, the kana letters
    /// and the precomposed Hangul syllables (the compatibility ideographs, which decompose, and the
    /// conjoining jamo are not simple).
    ///
    /// Swift compares and hashes strings by their canonical equivalence, and counts and slices
    /// them by grapheme cluster; for a string of only these scalars all of that is the same as
    /// comparing, hashing, counting and slicing its scalars, which is what makes integer ids and
    /// scalar hashes exact stand-ins for `String` keys. Tokens with any other scalar (combining
    /// marks, Indic vowel signs, conjoining jamo, …) take the `String` path.
    static func referenceIsSimple(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0x2FF: true
        case 0x060C, 0x061B, 0x061F, 0x0620...0x064A, 0x0660...0x066F, 0x0671...0x06D5, 0x06EE...0x06FF: true
        case 0x2010...0x2027, 0x2030...0x205E: true
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC,
            0xAC00...0xD7A3:
            true
        default: false
        }
    }
}
