import LectorCore

/// Trains a ``TaggerModel``: by default as a linear-chain CRF (``Objective/crf``, in
/// `TaggerTrainer+CRF.swift`), or by the averaged structured perceptron (Collins 2002), described here.
///
/// Each epoch visits the training sentences in an order shuffled by a fixed-seed generator, decodes
/// each with the current weights and, where the best path differs from the gold one, moves weights
/// towards the gold labels and away from the predicted ones. The final weights are the average of
/// the weights after every sentence, which generalizes much better than the last ones. Given the
/// same data, seed, epochs and bucket bits, the model is the same bit for bit.
///
/// ```swift
/// let trainer = TaggerTrainer(options: .init(epochs: 15, objective: .crf))
/// let model = trainer.train(corpus.part(.train), lexicon: EntityLexicon.shared)
/// ```
public struct TaggerTrainer: Sendable {
    public struct Options: Sendable {
        public var epochs: Int
        public var bucketBits: Int
        public var seed: UInt64
        /// Into how many parts the training sentences are cut for the lists (``TrainedLists``): each
        /// part's features see lists built from the other parts only.
        public var folds: Int
        /// What training optimizes: the CRF log-likelihood or the averaged perceptron.
        public var objective: Objective
        /// The CRF's penalty, first step and averaging, when ``objective`` is ``Objective/crf``.
        public var crf: CRFSettings

        public init(
            epochs: Int = 15, bucketBits: Int = 17, seed: UInt64 = 20_240_118, folds: Int = 10,
            objective: Objective = .crf, crf: CRFSettings = CRFSettings()
        ) {
            self.epochs = epochs
            self.bucketBits = bucketBits
            self.seed = seed
            self.folds = folds
            self.objective = objective
            self.crf = crf
        }
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Trains on the sentences; `wordClasses` (``TrainedLists/wordClasses(tsv:source:lexicon:)``) go
    /// into the model's lists; `progress` hears each finished epoch and its training-error count.
    ///
    /// The sentences are first cut into the processor's tokens (``BIOCorpus/retokenized()``), so
    /// that the model learns from the token sequences it will meet at run time.
    public func train(
        _ corpus: BIOCorpus, lexicon: EntityLexicon, wordClasses: [UInt64: UInt8] = [:],
        progress: (_ epoch: Int, _ mistakes: Int) -> Void = { _, _ in }
    ) -> TaggerModel {
        let corpus = corpus.retokenized()
        let labels = TagScheme.count
        // Sentence `n` is in fold `n % folds`; its features see the lists of the other folds.
        let folds = max(2, options.folds)
        var builder = TrainedLists.Builder(folds: folds)
        builder.wordClasses = wordClasses
        for (number, sentence) in corpus.sentences.enumerated() {
            builder.add(sentence, fold: number % folds, index: lexicon.index)
        }
        var features: [[Int32]] = Array(repeating: [], count: corpus.sentences.count)
        for fold in 0..<folds {
            let extractor = FeatureExtractor(
                bucketBits: options.bucketBits, lexicon: lexicon, lists: builder.lists(excludingFold: fold))
            for number in stride(from: fold, to: corpus.sentences.count, by: folds) {
                features[number] = extractor.features(
                    SentenceTokens(words: corpus.sentences[number].tokens, index: lexicon.index))
            }
        }
        let gold = corpus.sentences.map { TagScheme.encode($0.labels) }
        if options.objective == .crf {
            let trained = trainCRF(features: features, gold: gold, progress: progress)
            return TaggerModel(
                bucketBits: options.bucketBits, weights: trained.weights, transitions: trained.transitions,
                lists: builder.lists(excludingFold: nil))
        }
        var model = (
            weights: [Float](repeating: 0, count: (1 << options.bucketBits) * labels),
            transitions: [Float](repeating: 0, count: (labels + 1) * labels)
        )
        // Sums of (step × change), from which the average is recovered at the end.
        var weightSums = [Float](repeating: 0, count: model.weights.count)
        var transitionSums = [Float](repeating: 0, count: model.transitions.count)
        var step: Float = 1
        var generator = SeededGenerator(seed: options.seed)
        var order = Array(corpus.sentences.indices)
        for epoch in 1...max(1, options.epochs) {
            order.shuffle(using: &generator)
            var mistakes = 0
            for sentence in order {
                let count = gold[sentence].count
                let emissions = TaggerModel.emissions(features[sentence], tokenCount: count, weights: model.weights)
                let predicted = TaggerModel.decode(emissions, tokenCount: count, transitions: model.transitions)
                if predicted != gold[sentence] {
                    mistakes += 1
                    for token in 0..<count where predicted[token] != gold[sentence][token] {
                        let base = token * FeatureExtractor.featuresPerToken
                        for slot in 0..<FeatureExtractor.featuresPerToken {
                            let row = Int(features[sentence][base + slot]) * labels
                            model.weights[row + gold[sentence][token]] += 1
                            weightSums[row + gold[sentence][token]] += step
                            model.weights[row + predicted[token]] -= 1
                            weightSums[row + predicted[token]] -= step
                        }
                    }
                    for token in 0..<count {
                        let goldPrevious = token == 0 ? 0 : gold[sentence][token - 1] + 1
                        let predictedPrevious = token == 0 ? 0 : predicted[token - 1] + 1
                        let goldIndex = goldPrevious * labels + gold[sentence][token]
                        let predictedIndex = predictedPrevious * labels + predicted[token]
                        if goldIndex != predictedIndex {
                            model.transitions[goldIndex] += 1
                            transitionSums[goldIndex] += step
                            model.transitions[predictedIndex] -= 1
                            transitionSums[predictedIndex] -= step
                        }
                    }
                }
                step += 1
            }
            progress(epoch, mistakes)
        }
        for index in model.weights.indices { model.weights[index] -= weightSums[index] / step }
        for index in model.transitions.indices { model.transitions[index] -= transitionSums[index] / step }
        return TaggerModel(
            bucketBits: options.bucketBits, weights: model.weights, transitions: model.transitions,
            lists: builder.lists(excludingFold: nil))
    }
}
