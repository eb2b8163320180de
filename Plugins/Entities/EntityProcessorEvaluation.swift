import Foundation
import LectorCore

/// Scores the whole `entities` processor on BIO-tagged sentences, where ``EntityEvaluation``
/// scores the tagger alone: the names an article's reader gets, after the rules and gazetteers,
/// the filter of the tagger's spans (``EntitiesProcessor/Plausibility``), `min_score` and the
/// overlaps between them.
///
/// Each sentence becomes an article of one body sentence, its tokens joined by single spaces, and
/// goes through ``EntitiesProcessor/extract(_:segments:language:checkpoint:modelFailure:)`` with
/// the given language, as the daemon would run it after the `text` and `language` processors.
/// Every mention of a PERSON, ORG or LOCATION entity is a predicted span of the corpus tokens its
/// first and last characters fall in, as ``EntityEvaluation`` maps the tagger's names back (the
/// processor cuts marks off words the corpus writes them attached to: "فردوسی،"). Dates, numbers
/// and addresses are not scored (the data has no such labels).
///
/// ```swift
/// let corpus = try BIOCorpus(path: "en/wikiann-en.train.tsv").part(.dev)
/// let report = try EntityProcessorEvaluation(language: "en").run(corpus, data: "…", part: .dev)
/// print(report.table)
/// ```
public struct EntityProcessorEvaluation: Sendable {
    let processor: EntitiesProcessor
    let language: String

    public init(processor: EntitiesProcessor = EntitiesProcessor(), language: String) {
        self.processor = processor
        self.language = language
    }

    /// A sentence as an article: its text, a segmentation of one body sentence, and each token's
    /// range in scalars.
    static func article(_ tokens: [String], id: String) -> (Document, Segmentation, [Range<Int>]) {
        var ranges: [Range<Int>] = []
        var text = ""
        var offset = 0
        for token in tokens {
            let composed = token.precomposedStringWithCanonicalMapping
            if !text.isEmpty {
                text += " "
                offset += 1
            }
            let count = composed.unicodeScalars.count
            ranges.append(offset..<offset + count)
            text += composed
            offset += count
        }
        let document = Document(
            id: id, text: text,
            decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: id, size: text.utf8.count, sha256: "", receivedAt: Date(timeIntervalSince1970: 0)))
        let range = TextRange(start: 0, end: offset)
        let segments = Segmentation(
            paragraphs: [
                .init(range: range, kind: .body, firstSentence: 0, sentenceCount: 1, wordCount: tokens.count)
            ],
            sentences: [.init(range: range, paragraph: 0, wordCount: tokens.count, isBoilerplate: false)],
            title: nil, lead: range, wordCount: tokens.count, boilerplateWordCount: 0)
        return (document, segments, ranges)
    }

    /// The processor's PERSON, ORG and LOCATION mentions of one sentence, as spans of the corpus
    /// tokens they fall in (nil for one that falls between tokens, on a space).
    func spans(_ tokens: [String]) throws -> [(span: EntityEvaluation.Span?, type: EntityType)] {
        let (document, segments, ranges) = Self.article(tokens, id: "sentence")
        let entities = try processor.extract(document, segments: segments, language: language)
        var output: [(EntityEvaluation.Span?, EntityType)] = []
        for entity in entities.items where EntityLabel.types.contains(entity.type) {
            for mention in entity.mentions {
                // The corpus tokens the mention's first and last scalars fall in: a name that leaves
                // out a comma attached to its last word ("فردوسی،") covers that word's token.
                let first = ranges.firstIndex { $0.contains(mention.range.start) }
                let last = ranges.firstIndex { $0.contains(mention.range.end - 1) }
                if let first, let last, first <= last {
                    output.append((EntityEvaluation.Span(start: first, end: last + 1, type: entity.type), entity.type))
                } else {
                    output.append((nil, entity.type))
                }
            }
        }
        return output
    }

    /// The processor's names of every sentence as BIO labels (for error analysis: `lector eval
    /// entities --processor --predictions`).
    public func labels(_ corpus: BIOCorpus) throws -> [[EntityLabel]] {
        try corpus.sentences.map { sentence in
            EntityEvaluation.labels(try spans(sentence.tokens).compactMap(\.span), count: sentence.tokens.count)
        }
    }

    /// Runs the processor on every sentence and scores its names.
    public func run(_ corpus: BIOCorpus, data: String, part: BIOCorpus.Part) throws -> EntityEvaluation.Report {
        var types: [String: EntityEvaluation.Score] = [:]
        for type in EntityLabel.types { types[type.rawValue] = EntityEvaluation.Score() }
        var seconds = 0.0
        for sentence in corpus.sentences {
            let start = ContinuousClock.now
            let predicted = try spans(sentence.tokens)
            let elapsed = ContinuousClock.now - start
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let gold = Set(EntityEvaluation.spans(sentence.labels))
            for span in gold { types[span.type.rawValue]!.gold += 1 }
            // A span mentioned twice in one sentence is one prediction, as it is one gold span.
            var seen = Set<EntityEvaluation.Span>()
            for (span, type) in predicted {
                if let span, !seen.insert(span).inserted { continue }
                types[type.rawValue]!.predicted += 1
                if let span, gold.contains(span) { types[type.rawValue]!.correct += 1 }
            }
        }
        let overall = types.values.reduce(EntityEvaluation.Score()) {
            .init(gold: $0.gold + $1.gold, predicted: $0.predicted + $1.predicted, correct: $0.correct + $1.correct)
        }
        let count = corpus.tokenCount
        return EntityEvaluation.Report(
            data: data, part: part.rawValue, model: "processor (\(language))", sentences: corpus.sentences.count,
            tokens: count, seconds: (seconds * 1000).rounded() / 1000,
            tokensPerSecond: seconds > 0 ? (Double(count) / seconds).rounded() : 0, types: types, overall: overall)
    }
}
