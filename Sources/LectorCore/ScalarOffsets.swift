/// Converts between the UTF-16 offsets that C libraries such as ICU report and the Unicode-scalar
/// offsets that Lector results use.
///
/// Build it once per text; each lookup is then O(1).
public struct ScalarOffsets: Sendable {
    /// The text as UTF-16 code units, ready to hand to ICU.
    public let utf16: [UInt16]
    // scalarIndexOfUTF16[i] is the index of the scalar that UTF-16 unit i belongs to; the extra
    // last entry maps utf16.count to the scalar count.
    private let scalarIndexOfUTF16: [Int32]
    public let scalarCount: Int

    public init(_ text: String) {
        var units: [UInt16] = []
        units.reserveCapacity(text.utf16.count)
        var map: [Int32] = []
        map.reserveCapacity(text.utf16.count + 1)
        var scalarIndex: Int32 = 0
        for scalar in text.unicodeScalars {
            for unit in scalar.utf16 {
                units.append(unit)
                map.append(scalarIndex)
            }
            scalarIndex += 1
        }
        map.append(scalarIndex)
        self.utf16 = units
        self.scalarIndexOfUTF16 = map
        self.scalarCount = Int(scalarIndex)
    }

    /// The scalar offset at a UTF-16 offset (which must not fall inside a surrogate pair to be exact).
    public func scalarOffset(utf16 offset: Int) -> Int {
        Int(scalarIndexOfUTF16[max(0, min(offset, scalarIndexOfUTF16.count - 1))])
    }

    /// A scalar range for a UTF-16 range.
    public func range(utf16 start: Int, _ end: Int) -> TextRange {
        TextRange(start: scalarOffset(utf16: start), end: scalarOffset(utf16: end))
    }
}
