import Foundation
import LectorCore

/// Tells the language of a text by combining three kinds of evidence: the scripts of its letters,
/// Google's CLD2 (for text long enough for it), and Lector's short-text n-gram model.
///
/// CLD2 is fast and accurate on article-length text; on a word or two it mostly answers English
/// or nothing, and it confuses close pairs such as Urdu and Persian on short text. The detector
/// therefore routes by length: texts with at least ``Options/longTextLetters`` letters go to CLD2,
/// shorter ones (and any CLD2 cannot decide) to the script rules and the short-text model. Runs
/// of a different script (Latin-script names in Urdu) and CLD2's chunks in another language become
/// ``LanguageIdentification/Span``s.
///
/// The detector holds no mutable state: one instance serves any number of concurrent callers.
///
/// ```swift
/// let detector = try LanguageDetector.bundled()
/// let result = detector.identify("Everyone has the right to life.")
/// // result.language == "en", result.script == "Latn"
/// ```
public struct LanguageDetector: Sendable {
    /// How the detector decides; every field is a configuration key of the processor.
    public struct Options: Sendable, Hashable {
        /// Below this many letters the answer is `und`.
        public var minLetters: Int = 2
        /// From this many letters on, CLD2 decides (when it can).
        public var longTextLetters: Int = 60
        /// Below this confidence the answer is `und` (too mixed or too unlike any language known).
        public var minConfidence: Double = 0.0
        /// How many alternatives to report.
        public var maxAlternatives: Int = 3
        /// A same-script run CLD2 labels with another language becomes a span from this many letters.
        public var minSpanLetters: Int = 24
        /// A span's language is reported only at or above this confidence, else `und`.
        public var minSpanConfidence: Double = 0.6

        public init() {}
    }

    public let options: Options
    let model: ShortTextModel
    let cld2 = CLD2()

    /// The relatives the model knows of a language in a close group, and the model restricted to them.
    struct CloseGroup: Sendable {
        var known: Set<String>
        var model: ShortTextModel
    }

    // The close group of each language the model knows in one, when it knows two or more of the
    // group; keyed by tags already in comparable form (see `arbitrateClosePair`).
    let closeGroupOf: [String: CloseGroup]

    init(model: ShortTextModel, options: Options = Options()) {
        self.model = model
        self.options = options
        var members: [(language: String, known: Set<String>)] = []
        for language in model.languages where LanguageCodes.comparable(language) == language {
            guard let group = Self.closeGroups.first(where: { $0.contains(language) }) else { continue }
            let known = group.filter { model.languages.contains($0) }
            if known.count > 1 { members.append((language, known)) }
        }
        var sets: [Set<String>] = []
        for member in members where !sets.contains(member.known) { sets.append(member.known) }
        let restricted = model.restricted(toEach: sets)
        var groups: [String: CloseGroup] = [:]
        for member in members {
            let restrictedModel = restricted[sets.firstIndex(of: member.known)!]
            groups[member.language] = CloseGroup(known: member.known, model: restrictedModel)
        }
        closeGroupOf = groups
    }

    /// A detector with the short-text model bundled with the module.
    public static func bundled(options: Options = Options()) throws -> LanguageDetector {
        LanguageDetector(model: try ShortTextModel.bundled(), options: options)
    }

    /// A detector with the short-text model in a file (see ``ShortTextModel`` for the format).
    public init(modelPath: String, options: Options = Options()) throws {
        self.init(model: try ShortTextModel(contentsOf: URL(fileURLWithPath: modelPath)), options: options)
    }

    /// The languages the short-text model knows (CLD2 knows 165 more or less independently).
    public var shortTextLanguages: [String] { model.languages }

    /// Identifies the language of `text`; span offsets are Unicode-scalar offsets into `text`.
    public func identify(_ text: String) -> LanguageIdentification {
        let scalars = Array(text.unicodeScalars)
        var text = text
        return text.withUTF8 { identify(scalars: scalars, utf8: $0) }
    }

