import Foundation
import LectorCore

/// A type that finds an article's key words and phrases with YAKE's statistics, which need no
/// language resources.
///
/// Every term of the body sentences gets YAKE's features (Campos et al., 2020): how often it is
/// capitalized away from the sentence start (0 in caseless scripts), how early it appears (the
/// median sentence), how frequent it is against the article's mean, how many different sentences
/// hold it, and how many different neighbours it has (a word next to everything, like a function
/// word, is unimportant). They combine into a weight where lower means more important. Phrases of
/// up to `maxWords` terms within a sentence score the product of their terms' weights over their
/// frequency. Instead of a stop-word list, a term of one or two letters, a number, or a term found
/// beside many different neighbours in many sentences may sit inside a phrase but not start or
/// end one, and is never a keyword alone.
struct KeywordExtractor: Sendable {
    let count: Int
    let maxWords: Int

    private struct Statistics {
        var frequency = 0
        var capitalized = 0
        /// How many sentences hold the term, the last of them, and the median one (set later).
        var sentenceCount = 0, lastSentence = -1, medianSentence = 0
        /// Occurrences with a word before (after) them, and how many different words those were.
        var leftTotal = 0, rightTotal = 0, leftDistinct = 0, rightDistinct = 0
        /// Where the term first occurs: sentence and term index, to spell it back.
        var firstSentence = 0, firstTerm = 0
    }

