import Foundation
import LectorCore
import LectorTestKit
import Testing

/// The `language` processor as a user meets it: `lector process` on article files, reading the
/// `language` annotation of each result. The texts were written for these tests.
struct LanguageProcessCommandTests {
    private func languageAnnotations(_ texts: [String]) throws -> [JSONValue] {
        let folder = try TemporaryFolder()
        let paths = try texts.enumerated().map { try folder.write("article-\($0.offset).txt", text: $0.element + "\n") }
        let run = try LectorBinary.run(
            ["process", "--config", LectorBinary.defaultConfig, "--set", "pipeline.processors=text,language"] + paths)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let results = try run.stdoutText.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        try #require(results.count == texts.count)
        return try results.map { try #require($0.at("annotations.language")) }
    }

    /// Norwegian Bokmål that CLD2 takes for Nynorsk as a whole, in one chunk; the close-group rule
    /// decides Bokmål. That chunk, labelled Nynorsk, used to come out as a Nynorsk span over the
    /// whole text.
    @Test func spansNeverNameTheLanguageTheCloseGroupRuleOverruled() throws {
        let bokmal = [
            "Vi har mange gode venner i byen, og vi møtes ofte til middag på fredager etter jobb.",
            "Vi har mange gode venner i byen, og vi møtes ofte til middag på fredager etter jobb. Vi har også en "
                + "hytte på fjellet, og der er vi hver påske.",
        ]
        for annotation in try languageAnnotations(bokmal) {
            #expect(annotation["language"] == .string("nb"))
            #expect(annotation["method"] == .string("cld2+short-text-model"))
            let spans: [JSONValue] = annotation["spans"]?.arrayValue ?? []
            #expect(spans.isEmpty, "\(annotation)")
        }
    }

    /// Latin-script Croatian, Serbian and Bosnian that CLD2 alone answers Bosnian for.
    @Test func croatianSerbianAndBosnianAreSettledBySpelling() throws {
        let texts = [
            // Croatian (nitko).
            "Nitko ne smije ulaziti u tuđi stan bez dopuštenja vlasnika, osim kada to sud izričito odobri u "
                + "skladu sa zakonom.",
            // Serbian as written in Serbia: ekavian "obezbedi".
            "Svako ko je optužen ima pravo na odbranu, a sud je dužan da obezbedi branioca onima koji ne mogu "
                + "da ga plate.",
            // The same in ijekavian: Bosnian stays Bosnian.
            "Svako ko je optužen ima pravo na odbranu, a sud je dužan da obezbijedi branioca onima koji ne mogu "
                + "da ga plate.",
        ]
        let annotations = try languageAnnotations(texts)
        #expect(annotations.map { $0["language"] } == [.string("hr"), .string("sr"), .string("bs")])
        #expect(annotations[0]["method"] == .string("cld2+markers"))
        #expect(annotations[1]["method"] == .string("cld2+markers"))
        #expect(annotations[2]["method"] == .string("cld2"))
        for annotation in annotations {
            #expect(annotation["script"] == .string("Latn"))
            #expect(annotation["spans"]?.arrayValue?.isEmpty ?? true)
        }
    }
}
