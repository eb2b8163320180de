import Foundation
import LectorTestKit
import LectorCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon as users run it: the real binary, real folders, real signals.
@Suite(.serialized)
struct DaemonTests {
    @Test func filesDroppedEveryWayGetOneResultEachAndAreArchived() throws {
        let folder = try TemporaryFolder()
        // The default pipeline, as `make run` starts it.
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: ["daemon.recursive=true"], fullPipeline: true)
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") }, "log: \(daemon.log)")

        // Written in place.
        try drop("Written directly. A second sentence.\n", as: "written.txt", in: daemon.inbox)
        // Moved in from elsewhere on the same filesystem, as `mv` does.
        let outside = folder.url.appendingPathComponent("moved.txt")
        try drop("Moved into the inbox. Another sentence.\n", as: "moved.txt", in: folder.url)
        try FileManager.default.moveItem(at: outside, to: daemon.inbox.appendingPathComponent("moved.txt"))
        // Dropped into a sub-folder made after the daemon started.
        try FileManager.default.createDirectory(at: daemon.inbox.appendingPathComponent("desk/urdu"), withIntermediateDirectories: true)
        try drop("In a sub-folder. It keeps its folder.\n", as: "nested.txt", in: daemon.inbox.appendingPathComponent("desk/urdu"))
        // A slow writer that keeps the file open, pausing for longer than the stability delay.
        let slowPath = daemon.inbox.appendingPathComponent("slow.txt").path
        let fd = open(slowPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        _ = "The first half arrives, ".withCString { write(fd, $0, strlen($0)) }
        Thread.sleep(forTimeInterval: 1.5)
        _ = "then the rest after a pause.\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        // Temporary names are never taken.
        try drop("Partial download.\n", as: "download.part", in: daemon.inbox)
        try drop("Hidden.\n", as: ".hidden.txt", in: daemon.inbox)

        let expected = ["desk/urdu/nested.txt.json", "moved.txt.json", "slow.txt.json", "written.txt.json"]
        #expect(DaemonProcess.waitUntil { daemon.results() == expected }, "results: \(daemon.results()) log: \(daemon.log)")
        #expect(try daemon.result("slow.txt.json").at("document.text") == .string("The first half arrives, then the rest after a pause.\n"))
        #expect(try daemon.result("desk/urdu/nested.txt.json").at("source.folder") == .string("desk/urdu"))
        #expect(try daemon.result("moved.txt.json").at("source.name") == .string("moved.txt"))
        #expect(
            try daemon.result("written.txt.json")["pipeline"]
                == .array([.string("text"), .string("language"), .string("entities"), .string("summary")]))
        #expect(try daemon.result("written.txt.json").at("annotations.language.language") == .string("en"))
        // The catalog records each article's language, for `lector results --language`.
        let english = try LectorBinary.run(["results", "--root", daemon.root.path, "--language", "en", "--json"])
        let englishNames = try english.stdoutText.split(separator: "\n").compactMap { try JSONValue.parse(Data($0.utf8))["name"]?.stringValue }
        #expect(englishNames.contains("written.txt"), "\(english.stdoutText)")
        for name in expected {
            #expect(LectorBinary.schema.validate(try daemon.result(name)) == [])
        }
        #expect(DaemonProcess.waitUntil { DaemonProcess.files(in: daemon.archive) == ["desk/urdu/nested.txt", "moved.txt", "slow.txt", "written.txt"] })
        #expect(DaemonProcess.files(in: daemon.inbox) == [".hidden.txt", "download.part"])
        #expect(daemon.leftInProcessing() == [])
        #expect(daemon.stop() == 0, "SIGTERM ends the daemon with status 0")
    }

    @Test func badFilesGoToFailedWithTheReasonAndTheDaemonKeepsGoing() throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"))
        defer { daemon.stop() }
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0x01, 0x02]).write(to: daemon.inbox.appendingPathComponent("report.pdf"))
        try Data().write(to: daemon.inbox.appendingPathComponent("empty.txt"))
        try FileManager.default.createSymbolicLink(atPath: daemon.inbox.appendingPathComponent("link.txt").path, withDestinationPath: "/etc/passwd")
        try drop("A good article after the bad ones.\n", as: "good.txt", in: daemon.inbox)

        #expect(DaemonProcess.waitUntil { DaemonProcess.files(in: daemon.failed).count == 6 }, "failed: \(DaemonProcess.files(in: daemon.failed)) log: \(daemon.log)")
        #expect(DaemonProcess.waitUntil { daemon.results() == ["good.txt.json"] })
        let reasons = try ["report.pdf", "empty.txt", "link.txt"].map { name in
            try JSONValue.parse(Data(contentsOf: daemon.failed.appendingPathComponent(name + ".error.json")))["code"]
        }
        #expect(reasons == [.string("binary"), .string("empty"), .string("not-regular-file")])
        // The symlink itself was moved, never followed: its target is untouched.
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: daemon.failed.appendingPathComponent("link.txt").path) == "/etc/passwd")
        #expect(daemon.process.isRunning)
    }

    @Test func namesAreKeptExactlyAsBytes() throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"))
        defer { daemon.stop() }
        let names: [[UInt8]] = [
            Array("line\nbreak.txt".utf8),
            [0x6C, 0x61, 0x74, 0x69, 0x6E, 0x31, 0xE9, 0x2E, 0x74, 0x78, 0x74],  // "latin1é.txt" in ISO-8859-1: not UTF-8
            Array("Tie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t.txt".utf8),  // NFD
            Array(repeating: UInt8(ascii: "n"), count: 251) + Array(".txt".utf8),  // 255 bytes
        ]
        for (index, name) in names.enumerated() {
            let path = daemon.inbox.path.utf8CString.dropLast().map { UInt8(bitPattern: $0) } + [UInt8(ascii: "/")] + name
            let fd = (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
            try #require(fd >= 0)
            _ = "Article number \(index). Its name is unusual.\n".withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        // Counted by raw names: FileManager skips names that are not valid UTF-8.
        #expect(DaemonProcess.waitUntil { ((try? rawNames(in: daemon.output)) ?? []).count == names.count }, "results: \((try? rawNames(in: daemon.output)) ?? []) log: \(daemon.log)")
        // The original is archived just after its result is written.
        #expect(DaemonProcess.waitUntil { Set((try? rawNames(in: daemon.archive)) ?? []) == Set(names) }, "originals are archived under their exact names: \((try? rawNames(in: daemon.archive)) ?? [])")
        let outputs = try rawNames(in: daemon.output)
        for name in names.prefix(3) {
            #expect(outputs.contains(name + Array(".json".utf8)))
        }
        // The 255-byte name cannot take ".json": it is shortened, and the result says the real name.
        let long = try #require(outputs.first { $0.count > 200 })
        #expect(long.count <= 255)
        let latin1 = try #require(outputs.first { $0.starts(with: Array("latin1".utf8)) })
        let text = try readResult(daemon.output, rawName: latin1)
        #expect(text.at("source.name_bytes_hex") == .string(names[1].map { String(format: "%02x", $0) }.joined()))
    }

    @Test func killedMidBurstThenRestartedEveryArticleHasExactlyOneResult() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        let count = 400
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        for index in 0..<count {
            try drop("Article \(index). It reports event \(index) in some detail.\n", as: String(format: "burst-%04d.txt", index), in: root.appendingPathComponent("inbox"))
        }
        let first = try DaemonProcess(root: root, label: "first")
        #expect(DaemonProcess.waitUntil { first.results().count >= 40 })
        first.killHard()
        let afterKill = first.results().count
        #expect(afterKill < count, "the kill came mid-burst")

        // As if a kill had interrupted an atomic write in processing: the next start removes it.
        let processingFolder = try #require(FileManager.default.contentsOfDirectory(at: first.processing, includingPropertiesForKeys: nil).first)
        try Data("partial".utf8).write(to: processingFolder.appendingPathComponent(".lector-1-2.tmp"))
        let second = try DaemonProcess(root: root, label: "second")
        defer { second.stop() }
        #expect(DaemonProcess.waitUntil { second.results().count == count && second.leftInProcessing().isEmpty }, "results: \(second.results().count), processing: \(second.leftInProcessing()) log: \(second.log)")
        let results = second.results()
        #expect(results == (0..<count).map { String(format: "burst-%04d.txt.json", $0) }, "one result per article, no suffixed duplicates")
        #expect(DaemonProcess.files(in: second.archive).count == count)
        #expect(DaemonProcess.files(in: second.inbox).filter { !$0.hasSuffix(".log") }.isEmpty)
        #expect(DaemonProcess.files(in: second.failed).isEmpty)
        for name in results.prefix(50) {
            #expect(LectorBinary.schema.validate(try second.result(name)) == [])
        }
    }

    @Test func aBacklogLargerThanTheQueueIsTakenWithoutWaitingForThePeriodicScan() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        let count = 300
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        for index in 0..<count {
            try drop("Backlog article \(index), waiting since before the start.\n", as: String(format: "backlog-%04d.txt", index), in: root.appendingPathComponent("inbox"))
        }
        Thread.sleep(forTimeInterval: 0.5)  // Older than daemon.stable_delay: the start-up scan takes them.
        // The start-up scan fills the queue (16) and drops the rest; only a rescan once the queue
        // has drained can find them, since no event will come and the periodic scan is an hour
        // away. Without that rescan the workers sat idle until the watcher's poll timed out (60 s).
        let daemon = try DaemonProcess(root: root, settings: ["daemon.queue_size=16", "daemon.rescan_interval=1h"])
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil(timeout: .seconds(45)) { daemon.results().count == count },
                "results: \(daemon.results().count)/\(count); log: \(daemon.log.suffix(2000))")
    }

    @Test func twentyThousandFilesDroppedWhileStoppedOverflowInotifyAndAreAllProcessed() throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: ["logging.level=warning"])
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { FileManager.default.fileExists(atPath: daemon.output.path) })
        Thread.sleep(forTimeInterval: 0.5)
        daemon.signal(SIGSTOP)
        #expect(DaemonProcess.waitUntil(timeout: .seconds(10)) { daemon.isStopped })
        let count = 20_000
        for index in 0..<count {
            try drop("Item \(index).\n", as: "n\(index).txt", in: daemon.inbox)
        }
        daemon.signal(SIGCONT)
        // Counting with a plain readdir once a second: enumerating 20,000 files with FileManager
        // many times a second would take the CPU the daemon needs.
        #expect(DaemonProcess.waitUntil(timeout: .seconds(600), interval: .seconds(1)) { ((try? rawNames(in: daemon.output)) ?? []).count == count }, "results: \(((try? rawNames(in: daemon.output)) ?? []).count) log tail: \(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("inotify queue overflowed"), "the burst overflowed the inotify queue")
        #expect(DaemonProcess.waitUntil { daemon.leftInProcessing().isEmpty })
    }

    /// Runs Python's os.setxattr / os.listxattr (Swift's Glibc module has no xattr calls).
    private func attributes(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anArticleLeftInProcessingWithItsClaimInItsAttributeIsRecoveredUnderItsName() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        // As a crash leaves it: the article renamed into this instance's processing folder, its
        // claim record only in its extended attribute. The record holds another claim id, as when
        // two instances raced for the file; the file's name is the claim.
        let processing = root.appendingPathComponent("processing/solo")
        try FileManager.default.createDirectory(at: processing, withIntermediateDirectories: true)
        let claimID = "1700000000000-1-1-left"
        let article = processing.appendingPathComponent(claimID)
        try Data("Left behind by a crash. Its name is in its attribute.\n".utf8).write(to: article)
        let nameHex = Array("rescued.txt".utf8).map { String(format: "%02x", $0) }.joined()
        let record = #"{"attempts":0,"claim":"1700000000000-2-1-other","folder_hex":"","name_hex":"\#(nameHex)","received_at":1700000000000}"#
        _ = try attributes("import os, sys; os.setxattr(sys.argv[1], 'user.lector.claim', sys.argv[2].encode())", [article.path, record])
        try #require(try attributes("import os, sys; print(os.listxattr(sys.argv[1]))", [article.path]).contains("user.lector.claim"))

        let daemon = try DaemonProcess(root: root, settings: ["daemon.instance=solo"])
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.results() == ["rescued.txt.json"] }, "log: \(daemon.log)")
        #expect(DaemonProcess.waitUntil { DaemonProcess.files(in: daemon.archive) == ["rescued.txt"] })
        #expect(daemon.leftInProcessing().isEmpty)
        let list = try LectorBinary.run(["results", "--root", root.path, "--json"])
        #expect(list.stdoutText.contains(claimID), "the catalog knows the claim by its file's name: \(list.stdoutText)")

        // A new article is claimed the same way, and its archived original carries no attribute.
        try drop("A fresh article. It passes through.\n", as: "fresh.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { DaemonProcess.files(in: daemon.archive) == ["fresh.txt", "rescued.txt"] })
        for name in ["fresh.txt", "rescued.txt"] {
            let left = try attributes("import os, sys; print(os.listxattr(sys.argv[1]))", [daemon.archive.appendingPathComponent(name).path])
            #expect(!left.contains("user.lector.claim"), "\(name): \(left)")
        }
        #expect(!DaemonProcess.files(in: daemon.processing).contains { $0.hasSuffix(".meta") })
    }

    @Test func threeDaemonsOnOneInboxProcessEachArticleOnce() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        let daemons = try ["a", "b", "c"].map { try DaemonProcess(root: root, settings: ["daemon.instance=\($0)", "logging.level=warning"], label: $0) }
        defer { for daemon in daemons { daemon.stop() } }
        #expect(DaemonProcess.waitUntil { FileManager.default.fileExists(atPath: daemons[0].output.path) })
        let count = 3000
        for index in 0..<count {
            try drop("Shared inbox article \(index).\n", as: "s\(index).txt", in: daemons[0].inbox)
        }
        // Done means archived: the original moves after its result and catalog entry are written,
        // and the result writer's dotted temporary file must not be counted as a result.
        #expect(DaemonProcess.waitUntil(timeout: .seconds(300), interval: .seconds(1)) {
            ((try? rawNames(in: daemons[0].output)) ?? []).filter { $0.first != UInt8(ascii: ".") }.count == count
                && ((try? rawNames(in: daemons[0].archive)) ?? []).count == count
        }, "results: \(daemons[0].results().count), archived: \(DaemonProcess.files(in: daemons[0].archive).count)")
        #expect(DaemonProcess.waitUntil { daemons[0].leftInProcessing().isEmpty })
        // Each article was claimed by exactly one instance: one catalog entry each, all done.
        let list = try LectorBinary.run(["results", "--root", root.path, "--limit", "100000", "--json"])
        let entries = try list.stdoutText.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        #expect(entries.count == count)
        #expect(Set(entries.compactMap { $0["name"]?.stringValue }).count == count)
        #expect(entries.allSatisfy { $0["status"] == .string("done") })
        #expect(DaemonProcess.files(in: daemons[0].archive).count == count)
        #expect(daemons[0].results().allSatisfy { !$0.contains("-2.") }, "no result was written twice")
    }

    @Test(arguments: ["skip", "reprocess", "link"])
    func theSameContentTwiceFollowsTheDuplicatePolicy(policy: String) throws {
        let folder = try TemporaryFolder()
        let daemon = try DaemonProcess(root: folder.url.appendingPathComponent("lector"), settings: ["daemon.duplicates=\(policy)"])
        defer { daemon.stop() }
        try drop("The same story. Sent twice by two desks.\n", as: "first.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { daemon.results() == ["first.txt.json"] })
        try drop("The same story. Sent twice by two desks.\n", as: "second.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { DaemonProcess.files(in: daemon.archive).count == 2 }, "log: \(daemon.log)")
        let list = try LectorBinary.run(["results", "--root", daemon.root.path, "--json"])
        let statuses = try list.stdoutText.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
            .reduce(into: [String: String]()) { $0[$1["name"]?.stringValue ?? ""] = $1["status"]?.stringValue }
        switch policy {
        case "skip":
            #expect(daemon.results() == ["first.txt.json"])
            #expect(statuses == ["first.txt": "done", "second.txt": "duplicate"])
        case "reprocess":
            #expect(daemon.results() == ["first.txt.json", "second.txt.json"])
            #expect(statuses == ["first.txt": "done", "second.txt": "done"])
        default:
            #expect(daemon.results() == ["first.txt.json", "second.txt.json"])
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: daemon.output.appendingPathComponent("second.txt.json").path)
            #expect(link == daemon.output.appendingPathComponent("first.txt.json").path)
            #expect(statuses == ["first.txt": "done", "second.txt": "duplicate"])
        }
    }

    private func rawNames(in folder: URL) throws -> [[UInt8]] {
        let path = folder.path
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names
    }

    private func readResult(_ folder: URL, rawName: [UInt8]) throws -> JSONValue {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + rawName + [0]
        let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY) } }
        guard fd >= 0 else { throw CocoaError(.fileNoSuchFile) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return try JSONValue.parse(data)
    }
}
