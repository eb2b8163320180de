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
/// let outcome = try EntityProcessorEvaluation(language: "en").run(corpus, data: "…", part: .dev)
/// print(outcome.report.table)
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

    /// What ``run(_:data:part:)`` gives: the figures, and the processor's names of every sentence
    /// as BIO labels of the corpus's tokens (for error analysis: `lector eval entities --processor
    /// --predictions`).
    public struct Outcome: Sendable {
        public var report: EntityEvaluation.Report
        public var labels: [[EntityLabel]]
    }

    /// Runs the processor on every sentence once and scores its names.
    public func run(_ corpus: BIOCorpus, data: String, part: BIOCorpus.Part) throws -> Outcome {
        var tally = EntityEvaluation.Tally()
        var labels: [[EntityLabel]] = []
        labels.reserveCapacity(corpus.sentences.count)
        for sentence in corpus.sentences {
            let start = ContinuousClock.now
            let predicted = try spans(sentence.tokens)
            tally.seconds += EntityEvaluation.Tally.seconds(ContinuousClock.now - start)
            tally.add(gold: sentence.labels, predicted: predicted)
            labels.append(EntityEvaluation.labels(predicted.compactMap(\.span), count: sentence.tokens.count))
        }
        let report = tally.report(
            data: data, part: part, model: "processor (\(language))", sentences: corpus.sentences.count,
            tokens: corpus.tokenCount)
        return Outcome(report: report, labels: labels)
    }
}
