import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Runs work on threads outside Swift's cooperative thread pool: the daemon's articles, and the
/// task in which each article's processors run (``StageRun``).
///
/// The cooperative pool has one thread per core. Work that holds a thread without suspending
/// holds one of those threads: a processor computing for a long time (a runaway loop, a slow C
/// library call), or a system call that waits for the disk. On a two-core machine two such jobs
/// leave nothing to run deadline timers, other articles, or shutdown; and an `fsync`, which waits
/// for the disk a few milliseconds without using a core, would keep a core idle meanwhile.
///
/// Tasks that prefer this executor run each job on a serial Dispatch queue of its own, because
/// libdispatch brings up a new thread for a serial ("overcommit") queue even when every core is
/// busy, while concurrent queues are capped at the core count. So the pipeline stays responsive,
/// a deadline always fires, and the writes of several articles wait for the disk at once (their
/// flushes are merged: on a virtual disk measured at 3 ms per `fsync`, one thread managed 310
/// flushes a second and eight threads 9,000). What bounds the number of threads is the number of
/// tasks: the daemon's articles in flight, and a stage task for each article in its processors
/// (which mostly runs on the article's own thread, see ``handOff(_:)``) or stuck past its
/// deadline. (A thread stuck in a processor still runs until that processor returns: threads
/// cannot be killed. External plugins, being processes, can be.)
final class OffPoolExecutor: TaskExecutor {
    static let shared = OffPoolExecutor()

    /// Deadlines fire here: a serial queue, so a timer never waits for a busy core either.
    static let timers = DispatchQueue(label: "lector.deadlines")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if let slot = Self.currentSlot, slot.accepting, slot.next == nil {
            slot.next = job
            slot.accepting = false
            return
        }
        DispatchQueue(label: "lector.offpool").async { self.run(job) }
    }

    // MARK: - Hand-offs on one thread

    /// What a thread running this executor's jobs keeps for ``handOff(_:)``: the job made ready
    /// by the job it is running, to run next on the same thread.
    private final class Slot {
        var accepting = false
        var next: UnownedJob?
    }

    private static let slotKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private static var currentSlot: Slot? {
        pthread_getspecific(slotKey).map { Unmanaged<Slot>.fromOpaque($0).takeUnretainedValue() }
    }

    private func run(_ first: UnownedJob) {
        let slot = Slot()
        pthread_setspecific(Self.slotKey, Unmanaged.passUnretained(slot).toOpaque())
        defer { pthread_setspecific(Self.slotKey, nil) }
        let executor = asUnownedTaskExecutor()
        var job: UnownedJob? = first
        while let current = job {
            current.runSynchronously(on: executor)
            job = slot.next
            slot.next = nil
            slot.accepting = false
        }
    }

    /// Runs `body`, which makes one job ready (resumes a continuation, starts a task), and has
    /// that job run next on this thread, after the job running now ends, instead of waking
    /// another thread for it: for a job that ends right after `body`, handing its work over.
    ///
    /// An article's stages run in a task of their own (``StageRun``) while the article waits for
    /// them; starting that task and resuming the article were two wake-ups of other threads per
    /// article, each costing a futex call, a context switch and cold caches on the other side.
    /// Used anywhere else, the job would wait for the current one to end, so `body` must be the
    /// current job's last act. Outside this executor's threads, `body` just runs.
    static func handOff<T>(_ body: () throws -> T) rethrows -> T {
        guard let slot = currentSlot else { return try body() }
        slot.accepting = true
        defer { slot.accepting = false }
        return try body()
    }
}
