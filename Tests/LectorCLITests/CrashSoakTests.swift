import Foundation
import LectorCore
import LectorTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Articles dropped while the daemon is killed with SIGKILL at random moments and restarted: at
/// the end every article has exactly one result (or one failed entry), the same bytes as a run
/// without crashes (timestamps aside), nothing is left in processing or the inbox, and the catalog
/// agrees with the folders.
///
/// `make test` runs a short soak; `make soak` runs the long one on the release binary with the
/// full pipeline (LECTOR_SOAK_ARTICLES, LECTOR_SOAK_KILLS, LECTOR_SOAK_FULL_PIPELINE,
/// LECTOR_SOAK_SEED). docs/reliability.md records the figures.
@Suite(.serialized)
struct CrashSoakTests {
    struct Plan: CustomStringConvertible {
        var articles = 240
        var kills = 8
        var fullPipeline = false
        var seed: UInt64 = 20261130

        static func fromEnvironment() -> Plan {
            let environment = ProcessInfo.processInfo.environment
            var plan = Plan()
            if let value = environment["LECTOR_SOAK_ARTICLES"].flatMap(Int.init) { plan.articles = value }
            if let value = environment["LECTOR_SOAK_KILLS"].flatMap(Int.init) { plan.kills = value }
            if let value = environment["LECTOR_SOAK_SEED"].flatMap(UInt64.init) { plan.seed = value }
            plan.fullPipeline = environment["LECTOR_SOAK_FULL_PIPELINE"] == "1"
            return plan
        }

        var description: String { "\(articles) articles, \(kills) kills, \(fullPipeline ? "full" : "text+summary") pipeline, seed \(seed)" }

        /// The daemon's settings: two workers, fast stability, and retries quick enough for a test.
        var settings: [String] {
            // Notice level: the log says when the daemon has started, and little else.
            ["daemon.workers=2", "logging.level=notice"] + (fullPipeline ? [] : ["pipeline.processors=text,summary"])
        }
    }

