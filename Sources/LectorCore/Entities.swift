/// The `entities` annotation: the named entities of an article (people, organisations, places),
/// and what rules find (dates, numbers, percentages, money, URLs, e-mail addresses, phone numbers),
/// each with every mention's offsets.
///
/// One ``Entity`` groups the mentions that share a type and a key (the canonical name a gazetteer
/// gave, else the normalized value, else the normalized surface text). Offsets are Unicode scalars
/// into the document's text, half-open, as everywhere in the result.
///
/// ```json
/// {"model": "ur", "items": [{"type": "PERSON", "text": "تران دی ڈنگ", "score": 0.97, "count": 3,
///   "body_count": 3, "mentions": [{"range": {"start": 10, "end": 21}, "boilerplate": false}]},
///  {"type": "DATE", "text": "27 دسمبر", "value": "--12-27", "count": 1, …}]}
/// ```
public struct Entities: Codable, Sendable, Hashable {
    /// Which tagger model ran (a language code such as `ar`, `ur`, `fa`, `en`), or nil when none did.
    public var model: String?
    /// The entities, ordered by their first mention.
    public var items: [Entity]

    public init(model: String?, items: [Entity]) {
        self.model = model
        self.items = items
    }

    /// One entity and all its mentions.
    public struct Entity: Codable, Sendable, Hashable {
        /// `PERSON`, `ORG`, `LOCATION`, `DATE`, `NUMBER`, `PERCENT`, `MONEY`, `URL`, `EMAIL` or `PHONE`.
        public var type: EntityType
        /// The surface text of the first mention.
        public var text: String
        /// A normalized value: an ISO 8601 date (`2024-01-18`, `2024-01`, `2024`, or `--12-27` when the
        /// year is not given), a decimal number (`1743`, `0.5`, `2500000`), a URL or address as written.
        public var value: String?
        /// The canonical name a gazetteer gave (for example the English name of a country).
        public var canonical: String?
        /// Confidence in 0...1: rules and gazetteers give fixed scores, the tagger its margin.
        public var score: Double
        /// How many mentions the article has.
        public var count: Int
        /// How many of them are outside boilerplate.
        public var bodyCount: Int
        /// Every mention, in text order.
        public var mentions: [Mention]

        public init(
            type: EntityType, text: String, value: String? = nil, canonical: String? = nil, score: Double,
            mentions: [Mention]
        ) {
            self.type = type
            self.text = text
            self.value = value
            self.canonical = canonical
            self.score = score
            self.count = mentions.count
            self.bodyCount = mentions.filter { !$0.isBoilerplate }.count
            self.mentions = mentions
        }

        enum CodingKeys: String, CodingKey {
            case type, text, value, canonical, score, count, mentions
            case bodyCount = "body_count"
        }
    }

    /// One mention: where it is, and whether it lies in a boilerplate segment (byline, caption, …).
    public struct Mention: Codable, Sendable, Hashable {
        public var range: TextRange
        public var isBoilerplate: Bool

        public init(range: TextRange, isBoilerplate: Bool) {
            self.range = range
            self.isBoilerplate = isBoilerplate
        }

        enum CodingKeys: String, CodingKey {
            case range
            case isBoilerplate = "boilerplate"
        }
    }
}

/// The kind of an entity. A struct with static members, so that plugins may add kinds.
public struct EntityType: StringOption {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let person = EntityType("PERSON")
    public static let organization = EntityType("ORG")
    public static let location = EntityType("LOCATION")
    public static let date = EntityType("DATE")
    /// A clock time; its value is the ISO 8601 local time, `14:30` or `07:45:10`.
    public static let time = EntityType("TIME")
    public static let number = EntityType("NUMBER")
    public static let percent = EntityType("PERCENT")
    public static let money = EntityType("MONEY")
    public static let url = EntityType("URL")
    public static let email = EntityType("EMAIL")
    public static let phone = EntityType("PHONE")
}

extension AnnotationKey where Value == Entities {
    /// The article's entities, from the `entities` processor.
    public static var entities: Self { .init("entities") }
}
