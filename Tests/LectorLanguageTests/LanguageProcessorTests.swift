import Configuration
import Foundation
import LectorCore
import LectorTestKit
import Logging
import Testing

@testable import LectorLanguage

struct LanguageProcessorTests {
    static let processor = LanguageProcessor(detector: LanguageDetectorTests.detector)

    private func context(for document: Document, segments: Segmentation? = nil) -> ProcessorContext {
        var annotations = Annotations()
        annotations[.segments] = segments ?? SeedArticles.segmentation(of: document)
        return ProcessorContext(
            logger: Logger(label: "test"), configuration: ConfigReader(provider: InMemoryProvider(values: [:])),
            annotations: annotations, deadline: .now + .seconds(60))
    }

    private func identify(_ document: Document, segments: Segmentation? = nil) async throws -> LanguageIdentification {
        let output = try await Self.processor.process(document, context: context(for: document, segments: segments))
        return try #require(output[.language])
    }

    /// The scalar range of the first occurrence of `needle` in the document.
    private func range(of needle: String, in document: Document) throws -> TextRange {
        let target = Array(needle.unicodeScalars)
        let scalars = document.scalars
        let start = try #require(
            (0...(scalars.count - target.count)).first { Array(scalars[$0..<($0 + target.count)]) == target })
        return TextRange(start: start, end: start + target.count)
    }

    @Test("The descriptor names the annotation, its requirement and every option")
    func descriptor() {
        let descriptor = Self.processor.descriptor
        #expect(descriptor.id == "language")
        #expect(descriptor.provides == ["language"])
        #expect(descriptor.requires == ["segments"])
        #expect(Set(descriptor.options.map(\.key)) == [
            "min_letters", "long_text_letters", "min_confidence", "max_alternatives", "min_span_letters",
            "min_span_confidence", "model",
        ])
    }

    @Test("Latin-script names and the English phrase in seed 001 are spans at their exact offsets", arguments: [
        "Ky Anh", "Dang Van Thanh", "Effective Mass Mobilization",
    ])
    func latinSpansInUrdu(needle: String) async throws {
        let document = try SeedArticles.document("001_689a427d6b337e1c.txt")
        let result = try await identify(document)
        #expect(result.language == "ur")
        let expected = try range(of: needle, in: document)
        let span = try #require(result.spans.first { $0.range == expected }, "no span at \(expected) in \(result.spans)")
        #expect(document.text(in: span.range) == needle)
        #expect(span.script == "Latn")
    }

    @Test("The English phrase is identified as English")
    func englishPhrase() async throws {
        let document = try SeedArticles.document("001_689a427d6b337e1c.txt")
        let result = try await identify(document)
        let expected = try range(of: "Effective Mass Mobilization", in: document)
        let span = try #require(result.spans.first { $0.range == expected })
        #expect(span.language == "en")
    }

    @Test("Boilerplate lines do not vote and give no spans")
    func boilerplateIgnored() async throws {
        // Seed 000's source line has "LAN NGUYEN" and a URL; it is boilerplate.
        let document = try SeedArticles.document("000_d6359ddc57249c7f.txt")
        let result = try await identify(document)
        #expect(result.language == "ur")
        let byline = try range(of: "LAN NGUYEN", in: document)
        #expect(!result.spans.contains { $0.range.overlaps(byline) })

        // A short Urdu body line outvoted by long English boilerplate lines when they vote.
        let text = """
            Source: Reuters news agency, all rights reserved, reproduction without permission is prohibited.
            Comments are closed for this article; please read our community guidelines and terms of service.
            صوبائی پارٹی کمیٹی نے کانفرنس کا اہتمام کیا اور عوام سے ملاقات کی۔
            """
        let mixed = SeedArticles.document(text: text)
        let segments = SeedArticles.segmentation(of: mixed) { $0.hasPrefix("Source") || $0.hasPrefix("Comments") }
        #expect(try await identify(mixed, segments: segments).language == "ur")
        let allBody = SeedArticles.segmentation(of: mixed) { _ in false }
        #expect(try await identify(mixed, segments: allBody).language == "en")
    }

    @Test("Body text keeps the document's offsets when boilerplate is blanked")
    func bodyTextOffsets() throws {
        let document = try SeedArticles.document("000_d6359ddc57249c7f.txt")
        let body = LanguageProcessor.bodyText(of: document, segments: SeedArticles.segmentation(of: document))
        #expect(body.unicodeScalars.count == document.scalars.count)
        #expect(!body.contains("LAN NGUYEN"))
        #expect(body.unicodeScalars.filter { $0 == "\n" }.count == document.scalars.filter { $0 == "\n" }.count)
    }

    /// The processor hands the detector the body's scalars and their UTF-8 without building a
    /// string: the answer must be the one for the body text as a string, spans included.
    @Test("The body's scalars give the body text's answer", arguments: SeedArticles.mainLanguages)
    func bodyScalarsMatchBodyText(seed: (file: String, language: String)) async throws {
        let document = try SeedArticles.document(seed.file)
        let segments = SeedArticles.segmentation(of: document)
        let body = LanguageProcessor.bodyText(of: document, segments: segments)
        let expected = LanguageDetectorTests.detector.identify(body)
        #expect(try await identify(document, segments: segments) == expected)
        #expect(expected.language == seed.language)
    }

    @Test("Configuration is read and bad values are refused")
    func configuration() throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: ["long_text_letters": 200, "max_alternatives": 1]))
        let processor = try LanguageProcessor(configuration: reader)
        #expect(processor.detector.options.longTextLetters == 200)
        #expect(processor.detector.options.maxAlternatives == 1)
        let bad = ConfigReader(provider: InMemoryProvider(values: ["min_confidence": "high"]))
        #expect(throws: ProcessorError.self) { try LanguageProcessor(configuration: bad) }
        let missing = ConfigReader(provider: InMemoryProvider(values: ["model": "/nonexistent/model.tsv"]))
        #expect(throws: ProcessorError.self) { try LanguageProcessor(configuration: missing) }
    }

    @Test("The processor passes the compatibility suite")
    func compatibility() async throws {
        try await ProcessorCompatTest(processor: Self.processor) { document in
            var annotations = Annotations()
            annotations[.segments] = SeedArticles.segmentation(of: document) { _ in false }
            return annotations
        }.run()
    }
}
