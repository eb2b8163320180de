import LectorCore

/// Rules for names that no training corpus spells the way the articles do, over a sentence's
/// tokens:
///
/// - gazetteer phrases (CLDR countries and regions, the built-in and user lists), longest first;
///   a Korean name also with a particle after it ("프랑스의", ``LexiconIndex/longestHangulPhrase(in:at:types:)``);
/// - people: a Vietnamese family name followed by one to three name syllables ("تران دی ڈنگ",
///   "نجوين هاي نام", "Nguyen Dinh Hai"); a title or role followed by two or more syllables
///   ("سیکرٹری مو اے سون"); a line that is nothing but two to four syllables (a byline);
/// - organisations: a head word that ends the name in Urdu and English, with up to four modifiers
///   before it ("صوبائی پارٹی کمیٹی", "Ky Anh ٹاؤن پارٹی کمیٹی"), or begins it in Arabic, with up
///   to four definite words after it ("لجنة التعبئة الجماهيرية").
struct NameRules: Sendable {
    let lexicon: EntityLexicon

    /// Language masks (``LexiconIndex/languageMask(_:)``) for one sentence's rules.
    fileprivate struct Languages {
        /// The article's language; the Latin script's lists are for every language ("*").
        var article: UInt64
        var latin: UInt64
        var english: UInt64
        var arabic: UInt64
        /// Whether the article's language is Arabic (head words begin organisations).
        var isArabic: Bool
        /// Whether the article has a language at all (nil accepts every list).
        var isKnown: Bool
    }

    private static let stop = EntityLexicon.Kind.all.firstIndex(of: .stop)!
    private static let title = EntityLexicon.Kind.all.firstIndex(of: .title)!
    private static let orgFinal = EntityLexicon.Kind.all.firstIndex(of: .orgFinal)!
    private static let orgInitial = EntityLexicon.Kind.all.firstIndex(of: .orgInitial)!
    private static let surname = EntityLexicon.Kind.all.firstIndex(of: .surname)!
    private static let syllable = EntityLexicon.Kind.all.firstIndex(of: .syllable)!

    func matches(_ sentence: SentenceTokens, language: String?) -> [EntityMatch] {
        var output: [EntityMatch] = []
        matches(sentence, languages: Self.languages(sentence.index, language), into: &output)
        return output
    }

    /// The language masks of the rules for an article's language, worked out once per article.
    struct ArticleLanguages {
        fileprivate var masks: Languages
    }

    static func languages(_ index: LexiconIndex, _ language: String?) -> ArticleLanguages {
        ArticleLanguages(
            masks: Languages(
                article: index.languageMask(language), latin: index.languageMask("*"),
                english: index.languageMask("en"), arabic: index.languageMask("ar"), isArabic: language == "ar",
                isKnown: language != nil))
    }

    /// ``matches(_:language:)`` with the masks of ``languages(_:_:)`` (for the same index),
    /// appended to `output`.
    func matches(_ sentence: SentenceTokens, languages article: ArticleLanguages, into output: inout [EntityMatch]) {
        let languages = article.masks
        let index = sentence.index
        let tokens = sentence.tokens
        for position in tokens.indices {
            if let first = sentence.raw[tokens[position].raw].first, first.value >= EastAsianScript.lowest,
                EastAsianScript.isHangul(first)
            {
                // Korean: the name may carry a particle ("프랑스의"), which the match leaves out.
                if let (phrase, end) = index.longestHangulPhrase(
                    in: sentence, at: position, types: LexiconIndex.PhraseType.names)
                {
                    output.append(
                        EntityMatch(
                            start: tokens[position].start, end: end, type: phrase.phrase.type,
                            canonical: phrase.phrase.canonical, score: 0.95, priority: 2))
                }
            } else if let phrase = index.longestPhrase(
                in: sentence, at: position, types: LexiconIndex.PhraseType.names),
                Self.isWrittenAsName(sentence, position..<position + phrase.count)
            {
                output.append(
                    EntityMatch(
                        start: tokens[position].start, end: tokens[position + phrase.count - 1].end,
                        type: phrase.phrase.type, canonical: phrase.phrase.canonical, score: 0.95, priority: 2))
            }
            if let person = person(sentence, at: position, languages) { output.append(person) }
            if let organization = organization(sentence, at: position, languages) { output.append(organization) }
        }
        if (2...4).contains(tokens.count), tokens.indices.allSatisfy({ isNamePart(sentence, $0, languages) }) {
            output.append(
                EntityMatch(
                    start: tokens[0].start, end: tokens[tokens.count - 1].end, type: .person, score: 0.7, priority: 2))
        }
    }

