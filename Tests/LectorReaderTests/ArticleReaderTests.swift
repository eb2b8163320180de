import Foundation
import LectorCore
import Testing

@testable import LectorReader

/// Decoding real encoded bytes (made by iconv and friends, see Fixtures/README.md).
struct ArticleReaderTests {
    let reader = ArticleReader()

    struct EncodedCase: CustomTestStringConvertible, Sendable {
        var file: String
        var expected: String
        var encoding: String
        var source: EncodingSource
        var hadBOM: Bool
        var testDescription: String { file }
    }

    static let encodedCases: [EncodedCase] = [
        EncodedCase(
            file: "arabic.utf8.txt",
            expected: "arabic.utf8.txt",
            encoding: "UTF-8",
            source: .validUTF8,
            hadBOM: false
        ),
        EncodedCase(
            file: "arabic.utf8-bom.txt",
            expected: "arabic.utf8.txt",
            encoding: "UTF-8",
            source: .bom,
            hadBOM: true
        ),
        EncodedCase(
            file: "arabic.utf16le-bom.txt",
            expected: "arabic.utf8.txt",
            encoding: "UTF-16LE",
            source: .bom,
            hadBOM: true
        ),
        EncodedCase(
            file: "arabic.utf16be-bom.txt",
            expected: "arabic.utf8.txt",
            encoding: "UTF-16BE",
            source: .bom,
            hadBOM: true
        ),
        EncodedCase(
            file: "arabic.utf16le-nobom.txt",
            expected: "arabic.utf8.txt",
            encoding: "UTF-16LE",
            source: .detected,
            hadBOM: false
        ),
        EncodedCase(
            file: "arabic.windows-1256.txt",
            expected: "arabic.utf8.txt",
            encoding: "windows-1256",
            source: .detected,
            hadBOM: false
        ),
        EncodedCase(
            file: "arabic.iso-8859-6.txt",
            expected: "arabic.utf8.txt",
            encoding: "ISO-8859-6",
            source: .detected,
            hadBOM: false
        ),
        EncodedCase(
            file: "urdu.utf8.txt",
            expected: "urdu.utf8.txt",
            encoding: "UTF-8",
            source: .validUTF8,
            hadBOM: false
        ),
        EncodedCase(
            file: "urdu.windows-1256.txt",
            expected: "urdu-1256.expected.txt",
            encoding: "windows-1256",
            source: .detected,
            hadBOM: false
        ),
        EncodedCase(
            file: "french.windows-1252.txt",
            expected: "french.utf8.txt",
            encoding: "windows-1252",
            source: .detected,
            hadBOM: false
        ),
        EncodedCase(
            file: "german.iso-8859-1.txt",
            expected: "german.utf8.txt",
            encoding: "ISO-8859-1",
            source: .detected,
            hadBOM: false
        ),
    ]

    @Test("Each encoding decodes to exactly the source text", arguments: encodedCases)
    func decodesEncodedFixture(_ testCase: EncodedCase) throws {
        let document = try reader.decode(bytes: try Fixture.bytes(testCase.file), name: testCase.file)
        #expect(document.text == (try Fixture.text(testCase.expected)))
        #expect(document.decoding.encoding == testCase.encoding)
        #expect(document.decoding.encodingSource == testCase.source)
        #expect(document.decoding.hadBOM == testCase.hadBOM)
        #expect(document.decoding.format == .text)
        #expect(!document.text.unicodeScalars.contains("\u{FFFD}"))
        #expect(!document.text.unicodeScalars.contains("\u{FEFF}"))
        if testCase.source == .detected && !testCase.encoding.hasPrefix("UTF-16") {
            let confidence = try #require(document.decoding.confidence)
            #expect((1...100).contains(confidence))
        }
    }

    @Test(
        "The id and source.sha256 are the SHA-256 that sha256sum computed",
        arguments: [
            "arabic.utf8.txt", "arabic.windows-1256.txt", "arabic.utf16be-bom.txt", "page.windows-1256.html",
        ]
    )
    func idIsSHA256OfBytes(_ file: String) throws {
        let bytes = try Fixture.bytes(file)
        let document = try reader.decode(bytes: bytes, name: file, folder: "desk")
        let expected = try #require(try Fixture.sha256Sums()[file])
        #expect(document.id == expected)
        #expect(document.source.sha256 == expected)
        #expect(document.source.size == bytes.count)
        #expect(document.source.name == file)
        #expect(document.source.folder == "desk")
    }

    @Test("SHA-256 matches the FIPS 180-2 test vector for \"abc\"")
    func sha256KnownVector() {
        #expect(
            ArticleReader.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    @Test("Decomposed Vietnamese comes out in NFC")
    func normalizesToNFC() throws {
        let nfd = try Fixture.bytes("vietnamese.nfd.txt")
        let expected = try Fixture.text("vietnamese.nfc.txt")
        // The fixture really is decomposed: otherwise this test would prove nothing.
        #expect(nfd != Array(expected.utf8))
        let document = try reader.decode(bytes: nfd, name: "vi.txt")
        #expect(Array(document.text.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("CRLF line endings become LF and blank lines stay")
    func convertsCRLF() throws {
        let document = try reader.decode(bytes: try Fixture.bytes("arabic.crlf.txt"), name: "crlf.txt")
        #expect(document.text == (try Fixture.text("arabic.utf8.txt")))
        #expect(!document.text.contains("\r"))
    }

    @Test("Lone CR becomes LF; blank lines and the trailing newline are kept")
    func convertsLoneCR() throws {
        let document = try reader.decode(bytes: Array("one\rtwo\r\n\r\nthree\n\nfour\r".utf8), name: "cr.txt")
        #expect(document.text == "one\ntwo\n\nthree\n\nfour\n")
    }

    @Test("A forced encoding skips detection")
    func forcedEncoding() throws {
        let forced = ArticleReader(options: .init(forcedEncoding: "cp1256"))
        let document = try forced.decode(bytes: try Fixture.bytes("arabic.windows-1256.txt"), name: "a.txt")
        #expect(document.text == (try Fixture.text("arabic.utf8.txt")))
        #expect(document.decoding.encoding == "windows-1256")
        #expect(document.decoding.encodingSource == .configured)
        #expect(document.decoding.confidence == nil)
    }

    @Test("A forced encoding the bytes do not fit is invalidEncoding with the offset")
    func forcedEncodingMismatch() throws {
        let forced = ArticleReader(options: .init(forcedEncoding: "UTF-8"))
        let error = try #require(throws: ReadError.self) {
            try forced.decode(bytes: try Fixture.bytes("arabic.windows-1256.txt"), name: "a.txt")
        }
        #expect(error.code == .invalidEncoding)
        let bytes = try Fixture.bytes("arabic.windows-1256.txt")
        #expect(error.byteOffset == bytes.firstIndex { $0 >= 0x80 })
    }

    @Test("An unknown forced encoding name is unknownEncoding")
    func unknownForcedEncoding() throws {
        let forced = ArticleReader(options: .init(forcedEncoding: "no-such-charset"))
        let error = try #require(throws: ReadError.self) { try forced.decode(bytes: Array("text".utf8), name: "a.txt") }
        #expect(error.code == .unknownEncoding)
        #expect(error.message.contains("no-such-charset"))
    }
}
