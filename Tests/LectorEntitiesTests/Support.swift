import Configuration
import Foundation
import LectorCore
import LectorTestKit
import LectorText

@testable import LectorEntities

/// The `entities` of a text, segmented by the real `text` processor.
func entities(in text: String, language: String?, processor: EntitiesProcessor = EntitiesProcessor()) throws
    -> [Entities.Entity]
{
    let document = ProcessorCompatTest.document(text)
    let segments = try TextProcessor().segment(document)
    return try processor.extract(document, segments: segments, language: language).items
}

func entitiesConfiguration(_ values: [String: String]) -> ConfigReader {
    var entries: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in values { entries[AbsoluteConfigKey([key])] = .init(.string(value), isSecret: false) }
    return ConfigReader(provider: InMemoryProvider(values: entries))
}

/// Every valid label path of a sentence of `count` tokens with its unnormalized log score: the
/// transition from the previous label (row 0 for the first token) plus the token's emission, for
/// checking the tagger's lattice against brute force.
func enumeratedPaths(count: Int, emissions: [Double], transitions: [Double]) -> [(path: [Int], score: Double)] {
    let labels = TagScheme.count
    var output: [(path: [Int], score: Double)] = []
    func extend(_ path: [Int], _ score: Double) {
        guard path.count < count else {
            if TagScheme.canEnd(path.last!) { output.append((path, score)) }
            return
        }
        for label in 0..<labels where TagScheme.allowed(path.last, label) {
            let previous = path.last.map { $0 + 1 } ?? 0
            extend(path + [label], score + transitions[previous * labels + label] + emissions[path.count * labels + label])
        }
    }
    extend([], 0)
    return output
}
