import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program under test, started as a real child process with its output in a log file.
///
/// Tests of the `lector` binary subclass it (a daemon on a folder of its own, a service started
/// the way systemd starts it) and add what their subject needs.
open class ChildProcess {
    public let process = Process()
    public let logURL: URL

    /// `$LECTOR_BIN` (set by `make test`), else the debug build in this checkout.
    public static let lectorBinary: String = {
        if let path = ProcessInfo.processInfo.environment["LECTOR_BIN"], !path.isEmpty { return path }
        return repositoryRoot.appendingPathComponent(".build/debug/lector").path
    }()

    /// The checkout this test kit was built from.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public init(executable: String = ChildProcess.lectorBinary, arguments: [String], environment: [String: String], logURL: URL) throws {
        self.logURL = logURL
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

    /// Everything the process has written so far.
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit; its status, or nil if it did not exit in time.
    public func waitForExit(timeout: Duration = .seconds(30)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// Waits until `condition` holds, checking every `interval`; false on timeout.
    public static func waitUntil(timeout: Duration = .seconds(60), interval: Duration = .milliseconds(50), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
        }
        return true
    }
}

/// A temporary folder, removed when the test ends.
public final class TemporaryFolder {
    public let url: URL
    public var path: String { url.path }

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lector-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    @discardableResult
    public func write(_ name: String, text: String) throws -> String { try write(name, Array(text.utf8)) }
}
