/// Small scalar-level tests shared by the paragraph, sentence and boilerplate code, written to
/// run without allocating.
enum TextScan {
    /// Whether a scalar is whitespace for trimming: spaces, tabs, line breaks, and the invisible
    /// format marks that editors leave at line edges (zero-width space, byte-order mark, LRM/RLM).
    @inline(__always)
    static func isTrimmable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Whether a UTF-16 unit ends a line: LF, VT, FF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
    @inline(__always)
    static func isLineBreak(_ unit: UInt16) -> Bool {
        unit == 0x0A || unit == 0x0B || unit == 0x0C || unit == 0x0D || unit == 0x85 || unit == 0x2028 || unit == 0x2029
    }

    /// Whether a UTF-16 unit is trimmable whitespace (all trimmable scalars are in the BMP).
    @inline(__always)
    static func isTrimmable(unit: UInt16) -> Bool { isTrimmable(Unicode.Scalar(unit) ?? "x") }

    /// Sentence-final punctuation in the scripts Lector sees: . ! ? … and the Arabic, Urdu,
    /// Devanagari, CJK, Armenian and Ethiopic forms.
    @inline(__always)
    static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21, 0x2E, 0x3F, 0x2026, 0x061F, 0x06D4, 0x0964, 0x0965, 0x3002, 0xFF01, 0xFF0E, 0xFF1F, 0x0589, 0x1362,
            0x203C, 0x2047...0x2049:
            return true
        default:
            return false
        }
    }

    /// Closing quotes and brackets that may follow sentence-final punctuation.
    @inline(__always)
    static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0xBB, 0x2019, 0x201D, 0x203A, 0x300D, 0x300F, 0xFF09: return true
        default: return false
        }
    }

    /// Whether the text ends in sentence-final punctuation, looking past closing quotes, brackets
    /// and trailing layout bars ("… کی۔ |").
    static func endsWithTerminal(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var index = scalars.endIndex - 1
        while index >= scalars.startIndex {
            let scalar = scalars[index]
            if isTerminal(scalar) { return true }
            if !(isClosing(scalar) || isTrimmable(scalar) || scalar == "|") { return false }
            index -= 1
        }
        return false
    }

    /// Commas, semicolons and their Arabic, CJK and full-width forms: signs of running prose.
    static func containsClausePunctuation(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        scalars.contains { scalar in
            switch scalar.value {
            case 0x2C, 0x3B, 0x060C, 0x061B, 0x3001, 0xFF0C, 0xFF1B: true
            default: false
            }
        }
    }

    /// Whether the text contains `http://`, `https://` or `www.`.
    static func containsURL(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let patterns: [[Unicode.Scalar]] = [Array("://".unicodeScalars), Array("www.".unicodeScalars)]
        for pattern in patterns {
            var index = scalars.startIndex
            while index + pattern.count <= scalars.endIndex {
                if scalars[index] == pattern[0], scalars[index..<(index + pattern.count)].elementsEqual(pattern) {
                    return true
                }
                index += 1
            }
        }
        return false
    }
}
