import Configuration
import Foundation
import LectorCore

/// A processor that picks the sentences that best summarize an article: the `summary` annotation.
///
/// ``SentenceRanker`` names the article's lead (its opening sentence, unless that is a quotation,
/// a dateline or a teaser) and scores the other eligible body sentences by what they add to it
/// (``SalienceModel``, with the `news` scorer) or by position, centrality and length (`graph`).
/// The selection takes the lead first (with `lead_first`, the default), then sentences one at a
/// time by maximal marginal relevance (a sentence's score less its similarity to those already
/// chosen), from the first `window` sentences while any is left there, until the budget of
/// ``SummaryOptions`` is spent, and returns them in article order. Boilerplate, headings and
/// sentences with a URL are never chosen. Keywords come from ``KeywordExtractor``. Nothing depends
/// on the language: any text the `text` processor can segment can be summarized.
///
/// When the `entities` annotation is already there (the `entities` processor runs before `summary`
/// in the default pipeline) and the budget has room for three sentences, the summary names the
/// article's *main person*, the person named in the most eligible sentences (at least two): if no
/// pick names them and the last pick names nobody, that pick gives way to the best-scored sentence
/// that names them (`main_person`). News puts its who in the lead, but a report of a meeting may
/// open with the attendance and leave the speaker's words to the end, where position scores them
/// low.
///
/// A word limit (`max_words`) never refuses the first sentence; with `trim` a first sentence longer
/// than the limit is cut to it (``ClauseTrimmer``: its opening words, up to a clause boundary just
/// before the limit when there is one), and the result marks it `trimmed`.
///
/// ```swift
/// let processor = try SummaryProcessor(configuration: config.scoped(to: "processors.summary"))
/// let summary = try await processor.process(document, context: context)[.summary]
/// print(summary?.text ?? "")
/// ```
public struct SummaryProcessor: Processor {
    public let descriptor: ProcessorDescriptor
    public let options: SummaryOptions

    /// A processor with every option at its default.
    public init() { self.init(options: SummaryOptions()) }

    /// A processor configured from its section (`processors.summary`).
    ///
    /// - Throws: ``ProcessorError/invalidConfiguration(key:message:)`` naming the bad key.
    public init(configuration: ConfigReader) throws {
        self.init(options: try SummaryOptions(configuration: configuration))
    }

    public init(options: SummaryOptions) {
        self.options = options
        self.descriptor = ProcessorDescriptor(
            id: "summary",
            version: "1.2.0",
            provides: ["summary"],
            requires: ["segments"],
            summary: "Extractive summary (lead, fitted sentence model, MMR) and YAKE-style keywords in any language.",
            options: SummaryOptions.options
        )
    }

