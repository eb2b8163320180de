/// A model's transitions laid out so that a step of Viterbi or forward-backward treats several
/// labels of a token at once, in SIMD lanes.
///
/// Most pairs of BILOU labels are forbidden (61 of 169 are allowed), so the lanes hold only the
/// allowed ones, in the two groups the scheme makes: after a *closed* label (outside, or the
/// last or only word of a name: ``closed``) any of the seven *opening* labels may follow
/// (outside, or the first or only word of a name: ``opening``), and after the first or an inner
/// word of a name only its inner or last word. So a step of Viterbi (transitions, added:
/// ``viterbiClosed``, ``viterbiInside``) or of forward-backward (factors, `exp` of the transition
/// less the largest, multiplied: ``Groups``) is seven rows of eight lanes and three pairs of two
/// instead of thirteen rows of all labels. ``viterbiStart`` and ``start`` hold the transitions and
/// the factors from the sentence start.
///
/// ```swift
/// let lanes = TransitionLanes(transitions: model.transitions, factors: model.transitionFactors)
/// lanes.forwardClosed[1][2]   // the factor of label 3 (closed[1]) followed by label 4 (opening[2])
/// ```
struct TransitionLanes: Sendable {
    /// The transitions from the sentence start to each label (minus infinity where not allowed).
    var viterbiStart: [Float] = []
    /// Row `i`: the transitions from label `closed[i]` to each label of ``opening`` (lane 7: minus infinity).
    var viterbiClosed: [SIMD8<Float>] = []
    /// Row `2t` and `2t + 1`: the transitions from type `t`'s first and inner words to its inner
    /// and last words.
    var viterbiInside: [SIMD2<Float>] = []
    var start: [Double]
    /// Row `i`: the factors from label `closed[i]` to each label of ``opening``.
    var forwardClosed: [SIMD8<Double>]
    /// Row `2t` and `2t + 1`: the factors from type `t`'s first word (label `4t + 1`) and from
    /// its inner word (`4t + 2`) to its inner and last words (`4t + 2`, `4t + 3`).
    var forwardInside: [SIMD2<Double>]
    /// Row `i`: the factors from each label of ``closed`` to label `opening[i]`.
    var backwardOpening: [SIMD8<Double>]
    /// Row `2t` and `2t + 1`: the factors from type `t`'s first and inner words to its inner word
    /// (`4t + 2`) and to its last word (`4t + 3`).
    var backwardInside: [SIMD2<Double>]

    /// The number of entity types (four BILOU labels each, after outside).
    static let types = (TagScheme.count - 1) / 4
    /// The labels that may end a sentence and be followed by any opening label, in ascending order.
    static let closed = (0..<TagScheme.count).filter { TagScheme.canEnd($0) }
    /// The labels that may start a sentence and follow any closed label, in ascending order.
    static let opening = (0..<TagScheme.count).filter { TagScheme.allowed(nil, $0) }

    /// Lanes for decoding and for the confidences.
    init(transitions: [Float], factors: [Double]) {
        self.init(factors: factors)
        let labels = TagScheme.count
        func transition(_ previous: Int, _ label: Int) -> Float { transitions[(previous + 1) * labels + label] }
        viterbiStart = (0..<labels).map { TagScheme.allowed(nil, $0) ? transitions[$0] : -.infinity }
        viterbiClosed = Self.closed.map { previous in
            var lanes = SIMD8<Float>(repeating: -.infinity)
            for (lane, label) in Self.opening.enumerated() { lanes[lane] = transition(previous, label) }
            return lanes
        }
        viterbiInside = (0..<2 * Self.types).map { row in
            let previous = 4 * (row / 2) + 1 + row % 2
            let inner = 4 * (row / 2) + 2
            return SIMD2(transition(previous, inner), transition(previous, inner + 1))
        }
    }

    /// Lanes for the confidences only (no Viterbi rows).
    init(factors: [Double]) {
        let labels = TagScheme.count
        let closed = Self.closed
        let opening = Self.opening
        // The groups hold every allowed pair, or the confidences would leave some out.
        for previous in 0..<labels {
            for label in 0..<labels {
                let type = (previous - 1) / 4
                let grouped =
                    closed.contains(previous)
                    ? opening.contains(label)
                    : previous > 0 && (label == 4 * type + 2 || label == 4 * type + 3)
                precondition(TagScheme.allowed(previous, label) == grouped, "labels \(previous), \(label)")
            }
        }
        precondition(closed.count == 7 && opening.count == 7 && labels == 1 + 4 * Self.types)
        func factor(_ previous: Int, _ label: Int) -> Double { factors[(previous + 1) * labels + label] }
        start = (0..<labels).map { TagScheme.allowed(nil, $0) ? factors[$0] : 0 }
        forwardClosed = closed.map { previous in
            var lanes = SIMD8<Double>()
            for (lane, label) in opening.enumerated() { lanes[lane] = factor(previous, label) }
            return lanes
        }
        backwardOpening = opening.map { label in
            var lanes = SIMD8<Double>()
            for (lane, previous) in closed.enumerated() { lanes[lane] = factor(previous, label) }
            return lanes
        }
        forwardInside = (0..<2 * Self.types).map { row in
            let previous = 4 * (row / 2) + 1 + row % 2
            let inner = 4 * (row / 2) + 2
            return SIMD2(factor(previous, inner), factor(previous, inner + 1))
        }
        backwardInside = (0..<2 * Self.types).map { row in
            let label = 4 * (row / 2) + 2 + row % 2
            let first = 4 * (row / 2) + 1
            return SIMD2(factor(first, label), factor(first + 1, label))
        }
    }

    /// The forward-backward rows as buffers, for the length of `body`.
    struct Groups {
        var forwardClosed: UnsafeBufferPointer<SIMD8<Double>>
        var forwardInside: UnsafeBufferPointer<SIMD2<Double>>
        var backwardOpening: UnsafeBufferPointer<SIMD8<Double>>
        var backwardInside: UnsafeBufferPointer<SIMD2<Double>>
    }

    func withGroups<Result>(_ body: (Groups) -> Result) -> Result {
        forwardClosed.withUnsafeBufferPointer { forwardClosed in
            forwardInside.withUnsafeBufferPointer { forwardInside in
                backwardOpening.withUnsafeBufferPointer { backwardOpening in
                    backwardInside.withUnsafeBufferPointer { backwardInside in
                        body(
                            Groups(
                                forwardClosed: forwardClosed, forwardInside: forwardInside,
                                backwardOpening: backwardOpening, backwardInside: backwardInside))
                    }
                }
            }
        }
    }
}
