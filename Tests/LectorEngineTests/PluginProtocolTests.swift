import Foundation
import LectorCore
import Testing

@testable import LectorEngine

struct PluginProtocolTests {
    private func hello(_ json: String) throws(PluginFailure) -> PluginProtocol.Hello {
        try PluginProtocol.Hello(line: Data(json.utf8))
    }

    private func violation(_ json: String) -> String? {
        do {
            _ = try hello(json)
            return nil
        } catch {
            if case .protocolViolation(let message) = error { return message }
            return "\(error)"
        }
    }

    @Test func aCompleteHandshakeIsRead() throws {
        let hello = try hello(
            #"{"type":"hello","protocol":1,"name":"pii","version":"1.0.0","provides":["pii"],"requires":["segments"],"#
                + #""languages":["en","de"],"summary":"finds things","future_field":true}"#)
        #expect(hello.name == "pii")
        #expect(hello.provides == ["pii"])
        #expect(hello.requires == ["segments"])
        #expect(hello.languages == ["en", "de"])
        #expect(hello.summary == "finds things")
    }

    @Test func badHandshakesSayWhatIsWrong() {
        #expect(violation("Loading model...")?.hasPrefix("the handshake is not JSON") == true)
        #expect(violation(#"{"id":"1","annotations":{}}"#)?.hasPrefix("the first line must be the handshake") == true)
        #expect(
            violation(#"{"type":"hello","name":"x","version":"1","provides":["a"]}"#)
                == #"the handshake has no "protocol" number"#)
        #expect(
            violation(#"{"type":"hello","protocol":2,"name":"x","version":"1","provides":["a"]}"#)
                == "the plugin speaks protocol 2; this Lector speaks 1")
        #expect(
            violation(#"{"type":"hello","protocol":1,"name":"x","version":"1","provides":[]}"#)?.contains(
                "names no annotation") == true)
        #expect(
            violation(#"{"type":"hello","protocol":1,"name":"x","version":"1","provides":["Bad Name"]}"#)?.contains(
                "'Bad Name'") == true)
        #expect(
            violation(#"{"type":"hello","protocol":1,"name":"x","version":"1","provides":["a"],"requires":["a"]}"#)
                == "'a' is both provided and required")
        #expect(
            violation(#"{"type":"hello","protocol":1,"version":"1","provides":["a"]}"#)
                == #"the handshake has no "name""#)
    }

    @Test(arguments: ["1e300", "-1e300", "1.5", "9223372036854775808"])
    func aProtocolNumberThatIsNoWholeIntIsRefusedNotATrap(_ number: String) {
        // Int(1e300) traps: a plugin's handshake must never be able to crash the daemon.
        #expect(
            violation(#"{"type":"hello","protocol":"# + number + #","name":"x","version":"1","provides":["a"]}"#)
                == #"the handshake's "protocol" is not a whole number"#)
    }

    @Test func repliesCarryAnnotationsOrAnError() throws {
        let ok = try PluginProtocol.Reply(line: Data(#"{"id":"7","annotations":{"pii":{"count":2}}}"#.utf8))
        #expect(ok.id == "7")
        #expect(try ok.outcome.get() == ["pii": .object(["count": .number(2)])])

        let error = try PluginProtocol.Reply(
            line: Data(#"{"id":"8","error":{"code":"lang","message":"Latin only"}}"#.utf8))
        #expect(error.outcome == .failure(.errorReply(code: "lang", message: "Latin only")))
    }

    @Test(arguments: [
        ("not json", "answered a line that is not JSON"),
        (#"[1,2]"#, "answered JSON that is not an object"),
        (#"{"id":7,"annotations":{}}"#, "answered an object without a string \"id\""),
        (#"{"id":"7"}"#, "answered request 7 with neither"),
        (#"{"id":"7","annotations":[1]}"#, "answered request 7 with neither"),
    ])
    func garbageIsAProtocolViolation(line: String, message: String) {
        #expect(throws: PluginFailure.self) { try PluginProtocol.Reply(line: Data(line.utf8)) }
        do {
            _ = try PluginProtocol.Reply(line: Data(line.utf8))
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func aRequestIsOneLineOfJSON() throws {
        let request = PluginProtocol.Request(
            id: "3", article: ["id": .string("abc")], text: "line one\nline \"two\"", annotations: [:],
            config: .object(["k": .number(1)]))
        let line = try request.line()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        let parsed = try JSONValue.parse(line)
        #expect(parsed["type"] == .string("process"))
        #expect(parsed["id"] == .string("3"))
        #expect(parsed["text"] == .string("line one\nline \"two\""))
        #expect(parsed.at("config.k") == .number(1))
    }

    @Test func durationsReadAsInTheConfiguration() {
        #expect(PluginFailure.format(.milliseconds(250)) == "250ms")
        #expect(PluginFailure.format(.seconds(2)) == "2s")
        #expect(PluginFailure.format(.milliseconds(1500)) == "1.5s")
        #expect(PluginFailure.format(.seconds(300)) == "5m")
    }
}
