import Foundation

/// An article as the pipeline sees it: decoded, normalized text plus the facts of where it came from.
///
/// The text is always Unicode NFC. Every ``TextRange`` in annotations indexes `text` by Unicode
/// scalars.
public struct Document: Sendable {
    /// The article's identity: the lowercase hex SHA-256 of its bytes as received.
    public let id: String
    /// The decoded text, NFC-normalized. For HTML, the visible text with block structure kept as
    /// line breaks.
    public let text: String
    /// The title the format declared (HTML `<title>`), if any.
    public let declaredTitle: String?
    /// How the bytes were turned into text.
    public let decoding: DecodingFacts
    /// Where the bytes came from.
    public var source: SourceInfo

    /// The text as an array of scalars, for O(1) slicing by ``TextRange``.
    public let scalars: [Unicode.Scalar]

    public init(id: String, text: String, declaredTitle: String? = nil, decoding: DecodingFacts, source: SourceInfo) {
        self.id = id
        self.text = text
        self.declaredTitle = declaredTitle
        self.decoding = decoding
        self.source = source
        self.scalars = Self.scalars(of: text)
    }

    /// The text's scalars in one pass: `Array(text.unicodeScalars)` walked the text once to
    /// count them and again to copy them. The count comes from the UTF-8 bytes that start a
    /// scalar instead.
    private static func scalars(of text: String) -> [Unicode.Scalar] {
        let count =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                var count = 0
                for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
                return count
            } ?? text.unicodeScalars.count
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        return scalars
    }

    /// The text of a range, which must lie within the document (encoded by ``ScalarUTF8``).
    public func text(in range: TextRange) -> String {
        ScalarUTF8.string(scalars[range.start..<range.end])
    }

    /// The whole text's range.
    public var fullRange: TextRange { TextRange(start: 0, end: scalars.count) }
}

/// Facts about how an article's bytes were decoded.
public struct DecodingFacts: Sendable, Hashable, Codable {
    /// The IANA name of the character encoding, e.g. `UTF-8`, `UTF-16LE`, `windows-1256`.
    public var encoding: String
    /// How the encoding was known.
    public var encodingSource: EncodingSource
    /// The detector's confidence (0–100) when the encoding was detected, otherwise nil.
    public var confidence: Int?
    /// Whether a byte-order mark was present (and removed).
    public var hadBOM: Bool
    /// The input format.
    public var format: DocumentFormat

    public init(
        encoding: String,
        encodingSource: EncodingSource,
        confidence: Int? = nil,
        hadBOM: Bool = false,
        format: DocumentFormat
    ) {
        self.encoding = encoding
        self.encodingSource = encodingSource
        self.confidence = confidence
        self.hadBOM = hadBOM
        self.format = format
    }

    enum CodingKeys: String, CodingKey {
        case encoding
        case encodingSource = "encoding_source"
        case confidence
        case hadBOM = "bom"
        case format
    }
}

/// How an encoding was established. New sources may be added, so this is a struct, not an enum.
public struct EncodingSource: StringOption {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A byte-order mark said so.
    public static let bom = EncodingSource("bom")
    /// The bytes are valid UTF-8 (which random legacy bytes practically never are).
    public static let validUTF8 = EncodingSource("valid-utf8")
    /// The document declared it (HTML `<meta charset>`), and the bytes agreed.
    public static let declared = EncodingSource("declared")
    /// ICU's charset detector chose it.
    public static let detected = EncodingSource("detected")
    /// The configuration forced it.
    public static let configured = EncodingSource("configured")
}

/// The format of an input file. New formats may be added, so this is a struct, not an enum.
public struct DocumentFormat: StringOption {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let text = DocumentFormat("text")
    public static let html = DocumentFormat("html")
    /// An e-mail message (RFC 5322, MIME): its first text part, headed by its subject.
    public static let email = DocumentFormat("email")
    /// A Word document (Office Open XML): the paragraphs of its body.
    public static let docx = DocumentFormat("docx")
    /// An OpenDocument text (ODF): the paragraphs and headings of its body.
    public static let odt = DocumentFormat("odt")
}

/// Where an article came from.
public struct SourceInfo: Sendable, Hashable, Codable {
    /// The file name as received. Names that are not valid UTF-8 are kept with invalid bytes
    /// replaced by U+FFFD here; ``nameBytesHex`` then holds the exact bytes.
    public var name: String
    /// The exact bytes of the name, hex-encoded, present only when the name is not valid UTF-8.
    public var nameBytesHex: String?
    /// The sub-folder of the inbox the file was found in ("" for the inbox itself).
    public var folder: String
    /// Size in bytes.
    public var size: Int
    /// Lowercase hex SHA-256 of the bytes.
    public var sha256: String
    /// When Lector first saw the file.
    public var receivedAt: Date

    public init(
        name: String,
        nameBytesHex: String? = nil,
        folder: String = "",
        size: Int,
        sha256: String,
        receivedAt: Date
    ) {
        self.name = name
        self.nameBytesHex = nameBytesHex
        self.folder = folder
        self.size = size
        self.sha256 = sha256
        self.receivedAt = receivedAt
    }

    enum CodingKeys: String, CodingKey {
        case name
        case nameBytesHex = "name_bytes_hex"
        case folder
        case size
        case sha256
        case receivedAt = "received_at"
    }
}
