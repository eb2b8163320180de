import Foundation
import LectorSystemd
import LectorTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The packaged `lector.service` under a real systemd (a private one, see ``PrivateSystemd``),
/// managed with systemctl and read with journalctl the way an operator does.
@Suite(.serialized, .enabled(if: PrivateSystemd.unavailableReason == nil, Comment(rawValue: PrivateSystemd.unavailableReason ?? "")))
struct SystemctlTests {
    static let seeds = ChildProcess.repositoryRoot.appendingPathComponent("seeds")

    static func seed(_ number: Int) throws -> String {
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().first { $0.hasPrefix(String(format: "%03d_", number)) && $0.hasSuffix(".txt") })
        return try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func startStatusReloadJournalAndStopWorkThroughSystemctl() throws {
        let systemd = try PrivateSystemd()
        defer { systemd.shutDown() }

        // `systemctl start` returns once the daemon said READY=1 (Type=notify).
        let start = try systemd.run(["systemctl", "start", "lector"])
        try #require(start.status == 0, "systemctl start: \(start.output)\n\(systemd.journalText)")
        #expect(try systemd.property("ActiveState") == "active")
        #expect(try systemd.property("SubState") == "running")
        let mainPID = try systemd.property("MainPID")

        // A dropped article gets its result, written by the `lector` user sysusers.d created.
        try systemd.drop(try Self.seed(1), as: "first.txt")
        let first = try #require(systemd.result("first.txt"), "no result; journal: \(systemd.journalText)")
        let firstProcessors = try #require(first["processors"] as? [String: Any])
        #expect(firstProcessors["summary"] != nil)
        let passwd = try String(contentsOfFile: systemd.hostPath("/etc/passwd"), encoding: .utf8)
        let lectorUID = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("lector:") }.flatMap { UInt32($0.split(separator: ":")[2]) })
        var info = stat()
        #expect(stat(systemd.hostPath("/var/lib/lector/output/first.txt.json"), &info) == 0 && info.st_uid == lectorUID)

        // The sandbox is in force: the daemon runs as `lector`, and its folders cannot hold
        // anything it could execute.
        let processStatus = try systemd.run(["cat", "/proc/\(mainPID)/status"]).output
        #expect(processStatus.split(separator: "\n").contains { $0.hasPrefix("Uid:") && $0.split(whereSeparator: \.isWhitespace).dropFirst().allSatisfy { $0 == "\(lectorUID)" } }, "\(processStatus)")
        // mountinfo: "ID PARENT DEV ROOT MOUNTPOINT OPTIONS ..."; the last mount at a point wins.
        var options: [String: [Substring]] = [:]
        for line in try systemd.run(["cat", "/proc/\(mainPID)/mountinfo"]).output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 5 { options[String(fields[4])] = fields[5].split(separator: ",") }
        }
        #expect(options["/var/lib/lector"]?.contains("noexec") == true, "\(options)")
        #expect(options["/"]?.contains("ro") == true, "ProtectSystem=strict: / is read-only; \(options["/"] ?? [])")

        // `systemctl status` shows the daemon's STATUS= line.
        #expect(ChildProcess.waitUntil(timeout: .seconds(10)) { (try? systemd.property("StatusText")) == "idle; 1 done, 0 failed, queue 0" })
        let status = try systemd.run(["systemctl", "status", "--no-pager", "lector"])
        #expect(status.output.contains("Status: \"idle; 1 done, 0 failed, queue 0\""), "\(status.output)")

        // A reload with changed settings changes what happens to the next article: summary leaves
        // the pipeline, and originals are deleted rather than archived.
        let configPath = systemd.hostPath("/etc/lector/lector.yaml")
        let config = try String(contentsOfFile: configPath, encoding: .utf8)
        var lines = config.components(separatedBy: "\n")
        let pipelineLine = try #require(lines.firstIndex { $0.hasPrefix("  processors: [") })
        lines[pipelineLine] = "  processors: [text, language]"
        let onSuccessLine = try #require(lines.firstIndex { $0.hasPrefix("  on_success: ") })
        lines[onSuccessLine] = "  on_success: delete"
        try lines.joined(separator: "\n").write(toFile: configPath, atomically: false, encoding: .utf8)
        let reload = try systemd.run(["systemctl", "reload", "lector"])
        #expect(reload.status == 0, "\(reload.output)")
        try systemd.drop(try Self.seed(2), as: "second.txt")
        let second = try #require(systemd.result("second.txt"))
        let secondProcessors = try #require(second["processors"] as? [String: Any])
        #expect(secondProcessors["summary"] == nil && secondProcessors["language"] != nil, "\(secondProcessors.keys)")
        let archived = try FileManager.default.contentsOfDirectory(atPath: systemd.hostPath("/var/lib/lector/archive"))
        #expect(archived == ["first.txt"])

        // A broken configuration is refused: `systemctl reload` fails and says where to look, and
        // the service keeps running on the last good configuration.
        try (lines.joined(separator: "\n") + "\npipeline: [unclosed\n").write(toFile: configPath, atomically: false, encoding: .utf8)
        let refusedReload = try systemd.run(["systemctl", "reload", "lector"])
        #expect(refusedReload.status != 0 && refusedReload.output.contains("lector.service"), "\(refusedReload.output)")
        #expect(try systemd.property("ActiveState") == "active")
        #expect(try systemd.property("MainPID") == mainPID)
        #expect(try systemd.property("StatusText").contains("reload failed"))
        try systemd.drop(try Self.seed(3), as: "third.txt")
        let third = try #require(systemd.result("third.txt"))
        #expect((third["processors"] as? [String: Any])?.keys.sorted() == ["language", "text"])
        // The status line keeps saying so after the next article, until a reload succeeds.
        let stale = "idle; 3 done, 0 failed, queue 0; reload failed, running the previous configuration"
        #expect(ChildProcess.waitUntil(timeout: .seconds(10)) { (try? systemd.property("StatusText")) == stale })

        // journalctl -u lector: entries with Lector's fields, found by article and by event.
        let entries = try systemd.journal(["SYSLOG_IDENTIFIER=lector"])
        try #require(!entries.isEmpty)
        #expect(entries.allSatisfy { $0["_SYSTEMD_UNIT"] == "lector.service" })
        for entry in entries where entry["MESSAGE_ID"] != nil {
            #expect(entry["CODE_FILE"]?.hasSuffix(".swift") == true && entry["CODE_LINE"].flatMap(Int.init) != nil)
            for name in entry.keys where !name.hasPrefix("_") { #expect(JournalFieldName.isValid(name), "field \(name)") }
        }
        let id = try #require(second["id"] as? String)
        let byArticle = try systemd.journal(["LECTOR_ARTICLE_ID=\(id)"])
        #expect(!byArticle.isEmpty && byArticle.allSatisfy { $0["LECTOR_ARTICLE_ID"] == id })
        #expect(byArticle.contains { $0["MESSAGE_ID"] == LectorMessageID.done.rawValue && $0["LECTOR_FILE"] == "second.txt" }, "\(byArticle)")
        #expect(try systemd.journal(["MESSAGE_ID=\(LectorMessageID.done.rawValue)"]).count == 3)
        #expect(try systemd.journal(["MESSAGE_ID=\(LectorMessageID.started.rawValue)"]).count == 1)
        #expect(try systemd.journal(["MESSAGE_ID=\(LectorMessageID.configReloaded.rawValue)"]).count == 1)
        let refused = try systemd.journal(["MESSAGE_ID=\(LectorMessageID.configReloadFailed.rawValue)"])
        #expect(refused.count == 1 && refused.first?["LECTOR_ERROR"]?.contains("/etc/lector/lector.yaml") == true, "\(refused)")

        // `systemctl stop` ends it cleanly: SIGTERM, articles finished, exit 0.
        let stop = try systemd.run(["systemctl", "stop", "lector"])
        #expect(stop.status == 0, "\(stop.output)")
        #expect(try systemd.property("ActiveState") == "inactive")
        #expect(try systemd.property("Result") == "success")
        #expect(try systemd.property("ExecMainStatus") == "0")
        #expect(try systemd.journal(["MESSAGE_ID=\(LectorMessageID.stopping.rawValue)"]).count == 1)
        #expect(try systemd.journal(["MESSAGE_ID=\(LectorMessageID.stopped.rawValue)"]).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: systemd.hostPath("/var/lib/lector/inbox")).isEmpty)
    }

    @Test func aPythonPluginRunsUnderTheHardenedUnit() throws {
        // The example plugin, enabled the way config/lector.yaml shows, under the packaged unit's
        // sandbox (read-only system, no network, system-call filter, lector user).
        let repository = ChildProcess.repositoryRoot
        let plugin = try Data(contentsOf: repository.appendingPathComponent("Plugins/examples/pii/pii.py"))
        let config = try String(contentsOf: repository.appendingPathComponent("config/lector.yaml"), encoding: .utf8)
            + "\nplugins:\n  pii:\n    command: python3\n    args: [/run/lector-test/plugins/pii.py]\n"
        let systemd = try PrivateSystemd(configuration: config, files: ["plugins/pii.py": plugin])
        defer { systemd.shutDown() }
        let start = try systemd.run(["systemctl", "start", "lector"])
        try #require(start.status == 0, "systemctl start: \(start.output)\n\(systemd.journalText)")

        try systemd.drop("Contact\n\nWrite to press@example.org or call +44 20 7946 0958 before Friday.\n", as: "contact.txt")
        let result = try #require(systemd.result("contact.txt"), "journal: \(systemd.journalText)")
        let status = ((result["processors"] as? [String: Any])?["pii"] as? [String: Any])?["status"] as? String
        #expect(status == "ok", "journal: \(systemd.journalText)")
        let pii = (result["annotations"] as? [String: Any])?["pii"] as? [String: Any]
        #expect((pii?["counts"] as? [String: Any])?["email"] as? Int == 1, "\(String(describing: pii))")
        #expect((pii?["counts"] as? [String: Any])?["phone"] as? Int == 1, "\(String(describing: pii))")
        #expect(try systemd.journal(["MESSAGE_ID=\(LectorMessageID.pluginStarted.rawValue)"]).count == 1)

        #expect(try systemd.run(["systemctl", "stop", "lector"]).status == 0)
        #expect(try systemd.property("Result") == "success")
    }

    @Test func aDaemonThatStopsMakingProgressIsRestartedByTheWatchdog() throws {
        let systemd = try PrivateSystemd()
        defer { systemd.shutDown() }
        try #require(try systemd.run(["systemctl", "start", "lector"]).status == 0)
        let frozen = try systemd.property("MainPID")

        // A process that no longer runs sends no more WATCHDOG=1; WatchdogSec=30s later systemd
        // aborts it and Restart=on-failure starts a new one.
        #expect(try systemd.run(["kill", "-STOP", frozen]).status == 0)
        let restarted = ChildProcess.waitUntil(timeout: .seconds(120), interval: .milliseconds(500)) {
            let pid = (try? systemd.property("MainPID")) ?? frozen
            return pid != frozen && pid != "0" && (try? systemd.property("ActiveState")) == "active"
        }
        #expect(restarted, "journal: \(systemd.journalText)")
        #expect(try systemd.property("NRestarts") == "1")
        let systemdEntries = try systemd.journal(["_PID=1"])
        #expect(systemdEntries.contains { $0["MESSAGE"]?.contains("Failed with result 'watchdog'") == true })

        // The new daemon works.
        try systemd.drop(try Self.seed(4), as: "after-restart.txt")
        #expect(systemd.result("after-restart.txt") != nil)
    }
}
