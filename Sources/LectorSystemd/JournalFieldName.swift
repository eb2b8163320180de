/// A name of a journal field: 1–64 characters of `A–Z`, `0–9` and `_`, not starting with `_`
/// (those are trusted fields journald adds itself) or a digit.
///
/// journald silently drops a field whose name breaks these rules, so every name Lector sends is
/// made through this type. Metadata keys become fields with ``init(metadataKey:)``: the keys the
/// daemon uses have fixed names (`article` -> `LECTOR_ARTICLE_ID`, `errno` -> `ERRNO`), any other
/// key is upper-cased, its other characters become `_`, and it gets the `LECTOR_` prefix.
///
/// ```swift
/// JournalFieldName(metadataKey: "duration_ms").rawValue   // "LECTOR_DURATION_MS"
/// JournalFieldName(validating: "_PID")                    // nil
/// ```
public struct JournalFieldName: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The name, if it is one journald accepts from a client.
    public init?(validating name: String) {
        guard Self.isValid(name) else { return nil }
        rawValue = name
    }

    private init(unchecked name: String) { rawValue = name }

    public var description: String { rawValue }

    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first else { return false }
        guard first != UInt8(ascii: "_"), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return bytes.allSatisfy(isAllowed)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    // MARK: - Fields with a meaning to journald and journalctl

    public static let message = JournalFieldName(unchecked: "MESSAGE")
    public static let messageID = JournalFieldName(unchecked: "MESSAGE_ID")
    public static let priority = JournalFieldName(unchecked: "PRIORITY")
    public static let syslogIdentifier = JournalFieldName(unchecked: "SYSLOG_IDENTIFIER")
    public static let codeFile = JournalFieldName(unchecked: "CODE_FILE")
    public static let codeLine = JournalFieldName(unchecked: "CODE_LINE")
    public static let codeFunction = JournalFieldName(unchecked: "CODE_FUNC")
    public static let errno = JournalFieldName(unchecked: "ERRNO")

    // MARK: - Lector's own fields

    public static let articleID = JournalFieldName(unchecked: "LECTOR_ARTICLE_ID")
    public static let file = JournalFieldName(unchecked: "LECTOR_FILE")
    public static let event = JournalFieldName(unchecked: "LECTOR_EVENT")
    public static let claim = JournalFieldName(unchecked: "LECTOR_CLAIM")
    public static let processor = JournalFieldName(unchecked: "LECTOR_PROCESSOR")
    public static let durationMilliseconds = JournalFieldName(unchecked: "LECTOR_DURATION_MS")
    public static let errorCode = JournalFieldName(unchecked: "LECTOR_CODE")
    public static let error = JournalFieldName(unchecked: "LECTOR_ERROR")
    /// The swift-log source (the module that logged).
    public static let source = JournalFieldName(unchecked: "LECTOR_SOURCE")
    /// The swift-log logger's label.
    public static let logger = JournalFieldName(unchecked: "LECTOR_LOGGER")

    /// Metadata keys whose field is not simply `LECTOR_` + the key upper-cased.
    static let wellKnown: [String: JournalFieldName] = [
        "article": .articleID,
        "errno": .errno,
        "code": .errorCode,
    ]

    /// The field a metadata key is sent as; always a valid name, whatever the key.
    public init(metadataKey key: String) {
        if let known = Self.wellKnown[key] {
            self = known
            return
        }
        var bytes: [UInt8] = Array("LECTOR_".utf8)
        var lastWasUnderscore = true
        for byte in key.utf8 {
            var mapped = byte
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { mapped = byte - 32 }
            if !Self.isAllowed(mapped) { mapped = UInt8(ascii: "_") }
            // Runs of replaced characters collapse, so "a.b" and "a..b" stay readable names.
            if mapped == UInt8(ascii: "_") {
                if lastWasUnderscore { continue }
                lastWasUnderscore = true
            } else {
                lastWasUnderscore = false
            }
            bytes.append(mapped)
        }
        while bytes.count > 7, bytes.last == UInt8(ascii: "_") { bytes.removeLast() }
        if bytes.count == 7 { bytes += Array("FIELD".utf8) }
        if bytes.count > 64 { bytes = Array(bytes.prefix(64)) }
        self.init(unchecked: String(decoding: bytes, as: UTF8.self))
    }
}
