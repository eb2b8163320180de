import Foundation
import LectorCore

/// Scores a tagger model on BIO-tagged sentences: precision, recall and exact-span F1 per type and
/// overall (micro-averaged), and tokens per second.
///
/// A predicted entity counts only when its type and both its boundaries equal a gold entity's
/// (the CoNLL convention). Throughput covers what the tagger costs in the daemon, on one core:
/// normalizing the tokens and looking them up in the lists, feature extraction and Viterbi
/// decoding; not file reading, and not the rules (`lector eval entities --articles` times the
/// whole processor).
///
/// ```swift
/// let corpus = try BIOCorpus(path: "ar/anercorp.train.txt").part(.dev)
/// let report = EntityEvaluation(model: TaggerModels.all["ar"]!, modelName: "ar").run(corpus, data: "…")
/// print(report.table)
/// ```
public struct EntityEvaluation: Sendable {
    let model: TaggerModel
    let modelName: String
    let lexicon: EntityLexicon

    public init(model: TaggerModel, modelName: String, lexicon: EntityLexicon = .shared) {
        self.model = model
        self.modelName = modelName
        self.lexicon = lexicon
    }

    /// Precision, recall and F1 (in percent) of one type or overall.
    public struct Score: Codable, Sendable, Hashable {
        public var gold: Int
        public var predicted: Int
        public var correct: Int
        public var precision: Double { predicted == 0 ? 0 : 100 * Double(correct) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : 100 * Double(correct) / Double(gold) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        enum CodingKeys: String, CodingKey { case gold, predicted, correct, precision, recall, f1 }

        public init(gold: Int = 0, predicted: Int = 0, correct: Int = 0) {
            self.gold = gold
            self.predicted = predicted
            self.correct = correct
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                gold: try container.decode(Int.self, forKey: .gold),
                predicted: try container.decode(Int.self, forKey: .predicted),
                correct: try container.decode(Int.self, forKey: .correct))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(gold, forKey: .gold)
            try container.encode(predicted, forKey: .predicted)
            try container.encode(correct, forKey: .correct)
            try container.encode((precision * 100).rounded() / 100, forKey: .precision)
            try container.encode((recall * 100).rounded() / 100, forKey: .recall)
            try container.encode((f1 * 100).rounded() / 100, forKey: .f1)
        }
    }

    public struct Report: Codable, Sendable {
        public var data: String
        public var part: String
        public var model: String
        public var sentences: Int
        public var tokens: Int
        public var seconds: Double
        public var tokensPerSecond: Double
        public var types: [String: Score]
        public var overall: Score

        enum CodingKeys: String, CodingKey {
            case data, part, model, sentences, tokens, seconds, types, overall
            case tokensPerSecond = "tokens_per_second"
        }

        /// A plain-text table for people.
        public var table: String {
            func row(_ name: String, _ score: Score) -> String {
                name.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(
                        format: "%9.2f %9.2f %9.2f %8d %8d", score.precision, score.recall, score.f1, score.gold,
                        score.predicted)
            }
            var lines = [
                "data: \(data) (\(part)), model: \(model), \(sentences) sentences, \(tokens) tokens",
                "type      precision    recall        F1     gold predicted",
            ]
            for type in types.keys.sorted() { lines.append(row(type, types[type]!)) }
            lines.append(row("overall", overall))
            lines.append(String(format: "%.0f tokens/s (one core, %.2f s)", tokensPerSecond, seconds))
            return lines.joined(separator: "\n")
        }
    }

    struct Span: Hashable {
        var start: Int
        var end: Int
        var type: EntityType
    }

    static func spans(_ labels: [EntityLabel]) -> [Span] {
        var output: [Span] = []
        var index = 0
        while index < labels.count {
            guard let type = labels[index].type else {
                index += 1
                continue
            }
            var end = index + 1
            while end < labels.count, labels[end].isInside, labels[end].type == type { end += 1 }
            output.append(Span(start: index, end: end, type: type))
            index = end
        }
        return output
    }

    /// The labels the model gives every sentence (for error analysis: `lector eval entities --predictions`).
    public func labels(_ corpus: BIOCorpus) -> [[EntityLabel]] {
        let extractor = FeatureExtractor(bucketBits: model.bucketBits, lexicon: lexicon, lists: model.lists)
        var tokens = SentenceTokens(index: lexicon.index)
        var buffers = TaggerModel.Buffers()
        return corpus.sentences.map { sentence in
            let (cut, origin) = sentence.retokenized()
            tokens.set(words: cut.tokens)
            let labels = model.tag(tokens, extractor: extractor, buffers: &buffers).map(\.label)
            return Self.labels(Self.spans(labels, origin: origin), count: sentence.tokens.count)
        }
    }

