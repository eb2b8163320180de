import CPrefetch

/// The short-text model's n-grams: each n-gram's 64-bit key to its (language, weight) entries,
/// laid out for lookups that miss the caches as little as possible.
///
/// Open addressing with linear probing; each slot holds the key and the n-gram's one entry, or
/// where its entries are in ``entries``. Most n-grams of orders 3–5 occur in one language only, so
/// most lookups touch nothing but their slot; the slots of the n-grams a few places ahead are
/// prefetched, so that the misses of a text's lookups overlap instead of coming one after another.
///
/// ```swift
/// var builder = GramIndex.Builder(capacity: 2)
/// builder.insert(key: 42, entries: [GramIndex.Entry(language: 0, delta: 1.5)])
/// let index = builder.index
/// let found = index.find([42, 7])
/// // found[0] is the entry of 42; found[1] is empty
/// ```
struct GramIndex: Sendable {
    /// One language's weight for one n-gram: log P(gram | language) − log P(unseen gram | language).
    struct Entry: Sendable, Hashable {
        var language: Int32
        var delta: Float
    }

    /// One slot: a key and either its entries `first..<end` in `entries`, or (when `first` has the
    /// top bit set) its single entry, the language in `first`'s other bits and the weight's bits in
    /// `end`. `first` is `UInt32.max` in an empty slot.
    struct Slot: Sendable {
        var key: UInt64
        var first: UInt32
        var end: UInt32

        static let empty = Slot(key: 0, first: .max, end: 0)
        static let inline: UInt32 = 1 << 31

        var isEmpty: Bool { first == Slot.empty.first }
    }

    /// Where a looked-up n-gram's entries are: a slot's `first` and `end`, or no entries.
    typealias Found = (first: UInt32, end: UInt32)
    static let notFound: Found = (0, 0)

    private(set) var slots: [Slot]
    private(set) var entries: [Entry]

    /// Builds an index; a later insertion of a key replaces the earlier one.
    struct Builder {
        private(set) var index: GramIndex
        private let mask: Int

        /// An index for about `capacity` n-grams, with at least `slotsPerKey` slots for each (a power
        /// of two in all): more slots make lookups shorter, fewer save memory.
        init(capacity: Int, slotsPerKey: Double = 2) {
            var slotCount = 1
            while Double(slotCount) < max(2, Double(capacity) * slotsPerKey) { slotCount <<= 1 }
            index = GramIndex(slots: [Slot](repeating: .empty, count: slotCount), entries: [])
            mask = slotCount - 1
        }

        /// Fetches the slot of a key that will be inserted soon into the cache: inserting keys in
        /// file order writes all over the slots, and overlapping those misses halves the build.
        func prefetch(key: UInt64) {
            index.slots.withUnsafeBufferPointer { lector_prefetch($0.baseAddress! + GramIndex.slot(key, mask: mask)) }
        }

        mutating func insert<C: Collection<Entry>>(key: UInt64, entries: C) {
            var slot = GramIndex.slot(key, mask: mask)
            while !index.slots[slot].isEmpty, index.slots[slot].key != key { slot = (slot + 1) & mask }
            if entries.count == 1, let entry = entries.first {
                index.slots[slot] = Slot(
                    key: key, first: Slot.inline | UInt32(entry.language), end: entry.delta.bitPattern)
            } else {
                let first = UInt32(index.entries.count)
                index.entries.append(contentsOf: entries)
                index.slots[slot] = Slot(key: key, first: first, end: UInt32(index.entries.count))
            }
        }
    }

    /// Calls `body` with every key and its entries (in no particular order); the buffer is valid
    /// only during the call.
    func forEach(_ body: (UInt64, UnsafeBufferPointer<Entry>) -> Void) {
        entries.withUnsafeBufferPointer { entries in
            for slot in slots where !slot.isEmpty {
                if slot.first & Slot.inline != 0 {
                    var entry = Entry(language: Int32(slot.first & ~Slot.inline), delta: Float(bitPattern: slot.end))
                    withUnsafePointer(to: &entry) { body(slot.key, UnsafeBufferPointer(start: $0, count: 1)) }
                } else {
                    body(slot.key, UnsafeBufferPointer(rebasing: entries[Int(slot.first)..<Int(slot.end)]))
                }
            }
        }
    }

    /// Looks up every key, in order.
    func find(_ keys: [UInt64]) -> [Found] {
        var found = [Found](repeating: Self.notFound, count: keys.count)
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let mask = slots.count - 1
                let lookahead = 16
                for g in keys.indices {
                    if g + lookahead < keys.count {
                        lector_prefetch(slots.baseAddress! + Self.slot(keys[g + lookahead], mask: mask))
                    }
                    let key = keys[g]
                    var slot = Self.slot(key, mask: mask)
                    while !slots[slot].isEmpty {
                        if slots[slot].key == key {
                            found[g] = (slots[slot].first, slots[slot].end)
                            if slots[slot].first & Slot.inline == 0, slots[slot].first < slots[slot].end {
                                lector_prefetch(entries.baseAddress! + Int(slots[slot].first))
                            }
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        return found
    }

    /// Adds the weights of the n-grams `found[range]` to `scores`, n-gram by n-gram.
    func add(_ found: [Found], _ range: Range<Int>, to scores: UnsafeMutableBufferPointer<Double>) {
        entries.withUnsafeBufferPointer { entries in
            for g in range {
                let (first, end) = found[g]
                if first & Slot.inline != 0 {
                    scores[Int(first & ~Slot.inline)] += Double(Float(bitPattern: end))
                } else {
                    for e in Int(first)..<Int(end) {
                        scores[Int(entries[e].language)] += Double(entries[e].delta)
                    }
                }
            }
        }
    }

    // The keys' low bits are FNV-1a output; a multiply spreads their high bits into the slot too.
    static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
