import LectorCore

/// What the training side says about words and word sequences, compacted into one-byte codes that
/// the tagger's features use: the entity spans it tags (matched as spans, longest first) and, per
/// word, how it is tagged and what it stands next to.
///
/// A **span code** says which type a word sequence is tagged as most often, how often it is tagged
/// at all where it occurs (in the training sentences, tagged or not), and how many times it is
/// tagged; so "New York City" (LOCATION, nearly always) and "The Times" (ORG, but "the times" mostly
/// is not a name) get different codes. A **word code** holds five such codes: the word's own tag
/// profile, how often it is the first and the last word of a span of each type (heads such as
/// "University", "Party", "F.C.", "Records" are learnt this way, not listed by hand), and how often
/// it follows or precedes a span of each type ("born", "in", "-based", "Inc"); and a sixth byte
/// of classes from word lists given at training time (for English, a dictionary's lower-case and
/// capitalized words and WordNet's names of people, places and groups: `Training/`); a seventh
/// byte, not a feature, holds the length of the longest listed span the word starts, so that
/// matching tries only the lengths that can match, and only after words that start a span.
///
/// Only hashes and codes are kept (``FeatureExtractor`` looks words up by their normalized hash, in
/// a ``HashedTable``), so the lists ship inside the model file (``TaggerModel``, format 3), 0.1–1.2
/// MB a language.
///
/// The same counts on the training sentences themselves would be too good to be true (every gold
/// span is on the list), and the tagger would learn to trust the lists blindly; the trainer
/// therefore gives each tenth of the training side lists built from the other nine tenths
/// (``Builder/lists(excludingFold:)``), as the shipped lists stand to unseen text.
///
/// ```swift
/// var builder = TrainedLists.Builder(folds: 10)
/// for (number, sentence) in corpus.sentences.enumerated() { builder.add(sentence, fold: number % 10, index: index) }
/// let shipped = builder.lists(excludingFold: nil)
/// ```
public struct TrainedLists: Sendable, Equatable {
    /// Span hash (``spanHash(_:_:)`` over the normalized word hashes) → span code.
    let spans: [UInt64: UInt8]
    /// Normalized word hash → six codes and the longest listed span it starts, packed (``WordRole``).
    let words: [UInt64: UInt64]
    /// The longest listed span, in words.
    let longestSpan: Int
    /// The same maps for lookups (``HashedTable``).
    private let spanTable: HashedTable
    private let wordTable: HashedTable

    init(spans: [UInt64: UInt8], words: [UInt64: UInt64], longestSpan: Int) {
        self.spans = spans
        self.words = words
        self.longestSpan = longestSpan
        spanTable = HashedTable(spans.mapValues(UInt64.init))
        wordTable = HashedTable(words)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.spans == rhs.spans && lhs.words == rhs.words && lhs.longestSpan == rhs.longestSpan
    }

    /// No lists (models of format 1): every code is 0.
    public static let empty = TrainedLists(spans: [:], words: [:], longestSpan: 0)

    /// The roles of a word whose codes are packed in one `UInt64`, one byte each.
    enum WordRole: Int, CaseIterable {
        /// The word's own tags: which type it is most often part of, and how often.
        case tagged = 0
        /// The first / last word of a span.
        case first = 1
        case last = 2
        /// The word right after / before a span.
        case after = 3
        case before = 4
        /// Classes from word lists given at training time (``wordClasses(tsv:source:lexicon:)``), one bit each.
        case dictionary = 5
        /// Not a code: the length of the longest listed span that starts with the word, so that
        /// ``matchSpans(_:roles:into:)`` looks up only the lengths that can match.
        case spanStart = 6
    }

    /// The letters of a word-classes file (`word<TAB>letters`) and their bits: a lower-case or
    /// capitalized dictionary word; a word of a person, location or group name in a list of
    /// names, and the last word of one.
    static let classLetters: [Character: UInt8] = [
        "l": 1, "c": 2, "p": 4, "g": 8, "o": 16, "P": 32, "G": 64, "O": 128,
    ]

