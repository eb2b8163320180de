import Foundation
import LectorCore
import LectorTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The machine misbehaving under a running daemon: a full disk, the inbox folder deleted, the
/// catalog corrupt or locked by another program. Nothing is lost, nothing partial is left, and the
/// daemon keeps going.
@Suite(.serialized)
struct ResourceFaultTests {
    static let canMount: Bool = {
        guard geteuid() == 0, access("/usr/bin/unshare", X_OK) == 0 else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = ["--mount", "--propagation", "private", "/bin/true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    static func article(_ index: Int) -> String {
        "Report \(index)\n\nThe committee met on Tuesday to discuss item \(index). Members agreed to publish the findings.\n\n"
            + String(repeating: "The discussion of item \(index) went on for some time, and many points were raised. ", count: 40) + "\n"
    }

    @Test(.enabled(if: canMount, "needs root and unshare --mount for a private tmpfs"))
    func aFullDiskLeavesNoPartialResultAndArticlesWaitUntilSpaceIsBack() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        for name in ["inbox", "output"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        // The daemon runs in a mount namespace of its own, with output/ on a 1 MB tmpfs.
        let arguments = ["daemon", "--root", root.path, "--set", "daemon.stable_delay=300ms", "--set", "daemon.retry_backoff=100ms",
                         "--set", "pipeline.processors=text", "--set", "daemon.retries=1"]
        let command = "mount -t tmpfs -o size=1m tmpfs '\(root.path)/output' && exec '\(ChildProcess.lectorBinary)' "
            + arguments.map { "'\($0)'" }.joined(separator: " ")
        let daemon = try ChildProcess(
            executable: "/usr/bin/unshare", arguments: ["--mount", "--propagation", "private", "/bin/sh", "-c", command],
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LECTOR_") },
            logURL: folder.url.appendingPathComponent("daemon.log"))
        defer {
            daemon.signal(SIGTERM)
            _ = daemon.waitForExit()
        }
        // The daemon's view of output/, through its mount namespace.
        let output = "/proc/\(daemon.process.processIdentifier)/root\(root.path)/output"
        try #require(ChildProcess.waitUntil {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("processing").path)
                && Self.hasTmpfs(at: root.appendingPathComponent("output").path, pid: daemon.process.processIdentifier)
        }, "log: \(daemon.log)")

        // Fill it to the last byte.
        let filler = "\(output)/.filler"
        let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        let block = [UInt8](repeating: 0x41, count: 4096)
        while write(fd, block, block.count) > 0 {}
        #expect(errno == ENOSPC)
        while write(fd, block, 1) > 0 {}
        close(fd)

        for index in 0..<5 { try drop(Self.article(index), as: "full-\(index).txt", in: root.appendingPathComponent("inbox")) }
        // Attempts fail for want of space; far more of them than daemon.retries allows.
        #expect(ChildProcess.waitUntil(timeout: .seconds(30)) { daemon.log.components(separatedBy: "waits").count > 10 }, "log: \(daemon.log)")
        let whileFull = try FileManager.default.contentsOfDirectory(atPath: output)
        #expect(whileFull == [".filler"], "nothing partial in output/: \(whileFull)")
        #expect(DaemonProcess.files(in: root.appendingPathComponent("failed")).isEmpty, "no article failed for a full disk")
        #expect(DaemonProcess.files(in: root.appendingPathComponent("inbox")).isEmpty)

