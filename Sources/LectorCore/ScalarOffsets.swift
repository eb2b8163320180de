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
        // The UTF-8 count bounds the UTF-16 count and is known at once; `utf16.count` of a native
        // string walks it and builds its breadcrumbs.
        let capacity = text.utf8.count
        var units: [UInt16] = []
        units.reserveCapacity(capacity)
        var map: [Int32] = []
        map.reserveCapacity(capacity + 1)
        var scalarIndex: Int32 = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x1_0000 {
                units.append(UInt16(truncatingIfNeeded: value))
                map.append(scalarIndex)
            } else {
                let offset = value - 0x1_0000
                units.append(UInt16(truncatingIfNeeded: 0xD800 + (offset >> 10)))
                units.append(UInt16(truncatingIfNeeded: 0xDC00 + (offset & 0x3FF)))
                map.append(scalarIndex)
                map.append(scalarIndex)
            }
            scalarIndex += 1
        }
        map.append(scalarIndex)
        self.utf16 = units
        self.scalarIndexOfUTF16 = map
        self.scalarCount = Int(scalarIndex)
    }

    /// The same as `init(text)` for a text already decoded into its scalars (a ``Document``'s
    /// `scalars`): no second decoding of the string, and the arrays are sized exactly and filled
    /// without a capacity check per unit.
    public init(scalars: [Unicode.Scalar]) {
        var unitCount = scalars.count
        for scalar in scalars where scalar.value >= 0x1_0000 { unitCount += 1 }
        let units = [UInt16](unsafeUninitializedCapacity: unitCount) { units, initialized in
            var index = 0
            for scalar in scalars {
                let value = scalar.value
                if value < 0x1_0000 {
                    units[index] = UInt16(truncatingIfNeeded: value)
                    index += 1
                } else {
                    let offset = value - 0x1_0000
                    units[index] = UInt16(truncatingIfNeeded: 0xD800 + (offset >> 10))
                    units[index + 1] = UInt16(truncatingIfNeeded: 0xDC00 + (offset & 0x3FF))
                    index += 2
                }
            }
            initialized = index
        }
        let map = [Int32](unsafeUninitializedCapacity: unitCount + 1) { map, initialized in
            var index = 0
            for (scalarIndex, scalar) in scalars.enumerated() {
                map[index] = Int32(truncatingIfNeeded: scalarIndex)
                index += 1
                if scalar.value >= 0x1_0000 {
                    map[index] = Int32(truncatingIfNeeded: scalarIndex)
                    index += 1
                }
            }
            map[index] = Int32(truncatingIfNeeded: scalars.count)
            initialized = index + 1
        }
        self.utf16 = units
        self.scalarIndexOfUTF16 = map
        self.scalarCount = scalars.count
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
