import LectorCore

/// Rules for names that no training corpus spells the way the articles do, over a sentence's
/// tokens:
///
/// - gazetteer phrases (CLDR countries and regions, the built-in and user lists), longest first;
/// - people: a Vietnamese family name followed by one to three name syllables ("تران دی ڈنگ",
///   "نجوين هاي نام", "Nguyen Dinh Hai"); a title or role followed by two or more syllables
///   ("سیکرٹری مو اے سون"); a line that is nothing but two to four syllables (a byline);
/// - organisations: a head word that ends the name in Urdu and English, with up to four modifiers
///   before it ("صوبائی پارٹی کمیٹی", "Ky Anh ٹاؤن پارٹی کمیٹی"), or begins it in Arabic, with up
///   to four definite words after it ("لجنة التعبئة الجماهيرية").
struct NameRules: Sendable {
    let lexicon: EntityLexicon

    func matches(_ tokens: [EntityToken], language: String?) -> [EntityMatch] {
        var output: [EntityMatch] = []
        for index in tokens.indices {
            if let phrase = lexicon.longestPhrase(in: tokens, at: index, types: [.location, .organization, .person]) {
                output.append(
                    EntityMatch(
                        start: tokens[index].start, end: tokens[index + phrase.tokens.count - 1].end, type: phrase.type,
                        canonical: phrase.canonical, score: 0.95, priority: 2))
            }
            if let person = person(tokens, at: index, language: language) { output.append(person) }
            if let organization = organization(tokens, at: index, language: language) { output.append(organization) }
        }
        if (2...4).contains(tokens.count), tokens.allSatisfy({ isNamePart($0, language: language) }) {
            output.append(
                EntityMatch(
                    start: tokens[0].start, end: tokens[tokens.count - 1].end, type: .person, score: 0.7, priority: 2))
        }
        return output
    }

    private func isLatin(_ token: EntityToken) -> Bool {
        token.text.unicodeScalars.first.map { $0.value < 0x250 } ?? false
    }

    private func isCapitalized(_ token: EntityToken) -> Bool {
        token.text.unicodeScalars.first?.properties.isUppercase ?? false
    }

    private func isNamePart(_ token: EntityToken, language: String?) -> Bool {
        if isLatin(token) && !isCapitalized(token) { return false }
        let scriptLanguage = isLatin(token) ? "*" : language
        return !lexicon.isWord(token.normalized, .stop, language: language)
            && (lexicon.isWord(token.normalized, .syllable, language: scriptLanguage)
                || lexicon.isWord(token.normalized, .surname, language: scriptLanguage))
    }

    private func isSyllable(_ token: EntityToken, language: String?) -> Bool {
        lexicon.isWord(token.normalized, .syllable, language: isLatin(token) ? "*" : language)
    }

    private func person(_ tokens: [EntityToken], at index: Int, language: String?) -> EntityMatch? {
        let token = tokens[index]
        let scriptLanguage = isLatin(token) ? "*" : language
        var end = index + 1
        let fromSurname =
            lexicon.isWord(token.normalized, .surname, language: scriptLanguage)
            && (!isLatin(token) || isCapitalized(token))
        let fromTitle = lexicon.isWord(token.normalized, .title, language: language) && index + 1 < tokens.count
        guard fromSurname || fromTitle else { return nil }
        let first = fromSurname ? index : index + 1
        end = first + (fromSurname ? 1 : 0)
        while end < tokens.count, end - first < 4, isLatin(tokens[end]) == isLatin(tokens[first]) {
            if isNamePart(tokens[end], language: language) {
                end += 1
            } else if end + 1 < tokens.count, isSyllable(tokens[end], language: language),
                isNamePart(tokens[end + 1], language: language)
            {
                // A syllable that is also a function word ("تھی", Vietnamese Thị) inside a name.
                end += 1
            } else {
                break
            }
        }
        guard end - first >= 2 else { return nil }
        // A place that the gazetteer knows does not start a name ("ها تينه").
        if lexicon.longestPhrase(in: tokens, at: first, types: [.location])?.tokens.count ?? 0 >= end - first {
            return nil
        }
        return EntityMatch(
            start: tokens[first].start, end: tokens[end - 1].end, type: .person, score: 0.85, priority: 2)
    }

    private func isModifier(_ token: EntityToken, language: String?) -> Bool {
        !token.isPunctuation && !lexicon.isWord(token.normalized, .stop, language: language)
            && !lexicon.isWord(token.normalized, .title, language: language)
            && QuantityRules.value(token.normalized) == nil
    }

    private func organization(_ tokens: [EntityToken], at index: Int, language: String?) -> EntityMatch? {
        let token = tokens[index]
        if language != "ar", lexicon.isWord(token.normalized, .orgFinal, language: isLatin(token) ? "en" : language) {
            let latin = isLatin(token)
            if latin && !isCapitalized(token) { return nil }
            var start = index
            while start > 0, index - start < 4, isModifier(tokens[start - 1], language: language),
                !latin || isCapitalized(tokens[start - 1])
            {
                start -= 1
            }
            guard start < index else { return nil }
            return EntityMatch(start: tokens[start].start, end: token.end, type: .organization, score: 0.8, priority: 3)
        }
        guard language == "ar" else { return nil }
        var skip = 0
        if !lexicon.isWord(token.normalized, .orgInitial, language: "ar") {
            // A proclitic before the head: و، ف، ب، ل ("للجنة" is ل + لجنة).
            let scalars = Array(token.normalized.unicodeScalars)
            guard scalars.count > 3, "وفبل".unicodeScalars.contains(scalars[0]),
                lexicon.isWord(String(String.UnicodeScalarView(scalars.dropFirst())), .orgInitial, language: "ar")
            else { return nil }
            skip = 1
        }
        var end = index + 1
        while end < tokens.count, end - index < 5, isModifier(tokens[end], language: language) {
            let next = tokens[end].normalized
            let definite =
                next.hasPrefix("ال")
                || (next.hasPrefix("لل") && !lexicon.isWord(String(next.dropFirst()), .orgInitial, language: "ar"))
            guard definite || lexicon.isWord(next, .orgInitial, language: "ar") else { break }
            end += 1
        }
        guard end > index + 1 else { return nil }
        return EntityMatch(
            start: token.start + skip, end: tokens[end - 1].end, type: .organization, score: 0.8, priority: 3)
    }
}
