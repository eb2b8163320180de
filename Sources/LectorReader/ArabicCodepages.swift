/// Tells windows-1256 from ISO-8859-6 when both decode the same bytes without error.
///
/// The two Arabic code pages agree on most letters below 0xD8 and disagree above it, where
/// windows-1256 interleaves the French letters `à â ç è é ê ë î ï ô ù û ü` among Arabic ones. Text
/// decoded with the wrong one therefore shows Latin letters glued to Arabic letters inside words,
/// which no real text does. ICU's detector sometimes names one for the other; when the two
/// decodings differ, the one with fewer such misreadings wins.
///
/// ```swift
/// ArabicCodepages.twin(of: "ISO-8859-6")        // "windows-1256"
/// ArabicCodepages.misreadScore("مرحبا")          // 0
/// ArabicCodepages.misreadScore("مèحبا")          // 2 (è touches two Arabic letters)
/// ```
enum ArabicCodepages {
    /// The other Arabic code page, for either of the two; nil for any other encoding.
    static func twin(of name: String) -> String? {
        switch name {
        case "windows-1256": return "ISO-8859-6"
        case "ISO-8859-6": return "windows-1256"
        default: return nil
        }
    }

    /// How many times a Latin-1 letter (U+00C0–U+00FF) directly touches an Arabic letter, plus
    /// the number of C1 control characters (U+0080–U+009F), which ISO-8859-6 decodings of
    /// windows-1256 letters produce and real text never contains.
    static func misreadScore(_ text: String) -> Int {
        var score = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) { score += 1 }
            if let previous {
                if (isLatin1Letter(previous) && isArabic(scalar)) || (isArabic(previous) && isLatin1Letter(scalar)) {
                    score += 1
                }
            }
            previous = scalar
        }
        return score
    }

    private static func isLatin1Letter(_ scalar: Unicode.Scalar) -> Bool {
        (0xC0...0xFF).contains(scalar.value) && scalar.value != 0xD7 && scalar.value != 0xF7
    }

    private static func isArabic(_ scalar: Unicode.Scalar) -> Bool {
        (0x0600...0x06FF).contains(scalar.value)
    }
}
