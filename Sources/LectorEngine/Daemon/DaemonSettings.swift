import Configuration
import Foundation
import LectorCore

/// The daemon's settings: folders, concurrency, detection and policies.
public struct DaemonSettings: Sendable {
    public struct Paths: Sendable {
        public var inbox: String
        public var processing: String
        public var output: String
        public var archive: String
        public var failed: String
        public var catalog: String
    }

    /// What happens to an original once its result is written.
    public struct SuccessAction: Hashable, Sendable {
        public let rawValue: String
        public static let archive = SuccessAction(rawValue: "archive")
        public static let delete = SuccessAction(rawValue: "delete")
    }

    /// What happens when content arrives that was processed before.
    public struct DuplicatePolicy: Hashable, Sendable {
        public let rawValue: String
        /// No new result; the original is archived and the catalog records the duplicate.
        public static let skip = DuplicatePolicy(rawValue: "skip")
        /// Processed again, with its own result.
        public static let reprocess = DuplicatePolicy(rawValue: "reprocess")
        /// NAME.json becomes a symbolic link to the earlier result.
        public static let link = DuplicatePolicy(rawValue: "link")
    }

    /// How the inbox is watched.
    public struct WatchMode: Hashable, Sendable {
        public let rawValue: String
        public static let auto = WatchMode(rawValue: "auto")
        public static let inotify = WatchMode(rawValue: "inotify")
        public static let poll = WatchMode(rawValue: "poll")
    }

    public var paths: Paths
    public var instance: String
    public var workers: Int
    /// Articles claimed at once: those in the processors (at most `workers`) and those being read,
    /// written and archived, or waiting for a worker.
    public var inFlight: Int
    public var queueSize: Int
    public var recursive: Bool
    public var stableDelay: Duration
    public var openTimeout: Duration
    public var rescanInterval: Duration
    public var watch: WatchMode
    public var pollInterval: Duration
    public var ignore: [String]
    public var onSuccess: SuccessAction
    public var duplicates: DuplicatePolicy
    public var retries: Int
    public var retryBackoff: Duration
    public var shutdownTimeout: Duration

    public static let defaultIgnore = ["*.part", "*.tmp", "*.crdownload", "~$*", ".syncthing.*", "*.swp"]

    public init(from config: ConfigReader) throws(ConfigurationError) {
        do {
            paths = Paths(
                inbox: try config.stringOption("paths.inbox", default: "/var/lib/lector/inbox"),
                processing: try config.stringOption("paths.processing", default: "/var/lib/lector/processing"),
                output: try config.stringOption("paths.output", default: "/var/lib/lector/output"),
                archive: try config.stringOption("paths.archive", default: "/var/lib/lector/archive"),
                failed: try config.stringOption("paths.failed", default: "/var/lib/lector/failed"),
                catalog: try config.stringOption("paths.catalog", default: "/var/lib/lector/catalog.sqlite"))
            instance = try config.stringOption("daemon.instance", default: Self.hostName())
            let workerSetting = try config.intOption("daemon.workers", default: 0, in: 0...256)
            workers = workerSetting == 0 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : workerSetting
            let inFlightSetting = try config.intOption("daemon.in_flight", default: 0, in: 0...4096)
            inFlight = inFlightSetting == 0 ? 4 * workers : max(workers, inFlightSetting)
            queueSize = try config.intOption("daemon.queue_size", default: 10_000, in: 16...10_000_000)
            recursive = try config.boolOption("daemon.recursive", default: false)
            stableDelay = try config.durationOption("daemon.stable_delay", default: .seconds(2))
            openTimeout = try config.durationOption("daemon.open_timeout", default: .seconds(600))
            rescanInterval = try config.durationOption("daemon.rescan_interval", default: .seconds(60))
            watch = WatchMode(rawValue: try config.stringOption("daemon.watch", default: "auto", allowed: ["auto", "inotify", "poll"]))
            pollInterval = try config.durationOption("daemon.poll_interval", default: .seconds(2))
            ignore = config.stringListOption("daemon.ignore", default: Self.defaultIgnore)
            onSuccess = SuccessAction(rawValue: try config.stringOption("daemon.on_success", default: "archive", allowed: ["archive", "delete"]))
            duplicates = DuplicatePolicy(rawValue: try config.stringOption("daemon.duplicates", default: "skip", allowed: ["skip", "reprocess", "link"]))
            retries = try config.intOption("daemon.retries", default: 3, in: 0...100)
            retryBackoff = try config.durationOption("daemon.retry_backoff", default: .seconds(2))
            shutdownTimeout = try config.durationOption("daemon.shutdown_timeout", default: .seconds(30))
        } catch let error as ProcessorError {
            throw ConfigurationError(issues: [ConfigIssue(origin: "configuration", key: error.key ?? "", message: error.message)])
        } catch {
            throw ConfigurationError(issues: [ConfigIssue(origin: "configuration", key: "", message: "\(error)")])
        }
        if instance.isEmpty || instance.contains("/") || instance.hasPrefix(".") {
            throw ConfigurationError(issues: [ConfigIssue(origin: "configuration", key: "daemon.instance", message: "must be a plain name, not '\(instance)'")])
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "lector" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "lector" : name
    }
}
