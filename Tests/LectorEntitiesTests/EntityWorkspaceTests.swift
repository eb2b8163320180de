import Foundation
import LectorCore
import LectorTestKit
import LectorText
import Testing

@testable import LectorEntities

/// The processor's buffers pass from article to article (``EntityWorkspace``): what one article
/// leaves in them must never show in the next one's entities.
struct EntityWorkspaceTests {
    static let urdu = """
        صوبائی پارٹی کمیٹی کے ڈپٹی سکریٹری تران دی ڈنگ نے 2024 میں کانفرنس سے خطاب کیا۔
        ماس موبلائزیشن کمیشن نے 15 مارچ کو اجلاس کیا اور کیو منہ نے 1,743 افراد سے خطاب کیا۔
        """

    @Test func anArticlesEntitiesDoNotDependOnTheArticlesBeforeIt() async throws {
        let plain = EntitiesProcessor()
        let first = try entities(in: Self.urdu, language: "ur", processor: plain)
        #expect(!first.isEmpty)
        #expect(!first.contains { $0.canonical == "Mass Mobilization Commission" })

        // Another processor, with a gazetteer of its own (other lexicon ids), on a long English
        // sentence that grows every buffer, and on the same text.
        let folder = try TemporaryFolder()
        let path = try folder.write("names.tsv", text: "ORG\tماس موبلائزیشن کمیشن\tMass Mobilization Commission\n")
        let gazetteer = try EntitiesProcessor(configuration: entitiesConfiguration(["gazetteer": path]))
        let long = Array(repeating: "Barack Obama met officials of Microsoft in London on 5 January 2024,", count: 250)
            .joined(separator: " ")
        #expect(try entities(in: long, language: "en", processor: gazetteer).count >= 4)
        let withNames = try entities(in: Self.urdu, language: "ur", processor: gazetteer)
        #expect(withNames.contains { $0.canonical == "Mass Mobilization Commission" })

        #expect(try entities(in: Self.urdu, language: "ur", processor: plain) == first)
        // Several articles at once, each with a workspace of its own.
        let results = try await withThrowingTaskGroup(of: [Entities.Entity].self) { group in
            for number in 0..<8 {
                group.addTask {
                    number % 2 == 0
                        ? try entities(in: Self.urdu, language: "ur", processor: plain)
                        : try entities(in: long, language: "en", processor: gazetteer)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 == first }.count == 4)
    }

    /// The tagger reads a sentence's runs of Han, kana and Hangul whole, as its training corpora
    /// wrote them, while the rules read one token per ideograph: the tagger's spans and scores in
    /// an English sentence that quotes Chinese are what they were before the rules cut these
    /// scripts, and the gazetteer still finds "日本" inside "日本代表".
    @Test func theTaggerReadsEastAsianRunsWholeAndTheRulesInPieces() throws {
        let text = "Flushing Chinatown ( 法拉盛華埠 ) is in Queens . The 日本代表 team played ."
        var workspace = EntityWorkspace(index: EntityLexicon.shared.index)
        let scalars = Array(text.unicodeScalars)
        func texts(_ sentence: SentenceTokens) -> [String] { (0..<sentence.count).map { sentence.text($0) } }
        workspace.tokens.tokenize(scalars[...], offset: 0)
        let cut = texts(workspace.tokens)
        #expect(cut.contains("法") && cut.contains("埠") && !cut.contains("法拉盛華埠"))
        let swapped = workspace.swapInWholeRuns(scalars[...], offset: 0)
        #expect(swapped)
        let whole = texts(workspace.tokens)
        #expect(whole.contains("法拉盛華埠") && whole.contains("日本代表"))
        workspace.swapBack()
        #expect(texts(workspace.tokens) == cut)

        let found = try entities(in: text, language: "en")
        let place = try #require(found.first { $0.type == .location && $0.text.hasPrefix("Flushing") })
        #expect(place.text == "Flushing Chinatown ( 法拉盛華埠 )")
        #expect(found.contains { $0.text == "日本" && $0.canonical == "Japan" })
    }
}
