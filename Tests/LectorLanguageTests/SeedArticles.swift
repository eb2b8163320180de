import Foundation
import LectorCore

/// The seed articles of the repository, read from `seeds/` next to the package, with a
/// segmentation built by splitting lines (the `text` processor is not a dependency of these tests).
enum SeedArticles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds")

    /// Seed file names and their main language.
    static let mainLanguages: [(file: String, language: String)] = [
        ("000_d6359ddc57249c7f.txt", "ur"),
        ("001_689a427d6b337e1c.txt", "ur"),
        ("002_1db33f06d12d915a.txt", "ur"),
        ("003_a7a438608bd214bf.txt", "ur"),
        ("004_ffc8b5db7dc18ac9.txt", "ar"),
    ]

    static func document(_ file: String) throws -> Document {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        let text = String(decoding: data, as: UTF8.self).precomposedStringWithCanonicalMapping
        return document(text: text, name: file)
    }

    static func document(text: String, name: String = "test.txt") -> Document {
        Document(
            id: name, text: text, decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: name, size: text.utf8.count, sha256: "", receivedAt: Date(timeIntervalSince1970: 0)))
    }

    /// One paragraph and one sentence per non-blank line; lines for which `isBoilerplate` is true
    /// get the `source` kind.
    static func segmentation(of document: Document, isBoilerplate: (String) -> Bool = SeedArticles.looksLikeBoilerplate)
        -> Segmentation
    {
        var paragraphs: [Segmentation.Paragraph] = []
        var sentences: [Segmentation.Sentence] = []
        var start = 0
        let scalars = document.scalars
        while start < scalars.count {
            var end = start
            while end < scalars.count, scalars[end] != "\n" { end += 1 }
            let range = TextRange(start: start, end: end)
            let line = document.text(in: range)
            if !line.allSatisfy(\.isWhitespace) {
                let words = line.split(whereSeparator: \.isWhitespace).count
                let boilerplate = isBoilerplate(line)
                sentences.append(.init(range: range, paragraph: paragraphs.count, wordCount: words, isBoilerplate: boilerplate))
                paragraphs.append(
                    .init(range: range, kind: boilerplate ? .source : .body, firstSentence: sentences.count - 1,
                          sentenceCount: 1, wordCount: words))
            }
            start = end + 1
        }
        return Segmentation(
            paragraphs: paragraphs, sentences: sentences, title: nil, lead: paragraphs.first?.range,
            wordCount: paragraphs.filter { !$0.isBoilerplate }.reduce(0) { $0 + $1.wordCount },
            boilerplateWordCount: paragraphs.filter(\.isBoilerplate).reduce(0) { $0 + $1.wordCount })
    }

    /// The seeds' boilerplate: source lines with a URL, comment counters, one- or two-word lines.
    static func looksLikeBoilerplate(_ line: String) -> Bool {
        line.contains("http") || line.contains("(0)") || line.split(whereSeparator: \.isWhitespace).count <= 2
    }
}
