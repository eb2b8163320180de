import Foundation
import LectorCore
import Testing

@testable import LectorReader

/// HTML pages: title, visible text, block structure, declared charset.
extension ArticleReaderTests {
    @Test("A windows-1256 page with a meta charset gives its title and visible text, block by block")
    func htmlPage() throws {
        let document = try reader.decode(bytes: try Fixture.bytes("page.windows-1256.html"), name: "page.html")
        #expect(document.decoding.format == .html)
        #expect(document.decoding.encoding == "windows-1256")
        #expect(document.decoding.encodingSource == .declared)
        #expect(document.declaredTitle == (try Fixture.text("page.title.txt")))
        #expect(document.text == (try Fixture.text("page.expected.txt")))
        for hidden in [
            "STYLE-TEXT", "SCRIPT-TEXT", "WRITTEN", "NOSCRIPT-TEXT", "TEMPLATE-TEXT", "SVG-TEXT",
            "COMMENT-TEXT", "JSON-TEXT", "ALT-TEXT", "font-family",
        ] {
            #expect(!document.text.contains(hidden), "\(hidden) leaked into the visible text")
        }
        #expect(!document.text.contains("\n\n"))
    }

    @Test("Content starting with <!DOCTYPE html> is HTML whatever the name")
    func htmlBySniffing() throws {
        let page =
            "\n  <!doctype HTML><html><head><title>T</title></head><body><p>One</p><div>Two <i>and</i> a half</div></body></html>"
        let document = try reader.decode(bytes: Array(page.utf8), name: "article")
        #expect(document.decoding.format == .html)
        #expect(document.declaredTitle == "T")
        #expect(document.text == "One\nTwo and a half")
    }

    @Test("A .txt file that mentions <html> later is not HTML")
    func textIsNotHTML() throws {
        let document = try reader.decode(bytes: Array("Use the <html> tag.\n".utf8), name: "note.txt")
        #expect(document.decoding.format == .text)
        #expect(document.text == "Use the <html> tag.\n")
    }

    @Test("A UTF-16 HTML page is recognised after decoding")
    func utf16HTML() throws {
        let page = "<html><body><p>مرحبا</p><p>بالعالم</p></body></html>"
        let bytes: [UInt8] = [0xFF, 0xFE] + page.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let document = try reader.decode(bytes: bytes, name: "page")
        #expect(document.decoding.format == .html)
        #expect(document.text == "مرحبا\nبالعالم")
    }

    @Test("Nesting within libxml2's depth limit keeps all text, and one line per block")
    func nestedBlocks() throws {
        let depth = 100  // 200 elements, under libxml2's limit of 256
        let page =
            "<html><body>" + String(repeating: "<div><span>", count: depth) + "deep<p>er</p>"
            + String(repeating: "</span></div>", count: depth) + "<p>after</p></body></html>"
        let document = try reader.decode(bytes: Array(page.utf8), name: "nested.html")
        #expect(document.text == "deep\ner\nafter")
    }

    @Test("Very deep and broken HTML does not crash; text before the depth limit survives")
    func veryDeepNesting() throws {
        let depth = 100_000
        let page =
            "<html><body><p>before</p>" + String(repeating: "<div><span>", count: depth) + "deep"
            + String(repeating: "</b></i>", count: 1_000) + "<p>after<table><td>cell"
        let document = try reader.decode(bytes: Array(page.utf8), name: "deep.html")
        // libxml2 stops building the tree past its depth limit (256 without HTML_PARSE_HUGE), so what
        // lies deeper is lost; the point is that neither libxml2 nor the tree walk crashes.
        #expect(document.text.hasPrefix("before"))
    }

    @Test("A page with no visible text is .empty")
    func htmlWithoutText() throws {
        let page = "<html><head><title>Only a title</title><script>x()</script></head><body> <p> </p></body></html>"
        let error = try #require(throws: ReadError.self) { try reader.decode(bytes: Array(page.utf8), name: "e.html") }
        #expect(error.code == .empty)
    }

    @Test("Broken HTML prints nothing to stderr")
    func libxml2IsQuiet() throws {
        let folder = try TemporaryFolder()
        let capture = folder.path("stderr.txt")
        let page = "<html><body><p>unclosed <b><i></p></b><bogus attr=\"x><p>& &nbsp; &#xZZ; </nosuchtag></html>"
        fflush(nil)
        let saved = dup(STDERR_FILENO)
        let file = open(capture, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        dup2(file, STDERR_FILENO)
        let document = try? reader.decode(bytes: Array(page.utf8), name: "broken.html")
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        close(file)
        #expect(document?.text.contains("unclosed") == true)
        // Other suites running at the same moment could write here too, so look for libxml2's words.
        let written = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        #expect(!written.contains("parser error"))
        #expect(!written.contains("HTML"))
    }
}
