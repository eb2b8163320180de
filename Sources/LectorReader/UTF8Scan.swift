/// What a pass over bytes learned about them as UTF-8: whether they are well-formed, where the
/// first ill-formed sequence starts, and how much real multi-byte UTF-8 they contain.
///
/// The multi-byte count is what tells a damaged UTF-8 file (many good sequences, a few bad ones,
/// e.g. a truncated download) from a legacy 8-bit file (almost no byte pairs that happen to form
/// UTF-8).
///
/// ```swift
/// let scan = UTF8Scan(bytes[...])
/// if scan.isValid { ... } else if scan.looksLikeDamagedUTF8 { report(scan.firstInvalidOffset!) }
/// ```
struct UTF8Scan {
    /// The index (in the scanned slice's base) of the first ill-formed sequence, nil when all are well-formed.
    private(set) var firstInvalidOffset: Int?
    /// How many ill-formed sequences were found.
    private(set) var invalidCount = 0
    /// How many well-formed sequences of two to four bytes were found.
    private(set) var multiByteCount = 0

    var isValid: Bool { firstInvalidOffset == nil }

    /// True when the bytes read as UTF-8 with a few faults: well-formed multi-byte sequences
    /// outnumber the broken ones at least four to one. Legacy single-byte Arabic or Latin text
    /// rarely forms even one well-formed pair, so it does not pass this test.
    var looksLikeDamagedUTF8: Bool {
        !isValid && multiByteCount > 0 && multiByteCount >= 4 * invalidCount
    }

    /// Scans `bytes` following the Unicode definition of well-formed UTF-8 (table 3-7): no
    /// overlong forms, no surrogates, nothing above U+10FFFF.
    init(_ bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                secondHigh = 0x9F
            case 0xF0:
                length = 4
                secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                secondHigh = 0x8F
            default: length = 0
            }
            // The maximal subpart of an ill-formed sequence counts as one fault, as in the Unicode
            // recommendation for U+FFFD substitution; scanning resumes after it.
            var good = length > 0
            var taken = 1
            if good {
                for position in 1..<length {
                    let at = index + position
                    guard at < end else {
                        good = false
                        break
                    }
                    let byte = bytes[at]
                    let low = position == 1 ? secondLow : 0x80
                    let high = position == 1 ? secondHigh : 0xBF
                    guard byte >= low && byte <= high else {
                        good = false
                        break
                    }
                    taken += 1
                }
            }
            if good {
                multiByteCount += 1
            } else {
                invalidCount += 1
                if firstInvalidOffset == nil { firstInvalidOffset = index }
            }
            index += taken
        }
    }
}
