import CICU
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
    ///
    /// Most articles need none of it, so the common case only reads the UTF-8 bytes once for a CR
    /// or a U+FEFF and once more for NFC, and returns the text it was given.
    static func normalize(_ text: String) -> String {
        var text = text
        let needsRewrite = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains(0x0D) || containsBOM(bytes)
        } ?? true
        if needsRewrite {
            text = rewriteLineEndingsAndBOMs(text)
        }
        return nfc(text)
    }

    /// The line-ending and U+FEFF rules of `normalize`, over UTF-8 bytes: a CR (0x0D) never
    /// occurs inside a multi-byte sequence, and U+FEFF is always EF BB BF.
    private static func rewriteLineEndingsAndBOMs(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var write = 0
        var read = 0
        let count = bytes.count
        while read < count {
            let byte = bytes[read]
            if byte == 0x0D {
                bytes[write] = 0x0A
                write += 1
                read += read + 1 < count && bytes[read + 1] == 0x0A ? 2 : 1
            } else if byte == 0xEF && read + 2 < count && bytes[read + 1] == 0xBB && bytes[read + 2] == 0xBF {
                read += 3
            } else {
                bytes[write] = byte
                write += 1
                read += 1
            }
        }
        return String(decoding: bytes[..<write], as: UTF8.self)
    }

    private static func containsBOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3 else { return false }
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0xEF && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF { return true }
            index += 1
        }
        return false
    }

    /// The text in Unicode Normalization Form C.
    ///
    /// Normalizing is costly (Foundation builds a UTF-16 copy and back), and almost every article
    /// arrives in NFC already, so ICU's exact check decides first; Foundation only rewrites text
    /// that needs it.
    static func nfc(_ text: String) -> String {
        var text = text
        let normalized = text.withUTF8 { bytes -> Bool in
            // Nothing below U+0300 (ASCII, Latin-1, spacing modifiers) composes, so such text is
            // NFC: in UTF-8 those scalars are single bytes or two-byte sequences led by C2...CB.
            if !bytes.contains(where: { $0 >= 0xCC }) { return true }
            guard bytes.count <= Int(Int32.max), let base = bytes.baseAddress else { return false }
            var status: Int32 = 0
            let answer = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                lector_unorm2_isNFC_utf8($0, Int32(bytes.count), &status)
            }
            return answer == 1
        }
        if normalized { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// True when there is nothing but whitespace.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
    }

    /// How many C0 control characters other than tab, LF, CR and FF the text holds, and how
    /// many scalars it has in all. Counted over UTF-8 bytes: a byte below 0x20 is always a whole
    /// scalar, and every scalar has exactly one byte that is not a continuation byte (10xxxxxx).
    static func controlCharacterCount(_ text: String) -> (controls: Int, total: Int) {
        let counts = characterCounts(text)
        return (counts.controls, counts.total)
    }

    /// Control characters (as ``controlCharacterCount(_:)`` counts them), NULs among them, and
    /// scalars, in one pass over the UTF-8 bytes (in place when the string is native).
    private static func characterCounts(_ text: String) -> (controls: Int, nuls: Int, total: Int) {
        func count(_ bytes: some Sequence<UInt8>) -> (controls: Int, nuls: Int, total: Int) {
            var controls = 0
            var nuls = 0
            var total = 0
            for byte in bytes {
                if byte & 0xC0 != 0x80 { total += 1 }
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C {
                    controls += 1
                    if byte == 0 { nuls += 1 }
                }
            }
            return (controls, nuls, total)
        }
        return text.utf8.withContiguousStorageIfAvailable { count($0) } ?? count(text.utf8)
    }

    /// Whether the control characters make the text binary: any NUL, or more than one in a
    /// hundred characters. A stray escape or SUB at the end of an old file stays acceptable.
    static func looksBinary(_ text: String) -> Bool {
        let counts = characterCounts(text)
        if counts.nuls > 0 { return true }
        return counts.controls > 0 && counts.controls * 100 > counts.total
    }
}
