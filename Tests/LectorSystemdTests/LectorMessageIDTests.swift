import Foundation
import LectorSystemd
import Testing

struct LectorMessageIDTests {
    @Test func idsAre128BitLowercaseHexAndDistinct() {
        for id in LectorMessageID.all {
            #expect(id.rawValue.count == 32, "\(id.event)")
            #expect(id.rawValue.allSatisfy { "0123456789abcdef".contains($0) }, "\(id.event)")
        }
        #expect(Set(LectorMessageID.all.map(\.rawValue)).count == LectorMessageID.all.count)
        #expect(Set(LectorMessageID.all.map(\.event)).count == LectorMessageID.all.count)
    }

    @Test(arguments: ["started", "stopping", "stopped", "claimed", "done", "failed", "duplicate", "retry", "recovery", "inotify-overflow", "config-reloaded", "config-reload-failed", "plugin-started", "plugin-restarted", "plugin-circuit-open"])
    func everyEventTheDaemonLogsHasAnID(event: String) {
        #expect(LectorMessageID(event: event)?.event == event)
    }

    @Test func unknownEventsHaveNoID() {
        #expect(LectorMessageID(event: "stalled") == nil)
        #expect(LectorMessageID(event: "") == nil)
    }

    /// journalctl users find the ids in docs/journal.md; a new id that is not documented there is
    /// a bug.
    @Test func docsJournalListsEveryIDWithItsEvent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/journal.md"), encoding: .utf8)
        for id in LectorMessageID.all {
            let line = text.split(separator: "\n").first { $0.hasPrefix("| \(id.rawValue) ") }
            #expect(line != nil, "docs/journal.md does not list \(id.event) (\(id.rawValue))")
            if let line { #expect(line.contains("`\(id.event)`"), "the line of \(id.rawValue) does not name `\(id.event)`: \(line)") }
        }
    }
}
