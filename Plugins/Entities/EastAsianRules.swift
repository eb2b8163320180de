import Foundation
import LectorCore

/// Dates, numbers, percentages and money written the Chinese, Japanese and Korean way: a number
/// in digits (ASCII or full-width) followed by a unit, a scale or a currency in Han, kana or
/// Hangul.
///
/// - Dates: "2024年11月20日" → `2024-11-20`, "2024年11月" → `2024-11`, "2024年" → `2024`,
///   "11月20日" → `--11-20` (no year written, as "23 October" gives `--10-23`), "11月" →
///   `--11`, "20日" → `---20` (the day of an unnamed month, ISO 8601's reduced form), the same
///   with 년 월 일 in Korean ("2024년 11월 20일에"), year ranges ("2020年至2025年" →
///   `2020/2025`) and quarters ("2024年第三季度", "2024年第3四半期", "2024년 3분기" → `2024-Q3`).
/// - Numbers with the East Asian scales: 百 (10²), 千 (10³), 万/萬/만 (10⁴), 亿/億/억 (10⁸),
///   조 (10¹²), one after another multiplying ("1.2万亿" is 1.2 × 10¹²) and groups adding
///   ("3亿5千万", "3억 5천만" are 350,000,000).
/// - Money: such a number followed by a currency word ("3.5亿美元" → 350000000 `USD`, "5万元" →
///   50000 `CNY`, "100億円" → 10000000000 `JPY`, "3억 원" → 300000000 `KRW`).
/// - Percentages: "5パーセント", "5퍼센트" ("5%" and "５％" are the general rules').
///
/// In Korean the unit or currency may carry a particle in the same word ("20일에", "3억원을"):
/// the match then ends before the particle. A reading that ends inside a word whose rest is not a
/// particle or a counter (with its particle: "3천명이") gives way to a shorter one ("2024년
/// 11월말에", at the end of November, is `2024`) or to none ("3조각", three pieces, is not 3 ×
/// 10¹²).
/// Chinese numerals (二〇二四年, 三千万) are not read.
///
/// ```swift
/// let rules = EastAsianRules()
/// rules.match(sentence, at: 0)?.match.value   // "2024-11-20" for "2024年11月20日 …"
/// ```
struct EastAsianRules: Sendable {
    /// A place in a sentence: scalar `offset` of token `token`'s raw text (at most its length).
    struct Cursor: Equatable {
        var token: Int
        var offset: Int
    }

    enum Unit {
        static let year = 1
        static let month = 2
        static let day = 3
    }

    typealias Words<Value> = [(scalars: [Unicode.Scalar], value: Value)]

    private static func words<Value>(_ list: [(String, Value)]) -> Words<Value> {
        list.flatMap { entry in entry.0.split(separator: "|").map { (Array($0.unicodeScalars), entry.1) } }
    }

    static let units: Words<Int> = words([("年|년", Unit.year), ("月|월", Unit.month), ("日|号|號|일", Unit.day)])

    static let scales: Words<Decimal> = words([
        ("百|백", Decimal(100)), ("千|천", Decimal(1_000)), ("万|萬|만", Decimal(10_000)),
        ("亿|億|억", Decimal(100_000_000)), ("조", Decimal(1_000_000_000_000)),
    ])

    static let currencies: Words<String> = words([
        ("元|人民币|人民幣|人民元|위안", "CNY"), ("美元|美金|米ドル|ドル|달러", "USD"),
        ("日元|日圆|日圓|円|엔", "JPY"), ("欧元|歐元|ユーロ|유로", "EUR"), ("英镑|英鎊|ポンド|파운드", "GBP"),
        ("港元|港币|港幣|香港ドル", "HKD"), ("韩元|韓元|ウォン|원", "KRW"), ("新台币|新台幣|台币|台幣", "TWD"),
        ("卢布|盧布|ルーブル|루블", "RUB"),
    ])

    /// What follows a quarter's number: "2024年第三季度", "2024年第3四半期", "2024년 3분기".
    static let quarterWords: Words<Bool> = words([("季度|季|四半期|분기", true)])
    static let quarterNumerals: Words<Int> = words([("一", 1), ("二", 2), ("三", 3), ("四", 4)])
    static let ordinalPrefix: Words<Bool> = words([("第", true)])

    static let percents: Words<Bool> = words([("パーセント|퍼센트", true)])

