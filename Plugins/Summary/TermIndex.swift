/// A type that numbers an article's distinct terms 0, 1, 2 … in order of first occurrence.
///
/// Terms arrive already hashed (``TermScanner/Term/key``, a 64-bit FNV-1a of the folded
/// scalars), so the table uses the key's own bits to find a slot: open addressing with linear
/// probing in a power-of-two array, grown at half load. `Dictionary` would hash the key again
/// with SipHash on every lookup, which cost more than a tenth of summarizing an article.
///
/// ```swift
/// var index = TermIndex()
/// index.id(for: key)  // 0 the first time, the same number for the same key afterwards
/// ```
struct TermIndex {
    private var keys: [UInt64]
    private var ids: [Int32]
    private var mask: Int
    /// How many distinct terms have an id.
    private(set) var count = 0

    init(capacity: Int = 256) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The id of `key`, assigning the next one if it is new.
    mutating func id(for key: UInt64) -> Int {
        var slot = Self.spread(key) & mask
        while ids[slot] >= 0 {
            if keys[slot] == key { return Int(ids[slot]) }
            slot = (slot + 1) & mask
        }
        let id = count
        keys[slot] = key
        ids[slot] = Int32(truncatingIfNeeded: id)
        count += 1
        if count * 2 > mask + 1 { grow() }
        return id
    }

    /// FNV-1a's low bits are already well mixed; folding in the high bits costs nothing.
    private static func spread(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key ^ (key >> 29)) }

    private mutating func grow() {
        let oldKeys = keys, oldIDs = ids
        let size = (mask + 1) * 2
        keys = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (key, id) in zip(oldKeys, oldIDs) where id >= 0 {
            var slot = Self.spread(key) & mask
            while ids[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            ids[slot] = id
        }
    }
}
