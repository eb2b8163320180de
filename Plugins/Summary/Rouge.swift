import Foundation

/// ROUGE-1, ROUGE-2 and ROUGE-L F1 of a candidate summary against a reference, with a tokenizer
/// that works in every script.
///
/// The common `rouge-score` package keeps only `[a-z0-9]` after lowercasing, which scores Arabic
/// or Urdu summaries as 0. Here text is NFC-normalized and lowercased, and a token is a maximal run
/// of letters, marks and numbers (Unicode general categories L*, M*, N*), with the Greek final
/// sigma folded to sigma (lowercasing rules differ there between languages); there is no stemming
/// and no stop-word list. ROUGE-N counts clipped n-gram matches; ROUGE-L uses the longest common
/// subsequence of the two whole token sequences. `bench/summary/rouge.py` implements the same
/// definition in Python, so that Lector and the Python peers are scored alike.
///
/// ```swift
/// let rouge = Rouge(candidate: "The cat sat.", reference: "A cat sat down.")
/// // rouge.rouge1 == 2 * (2/3 * 2/4) / (2/3 + 2/4) ≈ 0.571
/// ```
public struct Rouge: Sendable, Hashable, Codable {
    /// Unigram F1, in 0...1.
    public var rouge1: Double
    /// Bigram F1, in 0...1.
    public var rouge2: Double
    /// Longest-common-subsequence F1, in 0...1.
    public var rougeL: Double

    public init(rouge1: Double, rouge2: Double, rougeL: Double) {
        self.rouge1 = rouge1
        self.rouge2 = rouge2
        self.rougeL = rougeL
    }

    /// Scores `candidate` against `reference`.
    public init(candidate: String, reference: String) {
        self.init(candidateTokens: Self.tokenize(candidate), referenceTokens: Self.tokenize(reference))
    }

    /// Scores token sequences (from ``tokenize(_:)``), for callers that score one text many times.
    public init(candidateTokens: [String], referenceTokens: [String]) {
        // Small integer ids make the n-gram and LCS work cheap.
        var ids: [String: Int] = [:]
        let c = candidateTokens.map { token in ids[token] ?? { ids[token] = ids.count; return ids.count - 1 }() }
        let r = referenceTokens.map { token in ids[token] ?? { ids[token] = ids.count; return ids.count - 1 }() }
        rouge1 = Self.f1(Self.overlap(c, r, n: 1), max(c.count, 0), max(r.count, 0))
        rouge2 = Self.f1(Self.overlap(c, r, n: 2), max(c.count - 1, 0), max(r.count - 1, 0))
        rougeL = Self.f1(Self.longestCommonSubsequence(c, r), c.count, r.count)
    }

    /// The tokens ROUGE compares: NFC, lowercased, runs of letters, marks and numbers.
    public static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if Self.isTokenScalar(scalar) {
                current.append(scalar.value == 0x03C2 ? "\u{03C3}" : scalar)
            } else if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func f1(_ overlap: Int, _ candidateCount: Int, _ referenceCount: Int) -> Double {
        guard overlap > 0, candidateCount > 0, referenceCount > 0 else { return 0 }
        let precision = Double(overlap) / Double(candidateCount)
        let recall = Double(overlap) / Double(referenceCount)
        return 2 * precision * recall / (precision + recall)
    }

    /// Matches of n-grams, each counted at most as often as it occurs in the reference.
    static func overlap(_ candidate: [Int], _ reference: [Int], n: Int) -> Int {
        guard candidate.count >= n, reference.count >= n else { return 0 }
        func grams(_ tokens: [Int]) -> [[Int]: Int] {
            var counts: [[Int]: Int] = [:]
            for start in 0...(tokens.count - n) { counts[Array(tokens[start..<start + n]), default: 0] += 1 }
            return counts
        }
        let referenceGrams = grams(reference)
        return grams(candidate).reduce(0) { sum, entry in sum + min(entry.value, referenceGrams[entry.key] ?? 0) }
    }

    static func longestCommonSubsequence(_ a: [Int], _ b: [Int]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
