import Foundation
import LectorCore

/// The word lists behind the features and rules: function words, person titles, organisation
/// heads, Vietnamese family names and name syllables (from `Resources/lexicon.tsv`), CLDR country
/// and region names in several languages, CLDR month and weekday names (Gregorian) from
/// Foundation's locale data, and any user gazetteer.
///
/// Every word is compared in its normalized form (``TokenNormalizer``), so "الإمارات" and
/// "الامارات" match alike.
///
/// ```swift
/// let lexicon = EntityLexicon.shared
/// lexicon.isWord("نے", .stop, language: "ur")   // true
/// ```
public struct EntityLexicon: Sendable {
    /// A list a word may be on.
    public struct Kind: StringOption {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// Function words, never part of a name.
        public static let stop = Kind("stop")
        /// Titles and roles that precede a person's name.
        public static let title = Kind("title")
        /// Words that end an organisation's name ("کمیٹی", "Committee").
        public static let orgFinal = Kind("orgfinal")
        /// Words that begin an organisation's name ("لجنة", "وزارت").
        public static let orgInitial = Kind("orginitial")
        /// Vietnamese family names.
        public static let surname = Kind("surname")
        /// Vietnamese given-name syllables.
        public static let syllable = Kind("syllable")
        static let all: [Kind] = [.stop, .title, .orgFinal, .orgInitial, .surname, .syllable]
    }

    /// A multi-word name: a place, an organisation or a person, a month or a weekday.
    public struct Phrase: Sendable, Hashable {
        public var tokens: [String]
        public var type: EntityType
        public var canonical: String?
        /// For months, 1…12; for weekdays, 1…7.
        public var number: Int = 0
    }

    static let month = EntityType("MONTH")
    static let weekday = EntityType("WEEKDAY")

    /// The languages whose CLDR country, month and weekday names are loaded.
    public static let cldrLanguages = [
        "ar", "ur", "fa", "en", "fr", "de", "es", "pt", "it", "ru", "tr", "zh", "vi", "hi", "id", "ps", "ku", "ja",
        "ko",
    ]

    /// Everyday names that CLDR gives only in a longer or another form, as (region, name). The CLDR
    /// data that Foundation carries names China "China mainland" in most languages ("بر الصين
    /// الرئيسي", "Chine continentale", "China, Festland", "Китай континентальный", "中国大陆"), so that
    /// news saying "China" found no place; it writes Myanmar "Myanmar (Burma)", the Congos "Congo -
    /// Kinshasa" and "Congo - Brazzaville", Turkey "Türkiye", and has no "USA", "UK" or "Britain".
    /// The canonical name is ``canonicalName(_:)``.
    static let regionAliases = [
        ("CN", "中国"), ("CN", "중국"), ("US", "アメリカ"), ("US", "米国"), ("KR", "한국"), ("GB", "英国"),
        // China in the other languages of `cldrLanguages` (Urdu, Persian and Pashto CLDR say چین already).
        ("CN", "China"), ("CN", "الصين"), ("CN", "Chine"), ("CN", "Cina"), ("CN", "Китай"), ("CN", "Çin"),
        ("CN", "Trung Quốc"), ("CN", "चीन"), ("CN", "Tiongkok"), ("CN", "Çîn"), ("CN", "People's Republic of China"),
        ("MM", "Myanmar"), ("MM", "Burma"), ("MM", "ميانمار"), ("MM", "میانمار"), ("MM", "Birmanie"), ("MM", "Мьянма"),
        ("CD", "Democratic Republic of the Congo"), ("CD", "DR Congo"), ("CD", "République démocratique du Congo"),
        ("CD", "جمهورية الكونغو الديمقراطية"), ("CG", "Republic of the Congo"), ("CG", "Congo-Brazzaville"),
        ("PS", "Palestine"), ("PS", "فلسطين"), ("PS", "فلسطین"), ("PS", "Palästina"), ("PS", "Palestina"),
        ("TR", "Turkey"), ("CZ", "Czech Republic"), ("BA", "Bosnia and Herzegovina"), ("CI", "Ivory Coast"),
        ("SZ", "Swaziland"), ("TL", "East Timor"), ("VA", "Vatican"), ("AE", "UAE"), ("AE", "الإمارات"),
        ("US", "United States of America"), ("US", "USA"), ("US", "U.S."), ("US", "US"), ("US", "America"),
        ("US", "أمريكا"), ("US", "امریکہ"), ("US", "آمریکا"), ("US", "Amérique"), ("US", "Amerika"),
        ("GB", "United Kingdom of Great Britain and Northern Ireland"), ("GB", "Britain"), ("GB", "Great Britain"),
        ("GB", "UK"), ("GB", "بريطانيا"), ("GB", "برطانیہ"), ("GB", "Grande-Bretagne"), ("GB", "Großbritannien"),
        ("KR", "Republic of Korea"), ("KP", "Democratic People's Republic of Korea"),
    ]

