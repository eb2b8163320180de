/// Recognises bytes that are not text: known binary formats by their magic numbers, NUL bytes,
/// and the NUL pattern of UTF-16 text written without a byte-order mark.
///
/// ```swift
/// if let format = BinarySniffer.knownFormat(of: bytes) {
///     print(format)   // "a PNG image"
/// }
/// ```
enum BinarySniffer {
    /// A binary format recognised by the bytes at a fixed offset.
    struct Signature {
        var offset: Int
        var magic: [UInt8]
        var description: String

        init(_ magic: [UInt8], at offset: Int = 0, _ description: String) {
            self.offset = offset
            self.magic = magic
            self.description = description
        }

        init(_ magic: String, at offset: Int = 0, _ description: String) {
            self.init(Array(magic.utf8), at: offset, description)
        }
    }

    // Only signatures no article could start with: three bytes or more, most with non-ASCII bytes.
    static let signatures: [Signature] = [
        Signature("%PDF-", "a PDF document"),
        Signature([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image"),
        Signature([0xFF, 0xD8, 0xFF], "a JPEG image"),
        Signature("GIF87a", "a GIF image"),
        Signature("GIF89a", "a GIF image"),
        Signature([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (which includes DOCX, XLSX, ODT and EPUB files)"),
        Signature([0x50, 0x4B, 0x05, 0x06], "an empty ZIP archive"),
        Signature([0x1F, 0x8B], "a gzip-compressed file"),
        Signature([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "an xz-compressed file"),
        Signature([0x28, 0xB5, 0x2F, 0xFD], "a zstd-compressed file"),
        Signature([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        Signature("Rar!\u{1A}\u{07}", "a RAR archive"),
        Signature([0x7F, 0x45, 0x4C, 0x46], "an ELF executable or library"),
        Signature([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Microsoft Office file (DOC, XLS or PPT)"),
        Signature("{\\rtf", "an RTF document"),
        Signature("SQLite format 3\u{0}", "an SQLite database"),
        Signature("BZh91AY&SY", "a bzip2-compressed file"),
        Signature("WAVEfmt ", at: 8, "a WAV audio file"),
        Signature("WEBPVP8", at: 8, "a WebP image"),
        Signature([0x49, 0x44, 0x33, 0x03], "an MP3 audio file"),
        Signature([0x49, 0x44, 0x33, 0x04], "an MP3 audio file"),
        Signature("OggS", "an Ogg media file"),
        Signature("fLaC", "a FLAC audio file"),
        Signature("ftyp", at: 4, "an MP4 or QuickTime media file"),
        Signature([0x49, 0x49, 0x2A, 0x00], "a TIFF image"),
        Signature([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
        Signature([0x00, 0x61, 0x73, 0x6D], "a WebAssembly module"),
        Signature([0xCA, 0xFE, 0xBA, 0xBE], "a Java class file or Mach-O binary"),
        Signature([0xCF, 0xFA, 0xED, 0xFE], "a Mach-O executable"),
    ]

    /// What the bytes look like when a magic number identifies a binary format.
    static func knownFormat(of bytes: [UInt8]) -> String? {
        for signature in signatures {
            let end = signature.offset + signature.magic.count
            if bytes.count >= end && bytes[signature.offset..<end].elementsEqual(signature.magic) {
                return signature.description
            }
        }
        return nil
    }

    /// The byte order of UTF-16 text without a byte-order mark, recognised by its NUL pattern:
    /// ASCII characters (spaces, digits, punctuation, Latin letters) in UTF-16 have a zero high
    /// byte, so NULs crowd onto odd offsets (little-endian) or even ones (big-endian). Returns nil
    /// when the pattern is not clear, in which case NUL bytes mean binary.
    static func utf16ByteOrder(of bytes: [UInt8]) -> UTF16ByteOrder? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        var evenNULs = 0
        var oddNULs = 0
        var pairsWithBothNUL = 0
        var index = 0
        while index + 1 < bytes.count {
            let first = bytes[index]
            let second = bytes[index + 1]
            if first == 0 { evenNULs += 1 }
            if second == 0 { oddNULs += 1 }
            if first == 0 && second == 0 { pairsWithBothNUL += 1 }
            index += 2
        }
        let pairs = bytes.count / 2
        // U+0000 is not text; a real UTF-16 article has (almost) none.
        guard pairsWithBothNUL * 100 <= pairs else { return nil }
        // At least one character in ten must be ASCII-range (spaces alone usually give that), and
        // nine in ten NULs must sit on one side.
        if oddNULs * 10 >= pairs && evenNULs * 10 <= oddNULs { return .littleEndian }
        if evenNULs * 10 >= pairs && oddNULs * 10 <= evenNULs { return .bigEndian }
        return nil
    }

    enum UTF16ByteOrder {
        case littleEndian
        case bigEndian

        var encodingName: String { self == .littleEndian ? "UTF-16LE" : "UTF-16BE" }
    }
}
