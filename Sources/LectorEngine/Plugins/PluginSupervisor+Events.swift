import Dispatch
import Foundation
import LectorCore
import Logging

// What happens when a plugin process speaks, ends, or runs out of time, and how the supervisor
// carries out what the state machine decides.
extension PluginSupervisor {
    // MARK: - Events

    func received(_ line: Data, from child: PluginChild) {
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

    func receivedReply(
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

    func ended(_ end: PluginChild.End, child: PluginChild) {
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
    func expire(_ id: String) {
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
    func fail(_ child: PluginChild, _ failure: PluginFailure, inner: inout Inner, effects: inout Effects) {
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

    func apply(_ effects: Effects) {
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

    func perform(_ action: PluginStateMachine.Action) {
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

    func spawn(generation: Int) {
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
            onStderrDropped: { [weak self] count, started in
                var metadata: Logger.Metadata = ["stream": "stderr"]
                if let name = self?.hello?.name { metadata["plugin"] = .string(name) }
                if started {
                    logger.warning(
                        "the plugin writes to stderr faster than the log takes; leaving lines out",
                        metadata: metadata)
                } else {
                    metadata["dropped"] = "\(count)"
                    logger.warning("left out \(count) lines of the plugin's stderr", metadata: metadata)
                }
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
    func receivedLine(_ line: Data, generation: Int) {
        guard let child = child(generation: generation) else { return }
        received(line, from: child)
    }

    func endedChild(_ end: PluginChild.End, generation: Int) {
        guard let child = child(generation: generation) else { return }
        ended(end, child: child)
    }

    func child(generation: Int) -> PluginChild? {
        state.withLock { inner in
            if let child = inner.child, child.generation == generation { return child }
            return inner.retiring.first { $0.generation == generation }
        }
    }

    /// Sends queued requests while the plugin is ready and has room.
    func pump() {
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
