import Foundation
import LectorTestKit
import Testing

struct EvalLanguageCommandTests {
    /// Paragraphs long enough for CLD2, three of them in languages it confuses with a close relative
    /// (Urdu, Persian, Slovak), and one word for the short-text model.
    private static let items = [
        ("ur", "ہر شخص کو اپنے ملک کی حکومت میں براہ راست یا آزادانہ طور پر منتخب نمائندوں کے ذریعے حصہ لینے کا حق ہے۔"),
        ("fa", "هر کس حق دارد که در اداره امور عمومی کشور خود، خواه مستقیماً و خواه با وساطت نمایندگانی که آزادانه انتخاب شده باشند، شرکت جوید."),
        ("sk", "Všetci ľudia sa rodia slobodní a sebe rovní, čo sa týka ich dôstojnosti a práv. "
            + "Sú obdarení rozumom a svedomím a majú spolu jednať v duchu bratstva."),
        ("en", "Everyone has the right to freedom of thought, conscience and religion; "
            + "this right includes freedom to change his religion or belief."),
        ("sw", "binadamu"),
    ]

    @Test func scoresLabelledTextAndReportsThroughputOnOneCore() throws {
        let folder = try TemporaryFolder()
        let tsv = Self.items.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n"
        let path = try folder.write("items.tsv", text: "lang\ttext\n" + tsv)
        let run = try LectorBinary.run(["eval", "language", "--data", path, "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(report["items"] as? Int == Self.items.count)
        #expect(report["correct"] as? Int == Self.items.count)
        #expect(report["bytes"] as? Int == Self.items.reduce(0) { $0 + $1.1.utf8.count })
        // CPU time of the detecting thread, and the throughput it gives, next to the wall-clock figures.
        let cpu = try #require(report["cpu_seconds"] as? Double)
        let perCPU = try #require(report["mb_per_cpu_second"] as? Double)
        #expect(cpu > 0)
        #expect(abs(perCPU - Double(Self.items.reduce(0) { $0 + $1.1.utf8.count }) / 1e6 / cpu) < 1e-6 * perCPU)

        let table = try LectorBinary.run(["eval", "language", "--data", path])
        #expect(table.status == 0)
        #expect(String(decoding: table.stdout, as: UTF8.self).contains("on one core"))
    }

    /// Held-out paragraphs that CLD2 alone answers Serbian (the Macedonian) and Malay (the
    /// Indonesian) for, and a Serbian and a Malay text that must stay as they are.
    @Test func closePairsAreSettledBySpelling() throws {
        let items = [
            ("mk", "Никој нема да биде подложен на тортура или на суров, нехуман или понижувачки третман или казна."),
            ("id", "Setiap orang mempunyai hak atas kebebasan berkumpul dan berserikat secara damai. "
                + "Tidak seorang pun boleh dipaksa untuk memasuki sesuatu perkumpulan."),
            ("sr", "Сва људска бића рађају се слободна и једнака у достојанству и правима. Она су обдарена "
                + "разумом и свешћу и треба једни према другима да поступају у духу братства."),
            ("ms", "Sesiapa pun tidak boleh ditangkap, ditahan atau dibuang negeri secara sewenang-wenangnya "
                + "kerana pendapat politiknya."),
        ]
        let folder = try TemporaryFolder()
        let path = try folder.write("pairs.tsv", text: items.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n"))
        let run = try LectorBinary.run(["eval", "language", "--data", path, "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let languages = try #require(report["languages"] as? [[String: Any]])
        for language in languages {
            #expect(language["correct"] as? Int == 1, "\(language["language"] ?? "?")")
        }
        #expect(report["correct"] as? Int == items.count)
    }
}
