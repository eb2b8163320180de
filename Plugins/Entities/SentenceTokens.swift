import LectorCore

/// A sentence cut into tokens, with everything the rules and the tagger ask of a token worked out
/// once: its normalized scalars and clitic-free stem (``TokenNormalizer``), their hashes, the hash
/// and shape of its raw scalars, and the ids of its normalized form and stem in the lexicon
/// (``LexiconIndex``).
///
/// The scalars of all tokens live back to back in two buffers (raw and normalized) instead of
/// three `String`s per token, and a value is meant to be reused from sentence to sentence, so that
/// cutting a sentence allocates nothing once the buffers have grown. The same tokens as
/// ``EntityToken/tokenize(_:offset:)`` gives, with the same normalized forms and stems.
///
/// ```swift
/// var sentence = SentenceTokens(index: EntityLexicon.shared.index)
/// sentence.tokenize(document.scalars[range.start..<range.end], offset: range.start)
/// sentence.normalizedString(0)   // "صوبائي"
/// ```
struct SentenceTokens {
    /// One token: offsets into the document and into the buffers, hashes and ids.
    struct Token {
        /// Unicode-scalar offsets, half-open, in the text the token was cut from.
        var start: Int
        var end: Int
        var raw: Range<Int>
        /// The normalized scalars in ``SentenceTokens/normalized``; the stem is their tail from `stemStart`.
        var normalized: Range<Int>
        var stemStart: Int
        /// 64-bit FNV-1a of the normalized, stem and raw scalars.
        var normalizedHash: UInt64
        var stemHash: UInt64
        var rawHash: UInt64
        /// ``FeatureExtractor/shape(_:)`` of the raw scalars.
        var shape: UInt64
        /// Lexicon ids (``LexiconIndex/id(of:hash:simple:)``) of the normalized form and the stem, or -1.
        var word: Int32
        var stemWord: Int32
        /// Whether every normalized scalar is simple (``ScalarTable/isSimple(_:)``).
        var isSimple: Bool
        /// One punctuation or symbol scalar (``EntityToken/isPunctuation``).
        var isPunctuation: Bool
        /// The first raw scalar is Latin (below U+0250) / an uppercase letter.
        var isLatin: Bool
        var isCapitalized: Bool
        /// The ``LexiconIndex/PhraseType`` bits of the phrases the token starts, with or without
        /// its proclitics.
        var phraseTypes: UInt8

        var hasStem: Bool { stemStart != normalized.lowerBound }
        var normalizedCount: Int { normalized.count }
    }

    /// The lexicon whose ids the tokens carry; ``use(_:)`` changes it for the next sentence.
    private(set) var index: LexiconIndex
    private(set) var tokens: [Token] = []
    private(set) var raw: [Unicode.Scalar] = []
    private(set) var normalized: [Unicode.Scalar] = []

    init(index: LexiconIndex) { self.index = index }

    /// The tokens of words given one by one (a training corpus comes tokenized), each taken whole.
    init(words: some Sequence<String>, index: LexiconIndex) {
        self.index = index
        set(words: words)
    }

    /// Replaces the tokens with `words`, each taken whole, at offset 0.
    mutating func set(words: some Sequence<String>) {
        tokens.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        normalized.removeAll(keepingCapacity: true)
        for word in words { append(word.unicodeScalars, start: 0, end: 0) }
    }

    /// ``EntityToken``s as the tagger and rules see them.
    init(_ tokens: [EntityToken], index: LexiconIndex) {
        self.index = index
        for token in tokens { append(token.text.unicodeScalars, start: token.start, end: token.end) }
    }

    /// Cuts the next sentences against another lexicon, keeping the buffers (as a processor's
    /// ``EntityWorkspace`` does when it passes between processors with different gazetteers).
    mutating func use(_ index: LexiconIndex) { self.index = index }

    var count: Int { tokens.count }
    var isEmpty: Bool { tokens.isEmpty }

    /// Whether the last ``tokenize(_:offset:cutEastAsian:)`` met Han, kana or Hangul in a word.
    private(set) var hasEastAsian = false

    /// Replaces the tokens with those of `scalars`, offsets counted from `offset`
    /// (``EntityToken/tokenize(_:offset:)``); with `cutEastAsian` false, runs of Han, kana and
    /// Hangul are kept whole, as the tagger's training corpora have them
    /// (``EntityTokenizer/split(_:cutEastAsian:token:)``).
    mutating func tokenize(_ scalars: ArraySlice<Unicode.Scalar>, offset: Int, cutEastAsian: Bool = true) {
        tokens.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        normalized.removeAll(keepingCapacity: true)
        let base = scalars.startIndex
        hasEastAsian = EntityTokenizer.split(scalars, cutEastAsian: cutEastAsian) { range in
            append(
                scalars[range], start: offset + range.lowerBound - base, end: offset + range.upperBound - base)
        }
    }

