import Foundation
import LectorCore

/// Rules for dates, numbers, percentages and money over a sentence's tokens.
///
/// Digits of every script count (the tokens' normalized forms carry ASCII digits); `,` and `٬`
/// group thousands, `.` and `٫` mark decimals. Scale words (ہزار، لاکھ، کروڑ، ارب، ألف، مليون،
/// مليار، هزار، میلیون، thousand, million, billion …) multiply. Dates need a number beside a CLDR
/// month name of any loaded locale ("23 اکتوبر", "18 يناير", "January 5, 2024"), or a year
/// (1900–2100), a year range ("2024 - 2030"), a quarter ("2024 کی چوتھی سہ ماہی", "Q4 2024") or a
/// numeric date ("2024-01-18", "18/01/2024").
struct QuantityRules: Sendable {
    let lexicon: EntityLexicon

    static let scales: [String: Decimal] = {
        var table: [String: Decimal] = [:]
        for (words, value) in [
            ("ہزار|هزار|الف|آلاف|الاف|thousand|thousands", Decimal(1_000)),
            ("لاکھ|لاكھ|lakh|lakhs", Decimal(100_000)),
            ("کروڑ|crore|crores", Decimal(10_000_000)),
            ("ملین|مليون|ملايين|میلیون|million|millions", Decimal(1_000_000)),
            ("ارب|مليار|مليارات|بلین|میلیارد|billion|billions", Decimal(1_000_000_000)),
            ("کھرب|تريليون|تریلیون|trillion", Decimal(1_000_000_000_000)),
        ] {
            for word in words.split(separator: "|") { table[TokenNormalizer.normalize(String(word))] = value }
        }
        return table
    }()

    static let currencies: [String: String] = {
        var table: [String: String] = [:]
        for (words, code) in [
            ("$|dollar|dollars|usd|ڈالر|دولار|دولارا|دلار", "USD"), ("€|euro|euros|eur|یورو|يورو", "EUR"),
            ("£|pound|pounds|gbp|پاؤنڈ|جنيه|جنيها", "GBP"), ("₫|dong|đồng|vnd|ڈونگ", "VND"),
            ("₹|rupee|rupees|روپے|روپیہ|روپیے|روپئے|rs", "INR/PKR"), ("ريال|ریال|riyal|rial", "SAR/IRR"),
            ("دينار|dinar|dinars", "DINAR"), ("درهم|dirham|dirhams", "AED"), ("تومان|toman", "IRR"),
            ("¥|yen|yuan|ین|يوان", "JPY/CNY"),
        ] {
            for word in words.split(separator: "|") { table[TokenNormalizer.normalize(String(word))] = code }
        }
        return table
    }()

    static let percentWords = Set(
        ["%", "٪", "فیصد", "درصد", "percent", "بالمئه", "بالمائه", "pct"].map(TokenNormalizer.normalize))
    static let ordinalSuffixes = ["ویں", "واں", "وین", "th", "st", "nd", "rd"].map(TokenNormalizer.normalize)
    static let quarterOrdinals: [String: Int] = {
        var table: [String: Int] = [:]
        for (words, value) in [
            ("پہلی|الاول|first|اول", 1), ("دوسری|الثاني|second|دوم", 2), ("تیسری|الثالث|third|سوم", 3),
            ("چوتھی|الرابع|fourth|چهارم", 4),
        ] {
            for word in words.split(separator: "|") { table[TokenNormalizer.normalize(String(word))] = value }
        }
        return table
    }()

    /// The matches in one sentence's tokens.
    func matches(_ tokens: [EntityToken]) -> [EntityMatch] {
        var output: [EntityMatch] = []
        var index = 0
        while index < tokens.count {
            if let match = date(tokens, at: index) ?? quantity(tokens, at: index) {
                output.append(match.match)
                index += match.count
            } else {
                index += 1
            }
        }
        return output
    }

    // MARK: - Numbers

