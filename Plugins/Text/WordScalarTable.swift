import CICU

/// A type that answers what ``ParagraphTokens`` asks about every scalar of a paragraph — is it part
/// of a word, a mark, a digit, which script it is in — from one table instead of Unicode's property
/// data and ICU.
///
/// `Unicode.Scalar.properties` answers through the standard library's compressed property tables
/// (a search per question), and the script comes from a call into ICU: per scalar of an article
/// that was most of the tokenizer's time outside building the tokens. The table holds the answers
/// for the Basic Multilingual Plane, computed once on first use from those very functions
/// (``ParagraphTokens/slowIsWordScalar(_:)`` and its siblings), so every answer is the same as
/// theirs; scalars beyond it are asked the original way.
///
/// ```swift
/// let table = WordScalarTable.shared
/// table.isWordScalar("ک")  // true, without a property lookup
/// table.script(of: "ک")    // ICU's number for Arab
/// ```
struct WordScalarTable: Sendable {
    // Bits 0–7: the script code as `ParagraphTokens.slowScript(of:)` gives it, plus one (0 for -1);
    // 8: a word scalar; 9: a mark; 10: a digit; 11: the script code does not fit, ask ICU.
    private let entries: [UInt16]

    private static let wordBit: UInt16 = 1 << 8, markBit: UInt16 = 1 << 9, digitBit: UInt16 = 1 << 10
    private static let slowScriptBit: UInt16 = 1 << 11

    /// The table, built on first use (about 65,000 property lookups, a few milliseconds).
    static let shared = WordScalarTable()

    private init() {
        entries = (0..<0x1_0000).map { value in
            // Surrogate code points are not scalars and never reach the table.
            guard let scalar = Unicode.Scalar(UInt32(value)) else { return 0 }
            return Self.computed(scalar)
        }
    }

    private static func computed(_ scalar: Unicode.Scalar) -> UInt16 {
        var bits: UInt16 = 0
        if ParagraphTokens.slowIsWordScalar(scalar) { bits |= wordBit }
        if ParagraphTokens.slowIsMark(scalar) { bits |= markBit }
        if ParagraphTokens.slowIsDigit(scalar) { bits |= digitBit }
        // ICU's script codes are below 255 (about 200 in ICU 72–76); a larger one would not fit,
        // so such a scalar is left to the slow path (see `script(of:)`).
        let script = ParagraphTokens.slowScript(of: scalar)
        if script >= 0xFF {
            bits |= slowScriptBit
        } else {
            bits |= UInt16(script + 1)
        }
        return bits
    }

    @inline(__always)
    private func entry(_ scalar: Unicode.Scalar) -> UInt16? {
        let value = scalar.value
        guard value < 0x1_0000 else { return nil }
        return entries.withUnsafeBufferPointer { $0[Int(value)] }
    }

    /// Whether a scalar is part of a word: a letter, a digit or a combining mark.
    @inline(__always)
    func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        guard let bits = entry(scalar) else { return ParagraphTokens.slowIsWordScalar(scalar) }
        return bits & Self.wordBit != 0
    }

    /// Whether a scalar is a combining mark (general category Mn or Mc).
    @inline(__always)
    func isMark(_ scalar: Unicode.Scalar) -> Bool {
        guard let bits = entry(scalar) else { return ParagraphTokens.slowIsMark(scalar) }
        return bits & Self.markBit != 0
    }

    /// Whether a scalar is a decimal digit.
    @inline(__always)
    func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        guard let bits = entry(scalar) else { return ParagraphTokens.slowIsDigit(scalar) }
        return bits & Self.digitBit != 0
    }

    /// ICU's script code of a letter, or -1 for scripts shared by all (digits, marks).
    @inline(__always)
    func script(of scalar: Unicode.Scalar) -> Int32 {
        guard let bits = entry(scalar) else { return ParagraphTokens.slowScript(of: scalar) }
        if bits & Self.slowScriptBit != 0 { return ParagraphTokens.slowScript(of: scalar) }
        return Int32(bits & 0xFF) - 1
    }
}
