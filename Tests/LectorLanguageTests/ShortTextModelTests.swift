import Foundation
import Testing

@testable import LectorLanguage

/// How ``ShortTextModel`` reads its file: the flat byte-level loader must give exactly the weights
/// of the plain reading of the format (split lines and fields, `Int` and `Double` initializers, one
/// dictionary entry per n-gram, a later line replacing an earlier one).
struct ShortTextModelTests {
    static let header = """
        #lector-short-text-model 1
        #orders\t1 2 3
        #alpha\t0.5
        #temperature\t2.0
        #languages\taa bb cc
        #totals\taa\t10 20 30
        #totals\tbb\t11 21 31
        #totals\tcc\t12 22 32
        #vocabulary\t5 6 7

        """

    static func model(_ lines: String) throws -> ShortTextModel {
        try ShortTextModel(text: header + lines)
    }

    static let texts = ["ab", "abc ab", "cab bac", "é ab", "Éab", "zzz", "a"]

    static func scores(_ model: ShortTextModel) -> [[Double]] {
        texts.map { model.logLikelihoods($0).scores }
    }

    @Test("The bundled model's licence note lies beside it: CC-BY-SA 4.0, with wordfreq's attribution")
    func licenceNoteIsBundled() throws {
        let note = try ShortTextModel.bundledURL().deletingLastPathComponent()
            .appendingPathComponent("short-text-model.LICENSE.txt")
        let text = try String(contentsOf: note, encoding: .utf8)
        #expect(text.contains("Creative Commons Attribution-ShareAlike 4.0"))
        #expect(text.contains("wordfreq 3.1.1 by Robyn Speer"))
        #expect(text.contains("Changes made"))
    }

    @Test("Counts in any form Double accepts, and lines in any order, give the same weights")
    func noncanonicalCounts() throws {
        let canonical = try Self.model("a\t0:3,2:1\nab\t1:2\nabc\t0:1,1:1,2:4\né\t2:7\n")
        let other = try Self.model("\n\né\t2:7.0\nabc\t0:1e0,1:1.000,,2:4\nab\t1:+2\na\t0:003,2:1\n\n")
        #expect(Self.scores(canonical) == Self.scores(other))
        #expect(Self.scores(canonical).contains { $0.contains { $0 != 0 } })
    }

    @Test("A later line for the same n-gram replaces the earlier one")
    func laterLineWins() throws {
        let replaced = try Self.model("ab\t0:9\na\t1:1\nab\t2:4\n")
        let single = try Self.model("a\t1:1\nab\t2:4\n")
        let first = try Self.model("a\t1:1\nab\t0:9\n")
        #expect(Self.scores(replaced) == Self.scores(single))
        #expect(Self.scores(replaced) != Self.scores(first))
    }

