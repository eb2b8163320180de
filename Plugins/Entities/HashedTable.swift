/// A read-only map from 64-bit hashes to 64-bit values, by open addressing: what the tagger's
/// features look words and spans up in (``TrainedLists``), a few times per token.
///
/// The keys are already hashes (FNV-1a of normalized scalars, or mixed from them), so a slot is
/// picked by multiplying the key by a large odd constant and keeping the top bits (Fibonacci
/// hashing), and collisions probe the next slots; the table is at most half full. A lookup is a
/// multiplication and one or two memory reads, where `Dictionary` hashes the key again with
/// SipHash. Key 0 marks an empty slot, so its value is kept beside the table.
///
/// ```swift
/// let table = HashedTable([0x1234: 7])
/// table[0x1234]   // 7
/// table[0x9999]   // nil
/// ```
struct HashedTable: Sendable {
    private let keys: [UInt64]
    private let values: [UInt64]
    private let shift: UInt64
    private let zero: UInt64?

    /// Builds the table; entries go in by ascending key, so equal maps give equal tables.
    init(_ entries: [UInt64: UInt64]) {
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 2 { bits += 1 }
        var keys = [UInt64](repeating: 0, count: 1 << bits)
        var values = [UInt64](repeating: 0, count: 1 << bits)
        let mask = (1 << Int(bits)) - 1
        for key in entries.keys.sorted() where key != 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = entries[key]!
        }
        self.keys = keys
        self.values = values
        self.shift = 64 - bits
        self.zero = entries[0]
    }

    @inline(__always)
    subscript(key: UInt64) -> UInt64? {
        guard key != 0 else { return zero }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }
}
