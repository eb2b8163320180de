import ArgumentParser
import Foundation
import LectorEntities

/// `lector train …`: trains the models that ship with the built-in processors.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a built-in processor's model from public data.",
        subcommands: [TrainEntitiesCommand.self]
    )
}

/// `lector train entities`: one tagger model per language folder of BIO files.
struct TrainEntitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Train the PERSON/ORG/LOCATION tagger: one model per language folder of BIO files.",
        discussion: """
            Every *.tsv and *.txt file under --data/LANG/ is read; the train part of the deterministic \
            split (see `lector eval entities --help`) of all of them, repeats removed, trains \
            --out/LANG.lner. Training is deterministic: the same data and options give the same files.
            """
    )

    @Option(help: "A folder with one sub-folder of BIO files per language (ar, en, fa, ur, …).")
    var data: String

    @Option(help: "Where the model files go.")
    var out: String

    @Option(help: "Languages to train (default: every sub-folder).")
    var language: [String] = []

    @Option(
        help: """
            A folder of word-classes files, LANG.words.tsv (word<TAB>letters), whose classes go into \
            that language's model (Plugins/Entities/Training has the English one and the script that makes it).
            """)
    var words: String?

    @Option(help: "Passes over the training data.")
    var epochs = 15

    @Option(help: "The weight table has 2^bits rows.")
    var bits = 17

    @Option(
        help: "Parts the training side is cut into for the learnt lists: each part's features see the others' lists.")
    var folds = 10

    @Option(help: "What training optimizes: crf (CRF log-likelihood) or perceptron (averaged structured perceptron).")
    var objective = "crf"

    @Option(help: "With --objective crf: the L2 penalty c2 on the summed negative log-likelihood.")
    var l2 = 3.0

    @Option(help: "With --objective crf: the first SGD step.")
    var step = 0.1

    @Option(help: "With --objective crf: how many of the last epochs the weights are averaged over (0: none).")
    var averaged = 5

    func validate() throws {
        guard TaggerTrainer.Objective(objective) != nil else {
            throw ValidationError("--objective must be crf or perceptron")
        }
        guard l2 > 0, step > 0, averaged >= 0 else {
            throw ValidationError("--l2 and --step must be above 0, --averaged at least 0")
        }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        if let words {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: words, isDirectory: &isDirectory)
            guard exists && isDirectory.boolValue else { throw ValidationError("--words: no folder \(words)") }
        }
    }

    func run() async throws {
        let root = URL(fileURLWithPath: data)
        let folders = try FileManager.default.contentsOfDirectory(atPath: data).sorted().filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue && (language.isEmpty || language.contains(name))
        }
        guard !folders.isEmpty else { throw ValidationError("no language folders under \(data)") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for folder in folders {
            let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".tsv") || $0.hasSuffix(".txt") }.sorted()
            var sentences: [BIOCorpus.Sentence] = []
            for file in files {
                sentences += try BIOCorpus(path: root.appendingPathComponent(folder).appendingPathComponent(file).path)
                    .part(.train).sentences
            }
            let corpus = BIOCorpus(sentences: sentences)
            print(
                "\(folder): \(files.joined(separator: ", ")): \(corpus.sentences.count) sentences, \(corpus.tokenCount) tokens"
            )
            let start = ContinuousClock.now
            var classes: [UInt64: UInt8] = [:]
            if let words {
                let path = URL(fileURLWithPath: words).appendingPathComponent("\(folder).words.tsv").path
                if FileManager.default.fileExists(atPath: path) {
                    classes = try TrainedLists.wordClasses(
                        tsv: String(contentsOfFile: path, encoding: .utf8), source: path, lexicon: EntityLexicon.shared)
                    print("  word classes: \(classes.count) normalized words from \(path)")
                }
            }
            let trainer = TaggerTrainer(
                options: .init(
                    epochs: epochs, bucketBits: bits, folds: folds, objective: TaggerTrainer.Objective(objective)!,
                    crf: .init(l2: l2, initialStep: step, averagedEpochs: averaged)))
            let model = trainer.train(corpus, lexicon: EntityLexicon.shared, wordClasses: classes) { epoch, mistakes in
                print("  epoch \(epoch): \(mistakes) sentences wrong")
            }
            let url = URL(fileURLWithPath: out).appendingPathComponent("\(folder).lner")
            try model.write(to: url)
            print("  wrote \(url.path) in \(ContinuousClock.now - start)")
        }
    }
}
