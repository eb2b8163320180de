import Foundation

/// Writes an `Encodable` value as JSON bytes with sorted keys, unescaped slashes and raw UTF-8: the
/// form of every result file, made several times faster than Foundation's `JSONEncoder`.
///
/// `JSONEncoder` went through boxed containers, key-strategy conversions and a generic value tree
/// for every annotation; for a seed article's result that was about 0.8 ms, as much as the
/// `text` and `summary` processors together. This encoder builds a small tree of its own and
/// serializes it in one pass into a byte buffer.
///
/// The output is what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` (and
/// `.prettyPrinted` when `pretty`) writes, up to the spelling of numbers: integers as integers,
/// other numbers in Swift's shortest round-trip form. Dates are ISO 8601 UTC with milliseconds.
///
/// ```swift
/// let bytes = try ResultEncoder(pretty: false).encode(["b": 1, "a": 2])   // {"a":2,"b":1}
/// ```
public struct ResultEncoder: Sendable {
    /// Indent nested values by two spaces, one member per line, as `JSONEncoder`'s
    /// `.prettyPrinted` does; otherwise one line.
    public var pretty: Bool

    public init(pretty: Bool) {
        self.pretty = pretty
    }

    public func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = TreeEncoder(parent: nil, key: nil)
        let node = try root.box(value)
        var writer = ResultWriter(pretty: pretty)
        writer.write(node)
        return writer.bytes
    }

    /// Writes a value through its `Encodable` form where `writer` stands, at its depth: for the
    /// values that do not write themselves (``ResultWritable``). A value that cannot be encoded
    /// (a number JSON has no form for) is written as `null` and marks the writer invalid.
    static func write(_ value: any Encodable, to writer: inout ResultWriter) {
        do {
            // Boxed as Annotations' Encodable form boxes it, so that even a date or a URL is
            // encoded by its own encode(to:), as there.
            writer.write(try TreeEncoder(parent: nil, key: nil).box(Boxed(value: value)))
        } catch {
            writer.markInvalid()
            writer.null()
        }
    }

    private struct Boxed: Encodable {
        let value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
}

// MARK: - The tree

/// A JSON value under construction. Arrays and objects are classes so that a container handed
/// out by the encoder can keep adding to them after it has been returned.
private enum Node {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array(ArrayNode)
    case object(ObjectNode)
}

private final class ArrayNode {
    var items: [Node] = []
}

/// Members in the order they were encoded; sorted, and a repeated key's last value kept, when
/// written. (A dictionary here cost a hash of every key.)
private final class ObjectNode {
    var members: [(key: String, value: Node)] = []
}

/// The `Encoder` handed to each value: it records what the value asks for into one node.
private final class TreeEncoder: Encoder {
    /// The encoder of the value this one is nested in, and the key it is under there: the coding
    /// path is only built when an error needs it.
    let parent: TreeEncoder?
    let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What this encoder's value became; `nil` until it asks for a container.
    var node: Node?

