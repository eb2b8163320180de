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
///
/// A number followed by Han, kana or Hangul is first offered to ``EastAsianRules`` ("2024年11月20日",
/// "3.5亿美元", "3억 원").
struct QuantityRules: Sendable {
    let lexicon: EntityLexicon
    private let eastAsian = EastAsianRules()

    static let scales: [String: Decimal] = {
        var table: [String: Decimal] = [:]
        for (words, value) in [
            ("ہزار|هزار|الف|آلاف|الاف|thousand|thousands", Decimal(1_000)),
            ("لاکھ|لاكھ|lakh|lakhs", Decimal(100_000)),
            ("کروڑ|crore|crores", Decimal(10_000_000)),
            ("ملین|مليون|ملايين|میلیون|million|millions", Decimal(1_000_000)),
            ("ارب|مليار|مليارات|بلین|میلیارد|billion|billions", Decimal(1_000_000_000)),
            ("کھرب|تريليون|تریلیون|trillion", Decimal(1_000_000_000_000)),
            // After a currency sign ("￥500万", "$3억"); after a number, EastAsianRules reads them.
            ("万|萬|만", Decimal(10_000)), ("亿|億|억", Decimal(100_000_000)), ("조", Decimal(1_000_000_000_000)),
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
            ("¥|￥|yen|yuan|ین|يوان", "JPY/CNY"), ("₩|￦", "KRW"), ("＄", "USD"),
        ] {
            for word in words.split(separator: "|") { table[TokenNormalizer.normalize(String(word))] = code }
        }
        return table
    }()

    static let percentWords = Set(
        ["%", "٪", "％", "فیصد", "درصد", "percent", "بالمئه", "بالمائه", "pct"].map(TokenNormalizer.normalize))
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
    func matches(_ sentence: SentenceTokens) -> [EntityMatch] {
        var output: [EntityMatch] = []
        matches(sentence, into: &output)
        return output
    }

    /// ``matches(_:)``, appended to `output`; with `quantities` false only the dates (the others
    /// are still matched, so that a date is never found inside a number that would have won).
    func matches(_ sentence: SentenceTokens, into output: inout [EntityMatch], quantities: Bool = true) {
        var index = 0
        while index < sentence.count {
            guard mayStart(sentence, index) else {
                index += 1
                continue
            }
            if let (time, count) = time(sentence, at: index) {
                // A clock time is a moment, as a date is: found with or without quantities.
                if let time { output.append(time) }
                index += count
                continue
            }
            if let match = eastAsian.match(sentence, at: index) ?? date(sentence, at: index)
                ?? quantity(sentence, at: index)
            {
                if quantities || match.match.type == .date { output.append(match.match) }
                index += match.count
            } else {
                index += 1
            }
        }
    }

    /// Whether a date or quantity can begin at token `index`: every one begins with a number (its
    /// first normalized scalar an ASCII digit), a month name, a quarter ("Q3"), a currency or
    /// "百分之" (``EastAsianRules``), so
    /// most words are passed over without trying each rule.
    @inline(__always)
    private func mayStart(_ sentence: SentenceTokens, _ index: Int) -> Bool {
        let token = sentence.tokens[index]
        let first = sentence.normalized[token.normalized].first
        return first.map { ("0"..."9").contains($0) || $0 == "q" || $0 == "百" } ?? false
            || token.phraseTypes & LexiconIndex.PhraseType.month != 0
            || sentence.index.rule(token.word, LexiconIndex.Rule.currency)
    }

    // MARK: - Numbers

