import CSystemd
import Logging

/// One journal entry as the fields that will be sent: built from a log event without any I/O, so
/// what reaches the journal can be checked field by field.
///
/// Every entry has `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`,
/// `CODE_FUNC` and `LECTOR_SOURCE`; a `MESSAGE_ID` when the event is one of
/// ``LectorMessageID``'s; and one field per metadata key, named by
/// ``JournalFieldName/init(metadataKey:)``.
public struct JournalEntry: Sendable, Hashable {
    /// One `NAME=value` pair. Values may hold newlines and any bytes.
    public struct Field: Sendable, Hashable {
        public var name: JournalFieldName
        public var value: String

        public init(_ name: JournalFieldName, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var fields: [Field]

    public init(
        level: Logger.Level, message: String, metadata: Logger.Metadata, error: (any Error)? = nil, source: String,
        file: String, function: String, line: UInt, identifier: String
    ) {
        let flat = metadata.mapValues { "\($0)" }
        fields = [
            Field(.message, message),
            Field(.priority, String(Self.priority(of: level))),
            Field(.syslogIdentifier, identifier),
            Field(.codeFile, file),
            Field(.codeLine, String(line)),
            Field(.codeFunction, function),
            Field(.source, source),
        ]
        if let id = LectorMessageID.classify(metadata: flat) { fields.append(Field(.messageID, id.rawValue)) }
        for key in flat.keys.sorted() {
            fields.append(Field(JournalFieldName(metadataKey: key), flat[key]!))
        }
        if let error, flat["error"] == nil { fields.append(Field(.error, "\(error)")) }
    }

    /// The value of the first field with this name.
    public subscript(name: JournalFieldName) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// syslog's priorities, which journalctl -p filters on: 2 critical … 7 debug.
    public static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Sends the entry to the journal socket; returns 0 or a negative errno.
    ///
    /// libsystemd returns 0 even when no journald listens: whether to use the journal at all is
    /// decided beforehand (``LogOutput``).
    @discardableResult
    public func send() -> Int32 {
        // One buffer for all fields, so the iovecs point into memory that stays put.
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = buffer.count
            buffer += field.name.rawValue.utf8
            buffer.append(UInt8(ascii: "="))
            buffer += field.value.utf8
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { raw in
            var vectors = ranges.map { range in
                iovec(iov_base: raw.baseAddress! + range.lowerBound, iov_len: range.count)
            }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }
}
