import Configuration
import Foundation
import LectorCore
import Testing

@testable import LectorText

struct TextProcessorTests {
    let processor = TextProcessor()

    @Test func seedCorpusIsPresent() throws {
        #expect(SeedCorpus.files.count == 5)
        #expect(try !SeedCorpus.expected().isEmpty)
    }

    @Test(arguments: SeedCorpus.files)
    func sentencesSliceBackExactlyAndLieInsideTheirParagraph(file: String) throws {
        let document = try SeedCorpus.document(file)
        let segments = try processor.segment(document)
        #expect(!segments.sentences.isEmpty)
        for (index, sentence) in segments.sentences.enumerated() {
            let text = document.text(in: sentence.range)
            #expect(!text.isEmpty)
            #expect(text == text.trimmingCharacters(in: .whitespacesAndNewlines), "sentence \(index) is not trimmed")
            let paragraph = segments.paragraphs[sentence.paragraph]
            #expect(paragraph.range.contains(sentence.range))
            #expect((paragraph.firstSentence..<(paragraph.firstSentence + paragraph.sentenceCount)).contains(index))
            // The slice is the same text as a String index walk over the original gives.
            let scalars = Array(document.text.unicodeScalars)[sentence.range.start..<sentence.range.end]
            #expect(String(String.UnicodeScalarView(scalars)) == text)
        }
        // Sentences are in order and do not overlap.
        for (a, b) in zip(segments.sentences, segments.sentences.dropFirst()) { #expect(a.range.end <= b.range.start) }
    }

    /// Each non-blank line of a seed is a paragraph (the seeds have no hard-wrapped blocks); a
    /// line's list bullet ("- ", in one Arabic seed) is not part of it.
    @Test(arguments: SeedCorpus.files)
    func paragraphsAreExactlyTheNonBlankLines(file: String) throws {
        let document = try SeedCorpus.document(file)
        let segments = try processor.segment(document)
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false)
        let nonBlank = lines.map { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
        }.filter { !$0.isEmpty }
        #expect(segments.paragraphs.map { document.text(in: $0.range) } == nonBlank)
        #expect(segments.paragraphs.allSatisfy { $0.sentenceCount > 0 && $0.wordCount > 0 })
    }

    @Test(arguments: SeedCorpus.files)
    func boilerplateMatchesTheGoldenAnnotations(file: String) throws {
        let document = try SeedCorpus.document(file)
        let segments = try processor.segment(document)
        let lines = lineNumbers(of: segments, in: document)
        let found = Set(
            zip(segments.paragraphs, lines).filter { $0.0.isBoilerplate }.map {
                SeedCorpus.Expected(file: file, line: $0.1, kind: $0.0.kind)
            })
        let expected = Set(try SeedCorpus.expected().filter { $0.file == file })
        #expect(found.subtracting(expected).isEmpty, "false alarms:\n\(segments.describe(document))")
        #expect(expected.subtracting(found).isEmpty, "missed:\n\(segments.describe(document))")
        for paragraph in segments.paragraphs where paragraph.isBoilerplate { #expect(paragraph.reason != nil) }
    }

    @Test(arguments: SeedCorpus.files)
    func countsAddUpAndTheLeadIsTheFirstBodyParagraph(file: String) throws {
        let document = try SeedCorpus.document(file)
        let segments = try processor.segment(document)
        #expect(segments.lead == segments.paragraphs.first { $0.kind == .body }?.range)
        #expect(segments.wordCount + segments.boilerplateWordCount == segments.paragraphs.reduce(0) { $0 + $1.wordCount })
        for paragraph in segments.paragraphs {
            let sentences = segments.sentences[paragraph.firstSentence..<(paragraph.firstSentence + paragraph.sentenceCount)]
            #expect(sentences.reduce(0) { $0 + $1.wordCount } == paragraph.wordCount)
            if paragraph.isBoilerplate { #expect(sentences.allSatisfy { $0.isBoilerplate }) }
        }
        // None of the seeds opens with a heading.
        #expect(segments.title == nil)
    }

    @Test(arguments: SeedCorpus.files)
    func outputIsDeterministicAndRoundTripsThroughJSON(file: String) async throws {
        let document = try SeedCorpus.document(file)
        let first = try await processor.process(document, context: makeContext())
        let second = try await processor.process(document, context: makeContext())
        #expect(first[.segments] == second[.segments])
        let data = try JSONEncoder().encode(first[.segments])
        #expect(try JSONDecoder().decode(Segmentation.self, from: data) == first[.segments])
        #expect(first.names == ["segments"])
    }

    @Test func emptyTextGivesAnEmptySegmentation() throws {
        let segments = try processor.segment(makeDocument(""))
        #expect(segments.paragraphs.isEmpty && segments.sentences.isEmpty)
        #expect(segments.title == nil && segments.lead == nil && segments.wordCount == 0)
    }

    @Test func whitespaceOnlyTextGivesNoParagraphs() throws {
        let segments = try processor.segment(makeDocument(" \n\t\n\u{00A0}\u{200F}\n\r\n   "))
        #expect(segments.paragraphs.isEmpty && segments.sentences.isEmpty)
    }

    @Test func aHugeTextFinishesWithConsistentRanges() throws {
        let seed = try SeedCorpus.text("004_ffc8b5db7dc18ac9.txt") + "\n"
        let text = String(repeating: seed, count: 300)  // about 3 MB
        let document = makeDocument(text)
        let start = ContinuousClock.now
        let segments = try processor.segment(document)
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(segments.paragraphs.count == 300 * 25)
        #expect(segments.sentences.last.map { document.scalars.count >= $0.range.end } == true)
    }

    @Test func oneUnbrokenLineIsSplitAtTheMaximumSentenceLength() throws {
        var options = TextOptions()
        options.maxSentenceLength = 100
        let words = (0..<200).map { "word\($0)" }.joined(separator: " ")
        let document = makeDocument(words)
        let segments = try TextProcessor(options: options).segment(document)
        #expect(segments.sentences.count > 1)
        for sentence in segments.sentences { #expect(sentence.range.length <= 100) }
        #expect(segments.sentences.reduce(0) { $0 + $1.wordCount } == 200)
        let unspaced = makeDocument(String(repeating: "漢", count: 250))
        #expect(try TextProcessor(options: options).segment(unspaced).sentences.map(\.range.length) == [100, 100, 50])
    }

    @Test func aPassedDeadlineStopsTheWork() async throws {
        let document = try SeedCorpus.document("001_689a427d6b337e1c.txt")
        await #expect(throws: ProcessorError.deadlineExceeded) {
            try await processor.process(document, context: makeContext(deadline: .now - .seconds(1)))
        }
    }

    @Test func theDescriptorListsEveryOptionItReads() {
        let descriptor = processor.descriptor
        #expect(descriptor.id == "text" && descriptor.version == "1.0.0")
        #expect(descriptor.provides == ["segments"] && descriptor.requires.isEmpty)
        let keys = Set(descriptor.options.map(\.key))
        #expect(keys.count == descriptor.options.count)
        #expect(keys.isSuperset(of: ["detect_boilerplate", "max_sentence_length", "markers.source", "markers.caption"]))
    }
}
