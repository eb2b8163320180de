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

    init(model: ShortTextModel, options: Options = Options()) {
        self.model = model
        self.options = options
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
        let scripts = ScriptAnalysis(scalars)
        var decision = decide(text, scripts: scripts, wantChunks: true)
        if decision.confidence < options.minConfidence { decision = .undetermined }
        if decision.language == "und" {
            return LanguageIdentification(
                language: "und", name: LanguageCodes.name(of: "und"), script: scripts.dominant, confidence: 0,
                isReliable: false, alternatives: decision.alternatives.prefix(options.maxAlternatives).map(candidate),
                letterCount: scripts.letterCount, method: decision.method)
        }
        let spans = findSpans(scalars: scalars, text: text, mainLanguage: decision.language,
                              mainScript: scripts.dominant, scriptCount: scripts.scriptCount,
                              chunks: decision.chunks)
        var composition = decision.composition
        if composition.isEmpty { composition = [(decision.language, 100)] }
        return LanguageIdentification(
            language: decision.language,
            name: LanguageCodes.name(of: decision.language),
            script: scripts.dominant,
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

    func decide(_ text: String, scripts: ScriptAnalysis, wantChunks: Bool) -> Decision {
        guard scripts.letterCount >= options.minLetters else { return .undetermined }
        if scripts.letterCount >= options.longTextLetters {
            let result = cld2.detect(text, wantChunks: wantChunks)
            if let top = result.top, top != "und" {
                if var arbitrated = arbitrateClosePair(text, cld2Top: top) {
                    arbitrated.chunks = result.chunks
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
        return decideShort(text, scripts: scripts)
    }

    /// When CLD2 names a language with close relatives the short-text model knows (Danish and
    /// the two Norwegians, Czech and Slovak, Urdu and Persian…), the model decides among the
    /// relatives it knows; CLD2's quadgram tables confuse these on anything but long text. Only
    /// the first ``closePairScalars`` scalars are scored, to keep long articles at CLD2's speed.
    /// Relatives the model was not trained on (Bosnian, Serbian, Malay) are never chosen by it, so
    /// CLD2's answer stands for them.
    func arbitrateClosePair(_ text: String, cld2Top: String) -> Decision? {
        let comparable = LanguageCodes.comparable(cld2Top)
        guard let group = Self.closeGroups.first(where: { $0.contains(comparable) }),
            model.languages.contains(comparable)
        else { return nil }
        let known = group.filter { model.languages.contains($0) }
        guard known.count > 1 else { return nil }
        let scores = model.scores(String(String.UnicodeScalarView(text.unicodeScalars.prefix(Self.closePairScalars))))
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

    // Languages CLD2 mixes up with each other on short or mid-length text.
    static let closeGroups: [Set<String>] = [
        ["da", "nb", "nn", "sv"], ["cs", "sk"], ["hr", "bs", "sr", "sl"], ["id", "ms"], ["ur", "fa", "ps"],
        ["hi", "mr", "ne"], ["ru", "uk", "be", "bg", "mk"], ["es", "ca", "gl", "pt"], ["xh", "zu"], ["st", "tn"],
        ["af", "nl"], ["fr", "ca", "it"],
    ]

    /// The script rules, then the short-text model.
    func decideShort(_ text: some StringProtocol, scripts: ScriptAnalysis) -> Decision {
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
        let scores = model.scores(text)
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
