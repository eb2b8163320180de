import Foundation
import LectorCore
@testable import LectorEngine
import Testing

/// The result written directly (``ResultWritable``) against its `Encodable` form through
/// ``ResultEncoder``, which is how every result file was written before: the same bytes, compact
/// and pretty, for the seed articles' reviewed results and for the members they lack.
struct ResultWriterTests {
    static let seeds: [String] = {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("seeds/expected")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    /// A seed's result rebuilt from its golden file, with the built-in annotations as the types
    /// the processors make; `variant` adds what the seeds do not have.
    static func result(seed: String, variant: Bool) throws -> ArticleResult {
        let path = Fixtures.repositoryRoot.appendingPathComponent("seeds/expected/\(seed)")
        let golden = try JSONValue.parse(Data(contentsOf: path))
        let text = try #require(golden.at("document.text")?.stringValue)
        let document = Document(
            id: try #require(golden["id"]?.stringValue), text: text,
            declaredTitle: variant ? "A \"declared\" title" : nil,
            decoding: DecodingFacts(
                encoding: "UTF-8", encodingSource: .validUTF8, confidence: variant ? 87 : nil, hadBOM: variant,
                format: .text),
            source: SourceInfo(
                name: try #require(golden.at("source.name")?.stringValue), nameBytesHex: variant ? "ff00" : nil,
                folder: variant ? "sub/folder" : "", size: 11_036, sha256: try #require(golden.at("source.sha256")?.stringValue),
                receivedAt: Date(timeIntervalSince1970: 1_790_000_000.123_4)))
        var annotations = Annotations()
        annotations[.segments] = try #require(golden.at("annotations.segments")).decode(as: Segmentation.self)
        annotations[.language] = try #require(golden.at("annotations.language")).decode(as: LanguageIdentification.self)
        annotations[.entities] = try #require(golden.at("annotations.entities")).decode(as: Entities.self)
        annotations[.summary] = try #require(golden.at("annotations.summary")).decode(as: Summary.self)
        var reports = try ["text", "language", "entities", "summary"].enumerated().map { index, id in
            let report = try #require(golden.at("processors.\(id)"))
            return ProcessorReport(
                id: id, version: try #require(report["version"]?.stringValue), status: .ok,
                durationMs: [0.468, 1.5, 12.0, 0.0625][index], required: report["required"] == .bool(true),
                provides: try report["provides"]?.decode(as: [AnnotationName].self) ?? [])
        }
        if variant {
            // A plugin's annotation (a JSONValue, written through the encoder at its depth), a
            // failed required processor with its error, and empty containers.
            annotations.set(
                JSONValue.object([
                    "score": .number(-0.25), "labels": .array([.string("a/b"), .object([:]), .array([])]),
                    "nested": .object(["z": .null, "a": .bool(true)]),
                ]), for: "acme.sentiment")
            var entities = try #require(annotations[.entities])
            entities.model = nil
            entities.items[0].value = "value\twith\u{1}controls"
            annotations[.entities] = entities
            var language = try #require(annotations[.language])
            language.alternatives = []
            language.spans.append(.init(range: .init(start: 0, end: 4), language: "und", name: "Unknown", script: "Latn", confidence: 0.6))
            annotations[.language] = language
            var segments = try #require(annotations[.segments])
            segments.title = TextRange(start: 0, end: 3)
            annotations[.segments] = segments
            var summary = try #require(annotations[.summary])
            summary.sentences[0].trimmed = true
            annotations[.summary] = summary
            reports[0].status = .failed
            reports[0].error = "boom: \"quoted\" and \\ back"
        }
        return ArticleResult(
            document: document, outcome: Pipeline.Outcome(annotations: annotations, reports: reports),
            processedAt: Date(timeIntervalSince1970: 1_790_000_001.999), includeText: !variant)
    }

    @Test(arguments: seeds, [false, true])
    func writesTheBytesOfTheEncodableForm(seed: String, variant: Bool) throws {
        let result = try Self.result(seed: seed, variant: variant)
        for pretty in [false, true] {
            let direct = Array(try result.jsonData(pretty: pretty))
            let encoded = try ResultEncoder(pretty: pretty).encode(result) + [UInt8(ascii: "\n")]
            #expect(direct.count == encoded.count)
            if direct != encoded {
                let at = zip(direct, encoded).prefix { $0 == $1 }.count
                Issue.record("differs at byte \(at): …\(String(decoding: direct[max(0, at - 80)..<min(direct.count, at + 40)], as: UTF8.self))")
            }
        }
        #expect(try JSONValue.parse(result.jsonData(pretty: false))["status"] == .string(variant ? "failed" : "ok"))
    }

    /// The comparison above only covers the members the fixtures set: a member added to a built-in
    /// type later, and left out of its ``ResultWritable`` method, would go unnoticed while every
    /// fixture leaves it nil. So every optional stored property of the result (its document,
    /// source, error and reports) and of the built-in annotations must be set in a seed's result or
    /// in its variant.
    @Test func theFixturesSetEveryOptionalMemberOfTheBuiltInTypes() throws {
        let seed = try #require(Self.seeds.first)
        var set: [String: Bool] = [:]
        for variant in [false, true] {
            let result = try Self.result(seed: seed, variant: variant)
            var values: [Any] = [result]  // its document, source, error and processor reports
            values += [
                result.annotations[.segments] as Any, result.annotations[.language] as Any,
                result.annotations[.entities] as Any, result.annotations[.summary] as Any,
            ]
            for value in values { Self.recordOptionals(of: value, into: &set) }
        }
        #expect(set.count > 10)
        #expect(set.filter { !$0.value }.keys.sorted() == [])
    }

    /// Walks `value`'s stored properties, arrays and optionals, and records for each optional
    /// property ("Type.label") whether any instance had it set.
    static func recordOptionals(of value: Any, into set: inout [String: Bool]) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first { recordOptionals(of: wrapped.value, into: &set) }
        case .collection, .set:
            for child in mirror.children { recordOptionals(of: child.value, into: &set) }
        case .struct, .class:
            let owner = String(reflecting: type(of: value))
            for child in mirror.children {
                guard let label = child.label else { continue }
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle == .optional {
                    set["\(owner).\(label)", default: false] = set["\(owner).\(label)", default: false]
                        || !inner.children.isEmpty
                }
                recordOptionals(of: child.value, into: &set)
            }
        default:
            break
        }
    }

    @Test func aNumberJSONCannotHoldIsAnErrorNamingWhereItIs() throws {
        let seed = try #require(Self.seeds.first)
        var result = try Self.result(seed: seed, variant: false)
        var summary = try #require(result.annotations[.summary])
        summary.sentences[0].score = .nan
        result.annotations[.summary] = summary
        #expect(throws: EncodingError.self) { try result.jsonData(pretty: true) }
        do {
            _ = try result.jsonData(pretty: false)
        } catch let EncodingError.invalidValue(_, context) {
            #expect(context.codingPath.map(\.stringValue).prefix(2) == ["annotations", "summary"])
        }
    }

    @Test func writesIntegersAndEmptyContainersAsTheEncoderDoes() throws {
        for pretty in [false, true] {
            var writer = ResultWriter(pretty: pretty)
            writer.beginObject()
            writer.key("empty")
            writer.beginArray()
            writer.endArray()
            writer.key("numbers")
            writer.beginArray()
            for number in [0, 9, 10, -1, -10, Int.max, Int.min] {
                writer.element()
                writer.value(number)
            }
            writer.endArray()
            writer.key("object")
            writer.beginObject()
            writer.endObject()
            writer.endObject()
            struct Sample: Encodable {
                var empty: [Int] = []
                var numbers = [0, 9, 10, -1, -10, Int.max, Int.min]
                var object: [String: Int] = [:]
            }
            #expect(writer.bytes == (try ResultEncoder(pretty: pretty).encode(Sample())))
        }
    }
}
