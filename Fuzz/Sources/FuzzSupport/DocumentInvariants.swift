import Foundation
import LectorCore

/// What every ``Document`` the reader returns promises, checked after each successful decode.
public enum DocumentInvariants {
    /// Traps (through ``FuzzInput/require(_:_:file:line:)``) when `document`, read from `bytes`,
    /// breaks a promise of the reader: text that is not blank, NFC, LF line endings only, no NUL
    /// and no byte-order mark, and the source facts matching the bytes.
    public static func check(_ document: Document, bytes: [UInt8]) {
        let text = document.text
        FuzzInput.require(!text.unicodeScalars.allSatisfy(\.properties.isWhitespace), "blank text was accepted")
        FuzzInput.require(!text.unicodeScalars.contains("\r"), "a CR survived normalisation")
        FuzzInput.require(!text.unicodeScalars.contains("\u{FEFF}"), "a U+FEFF survived normalisation")
        FuzzInput.require(!text.unicodeScalars.contains("\u{0}"), "a NUL survived the binary check")
        FuzzInput.require(
            Array(text.unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars),
            "the text is not NFC"
        )
        FuzzInput.require(document.source.size == bytes.count, "size \(document.source.size) != \(bytes.count)")
        FuzzInput.require(document.id.utf8.count == 64, "the id is not a SHA-256 in hex")
    }

    /// Whether two reads gave the same document: text, title, id and decoding facts.
    public static func same(_ a: Document, _ b: Document) -> Bool {
        a.id == b.id && a.text == b.text && a.declaredTitle == b.declaredTitle && a.decoding == b.decoding
    }
}
