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
///
/// The ranker also names the article's *lead*, the sentence a news summary should open with: the
/// first eligible sentence, unless it is a weak lead (``isWeakLead(_:terms:shared:idealWords:)``),
/// in which case the next one that is not, among the first ``leadWindow``. On news the opening
/// sentence beats every centrality or similarity cue measured (see the processor's README), so
/// the first pick follows position and only these content checks may overrule it.
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
        /// Whether its first scalar opens a quotation.
        var opensWithQuotation: Bool
        /// Share of its terms that are numbers.
        var numberShare = 0.0
        /// Whether its last non-space scalar is a colon or a question mark.
        var endsWithColon = false
        var endsWithQuestion = false
        /// Whether it is the first sentence of its paragraph.
        var opensParagraph = false
    }

    /// The eligible sentences, their salience in 0...1 (the best is 1), and their pairwise similarity.
    struct Ranking {
        var candidates: [Candidate]
        var scores: [Double]
        /// Cosine similarity, row-major, `candidates.count` squared.
        var similarity: [Double]
        /// The candidate a summary opens with when `lead_first` is set: the first of the first
        /// ``SentenceRanker/leadWindow`` candidates that is not a weak lead; nil if all are.
        var lead: Int?
        /// What ``SalienceModel`` knows of each candidate (for both scorers, so that the model can
        /// be trained from any configuration).
        var features: [SalienceModel.Features] = []

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
        /// Whether its first non-space scalar opens a quotation (`"`, `«`, `„`, `“`, `「` …).
        var opensWithQuotation = false
        /// Whether its last non-space scalar is a colon (`:`, `：`) or a question mark (`?`, `؟`, `？`, `;` in Greek).
        var endsWithColon = false
        var endsWithQuestion = false
        /// Whether it is the first sentence of its paragraph.
        var opensParagraph = false
    }

    /// How many of the first candidates are tried as the lead before the checks give up.
    static let leadWindow = 3

    /// Whether a scalar opens a quotation: initial or final quotation punctuation (`«`, `“`, `»`
    /// as some languages open with it), the ASCII quotes, and the low and CJK quotation marks.
    static func isQuotationMark(_ scalar: Unicode.Scalar) -> Bool {
        // The listed marks first, without building an array of them per call.
        switch scalar.value {
        case 0x22, 0x27, 0x201A, 0x201E, 0x300C, 0x300E, 0x301D, 0xFF02: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .initialPunctuation, .finalPunctuation: return true
        default: return false
        }
    }

    /// Whether an opening sentence would make a poor first summary sentence.
    ///
    /// - A quotation: somebody's words rather than the news' who, what and when.
    /// - A dateline or a short teaser: shorter than `idealWords` and either at least half numbers
    ///   ("Cairo, 3 June 2024") or without any *content* term shared with the rest of the article
    ///   ("Watch the video below."). `shared` says, per term, whether it is a content term found in
    ///   another eligible sentence (one that is not a number and not in more than three quarters of
    ///   them, which leaves out the function words of any language).
    ///
    /// No word list: the checks use punctuation classes, digits and the article's own vocabulary,
    /// so they work the same in every script.
    static func isWeakLead(
        _ candidate: Candidate, terms: [TermScanner.Term], shared: (TermScanner.Term) -> Bool, idealWords: Int
    ) -> Bool {
        if candidate.opensWithQuotation { return true }
        guard candidate.wordCount < idealWords, !terms.isEmpty else { return false }
        let numbers = terms.reduce(0) { $0 + ($1.isNumber ? 1 : 0) }
        return numbers * 2 >= terms.count || !terms.contains(where: shared)
    }

    /// The eligible sentences of a document with their terms, in article order; sentences
    /// without any term (lone punctuation) are left out. Each term gets its article-wide id
    /// (``TermIndex``: in order of first occurrence), which the ranker and the keyword extractor
    /// share.
    static func scan(_ document: Document, segments: Segmentation, titles: Bool = false) -> [ScannedSentence] {
        var index = TermIndex()
        var scanned: [ScannedSentence] = []
        for position in segments.sentences.indices {
            if let sentence = scan(position, document: document, segments: segments, titles: titles, index: &index) {
                scanned.append(sentence)
            }
        }
        return scanned
    }

    /// One sentence scanned, or nil if it is not eligible or has no term.
    private static func scan(
        _ position: Int, document: Document, segments: Segmentation, titles: Bool, index: inout TermIndex
    ) -> ScannedSentence? {
        let sentence = segments.sentences[position]
        guard isEligible(sentence, in: segments, document: document, titles: titles) else { return nil }
        let scalars = document.scalars[sentence.range.start..<sentence.range.end]
        var terms = TermScanner.terms(in: scalars)
        guard !terms.isEmpty else { return nil }
        for slot in terms.indices { terms[slot].id = index.id(for: terms[slot].key) }
        let opening = scalars.first { !$0.properties.isWhitespace }
        let closing = scalars.last { !$0.properties.isWhitespace }?.value
        return ScannedSentence(
            sentence: position, paragraph: sentence.paragraph, range: sentence.range,
            wordCount: max(sentence.wordCount, 1), terms: terms,
            opensWithQuotation: opening.map(isQuotationMark) ?? false,
            endsWithColon: closing == 0x3A || closing == 0xFF1A,
            endsWithQuestion: closing == 0x3F || closing == 0x61F || closing == 0xFF1F || closing == 0x37E,
            opensParagraph: position == 0 || segments.sentences[position - 1].paragraph != sentence.paragraph)
    }

    func rank(_ scanned: [ScannedSentence], checkpoint: () throws -> Void) throws -> Ranking {
        var candidates: [Candidate] = []
        var sources: [Int] = []
        // Ids are numbered by first occurrence over all scanned sentences, so those of the first
        // `maxCandidates` sentences are below the largest id among them plus one.
        var termCount = 0
        // Each sentence's distinct term ids with their counts, sorted by id.
        var bags: [[(term: Int, count: Int)]] = []
        var ids: [Int] = []
        for sentence in scanned.prefix(options.maxCandidates) {
            ids.removeAll(keepingCapacity: true)
            for term in sentence.terms {
                ids.append(term.id)
                termCount = max(termCount, term.id + 1)
            }
            ids.sort()
            var bag: [(term: Int, count: Int)] = []
            for id in ids {
                if bag.last?.term == id { bag[bag.count - 1].count += 1 } else { bag.append((id, 1)) }
            }
            bags.append(bag)
            let numbers = sentence.terms.reduce(0) { $0 + ($1.isNumber ? 1 : 0) }
            candidates.append(
                Candidate(
                    sentence: sentence.sentence, paragraph: sentence.paragraph, range: sentence.range,
                    wordCount: sentence.wordCount, vector: [], opensWithQuotation: sentence.opensWithQuotation,
                    numberShare: Double(numbers) / Double(max(sentence.terms.count, 1)),
                    endsWithColon: sentence.endsWithColon, endsWithQuestion: sentence.endsWithQuestion,
                    opensParagraph: sentence.opensParagraph))
            sources.append(sources.count)
        }
        // Short fragments ("He said.") are kept out while real sentences remain.
        if candidates.contains(where: { $0.wordCount >= options.minWords }) {
            let keep = candidates.indices.filter { candidates[$0].wordCount >= options.minWords }
            candidates = keep.map { candidates[$0] }
            bags = keep.map { bags[$0] }
            sources = keep
        }
        let count = candidates.count
        guard count > 0 else { return Ranking(candidates: [], scores: [], similarity: []) }
        try checkpoint()

        // Inverse sentence frequency over the eligible sentences.
        var sentenceFrequency = [Int](repeating: 0, count: termCount)
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

        // Cosines through an inverted index: for each sentence a and each of its terms, the later
        // sentences holding that term get the product of the two weights. Only shared terms cost
        // anything, rather than every term of every pair. A pair's products are added in the order
        // of a's terms, ascending id, as a merge of the two sorted vectors adds them, so every
        // cosine is the same to the last bit; pairs sharing nothing stay 0.
        var similarity = [Double](repeating: 0, count: count * count)
        var postingStart = [Int](repeating: 0, count: termCount + 1)
        for term in 0..<termCount { postingStart[term + 1] = postingStart[term] + sentenceFrequency[term] }
        var postings = [(sentence: Int, weight: Double)](repeating: (0, 0), count: postingStart[termCount])
        // Where each term's next posting goes while filling, then the posting of the row being done.
        var cursor = Array(postingStart.dropLast())
        for index in 0..<count {
            for entry in candidates[index].vector {
                postings[cursor[entry.term]] = (index, entry.weight)
                cursor[entry.term] += 1
            }
        }
        for term in 0..<termCount { cursor[term] = postingStart[term] }
        try similarity.withUnsafeMutableBufferPointer { similarity in
            try postings.withUnsafeBufferPointer { postings in
                for a in 0..<count {
                    similarity[a * count + a] = 1
                    let row = a * count
                    for entry in candidates[a].vector {
                        // The posting of `a` itself; the later sentences' come after it.
                        let own = cursor[entry.term]
                        cursor[entry.term] = own + 1
                        for posting in postings[(own + 1)..<postingStart[entry.term + 1]] {
                            similarity[row + posting.sentence] += entry.weight * posting.weight
                        }
                    }
                    if a % 32 == 31 { try checkpoint() }
                }
                for a in 0..<count {
                    for b in (a + 1)..<max(a + 1, count) { similarity[b * count + a] = similarity[a * count + b] }
                }
            }
        }

        let prior = (0..<count).map { 1 / pow(1 + Double($0), options.positionDecay) }
        let centrality = try Self.pageRank(similarity, count: count, prior: prior, checkpoint: checkpoint)

        var lead: Int?
        if options.leadFirst {
            let common = max(2, count * 3 / 4)
            lead = (0..<min(count, Self.leadWindow)).first { index in
                !Self.isWeakLead(
                    candidates[index], terms: scanned[sources[index]].terms,
                    shared: { term in
                        !term.isNumber && (2...common).contains(sentenceFrequency[term.id])
                    }, idealWords: options.idealWords)
            }
        }

        let features = Self.features(candidates, similarity: similarity, centrality: centrality, reference: lead ?? 0)
        var scores: [Double]
        if options.scorer == .news {
            let gains = (0..<count).map { SalienceModel.news.score(features[$0]) + options.leadBias * prior[$0] }
            scores = Self.scaled(gains, first: lead ?? 0)
        } else {
            let weightSum = options.positionWeight + options.centralityWeight
            scores = (0..<count).map { index in
                let blended =
                    (options.positionWeight * prior[index] + options.centralityWeight * centrality[index]) / weightSum
                let length = min(1, Double(candidates[index].wordCount) / Double(options.idealWords))
                return blended * length
            }
            if let best = scores.max(), best > 0 { scores = scores.map { $0 / best } }
        }
        return Ranking(candidates: candidates, scores: scores, similarity: similarity, lead: lead, features: features)
    }

    /// The model's features of every candidate, `reference` being the sentence the summary opens with.
    static func features(
        _ candidates: [Candidate], similarity: [Double], centrality: [Double], reference: Int
    ) -> [SalienceModel.Features] {
        let count = candidates.count
        // The cosine with the sum of the other candidates' unit vectors, from the similarity matrix:
        // v·(C − v) = row − 1 and |C − v|² = |C|² − 2·row + 1, where row = Σ_b sim(v, b) and |C|² = Σ rows.
        var rows = [Double](repeating: 0, count: count)
        for a in 0..<count {
            var sum = 0.0
            for b in 0..<count { sum += similarity[a * count + b] }
            rows[a] = sum
        }
        let total = rows.reduce(0, +)
        return (0..<count).map { index in
            let candidate = candidates[index]
            let rest = (total - 2 * rows[index] + 1).squareRoot()
            return SalienceModel.Features(
                index: index, count: count, words: candidate.wordCount,
                leadSimilarity: similarity[index * count + reference],
                articleSimilarity: rest > 1e-9 ? (rows[index] - 1) / rest : 0,
                numberShare: candidate.numberShare, endsWithColon: candidate.endsWithColon,
                endsWithQuestion: candidate.endsWithQuestion, centrality: centrality[index],
                opensWithQuotation: candidate.opensWithQuotation, opensParagraph: candidate.opensParagraph)
        }
    }

    /// The model's gains scaled to 0...1 over the candidates other than `first`, which gets 1: the
    /// model scores what a sentence adds to the opening, so the opening itself ranks first.
    static func scaled(_ gains: [Double], first: Int) -> [Double] {
        let others = gains.indices.filter { $0 != first }.map { gains[$0] }
        guard let low = others.min(), let high = others.max() else { return gains.map { _ in 1 } }
        let span = high - low
        return gains.indices.map { index in
            index == first ? 1 : span > 0 ? (gains[index] - low) / span : 1
        }
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
}