        // Space comes back: every article gets its one, whole result.
        try FileManager.default.removeItem(atPath: filler)
        #expect(ChildProcess.waitUntil(timeout: .seconds(30)) { ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).count == 5 }, "log: \(daemon.log.suffix(2000))")
        for index in 0..<5 {
            let result = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: "\(output)/full-\(index).txt.json")))
            #expect(result["status"]?.stringValue == "ok")
            #expect(LectorBinary.schema.validate(result) == [])
        }
        #expect(DaemonProcess.files(in: root.appendingPathComponent("archive")).count == 5)
        #expect(DaemonProcess.files(in: root.appendingPathComponent("failed")).isEmpty)
    }

    @Test func theInboxDeletedAndCreatedAgainIsWatchedAgain() throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"))
        defer { daemon.stop() }
        try drop(Self.article(1), as: "before.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["before.txt.json"] })

        try FileManager.default.removeItem(at: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.log.contains("the inbox folder disappeared") }, "log: \(daemon.log)")
        try FileManager.default.createDirectory(at: daemon.inbox, withIntermediateDirectories: false)
        // Within moments, not at the next periodic rescan (2 s here, a minute by default): the
        // watch is armed again and sees a file closed after writing.
        Thread.sleep(forTimeInterval: 1.5)
        try drop(Self.article(2), as: "after.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil(timeout: .seconds(10)) { daemon.results() == ["after.txt.json", "before.txt.json"] }, "log: \(daemon.log)")
        #expect(daemon.process.isRunning)
    }

    @Test func aCorruptCatalogIsMovedAsideAndRebuiltFromTheFolders() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        let first = try DaemonProcess(root: root, settings: ["daemon.retries=0"], label: "first")
        for index in 0..<3 { try drop(Self.article(index), as: "a\(index).txt", in: first.inbox) }
        try drop("\u{7F}ELF\u{02}\u{01}\u{00}\u{00}\u{00}binary", as: "b.bin", in: first.inbox)
        #expect(DaemonProcess.waitUntil { first.results().count == 3 && DaemonProcess.files(in: first.failed).count == 2 })
        #expect(first.stop() == 0)

        // Garbage over the catalog, as a bad disk or a careless copy would leave it.
        let catalog = root.appendingPathComponent("catalog.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: catalog.path + suffix) }
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: catalog)

        let second = try DaemonProcess(root: root, settings: ["daemon.retries=0"], label: "second")
        defer { second.stop() }
        #expect(DaemonProcess.waitUntil { second.log.contains("rebuilt from the folders") }, "log: \(second.log)")
        #expect(second.log.contains("articles=4"), "log: \(second.log)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix("catalog.sqlite.corrupt-") }
        #expect(aside.count == 1, "the corrupt file is kept for inspection")

        // The rebuilt catalog knows the earlier articles: a copy of one is a duplicate.
        try drop(Self.article(1), as: "copy.txt", in: second.inbox)
        #expect(DaemonProcess.waitUntil { DaemonProcess.files(in: second.archive).contains("copy.txt") })
        #expect(!second.results().contains("copy.txt.json"))
        let entries = try CrashSoakTests.catalogEntries(root: root)
        let statuses = Dictionary(entries.map { ($0["name"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") }) { $1 }
        #expect(statuses == ["a0.txt": "done", "a1.txt": "done", "a2.txt": "done", "b.bin": "failed", "copy.txt": "duplicate"], "\(statuses)")
    }

    @Test func aCatalogLockedByAnotherProgramMakesArticlesWaitNotFail() throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: ["daemon.retries=0"])
        defer { daemon.stop() }
        try drop(Self.article(0), as: "first.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["first.txt.json"] })

        // Another program holds the catalog's write lock for longer than the daemon's busy timeout.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            time.sleep(14)
            db.execute("COMMIT")
            """, daemon.root.appendingPathComponent("catalog.sqlite").path]
        let said = Pipe()
        holder.standardOutput = said
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        _ = said.fileHandleForReading.availableData  // "locked"

        try drop(Self.article(1), as: "second.txt", in: daemon.inbox)
        holder.waitUntilExit()
        #expect(DaemonProcess.waitUntil(timeout: .seconds(30)) { daemon.results() == ["first.txt.json", "second.txt.json"] }, "log: \(daemon.log)")
        #expect(DaemonProcess.files(in: daemon.failed).isEmpty, "log: \(daemon.log)")
        #expect(daemon.log.contains("the catalog is locked"), "the wait was logged; log: \(daemon.log)")
    }

    /// Whether process `pid` sees a tmpfs mounted at `path`.
    static func hasTmpfs(at path: String, pid: Int32) -> Bool {
        let mounts = (try? String(contentsOfFile: "/proc/\(pid)/mountinfo", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains { $0.contains(" \(path) ") && $0.contains(" - tmpfs ") }
    }
}