    /// Up to five term ids packed into three words, padded with all ones: a phrase as a value that
    /// compares and hashes without allocating. A dictionary keyed by `[Int]` phrases spent about
    /// half the summary's time hashing five ids per candidate and growing its table; sorting the
    /// packed keys and counting runs took that to a quarter of it (about 2,700 to 3,800–4,300 BBC
    /// Arabic articles a second, `lector eval summary`); a table of their own
    /// (``PhraseCounts``) counts them in one pass instead of a sort of every candidate.
    private struct PhraseKey: Equatable {
        var words: (UInt64, UInt64, UInt64) = (.max, .max, .max)
        var count = 0
        static func == (a: Self, b: Self) -> Bool { a.words == b.words }
        mutating func append(_ id: Int) {
            let value = UInt64(UInt32(truncatingIfNeeded: id))
            switch count {
            case 0: words.0 = value << 32 | 0xFFFF_FFFF
            case 1: words.0 = words.0 & 0xFFFF_FFFF_0000_0000 | value
            case 2: words.1 = value << 32 | 0xFFFF_FFFF
            case 3: words.1 = words.1 & 0xFFFF_FFFF_0000_0000 | value
            default: words.2 = value << 32 | 0xFFFF_FFFF
            }
            count += 1
        }
        /// The `index`-th term id (`index` < `count`).
        @inline(__always)
        func id(_ index: Int) -> UInt64 {
            switch index {
            case 0: return words.0 >> 32
            case 1: return words.0 & 0xFFFF_FFFF
            case 2: return words.1 >> 32
            case 3: return words.1 & 0xFFFF_FFFF
            default: return words.2 >> 32
            }
        }
        var array: [Int] { (0..<count).map { Int(id($0)) } }
        /// Whether the ids come before `other`'s in dictionary order, a prefix first: what
        /// `array.lexicographicallyPrecedes(other.array)` says, without the two arrays.
        func precedes(_ other: Self) -> Bool {
            for index in 0..<Swift.min(count, other.count) {
                let a = id(index), b = other.id(index)
                if a != b { return a < b }
            }
            return count < other.count
        }
        /// A 64-bit mix of the three words for ``PhraseCounts``.
        var hash: UInt64 {
            var h = words.0 &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ (h >> 29) ^ words.1) &* 0xBF58_476D_1CE4_E5B9
            h = (h ^ (h >> 32) ^ words.2) &* 0x94D0_49BB_1331_11EB
            return h ^ (h >> 31)
        }
    }

    /// The distinct candidate phrases of an article with how often each occurs, in order of first
    /// occurrence: open addressing with linear probing over a power-of-two table sized for every
    /// candidate at once (at most half full), so it never grows. Sorting all candidates to count
    /// runs, as before, was a fifth of the summary's time on news articles.
    private struct PhraseCounts {
        private(set) var keys: [PhraseKey] = []
        private(set) var counts: [Int] = []
        private var slots: [Int32]
        private let mask: Int

        init(capacity: Int) {
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = [Int32](repeating: -1, count: size)
            mask = size - 1
            keys.reserveCapacity(capacity)
            counts.reserveCapacity(capacity)
        }

        /// Counts one occurrence of `key`; true if it is the first.
        @discardableResult
        mutating func add(_ key: PhraseKey) -> Bool {
            var slot = Int(truncatingIfNeeded: key.hash) & mask
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { break }
                if keys[entry] == key {
                    counts[entry] += 1
                    return false
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(truncatingIfNeeded: keys.count)
            keys.append(key)
            counts.append(1)
            return true
        }
    }

    /// A candidate phrase with its score and how often it occurs.
    private struct Scored {
        var key: PhraseKey
        var score: Double
        var count: Int

        /// Whether it ranks before `other`: a lower score, or the same score and terms first in
        /// dictionary order.
        func ranks(before other: Self) -> Bool {
            score != other.score ? score < other.score : key.precedes(other.key)
        }
    }

    /// The scored phrases as a binary min-heap in ``Scored/ranks(before:)`` order: built in linear
    /// time, each `pop` the next phrase in that order.
    private struct PhraseHeap {
        private var items: [Scored]

        init(_ items: [Scored]) {
            self.items = items
            var index = items.count / 2
            while index > 0 {
                index -= 1
                siftDown(index)
            }
        }

        mutating func pop() -> Scored? {
            guard let last = items.popLast() else { return nil }
            guard !items.isEmpty else { return last }
            let top = items[0]
            items[0] = last
            siftDown(0)
            return top
        }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                guard left < items.count else { return }
                var child = left
                if left + 1 < items.count, items[left + 1].ranks(before: items[left]) { child = left + 1 }
                guard items[child].ranks(before: items[parent]) else { return }
                items.swapAt(parent, child)
                parent = child
            }
        }
    }

    func keywords(in document: Document, sentences: [SentenceRanker.ScannedSentence]) -> [Summary.Keyword] {
        guard count > 0 else { return [] }
        var lengths: [Int] = []
        var numbers: [Bool] = []
        var stats: [Statistics] = []
        // Every sentence's term ids, one after another; sentence k's are ids[bounds[k]..<bounds[k + 1]].
        var ids: [Int] = []
        var bounds: [Int] = [0]
        // Distinct (left, right) neighbour pairs, to count each term's distinct neighbours.
        let termTotal = sentences.reduce(0) { $0 + $1.terms.count }
        var pairs = PhraseCounts(capacity: termTotal)
        ids.reserveCapacity(termTotal)
        bounds.reserveCapacity(sentences.count + 1)
        for (position, sentence) in sentences.enumerated() {
            let first = ids.count
            for (index, term) in sentence.terms.enumerated() {
                // The scan numbered terms by first occurrence over these same sentences, so a new
                // term's id is the next one.
                let id = term.id
                if id == stats.count {
                    lengths.append(term.length)
                    numbers.append(term.isNumber)
                    stats.append(Statistics(firstSentence: position, firstTerm: index))
                }
                stats[id].frequency += 1
                if index > 0, term.isCapitalized { stats[id].capitalized += 1 }
                if stats[id].lastSentence != position {
                    stats[id].lastSentence = position
                    stats[id].sentenceCount += 1
                }
                if ids.count > first {
                    let previous = ids[ids.count - 1]
                    stats[id].leftTotal += 1
                    stats[previous].rightTotal += 1
                    var pair = PhraseKey()
                    pair.append(previous)
                    pair.append(id)
                    if pairs.add(pair) {
                        stats[previous].rightDistinct += 1
                        stats[id].leftDistinct += 1
                    }
                }
                ids.append(id)
            }
            bounds.append(ids.count)
        }
        guard !stats.isEmpty else { return [] }
        let sentenceTotal = bounds.count - 1
        // The median sentence of each term: the (count / 2)-th of the sentences holding it.
        var seen = [Int](repeating: 0, count: stats.count)
        var seenIn = [Int](repeating: -1, count: stats.count)
        for position in 0..<sentenceTotal {
            for id in ids[bounds[position]..<bounds[position + 1]] where seenIn[id] != position {
                seenIn[id] = position
                if seen[id] == stats[id].sentenceCount / 2 { stats[id].medianSentence = position }
                seen[id] += 1
            }
        }
        let frequencies = stats.map { Double($0.frequency) }
        let mean = frequencies.reduce(0, +) / Double(frequencies.count)
        let deviation = (frequencies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(frequencies.count)).squareRoot()
        let maxFrequency = frequencies.max() ?? 1
        let sentenceCount = Double(max(sentenceTotal, 1))

        var weights = [Double](repeating: 0, count: stats.count)
        var isStopLike = [Bool](repeating: false, count: stats.count)
        for id in stats.indices {
            let s = stats[id]
            let frequency = Double(s.frequency)
            let casing = Double(s.capitalized) / (1 + Foundation.log(frequency))
            let median = Double(s.medianSentence)
            let position = Foundation.log(Foundation.log(3 + median))
            let normalized = frequency / (mean + deviation)
            let leftSpread = s.leftTotal == 0 ? 0 : Double(s.leftDistinct) / Double(s.leftTotal)
            let rightSpread = s.rightTotal == 0 ? 0 : Double(s.rightDistinct) / Double(s.rightTotal)
            let relatedness = 1 + (leftSpread + rightSpread) * frequency / maxFrequency
            let spread = Double(s.sentenceCount) / sentenceCount
            weights[id] = relatedness * position / (casing + normalized / relatedness + spread / relatedness)
            isStopLike[id] =
                lengths[id] <= 2 || numbers[id]
                || (s.frequency >= 3 && spread >= 0.25 && leftSpread >= 0.8 && rightSpread >= 0.8)
        }

        // Candidate phrases, counted, with their score.
        let width = min(maxWords, 5)
        var phrases = PhraseCounts(capacity: ids.count * width)
        for position in 0..<sentenceTotal {
            let end = bounds[position + 1]
            for start in bounds[position]..<end where !isStopLike[ids[start]] {
                var key = PhraseKey()
                for last in start..<min(start + width, end) {
                    key.append(ids[last])
                    guard !isStopLike[ids[last]] else { continue }
                    phrases.add(key)
                }
            }
        }
        // A phrase seen once is noise unless the article is tiny; single words are always candidates.
        let dropsSingletons = sentenceTotal > 3
        var scored: [Scored] = []
        scored.reserveCapacity(phrases.keys.count)
        for (key, frequency) in zip(phrases.keys, phrases.counts) {
            if dropsSingletons && key.count > 1 && frequency < 2 { continue }
            var product = 1.0, sum = 0.0
            for index in 0..<key.count {
                let id = Int(key.id(index))
                guard !isStopLike[id] else { continue }
                product *= weights[id]
                sum += weights[id]
            }
            scored.append(Scored(key: key, score: product / (Double(frequency) * (1 + sum)), count: frequency))
        }
        // Best (lowest) score first, ties in the order of the terms. Scores are positive and
        // finite and phrases distinct, so the order is total: the same whatever order the phrases
        // were counted in. Only the first few are ever looked at, so they come off a heap instead
        // of a sort of them all.
        var best = PhraseHeap(scored)
        var chosen: [(phrase: [Int], score: Double, count: Int)] = []
        while chosen.count < count, let candidate = best.pop() {
            let phrase = candidate.key.array
            let terms = Set(phrase)
            // Keep one of "party committee" and "provincial party committee".
            let overlaps = chosen.contains { other in
                let shared = terms.intersection(other.phrase).count
                return shared * 2 >= min(terms.count, other.phrase.count) && shared > 0
            }
            if !overlaps { chosen.append((phrase, candidate.score, candidate.count)) }
        }
        // Each term spelled as first seen, folded.
        func spelling(_ id: Int) -> String {
            let sentence = sentences[stats[id].firstSentence]
            return TermScanner.folded(
                sentence.terms[stats[id].firstTerm], in: document.scalars[sentence.range.start..<sentence.range.end])
        }
        return chosen.map { candidate in
            Summary.Keyword(
                text: candidate.phrase.map(spelling).joined(separator: " "), score: Self.rounded(candidate.score),
                count: candidate.count)
        }
    }

    /// Four significant digits: enough to order keywords, and stable in JSON.
    static func rounded(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 0 }
        let scale = Foundation.pow(10, 3 - Foundation.floor(Foundation.log10(value)))
        return (value * scale).rounded() / scale
    }
}