    /// The value of a number token ("1,743", "12.5", "١٬٧٤٣"), or nil.
    static func value(_ normalized: String) -> Decimal? {
        let scalars = Array(normalized.unicodeScalars)
        guard let first = scalars.first, first.properties.numericType == .decimal || ("0"..."9").contains(first),
            scalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "," || $0 == "." })
        else { return nil }
        let text = String(normalized)
        let commaGroups = text.split(separator: ",", omittingEmptySubsequences: false)
        var cleaned = text
        if commaGroups.count > 1 {
            let thousands = commaGroups.dropFirst().allSatisfy { group in
                group.split(separator: ".", omittingEmptySubsequences: false).first?.count == 3
            }
            cleaned =
                thousands ? text.replacingOccurrences(of: ",", with: "") : text.replacingOccurrences(of: ",", with: ".")
        }
        guard cleaned.filter({ $0 == "." }).count <= 1, cleaned.last != "." else { return nil }
        return Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func string(_ value: Decimal) -> String {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 6, .plain)
        return rounded.description
    }

    private func quantity(_ tokens: [EntityToken], at index: Int) -> (match: EntityMatch, count: Int)? {
        var cursor = index
        var currency: String?
        if let code = Self.currencies[tokens[index].normalized],
            tokens[index].isPunctuation || tokens[index].normalized == "$"
        {
            currency = code
            cursor += 1
        }
        guard cursor < tokens.count else { return nil }
        var number: Decimal
        var ordinal = false
        if let value = Self.value(tokens[cursor].normalized) {
            number = value
        } else if let (value, _) = ordinalValue(tokens[cursor].normalized) {
            number = value
            ordinal = true
        } else {
            return nil
        }
        cursor += 1
        if !ordinal, cursor < tokens.count, Self.ordinalSuffixes.contains(tokens[cursor].normalized) {
            cursor += 1
            ordinal = true
        }
        if !ordinal, cursor < tokens.count, let scale = Self.scales[tokens[cursor].normalized] {
            number *= scale
            cursor += 1
        }
        var type = EntityType.number
        var canonical: String?
        if currency == nil, cursor < tokens.count, let code = Self.currencies[tokens[cursor].normalized] {
            currency = code
            cursor += 1
        }
        if let currency {
            type = .money
            canonical = currency
        } else if cursor < tokens.count, Self.percentWords.contains(tokens[cursor].normalized) {
            type = .percent
            cursor += 1
        } else if cursor + 1 < tokens.count, tokens[cursor].normalized == "في",
            ["المائه", "المئه"].contains(tokens[cursor + 1].normalized)
        {
            type = .percent
            cursor += 2
        }
        let match = EntityMatch(
            start: tokens[index].start, end: tokens[cursor - 1].end, type: type, value: Self.string(number),
            canonical: canonical, score: 0.9, priority: 1)
        return (match, cursor - index)
    }

    /// "13ویں", "70th": the number before an ordinal suffix.
    private func ordinalValue(_ normalized: String) -> (Decimal, Int)? {
        for suffix in Self.ordinalSuffixes where normalized.hasSuffix(suffix) && normalized.count > suffix.count {
            if let value = Self.value(String(normalized.dropLast(suffix.count))) { return (value, 1) }
        }
        return nil
    }

    // MARK: - Dates

    private func integer(_ token: EntityToken) -> Int? {
        let text = token.normalized
        guard !text.isEmpty, text.count <= 4, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            return nil
        }
        return Int(text)
    }

    private func year(_ tokens: [EntityToken], _ index: Int) -> Int? {
        guard index < tokens.count, tokens[index].normalized.count == 4, let value = integer(tokens[index]),
            (1000...2999).contains(value)
        else { return nil }
        return value
    }

    private func month(_ tokens: [EntityToken], _ index: Int) -> (month: Int, count: Int)? {
        guard index < tokens.count,
            let phrase = lexicon.longestPhrase(in: tokens, at: index, types: [EntityLexicon.month])
        else { return nil }
        return (phrase.number, phrase.tokens.count)
    }

    private func date(_ tokens: [EntityToken], at index: Int) -> (match: EntityMatch, count: Int)? {
        func make(_ end: Int, _ value: String?) -> (EntityMatch, Int) {
            (
                EntityMatch(
                    start: tokens[index].start, end: tokens[end - 1].end, type: .date, value: value, score: 0.95,
                    priority: 1),
                end - index
            )
        }
        func iso(_ year: Int?, _ month: Int, _ day: Int?) -> String {
            let monthText = month < 10 ? "0\(month)" : "\(month)"
            guard let day else { return year.map { "\($0)-\(monthText)" } ?? "--\(monthText)" }
            let dayText = day < 10 ? "0\(day)" : "\(day)"
            return year.map { "\($0)-\(monthText)-\(dayText)" } ?? "--\(monthText)-\(dayText)"
        }
        func skipComma(_ index: Int) -> Int {
            index < tokens.count && [",", "،"].contains(tokens[index].normalized) ? index + 1 : index
        }
        // Day Month [Year]
        if let day = integer(tokens[index]), tokens[index].normalized.count <= 2, (1...31).contains(day),
            let (month, width) = month(tokens, index + 1)
        {
            let after = skipComma(index + 1 + width)
            if let year = year(tokens, after) { return make(after + 1, iso(year, month, day)) }
            return make(index + 1 + width, iso(nil, month, day))
        }
        // Month Day[,] [Year] and Month Year
        if let (month, width) = month(tokens, index) {
            let next = index + width
            if next < tokens.count, let day = integer(tokens[next]), tokens[next].normalized.count <= 2,
                (1...31).contains(day)
            {
                let after = skipComma(next + 1)
                if let year = year(tokens, after) { return make(after + 1, iso(year, month, day)) }
                return make(next + 1, iso(nil, month, day))
            }
            if let year = year(tokens, next) { return make(next + 1, iso(year, month, nil)) }
            return nil
        }
        // Numeric dates: 2024-01-18, 18/01/2024, 18.01.2024 (dotted dates arrive as one token)
        if index + 4 < tokens.count, let first = integer(tokens[index]), let second = integer(tokens[index + 2]),
            let third = integer(tokens[index + 4]), ["-", "/"].contains(tokens[index + 1].normalized),
            tokens[index + 3].normalized == tokens[index + 1].normalized
        {
            if tokens[index].normalized.count == 4, (1...12).contains(second), (1...31).contains(third) {
                return make(index + 5, iso(first, second, third))
            }
            if tokens[index + 4].normalized.count == 4, (1...12).contains(second), (1...31).contains(first) {
                return make(index + 5, iso(third, second, first))
            }
        }
        // Quarters: Q4 2024, "2024 کی چوتھی سہ ماہی", "fourth quarter of 2024", "الربع الرابع من عام 2024"
        let lowered = tokens[index].normalized
        if lowered.count == 2, lowered.hasPrefix("q"), let quarter = Int(lowered.dropFirst()),
            (1...4).contains(quarter),
            let year = year(tokens, index + 1)
        {
            return make(index + 2, "\(year)-Q\(quarter)")
        }
        if let year = year(tokens, index) {
            if index + 4 < tokens.count, ["کی", "کے"].contains(tokens[index + 1].text),
                let quarter = Self.quarterOrdinals[tokens[index + 2].normalized], tokens[index + 3].normalized == "سه",
                tokens[index + 4].normalized == "ماهي"
            {
                return make(index + 5, "\(year)-Q\(quarter)")
            }
            // Year ranges: 2024 - 2030, 2020-2025
            if index + 2 < tokens.count, ["-", "–", "—", "تا", "to", "الي"].contains(tokens[index + 1].normalized),
                let end = self.year(tokens, index + 2), end > year, end - year < 100
            {
                return make(index + 3, "\(year)/\(end)")
            }
            if (1900...2100).contains(year) { return make(index + 1, "\(year)") }
        }
        return nil
    }
}
