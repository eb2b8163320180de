import Foundation
import LectorTestKit
import Testing

struct EvalSummaryCommandTests {
    /// Two articles as JSON Lines: one opening with a quotation, whose reference restates the news
    /// sentence after it, and one whose reference restates its opening.
    private static let articles = [
        [
            "id": "quote", "lang": "en",
            "text": """
                "We have waited for this bridge for twenty years," said a farmer from the valley.
                The regional government opened the new bridge over the river on Friday after three years of work.
                The bridge links the valley villages to the regional hospital and the market town.
                Officials said the bridge cost forty million euros and will carry two thousand cars a day.
                """,
            "summary":
                "The regional government opened the new bridge over the river on Friday after three years of work.",
        ],
        [
            "id": "plain", "lang": "en",
            "text": """
                Heavy rain flooded the lower town on Tuesday night and closed the main road to the coast.
                Firefighters pumped water from dozens of cellars until the morning.
                The weather service expects more rain on the coast at the weekend.
                """,
            "summary": "Heavy rain flooded the lower town on Tuesday night and closed the main road to the coast.",
        ],
    ]

    @Test func scoresTheLeadRuleAboveLeadOneAndReportsItsFigures() throws {
        let folder = try TemporaryFolder()
        let lines = try Self.articles.map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
        }
        let path = try folder.write("articles.jsonl", text: lines.joined(separator: "\n") + "\n")
        let run = try LectorBinary.run(["eval", "summary", "--data", path, "--sentences", "1", "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(report["items"] as? Int == 2)
        #expect(report["boilerplate_selected"] as? Int == 0)
        #expect((report["articles_per_second"] as? Double ?? 0) > 0)
        let lector = try #require((report["lector"] as? [String: Double])?["rouge_1"])
        let lead = try #require((report["lead"] as? [String: Double])?["rouge_1"])
        // The lead rule skips the quotation and picks the restated sentence: a perfect score on both.
        #expect(lector == 100)
        #expect(lead < lector)
    }

    @Test func trimCutsTheLeadAtItsClauseAndReportsTheSameBudgetBaselines() throws {
        let folder = try TemporaryFolder()
        let article: [String: String] = [
            "id": "rain", "lang": "en",
            "text": """
                Heavy rain flooded the lower town on Tuesday night, and firefighters pumped water from dozens of \
                cellars until the morning.
                The weather service expects more rain on the coast at the weekend.
                """,
            "summary": "Heavy rain flooded the lower town on Tuesday night",
        ]
        let line = String(decoding: try JSONSerialization.data(withJSONObject: article), as: UTF8.self)
        let path = try folder.write("rain.jsonl", text: line + "\n")
        func evaluate(_ settings: [String]) throws -> [String: Any] {
            let run = try LectorBinary.run(
                ["eval", "summary", "--data", path, "--sentences", "1", "--json"] + settings.flatMap { ["--set", $0] })
            #expect(run.status == 0, "stderr: \(run.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        }
        func rouge1(_ report: [String: Any], _ key: String) -> Double? {
            (report[key] as? [String: Double])?["rouge_1"]
        }

        // Limit 12: the comma after word 9 ("night,") is within four words of it, so the cut keeps
        // exactly the reference; the blind cut keeps three words more.
        let trimmed = try evaluate(["max_words=12", "trim=true"])
        #expect(trimmed["max_words"] as? Int == 12 && trimmed["trimmed"] as? Int == 1)
        #expect(rouge1(trimmed, "lector") == 100)
        #expect(rouge1(trimmed, "lead_clause") == 100)
        // 9 of 12 words match: P = 0.75, R = 1, F1 = 6/7.
        #expect(rouge1(trimmed, "lead_1_cut") == 85.71 && rouge1(trimmed, "lead_words") == 85.71)
        let lead = try #require(rouge1(trimmed, "lead"))
        #expect(lead < 85.71)

        // Without trim the same limit keeps the whole first sentence: Lead-1.
        let whole = try evaluate(["max_words=12"])
        #expect(whole["trimmed"] as? Int == 0 && rouge1(whole, "lector") == lead)
        // Without a limit there are no word-budget baselines.
        let plain = try evaluate([])
        #expect(plain["max_words"] as? Int == 0 && plain["lead_words"] == nil && plain["lead_1_cut"] == nil)
        #expect(rouge1(plain, "lead_clause") == 100)
    }

    @Test func writesEachCandidatesFeaturesAndItsGainOverTheLead() throws {
        let folder = try TemporaryFolder()
        let lines = try Self.articles.map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
        }
        let path = try folder.write("articles.jsonl", text: lines.joined(separator: "\n") + "\n")
        let output = folder.url.appendingPathComponent("features.jsonl").path
        let run = try LectorBinary.run(["eval", "summary", "--data", path, "--features", output])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let rows = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        // Four candidate sentences in the first article, three in the second.
        #expect(rows.map { $0["id"] as? String } == ["quote", "quote", "quote", "quote", "plain", "plain", "plain"])
        #expect(rows.map { $0["candidate"] as? Int } == [0, 1, 2, 3, 0, 1, 2])
        #expect(rows.allSatisfy { ($0["features"] as? [Double])?.count == 16 })
        // The lead rule passes over the quotation; each lead restates its reference and adds nothing to itself.
        #expect(rows.map { $0["is_lead"] as? Bool } == [false, true, false, false, true, false, false])
        for row in rows where row["is_lead"] as? Bool == true {
            #expect(row["rouge_1"] as? Double == 1 && row["gain"] as? Double == 0)
        }
        // Any other sentence only lowers the F1 of a lead that is the reference word for word.
        #expect(rows.filter { $0["is_lead"] as? Bool == false }.allSatisfy { ($0["gain"] as? Double ?? 0) < 0 })
        #expect(run.stdout.count > 0)
    }
}
