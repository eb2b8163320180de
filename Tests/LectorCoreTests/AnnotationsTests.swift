import Foundation
import LectorCore
import Testing

struct AnnotationsTests {
    @Test func typedValueComesBackAsStored() {
        var annotations = Annotations()
        let segmentation = Segmentation(paragraphs: [], sentences: [], title: nil, lead: nil, wordCount: 3, boilerplateWordCount: 0)
        annotations[.segments] = segmentation
        #expect(annotations[.segments] == segmentation)
        #expect(annotations.names == ["segments"])
    }

    @Test func jsonValueFromAPluginDecodesIntoTheTypedForm() throws {
        var annotations = Annotations()
        let json = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(#"{"paragraphs":[],"sentences":[],"word_count":7,"boilerplate_word_count":2}"#.utf8))
        annotations.set(json, for: "segments")
        let typed = try #require(annotations[.segments])
        #expect(typed.wordCount == 7)
        #expect(typed.boilerplateWordCount == 2)
    }

    @Test func mismatchedTypeReadsAsAbsent() {
        var annotations = Annotations()
        annotations.set("not a segmentation", for: "segments")
        #expect(annotations[.segments] == nil)
        #expect(annotations.contains("segments"))
    }

    @Test func encodesEveryAnnotationUnderItsNameInSortedOrder() throws {
        var annotations = Annotations()
        annotations.set(42, for: "zeta")
        annotations.set(["a", "b"], for: "alpha")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(annotations), as: UTF8.self)
        #expect(text == #"{"alpha":["a","b"],"zeta":42}"#)
    }

    @Test func mergeReplacesSameNames() throws {
        var first = Annotations()
        first.set(1, for: "a")
        first.set(2, for: "b")
        var second = Annotations()
        second.set(3, for: "b")
        first.merge(second)
        #expect(try first.json("a") == .number(1))
        #expect(try first.json("b") == .number(3))
    }

    @Test(arguments: [
        ("segments", true), ("acme.sentiment", true), ("a1_b", true),
        ("", false), ("Segments", false), ("1abc", false), ("with space", false), ("é", false),
        (String(repeating: "a", count: 65), false),
    ])
    func annotationNameValidity(name: String, valid: Bool) {
        #expect(AnnotationName(name).isValid == valid)
    }
}

struct JSONValueTests {
    @Test func roundTripsNestedValues() throws {
        let text = #"{"a":[1,2.5,"x",true,null],"b":{"c":-3}}"#
        let value = try JSONValue.parse(Data(text.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == text)
        #expect(value["b"]?["c"] == .number(-3))
    }
}

struct JSONValueParsingTests {
    @Test func parsesWhatJSONEncoderWrites() throws {
        let value: JSONValue = .object([
            "text": .string("صوبائی \"quoted\" \\ / \n\t 😀 \u{0001}"), "n": .number(-12.5e3), "i": .number(42),
            "list": .array([.bool(true), .bool(false), .null, .object([:]), .array([])]),
        ])
        #expect(try JSONValue.parse(JSONEncoder().encode(value)) == value)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(Data(#" "\u00e9\ud83d\ude00\n" "#.utf8)) == .string("é😀\n"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"",
        "[1] 2", "{\"a\":1,}", "\"raw \u{0001} control\"", "NaN", "1e999",
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
    }

    @Test func refusesHostileNestingInsteadOfCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data(deep.utf8)) }
        #expect(error?.message == "nested deeper than 512 levels")
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue.parse(Data(fine.utf8)) }
    }
}