    /// Canonical names, in English, where CLDR's English name is not what news calls the place.
    static let canonicalNames = [
        "CN": "China", "MM": "Myanmar", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
        "PS": "Palestine",
    ]

    /// A region's canonical name: ``canonicalNames``, else CLDR's English name, else its code.
    static func canonicalName(_ region: String) -> String {
        canonicalNames[region] ?? Locale(identifier: "en").localizedString(forRegionCode: region) ?? region
    }

    private var words: [String: [(kind: Kind, language: String)]] = [:]
    private(set) var phrases: [String: [Phrase]] = [:]
    /// The lists numbered for the rules and the tagger; rebuilt by ``reindex()`` after every change.
    private(set) var index = LexiconIndex()

    /// The built-in lists and CLDR names; built once per process.
    public static let shared: EntityLexicon = {
        var lexicon = EntityLexicon()
        if let url = Bundle.module.url(forResource: "lexicon", withExtension: "tsv"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        {
            try? lexicon.add(tsv: text, builtin: true)
        }
        lexicon.addCLDR()
        lexicon.reindex()
        return lexicon
    }()

    init() {}

    /// Whether a normalized word is on a list for a language (or for every language).
    public func isWord(_ normalized: String, _ kind: Kind, language: String?) -> Bool {
        guard let entries = words[normalized] else { return false }
        return entries.contains {
            $0.kind == kind && ($0.language == "*" || language == nil || $0.language == language)
        }
    }

    /// Numbers the words and phrases anew (``LexiconIndex``); every change to the lists ends with it.
    mutating func reindex() { index = LexiconIndex(words: words, phrases: phrases) }

    /// Feature bits of a word: one per list it is on (any language) and per phrase it starts. The
    /// definition that ``LexiconIndex/flags(word:stem:)`` computes from ids.
    func flags(normalized: String, stem: String) -> UInt64 {
        var value: UInt64 = 0
        for entry in words[normalized] ?? words[stem] ?? [] {
            value |= 1 << UInt64(Kind.all.firstIndex(of: entry.kind) ?? 7)
        }
        for phrase in phrases[normalized] ?? phrases[stem] ?? [] { value |= Self.phraseFlag(phrase) }
        return value
    }

    /// The feature bit of a phrase that a word starts.
    static func phraseFlag(_ phrase: Phrase) -> UInt64 {
        let bit: UInt64 =
            switch phrase.type {
            case .location: 8
            case .organization: 9
            case .person: 10
            case Self.month: 11
            default: 12
            }
        return 1 << (bit + (phrase.tokens.count == 1 ? 0 : 8))
    }

    /// The longest phrase starting at `index` (matching the first word with or without Arabic
    /// proclitics), with the number of tokens it covers. The definition that
    /// ``LexiconIndex/longestPhrase(in:at:types:)`` computes from ids.
    func longestPhrase(in tokens: [EntityToken], at index: Int, types: Set<EntityType>) -> Phrase? {
        let first = tokens[index].normalized
        let exact = phrases[first]
        let stemmed = tokens[index].stem == first ? nil : phrases[tokens[index].stem]
        if exact == nil && stemmed == nil { return nil }
        var best: Phrase?
        for phrase in (exact ?? []) + (stemmed ?? [])
        where types.contains(phrase.type) && phrase.tokens.count > (best?.tokens.count ?? 0) {
            guard index + phrase.tokens.count <= tokens.count else { continue }
            var matches = true
            for offset in 1..<max(1, phrase.tokens.count)
            where tokens[index + offset].normalized != phrase.tokens[offset] {
                matches = false
                break
            }
            if matches { best = phrase }
        }
        return best
    }

    /// Adds lines of `kind<TAB>language<TAB>name[<TAB>canonical]` (built-in lists), or for a user
    /// gazetteer `TYPE<TAB>name[<TAB>canonical]` with TYPE one of PERSON, ORG, LOCATION.
    ///
    /// - Throws: ``ProcessorError/unsupportedInput(_:)`` naming the first bad line.
    mutating func add(tsv text: String, builtin: Bool) throws {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if builtin {
                guard columns.count >= 3 else { continue }
                let canonical = columns.count > 3 && !columns[3].isEmpty ? columns[3] : nil
                switch columns[0] {
                case "location": addPhrase(columns[2], type: .location, canonical: canonical)
                case "organization": addPhrase(columns[2], type: .organization, canonical: canonical)
                case "person": addPhrase(columns[2], type: .person, canonical: canonical)
                default:
                    words[TokenNormalizer.normalize(columns[2]), default: []].append((Kind(columns[0]), columns[1]))
                }
            } else {
                let type = EntityType(columns[0].uppercased())
                guard columns.count >= 2, [.person, .organization, .location].contains(type), !columns[1].isEmpty else {
                    throw ProcessorError.unsupportedInput(
                        "gazetteer line \(lineNumber): expected 'PERSON|ORG|LOCATION<TAB>name[<TAB>canonical]'")
                }
                addPhrase(
                    columns[1], type: type, canonical: columns.count > 2 && !columns[2].isEmpty ? columns[2] : nil)
            }
        }
    }

