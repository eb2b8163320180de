/// A type that finds an article's paragraphs in its UTF-16 text.
///
/// The rule: every non-blank line is a paragraph, which is how extracted news text arrives (one
/// block element per line, blank lines carrying no meaning). The exception is hard-wrapped plain
/// text: a block of two or more consecutive lines that are *filled* (the block's longest line has
/// between ``minimumWrapWidth`` and ``maximumWrapWidth`` UTF-16 units, as text wrapped at 72 or 80
/// columns has, every line but the last is at least half as long as
/// the longest, and at least one line but the last stops without sentence-final punctuation) is
/// one paragraph spanning its lines. Ranges exclude line breaks and surrounding whitespace, and
/// the markup a line may open with (``markerLength(_:from:to:)``: a Markdown heading's `#`s, a
/// list bullet or number, a quotation's `>`), so that a summary or title quotes the words alone.
/// A line that opens with a marker starts a paragraph: list items are not the lines of one
/// hard-wrapped paragraph, however alike their lengths.
struct ParagraphSplitter {
    /// A paragraph's UTF-16 span.
    struct Span: Hashable {
        var start: Int
        var end: Int
        /// Whether the span covers several hard-wrapped lines (and so contains line breaks).
        var joinsLines: Bool
    }

    /// The shortest longest-line for a block to count as hard-wrapped, in UTF-16 units.
    static let minimumWrapWidth = 40
    /// The longest longest-line for a block to count as hard-wrapped: news paragraphs on one line
    /// are usually longer.
    static let maximumWrapWidth = 132

    /// Whether to join hard-wrapped lines at all.
    var joinsWrappedLines = true

    func split(_ text: UnsafeBufferPointer<UInt16>) -> [Span] {
        var spans: [Span] = []
        var block: [Span] = []
        var lineStart = 0
        var index = 0
        let count = text.count
        while index <= count {
            if index == count || TextScan.isLineBreak(text[index]) {
                var start = lineStart
                var end = index
                while start < end, TextScan.isTrimmable(unit: text[start]) { start += 1 }
                while end > start, TextScan.isTrimmable(unit: text[end - 1]) { end -= 1 }
                let marker = Self.markerLength(text, from: start, to: end)
                if marker > 0 {
                    // A list item or heading starts a paragraph: it may wrap onto the lines after
                    // it, but never joins the lines before it.
                    flush(&block, into: &spans, text)
                    start += marker
                    while start < end, TextScan.isTrimmable(unit: text[start]) { start += 1 }
                }
                if start < end {
                    block.append(Span(start: start, end: end, joinsLines: false))
                } else {
                    flush(&block, into: &spans, text)
                }
                lineStart = index + 1
            }
            index += 1
        }
        flush(&block, into: &spans, text)
        return spans
    }

    /// The length of the markup at the start of a line (from `start`, its first non-blank unit, to
    /// `end`), or 0: one to six `#` (a Markdown heading), `-`, `*`, `+`, `•`, `‣`, `◦` or `▪` (a
    /// bullet), one to three digits and `.` or `)` (a numbered item), or `>` (a quotation), each
    /// followed by a space and then by more text. Dashes of dialogue (`–`, `—`) are words of the
    /// text and stay.
    static func markerLength(_ text: UnsafeBufferPointer<UInt16>, from start: Int, to end: Int) -> Int {
        func spaceAndTextAfter(_ index: Int) -> Bool {
            index + 1 < end && (text[index] == 0x20 || text[index] == 0x09) && !TextScan.isTrimmable(unit: text[index + 1])
        }
        guard start < end else { return 0 }
        var index = start
        switch text[start] {
        case 0x23:  // #
            while index < end, text[index] == 0x23 { index += 1 }
            return index - start <= 6 && spaceAndTextAfter(index) ? index - start : 0
        case 0x2D, 0x2A, 0x2B, 0x2022, 0x2023, 0x25E6, 0x25AA, 0x3E:  // - * + • ‣ ◦ ▪ >
            return spaceAndTextAfter(start + 1) ? 1 : 0
        case 0x30...0x39:
            while index < end, index - start < 4, (0x30...0x39).contains(text[index]) { index += 1 }
            guard index - start <= 3, index < end, text[index] == 0x2E || text[index] == 0x29 else { return 0 }
            return spaceAndTextAfter(index + 1) ? index + 1 - start : 0
        default:
            return 0
        }
    }

    private func flush(_ block: inout [Span], into spans: inout [Span], _ text: UnsafeBufferPointer<UInt16>) {
        defer { block.removeAll(keepingCapacity: true) }
        guard block.count >= 2, joinsWrappedLines, isHardWrapped(block, text) else {
            spans.append(contentsOf: block)
            return
        }
        spans.append(Span(start: block[0].start, end: block[block.count - 1].end, joinsLines: true))
    }

    private func isHardWrapped(_ block: [Span], _ text: UnsafeBufferPointer<UInt16>) -> Bool {
        let longest = block.map { $0.end - $0.start }.max() ?? 0
        guard (Self.minimumWrapWidth...Self.maximumWrapWidth).contains(longest) else { return false }
        var brokenMidSentence = false
        for line in block.dropLast() {
            if (line.end - line.start) * 2 < longest { return false }
            var last = line.end - 1
            while last > line.start, let scalar = Unicode.Scalar(text[last]), TextScan.isClosing(scalar) { last -= 1 }
            if let scalar = Unicode.Scalar(text[last]), !TextScan.isTerminal(scalar) { brokenMidSentence = true }
        }
        return brokenMidSentence
    }
}
