import Foundation
import LectorCore
import Testing

@testable import LectorReader

/// Word (DOCX) and OpenDocument (ODT) files: the body's paragraphs and the title, what a reader
/// does not see left out, and damaged, encrypted or oversized packages refused with a reason.
extension ArticleReaderTests {
    @Test("A Word document gives its title and the paragraphs a reader sees")
    func wordDocument() throws {
        let bytes = try Fixture.bytes("news.docx")
        let document = try reader.decode(bytes: bytes, name: "news.docx")
        #expect(document.decoding.format == .docx)
        #expect(document.declaredTitle == "Floods close the coast road")
        #expect(document.id == (try Fixture.sha256Sums()["news.docx"]))
        let lines = document.text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "Floods close the coast road",
                "Heavy rain flooded the lower town of Passau on Tuesday night, and firefighters pumped water from dozens of cellars.",
                "Mayor Jürgen Dupper said:", "“We have never seen the river this high.”", "Level 9.8 metres",
                "Road Status", "B12 closed", "عقدت اللجنة التوجيهية مؤتمرا في ها تينه يوم 18 يناير 2024.",
                "The road reopens next week.", "See page 4.", "A box:", "Evacuated: 400 residents", "(box)",
            ], "\(lines)")
        // Deleted text, the field's code and the text box's fallback copy stay out.
        for hidden in ["on Friday", "PAGEREF", "Evacuated: 400 residents\nEvacuated"] {
            #expect(!document.text.contains(hidden), "\(hidden)")
        }
    }

    @Test("An OpenDocument text gives its title and paragraphs, without its footnotes")
    func openDocumentText() throws {
        let document = try reader.decode(bytes: try Fixture.bytes("crue.odt"), name: "crue.odt")
        #expect(document.decoding.format == .odt)
        #expect(document.declaredTitle == "Crue à Lyon")
        #expect(
            document.text
                == "Crue à Lyon\nLe maire de Lyon a annoncé mardi la fermeture des quais.\n"
                + "Les pompiers sont intervenus à 14:30.\nNiveau 6,2 mètres\nQuais fermés")
    }

    @Test("Moved-away text in DOCX and an image's alternative text in ODT stay out")
    func movedTextAndAlternativeText() throws {
        let word = """
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:moveFrom w:id="1"><w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom><w:r><w:t>Stays.</w:t></w:r></w:p>
            <w:p><w:moveTo w:id="2"><w:r><w:t>Moved sentence.</w:t></w:r></w:moveTo></w:p></w:body></w:document>
            """
        #expect(OfficeDocument.paragraphs(ofXML: Array(word.utf8), format: .docx) == "Stays.\nMoved sentence.")
        let open = """
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
            xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"><office:body><office:text>
            <text:p>Before <draw:frame><draw:image/><svg:title>A photo</svg:title><svg:desc>Flooded street</svg:desc>\
            </draw:frame>after.</text:p></office:text></office:body></office:document-content>
            """
        #expect(OfficeDocument.paragraphs(ofXML: Array(open.utf8), format: .odt) == "Before after.")
    }

    @Test("A body that unpacks beyond reader.max_bytes is refused as too large, before it is read whole")
    func unpackedBodyOverTheLimit() throws {
        let bytes = try Fixture.bytes("bomb.docx")
        let small = ArticleReader(options: .init(maxBytes: 1 << 20))
        let error = #expect(throws: ReadError.self) { try small.decode(bytes: bytes, name: "bomb.docx") }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("word/document.xml") == true)
        // Under the default limit it is an ordinary (long) document.
        #expect(try reader.decode(bytes: bytes, name: "bomb.docx").text.count > 7_000_000)
    }

    @Test("A damaged, encrypted or truncated package is refused with a reason")
    func damagedPackages() throws {
        let bytes = try Fixture.bytes("news.docx")
        let archive = try #require(ZipArchive(bytes))
        let body = try #require(archive.entry(named: "word/document.xml"))

        // A byte changed inside the deflated body: inflate fails or the CRC-32 does not match.
        var damaged = bytes
        damaged[body.localHeaderOffset + 30 + "word/document.xml".utf8.count + body.compressedSize / 2] ^= 0x55
        let damage = #expect(throws: ReadError.self) { try reader.decode(bytes: damaged, name: "news.docx") }
        #expect(damage?.code == .binary && damage?.message.contains("damaged") == true, "\(String(describing: damage))")

        // The encryption flag set in the body's directory record.
        var encrypted = bytes
        let record = try #require(Self.directoryRecord(of: "word/document.xml", in: bytes))
        encrypted[record + 8] |= 1
        let locked = #expect(throws: ReadError.self) { try reader.decode(bytes: encrypted, name: "news.docx") }
        #expect(locked?.code == .binary && locked?.message.contains("encrypted") == true)

        // Cut in half: no central directory, so it is a ZIP archive Lector does not read.
        let cut = #expect(throws: ReadError.self) {
            try reader.decode(bytes: Array(bytes.prefix(bytes.count / 2)), name: "news.docx")
        }
        #expect(cut?.code == .binary && cut?.message.contains("ZIP archive") == true)
    }

    @Test("Every truncation and random damage of an OpenDocument text reads or fails cleanly")
    func damagedWordDocuments() throws {
        let bytes = try Fixture.bytes("crue.odt")
        let outcomes = outcomesOfDamage(to: bytes, name: "damaged.odt", seed: 4120, rounds: 3000, changes: 3)
        #expect((outcomes["odt"] ?? 0) > 0 && (outcomes["binary"] ?? 0) > 0, "\(outcomes)")
        #expect(outcomes.values.reduce(0, +) == bytes.count + 1 + 3000)
    }

    @Test("Other ZIP archives are still refused as ZIP archives")
    func otherArchives() throws {
        // A stored entry, built by hand: an archive with one file, a.txt.
        let name = Array("a.txt".utf8)
        let content = Array("plain".utf8)
        let crc: [UInt8] = [0xCF, 0x62, 0x20, 0x19]  // CRC-32 of "plain" (Python: zlib.crc32(b"plain"))
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16) }
        let local =
            [0x50, 0x4B, 3, 4] + le16(10) + le16(0) + le16(0) + le32(0) + crc + le32(content.count)
            + le32(content.count)
            + le16(name.count) + le16(0) + name + content
        let central =
            [0x50, 0x4B, 1, 2] + le16(20) + le16(10) + le16(0) + le16(0) + le32(0) + crc + le32(content.count)
            + le32(content.count) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let end =
            [0x50, 0x4B, 5, 6] + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count) + le32(local.count)
            + le16(0)
        let zip = local + central + end
        let archive = try #require(ZipArchive(zip))
        #expect(try archive.contents(of: try #require(archive.entry(named: "a.txt")), limit: 100) == content)
        let error = #expect(throws: ReadError.self) { try reader.decode(bytes: zip, name: "a.zip") }
        #expect(error?.code == .binary && error?.message.contains("ZIP archive") == true)
    }

    /// The offset of the central-directory record of `name`.
    static func directoryRecord(of name: String, in bytes: [UInt8]) -> Int? {
        let target = Array(name.utf8)
        var index = 0
        while index + 46 + target.count <= bytes.count {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 1, bytes[index + 3] == 2 {
                let length = Int(bytes[index + 28]) | Int(bytes[index + 29]) << 8
                if length == target.count, Array(bytes[(index + 46)..<(index + 46 + length)]) == target { return index }
            }
            index += 1
        }
        return nil
    }
}
