import Configuration
import LectorCore

/// The `summary` processor's settings: the budget, the weights of the sentence score, and the
/// keyword count, read once from its configuration section.
///
/// ```yaml
/// processors:
///   summary:
///     sentences: 3        # at most three sentences …
///     max_words: 80       # … and at most 80 words
///     keywords: 10
/// ```
///
/// The budget is the tightest of `sentences`, `ratio` (a share of the eligible sentences, at least
/// one) and `max_words` (the summary stops before a sentence that would exceed it, but always has
/// at least one sentence, which `trim` cuts to the limit when it is longer).
///
/// ```yaml
/// processors:
///   summary:
///     sentences: 1        # a headline-length summary:
///     max_words: 25       # the lead's first 25 words or fewer,
///     trim: true          # cut at a clause boundary just before the limit when there is one
/// ```
public struct SummaryOptions: Sendable, Hashable {
    /// The most sentences in a summary.
    public var sentences = 3
    /// The most words in a summary; 0 means no word limit.
    public var maxWords = 0
    /// The most sentences as a share of the eligible ones; 0 means no ratio limit.
    public var ratio = 0.0
    /// Sentences with fewer words are not chosen while longer ones remain.
    public var minWords = 4
    /// Weight of the position prior (news puts the essence first).
    public var positionWeight = 1.0
    /// How fast the position prior falls: sentence k (from 0) weighs 1 / (1 + k)^decay.
    public var positionDecay = 1.0
    /// Weight of centrality (a position-biased PageRank over sentence similarity).
    public var centralityWeight = 0.6
    /// Sentences shorter than this many words are scaled down in proportion.
    public var idealWords = 15
    /// MMR trade-off: how much similarity to sentences already chosen counts against a sentence.
    public var redundancy = 0.5
    /// Only the first this-many eligible sentences are ranked, which bounds the cost on huge texts.
    public var maxCandidates = 300
    /// Whether a heading-like first line (the `segments` title) may be chosen, as a headline summary.
    public var includeTitle = true
    /// Whether the first pick is the article's opening sentence (the lead) unless that sentence is
    /// a weak lead: a quotation, a dateline or a teaser (see ``SentenceRanker/isWeakLead``). News
    /// puts its who, what and when there; the other picks follow the scores.
    public var leadFirst = true
    /// How the sentences after the lead are scored (``Scorer``).
    public var scorer = Scorer.news
    /// With the `news` scorer, the weight of the position prior added to the model's score: how
    /// much more a later sentence must add than an earlier one to be picked before it.
    public var leadBias = 0.2
    /// The picks come from the first this-many eligible sentences while any is left there (0 = no
    /// limit): news puts its essence early, and a short line near the end of a long article (a list
    /// item, a slogan) would otherwise cost the score little for what it leaves out.
    public var window = 8
    /// Whether a summary of three sentences or more names the article's main person when the
    /// `entities` annotation is there (see ``SummaryProcessor``).
    public var mainPerson = true
    /// With `max_words`, whether a first sentence longer than the word limit is cut to fit
    /// (``ClauseTrimmer``: at a clause boundary within the last few words before the limit, else
    /// at the limit) instead of being kept whole. For headline-length summaries; off by default.
    public var trim = false
    /// How many keywords to report; 0 turns keyword extraction off.
    public var keywords = 10
    /// The longest keyphrase in words.
    public var keywordMaxWords = 3

    public init() {}

    /// How the sentences after the lead are scored. New scorers may be added, so this is a struct.
    public struct Scorer: StringOption {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// ``SalienceModel/news``: a linear model fitted to what sentences add to a news lead
        /// (position, length, similarity to the lead and the article, centrality, numbers).
        public static let news = Scorer("news")
        /// The hand-weighted blend of the position prior and centrality (`position_weight`,
        /// `position_decay`, `centrality_weight`), scaled down below `ideal_words`.
        public static let graph = Scorer("graph")
        /// Every scorer, as `scorer` accepts them.
        public static let all = [news, graph]
    }

