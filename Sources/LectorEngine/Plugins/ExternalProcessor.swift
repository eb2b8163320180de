import Foundation
import LectorCore

/// An external plugin as a ``Processor`` like any other: `process` sends the article to the
/// plugin's supervised process and waits for the reply, so the pipeline's ordering, deadlines,
/// `required` and the result's `processors.<id>` record apply to it unchanged.
public struct ExternalProcessor: Processor {
    /// What the pipeline was planned with.
    let planned: ProcessorDescriptor

    /// The planned descriptor, with the version of the plugin process now running: a plugin
    /// restarted after an upgrade reports its new version in the results it makes.
    public var descriptor: ProcessorDescriptor {
        var descriptor = planned
        if let version = supervisor.hello?.version { descriptor.version = version }
        return descriptor
    }
    public let supervisor: PluginSupervisor

    public func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        var annotations: [String: JSONValue] = [:]
        for name in descriptor.requires {
            if let value = try context.annotations.json(name) { annotations[name.rawValue] = value }
        }
        var article: [String: JSONValue] = [
            "id": .string(document.id), "name": .string(document.source.name),
            "folder": .string(document.source.folder),
            "format": .string(document.decoding.format.rawValue), "length": .number(Double(document.scalars.count)),
        ]
        if let language = context.annotations[.language]?.language { article["language"] = .string(language) }
        if let title = document.declaredTitle { article["title"] = .string(title) }
        let request = PluginProtocol.Request(
            id: "", article: article, text: document.text, annotations: annotations, config: supervisor.settings.config)
        // Whole milliseconds: the time left is what the error message states.
        let left = max(.zero, context.deadline - .now)
        let timeout = Duration.milliseconds(
            (Double(left.components.seconds) * 1000 + Double(left.components.attoseconds) / 1e15).rounded())
        let reply = try await supervisor.request(request, deadline: context.deadline, timeout: timeout)
        var output = Annotations()
        for (name, value) in reply { output.set(value, for: name) }
        return output
    }
}
