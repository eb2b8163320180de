/// Unicode scalars written as UTF-8 into memory sized beforehand: the one encoder behind
/// ``Document/text(in:)`` and the processors' hot paths that turn scalars into strings or bytes.
///
/// Appending scalars to a `String.UnicodeScalarView` goes through unspecialized generic code and
/// grows its storage as it goes; here the byte count is taken first, and the bytes are then
/// written without a capacity check each. A string of up to 15 bytes (most words) is a small
/// string and takes no allocation at all.
///
/// ```swift
/// let word = ScalarUTF8.string(document.scalars[4..<9])
/// ```
public enum ScalarUTF8 {
    /// The number of bytes `scalars` take in UTF-8.
    @inlinable
    public static func byteCount<Scalars: Sequence<Unicode.Scalar>>(of scalars: Scalars) -> Int {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        return count
    }

    /// A string of these scalars.
    @inlinable
    public static func string<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> String {
        String(unsafeUninitializedCapacity: byteCount(of: scalars)) { bytes in
            var index = 0
            for scalar in scalars { write(scalar, to: bytes, at: &index) }
            return index
        }
    }

    /// The UTF-8 bytes of these scalars.
    @inlinable
    public static func bytes<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount(of: scalars)) { bytes, initialized in
            var index = 0
            for scalar in scalars { write(scalar, to: bytes, at: &index) }
            initialized = index
        }
    }

    /// Writes one scalar's UTF-8 at `index` and moves `index` past it; the caller has made room.
    @inlinable @inline(__always)
    public static func write(_ scalar: Unicode.Scalar, to bytes: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        let value = scalar.value
        switch value {
        case ..<0x80:
            bytes[index] = UInt8(value)
            index += 1
        case ..<0x800:
            bytes[index] = UInt8(0xC0 | value >> 6)
            bytes[index + 1] = UInt8(0x80 | value & 0x3F)
            index += 2
        case ..<0x1_0000:
            bytes[index] = UInt8(0xE0 | value >> 12)
            bytes[index + 1] = UInt8(0x80 | value >> 6 & 0x3F)
            bytes[index + 2] = UInt8(0x80 | value & 0x3F)
            index += 3
        default:
            bytes[index] = UInt8(0xF0 | value >> 18)
            bytes[index + 1] = UInt8(0x80 | value >> 12 & 0x3F)
            bytes[index + 2] = UInt8(0x80 | value >> 6 & 0x3F)
            bytes[index + 3] = UInt8(0x80 | value & 0x3F)
            index += 4
        }
    }
}
