import CLinux
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Finds stable files in the inbox and offers them to the ``WorkQueue``.
///
/// It listens to inotify (a file closed after writing, or moved in, is ready at once), scans the
/// whole inbox at start, after an inotify queue overflow, when the work queue had to drop names,
/// and every `rescan_interval` as a safety net; and in poll mode (network and FUSE filesystems,
/// where inotify sees nothing of other machines' writes) it scans every `poll_interval`. A file
/// found by a scan is taken once its size and modification time have not changed for
/// `stable_delay`; a file seen opened for writing waits for its close (or `open_timeout`).
///
/// It runs on a thread of its own because it blocks in `poll(2)`.
public final class InboxWatcher: Sendable {
    private let settings: DaemonSettings
    private let queue: WorkQueue
    private let logger: Logger
    private let inbox: PathBytes
    private let stopPipe: (read: Int32, write: Int32)
    private let stopped = Atomic<Bool>(false)
    /// Set when the inbox is on a network or FUSE filesystem and polling was chosen.
    public let polling: Bool

    /// Counts for the status line and the log.
    public let overflows = Atomic<Int>(0)

    public init(settings: DaemonSettings, queue: WorkQueue, logger: Logger) {
        self.settings = settings
        self.queue = queue
        self.logger = logger
        self.inbox = PathBytes(settings.paths.inbox)
        var fds: [Int32] = [0, 0]
        lector_pipe(&fds)
        stopPipe = (fds[0], fds[1])
        switch settings.watch {
        case .poll: polling = true
        case .inotify: polling = false
        default: polling = FileSystem.isRemote(PathBytes(settings.paths.inbox))
        }
    }

