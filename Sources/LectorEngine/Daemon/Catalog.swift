import Foundation
import GRDB

/// One article the daemon has seen: where it came from, what became of it.
public struct CatalogEntry: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "article"

    /// The daemon's claim on the file: unique per arrival, even for identical content.
    public var claim: String
    /// SHA-256 of the content; nil when the file could not be read.
    public var id: String?
    /// The original name (invalid UTF-8 shown as U+FFFD) and its exact bytes in hex.
    public var name: String
    public var nameHex: String
    public var folder: String
    public var receivedAt: Date
    public var finishedAt: Date?
    /// `processing`, `done`, `failed` or `duplicate`.
    public var status: String
    public var resultPath: String?
    public var errorCode: String?
    public var errorMessage: String?
    public var attempts: Int
    /// For duplicates: the claim of the earlier article with the same content.
    public var duplicateOf: String?
    /// The article's language, when a processor found it.
    public var language: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case claim, id, name, folder, status, attempts, language
        case nameHex = "name_hex"
        case receivedAt = "received_at"
        case finishedAt = "finished_at"
        case resultPath = "result_path"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case duplicateOf = "duplicate_of"
    }
}

/// The SQLite catalog of every article seen, for duplicate detection, recovery and
/// `lector results`.
///
/// It uses WAL mode and a busy timeout, so several daemons on one host can share one file.
public final class Catalog: Sendable {
    let database: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "lector-catalog"
        database = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: CatalogEntry.databaseTableName) { table in
                table.primaryKey("claim", .text)
                table.column("id", .text).indexed()
                table.column("name", .text).notNull()
                table.column("name_hex", .text).notNull()
                table.column("folder", .text).notNull()
                table.column("received_at", .datetime).notNull().indexed()
                table.column("finished_at", .datetime)
                table.column("status", .text).notNull().indexed()
                table.column("result_path", .text)
                table.column("error_code", .text)
                table.column("error_message", .text)
                table.column("attempts", .integer).notNull()
                table.column("duplicate_of", .text)
                table.column("language", .text).indexed()
            }
        }
        try migrator.migrate(database)
    }

    /// Whether a catalog error is the machine's, not the article's: the disk is full, or another
    /// process holds the file locked for longer than the busy timeout.
    public static func isWaitingForResources(_ error: any Error) -> Bool {
        guard let code = (error as? DatabaseError)?.resultCode else { return false }
        return code == .SQLITE_FULL || code == .SQLITE_BUSY || code == .SQLITE_LOCKED
    }

    /// Inserts or replaces the entry for its claim.
    public func record(_ entry: CatalogEntry) throws {
        // The entry carries every column, so replacing the row is the upsert; GRDB's upsert()
        // would also read the row back (RETURNING) and decode it, for nothing.
        try database.write { db in try entry.insert(db, onConflict: .replace) }
    }

    public func entry(claim: String) throws -> CatalogEntry? {
        try database.read { db in try CatalogEntry.fetchOne(db, key: claim) }
    }

    /// The earliest finished article with this content, other than `claim`.
    public func earlierDone(id: String, excluding claim: String) throws -> CatalogEntry? {
        try database.read { db in
            // Without statistics SQLite prefers the status index, which matches nearly every row and
            // made this lookup (one per article) grow with the catalog; the id index finds the
            // handful of rows with this content directly.
            // A statement prepared once per connection: parsing it again for every article was a
            // noticeable part of the catalog's cost.
            try CatalogEntry.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM article INDEXED BY article_on_id
                        WHERE id = ? AND status = 'done' AND claim != ? ORDER BY received_at LIMIT 1
                        """),
                arguments: [id, claim])
        }
    }

    /// A filter for ``list(_:)``.
    public struct Query: Sendable {
        public var status: String?
        public var language: String?
        public var since: Date?
        public var until: Date?
        public var limit: Int = 100
        public init(status: String? = nil, language: String? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 100) {
            self.status = status
            self.language = language
            self.since = since
            self.until = until
            self.limit = limit
        }
    }

    /// Entries matching the query, newest first.
    public func list(_ query: Query) throws -> [CatalogEntry] {
        try database.read { db in
            var request = CatalogEntry.all()
            if let status = query.status { request = request.filter(CatalogEntry.CodingKeys.status == status) }
            if let language = query.language { request = request.filter(CatalogEntry.CodingKeys.language == language) }
            if let since = query.since { request = request.filter(CatalogEntry.CodingKeys.receivedAt >= since) }
            if let until = query.until { request = request.filter(CatalogEntry.CodingKeys.receivedAt < until) }
            return try request.order(CatalogEntry.CodingKeys.receivedAt.desc, CatalogEntry.CodingKeys.claim).limit(query.limit).fetchAll(db)
        }
    }

    /// Entries whose content id or claim starts with `prefix`.
    public func find(prefix: String) throws -> [CatalogEntry] {
        try database.read { db in
            try CatalogEntry
                .filter(CatalogEntry.CodingKeys.id.like("\(prefix)%") || CatalogEntry.CodingKeys.claim.like("\(prefix)%"))
                .order(CatalogEntry.CodingKeys.receivedAt)
                .fetchAll(db)
        }
    }

    /// How many entries have each status.
    public func counts() throws -> [String: Int] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM article GROUP BY status")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["status"] as String, $0["n"] as Int) })
        }
    }
}
