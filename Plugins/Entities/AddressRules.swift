import LectorCore

/// Rules for URLs (`http://`, `https://`, `www.`), e-mail addresses and phone numbers, over the
/// scalars of a stretch of text.
///
/// A phone number is a run of 8–15 digits broken by spaces, hyphens, dots or parentheses that
/// starts with `+`, with `(`, or with a `0` and has at least two groups ("+84 239 3855 555",
/// "(024) 3825 3531", "0912-345-678"), so years, ranges and grouped numbers are not taken for one.
enum AddressRules {
    static func matches(_ scalars: ArraySlice<Unicode.Scalar>) -> [EntityMatch] {
        var output: [EntityMatch] = []
        matches(scalars, into: &output)
        return output
    }

    /// ``matches(_:)``, appended to `output`.
    ///
    /// One pass first looks for what each kind of address cannot do without: a URL its `:`
    /// (`http://`) or a `.` after `www`, an e-mail address its `@`, a phone number its digits.
    /// Most sentences have none of them and are not scanned again; most of the others have no `@`,
    /// and then the e-mail rule, which reads ahead from every ASCII letter to look for one, is not
    /// tried.
    static func matches(_ scalars: ArraySlice<Unicode.Scalar>, into output: inout [EntityMatch]) {
        var urls = false
        var emails = false
        var phones = false
        let table = ScalarTable.shared
        for index in scalars.indices {
            let scalar = scalars[index]
            switch scalar {
            case ":": urls = true
            case ".": if !urls && hasPrefix(scalars, index - 3, "www.") { urls = true }
            case "@": emails = true
            case "0"..."9": phones = true
            default: if !scalar.isASCII && !phones && table.isDigit(scalar) { phones = true }
            }
        }
        guard urls || emails || phones else { return }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            // Every address starts with an ASCII letter or digit, `+` or `(`; a phone number may
            // also start with an Arabic-Indic or Extended Arabic-Indic zero ("۰۹۱۲-۳۴۵-۶۷۸۹").
            let arabicZero = scalar == "٠" || scalar == "۰"
            guard arabicZero
                || scalar.isASCII
                    && (isASCIILetter(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "(")
            else {
                index += 1
                continue
            }
            let found =
                arabicZero
                ? phone(scalars, at: index)
                : (urls ? url(scalars, at: index) : nil) ?? (emails ? email(scalars, at: index) : nil)
                    ?? (phones ? phone(scalars, at: index) : nil)
            if let match = found {
                output.append(match)
                index = match.end
            } else {
                index += 1
            }
        }
    }

    /// `isAlphabetic` for an ASCII scalar, without the property lookup.
    @inline(__always)
    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// The first scalar of a scalar's lowercase mapping; ASCII without the property lookup.
    @inline(__always)
    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.isASCII { return ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) : scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.first
    }

    private static func startsWord(_ scalars: ArraySlice<Unicode.Scalar>, _ index: Int) -> Bool {
        index == scalars.startIndex || !EntityTokenizer.isWordScalar(scalars[index - 1])
    }

    private static func hasPrefix(_ scalars: ArraySlice<Unicode.Scalar>, _ index: Int, _ prefix: String) -> Bool {
        guard index >= scalars.startIndex else { return false }
        var position = index
        for scalar in prefix.unicodeScalars {
            guard position < scalars.endIndex,
                lowercased(scalars[position]) == scalar
            else { return false }
            position += 1
        }
        return true
    }

    private static func url(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> EntityMatch? {
        guard startsWord(scalars, index),
            hasPrefix(scalars, index, "http://") || hasPrefix(scalars, index, "https://")
                || hasPrefix(scalars, index, "www.")
        else { return nil }
        var end = index
        while end < scalars.endIndex, !scalars[end].properties.isWhitespace,
            !"<>\"'«»".unicodeScalars.contains(scalars[end])
        {
            end += 1
        }
        while end > index, ".,;:!?)]}،؛”’".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
        guard end - index > 8 else { return nil }
        let text = String(String.UnicodeScalarView(scalars[index..<end]))
        return EntityMatch(start: index, end: end, type: .url, value: text, score: 1, priority: 0)
    }

    private static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (isASCIILetter(scalar) || ("0"..."9").contains(scalar) || "._%+-".unicodeScalars.contains(scalar))
    }

    private static func email(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> EntityMatch? {
        guard isLocal(scalars[index]), scalars[index] != ".", startsWord(scalars, index) || !isLocal(scalars[index - 1])
        else {
            return nil
        }
        var at = index
        while at < scalars.endIndex, isLocal(scalars[at]) { at += 1 }
        guard at < scalars.endIndex, scalars[at] == "@", at > index else { return nil }
        var end = at + 1
        var dots = 0
        while end < scalars.endIndex,
            scalars[end].isASCII
                && (isASCIILetter(scalars[end]) || ("0"..."9").contains(scalars[end]) || scalars[end] == "-"
                    || scalars[end] == ".")
        {
            if scalars[end] == "." { dots += 1 }
            end += 1
        }
        while end > at + 1, scalars[end - 1] == "." {
            end -= 1
            dots -= 1
        }
        guard dots >= 1, end - at > 3 else { return nil }
        let text = String(String.UnicodeScalarView(scalars[index..<end]))
        return EntityMatch(start: index, end: end, type: .email, value: text.lowercased(), score: 1, priority: 0)
    }

    private static func phone(_ scalars: ArraySlice<Unicode.Scalar>, at index: Int) -> EntityMatch? {
        let first = scalars[index]
        guard startsWord(scalars, index), first == "+" || first == "(" || first == "0" || first == "٠" || first == "۰"
        else {
            return nil
        }
        var end = index
        var digits = ""
        var groups = 0
        var inGroup = false
        var lastDigitEnd = index
        while end < scalars.endIndex {
            let scalar = scalars[end]
            if EntityTokenizer.isDigit(scalar), let value = scalar.properties.numericValue {
                digits.append(String(Int(value)))
                if !inGroup { groups += 1 }
                inGroup = true
                lastDigitEnd = end + 1
            } else if " -.()".unicodeScalars.contains(scalar) || (scalar == "+" && end == index) {
                inGroup = false
                if scalar == " " && end + 1 < scalars.endIndex && !EntityTokenizer.isDigit(scalars[end + 1])
                    && scalars[end + 1] != "("
                {
                    break
                }
            } else {
                break
            }
            end += 1
        }
        guard (8...15).contains(digits.count), groups >= 2 || first == "+",
            lastDigitEnd == scalars.endIndex || !EntityTokenizer.isWordScalar(scalars[lastDigitEnd])
        else { return nil }
        let value = (first == "+" ? "+" : "") + digits
        return EntityMatch(start: index, end: lastDigitEnd, type: .phone, value: value, score: 0.9, priority: 0)
    }
}
