import Dispatch
import Foundation
import LectorCore
import Logging
import Synchronization

/// Runs one external processor as a child process and hands it articles: starts it, checks its
/// handshake, matches replies to requests by id, enforces each request's deadline, and kills and
/// restarts the process when it crashes, hangs, answers garbage or sends an oversized line, with
/// backoff and a circuit breaker (``PluginStateMachine`` decides; this type carries it out).
///
/// Requests wait in a queue while the plugin starts or restarts, and at most `max_in_flight` are
/// sent at once; a request still queued at its deadline is dropped without harming the plugin,
/// while one the plugin was working on means it hung, and it is restarted.
///
/// The state sits behind a mutex rather than in an actor: the events come from blocking reader
/// threads and Dispatch timers, and each one is a short critical section whose effects (resuming
/// callers, spawning, killing, logging) run after the lock is released.
public final class PluginSupervisor: Sendable {
    public let settings: PluginSettings
    let logger: Logger
    let state: Mutex<Inner>
    static let timers = DispatchQueue(label: "lector.plugin.timers")

    typealias Reply = [AnnotationName: JSONValue]

    struct Waiting {
        var id: String
        var line: Data
        var continuation: CheckedContinuation<Reply, any Error>
        var timeout: Duration
        var timer: Timer?
        /// The generation of the process it was sent to.
        var sentTo = 0
    }

    /// DispatchWorkItem's `cancel()` is thread-safe, but the type is not marked Sendable.
    struct Timer: @unchecked Sendable {
        let item: DispatchWorkItem
    }

    struct Inner {
        var machine: PluginStateMachine
        var child: PluginChild?
        var hello: PluginProtocol.Hello?
        var queue: [Waiting] = []
        var inFlight: [String: Waiting] = [:]
        var nextID = 1
        var startWaiters: [CheckedContinuation<Result<PluginProtocol.Hello, PluginFailure>, Never>] = []
        var lastFailure: PluginFailure?
        /// What the pipeline was planned with; a later handshake must agree.
        var planned: (provides: [AnnotationName], requires: [AnnotationName])?
        /// Processes replaced by restart_after, finishing their last replies.
        var retiring: [PluginChild] = []
    }

    /// What to do once the lock is released.
    struct Effects {
        var resume: [(CheckedContinuation<Reply, any Error>, Result<Reply, any Error>)] = []
        var resumeStart:
            [(
                CheckedContinuation<Result<PluginProtocol.Hello, PluginFailure>, Never>,
                Result<PluginProtocol.Hello, PluginFailure>
            )] = []
        var kill: [PluginChild] = []
        var action: PluginStateMachine.Action = .none
        var failure: PluginFailure?
        var started: (PluginProtocol.Hello, Int32)?

        mutating func fail(_ waiting: Waiting, _ error: any Error) {
            waiting.timer?.item.cancel()
            resume.append((waiting.continuation, .failure(error)))
        }
    }

    public init(settings: PluginSettings, logger: Logger) {
        self.settings = settings
        var logger = logger
        logger[metadataKey: "processor"] = .string(settings.id)
        self.logger = logger
        let policy = PluginStateMachine.Policy(
            maxFailures: settings.maxFailures, backoff: settings.restartBackoff,
            circuitReset: settings.circuitReset == .zero ? nil : settings.circuitReset,
            restartAfter: settings.restartAfter)
        state = Mutex(Inner(machine: PluginStateMachine(policy: policy)))
    }

    /// The handshake of the running process, or of the last one that made it.
    public var hello: PluginProtocol.Hello? { state.withLock { $0.hello } }

    /// Requests sent to the plugin and not yet answered.
    var requestsInFlight: Int { state.withLock { $0.inFlight.count } }

    /// Why the last process failed, if one did.
    public var lastFailure: PluginFailure? { state.withLock { $0.lastFailure } }

