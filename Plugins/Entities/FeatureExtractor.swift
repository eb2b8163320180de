import LectorCore

/// Turns a sentence's tokens into hashed sparse features, one fixed-size list per token.
///
/// Every feature is a template number mixed with the hash of a value (a word, an affix, a shape, a
/// pair of words, a gazetteer flag) and folded into `buckets` rows of the weight table, so the model
/// needs no vocabulary. The templates: the normalized word at offsets −2…+2, the clitic-free stem
/// at −1…+1, prefixes and suffixes of 1–3 letters, the shape (case, digits, script) of the word and
/// its neighbours, word bigrams, the gazetteer and trigger flags of the word and its neighbours,
/// the length, and the position in the sentence; what the training side says (``TrainedLists``):
/// the listed span each token falls in (and its neighbours'), the word's own tag profile (and its
/// neighbours'), how often it is the first or last word of a span, whether the next word tends to
/// follow a span and the previous one to precede one, and the word's classes from word lists
/// (with its shape, and its neighbours'); and the run of capitalized words the token is in
/// (``markRuns(_:_:)``).
struct FeatureExtractor: Sendable {
    static let featuresPerToken = 48
    let mask: UInt64
    let lexicon: EntityLexicon
    let lists: TrainedLists

    init(bucketBits: Int, lexicon: EntityLexicon, lists: TrainedLists = .empty) {
        self.mask = (1 << UInt64(bucketBits)) - 1
        self.lexicon = lexicon
        self.lists = lists
    }

    /// The per-token values that the templates combine.
    struct TokenFacts {
        var word: UInt64
        var stem: UInt64
        var shape: UInt64
        var prefixes: (UInt64, UInt64, UInt64)
        var suffixes: (UInt64, UInt64, UInt64)
        var flags: UInt64
        var length: UInt64
        var raw: UInt64
        /// ``TrainedLists``' codes: the word's roles (tagged, first, last, after, before, one byte each)
        /// and the listed span the token is in (position × 256 + span code).
        var roles: UInt64
        var span: UInt64
        /// The run of capitalized words the token is in (``markRuns(_:_:)``): its position and
        /// length, its first and last words, and their first- and last-word codes; constants outside.
        var runPosition: UInt64 = 0x51ED_270B
        var runFirst: UInt64 = 0x51ED_270B
        var runLast: UInt64 = 0x51ED_270B
        var runCodes: UInt64 = 0x51ED_270B
        var runSuffix: UInt64 = 0x51ED_270B
    }

    /// Features for every token, flattened: token `i` owns `[i * featuresPerToken, (i + 1) * featuresPerToken)`.
    func features(_ sentence: SentenceTokens) -> [Int32] {
        var facts: [TokenFacts] = []
        var spans: [UInt16] = []
        var output: [Int32] = []
        features(sentence, facts: &facts, spans: &spans, into: &output)
        return output
    }

