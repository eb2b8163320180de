import Foundation
import LectorCore
import LectorReader
import Logging
import Synchronization

/// Moves one article through its life: claimed from the inbox into processing, processed, its
/// result written to output, its original archived (or deleted); or, after its retries, moved to
/// failed/ with a NAME.error.json saying why.
///
/// At every moment an article is in exactly one of inbox, processing, archive (with its result),
/// or failed; a crash anywhere leaves it in one of them, and recovery finishes the job. The
/// catalog records each claim's outcome before the article leaves processing, so finishing after
/// a crash never processes an article twice, and a result file is replaced only by the result of
/// the same content. `CrashPoint` names the steps between which a crash can come.
final class ArticleLifecycle: Sendable {
    let engine: Mutex<ArticleEngine>
    /// The settings in force; a reload may change the policies (see ``replacePolicies(from:)``).
    let current: Mutex<DaemonSettings>
    var settings: DaemonSettings { current.withLock { $0 } }
    let catalog: Catalog
    let logger: Logger
    let processing: PathBytes
    let output: PathBytes
    let archive: PathBytes
    let failed: PathBytes
    let inbox: PathBytes
    /// Where results are written before their rename into output: this instance's processing
    /// folder when output is on its filesystem (a crash mid-write then leaves nothing in output),
    /// else output itself (nil), where recovery sweeps temporaries older than ten minutes.
    let resultTemporaries: PathBytes?

