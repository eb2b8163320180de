import LectorCore

/// Turns a sentence's tokens into hashed sparse features, one fixed-size list per token.
///
/// Every feature is a template number mixed with the hash of a value (a word, an affix, a shape, a
/// pair of words, a gazetteer flag) and folded into `buckets` rows of the weight table, so the model
/// needs no vocabulary. The templates: the normalized word at offsets −2…+2, the clitic-free stem
/// at −1…+1, prefixes and suffixes of 1–3 letters, the shape (case, digits, script) of the word and
/// its neighbours, word bigrams, the gazetteer and trigger flags of the word and its neighbours,
/// the length, and the position in the sentence.
struct FeatureExtractor: Sendable {
    static let featuresPerToken = 27
    let mask: UInt64
    let lexicon: EntityLexicon

    init(bucketBits: Int, lexicon: EntityLexicon) {
        self.mask = (1 << UInt64(bucketBits)) - 1
        self.lexicon = lexicon
    }

    struct TokenFacts {
        var word: UInt64
        var stem: UInt64
        var shape: UInt64
        var prefixes: (UInt64, UInt64, UInt64)
        var suffixes: (UInt64, UInt64, UInt64)
        var flags: UInt64
        var length: UInt64
        var raw: UInt64
    }

    /// Features for every token, flattened: token `i` owns `[i * featuresPerToken, (i + 1) * featuresPerToken)`.
    func features(_ tokens: [EntityToken]) -> [Int32] {
        let facts = tokens.map(self.facts)
        let padding = TokenFacts(
            word: 0x9E37_79B9, stem: 0x9E37_79B9, shape: 0x85EB_CA6B, prefixes: (1, 1, 1), suffixes: (1, 1, 1),
            flags: 0xC2B2_AE35, length: 0, raw: 0x9E37_79B9)
        func at(_ index: Int) -> TokenFacts { index >= 0 && index < facts.count ? facts[index] : padding }
        var output = [Int32](repeating: 0, count: tokens.count * Self.featuresPerToken)
        output.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<tokens.count {
                let here = facts[index]
                let previous = at(index - 1)
                let next = at(index + 1)
                let base = index * Self.featuresPerToken
                var template: UInt64 = 0
                func put(_ value: UInt64) {
                    buffer[base + Int(template)] = Int32(
                        truncatingIfNeeded: mix(template &* 0x9E37_79B9_7F4A_7C15 ^ value) & mask)
                    template += 1
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
                put(combine(previous.shape, here.shape))
                put(combine(here.shape, next.shape))
                put(combine(previous.word, here.word))
                put(combine(here.word, next.word))
                put(here.flags)
                put(previous.flags)
                put(next.flags)
                put(here.length)
                put(UInt64(min(index, 2)))
                put(here.raw)
                put(combine(previous.stem, next.stem))
            }
        }
        return output
    }

    private func facts(_ token: EntityToken) -> TokenFacts {
        let normalized = token.normalized
        let scalars = Array(normalized.unicodeScalars)
        let stem = token.stem
        let stemScalars = Array(stem.unicodeScalars)
        func affix(_ source: [Unicode.Scalar], _ length: Int, suffix: Bool) -> UInt64 {
            guard source.count > length else { return UInt64(length) &* 31 }
            return hash(suffix ? source[(source.count - length)...] : source[..<length]) ^ (suffix ? 0xABCD : 0x1234)
        }
        return TokenFacts(
            word: hash(scalars[...]),
            stem: hash(stemScalars[...]) ^ 0x5555,
            shape: Self.shape(token.text),
            prefixes: (
                affix(stemScalars, 1, suffix: false), affix(stemScalars, 2, suffix: false),
                affix(stemScalars, 3, suffix: false)
            ),
            suffixes: (
                affix(scalars, 1, suffix: true), affix(scalars, 2, suffix: true), affix(scalars, 3, suffix: true)
            ),
            flags: lexicon.flags(normalized: normalized, stem: stem) &+ 0x77,
            length: UInt64(min(scalars.count, 8)) &+ 0x100,
            raw: hash(Array(token.text.unicodeScalars)[...]) ^ 0x7777)
    }

    /// A compressed shape: each scalar's class (upper, lower, digit, Arabic letter, other letter,
    /// punctuation), repeats collapsed.
    static func shape(_ text: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        var last: UInt64 = 99
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            let kind: UInt64 =
                if properties.isUppercase { 1 } else if properties.isLowercase {
                    2
                } else if EntityTokenizer.isDigit(scalar) {
                    3
                } else if (0x0600...0x06FF).contains(scalar.value) || (0xFB50...0xFEFF).contains(scalar.value) {
                    4
                } else if properties.isAlphabetic { 5 } else { UInt64(scalar.value & 0xFF) + 6 }
            if kind != last {
                value = (value ^ kind) &* 0x100_0000_01B3
                last = kind
            }
        }
        return value
    }

    @inline(__always)
    func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in scalars { value = (value ^ UInt64(scalar.value)) &* 0x100_0000_01B3 }
        return value
    }

    @inline(__always)
    func combine(_ a: UInt64, _ b: UInt64) -> UInt64 { mix(a &* 31 ^ b) }

    @inline(__always)
    func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
