import Foundation

/// A multinomial naive Bayes model over character n-grams, for text too short for CLD2.
///
/// CLD2 needs a few hundred letters to be sure; a word or two gives it too few quadgrams, and it
/// answers English or nothing. This model scores every n-gram of orders 1–5 of the lowercased
/// text against per-language counts, so even two letters carry evidence. It is trained by
/// `bench/langid/train_short_text_model.py` on part of the UDHR data (see the README) and ships
/// as a resource; it knows only the languages it was trained on.
///
/// ## File format
///
/// A UTF-8 TSV: `#`-lines give the orders, smoothing `alpha`, the calibration `temperature`, the
/// language list, per-language n-gram totals by order and the vocabulary size by order; every
/// other line is `ngram<TAB>langIndex:count,…`.
struct ShortTextModel: Sendable {
    /// The languages the model knows, as BCP-47 tags.
    let languages: [String]
    let orders: [Int]
    /// Posterior ∝ exp(score / temperature); fitted by the trainer to minimize log loss.
    let temperature: Double
    // Per n-gram key: (language index, log P(gram | language) − log P(unseen gram | language)).
    private let table: [UInt64: [(language: Int32, delta: Float)]]
    // unseen[order index][language]: log P(an unseen gram of that order | language).
    private let unseen: [[Double]]

    /// The probabilities of the languages for a text, best first (empty without letters).
    struct Scores: Sendable {
        var ranked: [(language: String, probability: Double)]
        var gramCount: Int
    }

    enum LoadError: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self {
            case .malformed(let line): "malformed short-text model line: \(line.prefix(80))"
            }
        }
    }

    /// Loads the model bundled with the module.
    static func bundled() throws -> ShortTextModel {
        guard let url = Bundle.module.url(forResource: "short-text-model", withExtension: "tsv") else {
            throw LoadError.malformed("the bundled model is missing")
        }
        return try ShortTextModel(contentsOf: url)
    }

    init(contentsOf url: URL) throws {
        try self.init(text: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    init(text: String) throws {
        var orders: [Int] = []
        var alpha = 0.5
        var temperature = 1.0
        var languages: [String] = []
        var totals: [String: [Double]] = [:]
        var vocabulary: [Double] = []
        var entries: [(UInt64, Int, Substring)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if line.hasPrefix("#") {
                let values = fields.count > 1 ? fields[1].split(separator: " ").map(String.init) : []
                switch fields[0] {
                case "#orders": orders = values.compactMap { Int($0) }
                case "#alpha": alpha = Double(values.first ?? "") ?? alpha
                case "#temperature": temperature = Double(values.first ?? "") ?? temperature
                case "#languages": languages = values
                case "#totals":
                    guard fields.count == 3 else { throw LoadError.malformed(String(line)) }
                    totals[String(fields[1])] = fields[2].split(separator: " ").compactMap { Double($0) }
                case "#vocabulary": vocabulary = values.compactMap { Double($0) }
                default: break
                }
                continue
            }
            guard fields.count == 2 else { throw LoadError.malformed(String(line)) }
            let gram = Array(fields[0].unicodeScalars)
            entries.append((Self.key(gram[...]), gram.count, fields[1]))
        }
        guard !orders.isEmpty, !languages.isEmpty, vocabulary.count == orders.count,
            languages.allSatisfy({ totals[$0]?.count == orders.count })
        else { throw LoadError.malformed("header") }

        let unseen = orders.indices.map { o in
            languages.map { log(alpha / (totals[$0]![o] + alpha * max(1, vocabulary[o]))) }
        }
        var table: [UInt64: [(language: Int32, delta: Float)]] = [:]
        table.reserveCapacity(entries.count)
        for (key, order, list) in entries {
            guard let o = orders.firstIndex(of: order) else { throw LoadError.malformed(String(list)) }
            var row: [(language: Int32, delta: Float)] = []
            for pair in list.split(separator: ",") {
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let index = Int(parts[0]), let count = Double(parts[1]),
                    languages.indices.contains(index)
                else { throw LoadError.malformed(String(list)) }
                let logp = log((count + alpha) / (totals[languages[index]]![o] + alpha * vocabulary[o]))
                row.append((Int32(index), Float(logp - unseen[o][index])))
            }
            table[key] = row
        }
        self.languages = languages
        self.orders = orders
        self.temperature = temperature
        self.table = table
        self.unseen = unseen
    }

    /// The raw log-likelihood of the text under each language, in ``languages`` order, and the
    /// number of n-grams scored.
    func logLikelihoods(_ text: some StringProtocol) -> (scores: [Double], gramCount: Int) {
        let normalized = Self.normalize(text)
        var scores = [Double](repeating: 0, count: languages.count)
        var gramCount = 0
        guard normalized.count > 2 else { return (scores, 0) }
        for (o, order) in orders.enumerated() where normalized.count >= order {
            var countOfOrder = 0
            for start in 0...(normalized.count - order) {
                let gram = normalized[start..<(start + order)]
                // The lone space between words is not evidence.
                if order == 1, gram.first == " " { continue }
                countOfOrder += 1
                if let row = table[Self.key(gram)] {
                    for entry in row { scores[Int(entry.language)] += Double(entry.delta) }
                }
            }
            for l in languages.indices { scores[l] += Double(countOfOrder) * unseen[o][l] }
            gramCount += countOfOrder
        }
        return (scores, gramCount)
    }

    /// Calibrated probabilities of the languages, best first.
    func scores(_ text: some StringProtocol) -> Scores {
        let (raw, gramCount) = logLikelihoods(text)
        guard gramCount > 0, let top = raw.max() else { return Scores(ranked: [], gramCount: 0) }
        let weights = raw.map { exp(($0 - top) / temperature) }
        let total = weights.reduce(0, +)
        let ranked = zip(languages, weights).map { (language: $0, probability: $1 / total) }
            .sorted { ($0.probability, $1.language) > ($1.probability, $0.language) }
        return Scores(ranked: ranked, gramCount: gramCount)
    }

    /// Lowercased letters and marks; every other run of characters becomes one space; padded with
    /// a space on each side. Must match `normalize` in the trainer.
    static func normalize(_ text: some StringProtocol) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = [" "]
        for scalar in text.unicodeScalars {
            if isLetterOrMark(scalar) {
                if scalar.value < 0x80 {
                    let lowered = (0x41...0x5A).contains(scalar.value) ? scalar.value + 0x20 : scalar.value
                    out.append(Unicode.Scalar(lowered)!)
                } else {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            } else if out.last != " " {
                out.append(" ")
            }
        }
        if out.last != " " { out.append(" ") }
        return out
    }

    static func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    // FNV-1a over the scalars: a stable 64-bit key (Swift's Hasher is seeded per process).
    private static func key(_ gram: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in gram {
            var value = scalar.value
            for _ in 0..<3 {
                hash = (hash ^ UInt64(value & 0xFF)) &* 0x0000_0100_0000_01B3
                value >>= 8
            }
        }
        return hash
    }
}
