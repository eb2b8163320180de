import LectorCore
import LectorText
import Testing

@testable import LectorSummary

struct KeywordExtractorTests {
    private func keywords(_ document: Document, count: Int = 10) throws -> [Summary.Keyword] {
        let segments = try TextProcessor().segment(document)
        return KeywordExtractor(count: count, maxWords: 3)
            .keywords(in: document, sentences: SentenceRanker.scan(document, segments: segments))
    }

    @Test func findsTheTopicOfAnArticle() throws {
        let text = """
            The city council approved the harbour budget on Monday.
            The harbour budget pays for dredging and new cranes at the harbour.
            Council members said the harbour budget would bring jobs.
            Critics of the council said the harbour budget was too large.
            """
        let found = try keywords(makeDocument(text), count: 5)
        #expect(found.count == 5)
        #expect(found.contains { $0.text.contains("harbour") })
        #expect(!found.contains { $0.text == "the" })
        #expect(found.map(\.score) == found.map(\.score).sorted())
        #expect(found.allSatisfy { $0.count >= 1 && $0.score > 0 })
    }

    @Test(arguments: SeedArticles.files)
    func seedKeywordsAreFromTheBodyText(file: String) throws {
        let document = try SeedArticles.document(file)
        let found = try keywords(document)
        #expect(found.count == 10)
        // No keyword comes from a source line or a URL, and none is a number or a one-letter word.
        #expect(!found.contains { $0.text.contains("https") || $0.text.contains("baohaiduong") })
        #expect(found.allSatisfy { $0.text.unicodeScalars.count > 2 })
        // Overlapping phrases are reported once.
        for (i, a) in found.enumerated() {
            for b in found[(i + 1)...] { #expect(a.text != b.text) }
        }
    }

    /// A keyword's count is how often its terms occur in a row within a body sentence, counted here
    /// from the folded terms themselves.
    @Test(arguments: SeedArticles.files)
    func seedKeywordCountsAreTheirOccurrences(file: String) throws {
        let document = try SeedArticles.document(file)
        let segments = try TextProcessor().segment(document)
        let scanned = SentenceRanker.scan(document, segments: segments)
        let found = KeywordExtractor(count: 10, maxWords: 3).keywords(in: document, sentences: scanned)
        let sentences = scanned.map { sentence in
            sentence.terms.map {
                TermScanner.folded($0, in: document.scalars[sentence.range.start..<sentence.range.end])
            }
        }
        #expect(found.count == 10)
        #expect(found.contains { $0.count > 1 })
        for keyword in found {
            let words = keyword.text.split(separator: " ").map(String.init)
            var occurrences = 0
            for terms in sentences where terms.count >= words.count {
                for start in 0...(terms.count - words.count)
                where Array(terms[start..<(start + words.count)]) == words {
                    occurrences += 1
                }
            }
            #expect(occurrences == keyword.count, "\(keyword.text)")
        }
    }

    @Test func returnsNothingWhenTurnedOffOrEmpty() throws {
        #expect(try keywords(makeDocument("Some words here."), count: 0).isEmpty)
        #expect(try keywords(makeDocument(" \n ")).isEmpty)
    }
}
