import Foundation
import LectorTestKit

#if canImport(Glibc)
import Glibc
#endif

/// The real `lector daemon`, started as a child process the way a service manager starts it, on a
/// folder of its own.
final class LectorService: ChildProcess {
    static let binary = ChildProcess.lectorBinary

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

    let root: URL

    var inbox: URL { root.appendingPathComponent("inbox") }
    var output: URL { root.appendingPathComponent("output") }

    init(root: URL, executable: String = LectorService.binary, arguments: [String], environment: [String: String]) throws {
        self.root = root
        try super.init(
            executable: executable, arguments: arguments, environment: environment,
            logURL: root.appendingPathComponent("lector-\(UUID().uuidString.prefix(8)).log"))
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
}

/// A short invented article the text processor accepts.
func article(_ topic: String) -> String {
    """
    A report on \(topic)

    The council met on Tuesday to discuss \(topic). Members agreed to publish the findings next month.

    Residents said they welcomed the decision. Further meetings are planned for the spring.

    """
}
