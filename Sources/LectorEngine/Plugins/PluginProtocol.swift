import Foundation
import LectorCore

/// The messages of Lector's external-processor protocol (docs/plugin-protocol.md): one JSON object
/// per line on the plugin's standard input and output.
///
/// The plugin speaks first with a ``Hello``; Lector then sends `process` requests, each answered by
/// one reply echoing its `id` (replies may come in any order); Lector ends with `shutdown` and
/// closes the plugin's standard input.
public enum PluginProtocol {
    /// The protocol version this Lector speaks; a plugin states the version it speaks in its hello.
    public static let version = 1

    /// The plugin's first line: who it is and what it does.
    public struct Hello: Sendable, Hashable {
        public var name: String
        public var version: String
        public var protocolVersion: Int
        public var provides: [AnnotationName]
        public var requires: [AnnotationName]
        /// Empty means every language.
        public var languages: [String]
        public var summary: String

        /// Reads and checks a hello line; the error says what is wrong, for the log and for
        /// `lector plugin test`.
        public init(line: Data) throws(PluginFailure) {
            let value: JSONValue
            do { value = try JSONValue.parse(line) } catch {
                throw .protocolViolation("the handshake is not JSON (\(error)): \(PluginFailure.excerpt(line))")
            }
            guard case .object(let object) = value else {
                throw .protocolViolation("the handshake is not a JSON object")
            }
            guard object["type"]?.stringValue == "hello" else {
                throw .protocolViolation(
                    "the first line must be the handshake, {\"type\": \"hello\", …}; "
                        + "got \(PluginFailure.excerpt(line))"
                )
            }
            guard case .number(let protocolNumber)? = object["protocol"] else {
                throw .protocolViolation("the handshake has no \"protocol\" number")
            }
            // Int(_:) traps on 1e300 or 1.5: a plugin must never be able to crash the daemon.
            guard let whole = Int(exactly: protocolNumber) else {
                throw .protocolViolation("the handshake's \"protocol\" is not a whole number")
            }
            protocolVersion = whole
            guard protocolVersion == PluginProtocol.version else {
                throw .protocolViolation(
                    "the plugin speaks protocol \(protocolVersion); this Lector speaks \(PluginProtocol.version)")
            }
            guard let name = object["name"]?.stringValue, !name.isEmpty else {
                throw .protocolViolation("the handshake has no \"name\"")
            }
            guard let version = object["version"]?.stringValue, !version.isEmpty else {
                throw .protocolViolation("the handshake has no \"version\" string")
            }
            self.name = name
            self.version = version
            provides = try Self.names(object["provides"], field: "provides")
            requires = try Self.names(object["requires"], field: "requires")
            guard !provides.isEmpty else {
                throw .protocolViolation("the handshake's \"provides\" names no annotation")
            }
            if let both = provides.first(where: requires.contains) {
                throw .protocolViolation("'\(both)' is both provided and required")
            }
            switch object["languages"] {
            case nil, .null: languages = []
            case .array(let items):
                languages = try items.map { (item) throws(PluginFailure) -> String in
                    guard let code = item.stringValue, !code.isEmpty else {
                        throw .protocolViolation("\"languages\" must be a list of language codes")
                    }
                    return code
                }
            default: throw .protocolViolation("\"languages\" must be a list of language codes")
            }
            summary = object["summary"]?.stringValue ?? ""
        }

        private static func names(_ value: JSONValue?, field: String) throws(PluginFailure) -> [AnnotationName] {
            switch value {
            case nil, .null: return []
            case .array(let items):
                var names: [AnnotationName] = []
                for item in items {
                    guard let text = item.stringValue else {
                        throw .protocolViolation("\"\(field)\" must be a list of annotation names")
                    }
                    let name = AnnotationName(text)
                    guard name.isValid else {
                        throw .protocolViolation(
                            "\"\(field)\" names '\(text)', which is not 1-64 characters of a-z, 0-9, '_' and '.'")
                    }
                    names.append(name)
                }
                return names
            default: throw .protocolViolation("\"\(field)\" must be a list of annotation names")
            }
        }
    }

