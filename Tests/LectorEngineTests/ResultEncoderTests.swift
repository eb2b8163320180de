import Foundation
import LectorCore
import LectorEngine
import LectorTestKit
import LectorText
import Testing

/// The result encoder against Foundation's JSONEncoder with the options results used before it:
/// the same bytes for the same values, compact and pretty.
struct ResultEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var score: Double
        var tags: [String]
        var note: String?
    }

    struct Sample: Codable, Equatable {
        var id: String
        var count: Int
        var negative: Int64
        var small: UInt8
        var ratio: Double
        var whole: Double
        var tiny: Double
        var flag: Bool
        var missing: String?
        var present: String?
        var nested: Inner
        var list: [Inner]
        var empty: [Int]
        var emptyObject: [String: Int]
        var table: [String: Int]
        var matrix: [[Double]]
        var json: JSONValue
    }

    static let sample = Sample(
        id: "a/b \"quoted\" back\\slash\ttab\nline \u{1}\u{1F} ختم، اردو ✓ 🙂",
        count: 42, negative: -9_000_000_000, small: 255, ratio: 0.875, whole: 3, tiny: 1.5e-7, flag: true,
        missing: nil, present: "yes",
        nested: Inner(name: "هـ", score: 0.95, tags: ["x", "y"], note: nil),
        list: [Inner(name: "one", score: 1, tags: [], note: "n"), Inner(name: "two", score: 123_456.789, tags: ["z"], note: nil)],
        empty: [], emptyObject: [:], table: ["zeta": 1, "alpha": 2, "Beta": 3, "_under": 4, "10": 5, "9": 6],
        matrix: [[0.1, 0.2], [], [-2.5]],
        json: .object(["k": .array([.null, .bool(false), .number(2), .string("s")]), "a": .object([:])]))

    private func foundation(_ value: some Encodable, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return Array(try encoder.encode(value))
    }

    @Test("Writes the bytes JSONEncoder writes", arguments: [false, true])
    func matchesFoundation(pretty: Bool) throws {
        let ours = try ResultEncoder(pretty: pretty).encode(Self.sample)
        let theirs = try foundation(Self.sample, pretty: pretty)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: theirs, as: UTF8.self))
        #expect(try JSONDecoder().decode(Sample.self, from: Data(ours)) == Self.sample)
    }

    @Test("A seed article's result is byte for byte what JSONEncoder wrote", arguments: [false, true])
    func seedResult(pretty: Bool) async throws {
        let text = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("seeds/001_689a427d6b337e1c.txt"), encoding: .utf8)
        let pipeline = try Pipeline(stages: [Fixtures.stage(TextProcessor(), required: true)])
        let document = Fixtures.document(text)
        let outcome = await pipeline.run(document, logger: Fixtures.quietLogger)
        let result = ArticleResult(document: document, outcome: outcome, processedAt: Date(timeIntervalSince1970: 1_700_000_000.25), includeText: true)
        let ours = try ResultEncoder(pretty: pretty).encode(result)
        #expect(ours.count > 5_000)
        #expect(ours == (try foundation(result, pretty: pretty)))
    }

    /// Encodes "b" twice and "a" once, through a keyed container asked for twice.
    struct Repeated: Encodable {
        enum Keys: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: Keys.self)
            try first.encode(1, forKey: .b)
            var second = encoder.container(keyedBy: Keys.self)
            try second.encode([true], forKey: .a)
            try second.encode("later", forKey: .b)
        }
    }

    @Test("A key encoded twice keeps its last value, as JSONEncoder does", arguments: [false, true])
    func repeatedKeys(pretty: Bool) throws {
        let ours = try ResultEncoder(pretty: pretty).encode(Repeated())
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try foundation(Repeated(), pretty: pretty), as: UTF8.self))
        #expect(String(decoding: try ResultEncoder(pretty: false).encode(Repeated()), as: UTF8.self) == #"{"a":[true],"b":"later"}"#)
    }

    @Test("A number JSON cannot hold is an error that names where it is")
    func nonFiniteNumbers() throws {
        var sample = Self.sample
        sample.list[1].score = .nan
        #expect {
            _ = try ResultEncoder(pretty: false).encode(sample)
        } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["list", "Index 1", "score"]
        }
    }
}