    mutating func addPhrase(_ name: String, type: EntityType, canonical: String?, number: Int = 0) {
        let tokens = EntityToken.tokenize(name.unicodeScalars).map(\.normalized)
        guard let first = tokens.first else { return }
        let phrase = Phrase(tokens: tokens, type: type, canonical: canonical, number: number)
        if phrases[first]?.contains(phrase) != true { phrases[first, default: []].append(phrase) }
    }

    private mutating func addCLDR() {
        // Groupings and placeholders are not places: the UN, the EU, the eurozone, outlying Oceania.
        let groupings: Set<String> = ["UN", "EU", "EZ", "QO", "XA", "XB", "ZZ"]
        let regions = Locale.Region.isoRegions.map(\.identifier).filter {
            $0.count == 2 && Int($0) == nil && !groupings.contains($0)
        }
        for language in Self.cldrLanguages {
            let locale = Locale(identifier: language)
            for region in regions {
                guard let name = locale.localizedString(forRegionCode: region) else { continue }
                addPhrase(name, type: .location, canonical: Self.canonicalName(region))
            }
        }
        for (region, name) in Self.regionAliases {
            addPhrase(name, type: .location, canonical: Self.canonicalName(region))
        }
        for identifier in Self.cldrLanguages + ["ar_SY", "ar_IQ", "ar_LB", "ar_TN", "ar_DZ", "ar_MA"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: identifier)
            formatter.calendar = Calendar(identifier: .gregorian)
            for symbols in [formatter.monthSymbols, formatter.shortMonthSymbols, formatter.standaloneMonthSymbols] {
                // "10月", "11월": a number and a unit, which EastAsianRules reads (as a phrase, it
                // would make every number start a month name).
                for (index, name) in symbols.enumerated()
                where name.unicodeScalars.count > 2
                    && !(name.unicodeScalars.first.map(ScalarTable.shared.isDigit) ?? false)
                {
                    addPhrase(
                        name.trimmingCharacters(in: .punctuationCharacters), type: Self.month, canonical: nil,
                        number: index + 1)
                }
            }
            for (index, name) in formatter.weekdaySymbols.enumerated() {
                addPhrase(name, type: Self.weekday, canonical: nil, number: index + 1)
            }
        }
    }

    /// This lexicon with a user gazetteer's names added.
    func adding(gazetteer text: String) throws -> EntityLexicon {
        var copy = self
        try copy.add(tsv: text, builtin: false)
        copy.reindex()
        return copy
    }
}
