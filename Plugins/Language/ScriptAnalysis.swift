import CCLD2

/// Counts the letters of a text by Unicode script (ISO 15924), and knows which scripts belong to
/// one language only.
///
/// Script is the cheapest and surest evidence a detector has: Hangul is Korean, Thai script is
/// Thai, and Devanagari rules out Urdu however short the text. ``LanguageDetector`` uses it to
/// answer short texts in such scripts and to find runs of another script (Latin names in Urdu).
struct ScriptAnalysis: Sendable {
    // Letters per ICU script number; counting by number keeps strings out of the per-letter loop.
    private var countsByCode = [Int](repeating: 0, count: Int(lector_script_code_limit()))
    private var latin = 0
    private(set) var letterCount = 0

    init() {}

    /// Counts the letters of `scalars`.
    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        for scalar in scalars { add(scalar) }
    }

    mutating func add(_ scalar: Unicode.Scalar) {
        guard let code = Self.scriptCode(of: scalar) else { return }
        if code == Self.latinCode {
            latin += 1
        } else if Int(code) < countsByCode.count {
            countsByCode[Int(code)] += 1
        }
        letterCount += 1
    }

    /// How many scripts have letters in the text.
    var scriptCount: Int { countsByCode.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } + (latin > 0 ? 1 : 0) }

    /// Letters per ISO 15924 script code.
    var counts: [String: Int] {
        var named: [String: Int] = latin > 0 ? ["Latn": latin] : [:]
        for (code, count) in countsByCode.enumerated() where count > 0 {
            named[Self.scriptNames.name(Int32(code)), default: 0] += count
        }
        return named
    }

    /// The script most letters are in (ties broken by code), or `Zyyy` without letters.
    var dominant: String {
        counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "Zyyy"
    }

    /// The dominant script's share of the letters (0–1).
    var dominantShare: Double {
        letterCount == 0 ? 0 : Double(counts[dominant] ?? 0) / Double(letterCount)
    }

    /// The script of a letter, or nil for anything that is not a letter of a specific script
    /// (digits, punctuation, symbols, marks, Common and Inherited characters).
    static func script(of scalar: Unicode.Scalar) -> String? {
        scriptCode(of: scalar).map { scriptNames.name($0) }
    }

    /// ICU's number for the script of a letter, or nil as for ``script(of:)``.
    static func scriptCode(of scalar: Unicode.Scalar) -> Int32? {
        let value = scalar.value
        if value < 0x80 {
            // ASCII is most of the Latin text there is; skip the call into ICU.
            let isLetter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return isLetter ? latinCode : nil
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            break
        default:
            return nil
        }
        let code = lector_script_of(value)
        // 0 is Common, 1 Inherited: not evidence of any script.
        return code > 1 ? code : nil
    }

    static let latinCode: Int32 = lector_script_of(UInt32(UInt8(ascii: "a")))

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
