import LectorCore

/// The tagger's own labels: BILOU, which tells the first, inner, last and only word of a name
/// apart, where ``EntityLabel`` (BIO) has only begin and inside.
///
/// Label 0 is outside; type `k` (``EntityLabel/types``) has `B = 1 + 4k`, `I = 2 + 4k`,
/// `L = 3 + 4k` and `U = 4 + 4k`. A name of several words is `B I… L`, one of one word `U`, so the
/// weights of a word can say "this ends a name" or "this is a name on its own", which BIO spreads
/// over the next word's label. Training encodes the corpus's BIO labels (``encode(_:)``); the
/// tagger's path is read back as BIO (``label(_:)``), so nothing outside the model sees BILOU.
enum TagScheme {
    static let count = 13

    @inline(__always)
    private static func position(_ label: Int) -> Int { (label - 1) % 4 }

    /// Whether `current` may follow `previous` (nil at a sentence start): after `B-X` or `I-X` only
    /// `I-X` or `L-X`; `I-X` and `L-X` only there.
    @inline(__always)
    static func allowed(_ previous: Int?, _ current: Int) -> Bool {
        let open = previous.map { $0 > 0 && position($0) <= 1 } ?? false
        let continues = current > 0 && (position(current) == 1 || position(current) == 2)
        guard open else { return !continues }
        return continues && (previous! - 1) / 4 == (current - 1) / 4
    }

    /// Whether a sentence may end with the label (not in the middle of a name).
    @inline(__always)
    static func canEnd(_ label: Int) -> Bool { label == 0 || position(label) >= 2 }

    /// BILOU indices for a sentence's BIO labels (an `I-` only after `B-` or `I-` of its type, as
    /// ``BIOCorpus`` repairs them).
    static func encode(_ labels: [EntityLabel]) -> [Int] {
        labels.indices.map { index in
            let label = labels[index]
            guard let type = label.type, let kind = EntityLabel.types.firstIndex(of: type) else { return 0 }
            let next = index + 1 < labels.count ? labels[index + 1] : .outside
            let continued = next.isInside && next.type == type
            return 1 + 4 * kind + (label.isBegin ? (continued ? 0 : 3) : (continued ? 1 : 2))
        }
    }

    /// The BIO label of a BILOU index.
    static func label(_ index: Int) -> EntityLabel {
        guard index > 0 else { return .outside }
        let type = EntityLabel.types[(index - 1) / 4]
        return position(index) == 0 || position(index) == 3 ? EntityLabel.begin(type)! : EntityLabel.inside(type)!
    }
}
