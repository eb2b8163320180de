import Synchronization

/// The buffers the `entities` processor cuts, matches and tags an article's sentences in, kept
/// from sentence to sentence and, through ``pool``, from article to article.
///
/// Cutting and tagging a sentence writes into a dozen arrays (the tokens and their scalars, the
/// features, the label scores, Viterbi's and forward-backward's tables, the matches). Kept for
/// one article only, each grew from empty by doubling in every article: about a hundred
/// allocations and copies an article. A workspace taken from the pool has grown already, so an
/// article allocates little beyond its entities. A workspace belongs to one article until it is
/// given back; the pool keeps at most ``capacity`` of them, and none that a very long sentence
/// has grown past ``largestKept`` tokens, so that one odd article does not hold memory for good.
///
/// ```swift
/// var workspace = EntityWorkspace.take(index: lexicon.index)
/// defer { EntityWorkspace.give(workspace) }
/// workspace.tokens.tokenize(scalars, offset: start)
/// ```
struct EntityWorkspace: Sendable {
    var tokens: SentenceTokens
    var tagger = TaggerModel.Buffers()
    /// A sentence's matches from every rule and the tagger, then in order of precedence.
    var found: [EntityMatch] = []
    /// The matches that win their overlaps, in text order.
    var kept: [EntityMatch] = []

    /// The sentence as the tagger reads it when it differs from ``tokens``: see ``swapInWholeRuns(_:offset:)``.
    var wholeRuns: SentenceTokens

    init(index: LexiconIndex) {
        tokens = SentenceTokens(index: index)
        wholeRuns = SentenceTokens(index: index)
    }

    /// Puts in ``tokens`` the sentence cut with runs of Han, kana and Hangul whole, when the
    /// rules' cut (one token per ideograph or kana) made them into pieces: the tagger's models
    /// learnt from corpora that write such a run as one token ("( 法拉盛華埠 )" in WikiANN), so
    /// it labels exactly what it labelled before Lector cut these scripts. Returns whether it
    /// did; ``swapBack()`` then restores the rules' tokens.
    mutating func swapInWholeRuns(_ scalars: ArraySlice<Unicode.Scalar>, offset: Int) -> Bool {
        guard tokens.hasEastAsian else { return false }
        wholeRuns.tokenize(scalars, offset: offset, cutEastAsian: false)
        swap(&tokens, &wholeRuns)
        return true
    }

    /// Undoes ``swapInWholeRuns(_:offset:)``.
    mutating func swapBack() { swap(&tokens, &wholeRuns) }

    /// Workspaces kept: more than the threads that run the processor at once is waste.
    static let capacity = 16
    /// The longest sentence, in tokens, whose buffers are kept (about 1 MB of them).
    static let largestKept = 4096

    private static let pool = Mutex<[EntityWorkspace]>([])

    /// A free workspace whose tokens carry the ids of `index`, or a new one.
    static func take(index: LexiconIndex) -> EntityWorkspace {
        guard var workspace = pool.withLock({ $0.popLast() }) else { return EntityWorkspace(index: index) }
        workspace.tokens.use(index)
        workspace.wholeRuns.use(index)
        return workspace
    }

    /// Gives a workspace back; the caller must not use it after this.
    static func give(_ workspace: EntityWorkspace) {
        guard workspace.tagger.features.capacity <= largestKept * FeatureExtractor.featuresPerToken,
            workspace.tokens.tokens.capacity <= largestKept, workspace.tokens.raw.capacity <= 16 * largestKept,
            workspace.wholeRuns.tokens.capacity <= largestKept, workspace.wholeRuns.raw.capacity <= 16 * largestKept
        else { return }
        pool.withLock { pool in
            if pool.count < capacity { pool.append(workspace) }
        }
    }
}
