import CPrefetch
import Foundation

extension ShortTextModel {
    /// The model cut down to some of its languages: their entries only, and only the n-grams that
    /// have one, so that its index is a small fraction of the whole and stays in the caches.
    ///
    /// Each kept language's log-likelihood is bit-for-bit what the whole model gives it: the same
    /// weights are added in the same sequence, and an n-gram left out has no weight for any kept
    /// language. What the cut-down model cannot know is how the *other* languages score, and the
    /// whole model's probabilities are relative to its best language; ``certifies(_:restrictedBest:)``
    /// says when that cannot matter.
    func restricted(to kept: Set<String>) -> ShortTextModel {
        restricted(toEach: [kept])[0]
    }

    /// ``restricted(to:)`` for several sets of languages at once, in one pass over the index.
    func restricted(toEach sets: [Set<String>]) -> [ShortTextModel] {
        let keptIndices = sets.map { kept in languages.indices.filter { kept.contains(languages[$0]) } }
        // For each language l, the sets it is in and its position in each:
        // memberships[membershipStarts[l]..<membershipStarts[l + 1]].
        var membershipStarts = [0]
        var memberships: [(set: Int32, position: Int32)] = []
        for l in languages.indices {
            for (set, indices) in keptIndices.enumerated() {
                if let position = indices.firstIndex(of: l) { memberships.append((Int32(set), Int32(position))) }
            }
            membershipStarts.append(memberships.count)
        }
        // Every kept entry, n-gram by n-gram, in its set's array: one pass over the whole index.
        // Each set's array is released once its index is built, so that the records of all sets
        // and all the cut-down indexes are not held at once (the load's peak memory).
        var records = [[(key: UInt64, entry: GramIndex.Entry)]](repeating: [], count: sets.count)
        index.forEach { key, entries in
            for entry in entries {
                let l = Int(entry.language)
                for m in membershipStarts[l]..<membershipStarts[l + 1] {
                    let (set, position) = memberships[m]
                    records[Int(set)].append((key, GramIndex.Entry(language: position, delta: entry.delta)))
                }
            }
        }
        return sets.indices.map { set in
            let mine = records[set]
            records[set] = []
            var gramCount = 0
            for (i, record) in mine.enumerated() where i == 0 || mine[i - 1].key != record.key { gramCount += 1 }
            var builder = GramIndex.Builder(capacity: gramCount)
            var start = 0
            while start < mine.count {
                var end = start + 1
                while end < mine.count, mine[end].key == mine[start].key { end += 1 }
                if end < mine.count { builder.prefetch(key: mine[end].key) }
                builder.insert(key: mine[start].key, entries: mine[start..<end].lazy.map(\.entry))
                start = end
            }
            return ShortTextModel(
                languages: keptIndices[set].map { languages[$0] }, orders: orders, temperature: temperature,
                index: builder.index, unseen: unseen.map { row in keptIndices[set].map { row[$0] } }, bound: nil)
        }
    }

    /// How far below the best score, in temperatures, a restricted model's best may be certified.
    static let certifiedTemperatures = 600.0
    /// exp(−``certifiedTemperatures``): the smallest ratio of probabilities that is certified.
    static let certifiedRatio = exp(-certifiedTemperatures)

    /// Whether probabilities among a restricted model's languages are those of the whole model,
    /// for a text's n-grams, given the restricted model's best raw log-likelihood.
    ///
    /// The whole model computes exp((score − top) / temperature) with `top` its best language's
    /// score. When `top` is far above every kept language's score, those terms underflow toward
    /// zero and the whole model's answer differs (it has none among them); otherwise the ratios
    /// among kept languages are the same up to the last bits of a `Double`. `top` is at most the
    /// sum of each n-gram's largest weight (``WeightBound``) plus each order's largest unseen term;
    /// when that bound is within 600 temperatures of `restrictedBest` (exp(−600) is still a normal
    /// `Double`), the ratios are safe.
    func certifies(_ grams: Grams, restrictedBest: Double) -> Bool {
        guard let bound, grams.length > 2 else { return false }
        var top = bound.sum(grams.keys)
        var start = 0
        for o in orders.indices {
            let end = grams.orderEnds[o]
            defer { start = end }
            guard grams.length >= orders[o], let largest = unseen[o].max() else { continue }
            top += Double(end - start) * largest
        }
        return (top - restrictedBest) / temperature <= Self.certifiedTemperatures
    }
}

/// For each n-gram key, an upper bound on the largest weight any language has for it (0 for an
/// n-gram the model does not know): a 1 MB table of weights rounded up to sixteenths, indexed by
/// a hash of the key; n-grams that share an entry share the largest of their bounds.
struct WeightBound: Sendable {
    private let table: [UInt8]
    private static let bits = 20
    private static let step = 16.0

    /// The bound of every n-gram in `index`, or nil when a weight is too large to store (then no
    /// restricted model is ever certified).
    init?(_ index: GramIndex) {
        var table = [UInt8](repeating: 0, count: 1 << Self.bits)
        var fits = true
        index.forEach { key, entries in
            let largest = entries.reduce(0.0) { max($0, Double($1.delta)) }
            let steps = (largest * Self.step).rounded(.up)
            guard steps <= 255 else {
                fits = false
                return
            }
            let bucket = Self.bucket(key)
            table[bucket] = max(table[bucket], UInt8(steps))
        }
        guard fits else { return nil }
        self.table = table
    }

    /// The sum of the bounds of `keys`.
    func sum(_ keys: [UInt64]) -> Double {
        table.withUnsafeBufferPointer { table in
            var steps = 0
            for (g, key) in keys.enumerated() {
                // The table is larger than the first-level caches: fetch a few keys ahead.
                if g + 16 < keys.count { lector_prefetch(table.baseAddress! + Self.bucket(keys[g + 16])) }
                steps += Int(table[Self.bucket(key)])
            }
            return Double(steps) / Self.step
        }
    }

    private static func bucket(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> UInt64(64 - bits))
    }
}