    init(parent: TreeEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: TreeEncoder? = self
        while let current = encoder {
            if let key = current.key { path.append(key) }
            encoder = current.parent
        }
        return path.reversed()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // A value may ask for its keyed container more than once (a section that lets a nested
        // value write into the same object first); every request adds to the same object.
        let object: ObjectNode
        if case .object(let existing) = node {
            object = existing
        } else {
            object = ObjectNode()
            node = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayNode
        if case .array(let existing) = node {
            array = existing
        } else {
            array = ArrayNode()
            node = .array(array)
        }
        return UnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    /// The node for a nested value, with the types JSON has a native form for taken directly.
    /// Comparing type metadata is cheap; a dynamic cast per value was not.
    func box<T: Encodable>(_ value: T, key: (any CodingKey)? = nil) throws -> Node {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .integer(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Double.self {
            return try number(unsafeBitCast(value, to: Double.self), key: key)
        }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Date.self {
            let date = unsafeBitCast(value, to: Date.self)
            return .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if T.self == Data.self, let data = value as? Data { return .string(data.base64EncodedString()) }
        if T.self == Decimal.self, let decimal = value as? Decimal {
            return try number(NSDecimalNumber(decimal: decimal).doubleValue, key: key)
        }
        let nested = TreeEncoder(parent: self, key: key)
        try value.encode(to: nested)
        // A value that asked for nothing encodes as an empty object, as JSONEncoder does.
        return nested.node ?? .object(ObjectNode())
    }

    /// A number JSON can hold, or the error JSONEncoder gives for one it cannot.
    func number(_ value: Double, key: (any CodingKey)?) throws -> Node {
        guard value.isFinite else {
            let path = codingPath + (key.map { [$0] } ?? [])
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) has no JSON form"))
        }
        return .double(value)
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    let object: ObjectNode
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ node: Node, _ key: Key) { object.members.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try encoder.number(value, key: key), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try encoder.number(Double(value), key: key), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.unsigned(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try encoder.box(value, key: key), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        set(.object(nested), key)
        let nestedEncoder = TreeEncoder(parent: encoder, key: key)
        nestedEncoder.node = .object(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: nestedEncoder, object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        set(.array(nested), key)
        let nestedEncoder = TreeEncoder(parent: encoder, key: key)
        nestedEncoder.node = .array(nested)
        return UnkeyedContainer(encoder: nestedEncoder, array: nested)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super", key: nil) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue, key: key) }

    private func superEncoder(named name: String, key: Key?) -> any Encoder {
        let nested = ObjectNode()
        object.members.append((name, .object(nested)))
        let nestedEncoder = TreeEncoder(parent: encoder, key: key)
        nestedEncoder.node = .object(nested)
        return nestedEncoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    let array: ArrayNode
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(try encoder.number(value, key: IndexKey(count))) }
    mutating func encode(_ value: Float) throws {
        array.items.append(try encoder.number(Double(value), key: IndexKey(count)))
    }
    mutating func encode(_ value: Int) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.integer(value)) }
    mutating func encode(_ value: UInt) throws { array.items.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.items.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { array.items.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { array.items.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try encoder.box(value, key: IndexKey(count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        let nestedEncoder = TreeEncoder(parent: encoder, key: IndexKey(count))
        array.items.append(.object(nested))
        nestedEncoder.node = .object(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: nestedEncoder, object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        let nestedEncoder = TreeEncoder(parent: encoder, key: IndexKey(count))
        array.items.append(.array(nested))
        nestedEncoder.node = .array(nested)
        return UnkeyedContainer(encoder: nestedEncoder, array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = ObjectNode()
        let nestedEncoder = TreeEncoder(parent: encoder, key: IndexKey(count))
        array.items.append(.object(nested))
        nestedEncoder.node = .object(nested)
        return nestedEncoder
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = try encoder.number(value, key: nil) }
    mutating func encode(_ value: Float) throws { encoder.node = try encoder.number(Double(value), key: nil) }
    mutating func encode(_ value: Int) throws { encoder.node = .integer(Int64(value)) }
    mutating func encode(_ value: Int8) throws { encoder.node = .integer(Int64(value)) }
    mutating func encode(_ value: Int16) throws { encoder.node = .integer(Int64(value)) }
    mutating func encode(_ value: Int32) throws { encoder.node = .integer(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .integer(value) }
    mutating func encode(_ value: UInt) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.node = try encoder.box(value)
    }
}

// MARK: - Serialization

extension ResultWriter {
    fileprivate mutating func write(_ node: Node) {
        switch node {
        case .null: null()
        case .bool(let flag): value(flag)
        case .integer(let value): integer(value)
        case .unsigned(let value): unsigned(value)
        case .double(let number): value(number)
        case .string(let text): string(text)
        case .array(let array):
            beginArray()
            for item in array.items {
                element()
                write(item)
            }
            endArray()
        case .object(let object):
            beginObject()
            // Sorted by the keys' UTF-8 bytes, as JSONEncoder's .sortedKeys compares them; the
            // sort is stable, so of a key encoded twice the later value is the one kept.
            let members = object.members.count < 2 ? object.members : Self.sortedMembers(object.members)
            for member in members {
                key(member.key)
                write(member.value)
            }
            endObject()
        }
    }

    private static func sortedMembers(_ members: [(key: String, value: Node)]) -> [(key: String, value: Node)] {
        let order = members.indices.sorted { left, right in
            let (a, b) = (members[left].key, members[right].key)
            if a == b { return left < right }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        var sorted: [(key: String, value: Node)] = []
        sorted.reserveCapacity(members.count)
        for index in order {
            if let last = sorted.last, last.key == members[index].key {
                sorted[sorted.count - 1] = members[index]
            } else {
                sorted.append(members[index])
            }
        }
        return sorted
    }
}
