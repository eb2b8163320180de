import LectorCore
import Testing

@testable import LectorEntities

/// Dates, numbers, percentages and money in Chinese, Japanese and Korean sentences, through the
/// whole processor: the entity's text, its scalar offsets and its value.
struct EastAsianRulesTests {
    private struct Found: Equatable, CustomStringConvertible {
        var type: EntityType
        var text: String
        var start: Int
        var end: Int
        var value: String?
        var canonical: String?
        var description: String { "\(type.rawValue) '\(text)' \(start)..<\(end) \(value ?? "-") \(canonical ?? "-")" }
    }

    private func found(_ text: String, language: String?) throws -> [Found] {
        try entities(in: text, language: language).flatMap { entity in
            entity.mentions.map {
                Found(
                    type: entity.type, text: entity.text, start: $0.range.start, end: $0.range.end,
                    value: entity.value, canonical: entity.canonical)
            }
        }.sorted { $0.start < $1.start }
    }

    @Test func aChineseNewsSentenceGivesItsDateAndCountry() throws {
        let text = "习近平主席于2024年11月20日在北京会见了法国总统马克龙。双方讨论了中欧关系。"
        #expect(
            try found(text, language: "zh") == [
                Found(type: .date, text: "2024年11月20日", start: 6, end: 17, value: "2024-11-20"),
                Found(type: .location, text: "法国", start: 23, end: 25, canonical: "France"),
            ])
    }

    @Test func aJapaneseSentenceGivesDatesPlacesMoneyAndPercentages() throws {
        let text = "日本政府は2024年4月1日、フランスとの協定に署名した。予算は100億円で、前年比5%増えた。"
        #expect(
            try found(text, language: "ja") == [
                Found(type: .location, text: "日本", start: 0, end: 2, canonical: "Japan"),
                Found(type: .date, text: "2024年4月1日", start: 5, end: 14, value: "2024-04-01"),
                Found(type: .location, text: "フランス", start: 15, end: 19, canonical: "France"),
                Found(type: .money, text: "100億円", start: 32, end: 37, value: "10000000000", canonical: "JPY"),
                Found(type: .percent, text: "5%", start: 42, end: 44, value: "5"),
            ])
    }

    @Test func aKoreanSentenceLeavesTheParticlesOut() throws {
        let text =
            "윤석열 대통령은 2024년 11월 20일 서울에서 프랑스의 마크롱 대통령과 만났다. 양국은 3억 원 규모의 기금을 "
            + "만들기로 했고, 물가는 ５％ 올랐다."
        #expect(
            try found(text, language: "ko") == [
                Found(type: .date, text: "2024년 11월 20일", start: 9, end: 22, value: "2024-11-20"),
                Found(type: .location, text: "프랑스", start: 28, end: 31, canonical: "France"),
                Found(type: .money, text: "3억 원", start: 51, end: 55, value: "300000000", canonical: "KRW"),
                Found(type: .percent, text: "５％", start: 77, end: 79, value: "5"),
            ])
    }

    @Test(arguments: [
        ("会议于2024年11月召开。", "zh", "2024年11月", "2024-11"),
        ("双方于11月20日签署协议。", "zh", "11月20日", "--11-20"),
        ("预计２０２４年完成。", "zh", "２０２４年", "2024"),
        ("规划期为2020年至2025年。", "zh", "2020年至2025年", "2020/2025"),
        ("20日，外交部发言人表示。", "zh", "20日", "---20"),
        ("2024年第三季度经济增长。", "zh", "2024年第三季度", "2024-Q3"),
        ("2024年第4四半期の決算。", "ja", "2024年第4四半期", "2024-Q4"),
        ("2024년 3분기 실적이 좋았다.", "ko", "2024년 3분기", "2024-Q3"),
        // 말 (the end) is no particle: the month gives way, the year stays.
        ("공사는 2024년 11월말에 끝난다.", "ko", "2024년", "2024"),
        ("新しい法律は11月に施行される。", "ja", "11月", "--11"),
        ("회의는 2024년 11월에 열린다.", "ko", "2024년 11월", "2024-11"),
        ("협상은 11월 20일에 끝났다.", "ko", "11월 20일", "--11-20"),
        ("계획은 2020년부터 2025년까지 이어진다.", "ko", "2020년부터 2025년", "2020/2025"),
    ])
    func datesAreNormalizedToISO(text: String, language: String, surface: String, value: String) throws {
        let dates = try found(text, language: language).filter { $0.type == .date }
        #expect(dates.map(\.text) == [surface])
        #expect(dates.map(\.value) == [value])
    }

    @Test(arguments: [
        ("该项目投资3.5亿美元。", "zh", EntityType.money, "3.5亿美元", "350000000", String?("USD")),
        ("其中5万元用于培训。", "zh", .money, "5万元", "50000", "CNY"),
        ("全年营收3亿5千万元。", "zh", .money, "3亿5千万元", "350000000", "CNY"),
        ("全国有1.2万亿家庭存款。", "zh", .number, "1.2万亿", "1200000000000", nil),
        ("市内の人口は3万人だ。", "ja", .number, "3万", "30000", nil),
        ("株価は5パーセント上がった。", "ja", .percent, "5パーセント", "5", nil),
        ("정부는 3억 5천만 원을 지원했다.", "ko", .money, "3억 5천만 원", "350000000", "KRW"),
        ("수출액은 120억달러를 넘었다.", "ko", .money, "120억달러", "12000000000", "USD"),
        ("시위에 3천명이 모였다.", "ko", .number, "3천", "3000", nil),
        ("금리는 5퍼센트로 올랐다.", "ko", .percent, "5퍼센트", "5", nil),
        ("失业率下降了百分之五。", "zh", .percent, "百分之五", "5", nil),
        ("支持率为百分之三十五点五。", "zh", .percent, "百分之三十五点五", "35.5", nil),
        ("覆盖率达到百分之百。", "zh", .percent, "百分之百", "100", nil),
        ("增长百分之12。", "zh", .percent, "百分之12", "12", nil),
    ])
    func quantitiesCarryTheirValue(
        text: String, language: String, type: EntityType, surface: String, value: String, currency: String?
    ) throws {
        let quantities = try found(text, language: language).filter { $0.type != .date && $0.type != .location }
        #expect(quantities.count == 1, "\(quantities)")
        #expect(quantities.first?.type == type)
        #expect(quantities.first?.text == surface)
        #expect(quantities.first?.value == value)
        #expect(quantities.first?.canonical == currency)
    }

    @Test func aKoreanWordThatOnlyBeginsLikeAUnitIsNoQuantity() throws {
        // 조각 (pieces) begins with 조 (10¹²), 원칙 (principle) with 원 (won): neither is read so.
        let found = try found("케이크를 3조각으로 나누는 3원칙이 있다.", language: "ko")
        #expect(found.allSatisfy { $0.type == .number && $0.value == "3" }, "\(found)")
        #expect(found.count == 2)
    }
}
