import Configuration
import Foundation
import LectorCore
import LectorText

/// The seed articles, segmented by the real `text` processor, and the golden summaries.
enum SeedArticles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let directory = root.appendingPathComponent("seeds")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }()

    static func document(_ name: String) throws -> Document {
        makeDocument(try String(contentsOfFile: directory.appendingPathComponent(name).path, encoding: .utf8), name: name)
    }

    /// One row of `seeds/expected/summary.tsv`.
    struct Expected: Hashable {
        var file: String
        var line: Int
        var sentenceInLine: Int
        var isRequired: Bool
        var prefix: String
    }

    static func expected() throws -> [Expected] {
        let path = directory.appendingPathComponent("expected/summary.tsv").path
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { row in
            if row.hasPrefix("#") || row.isEmpty { return nil }
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 5, let line = Int(columns[1]), let index = Int(columns[2]) else { return nil }
            return Expected(file: columns[0], line: line, sentenceInLine: index, isRequired: columns[3] == "required", prefix: columns[4])
        }
    }
}

/// A document around `text`, as the reader would make it (NFC, UTF-8, plain text).
func makeDocument(_ text: String, name: String = "test.txt") -> Document {
    let normalized = text.precomposedStringWithCanonicalMapping
    return Document(
        id: String(repeating: "0", count: 64), text: normalized,
        decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
        source: SourceInfo(name: name, size: normalized.utf8.count, sha256: String(repeating: "0", count: 64), receivedAt: Date(timeIntervalSince1970: 0)))
}

/// A configuration section holding `values` (keys relative to `processors.summary`).
func summaryConfiguration(_ values: [String: String]) -> ConfigReader {
    var entries: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in values { entries[AbsoluteConfigKey([key])] = .init(.string(value), isSecret: false) }
    return ConfigReader(provider: InMemoryProvider(values: entries))
}
