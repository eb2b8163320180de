import Configuration
import Foundation
import LectorCore
import LectorEngine
import LectorTestKit
import Logging
import Testing

/// An example plugin, run as a real process behind ``ExternalProcessor``, passes the suite every
/// built-in processor passes: awkward and huge texts, determinism, declared output only, ranges
/// inside the text, JSON round trip. (The reading-time example needs the text processor's output for
/// each text, which makes the suite slow in a debug build; `lector plugin test` checks it in
/// PluginCLITests.)
struct ExternalProcessorTests {
    private static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins/examples")

    private func host(_ id: String, script: String) async throws -> (PluginHost, ExternalProcessor) {
        let settings = PluginSettings(
            id: id, command: "python3", arguments: [Self.examples.appendingPathComponent(script).path])
        let host = await PluginHost.start(
            [settings], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let processor = try #require(host.processors.first)
        return (host, processor)
    }

    @Test func thePersonalDataExamplePassesTheCompatibilitySuite() async throws {
        let (host, processor) = try await host("pii", script: "pii/pii.py")
        #expect(processor.descriptor.provides == ["pii"])
        #expect(processor.descriptor.version == "1.0.0")
        try await ProcessorCompatTest(processor: processor).run()
        #expect(await host.supervisors[0].shutdown(), "it exits when asked")
    }
}
