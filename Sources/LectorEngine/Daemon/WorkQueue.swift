import Foundation
import Synchronization

/// One unit of daemon work.
public enum Job: Hashable, Sendable {
    /// A stable file in the inbox, by its path relative to the inbox.
    case inbox(PathBytes)
    /// An article already claimed into this instance's processing folder (recovered at start-up,
    /// or due for a retry).
    case claimed(String)
}

/// The daemon's bounded, de-duplicated queue of ready work.
///
/// The watcher offers inbox names; workers take them one at a time and claim the file only then,
/// so files wait in the inbox (where another instance may take them) rather than in memory.
/// Claimed jobs go first. When more inbox names arrive than `capacity`, the extra ones are dropped
/// and ``takeOverflow()`` tells the watcher to rescan the inbox once the queue has drained: memory
/// stays bounded however large the burst.
public final class WorkQueue: Sendable {
    fileprivate struct State {
        var claimed: [String] = []
        var inbox: [PathBytes] = []
        var inboxHead = 0
        var queued = Set<Job>()
        var waiters: [CheckedContinuation<Job?, Never>] = []
        var closed = false
        var overflowed = false
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// Offers an inbox name; returns false when it was dropped because the queue is full.
    @discardableResult
    public func offer(_ job: Job) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Job?, Never>?) in
            guard !state.closed else { return (false, nil) }
            if state.queued.contains(job) { return (true, nil) }
            if !state.waiters.isEmpty { return (true, state.waiters.removeFirst()) }
            if case .inbox = job, state.inbox.count - state.inboxHead >= capacity {
                state.overflowed = true
                return (false, nil)
            }
            state.queued.insert(job)
            switch job {
            case .claimed(let claim): state.claimed.append(claim)
            case .inbox(let path): state.inbox.append(path)
            }
            return (true, nil)
        }
        waiter?.resume(returning: job)
        return accepted
    }

    /// The next job, waiting for one; nil once the queue is closed.
    public func next() async -> Job? {
        await withCheckedContinuation { continuation in
            let job: Job?? = state.withLock { state in
                if let job = state.popFirst() { return .some(job) }
                if state.closed { return .some(nil) }
                state.waiters.append(continuation)
                return nil
            }
            if let job { continuation.resume(returning: job) }
        }
    }

    /// Stops handing out work: waiting and later `next()` calls return nil.
    public func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Jobs waiting.
    public var count: Int { state.withLock { $0.claimed.count + $0.inbox.count - $0.inboxHead } }

    /// Whether names were dropped since the last call; clears the flag.
    public func takeOverflow() -> Bool {
        state.withLock { state in
            defer { state.overflowed = false }
            return state.overflowed
        }
    }
}

extension WorkQueue.State {
    fileprivate mutating func popFirst() -> Job? {
        if !claimed.isEmpty {
            let job = Job.claimed(claimed.removeFirst())
            queued.remove(job)
            return job
        }
        guard inboxHead < inbox.count else { return nil }
        let job = Job.inbox(inbox[inboxHead])
        inboxHead += 1
        // Compact now and then, so the array does not grow without bound.
        if inboxHead > 1024, inboxHead * 2 > inbox.count {
            inbox.removeFirst(inboxHead)
            inboxHead = 0
        }
        queued.remove(job)
        return job
    }
}
