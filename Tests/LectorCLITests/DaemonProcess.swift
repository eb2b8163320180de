import Foundation
import LectorCore

#if canImport(Glibc)
import Glibc
#endif

/// A `lector daemon` started as a real process on a folder of its own.
final class DaemonProcess {
    let process = Process()
    let root: URL
    let logURL: URL

    var inbox: URL { root.appendingPathComponent("inbox") }
    var output: URL { root.appendingPathComponent("output") }
    var archive: URL { root.appendingPathComponent("archive") }
    var failed: URL { root.appendingPathComponent("failed") }
    var processing: URL { root.appendingPathComponent("processing") }

    /// Starts the daemon; `settings` are `--set` overrides. Fast stability so tests need not wait.
    /// The pipeline is `text` alone unless `fullPipeline`: these tests are about the life of files,
    /// and loading the language model in a debug build costs seconds per start.
    init(root: URL, settings: [String] = [], label: String = "daemon", fullPipeline: Bool = false) throws {
        self.root = root
        logURL = root.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8)).log")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: LectorBinary.path)
        var arguments = ["daemon", "--root", root.path, "--set", "daemon.stable_delay=300ms", "--set", "daemon.rescan_interval=2s", "--set", "daemon.retry_backoff=100ms"]
        if !fullPipeline { arguments += ["--set", "pipeline.processors=text"] }
        for setting in settings { arguments += ["--set", setting] }
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LECTOR_") }
        // A file, not a pipe: a busy daemon must never block on a full pipe nobody reads.
        let log = try FileHandle(forWritingTo: logURL)
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; returns its status, or nil if it did not exit in time.
    func waitForExit(timeout: Duration = .seconds(30)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// Stops with SIGTERM and returns the exit status.
    @discardableResult
    func stop() -> Int32? {
        signal(SIGTERM)
        return waitForExit()
    }

    func killHard() {
        signal(SIGKILL)
        _ = waitForExit()
    }

    /// Waits until `condition` holds, polling; false on timeout.
    static func waitUntil(timeout: Duration = .seconds(60), interval: Duration = .milliseconds(50), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
        }
        return true
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
}

/// Writes a file the way most programs do: create, write, close.
func drop(_ text: String, as name: String, in folder: URL) throws {
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
}
