import Foundation
import LectorTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP with the real daemon: a valid configuration is applied to the next articles, an invalid
/// one is logged and the running one kept.
@Suite(.serialized)
struct DaemonReloadTests {
    static func config(pretty: String) -> String {
        """
        output:
          pretty: \(pretty)
        processors:
          text:
            required: true

        """
    }

    /// Whether a result is indented over many lines (output.pretty) or on one line.
    static func lineCount(_ data: Data) -> Int {
        String(decoding: data, as: UTF8.self).split(separator: "\n").count
    }

    @Test func aValidConfigurationChangesTheNextResultAndABrokenOneIsLoggedAndIgnored() throws {
        let folder = try TemporaryFolder()
        let socket = try NotifySocket(path: folder.url.appendingPathComponent("notify").path)
        let configFile = folder.url.appendingPathComponent("lector.yaml")
        try Self.config(pretty: "true").write(to: configFile, atomically: true, encoding: .utf8)
        let daemon = try LectorService(
            root: folder.url,
            arguments: LectorService.daemonArguments(root: folder.url, config: configFile.path),
            environment: LectorService.environment(["NOTIFY_SOCKET": socket.path]))
        try #require(socket.waitFor { $0.hasPrefix("READY=1") } != nil, "log: \(daemon.log)")

        try daemon.drop(article("the first bridge"), as: "first.txt")
        #expect(LectorService.waitUntil { daemon.results() == ["first.txt.json"] }, "log: \(daemon.log)")
        #expect(Self.lineCount(try daemon.result("first.txt.json")) > 10)

        // A valid change: results on one line from now on.
        try Self.config(pretty: "false").write(to: configFile, atomically: true, encoding: .utf8)
        var mark = socket.received.count - 1
        daemon.signal(SIGHUP)
        let reloading = try #require(socket.waitFor(after: mark) { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") }, "\(socket.received)")
        #expect(socket.waitFor(after: reloading) { $0.hasPrefix("READY=1") } != nil, "\(socket.received)")
        #expect(daemon.log.contains("event=config-reloaded"), "log: \(daemon.log)")
        try daemon.drop(article("the second bridge"), as: "second.txt")
        #expect(LectorService.waitUntil { daemon.results().contains("second.txt.json") }, "log: \(daemon.log)")
        #expect(Self.lineCount(try daemon.result("second.txt.json")) == 1)

        // A broken file: the error is logged, the daemon keeps running on the last good configuration.
        try "output:\n  pretty: perhaps\n".write(to: configFile, atomically: true, encoding: .utf8)
        mark = socket.received.count - 1
        daemon.signal(SIGHUP)
        let again = try #require(socket.waitFor(after: mark) { $0.hasPrefix("RELOADING=1") }, "\(socket.received)")
        let readyAfterFailure = try #require(socket.waitFor(after: again) { $0.hasPrefix("READY=1") }, "\(socket.received)")
        #expect(socket.received[readyAfterFailure].contains("reload failed"), "\(socket.received[readyAfterFailure])")
        #expect(LectorService.waitUntil(timeout: .seconds(5)) { daemon.log.contains("event=config-reload-failed") }, "log: \(daemon.log)")
        #expect(daemon.log.contains("output.pretty"), "the log should name the bad key: \(daemon.log)")
        #expect(daemon.process.isRunning)
        try daemon.drop(article("the third bridge"), as: "third.txt")
        #expect(LectorService.waitUntil { daemon.results().contains("third.txt.json") }, "log: \(daemon.log)")
        #expect(Self.lineCount(try daemon.result("third.txt.json")) == 1, "the last good configuration (pretty: false) applies")

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "log: \(daemon.log)")
    }

    /// The handler is installed before the configuration is read: a SIGHUP that arrives while the
    /// daemon is still starting is handled after READY instead of killing it.
    @Test func aHangupDuringStartUpDoesNotKillTheDaemon() throws {
        let folder = try TemporaryFolder()
        let socket = try NotifySocket(path: folder.url.appendingPathComponent("notify").path)
        let daemon = try LectorService(
            root: folder.url, arguments: LectorService.daemonArguments(root: folder.url),
            environment: LectorService.environment(["NOTIFY_SOCKET": socket.path]))
        let pid = daemon.process.processIdentifier
        // The moment the kernel says SIGHUP is caught, send it; no sooner, since before exec the
        // process is not yet Lector at all.
        let caught = LectorService.waitUntil(timeout: .seconds(10)) { Self.catchesHangup(pid: pid) }
        try #require(caught, "SIGHUP never caught; log: \(daemon.log)")
        daemon.signal(SIGHUP)
        let ready = socket.waitFor { $0.hasPrefix("READY=1") }
        #expect(ready != nil, "no READY after an early SIGHUP; log: \(daemon.log)")
        #expect(socket.waitFor { $0.hasPrefix("RELOADING=1") } != nil, "the early SIGHUP was lost: \(socket.received)")
        #expect(daemon.process.isRunning)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "log: \(daemon.log)")
    }

    /// Whether SIGHUP is in the process's caught-signal mask (SigCgt in /proc/PID/status).
    static func catchesHangup(pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << (UInt64(SIGHUP) - 1)) != 0
    }
}