    /// Reads a word-classes file: `word<TAB>letters` per line (``classLetters``), `#` comments.
    /// Words are looked up by their normalized form, so the classes of "Paris" and "paris" merge.
    ///
    /// - Throws: ``ProcessorError/unsupportedInput(_:)`` naming the first line that is not of this form.
    public static func wordClasses(tsv: String, source: String, lexicon: EntityLexicon) throws -> [UInt64: UInt8] {
        var classes: [UInt64: UInt8] = [:]
        var tokens = SentenceTokens(index: lexicon.index)
        for (number, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            let bits = columns.count == 2 ? columns[1].map { classLetters[$0] } : []
            guard columns.count == 2, !columns[0].isEmpty, !bits.isEmpty, !bits.contains(nil) else {
                let letters = String(classLetters.keys.sorted())
                throw ProcessorError.unsupportedInput(
                    "\(source):\(number + 1): expected 'word<TAB>classes' (letters of \(letters)), found '\(line)'")
            }
            tokens.set(words: [String(columns[0])])
            classes[tokens.tokens[0].normalizedHash, default: 0] |= bits.reduce(0) { $0 | $1! }
        }
        return classes
    }

    /// Longest spans considered, in words.
    static let spanLimit = 6

    /// The code for counts per type (PERSON, ORG, LOCATION) out of `total` occurrences:
    /// `type × 16 + ratio bucket × 4 + count bucket`, or 0 when nothing was counted.
    static func code(_ counts: (UInt32, UInt32, UInt32), total: UInt32) -> UInt8 {
        let values = [counts.0, counts.1, counts.2]
        let tagged = values.reduce(0, +)
        guard tagged > 0, total > 0 else { return 0 }
        let best = values.indices.max { values[$0] < values[$1] }!
        // How sure: the share of occurrences with the best type, in four steps.
        let ratio = Double(values[best]) / Double(max(total, tagged))
        let ratioBucket: UInt8 = ratio >= 0.9 ? 3 : ratio >= 0.6 ? 2 : ratio >= 0.3 ? 1 : 0
        let countBucket: UInt8 = tagged >= 5 ? 2 : tagged >= 2 ? 1 : 0
        return UInt8(best + 1) << 4 | ratioBucket << 2 | countBucket
    }

    /// The hash of a word sequence, from its words' normalized hashes, one word at a time.
    @inline(__always)
    static func spanHash(_ hash: UInt64, _ word: UInt64) -> UInt64 { FeatureExtractor.mix(hash &* 31 ^ word) }
    static let spanSeed: UInt64 = 0x243F_6A88_85A3_08D3

    /// A word's packed codes (``WordRole``), 0 when the word is not listed.
    @inline(__always)
    func roles(_ word: UInt64) -> UInt64 { wordTable[word] ?? 0 }

    /// Starts fetching what ``roles(_:)`` of `word` will read (``HashedTable/prefetch(_:)``).
    @inline(__always)
    func prefetchRoles(_ word: UInt64) { wordTable.prefetch(word) }

    /// The code of a word in a role, 0 when the word is not listed.
    @inline(__always)
    func code(_ word: UInt64, _ role: WordRole) -> UInt8 {
        UInt8(truncatingIfNeeded: roles(word) >> (8 * UInt64(role.rawValue)))
    }

    /// The span codes of a sentence's tokens, longest listed span first from left to right: for
    /// each token `position × 256 + span code` (position 1 = begin, 2 = inside, 3 = end, 4 = single),
    /// 0 outside listed spans.
    func matchSpans(_ sentence: SentenceTokens, into output: inout [UInt16]) {
        matchSpans(sentence, roles: { roles(sentence.tokens[$0].normalizedHash) }, into: &output)
    }

