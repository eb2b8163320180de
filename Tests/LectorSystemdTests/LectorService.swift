import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `lector daemon`, started as a child process the way a service manager starts it, on a
/// folder of its own.
final class LectorService {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$LECTOR_BIN` (set by `make test`), else the debug build in this checkout.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["LECTOR_BIN"], !path.isEmpty { return path }
        return repositoryRoot.appendingPathComponent(".build/debug/lector").path
    }()

    /// The arguments of a daemon on `root` with fast stability detection, so tests need not wait.
    static func daemonArguments(root: URL, config: String? = nil, settings: [String] = []) -> [String] {
        var arguments = ["daemon", "--root", root.path, "--set", "daemon.stable_delay=200ms", "--set", "daemon.workers=1"]
        if let config { arguments += ["--config", config] }
        for setting in settings { arguments += ["--set", setting] }
        return arguments
    }

    /// The environment of a child: none of the developer's LECTOR_ settings, and none of the
    /// systemd variables of whatever started the tests.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("LECTOR_") && !["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"].contains($0.key)
        }
        environment.merge(extra) { $1 }
        return environment
    }

    let process = Process()
    let root: URL
    let logURL: URL

    var inbox: URL { root.appendingPathComponent("inbox") }
    var output: URL { root.appendingPathComponent("output") }

    init(root: URL, executable: String = LectorService.binary, arguments: [String], environment: [String: String]) throws {
        self.root = root
        logURL = root.appendingPathComponent("lector-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
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

    /// Waits for the process to exit; its status, or nil if it did not exit in time.
    func waitForExit(timeout: Duration = .seconds(30)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// Results written so far, relative to output/.
    func results() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    func result(_ name: String) throws -> Data { try Data(contentsOf: output.appendingPathComponent(name)) }

    /// Drops an article the way most programs do: written elsewhere, then renamed in.
    func drop(_ text: String, as name: String) throws {
        let staging = root.appendingPathComponent(".staging-\(name)")
        try Data(text.utf8).write(to: staging)
        try FileManager.default.moveItem(at: staging, to: inbox.appendingPathComponent(name))
    }

    static func waitUntil(timeout: Duration = .seconds(60), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            usleep(50_000)
        }
        return true
    }
}

/// A temporary folder, removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lector-systemd-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A short invented article the text processor accepts.
func article(_ topic: String) -> String {
    """
    A report on \(topic)

    The council met on Tuesday to discuss \(topic). Members agreed to publish the findings next month.

    Residents said they welcomed the decision. Further meetings are planned for the spring.

    """
}
