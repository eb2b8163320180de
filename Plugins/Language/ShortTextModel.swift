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
///
/// ## In memory
///
/// The bundled file has about 364,000 n-grams and 519,000 counts. Holding them as a dictionary of
/// one small array per n-gram took about 48 MB and five seconds to build, so the model is flat:
/// the n-grams' 64-bit keys, an open-addressing index over them, and the (language, weight)
/// entries of all n-grams in one pair of arrays, found through an offsets array (about 12 MB).
/// The file is read as bytes; lines in the canonical form `digits:digits` take a fast path, and
/// anything else is parsed exactly as Swift's `Int` and `Double` initializers parse it, so the
/// weights are bit-for-bit those of the straightforward parse.
struct ShortTextModel: Sendable {
    /// The languages the model knows, as BCP-47 tags.
    let languages: [String]
    let orders: [Int]
    /// Posterior ∝ exp(score / temperature); fitted by the trainer to minimize log loss.
    let temperature: Double
    // The n-grams' keys (see `key`), one per n-gram line, in file order.
    private let keys: [UInt64]
    // Open addressing with linear probing: the index into `keys` of the n-gram stored in a slot, or
    // -1 when the slot is empty. The capacity is a power of two at least twice the key count.
    private let slots: [Int32]
    // The entries of n-gram `i` are `entryLanguages[entryStarts[i]..<entryStarts[i + 1]]` and the
    // matching `entryDeltas`.
    private let entryStarts: [Int32]
    private let entryLanguages: [Int32]
    // log P(gram | language) − log P(unseen gram | language).
    private let entryDeltas: [Float]
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
        guard !orders.isEmpty, !languages.isEmpty, vocabulary.count == orders.count,
            languages.allSatisfy({ parser.totals[$0]?.count == orders.count })
        else { throw LoadError.malformed("header") }
        let totals = languages.map { parser.totals[$0]! }

        let unseen = orders.indices.map { o in
            languages.indices.map { log(alpha / (totals[$0][o] + alpha * max(1, vocabulary[o]))) }
        }
        let denominators = orders.indices.map { o in languages.indices.map { totals[$0][o] + alpha * vocabulary[o] } }
        var deltas = [Float]()
        deltas.reserveCapacity(parser.entryCounts.count)
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
                deltas.append(Float(logp - unseen[o][index]))
            }
        }

        // A later line with the same key replaces an earlier one, as assigning into a dictionary would.
        var capacity = 1
        while capacity < max(2, parser.keys.count * 2) { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (row, key) in parser.keys.enumerated() {
            var slot = Self.slot(key, mask: mask)
            while slots[slot] >= 0, parser.keys[Int(slots[slot])] != key { slot = (slot + 1) & mask }
            slots[slot] = Int32(row)
        }

        self.languages = languages
        self.orders = orders
        self.temperature = parser.temperature
        self.keys = parser.keys
        self.slots = slots
        self.entryStarts = parser.entryStarts
        self.entryLanguages = parser.entryLanguages
        self.entryDeltas = deltas
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
                if let row = row(for: Self.key(gram)) {
                    for e in Int(entryStarts[row])..<Int(entryStarts[row + 1]) {
                        scores[Int(entryLanguages[e])] += Double(entryDeltas[e])
                    }
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

    /// The n-gram line with this key, if the model has one.
    private func row(for key: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let row = slots[slot]
            if row < 0 { return nil }
            if keys[Int(row)] == key { return Int(row) }
            slot = (slot + 1) & mask
        }
    }

    // The keys' low bits are FNV-1a output; a multiply spreads their high bits into the slot too.
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    // FNV-1a over the scalars: a stable 64-bit key (Swift's Hasher is seeded per process).
    private static func key(_ gram: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var hash = fnvOffset
        for scalar in gram { hash = fnv(hash, scalar.value) }
        return hash
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
