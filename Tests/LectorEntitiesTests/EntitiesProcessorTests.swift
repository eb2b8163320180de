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

    /// "of", "the", "and" are function words, but between the capitalized words of a Latin-script
    /// name they are part of it: such names used to be dropped whole.
    @Test func latinNamesKeepTheirConnectors() throws {
        let found = try entities(
            in: "He studied at the University of Oxford and later worked for the Bank of England in London.",
            language: "en")
        #expect(found.contains { $0.type == .organization && $0.text == "University of Oxford" })
        #expect(found.contains { $0.type == .organization && $0.text == "Bank of England" })
        #expect(found.contains { $0.type == .location && $0.text == "London" })
        #expect(!found.contains { $0.text.hasPrefix("the ") || $0.text.hasSuffix(" and") })
    }

    /// "City, State" is one place, and the tagger's longer name wins over the gazetteer's state.
    @Test func aPlaceWithItsRegionIsOnePlace() throws {
        let found = try entities(
            in: "The company moved from Jacksonville, Florida to Savannah, Georgia last year.", language: "en")
        let places = found.filter { $0.type == .location }.map(\.text)
        #expect(places == ["Jacksonville, Florida", "Savannah, Georgia"])
    }

    /// A Latin-script language without a model of its own is tagged by the English model, which
    /// does not know its function words: its names are cut to their capitalized words, and a
    /// "name" that runs on through lower-case words is dropped.
    @Test func aLanguageWithoutAModelGetsOnlyCapitalizedNames() throws {
        for (text, language) in [
            ("Le président Emmanuel Macron a rencontré mardi à Paris le chancelier allemand Olaf Scholz.", "fr"),
            ("Le ministre François Bayrou a déclaré à Orléans que la réforme était nécessaire.", "fr"),
            ("El presidente Pedro Sánchez viajó a Buenos Aires el lunes con la ministra de Economía.", "es"),
        ] {
            let names = try entities(in: text, language: language).filter {
                [.person, .organization, .location].contains($0.type)
            }
            for name in names {
                let words = name.text.split(separator: " ")
                #expect(
                    words.allSatisfy { $0.first!.isUppercase || ["de", "la", "of", "von"].contains(String($0)) },
                    "\(name.text) in \(text)")
            }
        }
        let french = try entities(
            in: "Le président Emmanuel Macron a rencontré mardi à Paris le chancelier allemand Olaf Scholz.",
            language: "fr")
        #expect(french.contains { $0.type == .person && $0.text == "Olaf Scholz" })
    }

    /// The filter itself, on spans as the tagger might give them.
    @Test func strictLatinSpansAreCutToTheirCapitalizedWords() {
        let lexicon = EntityLexicon.shared
        let sentence = SentenceTokens(
            words: ["Le", "président", "Emmanuel", "Macron", "a", "rencontré", "Olaf", "Scholz", "à", "Paris"],
            index: lexicon.index)
        func span(_ first: Int, _ last: Int) -> EntitiesProcessor.Span {
            let tokens = sentence.tokens
            return EntitiesProcessor.Span(
                match: EntityMatch(start: tokens[first].start, end: tokens[last].end, type: .person, score: 0.9, priority: 4),
                first: first, last: last)
        }
        let strict = EntitiesProcessor.Plausibility(lexicon.index, language: "fr", strictLatin: true)
        let cut = strict.adjust(span(0, 3), in: sentence)
        #expect(cut?.first == 2 && cut?.last == 3)
        #expect(cut?.match.start == sentence.tokens[2].start && cut?.match.end == sentence.tokens[3].end)
        #expect(strict.adjust(span(2, 7), in: sentence) == nil, "a lower-case word inside: not a name")
        #expect(strict.adjust(span(0, 1), in: sentence) == nil, "nothing capitalized is left")
        // A language's own model is trusted with lower-case words inside its spans; only leading
        // articles and lower-case words go.
        let own = EntitiesProcessor.Plausibility(lexicon.index, language: "fr", strictLatin: false)
        #expect(own.adjust(span(2, 7), in: sentence)?.first == 2)
        #expect(own.adjust(span(0, 3), in: sentence)?.first == 2)
    }

    /// CLDR's data names China "China mainland" in most languages; news says China.
    @Test func chinaIsAPlaceInEveryLanguage() throws {
        for (text, language, name) in [
            ("The president visited China, Taiwan and Hong Kong last week.", "en", "China"),
            ("زار الرئيس الصين الأسبوع الماضي.", "ar", "الصين"),
            ("Le ministre s'est rendu en Chine la semaine dernière.", "fr", "Chine"),
            ("صدر نے پچھلے ہفتے چین کا دورہ کیا۔", "ur", "چین"),
        ] {
            let found = try entities(in: text, language: language)
            #expect(
                found.contains { $0.type == .location && $0.text == name && $0.canonical == "China" },
                "\(text): \(found.map(\.text))")
            #expect(!found.contains { $0.text.contains("visited") })
        }
    }

    /// Gazetteers are looked up without case, but a Latin-script name is written with capitals:
    /// the French CLDR name of Réunion is not "la réunion" ("the meeting").
    @Test func aLatinGazetteerNameMustBeCapitalized() throws {
        let meeting = try entities(in: "La réunion a duré trois heures.", language: "fr")
        #expect(!meeting.contains { $0.type == .location })
        let island = try entities(in: "Il est né à La Réunion en 1990.", language: "fr")
        #expect(island.contains { $0.type == .location && $0.text == "La Réunion" })
        // A user's name written with a capital inside ("eBay") is still found as written.
        let folder = try TemporaryFolder()
        let path = try folder.write("names.tsv", text: "ORG\teBay\n")
        let processor = try EntitiesProcessor(configuration: entitiesConfiguration(["gazetteer": path]))
        #expect(try entities(in: "Shares of eBay rose.", language: "en", processor: processor).contains {
            $0.type == .organization && $0.text == "eBay"
        })
        #expect(!(try entities(in: "Shares of ebay rose.", language: "en", processor: processor).contains {
            $0.type == .organization
        }))
    }

    /// The tagger's name holding a rule's name of another type wins only over a place: "John Smith
    /// of Acme Corp" stays an organisation, not a person.
    @Test func aLongerTaggedNameWinsOnlyOverAPlaceOrItsOwnType() throws {
        let found = try entities(in: "John Smith of Acme Corp said on Monday in London that profits rose.", language: "en")
        #expect(found.contains { $0.type == .organization && $0.text == "Acme Corp" })
        #expect(!found.contains { $0.text.contains("John Smith of") })
    }
}
