import CPrefetch
import Foundation
import LectorCore

/// A trained linear-chain tagger: one weight row per hashed feature bucket (one weight per label),
/// label-to-label transition weights, and Viterbi decoding restricted to valid sequences of its
/// BILOU labels (``TagScheme``), read back as BIO.
///
/// The model file is little-endian binary: the magic `LNER`, a format version (3), the bucket bits,
/// the label count, the number of feature templates (``FeatureExtractor/featuresPerToken``: a
/// model trained with other features is refused rather than read wrong), a Float32 scale,
/// `(labels + 1) × labels` Float32 transitions (row 0 is the sentence start), `2^bits × labels`
/// Int16 weights that are multiplied by the scale, then the lists learnt from the training side
/// that many of the features look words up in (``TrainedLists``). Format 2 added the template count
/// and the lists, format 3 the BILOU labels (13 instead of 7); a file of an older format is
/// refused with a message to retrain.
///
/// In memory the weights stay 16-bit, each row padded to sixteen (32 bytes, half a cache line)
/// and the table aligned to a cache line (``AlignedRows``), so that a model of 2^17 rows takes
/// 4 MB and a row is one memory access: tagging is bound by fetching
/// 48 rows per token from a table too big for the caches. A weight is multiplied by the scale
/// where it is used, which gives the same `Float` as multiplying it once on load.
///
/// ```swift
/// let model = try TaggerModel(contentsOf: url)
/// let labels = model.tag(tokens, extractor: FeatureExtractorBox(model: model, lexicon: .shared))
/// ```
public struct TaggerModel: Sendable {
    public let bucketBits: Int
    /// Padded rows: `2^bits × rowStride` weights, label `l` of bucket `b` at `b * rowStride + l`.
    let weights: AlignedRows
    let scale: Float
    let transitions: [Float]
    /// `exp(transition − the largest)`, for the confidences (``marginals(_:tokenCount:transitionFactors:into:scratch:)``).
    let transitionFactors: [Double]
    /// The transitions and their factors laid out for decoding all labels at once (``TransitionLanes``).
    let lanes: TransitionLanes
    /// The training side's spans and word roles, which some features look up.
    let lists: TrainedLists
    static let rowStride = 16
    /// The file format this code reads and writes.
    static let formatVersion: UInt32 = 3

    /// A model from trained `Float` weights (`2^bits × labels`, unpadded), quantized to 16 bits
    /// as the file stores them.
    init(bucketBits: Int, weights: [Float], transitions: [Float], lists: TrainedLists) {
        let labels = TagScheme.count
        let largest = weights.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / 32767 : 1
        var padded = [Int16](repeating: 0, count: (1 << bucketBits) * Self.rowStride)
        for bucket in 0..<(1 << bucketBits) {
            for label in 0..<labels {
                padded[bucket * Self.rowStride + label] = Int16((weights[bucket * labels + label] / scale).rounded())
            }
        }
        self.init(bucketBits: bucketBits, padded: padded, scale: scale, transitions: transitions, lists: lists)
    }

    private init(bucketBits: Int, padded: [Int16], scale: Float, transitions: [Float], lists: TrainedLists) {
        self.bucketBits = bucketBits
        self.weights = AlignedRows(padded)
        self.scale = scale
        self.transitions = transitions
        let largest = transitions.max() ?? 0
        self.transitionFactors = transitions.map { exp(Double($0 - largest)) }
        self.lanes = TransitionLanes(transitions: transitions, factors: transitionFactors)
        self.lists = lists
    }

