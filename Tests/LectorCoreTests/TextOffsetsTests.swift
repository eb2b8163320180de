import Foundation
import LectorCore
import Testing

struct TextRangeTests {
    @Test func containsAndOverlaps() {
        let outer = TextRange(start: 2, end: 10)
        #expect(outer.contains(TextRange(start: 2, end: 10)))
        #expect(outer.contains(TextRange(start: 3, end: 4)))
        #expect(!outer.contains(TextRange(start: 1, end: 4)))
        #expect(outer.overlaps(TextRange(start: 9, end: 12)))
        #expect(!outer.overlaps(TextRange(start: 10, end: 12)))
        #expect(TextRange(start: 4, end: 4).isEmpty)
    }

    @Test func encodesAsStartAndEnd() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(TextRange(start: 1, end: 5)), as: UTF8.self) == #"{"end":5,"start":1}"#)
    }
}

struct ScalarOffsetsTests {
    @Test(arguments: ["", "plain ASCII", "é ع ی 中文 😀𝄞 a\u{10FFFF}z", String(repeating: "خبر 😀 news ", count: 500)])
    func unitsAreTheStringsOwnUTF16(text: String) {
        let offsets = ScalarOffsets(text)
        #expect(offsets.utf16 == Array(text.utf16))
        #expect(offsets.scalarCount == text.unicodeScalars.count)
        // Every unit maps to the scalar it belongs to.
        var unit = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            for _ in 0..<scalar.utf16.count {
                #expect(offsets.scalarOffset(utf16: unit) == index)
                unit += 1
            }
        }
        #expect(offsets.scalarOffset(utf16: unit) == text.unicodeScalars.count)
    }

    @Test(arguments: ["", "plain ASCII", "é ع ی 中文 😀𝄞 a\u{10FFFF}z", "😀", String(repeating: "خبر 😀 news ", count: 500)])
    func scalarsGiveTheSameOffsetsAsTheText(text: String) {
        let fromText = ScalarOffsets(text)
        let fromScalars = ScalarOffsets(scalars: Array(text.unicodeScalars))
        #expect(fromScalars.utf16 == fromText.utf16)
        #expect(fromScalars.scalarCount == fromText.scalarCount)
        for unit in 0...(fromText.utf16.count + 1) {
            #expect(fromScalars.scalarOffset(utf16: unit) == fromText.scalarOffset(utf16: unit))
        }
    }

    @Test func mapsUTF16OffsetsOfSupplementaryCharactersToScalars() {
        // "a😀b": a is 1 UTF-16 unit, the emoji 2 (a surrogate pair), b 1; 3 scalars.
        let offsets = ScalarOffsets("a😀b")
        #expect(offsets.utf16.count == 4)
        #expect(offsets.scalarCount == 3)
        #expect(offsets.scalarOffset(utf16: 0) == 0)
        #expect(offsets.scalarOffset(utf16: 1) == 1)
        #expect(offsets.scalarOffset(utf16: 3) == 2)
        #expect(offsets.scalarOffset(utf16: 4) == 3)
        #expect(offsets.range(utf16: 1, 3) == TextRange(start: 1, end: 2))
    }

    @Test func documentSlicesByScalars() {
        let document = Document(
            id: "x", text: "ab😀صوبائی",
            decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: "t", size: 0, sha256: "x", receivedAt: Date()))
        #expect(document.text(in: TextRange(start: 2, end: 4)) == "😀ص")
        #expect(document.fullRange == TextRange(start: 0, end: 9))
    }
}

struct ConfigValueParserTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("2s", .seconds(2)), ("1.5m", .seconds(90)), ("1h", .seconds(3600)),
        ("30", .seconds(30)), (" 250 ms ", .milliseconds(250)),
    ])
    func parsesDurations(text: String, expected: Duration) {
        #expect(ConfigValueParser.duration(text) == expected)
    }

    @Test(arguments: ["", "fast", "-1s", "5 parsecs", "1s2"])
    func rejectsBadDurations(text: String) {
        #expect(ConfigValueParser.duration(text) == nil)
    }

    @Test(arguments: [("512", 512), ("64KB", 65536), ("10MB", 10_485_760), ("1GiB", 1_073_741_824), ("2 kb", 2048)])
    func parsesSizes(text: String, expected: Int) {
        #expect(ConfigValueParser.size(text) == expected)
    }

    @Test(arguments: ["", "big", "-5MB", "10XB"])
    func rejectsBadSizes(text: String) {
        #expect(ConfigValueParser.size(text) == nil)
    }
}