    /// ``matchSpans(_:into:)`` where the caller has each token's ``roles(_:)`` at hand.
    func matchSpans(_ sentence: SentenceTokens, roles: (Int) -> UInt64, into output: inout [UInt16]) {
        let count = sentence.count
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: repeatElement(0, count: count))
        guard longestSpan > 0 else { return }
        var start = 0
        var hashes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        while start < count {
            // Most words start no listed span; the others say how long the longest is.
            let longest = min(Int(roles(start) >> 48 & 0xFF), count - start, Self.spanLimit)
            guard longest > 0 else {
                start += 1
                continue
            }
            var hash = Self.spanSeed
            withUnsafeMutableBytes(of: &hashes) { buffer in
                let hashes = buffer.bindMemory(to: UInt64.self)
                for offset in 0..<longest {
                    hash = Self.spanHash(hash, sentence.tokens[start + offset].normalizedHash)
                    hashes[offset] = hash
                    // Every length is looked up until one is listed: their misses overlap.
                    spanTable.prefetch(hash)
                }
            }
            var matched = 0
            for length in stride(from: longest, through: 1, by: -1) {
                let key = withUnsafeBytes(of: hashes) { $0.load(fromByteOffset: 8 * (length - 1), as: UInt64.self) }
                guard let found = spanTable[key] else { continue }
                let code = UInt16(found)
                if length == 1 {
                    output[start] = 4 << 8 | code
                } else {
                    output[start] = 1 << 8 | code
                    for inner in start + 1..<start + length - 1 { output[inner] = 2 << 8 | code }
                    output[start + length - 1] = 3 << 8 | code
                }
                matched = length
                break
            }
            start += max(matched, 1)
        }
    }

    /// Counts spans and word roles on training sentences, per fold.
    public struct Builder {
        /// Counts per type (PERSON, ORG, LOCATION) and the number of occurrences.
        struct Counts {
            var types: (UInt32, UInt32, UInt32) = (0, 0, 0)
            var total: UInt32 = 0

            mutating func add(type: Int?) {
                total += 1
                switch type {
                case 0: types.0 += 1
                case 1: types.1 += 1
                case 2: types.2 += 1
                default: break
                }
            }
        }

        let folds: Int
        /// Word classes from lists (``TrainedLists/wordClasses(tsv:source:lexicon:)``), the same for every fold.
        public var wordClasses: [UInt64: UInt8] = [:]
        /// Per fold: span hash → counts (tagged by type; `total` counts every occurrence).
        private var spanCounts: [[UInt64: Counts]]
        /// Span hash → its first word's hash and its length.
        private var spanStarts: [UInt64: (word: UInt64, length: Int)] = [:]
        /// Per fold and role: word hash → counts.
        private var wordCounts: [[[UInt64: Counts]]]
        /// The sentences' word hashes, kept to count listed spans' untagged occurrences at the end.
        private var sentences: [(fold: Int, words: [UInt64])] = []

        public init(folds: Int) {
            self.folds = max(1, folds)
            spanCounts = Array(repeating: [:], count: self.folds)
            wordCounts = Array(repeating: Array(repeating: [:], count: WordRole.allCases.count), count: self.folds)
        }

        /// Adds a training sentence to a fold.
        mutating func add(_ sentence: BIOCorpus.Sentence, fold: Int, index: LexiconIndex) {
            let tokens = SentenceTokens(words: sentence.tokens, index: index)
            let words = tokens.tokens.map(\.normalizedHash)
            sentences.append((fold, words))
            let types = sentence.labels.map { $0.type.flatMap { EntityLabel.types.firstIndex(of: $0) } }
            for (position, word) in words.enumerated() {
                wordCounts[fold][WordRole.tagged.rawValue][word, default: Counts()].add(type: types[position])
                // Every occurrence counts towards the total of each role; only the role's spans add a type.
                for role in [WordRole.first, .last, .after, .before] {
                    wordCounts[fold][role.rawValue][word, default: Counts()].total += 1
                }
            }
            for span in EntityEvaluation.spans(sentence.labels) {
                let type = EntityLabel.types.firstIndex(of: span.type)
                if span.end - span.start <= TrainedLists.spanLimit {
                    var hash = TrainedLists.spanSeed
                    for word in words[span.start..<span.end] { hash = TrainedLists.spanHash(hash, word) }
                    spanCounts[fold][hash, default: Counts()].add(type: type)
                    spanStarts[hash] = (words[span.start], span.end - span.start)
                    spanCounts[fold][hash]!.total -= 1  // occurrences are counted in `finish`
                }
                Self.addType(&wordCounts[fold][WordRole.first.rawValue][words[span.start]]!, type)
                Self.addType(&wordCounts[fold][WordRole.last.rawValue][words[span.end - 1]]!, type)
                if span.end < words.count {
                    Self.addType(&wordCounts[fold][WordRole.after.rawValue][words[span.end]]!, type)
                }
                if span.start > 0 {
                    Self.addType(&wordCounts[fold][WordRole.before.rawValue][words[span.start - 1]]!, type)
                }
            }
        }

        private static func addType(_ counts: inout Counts, _ type: Int?) {
            switch type {
            case 0: counts.types.0 += 1
            case 1: counts.types.1 += 1
            case 2: counts.types.2 += 1
            default: break
            }
        }

        /// Counts every occurrence of a listed span in the sentences, tagged or not.
        private mutating func countOccurrences() {
            var listed = Set<UInt64>()
            for fold in spanCounts { listed.formUnion(fold.keys) }
            for (fold, words) in sentences {
                for start in words.indices {
                    var hash = TrainedLists.spanSeed
                    for end in start..<min(words.count, start + TrainedLists.spanLimit) {
                        hash = TrainedLists.spanHash(hash, words[end])
                        if listed.contains(hash) { spanCounts[fold][hash, default: Counts()].total += 1 }
                    }
                }
            }
            sentences = []
        }

        private var counted = false

        /// The lists from every fold but one (`nil`: from all of them, the lists a model ships).
        public mutating func lists(excludingFold excluded: Int?) -> TrainedLists {
            if !counted {
                countOccurrences()
                counted = true
            }
            func sum(_ tables: [[UInt64: Counts]]) -> [UInt64: Counts] {
                var total: [UInt64: Counts] = [:]
                for (fold, table) in tables.enumerated() where fold != excluded {
                    for (key, counts) in table {
                        var sum = total[key, default: Counts()]
                        sum.types.0 += counts.types.0
                        sum.types.1 += counts.types.1
                        sum.types.2 += counts.types.2
                        sum.total += counts.total
                        total[key] = sum
                    }
                }
                return total
            }
            var spans: [UInt64: UInt8] = [:]
            var words: [UInt64: UInt64] = [:]
            for (key, counts) in sum(spanCounts) {
                let code = TrainedLists.code(counts.types, total: counts.total)
                guard code != 0, let start = spanStarts[key] else { continue }
                spans[key] = code
                let shift = 8 * UInt64(WordRole.spanStart.rawValue)
                let longest = max(Int(words[start.word, default: 0] >> shift & 0xFF), start.length)
                words[start.word] = words[start.word, default: 0] & ~(0xFF << shift) | UInt64(longest) << shift
            }
            for role in WordRole.allCases where role != .dictionary && role != .spanStart {
                for (key, counts) in sum(wordCounts.map { $0[role.rawValue] }) {
                    let code = TrainedLists.code(counts.types, total: counts.total)
                    if code != 0 { words[key, default: 0] |= UInt64(code) << (8 * UInt64(role.rawValue)) }
                }
            }
            for (key, bits) in wordClasses {
                words[key, default: 0] |= UInt64(bits) << (8 * UInt64(WordRole.dictionary.rawValue))
            }
            return TrainedLists(spans: spans, words: words, longestSpan: spans.isEmpty ? 0 : TrainedLists.spanLimit)
        }
    }
}

