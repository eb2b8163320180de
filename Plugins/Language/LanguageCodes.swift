import CCLD2

/// Language codes and English names: CLD2's codes as BCP-47 tags, and the rule by which two tags
/// count as the same language in an evaluation.
enum LanguageCodes {
    /// The BCP-47 tag for a CLD2 code (`iw` → `he`, `un` → `und`).
    static func bcp47(fromCLD2 code: String) -> String {
        switch code {
        case "un", "": "und"
        case "iw": "he"
        case "jw": "jv"
        case "in": "id"
        case "no": "nb"
        case "mo": "ro"
        case "zhT", "zh-TW": "zh-Hant"
        default: code
        }
    }

    /// The language an evaluation compares: the primary subtag, lowercased, with old and
    /// equivalent codes folded (`iw` → `he`, `no` → `nb`, `fil` → `tl`, `zh-Hant` → `zh`).
    static func comparable(_ tag: String) -> String {
        let lower = tag.lowercased().replacingOccurrences(of: "_", with: "-")
        let primary = lower.split(separator: "-").first.map(String.init) ?? "und"
        return aliases[primary] ?? primary
    }

    /// Whether `comparable(tag) == tag` is sure without computing it: a lowercase ASCII code that
    /// is no alias (most of what CLD2 answers).
    static func isComparable(_ tag: String) -> Bool {
        !tag.isEmpty && tag.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            && aliases[tag] == nil
    }

    private static let aliases = ["iw": "he", "in": "id", "jw": "jv", "no": "nb", "fil": "tl", "mo": "ro", "": "und"]

    /// The English name of a language tag ("Urdu"; "Undetermined" for `und`).
    static func name(of tag: String) -> String {
        if let name = names[tag] { return name }
        let primary = comparable(tag)
        if let name = names[primary] { return name }
        // CLD2 knows 165 languages; its names are upper-case with underscores.
        let raw = String(cString: lector_cld2_language_name(lector_cld2_language_from_name(tag)))
        guard raw != "Unknown", raw != "UNKNOWN_LANGUAGE", !raw.isEmpty else { return tag }
        return raw.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    private static let names: [String: String] = [
        "und": "Undetermined", "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani",
        "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bo": "Tibetan", "bs": "Bosnian", "ca": "Catalan",
        "chr": "Cherokee", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "dv": "Dhivehi",
        "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
        "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
        "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
        "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh",
        "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
        "lg": "Ganda", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian", "mi": "Maori", "mk": "Macedonian",
        "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese",
        "nb": "Norwegian Bokmål", "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian Nynorsk", "or": "Odia",
        "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
        "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian",
        "sr": "Serbian", "st": "Southern Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
        "tg": "Tajik", "th": "Thai", "tl": "Tagalog", "tn": "Tswana", "tr": "Turkish", "ts": "Tsonga",
        "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "xh": "Xhosa", "yi": "Yiddish",
        "yo": "Yoruba", "zh": "Chinese", "zh-Hant": "Chinese (Traditional)", "zu": "Zulu",
    ]
}
