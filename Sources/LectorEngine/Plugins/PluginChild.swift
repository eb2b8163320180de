import CLinux
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One running plugin process and its three pipes.
///
/// Two threads of its own read the process's standard output (cut into lines, each at most
/// `maxLineBytes`) and standard error; a serial queue writes to its standard input, so a plugin
/// that stops reading blocks nothing but that queue. Blocking threads rather than the
/// cooperative pool: a plugin's pace must never hold up Swift tasks.
final class PluginChild: Sendable {
    /// How the process's output ended.
    enum End: Sendable {
        /// A line longer than the limit: the process is killed.
        case oversized(limit: Int)
        /// The process exited; the text says how, with its last line on standard error if any.
        case exited(String)
    }

    let pid: Int32
    let generation: Int
    private let input: Mutex<Int32>
    private let writer: DispatchQueue
    private let reaped = Atomic<Bool>(false)
    private let stderrEnded = Atomic<Bool>(false)
    private let lastErrorLine = Mutex<String?>(nil)

    /// Starts the plugin process; nothing is read from it until ``startReading(onLine:onStderr:onEnd:)``.
    static func spawn(_ settings: PluginSettings, generation: Int) throws(PluginFailure) -> PluginChild {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard lector_pipe_cloexec(&stdinPipe) == 0, lector_pipe_cloexec(&stdoutPipe) == 0,
            lector_pipe_cloexec(&stderrPipe) == 0
        else {
            let reason = String(cString: strerror(errno))
            for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
            throw .exited("could not be started: pipe: \(reason)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(settings.environment) { _, new in new }
        let arguments = [settings.command] + settings.arguments
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: Int32 = 0
        let result = settings.workingDirectory.withOptionalCString { cwd in
            lector_spawn(settings.command, argv, envp, cwd, stdinPipe[0], stdoutPipe[1], stderrPipe[1], &pid)
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard result == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            let place = settings.workingDirectory.map { " (in \($0))" } ?? ""
            throw .exited("could not be started: \(settings.command)\(place): \(String(cString: strerror(result)))")
        }
        return PluginChild(
            pid: pid, generation: generation, input: stdinPipe[1], output: stdoutPipe[0], errors: stderrPipe[0],
            maxLine: settings.maxReplyBytes)
    }

    /// Starts the reader threads. Call once, after the process is known to whoever handles its lines.
    ///
    /// - Parameters:
    ///   - onLine: each line of standard output, in order, without its newline.
    ///   - onStderr: each line of standard error, as far as `stderrLimit` lets it through.
    ///   - onStderrDropped: what `stderrLimit` held back: called with `(0, started: true)` when
    ///     it starts dropping lines, and with the number dropped, `started: false`, when a line is
    ///     logged again or standard error ends.
    ///   - onEnd: once, when standard output ends: the limit was passed, or the process exited.
    func startReading(
        stderrLimit: LogRateLimiter = LogRateLimiter(),
        onLine: @escaping @Sendable (Data) -> Void,
        onStderr: @escaping @Sendable (String) -> Void,
        onStderrDropped: @escaping @Sendable (_ count: Int, _ started: Bool) -> Void = { _, _ in },
        onEnd: @escaping @Sendable (End) -> Void
    ) {
        let stderrDone = DispatchSemaphore(value: 0)
        let (output, errors, maxLine) = (self.output, self.errors, self.maxLine)
        Thread.detachNewThread { [self] in
            // Only this thread reads standard error, so the limiter needs no lock.
            var limiter = stderrLimit
            PluginChild.readLines(errors, limit: 16 * 1024, truncate: true) { line in
                let text = String(decoding: line, as: UTF8.self)
                lastErrorLine.withLock { $0 = text }
                switch limiter.admit(at: .now) {
                case .log(let droppedBefore):
                    if droppedBefore > 0 { onStderrDropped(droppedBefore, false) }
                    onStderr(text)
                case .drop(let first):
                    if first { onStderrDropped(0, true) }
                }
            }
            let dropped = limiter.takeDropped()
            if dropped > 0 { onStderrDropped(dropped, false) }
            close(errors)
            stderrEnded.store(true, ordering: .releasing)
            stderrDone.signal()
        }
        Thread.detachNewThread { [self] in
            let oversized = PluginChild.readLines(output, limit: maxLine, truncate: false, onLine)
            close(output)
            if oversized {
                kill()
                onEnd(.oversized(limit: maxLine))
            }
            let how = waitForExit()
            // The last words on standard error usually say why (a Python traceback ends there).
            _ = stderrDone.wait(timeout: .now() + .milliseconds(200))
            if !oversized {
                let last = lastErrorLine.withLock { $0 }.map { "; its last line on stderr: \($0.prefix(300))" } ?? ""
                onEnd(.exited(how + last))
            }
        }
    }

    private let output: Int32
    private let errors: Int32
    private let maxLine: Int

    private init(pid: Int32, generation: Int, input: Int32, output: Int32, errors: Int32, maxLine: Int) {
        self.pid = pid
        self.generation = generation
        self.input = Mutex(input)
        self.output = output
        self.errors = errors
        self.maxLine = maxLine
        writer = DispatchQueue(label: "lector.plugin.stdin")
    }

    /// Writes `data` after whatever was sent before; a write to a process that is gone is dropped
    /// (its end is reported by the reader).
    func send(_ data: Data) {
        writer.async { [self] in
            let fd = input.withLock { $0 }
            guard fd >= 0 else { return }
            data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < buffer.count {
                    let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// Closes the plugin's standard input once everything sent so far is written.
    func closeInput() {
        writer.async { [self] in
            let fd = input.withLock { fd in
                defer { fd = -1 }
                return fd
            }
            if fd >= 0 { close(fd) }
        }
    }

    /// SIGKILL to the plugin and its process group (anything it started).
    func kill() {
        guard !reaped.load(ordering: .acquiring) else { return }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
        // A write blocked on a full pipe returns EPIPE now; nothing more should be written.
        closeInput()
    }

    /// SIGTERM to the plugin and its process group.
    func terminate() {
        guard !reaped.load(ordering: .acquiring) else { return }
        _ = Glibc.kill(-pid, SIGTERM)
        _ = Glibc.kill(pid, SIGTERM)
    }

    var hasExited: Bool { reaped.load(ordering: .acquiring) }

    /// Whether everything the process wrote to standard error has been handled (logged, or
    /// counted as left out).
    var hasFinishedStderr: Bool { stderrEnded.load(ordering: .acquiring) }

    /// Blocks until the process exits; says how it ended.
    private func waitForExit() -> String {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR {
                reaped.store(true, ordering: .releasing)
                return "ended (its exit status is unknown)"
            }
        }
        reaped.store(true, ordering: .releasing)
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return
            "was killed by signal \(signal)\(signal == SIGKILL ? " (SIGKILL)" : signal == SIGSEGV ? " (SIGSEGV)" : "")"
    }

    /// Reads `fd` to its end, handing over each line. A line longer than `limit` is cut there when
    /// `truncate` (the rest up to its newline is dropped), else reading stops and this returns true.
    @discardableResult
    private static func readLines(_ fd: Int32, limit: Int, truncate: Bool, _ handle: (Data) -> Void) -> Bool {
        var pending = Data()
        var dropping = false
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if count == 0 { break }
            var start = 0
            while start < count {
                guard let newline = chunk[start..<count].firstIndex(of: UInt8(ascii: "\n")) else {
                    if !dropping { pending.append(contentsOf: chunk[start..<count]) }
                    break
                }
                if !dropping { pending.append(contentsOf: chunk[start..<newline]) }
                if dropping {
                    dropping = false
                } else {
                    handle(pending)
                }
                pending.removeAll(keepingCapacity: true)
                start = newline + 1
            }
            if pending.count > limit {
                if !truncate { return true }
                handle(pending.prefix(limit) + Data(" […]".utf8))
                pending.removeAll()
                dropping = true
            }
        }
        if !pending.isEmpty, !dropping { handle(pending) }
        return false
    }
}

extension String? {
    fileprivate func withOptionalCString<Result>(_ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        switch self {
        case .some(let string): string.withCString { body($0) }
        case .none: body(nil)
        }
    }
}
