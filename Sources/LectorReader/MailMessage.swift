import Foundation

/// An e-mail message (RFC 5322 with MIME, RFCs 2045–2047) read as an article: its `Subject` is the
/// title, its first text part the body.
///
/// Mail saved to a folder (`.eml`, a mail client's "save as", a mail-to-folder rule) starts with a
/// block of header lines. Read as plain text, the headers became the article's first paragraphs
/// ("From: …", "Content-Type: …"), a base64 or quoted-printable body stayed encoded, and a
/// multipart message showed its boundaries and attachments.
///
/// ```swift
/// let message = try MailMessage.parse(Array("From: a@example.org\nSubject: Floods\n\nRain.\n".utf8))
/// message?.subject   // "Floods"
/// message?.body      // the bytes of "Rain.\n"
/// ```
struct MailMessage {
    /// The decoded `Subject`, if any.
    var subject: String?
    /// The chosen text part, its transfer encoding undone: still in its charset.
    var body: [UInt8]
    /// The part's declared `charset`, if any.
    var charset: String?
    /// Whether the part is `text/html`.
    var isHTML: Bool

    /// Header names of which a message has at least two, one of them from ``originNames``: plain
    /// text that opens with "Source: …" or "Date: …" is not mail.
    static let headerNames: Set<String> = [
        "from", "to", "cc", "subject", "date", "message-id", "mime-version", "received", "return-path", "reply-to",
        "content-type", "sender", "delivered-to",
    ]
    static let originNames: Set<String> = ["from", "received", "message-id", "mime-version", "return-path"]

    /// How far a header block may run: mail headers with many `Received` lines stay far below.
    static let headerLimit = 256 * 1024

    /// The message in `bytes`, or nil when they do not start like one.
    ///
    /// - Throws: ``ReadError/Code/empty`` for a message without a text part (only attachments),
    ///   ``ReadError/Code/severalArticles`` for a mailbox holding several messages.
    static func parse(_ bytes: [UInt8]) throws(ReadError) -> MailMessage? {
        var start = 0
        // An mbox "From " line (the envelope sender) may come first.
        let mbox = bytes.starts(with: Array("From ".utf8))
        if mbox { start = lineEnd(bytes, from: 0).next }
        guard let (headers, bodyStart) = headerBlock(bytes, from: start, limit: headerLimit) else { return nil }
        let names = Set(headers.map(\.name))
        guard names.intersection(headerNames).count >= 2, !names.isDisjoint(with: originNames) else { return nil }
        if mbox, let next = nextMboxMessage(bytes, from: bodyStart) {
            let count = 1 + mboxMessageCount(bytes, from: next)
            throw ReadError(
                code: .severalArticles,
                message: "The file is a mailbox of \(count) messages (mbox), not one article; "
                    + "split it into one message per file.")
        }
        let subject = headers.first { $0.name == "subject" }.map { withoutControls(decodeWords($0.value)) }
        let body = bytes[bodyStart...]
        guard let part = textPart(headers: headers, body: body, depth: 0) else {
            let types = attachmentTypes(headers: headers, body: body, depth: 0)
            throw ReadError(
                code: .empty,
                message: "The e-mail message has no text part"
                    + (types.isEmpty ? "" : " (only \(types.joined(separator: ", ")))")
                    + "; there is no article to process.")
        }
        return MailMessage(subject: subject, body: part.body, charset: part.charset, isHTML: part.isHTML)
    }

    // MARK: - Headers

    struct Header {
        /// Lower case.
        var name: String
        /// Continuation lines unfolded, as written (bytes read as UTF-8, else Latin-1).
        var value: String
    }