    @Test("Malformed lines are refused with the line in the error", arguments: [
        ("ab 0:1\n", "ab 0:1"), ("ab\t0:1\tx\n", "ab\t0:1\tx"), ("abcd\t0:1\n", "0:1"), ("ab\t3:1\n", "3:1"),
        ("ab\t0:x\n", "0:x"), ("ab\t0\n", "0"), ("ab\t-1:2\n", "-1:2"),
    ])
    func malformed(line: String, quoted: String) {
        #expect {
            try Self.model("a\t0:1\n" + line + "b\t1:1\n")
        } throws: { error in
            "\(error)".contains("malformed short-text model line: \(quoted)")
        }
    }

    @Test("A header with orders but no totals is refused")
    func missingTotals() {
        #expect(throws: ShortTextModel.LoadError.self) {
            try ShortTextModel(text: "#orders\t1 2\n#languages\taa\n#vocabulary\t1 1\na\t0:1\n")
        }
    }

    /// The bundled model against an independent plain reading of the file, restricted to the
    /// n-grams of a few texts in different scripts: every log-likelihood must be identical.
    @Test("The bundled model's scores equal those of a plain reading of its file")
    func bundledMatchesPlainReading() throws {
        let texts = [
            "haki za binadamu", "سیاسی تفریق", "किया गया", "l’enfortiment", "Ἀρχή ÉTÉ", "byť svojvoľne",
        ]
        var wanted = Set<[Unicode.Scalar]>()
        for text in texts {
            let normalized = ShortTextModel.normalize(text)
            for order in 1...5 where normalized.count >= order {
                for start in 0...(normalized.count - order) {
                    wanted.insert(Array(normalized[start..<(start + order)]))
                }
            }
        }
        let url = try ShortTextModel.bundledURL()
        let file = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        var header: [String: [String]] = [:]
        var totals: [String: [Double]] = [:]
        var rows: [[Unicode.Scalar]: [(Int, Double)]] = [:]
        for line in file.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if line.hasPrefix("#totals") {
                totals[String(fields[1])] = fields[2].split(separator: " ").map { Double($0)! }
            } else if line.hasPrefix("#") {
                header[String(fields[0])] = fields.count > 1 ? fields[1].split(separator: " ").map(String.init) : []
            } else if wanted.contains(Array(fields[0].unicodeScalars)) {
                rows[Array(fields[0].unicodeScalars)] = fields[1].split(separator: ",").map {
                    let parts = $0.split(separator: ":")
                    return (Int(parts[0])!, Double(parts[1])!)
                }
            }
        }
        let languages = try #require(header["#languages"])
        let orders = try #require(header["#orders"]).map { Int($0)! }
        let alpha = Double(try #require(header["#alpha"]?.first))!
        let vocabulary = try #require(header["#vocabulary"]).map { Double($0)! }
        let model = try ShortTextModel.bundled()
        #expect(model.languages == languages)
        #expect(rows.count > 100)
        for text in texts {
            let normalized = ShortTextModel.normalize(text)
            var expected = [Double](repeating: 0, count: languages.count)
            for (o, order) in orders.enumerated() where normalized.count >= order {
                let denominators = languages.map { totals[$0]![o] + alpha * vocabulary[o] }
                let unseen = languages.map { log(alpha / (totals[$0]![o] + alpha * max(1, vocabulary[o]))) }
                var count = 0
                for start in 0...(normalized.count - order) {
                    let gram = Array(normalized[start..<(start + order)])
                    if order == 1, gram == [" "] { continue }
                    count += 1
                    for (index, n) in rows[gram] ?? [] {
                        expected[index] += Double(Float(log((n + alpha) / denominators[index]) - unseen[index]))
                    }
                }
                for l in languages.indices { expected[l] += Double(count) * unseen[l] }
            }
            #expect(model.logLikelihoods(text).scores == expected, "\(text)")
        }
    }

    static let englishLede = """
        Everyone has the right to freedom of thought, conscience and religion; this right includes freedom to \
        change his religion or belief, and freedom, either alone or in community with others and in public or \
        private, to manifest his religion or belief in teaching, practice, worship and observance.
        """
    static let russianBody = """
        Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и \
        совестью и должны поступать в отношении друг друга в духе братства. Каждый человек должен обладать \
        всеми правами и всеми свободами, провозглашенными настоящей Декларацией, без какого бы то ни было \
        различия, как-то в отношении расы, цвета кожи, пола, языка, религии, политических или иных \
        убеждений, национального или социального происхождения, имущественного, сословного или иного \
        положения. Кроме того, не должно проводиться никакого различия на основе политического, правового \
        или международного статуса страны или территории, к которой человек принадлежит, независимо от того, \
        является ли эта территория независимой, подопечной, несамоуправляющейся или как-либо иначе \
        ограниченной в своем суверенитете.
        """
    static let urdu = "ہر شخص کو اپنے ملک کی حکومت میں براہ راست یا آزادانہ طور پر منتخب نمائندوں کے ذریعے حصہ لینے کا حق ہے۔"

    @Test("A model restricted to a close group gives its languages the whole model's scores, bit for bit")
    func restrictedScoresEqualWhole() throws {
        let model = LanguageDetectorTests.detector.model
        let restricted = model.restricted(to: ["ur", "fa", "ps", "xx"])
        #expect(restricted.languages == ["fa", "ps", "ur"])
        for text in [Self.urdu, Self.englishLede, Self.russianBody, "haki za binadamu", "یا هر", "a"] {
            let grams = model.grams(of: text.unicodeScalars)
            let whole = model.logLikelihoods(grams)
            let part = restricted.logLikelihoods(grams)
            #expect(part.gramCount == whole.gramCount)
            for (position, language) in restricted.languages.enumerated() {
                #expect(part.scores[position] == whole.scores[model.languages.firstIndex(of: language)!], "\(text)")
            }
        }
        // Several sets in one pass give the same models as one at a time.
        let both = model.restricted(toEach: [["cs", "sk"], ["ur", "fa", "ps"]])
        let grams = model.grams(of: Self.urdu.unicodeScalars)
        #expect(both[1].logLikelihoods(grams).scores == restricted.logLikelihoods(grams).scores)
        #expect(both[0].languages == ["cs", "sk"])
    }

    @Test("Restricted probabilities are used only when the whole model's would be the same")
    func certification() throws {
        let model = LanguageDetectorTests.detector.model
        let group: Set<String> = ["ur", "fa", "ps"]
        let restricted = model.restricted(to: group)

        // Urdu: the group's best is near the whole model's best, so the ratios among the group agree.
        let grams = model.grams(of: Self.urdu.unicodeScalars)
        let part = restricted.logLikelihoods(grams)
        #expect(model.certifies(grams, restrictedBest: try #require(part.scores.max())))
        let inGroup = model.scores(model.logLikelihoods(grams)).ranked.filter { group.contains($0.language) }
        let total = inGroup.reduce(0) { $0 + $1.probability }
        let cut = restricted.scores(part).ranked
        #expect(cut.map(\.language) == inGroup.map(\.language))
        for (a, b) in zip(cut, inGroup) { #expect(abs(a.probability - b.probability / total) < 1e-12) }

        // English: thousands of nats above the group, whose probabilities underflow in the whole model.
        let english = model.grams(of: Self.englishLede.unicodeScalars)
        let englishPart = restricted.logLikelihoods(english)
        #expect(!model.certifies(english, restrictedBest: try #require(englishPart.scores.max())))
        #expect(restricted.bound == nil)
        #expect(!restricted.certifies(english, restrictedBest: 0))
    }

    /// Languages come best first and, at equal probability (the many whose weight underflows to
    /// 0), in tag order: the order of sorting the (language, probability) pairs with the tags
    /// compared as strings.
    @Test(arguments: ["Ang pagbasa ay mahalaga", "Добрый вечер, друзья", "صوبائی پارٹی کمیٹی", "Hyvää huomenta", "xq"])
    func rankedIsOrderedByProbabilityThenTag(text: String) throws {
        let model = LanguageDetectorTests.detector.model
        let likelihoods = model.logLikelihoods(text)
        let scores = model.scores(likelihoods)
        let top = try #require(likelihoods.scores.max())
        let weights = likelihoods.scores.map { exp(($0 - top) / model.temperature) }
        let total = weights.reduce(0, +)
        let expected = zip(model.languages, weights).map { (language: $0, probability: $1 / total) }
            .sorted { ($0.probability, $1.language) > ($1.probability, $0.language) }
        #expect(scores.ranked.map(\.language) == expected.map(\.language))
        #expect(scores.ranked.map(\.probability) == expected.map(\.probability))
        #expect(scores.ranked.count == model.languages.count)
    }

    @Test func restrictedModelsRankTheirOwnLanguages() throws {
        let model = LanguageDetectorTests.detector.model
        let group: Set<String> = ["ur", "fa"]
        let restricted = model.restricted(toEach: [group])[0]
        let ranked = restricted.scores("صوبائی پارٹی کمیٹی کے ڈپٹی سکریٹری").ranked
        #expect(Set(ranked.map(\.language)) == group)
        #expect(ranked.first?.language == "ur")
        #expect(ranked.map(\.probability) == ranked.map(\.probability).sorted(by: >))
    }
}
