import LectorCore
import Testing

@testable import LectorEntities

struct QuantityRulesTests {
    /// A number token of plain digits is read as `Decimal(UInt64)` instead of by parsing its
    /// string: the two must be the same `Decimal` to the byte, or a value or its text could move.
    @Test func plainDigitsGiveTheParsedDecimalToTheByte() throws {
        var generator = SeededGenerator(seed: 1743)
        var numbers = (0..<3000).map(String.init) + ["00", "007", "0100", "999999999999999999", "100000000000000000"]
        numbers += (0..<3000).map { _ in
            String((0..<(1 + Int(generator.next() % 18))).map { _ in Character(String(generator.next() % 10)) })
        }
        let digits = Array("٠١٢٣٤٥٦٧٨٩".unicodeScalars)
        for number in numbers {
            let parsed = try #require(QuantityRules.value(number))
            // The same number in Arabic-Indic digits, which tokens normalize to these.
            let written = String(String.UnicodeScalarView(number.unicodeScalars.map { digits[Int($0.value) - 0x30] }))
            let sentence = SentenceTokens(words: [number, written], index: EntityLexicon.shared.index)
            for token in 0..<2 {
                let fast = try #require(QuantityRules.value(sentence, token))
                #expect(
                    withUnsafeBytes(of: fast) { Array($0) } == withUnsafeBytes(of: parsed) { Array($0) }, "\(number)")
            }
        }
        let grouped = SentenceTokens(words: ["1,743", "12.5", "1234567890123456789", "1,2"], index: EntityLexicon.shared.index)
        #expect((0..<4).map { QuantityRules.value(grouped, $0).map(QuantityRules.string) } == ["1743", "12.5", "1234567890123456789", "1.2"])
    }

    private func found(_ text: String, language: String? = "ur") throws -> [(EntityType, String, String?)] {
        try entities(in: text, language: language).map { ($0.type, $0.text, $0.value) }
            .filter { [.date, .time, .number, .percent, .money].contains($0.0) }
    }

    @Test(arguments: [
        ("23 اکتوبر کی صبح اجلاس ہوا۔", "23 اکتوبر", "--10-23"),
        ("في صباح يوم 18 يناير 2024، عقدت اللجنة مؤتمرا.", "18 يناير 2024", "2024-01-18"),
        ("The meeting on January 5, 2024 was short.", "January 5, 2024", "2024-01-05"),
        ("۲۷ دسمبر ۲۰۲۳ کو کانفرنس ہوئی۔", "۲۷ دسمبر ۲۰۲۳", "2023-12-27"),
        ("عقد في ٣ كانون الثاني ٢٠٢٤ اجتماع.", "٣ كانون الثاني ٢٠٢٤", "2024-01-03"),
        ("کانفرنس 2024 کی چوتھی سہ ماہی میں ہوگی۔", "2024 کی چوتھی سہ ماہی", "2024-Q4"),
        ("منصوبہ مدت 2024 - 2030 تک ہے۔", "2024 - 2030", "2024/2030"),
        ("للفترة 2020-2025 والمهام السياسية.", "2020-2025", "2020/2025"),
        ("Sales rose in Q3 2024 again.", "Q3 2024", "2024-Q3"),
        ("The deadline is 2024-01-18 for all.", "2024-01-18", "2024-01-18"),
        ("خلال عام 2023 نظمت المحافظة حوارات.", "2023", "2023"),
    ])
    func datesAreNormalizedToISO(text: String, surface: String, value: String) throws {
        let dates = try found(text).filter { $0.0 == .date }
        #expect(dates.map(\.1) == [surface])
        #expect(dates.map(\.2) == [value])
    }

    @Test(arguments: [
        ("پورے صوبے نے 1,743 ماڈل تیار کیے۔", EntityType.number, "1,743", "1743"),
        ("بنت المقاطعة ١٬٧٤٣ نموذجًا.", .number, "١٬٧٤٣", "1743"),
        ("نمو بنسبة ١٢٫٥٪ هذا العام.", .percent, "١٢٫٥٪", "12.5"),
        ("شرح 12.5 فیصد رہی۔", .percent, "12.5 فیصد", "12.5"),
        ("منصوبے پر 25 لاکھ روپے خرچ ہوئے۔", .money, "25 لاکھ روپے", "2500000"),
        ("بلغت الميزانية 3 مليون دولار.", .money, "3 مليون دولار", "3000000"),
        ("The fund holds $4.5 billion now.", .money, "$4.5 billion", "4500000000"),
        ("آبادی 3 کروڑ ہے۔", .number, "3 کروڑ", "30000000"),
        ("صوبے کے قیام کی 115 ویں سالگرہ منائی۔", .number, "115 ویں", "115"),
        ("نظمت المحافظة 520 حوارًا مع المواطنين.", .number, "520", "520"),
    ])
    func quantitiesCarryTheirValue(text: String, type: EntityType, surface: String, value: String) throws {
        let quantities = try found(text, language: nil).filter { $0.0 != .date }
        #expect(quantities.count == 1)
        #expect(quantities.first?.0 == type)
        #expect(quantities.first?.1 == surface)
        #expect(quantities.first?.2 == value)
    }

    @Test func numberValuesReadEveryGrouping() {
        #expect(QuantityRules.value("1,743") == 1743)
        #expect(QuantityRules.value("1,234,567.5") == 1_234_567.5)
        #expect(QuantityRules.value("12,5") == 12.5)
        #expect(QuantityRules.value("2024") == 2024)
        #expect(QuantityRules.value("12.") == nil)
        #expect(QuantityRules.value("abc") == nil)
    }

    @Test func moneyNamesItsCurrency() throws {
        let money = try entities(in: "منصوبے پر 25 لاکھ روپے خرچ ہوئے۔", language: "ur").filter { $0.type == .money }
        #expect(money.first?.canonical == "INR/PKR")
    }

    /// Amounts are grouped by amount and currency: two sums in dollars are two entities, the
    /// same sum written twice one.
    @Test func twoAmountsInOneCurrencyAreTwoEntities() throws {
        let money = try entities(
            in: "The fund holds $4.5 billion and another $3 million. It still holds $4.5 billion.", language: "en"
        ).filter { $0.type == .money }
        #expect(money.map(\.text) == ["$4.5 billion", "$3 million"])
        #expect(money.map(\.value) == ["4500000000", "3000000"])
        #expect(money.map(\.mentions.count) == [2, 1])
        #expect(money.allSatisfy { $0.canonical == "USD" })
    }

    /// Clock times are one TIME entity with an ISO 8601 value, never two numbers; a 12-hour time
    /// reads its a.m. or p.m.
    @Test(arguments: [
        ("The meeting started at 14:30 on Monday.", "14:30", "14:30"),
        ("Flight LH 4012 leaves at 07:45.", "07:45", "07:45"),
        ("It ended at 9:05 p.m. after a long debate.", "9:05 p.m.", "21:05"),
        ("Doors open at 12:15 am sharp.", "12:15 am", "00:15"),
        ("The market opens at 10 a.m. every day.", "10 a.m.", "10:00"),
        ("The bell rang at 12 p.m. for lunch.", "12 p.m.", "12:00"),
        ("The first alarm came at 07:45:10 from the roof.", "07:45:10", "07:45:10"),
        ("بدأ الاجتماع في الساعة ١٠:٣٠ صباحا.", "١٠:٣٠", "10:30"),
        ("اجلاس صبح 9:30 بجے شروع ہوا۔", "9:30", "09:30"),
    ])
    func clockTimesAreOneEntity(text: String, surface: String, value: String) throws {
        let found = try found(text, language: nil)
        #expect(found.filter { $0.0 == .time }.map(\.1) == [surface], "\(found)")
        #expect(found.filter { $0.0 == .time }.map(\.2) == [value])
        #expect(!found.contains { $0.0 == .number && surface.contains($0.1) }, "no number inside the time: \(found)")
    }

    /// Numbers joined by colons that are no time give nothing, rather than a number for each part;
    /// "15 pm" is no time of the 12-hour clock, so 15 stays a number. (A verse, "John 3:16", reads
    /// as the time 03:16: the digits alone cannot tell them apart.)
    @Test(arguments: [
        ("The home side won 3:1 after extra time.", [String]()),
        ("The ratio was 12:75 in the last survey.", []),
        ("00:00:01,000 --> 00:00:04,000", []),
        ("The clock read 25:10 in the broken display.", []),
        ("They met at 15 pm, or so they said.", ["15"]),
    ])
    func colonRunsThatAreNoTimeGiveNoNumbers(text: String, numbers: [String]) throws {
        let found = try found(text, language: nil)
        #expect(!found.contains { $0.0 == .time }, "\(found)")
        #expect(found.filter { $0.0 == .number }.map(\.1) == numbers, "\(found)")
    }
}
