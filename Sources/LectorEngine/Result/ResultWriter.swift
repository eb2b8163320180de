/// Appends JSON to a byte buffer as it goes, in the exact form of ``ResultEncoder``: members in
/// the order they are written (the caller writes them sorted), strings with only `"`, `\` and
/// control characters escaped, and, when `pretty`, two spaces of indentation per level, `" : "`
/// between a key and its value, and an empty array or object spread over two lines, as
/// Foundation's `JSONEncoder` writes them.
///
/// The built-in annotations and the result itself write themselves with it
/// (``ResultWritable``), with no `Encoder`, containers or tree in between; anything else goes
/// through ``ResultEncoder`` into the same buffer.
///
/// ```swift
/// var writer = ResultWriter(pretty: false)
/// writer.beginObject()
/// writer.key("a"); writer.value(1)
/// writer.key("b"); writer.beginArray(); writer.element(); writer.value("x"); writer.endArray()
/// writer.endObject()
/// // writer.bytes: {"a":1,"b":["x"]}
/// ```
struct ResultWriter {
    let pretty: Bool
    var bytes: [UInt8] = []
    /// How deep the next member or element is nested.
    private(set) var depth = 0
    /// Whether the container being written has no member or element yet.
    private var empty = true
    /// A number JSON cannot hold (NaN or an infinity) was written as `null`; the caller must
    /// encode again with ``ResultEncoder``, which throws the error JSONEncoder gives for it.
    private(set) var invalidNumber = false

    /// Records that a value could not be written (see ``invalidNumber``).
    mutating func markInvalid() { invalidNumber = true }

    init(pretty: Bool, capacity: Int = 16_384) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the object being written: its key and separator; its value follows.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        separateValue()
    }

    /// A member key that is not known in advance (annotation names, processor ids).
    mutating func key(_ key: String) {
        separate()
        string(key)
        separateValue()
    }

    /// Starts an element of the array being written; its value follows.
    mutating func element() { separate() }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        empty = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if empty {
            // JSONEncoder's pretty form of [] and {}: a blank line between the brackets.
            if pretty {
                bytes.append(UInt8(ascii: "\n"))
                newline()
            }
        } else {
            newline()
        }
        bytes.append(bracket)
        // The container was a value in its parent, so the parent has a member now.
        empty = false
    }

    private mutating func separate() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        newline()
    }

    private mutating func separateValue() {
        if pretty {
            bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: " "))
        }
    }

    // MARK: Values

    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func value(_ value: Bool) {
        if value { bytes.append(contentsOf: "true".utf8) } else { bytes.append(contentsOf: "false".utf8) }
    }

    mutating func value(_ value: Int) { integer(Int64(value)) }

    mutating func integer(_ value: Int64) {
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits backwards into a small buffer, then copied: no String in between.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    mutating func unsigned(_ value: UInt64) { bytes.append(contentsOf: String(value).utf8) }

    mutating func value(_ value: Double) {
        guard value.isFinite else {
            invalidNumber = true
            null()
            return
        }
        // Integral values within the exact range of a Double are written as integers.
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    mutating func value(_ value: String) { string(value) }

    mutating func value(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func string(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
