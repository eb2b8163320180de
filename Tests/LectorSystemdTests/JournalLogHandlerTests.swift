import Foundation
import LectorTestKit
import LectorSystemd
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon logging to a real, private systemd-journald (tests/systemd/with-private-journald.sh
/// runs it in a mount namespace of its own, so the host's journal is neither read nor written).
@Suite(.serialized, .enabled(if: PrivateJournal.unavailableReason == nil, Comment(rawValue: PrivateJournal.unavailableReason ?? "")))
struct JournalLogHandlerTests {
    @Test func theDaemonsEntriesCarryFieldsAndMessageIDsThatJournalctlFilters() throws {
        let folder = try TemporaryFolder()
        let journal = folder.url.appendingPathComponent("journal")
        let pidFile = folder.url.appendingPathComponent("lector.pid")
        let arguments = LectorService.daemonArguments(root: folder.url) + ["--log", "journal"]
        let command = "echo $$ > '\(pidFile.path)'; exec '\(LectorService.binary)' " + arguments.map { "'\($0)'" }.joined(separator: " ")
        let wrapper = try LectorService(
            root: folder.url, executable: PrivateJournal.unshare,
            arguments: ["--mount", "--propagation", "private", PrivateJournal.script, journal.path, "/bin/sh", "-c", command],
            environment: LectorService.environment())
        try #require(LectorService.waitUntil(timeout: .seconds(30)) { FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("inbox").path) }, "log: \(wrapper.log)")
        try #require(LectorService.waitUntil(timeout: .seconds(30)) { ((try? String(contentsOf: pidFile, encoding: .utf8)) ?? "").hasSuffix("\n") })
        let pid = try #require(Int32((try String(contentsOf: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))

        try wrapper.drop(article("the river"), as: "river.txt")
        #expect(LectorService.waitUntil { wrapper.results() == ["river.txt.json"] }, "log: \(wrapper.log)")
        kill(pid, SIGTERM)
        #expect(wrapper.waitForExit(timeout: .seconds(60)) == 0, "log: \(wrapper.log)")
        // Nothing went to stderr: the journal got it all.
        #expect(!wrapper.log.contains("article done"), "log: \(wrapper.log)")

        let entries = try PrivateJournal.read(journal, ["SYSLOG_IDENTIFIER=lector"])
        try #require(!entries.isEmpty, "no entries; log: \(wrapper.log)")
        for entry in entries {
            for name in entry.keys where !name.hasPrefix("_") {
                #expect(JournalFieldName.isValid(name), "invalid field \(name)")
            }
            #expect(entry["CODE_FILE"]?.hasSuffix(".swift") == true)
            #expect(entry["CODE_LINE"].flatMap(Int.init) != nil)
            #expect(entry["CODE_FUNC"]?.isEmpty == false)
            #expect(entry["PRIORITY"].flatMap(Int.init).map { (2...7).contains($0) } == true)
        }

        let started = try #require(entries.first { $0["MESSAGE_ID"] == LectorMessageID.started.rawValue })
        #expect(started["PRIORITY"] == "5")
        #expect(started["LECTOR_EVENT"] == "started")
        #expect(started["CODE_FILE"] == "LectorEngine/InboxDaemon.swift")
        #expect(started["LECTOR_INBOX"] == folder.url.appendingPathComponent("inbox").path)

        let result = try JSONSerialization.jsonObject(with: wrapper.result("river.txt.json")) as? [String: Any]
        let id = try #require(result?["id"] as? String)
        let done = try #require(entries.first { $0["MESSAGE_ID"] == LectorMessageID.done.rawValue }, "entries: \(entries.map { $0["MESSAGE"] ?? "" })")
        #expect(done["LECTOR_ARTICLE_ID"] == id)
        #expect(done["LECTOR_FILE"] == "river.txt")
        #expect(done["PRIORITY"] == "6")
        #expect(done["MESSAGE"] == "article done")

        // journalctl's own matching finds them by article and by event.
        let byArticle = try PrivateJournal.read(journal, ["LECTOR_ARTICLE_ID=\(id)"])
        #expect(!byArticle.isEmpty && byArticle.allSatisfy { $0["LECTOR_ARTICLE_ID"] == id })
        #expect(try PrivateJournal.read(journal, ["MESSAGE_ID=\(LectorMessageID.done.rawValue)"]).count == 1)
        #expect(try PrivateJournal.read(journal, ["MESSAGE_ID=\(LectorMessageID.stopping.rawValue)"]).count == 1)
        #expect(try PrivateJournal.read(journal, ["MESSAGE_ID=\(LectorMessageID.stopped.rawValue)"]).count == 1)
    }
}

/// Running and reading a private journald.
enum PrivateJournal {
    static let script = LectorService.repositoryRoot.appendingPathComponent("tests/systemd/with-private-journald.sh").path
    static let unshare = "/usr/bin/unshare"
    static let journald = "/lib/systemd/systemd-journald"
    static let journalctl = "/usr/bin/journalctl"

    /// Why the tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "needs root to mount in a private namespace" }
        for tool in [unshare, journald, journalctl] where access(tool, X_OK) != 0 { return "\(tool) is not installed" }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: unshare)
        probe.arguments = ["--mount", "--propagation", "private", "/bin/true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return "cannot run unshare" }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? nil : "unshare --mount is not permitted here (no CAP_SYS_ADMIN?)"
    }()

    /// Entries of the journal files in `folder` matching `matches`, as field -> value.
    static func read(_ folder: URL, _ matches: [String]) throws -> [[String: String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: journalctl)
        process.arguments = ["-D", folder.path, "-o", "json", "--no-pager"] + matches
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return object.compactMapValues { $0 as? String }
        }
    }
}
