import Foundation
import LectorCore

/// A type that scores an article's eligible sentences by position, centrality and length.
///
/// Eligible sentences are body sentences (not boilerplate, and not a heading unless `include_title`
/// is set) without a web address.
/// Each becomes a vector of its terms (``TermScanner``) weighted by term frequency times inverse
/// sentence frequency, a within-article statistic that needs no language resources: words in
/// every sentence (function words in any language) weigh little, the article's own names and
/// topics weigh much. Cosine similarity between the vectors makes a graph; a PageRank over it,
/// teleporting according to the position prior, gives each sentence a centrality (LexRank's idea,
/// biased towards the opening as news writing is). The score is a weighted sum of the position
/// prior and that centrality, scaled down for sentences shorter than `ideal_words`.
struct SentenceRanker: Sendable {
    /// One eligible sentence and what the ranker knows of it.
    struct Candidate {
        /// Its index in the `segments` annotation's sentences.
        var sentence: Int
        var paragraph: Int
        var range: TextRange
        /// Words as the `segments` annotation counts them (for the budget).
        var wordCount: Int
        /// Term ids and weights, sorted by term id, with unit length.
        var vector: [(term: Int, weight: Double)]
    }

    /// The eligible sentences, their salience in 0...1 (the best is 1), and their pairwise similarity.
    struct Ranking {
        var candidates: [Candidate]
        var scores: [Double]
        /// Cosine similarity, row-major, `candidates.count` squared.
        var similarity: [Double]

        func similarity(_ a: Int, _ b: Int) -> Double { similarity[a * candidates.count + b] }
    }

    let options: SummaryOptions

    /// Whether a sentence may appear in a summary at all.
    static func isEligible(
        _ sentence: Segmentation.Sentence, in segments: Segmentation, document: Document, titles: Bool = false
    ) -> Bool {
        guard !sentence.isBoilerplate, sentence.paragraph < segments.paragraphs.count,
            segments.paragraphs[sentence.paragraph].kind == .body
                || (titles && segments.paragraphs[sentence.paragraph].kind == .title),
            sentence.range.end <= document.scalars.count
        else { return false }
        return !TermScanner.containsURL(document.scalars[sentence.range.start..<sentence.range.end])
    }

    /// An eligible sentence cut into terms.
    struct ScannedSentence {
        /// Its index in the `segments` annotation's sentences.
        var sentence: Int
        var paragraph: Int
        var range: TextRange
        var wordCount: Int
        /// Its terms, with offsets relative to `range.start`.
        var terms: [TermScanner.Term]
    }

    /// The eligible sentences of a document with their terms, in article order; sentences
    /// without any term (lone punctuation) are left out.
    static func scan(_ document: Document, segments: Segmentation, titles: Bool = false) -> [ScannedSentence] {
        segments.sentences.indices.compactMap { index in
            let sentence = segments.sentences[index]
            guard isEligible(sentence, in: segments, document: document, titles: titles) else { return nil }
            let terms = TermScanner.terms(in: document.scalars[sentence.range.start..<sentence.range.end])
            guard !terms.isEmpty else { return nil }
            return ScannedSentence(
                sentence: index, paragraph: sentence.paragraph, range: sentence.range,
                wordCount: max(sentence.wordCount, 1), terms: terms)
        }
    }

