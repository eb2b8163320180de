import Foundation
import LectorCore

/// Every word the rules and the features compare tokens with, numbered, and what each word is:
/// the lists it is on and for which languages, the phrases it starts, its meaning to the quantity
/// rules. Built from an ``EntityLexicon`` whenever its lists change.
///
/// A token's normalized form is looked up once, when ``SentenceTokens`` cuts the sentence, and
/// from then on every rule compares small integers. The lookup hashes the token's scalars
/// (64-bit FNV-1a, the same hash the tagger's word feature uses) into an open-addressing table
/// and confirms a hit by comparing the scalars, so two words never share an id. This equals
/// looking the word up in a `[String: …]` dictionary, which compares by canonical equivalence,
/// because the table holds each word's canonical composition (NFC) and a token takes it only
/// when all of its scalars are *simple* (``ScalarTable/referenceIsSimple(_:)``), that is, when
/// the token is its own NFC; any other token is looked up through `String`.
///
/// ```swift
/// let index = EntityLexicon.shared.index
/// let id = index.id(of: "كمیٹی")                      // ≥ 0: on a list
/// index.isWord(id, .orgFinal, index.languageMask("ur"))   // true
/// ```
struct LexiconIndex: Sendable {
    /// Words that the rules name in their code, numbered first so that their ids are constants.
    static let ruleWords = [
        ",", "،", "-", "/", "–", "—", "تا", "to", "الي", "في", "المائه", "المئه", "سه", "ماهي", "$",
    ]

    enum RuleWord {
        static let comma: Int32 = 0
        static let arabicComma: Int32 = 1
        static let hyphen: Int32 = 2
        static let slash: Int32 = 3
        static let enDash: Int32 = 4
        static let emDash: Int32 = 5
        static let urduTo: Int32 = 6
        static let englishTo: Int32 = 7
        static let arabicTo: Int32 = 8
        static let arabicIn: Int32 = 9
        static let hundred: Int32 = 10
        static let hundredVariant: Int32 = 11
        static let urduThree: Int32 = 12
        static let urduMonths: Int32 = 13
        static let dollar: Int32 = 14
    }

    /// Type bits of phrases, for ``longestPhrase(in:at:types:)``.
    enum PhraseType {
        static let person: UInt8 = 1
        static let organization: UInt8 = 2
        static let location: UInt8 = 4
        static let month: UInt8 = 8
        static let weekday: UInt8 = 16
        static let other: UInt8 = 32
        static let names = person | organization | location

        static func bit(_ type: EntityType) -> UInt8 {
            switch type {
            case .person: person
            case .organization: organization
            case .location: location
            case EntityLexicon.month: month
            case EntityLexicon.weekday: weekday
            default: other
            }
        }
    }

    /// A phrase as the matcher sees it: its tokens' ids in ``phraseTokens`` and its type bit.
    struct CompiledPhrase: Sendable {
        var tokens: Range<Int>
        var typeBit: UInt8
        var phrase: EntityLexicon.Phrase
        var count: Int { tokens.count }
    }

    /// Meanings for the quantity rules, as bits per word.
    enum Rule {
        static let currency: UInt8 = 1
        static let scale: UInt8 = 2
        static let percent: UInt8 = 4
        static let ordinalSuffix: UInt8 = 8
        static let quarterOrdinal: UInt8 = 16
    }

    /// What the index knows, built once in ``init(words:phrases:)`` and never changed; the index
    /// holds it through one reference (``Storage``), so that copying an index — every
    /// ``SentenceTokens`` carries one, and the rules take it from there for each token — costs one
    /// reference count instead of one for each of its two dozen tables.
    struct Tables: Sendable {
        init() {}

        /// The exact `String` lookup: every word, by canonical equivalence.
        var ids: [String: Int32] = [:]
        /// Open addressing over ``keyScalars``: a slot holds an id or -1.
        var slots: [Int32] = []
        var slotMask = 0
        var keyHashes: [UInt64] = []
        var keyRanges: [Range<Int>] = []
        var keyScalars: [Unicode.Scalar] = []

