import Configuration
import Foundation
import LectorCore
import SystemPackage

/// Assembles Lector's configuration from its sources, highest precedence first: `--set key=value`
/// options, `LECTOR_…` environment variables, the YAML file, then built-in defaults.
///
/// Every source is validated against the ``ConfigSpec`` before anything reads it, so an unknown key
/// or a bad value stops start-up with an error that names the key (and the file line).
public struct ConfigurationLoader: Sendable {
    public var filePath: String?
    public var overrides: [(key: String, value: String)]
    public var environment: [String: String]

    public init(filePath: String?, overrides: [(key: String, value: String)] = [], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.filePath = filePath
        self.overrides = overrides
        self.environment = environment
    }

    /// Parses `key=value` strings from the command line.
    public static func parseOverrides(_ items: [String]) throws(ConfigurationError) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ConfigurationError(issues: [ConfigIssue(origin: "--set", key: item, message: "expected key=value, e.g. pipeline.timeout=5s")])
            }
            result.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
        }
        return result
    }

    /// Every problem with the sources, without building anything.
    public func check(spec: ConfigSpec) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        let checker = ConfigChecker(spec: spec)
        if let filePath {
            do {
                let text = try String(contentsOfFile: filePath, encoding: .utf8)
                issues += checker.check(yaml: text, origin: filePath)
            } catch {
                issues.append(ConfigIssue(origin: filePath, key: "", message: "cannot read the file: \(Self.reason(error))"))
            }
        }
        issues += checker.check(environment: environment)
        issues += checker.check(flat: overrides, origin: "--set")
        return issues
    }

    /// Validates every source and returns a reader over all of them.
    public func load(spec: ConfigSpec) async throws(ConfigurationError) -> ConfigReader {
        let issues = check(spec: spec)
        guard issues.isEmpty else { throw ConfigurationError(issues: issues) }

        var providers: [any ConfigProvider] = []
        if !overrides.isEmpty {
            var values: [AbsoluteConfigKey: ConfigValue] = [:]
            for (key, value) in overrides {
                values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(Self.content(value, for: key, spec: spec), isSecret: false)
            }
            providers.append(InMemoryProvider(name: "--set", values: values))
        }
        let lectorEnvironment = environment.filter { $0.key.hasPrefix("LECTOR_") }
        providers.append(
            KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: lectorEnvironment)) { key in
                key.prepending(["lector"])
            })
        if let filePath {
            do {
                providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(filePath)))
            } catch {
                throw ConfigurationError(issues: [ConfigIssue(origin: filePath, key: "", message: "\(error)")])
            }
        }
        return ConfigReader(providers: providers)
    }

    private static func content(_ value: String, for key: String, spec: ConfigSpec) -> ConfigContent {
        if case .value(let option)? = spec.node(at: key.split(separator: ".").map(String.init)), option.type == .stringArray {
            let items = value.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return .stringArray(items)
        }
        return .string(value)
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
