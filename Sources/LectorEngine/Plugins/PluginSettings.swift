import Configuration
import Foundation
import LectorCore
import Yams

/// How to run one external processor: the `plugins.<id>` section of the configuration.
///
/// The scalar keys are read through the ``ConfigReader``, so `--set plugins.<id>.timeout=2s`
/// overrides the file like any other key. `env` and `config` are mappings whose keys the user
/// chooses, which a ``ConfigReader`` cannot list, so they come from the YAML file itself.
public struct PluginSettings: Sendable, Hashable {
    /// The processor id: the key under `plugins`, unique in the pipeline.
    public var id: String
    /// The program, found in `PATH` when it has no slash.
    public var command: String
    public var arguments: [String]
    /// Added to (or replacing in) Lector's own environment.
    public var environment: [String: String]
    /// The working folder; relative paths in `command` and `args` are resolved against it.
    public var workingDirectory: String?
    /// Whether this plugin runs at all; false keeps its definition without starting it.
    public var enabled: Bool
    /// Fail the whole article when this plugin does not succeed on it.
    public var required: Bool
    /// Deadline for one article, queueing included.
    public var timeout: Duration?
    /// Only articles in these languages (BCP-47 codes); empty: what the handshake says, else all.
    public var languages: [String]
    /// The annotations the pipeline plans with when the plugin cannot be asked at start-up.
    public var provides: [AnnotationName]
    public var requires: [AnnotationName]
    /// Start a fresh process after this many articles; 0 never.
    public var restartAfter: Int
    /// Replies (and the handshake) longer than this are refused and the plugin restarted.
    public var maxReplyBytes: Int
    /// How long the plugin may take to send its handshake.
    public var startupTimeout: Duration
    /// Requests sent before the first reply comes back; 1 means one article at a time.
    public var maxInFlight: Int
    /// The wait before the first restart after a failure; doubles each time, up to 30 s.
    public var restartBackoff: Duration
    /// Failures in a row (crashes, hangs, garbage, failed starts) that open the circuit breaker.
    public var maxFailures: Int
    /// How long an open circuit stays open before one more start is tried; 0 means until a reload.
    public var circuitReset: Duration
    /// The plugin's own settings, sent with every request as `config`.
    public var config: JSONValue

    public init(id: String, command: String, arguments: [String] = []) {
        self.id = id
        self.command = command
        self.arguments = arguments
        environment = [:]
        workingDirectory = nil
        enabled = true
        required = false
        timeout = nil
        languages = []
        provides = []
        requires = []
        restartAfter = 0
        maxReplyBytes = 16 * 1024 * 1024
        startupTimeout = .seconds(10)
        maxInFlight = 1
        restartBackoff = .seconds(1)
        maxFailures = 5
        circuitReset = .seconds(300)
        config = .object([:])
    }

    /// The keys of a `plugins.<id>` section, for `lector config check` and the docs.
    public static let options: [ConfigOption] = [
        ConfigOption(
            "command", .string, default: "(required)", "The program to run; looked up in PATH when it has no '/'."),
        ConfigOption("args", .stringArray, default: "[]", "Its arguments."),
        ConfigOption("cwd", .string, default: "Lector's working folder", "The folder it runs in."),
        ConfigOption("enabled", .bool, default: "true", "false keeps the definition without starting the plugin."),
        ConfigOption(
            "required", .bool, default: "false", "Fail the whole article when this plugin fails or times out on it."),
        ConfigOption(
            "timeout", .duration, default: "the pipeline.timeout",
            "Deadline for one article, waiting for the plugin included."),
        ConfigOption(
            "languages", .stringArray, default: "[] (the handshake's, else all)",
            "Only articles in these languages; others record status skipped."),
        ConfigOption(
            "provides", .stringArray, default: "[] (from the handshake)",
            "Declare what it provides, so the pipeline can be planned when it cannot start."),
        ConfigOption(
            "requires", .stringArray, default: "[] (from the handshake)", "Declare what it requires (see provides)."),
        ConfigOption("restart_after", .int, default: "0", "Start a fresh process after this many articles; 0 never."),
        ConfigOption(
            "max_reply_bytes", .size, default: "16MB", "Longer reply lines are refused and the plugin restarted."),
        ConfigOption("startup_timeout", .duration, default: "10s", "How long it may take to send its handshake."),
        ConfigOption(
            "max_in_flight", .int, default: "1",
            "Articles sent to it before it answers; raise it for a plugin that works concurrently."),
        ConfigOption(
            "restart_backoff", .duration, default: "1s",
            "Wait before restarting after a failure; doubles each time up to 30s."),
        ConfigOption(
            "max_failures", .int, default: "5",
            "Failures in a row (crash, hang, garbage, failed start) that open the circuit breaker."),
        ConfigOption(
            "circuit_reset", .duration, default: "5m",
            "How long an open circuit waits before one more try; 0 waits for a reload."),
    ]

    /// The keys whose values are mappings the user fills.
    public static let freeformKeys: [String: String] = [
        "env": "Environment variables for the plugin (NAME: value), added to Lector's own.",
        "config": "The plugin's own settings, sent with every request as `config`.",
    ]

    /// A well-formed plugin id: what a processor id may be.
    public static func isValidID(_ id: String) -> Bool {
        AnnotationName(id).isValid && !id.contains(".")
    }