    /// Reads a model file written by ``write(to:)``.
    ///
    /// - Throws: ``ProcessorError/unsupportedInput(_:)`` when the file is not a model of this format.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        var reader = ByteReader(data: data)
        guard data.count > 24, reader.bytes(4) == Array("LNER".utf8) else {
            throw ProcessorError.unsupportedInput("\(url.lastPathComponent) is not an entity model")
        }
        let version = reader.uint32()
        guard version == Self.formatVersion else {
            throw ProcessorError.unsupportedInput(
                "\(url.lastPathComponent) is an entity model of format \(version); this build reads format "
                    + "\(Self.formatVersion): retrain it with `lector train entities`")
        }
        let bits = Int(reader.uint32())
        let labels = Int(reader.uint32())
        let templates = Int(reader.uint32())
        guard templates == FeatureExtractor.featuresPerToken else {
            throw ProcessorError.unsupportedInput(
                "\(url.lastPathComponent) was trained with \(templates) feature templates; this build has "
                    + "\(FeatureExtractor.featuresPerToken): retrain it with `lector train entities`")
        }
        let scale = reader.float()
        guard labels == TagScheme.count, (10...24).contains(bits),
            data.count > 24 + (labels + 1) * labels * 4 + (1 << bits) * labels * 2
        else { throw ProcessorError.unsupportedInput("\(url.lastPathComponent) has an unexpected size or label count") }
        let transitions = (0..<((labels + 1) * labels)).map { _ in reader.float() }
        let quantized = reader.int16s((1 << bits) * labels)
        var padded = [Int16](repeating: 0, count: (1 << bits) * Self.rowStride)
        padded.withUnsafeMutableBufferPointer { output in
            quantized.withUnsafeBufferPointer { input in
                for bucket in 0..<(1 << bits) {
                    for label in 0..<labels { output[bucket * Self.rowStride + label] = input[bucket * labels + label] }
                }
            }
        }
        guard let lists = TrainedLists(reading: &reader) else {
            throw ProcessorError.unsupportedInput("\(url.lastPathComponent) has damaged word lists")
        }
        self.init(bucketBits: bits, padded: padded, scale: scale, transitions: transitions, lists: lists)
    }

    /// Writes the model, its weights quantized to 16 bits.
    public func write(to url: URL) throws {
        var data = Data("LNER".utf8)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(Self.formatVersion)
        append(UInt32(bucketBits))
        append(UInt32(TagScheme.count))
        append(UInt32(FeatureExtractor.featuresPerToken))
        append(scale.bitPattern)
        for value in transitions { append(value.bitPattern) }
        data.reserveCapacity(data.count + (1 << bucketBits) * TagScheme.count * 2)
        for bucket in 0..<(1 << bucketBits) {
            for label in 0..<TagScheme.count {
                let value = UInt16(bitPattern: weights[bucket * Self.rowStride + label])
                data.append(UInt8(value & 0xFF))
                data.append(UInt8(value >> 8))
            }
        }
        data.append(contentsOf: lists.serialized())
        try data.write(to: url, options: .atomic)
    }

    /// The label scores of every token (`tokens × labels`), before transitions.
    func emissions(_ features: [Int32], tokenCount: Int) -> [Float] {
        var scores: [Float] = []
        emissions(features, tokenCount: tokenCount, into: &scores)
        return scores
    }

    /// ``emissions(_:tokenCount:)`` into a buffer that the caller keeps from sentence to sentence.
    func emissions(_ features: [Int32], tokenCount: Int, into scores: inout [Float]) {
        let labels = TagScheme.count
        let perToken = FeatureExtractor.featuresPerToken
        let stride = Self.rowStride
        let scale = SIMD16<Float>(repeating: self.scale)
        scores.removeAll(keepingCapacity: true)
        scores.append(contentsOf: repeatElement(0, count: tokenCount * labels))
        weights.withUnsafeBufferPointer { table in
            features.withUnsafeBufferPointer { features in
                scores.withUnsafeMutableBufferPointer { scores in
                    for token in 0..<tokenCount {
                        // Most rows are in no cache. Asking for the rows of the token after next
                        // now lets their fetches run while this token's are summed (a token's
                        // work is too long for the processor to look that far ahead itself).
                        if token + 2 < tokenCount {
                            let ahead = (token + 2) * perToken
                            for slot in 0..<perToken {
                                lector_prefetch(table.baseAddress! + Int(features[ahead + slot]) &* stride)
                            }
                        }
                        // Each label's score adds the rows' weights one at a time in feature
                        // order, as unpadded `Float` rows would, so no figure moves by a rounding.
                        var sum = SIMD16<Float>()
                        for slot in 0..<perToken {
                            let row = Int(features[token * perToken + slot]) &* stride
                            var weight = SIMD16<Float>()
                            for lane in 0..<stride { weight[lane] = Float(table[row + lane]) }
                            sum += weight * scale
                        }
                        for label in 0..<labels { scores[token * labels + label] = sum[label] }
                    }
                }
            }
        }
    }

    /// The label scores of every token for `Float` weights in training (`2^bits × labels`, unpadded).
    static func emissions(_ features: [Int32], tokenCount: Int, weights: [Float]) -> [Float] {
        let labels = TagScheme.count
        var scores = [Float](repeating: 0, count: tokenCount * labels)
        weights.withUnsafeBufferPointer { table in
            for token in 0..<tokenCount {
                let base = token * FeatureExtractor.featuresPerToken
                for slot in 0..<FeatureExtractor.featuresPerToken {
                    let row = Int(features[base + slot]) * labels
                    for label in 0..<labels { scores[token * labels + label] += table[row + label] }
                }
            }
        }
        return scores
    }

    /// The best valid BIO label sequence for the emissions (Viterbi).
    func decode(_ emissions: [Float], tokenCount: Int) -> [Int] {
        Self.decode(emissions, tokenCount: tokenCount, transitions: transitions)
    }

    /// ``decode(_:tokenCount:)`` with the transitions given (training has its own).
    static func decode(_ emissions: [Float], tokenCount: Int, transitions: [Float]) -> [Int] {
        var score: [Float] = []
        var back: [Int32] = []
        var path: [Int] = []
        decode(emissions, tokenCount: tokenCount, transitions: transitions, score: &score, back: &back, into: &path)
        return path
    }

    /// For each label, the labels that may precede it (``EntityLabel/allowed(_:_:)``), in order.
    private static let predecessors: [[Int]] = (0..<TagScheme.count).map { label in
        (0..<TagScheme.count).filter { TagScheme.allowed($0, label) }
    }

    /// Viterbi into buffers that the caller keeps from sentence to sentence.
    static func decode(
        _ emissions: [Float], tokenCount: Int, transitions: [Float], score: inout [Float], back: inout [Int32],
        into path: inout [Int]
    ) {
        guard reset(tokenCount: tokenCount, score: &score, back: &back, path: &path) else { return }
        let labels = TagScheme.count
        for label in 0..<labels where TagScheme.allowed(nil, label) {
            score[label] = transitions[label] + emissions[label]
        }
        let predecessors = Self.predecessors
        emissions.withUnsafeBufferPointer { emissions in
            transitions.withUnsafeBufferPointer { transitions in
                score.withUnsafeMutableBufferPointer { score in
                    back.withUnsafeMutableBufferPointer { back in
                        for token in 1..<tokenCount {
                            for label in 0..<labels {
                                var best = -Float.infinity
                                var bestPrevious = 0
                                for previous in predecessors[label] {
                                    let value =
                                        score[(token - 1) * labels + previous]
                                        + transitions[(previous + 1) * labels + label]
                                    if value > best {
                                        best = value
                                        bestPrevious = previous
                                    }
                                }
                                score[token * labels + label] = best + emissions[token * labels + label]
                                back[token * labels + label] = Int32(bestPrevious)
                            }
                        }
                    }
                }
            }
        }
        backtrack(score, back, tokenCount: tokenCount, into: &path)
    }

    /// Empties the path and fills Viterbi's buffers for a sentence of `tokenCount` tokens (scores
    /// of −∞, back pointers of 0); false for an empty sentence, whose path stays empty.
    private static func reset(tokenCount: Int, score: inout [Float], back: inout [Int32], path: inout [Int]) -> Bool {
        path.removeAll(keepingCapacity: true)
        guard tokenCount > 0 else { return false }
        let cells = tokenCount * TagScheme.count
        score.removeAll(keepingCapacity: true)
        score.append(contentsOf: repeatElement(-.infinity, count: cells))
        back.removeAll(keepingCapacity: true)
        back.append(contentsOf: repeatElement(0, count: cells))
        return true
    }

    /// The path from the best label a sentence may end with, back through `back`.
    private static func backtrack(_ score: [Float], _ back: [Int32], tokenCount: Int, into path: inout [Int]) {
        let labels = TagScheme.count
        var last = 0
        var best = -Float.infinity
        for label in 0..<labels where TagScheme.canEnd(label) && score[(tokenCount - 1) * labels + label] > best {
            best = score[(tokenCount - 1) * labels + label]
            last = label
        }
        path.append(contentsOf: repeatElement(0, count: tokenCount))
        path[tokenCount - 1] = last
        var token = tokenCount - 1
        while token > 0 {
            path[token - 1] = Int(back[token * labels + path[token]])
            token -= 1
        }
    }

    /// ``decode(_:tokenCount:transitions:score:back:into:)`` with several labels of a token scored
    /// at once, over the allowed pairs only (``TransitionLanes``): each closed label adds its score
    /// to its row of transitions to the seven opening labels, and each type's first and inner word
    /// to its row to that type's inner and last word; a sum replaces the best where it is strictly
    /// greater. Taking the previous labels in ascending order, as the scalar loop does over the
    /// allowed ones, keeps its first best on a tie, which leaves the same scores and the same path
    /// to the last bit.
    static func decode(
        _ emissions: [Float], tokenCount: Int, lanes: TransitionLanes, score: inout [Float], back: inout [Int32],
        into path: inout [Int]
    ) {
        guard reset(tokenCount: tokenCount, score: &score, back: &back, path: &path) else { return }
        let labels = TagScheme.count
        let closed = TransitionLanes.closed
        let opening = TransitionLanes.opening
        emissions.withUnsafeBufferPointer { emissions in
            lanes.viterbiClosed.withUnsafeBufferPointer { closedRows in
                lanes.viterbiInside.withUnsafeBufferPointer { insideRows in
                    score.withUnsafeMutableBufferPointer { score in
                        back.withUnsafeMutableBufferPointer { back in
                            for label in 0..<labels where TagScheme.allowed(nil, label) {
                                score[label] = lanes.viterbiStart[label] + emissions[label]
                            }
                            for token in 1..<tokenCount {
                                let before = (token - 1) * labels
                                let here = token * labels
                                // The opening labels, from each closed label in ascending order.
                                var best = SIMD8<Float>(repeating: -.infinity)
                                var from = SIMD8<Int32>()
                                for row in 0..<closed.count {
                                    let value = SIMD8<Float>(repeating: score[before + closed[row]]) + closedRows[row]
                                    let better = value .> best
                                    best.replace(with: value, where: better)
                                    from.replace(with: Int32(closed[row]), where: better)
                                }
                                for lane in 0..<opening.count {
                                    score[here + opening[lane]] = best[lane] + emissions[here + opening[lane]]
                                    back[here + opening[lane]] = from[lane]
                                }
                                // Each type's inner and last word, from its first and inner word.
                                for type in 0..<TransitionLanes.types {
                                    let first = 4 * type + 1
                                    var best = SIMD2<Float>(repeating: -.infinity)
                                    var from = SIMD2<Int32>()
                                    for row in 0..<2 {
                                        let value =
                                            SIMD2<Float>(repeating: score[before + first + row])
                                            + insideRows[2 * type + row]
                                        let better = value .> best
                                        best.replace(with: value, where: better)
                                        from.replace(with: Int32(first + row), where: better)
                                    }
                                    for lane in 0..<2 {
                                        score[here + first + 1 + lane] = best[lane] + emissions[here + first + 1 + lane]
                                        back[here + first + 1 + lane] = from[lane]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        backtrack(score, back, tokenCount: tokenCount, into: &path)
    }

    /// Labels for a sentence's tokens, with each token's confidence: the probability of its label
    /// over all the sentence's valid label paths (``marginals(_:tokenCount:transitionFactors:into:scratch:)``).
    public func tag(_ tokens: [EntityToken], extractor: FeatureExtractorBox) -> [(
        label: EntityLabel, confidence: Double
    )] {
        var buffers = Buffers()
        return tag(
            SentenceTokens(tokens, index: extractor.extractor.lexicon.index), extractor: extractor.extractor,
            buffers: &buffers)
    }

    /// Scratch space for ``tag(_:extractor:buffers:)``, kept from sentence to sentence (and, in
    /// the processor, from article to article).
    struct Buffers {
        var facts: [FeatureExtractor.TokenFacts] = []
        var spans: [UInt16] = []
        var features: [Int32] = []
        var emissions: [Float] = []
        var score: [Float] = []
        var back: [Int32] = []
        /// After ``label(_:extractor:buffers:)``: each token's label, as its index in ``TagScheme``.
        var path: [Int] = []
        /// After ``label(_:extractor:buffers:)``: each token's confidence in its label (1 for outside).
        var confidences: [Double] = []
        var marginals: [Double] = []
        var scratch: [Double] = []
    }

    func tag(_ sentence: SentenceTokens, extractor: FeatureExtractor, buffers: inout Buffers) -> [(
        label: EntityLabel, confidence: Double
    )] {
        label(sentence, extractor: extractor, buffers: &buffers)
        return zip(buffers.path, buffers.confidences).map { (TagScheme.label($0), $1) }
    }

    /// ``tag(_:extractor:buffers:)`` without an array of its own: the labels are left in
    /// `buffers.path` (indices of ``TagScheme``) and their confidences in `buffers.confidences`.
    ///
    /// Only the confidences of the labels the path holds are worked out, and only those of tokens
    /// that are not outside (whose confidence is 1): forward-backward still runs over the whole
    /// sentence, but its last step, the marginals of each token, is taken only where it is read.
    func label(_ sentence: SentenceTokens, extractor: FeatureExtractor, buffers: inout Buffers) {
        let count = sentence.count
        extractor.features(sentence, facts: &buffers.facts, spans: &buffers.spans, into: &buffers.features)
        emissions(buffers.features, tokenCount: count, into: &buffers.emissions)
        Self.decode(
            buffers.emissions, tokenCount: count, lanes: lanes, score: &buffers.score, back: &buffers.back,
            into: &buffers.path)
        buffers.confidences.removeAll(keepingCapacity: true)
        buffers.confidences.append(contentsOf: repeatElement(1, count: count))
        // A sentence without names needs no confidences (outside's is 1), and most have none.
        guard buffers.path.contains(where: { $0 != 0 }) else { return }
        Self.marginals(
            buffers.emissions, tokenCount: count, lanes: lanes, only: buffers.path, into: &buffers.marginals,
            scratch: &buffers.scratch)
        let labels = TagScheme.count
        for (token, label) in buffers.path.enumerated() where label != 0 {
            buffers.confidences[token] = buffers.marginals[token * labels + label]
        }
    }

    /// Each token's probability of each label over all valid paths (forward-backward), the
    /// confidence the tagger gives its labels: the model is trained as a CRF, whose scores are
    /// log-probabilities up to the sentence's normalizer. In linear space, each token's
    /// `exp(emission)` taken relative to its largest (a factor every path shares, so it cancels)
    /// and each step rescaled to sum to 1: 13 `exp` per token instead of one per label pair.
    static func marginals(
        _ emissions: [Float], tokenCount: Int, transitionFactors: [Double], into output: inout [Double],
        scratch: inout [Double]
    ) {
        marginals(
            emissions, tokenCount: tokenCount, lanes: TransitionLanes(factors: transitionFactors), into: &output,
            scratch: &scratch)
    }

    /// ``marginals(_:tokenCount:transitionFactors:into:scratch:)`` with the factors laid out once per model.
    ///
    /// With `only` (a label index per token), the marginals are worked out only for the tokens
    /// whose label there is not outside (0); the rows of the others are left holding their forward
    /// probabilities. Each token's marginals are its own last step, so those worked out are the
    /// same to the last bit either way.
    static func marginals(
        _ emissions: [Float], tokenCount: Int, lanes: TransitionLanes, only path: [Int]? = nil,
        into output: inout [Double], scratch: inout [Double]
    ) {
        precondition(path.map { $0.count == tokenCount } ?? true, "one label per token")
        let labels = TagScheme.count
        output.removeAll(keepingCapacity: true)
        guard tokenCount > 0 else { return }
        output.append(contentsOf: repeatElement(0, count: tokenCount * labels))
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: repeatElement(0, count: 2 * tokenCount * labels))
        emissions.withUnsafeBufferPointer { emissions in
            lanes.start.withUnsafeBufferPointer { start in
                lanes.withGroups { groups in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        output.withUnsafeMutableBufferPointer { output in
                            if let path {
                                path.withUnsafeBufferPointer { path in
                                    forwardBackward(
                                        emissions, tokenCount: tokenCount, start: start, groups: groups, only: path,
                                        output: output, scratch: scratch)
                                }
                            } else {
                                forwardBackward(
                                    emissions, tokenCount: tokenCount, start: start, groups: groups, only: nil,
                                    output: output, scratch: scratch)
                            }
                        }
                    }
                }
            }
        }
    }

    /// ``marginals(_:tokenCount:transitionFactors:into:scratch:)`` on buffers: `scratch` holds the
    /// emission factors, then beta (each already multiplied by its token's emission factors);
    /// `output` holds alpha, then the marginals.
    ///
    /// A step sums over the allowed pairs of labels only, several labels at once
    /// (``TransitionLanes/Groups``): the labels after which a name is closed (outside, and the last
    /// or only word of a name) may each be followed by any of the seven labels that open or skip
    /// a name, eight lanes at once; the first and inner word of a name only by the inner or last
    /// word of the same type, two lanes. Each label's sum takes the products of its allowed pairs
    /// in ascending order of the other label, as a loop over every pair in order does, and the
    /// pairs left out have a factor of zero, whose products (`+0`, since alpha and beta are never
    /// negative) leave a sum as it was: every figure is the same to the last bit.
    @inline(__always)
    private static func forwardBackward(
        _ emissions: UnsafeBufferPointer<Float>, tokenCount: Int, start: UnsafeBufferPointer<Double>,
        groups: TransitionLanes.Groups, only path: UnsafeBufferPointer<Int>?,
        output: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let labels = TagScheme.count
        let closed = TransitionLanes.closed
        let opening = TransitionLanes.opening
        for token in 0..<tokenCount {
            var largest = -Float.infinity
            for label in 0..<labels { largest = max(largest, emissions[token * labels + label]) }
            for label in 0..<labels {
                // Below e^-30 of the best label a factor changes no confidence a score shows.
                let gap = emissions[token * labels + label] - largest
                scratch[token * labels + label] = gap < -30 ? 0 : Double(exp(gap))
            }
        }
        func normalize(_ base: Int) {
            var sum = 0.0
            for label in 0..<labels { sum += output[base + label] }
            let scale = 1 / max(sum, .leastNormalMagnitude)
            for label in 0..<labels { output[base + label] *= scale }
        }
        for label in 0..<labels where TagScheme.allowed(nil, label) { output[label] = start[label] * scratch[label] }
        normalize(0)
        for token in stride(from: 1, to: tokenCount, by: 1) {
            let here = token * labels
            let before = here - labels
            // Row `i` holds the factors from closed label `closed[i]` to each opening label.
            var sum = SIMD8<Double>()
            for row in 0..<closed.count {
                sum += SIMD8(repeating: output[before + closed[row]]) * groups.forwardClosed[row]
            }
            for lane in 0..<opening.count {
                output[here + opening[lane]] = sum[lane] * scratch[here + opening[lane]]
            }
            // Type `t`'s first and inner word (labels 4t + 1, 4t + 2) to its inner and last (4t + 2, 4t + 3).
            for type in 0..<TransitionLanes.types {
                let first = 4 * type + 1
                var pair = SIMD2<Double>()
                pair += SIMD2(repeating: output[before + first]) * groups.forwardInside[2 * type]
                pair += SIMD2(repeating: output[before + first + 1]) * groups.forwardInside[2 * type + 1]
                output[here + first + 1] = pair[0] * scratch[here + first + 1]
                output[here + first + 2] = pair[1] * scratch[here + first + 2]
            }
            normalize(here)
        }
        // beta × the emission factor of the same token, so that the step back is one product a pair.
        let beta = tokenCount * labels
        let last = (tokenCount - 1) * labels
        for label in 0..<labels where TagScheme.canEnd(label) { scratch[beta + last + label] = scratch[last + label] }
        for token in stride(from: tokenCount - 2, through: 0, by: -1) {
            let here = beta + token * labels
            let after = here + labels
            // Row `i` holds the factors from each closed label to opening label `opening[i]`.
            var step = SIMD8<Double>()
            for row in 0..<opening.count {
                step += groups.backwardOpening[row] * SIMD8(repeating: scratch[after + opening[row]])
            }
            for lane in 0..<closed.count { scratch[here + closed[lane]] = step[lane] }
            for type in 0..<TransitionLanes.types {
                let first = 4 * type + 1
                var pair = SIMD2<Double>()
                pair += groups.backwardInside[2 * type] * SIMD2(repeating: scratch[after + first + 1])
                pair += groups.backwardInside[2 * type + 1] * SIMD2(repeating: scratch[after + first + 2])
                scratch[here + first] = pair[0]
                scratch[here + first + 1] = pair[1]
            }
            var sum = 0.0
            for label in 0..<labels { sum += scratch[here + label] }
            let scale = 1 / max(sum, .leastNormalMagnitude)
            for label in 0..<labels { scratch[here + label] *= scale * scratch[token * labels + label] }
        }
        for token in 0..<tokenCount {
            if let path, path[token] == 0 { continue }
            let here = token * labels
            for label in 0..<labels {
                let factor = scratch[here + label]
                // alpha already holds the emission factor, and so does beta: divide it out once.
                output[here + label] = factor > 0 ? output[here + label] * scratch[beta + here + label] / factor : 0
            }
            normalize(here)
        }
    }
}

/// A model's padded weight rows (``TaggerModel/weights``) in memory that starts on a cache line.
///
/// A row is 32 bytes, and tagging fetches 48 rows per token from a table too big for the caches.
/// An `Array`'s elements start 32 bytes past its allocation, which for a table of megabytes is 16
/// bytes past a page: every other row then straddled two cache lines, cost two misses and was
/// only half fetched by the prefetch of its first byte. Aligned to 64 bytes, each row lies in one line.
///
/// ```swift
/// let rows = AlignedRows([Int16](repeating: 0, count: 32))
/// rows.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % 64 }   // 0
/// ```
final class AlignedRows: Equatable, @unchecked Sendable {
    // Written once in `init`, read-only afterwards: safe to share between threads.
    private let storage: UnsafeMutableBufferPointer<Int16>

    init(_ values: [Int16]) {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, values.count) * MemoryLayout<Int16>.stride, alignment: 64)
        storage = UnsafeMutableBufferPointer(
            start: raw.bindMemory(to: Int16.self, capacity: values.count), count: values.count)
        _ = storage.initialize(from: values)
    }

    deinit { UnsafeMutableRawPointer(storage.baseAddress!).deallocate() }

    var count: Int { storage.count }

    subscript(index: Int) -> Int16 { storage[index] }

    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Int16>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(storage))
    }

    static func == (left: AlignedRows, right: AlignedRows) -> Bool {
        left === right || left.storage.elementsEqual(right.storage)
    }
}

/// Makes features for a ``TaggerModel``; built once per model and lexicon.
public struct FeatureExtractorBox: Sendable {
    let extractor: FeatureExtractor
    public init(model: TaggerModel, lexicon: EntityLexicon) {
        extractor = FeatureExtractor(bucketBits: model.bucketBits, lexicon: lexicon, lists: model.lists)
    }
}

/// Reads little-endian values from a model file.
struct ByteReader {
    let data: Data
    var offset = 0

    mutating func bytes(_ count: Int) -> [UInt8] {
        defer { offset += count }
        return Array(data[data.startIndex + offset..<data.startIndex + offset + count])
    }

    mutating func uint32() -> UInt32 {
        let value = bytes(4)
        return UInt32(value[0]) | UInt32(value[1]) << 8 | UInt32(value[2]) << 16 | UInt32(value[3]) << 24
    }

    mutating func float() -> Float { Float(bitPattern: uint32()) }

    mutating func uint64() -> UInt64 {
        let value = bytes(8)
        return value.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The bytes left to read.
    var remaining: Int { data.count - offset }

    /// A `UInt32`, or nil when fewer than four bytes are left.
    mutating func checkedUInt32() -> UInt32? { remaining >= 4 ? uint32() : nil }

    mutating func int16s(_ count: Int) -> [Int16] {
        let start = data.startIndex + offset
        offset += count * 2
        var values = [Int16](repeating: 0, count: count)
        values.withUnsafeMutableBytes { output in
            data.copyBytes(to: output.bindMemory(to: UInt8.self), from: start..<start + count * 2)
        }
        // The file is little-endian; so is every machine Lector runs on, but say so.
        if UInt16(littleEndian: 1) != 1 {
            for index in values.indices { values[index] = Int16(littleEndian: values[index]) }
        }
        return values
    }
}