    /// Starts the plugin and waits for its first handshake or its first failure.
    public func start() async -> Result<PluginProtocol.Hello, PluginFailure> {
        await withCheckedContinuation { continuation in
            let action = state.withLock { inner in
                inner.startWaiters.append(continuation)
                return inner.machine.start()
            }
            perform(action)
        }
    }

    /// Fixes what the pipeline was planned with: later handshakes that disagree are refused.
    func plan(provides: [AnnotationName], requires: [AnnotationName]) {
        state.withLock { $0.planned = (provides, requires) }
    }

    /// Sends one article and waits for its reply, until `deadline`.
    ///
    /// - Throws: ``PluginFailure`` when the plugin did not deliver, ``ProcessorError/deadlineExceeded``
    ///   at the deadline.
    func request(_ request: PluginProtocol.Request, deadline: ContinuousClock.Instant, timeout: Duration) async throws
        -> Reply
    {
        var request = request
        request.id = state.withLock { inner in
            defer { inner.nextID += 1 }
            return String(inner.nextID)
        }
        let id = request.id
        let line = try request.line()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Reply, any Error>) in
                let refusal: (any Error)? = state.withLock { inner in
                    // A caller that got here late (a busy machine) must not send work nobody waits for.
                    guard ContinuousClock.now < deadline else { return ProcessorError.deadlineExceeded }
                    guard inner.machine.acceptsRequests else {
                        if case .stopped = inner.machine.state { return PluginFailure.stopped }
                        return PluginFailure.circuitOpen(inner.lastFailure?.description ?? "it failed too often")
                    }
                    let item = DispatchWorkItem { [weak self] in self?.expire(id) }
                    inner.queue.append(
                        Waiting(
                            id: id, line: line, continuation: continuation, timeout: timeout, timer: Timer(item: item)))
                    Self.timers.asyncAfter(
                        deadline: .now() + Self.dispatchInterval(max(.zero, deadline - .now)), execute: item)
                    return nil
                }
                if let refusal {
                    continuation.resume(throwing: refusal)
                } else {
                    pump()
                }
            }
        } onCancel: {
            self.expire(id)
        }
    }

    /// Asks the plugin to stop, and kills it if it has not after `grace`; returns whether every
    /// process exited by itself in time.
    @discardableResult
    public func shutdown(grace: Duration = .seconds(2)) async -> Bool {
        let children = stopAll()
        for child in children {
            child.send(PluginProtocol.shutdownLine)
            child.closeInput()
        }
        let deadline = ContinuousClock.now + grace
        // Waiting for standard error too lets its last lines (and the count of lines left out)
        // reach the log before the caller exits.
        while children.contains(where: { !$0.hasExited || !$0.hasFinishedStderr }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let stubborn = children.filter { !$0.hasExited }
        for child in stubborn { child.kill() }
        return stubborn.isEmpty
    }

    /// Like ``shutdown(grace:)``, without waiting: for an engine that is being let go.
    func shutdownInBackground(grace: Duration = .seconds(2)) {
        let children = stopAll()
        for child in children {
            child.send(PluginProtocol.shutdownLine)
            child.closeInput()
        }
        guard !children.isEmpty else { return }
        Self.timers.asyncAfter(deadline: .now() + Self.dispatchInterval(grace)) {
            for child in children where !child.hasExited { child.kill() }
        }
    }

    func stopAll() -> [PluginChild] {
        var effects = Effects()
        let children: [PluginChild] = state.withLock { inner in
            inner.machine.stop()
            for waiting in inner.queue + Array(inner.inFlight.values) { effects.fail(waiting, PluginFailure.stopped) }
            inner.queue = []
            inner.inFlight = [:]
            effects.resumeStart = inner.startWaiters.map { ($0, .failure(.stopped)) }
            inner.startWaiters = []
            defer {
                inner.child = nil
                inner.retiring = []
            }
            return (inner.child.map { [$0] } ?? []) + inner.retiring
        }
        apply(effects)
        return children
    }
}
