import Foundation
import LectorCore
import Testing

@testable import LectorReader

/// Bad input in memory: each must fail with its own code and a useful message.
extension ArticleReaderTests {
    @Test(
        "Binary files are named by their magic number",
        arguments: [
            ("sample.png", "PNG"), ("sample.pdf", "PDF"),
        ]
    )
    func binaryByMagicNumber(file: String, format: String) throws {
        let error = try #require(throws: ReadError.self) {
            try reader.decode(bytes: try Fixture.bytes(file), name: file)
        }
        #expect(error.code == .binary)
        #expect(error.message.contains(format))
    }

    @Test("NUL bytes that are not UTF-16 mean binary")
    func nulBytesAreBinary() throws {
        var bytes = Array("An article that goes on for a while before the bad part.".utf8)
        bytes += [0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00]
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: bytes, name: "x.txt") }
        #expect(error.code == .binary)
        #expect(error.message.contains("NUL"))
    }

    @Test("Many C0 control characters mean binary; one escape in a long text does not")
    func controlCharacters() throws {
        let binary = (0..<200).map { UInt8($0 % 2 == 0 ? 0x41 : 0x01 + UInt8($0 % 7)) }
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: binary, name: "x.txt") }
        #expect(error.code == .binary)

        let text = Array((String(repeating: "A line of ordinary text.\n", count: 10) + "\u{1B}end").utf8)
        #expect(try reader.decode(bytes: text, name: "x.txt").text.hasSuffix("\u{1B}end"))
    }

    @Test(
        "Empty input is .empty",
        arguments: [
            [UInt8](), Array(" \n\t\r\n".utf8), [0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0x20, 0x0A],
            [0xFF, 0xFE, 0x20, 0x00],
        ]
    )
    func emptyInput(bytes: [UInt8]) throws {
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: bytes, name: "e.txt") }
        #expect(error.code == .empty)
    }

    @Test("Input over maxBytes is .tooLarge")
    func tooLarge() throws {
        let small = ArticleReader(options: .init(maxBytes: 100))
        let bytes = Array(String(repeating: "x", count: 101).utf8)
        let error = try #require(throws: ReadError.self) { try small.decode(bytes: bytes, name: "big.txt") }
        #expect(error.code == .tooLarge)
        #expect(try small.decode(bytes: Array(bytes.dropLast()), name: "ok.txt").text.count == 100)
    }

    @Test("A UTF-8 BOM followed by invalid UTF-8 is invalidEncoding at the bad byte")
    func invalidUTF8AfterBOM() throws {
        let bytes = try Fixture.bytes("utf8-bom-invalid.txt")
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: bytes, name: "bad.txt") }
        #expect(error.code == .invalidEncoding)
        // The fixture put a single 0xFF right after the first line.
        #expect(error.byteOffset == bytes.firstIndex(of: 0xFF))
        #expect(error.message.contains("offset \(bytes.firstIndex(of: 0xFF)!)"))
    }

    @Test("UTF-8 cut in the middle of a letter is invalidEncoding at the cut, not U+FFFD")
    func truncatedUTF8() throws {
        let bytes = try Fixture.bytes("utf8-truncated.txt")
        let whole = try Fixture.bytes("arabic.utf8.txt")
        #expect(Array(whole.prefix(bytes.count)) == bytes)
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: bytes, name: "cut.txt") }
        #expect(error.code == .invalidEncoding)
        #expect(error.byteOffset == bytes.count - 1)
        #expect(error.message.contains("truncated"))
    }

    @Test("Mostly-UTF-8 bytes with one broken sequence in the middle are invalidEncoding")
    func brokenSequenceInsideUTF8() throws {
        var bytes = try Fixture.bytes("arabic.utf8.txt")
        let position = bytes.firstIndex { $0 >= 0xC2 }! + 40
        let lead = (position...).first { bytes[$0] >= 0xC2 }!
        bytes.remove(at: lead + 1)  // a lead byte now meets the next lead byte or ASCII
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: bytes, name: "broken.txt") }
        #expect(error.code == .invalidEncoding)
        #expect(error.byteOffset == lead)
    }

    @Test("HTML that declares UTF-8 but is not is invalidEncoding")
    func declaredUTF8Mismatch() throws {
        let page =
            Array("<html><head><meta charset=\"utf-8\"></head><body><p>caf".utf8) + [0xE9]
            + Array(" noir</p></body></html>".utf8)
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: page, name: "p.html") }
        #expect(error.code == .invalidEncoding)
        #expect(error.byteOffset == page.firstIndex(of: 0xE9))
    }

    @Test("A UTF-16 BOM with an odd byte count is invalidEncoding")
    func truncatedUTF16() throws {
        let bytes = try Fixture.bytes("arabic.utf16le-bom.txt").dropLast()
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: Array(bytes), name: "u16.txt") }
        #expect(error.code == .invalidEncoding)
    }

    @Test("Error codes encode as their stable strings")
    func codesEncode() throws {
        let data = try JSONEncoder().encode([ReadError.Code.notRegularFile, .invalidEncoding])
        #expect(String(decoding: data, as: UTF8.self) == "[\"not-regular-file\",\"invalid-encoding\"]")
    }
}
