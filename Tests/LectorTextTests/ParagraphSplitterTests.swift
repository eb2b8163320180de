import Foundation
import LectorCore
import Testing

@testable import LectorText

struct ParagraphSplitterTests {
    static let wrapped = """
        Storm closes coastal roads

        Heavy rain closed three coastal roads on Sunday as the storm moved
        north, and officials warned drivers to stay away from the shore until
        the water had gone down.

        Schools will stay shut on Monday. Bus services will run on a reduced
        timetable, the transport authority said in a statement on its website.
        """

    @Test func hardWrappedBlocksBecomeOneParagraphEach() throws {
        let document = makeDocument(Self.wrapped)
        let segments = try TextProcessor().segment(document)
        #expect(segments.paragraphs.count == 3)
        let second = document.text(in: segments.paragraphs[1].range)
        #expect(second.hasPrefix("Heavy rain") && second.hasSuffix("gone down."))
        // The wrapped paragraph is one sentence even though it spans three lines.
        #expect(segments.paragraphs[1].sentenceCount == 1)
        #expect(segments.paragraphs[2].sentenceCount == 2)
        #expect(segments.title == segments.paragraphs[0].range)
        #expect(segments.paragraphs[0].kind == .title)
        #expect(segments.lead == segments.paragraphs[1].range)
    }

    @Test func joiningCanBeTurnedOff() throws {
        var options = TextOptions()
        options.joinWrappedLines = false
        let segments = try TextProcessor(options: options).segment(makeDocument(Self.wrapped))
        #expect(segments.paragraphs.count == 6)
    }

    @Test func shortLinesInABlockStayApart() throws {
        let text = "The council met on Monday to approve the budget for the next year.\nKiều Minh\nNguồn\n\nBình luận (0)"
        let segments = try TextProcessor().segment(makeDocument(text))
        #expect(segments.paragraphs.count == 4)
    }

    @Test func linesThatEachEndASentenceStayApart() throws {
        let text = """
            The council met on Monday to approve the budget for next year.
            Members argued for three hours about the cost of the new bridge.
            The vote was finally taken shortly before midnight on Monday.
            """
        #expect(try TextProcessor().segment(makeDocument(text)).paragraphs.count == 3)
    }

    @Test func rangesExcludeLineBreaksAndSurroundingWhitespace() throws {
        let document = makeDocument("  \u{200F}First line here.  \r\n\t\r\n   Second line.\u{00A0}\n")
        let segments = try TextProcessor().segment(document)
        #expect(segments.paragraphs.map { document.text(in: $0.range) } == ["First line here.", "Second line."])
    }

    @Test func theDeclaredTitleIsRecognisedEvenWithASiteSuffix() throws {
        let text = "Council approves the budget.\nThe council voted on Monday to approve the budget for next year."
        let plain = try TextProcessor().segment(makeDocument(text))
        #expect(plain.title == nil)
        let declared = try TextProcessor().segment(makeDocument(text, title: "Council approves the budget. | City News"))
        #expect(declared.title == declared.paragraphs[0].range)
        #expect(declared.lead == declared.paragraphs[1].range)
    }

    @Test func aLeadSentenceIsNotMistakenForAHeading() throws {
        let text = "The council met on Monday.\nMembers argued for three hours about the cost of the new bridge."
        #expect(try TextProcessor().segment(makeDocument(text)).title == nil)
    }
}
