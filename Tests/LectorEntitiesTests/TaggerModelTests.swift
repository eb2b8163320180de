import Foundation
import LectorCore
import Testing

@testable import LectorEntities

/// The tagger's confidences (``TaggerModel/marginals(_:tokenCount:transitionFactors:into:scratch:)``)
/// against brute force: every valid path of a short sentence scored and normalized one by one; and
/// Viterbi and forward-backward over all labels at once (``TransitionLanes``) against the loops
/// over one allowed label pair at a time that they replace, bit for bit.
struct TaggerModelTests {
    @Test(arguments: [1, 2, 3, 5])
    func confidencesAreTheProbabilitiesOfEveryPathEnumerated(tokens: Int) {
        let labels = TagScheme.count
        var generator = SeededGenerator(seed: 4242 &+ UInt64(tokens))
        func random() -> Float { Float(generator.next() % 4001) / 500 - 4 }
        let emissions = (0..<(tokens * labels)).map { _ in random() }
        let transitions = (0..<((labels + 1) * labels)).map { _ in random() }
        let largest = transitions.max()!
        var marginals: [Double] = []
        var scratch: [Double] = []
        TaggerModel.marginals(
            emissions, tokenCount: tokens, transitionFactors: transitions.map { exp(Double($0 - largest)) },
            into: &marginals, scratch: &scratch)

        let paths = enumeratedPaths(
            count: tokens, emissions: emissions.map(Double.init), transitions: transitions.map(Double.init))
        let best = paths.map(\.score).max()!
        let total = paths.reduce(0) { $0 + exp($1.score - best) }
        var expected = [Double](repeating: 0, count: tokens * labels)
        for (path, score) in paths {
            for (token, label) in path.enumerated() { expected[token * labels + label] += exp(score - best) / total }
        }
        #expect(marginals.count == tokens * labels)
        for index in expected.indices {
            #expect(abs(marginals[index] - expected[index]) < 1e-6, "token \(index / labels), label \(index % labels)")
        }
    }

    /// Emissions and transitions on a coarse grid, so that ties between paths are common.
    static func coarse(tokens: Int, seed: UInt64) -> (emissions: [Float], transitions: [Float]) {
        let labels = TagScheme.count
        var generator = SeededGenerator(seed: seed)
        func random() -> Float { Float(generator.next() % 9) / 2 - 2 }
        return ((0..<(tokens * labels)).map { _ in random() }, (0..<((labels + 1) * labels)).map { _ in random() })
    }

    @Test(arguments: [1, 2, 3, 7, 40])
    func viterbiOverAllLabelsAtOnceGivesTheScalarLoopsPathAndBackPointers(tokens: Int) {
        for seed in UInt64(0)..<50 {
            let (emissions, transitions) = Self.coarse(tokens: tokens, seed: seed &* 31 &+ UInt64(tokens))
            let lanes = TransitionLanes(transitions: transitions, factors: transitions.map { exp(Double($0)) })
            var expected = (score: [Float](), back: [Int32](), path: [Int]())
            TaggerModel.decode(
                emissions, tokenCount: tokens, transitions: transitions, score: &expected.score,
                back: &expected.back, into: &expected.path)
            var found = (score: [Float](), back: [Int32](), path: [Int]())
            TaggerModel.decode(
                emissions, tokenCount: tokens, lanes: lanes, score: &found.score, back: &found.back,
                into: &found.path)
            #expect(found.path == expected.path, "seed \(seed)")
            #expect(found.back == expected.back, "seed \(seed)")
            #expect(found.score.map(\.bitPattern) == expected.score.map(\.bitPattern), "seed \(seed)")
        }
    }

    @Test(arguments: [1, 2, 3, 7, 40])
    func confidencesOverAllLabelsAtOnceEqualThePairwiseLoopToTheLastBit(tokens: Int) {
        let labels = TagScheme.count
        var generator = SeededGenerator(seed: 777 &+ UInt64(tokens))
        for _ in 0..<20 {
            func random() -> Float { Float(generator.next() % 8001) / 500 - 8 }
            let emissions = (0..<(tokens * labels)).map { _ in random() }
            let transitions = (0..<((labels + 1) * labels)).map { _ in random() }
            let largest = transitions.max()!
            let factors = transitions.map { exp(Double($0 - largest)) }
            var marginals: [Double] = []
            var scratch: [Double] = []
            TaggerModel.marginals(
                emissions, tokenCount: tokens, transitionFactors: factors, into: &marginals, scratch: &scratch)
            let expected = pairwiseMarginals(emissions, tokenCount: tokens, factors: factors)
            #expect(marginals.map(\.bitPattern) == expected.map(\.bitPattern))
        }
    }

