import LectorCore
import Testing

@testable import LectorText

struct BoilerplateDetectorTests {
    /// An invented article: its lines, and the kind each line should get (body unless listed).
    struct Article: CustomTestStringConvertible, Sendable {
        var name: String
        var lines: [String]
        var kinds: [Int: SegmentKind]
        var testDescription: String { name }
    }

    static let articles: [Article] = [
        Article(
            name: "English",
            lines: [
                "City council approves new bus lanes",
                "The city council voted on Tuesday to add bus lanes on three of the busiest roads in the centre.",
                "Mayor Ann Hollis speaks at the council meeting in Leeds.",
                "The plan, which cost two years of consultation, will be phased in from March.",
                "Opponents said it would hurt shops. The vote passed.",
                "It was close.",
                "Residents can comment until Friday.",
                "Photo: Mark Evans",
                "***",
                "Share | Print | Email",
                "By Sarah O'Connor",
                "Source: Leeds Evening Post",
                "Comments (12)",
            ],
            kinds: [
                0: .title, 2: .caption, 7: .caption, 8: .debris, 9: .comments, 10: .byline, 11: .source, 12: .comments,
            ]
        ),
        Article(
            name: "Vietnamese",
            lines: [
                "Sáng 12/3, Hội đồng nhân dân tỉnh tổ chức kỳ họp chuyên đề để thông qua nhiều nghị quyết quan trọng.",
                "Đồng chí Nguyễn Văn Bình chủ trì kỳ họp.",
                "Kỳ họp đã thông qua 12 nghị quyết về đầu tư công, ngân sách và phát triển hạ tầng giao thông.",
                "Các đại biểu đánh giá cao sự chuẩn bị của các cơ quan. Ảnh: TTXVN",
                "Kết quả rất khả quan.",
                "LAN NGUYEN",
                "Nguồn: https://baohaiduong.vn/ky-hop-chuyen-de-123.html",
                "Bình luận (0)",
            ],
            kinds: [1: .caption, 3: .caption, 5: .byline, 6: .source, 7: .comments]
        ),
        Article(
            name: "French",
            lines: [
                "Le conseil municipal a adopté mardi soir le budget de l'année prochaine, après trois heures de débat.",
                "Le maire Jean-Pierre Dupont prend la parole lors de la séance.",
                "Le budget prévoit une hausse des dépenses d'investissement de 4 %, selon le rapport présenté aux élus.",
                "Les écoles seront rénovées en priorité. (Photo: AFP)",
                "La séance a été levée à minuit.",
                "---",
                "Par Marie Lefèvre",
                "Quelle : Agence France-Presse",
                "Commentaires (3)",
                "Partager Imprimer",
            ],
            kinds: [1: .caption, 3: .caption, 5: .debris, 6: .byline, 7: .source, 8: .comments, 9: .comments]
        ),
        Article(
            name: "Arabic and Urdu markers",
            lines: [
                "عقدت اللجنة اجتماعها السنوي في العاصمة لمناقشة خطة العمل للعام المقبل وتوزيع المهام على الأعضاء.",
                "صورة: وكالة الأنباء",
                "واستمر النقاش حتى المساء، وخرج المجتمعون بعدد من التوصيات المهمة.",
                "عمر خالد",
                "المصدر: https://example.org/news/1",
                "تعليق (0)",
                "تبصرے (4)",
            ],
            kinds: [1: .caption, 3: .byline, 4: .source, 5: .comments, 6: .comments]
        ),
    ]

    @Test(arguments: articles)
    func marksTheBoilerplateOfAnInventedArticle(_ article: Article) throws {
        let document = makeDocument(article.lines.joined(separator: "\n"))
        let segments = try TextProcessor().segment(document)
        #expect(segments.paragraphs.count == article.lines.count)
        for (index, paragraph) in segments.paragraphs.enumerated() {
            let expected = article.kinds[index] ?? .body
            #expect(paragraph.kind == expected, "line \(index): \(article.lines[index]) (\(paragraph.reason ?? "-"))")
        }
    }

