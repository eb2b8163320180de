import LectorCore
import Testing

@testable import LectorText

struct SentenceSplitterTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var sentences: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Urdu full stops", text: "پہلا جملہ یہ ہے۔ دوسرا جملہ یہ ہے۔", sentences: ["پہلا جملہ یہ ہے۔", "دوسرا جملہ یہ ہے۔"]),
        Case(
            name: "Urdu full stop touching the next word", text: "کانفرنس ختم ہوئی۔اگلے دن کام شروع ہوا۔",
            sentences: ["کانفرنس ختم ہوئی۔", "اگلے دن کام شروع ہوا۔"]),
        Case(
            name: "Urdu full stop inside a closing quote", text: "انہوں نے کہا \"کام جاری ہے۔\" پھر وہ چلے گئے۔",
            sentences: ["انہوں نے کہا \"کام جاری ہے۔\"", "پھر وہ چلے گئے۔"]),
        Case(
            name: "Urdu full stop after a closing quote", text: "تھیم \"سب کچھ کامیاب ہے\"۔ کام جاری رہا۔",
            sentences: ["تھیم \"سب کچھ کامیاب ہے\"۔", "کام جاری رہا۔"]),
        Case(
            name: "Urdu quote closed then next word with no space", text: "انہوں نے کہا \"کام جاری ہے۔\"پھر وہ چلے گئے۔",
            sentences: ["انہوں نے کہا \"کام جاری ہے۔\"", "پھر وہ چلے گئے۔"]),
        Case(
            name: "Arabic question mark", text: "هل انتهى الاجتماع؟ نعم، انتهى في الموعد.",
            sentences: ["هل انتهى الاجتماع؟", "نعم، انتهى في الموعد."]),
        Case(
            name: "Arabic question mark touching the next word", text: "هل انتهى الاجتماع؟نعم انتهى.",
            sentences: ["هل انتهى الاجتماع؟", "نعم انتهى."]),
        Case(
            name: "Arabic decimal number and semicolon", text: "بلغ النمو 2.5 بالمئة؛ وهو رقم جيد. واستمر العمل.",
            sentences: ["بلغ النمو 2.5 بالمئة؛ وهو رقم جيد.", "واستمر العمل."]),
        Case(
            name: "Urdu ellipsis ends a sentence", text: "کام جاری رکھیں... نئے منصوبے شروع ہوں گے۔",
            sentences: ["کام جاری رکھیں...", "نئے منصوبے شروع ہوں گے۔"]),
        Case(
            name: "Urdu ellipsis at the end of a paragraph", text: "مؤثر طریقے سے نافذ کرنا...",
            sentences: ["مؤثر طریقے سے نافذ کرنا..."]),
        Case(
            name: "English ellipsis before a lower-case word", text: "He paused... then went on. Nobody spoke.",
            sentences: ["He paused... then went on.", "Nobody spoke."]),
        Case(
            name: "English decimal number", text: "The index closed at 2024.5 points. Traders were calm.",
            sentences: ["The index closed at 2024.5 points.", "Traders were calm."]),
        Case(
            name: "English abbreviations and initials",
            text: "Mr. Smith met Dr. Jones and J. K. Rowling on Jan. 5 in St. Louis. They talked.",
            sentences: ["Mr. Smith met Dr. Jones and J. K. Rowling on Jan. 5 in St. Louis.", "They talked."]),
        Case(
            name: "Vietnamese title abbreviation", text: "Hội nghị diễn ra tại TP. Hồ Chí Minh. Đại biểu đã phát biểu.",
            sentences: ["Hội nghị diễn ra tại TP. Hồ Chí Minh.", "Đại biểu đã phát biểu."]),
        Case(
            name: "glued layout bar stays with its sentence", text: "اجلاس ختم ہوا۔ نتائج اچھے رہے۔ |",
            sentences: ["اجلاس ختم ہوا۔", "نتائج اچھے رہے۔ |"]),
    ]

    @Test(arguments: cases)
    func splitsAsAReaderWould(_ example: Case) throws {
        let document = makeDocument(example.text)
        let segments = try TextProcessor().segment(document)
        #expect(segments.sentences.map { document.text(in: $0.range) } == example.sentences)
    }

    @Test func urduParagraphsOfTheSeedsEndEverySentenceAtATerminator() throws {
        let document = try SeedCorpus.document("002_1db33f06d12d915a.txt")
        let segments = try TextProcessor().segment(document)
        for sentence in segments.bodySentences {
            let text = document.text(in: sentence.range)
            #expect(text.hasSuffix("۔") || text.hasSuffix("...") || text.hasSuffix(";") || text.hasSuffix("؛"), "\(text)")
        }
        // The third paragraph holds five sentences, one per "۔".
        #expect(segments.paragraphs[1].sentenceCount == 5)
    }

    @Test func wordCountsUseICUWordsInEveryScript() throws {
        let samples: [(String, Int)] = [
            ("The index closed at 2024.5 points.", 6),
            ("پہلا جملہ یہ ہے۔", 4),
            ("هل انتهى الاجتماع؟", 3),
            ("我们今天开会。", 3),
        ]
        for (text, words) in samples {
            #expect(try TextProcessor().segment(makeDocument(text)).wordCount == words, "\(text)")
        }
        // Thai has no spaces: ICU's dictionary finds its words (4 or 5 depending on the ICU
        // version), neither one run nor one per letter.
        let thai = try TextProcessor().segment(makeDocument("ภาษาไทยง่ายนิดเดียว")).wordCount
        #expect((4...5).contains(thai))
    }
}
