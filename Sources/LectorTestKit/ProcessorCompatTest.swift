import Configuration
import Foundation
import LectorCore
import Logging

/// A suite every processor runs to show it behaves as the pipeline expects: it copes with empty,
/// whitespace-only, huge and odd text; it is deterministic; its output is only what it declares;
/// every range it reports lies inside the text; and its annotations survive a JSON round trip.
///
/// Use it from a test:
///
/// ```swift
/// @Test func compatibility() async throws {
///     try await ProcessorCompatTest(processor: MyProcessor(), prerequisites: { doc in … }).run()
/// }
/// ```
///
/// `prerequisites` makes the annotations the processor requires (for example by running the
/// `text` processor first); a processor that requires nothing can leave it out.
public struct ProcessorCompatTest: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var check: String
        public var detail: String
        public var description: String { "\(check): \(detail)" }
    }

    public let processor: any Processor
    public let prerequisites: @Sendable (Document) async throws -> Annotations
    /// How long one call may take before the suite calls it hung. A guard against hangs and
    /// runaway (say, quadratic) work, not a speed goal: speed is measured by benchmarks. Generous,
    /// because a debug build on a loaded 2-core machine took over 60 s on the huge text.
    public var timeLimit: Duration = .seconds(300)

    public init(processor: any Processor, prerequisites: @escaping @Sendable (Document) async throws -> Annotations = { _ in Annotations() }) {
        self.processor = processor
        self.prerequisites = prerequisites
    }

    /// Texts that have broken processors before.
    public static let awkwardTexts: [(name: String, text: String)] = [
        ("empty", ""),
        ("whitespace only", " \n\t\n  \n"),
        ("one character", "x"),
        ("one Arabic letter", "ب"),
        ("punctuation only", "۔۔۔ ؟ ... !!! ---"),
        ("digits only", "2024 ۲۰۲۴ ٢٠٢٤"),
        ("no trailing newline", "A sentence without a newline at the end"),
        ("emoji and combining marks", "Ca\u{0300}ch ma\u{0323}ng 👩🏽‍💻 🇻🇳 text."),
        ("control characters", "tab\there\u{000C}form feed\u{0007}bell"),
        ("mixed scripts", "صوبائی پارٹی کمیٹی Dang Van Thanh نے کانفرنس میں تقریر کی۔ Hello world. 你好，世界。"),
        ("very long line", String(repeating: "word ", count: 20_000)),
        ("many short lines", String(repeating: "a.\n", count: 20_000)),
        ("huge", String(repeating: "اجلاس کی صدارت کریں۔ This is a sentence of body text. ", count: 40_000)),
    ]

    public func run() async throws {
        for (name, text) in Self.awkwardTexts {
            let document = Self.document(text)
            let first = try await output(for: document, label: name)
            try checkDeclared(first, label: name)
            try checkRanges(first, document: document, label: name)
            let second = try await output(for: document, label: name)
            for annotation in first.names {
                let a = try first.json(annotation), b = try second.json(annotation)
                guard a == b else {
                    throw Failure(check: "determinism", detail: "'\(annotation)' differs between two runs on the \(name) text")
                }
                // The JSON form must decode back into the same JSON (no NaN, no non-string keys).
                let data = try JSONEncoder().encode(a)
                let decoded = try JSONValue.parse(data)
                guard decoded == a else {
                    throw Failure(check: "JSON round trip", detail: "'\(annotation)' changes when encoded and decoded (\(name) text)")
                }
            }
        }
    }

    /// A document for a text, with the facts the reader would have produced.
    public static func document(_ text: String, name: String = "test.txt") -> Document {
        Document(
            id: String(repeating: "0", count: 64), text: text.precomposedStringWithCanonicalMapping,
            decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: name, size: text.utf8.count, sha256: String(repeating: "0", count: 64), receivedAt: Date(timeIntervalSince1970: 0)))
    }

    private func output(for document: Document, label: String) async throws -> Annotations {
        let context = ProcessorContext(
            logger: Logger(label: "compat", factory: { _ in SwiftLogNoOpLogHandler() }),
            configuration: ConfigReader(provider: InMemoryProvider(values: [:])),
            annotations: try await prerequisites(document),
            deadline: .now + timeLimit)
        let start = ContinuousClock.now
        let output: Annotations
        do {
            output = try await processor.process(document, context: context)
        } catch {
            throw Failure(check: "no throw on valid text", detail: "threw \(error) on the \(label) text")
        }
        if ContinuousClock.now - start > timeLimit {
            throw Failure(check: "time", detail: "took longer than \(timeLimit) on the \(label) text")
        }
        return output
    }

    private func checkDeclared(_ output: Annotations, label: String) throws {
        let provides = Set(processor.descriptor.provides)
        for name in output.names where !provides.contains(name) {
            throw Failure(check: "declared output", detail: "returned '\(name)', not in provides, on the \(label) text")
        }
    }

    /// Every object in the output with integer `start` and `end` must be a valid range of the text.
    private func checkRanges(_ output: Annotations, document: Document, label: String) throws {
        let count = document.scalars.count
        func walk(_ value: JSONValue, path: String) throws {
            switch value {
            case .object(let object):
                if let start = object["start"]?.doubleValue, let end = object["end"]?.doubleValue {
                    guard start >= 0, start <= end, Int(end) <= count else {
                        throw Failure(check: "ranges", detail: "\(path) = [\(start), \(end)) is outside the text of \(count) scalars (\(label) text)")
                    }
                }
                for (key, child) in object { try walk(child, path: "\(path).\(key)") }
            case .array(let array):
                for (index, child) in array.enumerated() { try walk(child, path: "\(path)[\(index)]") }
            default: break
            }
        }
        for name in output.names {
            if let json = try output.json(name) { try walk(json, path: name.rawValue) }
        }
    }
}
