import Foundation

/// A multinomial naive Bayes model over character n-grams, for text too short for CLD2.
///
/// CLD2 needs a few hundred letters to be sure; a word or two gives it too few quadgrams, and it
/// answers English or nothing. This model scores every n-gram of orders 1–5 of the lowercased
/// text against per-language counts, so even two letters carry evidence. It is trained by
/// `bench/langid/train_short_text_model.py` on part of the UDHR data and on general text (the
/// word-frequency lists of wordfreq, CC-BY-SA 4.0; see the README and the licence note beside the
/// file) and ships as a resource; it knows only the languages it was trained on.
///
/// ## File format
///
/// A UTF-8 TSV: `#`-lines give the orders, smoothing `alpha`, the calibration `temperature`, the
/// language list, per-language n-gram totals by order and the vocabulary size by order; every
/// other line is `ngram<TAB>langIndex:count,…`.
///
/// ## In memory
///
/// The bundled file has about 512,000 n-grams and 800,000 counts. Holding them as a dictionary of
/// one small array per n-gram took about 48 MB and five seconds to build (with the 364,000 n-grams
/// of an earlier model), so the model is flat: a ``GramIndex`` from the n-grams' 64-bit keys to
/// their (language, weight) entries. The file is read as bytes; lines in the canonical form
/// `digits:digits` take a fast path, and anything else is parsed exactly as Swift's `Int` and
/// `Double` initializers parse it, so the weights are bit-for-bit those of the straightforward
/// parse.
///
/// ## Scoring fast
///
/// A text's n-gram keys are computed once (``grams(of:)``) and can be scored by the whole model or
/// by one cut down to a few languages (``restricted(to:)``), whose index is small enough to stay
/// in the caches: ``LanguageDetector`` arbitrates close pairs with those. Letters, marks and their
/// lowercase come from ``ScalarClasses``' table instead of Unicode's property lookups.
struct ShortTextModel: Sendable {
    /// The languages the model knows, as BCP-47 tags.
    let languages: [String]
    let orders: [Int]
    /// Posterior ∝ exp(score / temperature); fitted by the trainer to minimize log loss.
    let temperature: Double
    // The n-grams' keys (see `key`) and (language, weight) entries.
    let index: GramIndex
    // unseen[order index][language]: log P(an unseen gram of that order | language).
    let unseen: [[Double]]
    // An upper bound on any language's weight for each n-gram, for `certifies(_:restrictedBest:)`;
    // nil in a restricted model.
    let bound: WeightBound?

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
        try ShortTextModel(contentsOf: try bundledURL())
    }

    /// The file of the model bundled with the module.
    static func bundledURL() throws -> URL {
        guard let url = Bundle.module.url(forResource: "short-text-model", withExtension: "tsv") else {
            throw LoadError.malformed("the bundled model is missing")
        }
        return url
    }

    init(contentsOf url: URL) throws {
        try self.init(data: try Data(contentsOf: url, options: .mappedIfSafe))
    }

    init(text: String) throws {
        try self.init(data: Data(text.utf8))
    }

    init(data: Data) throws {
        self = try data.withUnsafeBytes { raw in
            try Self(bytes: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                count: raw.count))
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) throws {
        var parser = Parser()
        try parser.parse(bytes)
        let orders = parser.orders
        let languages = parser.languages
        let alpha = parser.alpha
        let vocabulary = parser.vocabulary
        // N-grams of 1 to 64 scalars; longer ones would only cost memory when scoring.
        guard !orders.isEmpty, orders.allSatisfy({ (1...64).contains($0) }), !languages.isEmpty,
            vocabulary.count == orders.count,
            languages.allSatisfy({ parser.totals[$0]?.count == orders.count })
        else { throw LoadError.malformed("header") }
        let totals = languages.map { parser.totals[$0]! }

        let unseen = orders.indices.map { o in
            languages.indices.map { log(alpha / (totals[$0][o] + alpha * max(1, vocabulary[o]))) }
        }
        let denominators = orders.indices.map { o in languages.indices.map { totals[$0][o] + alpha * vocabulary[o] } }
        var entries = [GramIndex.Entry]()
        entries.reserveCapacity(parser.entryCounts.count)
        for row in parser.keys.indices {
            guard let o = orders.firstIndex(of: Int(parser.gramLengths[row])) else {
                throw LoadError.malformed(Parser.list(ofRow: row, in: bytes))
            }
            for e in Int(parser.entryStarts[row])..<Int(parser.entryStarts[row + 1]) {
                let index = Int(parser.entryLanguages[e])
                guard languages.indices.contains(index) else {
                    throw LoadError.malformed(Parser.list(ofRow: row, in: bytes))
                }
                let logp = log((parser.entryCounts[e] + alpha) / denominators[o][index])
                entries.append(GramIndex.Entry(language: Int32(index), delta: Float(logp - unseen[o][index])))
            }
        }
        guard languages.count < Int(GramIndex.Slot.inline), entries.count < Int(GramIndex.Slot.inline) else {
            throw LoadError.malformed("header")
        }
        // The raw counts are in `entries` now: freed before the index is built, so that the two are
        // never held at once (the load's peak memory).
        parser.entryLanguages = []
        parser.entryCounts = []
        parser.gramLengths = []
        // A later line with the same key replaces an earlier one, as assigning into a dictionary would.
        // The whole model is looked up for short texts only (long ones use restricted models, see
        // ``restricted(to:)``), so its index is kept dense: at least 1.25 slots per n-gram.
        var builder = GramIndex.Builder(capacity: parser.keys.count, slotsPerKey: 1.25)
        for (row, key) in parser.keys.enumerated() {
            if row + 16 < parser.keys.count { builder.prefetch(key: parser.keys[row + 16]) }
            builder.insert(key: key, entries: entries[Int(parser.entryStarts[row])..<Int(parser.entryStarts[row + 1])])
        }
        let index = builder.index
        self.init(languages: languages, orders: orders, temperature: parser.temperature, index: index,
                  unseen: unseen, bound: WeightBound(index))
    }

    init(languages: [String], orders: [Int], temperature: Double, index: GramIndex, unseen: [[Double]],
         bound: WeightBound?)
    {
        self.languages = languages
        self.orders = orders
        self.temperature = temperature
        self.index = index
        self.unseen = unseen
        self.bound = bound
        self.ordersOfLength = (0...orders.max()!).map { length in orders.indices.filter { orders[$0] == length } }
        self.languageRanks = languages.map { language in languages.reduce(0) { $0 + ($1 < language ? 1 : 0) } }
    }

    // Each language's place among the languages in `String` order (how many come before it): the
    // tie-break of `scores(_:)` compared as integers instead of as strings.
    private let languageRanks: [Int]

    // The indices in `orders` of each n-gram length (usually one, or none).
    private let ordersOfLength: [[Int]]

    /// The raw log-likelihood of the text under each language, in ``languages`` order, and the
    /// number of n-grams scored.
    func logLikelihoods(_ text: some StringProtocol) -> (scores: [Double], gramCount: Int) {
        logLikelihoods(scalars: text.unicodeScalars)
    }

    /// The n-grams of a text the model scores: their keys, order by order (the lone spaces
    /// between words left out), and where each order's keys end.
    struct Grams {
        var keys: [UInt64]
        var orderEnds: [Int]
        /// The length of the normalized text.
        var length: Int
    }

    /// The n-grams of a text given as scalars.
    ///
    /// The keys are computed start by start (one FNV-1a pass gives the keys of every order
    /// starting there), then listed order by order, the sequence in which they are scored.
    func grams<C: Sequence<Unicode.Scalar>>(of scalars: C) -> Grams {
        let normalized = Self.normalize(scalars)
        let n = normalized.count
        guard n > 2 else { return Grams(keys: [], orderEnds: [Int](repeating: 0, count: orders.count), length: n) }
        let maxOrder = ordersOfLength.count - 1
        // byStart[o * n + start]: the key of the n-gram of order `orders[o]` at `start`.
        var byStart = [UInt64](repeating: 0, count: orders.count * n)
        var keys = [UInt64]()
        keys.reserveCapacity(orders.count * n)
        var orderEnds = [Int](repeating: 0, count: orders.count)
        normalized.withUnsafeBufferPointer { text in
            byStart.withUnsafeMutableBufferPointer { byStart in
                for start in 0..<n {
                    var hash = Self.fnvOffset
                    for length in 1...min(maxOrder, n - start) {
                        hash = Self.fnv(hash, text[start + length - 1].value)
                        for o in ordersOfLength[length] { byStart[o * n + start] = hash }
                    }
                }
            }
            for (o, order) in orders.enumerated() {
                if n >= order {
                    for start in 0...(n - order) {
                        // The lone space between words is not evidence.
                        if order == 1, text[start] == " " { continue }
                        keys.append(byStart[o * n + start])
                    }
                }
                orderEnds[o] = keys.count
            }
        }
        return Grams(keys: keys, orderEnds: orderEnds, length: n)
    }

    /// The raw log-likelihoods of a text given as scalars.
    func logLikelihoods<C: Sequence<Unicode.Scalar>>(scalars: C) -> (scores: [Double], gramCount: Int) {
        logLikelihoods(grams(of: scalars))
    }

    /// The raw log-likelihoods of a text's n-grams: each n-gram's weights, added n-gram by n-gram,
    /// then each order's unseen-gram term, order by order.
    func logLikelihoods(_ grams: Grams) -> (scores: [Double], gramCount: Int) {
        var scores = [Double](repeating: 0, count: languages.count)
        var gramCount = 0
        guard grams.length > 2 else { return (scores, 0) }
        let found = index.find(grams.keys)
        scores.withUnsafeMutableBufferPointer { scores in
            var start = 0
            for o in orders.indices {
                let end = grams.orderEnds[o]
                defer { start = end }
                guard grams.length >= orders[o] else { continue }
                index.add(found, start..<end, to: scores)
                let unseen = unseen[o]
                for l in scores.indices { scores[l] += Double(end - start) * unseen[l] }
                gramCount += end - start
            }
        }
        return (scores, gramCount)
    }

    /// Calibrated probabilities of the languages, best first.
    func scores(_ text: some StringProtocol) -> Scores {
        scores(scalars: text.unicodeScalars)
    }

    /// Calibrated probabilities of the languages for a text given as scalars, best first.
    func scores<C: Sequence<Unicode.Scalar>>(scalars: C) -> Scores {
        scores(logLikelihoods(scalars: scalars))
    }

    /// Calibrated probabilities from raw log-likelihoods, best first.
    func scores(_ likelihoods: (scores: [Double], gramCount: Int)) -> Scores {
        let (raw, gramCount) = likelihoods
        guard gramCount > 0, let top = raw.max() else { return Scores(ranked: [], gramCount: 0) }
        let weights = raw.map { exp(($0 - top) / temperature) }
        let total = weights.reduce(0, +)
        // Most probable first, ties (the many languages whose weight underflows to 0) in language
        // order: `($0.probability, $1.language) > ($1.probability, $0.language)` on the pairs,
        // with the languages compared by rank, which orders them the same. Comparing tags as
        // strings was most of the sort.
        var order = Array(languages.indices)
        order.sort { a, b in
            let pa = weights[a] / total, pb = weights[b] / total
            if pa != pb { return pa > pb }
            return languageRanks[b] > languageRanks[a]
        }
        let ranked = order.map { (language: languages[$0], probability: weights[$0] / total) }
        return Scores(ranked: ranked, gramCount: gramCount)
    }

    /// Lowercased letters and marks; every other run of characters becomes one space; padded with
    /// a space on each side. Must match `normalize` in the trainer.
    static func normalize(_ text: some StringProtocol) -> [Unicode.Scalar] {
        normalize(text.unicodeScalars)
    }

    /// ``normalize(_:)`` for a text given as scalars; letters, marks and their lowercase come from
    /// ``ScalarClasses``.
    static func normalize<C: Sequence<Unicode.Scalar>>(_ scalars: C) -> [Unicode.Scalar] {
        let classes = ScalarClasses.shared
        var out: [Unicode.Scalar] = [" "]
        out.reserveCapacity(scalars.underestimatedCount + 2)
        var lastIsSpace = true
        for scalar in scalars {
            if classes.facts(of: scalar).isLetterOrMark {
                classes.appendLowercase(of: scalar, to: &out)
                // A lowercase mapping is letters and marks, never a space.
                lastIsSpace = false
            } else if !lastIsSpace {
                out.append(" ")
                lastIsSpace = true
            }
        }
        if !lastIsSpace { out.append(" ") }
        return out
    }

    /// Whether a scalar is a letter (general category L*) or a mark (M*): what the model reads.
    static func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClasses.facts(of: scalar).isLetterOrMark
    }

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    // One scalar into FNV-1a: its three low bytes, least significant first.
    private static func fnv(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
        var hash = hash
        var value = scalar
        for _ in 0..<3 {
            hash = (hash ^ UInt64(value & 0xFF)) &* 0x0000_0100_0000_01B3
            value >>= 8
        }
        return hash
    }

    /// Reads the TSV's bytes into flat arrays; the weights are computed once the header is known.
    private struct Parser {
        var orders: [Int] = []
        var alpha = 0.5
        var temperature = 1.0
        var languages: [String] = []
        var totals: [String: [Double]] = [:]
        var vocabulary: [Double] = []
        var keys: [UInt64] = []
        var gramLengths: [Int32] = []
        var entryStarts: [Int32] = [0]
        var entryLanguages: [Int32] = []
        var entryCounts: [Double] = []
        /// The text after the tab of n-gram line `row`, for an error message: found again by
        /// scanning, so that no line text is kept while loading.
        static func list(ofRow row: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
            var seen = 0
            for line in bytes.split(separator: 0x0A) where line.first != UInt8(ascii: "#") {
                if seen == row {
                    let tab = line.firstIndex(of: 0x09) ?? line.startIndex
                    return String(decoding: line[(tab + 1)...], as: UTF8.self)
                }
                seen += 1
            }
            return ""
        }

        mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            // About 15 bytes per line in the bundled model.
            keys.reserveCapacity(bytes.count / 14)
            gramLengths.reserveCapacity(bytes.count / 14)
            entryStarts.reserveCapacity(bytes.count / 14 + 1)
            entryLanguages.reserveCapacity(bytes.count / 10)
            entryCounts.reserveCapacity(bytes.count / 10)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                // Empty lines are skipped, as splitting with `omittingEmptySubsequences` does.
                if end > start { try parseLine(UnsafeBufferPointer(rebasing: bytes[start..<end])) }
                start = end + 1
            }
        }

        private mutating func parseLine(_ line: UnsafeBufferPointer<UInt8>) throws {
            if line[0] == UInt8(ascii: "#") { return try parseHeader(String(decoding: line, as: UTF8.self)) }
            guard let tab = line.firstIndex(of: 0x09), !line[(tab + 1)...].contains(0x09) else {
                throw LoadError.malformed(String(decoding: line, as: UTF8.self))
            }
            let gram = UnsafeBufferPointer(rebasing: line[..<tab])
            let list = UnsafeBufferPointer(rebasing: line[(tab + 1)...])
            let (key, length) = Self.key(utf8: gram)
            keys.append(key)
            gramLengths.append(Int32(clamping: length))
            if !Self.appendCanonical(list, languages: &entryLanguages, counts: &entryCounts) {
                try appendGeneral(String(decoding: list, as: UTF8.self))
            }
            entryStarts.append(Int32(entryLanguages.count))
        }

        private mutating func parseHeader(_ line: String) throws {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let values = fields.count > 1 ? fields[1].split(separator: " ").map(String.init) : []
            switch fields[0] {
            case "#orders": orders = values.compactMap { Int($0) }
            case "#alpha": alpha = Double(values.first ?? "") ?? alpha
            case "#temperature": temperature = Double(values.first ?? "") ?? temperature
            case "#languages": languages = values
            case "#totals":
                guard fields.count == 3 else { throw LoadError.malformed(line) }
                totals[String(fields[1])] = fields[2].split(separator: " ").compactMap { Double($0) }
            case "#vocabulary": vocabulary = values.compactMap { Double($0) }
            default: break
            }
        }

        /// Appends a list of the form `digits:digits(,digits:digits)*` and returns true, or appends
        /// nothing and returns false for anything else.
        private static func appendCanonical(
            _ list: UnsafeBufferPointer<UInt8>, languages: inout [Int32], counts: inout [Double]
        ) -> Bool {
            let mark = languages.count
            var i = 0
            while i < list.count {
                guard let (index, afterIndex) = digits(list, from: i), afterIndex < list.count,
                    list[afterIndex] == UInt8(ascii: ":"), index <= Int(Int32.max),
                    let (count, afterCount) = digits(list, from: afterIndex + 1),
                    // Below 2^53 a whole number converts to Double exactly, as Double("…") would.
                    count < 1 << 53
                else {
                    languages.removeSubrange(mark...)
                    counts.removeSubrange(mark...)
                    return false
                }
                languages.append(Int32(index))
                counts.append(Double(count))
                if afterCount == list.count { return true }
                guard list[afterCount] == UInt8(ascii: ","), afterCount + 1 < list.count else {
                    languages.removeSubrange(mark...)
                    counts.removeSubrange(mark...)
                    return false
                }
                i = afterCount + 1
            }
            return list.isEmpty
        }

        /// A run of up to 15 ASCII digits starting at `from`, and the index after it.
        private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, Int)? {
            var value = 0
            var i = from
            while i < bytes.count, i - from < 16, bytes[i] &- UInt8(ascii: "0") < 10 {
                value = value * 10 + Int(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            return i > from && i - from <= 15 ? (value, i) : nil
        }

        /// Any other list, parsed with the standard library's `Int` and `Double` initializers.
        private mutating func appendGeneral(_ list: String) throws {
            for pair in list.split(separator: ",") {
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let index = Int(parts[0]), let count = Double(parts[1]),
                    let index32 = Int32(exactly: index), index32 >= 0
                else { throw LoadError.malformed(list) }
                entryLanguages.append(index32)
                entryCounts.append(count)
            }
        }

        /// The FNV-1a key of a UTF-8 n-gram and its length in scalars. Invalid UTF-8 is repaired
        /// with U+FFFD as `String(decoding:as:)` does.
        private static func key(utf8 gram: UnsafeBufferPointer<UInt8>) -> (UInt64, Int) {
            var hash = fnvOffset
            var length = 0
            var i = 0
            while i < gram.count {
                let b0 = UInt32(gram[i])
                if b0 < 0x80 {
                    hash = fnv(hash, b0)
                    length += 1
                    i += 1
                    continue
                }
                guard let (scalar, size) = decode(gram, at: i) else {
                    // Rare: let the standard library repair the rest of the gram.
                    for scalar in String(decoding: UnsafeBufferPointer(rebasing: gram[i...]), as: UTF8.self)
                        .unicodeScalars
                    {
                        hash = fnv(hash, scalar.value)
                        length += 1
                    }
                    return (hash, length)
                }
                hash = fnv(hash, scalar)
                length += 1
                i += size
            }
            return (hash, length)
        }

        /// A well-formed multi-byte UTF-8 scalar at `i`, or nil.
        private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
            let b0 = UInt32(bytes[i])
            func continuation(_ k: Int) -> UInt32? {
                guard i + k < bytes.count, bytes[i + k] & 0xC0 == 0x80 else { return nil }
                return UInt32(bytes[i + k] & 0x3F)
            }
            switch b0 {
            case 0xC2...0xDF:
                guard let c1 = continuation(1) else { return nil }
                return ((b0 & 0x1F) << 6 | c1, 2)
            case 0xE0...0xEF:
                guard let c1 = continuation(1), let c2 = continuation(2) else { return nil }
                let value = (b0 & 0x0F) << 12 | c1 << 6 | c2
                guard value >= 0x800, !(0xD800...0xDFFF).contains(value) else { return nil }
                return (value, 3)
            case 0xF0...0xF4:
                guard let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) else { return nil }
                let value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
                guard (0x10000...0x10FFFF).contains(value) else { return nil }
                return (value, 4)
            default:
                return nil
            }
        }
    }
}
