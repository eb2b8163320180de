import Foundation
import LectorCore
import Testing

/// The seed articles through the real binary, against the entities annotated by hand in
/// seeds/entities/*.tsv: at least 90% of the people and 80% of the organisations found (with the
/// exact surface text), and every date, number and URL found with its exact text and value.
struct EntitySeedTests {
    struct Gold: Hashable {
        var type: String
        var text: String
        var value: String?
    }

    static func gold(_ seed: String) throws -> [Gold] {
        let path = LectorBinary.repositoryRoot.appendingPathComponent("seeds/entities/\(seed).tsv").path
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Gold(type: columns[0], text: columns[1], value: columns.count > 2 ? columns[2] : nil)
        }
    }

    /// Every mention of every entity in a result, as (type, exact text, value).
    static func mentions(_ result: JSONValue) throws -> Set<Gold> {
        let text = Array(try #require(result.at("document.text")?.stringValue).unicodeScalars)
        let entities = try #require(result.at("annotations.entities")).decode(as: Entities.self)
        var found: Set<Gold> = []
        for entity in entities.items {
            for mention in entity.mentions {
                #expect(mention.range.end <= text.count)
                let surface = String(String.UnicodeScalarView(text[mention.range.start..<mention.range.end]))
                found.insert(Gold(type: entity.type.rawValue, text: surface, value: entity.value))
            }
        }
        return found
    }

    @Test func seedEntitiesAreFound() throws {
        let seeds = SeedGoldenTests.seeds
        let paths = seeds.map { LectorBinary.repositoryRoot.appendingPathComponent("seeds/\($0)").path }
        let run = try LectorBinary.run(["process", "--config", LectorBinary.defaultConfig] + paths)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let results = try run.stdoutText.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        try #require(results.count == seeds.count)
        var totals: [String: (gold: Int, found: Int)] = [:]
        var missed: [String] = []
        for (seed, result) in zip(seeds, results) {
            #expect(result.at("processors.entities.status") == .string("ok"))
            let found = try Self.mentions(result)
            for gold in try Self.gold(String(seed.dropLast(4))) {
                let hit: Bool
                if gold.value != nil {
                    hit = found.contains(gold)
                } else {
                    hit = found.contains { $0.type == gold.type && $0.text == gold.text }
                }
                totals[gold.type, default: (0, 0)].gold += 1
                if hit {
                    totals[gold.type, default: (0, 0)].found += 1
                } else {
                    missed.append("\(seed) \(gold.type) \(gold.text)")
                }
            }
        }
        func recall(_ type: String) -> Double {
            guard let total = totals[type], total.gold > 0 else { return 0 }
            return 100 * Double(total.found) / Double(total.gold)
        }
        print(
            "seed entity recall: "
                + totals.keys.sorted().map {
                    "\($0) \(totals[$0]!.found)/\(totals[$0]!.gold) (\(String(format: "%.1f", recall($0)))%)"
                }.joined(separator: ", "))
        print("missed: \(missed.joined(separator: "; "))")
        #expect(recall("PERSON") >= 90)
        #expect(recall("ORG") >= 80)
        for type in ["DATE", "NUMBER", "URL"] {
            #expect(totals[type].map { $0.found == $0.gold } == true, "\(type): \(missed.filter { $0.contains(type) })")
        }
    }
}
