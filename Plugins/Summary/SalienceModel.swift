import Foundation

/// A type that scores how much a sentence adds to a summary that already holds the article's lead.
///
/// The model is linear over sixteen language-independent features of a candidate sentence
/// (``Features``): where it stands, how long it is, how much it repeats the lead, how close it is
/// to the rest of the article, how central it is in the similarity graph, its share of numbers,
/// whether it opens a paragraph or a quotation, and whether it ends in a colon or a question
/// mark. Its weights were fitted by ridge regression on the tuning halves of the evaluation sets
/// (`bench/summary/train.py`), the target being the ROUGE-1 F1 a sentence adds to the lead alone.
/// So it learned what a reference summary of news rewards after the opening: an early sentence
/// that says something new in few words (a restatement of the lead or a long list adds words but
/// little of the gist).
///
/// Left alone, that preference for short sentences would reach for a slogan or a list item at the
/// end of a long article, so ``SummaryProcessor`` adds a position bonus (`lead_bias`) and takes its
/// picks from the first sentences (`window`); see the processor's README for the measurements.
///
/// ```swift
/// let gain = SalienceModel.news.score(features)   // higher is better; only the order matters
/// ```
///
/// The weights are data, not code: ``news`` is the committed fit, and a new fit replaces its
/// numbers (the training command prints them in this form).
public struct SalienceModel: Sendable, Hashable {
    /// One weight per entry of ``Features/values``, in the same order.
    public var weights: [Double]

    public init(weights: [Double]) {
        precondition(weights.count == Features.names.count, "one weight per feature")
        self.weights = weights
    }

    /// What the model knows of a candidate sentence; every value is defined for any language.
    public struct Features: Sendable, Hashable {
        /// The feature names, in the order of ``values`` (also the columns of the training data).
        public static let names = [
            "bias", "position_prior", "second", "third", "log_words", "short_scale", "words_40",
            "lead_similarity", "article_similarity", "number_share", "ends_with_colon", "ends_with_question",
            "last", "centrality", "opens_with_quotation", "opens_paragraph",
        ]

        /// The values, in the order of ``names``.
        public var values: [Double]

        /// The features of the candidate at `index` (0 is the first eligible sentence).
        ///
        /// - Parameters:
        ///   - words: the sentence's words as the `segments` annotation counts them.
        ///   - leadSimilarity: cosine similarity to the lead (1 for the lead itself).
        ///   - articleSimilarity: cosine similarity to the sum of the other candidates' vectors.
        ///   - numberShare: the share of its terms that are numbers.
        ///   - centrality: its position-biased PageRank, the most central sentence having 1.
        ///   - opensParagraph: whether it is the first sentence of its paragraph.
        public init(
            index: Int, count: Int, words: Int, leadSimilarity: Double, articleSimilarity: Double,
            numberShare: Double, endsWithColon: Bool, endsWithQuestion: Bool, centrality: Double,
            opensWithQuotation: Bool, opensParagraph: Bool
        ) {
            let words = Double(max(words, 1))
            values = [
                1, 1 / (1 + Double(index)), index == 1 ? 1 : 0, index == 2 ? 1 : 0, Foundation.log(1 + words),
                min(1, words / 15), words / 40, leadSimilarity, articleSimilarity, numberShare,
                endsWithColon ? 1 : 0, endsWithQuestion ? 1 : 0, index == count - 1 ? 1 : 0, centrality,
                opensWithQuotation ? 1 : 0, opensParagraph ? 1 : 0,
            ]
        }
    }

    /// The expected gain of adding a sentence with these features to the lead (ROUGE-1 F1, 0...1 scale).
    public func score(_ features: Features) -> Double {
        var sum = 0.0
        for (weight, value) in zip(weights, features.values) { sum += weight * value }
        return sum
    }

    /// The fit on the tuning halves of BBC Arabic and JawharaFM (302 articles, 3,228 sentences after the lead),
    /// ridge λ = 1; `python3 bench/summary/train.py` reproduces it.
    public static let news = SalienceModel(weights: [
        0.183557, -0.028014, 0.055010, 0.012768, -0.117725, 0.000348, 0.129953, -0.060364,
        0.017127, -0.069018, 0.058568, 0.043386, -0.004153, 0.009053, 0.020592, -0.045872,
    ])
}
