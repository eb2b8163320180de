import Foundation
@testable import LectorEngine
import Testing

/// The claim record kept in the claimed article's attribute: written directly, read back with
/// `JSONDecoder`, and readable from what `JSONEncoder` wrote for it before.
struct ClaimTests {
    static let claims = [
        Claim(
            claim: "1764513907123-4242-7-1a2b3c", nameHex: "6e616d652e747874", folderHex: "",
            receivedAt: Date(timeIntervalSince1970: 1_764_513_907.123), attempts: 0),
        Claim(
            claim: "1-2-3-z", nameHex: "ff00", folderHex: "7375622f666f6c646572", receivedAt: Date(timeIntervalSince1970: 0.5),
            attempts: 3, lastError: "write-failed: \"quoted\" \\ back\nline \u{1}"),
    ]

    private func legacyEncoded(_ claim: Claim) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(claim)
    }

    @Test(arguments: claims)
    func readsBackWhatItWrites(claim: Claim) throws {
        let bytes = try claim.encoded()
        let decoded = try Claim.decode(Array(bytes))
        #expect(decoded.claim == claim.claim)
        #expect(decoded.nameHex == claim.nameHex)
        #expect(decoded.folderHex == claim.folderHex)
        #expect(decoded.receivedAt == claim.receivedAt)
        #expect(decoded.attempts == claim.attempts)
        #expect(decoded.lastError == claim.lastError)
        // The same members as JSONEncoder's form, with the same values.
        let ours = try JSONSerialization.jsonObject(with: bytes) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: legacyEncoded(claim)) as? NSDictionary
        #expect(ours == theirs)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("{\"attempts\":\(claim.attempts),\"claim\":"))
    }

    @Test(arguments: claims)
    func readsTheRecordsOfEarlierVersions(claim: Claim) throws {
        let decoded = try Claim.decode(Array(legacyEncoded(claim)))
        #expect(decoded.receivedAt == claim.receivedAt)
        #expect(decoded.lastError == claim.lastError)
    }
}
