import LectorCore

/// Turns an article's bytes into text, establishing the encoding in a fixed order and never
/// substituting U+FFFD for bytes it cannot decode.
///
/// The order: a configured encoding; a byte-order mark; UTF-16 recognised by its NUL pattern; bytes
/// that are valid UTF-8; an HTML `<meta>` charset the bytes agree with; ICU's charset detector.
/// Bytes that look like UTF-8 with a few broken sequences are reported, not guessed at.
///
/// ```swift
/// let decoded = try ArticleDecoder(forcedEncoding: nil, isHTML: false).decode(bytes)
/// print(decoded.encoding, decoded.source)   // "windows-1256" detected
/// ```
struct ArticleDecoder {
    /// Text decoded from bytes, with any byte-order mark removed, before line-ending and Unicode
    /// normalisation.
    struct Decoded {
        var text: String
        var encoding: String
        var source: EncodingSource
        var confidence: Int?
        var hadBOM: Bool
    }

    var forcedEncoding: String?
    /// Whether the bytes are HTML as far as is known before decoding (by name or first bytes).
    var isHTML: Bool
    /// A charset the container declared (an e-mail part's `charset`), taken where an HTML page's
    /// `<meta>` charset is: after a byte-order mark and valid UTF-8, and only if the bytes fit it.
    var declaredCharset: String? = nil

    func decode(_ bytes: [UInt8]) throws(ReadError) -> Decoded {
        if let forcedEncoding { return try decodeForced(bytes, label: forcedEncoding) }
        if let decoded = try decodeByBOM(bytes) { return decoded }

        if bytes.contains(0) {
            if let order = BinarySniffer.utf16ByteOrder(of: bytes),
                case .decoded(let text) = ICUConverter.decode(bytes[...], encoding: order.encodingName)
            {
                return Decoded(text: text, encoding: order.encodingName, source: .detected, hadBOM: false)
            }
            throw ReadError(
                code: .binary,
                message: "The file contains NUL bytes, so it is binary data rather than text; "
                    + "only plain-text and HTML articles can be read."
            )
        }

        let scan = UTF8Scan(bytes[...])
        if scan.isValid {
            return Decoded(
                text: String(decoding: bytes, as: UTF8.self),
                encoding: "UTF-8",
                source: .validUTF8,
                hadBOM: false
            )
        }
        if scan.looksLikeDamagedUTF8, let offset = scan.firstInvalidOffset {
            throw Self.invalidUTF8(at: offset, bytes: bytes, claim: "is mostly UTF-8")
        }
        if declaredCharset != nil || isHTML, let decoded = try decodeDeclared(bytes, scan: scan) { return decoded }
        return try decodeDetected(bytes)
    }

    // MARK: - The steps

    private func decodeForced(_ bytes: [UInt8], label: String) throws(ReadError) -> Decoded {
        guard let name = ICUConverter.ianaName(for: label) else {
            throw ReadError(
                code: .unknownEncoding,
                message: "The configured encoding \"\(label)\" is not a known character encoding; "
                    + "use an IANA name such as UTF-8, windows-1256 or ISO-8859-6."
            )
        }
        if name == "UTF-8" {
            let hadBOM = bytes.starts(with: Self.utf8BOM)
            let body = bytes[(hadBOM ? 3 : 0)...]
            let scan = UTF8Scan(body)
            if let offset = scan.firstInvalidOffset {
                throw Self.invalidUTF8(at: offset, bytes: bytes, claim: "is configured as UTF-8")
            }
            return Decoded(
                text: String(decoding: body, as: UTF8.self),
                encoding: name,
                source: .configured,
                hadBOM: hadBOM
            )
        }
        switch ICUConverter.decode(bytes[...], encoding: label) {
        case .decoded(var text):
            let hadBOM = text.unicodeScalars.first == "\u{FEFF}"
            if hadBOM { text.unicodeScalars.removeFirst() }
            return Decoded(text: text, encoding: name, source: .configured, hadBOM: hadBOM)
        case .invalid(let offset):
            throw ReadError(
                code: .invalidEncoding,
                message: "The file is configured as \(name), but the bytes at offset \(offset) are not valid \(name); "
                    + "check the configured encoding or fix the file.",
                byteOffset: offset
            )
        case .unknownEncoding:
            throw ReadError(
                code: .unknownEncoding,
                message: "ICU has no converter for the configured encoding \(name)."
            )
        }
    }

    private func decodeByBOM(_ bytes: [UInt8]) throws(ReadError) -> Decoded? {
        if bytes.starts(with: Self.utf8BOM) {
            let scan = UTF8Scan(bytes[3...])
            if let offset = scan.firstInvalidOffset {
                throw Self.invalidUTF8(at: offset, bytes: bytes, claim: "starts with a UTF-8 byte-order mark")
            }
            return Decoded(
                text: String(decoding: bytes[3...], as: UTF8.self),
                encoding: "UTF-8",
                source: .bom,
                hadBOM: true
            )
        }
        let utf16: String
        if bytes.starts(with: [0xFF, 0xFE]) {
            utf16 = "UTF-16LE"
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            utf16 = "UTF-16BE"
        } else {
            return nil
        }
        switch ICUConverter.decode(bytes[2...], encoding: utf16) {
        case .decoded(let text):
            return Decoded(text: text, encoding: utf16, source: .bom, hadBOM: true)
        case .invalid(let offset):
            throw ReadError(
                code: .invalidEncoding,
                message: "The file starts with a \(utf16) byte-order mark, but the bytes at offset \(offset) are not "
                    + "valid \(utf16) (an unpaired surrogate or an odd byte count, e.g. a truncated file); "
                    + "re-export or re-transfer the file.",
                byteOffset: offset
            )
        case .unknownEncoding:
            return nil
        }
    }

