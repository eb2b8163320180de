import Foundation
import LectorCore
import Testing

@testable import LectorEntities

/// The tagger's confidences (``TaggerModel/marginals(_:tokenCount:transitionFactors:into:scratch:)``)
/// against brute force: every valid path of a short sentence scored and normalized one by one.
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
}
