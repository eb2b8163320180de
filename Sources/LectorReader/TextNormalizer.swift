import Foundation

/// The clean-up every decoded text goes through: line endings to LF, byte-order marks out,
/// Unicode NFC; and the checks that decide whether what is left is text at all.
///
/// ```swift
/// TextNormalizer.normalize("Vie\u{0302}\u{0323}t\r\nNam\r")   // "Việt\nNam\n"
/// ```
enum TextNormalizer {
    /// CRLF and lone CR become LF, every U+FEFF (a byte-order mark, or a zero-width no-break
    /// space that editors leave behind when concatenating files) is removed, and the result is
    /// NFC. Everything else, including blank lines, is kept.
    static func normalize(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        view.reserveCapacity(text.unicodeScalars.count)
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                view.append("\n")
                afterCR = true
                continue
            case "\n" where afterCR:
                break
            case "\u{FEFF}":
                break
            default:
                view.append(scalar)
            }
            afterCR = false
        }
        return nfc(String(view))
    }

    /// The text in Unicode Normalization Form C.
    static func nfc(_ text: String) -> String {
        // Nothing below U+0300 (ASCII, Latin-1, spacing modifiers) composes, so such text is NFC.
        if text.unicodeScalars.allSatisfy({ $0.value < 0x0300 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// True when there is nothing but whitespace.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
    }

    /// How many C0 control characters other than tab, LF, CR and FF the text holds, and how
    /// many scalars it has in all.
    static func controlCharacterCount(_ text: String) -> (controls: Int, total: Int) {
        var controls = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" && scalar != "\u{0C}" {
                controls += 1
            }
        }
        return (controls, total)
    }

    /// Whether the control characters make the text binary: any NUL, or more than one in a
    /// hundred characters. A stray escape or SUB at the end of an old file stays acceptable.
    static func looksBinary(_ text: String) -> Bool {
        if text.unicodeScalars.contains("\u{0}") { return true }
        let (controls, total) = controlCharacterCount(text)
        return controls > 0 && controls * 100 > total
    }
}
