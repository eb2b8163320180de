import CICU

/// ICU's statistical charset detector (`ucsdet_*`), asked for every encoding it considers
/// plausible, best first.
///
/// ```swift
/// for candidate in CharsetDetector.candidates(for: bytes, filterMarkup: false) {
///     print(candidate.name, candidate.confidence)   // "windows-1256" 83
/// }
/// ```
struct CharsetDetector {
    /// One encoding ICU considers possible, with its confidence from 0 to 100.
    struct Candidate: Equatable {
        var name: String
        var confidence: Int
        var language: String?
    }

    /// The detector's candidates for `bytes`, highest confidence first.
    ///
    /// - Parameter filterMarkup: skip `<...>` markup, whose ASCII tells nothing about the encoding.
    static func candidates(for bytes: [UInt8], filterMarkup: Bool) -> [Candidate] {
        guard !bytes.isEmpty else { return [] }
        var status: Int32 = 0
        guard let detector = lector_ucsdet_open(&status), !isFailure(status) else { return [] }
        defer { lector_ucsdet_close(detector) }
        _ = lector_ucsdet_enableInputFilter(detector, filterMarkup ? 1 : 0)
        // The detector keeps a pointer to the text, so everything happens while the buffer is pinned.
        return bytes.withUnsafeBufferPointer { buffer -> [Candidate] in
            let pointer = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            lector_ucsdet_setText(detector, pointer, Int32(clamping: buffer.count), &status)
            guard !isFailure(status) else { return [] }
            let found = lector_ucsdet_detectAll(detector, &status)
            guard !isFailure(status) else { return [] }
            var result: [Candidate] = []
            for index in 0..<found {
                var matchStatus: Int32 = 0
                guard let name = lector_ucsdet_matchName(detector, index, &matchStatus), !isFailure(matchStatus) else {
                    continue
                }
                let confidence = lector_ucsdet_matchConfidence(detector, index, &matchStatus)
                let language = lector_ucsdet_matchLanguage(detector, index, &matchStatus).map { String(cString: $0) }
                result.append(
                    Candidate(
                        name: String(cString: name),
                        confidence: Int(confidence),
                        language: language?.isEmpty == false ? language : nil
                    )
                )
            }
            return result
        }
    }
}