    private static let proclitics: [Unicode.Scalar] = Array("وف".unicodeScalars)
    private static let prepositions: [Unicode.Scalar] = Array("بكل".unicodeScalars)

    private mutating func append(_ scalars: some Collection<Unicode.Scalar>, start: Int, end: Int) {
        let table = ScalarTable.shared
        let rawStart = raw.count
        raw.append(contentsOf: scalars)
        var rawHash: UInt64 = 0xCBF2_9CE4_8422_2325
        var shape: UInt64 = 0xCBF2_9CE4_8422_2325
        var lastClass: UInt64 = 99
        let normalizedStart = normalized.count
        var simple = true
        var normalizedHash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in scalars {
            rawHash = (rawHash ^ UInt64(scalar.value)) &* 0x100_0000_01B3
            let entry = table.entry(scalar)
            let shapeClass = UInt64(entry.shape)
            if shapeClass != lastClass {
                shape = (shape ^ shapeClass) &* 0x100_0000_01B3
                lastClass = shapeClass
            }
            if entry.folded != TokenNormalizer.dropped {
                simple = simple && entry.foldedIsSimple
                normalized.append(Unicode.Scalar(entry.folded).unsafelyUnwrapped)
                normalizedHash = (normalizedHash ^ UInt64(entry.folded)) &* 0x100_0000_01B3
            }
        }
        let normalizedEnd = normalized.count
        let stemStart = normalizedStart + stemOffset(normalizedStart..<normalizedEnd)
        let stemHash =
            stemStart == normalizedStart ? normalizedHash : LexiconIndex.hash(normalized[stemStart..<normalizedEnd])
        let word = index.id(of: normalized[normalizedStart..<normalizedEnd], hash: normalizedHash, simple: simple)
        let stemWord =
            stemStart == normalizedStart
            ? word : index.id(of: normalized[stemStart..<normalizedEnd], hash: stemHash, simple: simple)
        let first = scalars.first
        tokens.append(
            Token(
                start: start, end: end, raw: rawStart..<raw.count, normalized: normalizedStart..<normalizedEnd,
                stemStart: stemStart, normalizedHash: normalizedHash, stemHash: stemHash, rawHash: rawHash,
                shape: shape, word: word, stemWord: stemWord, isSimple: simple,
                isPunctuation: end - start == 1 && first.map { !table.isWord($0) } ?? false,
                isLatin: first.map { $0.value < 0x250 } ?? false,
                isCapitalized: first.map(table.isUppercase) ?? false,
                phraseTypes: index.phraseTypes(word)
                    | (stemStart == normalizedStart ? 0 : index.phraseTypes(stemWord))))
    }

    /// How many leading scalars ``TokenNormalizer/stem(_:)`` removes from the normalized scalars.
    private func stemOffset(_ range: Range<Int>) -> Int {
        guard let first = range.first, (0x0600...0x06FF).contains(normalized[first].value) else { return 0 }
        var start = range.lowerBound
        var count: Int { range.upperBound - start }
        if count > 3, Self.proclitics.contains(normalized[start]) { start += 1 }
        if count > 3, Self.prepositions.contains(normalized[start]) {
            if normalized[start] == "ل", normalized[start + 1] == "ل", count > 4 { return start + 2 - range.lowerBound }
            if normalized[start + 1] == "ا", normalized[start + 2] == "ل" { start += 1 }
        }
        if count > 4, normalized[start] == "ا", normalized[start + 1] == "ل" { start += 2 }
        return start - range.lowerBound
    }

    /// The normalized scalars of token `i`, and of its stem.
    func normalizedScalars(_ i: Int) -> ArraySlice<Unicode.Scalar> { normalized[tokens[i].normalized] }
    func stemScalars(_ i: Int) -> ArraySlice<Unicode.Scalar> {
        normalized[tokens[i].stemStart..<tokens[i].normalized.upperBound]
    }

    /// The normalized form of token `i` as a string (for the rare rules that work on strings).
    func normalizedString(_ i: Int) -> String { Self.string(normalizedScalars(i)) }

    /// The raw text of token `i`.
    func text(_ i: Int) -> String { Self.string(raw[tokens[i].raw]) }

    /// A string of these scalars (``ScalarUTF8``: a word of up to 15 bytes takes no allocation).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String { ScalarUTF8.string(scalars) }

    /// Whether the raw text of token `i` is exactly these scalars.
    func rawEquals(_ i: Int, _ text: String) -> Bool { raw[tokens[i].raw].elementsEqual(text.unicodeScalars) }
}
