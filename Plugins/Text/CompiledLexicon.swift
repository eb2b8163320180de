/// A type that holds a ``BoilerplateLexicon`` in the shape matching needs: each entry lowercased
/// and split into words, longest phrases first, plus sets for single-word lookups.
///
/// Built once when the processor is configured and shared read-only by every call.
struct CompiledLexicon: Sendable {
    let source: [[String]]
    let comments: [[String]]
    let caption: [[String]]
    let bylinePrefixes: [[String]]
    let captionCues: [[String]]
    let widgetWords: Set<String>
    let nameParticles: Set<String>
    let abbreviations: Set<String>
    let proclitics: [String]
    /// Every single word of a source, comment or caption label, or a widget: never part of a name.
    let labelWords: Set<String>

    init(_ lexicon: BoilerplateLexicon) {
        func phrases(_ list: [String]) -> [[String]] {
            let split = list.map { entry in
                entry.lowercased().split(whereSeparator: { $0 == " " || $0 == ":" }).map(String.init)
            }
            return Array(Set(split.filter { !$0.isEmpty })).sorted { ($0.count, $0.joined()) > ($1.count, $1.joined()) }
        }
        source = phrases(lexicon.sourceLabels)
        comments = phrases(lexicon.commentLabels)
        caption = phrases(lexicon.captionLabels)
        bylinePrefixes = phrases(lexicon.bylinePrefixes)
        captionCues = phrases(lexicon.captionCues)
        widgetWords = Set(phrases(lexicon.widgetWords).joined())
        nameParticles = Set(lexicon.nameParticles.map { $0.lowercased() })
        abbreviations = Set(lexicon.abbreviations.map { $0.lowercased() })
        proclitics = lexicon.proclitics
        labelWords = Set((source + comments + caption).joined()).union(widgetWords)
    }

    /// Whether `token` is `word`, possibly with one proclitic in front (Arabic "و" + "تحدث").
    func word(_ token: String, matches word: String) -> Bool {
        if token == word { return true }
        for clitic in proclitics where token.hasPrefix(clitic) && token.count == word.count + clitic.count {
            if token.dropFirst(clitic.count) == word { return true }
        }
        return false
    }

    /// The length in tokens of the longest phrase in `list` that starts at token `index`, or nil.
    func match(_ list: [[String]], in tokens: [ParagraphTokens.Token], at index: Int) -> Int? {
        for phrase in list where index + phrase.count <= tokens.count {
            var matched = true
            for (offset, word) in phrase.enumerated() where !self.word(tokens[index + offset].text, matches: word) {
                matched = false
                break
            }
            if matched { return phrase.count }
        }
        return nil
    }

    /// Whether any phrase in `list` occurs anywhere in `tokens`.
    func contains(_ list: [[String]], in tokens: [ParagraphTokens.Token]) -> Bool {
        tokens.indices.contains { match(list, in: tokens, at: $0) != nil }
    }
}
