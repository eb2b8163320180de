import Foundation
import LectorCore

/// A trained linear-chain tagger: one weight row per hashed feature bucket (one weight per label),
/// label-to-label transition weights, and Viterbi decoding restricted to valid BIO sequences.
///
/// The model file is little-endian binary: the magic `LNER`, a format version (1), the bucket bits,
/// the label count, a Float32 scale, `(labels + 1) × labels` Float32 transitions (row 0 is the
/// sentence start), then `2^bits × labels` Int16 weights that are multiplied by the scale on load.
///
/// ```swift
/// let model = try TaggerModel(contentsOf: url)
/// let labels = model.tag(tokens, lexicon: .shared)
/// ```
public struct TaggerModel: Sendable {
    public let bucketBits: Int
    var weights: [Float]
    var transitions: [Float]

    init(bucketBits: Int, weights: [Float], transitions: [Float]) {
        self.bucketBits = bucketBits
        self.weights = weights
        self.transitions = transitions
    }

    /// Reads a model file written by ``write(to:)``.
    ///
    /// - Throws: ``ProcessorError/unsupportedInput(_:)`` when the file is not a model of this format.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        var reader = ByteReader(data: data)
        guard data.count > 16, reader.bytes(4) == Array("LNER".utf8), reader.uint32() == 1 else {
            throw ProcessorError.unsupportedInput("\(url.lastPathComponent) is not an entity model (format 1)")
        }
        let bits = Int(reader.uint32())
        let labels = Int(reader.uint32())
        let scale = reader.float()
        guard labels == EntityLabel.count, (10...24).contains(bits),
            data.count == 20 + (labels + 1) * labels * 4 + (1 << bits) * labels * 2
        else { throw ProcessorError.unsupportedInput("\(url.lastPathComponent) has an unexpected size or label count") }
        bucketBits = bits
        transitions = (0..<((labels + 1) * labels)).map { _ in reader.float() }
        let quantized = reader.int16s((1 << bits) * labels)
        var weights = [Float](repeating: 0, count: quantized.count)
        weights.withUnsafeMutableBufferPointer { output in
            quantized.withUnsafeBufferPointer { input in
                for index in 0..<input.count { output[index] = Float(input[index]) * scale }
            }
        }
        self.weights = weights
    }

    /// Writes the model, its weights quantized to 16 bits.
    public func write(to url: URL) throws {
        var data = Data("LNER".utf8)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(1)
        append(UInt32(bucketBits))
        append(UInt32(EntityLabel.count))
        let largest = weights.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / 32767 : 1
        append(scale.bitPattern)
        for value in transitions { append(value.bitPattern) }
        var quantized = [Int16](repeating: 0, count: weights.count)
        for index in weights.indices { quantized[index] = Int16((weights[index] / scale).rounded()) }
        quantized.withUnsafeBytes { raw in
            for chunk in stride(from: 0, to: raw.count, by: 2) {
                data.append(raw[chunk])
                data.append(raw[chunk + 1])
            }
        }
        try data.write(to: url, options: .atomic)
    }

    /// The label scores of every token (`tokens × labels`), before transitions.
    func emissions(_ features: [Int32], tokenCount: Int) -> [Float] {
        let labels = EntityLabel.count
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
        guard tokenCount > 0 else { return [] }
        let labels = EntityLabel.count
        var score = [Float](repeating: -.infinity, count: tokenCount * labels)
        var back = [Int](repeating: 0, count: tokenCount * labels)
        for label in 0..<labels where EntityLabel.allowed(nil, label) {
            score[label] = transitions[label] + emissions[label]
        }
        for token in 1..<tokenCount {
            for label in 0..<labels {
                var best = -Float.infinity
                var bestPrevious = 0
                for previous in 0..<labels where EntityLabel.allowed(previous, label) {
                    let value = score[(token - 1) * labels + previous] + transitions[(previous + 1) * labels + label]
                    if value > best {
                        best = value
                        bestPrevious = previous
                    }
                }
                score[token * labels + label] = best + emissions[token * labels + label]
                back[token * labels + label] = bestPrevious
            }
        }
        var last = 0
        var best = -Float.infinity
        for label in 0..<labels where score[(tokenCount - 1) * labels + label] > best {
            best = score[(tokenCount - 1) * labels + label]
            last = label
        }
        var path = [Int](repeating: 0, count: tokenCount)
        path[tokenCount - 1] = last
        var token = tokenCount - 1
        while token > 0 {
            path[token - 1] = back[token * labels + path[token]]
            token -= 1
        }
        return path
    }

    /// Labels for a sentence's tokens, with each token's confidence: the logistic of how far its
    /// label's score stands above the outside label's, divided by the standard deviation of the
    /// sentence's scores (perceptron weights have no scale of their own).
    public func tag(_ tokens: [EntityToken], extractor: FeatureExtractorBox) -> [(
        label: EntityLabel, confidence: Double
    )] {
        let features = extractor.extractor.features(tokens)
        let emissions = emissions(features, tokenCount: tokens.count)
        let path = decode(emissions, tokenCount: tokens.count)
        let labels = EntityLabel.count
        let mean = emissions.reduce(0, +) / Float(max(1, emissions.count))
        let variance = emissions.reduce(Float(0)) { $0 + ($1 - mean) * ($1 - mean) } / Float(max(1, emissions.count))
        let temperature = max(variance.squareRoot(), 1e-3)
        return path.enumerated().map { token, label in
            // How far the label's score stands above outside's, in units of the sentence's spread.
            let margin = (emissions[token * labels + label] - emissions[token * labels]) / temperature
            return (EntityLabel(label), label == 0 ? 1 : Double(1 / (1 + exp(-margin))))
        }
    }
}

/// Makes features for a ``TaggerModel``; built once per model and lexicon.
public struct FeatureExtractorBox: Sendable {
    let extractor: FeatureExtractor
    public init(model: TaggerModel, lexicon: EntityLexicon) {
        extractor = FeatureExtractor(bucketBits: model.bucketBits, lexicon: lexicon)
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
