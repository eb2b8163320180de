/// A type that is a named value from an open set, like `DocumentFormat.html` or
/// `SegmentKind.byline`: a struct with static members rather than an enum, so that new values can be
/// added without breaking anyone's `switch`, coded in JSON as its plain string.
///
/// ## Implementation requirements
///
/// Store the string in `rawValue` and provide `init(_:)`; description and coding come for free.
///
/// ```swift
/// public struct Fruit: StringOption {
///     public let rawValue: String
///     public init(_ rawValue: String) { self.rawValue = rawValue }
///     public static let apple = Fruit("apple")
/// }
/// ```
public protocol StringOption: Hashable, Sendable, Codable, CustomStringConvertible {
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension StringOption {
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