    /// Identifies the language of a text given both as scalars and as the same text's UTF-8 (what
    /// CLD2 reads), so that neither has to be derived from a `String` again; span offsets are
    /// offsets into `scalars`.
    func identify(scalars: [Unicode.Scalar], utf8: UnsafeBufferPointer<UInt8>) -> LanguageIdentification {
        let scripts = ScriptAnalysis(scalars)
        let dominant = scripts.dominant
        var decision = decide(scalars: scalars, utf8: utf8, scripts: scripts, wantChunks: true)
        if decision.confidence < options.minConfidence { decision = .undetermined }
        if decision.language == "und" {
            return LanguageIdentification(
                language: "und", name: LanguageCodes.name(of: "und"), script: dominant, confidence: 0,
                isReliable: false, alternatives: decision.alternatives.prefix(options.maxAlternatives).map(candidate),
                letterCount: scripts.letterCount, method: decision.method)
        }
        let spans = findSpans(scalars: scalars, mainLanguage: decision.language, mainScript: dominant,
                              scriptCount: scripts.scriptCount, chunks: decision.chunks)
        var composition = decision.composition
        if composition.isEmpty { composition = [(decision.language, 100)] }
        return LanguageIdentification(
            language: decision.language,
            name: LanguageCodes.name(of: decision.language),
            script: dominant,
            confidence: decision.confidence,
            isReliable: decision.isReliable,
            alternatives: decision.alternatives.prefix(options.maxAlternatives).map(candidate),
            composition: composition.map {
                LanguageIdentification.Share(language: $0.0, name: LanguageCodes.name(of: $0.0), percent: $0.1)
            },
            spans: spans,
            letterCount: scripts.letterCount,
            method: decision.method
        )
    }

    private func candidate(_ pair: (String, Double)) -> LanguageIdentification.Candidate {
        .init(language: pair.0, name: LanguageCodes.name(of: pair.0), score: (pair.1 * 10_000).rounded() / 10_000)
    }

    /// One decision about one text, before it is dressed up as a result.
    struct Decision {
        var language: String
        var confidence: Double
        var isReliable: Bool
        var alternatives: [(String, Double)] = []
        var composition: [(String, Int)] = []
        var chunks: [(offset: Int, bytes: Int, code: String)] = []
        var method: String

        static let undetermined = Decision(language: "und", confidence: 0, isReliable: false, method: "none")
    }

    func decide(
        scalars: [Unicode.Scalar], utf8: UnsafeBufferPointer<UInt8>, scripts: ScriptAnalysis, wantChunks: Bool
    ) -> Decision {
        guard scripts.letterCount >= options.minLetters else { return .undetermined }
        if scripts.letterCount >= options.longTextLetters {
            let result = cld2.detect(utf8: utf8, wantChunks: wantChunks)
            if let top = result.top, top != "und" {
                if let pair = ClosePairMarkers.pair(naming: top),
                    let verdict = pair.verdict(scalars.prefix(ClosePairMarkers.scannedScalars), cld2Top: top)
                {
                    return Self.decision(verdict, of: pair, overruling: result, top: top)
                }
                // Croatian, Bosnian and Serbian in Latin script: the model knows Croatian only, so
                // it arbitrates Croatian against Slovenian first, and the spelling rule settles the rest.
                let serboCroatian = scripts.dominant == "Latn" && SerboCroatianMarkers.applies(to: top)
                if serboCroatian, top != "hr",
                    let settled = Self.settleSerboCroatian(scalars, result: result, top: top)
                {
                    return settled
                }
                let arbitrated = arbitrateClosePair(scalars, cld2Top: top)
                if serboCroatian, top == "hr", (arbitrated?.language ?? "hr") == "hr",
                    let settled = Self.settleSerboCroatian(scalars, result: result, top: top)
                {
                    return settled
                }
                if var arbitrated {
                    // CLD2's chunks in the language overruled are in the decided language: no spans.
                    arbitrated.chunks = Self.relabelled(result.chunks, from: top, to: arbitrated.language)
                    return arbitrated
                }
                return Decision(
                    language: top,
                    confidence: Self.cld2Confidence(result),
                    isReliable: result.isReliable,
                    alternatives: result.languages.dropFirst().map { ($0.code, Double($0.percent) / 100) },
                    composition: result.languages.map { ($0.code, $0.percent) },
                    chunks: result.chunks,
                    method: "cld2")
            }
        }
        return decideShort(scalars, scripts: scripts)
    }

