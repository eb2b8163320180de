import Foundation
import Testing

@testable import LectorReader

/// The normalizer's fast paths (no rewrite when there is no CR or U+FEFF; ICU's NFC check before
/// Foundation's normalization) must give exactly what the slow path gives.
struct TextNormalizerTests {
    /// Texts already in NFC that hold scalars at or above U+0300, so they reach ICU's check:
    /// Arabic with harakat and shadda, Urdu with composed hamza letters, Vietnamese, Hangul,
    /// Devanagari with nukta forms that NFC keeps decomposed.
    static let composed = [
        "مُحَمَّدٌ رَسُولُ اللَّهِ",
        "ہوئے جائے گئی ۓ ۂ",
        "Thủ tướng Phạm Minh Chính",
        "한국어 문장",
        "क़िला ज़मीन",
        "Ελληνικά ά",
    ]

    /// Texts not in NFC: decomposed Vietnamese, ے + hamza above (NFC: ۓ), ا + madda (NFC: آ),
    /// Hangul jamo, combining marks out of canonical order.
    static let decomposed = [
        "Vie\u{0302}\u{0323}t Nam",
        "\u{06D2}\u{0654}",
        "\u{0627}\u{0653}",
        "\u{1112}\u{1161}\u{11AB}",
        "a\u{0323}\u{0302} q\u{0307}\u{0323}",
    ]

    @Test("Text already in NFC comes back unchanged", arguments: composed)
    func keepsComposedText(text: String) {
        let normalized = TextNormalizer.nfc(text)
        #expect(Array(normalized.unicodeScalars) == Array(text.unicodeScalars))
        #expect(Array(normalized.unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test("Text not in NFC is composed as Foundation composes it", arguments: decomposed)
    func composesDecomposedText(text: String) {
        let normalized = TextNormalizer.nfc(text)
        #expect(Array(normalized.unicodeScalars) != Array(text.unicodeScalars))
        #expect(Array(normalized.unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test("The check also decides texts longer than its stack buffer")
    func longTexts() {
        let long = String(repeating: Self.composed[0] + "\n", count: 400)
        #expect(long.utf8.count > 8192)
        #expect(TextNormalizer.nfc(long) == long)
        let decomposedTail = long + "\u{06D2}\u{0654}"
        #expect(Array(TextNormalizer.nfc(decomposedTail).unicodeScalars).last == "\u{06D3}")
    }

    @Test("CR, CRLF and every U+FEFF are rewritten; the rest is kept byte for byte")
    func lineEndingsAndBOMs() {
        #expect(TextNormalizer.normalize("\u{FEFF}سطر\r\nدوم\rتیسرا\u{FEFF}\n\n") == "سطر\nدوم\nتیسرا\n\n")
        #expect(TextNormalizer.normalize("\r\r\n\n") == "\n\n\n")
        #expect(TextNormalizer.normalize("\u{FEFF}") == "")
        let plain = "no change\n\nhere ۓ"
        #expect(Array(TextNormalizer.normalize(plain).utf8) == Array(plain.utf8))
    }

    @Test("Control characters are counted per scalar, whatever the script")
    func controlCounts() {
        let (controls, total) = TextNormalizer.controlCharacterCount("اب\u{1}c\t\n\u{7}ہ")
        #expect(controls == 2)
        #expect(total == 8)
        #expect(TextNormalizer.looksBinary("text\u{0}"))
        #expect(!TextNormalizer.looksBinary("ٹیکسٹ"))
    }
}
