import Configuration
import Foundation
import LectorCore
import Logging

@testable import LectorText

/// The seed articles and their golden boilerplate annotations, found relative to this file.
enum SeedCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let directory = root.appendingPathComponent("seeds")

    /// The seed file names, sorted.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: directory.appendingPathComponent(name).path, encoding: .utf8)
    }

    static func document(_ name: String) throws -> Document {
        makeDocument(try text(name), name: name)
    }

    /// One golden line: which line of which file is boilerplate of which kind.
    struct Expected: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var kind: SegmentKind
        var description: String { "\(file):\(line) \(kind)" }
    }

    /// The rows of `seeds/expected/boilerplate.tsv`.
    static func expected() throws -> [Expected] {
        let path = directory.appendingPathComponent("expected/boilerplate.tsv").path
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { row in
            if row.hasPrefix("#") || row.isEmpty { return nil }
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 3, let line = Int(columns[1]) else { return nil }
            return Expected(file: String(columns[0]), line: line, kind: SegmentKind(String(columns[2])))
        }
    }
}

/// A document around `text`, as the reader would make it (NFC, UTF-8, plain text).
func makeDocument(_ text: String, name: String = "test.txt", title: String? = nil) -> Document {
    let normalized = text.precomposedStringWithCanonicalMapping
    return Document(
        id: String(repeating: "0", count: 64),
        text: normalized,
        declaredTitle: title,
        decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
        source: SourceInfo(name: name, size: normalized.utf8.count, sha256: String(repeating: "0", count: 64), receivedAt: Date(timeIntervalSince1970: 0))
    )
}

/// A context with an empty configuration and a generous deadline.
func makeContext(deadline: ContinuousClock.Instant = .now + .seconds(60)) -> ProcessorContext {
    ProcessorContext(
        logger: Logger(label: "test"),
        configuration: ConfigReader(provider: InMemoryProvider(values: [:])),
        annotations: Annotations(),
        deadline: deadline
    )
}

/// The 1-based line number of each paragraph's first scalar.
func lineNumbers(of segmentation: Segmentation, in document: Document) -> [Int] {
    var lineStarts = [0]
    for (index, scalar) in document.scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
    return segmentation.paragraphs.map { paragraph in
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= paragraph.range.start { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }
}

extension Segmentation {
    /// Each paragraph's text and kind, for readable failure messages.
    func describe(_ document: Document) -> String {
        paragraphs.enumerated().map { index, paragraph in
            "\(index) \(paragraph.kind) \(paragraph.reason ?? "-"): \(document.text(in: paragraph.range).prefix(60))"
        }.joined(separator: "\n")
    }
}
