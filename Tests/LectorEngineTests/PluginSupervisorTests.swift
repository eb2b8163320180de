import Foundation
import LectorCore
import LectorTestKit
import Logging
import Synchronization
import Testing

@testable import LectorEngine

/// The supervisor with a real plugin process that works on several articles at once: each request's
/// text is how many seconds to take, and each reply carries the process id.
struct PluginSupervisorTests {
    private static let script = #"""
        import json, os, sys, threading, time

        lock = threading.Lock()
        def send(message):
            with lock:
                sys.stdout.write(json.dumps(message) + "\n")
                sys.stdout.flush()

        def work(message):
            time.sleep(float(message["text"]))
            send({"id": message["id"], "annotations": {"echo": {"text": message["text"], "pid": os.getpid()}}})

        send({"type": "hello", "protocol": 1, "name": "sleeper", "version": "1.0.0", "provides": ["echo"]})
        for line in sys.stdin:
            message = json.loads(line)
            if message["type"] == "shutdown":
                break
            threading.Thread(target=work, args=(message,)).start()
        """#

    private func supervisor(in folder: TemporaryFolder, maxInFlight: Int) async throws -> PluginSupervisor {
        let path = try folder.write("sleeper.py", text: Self.script)
        var settings = PluginSettings(id: "sleeper", command: "python3", arguments: [path])
        settings.maxInFlight = maxInFlight
        let supervisor = PluginSupervisor(
            settings: settings, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        _ = try await supervisor.start().get()
        return supervisor
    }

    /// Waits until the plugin has `count` requests in hand, so that the next one queues behind them.
    private func waitUntilInFlight(_ supervisor: PluginSupervisor, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while supervisor.requestsInFlight < count {
            try #require(ContinuousClock.now < deadline, "the request was never sent")
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private func request(_ seconds: String) -> PluginProtocol.Request {
        PluginProtocol.Request(id: "", article: [:], text: seconds, annotations: [:], config: .object([:]))
    }

    @Test func repliesMayComeInAnyOrderAndReachTheirOwnRequests() async throws {
        let folder = try TemporaryFolder()
        let supervisor = try await supervisor(in: folder, maxInFlight: 2)
        let finished = Mutex<[String]>([])
        let deadline = ContinuousClock.now + .seconds(10)
        async let slow = supervisor.request(request("0.8"), deadline: deadline, timeout: .seconds(10))
        try await waitUntilInFlight(supervisor, 1)
        async let fast = supervisor.request(request("0.05"), deadline: deadline, timeout: .seconds(10))
        let fastReply = try await fast
        finished.withLock { $0.append("fast") }
        let slowReply = try await slow
        finished.withLock { $0.append("slow") }
        #expect(fastReply["echo"]?["text"] == .string("0.05"))
        #expect(slowReply["echo"]?["text"] == .string("0.8"))
        #expect(finished.withLock { $0 } == ["fast", "slow"], "the short request did not wait for the long one")
        #expect(await supervisor.shutdown())
    }

    @Test func aRequestStillQueuedAtItsDeadlineTimesOutWithoutHarmingThePlugin() async throws {
        let folder = try TemporaryFolder()
        let supervisor = try await supervisor(in: folder, maxInFlight: 1)
        // The plugin sleeps 3 s over the busy request; the queued one must give up at its own
        // deadline, before the plugin is free. (Checked by order, not by a time limit, which a
        // loaded machine broke now and then.)
        async let busy = { () async throws -> (PluginSupervisor.Reply, ContinuousClock.Instant) in
            let reply = try await supervisor.request(request("3.0"), deadline: .now + .seconds(20), timeout: .seconds(20))
            return (reply, ContinuousClock.now)
        }()
        // The busy request must hold the plugin's one slot before the next is queued; a fixed
        // pause was not always enough on a loaded machine.
        let sent = ContinuousClock.now
        while supervisor.requestsInFlight == 0, ContinuousClock.now - sent < .seconds(10) {
            try await Task.sleep(for: .milliseconds(5))
        }
        try #require(supervisor.requestsInFlight == 1)
        await #expect(throws: ProcessorError.deadlineExceeded) {
            try await supervisor.request(request("0"), deadline: .now + .milliseconds(300), timeout: .milliseconds(300))
        }
        let gaveUp = ContinuousClock.now
        let (first, busyDone) = try await busy
        #expect(gaveUp < busyDone, "it gave up at its deadline, not when the plugin was free")
        let after = try await supervisor.request(request("0"), deadline: .now + .seconds(10), timeout: .seconds(10))
        #expect(first["echo"]?["pid"] == after["echo"]?["pid"], "the busy plugin was not restarted")
        #expect(await supervisor.shutdown())
    }

    @Test func anAnswerTooLateKillsThePluginAndTheNextRequestGetsAFreshOne() async throws {
        let folder = try TemporaryFolder()
        let supervisor = try await supervisor(in: folder, maxInFlight: 1)
        let before = try await supervisor.request(request("0"), deadline: .now + .seconds(10), timeout: .seconds(10))
        await #expect(throws: ProcessorError.deadlineExceeded) {
            try await supervisor.request(request("5"), deadline: .now + .milliseconds(300), timeout: .milliseconds(300))
        }
        let after = try await supervisor.request(request("0"), deadline: .now + .seconds(10), timeout: .seconds(10))
        #expect(before["echo"]?["pid"] != after["echo"]?["pid"])
        #expect(supervisor.lastFailure == .timedOut(.milliseconds(300)))
        #expect(await supervisor.shutdown())
    }
}
