import FuzzSupport
import Foundation
import LectorCore
import LectorEngine

// What an external processor writes on its standard output, one line at a time: the handshake,
// then replies. Any line must either be refused with a protocol violation that says why, or read
// into a handshake that names a plugin, protocol 1, at least one valid annotation it provides and
// none it both provides and requires — or into a reply with its id and either its annotations
// (checked against what the plugin declared later, by the supervisor) or an error reply. Nothing a
// plugin writes may crash the daemon.

@main
enum FuzzPluginProtocol {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let line = Data(FuzzInput(data, size).remaining)
    do {
        let hello = try PluginProtocol.Hello(line: line)
        FuzzInput.require(!hello.name.isEmpty && !hello.version.isEmpty, "a handshake without a name or version")
        FuzzInput.require(hello.protocolVersion == PluginProtocol.version, "a handshake of protocol \(hello.protocolVersion)")
        FuzzInput.require(!hello.provides.isEmpty, "a handshake that provides nothing")
        FuzzInput.require((hello.provides + hello.requires).allSatisfy(\.isValid), "an invalid annotation name")
        FuzzInput.require(Set(hello.provides).isDisjoint(with: hello.requires), "provided and required at once")
        FuzzInput.require(hello.languages.allSatisfy { !$0.isEmpty }, "an empty language code")
    } catch {
        requireExplained(error)
    }
    do {
        let reply = try PluginProtocol.Reply(line: line)
        if case .failure(let failure) = reply.outcome, case .errorReply = failure {
        } else if case .failure(let failure) = reply.outcome {
            FuzzInput.require(false, "a reply outcome that is not an error reply: \(failure)")
        }
    } catch {
        requireExplained(error)
    }
    return 0
}

/// A refused line is a protocol violation with a sentence, never another kind of failure.
private func requireExplained(_ failure: PluginFailure) {
    guard case .protocolViolation(let message) = failure else {
        FuzzInput.require(false, "a line refused as \(failure), not as a protocol violation")
        return
    }
    FuzzInput.require(!message.isEmpty, "a protocol violation without a message")
}
