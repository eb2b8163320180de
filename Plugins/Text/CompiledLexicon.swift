import Foundation

/// A type that holds a ``BoilerplateLexicon`` in the shape matching needs: each entry lowercased
/// and split into words, longest phrases first, plus sets for single-word lookups.
///
/// Built once when the processor is configured and shared read-only by every call.
struct CompiledLexicon: Sendable {
    /// Phrases (lists of words) indexed by their first word, longest first, so that matching at a
    /// token costs one dictionary lookup rather than a scan of the list.
    struct PhraseList: Sendable {
        let byFirstWord: [String: [[String]]]

        init(_ phrases: [[String]]) {
            var index: [String: [[String]]] = [:]
            for phrase in phrases { index[phrase[0], default: []].append(phrase) }
            byFirstWord = index.mapValues { $0.sorted { ($0.count, $0.joined()) > ($1.count, $1.joined()) } }
        }
    }

    let source: PhraseList
    let comments: PhraseList
    let caption: PhraseList
    let bylinePrefixes: PhraseList
    let captionCues: PhraseList
    let widgetWords: Set<String>
    let nameParticles: Set<String>
    let abbreviations: Set<String>
    let proclitics: [String]
    /// Every single word of a source, comment or caption label, or a widget: never part of a name.
    let labelWords: Set<String>

    init(_ lexicon: BoilerplateLexicon) {
        // Entries are compared with documents' NFC text byte for byte, so they are normalized too.
        func phrases(_ list: [String]) -> [[String]] {
            let split = list.map { entry in
                entry.precomposedStringWithCanonicalMapping.lowercased()
                    .split(whereSeparator: { $0 == " " || $0 == ":" }).map(String.init)
            }
            return Array(Set(split.filter { !$0.isEmpty }))
        }
        let sourcePhrases = phrases(lexicon.sourceLabels)
        let commentPhrases = phrases(lexicon.commentLabels)
        let captionPhrases = phrases(lexicon.captionLabels)
        source = PhraseList(sourcePhrases)
        comments = PhraseList(commentPhrases)
        caption = PhraseList(captionPhrases)
        bylinePrefixes = PhraseList(phrases(lexicon.bylinePrefixes))
        captionCues = PhraseList(phrases(lexicon.captionCues))
        widgetWords = Set(phrases(lexicon.widgetWords).joined())
        nameParticles = Set(lexicon.nameParticles.map { $0.lowercased() })
        abbreviations = Set(lexicon.abbreviations.map { $0.lowercased() })
        proclitics = lexicon.proclitics.map { $0.precomposedStringWithCanonicalMapping }
        labelWords = Set((sourcePhrases + commentPhrases + captionPhrases).joined()).union(widgetWords)
    }

    /// Whether `token` is `word`, possibly with one proclitic in front (Arabic "و" + "تحدث").
    /// Compares UTF-8 bytes: both sides are NFC, and String's own comparison would normalize.
    func word(_ token: String, matches word: String) -> Bool {
        if token.utf8.elementsEqual(word.utf8) { return true }
        for clitic in proclitics where token.utf8.count == word.utf8.count + clitic.utf8.count {
            if token.utf8.starts(with: clitic.utf8), token.utf8.dropFirst(clitic.utf8.count).elementsEqual(word.utf8) {
                return true
            }
        }
        return false
    }

    /// The length in tokens of the longest phrase in `list` that starts at token `index`, or nil.
    func match(_ list: PhraseList, in tokens: [ParagraphTokens.Token], at index: Int) -> Int? {
        let first = tokens[index].text
        if let length = match(list.byFirstWord[first], tokens, index) { return length }
        for clitic in proclitics where first.utf8.count > clitic.utf8.count && first.utf8.starts(with: clitic.utf8) {
            let stripped = String(decoding: first.utf8.dropFirst(clitic.utf8.count), as: UTF8.self)
            if let length = match(list.byFirstWord[stripped], tokens, index) { return length }
        }
        return nil
    }

    private func match(_ candidates: [[String]]?, _ tokens: [ParagraphTokens.Token], _ index: Int) -> Int? {
        guard let candidates else { return nil }
        for phrase in candidates where index + phrase.count <= tokens.count {
            var matched = true
            for offset in 1..<phrase.count where !word(tokens[index + offset].text, matches: phrase[offset]) {
                matched = false
                break
            }
            if matched { return phrase.count }
        }
        return nil
    }

    /// Whether any phrase in `list` occurs anywhere in `tokens`.
    func contains(_ list: PhraseList, in tokens: [ParagraphTokens.Token]) -> Bool {
        tokens.indices.contains { match(list, in: tokens, at: $0) != nil }
    }
}