    let done = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let duplicates = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)
    /// Lets `daemon.workers` articles into the processors at once.
    let processingSlots: ProcessingSlots
    private let claimCounter = Atomic<Int>(0)
    /// Content ids being processed right now, so that two copies of one article arriving together
    /// are not both processed before either is in the catalog.
    private let contentInFlight = Mutex<Set<String>>([])
    private let retries = Mutex<[(due: ContinuousClock.Instant, claim: String)]>([])
    /// Held while a failed article's name in failed/ is chosen and its record written there, so
    /// that two workers failing articles of the same name take different names.
    private let failedNames = Mutex<Void>(())

    init(engine: ArticleEngine, settings: DaemonSettings, logger: Logger) throws {
        self.engine = Mutex(engine)
        self.current = Mutex(settings)
        processingSlots = ProcessingSlots(limit: settings.workers)
        self.logger = logger
        inbox = PathBytes(settings.paths.inbox)
        processing = PathBytes(settings.paths.processing).appending(PathBytes(settings.instance))
        output = PathBytes(settings.paths.output)
        archive = PathBytes(settings.paths.archive)
        failed = PathBytes(settings.paths.failed)
        for folder in [inbox, processing, output, archive, failed, PathBytes(settings.paths.catalog).parent] where !folder.bytes.isEmpty {
            try FileSystem.createDirectory(folder)
        }
        let inboxDevice = FileSystem.status(inbox)?.device
        if let inboxDevice, inboxDevice != FileSystem.status(processing)?.device {
            throw SystemError(operation: "check (processing must be on the inbox's filesystem, for atomic claims)", path: settings.paths.processing, errno: EXDEV)
        }
        let processingDevice = FileSystem.status(processing)?.device
        resultTemporaries = processingDevice != nil && FileSystem.status(output)?.device == processingDevice ? processing : nil
        catalog = try Catalog.openOrRebuild(path: settings.paths.catalog, output: output, failed: failed, logger: logger)
    }

    // MARK: - Recovery and claiming

    /// Claims left in processing by an earlier run of this instance; removes orphan metas and the
    /// temporary files of writes a crash interrupted.
    func recover() -> [String] {
        sweepTemporaries()
        guard let entries = try? FileSystem.list(processing) else { return [] }
        let names = Set(entries.map(\.name.description))
        var claims: [String] = []
        for entry in entries where entry.name.description.hasSuffix(".meta") {
            let claim = String(entry.name.description.dropLast(".meta".count))
            if names.contains(claim) {
                claims.append(claim)
            } else {
                // The crash came between writing the meta and the claiming rename: the article is
                // still in the inbox and will be claimed again.
                try? FileSystem.remove(processing.appending(entry.name))
            }
        }
        // Claims recorded in the article's own attribute have no meta beside them.
        for entry in entries {
            let name = entry.name.description
            guard !entry.isDirectory, !name.hasSuffix(".meta"), !name.hasPrefix(".lector-"),
                !names.contains(name + ".meta")
            else { continue }
            if FileSystem.attribute(Claim.attributeName, of: processing.appending(entry.name)) != nil {
                claims.append(name)
            } else {
                logger.error(
                    "a file in processing has no claim record (no attribute, no meta); leaving it there",
                    metadata: ["claim": "\(name)", "event": "recovery"])
            }
        }
        if !claims.isEmpty {
            logger.notice("recovering articles left in processing", metadata: ["count": "\(claims.count)", "event": "recovery"])
        }
        return claims.sorted()
    }

    /// Removes the temporary files (`.lector-*.tmp`) of atomic writes that a crash interrupted:
    /// all of them in this instance's processing folder, which no one else writes; in output and
    /// failed, which other instances share, only those older than ten minutes (a live write takes
    /// milliseconds).
    private func sweepTemporaries() {
        func isTemporary(_ name: PathBytes) -> Bool {
            name.bytes.starts(with: Array(".lector-".utf8)) && name.bytes.reversed().starts(with: Array("pmt.".utf8))
        }
        for entry in (try? FileSystem.list(processing)) ?? [] where isTemporary(entry.name) {
            try? FileSystem.remove(processing.appending(entry.name))
        }
        let cutoff = Int64((Date().timeIntervalSince1970 - 600) * 1e9)
        func sweep(_ folder: PathBytes, depth: Int) {
            for entry in (try? FileSystem.list(folder)) ?? [] {
                let path = folder.appending(entry.name)
                if entry.isDirectory {
                    if depth < 16 { sweep(path, depth: depth + 1) }
                } else if isTemporary(entry.name), let status = FileSystem.status(path), status.modified < cutoff {
                    try? FileSystem.remove(path)
                }
            }
        }
        sweep(output, depth: 0)
        sweep(failed, depth: 0)
    }

    /// Claims an inbox file by renaming it into processing; nil when it is gone (another
    /// instance took it, or it was removed).
    func claim(_ relative: PathBytes) -> Claim? {
        let id = Claim.newID(counter: claimCounter.add(1, ordering: .relaxed).newValue)
        let claim = Claim(
            claim: id, nameHex: relative.lastComponent.hex, folderHex: relative.parent.hex, receivedAt: Date(), attempts: 0)
        let meta = processing.appending(PathBytes("\(id).meta"))
        let source = inbox.appending(relative)
        do {
            let record = try claim.encoded()
            if !FileSystem.setAttribute(Claim.attributeName, Array(record), on: source) {
                try FileSystem.writeAtomically(record, to: meta)
            }
            CrashPoint.claimRecorded.reached()
            try FileSystem.rename(source, to: processing.appending(PathBytes(id)))
        } catch let error as SystemError {
            try? FileSystem.remove(meta)
            if error.errno != ENOENT {
                logger.error("cannot claim a file", metadata: ["file": "\(relative)", "error": "\(error)", "errno": "\(error.errno)"])
            }
            return nil
        } catch {
            try? FileSystem.remove(meta)
            return nil
        }
        logger.debug("claimed", metadata: ["file": "\(relative)", "claim": "\(id)", "event": "claimed"])
        return claim
    }

    /// The record of a claim: its meta file when there is one (a stale attribute may remain on a
    /// file whose claim fell back to a meta), else the article's attribute.
    func loadClaim(_ id: String) -> Claim? {
        if let bytes = try? FileSystem.read(processing.appending(PathBytes("\(id).meta"))) {
            return try? Claim.decode(bytes)
        }
        guard let bytes = FileSystem.attribute(Claim.attributeName, of: processing.appending(PathBytes(id))),
            var claim = try? Claim.decode(bytes)
        else { return nil }
        claim.claim = id
        return claim
    }

    /// Rewrites a claim's record (its attempts and last error) where it lives.
    private func saveClaim(_ claim: Claim, article: PathBytes) {
        guard let record = try? claim.encoded() else { return }
        let meta = processing.appending(PathBytes("\(claim.claim).meta"))
        if FileSystem.status(meta) == nil, FileSystem.setAttribute(Claim.attributeName, Array(record), on: article) {
            return
        }
        try? FileSystem.writeAtomically(record, to: meta)
    }

    // MARK: - Processing

    func handle(_ job: Job) async {
        let claim: Claim
        var fresh = false
        switch job {
        case .inbox(let relative):
            guard let claimed = self.claim(relative) else { return }
            claim = claimed
            fresh = true
        case .claimed(let id):
            guard let loaded = loadClaim(id) else {
                logger.error("a claimed article has no readable meta; leaving it in processing", metadata: ["claim": "\(id)"])
                return
            }
            claim = loaded
        }
        inFlight.add(1, ordering: .relaxed)
        defer { inFlight.subtract(1, ordering: .relaxed) }
        await process(claim, fresh: fresh)
    }

    /// Runs a claimed article to its end. `fresh`: claimed just now from the inbox, so the catalog
    /// cannot know its claim yet and the look-up for a crash's leftovers is skipped.
    private func process(_ claim: Claim, fresh: Bool) async {
        let article = processing.appending(PathBytes(claim.claim))
        var metadata: Logger.Metadata = ["file": "\(claim.folder.appending(claim.name))", "claim": "\(claim.claim)"]

        // Finished before a crash, only the last steps missing.
        if !fresh, let entry = try? catalog.entry(claim: claim.claim) {
            switch entry.status {
            case "done", "duplicate":
                finishSuccess(claim, article: article, metadata: metadata)
                return
            case "failed":
                finishRecordedFailure(claim, entry: entry, article: article, metadata: metadata)
                return
            default:
                break
            }
        }

        let engine = engineForArticle()
        defer { finished(with: engine) }
        var document: Document
        do {
            document = try engine.reader.read(path: article.description, name: claim.name.description, folder: claim.folder.description, receivedAt: claim.receivedAt)
        } catch {
            if error.code == .notFound {
                logger.error("a claimed article disappeared from processing", metadata: metadata)
                try? FileSystem.remove(processing.appending(PathBytes("\(claim.claim).meta")))
                return
            }
            let transient = error.code == .unreadable
            // The reader names the file it opened, the claim in processing; the user knows it by
            // its own name.
            let message = error.message.replacingOccurrences(of: article.description, with: claim.folder.appending(claim.name).description)
            retryOrFail(claim, article: article, code: error.code.description, message: message, transient: transient, result: nil, metadata: metadata)
            return
        }
        if !claim.name.isValidUTF8 { document.source.nameBytesHex = claim.name.hex }
        metadata["article"] = "\(document.id)"

        if settings.duplicates != .reprocess {
            guard contentInFlight.withLock({ $0.insert(document.id).inserted }) else {
                // The same content is being processed by another worker: look again shortly, when
                // its result is in the catalog. Not an attempt: nothing failed.
                retries.withLock { $0.append((.now + .milliseconds(200), claim.claim)) }
                return
            }
            if let earlier = try? catalog.earlierDone(id: document.id, excluding: claim.claim) {
                contentInFlight.withLock { _ = $0.remove(document.id) }
                recordDuplicate(claim, document: document, earlier: earlier, article: article, metadata: metadata)
                return
            }
        }
        defer { contentInFlight.withLock { _ = $0.remove(document.id) } }

        // The part that uses a core, in one of the `daemon.workers` slots; the rest of the article's
        // way is reading and writing files.
        let (result, encoded) = await processingSlots.withSlot { [document] in
            let result = await engine.process(document)
            return (result, Result { try result.jsonData(pretty: engine.settings.prettyOutput) })
        }
        let resultJSON: Data
        switch encoded {
        case .success(let data): resultJSON = data
        case .failure(let error):
            retryOrFail(claim, article: article, code: "encoding-failed", message: "the result could not be encoded: \(error)", transient: false, result: nil, metadata: metadata)
            return
        }
        if result.status != "ok" {
            retryOrFail(
                claim, article: article, code: result.error?.code ?? "failed", message: result.error?.message ?? "processing failed",
                transient: true, result: try? JSONValue.parse(resultJSON), metadata: metadata)
            return
        }

        let destination: PathBytes
        do {
            destination = try resultPath(folder: claim.folder, name: claim.name, id: document.id)
            try FileSystem.writeAtomically(resultJSON, to: destination, temporaryFolder: resultTemporaries)
            CrashPoint.resultWritten.reached()
        } catch {
            // Both calls throw only SystemError, so `error` is one.
            retryOrFail(
                claim, article: article, code: "write-failed", message: error.description, transient: error.isTransient, result: nil, metadata: metadata,
                waitForResources: error.isOutOfSpace)
            return
        }

        var entry = catalogEntry(claim, id: document.id, status: "done", attempts: claim.attempts + 1)
        entry.resultPath = destination.description
        entry.language = result.annotations[.language]?.language
        do {
            try catalog.record(entry)
            CrashPoint.doneRecorded.reached()
        } catch {
            // The result is written; the catalog will be told on the next attempt.
            retryOrFail(
                claim, article: article, code: "catalog-failed", message: "\(error)", transient: true, result: nil, metadata: metadata,
                waitForResources: Catalog.isWaitingForResources(error))
            return
        }
        finishSuccess(claim, article: article, metadata: metadata)
        done.add(1, ordering: .relaxed)
        logger.info("article done", metadata: metadata.merging(["event": "done", "result": "\(destination)"]) { $1 })
    }

    /// Where the result of an article goes: output/FOLDER/NAME.json; if that is taken by the result
    /// of other content, NAME-2.json and so on. The result of the same content is replaced, which
    /// makes re-processing after a crash idempotent.
    func resultPath(folder: PathBytes, name: PathBytes, id: String) throws(SystemError) -> PathBytes {
        let directory = output.appending(folder)
        try FileSystem.createDirectory(directory)
        var base = name.bytes
        let limit = 255 - ".json".utf8.count - 16
        if base.count > limit {
            // Too long for a name once ".json" and a suffix are added: cut at a UTF-8 boundary and
            // add part of the id, so different long names stay different.
            var cut = limit - 9
            while cut > 0, base[cut] & 0xC0 == 0x80 { cut -= 1 }
            base = Array(base[..<cut]) + Array("~\(id.prefix(8))".utf8)
        }
        let first = directory.appending(PathBytes(base + Array(".json".utf8)))
        var number = 1
        while true {
            let candidate = number == 1 ? first : FileSystem.suffixed(first, number)
            guard let status = FileSystem.status(candidate) else { return candidate }
            if status.kind == .regular, let bytes = try? FileSystem.read(candidate), (try? JSONValue.parse(Data(bytes)))?["id"]?.stringValue == id {
                return candidate
            }
            number += 1
        }
    }

    private func recordDuplicate(_ claim: Claim, document: Document, earlier: CatalogEntry, article: PathBytes, metadata: Logger.Metadata) {
        var resultPath: String?
        if settings.duplicates == .link, let target = earlier.resultPath {
            do {
                let link = try self.resultPath(folder: claim.folder, name: claim.name, id: document.id)
                if FileSystem.status(link) == nil {
                    let created = link.withCString { linkPath in target.withCString { symlink($0, linkPath) } }
                    if created == 0 { resultPath = link.description }
                }
            } catch {
                logger.warning("cannot link a duplicate to its earlier result", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            }
        }
        var entry = catalogEntry(claim, id: document.id, status: "duplicate", attempts: claim.attempts + 1)
        entry.resultPath = resultPath ?? earlier.resultPath
        entry.duplicateOf = earlier.claim
        entry.language = earlier.language
        do {
            try catalog.record(entry)
        } catch {
            retryOrFail(
                claim, article: article, code: "catalog-failed", message: "\(error)", transient: true, result: nil, metadata: metadata,
                waitForResources: Catalog.isWaitingForResources(error))
            return
        }
        finishSuccess(claim, article: article, metadata: metadata)
        duplicates.add(1, ordering: .relaxed)
        logger.info(
            "duplicate of an earlier article", metadata: metadata.merging(["event": "duplicate", "duplicate_of": "\(earlier.claim)", "policy": "\(settings.duplicates.rawValue)"]) { $1 })
    }

    /// Archives or deletes the original and forgets the claim.
    private func finishSuccess(_ claim: Claim, article: PathBytes, metadata: Logger.Metadata) {
        do {
            if settings.onSuccess == .delete {
                try FileSystem.remove(article)
            } else if FileSystem.status(article) != nil {
                let folder = archive.appending(claim.folder)
                try FileSystem.createDirectory(folder)
                let archived = try FileSystem.moveWithoutReplacing(article, to: folder.appending(claim.name))
                // The archived original is the user's file again: no trace of the claim on it. Only
                // once it has left processing: removed before, a crash in between would leave the
                // article in processing with no record of its name.
                CrashPoint.archived.reached()
                FileSystem.removeAttribute(Claim.attributeName, from: archived)
            }
            try FileSystem.remove(processing.appending(PathBytes("\(claim.claim).meta")))
        } catch {
            // The result is safe; the original stays in processing and is archived on recovery.
            logger.error("cannot archive an original", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    // MARK: - Failure and retries

    /// Schedules another attempt, or moves the article to failed/ once its retries are spent.
    ///
    /// A full disk or a catalog locked by another program (`waitForResources`) is the machine's
    /// fault, not the article's: the article waits without spending its retries, however long that
    /// takes, and is processed once space or the catalog is back.
    private func retryOrFail(
        _ claim: Claim, article: PathBytes, code: String, message: String, transient: Bool, result: JSONValue?, metadata: Logger.Metadata,
        waitForResources: Bool = false
    ) {
        if waitForResources {
            let delay = min(settings.retryBackoff * 4, .seconds(30))
            retries.withLock { $0.append((.now + delay, claim.claim)) }
            logger.warning(
                "no space for the result, or the catalog is locked; the article waits", metadata: metadata.merging(["event": "retry", "code": "\(code)", "error": "\(message)", "delay": "\(delay)"]) { $1 })
            return
        }
        var claim = claim
        claim.attempts += 1
        claim.lastError = "\(code): \(message)"
        if transient, claim.attempts <= settings.retries {
            let delay = settings.retryBackoff * (1 << min(claim.attempts - 1, 16))
            saveClaim(claim, article: article)
            retries.withLock { $0.append((.now + delay, claim.claim)) }
            logger.warning(
                "article failed; will retry", metadata: metadata.merging(["event": "retry", "code": "\(code)", "error": "\(message)", "attempt": "\(claim.attempts)", "delay": "\(delay)"]) { $1 })
            return
        }
        fail(claim, article: article, code: code, message: message, result: result, metadata: metadata)
    }

    /// Moves an article to failed/ with its record, in an order a crash at any step cannot break:
    /// the record (`NAME.error.json`) first, at the name the article will take; then the catalog
    /// entry; then the move. Until the catalog says failed, the claim is still in processing and a
    /// restart processes it again (and writes the same record over its own); once it says failed,
    /// recovery only finishes the move (``finishRecordedFailure(_:entry:article:metadata:)``).
    private func fail(
        _ claim: Claim, article: PathBytes, code: String, message: String, result: JSONValue?, metadata: Logger.Metadata
    ) {
        let record = FailureRecord(
            code: code, message: message, attempts: claim.attempts, claim: claim.claim, id: result?["id"]?.stringValue,
            source: .init(claim),
            failedAt: Date(), result: result)
        do {
            let destination = try failedNames.withLock { _ in
                let destination = try failedDestination(claim, article: article).path
                try write(record, beside: destination)
                return destination
            }
            CrashPoint.failureWritten.reached()
            var entry = catalogEntry(claim, id: record.id, status: "failed", attempts: claim.attempts)
            entry.errorCode = code
            entry.errorMessage = message
            try catalog.record(entry)
            CrashPoint.failureRecorded.reached()
            try moveToFailed(claim, article: article, destination: destination, record: record)
        } catch {
            // Even the failure could not be recorded (a full disk?): keep the article in processing
            // and try the whole thing again later.
            keepFailedArticle(claim, error: error, metadata: metadata)
            return
        }
        failures.add(1, ordering: .relaxed)
        logger.error(
            "article failed", metadata: metadata.merging(["event": "failed", "code": "\(code)", "error": "\(message)"]) { $1 })
    }

    /// Finishes the failure of an article the catalog already records as failed: a crash came
    /// before it left processing. Its record is written again from the catalog entry if the one
    /// beside its name in failed/ is not its own.
    private func finishRecordedFailure(_ claim: Claim, entry: CatalogEntry, article: PathBytes, metadata: Logger.Metadata) {
        let record = FailureRecord(
            code: entry.errorCode ?? "failed", message: entry.errorMessage ?? "", attempts: entry.attempts, claim: claim.claim,
            id: entry.id,
            source: .init(claim),
            failedAt: entry.finishedAt ?? Date(), result: nil)
        guard FileSystem.status(article) != nil else {
            // Moved already; only its meta was left (it could not be removed).
            try? FileSystem.remove(processing.appending(PathBytes("\(claim.claim).meta")))
            return
        }
        do {
            let destination = try failedNames.withLock { _ in
                let destination = try failedDestination(claim, article: article)
                if !destination.holdsOwnRecord { try write(record, beside: destination.path) }
                return destination.path
            }
            try moveToFailed(claim, article: article, destination: destination, record: record)
        } catch {
            keepFailedArticle(claim, error: error, metadata: metadata)
            return
        }
        logger.notice(
            "a failed article moved to failed/ after a restart", metadata: metadata.merging(["event": "recovery", "code": "\(record.code)"]) { $1 })
    }

    /// A failure that could not be written: the article stays in processing and is tried again later.
    private func keepFailedArticle(_ claim: Claim, error: any Error, metadata: Logger.Metadata) {
        logger.error(
            "cannot move a failed article to failed/; keeping it in processing", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        retries.withLock { $0.append((.now + settings.retryBackoff * 8, claim.claim)) }
    }

    /// The name a failed article takes in failed/FOLDER: its own, or NAME-2 and so on when another
    /// file has it or another article's record is there. A name this claim already holds (a crash
    /// came between the link and the unlink of the move) or whose record is this claim's (a crash
    /// came before the move) is taken again; `holdsOwnRecord` says which.
    private func failedDestination(_ claim: Claim, article: PathBytes) throws -> (path: PathBytes, holdsOwnRecord: Bool) {
        let folder = failed.appending(claim.folder)
        try FileSystem.createDirectory(folder)
        let first = folder.appending(claim.name)
        let source = FileSystem.status(article)
        var number = 1
        while true {
            let candidate = number == 1 ? first : FileSystem.suffixed(first, number)
            let existing = FileSystem.status(candidate)
            let nameIsFree =
                existing == nil || (source != nil && existing?.device == source?.device && existing?.inode == source?.inode)
            if nameIsFree {
                if FileSystem.status(Self.recordPath(candidate)) == nil { return (candidate, false) }
                if isRecord(of: claim, at: candidate) { return (candidate, true) }
            }
            number += 1
        }
    }

    /// Where the record of the failed article at `path` lives: `path` + `.error.json`.
    private static func recordPath(_ path: PathBytes) -> PathBytes { PathBytes(path.bytes + Array(".error.json".utf8)) }

    /// Whether the record beside `path` in failed/ is this claim's.
    private func isRecord(of claim: Claim, at path: PathBytes) -> Bool {
        guard let bytes = try? FileSystem.read(Self.recordPath(path)) else { return false }
        return (try? JSONValue.parse(Data(bytes)))?["claim"]?.stringValue == claim.claim
    }

    private func write(_ record: FailureRecord, beside path: PathBytes) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // The temporary file in processing (the article moves from there to failed/, so it is the
        // same filesystem): a crash mid-write leaves it where recovery sweeps, not in failed/.
        try FileSystem.writeAtomically(
            try encoder.encode(record) + Data("\n".utf8), to: Self.recordPath(path), temporaryFolder: processing)
    }

    /// The last steps of a failure, its record and catalog entry written: the article into
    /// failed/, and the claim forgotten.
    private func moveToFailed(_ claim: Claim, article: PathBytes, destination: PathBytes, record: FailureRecord) throws {
        let moved = try FileSystem.moveWithoutReplacing(article, to: destination)
        CrashPoint.failedMoved.reached()
        // Another daemon on the same folders took the name in the meantime: the record follows.
        if moved != destination { try write(record, beside: moved) }
        FileSystem.removeAttribute(Claim.attributeName, from: moved)
        try FileSystem.remove(processing.appending(PathBytes("\(claim.claim).meta")))
    }

    /// The catalog's record of a claim that has just finished.
    private func catalogEntry(_ claim: Claim, id: String?, status: String, attempts: Int) -> CatalogEntry {
        CatalogEntry(
            claim: claim.claim, id: id, name: claim.name.description, nameHex: claim.name.hex, folder: claim.folder.description,
            receivedAt: claim.receivedAt, finishedAt: Date(), status: status, resultPath: nil, errorCode: nil, errorMessage: nil,
            attempts: attempts, duplicateOf: nil, language: nil)
    }

    /// Claims whose retry time has come.
    func dueRetries() -> [String] {
        let now = ContinuousClock.now
        return retries.withLock { list in
            let due = list.filter { $0.due <= now }.map(\.claim)
            list.removeAll { $0.due <= now }
            return due
        }
    }

    var pendingRetries: Int { retries.withLock { $0.count } }
}
