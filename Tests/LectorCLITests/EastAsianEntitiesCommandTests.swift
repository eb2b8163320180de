import Foundation
import LectorCore
import LectorTestKit
import Testing

/// The `entities` processor on Chinese, Japanese and Korean articles as a user meets it: `lector
/// process` on article files, reading the entities of each result. The texts were written for
/// these tests.
struct EastAsianEntitiesCommandTests {
    /// Each entity of each article as "TYPE text start..<end value canonical".
    private func entities(_ texts: [String]) throws -> [[String]] {
        let folder = try TemporaryFolder()
        let paths = try texts.enumerated().map { try folder.write("article-\($0.offset).txt", text: $0.element + "\n") }
        let run = try LectorBinary.run(
            ["process", "--config", LectorBinary.defaultConfig, "--set", "pipeline.processors=text,language,entities"]
                + paths)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let results = try run.stdoutText.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        try #require(results.count == texts.count)
        return try results.map { result in
            let items = try #require(result.at("annotations.entities.items")?.arrayValue)
            return items.flatMap { item -> [String] in
                let mentions = item["mentions"]?.arrayValue ?? []
                return mentions.map { mention in
                    let start = Int(mention.at("range.start")?.doubleValue ?? -1)
                    let end = Int(mention.at("range.end")?.doubleValue ?? -1)
                    return [
                        item["type"]?.stringValue ?? "?", item["text"]?.stringValue ?? "?", "\(start)..<\(end)",
                        item["value"]?.stringValue ?? "-", item["canonical"]?.stringValue ?? "-",
                    ].joined(separator: " ")
                }
            }
        }
    }

    @Test func chineseJapaneseAndKoreanArticlesGetTheirDatesPlacesAndMoney() throws {
        let found = try entities([
            "习近平主席于2024年11月20日在北京会见了法国总统马克龙。双方讨论了中欧关系。该项目投资3.5亿美元。",
            "日本政府は2024年4月1日、フランスとの協定に署名した。予算は100億円だ。",
            "윤석열 대통령은 2024년 11월 20일 서울에서 프랑스의 마크롱 대통령과 만났다. 양국은 3억 원을 내기로 했다.",
        ])
        #expect(
            found[0] == [
                "DATE 2024年11月20日 6..<17 2024-11-20 -", "LOCATION 法国 23..<25 - France",
                "MONEY 3.5亿美元 46..<52 350000000 USD",
            ])
        #expect(
            found[1] == [
                "LOCATION 日本 0..<2 - Japan", "DATE 2024年4月1日 5..<14 2024-04-01 -",
                "LOCATION フランス 15..<19 - France", "MONEY 100億円 32..<37 10000000000 JPY",
            ])
        #expect(
            found[2] == [
                "DATE 2024년 11월 20일 9..<22 2024-11-20 -", "LOCATION 프랑스 28..<31 - France",
                "MONEY 3억 원 51..<55 300000000 KRW",
            ])
    }
}
