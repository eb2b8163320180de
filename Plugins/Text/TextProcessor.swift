import Configuration
import LectorCore

/// A processor that segments an article into paragraphs and sentences, counts words, finds the
/// title and lead, and marks boilerplate: the `segments` annotation every later processor reads.
///
/// Paragraphs follow ``ParagraphSplitter``'s rule (one per line, hard-wrapped blocks joined);
/// sentences come from ICU's sentence iterator with the corrections of ``SentenceSplitter``;
/// words are the segments ICU's word iterator marks as letters, numbers, kana or ideographs, so
/// Chinese and Thai count sensibly; boilerplate is decided by ``BoilerplateDetector`` against a
/// ``BoilerplateLexicon``.
///
/// ```swift
/// let processor = try TextProcessor(configuration: config.scoped(to: "processors.text"))
/// let segments = try await processor.process(document, context: context)[.segments]
/// ```
public struct TextProcessor: Processor {
    public let descriptor: ProcessorDescriptor
    public let options: TextOptions
    let lexicon: CompiledLexicon
    let iterators = BreakIteratorPool()

    /// A processor with every option at its default.
    public init() { self.init(options: TextOptions()) }

    /// A processor configured from its section (`processors.text`).
    ///
    /// - Throws: ``ProcessorError/invalidConfiguration(key:message:)`` naming the bad key.
    public init(configuration: ConfigReader) throws {
        self.init(options: try TextOptions(configuration: configuration))
    }

    public init(options: TextOptions) {
        self.options = options
        self.lexicon = CompiledLexicon(BoilerplateLexicon.standard.extended(with: options.markers))
        self.descriptor = ProcessorDescriptor(
            id: "text",
            version: "1.0.0",
            provides: ["segments"],
            requires: [],
            summary: "Paragraphs, sentences, word counts, title, lead and boilerplate (bylines, sources, captions).",
            options: TextOptions.options
        )
    }

    public func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        var output = Annotations()
        output[.segments] = try segment(document, checkpoint: context.checkDeadline)
        return output
    }

    /// Segments a document; `checkpoint` runs between paragraphs and may throw to stop the work.
    public func segment(_ document: Document, checkpoint: () throws -> Void = {}) throws -> Segmentation {
        let offsets = ScalarOffsets(scalars: document.scalars)
        let sentenceIterator = try iterators.take(.sentence)
        defer { iterators.give(sentenceIterator) }
        let wordIterator = try iterators.take(.word)
        defer { iterators.give(wordIterator) }
        let splitter = SentenceSplitter(abbreviations: lexicon.abbreviations, maximumLength: options.maxSentenceLength)

        var paragraphs: [Segmentation.Paragraph] = []
        var sentences: [Segmentation.Sentence] = []
        var samples: [BoilerplateDetector.Sample] = []
        var verdicts: [BoilerplateDetector.Verdict] = []
        let detector = BoilerplateDetector(
            lexicon: lexicon,
            limits: .init(bylineMaxWords: options.bylineMaxWords, captionMaxWords: options.captionMaxWords))
        var scratch: [UInt16] = []

        try offsets.utf16.withUnsafeBufferPointer { text in
            let spans = ParagraphSplitter(joinsWrappedLines: options.joinWrappedLines).split(text)
            paragraphs.reserveCapacity(spans.count)
            for span in spans {
                try checkpoint()
                let range = span.start..<span.end
                // ICU treats a line break as the end of a sentence; a hard-wrapped paragraph is
                // handed over with its line breaks turned into spaces, which keeps every offset.
                var icuText = UnsafeBufferPointer(rebasing: text[range])
                if span.joinsLines {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: icuText.lazy.map { TextScan.isLineBreak($0) ? 0x20 : $0 })
                }
                var verdict = BoilerplateDetector.Verdict.body
                let scalarRange = offsets.range(utf16: span.start, span.end)
                let paragraphScalars = document.scalars[scalarRange.start..<scalarRange.end]
                let (pieces, counts) = scratch.withUnsafeBufferPointer { buffer in
                    if span.joinsLines { icuText = buffer }
                    var pieces = splitter.split(text, span: range, icuText: icuText, iterator: sentenceIterator)
                    var counts = countWords(icuText, base: span.start, in: pieces, iterator: wordIterator)
                    guard options.detectBoilerplate else { return (pieces, counts) }
                    verdict = detector.markers(
                        BoilerplateDetector.Sample(
                            scalars: paragraphScalars, wordCount: counts.total, sentenceCount: pieces.count))
                    // A trailing photo credit becomes a sentence of its own, so it can be marked.
                    if let credit = verdict.creditStart {
                        let cut = span.start + paragraphScalars.prefix(credit).reduce(0) { $0 + $1.utf16.count }
                        if splitter.insertBreak(at: cut, in: &pieces, text) {
                            counts = countWords(icuText, base: span.start, in: pieces, iterator: wordIterator)
                        }
                    }
                    return (pieces, counts)
                }
                let paragraphIndex = paragraphs.count
                for (piece, count) in zip(pieces, counts.perSentence) {
                    sentences.append(
                        Segmentation.Sentence(
                            range: offsets.range(utf16: piece.lowerBound, piece.upperBound),
                            paragraph: paragraphIndex, wordCount: count, isBoilerplate: false))
                }
                paragraphs.append(
                    Segmentation.Paragraph(
                        range: scalarRange, kind: .body, firstSentence: sentences.count - pieces.count,
                        sentenceCount: pieces.count, wordCount: counts.total))
                samples.append(
                    BoilerplateDetector.Sample(
                        scalars: paragraphScalars, wordCount: counts.total, sentenceCount: pieces.count))
                verdicts.append(verdict)
            }
        }
        try checkpoint()
        return assemble(paragraphs, sentences, samples, verdicts, detector: detector, document: document)
    }

    /// Counts ICU words in a paragraph and in each of its sentences.
    private func countWords(
        _ text: UnsafeBufferPointer<UInt16>,
        base: Int,
        in sentences: [Range<Int>],
        iterator: BreakIterator
    ) -> (total: Int, perSentence: [Int]) {
        var perSentence = [Int](repeating: 0, count: sentences.count)
        var total = 0
        var current = 0
        iterator.setText(text)
        iterator.forEachSegment { start, _, status in
            guard BreakIterator.isWordStatus(status) else { return }
            total += 1
            let position = base + start
            while current < sentences.count - 1, position >= sentences[current].upperBound { current += 1 }
            if !sentences.isEmpty, sentences[current].contains(position) { perSentence[current] += 1 }
        }
        return (total, perSentence)
    }
}
