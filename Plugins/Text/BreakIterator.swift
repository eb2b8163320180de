import CICU

/// A type that walks one ICU break iterator over UTF-16 text, reporting boundaries as UTF-16
/// offsets relative to the text it was last given.
///
/// One instance serves one `process` call at a time and is re-pointed at each paragraph with
/// ``setText(_:)``; opening an iterator loads rule data, re-pointing it does not, so instances
/// are kept between calls (``BreakIteratorPool``). ICU iterators are not thread-safe: an instance
/// may move between threads (hence `@unchecked Sendable`), but must never be used by two at once.
///
/// ```swift
/// let words = try BreakIterator(kind: .word)
/// units.withUnsafeBufferPointer { buffer in
///     words.setText(buffer)
///     words.forEachBoundary { start, end, status in print(start, end, status) }
/// }
/// ```
final class BreakIterator: @unchecked Sendable {
    /// Which boundaries an iterator finds. More kinds (line, character) may be added.
    struct Kind: Hashable, Sendable {
        // ICU's UBreakIteratorType values; its enums reach Swift as plain integers.
        let type: Int32
        static let sentence = Kind(type: 3)
        static let word = Kind(type: 1)
    }

    /// Errors from ICU itself, with its error name.
    struct ICUError: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "\(operation) failed: \(String(cString: lector_u_errorName(code)))" }
    }

    private let iterator: UnsafeMutableRawPointer
    let kind: Kind

    /// Opens an iterator of the given kind with root-locale rules.
    init(kind: Kind) throws {
        var status: Int32 = 0
        // ICU requires text at open time for some versions; an empty buffer is fine.
        guard let handle = lector_ubrk_open(kind.type, "", nil, 0, &status), status <= 0
        else { throw ICUError(operation: "ubrk_open", code: status) }
        iterator = handle
        self.kind = kind
    }

    deinit { lector_ubrk_close(iterator) }

    /// Points the iterator at new text. The buffer must stay valid while boundaries are read.
    func setText(_ text: UnsafeBufferPointer<UInt16>) {
        var status: Int32 = 0
        lector_ubrk_setText(iterator, text.baseAddress, Int32(text.count), &status)
    }

    /// Calls `body` with each segment's UTF-16 start, end and ICU rule status, in order.
    func forEachSegment(_ body: (_ start: Int, _ end: Int, _ status: Int32) -> Void) {
        var start = lector_ubrk_first(iterator)
        while true {
            let end = lector_ubrk_next(iterator)
            // UBRK_DONE is a cast macro that Swift cannot import.
            if end == -1 { return }
            body(Int(start), Int(end), lector_ubrk_getRuleStatus(iterator))
            start = end
        }
    }
}

extension BreakIterator {
    /// Whether a word-iterator rule status marks a word: a letter, number, kana or ideograph run
    /// (statuses 100..<500), as opposed to spaces and punctuation (0..<100).
    static func isWordStatus(_ status: Int32) -> Bool {
        status >= 100 && status < 500
    }
}
