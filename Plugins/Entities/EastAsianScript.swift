/// What the tokenizer and the rules need to know about the scripts of Chinese, Japanese and Korean.
///
/// Chinese and Japanese are written without spaces between words, and Lector has no dictionary
/// to find the words: every Han ideograph and every kana is a token of its own, so that a
/// gazetteer name ("法国", "フランス") matches as a run of such tokens wherever it stands, and a
/// number keeps its own token beside the unit that follows ("2024年" is "2024" and "年").
/// Korean is written with spaces between words, but its particles stick to the noun before them
/// ("프랑스의", "서울에서"): a run of Hangul syllables is one token, cut apart from digits and other
/// scripts ("11월" is "11" and "월"), and the rules that need it strip a particle from its end
/// (``particleLengths(_:)``).
///
/// ```swift
/// EastAsianScript.isUnspaced("国")      // true
/// EastAsianScript.isHangul("국")        // true
/// EastAsianScript.particleLengths(Array("프랑스의".unicodeScalars)[...])   // [1]
/// ```
enum EastAsianScript {
    /// The first scalar value of any script here: tokenizer loops compare with it before asking more.
    static let lowest: UInt32 = 0x3005

    /// A Han ideograph (the unified blocks, extension A and the supplementary planes' B and after,
    /// the compatibility block), the ideographic iteration and closing marks (々 〆) and number
    /// zero (〇), a hiragana or katakana letter (with the prolonged-sound mark ー and the
    /// half-width forms): the scalars that are each a token.
    @inline(__always)
    static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= lowest else { return false }
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3041...0x3096, 0x309D...0x309F, 0x30A1...0x30FA, 0x30FC...0x30FF,
            0x31F0...0x31FF, 0x3005...0x3007, 0xF900...0xFA6D, 0xFA70...0xFAD9, 0xFF66...0xFF9F, 0x20000...0x2FA1F,
            0x30000...0x3134A:
            return true
        default:
            return false
        }
    }

    /// A precomposed Hangul syllable or a compatibility jamo: runs of these are tokens.
    @inline(__always)
    static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0xAC00...0xD7A3).contains(value) || (0x3131...0x318E).contains(value)
    }

    /// ``isUnspaced(_:)`` or ``isHangul(_:)``.
    @inline(__always)
    static func isEastAsian(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= lowest && (isUnspaced(scalar) || isHangul(scalar))
    }

    /// Korean particles and endings that attach to a noun: case markers (의 이 가 을 를 에 에서 로
    /// 으로 …), topic and additive markers (은 는 도 만), conjunctions (와 과 하고 이나), and the
    /// quotative and copula forms that follow names ("이라는", "이며"). Longest first.
    static let particles: [[Unicode.Scalar]] = [
        "에서는", "에서도", "에게서", "으로는", "으로도", "으로서", "이라는", "이라고", "에서의", "에게는",
        "에서", "에게", "으로", "까지", "부터", "에는", "에도", "와의", "과의", "로의", "이나", "처럼", "보다",
        "라는", "라고", "이며", "이다", "이고", "하고", "와는", "과는", "로서", "로는", "에선",
        "의", "은", "는", "이", "가", "을", "를", "에", "와", "과", "도", "로", "만", "며", "께", "쯤", "경", "엔",
    ].map { Array($0.unicodeScalars) }

    /// Korean names of countries that are also everyday nouns, which a particle follows far more
    /// often as the noun: 수단 (Sudan; a means, "수단으로서"), 오만 (Oman; arrogance, "오만을").
    /// They are found as whole words only, never with a particle stripped.
    static let homographs: [[Unicode.Scalar]] = ["수단", "오만"].map { Array($0.unicodeScalars) }

    /// The lengths of the particles (``particles``) that `word` ends with, each leaving at least
    /// one syllable before it, longest first.
    static func particleLengths(_ word: ArraySlice<Unicode.Scalar>) -> [Int] {
        guard let last = word.last, isHangul(last) else { return [] }
        var lengths: [Int] = []
        for particle in particles
        where particle.count < word.count && word.suffix(particle.count).elementsEqual(particle) {
            if !lengths.contains(particle.count) { lengths.append(particle.count) }
        }
        return lengths
    }

    /// Whether `rest` is empty or one particle (what may follow a Korean noun, unit or currency
    /// inside its word).
    static func isParticleOrEmpty(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        rest.isEmpty || particles.contains { $0.elementsEqual(rest) }
    }
}
