/// A fixed 128-bit id for one kind of log event, sent as `MESSAGE_ID`, so that
/// `journalctl MESSAGE_ID=…` finds every event of that kind whatever its wording.
///
/// The ids were made once with `systemd-id128 new` and must never change: people keep them in
/// scripts and alerts. docs/journal.md lists them. Events are recognized by the `event` metadata
/// key the daemon puts on its log lines (``init(event:)``); a processor that did not succeed is
/// recognized by its `processor` and `status` keys.
public struct LectorMessageID: Hashable, Sendable, CustomStringConvertible {
    /// 32 lower-case hexadecimal digits, as journalctl prints them.
    public let rawValue: String
    /// The `event` metadata value this id stands for.
    public let event: String

    private init(_ rawValue: String, event: String) {
        self.rawValue = rawValue
        self.event = event
    }

    public var description: String { rawValue }

    public static let started = LectorMessageID("d10136f8d74e4b3ba470e74d26dabd46", event: "started")
    public static let stopping = LectorMessageID("a5e94927ba6a434eb9f19677fce9075e", event: "stopping")
    public static let stopped = LectorMessageID("44edb952e6114582bbc7d10b9f24ab1c", event: "stopped")
    public static let claimed = LectorMessageID("8ab35039e0d849c1bc6c6b3a21a4c2ab", event: "claimed")
    public static let done = LectorMessageID("15f18629405d4cc99f3261601c2ffc9b", event: "done")
    public static let failed = LectorMessageID("3c40ad076c8d40abb789fca3b68da299", event: "failed")
    public static let duplicate = LectorMessageID("2ee541209e9c4282afb1ab845f514ccd", event: "duplicate")
    public static let retry = LectorMessageID("7e743b3ab4b34e30891a77340fe2847e", event: "retry")
    public static let recovery = LectorMessageID("ec9a8f9c083540dbad532bd55bcec0d2", event: "recovery")
    public static let processorFailed = LectorMessageID("e0c80782b6cf4265872a9cd64b971c5b", event: "processor-failed")
    public static let pluginStarted = LectorMessageID("d9f25bd019b84e61b6ef29b761c4b4fa", event: "plugin-started")
    public static let pluginRestarted = LectorMessageID("5bcdeed510094a4882c632394f46024b", event: "plugin-restarted")
    public static let pluginCircuitOpen = LectorMessageID("b90829f67ec140ecaa1df0b234732c44", event: "plugin-circuit-open")
    public static let configReloaded = LectorMessageID("0b06dfa1386542eda825f296d07895df", event: "config-reloaded")
    public static let configReloadFailed = LectorMessageID("7ce0112f011049c5a4ede0525b2af197", event: "config-reload-failed")
    public static let inotifyOverflow = LectorMessageID("70627ba26ec34130bc3e9ab90ff3b571", event: "inotify-overflow")
    public static let catalogRebuilt = LectorMessageID("1c10d865fef4491f9b7de52788a6e681", event: "catalog-rebuilt")

    /// Every id, in the order docs/journal.md lists them.
    public static let all: [LectorMessageID] = [
        .started, .stopping, .stopped, .claimed, .done, .failed, .duplicate, .retry, .recovery, .processorFailed,
        .pluginStarted, .pluginRestarted, .pluginCircuitOpen, .configReloaded, .configReloadFailed, .inotifyOverflow,
        .catalogRebuilt,
    ]

    private static let byEvent: [String: LectorMessageID] = Dictionary(uniqueKeysWithValues: all.map { ($0.event, $0) })

    /// The id for an `event` metadata value, or nil for events without one.
    public init?(event: String) {
        guard let id = Self.byEvent[event] else { return nil }
        self = id
    }

    /// The id a log line gets: from its `event` key, else processor-failed for the pipeline's
    /// report of a processor that did not succeed.
    static func classify(metadata: [String: String]) -> LectorMessageID? {
        if let event = metadata["event"] { return LectorMessageID(event: event) }
        if metadata["processor"] != nil, let status = metadata["status"], status != "ok" { return .processorFailed }
        return nil
    }
}
