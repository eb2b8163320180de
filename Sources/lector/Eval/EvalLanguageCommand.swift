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

    @Option(help: "From this many letters on, CLD2 decides (the processor's long_text_letters).")
    var longTextLetters: Int?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func run() async throws {
        var options = LanguageDetector.Options()
        if let longTextLetters { options.longTextLetters = longTextLetters }
        let detector =
            if let model {
                try LanguageDetector(modelPath: model, options: options)
            } else {
                try LanguageDetector.bundled(options: options)
            }
        let items = try LanguageEvaluation.load(path: data)
        let report = LanguageEvaluation(detector: detector).run(items, data: data)
        try EvalCommand.printReport(report, json: json, text: report.table)
    }
}
