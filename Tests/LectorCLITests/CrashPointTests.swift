import Foundation
import LectorCore
import LectorTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon killed at each step of an article's way after which recovery has something to
/// finish (`lector daemon --crash-at`, the steps of `CrashPoint`), then started again: the article
/// ends exactly once, in the folders and in the catalog. The crash soak kills at random moments
/// and finds these windows only now and then; here each one is hit every time.
@Suite struct CrashPointTests {
    static let successPoints = ["claim-recorded", "result-written", "done-recorded", "archived"]
    static let failurePoints = ["failure-written", "failure-recorded", "failed-moved"]

    @Test(arguments: successPoints + failurePoints)
    func killedAtAStepTheArticleEndsExactlyOnceAfterARestart(point: String) throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("lector")
        let fails = Self.failurePoints.contains(point)
        let name = fails ? "scan.txt" : "report.txt"
        // A binary file fails at once (no retries); a text article gets a result.
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 64)
        let bytes = fails ? elf : Array("A report.\n\nIt has two paragraphs.\n".utf8)

        let crashing = try DaemonProcess(root: root, label: "crashing", extraArguments: ["--crash-at", point])
        #expect(DaemonProcess.waitUntil { crashing.log.contains("started") }, "log: \(crashing.log)")
        try Data(bytes).write(to: crashing.inbox.appendingPathComponent(name))
        let status = crashing.waitForExit(timeout: .seconds(60))
        #expect(
            status == SIGKILL && crashing.process.terminationReason == .uncaughtSignal,
            "the daemon did not kill itself at \(point): \(String(describing: status)); log: \(crashing.log)")

        let daemon = try DaemonProcess(root: root, label: "restarted")
        defer { daemon.stop() }
        let settled = DaemonProcess.waitUntil(timeout: .seconds(60)) {
            daemon.leftInProcessing().isEmpty && DaemonProcess.files(in: daemon.inbox).isEmpty
                && (fails
                    ? DaemonProcess.files(in: daemon.failed).count == 2
                    : DaemonProcess.files(in: daemon.archive) == [name])
        }
        #expect(
            settled,
            """
            processing: \(daemon.leftInProcessing()), failed: \(DaemonProcess.files(in: daemon.failed)), \
            archive: \(DaemonProcess.files(in: daemon.archive)); log: \(daemon.log)
            """)

        let entries = try LectorBinary.run(["results", "list", "--root", root.path, "--json"]).stdoutText
            .split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        #expect(entries.count == 1, "catalog: \(entries)")
        let entry = try #require(entries.first)
        #expect(entry["name"]?.stringValue == name)
        if fails {
            #expect(DaemonProcess.files(in: daemon.failed) == [name, name + ".error.json"])
            #expect(daemon.results().isEmpty && DaemonProcess.files(in: daemon.archive).isEmpty)
            #expect(
                entry["status"]?.stringValue == "failed" && entry["error_code"]?.stringValue == "binary", "\(entry)")
            let recordFile = daemon.failed.appendingPathComponent(name + ".error.json")
            let record = try JSONValue.parse(Data(contentsOf: recordFile))
            #expect(record["code"]?.stringValue == "binary")
            #expect(
                record["claim"] == entry["claim"],
                "the record and the catalog name the same claim: \(record), \(entry)")
            #expect(record["source"]?["name"]?.stringValue == name)
            #expect(try Data(contentsOf: daemon.failed.appendingPathComponent(name)) == Data(bytes))
        } else {
            #expect(daemon.results() == [name + ".json"])
            #expect(DaemonProcess.files(in: daemon.failed).isEmpty)
            #expect(entry["status"]?.stringValue == "done", "\(entry)")
            let result = try daemon.result(name + ".json")
            #expect(result["id"] == entry["id"])
            #expect(try Data(contentsOf: daemon.archive.appendingPathComponent(name)) == Data(bytes))
        }
    }
}
