import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The write end of the self-pipe the SIGHUP handler writes to; set once, before the handler is
/// installed, and only read afterwards (from the handler, which may run on any thread).
nonisolated(unsafe) private var hangupPipe: Int32 = -1

/// SIGHUP, caught from the very start of the process and delivered as an `AsyncStream`.
///
/// SIGHUP's default action ends the process, and systemd sends it for `systemctl reload`
/// (`ExecReload=/bin/kill -HUP $MAINPID`). ``install()`` replaces that action with a handler at
/// once, before the configuration is even read, so a SIGHUP that comes early is kept and handled
/// once the daemon is ready, instead of killing it. The handler only writes a byte to a pipe
/// (async-signal-safe); a thread turns bytes into stream elements. Hangups that arrive together
/// become one element: a reload reads the newest configuration anyway.
public final class HangupSignal: Sendable {
    /// One element per burst of SIGHUPs.
    public let hangups: AsyncStream<Void>

    private init(hangups: AsyncStream<Void>) { self.hangups = hangups }

    private static let shared = Mutex<HangupSignal?>(nil)

    /// Installs the handler (once per process) and returns the stream of hangups.
    public static func install() -> HangupSignal {
        shared.withLock { current in
            if let current { return current }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                // Without a pipe, at least do not die of SIGHUP.
                signal(SIGHUP, SIG_IGN)
                let made = HangupSignal(hangups: AsyncStream { $0.finish() })
                current = made
                return made
            }
            // The reading end blocks; the writing end must not, or a flood of signals could block
            // the handler.
            _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            hangupPipe = fds[1]
            signal(SIGHUP) { _ in
                let saved = errno
                var byte: UInt8 = 1
                _ = write(hangupPipe, &byte, 1)
                errno = saved
            }
            let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let reader = fds[0]
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 64)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
                    if count > 0 {
                        continuation.yield()
                    } else if count < 0, errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
                continuation.finish()
            }
            thread.name = "lector-sighup"
            thread.start()
            let made = HangupSignal(hangups: stream)
            current = made
            return made
        }
    }
}
