import ArgumentParser
import Foundation
import LectorEntities

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
            """
    )

    @Option(help: "A BIO-tagged file.")
    var data: String

    @Option(help: "Which sentences: dev, train or all.")
    var part: String = "all"

    @Option(help: "The model (ar, en, fa, ur); by default the name of the file's folder.")
    var model: String?

    @Option(help: "A model file (as `lector train entities` writes) instead of a bundled model.")
    var modelFile: String?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func run() async throws {
        guard let part = BIOCorpus.Part(rawValue: part) else {
            throw ValidationError("--part must be dev, train or all")
        }
        let name = model ?? URL(fileURLWithPath: data).deletingLastPathComponent().lastPathComponent
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

    private func report(_ evaluation: EntityEvaluation, _ part: BIOCorpus.Part) throws {
        let corpus = try BIOCorpus(path: data).part(part)
        let report = evaluation.run(corpus, data: data, part: part)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}
