import Foundation
import LectorCore

/// The linear-chain CRF objective: the log-likelihood of the gold labels, trained by stochastic
/// gradient descent with L2 regularization over the same hashed features as the perceptron.
///
/// Where the perceptron moves weights only when the best path is wrong, and by a fixed step, a CRF
/// moves every weight by how far the model's expected count of its feature (from forward-backward
/// over all valid BIO paths) stands from the gold count. Sentences the model already gets right but
/// with little confidence still teach it, and L2 keeps rare features (most hashed buckets) from
/// growing large on a few sentences, which is where a perceptron overfits WikiANN's title fragments.
///
/// The schedule is Bottou's: the step is `1 / (λ (t₀ + t))` with `t₀ = 1 / (λ η₀)`, so it starts at
/// `η₀` and falls as `1/t`; `λ = 2 c₂ / N` spreads the penalty `c₂ ‖w‖²` over the `N` sentences. The
/// penalty shrinks every weight at every step, which is done lazily by keeping the weights as
/// `scale × v` and updating only the rows a sentence touches. The weights written are the average of
/// those after each sentence of the last `averagedEpochs` epochs (averaged SGD), which, as for the
/// perceptron, generalizes better than the last ones. Forward-backward runs over the same valid BIO
/// transitions as Viterbi, so what is normalized over is exactly what decoding can choose. Doubles
/// throughout; given the same data and options the model is the same bit for bit.
extension TaggerTrainer {
    /// What training optimizes; an option of ``TaggerTrainer/Options``.
    public struct Objective: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The averaged structured perceptron (Collins 2002).
        public static let perceptron = Objective(name: "perceptron")
        /// The linear-chain CRF log-likelihood with L2, by averaged SGD.
        public static let crf = Objective(name: "crf")

        /// The objective of a name (`perceptron`, `crf`), or nil.
        public init?(_ name: String) {
            switch name {
            case "perceptron": self = .perceptron
            case "crf": self = .crf
            default: return nil
            }
        }

        private init(name: String) { self.name = name }

        public var description: String { name }
    }

    /// The CRF's settings; an option of ``TaggerTrainer/Options``.
    public struct CRFSettings: Sendable, Hashable {
        /// The L2 penalty `c₂` (CRFsuite's name) on the sum of the sentences' negative log-likelihoods.
        public var l2: Double
        /// The first step `η₀`.
        public var initialStep: Double
        /// How many of the last epochs the weights are averaged over (0: the last weights).
        public var averagedEpochs: Int

        public init(l2: Double = 3, initialStep: Double = 0.1, averagedEpochs: Int = 5) {
            self.l2 = l2
            self.initialStep = initialStep
            self.averagedEpochs = averagedEpochs
        }
    }

    /// Trains the weights by averaged SGD on the CRF log-likelihood; `features` and `gold` as the
    /// perceptron gets them. Returns `2^bits × labels` weights and `(labels + 1) × labels` transitions.
    func trainCRF(
        features: [[Int32]], gold: [[Int]], progress: (_ epoch: Int, _ mistakes: Int) -> Void
    ) -> (weights: [Float], transitions: [Float]) {
        let labels = TagScheme.count
        let perToken = FeatureExtractor.featuresPerToken
        let settings = options.crf
        let sentenceCount = max(1, gold.count)
        let lambda = 2 * settings.l2 / Double(sentenceCount)
        let t0 = 1 / (lambda * settings.initialStep)
        var values = [Double](repeating: 0, count: (1 << options.bucketBits) * labels)
        var transitions = [Double](repeating: 0, count: (labels + 1) * labels)
        // The average of `scale × v` over the averaged steps, kept lazily: a row's `v` only changes
        // when a sentence has it, and until then it adds `v × (the scales of the steps since)`, so
        // each row remembers the running sum of scales when it was last folded into `averageSums`.
        var averageSums = [Double](repeating: 0, count: values.count)
        var foldedAt = [Double](repeating: 0, count: 1 << options.bucketBits)
        var scaleSum = 0.0
        var transitionSums = [Double](repeating: 0, count: transitions.count)
        var averagedSteps = 0
        var scale = 1.0
        var step = 0
        var generator = SeededGenerator(seed: options.seed)
        var order = Array(gold.indices)
        let epochs = max(1, options.epochs)
        let averageFrom =
            settings.averagedEpochs > 0 ? max(1, epochs - settings.averagedEpochs + 1) : epochs + 1
        var lattice = Lattice()
        @inline(__always) func fold(_ row: Int) {
            let held = scaleSum - foldedAt[row]
            guard held != 0 else { return }
            for label in 0..<labels {
                averageSums[row * labels + label] += held * values[row * labels + label]
            }
            foldedAt[row] = scaleSum
        }
        for epoch in 1...epochs {
            order.shuffle(using: &generator)
            let averaging = epoch >= averageFrom
            var mistakes = 0
            for sentence in order {
                let count = gold[sentence].count
                guard count > 0 else { continue }
                let rows = features[sentence]
                let eta = 1 / (lambda * (t0 + Double(step)))
                lattice.run(
                    rows: rows, count: count, values: values, scale: scale, transitions: transitions)
                if lattice.viterbiMismatch(gold[sentence], transitions: transitions) { mistakes += 1 }
                // The rows about to change add their pending share of the average at the old `v`.
                if averaging { for slot in 0..<(count * perToken) { fold(Int(rows[slot])) } }
                // The penalty shrinks every weight: shrink the common scale instead.
                scale *= 1 - eta * lambda
                if scale < 1e-9 {
                    for row in foldedAt.indices { fold(row) }
                    for index in values.indices { values[index] *= scale }
                    scale = 1
                }
                for token in 0..<count {
                    for label in 0..<labels {
                        var gradient = lattice.marginal(token, label)
                        if gold[sentence][token] == label { gradient -= 1 }
                        guard gradient != 0 else { continue }
                        let change = -eta * gradient / scale
                        for slot in 0..<perToken {
                            values[Int(rows[token * perToken + slot]) * labels + label] += change
                        }
                    }
                }
                for previous in 0...labels {
                    for label in 0..<labels {
                        let gradient =
                            lattice.pairMarginal(previous, label)
                            - lattice.goldPairCount(gold[sentence], previous, label)
                        transitions[previous * labels + label] -= eta * gradient
                    }
                }
                step += 1
                if averaging {
                    averagedSteps += 1
                    scaleSum += scale
                    for index in transitions.indices { transitionSums[index] += transitions[index] }
                }
            }
            progress(epoch, mistakes)
        }
        guard averagedSteps > 0 else {
            return (values.map { Float($0 * scale) }, transitions.map { Float($0) })
        }
        for row in foldedAt.indices { fold(row) }
        let steps = Double(averagedSteps)
        return (averageSums.map { Float($0 / steps) }, transitionSums.map { Float($0 / steps) })
    }
}

