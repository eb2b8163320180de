import ArgumentParser
import Configuration
import Foundation
import LectorCore
import LectorEngine
import LectorReader
import Logging

/// `lector plugin test COMMAND…`: a conformance check for authors of external processors.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Work with external processors (see docs/plugin-protocol.md).",
        subcommands: [Test.self]
    )

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run a plugin through the protocol with the seed articles and report what it got wrong.",
            discussion: """
                Starts COMMAND the way Lector would, checks its handshake, sends it every article of \
                --seeds (default: ./seeds) plus a few awkward ones (one word; quotes, tabs, emoji and \
                right-to-left text), each with the annotations it requires made by the built-in \
                processors, checks every reply (its id, only and all the declared annotations, in time), \
                sends one article twice to check that the answers agree, and finally asks it to shut down. \
                Exit status 0 when it conforms, 1 when it does not. Put -- before a command that has options.
                """
        )

        @Option(help: ArgumentHelp("Folder of .txt articles to send.", valueName: "dir"))
        var seeds: String = "seeds"

        @Option(help: ArgumentHelp("Deadline for the handshake and for each reply, e.g. 10s.", valueName: "duration"))
        var timeout: String = "10s"

        @Option(help: ArgumentHelp("Working folder for the plugin.", valueName: "dir"))
        var cwd: String?

        @Flag(help: "Also print what the plugin writes to its standard error.")
        var verbose = false

        @Argument(
            parsing: .captureForPassthrough,
            help: ArgumentHelp("The plugin's command and its arguments.", valueName: "command"))
        var command: [String] = []

        func validate() throws {
            if command.first == "--" { return }
            guard !command.isEmpty else {
                throw ValidationError("name the plugin's command, e.g. lector plugin test python3 plugin.py")
            }
            guard ConfigValueParser.duration(timeout) != nil else {
                throw ValidationError("--timeout takes a duration such as 10s")
            }
        }

        func run() async throws {
            let words = command.first == "--" ? Array(command.dropFirst()) : command
            guard let program = words.first else { throw ValidationError("name the plugin's command") }
            let deadline = ConfigValueParser.duration(timeout) ?? .seconds(10)
            var settings = PluginSettings(id: "plugin", command: program, arguments: Array(words.dropFirst()))
            settings.workingDirectory = cwd
            settings.startupTimeout = deadline
            settings.maxFailures = 1
            settings.circuitReset = .zero
            var logger = Logger(label: "lector") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = verbose ? .info : .critical
            var report = ConformanceReport()

            let host = await PluginHost.start([settings], logger: logger)
            guard let processor = host.processors.first, let hello = processor.supervisor.hello else {
                report.fail("handshake", "the plugin did not start or sent no valid handshake")
                if let failure = host.supervisors.first?.lastFailure { report.note("\(failure)") }
                await host.shutdown()
                report.finish()
                throw ExitCode(1)
            }
            let languages = hello.languages.isEmpty ? "" : ", languages \(hello.languages.joined(separator: ","))"
            report.pass(
                "handshake",
                "\(hello.name) \(hello.version), protocol \(hello.protocolVersion), "
                    + "provides \(Self.list(hello.provides)), requires \(Self.list(hello.requires))\(languages)"
            )
            if !hello.summary.isEmpty { report.note(hello.summary) }

            // The built-in processors make what the plugin requires.
            let builtins = BuiltinProcessors.registry
            let available = Set(builtins.registrations.flatMap(\.descriptor.provides))
            let unmet = hello.requires.filter { !available.contains($0) }
            if !unmet.isEmpty {
                report.fail(
                    "requires",
                    "no built-in processor provides \(Self.list(unmet)); "
                        + "Lector could only run it after another plugin that does"
                )
            }
            let emptyConfiguration = ConfigReader(provider: InMemoryProvider(values: [:]))
            var stages: [Pipeline.Stage] = []
            for registration in builtins.registrations {
                stages.append(
                    Pipeline.Stage(
                        processor: try registration.make(configuration: emptyConfiguration),
                        configuration: emptyConfiguration))
            }
            let pluginPipeline = try Pipeline(
                stages: stages + [
                    Pipeline.Stage(processor: processor, configuration: emptyConfiguration, timeout: deadline)
                ])

            var articles = try Self.seedArticles(seeds)
            if articles.isEmpty {
                report.note("no .txt articles in \(seeds); only the built-in awkward ones are sent (--seeds DIR)")
            }
            articles += [
                ("one-word.txt", "Hello."),
                (
                    "awkward.txt",
                    "A \"quoted\" word, a back\\slash, a\ttab, an emoji 🎉, and Arabic: مرحبا بالعالم.\n"
                        + "Second line.\n"
                ),
            ]
            let reader = ArticleReader(options: .init())
            var first: (Document, JSONValue)?
            for (name, text) in articles {
                let document: Document
                do {
                    document = try reader.decode(bytes: Array(text.utf8), name: name)
                } catch {
                    report.note("\(name): skipped, Lector would not accept it either (\(error.message))")
                    continue
                }
                let outcome = await pluginPipeline.run(document, logger: logger)
                guard let pluginReport = outcome.reports.last, pluginReport.id == "plugin" else { continue }
                switch pluginReport.status {
                case .ok:
                    let returned = hello.provides.filter { outcome.annotations.contains($0) }
                    let missing = hello.provides.filter { !outcome.annotations.contains($0) }
                    if missing.isEmpty {
                        report.pass(name, "\(Self.list(returned)) in \(Int(pluginReport.durationMs)) ms")
                        if first == nil { first = (document, try Self.json(outcome.annotations, hello.provides)) }
                    } else {
                        report.fail(name, "the reply leaves out \(Self.list(missing)), which the handshake provides")
                    }
                case .skipped:
                    report.pass(name, "skipped: \(pluginReport.error ?? "")")
                default:
                    report.fail(name, "\(pluginReport.status): \(pluginReport.error ?? "")")
                }
            }
            if let (document, expected) = first {
                let again = await pluginPipeline.run(document, logger: logger)
                let answer = try Self.json(again.annotations, hello.provides)
                if answer == expected {
                    report.pass("determinism", "the same article gave the same annotations twice")
                } else {
                    report.fail("determinism", "the same article gave different annotations the second time")
                }
            }
            let clean = await processor.supervisor.shutdown(grace: .seconds(2))
            if clean {
                report.pass("shutdown", "exited within 2s of the shutdown message")
            } else {
                report.fail(
                    "shutdown", "still running 2s after the shutdown message and the end of its input; it was killed")
            }
            report.finish()
            if report.failures > 0 { throw ExitCode(1) }
        }

        static func seedArticles(_ folder: String) throws -> [(String, String)] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
            return names.filter { $0.hasSuffix(".txt") }.sorted().compactMap { name in
                guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name))
                else { return nil }
                return (name, String(decoding: data, as: UTF8.self))
            }
        }

        static func json(_ annotations: Annotations, _ names: [AnnotationName]) throws -> JSONValue {
            var object: [String: JSONValue] = [:]
            for name in names { object[name.rawValue] = try annotations.json(name) ?? .null }
            return .object(object)
        }

        static func list(_ names: [AnnotationName]) -> String {
            names.isEmpty ? "nothing" : names.map(\.rawValue).joined(separator: ", ")
        }
    }
}

/// The lines `lector plugin test` prints, and the count of failures.
struct ConformanceReport {
    private(set) var failures = 0
    private(set) var passes = 0

    mutating func pass(_ check: String, _ detail: String) {
        passes += 1
        print("ok    \(check): \(detail)")
    }

    mutating func fail(_ check: String, _ detail: String) {
        failures += 1
        print("FAIL  \(check): \(detail)")
    }

    func note(_ text: String) { print("      \(text)") }

    func finish() {
        print(
            failures == 0
                ? "\nconforms: \(passes) checks passed"
                : "\ndoes not conform: \(failures) of \(passes + failures) checks failed")
    }
}