    static let rangeWords: Words<Bool> = words([("至|到|-|–|—|～|~|〜|から|부터", true)])

    /// Korean counters that may follow a number in the same word, perhaps with a particle ("3천명이",
    /// "5만여 명").
    static let counters: [[Unicode.Scalar]] = [
        "명", "개", "건", "곳", "채", "가구", "마리", "톤", "여", "여명", "여개", "여건", "여곳", "장", "권", "대", "회", "차례",
    ].map { Array($0.unicodeScalars) }

    /// A date or quantity that begins with the number at token `index` and goes on in Han, kana or
    /// Hangul, with the number of tokens it takes (the last one perhaps only in part); nil when the
    /// next token is of no such script or no rule matches.
    func match(_ sentence: SentenceTokens, at index: Int) -> (match: EntityMatch, count: Int)? {
        let tokens = sentence.tokens
        guard index + 1 < tokens.count,
            let first = sentence.raw[tokens[index + 1].raw].first, first.value >= EastAsianScript.lowest
        else { return nil }
        var readings: [Reading] = []
        if let number = QuantityRules.value(sentence, index) {
            date(sentence, index, into: &readings)
            if readings.isEmpty { quantity(sentence, index, number, into: &readings) }
        } else {
            hundredths(sentence, index, into: &readings)
        }
        // A Korean word must end where the reading does, or with a particle or a counter after it.
        guard let (type, value, canonical, end) = readings.first(where: { endsWord(sentence, $0.end) }) else {
            return nil
        }
        let match = EntityMatch(
            start: tokens[index].start, end: tokens[end.token].start + end.offset, type: type, value: value,
            canonical: canonical, score: type == .date ? 0.95 : 0.9, priority: 1)
        return (match, end.token + 1 - index)
    }

    /// A reading of the text from the number on: type, value, canonical name and where it ends.
    typealias Reading = (type: EntityType, value: String, canonical: String?, end: Cursor)

    /// Whether a reading ending at `end` ends a word, or leaves only a particle or a counter (with
    /// its particle) of a Korean word.
    private func endsWord(_ sentence: SentenceTokens, _ end: Cursor) -> Bool {
        let token = sentence.tokens[end.token]
        guard end.offset < token.raw.count else { return true }
        let rest = sentence.raw[token.raw.dropFirst(end.offset)]
        return EastAsianScript.isParticleOrEmpty(rest)
            || Self.counters.contains {
                rest.starts(with: $0) && EastAsianScript.isParticleOrEmpty(rest.dropFirst($0.count))
            }
    }

    // MARK: - Reading words

    /// The cursor moved past the ends of tokens, onto the next token's start; nil at the sentence's
    /// end, or when `space` is false and white space stands between the tokens.
    private func next(_ cursor: Cursor, _ sentence: SentenceTokens, space: Bool) -> Cursor? {
        var cursor = cursor
        let tokens = sentence.tokens
        while cursor.token < tokens.count, cursor.offset >= tokens[cursor.token].raw.count {
            guard cursor.token + 1 < tokens.count else { return nil }
            if !space && tokens[cursor.token + 1].start != tokens[cursor.token].end { return nil }
            cursor = Cursor(token: cursor.token + 1, offset: 0)
        }
        return cursor.token < tokens.count ? cursor : nil
    }

    /// The longest of `words` written at `cursor` (across tokens that touch, for a word of several
    /// ideographs or kana), with the cursor after it; white space may stand before it if `space`.
    private func longest<Value>(
        _ words: Words<Value>, _ sentence: SentenceTokens, at cursor: Cursor, space: Bool
    ) -> (Value, Cursor)? {
        guard let start = next(cursor, sentence, space: space) else { return nil }
        var best: (value: Value, end: Cursor, length: Int)?
        for word in words where word.scalars.count > (best?.length ?? 0) {
            var position = start
            var matched = true
            for (offset, scalar) in word.scalars.enumerated() {
                if offset > 0 {
                    guard let moved = next(position, sentence, space: false) else {
                        matched = false
                        break
                    }
                    position = moved
                }
                let token = sentence.tokens[position.token]
                guard sentence.raw[token.raw.lowerBound + position.offset] == scalar else {
                    matched = false
                    break
                }
                position.offset += 1
            }
            if matched { best = (word.value, position, word.scalars.count) }
        }
        return best.map { ($0.value, $0.end) }
    }

