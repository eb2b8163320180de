import CLibXML2

/// Extracts the title and the visible text of an HTML page with libxml2's forgiving HTML parser.
///
/// The visible text leaves out `script`, `style`, `noscript`, `template`, `head`, `svg` and the
/// like; whitespace inside a block collapses to single spaces; every block element (`p`, `div`,
/// `h1`–`h6`, `li`, `tr`, `blockquote`, `br`, …) ends a line; table cells of a row share its line,
/// a space apart; empty blocks leave no empty lines.
/// Inside `pre`, the page's own line breaks are kept.
///
/// The tree is walked iteratively through parent/sibling links, so no nesting depth can exhaust
/// the stack, and libxml2 is told not to report errors (it would print them to stderr).
///
/// ```swift
/// let page = HTMLTextExtractor.extract(utf8: Array("<title>T</title><p>One</p><p>Two</p>".utf8))
/// // page.title == "T", page.text == "One\nTwo"
/// ```
enum HTMLTextExtractor {
    /// What a page yields.
    struct Page {
        var title: String?
        var text: String
    }

    /// Elements whose content is never shown as text.
    static let hiddenElements: Set<String> = [
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
        "canvas", "audio", "video", "select", "datalist", "title", "meta", "link",
    ]

    /// Elements that start and end a line of their own.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    ]

    // libxml2 wants its global state set up once, before any thread parses.
    static let initialized: Void = xmlInitParser()

    private static let parseOptions = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NODEFDTD.rawValue
    )

    /// Parses a page given as UTF-8 (the reader has already decoded the bytes, so libxml2 is told
    /// the encoding and to ignore the page's own `<meta charset>`).
    static func extract(utf8 bytes: [UInt8]) -> Page {
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return Page(title: nil, text: "") }
        _ = initialized
        // Belt and braces next to HTML_PARSE_NOERROR: errors raised outside the parser context
        // (e.g. from the encoding layer) would otherwise go to the default handler, which prints.
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, "UTF-8", parseOptions)
            }
        }
        guard let document else { return Page(title: nil, text: "") }
        defer { xmlFreeDoc(document) }
        let root = document.pointee.children
        return Page(title: title(from: root), text: visibleText(from: root))
    }

    /// The text of the first `<title>` element, whitespace collapsed; nil when absent or blank.
    private static func title(from root: xmlNodePtr?) -> String? {
        textOfFirstElement(from: root) { elementName($0) == "title" }
    }

    /// The text directly inside the first element that `matches`, whitespace collapsed; nil when
    /// there is none or it is blank.
    static func textOfFirstElement(from root: xmlNodePtr?, where matches: (xmlNodePtr) -> Bool) -> String? {
        var found: String?
        walk(from: root) { node in
            guard found == nil else { return .stop }
            guard node.pointee.type == XML_ELEMENT_NODE else { return .skipChildren }
            guard matches(node) else { return .enter }
            var lines = LineBuilder()
            var child = node.pointee.children
            while let current = child {
                if let content = current.pointee.content { lines.append(String(cString: content)) }
                child = current.pointee.next
            }
            let text = lines.finish()
            found = text.isEmpty ? nil : text
            return .stop
        } leave: { _ in
        }
        return found
    }

    private static func visibleText(from root: xmlNodePtr?) -> String {
        var lines = LineBuilder()
        walk(from: root) { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { lines.append(String(cString: content)) }
                return .skipChildren
            case XML_ELEMENT_NODE:
                let name = elementName(node)
                if hiddenElements.contains(name) { return .skipChildren }
                if name == "br" {
                    lines.breakLine()
                } else if name == "td" || name == "th" {
                    // Cells of one row share its line, a space apart.
                    lines.separateWords()
                } else if blockElements.contains(name) {
                    lines.breakLine()
                    if name == "pre" { lines.preformattedDepth += 1 }
                }
                return .enter
            default:
                return .skipChildren
            }
        } leave: { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return }
            let name = elementName(node)
            if blockElements.contains(name) {
                lines.breakLine()
                if name == "pre" { lines.preformattedDepth -= 1 }
            }
        }
        return lines.finish()
    }

    private static func elementName(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    enum Step {
        case enter
        case skipChildren
        case stop
    }

    /// Visits `root` and its following siblings depth-first, calling `leave` for every element
    /// `enter` returned `.enter` for, once its children are done. Uses the tree's own links, so
    /// memory use does not grow with depth.
    static func walk(from root: xmlNodePtr?, enter: (xmlNodePtr) -> Step, leave: (xmlNodePtr) -> Void) {
        var current = root
        var depth = 0
        while let node = current {
            let step = enter(node)
            if step == .stop { return }
            if step == .enter, let child = node.pointee.children {
                depth += 1
                current = child
                continue
            }
            if step == .enter { leave(node) }
            // Move to the next sibling, finishing every ancestor that has none.
            var finished = node
            current = nil
            while true {
                if let next = finished.pointee.next {
                    current = next
                    break
                }
                guard depth > 0, let parent = finished.pointee.parent else { break }
                depth -= 1
                leave(parent)
                finished = parent
            }
        }
    }
}

/// Collects text into lines: whitespace runs become one space, `breakLine()` ends a line, and
/// blank lines are never produced.
struct LineBuilder {
    private var lines: [String] = []
    private var current = String.UnicodeScalarView()
    private var pendingSpace = false
    /// Above zero inside `<pre>`, where the text's own line breaks end lines.
    var preformattedDepth = 0

    mutating func append(_ text: String) {
        for scalar in text.unicodeScalars {
            if preformattedDepth > 0 && scalar == "\n" {
                breakLine()
            } else if Self.isCollapsible(scalar) {
                pendingSpace = !current.isEmpty
            } else {
                if pendingSpace { current.append(" ") }
                pendingSpace = false
                current.append(scalar)
            }
        }
    }

    /// Makes sure the next text is not glued to what came before on the same line.
    mutating func separateWords() {
        pendingSpace = !current.isEmpty
    }

    mutating func breakLine() {
        if !current.isEmpty { lines.append(String(current)) }
        current = String.UnicodeScalarView()
        pendingSpace = false
    }

    mutating func finish() -> String {
        breakLine()
        return lines.joined(separator: "\n")
    }

    // ASCII whitespace as HTML defines it, plus the no-break space, which pages use as a spacer.
    private static func isCollapsible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}": return true
        default: return false
        }
    }
}