    /// The header lines from `start` up to the first empty line, and where the body starts; nil
    /// when a line is neither a header nor a continuation, or no empty line comes within `limit`.
    /// A part with no headers (its first line empty) gives an empty list.
    static func headerBlock(_ bytes: [UInt8], from start: Int, limit: Int) -> ([Header], Int)? {
        var headers: [Header] = []
        var index = start
        while index < bytes.count, index - start <= limit {
            let first = bytes[index]
            if first == 0x0A || (first == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                return (headers, index + (first == 0x0D ? 2 : 1))
            }
            if first == 0x20 || first == 0x09 {
                guard !headers.isEmpty else { return nil }
                let (end, next) = lineEnd(bytes, from: index)
                headers[headers.count - 1].value += " " + text(bytes[index..<end]).trimmingCharacters(in: .whitespaces)
                index = next
                continue
            }
            // A name of printable ASCII, then a colon: checked before the line is looked at whole,
            // so that an article is turned down at its first few bytes.
            var colon = index
            while colon < bytes.count, bytes[colon] != 0x3A, (0x21...0x7E).contains(bytes[colon]) { colon += 1 }
            guard colon > index, colon < bytes.count, bytes[colon] == 0x3A else { return nil }
            let (end, next) = lineEnd(bytes, from: colon)
            let name = String(decoding: bytes[index..<colon], as: UTF8.self).lowercased()
            headers.append(
                Header(name: name, value: text(bytes[(colon + 1)..<end]).trimmingCharacters(in: .whitespaces)))
            index = next
        }
        // Headers alone, no body: a message whose text is its subject at most.
        return index >= bytes.count && !headers.isEmpty ? (headers, bytes.count) : nil
    }