    func rank(_ scanned: [ScannedSentence], checkpoint: () throws -> Void) throws -> Ranking {
        var candidates: [Candidate] = []
        var termIDs: [UInt64: Int] = [:]
        // Each sentence's distinct term ids with their counts, sorted by id.
        var bags: [[(term: Int, count: Int)]] = []
        var ids: [Int] = []
        for sentence in scanned.prefix(options.maxCandidates) {
            ids.removeAll(keepingCapacity: true)
            for term in sentence.terms {
                let id = termIDs[term.key, default: termIDs.count]
                termIDs[term.key] = id
                ids.append(id)
            }
            ids.sort()
            var bag: [(term: Int, count: Int)] = []
            for id in ids {
                if bag.last?.term == id { bag[bag.count - 1].count += 1 } else { bag.append((id, 1)) }
            }
            bags.append(bag)
            candidates.append(
                Candidate(
                    sentence: sentence.sentence, paragraph: sentence.paragraph, range: sentence.range,
                    wordCount: sentence.wordCount, vector: []))
        }
        // Short fragments ("He said.") are kept out while real sentences remain.
        if candidates.contains(where: { $0.wordCount >= options.minWords }) {
            let keep = candidates.indices.filter { candidates[$0].wordCount >= options.minWords }
            candidates = keep.map { candidates[$0] }
            bags = keep.map { bags[$0] }
        }
        let count = candidates.count
        guard count > 0 else { return Ranking(candidates: [], scores: [], similarity: []) }
        try checkpoint()

        // Inverse sentence frequency over the eligible sentences.
        var sentenceFrequency = [Int](repeating: 0, count: termIDs.count)
        for bag in bags { for entry in bag { sentenceFrequency[entry.term] += 1 } }
        let total = Double(count)
        for index in 0..<count {
            var vector = bags[index].map { entry in
                (term: entry.term, weight: Double(entry.count) * Foundation.log(1 + total / Double(sentenceFrequency[entry.term])))
            }
            let norm = vector.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
            if norm > 0 { for slot in vector.indices { vector[slot].weight /= norm } }
            candidates[index].vector = vector
        }

        var similarity = [Double](repeating: 0, count: count * count)
        for a in 0..<count {
            similarity[a * count + a] = 1
            for b in (a + 1)..<max(a + 1, count) {
                let value = Self.dot(candidates[a].vector, candidates[b].vector)
                similarity[a * count + b] = value
                similarity[b * count + a] = value
            }
            if a % 32 == 31 { try checkpoint() }
        }

        let prior = (0..<count).map { 1 / pow(1 + Double($0), options.positionDecay) }
        let centrality = try Self.pageRank(similarity, count: count, prior: prior, checkpoint: checkpoint)
        let weightSum = options.positionWeight + options.centralityWeight
        var scores = (0..<count).map { index in
            let blended = (options.positionWeight * prior[index] + options.centralityWeight * centrality[index]) / weightSum
            let length = min(1, Double(candidates[index].wordCount) / Double(options.idealWords))
            return blended * length
        }
        if let best = scores.max(), best > 0 { scores = scores.map { $0 / best } }
        return Ranking(candidates: candidates, scores: scores, similarity: similarity)
    }

    /// A PageRank over the similarity graph whose random jumps follow `prior`, scaled so the
    /// most central sentence has 1.
    static func pageRank(
        _ similarity: [Double], count: Int, prior: [Double], damping: Double = 0.85, checkpoint: () throws -> Void
    ) throws -> [Double] {
        let priorSum = prior.reduce(0, +)
        let teleport = prior.map { $0 / priorSum }
        var rowSums = [Double](repeating: 0, count: count)
        for a in 0..<count {
            var sum = 0.0
            for b in 0..<count where b != a { sum += similarity[a * count + b] }
            rowSums[a] = sum
        }
        var rank = teleport
        var next = [Double](repeating: 0, count: count)
        for iteration in 0..<50 {
            // Mass of sentences similar to no other goes back through the prior.
            var dangling = 0.0
            for a in 0..<count where rowSums[a] == 0 { dangling += rank[a] }
            for b in 0..<count { next[b] = (1 - damping + damping * dangling) * teleport[b] }
            for a in 0..<count where rowSums[a] > 0 {
                let share = damping * rank[a] / rowSums[a]
                let row = a * count
                for b in 0..<count where b != a { next[b] += share * similarity[row + b] }
            }
            var change = 0.0
            for b in 0..<count { change += abs(next[b] - rank[b]) }
            swap(&rank, &next)
            if change < 1e-9 { break }
            if iteration % 8 == 7 { try checkpoint() }
        }
        let best = rank.max() ?? 0
        return best > 0 ? rank.map { $0 / best } : rank
    }

    /// The dot product of two term vectors sorted by term id.
    static func dot(_ a: [(term: Int, weight: Double)], _ b: [(term: Int, weight: Double)]) -> Double {
        var i = 0, j = 0, sum = 0.0
        while i < a.count, j < b.count {
            if a[i].term == b[j].term {
                sum += a[i].weight * b[j].weight
                i += 1
                j += 1
            } else if a[i].term < b[j].term {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }
}
