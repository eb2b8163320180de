import LectorCore

/// A type that decides which paragraphs of an article are boilerplate, and of which kind.
///
/// It works in two passes. The first looks at each paragraph alone for explicit markers: lines
/// with no letters at all (separators), comment counters and share widgets, source labels (also
/// when a byline is glued to them across a script change), bare URLs, caption labels and photo
/// credits, byline prefixes. The second pass uses position: short name-only lines after the last
/// substantial paragraph are bylines, and single-sentence paragraphs without clause punctuation
/// that carry a caption predicate ("X speaks at …", "نے کانفرنس میں تقریر کی") are unlabelled
/// photo captions. The first paragraph is never an unlabelled caption: it is the lead.
struct BoilerplateDetector: Sendable {
    /// What the detector needs to know about one paragraph.
    struct Sample {
        /// The paragraph's scalars, trimmed of surrounding whitespace.
        var scalars: ArraySlice<Unicode.Scalar>
        var wordCount: Int
        var sentenceCount: Int
    }

    /// The decision for one paragraph.
    struct Verdict: Hashable {
        var kind: SegmentKind
        var reason: String?
        /// For a trailing photo credit ("… تصویر: وی این اے"), where it starts, in scalars from the
        /// paragraph's start; sentences from there on are boilerplate even in a body paragraph.
        var creditStart: Int?

        static let body = Verdict(kind: .body)
    }

    /// Limits that shape the rules.
    struct Limits: Sendable, Hashable {
        var bylineMaxWords = 5
        var captionMaxWords = 40
        /// Paragraphs longer than this many words are only checked for a trailing credit.
        var shortParagraphWords = 60
    }

    let lexicon: CompiledLexicon
    let limits: Limits

    /// Classifies every paragraph of one article; `title` is the index of a title paragraph, which
    /// is never boilerplate.
    func classify(_ samples: [Sample], firstPass verdicts: [Verdict], title: Int?) -> [Verdict] {
        var verdicts = verdicts
        // The tail starts after the last paragraph that reads like text rather than a label.
        var lastSubstantial = -1
        for (index, sample) in samples.enumerated() where verdicts[index].kind == .body || verdicts[index].kind == .title {
            if sample.wordCount > limits.bylineMaxWords || TextScan.endsWithTerminal(sample.scalars) {
                lastSubstantial = index
            }
        }
        for (index, sample) in samples.enumerated() where verdicts[index] == .body && index != title && index > 0 {
            if index > lastSubstantial, sample.wordCount <= limits.bylineMaxWords {
                let tokens = ParagraphTokens(sample.scalars).tokens
                if isNameLike(tokens, in: sample.scalars) {
                    verdicts[index] = Verdict(kind: .byline, reason: "name-only line after the body")
                    continue
                }
            }
            if isUnlabelledCaption(sample) {
                verdicts[index] = Verdict(kind: .caption, reason: "short single sentence with a caption predicate")
            }
        }
        return verdicts
    }

    /// The first pass: explicit markers, one paragraph at a time.
    func markers(_ sample: Sample) -> Verdict {
        let scalars = sample.scalars
        if !scalars.contains(where: ParagraphTokens.isWordScalar) {
            return Verdict(kind: .debris, reason: "separator or lone punctuation")
        }
        if sample.wordCount > limits.shortParagraphWords
            || (sample.wordCount > limits.captionMaxWords && !TextScan.containsURL(scalars))
        {
            // Long paragraphs can only open with a caption label or end with a photo credit;
            // tokenizing just their two ends keeps the common case cheap.
            let head = ParagraphTokens(scalars, upTo: 24)
            if !head.tokens.isEmpty, let length = lexicon.match(lexicon.caption, in: head.tokens, at: 0),
                isLabel(head, lastToken: length - 1), sample.wordCount <= limits.shortParagraphWords
            {
                return Verdict(kind: .caption, reason: "caption label")
            }
            let tail = ParagraphTokens(scalars, from: max(0, scalars.count - 100))
            if let start = creditStart(tail) { return Verdict(kind: .body, creditStart: start) }
            return .body
        }
        let tokenizer = ParagraphTokens(scalars)
        let tokens = tokenizer.tokens
        guard !tokens.isEmpty else { return .body }
        if let verdict = commentOrWidget(tokens, tokenizer) { return verdict }
        if let verdict = sourceLine(tokens, tokenizer, scalars) { return verdict }
        if let length = lexicon.match(lexicon.caption, in: tokens, at: 0), isLabel(tokenizer, lastToken: length - 1) {
            return Verdict(kind: .caption, reason: "caption label")
        }
        if let start = creditStart(tokenizer) {
            let before = tokens.prefix { $0.end <= start }.count
            if before <= limits.captionMaxWords, sample.sentenceCount <= 2 {
                return Verdict(kind: .caption, reason: "caption with a photo credit", creditStart: start)
            }
            return Verdict(kind: .body, creditStart: start)
        }
        if let length = lexicon.match(lexicon.bylinePrefixes, in: tokens, at: 0), length < tokens.count,
            tokens.count - length <= limits.bylineMaxWords,
            isNameLike(Array(tokens[length...]), in: scalars)
        {
            return Verdict(kind: .byline, reason: "byline prefix")
        }
        return .body
    }

    // MARK: - Rules

