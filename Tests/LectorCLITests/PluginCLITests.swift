import Foundation
import LectorCore
import LectorTestKit
import Testing

/// External processors run by the real `lector` binary (`process`, `config check`, `plugin test`):
/// real plugin processes, well-behaved and not.
struct PluginCLITests {
    /// Three short articles; the middle one carries the marker some test plugins trip on.
    private func articles(in folder: TemporaryFolder) throws -> [String] {
        [
            try folder.write(
                "first.txt", text: "The council met on Monday. It approved the budget for the new library.\n"),
            try folder.write("marked.txt", text: "This article carries the MARKER. Some plugins trip over it.\n"),
            try folder.write("last.txt", text: "Rain is expected tomorrow. The weekend should be sunny again.\n"),
        ]
    }

    private func results(_ run: LectorBinary.Run) throws -> [String: JSONValue] {
        var byName: [String: JSONValue] = [:]
        for line in run.stdout.split(separator: UInt8(ascii: "\n")) {
            let result = try JSONValue.parse(Data(line))
            byName[result.at("source.name")?.stringValue ?? "?"] = result
        }
        return byName
    }

    @Test func aWellBehavedPluginsAnnotationsAppearInTheResult() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "good")
        let files = try articles(in: folder)
        let run = try LectorBinary.run(["process", "--config", config] + files)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let byName = try results(run)
        #expect(byName.count == 3)
        var pids = Set<Double>()
        for (name, result) in byName {
            #expect(LectorBinary.schema.validate(result) == [], "\(name)")
            #expect(result.at("processors.probe.status") == .string("ok"), "\(name)")
            #expect(result.at("processors.probe.version") == .string("2.1.0"))
            #expect(result["pipeline"] == .array([.string("text"), .string("probe")]))
            #expect(result.at("annotations.probe.length") == result.at("document.length"))
            #expect(result.at("annotations.probe.config") == .object(["threshold": .number(3)]))
            pids.insert(result.at("annotations.probe.pid")?.doubleValue ?? -1)
        }
        #expect(pids.count == 1, "one process serves every article")
        // The plugin's stderr reaches the log with its processor id.
        #expect(run.stderr.contains("working on first.txt"))
        #expect(run.stderr.contains("processor=probe"))
    }

    @Test func aPluginFloodingStderrIsRateLimitedAndTheLogSaysHowMuchWasLeftOut() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "chatty")
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 0, "stderr: \(run.stderr.suffix(2_000))")
        #expect(try results(run).values.allSatisfy { $0.at("processors.probe.status") == .string("ok") })
        let log = run.stderr.split(separator: "\n")
        let chatter = log.filter { $0.contains("chatter ") }
        let working = log.filter { $0.contains("working on ") }
        // The default bucket: a burst of 200 lines, then 20 a second.
        #expect(chatter.count + working.count >= 200)
        #expect(chatter.count < 1_000)
        #expect(log.contains { $0.contains("faster than the log takes") })
        // Every line is either logged or counted as left out: the chatter and the plugin's three
        // "working on" lines.
        let leftOut = log.filter { $0.contains("lines of the plugin's stderr") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("dropped=") }.flatMap { Int($0.dropFirst("dropped=".count)) }
        }
        #expect(chatter.count + working.count + leftOut.reduce(0, +) == 20_003)
    }

    @Test func aPluginThatCrashesOnOneArticleFailsOnlyThatArticleAndIsRestarted() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "crash")
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 0, "not required: the article itself succeeds; stderr: \(run.stderr)")
        let byName = try results(run)
        #expect(byName["first.txt"]?.at("processors.probe.status") == .string("ok"))
        #expect(byName["marked.txt"]?.at("processors.probe.status") == .string("failed"))
        #expect(
            byName["marked.txt"]?.at("processors.probe.error")?.stringValue?.contains("exited with status 3") == true)
        #expect(byName["marked.txt"]?.at("annotations.probe") == nil)
        #expect(byName["marked.txt"]?["status"] == .string("ok"))
        #expect(byName["last.txt"]?.at("processors.probe.status") == .string("ok"))
        #expect(byName["first.txt"]?.at("annotations.probe.pid") != byName["last.txt"]?.at("annotations.probe.pid"))
        #expect(run.stderr.contains("plugin failed; restarting it"))
    }

    @Test func aRequiredPluginThatCrashesFailsTheArticle() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "crash", extra: ["required: true"])
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 1)
        let byName = try results(run)
        #expect(byName["marked.txt"]?["status"] == .string("failed"))
        #expect(byName["marked.txt"]?.at("error.code") == .string("required-processor-failed"))
        #expect(byName["marked.txt"]?.at("error.processor") == .string("probe"))
        #expect(byName["first.txt"]?["status"] == .string("ok"))
        #expect(byName["last.txt"]?["status"] == .string("ok"))
    }

    @Test func aPluginThatHangsTimesOutAndIsReplaced() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "hang", extra: ["timeout: 1s"])
        let start = ContinuousClock.now
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let byName = try results(run)
        #expect(byName["marked.txt"]?.at("processors.probe.status") == .string("timeout"))
        #expect(byName["last.txt"]?.at("processors.probe.status") == .string("ok"))
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aPluginThatAnswersGarbageIsRestarted() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "garbage")
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let byName = try results(run)
        let error = byName["marked.txt"]?.at("processors.probe.error")?.stringValue ?? ""
        #expect(byName["marked.txt"]?.at("processors.probe.status") == .string("failed"))
        #expect(error.contains("not JSON"), "\(error)")
        #expect(byName["last.txt"]?.at("processors.probe.status") == .string("ok"))
    }

    @Test func anOversizedReplyIsRefusedAndThePluginRestarted() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "flood", extra: ["max_reply_bytes: 1MB"])
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let byName = try results(run)
        #expect(
            byName["marked.txt"]?.at("processors.probe.error")?.stringValue?.contains("longer than max_reply_bytes")
                == true)
        #expect(byName["last.txt"]?.at("processors.probe.status") == .string("ok"))
    }

    @Test func anErrorReplyFailsTheArticleButKeepsThePlugin() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "error")
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        let byName = try results(run)
        #expect(
            byName["marked.txt"]?.at("processors.probe.error")?.stringValue?.contains("cannot read this one") == true)
        #expect(byName["first.txt"]?.at("annotations.probe.pid") == byName["last.txt"]?.at("annotations.probe.pid"))
    }

    @Test func aPluginThatExitsAtStartUpTripsTheBreakerAndArticlesStillGetResults() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(
            in: folder.url, mode: "exit-at-start", extra: ["provides: [probe]", "max_failures: 2", "timeout: 2s"])
        let run = try LectorBinary.run(["process", "--config", config] + articles(in: folder))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let byName = try results(run)
        #expect(byName.count == 3)
        for result in byName.values {
            #expect(result.at("processors.text.status") == .string("ok"))
            #expect(result.at("processors.probe.status") != .string("ok"))
        }
        #expect(byName["last.txt"]?.at("processors.probe.error")?.stringValue?.contains("circuit open") == true)
        #expect(run.stderr.contains("cannot load the model"), "the plugin's stderr is logged")
        #expect(run.stderr.contains("not starting it again"))
    }

    @Test func restartAfterStartsAFreshProcess() throws {
        let folder = try TemporaryFolder()
        let config = try TestPlugins.config(in: folder.url, mode: "good", extra: ["restart_after: 2"])
        let files =
            try articles(in: folder) + [try folder.write("fourth.txt", text: "A fourth article. It is short.\n")]
        let run = try LectorBinary.run(["process", "--config", config] + files)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let byName = try results(run)
        let pids = ["first.txt", "marked.txt", "last.txt", "fourth.txt"].map { byName[$0]?.at("annotations.probe.pid") }
        #expect(pids[0] == pids[1])
        #expect(pids[2] == pids[3])
        #expect(pids[1] != pids[2])
        #expect(byName.values.allSatisfy { $0.at("processors.probe.status") == .string("ok") })
    }

    @Test func configCheckPointsAtBadPluginKeys() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "bad.yaml",
            text:
                "plugins:\n  probe:\n    command: python3\n    timout: 2s\n    max_reply_bytes: lots\n"
                    + "  Bad-Id:\n    command: x\n"
        )
        let run = try LectorBinary.run(["config", "check", path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("bad.yaml:4:5: plugins.probe.timout: unknown key; did you mean 'timeout'?"),
            "\(run.stderr)")
        #expect(run.stderr.contains("plugins.probe.max_reply_bytes: expected a size"))
        #expect(run.stderr.contains("'Bad-Id' is not a valid id"))

        let missing = try folder.write("missing.yaml", text: "plugins:\n  probe:\n    args: [x]\n")
        let second = try LectorBinary.run(["config", "check", missing])
        #expect(second.status == 1)
        #expect(second.stderr.contains("plugins.probe.command: is required"), "\(second.stderr)")

        // Well-formed, but the plugin cannot start: check starts it and says why.
        let dead = try TestPlugins.config(in: folder.url, mode: "exit-at-start")
        let third = try LectorBinary.run(["config", "check", dead])
        #expect(third.status == 1)
        #expect(
            third.stderr.contains("plugins.probe: the plugin did not start: the plugin exited with status 3"),
            "\(third.stderr)")
        let good = try TestPlugins.config(in: folder.url, mode: "good")
        let fourth = try LectorBinary.run(["config", "check", good])
        #expect(fourth.status == 0, "\(fourth.stderr)")
        #expect(fourth.stdoutText.contains("valid"))
    }

    @Test func pluginTestPassesTheExamples() throws {
        for example in ["pii/pii.py", "reading-time/reading_time.py"] {
            let script = LectorBinary.repositoryRoot.appendingPathComponent("Plugins/examples/\(example)").path
            let seeds = LectorBinary.repositoryRoot.appendingPathComponent("seeds").path
            let run = try LectorBinary.run(["plugin", "test", "--seeds", seeds, "python3", script])
            #expect(run.status == 0, "\(example): \(run.stdoutText) \(run.stderr)")
            #expect(run.stdoutText.contains("ok    004_ffc8b5db7dc18ac9.txt"), "\(run.stdoutText)")
            #expect(run.stdoutText.contains("conforms: 10 checks passed"))
        }
    }

    @Test func pluginTestReportsWhatAPluginGetsWrong() throws {
        let folder = try TemporaryFolder()
        let script = try TestPlugins.write(in: folder.url)
        let seeds = LectorBinary.repositoryRoot.appendingPathComponent("seeds").path
        let sloppy = try LectorBinary.run(["plugin", "test", "--seeds", seeds, "python3", script, "sloppy"])
        #expect(sloppy.status == 1)
        #expect(sloppy.stdoutText.contains("ok    000_d6359ddc57249c7f.txt: probe in"), "\(sloppy.stdoutText)")
        #expect(
            sloppy.stdoutText.contains(
                "FAIL  one-word.txt: failed: returned annotation 'extra', which it does not declare in provides"))
        #expect(sloppy.stdoutText.contains("FAIL  determinism: the same article gave different annotations"))
        #expect(sloppy.stdoutText.contains("FAIL  shutdown: still running 2s after the shutdown message"))

        let dead = try LectorBinary.run(["plugin", "test", "--seeds", seeds, "python3", script, "exit-at-start"])
        #expect(dead.status == 1)
        #expect(dead.stdoutText.contains("FAIL  handshake"))
        #expect(
            dead.stdoutText.contains("exited with status 3; its last line on stderr: cannot load the model"),
            "\(dead.stdoutText)")

        let missing = try LectorBinary.run(["plugin", "test", "/nonexistent/plugin"])
        #expect(missing.status == 1)
        #expect(missing.stdoutText.contains("/nonexistent/plugin: No such file or directory"))
    }
}
