import LectorCore

extension TextProcessor {
    /// Turns the per-paragraph results into the annotation: finds the title, runs the detector's
    /// positional pass, marks boilerplate sentences, picks the lead and totals the words.
    func assemble(
        _ paragraphs: [Segmentation.Paragraph],
        _ sentences: [Segmentation.Sentence],
        _ samples: [BoilerplateDetector.Sample],
        _ firstPass: [BoilerplateDetector.Verdict],
        detector: BoilerplateDetector,
        document: Document
    ) -> Segmentation {
        var paragraphs = paragraphs
        var sentences = sentences
        var verdicts = firstPass.count == samples.count ? firstPass : samples.map { _ in .body }
        let title = titleIndex(samples, verdicts, declared: document.declaredTitle)
        if let title { verdicts[title] = BoilerplateDetector.Verdict(kind: .title) }
        if options.detectBoilerplate {
            verdicts = detector.classify(samples, firstPass: verdicts, title: title)
        }

        var wordCount = 0
        var boilerplateWordCount = 0
        for index in paragraphs.indices {
            let verdict = verdicts[index]
            paragraphs[index].kind = verdict.kind
            paragraphs[index].reason = verdict.reason
            let first = paragraphs[index].firstSentence
            let creditStart = verdict.creditStart.map { paragraphs[index].range.start + $0 }
            for sentence in first..<(first + paragraphs[index].sentenceCount) {
                let isCredit = creditStart.map { sentences[sentence].range.start >= $0 } ?? false
                sentences[sentence].isBoilerplate = verdict.kind.isBoilerplate || isCredit
                if sentences[sentence].isBoilerplate {
                    boilerplateWordCount += sentences[sentence].wordCount
                } else {
                    wordCount += sentences[sentence].wordCount
                }
            }
        }
        let lead = paragraphs.first { $0.kind == .body }?.range
        return Segmentation(
            paragraphs: paragraphs,
            sentences: sentences,
            title: title.map { paragraphs[$0].range },
            lead: lead,
            wordCount: wordCount,
            boilerplateWordCount: boilerplateWordCount
        )
    }

    /// The first paragraph, when it repeats the declared title or looks like a heading: short, not
    /// ending like a sentence, and followed by a longer paragraph.
    private func titleIndex(
        _ samples: [BoilerplateDetector.Sample],
        _ verdicts: [BoilerplateDetector.Verdict],
        declared: String?
    ) -> Int? {
        guard samples.count >= 2, verdicts[0].kind == .body, verdicts[0].creditStart == nil else { return nil }
        let first = samples[0]
        guard (1...options.titleMaxWords).contains(first.wordCount) else { return nil }
        if let declared, Self.sameTitle(first.scalars, declared) { return 0 }
        guard samples[1].wordCount > first.wordCount, first.sentenceCount == 1 else { return nil }
        // A question or exclamation can be a headline; a full stop cannot.
        if let last = first.scalars.last(where: { !TextScan.isClosing($0) }), TextScan.isTerminal(last),
            last != "?", last != "!", last != "\u{061F}"
        {
            return nil
        }
        return 0
    }

    /// Whether a line is the declared title, or its start before a site-name suffix ("Title | Site").
    static func sameTitle(_ line: ArraySlice<Unicode.Scalar>, _ declared: String) -> Bool {
        func normalized<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> [Unicode.Scalar] {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let words = String(view).lowercased().split(whereSeparator: \.isWhitespace)
            return Array(words.joined(separator: " ").unicodeScalars)
        }
        let a = normalized(line)
        let b = normalized(declared.unicodeScalars)
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard short.count >= 8, long.starts(with: short) else { return false }
        let next = long[short.count]
        return next == " " || next == "|" || next == "-" || next == "\u{2013}" || next == "\u{2014}" || next == ":"
    }
}