    private func decodeDeclared(_ bytes: [UInt8], scan: UTF8Scan) throws(ReadError) -> Decoded? {
        guard let label = declaredCharset ?? HTMLSniffer.declaredCharset(in: bytes), var name = ICUConverter.ianaName(for: label)
        else {
            return nil
        }
        if name == "UTF-8", let offset = scan.firstInvalidOffset {
            let place = declaredCharset == nil ? "in its <meta> tag" : "in its Content-Type header"
            throw Self.invalidUTF8(at: offset, bytes: bytes, claim: "declares charset \(label) \(place)")
        }
        // A page cannot be UTF-16 if its ASCII meta tag was readable, so the declaration is wrong.
        if name.hasPrefix("UTF-") { return nil }
        // Browsers read these labels as windows-1252 (HTML standard, "encodings"); so do we, so
        // that curly quotes and the euro sign in 0x80-0x9F come out as the author saw them.
        if name == "ISO-8859-1" || name == "US-ASCII" { name = "windows-1252" }
        guard case .decoded(let text) = ICUConverter.decode(bytes[...], encoding: name) else { return nil }
        return Decoded(text: text, encoding: name, source: .declared, hadBOM: false)
    }

    private func decodeDetected(_ bytes: [UInt8]) throws(ReadError) -> Decoded {
        let candidates = CharsetDetector.candidates(for: bytes, filterMarkup: isHTML)
        for candidate in Self.orderedForTrial(candidates) where Self.isDetectable(candidate.name) {
            guard case .decoded(var text) = ICUConverter.decode(bytes[...], encoding: candidate.name) else { continue }
            var name = ICUConverter.ianaName(for: candidate.name) ?? candidate.name
            var confidence = candidate.confidence
            if let twin = ArabicCodepages.twin(of: name),
                case .decoded(let twinText) = ICUConverter.decode(bytes[...], encoding: twin),
                ArabicCodepages.misreadScore(twinText) < ArabicCodepages.misreadScore(text)
            {
                text = twinText
                name = twin
                confidence = candidates.first { ICUConverter.ianaName(for: $0.name) == twin }?.confidence ?? confidence
            }
            return Decoded(text: text, encoding: name, source: .detected, confidence: confidence, hadBOM: false)
        }
        let tried = candidates.map(\.name).joined(separator: ", ")
        throw ReadError(
            code: .unknownEncoding,
            message: "The file is not UTF-8 and no supported encoding fits its bytes"
                + (tried.isEmpty ? "" : " (tried \(tried))")
                + "; convert it to UTF-8, or configure its encoding."
        )
    }

    // MARK: - Helpers

    /// The detector's candidates in the order to try them, with each Arabic code page's twin moved
    /// right behind it. ICU often ranks ISO-8859-6 first for Urdu in windows-1256 (whose extra
    /// letters ISO-8859-6 lacks, so that decoding fails) and puts windows-1256 below Hebrew and
    /// Greek code pages that might happen to decode the bytes too. A twin ICU did not list gets the
    /// confidence of the candidate it follows: it is the detector's confidence in the Arabic family.
    static func orderedForTrial(_ candidates: [CharsetDetector.Candidate]) -> [CharsetDetector.Candidate] {
        var ordered: [CharsetDetector.Candidate] = []
        var seen: Set<String> = []
        for candidate in candidates {
            let name = ICUConverter.ianaName(for: candidate.name) ?? candidate.name
            guard seen.insert(name).inserted else { continue }
            ordered.append(candidate)
            if let twin = ArabicCodepages.twin(of: name), seen.insert(twin).inserted {
                let listed = candidates.first { ICUConverter.ianaName(for: $0.name) == twin }
                ordered.append(listed ?? CharsetDetector.Candidate(name: twin, confidence: candidate.confidence))
            }
        }
        return ordered
    }

    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Whether a detector result is worth decoding with. UTF-8 and UTF-16/32 were settled by the
    /// earlier steps; ICU's EBCDIC recognisers (IBM420, IBM424) compete with windows-1256 on Arabic
    /// and Hebrew bytes, and EBCDIC does not reach a newsroom inbox.
    static func isDetectable(_ name: String) -> Bool {
        !name.hasPrefix("UTF-") && !name.hasPrefix("IBM42")
    }

    static func invalidUTF8(at offset: Int, bytes: [UInt8], claim: String) -> ReadError {
        let shown = bytes[offset..<min(bytes.count, offset + 4)].map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 0x10 ? "0" + hex : hex
        }.joined(separator: " ")
        let atEnd = offset + 4 > bytes.count ? " (near the end: the file may be truncated)" : ""
        return ReadError(
            code: .invalidEncoding,
            message: "The file \(claim), but the bytes at offset \(offset) (\(shown)) are not valid UTF-8\(atEnd); "
                + "re-export or re-transfer the file, or configure its real encoding.",
            byteOffset: offset
        )
    }
}
