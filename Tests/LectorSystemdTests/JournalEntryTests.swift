import LectorSystemd
import Logging
import Testing

struct JournalEntryTests {
    private func entry(_ level: Logger.Level = .info, _ message: String = "article done", metadata: Logger.Metadata = [:], error: (any Error)? = nil) -> JournalEntry {
        JournalEntry(
            level: level, message: message, metadata: metadata, error: error, source: "LectorEngine",
            file: "LectorEngine/ArticleLifecycle.swift", function: "process(_:)", line: 187, identifier: "lector")
    }

    @Test func standardFieldsComeFromTheEvent() {
        let fields = entry()
        #expect(fields[.message] == "article done")
        #expect(fields[.priority] == "6")
        #expect(fields[.syslogIdentifier] == "lector")
        #expect(fields[.codeFile] == "LectorEngine/ArticleLifecycle.swift")
        #expect(fields[.codeLine] == "187")
        #expect(fields[.codeFunction] == "process(_:)")
        #expect(fields[.source] == "LectorEngine")
        #expect(fields[.messageID] == nil)
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorityFollowsSyslog(level: Logger.Level, priority: Int) {
        #expect(entry(level)[.priority] == String(priority))
    }

    @Test func metadataBecomesFieldsAndTheEventAMessageID() {
        let fields = entry(metadata: ["event": "done", "article": "9f86d081", "file": "news/a.txt", "errno": "28", "duration_ms": "12"])
        #expect(fields[.messageID] == LectorMessageID.done.rawValue)
        #expect(fields[.event] == "done")
        #expect(fields[.articleID] == "9f86d081")
        #expect(fields[.file] == "news/a.txt")
        #expect(fields[.errno] == "28")
        #expect(fields[.durationMilliseconds] == "12")
        #expect(fields.fields.allSatisfy { JournalFieldName.isValid($0.name.rawValue) })
    }

    @Test func aProcessorThatDidNotSucceedGetsProcessorFailed() {
        let failed = entry(.warning, "processor did not succeed", metadata: ["processor": "language", "status": "timeout"])
        #expect(failed[.messageID] == LectorMessageID.processorFailed.rawValue)
        #expect(failed[.processor] == "language")
        let ok = entry(.debug, "processor finished", metadata: ["processor": "language", "status": "ok"])
        #expect(ok[.messageID] == nil)
    }

    @Test func valuesKeepNewlinesAndNonASCII() {
        let fields = entry(.error, "line one\nline two", metadata: ["file": "اخبار/خبر.txt"])
        #expect(fields[.message] == "line one\nline two")
        #expect(fields[.file] == "اخبار/خبر.txt")
    }

    struct Failure: Error, CustomStringConvertible { var description: String { "disk full" } }

    @Test func anAttachedErrorBecomesLectorErrorUnlessMetadataHasOne() {
        #expect(entry(.error, error: Failure())[.error] == "disk full")
        #expect(entry(.error, metadata: ["error": "from metadata"], error: Failure())[.error] == "from metadata")
    }

    @Test func theHandlerMergesItsOwnMetadataUnderTheEvents() {
        var handler = JournalLogHandler(label: "lector.test")
        handler[metadataKey: "article"] = "from-handler"
        handler[metadataKey: "instance"] = "news-1"
        let event = LogEvent(
            level: .notice, message: "started", metadata: ["article": "from-event", "event": "started"], source: "LectorEngine",
            file: "LectorEngine/InboxDaemon.swift", function: "run()", line: 60)
        let fields = handler.entry(for: event)
        #expect(fields[.articleID] == "from-event")
        #expect(fields[JournalFieldName(metadataKey: "instance")] == "news-1")
        #expect(fields[.logger] == "lector.test")
        #expect(fields[.messageID] == LectorMessageID.started.rawValue)
        #expect(fields[.priority] == "5")
    }
}
