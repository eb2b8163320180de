import Dispatch

/// Runs work on threads outside Swift's cooperative thread pool: processors, and the daemon's
/// articles between their processors.
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
/// tasks: the daemon's articles in flight and the processors they run. (A thread stuck in a
/// processor still runs until that processor returns: threads cannot be killed. External
/// plugins, being processes, can be.)
final class OffPoolExecutor: TaskExecutor {
    static let shared = OffPoolExecutor()

    /// Deadlines fire here: a serial queue, so a timer never waits for a busy core either.
    static let timers = DispatchQueue(label: "lector.deadlines")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        DispatchQueue(label: "lector.offpool").async { job.runSynchronously(on: executor) }
    }
}
