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

    /// Tokenizes the scalars from offset `start` up to offset `limit` (both relative to
    /// `scalars.startIndex`, which token offsets are relative to as well). A token running past
    /// `limit` is finished.
    init(_ scalars: ArraySlice<Unicode.Scalar>, from start: Int = 0, upTo limit: Int = .max) {
        self.scalars = scalars
        let base = scalars.startIndex
        var index = base + start
        let stop = limit >= scalars.count ? scalars.endIndex : base + limit
        var builder = Builder()
        let table = WordScalarTable.shared
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let offset = index - base
            if index >= stop, builder.length == 0 { break }
            if table.isWordScalar(scalar) {
                let script = table.script(of: scalar)
                if builder.length > 0, script >= 0, builder.currentScript >= 0, script != builder.currentScript {
                    builder.flush(scalars, table: table)
                    builder.glued = true
                    builder.tokenStart = offset
                } else if builder.length == 0 {
                    builder.tokenStart = offset
                }
                if script >= 0 { builder.currentScript = script }
                builder.length += 1
            } else if Self.isJoiner(scalar), builder.length > 0, index + 1 < scalars.endIndex,
                table.isWordScalar(scalars[index + 1])
            {
                builder.length += 1
            } else {
                builder.flush(scalars, table: table)
                builder.glued = false
                builder.currentScript = -1
            }
            index += 1
        }
        builder.flush(scalars, table: table)
        tokens = builder.tokens
    }

    /// The token being read and those finished. (A struct with a mutating method rather than a
    /// nested function capturing the init's variables, which made every access to them a
    /// dynamically checked one.) The token being read is the `length` scalars from `tokenStart`:
    /// every scalar from its first on is part of it until it is finished, so it is a slice of
    /// the paragraph rather than a copy.
    private struct Builder {
        var tokens: [Token] = []
        var length = 0
        var bytes: [UInt8] = []
        var tokenStart = 0
        var currentScript: Int32 = -1
        var glued = false

        mutating func flush(_ scalars: ArraySlice<Unicode.Scalar>, table: WordScalarTable) {
            guard length > 0 else { return }
            let start = scalars.startIndex + tokenStart
            let current = scalars[start..<(start + length)]
            // Lowercase straight into UTF-8: only cased non-ASCII letters need a mapping lookup.
            bytes.removeAll(keepingCapacity: true)
            for scalar in current {
                let v = scalar.value
                if v < 0x80 {
                    bytes.append(UInt8(v) | (v >= 0x41 && v <= 0x5A ? 0x20 : 0))
                } else if !(0x0590...0x08FF).contains(v), scalar.properties.isUppercase {
                    bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
            }
            let first = current.first { !table.isMark($0) } ?? current[start]
            let (isUppercase, isLowercase) = Self.letterCase(of: first)
            tokens.append(
                Token(
                    text: String(decoding: bytes, as: UTF8.self),
                    start: tokenStart,
                    end: tokenStart + length,
                    isCapitalized: isUppercase,
                    isCased: isUppercase || isLowercase,
                    hasDigit: current.contains(where: table.isDigit),
                    isGlued: glued
                ))
            length = 0
        }

        /// Whether a letter is upper or lower case; ASCII, Hebrew and Arabic (no case) without a
        /// property lookup.
        @inline(__always)
        static func letterCase(of scalar: Unicode.Scalar) -> (upper: Bool, lower: Bool) {
            let v = scalar.value
            if v < 0x80 { return (v >= 0x41 && v <= 0x5A, v >= 0x61 && v <= 0x7A) }
            if (0x0590...0x08FF).contains(v) { return (false, false) }
            let properties = scalar.properties
            return (properties.isUppercase, properties.isLowercase)
        }
    }

    /// Letters, digits and combining marks: what words are made of (from ``WordScalarTable``).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { WordScalarTable.shared.isWordScalar(scalar) }

    /// Letters, digits and combining marks, from Unicode's properties: what ``WordScalarTable``
    /// holds for the Basic Multilingual Plane. Latin and Arabic ranges are decided without a
    /// property lookup.
    static func slowIsWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        switch v {
        case 0xC0...0x24F: return v != 0xD7 && v != 0xF7
        case 0x1E00...0x1EFF, 0x0620...0x0669, 0x066E...0x06D3, 0x06D5...0x06DC, 0x06DF...0x06E8, 0x06EA...0x06FC:
            return true
        case 0x0600...0x06FF: return false
        default:
            let props = scalar.properties
            return props.isAlphabetic || props.generalCategory == .decimalNumber || slowIsMark(scalar)
        }
    }

    /// Combining marks (Mn, Mc), from Unicode's properties.
    static func slowIsMark(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x300 { return false }
        if (0x064B...0x065F).contains(v) || v == 0x0670 { return true }
        let category = scalar.properties.generalCategory
        return category == .nonspacingMark || category == .spacingMark
    }

    /// ASCII, Arabic-Indic and Extended Arabic-Indic digits, then any other decimal digit.
    static func slowIsDigit(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        if (0x0660...0x0669).contains(v) || (0x06F0...0x06F9).contains(v) { return true }
        if (0x0600...0x06FF).contains(v) || (0xC0...0x24F).contains(v) || (0x1E00...0x1EFF).contains(v) { return false }
        return scalar.properties.generalCategory == .decimalNumber
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "-" || scalar == "." || scalar == "\u{200C}"
    }

    /// The ICU script code of a letter, or -1 for scripts shared by all (digits, marks), from ICU.
    static func slowScript(of scalar: Unicode.Scalar) -> Int32 {
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
