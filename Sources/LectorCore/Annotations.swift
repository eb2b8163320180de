import Foundation

/// The name under which an annotation is stored and appears in the result's `annotations` object.
///
/// Names are lowercase ASCII words joined by `_` or `.`, for example `segments`, `language`,
/// `entities`, `summary`, or a plugin's own `acme.sentiment`.
public struct AnnotationName: Hashable, Sendable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether the name is well-formed: 1–64 characters of `a–z 0–9 _ .`, starting with a letter.
    public var isValid: Bool {
        let bytes = Array(rawValue.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}

/// A typed handle on an annotation: its name and the Swift type of its value.
///
/// Declare well-known keys as constrained static members so that call sites read
/// `annotations[.segments]`:
///
/// ```swift
/// extension AnnotationKey where Value == Segmentation {
///     public static var segments: Self { .init("segments") }
/// }
/// ```
public struct AnnotationKey<Value: Codable & Sendable>: Sendable, Hashable {
    public let name: AnnotationName
    public init(_ name: AnnotationName) { self.name = name }
}

/// The annotations of one article, by name: what earlier processors made (in a processor's
/// context) or what one processor made (its output).
///
/// Values keep their Swift type when a built-in processor stored them; values from external
/// processors are ``JSONValue``s, and a typed read decodes them on demand.
public struct Annotations: Sendable {
    private var storage: [AnnotationName: any Codable & Sendable] = [:]

    public init() {}

    /// The names present, sorted.
    public var names: [AnnotationName] { storage.keys.sorted() }
    public var isEmpty: Bool { storage.isEmpty }
    public func contains(_ name: AnnotationName) -> Bool { storage[name] != nil }

    public subscript<Value>(key: AnnotationKey<Value>) -> Value? {
        get {
            guard let stored = storage[key.name] else { return nil }
            if let value = stored as? Value { return value }
            if let json = stored as? JSONValue { return try? json.decode(as: Value.self) }
            return nil
        }
        set { storage[key.name] = newValue }
    }

    /// The value stored under a name, whatever its type: for code that writes every annotation
    /// out, such as the result's JSON.
    public func value(named name: AnnotationName) -> (any Codable & Sendable)? {
        storage[name]
    }

    /// Stores a value of any codable type under a name.
    public mutating func set(_ value: some Codable & Sendable, for name: AnnotationName) {
        storage[name] = value
    }

    /// The JSON form of one annotation.
    public func json(_ name: AnnotationName) throws -> JSONValue? {
        guard let stored = storage[name] else { return nil }
        if let json = stored as? JSONValue { return json }
        return try JSONValue(encoding: stored)
    }

    /// Adds every annotation of `other`, replacing those with the same name.
    public mutating func merge(_ other: Annotations) {
        storage.merge(other.storage) { _, new in new }
    }
}

extension Annotations: Encodable {
    private struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Box: Encodable {
        let value: any Encodable
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        for name in names {
            try container.encode(Box(value: storage[name]!), forKey: NameKey(stringValue: name.rawValue))
        }
    }
}
