import Dispatch

/// Runs processor work on threads outside Swift's cooperative thread pool.
///
/// The cooperative pool has one thread per core. A processor that computes for a long time
/// without suspending (a runaway loop, a slow C library call) holds one of those threads; on a
/// two-core machine two such processors would leave nothing to run deadline timers, other
/// articles, or shutdown. Processor tasks prefer this executor instead. It runs each job on a
/// serial Dispatch queue of its own, because libdispatch brings up a new thread for a serial
/// ("overcommit") queue even when every core is busy, while concurrent queues are capped at the
/// core count. So the pipeline itself stays responsive and a deadline always fires. The daemon's
/// worker count bounds how many processors run at once. (A thread stuck in a processor still runs until that processor
/// returns: threads cannot be killed. External plugins, being processes, can be.)
final class ProcessorExecutor: TaskExecutor {
    static let shared = ProcessorExecutor()

    /// Deadlines fire here: a serial queue, so a timer never waits for a busy core either.
    static let timers = DispatchQueue(label: "lector.deadlines")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        DispatchQueue(label: "lector.processor").async { job.runSynchronously(on: executor) }
    }
}
