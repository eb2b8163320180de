import Configuration
import Foundation
import LectorCore
import Synchronization

/// A processor that finds an article's named entities and quantities: the `entities` annotation.
///
/// Each body and boilerplate sentence of the `segments` annotation is cut into tokens. Rules find
/// URLs, e-mail addresses and phone numbers (``AddressRules``), dates, numbers, percentages and
/// money (``QuantityRules``), gazetteer names and the names the rules of ``NameRules`` recognize;
/// then the averaged-perceptron tagger of the article's language (``TaggerModel``, models for
/// `ar`, `ur`, `fa`, `en`) labels PERSON, ORG and LOCATION. Where spans overlap, rules win over
/// the tagger. Mentions with the same type and key (canonical name, value, or normalized text) are
/// one entity.
///
/// ```swift
/// let processor = try EntitiesProcessor(configuration: config.scoped(to: "processors.entities"))
/// let entities = try await processor.process(document, context: context)[.entities]
/// ```
public struct EntitiesProcessor: Processor {
    public static let descriptor = ProcessorDescriptor(
        id: "entities",
        version: "1.0.0",
        provides: ["entities"],
        requires: ["segments", "language"],
        summary:
            "People, organisations, places (trained tagger + gazetteers), dates, numbers, money, URLs, e-mail, phones.",
        options: EntitiesOptions.options
    )

    public var descriptor: ProcessorDescriptor { Self.descriptor }
    public let options: EntitiesOptions
    let lexicon: EntityLexicon

    /// A processor with every option at its default.
    public init() { self.init(options: EntitiesOptions(), lexicon: .shared) }

    /// A processor configured from its section (`processors.entities`).
    ///
    /// - Throws: ``ProcessorError/invalidConfiguration(key:message:)`` naming the bad key, also
    ///   when the gazetteer file cannot be read or has a bad line.
    public init(configuration: ConfigReader) throws {
        let options = try EntitiesOptions(configuration: configuration)
        var lexicon = EntityLexicon.shared
        if !options.gazetteer.isEmpty {
            do {
                lexicon = try lexicon.adding(gazetteer: String(contentsOfFile: options.gazetteer, encoding: .utf8))
            } catch {
                throw ProcessorError.invalidConfiguration(key: "gazetteer", message: "\(options.gazetteer): \(error)")
            }
        }
        self.init(options: options, lexicon: lexicon)
    }

    init(options: EntitiesOptions, lexicon: EntityLexicon) {
        self.options = options
        self.lexicon = lexicon
    }

    /// Models whose load failure has been logged: once per process, not once per article.
    private static let reported = Mutex<Set<String>>([])

    /// The model for a language, unless the tagger is off.
    func model(_ language: String) -> TaggerModel? { options.tagger ? TaggerModels.model(language) : nil }

