import FuzzSupport
import Foundation
import LectorCore
import LectorReader
import LectorText

// The text processor on a decoded Document: paragraph splitting, sentence splitting (ICU plus
// corrections), word counts, title, lead and boilerplate detection. The first byte chooses the
// options and whether the file is named as HTML; the rest goes through the reader first, so the
// segmenter sees only text the daemon would give it.
//
// The segmentation must be well formed: paragraphs and sentences in order, inside the text, not
// overlapping, each sentence inside its paragraph, and word counts that add up.

private let receivedAt = Date(timeIntervalSince1970: 1_700_000_000)

@main
enum FuzzTextProcessor {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let choice = input.takeByte()
    let bytes = input.remaining
    let name = choice & 1 == 0 ? "article.txt" : "page.html"
    guard let document = try? ArticleReader().decode(bytes: bytes, name: name, receivedAt: receivedAt) else {
        return 0
    }
    var options = TextOptions()
    options.detectBoilerplate = choice & 2 == 0
    options.joinWrappedLines = choice & 4 == 0
    options.maxSentenceLength = [1000, 200, 40, 8][Int(choice >> 3) & 3]

    let segmentation: Segmentation
    do {
        segmentation = try TextProcessor(options: options).segment(document)
    } catch {
        FuzzInput.require(false, "segmenting decoded text threw: \(error)")
        return 0
    }
    check(segmentation, scalarCount: document.text.unicodeScalars.count)
    return 0
}

private func check(_ segmentation: Segmentation, scalarCount: Int) {
    let paragraphs = segmentation.paragraphs
    let sentences = segmentation.sentences
    var previousEnd = 0
    var expectedFirst = 0
    var words = 0
    for (index, paragraph) in paragraphs.enumerated() {
        let range = paragraph.range
        FuzzInput.require(range.start >= previousEnd && range.end <= scalarCount, "paragraph \(index) at \(range)")
        FuzzInput.require(!range.isEmpty, "paragraph \(index) is empty")
        FuzzInput.require(paragraph.firstSentence == expectedFirst, "paragraph \(index) starts at a wrong sentence")
        previousEnd = range.end
        expectedFirst += paragraph.sentenceCount
        words += paragraph.wordCount
    }
    FuzzInput.require(expectedFirst == sentences.count, "the paragraphs hold \(expectedFirst) of \(sentences.count) sentences")

    previousEnd = 0
    var sentenceWords = 0
    for (index, sentence) in sentences.enumerated() {
        let range = sentence.range
        FuzzInput.require(!range.isEmpty && range.start >= previousEnd, "sentence \(index) at \(range)")
        FuzzInput.require(paragraphs.indices.contains(sentence.paragraph), "sentence \(index) has no paragraph")
        FuzzInput.require(paragraphs[sentence.paragraph].range.contains(range), "sentence \(index) leaves its paragraph")
        previousEnd = range.end
        sentenceWords += sentence.wordCount
    }
    FuzzInput.require(sentenceWords <= words, "sentences hold \(sentenceWords) words of their paragraphs' \(words)")
    FuzzInput.require(
        segmentation.wordCount + segmentation.boilerplateWordCount == sentenceWords,
        "word totals \(segmentation.wordCount) + \(segmentation.boilerplateWordCount) != \(sentenceWords)"
    )
    if let lead = segmentation.lead {
        FuzzInput.require(paragraphs.contains { $0.range == lead && $0.kind == .body }, "the lead is not a body paragraph")
    }
}
