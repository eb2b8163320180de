import Foundation
import LectorTestKit

#if canImport(Glibc)
import Glibc
#endif

/// A real systemd, booted as PID 1 of a private PID and mount namespace by
/// tests/systemd/private-systemd.sh, running the packaged `lector.service` as the package installs
/// it: the `lector` user from sysusers.d, the folders from tmpfiles.d, the default configuration in
/// /etc/lector. Only the unit's ExecStart is changed, to the binary under test.
///
/// Commands run inside it with `nsenter`; its files are reached through `/proc/PID/root`. Nothing of
/// the host is written: the script hides /run, /tmp, /var/tmp, /var/lib and /var/log/journal behind
/// private mounts, puts /etc under an overlay, and gives systemd a cgroup namespace rooted at a
/// cgroup2 folder of this test's own. ``shutDown()`` kills it with SIGKILL and removes that folder;
/// call it in a `defer`.
final class PrivateSystemd {
    static let script = ChildProcess.repositoryRoot.appendingPathComponent("tests/systemd/private-systemd.sh").path
    static let tools = ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/setsid", "/lib/systemd/systemd",
                        "/usr/bin/systemctl", "/usr/bin/journalctl", "/usr/bin/systemd-sysusers", "/usr/bin/systemd-tmpfiles"]

    /// Why a private systemd cannot run here, or nil when it can.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "needs root to boot systemd in private namespaces" }
        for tool in tools where access(tool, X_OK) != 0 { return "\(tool) is not installed" }
        return nil
    }()

    let stage: TemporaryFolder
    let launcher: ChildProcess
    /// systemd's PID as the host sees it.
    let pid: Int32
    /// The cgroup2 folder systemd's cgroup namespace is rooted at.
    let cgroup: String

    /// Stages the binary, the packaged unit, sysusers, tmpfiles and `configuration`, boots systemd,
    /// and returns once it is running.
    ///   - files: more files for /run/lector-test, by path relative to it (a plugin, say).
    init(binary: String = ChildProcess.lectorBinary, configuration: String? = nil, files: [String: Data] = [:]) throws {
        stage = try TemporaryFolder()
        let repository = ChildProcess.repositoryRoot
        let fileManager = FileManager.default
        let binaryURL = URL(fileURLWithPath: binary)
        let bin = stage.url.appendingPathComponent("bin")
        try fileManager.createDirectory(at: bin, withIntermediateDirectories: true)
        try fileManager.copyItem(at: binaryURL, to: bin.appendingPathComponent("lector"))
        // Foundation looks for the processors' resource bundles beside the executable.
        let buildFolder = binaryURL.deletingLastPathComponent()
        for bundle in try fileManager.contentsOfDirectory(atPath: buildFolder.path) where bundle.hasSuffix(".resources") {
            try fileManager.copyItem(at: buildFolder.appendingPathComponent(bundle), to: bin.appendingPathComponent(bundle))
        }

        let unit = try String(contentsOf: repository.appendingPathComponent("packaging/lector.service"), encoding: .utf8)
        // The binary under test stands where the package puts /usr/bin/lector (as `make install`
        // does for its PREFIX); nothing else of the unit changes.
        let staged = unit.replacingOccurrences(of: "=/usr/bin/lector ", with: "=/run/lector-test/bin/lector ")
        guard staged.contains("\nExecStart=/run/lector-test/bin/lector ") else { throw Failure("packaging/lector.service has no ExecStart=/usr/bin/lector line") }
        try staged.write(to: stage.url.appendingPathComponent("lector.service"), atomically: true, encoding: .utf8)
        for (source, name) in [("packaging/lector.sysusers", "lector.sysusers"), ("packaging/lector.tmpfiles", "lector.tmpfiles")] {
            try fileManager.copyItem(at: repository.appendingPathComponent(source), to: stage.url.appendingPathComponent(name))
        }
        let config = try configuration ?? String(contentsOf: repository.appendingPathComponent("config/lector.yaml"), encoding: .utf8)
        try config.write(to: stage.url.appendingPathComponent("lector.yaml"), atomically: true, encoding: .utf8)
        for (path, contents) in files {
            let file = stage.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file)
        }

        // The cgroup2 hierarchy: /sys/fs/cgroup itself on a unified host, its `unified` folder on a
        // hybrid one.
        let hierarchy = access("/sys/fs/cgroup/cgroup.subtree_control", F_OK) == 0 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified"
        cgroup = "\(hierarchy)/lector-test-\(UUID().uuidString.prefix(8))"
        guard mkdir(cgroup, 0o755) == 0 else { throw Failure("cannot create the cgroup \(cgroup): errno \(errno)") }
        let launcher = try ChildProcess(
            executable: "/usr/bin/setsid",
            arguments: ["--wait", "/usr/bin/unshare", "--pid", "--fork", "--kill-child", "--mount", "--propagation", "private",
                        "--mount-proc", Self.script, stage.path, cgroup],
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"],
            logURL: stage.url.appendingPathComponent("boot.log"))
        self.launcher = launcher

        // unshare forks the namespace's PID 1, which becomes systemd.
        var found: Int32?
        _ = ChildProcess.waitUntil(timeout: .seconds(20)) {
            found = Self.namespaceInit(below: launcher.process.processIdentifier)
            return found != nil || !launcher.process.isRunning
        }
        guard let found else {
            rmdir(cgroup)
            throw Failure("the private systemd did not start; boot log: \(launcher.log)")
        }
        pid = found

        var state = ""
        let running = ChildProcess.waitUntil(timeout: .seconds(60), interval: .milliseconds(200)) {
            state = (try? self.run(["systemctl", "is-system-running"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
            return state == "running" || state == "degraded" || !self.launcher.process.isRunning
        }
        guard running, launcher.process.isRunning else {
            shutDown()
            throw Failure("the private systemd is not running (state '\(state)'); boot log: \(launcher.log)")
        }
    }

    /// Runs a command inside the namespaces; its exit status and combined output.
    @discardableResult
    func run(_ command: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments = ["-t", String(pid), "-m", "-p", "--"] + command
        process.environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `systemctl show -p NAME --value lector`.
    func property(_ name: String, of unit: String = "lector") throws -> String {
        try run(["systemctl", "show", "-p", name, "--value", unit]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A path inside the namespace, as the host reaches it.
    func hostPath(_ path: String) -> String { "/proc/\(pid)/root\(path)" }

    /// Drops an article into the service's inbox the way most programs do: written beside it, then
    /// renamed in.
    func drop(_ text: String, as name: String) throws {
        let staging = hostPath("/var/lib/lector/.staging-\(name)")
        try Data(text.utf8).write(to: URL(fileURLWithPath: staging))
        guard rename(staging, hostPath("/var/lib/lector/inbox/\(name)")) == 0 else {
            throw Failure("cannot move \(name) into the inbox: errno \(errno)")
        }
    }

    /// The service's result for `name`, once it is there.
    func result(_ name: String, timeout: Duration = .seconds(60)) -> [String: Any]? {
        let path = hostPath("/var/lib/lector/output/\(name).json")
        var object: [String: Any]?
        _ = ChildProcess.waitUntil(timeout: timeout, interval: .milliseconds(100)) {
            guard let data = FileManager.default.contents(atPath: path) else { return false }
            object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            return object != nil
        }
        return object
    }

    /// The service's journal as `journalctl -u lector` prints it, for failure messages.
    var journalText: String {
        (try? run(["journalctl", "-u", "lector", "--no-pager"]).output) ?? "(journalctl failed)"
    }

    /// The journal's entries for the service matching `matches`, read inside the namespace with
    /// `journalctl -u lector`, as field -> value.
    func journal(_ matches: [String] = []) throws -> [[String: String]] {
        _ = try run(["journalctl", "--sync"])
        let output = try run(["journalctl", "-u", "lector", "-o", "json", "--no-pager"] + matches).output
        return output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?.compactMapValues { $0 as? String }
        }
    }

    /// Kills the whole namespace (SIGKILL to its PID 1) and removes the cgroups systemd created.
    func shutDown() {
        kill(pid, SIGKILL)
        _ = launcher.waitForExit(timeout: .seconds(30))
        var folders = [cgroup]
        if let walker = FileManager.default.enumerator(atPath: cgroup) {
            while let relative = walker.nextObject() as? String {
                if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { folders.append("\(cgroup)/\(relative)") }
            }
        }
        // Deepest first; a cgroup empties a moment after its last process is gone.
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            _ = ChildProcess.waitUntil(timeout: .seconds(5), interval: .milliseconds(50)) {
                rmdir(folder) == 0 || errno == ENOENT
            }
        }
    }

    /// The descendant of `ancestor` that is PID 1 of a PID namespace below the host's.
    static func namespaceInit(below ancestor: Int32) -> Int32? {
        var queue = [ancestor]
        while !queue.isEmpty {
            let pid = queue.removeFirst()
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("NSpid:") }) {
                let ids = line.dropFirst("NSpid:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
                if ids.count == 2, ids.last == "1" { return pid }
            }
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            queue += children.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
