import FuzzSupport
import Foundation
import LectorCore
import LectorReader

// The HTML reader: every input is a file named page.html, so once decoded it goes through
// libxml2's HTML parser and the visible-text extraction. Anything it returns must be a Document
// of format HTML that keeps the reader's promises, with a title free of line breaks.

private let receivedAt = Date(timeIntervalSince1970: 1_700_000_000)

@main
enum FuzzHTMLReader {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(FuzzInput(data, size).remaining)
    let reader = ArticleReader(options: .init(maxBytes: 1 << 20))
    let document: Document
    do {
        document = try reader.decode(bytes: bytes, name: "page.html", receivedAt: receivedAt)
    } catch {
        FuzzInput.require(!error.message.isEmpty, "a \(error.code) error without a message")
        return 0
    }
    DocumentInvariants.check(document, bytes: bytes)
    FuzzInput.require(document.decoding.format == .html, "a page.html did not come out as HTML")
    if let title = document.declaredTitle {
        FuzzInput.require(!title.unicodeScalars.contains("\r"), "a CR in the title")
    }
    return 0
}