    /// Every key the processor reads, with its type, default and meaning.
    public static let options: [ConfigOption] = [
        ConfigOption("sentences", .int, default: "3", "Most sentences in the summary (1–100)."),
        ConfigOption("max_words", .int, default: "0", "Most words in the summary; 0 means no word limit (0–10000)."),
        ConfigOption(
            "ratio", .double, default: "0",
            "Most sentences as a share of the eligible ones, at least one; 0 means no ratio limit (0–1)."),
        ConfigOption("min_words", .int, default: "4", "Shorter sentences are chosen only when nothing else is left (1–50)."),
        ConfigOption("position_weight", .double, default: "1.0", "Weight of the position prior (0–10)."),
        ConfigOption("position_decay", .double, default: "1.0", "Sentence k weighs 1/(1+k)^decay in the position prior (0–5)."),
        ConfigOption("centrality_weight", .double, default: "0.6", "Weight of graph centrality (0–10)."),
        ConfigOption("ideal_words", .int, default: "15", "Sentences shorter than this are scaled down (1–200)."),
        ConfigOption("redundancy", .double, default: "0.5", "MMR penalty for similarity to sentences already chosen (0–1)."),
        ConfigOption("max_candidates", .int, default: "300", "Only the first N eligible sentences are ranked (1–100000)."),
        ConfigOption("include_title", .bool, default: "true", "Let the heading-like first line be chosen, as a headline."),
        ConfigOption(
            "lead_first", .bool, default: "true",
            "Pick the opening sentence first unless it is a quotation, a dateline or a teaser."),
        ConfigOption(
            "scorer", .string, default: "news",
            "How sentences after the lead are scored: news (a fitted linear model) or graph (position and centrality).",
            allowed: Scorer.all.map(\.rawValue)),
        ConfigOption(
            "lead_bias", .double, default: "0.2",
            "With the news scorer, the weight of the position prior added to the model's score (0–10)."),
        ConfigOption(
            "window", .int, default: "8",
            "Pick from the first N eligible sentences while any is left there; 0 means no limit (0–100000)."),
        ConfigOption(
            "main_person", .bool, default: "true",
            "With the entities annotation and three picks or more, let a last pick that names nobody give way to "
                + "a sentence naming the person most sentences name (two or more)."),
        ConfigOption(
            "trim", .bool, default: "false",
            "With max_words, cut a first sentence longer than the limit at a clause boundary just before it "
                + "(or at the limit) instead of keeping it whole."),
        ConfigOption("keywords", .int, default: "10", "Keywords to report; 0 turns keywords off (0–100)."),
        ConfigOption("keyword_max_words", .int, default: "3", "Longest keyphrase in words (1–5)."),
    ]

    /// Reads the options from the processor's configuration section.
    ///
    /// - Throws: ``ProcessorError/invalidConfiguration(key:message:)`` for a value of the wrong
    ///   type or out of range.
    public init(configuration config: ConfigReader) throws {
        sentences = try config.intOption("sentences", default: sentences, in: 1...100)
        maxWords = try config.intOption("max_words", default: maxWords, in: 0...10_000)
        ratio = try config.doubleOption("ratio", default: ratio, in: 0...1)
        minWords = try config.intOption("min_words", default: minWords, in: 1...50)
        positionWeight = try config.doubleOption("position_weight", default: positionWeight, in: 0...10)
        positionDecay = try config.doubleOption("position_decay", default: positionDecay, in: 0...5)
        centralityWeight = try config.doubleOption("centrality_weight", default: centralityWeight, in: 0...10)
        idealWords = try config.intOption("ideal_words", default: idealWords, in: 1...200)
        redundancy = try config.doubleOption("redundancy", default: redundancy, in: 0...1)
        maxCandidates = try config.intOption("max_candidates", default: maxCandidates, in: 1...100_000)
        includeTitle = try config.boolOption("include_title", default: includeTitle)
        leadFirst = try config.boolOption("lead_first", default: leadFirst)
        let scorers = Scorer.all.map(\.rawValue)
        scorer = Scorer(try config.stringOption("scorer", default: scorer.rawValue, allowed: scorers))
        leadBias = try config.doubleOption("lead_bias", default: leadBias, in: 0...10)
        window = try config.intOption("window", default: window, in: 0...100_000)
        mainPerson = try config.boolOption("main_person", default: mainPerson)
        trim = try config.boolOption("trim", default: trim)
        keywords = try config.intOption("keywords", default: keywords, in: 0...100)
        keywordMaxWords = try config.intOption("keyword_max_words", default: keywordMaxWords, in: 1...5)
        if positionWeight == 0 && centralityWeight == 0 {
            throw ProcessorError.invalidConfiguration(
                key: "centrality_weight", message: "position_weight and centrality_weight cannot both be 0")
        }
    }

    /// How many sentences the budget allows out of `eligible` (before the word limit).
    func sentenceBudget(eligible: Int) -> Int {
        guard eligible > 0 else { return 0 }
        var budget = min(sentences, eligible)
        if ratio > 0 {
            budget = min(budget, max(1, Int((ratio * Double(eligible)).rounded())))
        }
        return budget
    }
}