    /// One article sent to the plugin.
    public struct Request: Sendable {
        public var id: String
        public var article: [String: JSONValue]
        public var text: String
        public var annotations: [String: JSONValue]
        public var config: JSONValue

        /// The request as one line, newline included.
        public func line() throws -> Data {
            let object: JSONValue = .object([
                "type": .string("process"), "id": .string(id), "article": .object(article), "text": .string(text),
                "annotations": .object(annotations), "config": config,
            ])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(object)
            data.append(UInt8(ascii: "\n"))
            return data
        }
    }

    /// The `shutdown` message.
    public static let shutdownLine = Data("{\"type\":\"shutdown\"}\n".utf8)

    /// A reply, as the plugin sent it.
    public struct Reply: Sendable {
        public var id: String
        public var outcome: Result<[AnnotationName: JSONValue], PluginFailure>

        /// Reads a reply line; throws when the line is not a reply at all (the plugin is then
        /// restarted), while an error reply is an ordinary outcome.
        public init(line: Data) throws(PluginFailure) {
            let value: JSONValue
            do { value = try JSONValue.parse(line) } catch {
                throw .protocolViolation("answered a line that is not JSON (\(error)): \(PluginFailure.excerpt(line))")
            }
            guard case .object(let object) = value else {
                throw .protocolViolation("answered JSON that is not an object: \(PluginFailure.excerpt(line))")
            }
            guard let id = object["id"]?.stringValue else {
                throw .protocolViolation("answered an object without a string \"id\": \(PluginFailure.excerpt(line))")
            }
            self.id = id
            if let error = object["error"], error != .null {
                let message = error["message"]?.stringValue ?? error.stringValue ?? "\(error)"
                let code = error["code"]?.stringValue
                outcome = .failure(.errorReply(code: code, message: message))
                return
            }
            guard case .object(let annotations)? = object["annotations"] else {
                throw .protocolViolation(
                    "answered request \(id) with neither \"annotations\" (an object) nor \"error\"")
            }
            var result: [AnnotationName: JSONValue] = [:]
            for (name, value) in annotations { result[AnnotationName(name)] = value }
            outcome = .success(result)
        }
    }
}

/// Why a plugin did not deliver an article's annotations.
public enum PluginFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The plugin answered with an error reply; it is healthy and keeps running.
    case errorReply(code: String?, message: String)
    /// The plugin said something the protocol does not allow; it is restarted.
    case protocolViolation(String)
    /// A reply line was longer than `max_reply_bytes`; the plugin is restarted.
    case replyTooLarge(limit: Int)
    /// The process exited or could not start.
    case exited(String)
    /// The request was not answered in time; the plugin is restarted.
    case timedOut(Duration)
    /// The plugin failed too often in a row; Lector stopped starting it for a while.
    case circuitOpen(String)
    /// Lector is stopping or reloading.
    case stopped

    public var description: String {
        switch self {
        case .errorReply(let code, let message):
            "the plugin reported an error\(code.map { " (\($0))" } ?? ""): \(message)"
        case .protocolViolation(let message): "protocol violation: \(message)"
        case .replyTooLarge(let limit): "the plugin sent a line longer than max_reply_bytes (\(limit) bytes)"
        case .exited(let how): "the plugin \(how)"
        case .timedOut(let duration): "the plugin did not answer within \(PluginFailure.format(duration))"
        case .circuitOpen(let why): "the plugin is not started again for now (circuit open): \(why)"
        case .stopped: "the plugin was stopped"
        }
    }

    /// `250ms`, `1.5s`, `5m`: as a person writes a duration in the configuration.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Int((Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded())
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return String(format: "%.1fs", Double(milliseconds) / 1000)
    }

    /// A short, printable start of a line, for messages.
    static func excerpt(_ data: Data) -> String {
        let prefix = data.prefix(120)
        var text = String(decoding: prefix, as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
        if data.count > 120 { text += "… (\(data.count) bytes)" }
        return "'\(text)'"
    }
}