        /// Per word: for each of ``EntityLexicon/Kind/all``, the mask of languages it is listed for.
        var kindLanguages: [UInt64] = []
        /// Per word: its ``EntityLexicon/flags(normalized:stem:)`` bits from the lists and phrases,
        /// and whether it is a key of the lists and of the phrases at all.
        var listBits: [UInt64] = []
        var phraseBits: [UInt64] = []
        var inLists: [Bool] = []
        var inPhrases: [Bool] = []
        /// Per word: the phrases it starts, in the order they were added, and their type bits.
        var phraseRanges: [Range<Int>] = []
        var phraseTypes: [UInt8] = []
        var phrases: [CompiledPhrase] = []
        var phraseTokens: [Int32] = []
        /// Per word: ``Rule`` bits, and the values behind them.
        var ruleBits: [UInt8] = []
        var currencies: [Int32: String] = [:]
        var scales: [Int32: Decimal] = [:]
        var quarterOrdinals: [Int32: Int] = [:]

        var languageBits: [String: UInt64] = [:]
        var anyLanguage: UInt64 = 0


        init(
            words: [String: [(kind: EntityLexicon.Kind, language: String)]], phrases: [String: [EntityLexicon.Phrase]]
        ) {
            for word in LexiconIndex.ruleWords { intern(word) }
            for key in words.keys.sorted() { intern(key) }
            for key in phrases.keys.sorted() {
                intern(key)
                for phrase in phrases[key]! { for token in phrase.tokens { intern(token) } }
            }
            for word in QuantityRules.currencies.keys.sorted() { intern(word) }
            for word in QuantityRules.scales.keys.sorted() { intern(word) }
            for word in QuantityRules.percentWords.sorted() { intern(word) }
            for word in QuantityRules.ordinalSuffixes { intern(word) }
            for word in QuantityRules.quarterOrdinals.keys.sorted() { intern(word) }

            let count = keyRanges.count
            kindLanguages = [UInt64](repeating: 0, count: count * EntityLexicon.Kind.all.count)
            listBits = [UInt64](repeating: 0, count: count)
            phraseBits = [UInt64](repeating: 0, count: count)
            inLists = [Bool](repeating: false, count: count)
            inPhrases = [Bool](repeating: false, count: count)
            phraseRanges = [Range<Int>](repeating: 0..<0, count: count)
            phraseTypes = [UInt8](repeating: 0, count: count)
            ruleBits = [UInt8](repeating: 0, count: count)

            languageBits["*"] = 1
            for (key, entries) in words {
                let id = Int(ids[key]!)
                inLists[id] = true
                for entry in entries {
                    listBits[id] |= 1 << UInt64(EntityLexicon.Kind.all.firstIndex(of: entry.kind) ?? 7)
                    guard let kind = EntityLexicon.Kind.all.firstIndex(of: entry.kind) else { continue }
                    if languageBits[entry.language] == nil {
                        precondition(languageBits.count < 64, "the word lists name more than 64 languages")
                        languageBits[entry.language] = 1 << UInt64(languageBits.count)
                    }
                    kindLanguages[id * EntityLexicon.Kind.all.count + kind] |= languageBits[entry.language]!
                }
            }
            anyLanguage = languageBits.values.reduce(0, |)
            for key in phrases.keys.sorted() {
                let id = Int(ids[key]!)
                inPhrases[id] = true
                let first = self.phrases.count
                for phrase in phrases[key]! {
                    phraseBits[id] |= EntityLexicon.phraseFlag(phrase)
                    let start = phraseTokens.count
                    for token in phrase.tokens { phraseTokens.append(ids[token]!) }
                    self.phrases.append(
                        CompiledPhrase(
                            tokens: start..<phraseTokens.count, typeBit: PhraseType.bit(phrase.type), phrase: phrase))
                    phraseTypes[id] |= PhraseType.bit(phrase.type)
                }
                phraseRanges[id] = first..<self.phrases.count
            }
            for (word, code) in QuantityRules.currencies {
                currencies[ids[word]!] = code
                ruleBits[Int(ids[word]!)] |= Rule.currency
            }
            for (word, value) in QuantityRules.scales {
                scales[ids[word]!] = value
                ruleBits[Int(ids[word]!)] |= Rule.scale
            }
            for word in QuantityRules.percentWords { ruleBits[Int(ids[word]!)] |= Rule.percent }
            for word in QuantityRules.ordinalSuffixes { ruleBits[Int(ids[word]!)] |= Rule.ordinalSuffix }
            for (word, value) in QuantityRules.quarterOrdinals {
                quarterOrdinals[ids[word]!] = value
                ruleBits[Int(ids[word]!)] |= Rule.quarterOrdinal
            }
        }

