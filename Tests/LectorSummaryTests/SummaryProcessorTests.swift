import Configuration
import Foundation
import LectorCore
import LectorTestKit
import LectorText
import Logging
import Testing

@testable import LectorSummary

struct SummaryProcessorTests {
    private func summarize(_ document: Document, _ values: [String: String] = [:]) throws -> (Summary, Segmentation) {
        let segments = try TextProcessor().segment(document)
        let processor = try SummaryProcessor(configuration: summaryConfiguration(values))
        return (try processor.summarize(document, segments: segments), segments)
    }

    @Test func passesTheProcessorCompatibilitySuite() async throws {
        try await ProcessorCompatTest(processor: SummaryProcessor()) { document in
            try await TextProcessor().process(document, context: ProcessorContext(
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                configuration: summaryConfiguration([:]), annotations: Annotations(), deadline: .now + .seconds(60)))
        }.run()
    }

    @Test func describesItself() {
        let descriptor = SummaryProcessor().descriptor
        #expect(descriptor.id == "summary" && descriptor.version == "1.2.0")
        #expect(descriptor.provides == ["summary"] && descriptor.requires == ["segments"])
        #expect(Set(descriptor.options.map(\.key)).count == SummaryOptions.options.count)
    }

    @Test(arguments: SeedArticles.files)
    func seedSummaryHoldsTheJudgedSentencesAndNoBoilerplate(file: String) throws {
        let document = try SeedArticles.document(file)
        let (summary, segments) = try summarize(document)
        let expected = try SeedArticles.expected().filter { $0.file == file }
        #expect(!expected.isEmpty)
        #expect(summary.sentences.count == 3)

        // Where each chosen sentence is: its line, and its position among that line's sentences.
        let lines = document.scalars.indices.filter { document.scalars[$0] == "\n" }
        func place(_ sentence: Summary.Sentence) -> (line: Int, index: Int) {
            let line = lines.filter { $0 < sentence.range.start }.count + 1
            let index = segments.sentences[..<sentence.sentence].filter { $0.paragraph == sentence.paragraph }.count + 1
            return (line, index)
        }
        let chosen = summary.sentences.map { sentence -> SeedArticles.Expected? in
            let (line, index) = place(sentence)
            return expected.first { $0.line == line && $0.sentenceInLine == index }
        }
        for (sentence, match) in zip(summary.sentences, chosen) {
            let text = document.text(in: sentence.range)
            #expect(match != nil, "not judged acceptable: \(text.prefix(60))")
            if let match { #expect(text.hasPrefix(match.prefix), "line \(match.line) starts differently: \(text.prefix(60))") }
            #expect(!segments.sentences[sentence.sentence].isBoilerplate)
        }
        for required in expected where required.isRequired {
            #expect(chosen.contains(required), "missing the required sentence at line \(required.line): \(required.prefix)")
        }
        #expect(summary.text == summary.sentences.map { document.text(in: $0.range) }.joined(separator: " "))
        #expect(summary.sentences.map(\.range) == summary.sentences.map(\.range).sorted())
    }

    /// A title picked as the headline ends its own line in the summary's text: it has no final
    /// punctuation, and run into the next sentence it would read as one broken sentence.
    @Test func theTitleEndsItsLineInTheSummaryText() throws {
        let text = """
            Floods hit the coast

            Heavy rain flooded the lower town on Tuesday night, and firefighters pumped water from cellars.

            The weather service expects more rain on the coast at the weekend, and the river is still rising.
            """
        let document = makeDocument(text)
        let (summary, segments) = try summarize(document, ["sentences": "3"])
        let title = try #require(segments.title)
        #expect(summary.sentences.first?.range == title)
        #expect(summary.text.hasPrefix("Floods hit the coast\nHeavy rain flooded the lower town"), "\(summary.text)")
        #expect(summary.text.components(separatedBy: "\n").count == 2, "only the title ends a line: \(summary.text)")
    }

    @Test func neverChoosesBylinesSourcesCaptionsCountersOrURLs() throws {
        let text = """
            The city council approved the new harbour budget on Monday after a long debate.
            JOHN SMITH
            Photo: Reuters
            Read more at https://example.com/harbour-budget-approved-by-the-city-council today.
            The harbour budget funds dredging, new cranes and a ferry terminal for the city.
            Comments (12)
            Council members said the harbour budget would create jobs in the city next year.
            Source: City Gazette
            """
        let document = makeDocument(text)
        let (summary, segments) = try summarize(document, ["sentences": "10"])
        let chosen = summary.sentences.map { document.text(in: $0.range) }
        #expect(chosen.count == 3)
        #expect(chosen.allSatisfy { !$0.contains("http") && !$0.contains("Comments") && !$0.contains("Source") })
        #expect(summary.sentences.allSatisfy { segments.paragraphs[$0.paragraph].kind == .body })
        #expect(summary.candidates == 3)
    }

    @Test(arguments: [("1", 1), ("2", 2), ("5", 5), ("100", 9)])
    func respectsTheSentenceBudget(budget: String, count: Int) throws {
        // Seed 003 has nine eligible sentences, so a budget of 100 gives all nine.
        let document = try SeedArticles.document(SeedArticles.files[3])
        let (summary, _) = try summarize(document, ["sentences": budget])
        #expect(summary.candidates == 9)
        #expect(summary.sentences.count == count)
    }

    @Test func respectsTheWordAndRatioBudgets() throws {
        let document = try SeedArticles.document(SeedArticles.files[1])
        let (byWords, _) = try summarize(document, ["sentences": "10", "max_words": "80"])
        #expect(byWords.wordCount <= 80 && !byWords.sentences.isEmpty)
        let (byRatio, _) = try summarize(document, ["sentences": "100", "ratio": "0.1"])
        #expect(byRatio.sentences.count == Int((0.1 * Double(byRatio.candidates)).rounded()))
        // A word limit smaller than any sentence still gives one sentence.
        let (tiny, _) = try summarize(document, ["max_words": "1"])
        #expect(tiny.sentences.count == 1)
    }

    @Test func leavesOutARepeatedSentence() throws {
        let repeated = "Floods closed the northern highway and forced thousands of families from their homes."
        let text = """
            \(repeated)
            \(repeated)
            Rescue teams reached the flooded villages by boat on Tuesday morning with food and water.
            Officials expect the river to fall by the weekend if the rain stops as forecast.
            """
        let document = makeDocument(text)
        let (summary, _) = try summarize(document, ["sentences": "2"])
        let chosen = summary.sentences.map { document.text(in: $0.range) }
        #expect(chosen.count == 2)
        #expect(chosen.filter { $0 == repeated }.count == 1)
    }

    @Test func prefersTheOpeningOfANewsArticle() throws {
        let text = """
            An earthquake of magnitude 6.1 struck the coastal province early on Sunday, damaging hundreds of houses.
            Residents ran into the streets as the shaking lasted nearly a minute.
            The weather service said the sea would stay calm and no tsunami was expected.
            Schools in the province will stay closed on Monday while engineers inspect the buildings.
            """
        let (summary, _) = try summarize(makeDocument(text), ["sentences": "1"])
        #expect(summary.sentences.map(\.sentence) == [0])
        #expect(summary.sentences.first?.score == 1)
    }

    /// A body of six sentences about a harbour budget, after a first line under test.
    private static let harbourBody = """
        The city council approved the new harbour budget on Monday after a long and heated debate.
        The harbour budget funds dredging, new cranes and a ferry terminal for the growing city.
        Council members said the harbour budget would create hundreds of jobs in the city next year.
        Opponents of the budget argued that the ferry terminal would cost far more than planned.
        The mayor promised that the council would publish every harbour contract on its website.
        Work on the dredging is expected to start in the spring if the weather allows it.
        """

    @Test(arguments: [
        "Harbour, 3 June 2024",  // a dateline: half of its terms are numbers
        "Watch our short video report below.",  // a teaser: no content term shared with the article
        "\u{201C}We will not accept a budget that forgets the ferry users,\u{201D} a resident said.",  // a quotation
        "\"The harbour budget is a disaster for the city,\" said one council member on Monday.",
    ])
    func skipsAWeakLead(opening: String) throws {
        let document = makeDocument(opening + "\n" + Self.harbourBody)
        let (summary, segments) = try summarize(document, ["sentences": "1", "min_words": "3"])
        #expect(summary.candidates == 7)
        let first = try #require(summary.sentences.first)
        #expect(document.text(in: first.range).hasPrefix("The city council approved"))
        #expect(segments.sentences[first.sentence].paragraph == segments.sentences[0].paragraph + 1)
    }

    @Test(arguments: [
        // Short, and scaled down by the length factor, but about the article's harbour and council.
        ("Storm damage closed the harbour and the council on Sunday.", true),
        // Numbers, but a whole sentence rather than a dateline.
        ("Harbour workers walked out on 3 June 2024 over the plan to cut 120 jobs by 2025.", false),
    ])
    func keepsALeadThatCarriesTheNews(opening: String, isShort: Bool) throws {
        let document = makeDocument(opening + "\n" + Self.harbourBody)
        let (summary, _) = try summarize(document, ["sentences": "1", "min_words": "3"])
        let first = try #require(summary.sentences.first)
        #expect(first.sentence == 0)
        #expect(document.text(in: first.range) == opening)
        if isShort {
            // Without the lead rule, the graph scores alone pick a longer, more central sentence.
            let (scored, _) = try summarize(
                document, ["sentences": "1", "min_words": "3", "lead_first": "false", "scorer": "graph"])
            #expect(scored.sentences.first?.sentence != 0)
        }
    }

    /// A harbour story whose mayor is named only in its fourth and last sentences.
    private static let mayor = """
        The city council approved the new harbour budget on Monday after a long and heated debate.
        The harbour budget pays for dredging, two new cranes and a ferry terminal on the north quay.
        Council members said the harbour budget would create two hundred jobs in the city next year.
        Mayor Anna Berg said that the ferry terminal on the north quay would open next spring.
        The port authority will hire forty workers to run the cranes and the new ferry terminal.
        Anna Berg thanked the council members for backing the harbour plan after the vote.
        """

    /// `PERSON` entities with a mention at each occurrence of their names in `document`.
    private func people(_ names: [String], in document: Document) -> Entities {
        let scalars = document.scalars
        return Entities(model: "en", items: names.map { name in
            let pattern = Array(name.unicodeScalars)
            let starts = scalars.indices.filter { start in
                start + pattern.count <= scalars.count && Array(scalars[start..<start + pattern.count]) == pattern
            }
            let mentions = starts.map {
                Entities.Mention(range: TextRange(start: $0, end: $0 + pattern.count), isBoilerplate: false)
            }
            return Entities.Entity(type: .person, text: name, score: 0.9, mentions: mentions)
        })
    }

    @Test func aThirdPickThatNamesNobodyGivesWayToTheMainPerson() throws {
        let document = makeDocument(Self.mayor)
        let segments = try TextProcessor().segment(document)
        func summary(_ values: [String: String] = [:], entities: Entities?) throws -> [String] {
            let processor = try SummaryProcessor(configuration: summaryConfiguration(values))
            return try processor.summarize(document, segments: segments, entities: entities).sentences.map {
                document.text(in: $0.range)
            }
        }
        let plain = try summary(entities: nil)
        #expect(plain.count == 3 && !plain.contains { $0.contains("Anna Berg") })
        let named = try summary(entities: people(["Anna Berg"], in: document))
        #expect(named.count == 3)
        #expect(named.filter { $0.contains("Anna Berg") }.count == 1)
        #expect(Set(named).intersection(plain).count == 2 && named.first == plain.first)
        // Off, with room for two sentences only, or with a name met in one sentence only: unchanged.
        #expect(try summary(["main_person": "false"], entities: people(["Anna Berg"], in: document)) == plain)
        let two = try summary(["sentences": "2"], entities: nil)
        #expect(try summary(["sentences": "2"], entities: people(["Anna Berg"], in: document)) == two)
        #expect(try summary(entities: people(["Mayor Anna Berg"], in: document)) == plain)
        // When the pick that would give way names someone else, it stays.
        let others = plain.dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(try summary(entities: people(["Anna Berg"] + others, in: document)) == plain)
    }

    @Test func trimCutsAnOverlongFirstSentenceAtAClauseBoundaryBeforeTheWordLimit() throws {
        let lead = """
            أعلنت الشركة التونسية للكهرباء والغاز، يوم الأحد، عن انقطاع التيار الكهربائي في مناطق من ولاية سوسة \
            بسبب أشغال صيانة الخطوط.
            """
        let text = """
            \(lead)
            وقالت الشركة إن أشغال الصيانة ستتواصل في مناطق سوسة إلى غاية الساعة الثانية بعد الزوال.
            ودعت الشركة سكان ولاية سوسة إلى الاتصال بمصالحها عند انقطاع التيار الكهربائي.
            """
        let document = makeDocument(text)
        // Words 5 and 7 end before an Arabic comma; with a limit of 9, the cut follows word 7.
        let (trimmed, _) = try summarize(document, ["sentences": "1", "max_words": "9", "trim": "true"])
        let sentence = try #require(trimmed.sentences.first)
        #expect(trimmed.sentences.count == 1)
        #expect(sentence.range.start == 0 && sentence.sentence == 0)
        #expect(document.text(in: sentence.range) == "أعلنت الشركة التونسية للكهرباء والغاز، يوم الأحد")
        #expect(sentence.range.end == "أعلنت الشركة التونسية للكهرباء والغاز، يوم الأحد".unicodeScalars.count)
        #expect(sentence.trimmed == true && sentence.wordCount == 7 && trimmed.wordCount == 7)
        #expect(trimmed.text == "أعلنت الشركة التونسية للكهرباء والغاز، يوم الأحد")

        // Without trim the word limit keeps the first sentence whole, as before.
        let (whole, _) = try summarize(document, ["sentences": "1", "max_words": "9"])
        #expect(whole.sentences.count == 1 && whole.sentences[0].trimmed == nil)
        #expect(document.text(in: whole.sentences[0].range) == lead)
        // A first sentence within the limit is not cut; neither is anything without a limit.
        let (fits, _) = try summarize(document, ["sentences": "1", "max_words": "40", "trim": "true"])
        #expect(fits.sentences.map(\.range) == whole.sentences.map(\.range) && fits.sentences[0].trimmed == nil)
        let (unlimited, _) = try summarize(document, ["sentences": "1", "trim": "true"])
        #expect(unlimited.sentences.map(\.range) == whole.sentences.map(\.range))
    }

    @Test func trimLeavesASummaryOfSeveralSentencesAlone() throws {
        // Seed 000 with room for its lead and more: only a lone over-long first sentence is cut.
        let document = try SeedArticles.document(SeedArticles.files[0])
        let (plain, _) = try summarize(document, ["max_words": "200"])
        let (trimmed, _) = try summarize(document, ["max_words": "200", "trim": "true"])
        #expect(plain.sentences.count > 1 && trimmed == plain)
        // A limit below the lead's length cuts it to a prefix of the same sentence.
        let (short, segments) = try summarize(document, ["max_words": "12", "trim": "true"])
        let sentence = try #require(short.sentences.first)
        let source = segments.sentences[sentence.sentence].range
        #expect(short.sentences.count == 1 && sentence.trimmed == true)
        #expect(sentence.range.start == source.start && sentence.range.end < source.end)
        #expect(document.text(in: source).hasPrefix(document.text(in: sentence.range)))
        #expect((9...12).contains(sentence.wordCount))
    }

    @Test func isDeterministic() throws {
        let document = try SeedArticles.document(SeedArticles.files[4])
        #expect(try summarize(document).0 == summarize(document).0)
    }
}

struct SummarySchemaTests {
    @Test(arguments: SeedArticles.files)
    func seedSummaryMatchesTheResultSchema(file: String) throws {
        let schemaPath = SeedArticles.root.appendingPathComponent("docs/result.schema.json").path
        let schema = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: schemaPath)))
        let defs = try #require(schema["$defs"])
        #expect(defs["summary"] != nil)
        #expect(schema.at("properties.annotations.properties.summary") == .object(["$ref": .string("#/$defs/summary")]))
        let validator = try JSONSchemaValidator(schema: .object(["$ref": .string("#/$defs/summary"), "$defs": defs]))

        let document = try SeedArticles.document(file)
        let summary = try SummaryProcessor().summarize(document, segments: TextProcessor().segment(document))
        let json = try JSONValue(encoding: summary)
        #expect(validator.validate(json) == [])
        // The schema is strict: an unknown field is rejected.
        guard case .object(var object) = json else { Issue.record("not an object"); return }
        object["extra"] = .bool(true)
        #expect(!validator.validate(.object(object)).isEmpty)
        // A first sentence cut to the word limit carries `trimmed`, which the schema knows.
        var options = SummaryOptions()
        (options.maxWords, options.trim) = (10, true)
        let segments = try TextProcessor().segment(document)
        let short = try SummaryProcessor(options: options).summarize(document, segments: segments)
        #expect(short.sentences.first?.trimmed == true)
        #expect(validator.validate(try JSONValue(encoding: short)) == [])
    }
}
