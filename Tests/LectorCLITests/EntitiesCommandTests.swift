import Foundation
import LectorCore
import LectorTestKit
import Testing

/// `lector train entities` and `lector eval entities` through the real binary, on a small corpus
/// written for the test.
struct EntitiesCommandTests {
    /// BIO sentences in the `token<TAB>tag` form, with titles before people and places after "in".
    static let corpus: String = {
        let people = [("Alice", "Brown"), ("Omar", "Khan"), ("Li", "Wei"), ("Maria", "Lopez"), ("Tran", "Dung")]
        let places = ["Lahore", "Cairo", "Hanoi", "Madrid"]
        var lines: [String] = []
        for (first, last) in people {
            for place in places {
                lines += [
                    "Minister\tO", "\(first)\tB-PER", "\(last)\tI-PER", "spoke\tO", "in\tO", "\(place)\tB-LOC", ".\tO",
                    "",
                ]
                lines += ["The\tO", "\(place)\tB-ORG", "Bank\tI-ORG", "hired\tO", "\(first)\tB-PER", ".\tO", ""]
            }
        }
        return lines.joined(separator: "\n")
    }()

    @Test func trainsReproduciblyAndScoresWhatItTrained() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data/xx", withIntermediateDirectories: true)
        _ = try folder.write("data/xx/tiny.train.tsv", text: Self.corpus)
        var files: [Data] = []
        for out in ["a", "b"] {
            let run = try LectorBinary.run([
                "train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/\(out)", "--epochs", "4",
                "--bits", "14",
            ])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdoutText.contains("xx: tiny.train.tsv"))
            files.append(try Data(contentsOf: folder.url.appendingPathComponent("\(out)/xx.lner")))
        }
        #expect(files[0] == files[1], "the same data and options give the same model")

        let run = try LectorBinary.run([
            "eval", "entities", "--data", folder.path + "/data/xx/tiny.train.tsv", "--part", "train",
            "--model-file", folder.path + "/a/xx.lner", "--json",
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try JSONValue.parse(run.stdout)
        #expect(report["part"] == .string("train"))
        #expect((report.at("overall.f1")?.doubleValue ?? 0) > 95)
        #expect((report.at("types.PERSON.gold")?.doubleValue ?? 0) > 0)
        #expect((report["tokens_per_second"]?.doubleValue ?? 0) > 0)
        let dev = try JSONValue.parse(
            try LectorBinary.run([
                "eval", "entities", "--data", folder.path + "/data/xx/tiny.train.tsv", "--part", "dev",
                "--model-file", folder.path + "/a/xx.lner", "--json",
            ]).stdout)
        let sentences = (report["sentences"]?.doubleValue ?? 0) + (dev["sentences"]?.doubleValue ?? 0)
        #expect(sentences == 40, "train and dev split the 40 distinct sentences between them")
    }

    @Test func theTableNamesEveryTypeAndTheSpeed() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write("en.tsv", text: Self.corpus)
        let run = try LectorBinary.run(["eval", "entities", "--data", data, "--model", "en"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        for word in ["PERSON", "ORG", "LOCATION", "overall", "tokens/s"] { #expect(run.stdoutText.contains(word)) }
    }

    @Test func timesTheWholeProcessorOnArticles() throws {
        let seeds = LectorBinary.repositoryRoot.appendingPathComponent("seeds")
        let articles = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted()
            .filter { $0.hasSuffix(".txt") }.map { seeds.appendingPathComponent($0).path }
        let run = try LectorBinary.run(["eval", "entities", "--articles"] + articles + ["--seconds", "0.2", "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try JSONValue.parse(run.stdout)
        #expect(report["articles"]?.doubleValue == Double(articles.count))
        let bytes = try articles.reduce(0) { $0 + (try Data(contentsOf: URL(fileURLWithPath: $1)).count) }
        #expect(report["bytes"]?.doubleValue == Double(bytes), "the seeds are plain UTF-8 text")
        // A seed article has hundreds of tokens.
        #expect((report["tokens"]?.doubleValue ?? 0) > Double(100 * articles.count))
        #expect((report["cpu_seconds"]?.doubleValue ?? 0) >= 0.2)
        for key in ["tokens_per_second", "megabytes_per_second", "ms_per_article"] {
            #expect((report[key]?.doubleValue ?? 0) > 0, "\(key)")
        }
        let table = try LectorBinary.run(["eval", "entities", "--articles", articles[0], "--seconds", "0.05"])
        #expect(table.status == 0 && table.stdoutText.contains("tokens/s") && table.stdoutText.contains("MB/s"))
    }

    /// `--processor` scores the whole processor, with options from `--set`, and writes its names
    /// with `--predictions`.
    @Test func scoresTheWholeProcessor() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write(
            "en.tsv",
            text: "Barack\tB-PER\nObama\tI-PER\nvisited\tO\nLondon\tB-LOC\n.\tO\n\nHe\tO\nworked\tO\nfor\tO\n"
                + "the\tO\nBank\tB-ORG\nof\tI-ORG\nEngland\tI-ORG\nin\tO\nLondon\tB-LOC\n.\tO\n")
        let run = try LectorBinary.run([
            "eval", "entities", "--data", data, "--model", "en", "--processor", "--predictions",
            folder.path + "/predicted.tsv", "--json",
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try JSONValue.parse(run.stdout)
        #expect(report["model"] == .string("processor (en)"))
        #expect(report.at("overall.gold")?.doubleValue == 4)
        #expect(report.at("overall.correct")?.doubleValue == 4)
        let predicted = try String(contentsOfFile: folder.path + "/predicted.tsv", encoding: .utf8)
        #expect(predicted.contains("Bank\tB-ORG\tB-ORG\nof\tI-ORG\tI-ORG\nEngland\tI-ORG\tI-ORG"))
        // min_score 1 leaves only what the rules find ("London" from the gazetteer).
        let strict = try JSONValue.parse(
            try LectorBinary.run([
                "eval", "entities", "--data", data, "--model", "en", "--processor", "--set", "min_score=1", "--json",
            ]).stdout)
        #expect((strict.at("overall.predicted")?.doubleValue ?? 9) < 4)
        let wrong = try LectorBinary.run(["eval", "entities", "--data", data, "--model", "en", "--set", "min_score=1"])
        #expect(wrong.status != 0 && wrong.stderr.contains("--set is for --processor"))
        // A key the processor does not read is an error, not silently ignored: the configuration
        // file's section name in front of it is the likely slip.
        let prefixed = try LectorBinary.run([
            "eval", "entities", "--data", data, "--model", "en", "--processor", "--set", "entities.min_score=1",
        ])
        #expect(
            prefixed.status != 0 && prefixed.stderr.contains("no option 'entities.min_score'"), "stderr: \(prefixed.stderr)")
        #expect(prefixed.stderr.contains("min_score"))
    }

    @Test func eitherDataOrArticles() throws {
        #expect(try LectorBinary.run(["eval", "entities"]).stderr.contains("either --data or --articles"))
        let missing = try LectorBinary.run(["eval", "entities", "--articles", "/nonexistent/article.txt"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/article.txt"))
    }

    @Test func badDataIsAClearError() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write("bad.tsv", text: "word\tB-PER\n\nno-tag-here\n")
        let run = try LectorBinary.run(["eval", "entities", "--data", data, "--model", "en"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("bad.tsv:3"))
        let missing = try LectorBinary.run(["eval", "entities", "--data", data, "--model", "xx"])
        #expect(missing.status != 0 && missing.stderr.contains("no model 'xx'"))
    }

    @Test func wordClassesGoIntoTheModelAndABadLineIsAClearError() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data/xx", withIntermediateDirectories: true)
        _ = try folder.write("data/xx/tiny.train.tsv", text: Self.corpus)
        try FileManager.default.createDirectory(atPath: folder.path + "/words", withIntermediateDirectories: true)
        _ = try folder.write("words/xx.words.tsv", text: "# word<TAB>classes\nriver\tl\nCairo\tcgG\n")
        var sizes: [Int] = []
        for words in [nil, folder.path + "/words"] {
            let out = folder.path + (words == nil ? "/plain" : "/classes")
            let run = try LectorBinary.run(
                ["train", "entities", "--data", folder.path + "/data", "--out", out, "--epochs", "2", "--bits", "12"]
                    + (words.map { ["--words", $0] } ?? []))
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdoutText.contains("word classes: 2 normalized words") == (words != nil))
            sizes.append(try Data(contentsOf: URL(fileURLWithPath: out + "/xx.lner")).count)
        }
        // "river" is not in the corpus, so it adds a word entry (8 + 7 bytes); "Cairo" already has one.
        #expect(sizes[1] == sizes[0] + 15)

        _ = try folder.write("words/xx.words.tsv", text: "river\tl\nCairo\tcity\n")
        let bad = try LectorBinary.run([
            "train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/bad", "--words",
            folder.path + "/words",
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("xx.words.tsv:2"), "stderr: \(bad.stderr)")
        let missing = try LectorBinary.run([
            "train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/bad", "--words",
            folder.path + "/no-such-folder",
        ])
        #expect(missing.status != 0 && missing.stderr.contains("no folder"), "stderr: \(missing.stderr)")
    }

    @Test func theObjectiveIsChosenAndTheCRFIsTheDefault() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data/xx", withIntermediateDirectories: true)
        _ = try folder.write("data/xx/tiny.train.tsv", text: Self.corpus)
        var files: [String: Data] = [:]
        for objective in ["default", "crf", "perceptron"] {
            let run = try LectorBinary.run(
                ["train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/\(objective)"]
                    + ["--epochs", "3", "--bits", "12"] + (objective == "default" ? [] : ["--objective", objective]))
            #expect(run.status == 0, "stderr: \(run.stderr)")
            files[objective] = try Data(contentsOf: folder.url.appendingPathComponent("\(objective)/xx.lner"))
        }
        #expect(files["default"] == files["crf"])
        #expect(files["crf"] != files["perceptron"])
        #expect(files["crf"]?.count == files["perceptron"]?.count, "the same format either way")
        let bad = try LectorBinary.run([
            "train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/bad", "--objective", "svm",
        ])
        #expect(bad.status != 0 && bad.stderr.contains("--objective"), "stderr: \(bad.stderr)")
        let penalty = try LectorBinary.run([
            "train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/bad", "--l2", "0",
        ])
        #expect(penalty.status != 0 && penalty.stderr.contains("--l2"), "stderr: \(penalty.stderr)")
    }

    @Test func predictionsAreWrittenTokenByTokenWithGoldAndPredictedTags() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data/xx", withIntermediateDirectories: true)
        let data = try folder.write("data/xx/tiny.train.tsv", text: Self.corpus)
        let train = try LectorBinary.run([
            "train", "entities", "--data", folder.path + "/data", "--out", folder.path + "/m", "--epochs", "4",
            "--bits", "14",
        ])
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let out = folder.path + "/predictions.tsv"
        let run = try LectorBinary.run([
            "eval", "entities", "--data", data, "--part", "all", "--model-file", folder.path + "/m/xx.lner",
            "--predictions", out,
        ])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: "\t").map(String.init)
        }
        // 20 distinct sentences of each kind: 7 + 6 tokens each.
        #expect(lines.count == 20 * 13)
        #expect(lines.allSatisfy { $0.count == 3 })
        #expect(lines.first == ["Minister", "O", "O"])
        #expect(lines.contains { $0[0] == "Cairo" && $0[1] == "B-ORG" })
        let agreeing = lines.filter { $0[1] == $0[2] }.count
        #expect(Double(agreeing) / Double(lines.count) > 0.95, "it scores what it trained on")
    }

    @Test func aModelOfAnotherFormatIsRefusedWithAWordOnRetraining() throws {
        let folder = try TemporaryFolder()
        var bytes = Array("LNER".utf8)
        for value: UInt32 in [1, 12, 7] { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        bytes += [UInt8](repeating: 0, count: 64)
        let path = folder.path + "/old.lner"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        _ = try folder.write("tiny.tsv", text: Self.corpus)
        let run = try LectorBinary.run([
            "eval", "entities", "--data", folder.path + "/tiny.tsv", "--model-file", path,
        ])
        #expect(run.status != 0)
        #expect(run.stderr.contains("format 1") && run.stderr.contains("retrain"), "stderr: \(run.stderr)")
    }
}