    /// "Comments (12)", "تبصرہ (0)", "12 comments", or a line made only of share/print words.
    private func commentOrWidget(_ tokens: [ParagraphTokens.Token], _ tokenizer: ParagraphTokens) -> Verdict? {
        guard tokens.count <= 8 else { return nil }
        let words = tokens.filter { !$0.hasDigit }
        let numbers = tokens.count - words.count
        if numbers <= 1, !words.isEmpty, let length = lexicon.match(lexicon.comments, in: words, at: 0), length == words.count {
            return Verdict(kind: .comments, reason: numbers == 1 ? "comment counter" : "comment label")
        }
        if numbers <= 1, !words.isEmpty, words.allSatisfy({ lexicon.widgetWords.contains($0.text) }) {
            return Verdict(kind: .comments, reason: "share or print widget")
        }
        return nil
    }

    /// "ماخذ", "Source: Reuters", "LAN NGUYENماخذ: https://…", or a bare URL.
    private func sourceLine(
        _ tokens: [ParagraphTokens.Token],
        _ tokenizer: ParagraphTokens,
        _ scalars: ArraySlice<Unicode.Scalar>
    ) -> Verdict? {
        let hasURL = TextScan.containsURL(scalars)
        for start in 0...min(limits.bylineMaxWords, tokens.count - 1) {
            guard let length = lexicon.match(lexicon.source, in: tokens, at: start) else { continue }
            let last = start + length - 1
            let rest = tokens.count - last - 1
            guard isLabel(tokenizer, lastToken: last) || rest == 0 else { continue }
            guard hasURL || rest <= 15 else { continue }
            let url = hasURL ? " with URL" : ""
            if start == 0 { return Verdict(kind: .source, reason: "source label" + url) }
            guard isNameLike(Array(tokens[..<start]), in: nil) else { continue }
            let glued = tokens[start].isGlued
            return Verdict(kind: .source, reason: (glued ? "byline glued to source label" : "byline and source label") + url)
        }
        if hasURL, !scalars.contains(where: { $0 == " " }) {
            return Verdict(kind: .source, reason: "bare URL")
        }
        return nil
    }

    /// Where a trailing "Photo: X" / "(تصویر: وی این اے)" credit starts, if the stretch ends with one.
    private func creditStart(_ tokenizer: ParagraphTokens) -> Int? {
        let tokens = tokenizer.tokens
        let lowest = max(1, tokens.count - 8)
        guard lowest < tokens.count else { return nil }
        // A credit needs a stretch that does not end a sentence, and a label mark after the label's
        // last word, which is at or after token `lowest`: without those, no lexicon look-up below
        // can lead anywhere, and most paragraphs have neither a colon nor a dash near their end.
        guard !TextScan.endsWithTerminal(tokenizer.scalars),
            tokenizer.scalars[(tokenizer.scalars.startIndex + tokens[lowest].end)...].contains(where: Self.isLabelMark)
        else { return nil }
        for index in stride(from: tokens.count - 1, through: lowest, by: -1) {
            guard let length = lexicon.match(lexicon.caption, in: tokens, at: index),
                isLabel(tokenizer, lastToken: index + length - 1)
            else { continue }
            let credit = tokens.count - index - length
            guard (1...6).contains(credit), !TextScan.endsWithTerminal(tokenizer.scalars) else { continue }
            // Take an opening parenthesis in front of the label along with it.
            var start = tokens[index].start
            var cursor = tokenizer.scalars.startIndex + start - 1
            while cursor >= tokenizer.scalars.startIndex, tokenizer.scalars[cursor] == " " { cursor -= 1 }
            if cursor >= tokenizer.scalars.startIndex, "([".unicodeScalars.contains(tokenizer.scalars[cursor]) {
                start = cursor - tokenizer.scalars.startIndex
            }
            return start
        }
        return nil
    }

    /// Whether token `lastToken` ends a label: a colon (or a dash or bar) follows it.
    private func isLabel(_ tokenizer: ParagraphTokens, lastToken: Int) -> Bool {
        guard let next = tokenizer.scalar(after: lastToken) else { return false }
        return Self.isLabelMark(next)
    }

    /// The marks that end a label: a colon, a bar or a dash.
    private static func isLabelMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar == ":" || scalar == "\u{FF1A}" || scalar == "|" || scalar == "-" || scalar == "\u{2013}"
            || scalar == "\u{2014}"
    }

    /// A short list of names: no digits, no label words, no sentence punctuation, and in cased
    /// scripts every word capitalized except particles ("van", "de", "and").
    private func isNameLike(_ tokens: [ParagraphTokens.Token], in scalars: ArraySlice<Unicode.Scalar>?) -> Bool {
        guard !tokens.isEmpty, tokens.count <= limits.bylineMaxWords else { return false }
        if let scalars {
            if TextScan.endsWithTerminal(scalars) || TextScan.containsClausePunctuation(scalars) { return false }
            // A colon marks a label, which only the lexicon may recognise.
            if scalars.contains(where: { "()[]{}\"?!«»“”:".unicodeScalars.contains($0) }) { return false }
        }
        var names = 0
        for token in tokens {
            if token.hasDigit || lexicon.labelWords.contains(token.text) { return false }
            if lexicon.nameParticles.contains(token.text) { continue }
            if token.isCased, !token.isCapitalized { return false }
            names += 1
        }
        return names > 0
    }

    /// A single short sentence with no clause punctuation that carries a caption predicate.
    private func isUnlabelledCaption(_ sample: Sample) -> Bool {
        guard sample.sentenceCount == 1, (3...limits.captionMaxWords).contains(sample.wordCount),
            !TextScan.containsClausePunctuation(sample.scalars)
        else { return false }
        return lexicon.contains(lexicon.captionCues, in: ParagraphTokens(sample.scalars).tokens)
    }
}