        /// Numbers a word (once per canonical-equivalence class) and enters its NFC into the table.
        @discardableResult
        mutating func intern(_ word: String) -> Int32 {
            if let id = ids[word] { return id }
            let id = Int32(keyRanges.count)
            ids[word] = id
            let table = ScalarTable.shared
            var key = Array(word.unicodeScalars)
            if !key.allSatisfy(table.isSimple) {
                key = Array(word.precomposedStringWithCanonicalMapping.unicodeScalars)
            }
            guard key.allSatisfy(table.isSimple) else {
                // No simple token equals this word; such tokens find it through `ids`.
                keyRanges.append(0..<0)
                keyHashes.append(0)
                return id
            }
            let start = keyScalars.count
            keyScalars += key
            keyRanges.append(start..<keyScalars.count)
            let hash = LexiconIndex.hash(key[...])
            keyHashes.append(hash)
            if keyRanges.count * 2 > slots.count { grow() } else { insert(id, hash: hash) }
            return id
        }

        mutating func grow() {
            let size = max(1024, slots.count * 2)
            slots = [Int32](repeating: -1, count: size)
            slotMask = size - 1
            for id in keyRanges.indices where !keyRanges[id].isEmpty { insert(Int32(id), hash: keyHashes[id]) }
        }

        mutating func insert(_ id: Int32, hash: UInt64) {
            var slot = Int(truncatingIfNeeded: LexiconIndex.spread(hash)) & slotMask
            while slots[slot] >= 0 { slot = (slot + 1) & slotMask }
            slots[slot] = id
        }
    }

    private final class Storage: Sendable {
        let tables: Tables
        init(_ tables: Tables) { self.tables = tables }
    }

    private let storage: Storage

    init() { storage = Storage(Tables()) }

    init(
        words: [String: [(kind: EntityLexicon.Kind, language: String)]], phrases: [String: [EntityLexicon.Phrase]]
    ) {
        storage = Storage(Tables(words: words, phrases: phrases))
    }

    var phrases: [CompiledPhrase] { storage.tables.phrases }
    var phraseTokens: [Int32] { storage.tables.phraseTokens }
    var currencies: [Int32: String] { storage.tables.currencies }
    var scales: [Int32: Decimal] { storage.tables.scales }
    var quarterOrdinals: [Int32: Int] { storage.tables.quarterOrdinals }

    /// 64-bit FNV-1a over the scalar values.
    @inline(__always)
    static func hash(_ scalars: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in scalars { value = (value ^ UInt64(scalar.value)) &* 0x100_0000_01B3 }
        return value
    }