    /// ``features(_:)`` into buffers that the caller keeps from sentence to sentence.
    func features(
        _ sentence: SentenceTokens, facts: inout [TokenFacts], spans: inout [UInt16], into output: inout [Int32]
    ) {
        let count = sentence.count
        facts.removeAll(keepingCapacity: true)
        // Each token's word is looked up in the learnt lists, mostly a miss in every cache: asking
        // for all of a sentence's slots first lets the misses overlap.
        for token in sentence.tokens { lists.prefetchRoles(token.normalizedHash) }
        for index in 0..<count { facts.append(self.facts(sentence, index)) }
        facts.withUnsafeBufferPointer { facts in
            lists.matchSpans(sentence, roles: { facts[$0].roles }, into: &spans)
        }
        for index in 0..<count { facts[index].span = UInt64(spans[index]) }
        markRuns(sentence, &facts)
        let padding = TokenFacts(
            word: 0x9E37_79B9, stem: 0x9E37_79B9, shape: 0x85EB_CA6B, prefixes: (1, 1, 1), suffixes: (1, 1, 1),
            flags: 0xC2B2_AE35, length: 0, raw: 0x9E37_79B9, roles: 0x5BD1_E995, span: 0x5BD1_E995)
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: repeatElement(0, count: count * Self.featuresPerToken))
        let mask = self.mask
        facts.withUnsafeBufferPointer { facts in
            output.withUnsafeMutableBufferPointer { buffer in
                @inline(__always) func at(_ index: Int) -> TokenFacts {
                    index >= 0 && index < count ? facts[index] : padding
                }
                for index in 0..<count {
                    let here = facts[index]
                    let previous = at(index - 1)
                    let next = at(index + 1)
                    var slot = index * Self.featuresPerToken
                    var template: UInt64 = 0
                    @inline(__always) func put(_ value: UInt64) {
                        buffer[slot] = Int32(
                            truncatingIfNeeded: Self.mix(template &* 0x9E37_79B9_7F4A_7C15 ^ value) & mask)
                        template += 1
                        slot += 1
                    }
                    put(0)
                    put(here.word)
                    put(previous.word)
                    put(next.word)
                    put(at(index - 2).word)
                    put(at(index + 2).word)
                    put(here.stem)
                    put(previous.stem)
                    put(next.stem)
                    put(here.prefixes.0)
                    put(here.prefixes.1)
                    put(here.prefixes.2)
                    put(here.suffixes.0)
                    put(here.suffixes.1)
                    put(here.suffixes.2)
                    put(here.shape)
                    put(Self.combine(previous.shape, here.shape))
                    put(Self.combine(here.shape, next.shape))
                    put(Self.combine(previous.word, here.word))
                    put(Self.combine(here.word, next.word))
                    put(here.flags)
                    put(previous.flags)
                    put(next.flags)
                    put(here.length)
                    put(UInt64(min(index, 2)))
                    put(here.raw)
                    put(Self.combine(previous.stem, next.stem))
                    put(here.span)
                    put(previous.span)
                    put(next.span)
                    put(here.roles & 0xFF)
                    put(previous.roles & 0xFF)
                    put(next.roles & 0xFF)
                    put(here.roles >> 8 & 0xFF)
                    put(here.roles >> 16 & 0xFF)
                    put(next.roles >> 24 & 0xFF)
                    put(previous.roles >> 32 & 0xFF)
                    put(here.runPosition)
                    put(here.runFirst)
                    put(here.runLast)
                    put(here.runCodes)
                    put(Self.combine(here.roles >> 40 & 0xFF, here.shape))
                    put(previous.roles >> 40 & 0xFF)
                    put(next.roles >> 40 & 0xFF)
                    put(Self.combine(here.span, here.runPosition))
                    put(Self.combine(here.runLast, here.runPosition >> 8))
                    put(Self.combine(here.runFirst, here.runPosition >> 8))
                    put(here.runSuffix)
                }
            }
        }
    }

    /// The per-token values that the templates combine, from what ``SentenceTokens`` worked out.
    private func facts(_ sentence: SentenceTokens, _ index: Int) -> TokenFacts {
        let token = sentence.tokens[index]
        let scalars = sentence.normalizedScalars(index)
        let stemScalars = sentence.stemScalars(index)
        @inline(__always) func affix(_ source: ArraySlice<Unicode.Scalar>, _ length: Int, suffix: Bool) -> UInt64 {
            guard source.count > length else { return UInt64(length) &* 31 }
            return suffix
                ? LexiconIndex.hash(source[(source.endIndex - length)...]) ^ 0xABCD
                : LexiconIndex.hash(source[..<(source.startIndex + length)]) ^ 0x1234
        }
        return TokenFacts(
            word: token.normalizedHash,
            stem: token.stemHash ^ 0x5555,
            shape: token.shape,
            prefixes: (
                affix(stemScalars, 1, suffix: false), affix(stemScalars, 2, suffix: false),
                affix(stemScalars, 3, suffix: false)
            ),
            suffixes: (
                affix(scalars, 1, suffix: true), affix(scalars, 2, suffix: true), affix(scalars, 3, suffix: true)
            ),
            flags: sentence.index.flags(word: token.word, stem: token.stemWord) &+ 0x77,
            length: UInt64(min(scalars.count, 8)) &+ 0x100,
            raw: token.rawHash ^ 0x7777,
            roles: lists.roles(token.normalizedHash),
            span: 0)
    }

    /// Lower-case words that may join the capitalized words of one name ("Duchy of Gaeta", "Lacs de
    /// Conzieu", "Eyton on Severn", "Lars Frederiksen and the Bastards").
    static let connectors = HashedTable(words: [
        "of", "de", "the", "and", "on", "la", "le", "les", "du", "des", "von", "van", "der", "den", "del", "di", "da",
        "do", "dos", "y", "&", "for", "upon", "am", "an", "al", "el", "bin", "ibn",
    ])

    /// Marks the runs of capitalized words (joined by ``connectors``, but not to a month or weekday
    /// name) in Latin script: a name's type
    /// mostly shows in its head, the last word in English ("Knightville Dam", "Bernhard Warkentin
    /// Homestead") or the first ("Lacs de Conzieu", "Château de …"), which a token's window of ±2
    /// words often does not reach; every token of a run sees both ends, and their codes as the
    /// first and last words of training spans. The position tells whether the run is the whole
    /// sentence (WikiANN has many title-only lines), less any punctuation around it.
    private func markRuns(_ sentence: SentenceTokens, _ facts: inout [TokenFacts]) {
        let tokens = sentence.tokens
        let count = tokens.count
        var start = 0
        while start < count {
            guard tokens[start].isCapitalized, tokens[start].isLatin else {
                start += 1
                continue
            }
            var end = start + 1
            var scan = start + 1
            while scan < count {
                if tokens[scan].isCapitalized && tokens[scan].isLatin {
                    // "London on Monday" is a place and a day: a connector joins no month or weekday.
                    if scan > end && Self.isDateWord(sentence, scan) { break }
                    scan += 1
                    end = scan
                } else if Self.connectors[tokens[scan].normalizedHash] != nil {
                    scan += 1
                } else {
                    break
                }
            }
            let whole =
                !tokens[..<start].contains { !$0.isPunctuation } && !tokens[end...].contains { !$0.isPunctuation }
            let length = UInt64(min(end - start, 6))
            let first = facts[start]
            let last = facts[end - 1]
            for index in start..<end {
                let position: UInt64 =
                    end - start == 1 ? 4 : index == start ? 1 : index == end - 1 ? 3 : 2
                facts[index].runPosition = position << 8 | length << 1 | (whole ? 1 : 0)
                facts[index].runFirst = first.word ^ 0x3C6E_F372
                facts[index].runLast = last.word ^ 0xA54F_F53A
                facts[index].runCodes = (last.roles >> 16 & 0xFF) << 8 | (first.roles >> 8 & 0xFF) | 0x10000
                facts[index].runSuffix = Self.combine(last.suffixes.2, position)
            }
            start = end
        }
    }

    /// Whether the token is a month or weekday name on its own (``EntityLexicon``'s CLDR names).
    private static func isDateWord(_ sentence: SentenceTokens, _ index: Int) -> Bool {
        sentence.index.longestPhrase(
            in: sentence, at: index, types: LexiconIndex.PhraseType.month | LexiconIndex.PhraseType.weekday)?.count == 1
    }

    /// A compressed shape: each scalar's class (upper, lower, digit, Arabic letter, other letter,
    /// punctuation; ``referenceShapeClass(_:)``), repeats collapsed.
    static func shape(_ text: String) -> UInt64 {
        let table = ScalarTable.shared
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        var last: UInt64 = 99
        for scalar in text.unicodeScalars {
            let kind = table.shapeClass(scalar)
            if kind != last {
                value = (value ^ kind) &* 0x100_0000_01B3
                last = kind
            }
        }
        return value
    }

    /// A scalar's class in a shape: the definition behind ``ScalarTable/shapeClass(_:)``.
    static func referenceShapeClass(_ scalar: Unicode.Scalar) -> UInt64 {
        let properties = scalar.properties
        return if properties.isUppercase { 1 } else if properties.isLowercase {
            2
        } else if EntityTokenizer.referenceIsDigit(scalar) {
            3
        } else if (0x0600...0x06FF).contains(scalar.value) || (0xFB50...0xFEFF).contains(scalar.value) {
            4
        } else if properties.isAlphabetic { 5 } else { UInt64(scalar.value & 0xFF) + 6 }
    }

    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 { mix(a &* 31 ^ b) }

    @inline(__always)
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