    public func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        let segments = try context.require(.segments)
        var output = Annotations()
        output[.summary] = try summarize(
            document, segments: segments, entities: context.annotations[.entities], checkpoint: context.checkDeadline)
        return output
    }

    /// Summarizes a segmented document; `checkpoint` runs now and then and may throw to stop.
    ///
    /// - Parameter entities: the `entities` annotation if the entities processor ran, for the main
    ///   person (see the type's description); nil leaves it out.
    public func summarize(
        _ document: Document, segments: Segmentation, entities: Entities? = nil, checkpoint: () throws -> Void = {}
    ) throws -> Summary {
        let scanned = SentenceRanker.scan(document, segments: segments, titles: options.includeTitle)
        try checkpoint()
        let ranking = try SentenceRanker(options: options).rank(scanned, checkpoint: checkpoint)
        let people = options.mainPerson ? People(ranking.candidates, entities: entities) : People()
        let picked = select(ranking, people: people)
        var sentences = picked.map { index in
            let candidate = ranking.candidates[index]
            return Summary.Sentence(
                range: candidate.range, sentence: candidate.sentence, paragraph: candidate.paragraph,
                score: (ranking.scores[index] * 10_000).rounded() / 10_000, wordCount: candidate.wordCount)
        }
        // The word limit never refuses the first sentence; with `trim` it cuts it instead.
        if options.trim, options.maxWords > 0, sentences.count == 1,
            let source = scanned.first(where: { $0.sentence == sentences[0].sentence }),
            let kept = ClauseTrimmer.prefix(
                of: document.scalars[source.range.start..<source.range.end], terms: source.terms,
                maxWords: options.maxWords)
        {
            sentences[0].range = TextRange(start: source.range.start, end: source.range.start + kept.upperBound)
            sentences[0].wordCount = source.terms.prefix { $0.end <= kept.upperBound }.count
            sentences[0].trimmed = true
        }
        var keywords: [Summary.Keyword] = []
        if options.keywords > 0 {
            try checkpoint()
            keywords = KeywordExtractor(count: options.keywords, maxWords: options.keywordMaxWords)
                .keywords(in: document, sentences: scanned)
        }
        // Sentences are joined by a space; the title, a headline without final punctuation, ends
        // its line instead of running into the sentence after it.
        var text = ""
        for (index, sentence) in sentences.enumerated() {
            if index > 0 { text += sentences[index - 1].range == segments.title ? "\n" : " " }
            text += document.text(in: sentence.range)
        }
        return Summary(
            sentences: sentences,
            text: text,
            wordCount: sentences.reduce(0) { $0 + $1.wordCount },
            candidates: ranking.candidates.count,
            keywords: keywords)
    }

    /// Which candidates name people, from the `entities` annotation.
    struct People {
        /// The candidates that name the article's main person: of the `PERSON` entities, the one
        /// whose mentions outside boilerplate fall in the most candidates, at least two (a name met
        /// once, or a tagger's stray guess, is not the article's actor); ties go to the one named
        /// first. Empty when there is no such person.
        var main: [Int] = []
        /// Whether each candidate names any person.
        var namesSomeone: [Bool] = []

        init() {}

        init(_ candidates: [SentenceRanker.Candidate], entities: Entities?) {
            guard let entities else { return }
            namesSomeone = [Bool](repeating: false, count: candidates.count)
            for entity in entities.items where entity.type == .person {
                var named: [Int] = []
                for mention in entity.mentions where !mention.isBoilerplate {
                    // Candidates are in article order and do not overlap.
                    if let index = candidates.firstIndex(where: { $0.range.end > mention.range.start }),
                        candidates[index].range.start <= mention.range.start,
                        mention.range.end <= candidates[index].range.end
                    {
                        namesSomeone[index] = true
                        if named.last != index { named.append(index) }
                    }
                }
                if named.count >= 2, named.count > main.count { main = named }
            }
        }
    }

    /// Candidate indices chosen by maximal marginal relevance within the budget, in article order:
    /// the lead first, then from the first `window` candidates, then from the rest. With three picks
    /// or more, when no pick names the main person of `people` and the last pick names nobody, it
    /// gives way to the best-scored sentence that names the main person and fits the word limit.
    func select(_ ranking: SentenceRanker.Ranking, people: People = People()) -> [Int] {
        let count = ranking.candidates.count
        let budget = options.sentenceBudget(eligible: count)
        var chosen: [Int] = []
        var words = 0
        var redundancy = [Double](repeating: 0, count: count)
        var available = [Bool](repeating: true, count: count)
        func take(_ pick: Int) {
            chosen.append(pick)
            available[pick] = false
            words += ranking.candidates[pick].wordCount
            for index in 0..<count where available[index] {
                redundancy[index] = max(redundancy[index], ranking.similarity(index, pick))
            }
        }
        // The lead goes first: a word limit never refuses the first sentence.
        if budget > 0, let lead = ranking.lead { take(lead) }
        // Picks come from the window first, and from the rest of the article once nothing there fits.
        let window = options.window > 0 ? min(count, max(options.window, budget)) : count
        func best(in range: Range<Int>) -> Int? {
            var best: Int?
            var bestValue = -Double.infinity
            for index in range where available[index] {
                if options.maxWords > 0, !chosen.isEmpty, words + ranking.candidates[index].wordCount > options.maxWords {
                    continue
                }
                let value = (1 - options.redundancy) * ranking.scores[index] - options.redundancy * redundancy[index]
                // Ties go to the earlier sentence, which keeps the choice deterministic and news-like.
                if value > bestValue {
                    bestValue = value
                    best = index
                }
            }
            return best
        }
        while chosen.count < budget, let pick = best(in: 0..<window) ?? best(in: window..<count) {
            take(pick)
        }
        if chosen.count >= 3, !people.main.isEmpty, !people.main.contains(where: chosen.contains),
            !people.namesSomeone[chosen[chosen.count - 1]]
        {
            let room = words - ranking.candidates[chosen[chosen.count - 1]].wordCount
            let fitting = people.main.filter { index in
                options.maxWords == 0 || room + ranking.candidates[index].wordCount <= options.maxWords
            }
            // The earlier sentence wins a tie, as in the selection.
            var named: Int?
            for index in fitting where named.map({ ranking.scores[index] > ranking.scores[$0] }) ?? true {
                named = index
            }
            if let named { chosen[chosen.count - 1] = named }
        }
        return chosen.sorted()
    }
}
