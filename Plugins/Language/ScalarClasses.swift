import CCLD2

/// What the detector asks about every scalar of a text — is it a letter or a mark, which script a
/// letter is in, what it lowercases to — answered from one table instead of Unicode's property data.
///
/// `Unicode.Scalar.properties` answers these questions through the standard library's compressed
/// property tables (a search per lookup), `lowercaseMapping` builds a `String` per scalar, and the
/// script comes from a call into ICU. Per scalar of an article, that was most of the detector's time
/// outside CLD2. The table holds the answers for the Basic Multilingual Plane, where the letters of
/// every living script are, computed once from those very functions, so every answer is the same
/// as theirs; scalars beyond it (historic scripts, rare Han, emoji) are asked the original way.
///
/// ```swift
/// let facts = ScalarClasses.facts(of: "ب")
/// // facts.isLetterOrMark == true, facts.scriptCode == ICU's number for Arab
/// ```
enum ScalarClasses {
    /// The facts about one scalar, packed into 32 bits.
    struct Facts: Sendable, Hashable {
        // Bits 0–15: the lowercase scalar (when `simpleLowercase`); 16–23: the script code of a
        // letter (0 when it is not a letter of a specific script); 24: letter or mark; 25: the
        // lowercase mapping is that one BMP scalar; 26: not representable, ask the slow way.
        fileprivate let bits: UInt32

        fileprivate init(bits: UInt32) { self.bits = bits }

        /// A letter (general category L*) or a mark (M*); see ``ShortTextModel/isLetterOrMark(_:)``.
        var isLetterOrMark: Bool { bits & (1 << 24) != 0 }

        /// ICU's script number of a letter of a specific script; 0 for anything else.
        var scriptCode: Int32 { Int32(truncatingIfNeeded: (bits >> 16) & 0xFF) }
    }

    private static let letterOrMarkBit: UInt32 = 1 << 24
    fileprivate static let simpleLowercaseBit: UInt32 = 1 << 25
    fileprivate static let slowBit: UInt32 = 1 << 26

    /// The table itself, for loops: fetch it once (``shared``), then ask it per scalar, so that the
    /// check that the table is built is not made per scalar.
    struct Table: Sendable {
        fileprivate let entries: [Facts]

        /// The facts about a scalar.
        @inline(__always)
        func facts(of scalar: Unicode.Scalar) -> Facts {
            let value = scalar.value
            if value < 0x1_0000 {
                let facts = entries.withUnsafeBufferPointer { $0[Int(value)] }
                if facts.bits & slowBit == 0 { return facts }
            }
            return computedFacts(of: scalar)
        }

        /// Appends the lowercase mapping of a letter or mark, as `properties.lowercaseMapping` gives it.
        @inline(__always)
        func appendLowercase(of scalar: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
            let value = scalar.value
            if value < 0x1_0000 {
                let bits = entries.withUnsafeBufferPointer { $0[Int(value)] }.bits
                if bits & (simpleLowercaseBit | slowBit) == simpleLowercaseBit {
                    out.append(Unicode.Scalar(UInt16(truncatingIfNeeded: bits))!)
                    return
                }
            }
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
    }

    /// The table, built on first use.
    static let shared = Table(entries: table)

    /// The facts about a scalar.
    @inline(__always)
    static func facts(of scalar: Unicode.Scalar) -> Facts {
        shared.facts(of: scalar)
    }

    /// ICU's script number of a letter of a specific script, or nil (as ``ScriptAnalysis/scriptCode(of:)``).
    @inline(__always)
    static func scriptCode(of scalar: Unicode.Scalar) -> Int32? {
        let code = facts(of: scalar).scriptCode
        return code == 0 ? nil : code
    }

    /// Appends the lowercase mapping of a letter or mark, as `properties.lowercaseMapping` gives it.
    static func appendLowercase(of scalar: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        shared.appendLowercase(of: scalar, to: &out)
    }

    /// The facts as the standard library and ICU give them, for scalars outside the table.
    fileprivate static func computedFacts(of scalar: Unicode.Scalar) -> Facts {
        var bits: UInt32 = 0
        if slowIsLetterOrMark(scalar) { bits |= letterOrMarkBit }
        if let code = slowScriptCode(of: scalar) {
            // Script numbers above 255 do not fit the table; none do in the ICU versions known.
            bits |= UInt32(UInt8(clamping: code)) << 16
        }
        return Facts(bits: bits)
    }

    /// Letters and marks by general category; ASCII letters without the lookup.
    static func slowIsLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// The script of a letter by general category and ICU, nil for non-letters and for Common and
    /// Inherited letters.
    static func slowScriptCode(of scalar: Unicode.Scalar) -> Int32? {
        let value = scalar.value
        if value < 0x80 {
            // ASCII is most of the Latin text there is; skip the call into ICU.
            let isLetter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return isLetter ? latinCode : nil
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            break
        default:
            return nil
        }
        let code = lector_script_of(value)
        // 0 is Common, 1 Inherited: not evidence of any script.
        return code > 1 ? code : nil
    }

    static let latinCode: Int32 = lector_script_of(UInt32(UInt8(ascii: "a")))

    // One entry per BMP code point (surrogates stay empty), 256 KB, built on first use in a few
    // milliseconds.
    private static let table: [Facts] = {
        var table = [Facts](repeating: Facts(bits: 0), count: 0x1_0000)
        for value in 0..<UInt32(0x1_0000) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var bits: UInt32 = 0
            if slowIsLetterOrMark(scalar) {
                bits |= letterOrMarkBit
                // Most letters are their own lowercase; only those that change need the mapping.
                if value < 0x80 || !scalar.properties.changesWhenLowercased {
                    bits |= simpleLowercaseBit | asciiLowercase(scalar).value
                } else {
                    let lower = scalar.properties.lowercaseMapping.unicodeScalars
                    if lower.count == 1, let only = lower.first, only.value < 0x1_0000 {
                        bits |= simpleLowercaseBit | only.value
                    }
                }
            }
            if let code = slowScriptCode(of: scalar) {
                if code > 0xFF { bits |= slowBit }
                bits |= UInt32(UInt8(truncatingIfNeeded: code)) << 16
            }
            table[Int(value)] = Facts(bits: bits)
        }
        return table
    }()

    private static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }
}
