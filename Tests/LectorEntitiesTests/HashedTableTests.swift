import Testing

@testable import LectorEntities

struct HashedTableTests {
    @Test func findsEveryKeyAndNothingElse() throws {
        // Keys that share their low and high bits probe past each other.
        var entries: [UInt64: UInt64] = [0: 99]
        for number in 1...5_000 as ClosedRange<UInt64> {
            entries[number << 40] = number
            entries[number &* 0x9E37_79B9_7F4A_7C15] = number + 1
        }
        let table = HashedTable(entries)
        for (key, value) in entries { #expect(table[key] == value) }
        #expect(table[0] == 99)
        var absent = 0
        for number in 5_001...10_000 as ClosedRange<UInt64> where table[number << 40] == nil { absent += 1 }
        #expect(absent == 5_000)
        #expect(HashedTable([:])[0] == nil && HashedTable([:])[12345] == nil)
    }
}
