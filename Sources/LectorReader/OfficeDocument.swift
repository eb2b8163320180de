import CLibXML2
import LectorCore

/// Word (DOCX) and OpenDocument (ODT) text documents read as articles: the paragraphs of the
/// document's body, one per line, and its title from the document properties.
///
/// Both are ZIP archives of XML (``ZipArchive``): DOCX keeps its body in `word/document.xml` and
/// its title in `docProps/core.xml`; ODT in `content.xml` and `meta.xml`. What a reader of the
/// document does not see stays out: deleted and moved-away text of tracked changes, field codes,
/// the fallback copy of a text box, comments, images' alternative text, and (in ODT) footnotes,
/// which would break the sentence they hang on.
/// The cells of a table row share one line, a space apart.
/// Headers, footers and DOCX footnotes live in parts of their own and are not read.
enum OfficeDocument {
    struct Extracted {
        var title: String?
        var text: String
        var format: DocumentFormat
    }

    /// The document in `bytes`, or nil when they are no DOCX or ODT file (another ZIP archive, or
    /// none at all), which the caller refuses as binary.
    ///
    /// - Parameter limit: the most bytes an XML part may unpack to (`reader.max_bytes`).
    /// - Throws: ``ReadError/Code/tooLarge`` for a part over `limit`, ``ReadError/Code/binary`` for a
    ///   damaged or encrypted document.
    static func extract(_ bytes: [UInt8], limit: Int) throws(ReadError) -> Extracted? {
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), let archive = ZipArchive(bytes) else { return nil }
        let kind: (body: String, properties: String, name: String, format: DocumentFormat)
        if archive.entry(named: "word/document.xml") != nil {
            kind = ("word/document.xml", "docProps/core.xml", "Word document", .docx)
        } else if let mimetype = archive.entry(named: "mimetype"),
            let type = try? archive.contents(of: mimetype, limit: 256),
            String(decoding: type, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.text"),
            archive.entry(named: "content.xml") != nil
        {
            kind = ("content.xml", "meta.xml", "OpenDocument text", .odt)
        } else {
            return nil
        }
        let body: [UInt8]
        do {
            body = try archive.contents(of: archive.entry(named: kind.body)!, limit: limit)
        } catch {
            switch error {
            case .tooLarge(let limit):
                throw ReadError(
                    code: .tooLarge,
                    message: "The \(kind.name)'s text part (\(kind.body)) unpacks to more than \(limit) bytes "
                        + "(reader.max_bytes); raise the limit or split the document.")
            case .encrypted:
                throw ReadError(
                    code: .binary, message: "The \(kind.name) is encrypted; save it without a password first.")
            case .unsupportedMethod(let method):
                throw ReadError(
                    code: .binary,
                    message: "The \(kind.name) is compressed with method \(method), which Lector does not read; "
                        + "save it again from a word processor.")
            case .damaged(let what):
                throw ReadError(code: .binary, message: "The \(kind.name) is damaged: \(what).")
            }
        }
        guard let text = paragraphs(ofXML: body, format: kind.format) else {
            throw ReadError(code: .binary, message: "The \(kind.name) is damaged: \(kind.body) is not well-formed XML.")
        }
        let title = archive.entry(named: kind.properties).flatMap { try? archive.contents(of: $0, limit: 1 << 20) }
            .flatMap(title(ofProperties:))
        return Extracted(title: title, text: text, format: kind.format)
    }

    // MARK: - XML

    private static let parseOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Parses XML (never substituting entities, never loading a DTD or anything from the network)
    /// and hands the root to `body`; nil when libxml2 cannot parse it.
    private static func withXML<T>(_ bytes: [UInt8], _ body: (xmlNodePtr?) -> T) -> T? {
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return nil }
        _ = HTMLTextExtractor.initialized
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlReadMemory(pointer, Int32(buffer.count), nil, nil, parseOptions)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        return body(xmlDocGetRootElement(document))
    }

    /// The body's paragraphs, one per line.
    static func paragraphs(ofXML bytes: [UInt8], format: DocumentFormat) -> String? {
        let word = format == .docx
        let paragraphs: Set<String> = word ? ["p"] : ["p", "h"]
        let hidden: Set<String> =
            word
            ? ["delText", "instrText", "Fallback", "del", "moveFrom", "rPr", "pPr", "sectPr", "commentReference"]
            : ["note", "annotation", "tracked-changes", "automatic-styles", "font-face-decls", "scripts", "desc"]
        return withXML(bytes) { root in
            var lines = LineBuilder()
            // In DOCX only the text of <w:t> is text; ODT puts text in the paragraphs themselves.
            var textDepth = word ? 0 : 1
            // The cells of a table row share its line, a space apart, as in an HTML table.
            var cellDepth = 0
            let rows: Set<String> = ["tr", "table-row"]
            let cells: Set<String> = ["tc", "table-cell"]
            HTMLTextExtractor.walk(from: root) { node in
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if textDepth > 0, let content = node.pointee.content { lines.append(String(cString: content)) }
                    return .skipChildren
                case XML_ELEMENT_NODE:
                    let name = localName(node)
                    // An image's alternative text (svg:title, svg:desc) is not the document's text.
                    if hidden.contains(name) || (!word && name == "title" && prefix(node) == "svg") { return .skipChildren }
                    if cells.contains(name) {
                        cellDepth += 1
                        lines.separateWords()
                    } else if rows.contains(name) {
                        lines.breakLine()
                    } else if paragraphs.contains(name), cellDepth > 0 {
                        lines.separateWords()
                    } else if paragraphs.contains(name) || name == "br" || name == "cr" || name == "line-break" {
                        lines.breakLine()
                    } else if name == "tab" || name == "s" {
                        lines.separateWords()
                    } else if word, name == "t" {
                        textDepth += 1
                    }
                    return .enter
                default:
                    return .skipChildren
                }
            } leave: { node in
                guard node.pointee.type == XML_ELEMENT_NODE else { return }
                let name = localName(node)
                if cells.contains(name) { cellDepth -= 1 }
                if rows.contains(name) || (paragraphs.contains(name) && cellDepth == 0) { lines.breakLine() }
                if word, name == "t" { textDepth -= 1 }
            }
            return lines.finish()
        }
    }

    /// The `dc:title` of a properties part, whitespace collapsed; nil when absent or blank.
    static func title(ofProperties bytes: [UInt8]) -> String? {
        withXML(bytes) { root in
            HTMLTextExtractor.textOfFirstElement(from: root) { localName($0) == "title" }
        } ?? nil
    }

    private static func prefix(_ node: xmlNodePtr) -> String {
        node.pointee.ns?.pointee.prefix.map { String(cString: $0) } ?? ""
    }

    private static func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }
}
