/// One configuration key a component reads, with its type, default and meaning.
///
/// Components list their options so that `lector config check` can point at a misspelt key or a
/// value of the wrong type, and so that documentation can be generated from one source.
public struct ConfigOption: Sendable, Hashable, Codable {
    /// The key relative to the component's section, e.g. `max_sentence_length`.
    public var key: String
    public var type: ValueType
    /// The default, written as it would be in YAML.
    public var defaultValue: String
    public var summary: String
    /// For string options with a fixed set of values, the allowed values.
    public var allowed: [String]?

    public init(_ key: String, _ type: ValueType, default defaultValue: String, _ summary: String, allowed: [String]? = nil) {
        self.key = key
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
        self.allowed = allowed
    }

    /// The type of a configuration value. New types may be added, so this is a struct.
    public struct ValueType: StringOption {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public static let string = ValueType("string")
        public static let int = ValueType("int")
        public static let double = ValueType("double")
        public static let bool = ValueType("bool")
        public static let stringArray = ValueType("string-array")
        /// A duration in YAML like `500ms`, `2s`, `1m`, or a number of seconds.
        public static let duration = ValueType("duration")
        /// A byte size like `10MB`, `512KB`, or a number of bytes.
        public static let size = ValueType("size")
    }
}