    @Test func aTrailingPhotoCreditIsABoilerplateSentenceOfABodyParagraph() throws {
        let line = "Les écoles seront rénovées en priorité, puis les gymnases et les piscines municipales, a précisé l'adjoint chargé des travaux, qui attend les premiers chantiers dès la rentrée de septembre prochain pour une durée de deux ans au moins selon les estimations actuelles des services techniques de la ville et des entreprises retenues. Photo: AFP"
        let document = makeDocument("Premier paragraphe du texte.\n" + line)
        let segments = try TextProcessor().segment(document)
        let paragraph = segments.paragraphs[1]
        #expect(paragraph.kind == .body)
        let sentences = segments.sentences[paragraph.firstSentence..<(paragraph.firstSentence + paragraph.sentenceCount)]
        #expect(sentences.last.map { document.text(in: $0.range) } == "Photo: AFP")
        #expect(sentences.map(\.isBoilerplate) == [false, true])
        #expect(segments.boilerplateWordCount == 2)
    }

    /// A trailing credit needs its label mark (colon, bar or dash) after the label: the same words
    /// without one are body text.
    @Test(arguments: [("Photo – AFP", true), ("Photo | AFP", true), ("Photo AFP", false), ("photo AFP", false)])
    func aTrailingCreditNeedsItsLabelMark(credit: String, isCredit: Bool) throws {
        let line = "Les écoles seront rénovées en priorité, puis les gymnases et les piscines municipales, a "
            + "précisé l'adjoint chargé des travaux, qui attend les premiers chantiers dès la rentrée de "
            + "septembre prochain pour une durée de deux ans au moins selon les estimations actuelles des "
            + "services techniques de la ville et des entreprises retenues. " + credit
        let document = makeDocument("Premier paragraphe du texte.\n" + line)
        let segments = try TextProcessor().segment(document)
        let paragraph = segments.paragraphs[1]
        #expect(paragraph.kind == .body)
        let sentences = segments.sentences[paragraph.firstSentence..<(paragraph.firstSentence + paragraph.sentenceCount)]
        #expect(sentences.contains { $0.isBoilerplate } == isCredit)
        if isCredit { #expect(sentences.last.map { document.text(in: $0.range) } == credit) }
    }

    static let ordinaryShortLines = [
        "The vote passed.",
        "It was close.",
        "Nobody was hurt.",
        "He declined to comment.",
        "Prices rose again in May",
        "Kết quả rất khả quan.",
        "Người dân rất vui mừng.",
        "La séance a été levée.",
        "Les élus ont applaudi.",
        "وانتهى الاجتماع بنجاح.",
        "کام جاری رہے گا۔",
        "Source of the trouble was a broken pipe.",
        "Sources said the deal was close.",
        "Photographers waited outside the court.",
        "By 2030, the city hopes to double its bus fleet.",
        "Nguồn tin cho biết cuộc họp sẽ kéo dài.",
    ]

    @Test(arguments: ordinaryShortLines)
    func anOrdinaryShortBodySentenceIsNotFlagged(_ line: String) throws {
        let before = "The regional assembly met on Monday to discuss the budget for the coming year in detail."
        let after = "Members will meet again next week to vote on the final text of the budget and its annexes."
        let document = makeDocument([before, line, after].joined(separator: "\n"))
        let segments = try TextProcessor().segment(document)
        #expect(segments.paragraphs.map(\.kind) == [.body, .body, .body], "\(segments.describe(document))")
    }

    @Test func aShortLastLineWithPunctuationIsNotAByline() throws {
        let document = makeDocument("The regional assembly met on Monday to discuss the budget.\nIt was close.")
        #expect(try TextProcessor().segment(document).paragraphs.map(\.kind) == [.body, .body])
    }

    @Test func extraMarkersFromTheConfigurationAreUsed() throws {
        // "Sumber" (Indonesian for source) is not a built-in label.
        let text = "The regional assembly met on Monday to discuss the budget for the coming year.\nSumber: Antara"
        #expect(try TextProcessor().segment(makeDocument(text)).paragraphs[1].kind == .body)
        var options = TextOptions()
        options.markers.source = ["SUMBER"]
        let paragraph = try TextProcessor(options: options).segment(makeDocument(text)).paragraphs[1]
        #expect(paragraph.kind == .source && paragraph.reason == "source label")
    }

    @Test func detectionCanBeTurnedOff() throws {
        var options = TextOptions()
        options.detectBoilerplate = false
        let document = try SeedCorpus.document("004_ffc8b5db7dc18ac9.txt")
        let segments = try TextProcessor(options: options).segment(document)
        #expect(segments.paragraphs.allSatisfy { $0.kind == .body })
        #expect(segments.boilerplateWordCount == 0)
    }
}