    /// When CLD2 names a language with close relatives the short-text model knows (Danish and
    /// the two Norwegians, Czech and Slovak, Urdu and Persian…), the model decides among the
    /// relatives it knows; CLD2's quadgram tables confuse these on anything but long text. Only
    /// the first ``closePairScalars`` scalars are scored, to keep long articles at CLD2's speed.
    /// Relatives the model was not trained on (Bosnian, Serbian, Malay) are never chosen by it, so
    /// CLD2's answer stands for them; Serbian against Macedonian and Malay against Indonesian are
    /// settled before this, by spelling (``ClosePairMarkers``), and Croatian, Bosnian and Serbian in
    /// Latin script by spelling too (``SerboCroatianMarkers``: before this for Bosnian and Serbian,
    /// after it for Croatian, once the model has kept Croatian against Slovenian).
    ///
    /// The scoring is done by the model restricted to the relatives (``CloseGroup``), whose index
    /// stays in the caches, whenever the whole model's answer is sure to be the same
    /// (``ShortTextModel/certifies(_:restrictedBest:)``); when the text is far more like a language
    /// outside the group (an English lede over a Russian article), the whole model scores it, and
    /// its probabilities for the group underflow to nothing: CLD2's answer stands.
    func arbitrateClosePair(_ scalars: [Unicode.Scalar], cld2Top: String) -> Decision? {
        // CLD2's tags are nearly always in comparable form already; only others need folding.
        guard
            let group = closeGroupOf[cld2Top]
                ?? (LanguageCodes.isComparable(cld2Top) ? nil : closeGroupOf[LanguageCodes.comparable(cld2Top)])
        else { return nil }
        let known = group.known
        // The restricted model answers when the whole model's answer among the relatives is sure to
        // be the same; otherwise (the text far more like some other language) the whole model does.
        let grams = model.grams(of: scalars.prefix(Self.closePairScalars))
        let restricted = group.model.logLikelihoods(grams)
        let scores: ShortTextModel.Scores
        if let best = restricted.scores.max(), model.certifies(grams, restrictedBest: best) {
            scores = group.model.scores(restricted)
        } else {
            scores = model.scores(model.logLikelihoods(grams))
            // The model has a say only when the group's best language is within the certification's
            // 600 temperatures of its best: beyond that (an English lede over a Russian article)
            // the text is not in the group at all, as far as the model can tell, and CLD2's answer
            // stands. (The group's probabilities used to underflow there; since the model learnt
            // from general text its temperature is higher and they no longer always do.)
            guard let top = scores.ranked.first?.probability,
                let groupBest = scores.ranked.first(where: { known.contains($0.language) })?.probability,
                groupBest >= top * ShortTextModel.certifiedRatio
            else { return nil }
        }
        let inGroup = scores.ranked.filter { known.contains($0.language) }
        let total = inGroup.reduce(0) { $0 + $1.probability }
        guard let best = inGroup.first, total > 0 else { return nil }
        let confidence = ((best.probability / total) * 0.99 * 10_000).rounded() / 10_000
        return Decision(
            language: best.language, confidence: confidence, isReliable: confidence >= 0.9,
            alternatives: inGroup.dropFirst().map { ($0.language, $0.probability / total) },
            composition: [(best.language, 100)], method: "cld2+short-text-model")
    }

    static let closePairScalars = 400

    /// The decision when the pair's markers overrule CLD2's `top` (Serbian for Macedonian text,
    /// Malay for Indonesian): CLD2's confidence that the text is in the pair (its percent for both
    /// languages together: it often splits such a text between them), scaled by the markers'
    /// share of the evidence, with CLD2's answer as the alternative. CLD2's chunks in `top` are
    /// relabelled, so that they do not become spans in the language just overruled.
    static func decision(
        _ verdict: ClosePairMarkers.Verdict, of pair: ClosePairMarkers, overruling result: CLD2.Result, top: String
    ) -> Decision {
        decision(
            language: verdict.language, share: verdict.share, group: [pair.first, pair.second], overruling: result,
            top: top)
    }

