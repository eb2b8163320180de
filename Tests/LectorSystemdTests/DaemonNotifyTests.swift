import Foundation
import LectorTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon talking to a stand-in for systemd's notification socket.
@Suite(.serialized)
struct DaemonNotifyTests {
    @Test func readyComesOnceTheFoldersExistThenStatusFollowsProgressAndStopIsAnnounced() throws {
        let folder = try TemporaryFolder()
        let socket = try NotifySocket(path: folder.url.appendingPathComponent("notify").path)
        let root = folder.url
        let daemon = try LectorService(
            root: folder.url, arguments: LectorService.daemonArguments(root: root),
            environment: LectorService.environment(["NOTIFY_SOCKET": socket.path]))

        let ready = socket.waitFor { $0.hasPrefix("READY=1") }
        #expect(ready == 0, "the first message must be READY: \(socket.received) log: \(daemon.log)")
        for name in ["inbox", "output", "archive", "failed", "processing"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path), "\(name) missing at READY")
        }
        #expect(socket.received.first?.contains("STATUS=ready; watching \(root.path)/inbox") == true, "\(socket.received)")

        try Data(article("the harbour").utf8).write(to: root.appendingPathComponent("inbox/harbour.txt"))
        let done = socket.waitFor { $0.hasPrefix("STATUS=idle; 1 done, 0 failed, queue 0") }
        #expect(done != nil, "status never reported the article: \(socket.received) log: \(daemon.log)")

        daemon.signal(SIGTERM)
        #expect(socket.waitFor { $0.hasPrefix("STOPPING=1") } != nil, "\(socket.received)")
        #expect(daemon.waitForExit() == 0, "log: \(daemon.log)")
        socket.poll()
        #expect(!socket.received.contains("WATCHDOG=1"), "pings without WATCHDOG_USEC: \(socket.received)")
        #expect(socket.received.filter { $0.hasPrefix("READY=1") }.count == 1)
    }

    @Test func watchdogPingsComeFromTheDispatcherAtHalfTheInterval() throws {
        let folder = try TemporaryFolder()
        let socket = try NotifySocket(path: folder.url.appendingPathComponent("notify").path)
        let daemon = try LectorService(
            root: folder.url, arguments: LectorService.daemonArguments(root: folder.url),
            environment: LectorService.environment(["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"]))
        let ready = try #require(socket.waitFor { $0.hasPrefix("READY=1") }, "log: \(daemon.log)")
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(3) { socket.poll() }
        let pings = socket.received[(ready + 1)...].filter { $0 == "WATCHDOG=1" }.count
        // Every 0.5 s for 3 s, give or take a turn of the 250 ms loop.
        #expect((5...8).contains(pings), "\(pings) pings in 3 s: \(socket.received)")

        // A stopped daemon sends nothing: the pings are not a free-running timer elsewhere.
        daemon.signal(SIGSTOP)
        usleep(200_000)
        socket.poll()
        let before = socket.received.count
        usleep(1_500_000)
        socket.poll()
        #expect(socket.received.count == before, "messages while stopped: \(socket.received[before...])")
        daemon.signal(SIGCONT)
        #expect(socket.waitFor(after: before - 1, timeout: .seconds(5)) { $0 == "WATCHDOG=1" } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "log: \(daemon.log)")
    }

    @Test func noPingsWhenTheWatchdogIsForAnotherProcess() throws {
        let folder = try TemporaryFolder()
        let socket = try NotifySocket(path: folder.url.appendingPathComponent("notify").path)
        let daemon = try LectorService(
            root: folder.url, arguments: LectorService.daemonArguments(root: folder.url),
            environment: LectorService.environment(["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000", "WATCHDOG_PID": "1"]))
        #expect(socket.waitFor { $0.hasPrefix("READY=1") } != nil, "log: \(daemon.log)")
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(1) { socket.poll() }
        #expect(!socket.received.contains("WATCHDOG=1"), "\(socket.received)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }
}