    /// Every plugin the configuration defines, enabled or not, in file order.
    ///
    /// - Parameters:
    ///   - yamlFile: the configuration file, for the plugin ids and their `env` and `config`.
    ///   - overrides: `--set` settings; `plugins.<id>.command=…` there defines a plugin too.
    public static func all(
        configuration: ConfigReader, yamlFile: String?, overrides: [(key: String, value: String)] = []
    ) throws(ConfigurationError) -> [PluginSettings] {
        var ids: [String] = []
        var sections: [String: Yams.Node.Mapping] = [:]
        let origin = yamlFile ?? "configuration"
        if let yamlFile, let text = try? String(contentsOfFile: yamlFile, encoding: .utf8),
            let composed = try? Yams.compose(yaml: text), case .mapping(let root) = composed,
            case .mapping(let plugins)? = root["plugins"]
        {
            for (key, value) in plugins {
                guard let id = key.string else { continue }
                ids.append(id)
                if case .mapping(let section) = value { sections[id] = section }
            }
        }
        var fromOverrides: Set<String> = []
        for (key, _) in overrides {
            let parts = key.split(separator: ".").map(String.init)
            if parts.count >= 3, parts[0] == "plugins", !ids.contains(parts[1]) {
                ids.append(parts[1])
                fromOverrides.insert(parts[1])
            }
        }

        var result: [PluginSettings] = []
        var issues: [ConfigIssue] = []
        for id in ids {
            guard isValidID(id) else {
                issues.append(
                    ConfigIssue(
                        origin: fromOverrides.contains(id) ? "--set" : origin, key: "plugins.\(id)",
                        message: "a plugin id is 1-64 characters of a-z, 0-9 and '_', starting with a letter"))
                continue
            }
            do {
                result.append(
                    try PluginSettings(
                        id: id, configuration: configuration.scoped(to: ConfigKey(["plugins", id])),
                        section: sections[id]))
            } catch let error as ProcessorError {
                issues.append(
                    ConfigIssue(origin: origin, key: "plugins.\(id).\(error.key ?? "")", message: error.message))
            } catch {
                issues.append(ConfigIssue(origin: origin, key: "plugins.\(id)", message: "\(error)"))
            }
        }
        guard issues.isEmpty else { throw ConfigurationError(issues: issues) }
        return result
    }

    /// Reads one plugin's section.
    init(id: String, configuration section: ConfigReader, section yaml: Yams.Node.Mapping?) throws {
        let command = try section.stringOption("command", default: "")
        guard !command.isEmpty else {
            throw ProcessorError.invalidConfiguration(key: "command", message: "is required: the program to run")
        }
        self.init(id: id, command: command, arguments: section.stringListOption("args", default: []))
        let cwd = try section.stringOption("cwd", default: "")
        workingDirectory = cwd.isEmpty ? nil : cwd
        enabled = try section.boolOption("enabled", default: true)
        required = try section.boolOption("required", default: false)
        if section.string(forKey: "timeout") != nil {
            timeout = try section.durationOption("timeout", default: .seconds(10))
        }
        languages = section.stringListOption("languages", default: [])
        provides = section.stringListOption("provides", default: []).map { AnnotationName($0) }
        requires = section.stringListOption("requires", default: []).map { AnnotationName($0) }
        for name in provides + requires where !name.isValid {
            throw ProcessorError.invalidConfiguration(
                key: provides.contains(name) ? "provides" : "requires",
                message: "'\(name)' is not a valid annotation name")
        }
        restartAfter = try section.intOption("restart_after", default: 0, in: 0...Int.max)
        maxReplyBytes = try section.sizeOption("max_reply_bytes", default: maxReplyBytes)
        guard maxReplyBytes >= 1024 else {
            throw ProcessorError.invalidConfiguration(key: "max_reply_bytes", message: "must be at least 1KB")
        }
        startupTimeout = try section.durationOption("startup_timeout", default: startupTimeout)
        maxInFlight = try section.intOption("max_in_flight", default: 1, in: 1...1024)
        restartBackoff = try section.durationOption("restart_backoff", default: restartBackoff)
        maxFailures = try section.intOption("max_failures", default: 5, in: 1...1_000_000)
        circuitReset = try section.durationOption("circuit_reset", default: circuitReset)

        if let yaml {
            if let env = yaml["env"] {
                guard case .mapping(let mapping) = env else {
                    throw ProcessorError.invalidConfiguration(key: "env", message: "must be a mapping of NAME: value")
                }
                for (name, value) in mapping {
                    guard let name = name.string, let value = value.scalar?.string else {
                        throw ProcessorError.invalidConfiguration(
                            key: "env", message: "every entry must be NAME: value with a plain value")
                    }
                    environment[name] = value
                }
            }
            if let config = yaml["config"] { self.config = Self.json(config) }
        }
    }

    /// A YAML node as JSON: plain scalars that read as numbers or booleans become those.
    static func json(_ node: Yams.Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if let bool = Bool.construct(from: scalar) { return .bool(bool) }
            if let int = Int.construct(from: scalar) { return .number(Double(int)) }
            if let double = Double.construct(from: scalar) { return .number(double) }
            if ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .string(scalar.string)
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? "\(key)"] = json(value) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
