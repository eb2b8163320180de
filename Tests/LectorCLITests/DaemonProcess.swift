import Foundation
import LectorCore
import LectorTestKit

#if canImport(Glibc)
import Glibc
#endif

/// A `lector daemon` started as a real process on a folder of its own.
final class DaemonProcess: ChildProcess {
    let root: URL

    var inbox: URL { root.appendingPathComponent("inbox") }
    var output: URL { root.appendingPathComponent("output") }
    var archive: URL { root.appendingPathComponent("archive") }
    var failed: URL { root.appendingPathComponent("failed") }
    var processing: URL { root.appendingPathComponent("processing") }

    /// Starts the daemon; `settings` are `--set` overrides. Fast stability so tests need not wait.
    /// The pipeline is `text` alone unless `fullPipeline`: these tests are about the life of files,
    /// and loading the language model in a debug build costs seconds per start.
    /// `extraArguments` go to `lector daemon` as they are.
    init(root: URL, settings: [String] = [], label: String = "daemon", fullPipeline: Bool = false, extraArguments: [String] = []) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        var arguments = ["daemon", "--root", root.path, "--set", "daemon.stable_delay=300ms", "--set", "daemon.rescan_interval=2s", "--set", "daemon.retry_backoff=100ms"]
        if !fullPipeline { arguments += ["--set", "pipeline.processors=text"] }
        for setting in settings { arguments += ["--set", setting] }
        arguments += extraArguments
        try super.init(
            arguments: arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LECTOR_") },
            logURL: root.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8)).log"))
    }

    /// Stops with SIGTERM and returns the exit status.
    @discardableResult
    func stop() -> Int32? {
        signal(SIGTERM)
        return waitForExit()
    }

    /// Whether every thread of the daemon is stopped (SIGSTOP has reached them all).
    var isStopped: Bool {
        let pid = process.processIdentifier
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"), !tasks.isEmpty else { return false }
        return tasks.allSatisfy { task in
            // /proc/PID/task/TID/stat: "TID (comm) STATE ..."; comm may hold spaces, STATE follows the last ')'.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "T"
        }
    }

    func killHard() {
        signal(SIGKILL)
        _ = waitForExit()
    }

    /// Regular files below a folder, as paths relative to it (byte-exact names are not needed here).
    static func files(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else { return [] }
        var result: [String] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values?.isRegularFile == true || values?.isSymbolicLink == true {
                result.append(String(url.path.dropFirst(folder.path.count + 1)))
            }
        }
        return result.sorted()
    }

    func results() -> [String] { Self.files(in: output).filter { $0.hasSuffix(".json") } }

    func result(_ relative: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: output.appendingPathComponent(relative)))
    }

    /// Files left in this daemon's processing folders (metas included).
    func leftInProcessing() -> [String] { Self.files(in: processing) }

    /// What the folders hold, counted: it changes whenever the daemon gets anything done.
    func progress() -> [Int] {
        [results().count, Self.files(in: failed).count, leftInProcessing().count, Self.files(in: inbox).count,
         Self.files(in: archive).count]
    }

    /// Waits until `condition` holds, and gives up early once the folders have not changed for
    /// `stall`: a daemon that has stopped making progress fails the test in a minute instead of
    /// holding it until `timeout`, which is sized for the slowest machine and the longest soak.
    func settle(stall: Duration = .seconds(90), timeout: Duration, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var last = progress()
        var changed = ContinuousClock.now
        while !condition() {
            let now = ContinuousClock.now
            if now > deadline { return false }
            let current = progress()
            if current != last {
                last = current
                changed = now
            } else if now - changed > stall {
                return false
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return true
    }
}

/// Writes a file the way most programs do: create, write, close.
func drop(_ text: String, as name: String, in folder: URL) throws {
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
}
