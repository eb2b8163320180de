import Foundation
import LectorCore
import Yams

/// One problem found in a configuration, with where it is.
public struct ConfigIssue: Hashable, Sendable, CustomStringConvertible {
    /// Where the value came from: a file path, `environment`, or `--set`.
    public var origin: String
    /// 1-based line and column in a file, when known.
    public var line: Int?
    public var column: Int?
    /// The dotted key, e.g. `processors.text.timeout`.
    public var key: String
    public var message: String

    public var description: String {
        var location = origin
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
    }
}

/// Validates configuration text against a ``ConfigSpec``: unknown keys (with a suggestion), values
/// of the wrong type, values outside their allowed set, and YAML that does not parse.
public struct ConfigChecker: Sendable {
    public let spec: ConfigSpec

    public init(spec: ConfigSpec) { self.spec = spec }

    /// Checks a YAML document.
    public func check(yaml text: String, origin: String) -> [ConfigIssue] {
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return [Self.issue(for: error, origin: origin)]
        } catch {
            return [ConfigIssue(origin: origin, key: "", message: "not valid YAML: \(error)")]
        }
        guard let node else { return [] }  // An empty file: every default applies.
        guard case .mapping(let mapping) = node else {
            return [ConfigIssue(origin: origin, line: node.mark?.line, column: node.mark?.column, key: "", message: "the top level must be a mapping of sections")]
        }
        var issues: [ConfigIssue] = []
        walk(mapping, spec: spec.root, path: [], origin: origin, issues: &issues)
        return issues
    }

    /// Checks flat `key=value` settings, such as `--set` options.
    public func check(flat settings: [(key: String, value: String)], origin: String) -> [ConfigIssue] {
        settings.compactMap { setting in
            let path = setting.key.split(separator: ".").map(String.init)
            switch spec.node(at: path) {
            case .value(let option):
                return validate(scalar: setting.value, option: option).map {
                    ConfigIssue(origin: origin, key: setting.key, message: $0)
                }
            case .freeform:
                return nil
            case .section, .named:
                return ConfigIssue(origin: origin, key: setting.key, message: "is a section; set one of its keys")
            case nil:
                return ConfigIssue(origin: origin, key: setting.key, message: unknownKeyMessage(path))
            }
        }
    }

    /// Checks `LECTOR_…` environment variables: each must name a known key and hold a valid value.
    public func check(environment: [String: String]) -> [ConfigIssue] {
        let known = Dictionary(spec.leaves.map { (ConfigSpec.environmentName(for: $0.path), $0) }, uniquingKeysWith: { a, _ in a })
        return environment.keys.sorted().filter { $0.hasPrefix("LECTOR_") }.compactMap { name in
            guard let leaf = known[name] else {
                return ConfigIssue(origin: "environment", key: name, message: "is not a Lector setting")
            }
            let value = environment[name]!
            if leaf.option.type == .stringArray { return nil }  // Comma-separated; any text is valid.
            return validate(scalar: value, option: leaf.option).map {
                ConfigIssue(origin: "environment", key: "\(name) (\(leaf.path))", message: $0)
            }
        }
    }

    private func walk(_ mapping: Yams.Node.Mapping, spec: [String: ConfigSpec.Node], path: [String], origin: String, issues: inout [ConfigIssue]) {
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                issues.append(ConfigIssue(origin: origin, line: keyNode.mark?.line, column: keyNode.mark?.column, key: path.joined(separator: "."), message: "keys must be strings"))
                continue
            }
            let keyPath = path + [key]
            let dotted = keyPath.joined(separator: ".")
            let mark = keyNode.mark
            guard let node = spec[key] else {
                issues.append(ConfigIssue(origin: origin, line: mark?.line, column: mark?.column, key: dotted, message: unknownKeyMessage(keyPath)))
                continue
            }
            switch (node, valueNode) {
            case (.freeform, _):
                continue
            case (.named(let entry, _), .mapping(let childMapping)):
                for (nameNode, entryNode) in childMapping {
                    guard let name = nameNode.string, PluginSettings.isValidID(name) else {
                        issues.append(ConfigIssue(
                            origin: origin, line: nameNode.mark?.line, column: nameNode.mark?.column, key: dotted,
                            message: "'\(nameNode.string ?? "")' is not a valid id: 1-64 characters of a-z, 0-9 and '_', starting with a letter"))
                        continue
                    }
                    switch (entry, entryNode) {
                    case (.section(let children, _), .mapping(let entryMapping)):
                        walk(entryMapping, spec: children, path: keyPath + [name], origin: origin, issues: &issues)
                    default:
                        issues.append(ConfigIssue(
                            origin: origin, line: nameNode.mark?.line, column: nameNode.mark?.column, key: "\(dotted).\(name)",
                            message: "must be a section (a mapping of keys such as command and args)"))
                    }
                }
            case (.named, .scalar(let scalar)) where scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null":
                continue
            case (.named, _):
                issues.append(ConfigIssue(origin: origin, line: mark?.line, column: mark?.column, key: dotted, message: "must be a mapping of ids to sections"))
            case (.section(let children, _), .mapping(let childMapping)):
                walk(childMapping, spec: children, path: keyPath, origin: origin, issues: &issues)
            case (.section, .scalar(let scalar)) where scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null":
                continue  // An empty section (`processors.text:` with nothing under it) is fine.
            case (.section, _):
                issues.append(ConfigIssue(origin: origin, line: mark?.line, column: mark?.column, key: dotted, message: "must be a section (a mapping of keys)"))
            case (.value(let option), .scalar(let scalar)):
                if option.type == .stringArray {
                    issues.append(ConfigIssue(origin: origin, line: mark?.line, column: mark?.column, key: dotted, message: "must be a list, e.g. [\(scalar.string)]"))
                } else if let message = validate(scalar: scalar.string, option: option) {
                    issues.append(ConfigIssue(origin: origin, line: valueNode.mark?.line, column: valueNode.mark?.column, key: dotted, message: message))
                }
            case (.value(let option), .sequence(let sequence)):
                if option.type != .stringArray {
                    issues.append(ConfigIssue(origin: origin, line: mark?.line, column: mark?.column, key: dotted, message: "must be a single \(option.type), not a list"))
                } else if let bad = sequence.first(where: { $0.scalar == nil }) {
                    issues.append(ConfigIssue(origin: origin, line: bad.mark?.line, column: bad.mark?.column, key: dotted, message: "list items must be plain strings"))
                } else if let allowed = option.allowed, let bad = sequence.first(where: { !allowed.contains($0.string ?? "") }) {
                    issues.append(ConfigIssue(origin: origin, line: bad.mark?.line, column: bad.mark?.column, key: dotted, message: "'\(bad.string ?? "")' is not one of \(allowed.joined(separator: ", "))"))
                }
            case (.value(let option), _):
                issues.append(ConfigIssue(origin: origin, line: mark?.line, column: mark?.column, key: dotted, message: "must be a \(option.type), not a section"))
            }
        }
    }

    /// Why a scalar is not a valid value for an option, or nil if it is.
    func validate(scalar raw: String, option: ConfigOption) -> String? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch option.type {
        case .bool:
            return ["true", "false", "yes", "no", "on", "off", "1", "0"].contains(value.lowercased()) ? nil : "expected true or false, found '\(value)'"
        case .int:
            return Int(value) != nil ? nil : "expected a whole number, found '\(value)'"
        case .double:
            return Double(value) != nil ? nil : "expected a number, found '\(value)'"
        case .duration:
            return ConfigValueParser.duration(value) != nil ? nil : "expected a duration such as 500ms, 2s or 1m, found '\(value)'"
        case .size:
            return ConfigValueParser.size(value) != nil ? nil : "expected a size such as 512KB or 10MB, found '\(value)'"
        default:
            if let allowed = option.allowed, !allowed.contains(value) {
                return "'\(value)' is not one of \(allowed.joined(separator: ", "))"
            }
            return nil
        }
    }

    private func unknownKeyMessage(_ path: [String]) -> String {
        let parent = Array(path.dropLast())
        var siblings: [String] = []
        if parent.isEmpty {
            siblings = Array(spec.root.keys)
        } else if case .section(let children, _)? = spec.node(at: parent) {
            siblings = Array(children.keys)
        }
        let key = path.last ?? ""
        let what = parent == ["processors"] ? "unknown processor" : "unknown key"
        if let suggestion = siblings.min(by: { Self.distance($0, key) < Self.distance($1, key) }), Self.distance(suggestion, key) <= max(2, key.count / 3) {
            return "\(what); did you mean '\(suggestion)'?"
        }
        return siblings.isEmpty ? what : "\(what) (expected one of: \(siblings.sorted().joined(separator: ", ")))"
    }

    /// Levenshtein distance, for "did you mean" suggestions.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    private static func issue(for error: YamlError, origin: String) -> ConfigIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return ConfigIssue(origin: origin, line: mark.line, column: mark.column, key: "", message: "not valid YAML: \(problem)")
        case .composer(_, let problem, let mark, _):
            return ConfigIssue(origin: origin, line: mark.line, column: mark.column, key: "", message: "not valid YAML: \(problem)")
        default:
            return ConfigIssue(origin: origin, key: "", message: "not valid YAML: \(error)")
        }
    }
}
