import Foundation
import LectorCore
import Testing

@testable import LectorEntities

/// Forward-backward (``Lattice``) against brute force: every valid BILOU path of a short sentence
/// scored and normalized one by one.
struct LatticeTests {
    /// Random weights for a few buckets, random feature rows and random transitions.
    static func problem(tokens: Int, seed: UInt64) -> (
        rows: [Int32], values: [Double], transitions: [Double]
    ) {
        let labels = TagScheme.count
        var generator = SeededGenerator(seed: seed)
        func random() -> Double { Double(generator.next() % 2001) / 500 - 2 }
        let buckets = 16
        let values = (0..<(buckets * labels)).map { _ in random() }
        let rows = (0..<(tokens * FeatureExtractor.featuresPerToken)).map { _ in
            Int32(generator.next() % 16)
        }
        let transitions = (0..<((labels + 1) * labels)).map { _ in random() }
        return (rows, values, transitions)
    }

    /// Every valid label path of `count` tokens with its unnormalized log score.
    static func paths(
        count: Int, rows: [Int32], values: [Double], scale: Double, transitions: [Double]
    ) -> [(path: [Int], score: Double)] {
        let labels = TagScheme.count
        let perToken = FeatureExtractor.featuresPerToken
        var emissions = [Double](repeating: 0, count: count * labels)
        for token in 0..<count {
            for slot in 0..<perToken {
                for label in 0..<labels {
                    emissions[token * labels + label] +=
                        scale * values[Int(rows[token * perToken + slot]) * labels + label]
                }
            }
        }
        return enumeratedPaths(count: count, emissions: emissions, transitions: transitions)
    }

    @Test(arguments: [1, 2, 4])
    func marginalsEqualThoseOfEveryPathEnumerated(tokens: Int) {
        let labels = TagScheme.count
        let (rows, values, transitions) = Self.problem(tokens: tokens, seed: UInt64(tokens) &* 7919)
        var lattice = Lattice()
        lattice.run(rows: rows, count: tokens, values: values, scale: 0.37, transitions: transitions)
        let paths = Self.paths(
            count: tokens, rows: rows, values: values, scale: 0.37, transitions: transitions)
        let largest = paths.map(\.score).max()!
        let total = paths.reduce(0) { $0 + exp($1.score - largest) }
        var expected = [Double](repeating: 0, count: tokens * labels)
        var pairs = [Double](repeating: 0, count: (labels + 1) * labels)
        for (path, score) in paths {
            let probability = exp(score - largest) / total
            for (token, label) in path.enumerated() {
                expected[token * labels + label] += probability
                pairs[(token == 0 ? 0 : path[token - 1] + 1) * labels + label] += probability
            }
        }
        for token in 0..<tokens {
            var sum = 0.0
            for label in 0..<labels {
                #expect(abs(lattice.marginal(token, label) - expected[token * labels + label]) < 1e-9)
                sum += lattice.marginal(token, label)
            }
            #expect(abs(sum - 1) < 1e-9)
        }
        for previous in 0...labels {
            for label in 0..<labels {
                #expect(
                    abs(lattice.pairMarginal(previous, label) - pairs[previous * labels + label]) < 1e-9)
            }
        }
        // An inside or last label never starts a sentence, and a name never stays open at its end.
        #expect(lattice.marginal(0, 2) == 0 && lattice.marginal(0, 3) == 0)
        #expect(lattice.marginal(tokens - 1, 1) == 0 && lattice.marginal(tokens - 1, 2) == 0)
    }

    @Test func goldPairsCountTheSentenceStartAsRowZero() {
        let lattice = Lattice()
        let gold = [1, 2, 0, 1]
        #expect(lattice.goldPairCount(gold, 0, 1) == 1)
        #expect(lattice.goldPairCount(gold, 2, 2) == 1)
        #expect(lattice.goldPairCount(gold, 1, 1) == 1)
        #expect(lattice.goldPairCount(gold, 3, 0) == 1)
        #expect(lattice.goldPairCount(gold, 0, 0) == 0)
    }
}
