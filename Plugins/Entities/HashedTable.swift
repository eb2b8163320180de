import CPrefetch

/// A read-only map from 64-bit hashes to 64-bit values, by open addressing: what the tagger's
/// features look words and spans up in (``TrainedLists``), a few times per token.
///
/// The keys are already hashes (FNV-1a of normalized scalars, or mixed from them), so a slot is
/// picked by multiplying the key by a large odd constant and keeping the top bits (Fibonacci
/// hashing), and collisions probe the next slots; the table is at most half full. A slot holds the
/// key and its value side by side, so a lookup is a multiplication and mostly one cache miss,
/// where `Dictionary` hashes the key again with SipHash. Key 0 marks an empty slot, so its value
/// is kept beside the table.
///
/// ```swift
/// let table = HashedTable([0x1234: 7])
/// table[0x1234]   // 7
/// table[0x9999]   // nil
/// ```
struct HashedTable: Sendable {
    /// Slot `i`'s key at `2 i`, its value at `2 i + 1`.
    private let slots: [UInt64]
    private let shift: UInt64
    private let zero: UInt64?

    /// Builds the table; entries go in by ascending key, so equal maps give equal tables.
    init(_ entries: [UInt64: UInt64]) {
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 2 { bits += 1 }
        var slots = [UInt64](repeating: 0, count: 2 << bits)
        let mask = (1 << Int(bits)) - 1
        for key in entries.keys.sorted() where key != 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
            while slots[2 * slot] != 0 { slot = (slot + 1) & mask }
            slots[2 * slot] = key
            slots[2 * slot + 1] = entries[key]!
        }
        self.slots = slots
        self.shift = 64 - bits
        self.zero = entries[0]
    }

    /// A set of words, looked up by the hash of their normalized scalars (``SentenceTokens``'
    /// `normalizedHash`); each word's value is 1. The words must be written normalized already
    /// (lower case, no accents), as the tokens' hashes are of their normalized forms.
    init(words: [String]) {
        self.init(
            Dictionary(
                words.map { (LexiconIndex.hash(Array($0.unicodeScalars)[...]), UInt64(1)) },
                uniquingKeysWith: { first, _ in first }))
    }

    /// Asks the memory system for the slot where a look-up of `key` starts, without waiting for
    /// it: a table of megabytes is mostly in no cache, and look-ups whose keys are known ahead
    /// (the words of a sentence, the lengths of a span) then wait for their misses together.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        slots.withUnsafeBufferPointer { lector_prefetch($0.baseAddress! + 2 * slot) }
    }

    @inline(__always)
    subscript(key: UInt64) -> UInt64? {
        guard key != 0 else { return zero }
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let found = slots[2 * slot]
                if found == key { return slots[2 * slot + 1] }
                if found == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }
}
