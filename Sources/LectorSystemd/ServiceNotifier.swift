import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Tells the service manager what the daemon is doing, through `sd_notify` and `$NOTIFY_SOCKET`.
///
/// systemd waits for ``ready(status:)`` before `systemctl start` returns (`Type=notify`), shows
/// ``status(_:)`` in `systemctl status`, expects ``reloading()`` then ``ready(status:)`` around a
/// reload, ``stopping()`` when shutdown begins, and ``watchdog()`` more often than `WatchdogSec=`.
/// Without `$NOTIFY_SOCKET` (run by hand) every call does nothing.
public struct ServiceNotifier: Sendable {
    /// Sends one notification; returns what `sd_notify` returned (> 0 sent, 0 no socket, < 0 -errno).
    private let send: @Sendable (String) -> Int32

    /// A notifier that talks to the service manager in `$NOTIFY_SOCKET`.
    public init() {
        send = { message in sd_notify(0, message) }
    }

    /// A notifier that hands each message to `send` instead (for tests).
    public init(send: @escaping @Sendable (String) -> Int32) {
        self.send = send
    }

    /// How often the service manager wants `WATCHDOG=1`, or nil when it does not watch this
    /// process (no `WatchdogSec=`, or `$WATCHDOG_PID` names another process).
    public static func watchdogInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds))
    }

    /// CLOCK_MONOTONIC in microseconds, which `MONOTONIC_USEC=` must carry.
    static func monotonicMicroseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }

    // MARK: - Messages

    /// The daemon is ready: configuration valid, folders checked, processors loaded, watch armed.
    @discardableResult
    public func ready(status: String) -> Int32 { send("READY=1\nSTATUS=\(Self.oneLine(status))") }

    @discardableResult
    public func status(_ text: String) -> Int32 { send("STATUS=\(Self.oneLine(text))") }

    /// A reload begins; ``ready(status:)`` ends it.
    @discardableResult
    public func reloading(status: String = "reloading the configuration") -> Int32 {
        send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())\nSTATUS=\(Self.oneLine(status))")
    }

    @discardableResult
    public func stopping(status: String = "stopping") -> Int32 { send("STOPPING=1\nSTATUS=\(Self.oneLine(status))") }

    @discardableResult
    public func watchdog() -> Int32 { send("WATCHDOG=1") }

    /// A newline would start another assignment: status text must stay on one line.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
