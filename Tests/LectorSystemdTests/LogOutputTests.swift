import LectorSystemd
import Testing

struct LogOutputTests {
    @Test func aJournalStreamMatchingStandardErrorMeansTheJournal() {
        let output = LogOutput.auto.resolved(journalStream: "8:12345", standardError: (8, 12345), journalSocketExists: true, parentProcess: 1)
        #expect(output == .journal)
    }

    @Test func anInheritedJournalStreamForAnotherFileMeansStandardError() {
        let output = LogOutput.auto.resolved(journalStream: "8:12345", standardError: (8, 999), journalSocketExists: true, parentProcess: 4242)
        #expect(output == .standardError)
    }

    @Test func aServiceWithoutJournalStreamUsesTheSocketWhenItExists() {
        #expect(LogOutput.auto.resolved(journalStream: nil, standardError: (1, 2), journalSocketExists: true, parentProcess: 1) == .journal)
        #expect(LogOutput.auto.resolved(journalStream: nil, standardError: (1, 2), journalSocketExists: false, parentProcess: 1) == .standardError)
    }

    @Test func runByHandOnASystemdMachineStaysOnStandardError() {
        #expect(LogOutput.auto.resolved(journalStream: nil, standardError: (1, 2), journalSocketExists: true, parentProcess: 4242) == .standardError)
    }

    @Test(arguments: [LogOutput.journal, .standardError])
    func anExplicitChoiceIsKept(output: LogOutput) {
        #expect(output.resolved(journalStream: nil, standardError: nil, journalSocketExists: false, parentProcess: 4242) == output)
        #expect(output.resolved(journalStream: "1:2", standardError: (1, 2), journalSocketExists: true, parentProcess: 1) == output)
    }

    @Test func namesParse() {
        #expect(LogOutput(rawValue: "journal") == .journal)
        #expect(LogOutput(rawValue: "stderr") == .standardError)
        #expect(LogOutput(rawValue: "auto") == .auto)
        #expect(LogOutput(rawValue: "syslog") == nil)
    }
}
