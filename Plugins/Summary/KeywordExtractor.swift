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
    /// sorts and compares without allocating or hashing. Phrases are counted by sorting them and
    /// counting runs. A dictionary keyed by phrase spent about half the summary's time hashing five
    /// ids per candidate and growing its table; without it the whole `summary` processor went from
    /// about 2,700 to 3,800–4,300 BBC Arabic articles a second (`lector eval summary`).
    private struct PhraseKey: Comparable {
        var words: (UInt64, UInt64, UInt64) = (.max, .max, .max)
        var count = 0
        static func == (a: Self, b: Self) -> Bool { a.words == b.words }
        static func < (a: Self, b: Self) -> Bool { a.words < b.words }
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
        var array: [Int] {
            let ids = [words.0 >> 32, words.0 & 0xFFFF_FFFF, words.1 >> 32, words.1 & 0xFFFF_FFFF, words.2 >> 32]
            return ids.prefix(count).map { Int($0) }
        }
    }

    func keywords(in document: Document, sentences: [SentenceRanker.ScannedSentence]) -> [Summary.Keyword] {
        guard count > 0 else { return [] }
        var lengths: [Int] = []
        var numbers: [Bool] = []
        var stats: [Statistics] = []
        var sequences: [[Int]] = []
        var pairs: [UInt64] = []
        for (position, sentence) in sentences.enumerated() {
            var sequence: [Int] = []
            sequence.reserveCapacity(sentence.terms.count)
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
                if let previous = sequence.last {
                    stats[id].leftTotal += 1
                    stats[previous].rightTotal += 1
                    pairs.append(UInt64(previous) << 32 | UInt64(id))
                }
                sequence.append(id)
            }
            sequences.append(sequence)
        }
        guard !stats.isEmpty else { return [] }
        // The median sentence of each term: the (count / 2)-th of the sentences holding it.
        var seen = [Int](repeating: 0, count: stats.count)
        var seenIn = [Int](repeating: -1, count: stats.count)
        for (position, sequence) in sequences.enumerated() {
            for id in sequence where seenIn[id] != position {
                seenIn[id] = position
                if seen[id] == stats[id].sentenceCount / 2 { stats[id].medianSentence = position }
                seen[id] += 1
            }
        }
        // Distinct neighbours from the distinct (left, right) pairs.
        pairs.sort()
        var previousPair: UInt64?
        for pair in pairs where pair != previousPair {
            previousPair = pair
            stats[Int(pair >> 32)].rightDistinct += 1
            stats[Int(pair & 0xFFFF_FFFF)].leftDistinct += 1
        }

        let frequencies = stats.map { Double($0.frequency) }
        let mean = frequencies.reduce(0, +) / Double(frequencies.count)
        let deviation = (frequencies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(frequencies.count)).squareRoot()
        let maxFrequency = frequencies.max() ?? 1
        let sentenceCount = Double(max(sequences.count, 1))

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
        var candidates: [PhraseKey] = []
        candidates.reserveCapacity(sequences.reduce(0) { $0 + $1.count } * min(maxWords, 5))
        for sequence in sequences {
            for start in sequence.indices where !isStopLike[sequence[start]] {
                var key = PhraseKey()
                for length in 1...min(maxWords, 5) {
                    let end = start + length
                    guard end <= sequence.count else { break }
                    key.append(sequence[end - 1])
                    guard !isStopLike[sequence[end - 1]] else { continue }
                    candidates.append(key)
                }
            }
        }
        candidates.sort()
        // A phrase seen once is noise unless the article is tiny; single words are always candidates.
        let dropsSingletons = sequences.count > 3
        var scored: [(phrase: [Int], score: Double, count: Int)] = []
        var runStart = 0
        while runStart < candidates.count {
            let key = candidates[runStart]
            var runEnd = runStart + 1
            while runEnd < candidates.count, candidates[runEnd] == key { runEnd += 1 }
            let frequency = runEnd - runStart
            runStart = runEnd
            if dropsSingletons && key.count > 1 && frequency < 2 { continue }
            let phrase = key.array
            var product = 1.0, sum = 0.0
            for id in phrase where !isStopLike[id] {
                product *= weights[id]
                sum += weights[id]
            }
            scored.append((phrase, product / (Double(frequency) * (1 + sum)), frequency))
        }
        scored.sort { a, b in
            a.score != b.score ? a.score < b.score : a.phrase.lexicographicallyPrecedes(b.phrase)
        }

        var chosen: [(phrase: [Int], score: Double, count: Int)] = []
        for candidate in scored {
            guard chosen.count < count else { break }
            let terms = Set(candidate.phrase)
            // Keep one of "party committee" and "provincial party committee".
            let overlaps = chosen.contains { other in
                let shared = terms.intersection(other.phrase).count
                return shared * 2 >= min(terms.count, other.phrase.count) && shared > 0
            }
            if !overlaps { chosen.append(candidate) }
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
