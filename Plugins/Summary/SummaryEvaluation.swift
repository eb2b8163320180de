import Foundation
import LectorCore

/// Scores the ``SummaryProcessor`` against reference summaries with ROUGE and measures its speed:
/// what `lector eval summary` runs.
///
/// Data is JSON Lines, one article a line: `{"id", "lang", "text", "summary"}` (other fields are
/// ignored). Every article is segmented with the `segmenter` the caller passes (the `text`
/// processor, which this module does not depend on), summarized, and scored with ``Rouge``. The
/// same sentences also give the baselines: Lead-k (the first k sentences, k being the sentence
/// budget), the first clause of the first sentence (``ClauseTrimmer/firstClause(of:terms:)``),
/// with a word limit (`max_words`) Lead-N-words (the article's first N words, N being the limit)
/// and the first sentence cut blindly after its N-th word (what `trim` does without looking for a
/// clause boundary): what any summary of that budget must beat; and the single-sentence oracle (the eligible
/// sentence with the best ROUGE-1, the ceiling for a one-sentence summary). Throughput is measured for summarizing alone and for
/// segmenting plus summarizing, on one core, in the CPU time of the thread that does the work
/// (`CLOCK_THREAD_CPUTIME_ID`): on a machine shared with other work, wall-clock time also counts
/// the time the thread waited for a core, which made the figures swing by a factor of ten.
public struct SummaryEvaluation: Sendable {
    /// One article with its reference summary.
    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        public var lang: String
        public var text: String
        public var summary: String

