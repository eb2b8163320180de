import Foundation
import LectorCore

/// What the daemon remembers about a claimed article, recorded *before* the article is renamed
/// into the processing folder, so that a crash at any moment leaves either the article in the
/// inbox or the article in processing with its record: its original name is never lost.
///
/// The record lives in the article's extended attribute `user.lector.claim` where the file can
/// carry one (made durable with an fsync of the file), and otherwise in `CLAIM.meta` beside it
/// (written atomically; a crash may leave an orphan meta, which recovery removes). The attribute
/// saves creating, renaming and deleting a file and an fsync of the folder per article. A file
/// named by its claim in processing is that claim, whatever id its attribute holds: two
/// instances racing for one inbox file may both write the attribute before one rename wins.
struct Claim: Codable, Sendable {
    /// The extended attribute that holds the record on the claimed file.
    static let attributeName = "user.lector.claim"

    var claim: String
    /// The original name's bytes, hex-encoded: names need not be UTF-8.
    var nameHex: String
    /// The inbox sub-folder's bytes, hex-encoded ("" for the inbox itself).
    var folderHex: String
    var receivedAt: Date
    var attempts: Int
    /// Why the last attempt failed, when it did.
    var lastError: String?

    enum CodingKeys: String, CodingKey {
        case claim, attempts
        case nameHex = "name_hex"
        case folderHex = "folder_hex"
        case receivedAt = "received_at"
        case lastError = "last_error"
    }

    var name: PathBytes { PathBytes(hex: nameHex) ?? PathBytes(claim) }
    var folder: PathBytes { PathBytes(hex: folderHex) ?? PathBytes([]) }

    /// A claim id unique across instances and restarts: time, process, counter, randomness.
    static func newID(counter: Int) -> String {
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        return "\(millis)-\(getpid())-\(counter)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }

    /// The record as JSON: what `JSONEncoder` with `.sortedKeys` and `.millisecondsSince1970`
    /// writes, numbers in their shortest round-trip form, which ``decode(_:)`` reads back to the
    /// same values. Written directly: one is written for every article, and a `JSONEncoder` cost
    /// more than the rest of the claim but its system calls.
    func encoded() throws -> Data {
        var writer = ResultWriter(pretty: false, capacity: 256)
        writer.beginObject()
        writer.key("attempts")
        writer.value(attempts)
        writer.key("claim")
        writer.value(claim)
        writer.key("folder_hex")
        writer.value(folderHex)
        if let lastError {
            writer.key("last_error")
            writer.value(lastError)
        }
        writer.key("name_hex")
        writer.value(nameHex)
        writer.key("received_at")
        writer.value(receivedAt.timeIntervalSince1970 * 1000)
        writer.endObject()
        guard !writer.invalidNumber else {
            throw EncodingError.invalidValue(
                receivedAt, .init(codingPath: [CodingKeys.receivedAt], debugDescription: "not a finite time"))
        }
        return Data(writer.bytes)
    }

    static func decode(_ bytes: [UInt8]) throws -> Claim {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(Claim.self, from: Data(bytes))
    }
}

/// The record written beside a failed article as `NAME.error.json`.
struct FailureRecord: Encodable {
    var code: String
    var message: String
    var attempts: Int
    var claim: String
    var id: String?
    var source: Source
    var failedAt: Date
    /// The result, when processing got that far (a required processor failed).
    var result: JSONValue?

    struct Source: Encodable {
        var name: String
        var nameBytesHex: String?
        var folder: String
        var receivedAt: Date

        /// The article's own name and folder, from its claim.
        init(_ claim: Claim) {
            name = claim.name.description
            nameBytesHex = claim.name.isValidUTF8 ? nil : claim.name.hex
            folder = claim.folder.description
            receivedAt = claim.receivedAt
        }
        enum CodingKeys: String, CodingKey {
            case name, folder
            case nameBytesHex = "name_bytes_hex"
            case receivedAt = "received_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case code, message, attempts, claim, id, source, result
        case failedAt = "failed_at"
    }
}
