import ArgumentParser
import Foundation
import LectorEngine
import LectorReader

/// `lector process FILE…`: runs the configured pipeline on files, without a daemon.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Process files once and print their results (or write them to a folder).",
        discussion: """
            With one file and no --output, prints its result as indented JSON. With several, prints one \
            compact JSON result per line. With --output DIR, writes DIR/NAME.json for each file \
            (atomically) and prints a line per file on standard error.
            Exit status: 0 when every file succeeded, 1 when any could not be read or failed a \
            required processor, 2 for a configuration error.
            """
    )

    @OptionGroup var config: ConfigurationOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write results into this folder.", valueName: "dir"))
    var output: String?

    @Argument(help: ArgumentHelp("The article files.", valueName: "file"))
    var files: [String]

    func run() async throws {
        let engine = try await config.makeEngine()
        if let output {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        }
        var failures = 0
        var usedNames = Set<String>()
        for file in files {
            let result: ArticleResult
            do {
                result = try await engine.process(path: file)
            } catch {
                failures += 1
                report("\(file): \(error.code): \(error.message)")
                continue
            }
            if result.status != "ok" {
                failures += 1
                report("\(file): \(result.error?.code ?? "failed"): \(result.error?.message ?? "")")
            }
            if let output {
                let name = Self.uniqueName(for: (file as NSString).lastPathComponent, taken: &usedNames)
                let path = (output as NSString).appendingPathComponent(name + ".json")
                try AtomicFile.write(try result.jsonData(pretty: engine.settings.prettyOutput), to: path)
                if result.status == "ok" { report("\(file) -> \(path)") }
            } else {
                let pretty = files.count == 1 && engine.settings.prettyOutput
                FileHandle.standardOutput.write(try result.jsonData(pretty: pretty))
            }
        }
        await engine.plugins?.shutdown()
        if failures > 0 { throw ExitCode(1) }
    }

    /// The file name, with `-2`, `-3`, … added when another input had the same name.
    static func uniqueName(for name: String, taken: inout Set<String>) -> String {
        var candidate = name
        var counter = 2
        while !taken.insert(candidate).inserted {
            candidate = "\(name)-\(counter)"
            counter += 1
        }
        return candidate
    }

    private func report(_ line: String) {
        FileHandle.standardError.write(Data("lector: \(line)\n".utf8))
    }
}