extension TrainedLists {
    /// The lists as the model file stores them: the longest span, the span count, then
    /// (UInt64 hash, UInt8 code) per span by ascending hash; the word count, then (UInt64 hash,
    /// seven UInt8 codes) per word by ascending hash; all little-endian.
    func serialized() -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: UInt64, _ width: Int) {
            for shift in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
        }
        append(UInt64(longestSpan), 4)
        append(UInt64(spans.count), 4)
        for key in spans.keys.sorted() {
            append(key, 8)
            bytes.append(spans[key]!)
        }
        append(UInt64(words.count), 4)
        for key in words.keys.sorted() {
            append(key, 8)
            append(words[key]!, WordRole.allCases.count)
        }
        return bytes
    }

    /// Reads what ``serialized()`` wrote; nil when the bytes are cut short or inconsistent.
    init?(reading reader: inout ByteReader) {
        guard let longest = reader.checkedUInt32(), longest <= 64, let spanCount = reader.checkedUInt32(),
            reader.remaining >= Int(spanCount) * 9
        else { return nil }
        var spans: [UInt64: UInt8] = [:]
        spans.reserveCapacity(Int(spanCount))
        for _ in 0..<spanCount {
            let key = reader.uint64()
            spans[key] = reader.bytes(1)[0]
        }
        let width = WordRole.allCases.count
        guard let wordCount = reader.checkedUInt32(), reader.remaining == Int(wordCount) * (8 + width) else {
            return nil
        }
        var words: [UInt64: UInt64] = [:]
        words.reserveCapacity(Int(wordCount))
        for _ in 0..<wordCount {
            let key = reader.uint64()
            var packed: UInt64 = 0
            for (shift, byte) in reader.bytes(width).enumerated() { packed |= UInt64(byte) << (8 * UInt64(shift)) }
            words[key] = packed
        }
        self.init(spans: spans, words: words, longestSpan: Int(longest))
    }
}