    /// Whether a gazetteer phrase is written as a name: in the Latin script, where names are
    /// capitalized, each of its words has a capital letter somewhere ("Réunion", "eBay") unless it
    /// joins the words of a name ("of", "de": ``FeatureExtractor/connectors``). Lists are looked up
    /// without case, so the French CLDR name "La Réunion" would otherwise be found in "La réunion a
    /// duré trois heures" ("the meeting lasted three hours"), and "Chad" in "chad". Other scripts
    /// have no case and are always accepted.
    static func isWrittenAsName(_ sentence: SentenceTokens, _ range: Range<Int>) -> Bool {
        let table = ScalarTable.shared
        for position in range {
            let token = sentence.tokens[position]
            guard token.isLatin, !token.isCapitalized, !token.isPunctuation,
                FeatureExtractor.connectors[token.normalizedHash] == nil
            else { continue }
            let scalars = sentence.raw[token.raw]
            if scalars.contains(where: { $0.properties.isAlphabetic }) && !scalars.contains(where: table.isUppercase) {
                return false
            }
        }
        return true
    }

    /// The languages whose lists a token's script calls for: every one ("*") for Latin tokens, else the article's.
    private func script(_ token: SentenceTokens.Token, _ languages: Languages) -> UInt64 {
        token.isLatin ? languages.latin : languages.article
    }

    private func isNamePart(_ sentence: SentenceTokens, _ position: Int, _ languages: Languages) -> Bool {
        let token = sentence.tokens[position]
        if token.isLatin && !token.isCapitalized { return false }
        let index = sentence.index
        let scriptLanguages = script(token, languages)
        return !index.isWord(token.word, Self.stop, languages.article)
            && (index.isWord(token.word, Self.syllable, scriptLanguages)
                || index.isWord(token.word, Self.surname, scriptLanguages))
    }

    private func isSyllable(_ sentence: SentenceTokens, _ position: Int, _ languages: Languages) -> Bool {
        let token = sentence.tokens[position]
        return sentence.index.isWord(token.word, Self.syllable, script(token, languages))
    }

    private func person(_ sentence: SentenceTokens, at position: Int, _ languages: Languages) -> EntityMatch? {
        let tokens = sentence.tokens
        let index = sentence.index
        let token = tokens[position]
        var end = position + 1
        let fromSurname =
            index.isWord(token.word, Self.surname, script(token, languages)) && (!token.isLatin || token.isCapitalized)
        let fromTitle = index.isWord(token.word, Self.title, languages.article) && position + 1 < tokens.count
        guard fromSurname || fromTitle else { return nil }
        let first = fromSurname ? position : position + 1
        end = first + (fromSurname ? 1 : 0)
        while end < tokens.count, end - first < 4, tokens[end].isLatin == tokens[first].isLatin {
            if isNamePart(sentence, end, languages) {
                end += 1
            } else if end + 1 < tokens.count, isSyllable(sentence, end, languages),
                isNamePart(sentence, end + 1, languages)
            {
                // A syllable that is also a function word ("تھی", Vietnamese Thị) inside a name.
                end += 1
            } else {
                break
            }
        }
        guard end - first >= 2 else { return nil }
        // A place that the gazetteer knows does not start a name ("ها تينه").
        if index.longestPhrase(in: sentence, at: first, types: LexiconIndex.PhraseType.location)?.count ?? 0
            >= end - first
        {
            return nil
        }
        return EntityMatch(
            start: tokens[first].start, end: tokens[end - 1].end, type: .person, score: 0.85, priority: 2)
    }

