import Foundation
import LectorCore
import LectorTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// External processors under the daemon: misbehaving plugins leave it running, and a slow plugin
/// holds up only the articles it works on.
@Suite(.serialized)
struct DaemonPluginTests {
    private func pluginSettings(_ script: String, mode: String, languages: String = "") -> [String] {
        [
            "plugins.probe.command=python3", "plugins.probe.args=\(script),\(mode),\(languages)",
            "plugins.probe.restart_backoff=50ms",
        ]
    }

    private func isAlive(_ pid: Double?) -> Bool {
        guard let pid else { return false }
        return kill(pid_t(pid), 0) == 0
    }

    @Test func aCrashingPluginLeavesTheDaemonRunningAndItsAnnotationsInTheResults() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        let daemon = try DaemonProcess(
            root: folder.url.appendingPathComponent("lector"), settings: pluginSettings(script, mode: "crash"))
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") }, "log: \(daemon.log)")

        try drop("The council met on Monday. It approved the budget.\n", as: "first.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["first.txt.json"] }, "log: \(daemon.log)")
        try drop("This one carries the MARKER. The plugin crashes on it.\n", as: "marked.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results().count == 2 }, "log: \(daemon.log)")
        try drop("Rain is expected tomorrow. The weekend will be sunny.\n", as: "last.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results().count == 3 }, "log: \(daemon.log)")

        let first = try daemon.result("first.txt.json")
        let marked = try daemon.result("marked.txt.json")
        let last = try daemon.result("last.txt.json")
        #expect(first.at("processors.probe.status") == .string("ok"))
        #expect(first.at("annotations.probe.length") == first.at("document.length"))
        #expect(LectorBinary.schema.validate(first) == [])
        #expect(marked["status"] == .string("ok"))
        #expect(marked.at("processors.probe.status") == .string("failed"))
        #expect(marked.at("processors.probe.error")?.stringValue?.contains("exited with status 3") == true)
        #expect(LectorBinary.schema.validate(marked) == [])
        #expect(last.at("processors.probe.status") == .string("ok"))
        #expect(daemon.process.isRunning)
        #expect(daemon.log.contains("event=plugin-restarted"))

        let pid = last.at("annotations.probe.pid")?.doubleValue
        #expect(isAlive(pid))
        #expect(daemon.stop() == 0)
        #expect(!isAlive(pid), "the plugin stops with the daemon")
    }

    @Test func aRequiredPluginThatCannotStartSendsArticlesToFailedAndTheDaemonKeepsGoing() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        let settings =
            pluginSettings(script, mode: "exit-at-start") + [
                "plugins.probe.required=true", "plugins.probe.provides=probe", "plugins.probe.max_failures=2",
                "plugins.probe.timeout=1s", "daemon.retries=0",
            ]
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: settings)
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") }, "log: \(daemon.log)")
        try drop("An article. It cannot be finished without the plugin.\n", as: "needs.txt", in: daemon.inbox)
        #expect(
            DaemonProcess.waitUntil { DaemonProcess.files(in: daemon.failed).contains("needs.txt.error.json") },
            "log: \(daemon.log)")
        let error = try JSONValue.parse(Data(contentsOf: daemon.failed.appendingPathComponent("needs.txt.error.json")))
        #expect(error["code"] == .string("required-processor-failed"))
        #expect(
            error["message"]?.stringValue?.hasPrefix("required processor 'probe' did not succeed") == true, "\(error)")
        #expect(daemon.log.contains("event=plugin-circuit-open"))
        #expect(daemon.process.isRunning)
        #expect(daemon.stop() == 0)
    }

    @Test func theDaemonKilledHardTakesItsPluginsWithIt() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        let daemon = try DaemonProcess(
            root: folder.url.appendingPathComponent("lector"), settings: pluginSettings(script, mode: "good"))
        defer { daemon.stop() }
        try drop("One article. It tells us the plugin's process.\n", as: "one.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["one.txt.json"] }, "log: \(daemon.log)")
        let pid = try daemon.result("one.txt.json").at("annotations.probe.pid")?.doubleValue
        #expect(isAlive(pid))
        daemon.killHard()
        #expect(
            DaemonProcess.waitUntil(timeout: .seconds(5)) { !isAlive(pid) },
            "SIGKILL reaches the plugin when the daemon dies")
    }

    @Test func aSlowPluginDoesNotHoldUpArticlesItDoesNotWorkOn() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        // The plugin takes a second per article and handles only Arabic; one seed is Arabic, four are Urdu.
        let settings =
            pluginSettings(script, mode: "slow", languages: "ar") + [
                "pipeline.processors=text,language", "daemon.workers=5", "plugins.probe.timeout=5s",
            ]
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: settings)
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") }, "log: \(daemon.log)")
        let staging = folder.url.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let seeds = SeedGoldenTests.seeds
        for name in seeds {
            try FileManager.default.copyItem(
                at: LectorBinary.repositoryRoot.appendingPathComponent("seeds/\(name)"),
                to: staging.appendingPathComponent(name))
        }
        // The Arabic one first, so that it is being worked on while the others arrive.
        let arabic = "004_ffc8b5db7dc18ac9.txt"
        try FileManager.default.moveItem(
            at: staging.appendingPathComponent(arabic), to: daemon.inbox.appendingPathComponent(arabic))
        for name in seeds where name != arabic {
            try FileManager.default.moveItem(
                at: staging.appendingPathComponent(name), to: daemon.inbox.appendingPathComponent(name))
        }
        #expect(DaemonProcess.waitUntil { daemon.results().count == 5 }, "log: \(daemon.log)")

        let slow = try daemon.result(arabic + ".json")
        #expect(slow.at("processors.probe.status") == .string("ok"))
        #expect((slow.at("processors.probe.duration_ms")?.doubleValue ?? 0) >= 1000)
        let slowDone = try Date(slow["processed_at"]?.stringValue ?? "", strategy: .iso8601)
        for name in seeds where name != arabic {
            let result = try daemon.result(name + ".json")
            #expect(result.at("processors.probe.status") == .string("skipped"), "\(name)")
            #expect(result.at("processors.probe.error")?.stringValue?.contains("'ur' is not one of ar") == true)
            let done = try Date(result["processed_at"]?.stringValue ?? "", strategy: .iso8601)
            #expect(done < slowDone, "\(name) finished while the slow plugin still worked on the Arabic article")
        }
        #expect(daemon.stop() == 0)
    }

    @Test func articlesInFlightBeyondTheWorkersWaitClaimedInProcessing() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        // One worker and a plugin that takes a second per article: `daemon.in_flight` articles are
        // claimed at once, the others stay in the inbox.
        let settings =
            pluginSettings(script, mode: "slow") + ["pipeline.processors=text", "daemon.workers=1", "daemon.in_flight=3", "plugins.probe.timeout=5s"]
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: settings)
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") }, "log: \(daemon.log)")
        #expect(daemon.log.contains("in_flight=3"), "log: \(daemon.log)")

        for number in 1...6 {
            try drop("Article number \(number) arrives. The plugin takes a second over it.\n", as: "a\(number).txt", in: daemon.inbox)
        }
        // Claimed articles: not the temporary files of results being written, which are made in
        // processing too.
        func claimed() -> Int { daemon.leftInProcessing().filter { !$0.split(separator: "/").last!.hasPrefix(".lector-") }.count }
        #expect(DaemonProcess.waitUntil { claimed() == 3 }, "processing: \(daemon.leftInProcessing())")
        var most = 0
        var inboxLeast = Int.max
        let watchUntil = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < watchUntil {
            most = max(most, claimed())
            inboxLeast = min(inboxLeast, DaemonProcess.files(in: daemon.inbox).count)
            usleep(20_000)
        }
        #expect(most == 3, "never more claimed than daemon.in_flight")
        #expect(inboxLeast >= 1 && inboxLeast <= 3, "the rest waited in the inbox: \(inboxLeast)")
        #expect(DaemonProcess.waitUntil(timeout: .seconds(60)) { daemon.results().count == 6 }, "log: \(daemon.log)")
        // The last article leaves processing for the archive just after its result appears.
        #expect(DaemonProcess.waitUntil { daemon.leftInProcessing().isEmpty }, "processing: \(daemon.leftInProcessing())")
        #expect(daemon.stop() == 0)
    }

    @Test func aReloadStartsFreshPluginsAndStopsTheOldOnes() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        let daemon = try DaemonProcess(
            root: folder.url.appendingPathComponent("lector"), settings: pluginSettings(script, mode: "good"))
        defer { daemon.stop() }
        try drop("Before the reload. One article.\n", as: "before.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["before.txt.json"] }, "log: \(daemon.log)")
        let old = try daemon.result("before.txt.json").at("annotations.probe.pid")?.doubleValue

        daemon.signal(SIGHUP)
        #expect(DaemonProcess.waitUntil { daemon.log.contains("configuration reloaded") }, "log: \(daemon.log)")
        #expect(DaemonProcess.waitUntil(timeout: .seconds(10)) { !isAlive(old) }, "the replaced engine's plugin stops")
        try drop("After the reload. Another article.\n", as: "after.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results().count == 2 }, "log: \(daemon.log)")
        let new = try daemon.result("after.txt.json").at("annotations.probe.pid")?.doubleValue
        #expect(new != nil && new != old)
        #expect(isAlive(new))
        #expect(daemon.stop() == 0)
    }

    @Test func anOpenCircuitTriesAgainAfterItsResetAndThePluginRecovers() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        let settings = pluginSettings(script, mode: "fail-twice") + [
            "plugins.probe.provides=probe", "plugins.probe.max_failures=2", "plugins.probe.circuit_reset=3s",
        ]
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: settings)
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") }, "log: \(daemon.log)")
        #expect(DaemonProcess.waitUntil { daemon.log.contains("event=plugin-circuit-open") }, "log: \(daemon.log)")
        try drop("While the circuit is open. It fails fast.\n", as: "early.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["early.txt.json"] }, "log: \(daemon.log)")
        let early = try daemon.result("early.txt.json")
        #expect(early.at("processors.probe.status") == .string("failed"))
        #expect(early.at("processors.probe.error")?.stringValue?.contains("circuit open") == true)

        #expect(DaemonProcess.waitUntil { daemon.log.contains("event=plugin-started") }, "log: \(daemon.log)")
        try drop("After the reset. The plugin is up.\n", as: "late.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results().count == 2 }, "log: \(daemon.log)")
        let late = try daemon.result("late.txt.json")
        #expect(late.at("processors.probe.status") == .string("ok"))
        #expect(late.at("processors.probe.version") == .string("2.1.0"), "the version of the process that answered")
        #expect(late.at("annotations.probe.length") == late.at("document.length"))
        #expect(daemon.stop() == 0)
    }
}
