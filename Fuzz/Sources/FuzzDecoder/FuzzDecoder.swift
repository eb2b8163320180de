import FuzzSupport
import Foundation
import LectorCore
import LectorReader

// Bytes to a Document through the reader, as the daemon reads an inbox file: binary sniffing,
// encoding detection, strict decoding, normalisation and, for HTML, text extraction.
//
// The first byte chooses the file name (and so whether the name says HTML) and, now and then, a
// configured encoding; the rest is the file. A decode must either throw a ReadError with a message
// (and an offset inside the file, if it gives one) or return a Document that keeps the reader's
// promises; decoding the same bytes twice must give the same Document.

private let names = ["article.txt", "page.html", "story", "PAGE.HTM"]
private let forcedEncodings = ["UTF-8", "windows-1256", "ISO-8859-6", "UTF-16LE", "Shift_JIS", "no-such-charset"]
private let receivedAt = Date(timeIntervalSince1970: 1_700_000_000)

@main
enum FuzzDecoder {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let choice = Int(input.takeByte())
    let bytes = input.remaining
    let name = names[choice % names.count]
    // One input in eight configures an encoding, as `reader.encoding` in lector.yaml does.
    let forced = choice >> 5 == 7 ? forcedEncodings[(choice >> 2) % forcedEncodings.count] : nil
    let reader = ArticleReader(options: .init(maxBytes: 1 << 20, forcedEncoding: forced))

    let first: Result<Document, ReadError>
    do {
        first = .success(try reader.decode(bytes: bytes, name: name, receivedAt: receivedAt))
    } catch {
        FuzzInput.require(!error.message.isEmpty, "a \(error.code) error without a message")
        if let offset = error.byteOffset {
            FuzzInput.require((0...bytes.count).contains(offset), "offset \(offset) outside \(bytes.count) bytes")
        }
        first = .failure(error)
    }
    if case .success(let document) = first { DocumentInvariants.check(document, bytes: bytes) }

    let second = Result { () throws(ReadError) -> Document in
        try reader.decode(bytes: bytes, name: name, receivedAt: receivedAt)
    }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        FuzzInput.require(DocumentInvariants.same(a, b), "decoding the same bytes twice gave different documents")
    case (.failure(let a), .failure(let b)):
        FuzzInput.require(a == b, "decoding the same bytes twice gave different errors")
    default:
        FuzzInput.require(false, "decoding the same bytes twice succeeded once and failed once")
    }
    return 0
}