    /// An integer of at most `digits` digits in the token at `cursor`, which must begin there.
    private func integer(_ sentence: SentenceTokens, at cursor: Cursor, digits: Int) -> (Int, Cursor)? {
        guard let start = next(cursor, sentence, space: true), start.offset == 0 else { return nil }
        let scalars = sentence.normalizedScalars(start.token)
        guard !scalars.isEmpty, scalars.count <= digits else { return nil }
        var value = 0
        for scalar in scalars {
            guard ("0"..."9").contains(scalar) else { return nil }
            value = value * 10 + Int(scalar.value - 0x30)
        }
        return (value, Cursor(token: start.token, offset: sentence.tokens[start.token].raw.count))
    }

    /// A number of at most `digits` digits in `range` followed by the unit `unit`.
    private func integer(
        _ sentence: SentenceTokens, at cursor: Cursor, digits: Int, in range: ClosedRange<Int>, unit: Int
    ) -> (Int, Cursor)? {
        guard let (value, after) = integer(sentence, at: cursor, digits: digits), range.contains(value),
            let (found, end) = longest(Self.units, sentence, at: after, space: true), found == unit
        else { return nil }
        return (value, end)
    }

    // MARK: - Dates

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The date readings at token `index`, longest first.
    private func date(_ sentence: SentenceTokens, _ index: Int, into readings: inout [Reading]) {
        let start = Cursor(token: index, offset: 0)
        if let (year, afterYear) = integer(sentence, at: start, digits: 4, in: 1000...2999, unit: Unit.year),
            sentence.tokens[index].normalizedCount == 4
        {
            if let (month, afterMonth) = integer(sentence, at: afterYear, digits: 2, in: 1...12, unit: Unit.month) {
                if let (day, afterDay) = integer(sentence, at: afterMonth, digits: 2, in: 1...31, unit: Unit.day) {
                    readings.append((.date, "\(year)-\(Self.two(month))-\(Self.two(day))", nil, afterDay))
                }
                readings.append((.date, "\(year)-\(Self.two(month))", nil, afterMonth))
            } else if let (quarter, afterQuarter) = quarter(sentence, at: afterYear) {
                readings.append((.date, "\(year)-Q\(quarter)", nil, afterQuarter))
            } else if let (_, afterRange) = longest(Self.rangeWords, sentence, at: afterYear, space: true),
                let (end, afterEnd) = integer(sentence, at: afterRange, digits: 4, in: 1000...2999, unit: Unit.year),
                end > year, end - year < 100
            {
                readings.append((.date, "\(year)/\(end)", nil, afterEnd))
            }
            readings.append((.date, "\(year)", nil, afterYear))
        } else if let (month, afterMonth) = integer(sentence, at: start, digits: 2, in: 1...12, unit: Unit.month) {
            if let (day, afterDay) = integer(sentence, at: afterMonth, digits: 2, in: 1...31, unit: Unit.day) {
                readings.append((.date, "--\(Self.two(month))-\(Self.two(day))", nil, afterDay))
            }
            readings.append((.date, "--\(Self.two(month))", nil, afterMonth))
        } else if let (day, afterDay) = integer(sentence, at: start, digits: 2, in: 1...31, unit: Unit.day) {
            readings.append((.date, "---\(Self.two(day))", nil, afterDay))
        }
    }

    /// A quarter after a year: [第] 1–4 or 一–四, then 季度, 季, 四半期 or 분기.
    private func quarter(_ sentence: SentenceTokens, at cursor: Cursor) -> (Int, Cursor)? {
        var position = cursor
        if let (_, after) = longest(Self.ordinalPrefix, sentence, at: position, space: true) { position = after }
        let number: (Int, Cursor)? =
            integer(sentence, at: position, digits: 1)
            ?? longest(Self.quarterNumerals, sentence, at: position, space: position == cursor)
        guard let (value, afterNumber) = number, (1...4).contains(value),
            let (_, end) = longest(Self.quarterWords, sentence, at: afterNumber, space: false)
        else { return nil }
        return (value, end)
    }

    // MARK: - Quantities

