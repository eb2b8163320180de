/// Looks at raw bytes for the two things about HTML that must be known before decoding: whether
/// the content starts like an HTML page, and which charset its `<meta>` declares.
///
/// Both work on the ASCII bytes of ASCII-compatible encodings (all 8-bit encodings and UTF-8);
/// UTF-16 pages are recognised after decoding instead.
///
/// ```swift
/// HTMLSniffer.startsLikeHTML(Array("  <!doctype html><html>".utf8))           // true
/// HTMLSniffer.declaredCharset(in: Array("<meta charset=\"windows-1256\">".utf8)) // "windows-1256"
/// ```
enum HTMLSniffer {
    /// How far into the file a `<meta charset>` is looked for; the HTML standard says 1024 bytes,
    /// real pages with long `<head>`s put it later.
    static let metaScanLimit = 8192

    /// True when, after whitespace and a UTF-8 byte-order mark, the bytes start with
    /// `<!DOCTYPE html` or `<html` (in any case).
    static func startsLikeHTML(_ bytes: [UInt8]) -> Bool {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, isASCIIWhitespace(bytes[index]) { index += 1 }
        let prefix = bytes[index..<min(bytes.count, index + 14)].map(asciiLowercased)
        return prefix.starts(with: Array("<!doctype html".utf8)) || prefix.starts(with: Array("<html".utf8))
    }

    /// The same test on decoded text.
    static func startsLikeHTML(_ text: String) -> Bool {
        let trimmed = text.unicodeScalars.drop { $0 == "\u{FEFF}" || $0.properties.isWhitespace }
        let prefix = String(String.UnicodeScalarView(trimmed.prefix(14))).lowercased()
        return prefix.hasPrefix("<!doctype html") || prefix.hasPrefix("<html")
    }

    /// The charset label of the first `<meta charset=...>` or
    /// `<meta http-equiv="Content-Type" content="...; charset=...">`, as written.
    static func declaredCharset(in bytes: [UInt8]) -> String? {
        let window = bytes[0..<min(bytes.count, metaScanLimit)].map(asciiLowercased)
        let metaTag = Array("<meta".utf8)
        let charsetWord = Array("charset".utf8)
        var index = 0
        while let tagStart = firstIndex(of: metaTag, in: window, from: index) {
            let tagEnd = window[tagStart...].firstIndex(of: UInt8(ascii: ">")) ?? window.count
            var search = tagStart + metaTag.count
            while let found = firstIndex(of: charsetWord, in: window, from: search), found < tagEnd {
                var cursor = found + charsetWord.count
                while cursor < tagEnd, isASCIIWhitespace(window[cursor]) { cursor += 1 }
                guard cursor < tagEnd, window[cursor] == UInt8(ascii: "=") else {
                    search = cursor
                    continue
                }
                cursor += 1
                while cursor < tagEnd, isASCIIWhitespace(window[cursor]) || isQuote(window[cursor]) { cursor += 1 }
                let labelStart = cursor
                while cursor < tagEnd, isLabelByte(window[cursor]) { cursor += 1 }
                if cursor > labelStart {
                    return String(decoding: bytes[labelStart..<cursor], as: UTF8.self)
                }
                search = cursor
            }
            index = tagEnd
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func isQuote(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}
