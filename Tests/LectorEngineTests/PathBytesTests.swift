import Testing

@testable import LectorEngine

struct PathBytesTests {
    @Test func hexSpellsEveryByteAndReadsBack() {
        let name = PathBytes([0x00, 0x0f, 0x7f, 0x80, 0xc3, 0xff] + Array("é.txt".utf8))
        #expect(name.hex == "000f7f80c3ff" + "c3a92e747874")
        #expect(PathBytes(hex: name.hex)?.bytes == name.bytes)
        #expect(PathBytes([]).hex.isEmpty)
        let all = PathBytes((0...255).map { UInt8($0) })
        #expect(PathBytes(hex: all.hex)?.bytes == all.bytes)
    }
}
