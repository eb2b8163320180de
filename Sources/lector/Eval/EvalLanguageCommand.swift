import ArgumentParser
import Foundation
import LectorLanguage

/// `lector eval language`: scores the language detector on labelled text.
struct EvalLanguageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "language",
        abstract: "Scores the language processor on labelled text: accuracy per language and overall, and throughput.",
        discussion: """
            --data is a folder of LANG.txt files (one text per line) or a TSV file of lang<TAB>text lines.
            """
    )

    @Option(help: "A folder of LANG.txt files or a lang<TAB>text TSV file.")
    var data: String

    @Option(help: "A short-text model file to use instead of the bundled one.")
    var model: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func run() async throws {
        var detector = try LanguageDetector.bundled()
        if let model { detector = try LanguageDetector(modelPath: model) }
        let items = try LanguageEvaluation.load(path: data)
        let report = LanguageEvaluation(detector: detector).run(items, data: data)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}