    deinit {
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// Starts the watching thread.
    public func start() {
        startThread(onArmed: {})
    }

    /// Starts the watching thread and returns once the watch is armed and the start-up scan has
    /// offered what the inbox already holds: the moment a service manager may be told "ready".
    public func startAndWaitUntilArmed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            startThread(onArmed: { continuation.resume() })
        }
    }

    private func startThread(onArmed: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in run(onArmed: onArmed) }
        thread.name = "lector-watcher"
        thread.start()
    }

    /// Makes the thread finish.
    public func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
    }

    // MARK: - The loop

    /// Watch state, owned by the watcher thread alone.
    private struct Watch {
        var fd: Int32 = -1
        var folders: [Int32: PathBytes] = [:]  // watch descriptor -> folder relative to the inbox
        var rootWatched = false
        /// Files seen opened for writing and not yet closed: relative path -> last activity.
        var writing: [PathBytes: ContinuousClock.Instant] = [:]
        /// Files seen by a scan but still changing: relative path -> (size, mtime, re-check at).
        var unstable: [PathBytes: (size: Int, modified: Int64, due: ContinuousClock.Instant)] = [:]
        var nextScan = ContinuousClock.now
        /// The work queue dropped names: scan again as soon as it has room.
        var rescanWhenDrained = false
    }

    private func run(onArmed: @Sendable () -> Void) {
        var watch = Watch()
        if !polling {
            watch.fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if watch.fd < 0 {
                logger.error("inotify is not available; scanning instead", metadata: ["errno": "\(errno)"])
            }
        }
        logger.info("watching the inbox", metadata: ["inbox": "\(inbox)", "mode": "\(polling || watch.fd < 0 ? "poll" : "inotify")"])
        armRoot(&watch)
        scan(&watch, reason: "start-up")
        // A backlog larger than the queue overflows this first scan: rescan as soon as the queue
        // has drained, not at the next periodic scan (a minute of idle workers, by default).
        if queue.takeOverflow() { watch.rescanWhenDrained = true }
        onArmed()

        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let now = ContinuousClock.now
            var wake = watch.nextScan
            if watch.rescanWhenDrained { wake = min(wake, now + .milliseconds(100)) }
            for entry in watch.unstable.values where entry.due < wake { wake = entry.due }
            if !watch.rootWatched && !polling && watch.fd >= 0 { wake = min(wake, now + .seconds(1)) }
            let timeout = max(0, min(Int((wake - now).components.seconds * 1000 + Int64((wake - now).components.attoseconds / 1_000_000_000_000_000)), 60_000))

            var fds = [pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            if watch.fd >= 0 { fds.append(pollfd(fd: watch.fd, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(timeout + 1))
            if stopped.load(ordering: .sequentiallyConsistent) { break }
            if ready > 0, fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 {
                readEvents(&watch, buffer: &buffer)
            }
            if !watch.rootWatched, watch.fd >= 0, !polling { armRoot(&watch) }
            recheckUnstable(&watch)
            if queue.takeOverflow() { watch.rescanWhenDrained = true }
            let due = watch.rescanWhenDrained || ContinuousClock.now >= watch.nextScan
            if due, queue.count < queue.capacity / 2 {
                let reason = watch.rescanWhenDrained ? "queue drained" : polling ? "poll" : "periodic"
                watch.rescanWhenDrained = false
                scan(&watch, reason: reason)
                // Names dropped during this very scan wait for the next drain, not the next period.
                if queue.takeOverflow() { watch.rescanWhenDrained = true }
            }
        }
        if watch.fd >= 0 { close(watch.fd) }
        logger.debug("watcher stopped")
    }

    // MARK: - inotify

    private static let fileEvents = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_MODIFY)
    private static let folderEvents = UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR)

    private func armRoot(_ watch: inout Watch) {
        guard watch.fd >= 0 else { return }
        if addWatch(&watch, folder: PathBytes([])) {
            watch.rootWatched = true
            if settings.recursive { addWatchesBelow(&watch, folder: PathBytes([])) }
            // Anything that arrived while the inbox was missing or unwatched is found by a scan.
            watch.nextScan = ContinuousClock.now
        }
    }

    @discardableResult
    private func addWatch(_ watch: inout Watch, folder: PathBytes) -> Bool {
        let path = inbox.appending(folder)
        let wd = path.withCString { inotify_add_watch(watch.fd, $0, Self.fileEvents | Self.folderEvents) }
        guard wd >= 0 else {
            if folder.bytes.isEmpty {
                logger.warning("cannot watch the inbox; will retry", metadata: ["inbox": "\(inbox)", "error": "\(String(cString: strerror(errno)))"])
            }
            return false
        }
        watch.folders[wd] = folder
        return true
    }

    private func addWatchesBelow(_ watch: inout Watch, folder: PathBytes) {
        guard let entries = try? FileSystem.list(inbox.appending(folder)) else { return }
        for entry in entries where entry.isDirectory && !isIgnored(entry.name) {
            let child = folder.appending(entry.name)
            if addWatch(&watch, folder: child) { addWatchesBelow(&watch, folder: child) }
        }
    }

    private func readEvents(_ watch: inout Watch, buffer: inout [UInt8]) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(watch.fd, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            var offset = 0
            while offset + 16 <= count {
                // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.load(fromByteOffset: offset, as: Int32.self), raw.load(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let name = PathBytes(Array(buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }))
                offset += 16 + length
                handle(&watch, wd: wd, mask: mask, name: name)
            }
        }
    }

    private func handle(_ watch: inout Watch, wd: Int32, mask: UInt32, name: PathBytes) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            logger.warning("inotify queue overflowed; rescanning the inbox", metadata: ["event": "inotify-overflow"])
            overflows.add(1, ordering: .relaxed)
            // Close events were lost with the overflow: a file believed open may long be closed.
            // Forget those beliefs and let the scan judge every file by its modification time.
            watch.writing = [:]
            watch.unstable = [:]
            watch.nextScan = ContinuousClock.now
            return
        }
        guard let folder = watch.folders[wd] else { return }
        if mask & (UInt32(IN_IGNORED) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0 {
            watch.folders[wd] = nil
            if folder.bytes.isEmpty {
                logger.warning("the inbox folder disappeared; waiting for it to return", metadata: ["inbox": "\(inbox)"])
                watch.rootWatched = false
                for (other, _) in watch.folders { inotify_rm_watch(watch.fd, other) }
                watch.folders = [:]
            }
            return
        }
        guard !name.bytes.isEmpty, !isIgnored(name) else { return }
        let relative = folder.appending(name)
        if mask & UInt32(IN_ISDIR) != 0 {
            if settings.recursive, mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, addWatch(&watch, folder: relative) {
                addWatchesBelow(&watch, folder: relative)
                // Files may have landed before the watch existed.
                scanFolder(&watch, folder: relative, now: .now)
            }
            return
        }
        if mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) != 0 {
            watch.writing[relative] = nil
            watch.unstable[relative] = nil
            queue.offer(.inbox(relative))
        } else if mask & UInt32(IN_MODIFY) != 0 {
            watch.writing[relative] = .now
        } else if mask & UInt32(IN_CREATE) != 0 {
            // Only a new regular file with one name can be a file still being written. A FIFO,
            // socket or symbolic link is complete when it appears (and will be refused with its
            // reason), and a new hard link to an existing file brings no close event: judge those
            // by the stability rule instead of waiting for a close that never comes.
            let status = FileSystem.status(inbox.appending(relative))
            if status?.kind == .regular, status?.links == 1 {
                watch.writing[relative] = .now
            } else if status?.kind == .regular {
                consider(&watch, relative, now: .now)
            } else if status != nil {
                queue.offer(.inbox(relative))
            }
        }
    }

    // MARK: - Scanning

    private func scan(_ watch: inout Watch, reason: String) {
        let now = ContinuousClock.now
        watch.nextScan = now + (polling ? settings.pollInterval : settings.rescanInterval)
        logger.debug("scanning the inbox", metadata: ["reason": "\(reason)"])
        if FileSystem.status(inbox)?.kind != .directory { return }
        scanFolder(&watch, folder: PathBytes([]), now: now)
    }

    private func scanFolder(_ watch: inout Watch, folder: PathBytes, now: ContinuousClock.Instant) {
        guard let entries = try? FileSystem.list(inbox.appending(folder)) else { return }
        for entry in entries where !isIgnored(entry.name) {
            let relative = folder.appending(entry.name)
            if entry.isDirectory {
                if settings.recursive { scanFolder(&watch, folder: relative, now: now) }
                continue
            }
            consider(&watch, relative, now: now)
        }
    }

    /// Offers a file when it is stable, else remembers when to look again.
    private func consider(_ watch: inout Watch, _ relative: PathBytes, now: ContinuousClock.Instant) {
        guard let status = FileSystem.status(inbox.appending(relative)) else {
            watch.unstable[relative] = nil
            watch.writing[relative] = nil
            return
        }
        if status.kind == .directory { return }
        if let lastActivity = watch.writing[relative], now - lastActivity < settings.openTimeout {
            // Opened for writing and not closed yet: the close event will offer it.
            watch.unstable[relative] = (status.size, status.modified, lastActivity + settings.openTimeout)
            return
        }
        let age = Duration.nanoseconds(max(0, Int64(Date().timeIntervalSince1970 * 1e9) - status.modified))
        if age >= settings.stableDelay {
            if let previous = watch.unstable[relative], previous.size != status.size || previous.modified != status.modified {
                watch.unstable[relative] = (status.size, status.modified, now + settings.stableDelay)
                return
            }
            watch.unstable[relative] = nil
            watch.writing[relative] = nil
            queue.offer(.inbox(relative))
        } else {
            watch.unstable[relative] = (status.size, status.modified, now + (settings.stableDelay - age))
        }
    }

    private func recheckUnstable(_ watch: inout Watch) {
        let now = ContinuousClock.now
        let due = watch.unstable.filter { $0.value.due <= now }
        for (relative, previous) in due {
            guard let status = FileSystem.status(inbox.appending(relative)) else {
                watch.unstable[relative] = nil
                continue
            }
            if status.size == previous.size, status.modified == previous.modified {
                watch.unstable[relative] = nil
                watch.writing[relative] = nil
                queue.offer(.inbox(relative))
            } else {
                watch.unstable[relative] = (status.size, status.modified, now + settings.stableDelay)
            }
        }
    }

    /// Dotfiles and the configured patterns (temporary names of browsers, editors, sync tools).
    func isIgnored(_ name: PathBytes) -> Bool {
        InboxWatcher.isIgnored(name, patterns: settings.ignore)
    }

    static func isIgnored(_ name: PathBytes, patterns: [String]) -> Bool {
        if name.bytes.first == UInt8(ascii: ".") { return true }
        return name.withCString { cName in
            patterns.contains { pattern in fnmatch(pattern, cName, 0) == 0 }
        }
    }
}
