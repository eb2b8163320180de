import Configuration
import Foundation
import LectorCore
import Logging

/// Lector's own settings, read strictly from a ``ConfigReader``: a wrong value is an error naming
/// its key, never a silent default.
public struct LectorSettings: Sendable {
    /// Files larger than this are refused.
    public var maxBytes: Int
    /// An IANA encoding name that overrides detection, or nil for `auto`.
    public var forcedEncoding: String?
    /// The processors to run, in configuration order. An explicitly empty list (`[]`) runs none:
    /// the article is still read, decoded, hashed and written as a result, which is the cost floor
    /// the benchmarks compare the full pipeline against.
    public var processors: [String]
    /// The default per-processor deadline.
    public var defaultTimeout: Duration
    public var prettyOutput: Bool
    public var includeText: Bool
    public var logLevel: Logger.Level

    public static let defaultProcessors = ["text", "language", "entities", "summary"]

    public init(from config: ConfigReader) throws(ConfigurationError) {
        do {
            maxBytes = try config.sizeOption("reader.max_bytes", default: 50 * 1024 * 1024)
            let encoding = try config.stringOption("reader.encoding", default: "auto")
            forcedEncoding = encoding.lowercased() == "auto" ? nil : encoding
            processors = config.stringListOption("pipeline.processors", default: Self.defaultProcessors)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            defaultTimeout = try config.durationOption("pipeline.timeout", default: .seconds(10))
            prettyOutput = try config.boolOption("output.pretty", default: true)
            includeText = try config.boolOption("output.include_text", default: true)
            let level = try config.stringOption(
                "logging.level", default: "info", allowed: Logger.Level.allCases.map(\.rawValue))
            logLevel = Logger.Level(rawValue: level) ?? .info
        } catch let error as ProcessorError {
            throw ConfigurationError(issues: [ConfigIssue(origin: "configuration", key: error.key ?? "", message: error.message)])
        } catch {
            throw ConfigurationError(issues: [ConfigIssue(origin: "configuration", key: "", message: "\(error)")])
        }
    }
}

/// A configuration that cannot be used, with every problem found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]
    public init(issues: [ConfigIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

extension ProcessorError {
    /// The key an invalid-configuration error names.
    var key: String? {
        if case .invalidConfiguration(let key, _) = self { return key }
        return nil
    }

    var message: String {
        if case .invalidConfiguration(_, let message) = self { return message }
        return description
    }
}