    public func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        let segments = try context.require(.segments)
        let language = context.annotations[.language]?.language
        var output = Annotations()
        output[.entities] = try extract(
            document, segments: segments, language: language, checkpoint: context.checkDeadline
        ) { name, failure in
            guard Self.reported.withLock({ $0.insert(name).inserted }) else { return }
            context.logger.error(
                "the entity tagger's model cannot be loaded; people, organisations and places in this language come from the rules and gazetteers only",
                metadata: ["processor": "entities", "model": "\(name)", "error": "\(failure)"])
        }
        return output
    }

    /// The model for a language code, or by the script of the text when it has none.
    func modelName(language: String?, sample: ArraySlice<Unicode.Scalar>) -> String? {
        guard options.tagger else { return nil }
        if let language, TaggerModels.languages.contains(language) { return language }
        if !options.fallbackModel.isEmpty { return options.fallbackModel }
        var arabic = 0
        var latin = 0
        var eastAsian = 0
        let table = ScalarTable.shared
        for scalar in sample.prefix(4000) {
            // Han, kana and Hangul: no model knows them (and none of them is Arabic or Latin).
            if scalar.value >= EastAsianScript.lowest {
                if EastAsianScript.isEastAsian(scalar) { eastAsian += 1 }
                continue
            }
            guard table.isAlphabetic(scalar) else { continue }
            if (0x0600...0x06FF).contains(scalar.value) { arabic += 1 } else if scalar.value < 0x250 { latin += 1 }
        }
        // Text mostly in Chinese, Japanese or Korean gets no tagger.
        let name = arabic == 0 && latin == 0 || eastAsian > arabic + latin ? nil : (arabic >= latin ? "ar" : "en")
        return name
    }

    /// Extracts the entities of a segmented document; `checkpoint` runs between sentences and may throw.
    ///
    /// `modelFailure` is called with the model's name and the reason when the tagger should run but
    /// its model could not be loaded (the article then gets the rules and gazetteers only).
    public func extract(
        _ document: Document, segments: Segmentation, language: String?, checkpoint: () throws -> Void = {},
        modelFailure: (_ model: String, _ reason: String) -> Void = { _, _ in }
    ) throws -> Entities {
        let modelName = modelName(language: language, sample: document.scalars[...])
        let model = modelName.flatMap(model)
        if model == nil, let modelName, let failure = TaggerModels.failure(modelName) { modelFailure(modelName, failure) }
        let extractor = model.map { FeatureExtractorBox(model: $0, lexicon: lexicon) }
        let ruleLanguage = language ?? modelName
        let quantities = QuantityRules(lexicon: lexicon)
        let names = NameRules(lexicon: lexicon)
        let nameLanguages = NameRules.languages(lexicon.index, ruleLanguage)
        var matches: [Mention] = []
        var examined = 0
        // Buffers that earlier articles have grown: cutting and tagging a sentence then allocates
        // little beyond its matches.
        var workspace = EntityWorkspace.take(index: lexicon.index)
        defer { EntityWorkspace.give(workspace) }
        let plausibility = Plausibility(
            lexicon.index, language: ruleLanguage, strictLatin: modelName != nil && modelName != language)
        for (number, sentence) in segments.sentences.enumerated() {
            if number % 64 == 0 { try checkpoint() }
            // The cost bound: sentences after the first max_tokens tokens are not examined.
            guard examined < options.maxTokens else { break }
            let scalars = document.scalars[sentence.range.start..<sentence.range.end]
            workspace.tokens.tokenize(scalars, offset: sentence.range.start)
            examined += workspace.tokens.count
            workspace.found.removeAll(keepingCapacity: true)
            AddressRules.matches(scalars, into: &workspace.found)
            quantities.matches(workspace.tokens, into: &workspace.found, quantities: options.quantities)
            names.matches(workspace.tokens, languages: nameLanguages, into: &workspace.found)
            let taggedFrom = workspace.found.count
            // The tagger reads runs of Han, kana and Hangul whole, as its training corpora wrote them.
            let wholeRuns = model != nil && workspace.swapInWholeRuns(scalars, offset: sentence.range.start)
            if let model, let extractor, !workspace.tokens.isEmpty {
                model.label(workspace.tokens, extractor: extractor.extractor, buffers: &workspace.tagger)
                Self.spans(workspace.tokens, workspace.tagger.path, workspace.tagger.confidences) { span in
                    guard span.match.score >= options.minScore,
                        let kept = plausibility.adjust(span, in: workspace.tokens)
                    else { return }
                    workspace.found.append(kept.match)
                }
            }
            if wholeRuns { workspace.swapBack() }
            Self.preferLongerNames(&workspace.found, tagged: taggedFrom)
            EntityMatch.resolve(&workspace.found, into: &workspace.kept)
            for match in workspace.kept {
                matches.append(
                    Mention(
                        match: match, isBoilerplate: sentence.isBoilerplate,
                        key: Self.key(match) ?? nameKey(match, workspace.tokens, document)))
            }
        }
        return Entities(model: model == nil ? nil : modelName, items: group(matches, document: document))
    }

    /// Whether a tagger span can be a name, and which of its words are: it holds no function word
    /// ("کے", "في", "the"), no punctuation but `( ) . - '`, is not only titles ("ڈپٹی سیکرٹری") and is
    /// not one month or weekday name ("Monday"). The models learnt from Wikipedia titles and
    /// over-tag common words of running news text; this removes most of that.
    ///
    /// In the Latin script a leading article is left out ("the Bank of England"; ``articles``, in
    /// lower case anywhere, capitalized only at the start of the sentence, so "The Hague" inside
    /// one stays whole), as are leading lower-case words ("president visited China"), and a
    /// lower-case connector between capitalized words is part of the name
    /// ("Bank of England", "Republic of Korea"; ``FeatureExtractor/connectors``). With
    /// `strictLatin` (the languages without a model of their own, whose Latin-script articles the
    /// English model tags without knowing their function words, so that it runs names on through
    /// them) a span is also cut to its capitalized words: leading and trailing lower-case words go
    /// ("Le président Emmanuel Macron" gives "Emmanuel Macron"), and a span with any other
    /// lower-case word inside is dropped ("Olaf Scholz hat am Dienstag in Berlin").
    struct Plausibility {
        let index: LexiconIndex
        let languages: UInt64
        private static let stop = EntityLexicon.Kind.all.firstIndex(of: .stop)!
        private static let title = EntityLexicon.Kind.all.firstIndex(of: .title)!
        private static let allowedPunctuation = Array("().-'’".unicodeScalars)
        /// Articles and other words that may open a Latin-script sentence before a name but are
        /// not part of it, in the languages of Western Europe (by normalized hash, so any case).
        static let articles = HashedTable(words: [
            "the", "a", "an", "this", "that", "le", "la", "les", "l'", "un", "une", "des", "du", "ce", "cette", "der",
            "die", "das", "dem", "den", "ein", "eine", "einen", "el", "los", "las", "lo", "una", "il", "gli", "i", "o",
            "os", "as", "um", "uma", "het", "de", "een",
        ])

        /// Whether Latin-script spans are cut to their capitalized words (``adjust(_:in:)``).
        let strictLatin: Bool

        /// A filter for the articles of `language`; `strictLatin` when the tagger's model is not the
        /// language's own (a Latin-script language without a model gets the English one).
        init(_ index: LexiconIndex, language: String?, strictLatin: Bool = false) {
            self.index = index
            self.languages = index.languageMask(language)
            self.strictLatin = strictLatin
        }

        /// The span cut to its name (Latin script only), or nil when it cannot be a name.
        func adjust(_ span: Span, in sentence: SentenceTokens) -> Span? {
            let tokens = sentence.tokens
            var span = span
            if !strictLatin {
                // "the Bank of England", "The United Nations said": the article belongs to the
                // sentence, and so do lower-case words before a name ("president visited China"):
                // a name may end in lower case ("Miami metropolitan area") but hardly begins so.
                var first = span.first
                while first < span.last, isLatinWord(sentence, first + 1),
                    isLeadingArticle(sentence, first) || isLowercaseLatin(sentence, first)
                {
                    first += 1
                }
                if first != span.first {
                    span.first = first
                    span.match.start = tokens[first].start
                }
            }
            if strictLatin && (isLatinWord(sentence, span.first) || isLatinWord(sentence, span.last)) {
                // Leading and trailing words in lower case, articles and punctuation belong to the sentence.
                func outside(_ position: Int) -> Bool {
                    let token = tokens[position]
                    return isLowercaseLatin(sentence, position) || isLeadingArticle(sentence, position)
                        || (token.isPunctuation && sentence.raw[token.raw.lowerBound] != "(")
                }
                func outsideAtEnd(_ position: Int) -> Bool {
                    let token = tokens[position]
                    return isLowercaseLatin(sentence, position)
                        || (token.isPunctuation && sentence.raw[token.raw.lowerBound] != ")")
                }
                while span.first < span.last, outside(span.first) { span.first += 1 }
                while span.last > span.first, outsideAtEnd(span.last) { span.last -= 1 }
                if outside(span.first) { return nil }
                for position in span.first...span.last
                where isLowercaseLatin(sentence, position)
                    && FeatureExtractor.connectors[tokens[position].normalizedHash] == nil
                {
                    return nil
                }
                span.match.start = tokens[span.first].start
                span.match.end = tokens[span.last].end
            }
            // The tokens inside the span: those from `first` to `last`, which is where the span's
            // offsets came from.
            let inside = span.first...span.last
            for position in inside {
                let token = tokens[position]
                if token.isPunctuation && !Self.allowedPunctuation.contains(sentence.raw[token.raw.lowerBound])
                    && !isPlaceComma(sentence, position, span)
                {
                    return nil
                }
                // A connector between the capitalized words of a Latin name is part of it ("of").
                if position != span.first && position != span.last && isLowercaseLatin(sentence, position)
                    && FeatureExtractor.connectors[token.normalizedHash] != nil
                    && !isLowercaseLatin(sentence, position - 1) && !isLowercaseLatin(sentence, position + 1)
                {
                    continue
                }
                if index.isWord(token.word, Self.stop, languages) { return nil }
            }
            if inside.allSatisfy({ index.isWord(tokens[$0].word, Self.title, languages) }) { return nil }
            if inside.count == 1,
                index.longestPhrase(
                    in: sentence, at: span.first, types: LexiconIndex.PhraseType.month | LexiconIndex.PhraseType.weekday
                )?.count == 1
            {
                return nil
            }
            return span
        }

        /// A token of Latin letters (not a number, not punctuation).
        private func isLatinWord(_ sentence: SentenceTokens, _ position: Int) -> Bool {
            let token = sentence.tokens[position]
            return token.isLatin && !token.isPunctuation && sentence.raw[token.raw.lowerBound].properties.isAlphabetic
        }

        /// A comma inside a place's name, between two of its words: "Jacksonville, Florida",
        /// "ویسٹ ہیون، کنیکٹیکٹ" (West Haven, Connecticut) name one place, the smaller first. In the
        /// Latin script the word after the comma must be capitalized; neither word may be a
        /// function word.
        private func isPlaceComma(_ sentence: SentenceTokens, _ position: Int, _ span: Span) -> Bool {
            let tokens = sentence.tokens
            let mark = sentence.raw[tokens[position].raw.lowerBound]
            guard span.match.type == .location, position > span.first, position < span.last,
                mark == "," || mark == "\u{060C}"
            else { return false }
            let before = tokens[position - 1]
            let after = tokens[position + 1]
            guard !before.isPunctuation || sentence.raw[before.raw.lowerBound] == ")", !after.isPunctuation,
                !index.isWord(after.word, Self.stop, languages)
            else { return false }
            return !after.isLatin || (after.isCapitalized && isLatinWord(sentence, position + 1))
        }

        /// An article before a name: in lower case anywhere ("the", "la"), capitalized only where the
        /// sentence starts ("Le président …"), since inside a sentence a capitalized article is part
        /// of the name ("in The Hague", "a La Paz", "Los Angeles").
        private func isLeadingArticle(_ sentence: SentenceTokens, _ position: Int) -> Bool {
            let tokens = sentence.tokens
            guard Self.articles[tokens[position].normalizedHash] != nil else { return false }
            return isLowercaseLatin(sentence, position) || !tokens[..<position].contains { !$0.isPunctuation }
        }

        /// A Latin word whose first letter is lower case.
        private func isLowercaseLatin(_ sentence: SentenceTokens, _ position: Int) -> Bool {
            let token = sentence.tokens[position]
            return token.isLatin && !token.isCapitalized && sentence.raw[token.raw.lowerBound].properties.isLowercase
        }
    }

    /// Where a name from the tagger holds exactly one gazetteer or name-rule match and more
    /// besides, the tagger's longer name wins: "Cornell University Chorus" over the rule's
    /// "Cornell University", "Lithuania national basketball team" and "انجمن قلب آمریکا" (American
    /// Heart Association) over the country, "Jacksonville, Florida" over the state (a place inside
    /// a name of any type, a person or an organisation inside one of the same type). Matches from
    /// `tagged` on are the tagger's. Rules otherwise win their overlaps
    /// (``EntityMatch/resolve(_:into:)``); a name holding two rule matches ("Britain and France")
    /// leaves both, and dates, numbers and addresses always win.
    static func preferLongerNames(_ found: inout [EntityMatch], tagged: Int) {
        guard found.count > tagged, tagged > 0 else { return }
        var removed = Set<Int>()
        for candidate in tagged..<found.count {
            let name = found[candidate]
            var inside: Int?
            var overlaps = 0
            for rule in 0..<tagged where found[rule].start < name.end && name.start < found[rule].end {
                inside = rule
                overlaps += 1
            }
            // A place may be part of a longer name of any type ("Bank of England"); a person or an
            // organisation only of a longer one of its own type ("John Smith of Acme Corp" is not
            // an organisation).
            guard overlaps == 1, let rule = inside, found[rule].priority >= 2, name.start <= found[rule].start,
                found[rule].end <= name.end, name.length > found[rule].length,
                found[rule].type == .location || found[rule].type == name.type
            else { continue }
            removed.insert(rule)
        }
        for rule in removed.sorted(by: >) { found.remove(at: rule) }
    }

    /// A tagger span: its match and the tokens it covers.
    struct Span {
        var match: EntityMatch
        var first: Int
        var last: Int
    }

    /// The tagger's labels as spans, each scored by its tokens' mean confidence: `path` holds
    /// each token's label (its index in ``TagScheme``) and `confidences` its confidence
    /// (``TaggerModel/label(_:extractor:buffers:)``); `span` is called with each, in text order.
    static func spans(
        _ sentence: SentenceTokens, _ path: [Int], _ confidences: [Double], span: (Span) -> Void
    ) {
        let tokens = sentence.tokens
        var index = 0
        while index < path.count {
            let label = TagScheme.label(path[index])
            guard let type = label.type, label.isBegin else {
                index += 1
                continue
            }
            var end = index + 1
            while end < path.count {
                let next = TagScheme.label(path[end])
                guard next.isInside, next.type == type else { break }
                end += 1
            }
            var confidence = 0.0
            for position in index..<end { confidence += confidences[position] }
            confidence /= Double(end - index)
            // Punctuation at the edges of a span belongs to the sentence, not the name.
            var first = index
            var last = end - 1
            while first < last, tokens[first].isPunctuation { first += 1 }
            while last > first, tokens[last].isPunctuation && sentence.raw[tokens[last].raw.lowerBound] != ")" {
                last -= 1
            }
            if !tokens[first].isPunctuation {
                span(
                    Span(
                        match: EntityMatch(
                            start: tokens[first].start, end: tokens[last].end, type: type,
                            score: (confidence * 1000).rounded() / 1000, priority: 4),
                        first: first, last: last))
            }
            index = end
        }
    }

    /// What a match is grouped by unless it is its text: the canonical name of a place or a
    /// listed name, the value of a date or number, and for money the amount with its currency
    /// ("$4.5 billion" and "$3 million" are two entities, not one in USD).
    static func key(_ match: EntityMatch) -> String? {
        if match.type == .money, let value = match.value { return value + " " + (match.canonical ?? "") }
        return match.canonical ?? match.value
    }

    /// A match before grouping: where it was found and the key it is grouped by (canonical name,
    /// value, or the normalized text).
    struct Mention {
        var match: EntityMatch
        var isBoilerplate: Bool
        var key: String
    }

    /// ``normalizedText(_:_:)`` of a match, from the sentence's tokens when the match begins and
    /// ends where tokens do (cutting its text out and tokenizing it again gives the same tokens
    /// then), else from its text.
    func nameKey(_ match: EntityMatch, _ sentence: SentenceTokens, _ document: Document) -> String {
        let tokens = sentence.tokens
        guard let first = tokens.firstIndex(where: { $0.start >= match.start }), tokens[first].start == match.start,
            let last = tokens[first...].firstIndex(where: { $0.end >= match.end }), tokens[last].end == match.end
        else { return normalizedText(match, document) }
        var capacity = last - first
        for position in first...last { capacity += 4 * sentence.tokens[position].normalizedCount }
        return String(unsafeUninitializedCapacity: capacity) { bytes in
            var count = 0
            for position in first...last {
                if position > first {
                    bytes[count] = 0x20
                    count += 1
                }
                for scalar in sentence.normalizedScalars(position) {
                    UTF8.encode(scalar) {
                        bytes[count] = $0
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// A mention's text, its tokens normalized and joined by spaces: the key of a name.
    ///
    /// Each token's scalars are folded (``ScalarTable/folded(_:)``, which is what
    /// ``TokenNormalizer/normalize(_:)`` does to a token's string) straight into the key's UTF-8.
    func normalizedText(_ match: EntityMatch, _ document: Document) -> String {
        let scalars = document.scalars[match.start..<match.end]
        let table = ScalarTable.shared
        // At most four bytes a scalar, and a space before each token but the first.
        return String(unsafeUninitializedCapacity: 5 * scalars.count + 1) { bytes in
            var count = 0
            EntityTokenizer.split(scalars) { range in
                // As before: a space before every token after one that left any text.
                if count > 0 {
                    bytes[count] = 0x20
                    count += 1
                }
                for scalar in scalars[range] {
                    let folded = table.folded(scalar)
                    guard folded != TokenNormalizer.dropped else { continue }
                    UTF8.encode(Unicode.Scalar(folded).unsafelyUnwrapped) {
                        bytes[count] = $0
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// Groups mentions into entities by type and key, ordered by first mention.
    func group(_ matches: [Mention], document: Document) -> [Entities.Entity] {
        var order: [GroupKey] = []
        var groups: [GroupKey: Int] = [:]
        var entries: [(first: EntityMatch, mentions: [Entities.Mention], best: Double)] = []
        for mention in matches {
            let match = mention.match
            let key = GroupKey(type: match.type, key: mention.key)
            let found = Entities.Mention(
                range: TextRange(start: match.start, end: match.end), isBoilerplate: mention.isBoilerplate)
            if let index = groups[key] {
                entries[index].mentions.append(found)
                entries[index].best = max(entries[index].best, match.score)
            } else {
                groups[key] = entries.count
                order.append(key)
                entries.append((match, [found], match.score))
            }
        }
        return zip(order, entries).map { key, group in
            Entities.Entity(
                type: key.type, text: Self.text(document, group.first.start..<group.first.end),
                value: group.first.value, canonical: group.first.canonical, score: group.best, mentions: group.mentions)
        }
    }

    /// A document's scalars as a string (``Document/text(in:)``).
    static func text(_ document: Document, _ range: Range<Int>) -> String {
        ScalarUTF8.string(document.scalars[range])
    }

    /// What mentions are grouped by: their type and key string, compared and hashed as the
    /// strings would be (by canonical equivalence) but without normalizing them each time: a key
    /// whose canonical composition is all simple scalars (``ScalarTable/isSimple(_:)``), as
    /// nearly all are, is compared and hashed by the UTF-8 of that composition; any other as a
    /// string. (The composition is the key itself unless the key has combining marks.)
    struct GroupKey: Hashable {
        var type: EntityType
        /// The key's canonical composition when its scalars are all simple, else the key.
        var text: String
        var isSimple: Bool

        init(type: EntityType, key: String) {
            self.type = type
            let table = ScalarTable.shared
            if key.unicodeScalars.allSatisfy(table.isSimple) {
                text = key
                isSimple = true
                return
            }
            let composed = key.precomposedStringWithCanonicalMapping
            if composed.unicodeScalars.allSatisfy(table.isSimple) {
                text = composed
                isSimple = true
            } else {
                text = key
                isSimple = false
            }
        }

        static func == (left: GroupKey, right: GroupKey) -> Bool {
            guard left.type == right.type, left.isSimple == right.isSimple else { return false }
            return left.isSimple ? left.text.utf8.elementsEqual(right.text.utf8) : left.text == right.text
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(type)
            hasher.combine(isSimple)
            if isSimple {
                var text = text
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            } else {
                hasher.combine(text)
            }
        }
    }
}