    /// Whether a word may stand in an organisation's name beside its head: not punctuation, a
    /// function word or a title, and no digits (an ordinal such as "13ویں" in "13ویں نیشنل پارٹی
    /// کانگریس" is a number of its own, which the quantity rules claim first).
    private func isModifier(_ sentence: SentenceTokens, _ position: Int, _ languages: Languages) -> Bool {
        let token = sentence.tokens[position]
        return !token.isPunctuation && !sentence.index.isWord(token.word, Self.stop, languages.article)
            && !sentence.index.isWord(token.word, Self.title, languages.article)
            && !sentence.normalizedScalars(position).contains { ("0"..."9").contains($0) }
            && QuantityRules.value(sentence, position) == nil
    }

    private static let arabicProclitics = Array("وفبل".unicodeScalars)

    /// Whether token `position` begins with the article ("ال…"), or with "لل" that is not an
    /// organisation's head word after the preposition ل.
    ///
    /// The test is on strings, as written, since `hasPrefix` compares characters: but a string
    /// can only begin with "ال" or "لل" when its first two scalars are those letters, so every
    /// other token (most of them) is answered from its scalars without making a string.
    private static func isDefinite(_ sentence: SentenceTokens, _ position: Int, lexicon: EntityLexicon) -> Bool {
        let scalars = sentence.normalizedScalars(position)
        guard scalars.count >= 2 else { return false }
        let first = scalars[scalars.startIndex]
        guard (first == "ا" || first == "ل") && scalars[scalars.startIndex + 1] == "ل" else { return false }
        let next = sentence.normalizedString(position)
        return next.hasPrefix("ال")
            || (next.hasPrefix("لل") && !lexicon.isWord(String(next.dropFirst()), .orgInitial, language: "ar"))
    }

    private func organization(_ sentence: SentenceTokens, at position: Int, _ languages: Languages) -> EntityMatch? {
        let tokens = sentence.tokens
        let index = sentence.index
        let token = tokens[position]
        if !languages.isArabic,
            index.isWord(token.word, Self.orgFinal, token.isLatin ? languages.english : languages.article)
        {
            let latin = token.isLatin
            if latin && !token.isCapitalized { return nil }
            var start = position
            while start > 0, position - start < 4, isModifier(sentence, start - 1, languages),
                !latin || tokens[start - 1].isCapitalized
            {
                start -= 1
            }
            guard start < position else { return nil }
            return EntityMatch(start: tokens[start].start, end: token.end, type: .organization, score: 0.8, priority: 3)
        }
        guard languages.isArabic else { return nil }
        var skip = 0
        if !index.isWord(token.word, Self.orgInitial, languages.arabic) {
            // A proclitic before the head: و، ف، ب، ل ("للجنة" is ل + لجنة).
            let scalars = sentence.normalizedScalars(position)
            guard scalars.count > 3, Self.arabicProclitics.contains(scalars.first!) else { return nil }
            let rest = scalars.dropFirst()
            let restWord = index.id(of: rest, hash: LexiconIndex.hash(rest), simple: token.isSimple)
            guard index.isWord(restWord, Self.orgInitial, languages.arabic) else { return nil }
            skip = 1
        }
        var end = position + 1
        while end < tokens.count, end - position < 5, isModifier(sentence, end, languages) {
            guard Self.isDefinite(sentence, end, lexicon: lexicon)
                || index.isWord(tokens[end].word, Self.orgInitial, languages.arabic)
            else { break }
            end += 1
        }
        guard end > position + 1 else { return nil }
        return EntityMatch(
            start: token.start + skip, end: tokens[end - 1].end, type: .organization, score: 0.8, priority: 3)
    }
}
