import CZlib

/// A ZIP archive held in memory, as much of the format as DOCX and ODT files use: the central
/// directory, stored and deflated entries, CRC-32 checks. Every offset and size is checked against
/// the bytes, and an entry is inflated only up to a limit, so a damaged or hostile archive (a
/// "zip bomb") ends in an error, never in a crash or a runaway allocation.
///
/// ```swift
/// if let archive = ZipArchive(bytes), let entry = archive.entry(named: "word/document.xml") {
///     let xml = try archive.contents(of: entry, limit: 50 << 20)
/// }
/// ```
///
/// Not read: ZIP64 (archives or entries over 4 GB), encryption, methods other than stored (0) and
/// deflate (8), archives split over several files.
struct ZipArchive {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    enum Failure: Error, Equatable {
        /// An offset, size, signature or checksum does not fit the bytes.
        case damaged(String)
        /// The entry would inflate beyond the limit.
        case tooLarge(Int)
        case encrypted
        case unsupportedMethod(UInt16)
    }

    let bytes: [UInt8]
    let entries: [Entry]

    /// The archive's entries, or nil when no end-of-central-directory record is found or the
    /// central directory does not fit the bytes.
    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        // The end record is 22 bytes plus a comment of at most 65,535, at the very end.
        guard bytes.count >= 22 else { return nil }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest,
            !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6)
        {
            end -= 1
        }
        guard end >= lowest else { return nil }
        let count = Int(Self.uint16(bytes, end + 10))
        let directorySize = Int(Self.uint32(bytes, end + 12))
        let directoryOffset = Int(Self.uint32(bytes, end + 16))
        guard directoryOffset <= end, directorySize <= end - directoryOffset else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, 4096))
        var offset = directoryOffset
        for _ in 0..<count {
            guard offset + 46 <= end, Self.uint32(bytes, offset) == 0x0201_4B50 else { return nil }
            let nameLength = Int(Self.uint16(bytes, offset + 28))
            let extraLength = Int(Self.uint16(bytes, offset + 30))
            let commentLength = Int(Self.uint16(bytes, offset + 32))
            let next = offset + 46 + nameLength + extraLength + commentLength
            guard next <= end else { return nil }
            entries.append(
                Entry(
                    name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                    flags: Self.uint16(bytes, offset + 8),
                    method: Self.uint16(bytes, offset + 10),
                    crc32: Self.uint32(bytes, offset + 16),
                    compressedSize: Int(Self.uint32(bytes, offset + 20)),
                    uncompressedSize: Int(Self.uint32(bytes, offset + 24)),
                    localHeaderOffset: Int(Self.uint32(bytes, offset + 42))))
            offset = next
        }
        self.entries = entries
    }

    func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The entry's bytes, inflated and checked against its CRC-32.
    ///
    /// - Throws: ``Failure/tooLarge(_:)`` as soon as more than `limit` bytes come out.
    func contents(of entry: Entry, limit: Int) throws(Failure) -> [UInt8] {
        if entry.flags & 1 != 0 { throw .encrypted }
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, Self.uint32(bytes, header) == 0x0403_4B50 else {
            throw .damaged("the local header of \(entry.name) is not where the directory says")
        }
        let start = header + 30 + Int(Self.uint16(bytes, header + 26)) + Int(Self.uint16(bytes, header + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw .damaged("\(entry.name) runs past the end of the file")
        }
        let data = bytes[start..<(start + entry.compressedSize)]
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard data.count <= limit else { throw .tooLarge(limit) }
            output = Array(data)
        case 8:
            output = try Self.inflate(data, limit: limit, name: entry.name)
        default:
            throw .unsupportedMethod(entry.method)
        }
        let checksum = output.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard checksum == entry.crc32 else { throw .damaged("\(entry.name) fails its CRC-32 check") }
        return output
    }

    /// Raw deflate data inflated with zlib, at most `limit` bytes of it.
    private static func inflate(_ data: ArraySlice<UInt8>, limit: Int, name: String) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard lector_inflate_init_raw(&stream) == Z_OK else { throw .damaged("zlib could not start") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = Array(data)
        let overLimit: Int32 = -10_000
        let outcome: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { return overLimit }
                output.append(contentsOf: chunk[..<produced])
                switch status {
                case Z_STREAM_END: return Z_STREAM_END
                case Z_OK: continue
                // No progress is possible: the input ended before the stream did.
                case Z_BUF_ERROR: return Z_DATA_ERROR
                default: return status
                }
            }
        }
        switch outcome {
        case Z_STREAM_END: return output
        case overLimit: throw .tooLarge(limit)
        default: throw .damaged("\(name) is not valid deflate data")
        }
    }

    private static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(
            bytes[offset + 3]) << 24
    }
}
