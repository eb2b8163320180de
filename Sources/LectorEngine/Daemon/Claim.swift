import Foundation
import LectorCore

/// What the daemon remembers about a claimed article, written beside it in the processing folder
/// as `CLAIM.meta` *before* the article is renamed there, so that a crash at any moment leaves
/// either the article in the inbox (and perhaps an orphan meta, which recovery removes) or the
/// article in processing with its meta: its original name is never lost.
struct Claim: Codable, Sendable {
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

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(self)
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