    /// The end of the line at `index` (before CR LF or LF) and the start of the next.
    static func lineEnd(_ bytes: [UInt8], from index: Int) -> (end: Int, next: Int) {
        guard let newline = bytes[index...].firstIndex(of: 0x0A) else { return (bytes.count, bytes.count) }
        let end = newline > index && bytes[newline - 1] == 0x0D ? newline - 1 : newline
        return (end, newline + 1)
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// A header value's main value, lower case ("text/plain"), and its parameters by lower-case
    /// name, quotes removed (`charset`, `boundary`).
    static func parameters(_ value: String) -> (value: String, parameters: [String: String]) {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" {
                quoted.toggle()
            } else if character == ";", !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        var parameters: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let name = field[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            parameters[name] = field[field.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return (fields[0].trimmingCharacters(in: .whitespaces).lowercased(), parameters)
    }

    // MARK: - Parts

    /// The first text part, depth first: `text/plain`, else `text/html`, never an attachment.
    private static func textPart(headers: [Header], body: ArraySlice<UInt8>, depth: Int) -> (
        body: [UInt8], charset: String?, isHTML: Bool
    )? {
        var plain: (body: [UInt8], charset: String?, isHTML: Bool)?
        var html: (body: [UInt8], charset: String?, isHTML: Bool)?
        visitLeaves(headers: headers, body: body, depth: depth) { type, parameters, headers, body in
            let disposition = headers.first { $0.name == "content-disposition" }.map { Self.parameters($0.value).value }
            guard type == "text/plain" || type == "text/html", parameters["name"] == nil, disposition != "attachment"
            else { return }
            let decoded = decodeTransfer(
                body, encoding: headers.first { $0.name == "content-transfer-encoding" }?.value)
            if type == "text/plain", plain == nil { plain = (decoded, parameters["charset"], false) }
            if type == "text/html", html == nil { html = (decoded, parameters["charset"], true) }
        }
        return plain ?? html
    }

    /// The types of the parts that are not text, for the error of a message without text.
    private static func attachmentTypes(headers: [Header], body: ArraySlice<UInt8>, depth: Int) -> [String] {
        var types: [String] = []
        visitLeaves(headers: headers, body: body, depth: depth) { type, _, _, _ in
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// Calls `visit` with each leaf part's type, its parameters, its headers and its body, in order;
    /// multipart bodies are split at their boundary, at most 8 levels deep.
    private static func visitLeaves(
        headers: [Header], body: ArraySlice<UInt8>, depth: Int,
        _ visit: (String, [String: String], [Header], ArraySlice<UInt8>) -> Void
    ) {
        let (type, parameters) = parameters(headers.first { $0.name == "content-type" }?.value ?? "text/plain")
        guard type.hasPrefix("multipart/") else {
            visit(type, parameters, headers, body)
            return
        }
        guard depth < 8, let boundary = parameters["boundary"], !boundary.isEmpty else { return }
        for part in split(body, boundary: Array("--\(boundary)".utf8)) {
            let bytes = Array(part)
            guard let (partHeaders, bodyStart) = headerBlock(bytes, from: 0, limit: headerLimit) else { continue }
            visitLeaves(headers: partHeaders, body: bytes[bodyStart...], depth: depth + 1, visit)
        }
    }

    /// The parts between the lines that start with `delimiter` (`--BOUNDARY`), up to the closing
    /// `--BOUNDARY--`; the preamble and epilogue are left out, and so is the line break before each
    /// delimiter, which belongs to it.
    private static func split(_ body: ArraySlice<UInt8>, boundary delimiter: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let newline = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[index..<newline]
            if line.starts(with: delimiter) {
                if let partStart {
                    var end = index
                    if end > partStart, body[end - 1] == 0x0A { end -= 1 }
                    if end > partStart, body[end - 1] == 0x0D { end -= 1 }
                    parts.append(body[partStart..<end])
                }
                if line.dropFirst(delimiter.count).starts(with: [0x2D, 0x2D]) { return parts }
                partStart = min(newline + 1, body.endIndex)
            }
            index = min(newline + 1, body.endIndex)
            if newline == body.endIndex { break }
        }
        if let partStart, partStart < body.endIndex { parts.append(body[partStart...]) }
        return parts
    }

    // MARK: - Encodings

    /// The body with its `Content-Transfer-Encoding` (base64, quoted-printable) undone; 7bit,
    /// 8bit, binary and unknown encodings are kept as they are.
    static func decodeTransfer(_ body: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64":
            return Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters).map { Array($0) } ?? Array(body)
        case "quoted-printable":
            return decodeQuotedPrintable(body, underscoreIsSpace: false)
        default:
            return Array(body)
        }
    }

    /// `=XX` as the byte XX; `=` at the end of a line joins it to the next (a soft line break).
    /// In an encoded word (`underscoreIsSpace`), `_` is a space.
    static func decodeQuotedPrintable(_ bytes: ArraySlice<UInt8>, underscoreIsSpace: Bool) -> [UInt8] {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x3D {
                let rest = bytes[(index + 1)...]
                if rest.starts(with: [0x0D, 0x0A]) {
                    index += 3
                    continue
                }
                if rest.first == 0x0A {
                    index += 2
                    continue
                }
                if rest.count >= 2, let high = hex(rest[rest.startIndex]), let low = hex(rest[rest.startIndex + 1]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            output.append(underscoreIsSpace && byte == 0x5F ? 0x20 : byte)
            index += 1
        }
        return output
    }

    /// A header value with its encoded words (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`) decoded;
    /// the space between two encoded words is dropped, as RFC 2047 says. A word in a charset ICU
    /// does not know, or whose bytes are not valid in it, is left as written.
    static func decodeWords(_ value: String) -> String {
        let pattern = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/
        var output = ""
        var rest = value[...]
        var lastWasEncoded = false
        while let match = rest.firstMatch(of: pattern) {
            let between = rest[..<match.range.lowerBound]
            if !(lastWasEncoded && between.allSatisfy(\.isWhitespace)) { output += between }
            let (_, charset, kind, payload) = match.output
            let bytes: [UInt8]? =
                kind.lowercased() == "b"
                ? Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters).map { Array($0) }
                : decodeQuotedPrintable(Array(payload.utf8)[...], underscoreIsSpace: true)
            let language = charset.split(separator: "*").first.map(String.init) ?? String(charset)
            if let bytes, case .decoded(let text) = ICUConverter.decode(bytes[...], encoding: language) {
                output += text
                lastWasEncoded = true
            } else {
                output += match.output.0
                lastWasEncoded = false
            }
            rest = rest[match.range.upperBound...]
        }
        return output + rest
    }

    /// A header value with its control characters (a NUL, an escape, C1 controls) made spaces:
    /// a header is one line of text, and the article's text promises none of them.
    static func withoutControls(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            scalars.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar)
        }
        return String(scalars).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    // MARK: - Mailboxes

    /// The start of the next message of an mbox after `index`: a line starting "From " after an
    /// empty line.
    private static func nextMboxMessage(_ bytes: [UInt8], from index: Int) -> Int? {
        let marker = Array("\n\nFrom ".utf8)
        var searchFrom = max(index, 1) - 1
        while searchFrom + marker.count <= bytes.count {
            guard let candidate = bytes[searchFrom...].firstIndex(of: 0x0A) else { return nil }
            if bytes[candidate...].starts(with: marker) {
                return candidate + 2
            }
            if bytes[candidate...].starts(with: Array("\n\r\nFrom ".utf8)) { return candidate + 3 }
            searchFrom = candidate + 1
        }
        return nil
    }

    private static func mboxMessageCount(_ bytes: [UInt8], from index: Int) -> Int {
        var count = 1
        var position = index
        while let next = nextMboxMessage(bytes, from: position + 1) {
            count += 1
            position = next
        }
        return count
    }
}
