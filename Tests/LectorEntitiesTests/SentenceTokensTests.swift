import Foundation
import LectorCore
import Testing

@testable import LectorEntities

/// ``SentenceTokens`` must see every token exactly as the string-based definitions do: the same
/// tokens, normalized forms and stems as ``EntityToken``, and the same answers from lexicon ids
/// as from `String` lookups in ``EntityLexicon``, on the seed articles and on real corpus text.
struct SentenceTokensTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The seed articles' lines, and the first 400 sentences of every NER corpus, as text.
    static let texts: [(String, String?)] = {
        var texts: [(String, String?)] = []
        let seeds = root.appendingPathComponent("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".txt") {
            let text = (try? String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") { texts.append((String(line), nil)) }
        }
        for (language, file) in [
            ("ar", "ar/anercorp.train.txt"), ("ar", "ar/wikiann-ar.train.tsv"), ("en", "en/wikiann-en.train.tsv"),
            ("fa", "fa/wikiann-fa.train.tsv"), ("ur", "ur/wikiann-ur.train.tsv"),
        ] {
            let path = root.deletingLastPathComponent().appendingPathComponent("shared/data/ner/" + file).path
            guard let corpus = try? BIOCorpus(path: path) else { continue }
            for sentence in corpus.sentences.prefix(400) {
                texts.append((sentence.tokens.joined(separator: " "), language))
            }
        }
        return texts
    }()

    @Test func theDataIsThere() {
        #expect(Self.texts.count > 2_000, "seeds and ../shared/data/ner must be readable")
    }

    @Test func tokensNormalizedFormsAndStemsMatchEntityToken() {
        var sentence = SentenceTokens(index: EntityLexicon.shared.index)
        var checked = 0
        for (text, _) in Self.texts {
            let scalars = Array(text.unicodeScalars)
            let expected = EntityToken.tokenize(scalars, offset: 7)
            sentence.tokenize(scalars[...], offset: 7)
            #expect(sentence.count == expected.count)
            guard sentence.count == expected.count else { continue }
            for (index, token) in expected.enumerated() {
                let mine = sentence.tokens[index]
                let same =
                    mine.start == token.start && mine.end == token.end && sentence.text(index) == token.text
                    && sentence.normalizedString(index) == token.normalized
                    && String(String.UnicodeScalarView(sentence.stemScalars(index))) == token.stem
                    && mine.isPunctuation == token.isPunctuation
                    && mine.shape == FeatureExtractor.shape(token.text)
                #expect(same, "token \(index) of '\(text)'")
                if !same { return }
                checked += 1
            }
        }
        #expect(checked > 20_000)
    }

    @Test func lexiconIdsAnswerAsStringLookupsDo() {
        let lexicon = EntityLexicon.shared
        let index = lexicon.index
        var sentence = SentenceTokens(index: index)
        let languages: [String?] = [nil, "ur", "ar", "fa", "en", "*", "vi"]
        let masks = languages.map(index.languageMask)
        let allTypes: Set<EntityType> = [.person, .organization, .location, EntityLexicon.month, EntityLexicon.weekday]
        var onLists = 0
        for (text, _) in Self.texts {
            let tokens = EntityToken.tokenize(text.unicodeScalars)
            sentence.tokenize(Array(text.unicodeScalars)[...], offset: 0)
            for (position, token) in tokens.enumerated() {
                let mine = sentence.tokens[position]
                #expect(
                    index.flags(word: mine.word, stem: mine.stemWord)
                        == lexicon.flags(normalized: token.normalized, stem: token.stem), "flags of '\(token.text)'")
                for (kindIndex, kind) in EntityLexicon.Kind.all.enumerated() {
                    for (language, mask) in zip(languages, masks) {
                        let expected = lexicon.isWord(token.normalized, kind, language: language)
                        if expected { onLists += 1 }
                        #expect(index.isWord(mine.word, kindIndex, mask) == expected, "'\(token.text)' \(kind)")
                    }
                }
                let expected = lexicon.longestPhrase(in: tokens, at: position, types: allTypes)
                let found = index.longestPhrase(in: sentence, at: position, types: 0xFF)
                #expect(found?.phrase == expected, "phrase at '\(token.text)' in '\(text)'")
            }
        }
        #expect(onLists > 500)
    }

    @Test func aDecomposedSpellingFindsAGazetteerNameThroughStrings() throws {
        // "й" written as "и" + U+0306 is the same name to Swift strings, and so to the lists.
        let lexicon = try EntityLexicon.shared.adding(gazetteer: "LOCATION\tЗайцево\tZaytsevo\n")
        var sentence = SentenceTokens(index: lexicon.index)
        sentence.tokenize(Array("в Заи\u{0306}цево вчера".unicodeScalars)[...], offset: 0)
        #expect(!sentence.tokens[1].isSimple)
        let phrase = try #require(lexicon.index.longestPhrase(in: sentence, at: 1, types: 0xFF))
        #expect(phrase.phrase.canonical == "Zaytsevo")
    }
}