    /// FNV's low bits are weak; the table indexes by mixed ones.
    @inline(__always)
    fileprivate static func spread(_ hash: UInt64) -> UInt64 {
        ((hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 20
    }

    /// The id of the word whose normalized scalars these are, or -1. `simple` says whether every
    /// scalar is simple (``ScalarTable/isSimple(_:)``), `hash` is ``hash(_:)`` of them.
    @inline(__always)
    func id(of scalars: ArraySlice<Unicode.Scalar>, hash: UInt64, simple: Bool) -> Int32 {
        guard simple else { return storage.tables.ids[String(String.UnicodeScalarView(scalars))] ?? -1 }
        guard !storage.tables.slots.isEmpty else { return -1 }
        var slot = Int(truncatingIfNeeded: Self.spread(hash)) & storage.tables.slotMask
        while true {
            let id = storage.tables.slots[slot]
            if id < 0 { return -1 }
            if storage.tables.keyHashes[Int(id)] == hash,
                storage.tables.keyScalars[storage.tables.keyRanges[Int(id)]].elementsEqual(scalars)
            {
                return id
            }
            slot = (slot + 1) & storage.tables.slotMask
        }
    }

    /// The id of a word given as a string (normalized already), or -1.
    func id(of word: String) -> Int32 { storage.tables.ids[word] ?? -1 }

    /// The languages a query for `language` accepts: that language's and `*`'s entries, or
    /// every entry when `language` is nil (as ``EntityLexicon/isWord(_:_:language:)`` does).
    func languageMask(_ language: String?) -> UInt64 {
        guard let language else { return storage.tables.anyLanguage }
        return (storage.tables.languageBits[language] ?? 0) | 1
    }

    /// Whether word `id` is on the list `kind` for a language in `languages` (``languageMask(_:)``).
    @inline(__always)
    func isWord(_ id: Int32, _ kind: Int, _ languages: UInt64) -> Bool {
        id >= 0 && storage.tables.kindLanguages[Int(id) * EntityLexicon.Kind.all.count + kind] & languages != 0
    }

    /// ``EntityLexicon/flags(normalized:stem:)`` from storage.tables.ids: the lists of the word, else of its stem,
    /// and the phrases the word starts, else those its stem starts.
    @inline(__always)
    func flags(word: Int32, stem: Int32) -> UInt64 {
        var value: UInt64 = 0
        if word >= 0 && storage.tables.inLists[Int(word)] {
            value = storage.tables.listBits[Int(word)]
        } else if stem >= 0 && storage.tables.inLists[Int(stem)] {
            value = storage.tables.listBits[Int(stem)]
        }
        if word >= 0 && storage.tables.inPhrases[Int(word)] {
            value |= storage.tables.phraseBits[Int(word)]
        } else if stem >= 0 && storage.tables.inPhrases[Int(stem)] {
            value |= storage.tables.phraseBits[Int(stem)]
        }
        return value
    }

    @inline(__always)
    func rule(_ id: Int32, _ bit: UInt8) -> Bool { id >= 0 && storage.tables.ruleBits[Int(id)] & bit != 0 }

    /// The positions in ``phrases`` of the phrases that word `id` starts.
    @inline(__always)
    func phraseRange(_ id: Int32) -> Range<Int> { id >= 0 ? storage.tables.phraseRanges[Int(id)] : 0..<0 }

    /// The ``PhraseType`` bits of the phrases that word `id` starts.
    @inline(__always)
    func phraseTypes(_ id: Int32) -> UInt8 { id >= 0 ? storage.tables.phraseTypes[Int(id)] : 0 }

    /// The longest phrase of a type in `types` (``PhraseType`` bits) that starts at token `index`,
    /// matching the first word with or without its Arabic proclitics, as
    /// ``EntityLexicon/longestPhrase(in:at:types:)`` does with strings.
    func longestPhrase(in sentence: SentenceTokens, at index: Int, types: UInt8) -> CompiledPhrase? {
        let token = sentence.tokens[index]
        // Most tokens start no phrase of the types asked for.
        guard token.phraseTypes & types != 0 else { return nil }
        let exact = token.word >= 0 ? storage.tables.phraseRanges[Int(token.word)] : 0..<0
        let stemmed =
            token.hasStem && token.stemWord >= 0 ? storage.tables.phraseRanges[Int(token.stemWord)] : 0..<0
        if exact.isEmpty && stemmed.isEmpty { return nil }
        var best: CompiledPhrase?
        for pass in 0..<2 {
            for position in pass == 0 ? exact : stemmed {
                let phrase = storage.tables.phrases[position]
                guard phrase.typeBit & types != 0, phrase.count > (best?.count ?? 0),
                    index + phrase.count <= sentence.tokens.count
                else { continue }
                var matches = true
                let first = phrase.tokens.lowerBound
                for offset in 1..<max(1, phrase.count)
                where sentence.tokens[index + offset].word != storage.tables.phraseTokens[first + offset] {
                    matches = false
                    break
                }
                if matches { best = phrase }
            }
        }
        return best
    }
}