    /// Articles made of the seed articles' lines, each with a title line of its own; every 25th is
    /// a binary file, which must end in failed/.
    static func articles(_ plan: Plan) throws -> [(name: String, bytes: [UInt8])] {
        let seeds = ChildProcess.repositoryRoot.appendingPathComponent("seeds")
        var lines: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted() where name.hasSuffix(".txt") {
            let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
            lines += text.split(separator: "\n").map(String.init).filter { $0.count > 20 }
        }
        var random = SeededGenerator(seed: plan.seed)
        return (0..<plan.articles).map { index in
            let name = String(format: "soak-%05d.txt", index)
            if index % 25 == 24 {
                return (name, [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + (0..<600).map { _ in UInt8(random.below(256)) })
            }
            var text = "Soak article \(index)\n\n"
            for _ in 0..<(4 + random.below(8)) { text += lines[random.below(lines.count)] + "\n\n" }
            return (name, Array(text.utf8))
        }
    }

    /// A result with its timestamps and durations taken out, line by line: results are written
    /// pretty-printed, one field per line, so what remains must match byte for byte.
    static func withoutTimes(_ data: Data) -> [Substring] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").filter {
            !$0.contains("\"processed_at\"") && !$0.contains("\"received_at\"") && !$0.contains("\"duration_ms\"")
        }
    }

    /// Drops the articles from a background thread, in bursts, the way a scanner does: each
    /// written under a temporary name, then renamed in.
    static func dropInBatches(_ articles: [(name: String, bytes: [UInt8])], into inbox: URL, burst: Int, pause: TimeInterval) -> Thread {
        let thread = Thread {
            for (index, article) in articles.enumerated() {
                let staging = inbox.appendingPathComponent(".\(article.name).part")
                try? Data(article.bytes).write(to: staging)
                rename(staging.path, inbox.appendingPathComponent(article.name).path)
                if index % burst == burst - 1 { Thread.sleep(forTimeInterval: pause) }
            }
        }
        thread.start()
        return thread
    }

    @Test func killedAtRandomMomentsWhileArticlesArriveNothingIsLostOrDoubled() throws {
        let plan = Plan.fromEnvironment()
        let articles = try Self.articles(plan)
        let good = articles.filter { $0.bytes.first != 0x7F }.map(\.name)
        let bad = articles.filter { $0.bytes.first == 0x7F }.map(\.name)
        let folder = try TemporaryFolder()

        // The reference: the same articles, no crash.
        let reference = try DaemonProcess(root: folder.url.appendingPathComponent("reference"), settings: plan.settings, label: "reference", fullPipeline: plan.fullPipeline)
        let referenceDrop = Self.dropInBatches(articles, into: reference.inbox, burst: 40, pause: 0.01)
        #expect(reference.settle(timeout: .seconds(1800)) {
            reference.results().count == good.count && DaemonProcess.files(in: reference.failed).count == 2 * bad.count
        }, "reference: \(reference.results().count) results; log: \(reference.log.suffix(2000))")
        #expect(reference.stop() == 0)
        while referenceDrop.isExecuting { Thread.sleep(forTimeInterval: 0.01) }

        // The soak: articles keep arriving while the daemon is killed and started again.
        let root = folder.url.appendingPathComponent("soak")
        var random = SeededGenerator(seed: plan.seed ^ 0xC0FFEE)
        var daemon = try DaemonProcess(root: root, settings: plan.settings, label: "run-0", fullPipeline: plan.fullPipeline)
        // Bursts spread over the time the kills take, so that there is work to interrupt.
        let bursts = max(1, plan.kills)
        let burst = max(40, plan.articles / bursts)
        let dropper = Self.dropInBatches(articles, into: daemon.inbox, burst: burst, pause: 1.5)
        var killedWithWorkInProgress = 0
        var killedDuringStartUp = 0
        for kill in 0..<plan.kills {
            // A random moment: one kill in five during start-up (0 to 1 s after the launch); the
            // others once the daemon has started, after 1 to 40 new results (mid-stream), or 0.3
            // to 3 s later if it has nothing to do.
            if random.below(5) == 0 {
                Thread.sleep(forTimeInterval: Double(random.below(1000)) / 1000)
                if !daemon.log.contains("started") { killedDuringStartUp += 1 }
            } else {
                _ = DaemonProcess.waitUntil(timeout: .seconds(120), interval: .milliseconds(5)) { daemon.log.contains("started") }
                let output = daemon.output.path
                func count() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: output).count) ?? 0 }
                let before = count()
                let wanted = 1 + random.below(40)
                let patience = 0.3 + Double(random.below(2700)) / 1000
                _ = DaemonProcess.waitUntil(timeout: .milliseconds(Int64(patience * 1000)), interval: .milliseconds(2)) {
                    count() - before >= wanted
                }
            }
            if !daemon.leftInProcessing().isEmpty { killedWithWorkInProgress += 1 }
            daemon.killHard()
            daemon = try DaemonProcess(root: root, settings: plan.settings, label: "run-\(kill + 1)", fullPipeline: plan.fullPipeline)
        }
        while dropper.isExecuting { Thread.sleep(forTimeInterval: 0.05) }
        #expect(DaemonProcess.waitUntil(timeout: .seconds(120)) { plan.kills == 0 || daemon.log.contains("started") })
        let finished = daemon.settle(timeout: .seconds(1800)) {
            daemon.results().count >= good.count && DaemonProcess.files(in: daemon.failed).count >= 2 * bad.count
                && daemon.leftInProcessing().isEmpty && DaemonProcess.files(in: daemon.inbox).isEmpty
        }
        #expect(finished, "results \(daemon.results().count)/\(good.count), failed \(DaemonProcess.files(in: daemon.failed).count), processing \(daemon.leftInProcessing()), log: \(daemon.log.suffix(3000))")
        #expect(daemon.stop() == 0)
        print("crash soak: \(plan); \(killedWithWorkInProgress) of \(plan.kills) kills hit articles in processing, \(killedDuringStartUp) came during start-up")

        // Exactly one result per good article, none suffixed as a second copy; one failure per bad one.
        #expect(daemon.results() == good.map { $0 + ".json" })
        #expect(DaemonProcess.files(in: daemon.failed) == bad.flatMap { [$0, $0 + ".error.json"] }.sorted())
        #expect(DaemonProcess.files(in: daemon.archive) == good)
        #expect(daemon.leftInProcessing().isEmpty && DaemonProcess.files(in: daemon.inbox).isEmpty)

        // The same bytes as without crashes.
        var differing: [String] = []
        for name in good {
            let crashed = try Data(contentsOf: daemon.output.appendingPathComponent(name + ".json"))
            let calm = try Data(contentsOf: reference.output.appendingPathComponent(name + ".json"))
            if Self.withoutTimes(crashed) != Self.withoutTimes(calm) { differing.append(name) }
        }
        #expect(differing.isEmpty, "results that differ from the run without crashes: \(differing.prefix(10))")
        for name in bad {
            let error = try JSONValue.parse(Data(contentsOf: daemon.failed.appendingPathComponent(name + ".error.json")))
            #expect(error["code"]?.stringValue == "binary", "\(name): \(error)")
        }

        // The catalog agrees with the folders: one entry per article, done with its result or failed.
        let catalog = try Self.catalogEntries(root: root)
        let byName = Dictionary(grouping: catalog) { $0["name"]?.stringValue ?? "" }
        #expect(catalog.count == articles.count, "catalog entries: \(catalog.count)")
        for name in good {
            let entries = byName[name] ?? []
            #expect(entries.count == 1 && entries.first?["status"]?.stringValue == "done", "\(name): \(entries)")
            if let entry = entries.first, let path = entry["result_path"]?.stringValue {
                let result = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(result["id"] == entry["id"])
            }
        }
        for name in bad {
            #expect(byName[name]?.map { $0["status"]?.stringValue } == ["failed"], "\(name)")
        }
    }

    /// The catalog as `lector results list --json` prints it.
    static func catalogEntries(root: URL) throws -> [JSONValue] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ChildProcess.lectorBinary)
        process.arguments = ["results", "list", "--root", root.path, "--json", "--limit", "1000000"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
    }
}

extension SeededGenerator {
    /// A number in 0..<bound, so a soak can be replayed from its seed.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
