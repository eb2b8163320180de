import Logging

/// A swift-log `LogHandler` that writes each event to the systemd journal through
/// `sd_journal_sendv`, as structured fields rather than one formatted line.
///
/// journalctl then shows the message, filters by priority (`-p warning`), by event
/// (`MESSAGE_ID=…`, see docs/journal.md) and by any metadata key (`LECTOR_ARTICLE_ID=…`), and
/// `-o verbose` shows where in the code each entry came from.
///
/// ```swift
/// LoggingSystem.bootstrap { JournalLogHandler(label: $0) }
/// // or for one logger:
/// let logger = Logger(label: "lector") { JournalLogHandler(label: $0) }
/// ```
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    public let label: String
    /// `SYSLOG_IDENTIFIER`, what `journalctl -t` filters on.
    public let identifier: String

    public init(label: String, identifier: String = "lector", metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.identifier = identifier
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        entry(for: event).send()
    }

    /// The entry an event becomes: the handler's metadata, then the provider's, then the event's own,
    /// later ones winning.
    public func entry(for event: LogEvent) -> JournalEntry {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        var entry = JournalEntry(
            level: event.level, message: event.message.description, metadata: merged, error: event.error, source: event.source,
            file: event.file, function: event.function, line: event.line, identifier: identifier)
        entry.fields.append(.init(.logger, label))
        return entry
    }
}
