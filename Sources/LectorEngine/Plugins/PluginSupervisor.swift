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
    private let state: Mutex<Inner>
    private static let timers = DispatchQueue(label: "lector.plugin.timers")

    typealias Reply = [AnnotationName: JSONValue]

    private struct Waiting {
        var id: String
        var line: Data
        var continuation: CheckedContinuation<Reply, any Error>
        var timeout: Duration
        var timer: Timer?
        /// The generation of the process it was sent to.
        var sentTo = 0
    }

    /// DispatchWorkItem's `cancel()` is thread-safe, but the type is not marked Sendable.
    private struct Timer: @unchecked Sendable {
        let item: DispatchWorkItem
    }

    private struct Inner {
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
    private struct Effects {
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
        while children.contains(where: { !$0.hasExited }), ContinuousClock.now < deadline {
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

    private func stopAll() -> [PluginChild] {
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

    // MARK: - Events

    private func received(_ line: Data, from child: PluginChild) {
        var effects = Effects()
        state.withLock { inner in
            if inner.retiring.contains(where: { $0 === child }) {
                receivedReply(line, from: child, inner: &inner, effects: &effects, retiring: true)
                return
            }
            guard inner.child === child else { return }
            if case .starting = inner.machine.state {
                do {
                    let hello = try PluginProtocol.Hello(line: line)
                    if let planned = inner.planned,
                        planned.provides != hello.provides || planned.requires != hello.requires
                    {
                        throw PluginFailure.protocolViolation(
                            "the handshake declares provides \(hello.provides) and requires \(hello.requires), "
                                + "but the pipeline was planned with provides \(planned.provides) "
                                + "and requires \(planned.requires); reload Lector to plan again"
                        )
                    }
                    guard inner.machine.handshakeSucceeded(generation: child.generation) else { return }
                    inner.hello = hello
                    effects.resumeStart = inner.startWaiters.map { ($0, .success(hello)) }
                    inner.startWaiters = []
                    effects.started = (hello, child.pid)
                } catch let failure as PluginFailure {
                    fail(child, failure, inner: &inner, effects: &effects)
                } catch {}
                return
            }
            receivedReply(line, from: child, inner: &inner, effects: &effects, retiring: false)
        }
        apply(effects)
        pump()
    }

    private func receivedReply(
        _ line: Data, from child: PluginChild, inner: inout Inner, effects: inout Effects, retiring: Bool
    ) {
        let reply: PluginProtocol.Reply
        do {
            reply = try PluginProtocol.Reply(line: line)
        } catch {
            fail(child, error, inner: &inner, effects: &effects)
            return
        }
        guard let waiting = inner.inFlight.removeValue(forKey: reply.id) else {
            fail(
                child, .protocolViolation("answered request \"\(reply.id)\", which is not waiting for a reply"),
                inner: &inner, effects: &effects)
            return
        }
        waiting.timer?.item.cancel()
        effects.resume.append((waiting.continuation, reply.outcome.mapError { $0 as any Error }))
        if retiring {
            // A retiring process gets no new work; once its last reply is in, it may go.
            if !inner.inFlight.values.contains(where: { $0.sentTo == child.generation }) {
                child.send(PluginProtocol.shutdownLine)
                child.closeInput()
            }
            return
        }
        let action = inner.machine.answered(generation: child.generation)
        if case .replace = action {
            // restart_after: the old process answers what it has, then goes; a new one starts.
            inner.retiring.append(child)
            inner.child = nil
            if !inner.inFlight.values.contains(where: { $0.sentTo == child.generation }) {
                child.send(PluginProtocol.shutdownLine)
                child.closeInput()
            }
            effects.action = action
        }
    }

    private func ended(_ end: PluginChild.End, child: PluginChild) {
        var effects = Effects()
        state.withLock { inner in
            if let index = inner.retiring.firstIndex(where: { $0 === child }) {
                inner.retiring.remove(at: index)
                let how: PluginFailure =
                    switch end {
                    case .oversized(let limit): .replyTooLarge(limit: limit)
                    case .exited(let how): .exited(how)
                    }
                for (id, waiting) in inner.inFlight where waiting.sentTo == child.generation {
                    inner.inFlight[id] = nil
                    effects.fail(waiting, how)
                }
                return
            }
            guard inner.child === child else { return }
            switch end {
            case .oversized(let limit): fail(child, .replyTooLarge(limit: limit), inner: &inner, effects: &effects)
            case .exited(let how): fail(child, .exited(how), inner: &inner, effects: &effects)
            }
        }
        apply(effects)
    }

    /// A request's deadline passed (or its task was cancelled).
    private func expire(_ id: String) {
        var effects = Effects()
        state.withLock { inner in
            if let index = inner.queue.firstIndex(where: { $0.id == id }) {
                // Never sent: the plugin is busy with other articles, not at fault.
                effects.fail(inner.queue.remove(at: index), ProcessorError.deadlineExceeded)
            } else if let waiting = inner.inFlight.removeValue(forKey: id) {
                effects.fail(waiting, ProcessorError.deadlineExceeded)
                if let child = inner.child, child.generation == waiting.sentTo {
                    fail(child, .timedOut(waiting.timeout), inner: &inner, effects: &effects)
                } else if let index = inner.retiring.firstIndex(where: { $0.generation == waiting.sentTo }) {
                    effects.kill.append(inner.retiring.remove(at: index))
                }
            }
        }
        apply(effects)
    }

    /// Process `child` failed: it is killed, what it was working on fails, the machine decides what next.
    private func fail(_ child: PluginChild, _ failure: PluginFailure, inner: inout Inner, effects: inout Effects) {
        guard inner.child === child else { return }
        let action = inner.machine.failed(generation: child.generation)
        inner.child = nil
        inner.lastFailure = failure
        effects.kill.append(child)
        effects.failure = failure
        effects.action = action
        let inFlightFailure: PluginFailure =
            if case .timedOut = failure { .exited("was restarted: another article's request timed out") } else {
                failure
            }
        for (id, waiting) in inner.inFlight where waiting.sentTo == child.generation {
            inner.inFlight[id] = nil
            effects.fail(waiting, inFlightFailure)
        }
        if case .openCircuit = action {
            for waiting in inner.queue { effects.fail(waiting, PluginFailure.circuitOpen(failure.description)) }
            inner.queue = []
        }
        if case .starting = inner.machine.state {
        } else {
            effects.resumeStart = inner.startWaiters.map { ($0, .failure(failure)) }
            inner.startWaiters = []
        }
    }

    // MARK: - Effects

    private func apply(_ effects: Effects) {
        for child in effects.kill { child.kill() }
        for (continuation, result) in effects.resume { continuation.resume(with: result) }
        for (continuation, result) in effects.resumeStart { continuation.resume(returning: result) }
        if let (hello, pid) = effects.started {
            logger.notice(
                "plugin started",
                metadata: [
                    "event": "plugin-started", "plugin": "\(hello.name)", "plugin_version": "\(hello.version)",
                    "pid": "\(pid)",
                ])
        }
        if let failure = effects.failure {
            switch effects.action {
            case .restartLater(_, let delay, let failures):
                logger.warning(
                    "plugin failed; restarting it",
                    metadata: [
                        "event": "plugin-restarted", "error": "\(failure)", "failures": "\(failures)",
                        "delay": "\(PluginFailure.format(delay))",
                    ])
            case .openCircuit(_, let failures, let retryAfter):
                let until = retryAfter.map { "for \(PluginFailure.format($0))" } ?? "until a reload"
                logger.error(
                    "plugin failed \(failures) times in a row; not starting it again \(until)",
                    metadata: ["event": "plugin-circuit-open", "error": "\(failure)", "failures": "\(failures)"])
            default:
                break
            }
        }
        perform(effects.action)
    }

    private func perform(_ action: PluginStateMachine.Action) {
        switch action {
        case .none:
            break
        case .spawn(let generation), .replace(_, let generation):
            if case .replace = action {
                logger.info("plugin restarted after restart_after articles", metadata: ["event": "plugin-recycled"])
            }
            spawn(generation: generation)
        case .restartLater(_, let delay, _):
            Self.timers.asyncAfter(deadline: .now() + Self.dispatchInterval(delay)) { [weak self] in
                guard let self else { return }
                self.perform(self.state.withLock { $0.machine.backoffElapsed() })
            }
        case .openCircuit(_, _, let retryAfter):
            guard let retryAfter else { return }
            Self.timers.asyncAfter(deadline: .now() + Self.dispatchInterval(retryAfter)) { [weak self] in
                guard let self else { return }
                let action = self.state.withLock { $0.machine.circuitResetElapsed() }
                if action != .none { self.logger.notice("trying the plugin again after its circuit opened") }
                self.perform(action)
            }
        }
    }

    private func spawn(generation: Int) {
        let logger = self.logger
        let child: PluginChild
        do {
            child = try PluginChild.spawn(settings, generation: generation)
        } catch {
            var effects = Effects()
            state.withLock { inner in
                guard case .starting(generation) = inner.machine.state else { return }
                let action = inner.machine.failed(generation: generation)
                inner.lastFailure = error
                effects.failure = error
                effects.action = action
                if case .openCircuit = action {
                    for waiting in inner.queue { effects.fail(waiting, PluginFailure.circuitOpen(error.description)) }
                    inner.queue = []
                }
                effects.resumeStart = inner.startWaiters.map { ($0, .failure(error)) }
                inner.startWaiters = []
            }
            apply(effects)
            return
        }
        let keep = state.withLock { inner -> Bool in
            guard case .starting(generation) = inner.machine.state else { return false }
            inner.child = child
            return true
        }
        child.startReading(
            onLine: { [weak self] line in self?.receivedLine(line, generation: generation) },
            onStderr: { [weak self] line in
                // The plugin's own name once its handshake is in (LECTOR_PLUGIN in the journal).
                var metadata: Logger.Metadata = ["stream": "stderr"]
                if let name = self?.hello?.name { metadata["plugin"] = .string(name) }
                logger.info("\(line)", metadata: metadata)
            },
            onEnd: { [weak self] end in self?.endedChild(end, generation: generation) })
        guard keep else {
            child.kill()
            return
        }
        let timeout = settings.startupTimeout
        Self.timers.asyncAfter(deadline: .now() + Self.dispatchInterval(timeout)) { [weak self] in
            guard let self else { return }
            var effects = Effects()
            self.state.withLock { inner in
                guard inner.child === child, case .starting = inner.machine.state else { return }
                self.fail(
                    child, .protocolViolation("sent no handshake within \(timeout)"), inner: &inner, effects: &effects)
            }
            self.apply(effects)
        }
    }

    // The reader threads know their process by generation; look the object up under the lock.
    private func receivedLine(_ line: Data, generation: Int) {
        guard let child = child(generation: generation) else { return }
        received(line, from: child)
    }

    private func endedChild(_ end: PluginChild.End, generation: Int) {
        guard let child = child(generation: generation) else { return }
        ended(end, child: child)
    }

    private func child(generation: Int) -> PluginChild? {
        state.withLock { inner in
            if let child = inner.child, child.generation == generation { return child }
            return inner.retiring.first { $0.generation == generation }
        }
    }

    /// Sends queued requests while the plugin is ready and has room.
    private func pump() {
        let (child, lines): (PluginChild?, [Data]) = state.withLock { inner in
            guard inner.machine.readyGeneration != nil, let child = inner.child else { return (nil, []) }
            var lines: [Data] = []
            while inner.inFlight.count < settings.maxInFlight, !inner.queue.isEmpty {
                var waiting = inner.queue.removeFirst()
                waiting.sentTo = child.generation
                inner.inFlight[waiting.id] = waiting
                lines.append(waiting.line)
            }
            return (child, lines)
        }
        guard let child else { return }
        for line in lines { child.send(line) }
    }

    static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(Int(min(seconds, 1 << 32)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
