import Foundation
import Configuration

// swift-configuration's non-throwing getters fall back to the default when a value has the wrong
// type. An operator who writes `timeout: 5 seconds` deserves an error naming the key instead, so
// these getters read the raw string and parse it strictly.
extension ConfigReader {
    /// A boolean option (`true`/`false`/`yes`/`no`/`1`/`0`), or `defaultValue` when absent.
    public func boolOption(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let raw = rawOption(key) else { return defaultValue }
        switch raw.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ProcessorError.invalidConfiguration(key: key, message: "expected true or false, found '\(raw)'")
        }
    }

    /// An integer option within `range`, or `defaultValue` when absent.
    public func intOption(_ key: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let raw = rawOption(key) else { return defaultValue }
        guard let value = Int(raw) else {
            throw ProcessorError.invalidConfiguration(key: key, message: "expected a whole number, found '\(raw)'")
        }
        guard range.contains(value) else {
            throw ProcessorError.invalidConfiguration(key: key, message: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A floating-point option within `range`, or `defaultValue` when absent.
    public func doubleOption(_ key: String, default defaultValue: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let raw = rawOption(key) else { return defaultValue }
        guard let value = Double(raw), value.isFinite else {
            throw ProcessorError.invalidConfiguration(key: key, message: "expected a number, found '\(raw)'")
        }
        guard range.contains(value) else {
            throw ProcessorError.invalidConfiguration(key: key, message: "\(raw) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A string option, optionally restricted to `allowed` values, or `defaultValue` when absent.
    public func stringOption(_ key: String, default defaultValue: String, allowed: [String]? = nil) throws -> String {
        guard let raw = rawOption(key) else { return defaultValue }
        if let allowed, !allowed.contains(raw) {
            throw ProcessorError.invalidConfiguration(
                key: key, message: "'\(raw)' is not one of \(allowed.joined(separator: ", "))")
        }
        return raw
    }

    /// A list of strings, or `defaultValue` when absent. In environment variables, comma-separated.
    public func stringListOption(_ key: String, default defaultValue: [String]) -> [String] {
        stringArray(forKey: ConfigKey(key), default: defaultValue)
    }

    /// A duration such as `500ms`, `2s`, `1.5m`, `1h`, or a bare number of seconds.
    public func durationOption(_ key: String, default defaultValue: Duration) throws -> Duration {
        guard let raw = rawOption(key) else { return defaultValue }
        guard let value = ConfigValueParser.duration(raw) else {
            throw ProcessorError.invalidConfiguration(
                key: key, message: "expected a duration such as 500ms, 2s or 1m, found '\(raw)'")
        }
        return value
    }

    /// A byte size such as `512KB`, `10MB`, `1GiB`, or a bare number of bytes.
    public func sizeOption(_ key: String, default defaultValue: Int) throws -> Int {
        guard let raw = rawOption(key) else { return defaultValue }
        guard let value = ConfigValueParser.size(raw) else {
            throw ProcessorError.invalidConfiguration(
                key: key, message: "expected a size such as 512KB or 10MB, found '\(raw)'")
        }
        return value
    }

    private func rawOption(_ key: String) -> String? {
        guard let raw = string(forKey: ConfigKey(key)) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Parsers for the human-friendly value forms Lector's configuration accepts.
public enum ConfigValueParser {
    /// Parses `250ms`, `2s`, `1.5m`, `1h`, `30` (seconds). Negative values are rejected.
    public static func duration(_ text: String) -> Duration? {
        let (number, unit) = split(text.lowercased())
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        let seconds: Double
        switch unit {
        case "", "s", "sec", "secs", "second", "seconds": seconds = value
        case "ms", "millisecond", "milliseconds": seconds = value / 1000
        case "us", "µs", "microsecond", "microseconds": seconds = value / 1_000_000
        case "m", "min", "mins", "minute", "minutes": seconds = value * 60
        case "h", "hour", "hours": seconds = value * 3600
        default: return nil
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// Parses `512`, `512B`, `64KB`, `10MB`, `1GB` (powers of 1024, as are `KiB`, `MiB`, `GiB`).
    public static func size(_ text: String) -> Int? {
        let (number, unit) = split(text.lowercased())
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        let multiplier: Double
        switch unit {
        case "", "b", "bytes": multiplier = 1
        case "k", "kb", "kib": multiplier = 1024
        case "m", "mb", "mib": multiplier = 1024 * 1024
        case "g", "gb", "gib": multiplier = 1024 * 1024 * 1024
        default: return nil
        }
        let bytes = value * multiplier
        guard bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }

    private static func split(_ text: String) -> (number: Substring, unit: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let end = trimmed.firstIndex { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") } ?? trimmed.endIndex
        return (trimmed[..<end], trimmed[end...].trimmingCharacters(in: .whitespaces))
    }
}
