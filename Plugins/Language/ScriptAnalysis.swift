import CCLD2

/// Counts the letters of a text by Unicode script (ISO 15924), and knows which scripts belong to
/// one language only.
///
/// Script is the cheapest and surest evidence a detector has: Hangul is Korean, Thai script is
/// Thai, and Devanagari rules out Urdu however short the text. ``LanguageDetector`` uses it to
/// answer short texts in such scripts and to find runs of another script (Latin names in Urdu).
///
/// A text has letters of one script or a few, so the counts are kept in two small parallel arrays
/// (script number, letters) searched from the script seen last, and each letter's script comes
/// from ``ScalarClasses``: counting costs a table lookup and a compare per scalar.
struct ScriptAnalysis: Sendable {
    // ICU script numbers seen, in order of first appearance, and their letter counts.
    private var codes: [Int32] = []
    private var codeCounts: [Int] = []
    private var last = 0
    private(set) var letterCount = 0

    init() {}

    /// Counts the letters of `scalars`.
    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        let classes = ScalarClasses.shared
        for scalar in scalars {
            let code = classes.facts(of: scalar).scriptCode
            if code != 0 { add(code: code) }
        }
    }

    mutating func add(_ scalar: Unicode.Scalar) {
        let code = ScalarClasses.facts(of: scalar).scriptCode
        if code != 0 { add(code: code) }
    }

    /// Counts one letter of the script with ICU number `code` (not 0).
    @inline(__always)
    mutating func add(code: Int32) {
        letterCount += 1
        if last < codes.count, codes[last] == code {
            codeCounts[last] += 1
            return
        }
        if let index = codes.firstIndex(of: code) {
            codeCounts[index] += 1
            last = index
        } else {
            codes.append(code)
            codeCounts.append(1)
            last = codes.count - 1
        }
    }

    /// How many scripts have letters in the text.
    var scriptCount: Int { codes.count }

    /// Letters per ISO 15924 script code.
    var counts: [String: Int] {
        var named: [String: Int] = [:]
        for (code, count) in zip(codes, codeCounts) {
            named[Self.scriptNames.name(code), default: 0] += count
        }
        return named
    }

    /// The script most letters are in (ties broken by code), or `Zyyy` without letters.
    var dominant: String {
        if codes.count == 1 { return Self.scriptNames.name(codes[0]) }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "Zyyy"
    }

    /// The dominant script's share of the letters (0–1).
    var dominantShare: Double {
        if codes.count == 1 { return Double(codeCounts[0]) / Double(letterCount) }
        return letterCount == 0 ? 0 : Double(counts[dominant] ?? 0) / Double(letterCount)
    }

    /// The script of a letter, or nil for anything that is not a letter of a specific script
    /// (digits, punctuation, symbols, marks, Common and Inherited characters).
    static func script(of scalar: Unicode.Scalar) -> String? {
        scriptCode(of: scalar).map { scriptNames.name($0) }
    }

    /// The ISO 15924 code of an ICU script number.
    static func name(ofCode code: Int32) -> String { scriptNames.name(code) }

    /// ICU's number for the script of a letter, or nil as for ``script(of:)``.
    static func scriptCode(of scalar: Unicode.Scalar) -> Int32? {
        ScalarClasses.scriptCode(of: scalar)
    }

    static let latinCode: Int32 = ScalarClasses.latinCode

    /// The language a script is used for alone, if there is exactly one in practice.
    static func onlyLanguage(ofScript script: String) -> String? {
        singleLanguageScripts[script]
    }

    // Scripts that (for news text) mean one language. Han is not here: it is Chinese or Japanese
    // (kana decide), so ``LanguageDetector`` handles it.
    private static let singleLanguageScripts: [String: String] = [
        "Hang": "ko", "Kore": "ko", "Hira": "ja", "Kana": "ja", "Jpan": "ja", "Thai": "th", "Geor": "ka",
        "Armn": "hy", "Grek": "el", "Hebr": "he", "Gujr": "gu", "Guru": "pa", "Taml": "ta", "Telu": "te",
        "Knda": "kn", "Mlym": "ml", "Sinh": "si", "Khmr": "km", "Laoo": "lo", "Mymr": "my", "Ethi": "am",
        "Tibt": "bo", "Orya": "or", "Thaa": "dv", "Cher": "chr",
    ]

    private static let scriptNames = ScriptNames()
}

/// ICU script numbers to ISO 15924 codes, looked up once.
private struct ScriptNames: Sendable {
    let names: [String]

    init() {
        names = (0..<lector_script_code_limit()).map { String(cString: lector_script_code($0)) }
    }

    func name(_ code: Int32) -> String {
        Int(code) < names.count ? names[Int(code)] : "Zzzz"
    }
}
