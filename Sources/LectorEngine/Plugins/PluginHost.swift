import Configuration
import Foundation
import LectorCore
import Logging
import Synchronization

/// The external processors of one engine: their supervisors, started together, and the
/// processors the pipeline runs.
///
/// An engine that is replaced (a reload) lets go of its host once its last article is done; the
/// host then asks its plugins to stop. `lector process` and the daemon also stop them explicitly
/// with ``shutdown()`` before they exit, and every plugin gets SIGKILL if Lector dies anyway.
public final class PluginHost: Sendable {
    public let supervisors: [PluginSupervisor]
    public let processors: [ExternalProcessor]
    /// Articles using this host's plugins, and whether a newer engine has replaced it.
    private let use = Mutex<(articles: Int, retired: Bool)>((0, false))

    /// Starts every enabled plugin and waits for each one's handshake (or its first failure).
    ///
    /// A plugin that fails to start does not stop Lector: its articles record the failure while
    /// it is restarted with backoff. The pipeline is planned with its handshake's `provides` and
    /// `requires`, or with those the configuration declares.
    public static func start(_ plugins: [PluginSettings], logger: Logger) async -> PluginHost {
        let enabled = plugins.filter(\.enabled)
        guard !enabled.isEmpty else { return PluginHost(supervisors: [], processors: []) }
        // A write to a plugin that just died must be an error, not SIGPIPE ending Lector.
        signal(SIGPIPE, SIG_IGN)
        let supervisors = enabled.map { PluginSupervisor(settings: $0, logger: logger) }
        for supervisor in supervisors where !supervisor.settings.provides.isEmpty {
            supervisor.plan(provides: supervisor.settings.provides, requires: supervisor.settings.requires)
        }
        let outcomes = await withTaskGroup(of: (Int, Result<PluginProtocol.Hello, PluginFailure>).self) { group in
            for (index, supervisor) in supervisors.enumerated() {
                group.addTask { (index, await supervisor.start()) }
            }
            var outcomes: [Int: Result<PluginProtocol.Hello, PluginFailure>] = [:]
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
        var processors: [ExternalProcessor] = []
        for (index, supervisor) in supervisors.enumerated() {
            let settings = supervisor.settings
            var provides = settings.provides
            var requires = settings.requires
            var version = "unknown"
            var summary = "external processor: \(settings.command)"
            var languages = settings.languages
            switch outcomes[index]! {
            case .success(let hello):
                if provides.isEmpty {
                    provides = hello.provides
                    requires = hello.requires
                }
                version = hello.version
                if !hello.summary.isEmpty { summary = hello.summary }
                if languages.isEmpty { languages = hello.languages }
            case .failure(let failure):
                logger.error(
                    "plugin could not be started; its articles record the failure while it is restarted",
                    metadata: ["processor": "\(settings.id)", "error": "\(failure)"])
            }
            supervisor.plan(provides: provides, requires: requires)
            if !languages.isEmpty, !requires.contains("language") { requires.append("language") }
            let descriptor = ProcessorDescriptor(
                id: settings.id, version: version, provides: provides, requires: requires, summary: summary,
                options: PluginSettings.options)
            processors.append(ExternalProcessor(planned: descriptor, supervisor: supervisor))
        }
        return PluginHost(supervisors: supervisors, processors: processors)
    }

    private init(supervisors: [PluginSupervisor], processors: [ExternalProcessor]) {
        self.supervisors = supervisors
        self.processors = processors
    }

    /// An article starts using these plugins. Call ``release()`` when it is done.
    func acquire() {
        use.withLock { $0.articles += 1 }
    }

    func release() {
        let stop = use.withLock { state in
            state.articles -= 1
            return state.retired && state.articles == 0
        }
        if stop { stopInBackground() }
    }

    /// A reload replaced the engine: the plugins stop once the articles using them are done.
    func retire() {
        let stop = use.withLock { state in
            state.retired = true
            return state.articles == 0
        }
        if stop { stopInBackground() }
    }

    private func stopInBackground() {
        for supervisor in supervisors { supervisor.shutdownInBackground() }
    }

    deinit {
        for supervisor in supervisors { supervisor.shutdownInBackground() }
    }

    /// The pipeline stage of each plugin, by processor id.
    func stages(defaultTimeout: Duration, configuration: ConfigReader) -> [String: Pipeline.Stage] {
        var stages: [String: Pipeline.Stage] = [:]
        for processor in processors {
            let settings = processor.supervisor.settings
            var stage = Pipeline.Stage(
                processor: processor, configuration: configuration.scoped(to: ConfigKey(["plugins", settings.id])),
                required: settings.required, timeout: settings.timeout ?? defaultTimeout)
            stage.languages =
                settings.languages.isEmpty ? processor.supervisor.hello?.languages ?? [] : settings.languages
            stages[settings.id] = stage
        }
        return stages
    }

    /// Sends every plugin the shutdown message and waits (up to `grace` each) for it to exit.
    public func shutdown(grace: Duration = .seconds(2)) async {
        await withTaskGroup(of: Void.self) { group in
            for supervisor in supervisors {
                group.addTask { await supervisor.shutdown(grace: grace) }
            }
        }
    }
}