    private static let posix = Locale(identifier: "en_US_POSIX")

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
        return Decimal(string: cleaned, locale: posix)
    }

    /// ``value(_:)`` of token `index`: the scalars are checked first, since only ASCII digits,
    /// `,` and `.` starting with a digit can make a number.
    ///
    /// A token of at most 18 ASCII digits and nothing else, most numbers, is read without a
    /// string: `Decimal(UInt64)` gives the same `Decimal` as parsing the digits, to the byte
    /// (QuantityRulesTests checks it).
    static func value(_ sentence: SentenceTokens, _ index: Int) -> Decimal? {
        let scalars = sentence.normalizedScalars(index)
        guard let first = scalars.first, ("0"..."9").contains(first) else { return nil }
        var digits: UInt64 = 0
        var plain = scalars.count <= 18
        for scalar in scalars {
            guard ("0"..."9").contains(scalar) else {
                guard scalar == "," || scalar == "." else { return nil }
                plain = false
                continue
            }
            digits = digits &* 10 &+ UInt64(scalar.value - 0x30)
        }
        return plain ? Decimal(digits) : value(sentence.normalizedString(index))
    }

    static func string(_ value: Decimal) -> String {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 6, .plain)
        return rounded.description
    }

    private func quantity(_ sentence: SentenceTokens, at index: Int) -> (match: EntityMatch, count: Int)? {
        let tokens = sentence.tokens
        let words = sentence.index
        var cursor = index
        var currency: String?
        if words.rule(tokens[index].word, LexiconIndex.Rule.currency),
            tokens[index].isPunctuation || tokens[index].word == LexiconIndex.RuleWord.dollar
        {
            currency = words.currencies[tokens[index].word]
            cursor += 1
        }
        guard cursor < tokens.count else { return nil }
        var number: Decimal
        var ordinal = false
        if let value = Self.value(sentence, cursor) {
            number = value
        } else if let (value, _) = ordinalValue(sentence, cursor) {
            number = value
            ordinal = true
        } else {
            return nil
        }
        cursor += 1
        if !ordinal, cursor < tokens.count, words.rule(tokens[cursor].word, LexiconIndex.Rule.ordinalSuffix) {
            cursor += 1
            ordinal = true
        }
        if !ordinal, cursor < tokens.count, let scale = words.scales[tokens[cursor].word] {
            number *= scale
            cursor += 1
        }
        var type = EntityType.number
        var canonical: String?
        if currency == nil, cursor < tokens.count, let code = words.currencies[tokens[cursor].word] {
            currency = code
            cursor += 1
        }
        if let currency {
            type = .money
            canonical = currency
        } else if cursor < tokens.count, words.rule(tokens[cursor].word, LexiconIndex.Rule.percent) {
            type = .percent
            cursor += 1
        } else if cursor + 1 < tokens.count, tokens[cursor].word == LexiconIndex.RuleWord.arabicIn,
            [LexiconIndex.RuleWord.hundred, LexiconIndex.RuleWord.hundredVariant].contains(tokens[cursor + 1].word)
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
    private func ordinalValue(_ sentence: SentenceTokens, _ index: Int) -> (Decimal, Int)? {
        // Only a token that starts with an ASCII digit can hold a number before its suffix.
        guard let first = sentence.normalizedScalars(index).first, ("0"..."9").contains(first) else { return nil }
        let normalized = sentence.normalizedString(index)
        for suffix in Self.ordinalSuffixes where normalized.hasSuffix(suffix) && normalized.count > suffix.count {
            if let value = Self.value(String(normalized.dropLast(suffix.count))) { return (value, 1) }
        }
        return nil
    }

    // MARK: - Dates

    /// A number of at most four ASCII digits.
    private func integer(_ sentence: SentenceTokens, _ index: Int) -> Int? {
        let scalars = sentence.normalizedScalars(index)
        guard !scalars.isEmpty, scalars.count <= 4 else { return nil }
        var value = 0
        for scalar in scalars {
            guard ("0"..."9").contains(scalar) else { return nil }
            value = value * 10 + Int(scalar.value - 0x30)
        }
        return value
    }

    private func year(_ sentence: SentenceTokens, _ index: Int) -> Int? {
        guard index < sentence.count, sentence.tokens[index].normalizedCount == 4,
            let value = integer(sentence, index),
            (1000...2999).contains(value)
        else { return nil }
        return value
    }

    private func month(_ sentence: SentenceTokens, _ index: Int) -> (month: Int, count: Int)? {
        guard index < sentence.count,
            let phrase = sentence.index.longestPhrase(in: sentence, at: index, types: LexiconIndex.PhraseType.month)
        else { return nil }
        return (phrase.phrase.number, phrase.count)
    }

    private func date(_ sentence: SentenceTokens, at index: Int) -> (match: EntityMatch, count: Int)? {
        let tokens = sentence.tokens
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
            index < tokens.count
                && (tokens[index].word == LexiconIndex.RuleWord.comma
                    || tokens[index].word == LexiconIndex.RuleWord.arabicComma) ? index + 1 : index
        }
        // Day Month [Year]
        if let day = integer(sentence, index), tokens[index].normalizedCount <= 2, (1...31).contains(day),
            let (month, width) = month(sentence, index + 1)
        {
            let after = skipComma(index + 1 + width)
            if let year = year(sentence, after) { return make(after + 1, iso(year, month, day)) }
            return make(index + 1 + width, iso(nil, month, day))
        }
        // Month Day[,] [Year] and Month Year
        if let (month, width) = month(sentence, index) {
            let next = index + width
            if next < tokens.count, let day = integer(sentence, next), tokens[next].normalizedCount <= 2,
                (1...31).contains(day)
            {
                let after = skipComma(next + 1)
                if let year = year(sentence, after) { return make(after + 1, iso(year, month, day)) }
                return make(next + 1, iso(nil, month, day))
            }
            if let year = year(sentence, next) { return make(next + 1, iso(year, month, nil)) }
            return nil
        }
        // Numeric dates: 2024-01-18, 18/01/2024, 18.01.2024 (dotted dates arrive as one token)
        if index + 4 < tokens.count, let first = integer(sentence, index), let second = integer(sentence, index + 2),
            let third = integer(sentence, index + 4),
            [LexiconIndex.RuleWord.hyphen, LexiconIndex.RuleWord.slash].contains(tokens[index + 1].word),
            tokens[index + 3].word == tokens[index + 1].word
        {
            if tokens[index].normalizedCount == 4, (1...12).contains(second), (1...31).contains(third) {
                return make(index + 5, iso(first, second, third))
            }
            if tokens[index + 4].normalizedCount == 4, (1...12).contains(second), (1...31).contains(first) {
                return make(index + 5, iso(third, second, first))
            }
        }
        // Quarters: Q4 2024, "2024 کی چوتھی سہ ماہی", "fourth quarter of 2024", "الربع الرابع من عام 2024"
        let lowered = sentence.normalizedScalars(index)
        if lowered.count == 2, lowered.first == "q", let last = lowered.last, ("1"..."4").contains(last),
            let year = year(sentence, index + 1)
        {
            return make(index + 2, "\(year)-Q\(last.value - 0x30)")
        }
        if let year = year(sentence, index) {
            if index + 4 < tokens.count, sentence.rawEquals(index + 1, "کی") || sentence.rawEquals(index + 1, "کے"),
                let quarter = sentence.index.quarterOrdinals[tokens[index + 2].word],
                tokens[index + 3].word == LexiconIndex.RuleWord.urduThree,
                tokens[index + 4].word == LexiconIndex.RuleWord.urduMonths
            {
                return make(index + 5, "\(year)-Q\(quarter)")
            }
            // Year ranges: 2024 - 2030, 2020-2025
            if index + 2 < tokens.count, Self.rangeWords.contains(tokens[index + 1].word),
                let end = self.year(sentence, index + 2), end > year, end - year < 100
            {
                return make(index + 3, "\(year)/\(end)")
            }
            if (1900...2100).contains(year) { return make(index + 1, "\(year)") }
        }
        return nil
    }

    // MARK: - Times

    /// A clock time at token `index`: "14:30", "07:45:10", "9:05 p.m.", "10 a.m." give `14:30`,
    /// `07:45:10`, `21:05`, `10:00` (ISO 8601 local time), with `a.m.`, `p.m.`, `am` or `pm` after
    /// it read as the 12-hour clock. The digits and colons must touch. A run of numbers joined by
    /// colons that is no time ("3:1", a verse "3:16", a subtitle's "00:00:01,000") is skipped
    /// whole, as `nil` with its length: each of its numbers alone would be noise. Nil when the
    /// token starts no colon run and no hour of the 12-hour clock.
    private func time(_ sentence: SentenceTokens, at index: Int) -> (match: EntityMatch?, count: Int)? {
        let tokens = sentence.tokens
        func touching(_ left: Int) -> Bool { left + 1 < tokens.count && tokens[left].end == tokens[left + 1].start }
        var end = index + 1
        while end + 1 < tokens.count, touching(end - 1), sentence.rawEquals(end, ":"), touching(end),
            sentence.normalizedScalars(end + 1).first.map({ ("0"..."9").contains($0) }) == true
        {
            end += 2
        }
        // Most numbers start no colon run and have no a.m./p.m. after them: out before anything
        // is allocated.
        let partCount = (end - index) / 2 + 1
        let suffix = end < tokens.count ? Self.meridiem(sentence.normalizedScalars(end)) : nil
        guard partCount > 1 || suffix != nil else { return nil }
        // The parts' tokens: index, index + 2, …; minutes and seconds have two digits and are under 60.
        let parts = stride(from: index, to: end, by: 2)
        func digits(_ part: Int) -> Int { tokens[part].normalizedCount }
        guard let hour = integer(sentence, index), digits(index) <= 2, partCount <= 3,
            parts.dropFirst().allSatisfy({ digits($0) == 2 && (integer(sentence, $0) ?? 60) < 60 })
        else {
            return partCount > 1 ? (nil, end - index) : nil
        }
        var hour24 = hour
        var count = end - index
        if let suffix, (1...12).contains(hour) {
            hour24 = hour % 12 + (suffix == .pm ? 12 : 0)
            count += 1
        } else if partCount == 1 || hour > 24 {
            return partCount > 1 ? (nil, count) : nil
        }
        var value = hour24 < 10 ? "0\(hour24)" : "\(hour24)"
        for part in parts.dropFirst() { value += ":" + sentence.normalizedString(part) }
        if partCount == 1 { value += ":00" }
        let match = EntityMatch(
            start: tokens[index].start, end: tokens[index + count - 1].end, type: .time, value: value, score: 0.95,
            priority: 1)
        return (match, count)
    }

    private enum Meridiem { case am, pm }

    /// `a.m.`, `am`, `p.m.` or `pm` (any case: tokens are normalized to lower case), compared
    /// scalar by scalar, since nearly every token it sees is none of them.
    private static func meridiem(_ scalars: ArraySlice<Unicode.Scalar>) -> Meridiem? {
        guard let first = scalars.first, first == "a" || first == "p" else { return nil }
        let rest = scalars.dropFirst()
        guard rest.elementsEqual("m".unicodeScalars) || rest.elementsEqual(".m.".unicodeScalars) else { return nil }
        return first == "a" ? .am : .pm
    }

    /// The words between the years of a range: "-", "–", "—", "تا", "to", "الي".
    private static let rangeWords: [Int32] = [
        LexiconIndex.RuleWord.hyphen, LexiconIndex.RuleWord.enDash, LexiconIndex.RuleWord.emDash,
        LexiconIndex.RuleWord.urduTo, LexiconIndex.RuleWord.englishTo, LexiconIndex.RuleWord.arabicTo,
    ]
}
