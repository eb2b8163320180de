import LectorCore

/// The shape of Lector's configuration: every section and key it reads, with types and defaults.
///
/// One description serves three purposes: `lector config check` validates files against it,
/// environment variable names are derived from it, and docs can be generated from it.
public struct ConfigSpec: Sendable {
    /// A node in the configuration tree.
    public indirect enum Node: Sendable {
        case value(ConfigOption)
        case section([String: Node], summary: String)
        /// A section whose keys the user names (one per plugin), each shaped like `entry`.
        case named(entry: Node, summary: String)
        /// A value of any shape, checked by whoever reads it (a plugin's `env` and `config`).
        case freeform(summary: String)
    }

    public let root: [String: Node]

    /// Keys every processor section accepts, whatever the processor.
    public static let commonProcessorOptions: [ConfigOption] = [
        ConfigOption("required", .bool, default: "false", "Fail the whole article when this processor fails or times out."),
        ConfigOption("timeout", .duration, default: "the pipeline.timeout", "Deadline for one article, e.g. 500ms or 5s."),
    ]

    /// Lector's own options, outside the processor sections.
    public static let coreSections: [String: Node] = [
        "reader": .section(
            [
                "max_bytes": .value(ConfigOption("max_bytes", .size, default: "50MB", "Larger files are refused with a too-large error.")),
                "encoding": .value(ConfigOption(
                    "encoding", .string, default: "auto",
                    "'auto' detects each file's encoding; an IANA name (UTF-8, windows-1256, ISO-8859-6, ...) forces one.")),
            ], summary: "Reading files into text."),
        "pipeline": .section(
            [
                "processors": .value(ConfigOption(
                    "processors", .stringArray, default: "[text, language, entities, summary]",
                    "The processors to run. Dependencies decide the order; where they leave a choice, this list does.")),
                "timeout": .value(ConfigOption("timeout", .duration, default: "10s", "Default deadline for each processor on one article.")),
            ], summary: "Which processors run."),
        "output": .section(
            [
                "pretty": .value(ConfigOption("pretty", .bool, default: "true", "Indent result JSON for people; false writes one compact line.")),
                "include_text": .value(ConfigOption(
                    "include_text", .bool, default: "true", "Include the decoded text in results, so offsets can be resolved without the original.")),
            ], summary: "The result files."),
        "paths": .section(
            [
                "inbox": .value(ConfigOption("inbox", .string, default: "/var/lib/lector/inbox", "Where articles arrive. Lector never writes here.")),
                "processing": .value(ConfigOption(
                    "processing", .string, default: "/var/lib/lector/processing",
                    "Claimed articles while they are processed; must be on the inbox's filesystem.")),
                "output": .value(ConfigOption("output", .string, default: "/var/lib/lector/output", "One NAME.json result per article.")),
                "archive": .value(ConfigOption("archive", .string, default: "/var/lib/lector/archive", "Originals of processed articles (daemon.on_success: archive).")),
                "failed": .value(ConfigOption("failed", .string, default: "/var/lib/lector/failed", "Originals that could not be processed, each with NAME.error.json.")),
                "catalog": .value(ConfigOption("catalog", .string, default: "/var/lib/lector/catalog.sqlite", "The SQLite catalog of every article seen.")),
            ], summary: "Folders and files of the daemon."),
        "daemon": .section(
            [
                "instance": .value(ConfigOption(
                    "instance", .string, default: "the host name",
                    "This instance's name; each instance recovers only its own processing/INSTANCE folder.")),
                "workers": .value(ConfigOption("workers", .int, default: "0", "Articles in the processors at once; 0 means one per CPU core.")),
                "in_flight": .value(ConfigOption(
                    "in_flight", .int, default: "0",
                    "Articles claimed at once, in the processors or being read, written and archived; 0 means four per worker. At least `workers`.")),
                "queue_size": .value(ConfigOption(
                    "queue_size", .int, default: "10000", "Ready names held in memory; beyond that the inbox is rescanned when the queue drains.")),
                "recursive": .value(ConfigOption("recursive", .bool, default: "false", "Also watch sub-folders of the inbox (new ones as they appear).")),
                "stable_delay": .value(ConfigOption(
                    "stable_delay", .duration, default: "2s",
                    "A file not seen closed is taken once its size and modification time have not changed for this long.")),
                "open_timeout": .value(ConfigOption(
                    "open_timeout", .duration, default: "10m",
                    "A file seen opened for writing but never closed is taken after this long without changes.")),
                "rescan_interval": .value(ConfigOption("rescan_interval", .duration, default: "60s", "Full inbox scan as a safety net, even with inotify.")),
                "watch": .value(ConfigOption(
                    "watch", .string, default: "auto",
                    "inotify, poll, or auto (poll on network and FUSE filesystems, where inotify sees nothing).",
                    allowed: ["auto", "inotify", "poll"])),
                "poll_interval": .value(ConfigOption("poll_interval", .duration, default: "2s", "How often to scan in poll mode.")),
                "ignore": .value(ConfigOption(
                    "ignore", .stringArray, default: "['*.part', '*.tmp', '*.crdownload', '~$*', '.syncthing.*', '*.swp']",
                    "Name patterns (shell globs) never taken. Dotfiles are always ignored.")),
                "on_success": .value(ConfigOption(
                    "on_success", .string, default: "archive", "What happens to the original after its result is written.", allowed: ["archive", "delete"])),
                "duplicates": .value(ConfigOption(
                    "duplicates", .string, default: "skip",
                    "Content seen before: skip (no new result), reprocess, or link (NAME.json is a symlink to the earlier result).",
                    allowed: ["skip", "reprocess", "link"])),
                "retries": .value(ConfigOption("retries", .int, default: "3", "Attempts after the first for failures that may pass (I/O errors, timeouts).")),
                "retry_backoff": .value(ConfigOption("retry_backoff", .duration, default: "2s", "Wait before the first retry; doubles each time.")),
                "shutdown_timeout": .value(ConfigOption(
                    "shutdown_timeout", .duration, default: "30s", "On SIGTERM, how long articles in progress may take to finish.")),
            ], summary: "The inbox daemon."),
        "logging": .section(
            [
                "level": .value(ConfigOption(
                    "level", .string, default: "info", "Lowest level logged.",
                    allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])),
            ], summary: "Logging."),
    ]

    /// The full spec for a set of registered processors.
    public init(processors: [ProcessorDescriptor]) {
        var root = Self.coreSections
        var sections: [String: Node] = [:]
        for descriptor in processors {
            var keys: [String: Node] = [:]
            for option in Self.commonProcessorOptions + descriptor.options { keys[option.key] = .value(option) }
            sections[descriptor.id] = .section(keys, summary: descriptor.summary)
        }
        root["processors"] = .section(sections, summary: "One section per processor.")
        var pluginKeys: [String: Node] = [:]
        for option in PluginSettings.options { pluginKeys[option.key] = .value(option) }
        for (key, summary) in PluginSettings.freeformKeys { pluginKeys[key] = .freeform(summary: summary) }
        root["plugins"] = .named(
            entry: .section(pluginKeys, summary: "One external processor."),
            summary: "External processors, by id: programs that speak docs/plugin-protocol.md.")
        self.root = root
    }

    /// Every leaf key as a dotted path with its option, sorted by path.
    public var leaves: [(path: String, option: ConfigOption)] {
        var result: [(String, ConfigOption)] = []
        func walk(_ nodes: [String: Node], prefix: String) {
            for (key, node) in nodes {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                switch node {
                case .value(let option): result.append((path, option))
                case .section(let children, _): walk(children, prefix: path)
                case .named, .freeform: break  // Their keys are the user's; no fixed leaves.
                }
            }
        }
        walk(root, prefix: "")
        return result.sorted { $0.0 < $1.0 }
    }

    /// The node at a dotted path, if the spec knows it.
    public func node(at path: [String]) -> Node? {
        Self.node(at: path[...], in: root)
    }

    private static func node(at path: ArraySlice<String>, in nodes: [String: Node]) -> Node? {
        guard let first = path.first, let node = nodes[first] else { return nil }
        let rest = path.dropFirst()
        if rest.isEmpty { return node }
        switch node {
        case .value: return nil
        case .freeform: return node
        case .section(let children, _): return Self.node(at: rest, in: children)
        case .named(let entry, _):
            // The next component is a name the user chose.
            if rest.count == 1 { return entry }
            guard case .section(let children, _) = entry else { return nil }
            return Self.node(at: rest.dropFirst(), in: children)
        }
    }

    /// The environment variable that overrides a dotted key: `pipeline.timeout` -> `LECTOR_PIPELINE_TIMEOUT`.
    public static func environmentName(for path: String) -> String {
        "LECTOR_" + path.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
}
