import LectorCore

/// Folds the spelling variants of a token onto one form, so that features and gazetteers match
/// however a word was typed.
///
/// Arabic script: diacritics (harakat, superscript alef, Quranic marks) and tatweel are dropped;
/// alef variants become bare alef; alef maqsura, Farsi and Urdu yeh become Arabic yeh; keheh
/// becomes kaf; teh marbuta, Urdu heh goal and heh doachashmee become heh; ZWNJ is dropped.
/// Digits of every script become ASCII. Latin letters are lowercased and accents removed.
///
/// ```swift
/// TokenNormalizer.normalize("الإقليميّة")   // "الاقليميه"
/// TokenNormalizer.normalize("۲۰۲۴")         // "2024"
/// ```
public enum TokenNormalizer {
    public static func normalize(_ text: String) -> String {
        let table = ScalarTable.shared
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let folded = table.folded(scalar)
            if folded != dropped { view.append(Unicode.Scalar(folded)!) }
        }
        return String(view)
    }

    /// What ``ScalarTable/folded(_:)`` returns for a scalar that normalization drops.
    static let dropped: UInt32 = 0xFFFF_FFFF

    /// The folded scalar, or nil when the scalar is dropped: the definition behind
    /// ``ScalarTable/folded(_:)``, which looks the answer up for most scalars.
    static func referenceFold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { return Unicode.Scalar(value + 32) }
            return scalar
        }
        switch value {
        case 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x0640, 0x200C, 0x200D, 0x200F, 0x200E: return nil
        case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: return "\u{0627}"
        case 0x0649, 0x06CC, 0x06D0, 0x064A, 0x06D2, 0x06D3: return "\u{064A}"
        case 0x06A9, 0x06AA: return "\u{0643}"
        case 0x0629, 0x06C1, 0x06C2, 0x06C3, 0x06BE, 0x06D5, 0x06C0: return "\u{0647}"
        case 0x0624: return "\u{0648}"
        case 0x0626: return "\u{064A}"
        case 0x0660...0x0669: return Unicode.Scalar(value - 0x0660 + 0x30)
        case 0x06F0...0x06F9: return Unicode.Scalar(value - 0x06F0 + 0x30)
        case 0x066C: return ","
        case 0x066B: return "."
        default: break
        }
        if value < 0x0250 || (value >= 0x1E00 && value <= 0x1EFF) {
            // Latin with accents: the first scalar of the canonical decomposition, lowercased.
            let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first ?? scalar
            return base.properties.lowercaseMapping.unicodeScalars.first ?? base
        }
        if scalar.properties.isUppercase {
            return scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
        }
        if let digit = scalar.properties.numericType, digit == .decimal, let number = scalar.properties.numericValue {
            return Unicode.Scalar(UInt32(0x30 + Int(number)))
        }
        return scalar
    }

    /// The normalized token without Arabic proclitics (و، ف، ب، ك، ل and the article ال, as in
    /// "وبالمدينة" → "مدينه"), keeping at least two letters.
    public static func stem(_ normalized: String) -> String {
        var scalars = Array(normalized.unicodeScalars)
        guard let first = scalars.first, (0x0600...0x06FF).contains(first.value) else { return normalized }
        if scalars.count > 3, "وف".unicodeScalars.contains(scalars[0]) { scalars.removeFirst() }
        if scalars.count > 3, "بكل".unicodeScalars.contains(scalars[0]) {
            if scalars[0] == "ل", scalars[1] == "ل", scalars.count > 4 {
                scalars.removeFirst(2)
                return string(scalars)
            }
            if scalars[1] == "ا", scalars[2] == "ل" { scalars.removeFirst() }
        }
        if scalars.count > 4, scalars[0] == "ا", scalars[1] == "ل" { scalars.removeFirst(2) }
        return string(scalars)
    }

    private static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
