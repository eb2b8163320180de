import Testing

@testable import LectorSummary

struct ClauseTrimmerTests {
    /// The kept prefix of `text` for a word limit, as text, or nil when it fits whole.
    private func kept(_ text: String, maxWords: Int) -> String? {
        let scalars = Array(text.unicodeScalars)[...]
        let terms = TermScanner.terms(in: scalars)
        guard let range = ClauseTrimmer.prefix(of: scalars, terms: terms, maxWords: maxWords) else { return nil }
        #expect(range.lowerBound == 0)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    private func firstClause(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)[...]
        guard let range = ClauseTrimmer.firstClause(of: scalars, terms: TermScanner.terms(in: scalars)) else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    private let bridge = """
        The regional government opened the new bridge over the river on Friday, after three years of work, \
        and officials said it cost forty million euros.
        """

    @Test func cutsAtTheLastClauseBoundaryWithinFourWordsOfTheLimit() {
        // Word 12 is "Friday," (a comma after it), inside 11...15.
        #expect(kept(bridge, maxWords: 15) == "The regional government opened the new bridge over the river on Friday")
        // Word 17 is "work," inside 16...20: the later boundary wins over word 12.
        #expect(
            kept(bridge, maxWords: 20)
                == "The regional government opened the new bridge over the river on Friday, after three years of work")
        // Four words before a limit of 16 is still within reach; with a look-back of 3 the cut would
        // fall after "of".
        #expect(kept(bridge, maxWords: 16) == "The regional government opened the new bridge over the river on Friday")
        // A boundary right at the limit is taken.
        #expect(kept(bridge, maxWords: 12) == "The regional government opened the new bridge over the river on Friday")
    }

    @Test func cutsAtTheLimitWhenNoBoundaryIsNearIt() {
        // Words 6...10 have no punctuation after them: the cut falls after word 10, "river".
        #expect(kept(bridge, maxWords: 10) == "The regional government opened the new bridge over the river")
        // The comma after word 12 is one word past a limit of 11: the cut never goes beyond the limit.
        #expect(kept(bridge, maxWords: 11) == "The regional government opened the new bridge over the river on")
    }

    @Test func keepsTheClosingQuotationMarkOfAQuotedPhraseAtTheCut() {
        let text = "The minister called the plan \"a historic step\", and the opposition walked out in protest."
        // The boundary after word 8 ("step") holds the closing quote and a comma: the quote stays.
        #expect(kept(text, maxWords: 10) == "The minister called the plan \"a historic step\"")
        let arabic = "وصف الوزير الخطة بأنها «خطوة تاريخية»، وانسحبت المعارضة من الجلسة احتجاجا على ذلك."
        #expect(kept(arabic, maxWords: 8) == "وصف الوزير الخطة بأنها «خطوة تاريخية»")
    }

    @Test func keepsASentenceThatFitsWhole() {
        #expect(kept(bridge, maxWords: 25) == nil)
        #expect(kept("Floods closed the northern highway on Monday.", maxWords: 7) == nil)
    }

    @Test func cutsArabicAtTheArabicCommaAndADashBetweenSpaces() {
        let lead = """
            أعلنت الشركة التونسية للكهرباء والغاز، يوم الأحد، عن انقطاع التيار الكهربائي في مناطق من ولاية سوسة \
            بسبب أشغال صيانة.
            """
        // Words: أعلنت الشركة التونسية للكهرباء والغاز، (5) يوم الأحد، (7) عن …
        #expect(kept(lead, maxWords: 9) == "أعلنت الشركة التونسية للكهرباء والغاز، يوم الأحد")
        #expect(kept(lead, maxWords: 6) == "أعلنت الشركة التونسية للكهرباء والغاز")
        #expect(firstClause(lead) == "أعلنت الشركة التونسية للكهرباء والغاز")
        let dateline = "تونس - أعلنت وزارة الصحة عن حملة تلقيح جديدة في كامل الولايات."
        #expect(firstClause(dateline) == "تونس")
        #expect(ClauseTrimmer.lookBack == 4)
    }

    @Test func aHyphenInsideAWordOrAnApostropheIsNotABoundary() {
        let text = "Al-Qahira's mayor opened the well-known market to traders from the whole region on Monday."
        #expect(
            firstClause(text) == "Al-Qahira's mayor opened the well-known market to traders from the whole region on Monday")
        // After words 5...9 (opened, the, well, known, market) come spaces and a hyphen only: the cut is at the limit.
        #expect(kept(text, maxWords: 9) == "Al-Qahira's mayor opened the well-known market")
    }
}
