import CICU

/// A strict decoder built on ICU's converters: it turns bytes in a named encoding into a string,
/// and stops at the first byte sequence the encoding does not define instead of substituting
/// U+FFFD.
///
/// ```swift
/// switch ICUConverter.decode(bytes[...], encoding: "windows-1256") {
/// case .decoded(let text): ...
/// case .invalid(let offset): ...   // the first bad byte sequence starts at `offset`
/// case .unknownEncoding: ...
/// }
/// ```
struct ICUConverter {
    /// What a strict conversion produced.
    enum Outcome: Equatable {
        case decoded(String)
        case invalid(byteOffset: Int)
        case unknownEncoding
    }

    /// The IANA name ICU knows for an encoding label (`latin1` -> `ISO-8859-1`, `cp1256` ->
    /// `windows-1256`), or nil when ICU has no converter by that name.
    static func ianaName(for label: String) -> String? {
        var status: Int32 = 0
        guard let converter = lector_ucnv_open(label, &status), !isFailure(status) else { return nil }
        defer { lector_ucnv_close(converter) }
        guard let internalName = lector_ucnv_getName(converter, &status), !isFailure(status) else { return nil }
        // The MIME name is the one people write ("ISO-8859-6"); IANA's primary name can be the
        // formal one ("ISO_8859-6:1987"), and some encodings (windows-1256) only have that.
        for standard in ["MIME", "IANA"] {
            var standardStatus: Int32 = 0
            if let name = lector_ucnv_getStandardName(internalName, standard, &standardStatus),
                !isFailure(standardStatus)
            {
                return String(cString: name)
            }
        }
        return String(cString: internalName)
    }

    /// Decodes `bytes` in `encoding`, stopping at the first byte sequence that encoding cannot map.
    /// Offsets in `.invalid` are indices into the slice's base array.
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String) -> Outcome {
        var status: Int32 = 0
        guard let converter = lector_ucnv_open(encoding, &status), !isFailure(status) else { return .unknownEncoding }
        defer { lector_ucnv_close(converter) }
        lector_ucnv_setToUCallBackStop(converter, &status)
        guard !bytes.isEmpty else { return .decoded("") }

        // No encoding ICU supports turns one byte into more than two UTF-16 units, so one pass with
        // this capacity always has room; the overflow branch below is a safety net, not a path.
        var units = [UInt16](repeating: 0, count: bytes.count * 2 + 16)
        var written = 0
        var consumed = 0
        bytes.withUnsafeBufferPointer { source in
            units.withUnsafeMutableBufferPointer { target in
                let sourceStart = UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self)
                var sourcePointer: UnsafePointer<CChar>? = sourceStart
                var targetPointer: UnsafeMutablePointer<UInt16>? = target.baseAddress!
                lector_ucnv_toUnicode(
                    converter,
                    &targetPointer,
                    target.baseAddress! + target.count,
                    &sourcePointer,
                    sourceStart + source.count,
                    nil,
                    1,
                    &status
                )
                written = targetPointer! - target.baseAddress!
                consumed = sourcePointer! - sourceStart
            }
        }
        if isFailure(status) {
            // After a stop, the source position lies just past the offending bytes.
            var invalid = [CChar](repeating: 0, count: 32)
            var length: Int8 = Int8(invalid.count)
            var invalidStatus: Int32 = 0
            lector_ucnv_getInvalidChars(converter, &invalid, &length, &invalidStatus)
            let badLength = isFailure(invalidStatus) ? 0 : Int(length)
            return .invalid(byteOffset: bytes.startIndex + max(0, consumed - badLength))
        }
        return .decoded(String(decoding: units[0..<written], as: UTF16.self))
    }
}

/// ICU's convention: positive status codes are errors, zero and negative ones success or warnings.
func isFailure(_ status: Int32) -> Bool { status > 0 }
