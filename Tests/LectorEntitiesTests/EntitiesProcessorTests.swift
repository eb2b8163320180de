import Foundation
import LectorCore
import LectorTestKit
import LectorText
import Logging
import Testing

@testable import LectorEntities

struct EntitiesProcessorTests {
    @Test func passesTheProcessorCompatibilitySuite() async throws {
        try await ProcessorCompatTest(processor: EntitiesProcessor()) { document in
            try await TextProcessor().process(
                document,
                context: ProcessorContext(
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                    configuration: entitiesConfiguration([:]), annotations: Annotations(), deadline: .now + .seconds(60)
                ))
        }.run()
    }

    @Test func describesItself() {
        let descriptor = EntitiesProcessor.descriptor
        #expect(descriptor.id == "entities" && descriptor.provides == ["entities"])
        #expect(descriptor.requires == ["segments", "language"])
        #expect(Set(descriptor.options.map(\.key)).count == EntitiesOptions.options.count)
    }

    @Test func shipsAModelPerLanguage() {
        #expect(Set(TaggerModels.all.keys) == ["ar", "en", "fa", "ur"])
        // A model that does not load says why (the daemon logs it once), instead of vanishing.
        for language in TaggerModels.languages {
            #expect(TaggerModels.failure(language) == nil, "\(language): \(TaggerModels.failure(language) ?? "")")
        }
        #expect(TaggerModels.failure("vi") == nil, "no model ships for Vietnamese: nothing failed")
    }

    @Test func mentionsAreGroupedAndBoilerplateIsMarked() throws {
        let text = """
            صوبائی پارٹی کمیٹی کے ڈپٹی سکریٹری تران دی ڈنگ نے 2024 میں کانفرنس سے خطاب کیا۔
            سٹینڈنگ ڈپٹی سیکرٹری تران دی ڈنگ نے ویتنام کے 2024 کے منصوبوں پر بات کی۔
            ماخذ: https://example.vn/news/2024/article.html
            """
        let found = try entities(in: text, language: "ur")
        let person = try #require(found.first { $0.type == .person && $0.text == "تران دی ڈنگ" })
        #expect(person.count == 2 && person.bodyCount == 2)
        let year = try #require(found.first { $0.type == .date && $0.value == "2024" })
        #expect(year.count == 2)
        let url = try #require(found.first { $0.type == .url })
        #expect(url.bodyCount == 0 && url.mentions.allSatisfy(\.isBoilerplate))
        let country = try #require(found.first { $0.type == .location && $0.text == "ویتنام" })
        #expect(country.canonical == "Vietnam")
        let document = ProcessorCompatTest.document(text)
        for entity in found {
            for mention in entity.mentions {
                #expect(document.text(in: mention.range) == entity.text || entity.type == .date || entity.count > 1)
            }
        }
    }

    @Test func theTaggerFindsNamesInOrdinaryNews() throws {
        let english = try entities(
            in: "Barack Obama visited London on Monday and met officials of Microsoft and the United Nations.",
            language: "en")
        #expect(english.contains { $0.type == .person && $0.text == "Barack Obama" })
        #expect(english.contains { $0.type == .location && $0.text == "London" })
        #expect(!english.contains { $0.text == "Monday" || ($0.type == .location && $0.text == "United Nations") })
        let arabic = try entities(
            in: "التقى الرئيس عبد الفتاح السيسي وزير الخارجية في القاهرة يوم الاثنين.", language: "ar")
        #expect(arabic.contains { $0.type == .location && $0.text == "القاهرة" })
        #expect(arabic.contains { $0.type == .person && $0.text.contains("السيسي") })
    }

    @Test func aUserGazetteerAddsNamesWithCanonicalForms() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "names.tsv",
            text:
                "# people we follow\nORG\tماس موبلائزیشن کمیشن\tMass Mobilization Commission\nPERSON\tکیو منہ\tKieu Minh\n"
        )
        let processor = try EntitiesProcessor(
            configuration: entitiesConfiguration(["gazetteer": path, "tagger": "false"]))
        let found = try entities(
            in: "ماس موبلائزیشن کمیشن نے اجلاس کیا اور کیو منہ نے خطاب کیا۔", language: "ur", processor: processor)
        #expect(found.contains { $0.type == .organization && $0.canonical == "Mass Mobilization Commission" })
        #expect(found.contains { $0.type == .person && $0.canonical == "Kieu Minh" })
    }

    @Test func aBadGazetteerIsAConfigurationErrorNamingTheKey() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("names.tsv", text: "SHIP\tQueen Mary\n")
        #expect(
            throws: ProcessorError.invalidConfiguration(
                key: "gazetteer",
                message:
                    "\(path): unsupported input: gazetteer line 1: expected 'PERSON|ORG|LOCATION<TAB>name[<TAB>canonical]'"
            )
        ) {
            try EntitiesProcessor(configuration: entitiesConfiguration(["gazetteer": path]))
        }
        #expect(throws: ProcessorError.self) {
            try EntitiesProcessor(configuration: entitiesConfiguration(["gazetteer": folder.path + "/missing.tsv"]))
        }
        #expect(throws: ProcessorError.self) {
            try EntitiesProcessor(configuration: entitiesConfiguration(["min_score": "2"]))
        }
    }

    /// A mention's key is written straight from the document's scalars: it must be its tokens'
    /// normalized strings (``TokenNormalizer/normalize(_:)``) joined by spaces, as it was made before.
    @Test func aKeyIsTheNormalizedTokensJoinedBySpaces() {
        let processor = EntitiesProcessor()
        for text in [
            "الإقليميّة   وبالمدينة، ـ‌ ۲۰۲۴", "Ȼafé ÀNGSTRÖM Ⱥb İstanbul ẞ", "ڈپٹی سیکرٹری تران دی ڈنگ",
            "\u{064B}\u{0640} x", "", "   ", "a\u{200C}b 1,743 O'Brien",
        ] {
            let document = ProcessorCompatTest.document(text)
            let match = EntityMatch(start: 0, end: document.scalars.count, type: .person, score: 1, priority: 2)
            let expected = EntityToken.tokenize(document.scalars).map { TokenNormalizer.normalize($0.text) }
                .reduce(into: "") { key, token in key += (key.isEmpty ? "" : " ") + token }
            #expect(Array(processor.normalizedText(match, document).utf8) == Array(expected.utf8), "\(text)")
        }
    }

    @Test func quantitiesCanBeTurnedOffButDatesStay() throws {
        let processor = try EntitiesProcessor(configuration: entitiesConfiguration(["quantities": "false"]))
        let found = try entities(in: "في عام 2023 بنت المقاطعة 1743 نموذجًا.", language: "ar", processor: processor)
        #expect(found.contains { $0.type == .date && $0.value == "2023" })
        #expect(!found.contains { $0.type == .number })
    }
}
