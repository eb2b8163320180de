#if canImport(Glibc)
import Glibc
#endif

/// Where log lines go: the systemd journal, or readable lines on standard error.
///
/// `auto` picks the journal when Lector runs as a systemd service, and standard error when
/// someone runs it by hand, so a terminal shows lines to read and a service's journal gets
/// fields to filter on:
/// - `$JOURNAL_STREAM` names the device and inode of standard error (systemd sets it when a
///   service's output goes to the journal): journal.
/// - Otherwise, the journal socket exists and the parent is PID 1 (a service whose output goes
///   elsewhere): journal.
/// - Otherwise: standard error. A program run from a shell inside a service inherits
///   `$JOURNAL_STREAM` but not its standard error, which is why the inode is compared.
public struct LogOutput: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard Self.names.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let auto = LogOutput("auto")
    public static let journal = LogOutput("journal")
    public static let standardError = LogOutput("stderr")

    public static let names = ["auto", "journal", "stderr"]

    /// Where journald listens for native clients.
    public static let journalSocket = "/run/systemd/journal/socket"

    /// What `auto` means for a process in this situation; `journal` and `stderr` stay as they are.
    ///
    /// - Parameters:
    ///   - journalStream: `$JOURNAL_STREAM` ("DEVICE:INODE"), if set.
    ///   - standardError: the device and inode of file descriptor 2, if it is open.
    ///   - journalSocketExists: whether ``journalSocket`` exists.
    ///   - parentProcess: the parent's process id.
    public func resolved(
        journalStream: String?, standardError: (device: UInt64, inode: UInt64)?, journalSocketExists: Bool, parentProcess: Int32
    ) -> LogOutput {
        guard self == .auto else { return self }
        if let journalStream, let standardError, journalStream == "\(standardError.device):\(standardError.inode)" {
            return .journal
        }
        if journalSocketExists, parentProcess == 1 { return .journal }
        return .standardError
    }

    /// What `auto` means for this process, looking at its environment and file descriptors.
    public func resolvedForThisProcess() -> LogOutput {
        var status = stat()
        let standardError: (UInt64, UInt64)? = fstat(2, &status) == 0 ? (UInt64(status.st_dev), UInt64(status.st_ino)) : nil
        let stream = getenv("JOURNAL_STREAM").map { String(cString: $0) }
        return resolved(
            journalStream: stream, standardError: standardError, journalSocketExists: access(Self.journalSocket, F_OK) == 0,
            parentProcess: getppid())
    }
}
