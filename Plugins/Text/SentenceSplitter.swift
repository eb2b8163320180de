/// A type that splits one paragraph into sentences: ICU's sentence rules, then corrections.
///
/// ICU handles decimal numbers (`2024.5`), lower-case continuations after an ellipsis and
/// Arabic-script terminators followed by a space. The corrections add what it misses in news
/// text:
/// - a break after Urdu "۔" or Arabic "؟" that is followed directly by the next word with no
///   space (closing quotes stay with the sentence they close);
/// - no break after a Latin abbreviation ("Mr.", "Dr.", "U.S.", "TP.") or an initial ("J.");
/// - no sentence made only of punctuation: a trailing layout bar ("… کی۔ |") joins the sentence
///   before it;
/// - a forced break, at the last space if there is one, when a sentence exceeds the maximum
///   length in scalars.
///
/// Ranges come back trimmed of whitespace and never empty.
struct SentenceSplitter {
    var abbreviations: Set<String>
    var maximumLength: Int

    /// The sentences of `text[span]` as absolute UTF-16 ranges. `icuText` is the buffer handed to
    /// ICU for the span (the same units, or a copy with line breaks turned into spaces).
    func split(
        _ text: UnsafeBufferPointer<UInt16>,
        span: Range<Int>,
        icuText: UnsafeBufferPointer<UInt16>,
        iterator: BreakIterator
    ) -> [Range<Int>] {
        let base = span.lowerBound
        var boundaries: [Int] = []
        iterator.setText(icuText)
        iterator.forEachSegment { _, end, _ in boundaries.append(base + end) }
        addArabicScriptBreaks(text, span: span, into: &boundaries)

        var sentences: [Range<Int>] = []
        var start = base
        for boundary in boundaries where boundary > start {
            if boundary < span.upperBound, endsWithAbbreviation(text, start..<boundary) { continue }
            let trimmed = trim(text, start..<boundary)
            if !trimmed.isEmpty {
                if !containsWordUnit(text, trimmed), let previous = sentences.last {
                    sentences[sentences.count - 1] = previous.lowerBound..<trimmed.upperBound
                } else if let previous = sentences.last, !containsWordUnit(text, previous) {
                    sentences[sentences.count - 1] = previous.lowerBound..<trimmed.upperBound
                } else {
                    sentences.append(trimmed)
                }
            }
            start = boundary
        }
        var pieces: [Range<Int>] = []
        pieces.reserveCapacity(sentences.count)
        for sentence in sentences {
            // A sentence of no more UTF-16 units than the limit has no more scalars either: nothing
            // to cut, and no need to walk it.
            if sentence.count <= maximumLength {
                pieces.append(sentence)
            } else {
                pieces += forceSplit(text, sentence)
            }
        }
        return pieces
    }

    /// Breaks after "۔" / "؟" (and their closing quotes) that touch the next word.
    private func addArabicScriptBreaks(_ text: UnsafeBufferPointer<UInt16>, span: Range<Int>, into boundaries: inout [Int]) {
        var added = false
        var index = span.lowerBound
        while index < span.upperBound {
            let unit = text[index]
            index += 1
            guard unit == 0x06D4 || unit == 0x061F else { continue }
            var next = index
            while next < span.upperBound, let scalar = Unicode.Scalar(text[next]), TextScan.isClosing(scalar) { next += 1 }
            guard next < span.upperBound else { continue }
            // Only a letter right after the terminator starts a new sentence; digits, spaces and
            // more punctuation do not (ICU has already handled the spaced case).
            if let scalar = Unicode.Scalar(text[next]),
                !ParagraphTokens.isWordScalar(scalar) || scalar.properties.numericType != nil
            {
                continue
            }
            if !boundaries.contains(next) {
                boundaries.append(next)
                added = true
            }
        }
        if added { boundaries.sort() }
    }

    /// Whether `range` ends with "Abbr." or an initial "J." so that the period does not end it.
    private func endsWithAbbreviation(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        var end = range.upperBound
        while end > range.lowerBound, TextScan.isTrimmable(unit: text[end - 1]) { end -= 1 }
        guard end > range.lowerBound, text[end - 1] == 0x2E else { return false }
        var start = end - 1
        while start > range.lowerBound, isLatinLetter(text[start - 1]) || text[start - 1] == 0x2E { start -= 1 }
        guard start < end - 1 else { return false }
        if end - 1 - start == 1, let scalar = Unicode.Scalar(text[start]), scalar.properties.isUppercase { return true }
        let word = String(decoding: UnsafeBufferPointer(rebasing: text[start..<(end - 1)]), as: UTF16.self)
        return abbreviations.contains(word.lowercased())
    }

    private func isLatinLetter(_ unit: UInt16) -> Bool {
        (unit >= 0x41 && unit <= 0x5A) || (unit >= 0x61 && unit <= 0x7A) || (unit >= 0xC0 && unit <= 0x24F)
            || (unit >= 0x1E00 && unit <= 0x1EFF)
    }

    private func trim(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, TextScan.isTrimmable(unit: text[start]) { start += 1 }
        while end > start, TextScan.isTrimmable(unit: text[end - 1]) { end -= 1 }
        return start..<end
    }

    private func containsWordUnit(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        for index in range {
            let unit = text[index]
            // Surrogates are letters of supplementary planes often enough (CJK extensions, emoji
            // aside) to count as content.
            if unit >= 0xD800 && unit <= 0xDFFF { return true }
            if let scalar = Unicode.Scalar(unit), ParagraphTokens.isWordScalar(scalar) { return true }
        }
        return false
    }

    /// Splits a sentence longer than ``maximumLength`` scalars, at the last space before the
    /// limit, or at the limit itself in unspaced text.
    private func forceSplit(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var scalars = 0
            var index = start
            var lastSpace: Int? = nil
            while index < range.upperBound, scalars < maximumLength {
                let unit = text[index]
                if TextScan.isTrimmable(unit: unit), index > start { lastSpace = index }
                index += (unit >= 0xD800 && unit <= 0xDBFF && index + 1 < range.upperBound) ? 2 : 1
                scalars += 1
            }
            if index >= range.upperBound {
                pieces.append(start..<range.upperBound)
                break
            }
            let cut = lastSpace ?? index
            let piece = trim(text, start..<cut)
            if !piece.isEmpty { pieces.append(piece) }
            start = cut
            while start < range.upperBound, TextScan.isTrimmable(unit: text[start]) { start += 1 }
        }
        return pieces
    }

    /// Splits the sentence containing UTF-16 offset `cut` there, unless a sentence already starts
    /// at it. Returns whether anything changed.
    func insertBreak(at cut: Int, in sentences: inout [Range<Int>], _ text: UnsafeBufferPointer<UInt16>) -> Bool {
        guard let index = sentences.firstIndex(where: { $0.contains(cut) }), sentences[index].lowerBound < cut
        else { return false }
        let before = trim(text, sentences[index].lowerBound..<cut)
        let after = trim(text, cut..<sentences[index].upperBound)
        guard !before.isEmpty, !after.isEmpty else { return false }
        sentences.replaceSubrange(index...index, with: [before, after])
        return true
    }
}