    static let hundredthsWords: Words<Bool> = words([("百分之", true)])
    static let numeralDigits: Words<Int> = words([
        ("零|〇", 0), ("一", 1), ("二|两|兩", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("七", 7), ("八", 8),
        ("九", 9),
    ])
    static let numeralUnits: Words<Int> = words([("十", 10), ("百", 100), ("千", 1000)])
    static let decimalPoint: Words<Bool> = words([("点|點", true)])

    /// "百分之五" (5%), "百分之三十五点五" (35.5%), "百分之5": a percentage as hundredths, in
    /// digits or in Chinese numerals up to 9999 with a decimal part (``numeral(_:at:)``).
    private func hundredths(_ sentence: SentenceTokens, _ index: Int, into readings: inout [Reading]) {
        guard
            let (_, after) = longest(Self.hundredthsWords, sentence, at: Cursor(token: index, offset: 0), space: false)
        else { return }
        if let start = next(after, sentence, space: true), start.offset == 0,
            let value = QuantityRules.value(sentence, start.token)
        {
            let end = Cursor(token: start.token, offset: sentence.tokens[start.token].raw.count)
            readings.append((.percent, QuantityRules.string(value), nil, end))
        } else if let (value, end) = numeral(sentence, at: after) {
            readings.append((.percent, QuantityRules.string(value), nil, end))
        }
    }

    /// A number in Chinese numerals at `cursor`: digits 零 〇 一 二 两 … 九, the units 十 百 千
    /// ("三十五" 35, "一百" 100, "十五" 15), then 点 and digits for a decimal part ("三点五" 3.5).
    private func numeral(_ sentence: SentenceTokens, at cursor: Cursor) -> (Decimal, Cursor)? {
        var position = cursor
        var section = 0
        var digit: Int?
        var read = false
        while true {
            if digit == nil, let (value, after) = longest(Self.numeralDigits, sentence, at: position, space: !read) {
                digit = value
                position = after
            } else if let (unit, after) = longest(Self.numeralUnits, sentence, at: position, space: !read) {
                section += (digit ?? 1) * unit
                digit = nil
                position = after
            } else {
                break
            }
            read = true
        }
        guard read else { return nil }
        var value = Decimal(section + (digit ?? 0))
        if let (_, afterPoint) = longest(Self.decimalPoint, sentence, at: position, space: false) {
            var scale = Decimal(1)
            var decimals = afterPoint
            while let (place, after) = longest(Self.numeralDigits, sentence, at: decimals, space: false) {
                scale /= 10
                value += Decimal(place) * scale
                decimals = after
            }
            if decimals != afterPoint { position = decimals }
        }
        return (value, position)
    }

    /// The product of the scale words written one after another at `cursor` ("千万" is 10⁷), or nil.
    private func scale(_ sentence: SentenceTokens, at cursor: Cursor, space: Bool) -> (Decimal, Cursor)? {
        guard var (factor, position) = longest(Self.scales, sentence, at: cursor, space: space) else { return nil }
        while let (more, after) = longest(Self.scales, sentence, at: position, space: false) {
            factor *= more
            position = after
        }
        return (factor, position)
    }

    /// The quantity readings at token `index`, whose number is `number`, longest first.
    private func quantity(
        _ sentence: SentenceTokens, _ index: Int, _ number: Decimal, into readings: inout [Reading]
    ) {
        var cursor = Cursor(token: index, offset: sentence.tokens[index].raw.count)
        var total = number
        var scaled = false
        if let (factor, after) = scale(sentence, at: cursor, space: true) {
            total = number * factor
            cursor = after
            scaled = true
            // Further groups, each of a smaller scale: "3亿5千万", "3억 5천만".
            var last = factor
            while let start = next(cursor, sentence, space: true), start.offset == 0,
                let value = QuantityRules.value(sentence, start.token),
                let (factor, after) = scale(
                    sentence, at: Cursor(token: start.token, offset: sentence.tokens[start.token].raw.count),
                    space: false),
                factor < last
            {
                total += value * factor
                last = factor
                cursor = after
            }
        }
        if let (code, after) = longest(Self.currencies, sentence, at: cursor, space: true) {
            readings.append((.money, QuantityRules.string(total), code, after))
        } else if !scaled, let (_, after) = longest(Self.percents, sentence, at: cursor, space: true) {
            readings.append((.percent, QuantityRules.string(total), nil, after))
        }
        if scaled { readings.append((.number, QuantityRules.string(total), nil, cursor)) }
    }
}
