import FuzzSupport
import Foundation
import LectorCore

// The JSON parser that reads configuration values, external processors' annotations and stored
// results. Bytes must either be refused with a ParseError whose offset lies inside them, or parse
// to a value that JSONEncoder writes out and the parser reads back as the same value.

@main
enum FuzzJSONValue {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Data(FuzzInput(data, size).remaining)
    let value: JSONValue
    do {
        value = try JSONValue.parse(bytes)
    } catch {
        FuzzInput.require((0...size).contains(error.offset), "offset \(error.offset) outside \(size) bytes")
        FuzzInput.require(!error.message.isEmpty, "a parse error without a message")
        return 0
    }
    let encoded: Data
    do {
        encoded = try JSONEncoder().encode(value)
    } catch {
        // Only non-finite numbers cannot be written, and the parser must never produce one.
        FuzzInput.require(false, "a parsed value cannot be encoded: \(error)")
        return 0
    }
    do {
        let reparsed = try JSONValue.parse(encoded)
        FuzzInput.require(
            reparsed == value || containsLargeNumber(value),
            "the value changed on a round trip: \(String(decoding: encoded, as: UTF8.self))"
        )
    } catch {
        FuzzInput.require(false, "the parser refused JSONEncoder's output: \(error)")
    }
    return 0
}

/// Whole numbers beyond 2^53 are written as Int64 and may come back rounded differently.
private func containsLargeNumber(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let number): return abs(number) >= 9.0e15
    case .array(let items): return items.contains(where: containsLargeNumber)
    case .object(let members): return members.values.contains(where: containsLargeNumber)
    default: return false
    }
}
