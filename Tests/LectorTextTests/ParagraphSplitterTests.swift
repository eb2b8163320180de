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

    /// Markdown and plain-text lists: the marker a line opens with is left out of its paragraph,
    /// so a title or summary quotes the words alone, and list items are never joined as the lines
    /// of one hard-wrapped paragraph.
    @Test func headingListAndQuotationMarkersAreLeftOutOfTheParagraph() throws {
        let text = """
            # Floods hit the coast

            Heavy rain flooded the lower town on Tuesday night, and firefighters pumped water from
            dozens of cellars until the morning.

            - Roads along the coast were closed for most of the day
            - Schools in the lower town stayed shut until Thursday
            * Ferries to the islands were cancelled on both days
            1. The first shelter opened in the sports hall on Monday
            12) A second shelter opened in the old school on Tuesday
            > We have never seen the river this high, a resident said.
            • Bus services ran on a reduced timetable, the authority said
            - A long item in a list, written the way a plain-text editor wraps it at
              about seventy columns, so that it goes on over a second line
            """
        let document = makeDocument(text)
        let segments = try TextProcessor().segment(document)
        let paragraphs = segments.paragraphs.map { document.text(in: $0.range) }
        #expect(paragraphs.count == 10, "\(paragraphs)")
        #expect(paragraphs.first == "Floods hit the coast")
        #expect(segments.title == segments.paragraphs[0].range)
        #expect(paragraphs[1].hasPrefix("Heavy rain") && paragraphs[1].hasSuffix("until the morning."))
        #expect(paragraphs[2] == "Roads along the coast were closed for most of the day")
        #expect(paragraphs[3] == "Schools in the lower town stayed shut until Thursday")
        #expect(paragraphs[4] == "Ferries to the islands were cancelled on both days")
        #expect(paragraphs[5] == "The first shelter opened in the sports hall on Monday")
        #expect(paragraphs[6] == "A second shelter opened in the old school on Tuesday")
        #expect(paragraphs[7] == "We have never seen the river this high, a resident said.")
        #expect(paragraphs[8] == "Bus services ran on a reduced timetable, the authority said")
        // A list item that wraps is still one paragraph.
        #expect(paragraphs[9].hasPrefix("A long item") && paragraphs[9].hasSuffix("a second line"))
    }

    /// What only looks like a marker is text: a hashtag, a negative number, a decimal, a year, a
    /// dash of dialogue, a lone marker with nothing after it.
    @Test func textThatStartsLikeAMarkerIsKept() throws {
        let lines = [
            "#Floods trended all day on Tuesday.", "-5 degrees were measured at dawn.", "3.5 million people live on the coast.",
            "2024. The year the river rose.", "— We stayed, said the mayor.", "#######  Seven hashes are not a heading.",
        ]
        let document = makeDocument(lines.joined(separator: "\n\n") + "\n\n-\n\n#")
        let segments = try TextProcessor().segment(document)
        #expect(segments.paragraphs.map { document.text(in: $0.range) } == lines + ["-", "#"])
    }
}