/// Forward-backward over one sentence's valid BIO paths, in log space.
struct Lattice {
    private(set) var count = 0
    private var emissions: [Double] = []
    private var alpha: [Double] = []
    private var beta: [Double] = []
    private var pairs: [Double] = []
    private var logZ = 0.0
    private static let labels = TagScheme.count
    private static let allowed: [Bool] = (0...TagScheme.count).flatMap { previous in
        (0..<TagScheme.count).map { TagScheme.allowed(previous == 0 ? nil : previous - 1, $0) }
    }

    @inline(__always)
    private static func logAdd(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
    }

    mutating func run(
        rows: [Int32], count: Int, values: [Double], scale: Double, transitions: [Double]
    ) {
        let labels = Self.labels
        let perToken = FeatureExtractor.featuresPerToken
        self.count = count
        emissions = [Double](repeating: 0, count: count * labels)
        for token in 0..<count {
            for slot in 0..<perToken {
                let row = Int(rows[token * perToken + slot]) * labels
                for label in 0..<labels { emissions[token * labels + label] += values[row + label] }
            }
            for label in 0..<labels { emissions[token * labels + label] *= scale }
        }
        alpha = [Double](repeating: -.infinity, count: count * labels)
        beta = [Double](repeating: -.infinity, count: count * labels)
        for label in 0..<labels where Self.allowed[label] {
            alpha[label] = transitions[label] + emissions[label]
        }
        for token in 1..<max(1, count) {
            for label in 0..<labels {
                var total = -Double.infinity
                for previous in 0..<labels where Self.allowed[(previous + 1) * labels + label] {
                    total = Self.logAdd(
                        total,
                        alpha[(token - 1) * labels + previous] + transitions[(previous + 1) * labels + label])
                }
                alpha[token * labels + label] = total + emissions[token * labels + label]
            }
        }
        for label in 0..<labels { beta[(count - 1) * labels + label] = TagScheme.canEnd(label) ? 0 : -.infinity }
        var token = count - 2
        while token >= 0 {
            for previous in 0..<labels {
                var total = -Double.infinity
                for label in 0..<labels where Self.allowed[(previous + 1) * labels + label] {
                    total = Self.logAdd(
                        total,
                        transitions[(previous + 1) * labels + label] + emissions[(token + 1) * labels + label]
                            + beta[(token + 1) * labels + label])
                }
                beta[token * labels + previous] = total
            }
            token -= 1
        }
        logZ = -.infinity
        for label in 0..<labels {
            logZ = Self.logAdd(logZ, alpha[(count - 1) * labels + label] + beta[(count - 1) * labels + label])
        }
        // Expected transition counts, the sentence start as row 0.
        pairs = [Double](repeating: 0, count: (labels + 1) * labels)
        for label in 0..<labels where Self.allowed[label] {
            pairs[label] = exp(alpha[label] + beta[label] - logZ)
        }
        for token in 1..<max(1, count) {
            for previous in 0..<labels {
                let from = alpha[(token - 1) * labels + previous]
                guard from > -.infinity else { continue }
                for label in 0..<labels where Self.allowed[(previous + 1) * labels + label] {
                    pairs[(previous + 1) * labels + label] += exp(
                        from + transitions[(previous + 1) * labels + label] + emissions[token * labels + label]
                            + beta[token * labels + label] - logZ)
                }
            }
        }
    }

    /// The probability that `token` has `label`.
    func marginal(_ token: Int, _ label: Int) -> Double {
        let index = token * Self.labels + label
        return alpha[index] == -.infinity ? 0 : exp(alpha[index] + beta[index] - logZ)
    }

    /// The expected count of `previous` (0: the start, else label + 1) followed by `label`.
    func pairMarginal(_ previous: Int, _ label: Int) -> Double {
        pairs[previous * Self.labels + label]
    }

    /// How often the gold labels have `previous` (0: the start, else label + 1) followed by `label`.
    func goldPairCount(_ gold: [Int], _ previous: Int, _ label: Int) -> Double {
        var total = 0.0
        for token in gold.indices where gold[token] == label {
            if (token == 0 ? 0 : gold[token - 1] + 1) == previous { total += 1 }
        }
        return total
    }

    /// Whether the Viterbi path of these emissions misses the gold labels (for the progress count).
    func viterbiMismatch(_ gold: [Int], transitions: [Double]) -> Bool {
        TaggerModel.decode(
            emissions.map { Float($0) }, tokenCount: count, transitions: transitions.map { Float($0) })
            != gold
    }
}