    /// The tagger asks for the marginals of its labelled tokens only (`only:`): those must be the
    /// full computation's to the last bit, whichever tokens are left out.
    @Test(arguments: [1, 2, 3, 7, 40])
    func confidencesOfTheLabelledTokensOnlyEqualTheFullOnesToTheLastBit(tokens: Int) {
        let labels = TagScheme.count
        var generator = SeededGenerator(seed: 919 &+ UInt64(tokens))
        for round in 0..<20 {
            func random() -> Float { Float(generator.next() % 8001) / 500 - 8 }
            let emissions = (0..<(tokens * labels)).map { _ in random() }
            let transitions = (0..<((labels + 1) * labels)).map { _ in random() }
            let largest = transitions.max()!
            let factors = transitions.map { exp(Double($0 - largest)) }
            let lanes = TransitionLanes(transitions: transitions, factors: factors)
            // Every third round leaves no token out; the others about half of them.
            let path = (0..<tokens).map { _ in
                round % 3 == 0 ? 1 + Int(generator.next() % 12) : Int(generator.next() % 13) / 6
            }
            var full: [Double] = []
            var only: [Double] = []
            var scratch: [Double] = []
            TaggerModel.marginals(emissions, tokenCount: tokens, lanes: lanes, into: &full, scratch: &scratch)
            TaggerModel.marginals(
                emissions, tokenCount: tokens, lanes: lanes, only: path, into: &only, scratch: &scratch)
            #expect(only.count == full.count)
            for token in 0..<tokens where path[token] != 0 {
                let row = token * labels..<(token + 1) * labels
                #expect(only[row].map(\.bitPattern) == full[row].map(\.bitPattern), "round \(round), token \(token)")
            }
        }
    }

    /// Forward-backward one allowed label pair at a time, as the tagger worked it out before its
    /// steps took every label at once: the reference its confidences must equal bit for bit.
    func pairwiseMarginals(_ emissions: [Float], tokenCount: Int, factors: [Double]) -> [Double] {
        let labels = TagScheme.count
        let pairs = (0..<labels).flatMap { previous in
            (0..<labels).filter { TagScheme.allowed(previous, $0) }.map {
                (previous: previous, label: $0, factor: (previous + 1) * labels + $0)
            }
        }
        var output = [Double](repeating: 0, count: tokenCount * labels)
        var scratch = [Double](repeating: 0, count: 2 * tokenCount * labels)
        for token in 0..<tokenCount {
            var largest = -Float.infinity
            for label in 0..<labels { largest = max(largest, emissions[token * labels + label]) }
            for label in 0..<labels {
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
        for label in 0..<labels where TagScheme.allowed(nil, label) { output[label] = factors[label] * scratch[label] }
        normalize(0)
        for token in stride(from: 1, to: tokenCount, by: 1) {
            let here = token * labels
            let before = here - labels
            for pair in pairs { output[here + pair.label] += output[before + pair.previous] * factors[pair.factor] }
            for label in 0..<labels { output[here + label] *= scratch[here + label] }
            normalize(here)
        }
        let beta = tokenCount * labels
        let last = (tokenCount - 1) * labels
        for label in 0..<labels where TagScheme.canEnd(label) { scratch[beta + last + label] = scratch[last + label] }
        for token in stride(from: tokenCount - 2, through: 0, by: -1) {
            let here = beta + token * labels
            let after = here + labels
            for pair in pairs { scratch[here + pair.previous] += factors[pair.factor] * scratch[after + pair.label] }
            var sum = 0.0
            for label in 0..<labels { sum += scratch[here + label] }
            let scale = 1 / max(sum, .leastNormalMagnitude)
            for label in 0..<labels { scratch[here + label] *= scale * scratch[token * labels + label] }
        }
        for token in 0..<tokenCount {
            let here = token * labels
            for label in 0..<labels {
                let factor = scratch[here + label]
                output[here + label] = factor > 0 ? output[here + label] * scratch[beta + here + label] / factor : 0
            }
            normalize(here)
        }
        return output
    }

    @Test func weightRowsStartOnACacheLineAndKeepTheirValues() {
        let values = (0..<(40 * TaggerModel.rowStride)).map { Int16(truncatingIfNeeded: $0 &* 977) }
        for _ in 0..<8 {
            let rows = AlignedRows(values)
            #expect(rows.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % 64 } == 0)
            #expect(rows.count == values.count && (0..<values.count).allSatisfy { rows[$0] == values[$0] })
            #expect(rows == AlignedRows(values))
            #expect(rows != AlignedRows(values.map { $0 ^ 1 }))
        }
    }
}
