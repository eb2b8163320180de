import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `lector reload --pid PID`: asks a running daemon to re-read its configuration (SIGHUP) and
/// waits until it has applied or refused it.
///
/// It is the unit's `ExecReload=`. systemd 252 has no `Type=notify-reload`, and it ends a
/// `systemctl reload` job as soon as `ExecReload=` exits: a bare `kill -HUP` returned before the
/// daemon had even read the file, so the next article could still be processed the old way, and
/// a broken file went unreported. This command returns only when the reload is done, and fails
/// when the configuration was refused, so `systemctl reload` says so.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make a running daemon re-read its configuration, and wait until it has applied or refused it.",
        discussion: """
            Sends SIGHUP to the daemon and waits for its answer in $RUNTIME_DIRECTORY/reload (the \
            folder systemd makes for RuntimeDirectory=lector). Exits 0 once the new configuration \
            applies, 1 if the daemon refused it (the reason is printed) or did not answer in time. \
            Without $RUNTIME_DIRECTORY it only sends the signal.
            """
    )

    @Option(help: "The daemon's process id (systemd passes $MAINPID).")
    var pid: Int32

    @Option(help: "How long to wait for the daemon's answer, in seconds.")
    var timeout: Double = 90

    func run() throws {
        let outcomes = ReloadOutcomeFile.fromEnvironment()
        let before = outcomes?.read()?.generation ?? 0
        guard kill(pid, SIGHUP) == 0 else {
            throw ValidationError("cannot signal process \(pid): \(String(cString: strerror(errno)))")
        }
        guard let outcomes else {
            print("sent SIGHUP to \(pid); without $RUNTIME_DIRECTORY there is no answer to wait for")
            return
        }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let outcome = outcomes.read(), outcome.generation > before {
                guard outcome.applied else {
                    FileHandle.standardError.write(Data("lector: the configuration was refused; the daemon keeps the running one: \(outcome.message)\n".utf8))
                    throw ExitCode(1)
                }
                print("configuration reloaded")
                return
            }
            usleep(20_000)
        }
        FileHandle.standardError.write(Data("lector: process \(pid) did not answer the reload within \(Int(timeout)) s\n".utf8))
        throw ExitCode(1)
    }
}

/// The daemon's answer to each reload, one line in `$RUNTIME_DIRECTORY/reload`:
/// `GENERATION applied` or `GENERATION refused MESSAGE`, replaced atomically after each SIGHUP.
struct ReloadOutcomeFile: Sendable {
    struct Outcome: Equatable {
        var generation: Int
        var applied: Bool
        var message: String
    }

    let path: String

    /// The file in systemd's runtime folder for the service, if it made one.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ReloadOutcomeFile? {
        // RUNTIME_DIRECTORY may list several folders, separated by colons; the first is Lector's.
        guard let folder = environment["RUNTIME_DIRECTORY"]?.split(separator: ":").first, !folder.isEmpty else { return nil }
        return ReloadOutcomeFile(path: "\(folder)/reload")
    }

    func read() -> Outcome? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Self.parse(text)
    }

    static func parse(_ text: String) -> Outcome? {
        let fields = text.trimmingCharacters(in: .newlines).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2, let generation = Int(fields[0]), ["applied", "refused"].contains(fields[1]) else { return nil }
        return Outcome(generation: generation, applied: fields[1] == "applied", message: fields.count > 2 ? String(fields[2]) : "")
    }

    static func line(_ outcome: Outcome) -> String {
        let message = outcome.message.replacingOccurrences(of: "\n", with: " ")
        return "\(outcome.generation) \(outcome.applied ? "applied" : "refused")\(message.isEmpty ? "" : " " + message)\n"
    }

    /// Replaces the file (a temporary file, then a rename), so a reader never sees half a line.
    func write(_ outcome: Outcome) throws {
        let temporary = "\(path).tmp"
        try Data(Self.line(outcome).utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
