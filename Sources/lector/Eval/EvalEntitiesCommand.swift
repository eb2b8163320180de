import ArgumentParser
import Foundation
import LectorCore
import LectorEntities
import LectorLanguage
import LectorReader
import LectorText

/// `lector eval entities`: scores the PERSON/ORG/LOCATION tagger on BIO-tagged data.
struct EvalEntitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Scores the entity tagger: precision, recall, exact-span F1 per type and overall, and tokens/s.",
        discussion: """
            --data is BIO-tagged text: token<TAB>tag, CoNLL columns (token first, tag last) or \
            "token TAG"; a blank line between sentences. PER/PERS count as PERSON, LOC/GPE as LOCATION; \
            MISC is treated as O. --part dev scores the dev side of the deterministic split that \
            `lector train entities` leaves out (sentences whose FNV-1a-64 hash of the space-joined \
            tokens is 0 mod 10), repeats removed; --part all scores every sentence.

            --processor scores the whole `entities` processor instead of the tagger alone: each \
            sentence is an article of its own (tokens joined by spaces) in the language of --model, \
            and the PERSON, ORG and LOCATION entities it reports, after the rules, gazetteers, the \
            filter of the tagger's names and min_score, are scored against the gold spans.

            --articles times the whole processor (rules and tagger, default settings) instead: each \
            file is read, segmented and its language detected as the daemon does (not timed), then \
            the articles are processed over and over for --seconds of CPU time on one core, and the \
            command prints tokens/s, MB/s and milliseconds per article.
            """
    )

    @Option(help: "A BIO-tagged file.")
    var data: String?

    @Option(parsing: .upToNextOption, help: "Articles (text or HTML files) to time the whole processor on.")
    var articles: [String] = []

    @Option(help: "With --articles: how many seconds of CPU time to repeat the articles for.")
    var seconds: Double = 2

    @Option(help: "Which sentences: dev, train or all.")
    var part: String = "all"

    @Option(help: "The model (ar, en, fa, ur); by default the name of the file's folder.")
    var model: String?

    @Option(help: "A model file (as `lector train entities` writes) instead of a bundled model.")
    var modelFile: String?

    @Option(help: "With --data: also write each token with its gold and predicted tags, token<TAB>gold<TAB>predicted.")
    var predictions: String?

    @Flag(help: "With --data: score the whole entities processor (rules, lists, tagger, filters), not the tagger.")
    var processor = false

    @Option(
        name: .customLong("set"),
        help: "With --processor: an entities option as KEY=VALUE (min_score=0.5); repeatable.")
    var settings: [String] = []

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        guard (data == nil) != articles.isEmpty else { throw ValidationError("pass either --data or --articles") }
        guard processor || settings.isEmpty else { throw ValidationError("--set is for --processor") }
        guard !processor || modelFile == nil else {
            throw ValidationError("--processor runs the bundled models, not --model-file")
        }
        guard seconds > 0 else { throw ValidationError("--seconds must be above 0") }
    }

    func run() async throws {
        guard let data else { return try timeArticles() }
        guard let part = BIOCorpus.Part(rawValue: part) else {
            throw ValidationError("--part must be dev, train or all")
        }
        let name = model ?? URL(fileURLWithPath: data).deletingLastPathComponent().lastPathComponent
        if processor {
            let corpus = try BIOCorpus(path: data).part(part)
            let configured = try EntitiesProcessor(configuration: EvalCommand.configuration(settings, options: EntitiesOptions.options))
            let outcome = try EntityProcessorEvaluation(processor: configured, language: name)
                .run(corpus, data: data, part: part)
            if let predictions { try Self.write(corpus, labels: outcome.labels, to: predictions) }
            return try EvalCommand.printReport(outcome.report, json: json, text: outcome.report.table)
        }
        if let modelFile {
            let tagger = try TaggerModel(contentsOf: URL(fileURLWithPath: modelFile))
            return try report(
                EntityEvaluation(model: tagger, modelName: URL(fileURLWithPath: modelFile).lastPathComponent), part)
        }
        guard let tagger = TaggerModels.all[name] else {
            throw ValidationError(
                "no model '\(name)'; pass --model with one of \(TaggerModels.all.keys.sorted().joined(separator: ", "))"
            )
        }
        try report(EntityEvaluation(model: tagger, modelName: name), part)
    }

    /// `--articles`: the whole processor's throughput.
    private func timeArticles() throws {
        let reader = ArticleReader()
        let text = TextProcessor()
        let detector = try LanguageDetector.bundled()
        var prepared: [EntityThroughput.Article] = []
        for path in articles {
            let document: Document
            do { document = try reader.read(path: path) } catch {
                throw ValidationError("\(path): \(error)")
            }
            let segments = try text.segment(document)
            let language = detector.identify(LanguageProcessor.bodyText(of: document, segments: segments)).language
            prepared.append(.init(document: document, segments: segments, language: language))
        }
        let report = try EntityThroughput(processor: EntitiesProcessor()).run(prepared, seconds: seconds)
        try EvalCommand.printReport(report, json: json, text: report.line)
    }

    private func report(_ evaluation: EntityEvaluation, _ part: BIOCorpus.Part) throws {
        guard let data else { return }
        let corpus = try BIOCorpus(path: data).part(part)
        let report = evaluation.run(corpus, data: data, part: part)
        if let predictions { try Self.write(corpus, labels: evaluation.labels(corpus), to: predictions) }
        try EvalCommand.printReport(report, json: json, text: report.table)
    }

    /// Writes token<TAB>gold<TAB>predicted lines, a blank line after each sentence.
    private static func write(_ corpus: BIOCorpus, labels: [[EntityLabel]], to path: String) throws {
        var lines: [String] = []
        for (sentence, labels) in zip(corpus.sentences, labels) {
            for (token, (gold, guess)) in zip(sentence.tokens, zip(sentence.labels, labels)) {
                lines.append("\(token)\t\(gold.tag)\t\(guess.tag)")
            }
            lines.append("")
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