    /// The spans of labels given to a sentence's processor tokens (``BIOCorpus/Sentence/retokenized()``),
    /// as spans of the corpus's tokens: each covers the corpus tokens its first and last piece come from.
    static func spans(_ labels: [EntityLabel], origin: [Int]) -> [Span] {
        var seen = Set<Span>()
        return spans(labels).compactMap { span in
            let mapped = Span(start: origin[span.start], end: origin[span.end - 1] + 1, type: span.type)
            return seen.insert(mapped).inserted ? mapped : nil
        }
    }

    /// BIO labels of `count` tokens for spans that do not overlap (a later overlapping one is left out).
    static func labels(_ spans: [Span], count: Int) -> [EntityLabel] {
        var labels = [EntityLabel](repeating: .outside, count: count)
        for span in spans where labels[span.start..<span.end].allSatisfy({ $0 == .outside }) {
            labels[span.start] = EntityLabel.begin(span.type)!
            for position in span.start + 1..<span.end { labels[position] = EntityLabel.inside(span.type)! }
        }
        return labels
    }

    /// Tags every sentence and scores the result.
    ///
    /// The tagger sees each sentence cut as the processor cuts text (``BIOCorpus/Sentence/retokenized()``),
    /// as it was trained; its names are scored as spans of the corpus's own tokens.
    public func run(_ corpus: BIOCorpus, data: String, part: BIOCorpus.Part) -> Report {
        let extractor = FeatureExtractor(bucketBits: model.bucketBits, lexicon: lexicon, lists: model.lists)
        let cuts = corpus.sentences.map { $0.retokenized() }
        var predictions: [[Span]] = []
        predictions.reserveCapacity(corpus.sentences.count)
        var tokens = SentenceTokens(index: lexicon.index)
        var buffers = TaggerModel.Buffers()
        let start = ContinuousClock.now
        for (cut, origin) in cuts {
            tokens.set(words: cut.tokens)
            predictions.append(
                Self.spans(model.tag(tokens, extractor: extractor, buffers: &buffers).map(\.label), origin: origin))
        }
        var tally = Tally()
        tally.seconds = Tally.seconds(ContinuousClock.now - start)
        for (sentence, predicted) in zip(corpus.sentences, predictions) {
            tally.add(gold: sentence.labels, predicted: predicted.map { ($0, $0.type) })
        }
        return tally.report(
            data: data, part: part, model: modelName, sentences: corpus.sentences.count,
            tokens: cuts.reduce(0) { $0 + $1.sentence.tokens.count })
    }

    /// Gold, predicted and correct spans per type, added up sentence by sentence, and the time
    /// the predictions took: what a ``Report`` is made of, for the tagger's evaluation and the
    /// processor's (``EntityProcessorEvaluation``).
    struct Tally {
        var types: [String: Score] = Dictionary(uniqueKeysWithValues: EntityLabel.types.map { ($0.rawValue, Score()) })
        var seconds = 0.0

        /// Adds a sentence: its gold labels, and each predicted name as a span of its tokens (nil
        /// for one that fits no tokens, which can only be wrong). A span predicted twice counts once,
        /// as it is one gold span.
        mutating func add(gold labels: [EntityLabel], predicted: [(span: Span?, type: EntityType)]) {
            let gold = Set(EntityEvaluation.spans(labels))
            for span in gold { types[span.type.rawValue]!.gold += 1 }
            var seen = Set<Span>()
            for (span, type) in predicted {
                if let span, !seen.insert(span).inserted { continue }
                types[type.rawValue]!.predicted += 1
                if let span, gold.contains(span) { types[type.rawValue]!.correct += 1 }
            }
        }

        func report(data: String, part: BIOCorpus.Part, model: String, sentences: Int, tokens: Int) -> Report {
            let overall = types.values.reduce(Score()) {
                Score(gold: $0.gold + $1.gold, predicted: $0.predicted + $1.predicted, correct: $0.correct + $1.correct)
            }
            return Report(
                data: data, part: part.rawValue, model: model, sentences: sentences, tokens: tokens,
                seconds: (seconds * 1000).rounded() / 1000,
                tokensPerSecond: seconds > 0 ? (Double(tokens) / seconds).rounded() : 0, types: types,
                overall: overall)
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}
