import Foundation
import GRDB
import LectorCore
import Logging

#if canImport(Glibc)
import Glibc
#endif

extension Catalog {
    /// Opens the catalog at `path`. One that SQLite finds corrupt (or that is not a database at
    /// all) is moved aside, with its WAL and shared-memory files, to `PATH.corrupt-TIME`, and a new
    /// one is rebuilt from what the folders hold: every result in `output` (done) and every
    /// `NAME.error.json` in `failed` (failed). Nothing the daemon needs is lost with the catalog:
    /// the folders are the truth, and duplicates are recognized again at once.
    static func openOrRebuild(path: String, output: PathBytes, failed: PathBytes, logger: Logger) throws -> Catalog {
        do {
            let catalog = try Catalog(path: path)
            try catalog.checkIntegrity()
            return catalog
        } catch where isCorruption(error) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let aside = "\(path).corrupt-\(stamp)"
            for suffix in ["", "-wal", "-shm"] where access(path + suffix, F_OK) == 0 {
                guard rename(path + suffix, aside + suffix) == 0 else {
                    throw SystemError(operation: "move the corrupt catalog aside", path: path + suffix, errno: errno)
                }
            }
            let catalog = try Catalog(path: path)
            let count = try catalog.rebuild(output: output, failed: failed)
            logger.error(
                "the catalog was corrupt; moved aside and rebuilt from the folders",
                metadata: ["event": "catalog-rebuilt", "catalog": "\(path)", "moved_to": "\(aside)", "articles": "\(count)", "error": "\(error)"])
            return catalog
        }
    }

    /// SQLite's own verdict: "database disk image is malformed", "file is not a database".
    static func isCorruption(_ error: any Error) -> Bool {
        guard let code = (error as? DatabaseError)?.resultCode else { return false }
        return code == .SQLITE_CORRUPT || code == .SQLITE_NOTADB
    }

    /// Throws SQLITE_CORRUPT when `PRAGMA quick_check` finds damage.
    func checkIntegrity() throws {
        let verdict = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        if verdict != ["ok"] {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: verdict.prefix(3).joined(separator: "; "))
        }
    }

    /// Records an entry for every result and every failure in the folders; returns how many.
    func rebuild(output: PathBytes, failed: PathBytes) throws -> Int {
        var entries: [CatalogEntry] = []
        for file in Self.regularFiles(below: output.description) where file.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: file), let result = try? JSONValue.parse(data),
                let id = result["id"]?.stringValue, let source = result["source"]
            else { continue }
            let name = source["name"]?.stringValue ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            entries.append(
                CatalogEntry(
                    claim: "rebuilt-\(entries.count)-\(id.prefix(16))", id: id, name: name,
                    nameHex: source["name_bytes_hex"]?.stringValue ?? Array(name.utf8).map { String(format: "%02x", $0) }.joined(),
                    folder: source["folder"]?.stringValue ?? "", receivedAt: Self.date(source["received_at"]) ?? Date(),
                    finishedAt: Self.date(result["processed_at"]), status: "done", resultPath: file, errorCode: nil, errorMessage: nil,
                    attempts: 1, duplicateOf: nil, language: result["annotations"]?["language"]?["language"]?.stringValue))
        }
        for file in Self.regularFiles(below: failed.description) where file.hasSuffix(".error.json") {
            guard let data = FileManager.default.contents(atPath: file), let record = try? JSONValue.parse(data),
                let claim = record["claim"]?.stringValue, let source = record["source"], let name = source["name"]?.stringValue
            else { continue }
            entries.append(
                CatalogEntry(
                    claim: claim, id: record["id"]?.stringValue, name: name,
                    nameHex: source["name_bytes_hex"]?.stringValue ?? Array(name.utf8).map { String(format: "%02x", $0) }.joined(),
                    folder: source["folder"]?.stringValue ?? "", receivedAt: Self.date(source["received_at"]) ?? Date(),
                    finishedAt: Self.date(record["failed_at"]), status: "failed", resultPath: nil, errorCode: record["code"]?.stringValue,
                    errorMessage: record["message"]?.stringValue, attempts: record["attempts"]?.doubleValue.flatMap { Int(exactly: $0) } ?? 1, duplicateOf: nil, language: nil))
        }
        try database.write { db in
            for entry in entries { try entry.upsert(db) }
        }
        return entries.count
    }

    private static func regularFiles(below folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular { files.append("\(folder)/\(relative)") }
        }
        return files.sorted()
    }

    private static func date(_ value: JSONValue?) -> Date? {
        guard let text = value?.stringValue else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
