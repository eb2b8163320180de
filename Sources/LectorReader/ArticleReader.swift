import Crypto
import Foundation
import LectorCore

/// Reads an article file and turns its bytes into a ``LectorCore/Document``: the encoding is
/// detected (never assumed), the text is decoded strictly, normalised to NFC with LF line endings,
/// and HTML is reduced to its title and visible text.
///
/// ```swift
/// let reader = ArticleReader(options: .init(maxBytes: 10 * 1024 * 1024))
/// do {
///     let document = try reader.read(path: "inbox/story.txt", folder: "")
///     print(document.decoding.encoding, document.text.count)
/// } catch {
///     print(error.code, error.message)   // e.g. binary: The file looks like a PDF document ...
/// }
/// ```
///
/// The encoding is settled in this order: a configured encoding; a byte-order mark; UTF-16 by its
/// NUL pattern; bytes that are valid UTF-8; an HTML `<meta>` charset the bytes agree with; ICU's
/// charset detector. Bytes that claim UTF-8 (a UTF-8 BOM, a `<meta>` charset of UTF-8, or mostly
/// well-formed UTF-8) but contain a broken sequence are rejected with the offset of the first one,
/// never patched with U+FFFD.
public struct ArticleReader: Sendable {
    /// How an ``ArticleReader`` behaves.
    public struct Options: Sendable {
        /// Files larger than this many bytes are refused with ``ReadError/Code/tooLarge``.
        public var maxBytes: Int
        /// An IANA encoding name; when set, detection is skipped and the bytes must be valid in it.
        public var forcedEncoding: String?

        public init(maxBytes: Int = 50 * 1024 * 1024, forcedEncoding: String? = nil) {
            self.maxBytes = maxBytes
            self.forcedEncoding = forcedEncoding
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Reads a regular file. Opens with O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC, fstat()s the open
    /// descriptor and refuses anything that is not a regular file (a FIFO must never block, a
    /// symlink is not followed), refuses files over maxBytes before reading them.
    ///
    /// - Parameters:
    ///   - name: the name to record and to decide HTML by; defaults to the path's last component.
    ///   - folder: the inbox sub-folder the file was found in.
    public func read(
        path: String,
        name: String? = nil,
        folder: String = "",
        receivedAt: Date = Date()
    ) throws(ReadError) -> Document {
        let bytes = try FileLoader.load(path: path, maxBytes: options.maxBytes)
        let fileName = name ?? FileLoader.lastComponent(of: path)
        return try decode(bytes: bytes, name: fileName, folder: folder, receivedAt: receivedAt)
    }

    /// Decodes bytes already in memory (same rules; `name` decides HTML by extension).
    public func decode(
        bytes: [UInt8],
        name: String,
        folder: String = "",
        receivedAt: Date = Date()
    ) throws(ReadError) -> Document {
        guard !bytes.isEmpty else {
            throw ReadError(code: .empty, message: "The file is empty (0 bytes); there is no article to process.")
        }
        guard bytes.count <= options.maxBytes else {
            throw FileLoader.tooLarge(size: bytes.count, limit: options.maxBytes)
        }
        if let office = try OfficeDocument.extract(bytes, limit: options.maxBytes) {
            return try Self.document(office, bytes: bytes, name: name, folder: folder, receivedAt: receivedAt)
        }
        if let format = BinarySniffer.knownFormat(of: bytes) {
            throw ReadError(
                code: .binary,
                message: "The file looks like \(format), not a text article; convert it to plain text or HTML first."
            )
        }

        // An e-mail message: its first text part is the article, its subject the headline.
        let mail = try MailMessage.parse(bytes)
        let content = mail?.body ?? bytes
        let htmlByName = mail?.isHTML ?? Self.hasHTMLExtension(name)
        let decoder = ArticleDecoder(
            forcedEncoding: options.forcedEncoding,
            isHTML: htmlByName || (mail == nil && HTMLSniffer.startsLikeHTML(content)),
            declaredCharset: mail?.charset
        )
        let decoded =
            content.isEmpty
            ? ArticleDecoder.Decoded(text: "", encoding: "UTF-8", source: .validUTF8, hadBOM: false)
            : try decoder.decode(content)

        if TextNormalizer.looksBinary(decoded.text) {
            let (controls, total) = TextNormalizer.controlCharacterCount(decoded.text)
            throw ReadError(
                code: .binary,
                message: "The file decodes (as \(decoded.encoding)) to text with \(controls) control characters in "
                    + "\(total), so it is binary data rather than an article; check what produced it."
            )
        }
        let subject = mail?.subject.map { TextNormalizer.normalize($0.split(whereSeparator: \.isNewline).joined(separator: " ")) }
            .flatMap { TextNormalizer.isBlank($0) ? nil : $0 }
        var text = TextNormalizer.normalize(decoded.text)
        if TextNormalizer.isBlank(text), subject == nil {
            throw ReadError(
                code: .empty,
                message: "The \(mail == nil ? "file" : "e-mail message") holds only whitespace"
                    + "\(decoded.hadBOM ? " and a byte-order mark" : ""); there is no article to process."
            )
        }

        var title: String?
        let isHTML = htmlByName || (mail == nil && HTMLSniffer.startsLikeHTML(text))
        if isHTML {
            let page = HTMLTextExtractor.extract(utf8: Array(text.utf8))
            title = page.title.map(TextNormalizer.normalize)
            text = TextNormalizer.normalize(page.text)
            if TextNormalizer.isBlank(text), subject == nil {
                throw ReadError(
                    code: .empty,
                    message: "The HTML page has no visible text (only markup, scripts or styles); "
                        + "there is no article to process."
                )
            }
        }
        if let subject {
            // The subject is the headline: the first line, and the declared title that marks it so.
            title = subject
            text = TextNormalizer.isBlank(text) ? subject : subject + "\n\n" + text
        }

        let digest = Self.sha256Hex(bytes)
        return Document(
            id: digest,
            text: text,
            declaredTitle: title,
            decoding: DecodingFacts(
                encoding: decoded.encoding,
                encodingSource: decoded.source,
                confidence: decoded.confidence,
                hadBOM: decoded.hadBOM,
                format: mail != nil ? .email : isHTML ? .html : .text
            ),
            source: SourceInfo(name: name, folder: folder, size: bytes.count, sha256: digest, receivedAt: receivedAt)
        )
    }

    /// The document of a DOCX or ODT file: its XML is UTF-8 by the formats' rules, declared in the
    /// XML itself.
    private static func document(
        _ office: OfficeDocument.Extracted, bytes: [UInt8], name: String, folder: String, receivedAt: Date
    ) throws(ReadError) -> Document {
        let text = TextNormalizer.normalize(office.text)
        if TextNormalizer.isBlank(text) {
            throw ReadError(code: .empty, message: "The document's body has no text; there is no article to process.")
        }
        let digest = sha256Hex(bytes)
        return Document(
            id: digest,
            text: text,
            declaredTitle: office.title.map(TextNormalizer.normalize),
            decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .declared, format: office.format),
            source: SourceInfo(name: name, folder: folder, size: bytes.count, sha256: digest, receivedAt: receivedAt)
        )
    }

    /// Whether a file name ends in `.html` or `.htm`, in any case.
    static func hasHTMLExtension(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".html") || lowered.hasSuffix(".htm")
    }

    /// The lowercase hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
