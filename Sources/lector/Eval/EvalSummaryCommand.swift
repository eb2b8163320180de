import ArgumentParser
import Configuration
import Foundation
import LectorCore
import LectorSummary
import LectorText

/// `lector eval summary`: scores the summarizer against reference summaries with ROUGE.
struct EvalSummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Scores the summary processor with ROUGE-1/2/L F1 beside Lead-k, and measures articles per second.",
        discussion: """
            --data is JSON Lines of {"id","lang","text","summary"}. Tokens are runs of Unicode letters, \
            marks and digits, so every script is scored. Options of processors.summary can be set with \
            --set KEY=VALUE (for example --set position_decay=1.5). Beside Lead-k and the best single \
            sentence it prints the first sentence's first clause and, with --set max_words=N (for a \
            headline-length summary, with --set trim=true), the article's first N words and the first \
            sentence cut after its N-th word: the baselines for that word budget.
            """
    )

    @Option(help: "A JSON Lines file of {\"id\",\"lang\",\"text\",\"summary\"}.")
    var data: String

    @Option(help: "The sentence budget (the summary's `sentences` option).")
    var sentences = 1

    @Option(name: .customLong("set"), help: "A summary option as KEY=VALUE; repeatable.")
    var settings: [String] = []

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Instead of scoring, write each candidate sentence's features and ROUGE-1 gain over the lead "
                + "as JSON Lines (training data for the summary model).",
            valueName: "file"))
    var features: String?

    func run() async throws {
        let processor = try SummaryProcessor(
            configuration: EvalCommand.configuration(
                settings, options: SummaryOptions.options, over: ["sentences": .init(.string(String(sentences)), isSecret: false)]))
        let segmenter = TextProcessor()
        let evaluation = SummaryEvaluation(processor: processor) { try segmenter.segment($0) }
        if let features {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var lines = Data()
            let rows = try evaluation.trainingRows(try SummaryEvaluation.load(path: data))
            for row in rows {
                lines.append(try encoder.encode(row))
                lines.append(UInt8(ascii: "\n"))
            }
            guard FileManager.default.createFile(atPath: features, contents: lines) else {
                throw ValidationError("cannot write \(features)")
            }
            print("\(rows.count) candidate sentences written to \(features)")
            return
        }
        let report = try evaluation.run(try SummaryEvaluation.load(path: data), data: data)
        try EvalCommand.printReport(report, json: json, text: report.table)
    }
}