        public init(id: String, lang: String, text: String, summary: String) {
            self.id = id
            self.lang = lang
            self.text = text
            self.summary = summary
        }
    }

    /// ROUGE F1 averaged over articles, in 0...100.
    public struct Figures: Sendable, Codable, Hashable {
        public var rouge1: Double
        public var rouge2: Double
        public var rougeL: Double

        enum CodingKeys: String, CodingKey {
            case rouge1 = "rouge_1"
            case rouge2 = "rouge_2"
            case rougeL = "rouge_l"
        }
    }

    /// The figures of one evaluation run; encodes as the JSON `--json` prints.
    public struct Report: Sendable, Codable, Hashable {
        public var data: String
        public var items: Int
        /// The sentence budget (k of Lead-k).
        public var sentences: Int
        public var lector: Figures
        public var lead: Figures
        /// The word limit (`max_words`); 0 when there is none.
        public var maxWords: Int
        /// The article's first `maxWords` words (across sentences); nil without a word limit.
        public var leadWords: Figures?
        /// The first sentence cut after its `maxWords`-th word (whole when shorter); nil without a word limit.
        public var leadCut: Figures?
        /// The first sentence up to its first clause boundary (the whole sentence when it has none).
        public var leadClause: Figures
        /// Articles whose summary holds a sentence cut to the word limit (the `trim` option).
        public var trimmed: Int
        /// The best single eligible sentence by ROUGE-1, per article.
        public var oracle: Figures
        /// Mean words in Lector's summaries.
        public var meanWords: Double
        /// Articles whose summary contains a sentence the text processor marked as boilerplate (must be 0).
        public var boilerplateSelected: Int
        public var summarizeSeconds: Double
        public var totalSeconds: Double
        /// Articles per second, summarizing only (segments given).
        public var articlesPerSecond: Double
        /// Articles per second, segmenting and summarizing.
        public var pipelineArticlesPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case data, items, sentences, lector, lead, oracle, trimmed
            case maxWords = "max_words"
            case leadWords = "lead_words"
            case leadCut = "lead_1_cut"
            case leadClause = "lead_clause"
            case meanWords = "mean_words"
            case boilerplateSelected = "boilerplate_selected"
            case summarizeSeconds = "summarize_seconds"
            case totalSeconds = "total_seconds"
            case articlesPerSecond = "articles_per_second"
            case pipelineArticlesPerSecond = "pipeline_articles_per_second"
        }

        /// A plain-text table for people.
        public var table: String {
            func row(_ name: String, _ f: Figures) -> String {
                name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + [f.rouge1, f.rouge2, f.rougeL].map { String(format: "%8.2f", $0) }.joined()
            }
            let limit = maxWords > 0 ? " and \(maxWords) words" : ""
            var words = leadWords.map { "\n" + row("lead-\(maxWords)-words", $0) } ?? ""
            words += leadCut.map { "\n" + row("lead-1-cut-\(maxWords)", $0) } ?? ""
            return """
                \(data): \(items) articles, budget \(sentences) sentence\(sentences == 1 ? "" : "s")\(limit)
                method           ROUGE-1 ROUGE-2 ROUGE-L
                \(row("lector", lector))
                \(row("lead-\(sentences)", lead))\(words)
                \(row("lead-clause", leadClause))
                \(row("oracle-1", oracle))
                mean words \(String(format: "%.1f", meanWords)); \
                boilerplate selected in \(boilerplateSelected) articles; trimmed in \(trimmed)
                \(String(format: "%.0f", articlesPerSecond)) articles/s summarizing, \
                \(String(format: "%.0f", pipelineArticlesPerSecond)) articles/s segmenting and summarizing \
                (one core, CPU time)
                """
        }
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notFound(String)
        case badLine(String, Int, String)
        case empty(String)
        public var description: String {
            switch self {
            case .notFound(let path): "no such file: \(path)"
            case .badLine(let path, let line, let why): "\(path):\(line): \(why)"
            case .empty(let path): "no articles in \(path)"
            }
        }
    }

    public let processor: SummaryProcessor
    public let segmenter: @Sendable (Document) throws -> Segmentation

    public init(processor: SummaryProcessor, segmenter: @escaping @Sendable (Document) throws -> Segmentation) {
        self.processor = processor
        self.segmenter = segmenter
    }

    /// Reads JSON Lines of `{"id","lang","text","summary"}`.
    public static func load(path: String) throws -> [Item] {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.notFound(path) }
        var items: [Item] = []
        let decoder = JSONDecoder()
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                items.append(try decoder.decode(Item.self, from: Data(line)))
            } catch {
                throw LoadError.badLine(path, number + 1, "expected {\"id\",\"lang\",\"text\",\"summary\"}: \(error)")
            }
        }
        guard !items.isEmpty else { throw LoadError.empty(path) }
        return items
    }

    /// A document for an article's text, as the reader makes one from a UTF-8 file.
    public static func document(for item: Item) -> Document {
        let text = item.text.precomposedStringWithCanonicalMapping
        return Document(
            id: item.id, text: text,
            decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: item.id, size: text.utf8.count, sha256: "", receivedAt: Date(timeIntervalSince1970: 0)))
    }

    public func run(_ items: [Item], data: String) throws -> Report {
        var summarizeTime = 0.0, segmentTime = 0.0
        var lector = [Rouge](), lead = [Rouge](), oracle = [Rouge](), leadWords = [Rouge](), leadClause = [Rouge]()
        var leadCut = [Rouge]()
        var words = 0, boilerplate = 0, trimmed = 0
        let budget = processor.options.sentences
        let maxWords = processor.options.maxWords
        for item in items {
            let document = Self.document(for: item)
            var segments: Segmentation!
            segmentTime += try Self.cpuSeconds { segments = try segmenter(document) }
            var summary: Summary!
            summarizeTime += try Self.cpuSeconds { summary = try processor.summarize(document, segments: segments) }

            let reference = Rouge.tokenize(item.summary)
            func score(_ ranges: [TextRange]) -> Rouge {
                Rouge(
                    candidateTokens: Rouge.tokenize(ranges.map { document.text(in: $0) }.joined(separator: " ")),
                    referenceTokens: reference)
            }
            lector.append(score(summary.sentences.map(\.range)))
            lead.append(score(segments.sentences.prefix(budget).map(\.range)))
            if maxWords > 0 {
                // The opening words, across sentences as Lead-k takes them, cut after the limit's last word.
                var opening: [String] = []
                for sentence in segments.sentences where opening.count < maxWords {
                    opening += Rouge.tokenize(document.text(in: sentence.range)).prefix(maxWords - opening.count)
                }
                leadWords.append(Rouge(candidateTokens: opening, referenceTokens: reference))
                let first = segments.sentences.first.map { Rouge.tokenize(document.text(in: $0.range)) } ?? []
                leadCut.append(Rouge(candidateTokens: Array(first.prefix(maxWords)), referenceTokens: reference))
            }
            if let first = segments.sentences.first {
                let scalars = document.scalars[first.range.start..<first.range.end]
                let clause = ClauseTrimmer.firstClause(of: scalars, terms: TermScanner.terms(in: scalars)) ?? 0..<0
                let start = first.range.start
                leadClause.append(score([TextRange(start: start, end: start + clause.upperBound)]))
            } else {
                leadClause.append(score([]))
            }
            if summary.sentences.contains(where: { $0.trimmed == true }) { trimmed += 1 }
            let eligible = segments.sentences.filter { SentenceRanker.isEligible($0, in: segments, document: document) }
            oracle.append(eligible.map { score([$0.range]) }.max { $0.rouge1 < $1.rouge1 } ?? score([]))
            words += summary.wordCount
            if summary.sentences.contains(where: { segments.sentences[$0.sentence].isBoilerplate }) { boilerplate += 1 }
        }
        let summarizeSeconds = summarizeTime
        let totalSeconds = summarizeSeconds + segmentTime
        return Report(
            data: data, items: items.count, sentences: budget,
            lector: Self.mean(lector), lead: Self.mean(lead), maxWords: maxWords,
            leadWords: maxWords > 0 ? Self.mean(leadWords) : nil, leadCut: maxWords > 0 ? Self.mean(leadCut) : nil,
            leadClause: Self.mean(leadClause),
            trimmed: trimmed, oracle: Self.mean(oracle),
            meanWords: Double(words) / Double(max(items.count, 1)),
            boilerplateSelected: boilerplate,
            summarizeSeconds: summarizeSeconds, totalSeconds: totalSeconds,
            articlesPerSecond: summarizeSeconds > 0 ? Double(items.count) / summarizeSeconds : 0,
            pipelineArticlesPerSecond: totalSeconds > 0 ? Double(items.count) / totalSeconds : 0)
    }

    /// One candidate sentence as training data for ``SalienceModel``: its features and what it
    /// adds to the sentence the summary opens with; encodes as one line of `--features`.
    public struct TrainingRow: Sendable, Codable, Hashable {
        public var id: String
        /// Its index among the article's candidates (0 is the first eligible sentence).
        public var candidate: Int
        /// Whether it is the sentence the summary opens with (the lead); the model is fitted on the others.
        public var isLead: Bool
        /// ``SalienceModel/Features/values``, named by ``SalienceModel/Features/names``.
        public var features: [Double]
        /// ROUGE-1 F1 of the lead and this sentence together, less that of the lead alone (0...1).
        public var gain: Double
        /// ROUGE-1 F1 of this sentence alone (0...1).
        public var rouge1: Double

        enum CodingKeys: String, CodingKey {
            case id, candidate, features, gain, rouge1 = "rouge_1"
            case isLead = "is_lead"
        }
    }

    /// The training data for ``SalienceModel``: every candidate of every article with its features
    /// and its ROUGE-1 gain over the lead, under the processor's options.
    public func trainingRows(_ items: [Item]) throws -> [TrainingRow] {
        var rows: [TrainingRow] = []
        let ranker = SentenceRanker(options: processor.options)
        for item in items {
            let document = Self.document(for: item)
            let segments = try segmenter(document)
            let ranking = try ranker.rank(
                SentenceRanker.scan(document, segments: segments, titles: processor.options.includeTitle),
                checkpoint: {})
            guard !ranking.candidates.isEmpty else { continue }
            let reference = Rouge.tokenize(item.summary)
            let lead = ranking.lead ?? 0
            func tokens(_ index: Int) -> [String] { Rouge.tokenize(document.text(in: ranking.candidates[index].range)) }
            let leadTokens = tokens(lead)
            let alone = Rouge(candidateTokens: leadTokens, referenceTokens: reference).rouge1
            for index in ranking.candidates.indices {
                let own = tokens(index)
                let pair = index < lead ? own + leadTokens : leadTokens + own
                let together = index == lead ? alone : Rouge(candidateTokens: pair, referenceTokens: reference).rouge1
                rows.append(
                    TrainingRow(
                        id: item.id, candidate: index, isLead: index == lead, features: ranking.features[index].values,
                        gain: together - alone, rouge1: Rouge(candidateTokens: own, referenceTokens: reference).rouge1))
            }
        }
        return rows
    }

    static func mean(_ scores: [Rouge]) -> Figures {
        let n = Double(max(scores.count, 1))
        func average(_ value: (Rouge) -> Double) -> Double { (scores.reduce(0) { $0 + value($1) } / n * 10_000).rounded() / 100 }
        return Figures(rouge1: average(\.rouge1), rouge2: average(\.rouge2), rougeL: average(\.rougeL))
    }

    /// The CPU time the calling thread spends in `work`, in seconds.
    static func cpuSeconds(_ work: () throws -> Void) rethrows -> Double {
        let start = threadCPUTime()
        try work()
        return threadCPUTime() - start
    }

    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
