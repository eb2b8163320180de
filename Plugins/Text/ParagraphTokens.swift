import CICU

/// A type that splits a short stretch of paragraph text into lowercased word tokens for lexicon
/// matching, remembering where each token sits and how it was written.
///
/// Tokens break at whitespace and punctuation, and also where letters change script without a
/// space (`LAN NGUYENماخذ` gives `lan`, `nguyen`, `ماخذ`), which is how glued layout debris is
/// recognised. Apostrophes, hyphens and periods between letters stay inside a token (`s'exprime`,
/// `u.s`).
struct ParagraphTokens {
    struct Token {
        /// The lowercased text.
        var text: String
        /// Scalar offsets relative to the paragraph's first scalar.
        var start: Int
        var end: Int
        /// Whether the first letter has case and is upper case.
        var isCapitalized: Bool
        /// Whether the first letter belongs to a script with case (Latin, Greek, Cyrillic, …).
        var isCased: Bool
        var hasDigit: Bool
        /// Whether the token follows the previous one with no space: a script change inside a run.
        var isGlued: Bool
    }

    private(set) var tokens: [Token] = []
    let scalars: ArraySlice<Unicode.Scalar>

    /// Tokenizes `scalars[range]`; offsets stay relative to `scalars.startIndex`.
    init(_ scalars: ArraySlice<Unicode.Scalar>, from start: Int = 0) {
        self.scalars = scalars
        let base = scalars.startIndex
        var index = base + start
        var current: [Unicode.Scalar] = []
        var tokenStart = 0
        var currentScript: Int32 = -1
        var glued = false
        func flush(_ end: Int) {
            guard !current.isEmpty else { return }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: current)
            let first = current.first { $0.properties.isAlphabetic || $0.properties.numericType != nil }!
            let props = first.properties
            tokens.append(
                Token(
                    text: String(view).lowercased(),
                    start: tokenStart,
                    end: end,
                    isCapitalized: props.isUppercase,
                    isCased: props.isUppercase || props.isLowercase,
                    hasDigit: current.contains { $0.properties.numericType != nil },
                    isGlued: glued
                ))
            current.removeAll(keepingCapacity: true)
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let offset = index - base
            if Self.isWordScalar(scalar) {
                let script = Self.script(of: scalar)
                if !current.isEmpty, script >= 0, currentScript >= 0, script != currentScript {
                    flush(offset)
                    glued = true
                    tokenStart = offset
                } else if current.isEmpty {
                    tokenStart = offset
                }
                if script >= 0 { currentScript = script }
                current.append(scalar)
            } else if Self.isJoiner(scalar), !current.isEmpty, index + 1 < scalars.endIndex,
                Self.isWordScalar(scalars[index + 1])
            {
                current.append(scalar)
            } else {
                flush(offset)
                glued = false
                currentScript = -1
            }
            index += 1
        }
        flush(index - base)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        let props = scalar.properties
        return props.isAlphabetic || props.numericType != nil || props.generalCategory == .nonspacingMark
            || props.generalCategory == .spacingMark
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "-" || scalar == "." || scalar == "\u{200C}"
    }

    /// The ICU script code of a letter, or -1 for scripts shared by all (digits, marks).
    private static func script(of scalar: Unicode.Scalar) -> Int32 {
        // ICU script codes: 0 Common, 1 Inherited, 25 Latin.
        if scalar.isASCII { return scalar.properties.numericType != nil ? -1 : 25 }
        var status: Int32 = 0
        let code = Int32(lector_uscript_getScript(Int32(bitPattern: scalar.value), &status))
        return code <= 1 ? -1 : code
    }

    /// The first scalar after token `i` that is not a space, or nil at the end of the stretch.
    func scalar(after i: Int) -> Unicode.Scalar? {
        var index = scalars.startIndex + tokens[i].end
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if !scalar.properties.isWhitespace { return scalar }
            index += 1
        }
        return nil
    }
}