    /// The decision when spelling overrules CLD2's `top` within a `group` of close languages (see
    /// the pair version above); the language decided and the markers' share of the evidence for it.
    static func decision(
        language: String, share: Double, group: Set<String>, overruling result: CLD2.Result, top: String
    ) -> Decision {
        let percent = result.languages.reduce(0) { $0 + (group.contains($1.code) ? $1.percent : 0) }
        let inGroup = Double(min(percent, 100)) / 100
        let confidence = ((result.isReliable ? 0.99 : 0.75) * inGroup * share * 10_000).rounded() / 10_000
        return Decision(
            language: language, confidence: confidence, isReliable: result.isReliable && share >= 0.9,
            alternatives: share < 1 ? [(top, 1 - share)] : [], composition: [(language, 100)],
            chunks: relabelled(result.chunks, from: top, to: language), method: "cld2+markers")
    }

    /// Croatian, Bosnian or Serbian (Latin script) settled by spelling against CLD2's `top`
    /// (``SerboCroatianMarkers``), or `nil` when CLD2's answer stands.
    static func settleSerboCroatian(_ scalars: [Unicode.Scalar], result: CLD2.Result, top: String) -> Decision? {
        let languages = result.languages.map { (code: $0.code, percent: $0.percent) }
        guard
            let verdict = SerboCroatianMarkers.shared.verdict(
                scalars.prefix(ClosePairMarkers.scannedScalars), cld2Top: top, cld2Languages: languages)
        else { return nil }
        return decision(
            language: verdict.language, share: verdict.share, group: SerboCroatianMarkers.languages,
            overruling: result, top: top)
    }

    /// CLD2's chunks with those labelled `from` (a language just overruled) labelled `to` (the
    /// language decided), so that a span never names the language the detector decided against.
    static func relabelled(
        _ chunks: [(offset: Int, bytes: Int, code: String)], from: String, to: String
    ) -> [(offset: Int, bytes: Int, code: String)] {
        chunks.map { ($0.offset, $0.bytes, $0.code == from ? to : $0.code) }
    }

    // Languages CLD2 mixes up with each other on short or mid-length text.
    static let closeGroups: [Set<String>] = [
        ["da", "nb", "nn", "sv"], ["cs", "sk"], ["hr", "bs", "sr", "sl"], ["id", "ms"], ["ur", "fa", "ps"],
        ["hi", "mr", "ne"], ["ru", "uk", "be", "bg", "mk"], ["es", "ca", "gl", "pt"], ["xh", "zu"], ["st", "tn"],
        ["af", "nl"], ["fr", "ca", "it"],
    ]

    /// The script rules, then the short-text model.
    func decideShort<C: Collection<Unicode.Scalar>>(_ scalars: C, scripts: ScriptAnalysis) -> Decision {
        let dominant = scripts.dominant
        let share = scripts.dominantShare
        if dominant == "Hani" || dominant == "Hira" || dominant == "Kana" {
            // Kana anywhere means Japanese; Han alone is Chinese.
            let kana = (scripts.counts["Hira"] ?? 0) + (scripts.counts["Kana"] ?? 0)
            let language = kana > 0 ? "ja" : "zh"
            return Decision(language: language, confidence: 0.98 * share, isReliable: share > 0.8, method: "script")
        }
        if let language = ScriptAnalysis.onlyLanguage(ofScript: dominant) {
            return Decision(language: language, confidence: 0.98 * share, isReliable: share > 0.8, method: "script")
        }
        let scores = model.scores(scalars: scalars)
        guard let best = scores.ranked.first else { return .undetermined }
        return Decision(
            language: best.language,
            confidence: best.probability,
            isReliable: best.probability >= 0.9,
            alternatives: scores.ranked.dropFirst().prefix(options.maxAlternatives).map { ($0.language, $0.probability) },
            method: "short-text-model")
    }

    // CLD2's percent and reliability, mapped to the share of its answers that were right on the
    // held-out UDHR fold (see the README's calibration table).
    static func cld2Confidence(_ result: CLD2.Result) -> Double {
        let percent = Double(result.languages.first?.percent ?? 0) / 100
        return ((result.isReliable ? 0.99 : 0.75) * percent * 10_000).rounded() / 10_000
    }
}
