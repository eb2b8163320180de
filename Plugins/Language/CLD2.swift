import CCLD2

/// Google's compact language detector 2 with its full (165-language) tables, as a Swift value.
///
/// CLD2 is fast and accurate on article-length text and weak on a few words; ``LanguageDetector``
/// decides when to trust it. Calls are thread-safe: CLD2 keeps no state between calls.
struct CLD2: Sendable {
    /// What CLD2 said about one buffer.
    struct Result: Sendable {
        /// Up to three languages with their share of the text (0–100) and normalized score.
        var languages: [(code: String, percent: Int, score: Double)]
        var isReliable: Bool
        /// Letter bytes CLD2 scored.
        var textBytes: Int
        /// Runs in one language: byte offset and length in the UTF-8 passed, and the code
        /// (`un` when CLD2 could not tell).
        var chunks: [(offset: Int, bytes: Int, code: String)]

        var top: String? { languages.first?.code }
    }

    /// Whether to make CLD2 answer on text it would call too short.
    var bestEffort: Bool = false

    /// Detects the languages of UTF-8 bytes.
    func detect(utf8 bytes: UnsafeBufferPointer<UInt8>, wantChunks: Bool = true) -> Result {
        var summary = lector_cld2_summary()
        var capacity: Int32 = wantChunks ? 64 : 0
        let flags = bestEffort ? lector_cld2_flag_best_effort() : 0
        while true {
            var chunks = [lector_cld2_chunk](repeating: lector_cld2_chunk(), count: Int(max(capacity, 1)))
            let length = Int32(clamping: bytes.count)
            bytes.withMemoryRebound(to: CChar.self) { text in
                _ = chunks.withUnsafeMutableBufferPointer { buffer in
                    lector_cld2_detect(text.baseAddress, length, flags, &summary, buffer.baseAddress, capacity)
                }
            }
            if wantChunks, summary.chunk_count > capacity {
                capacity = summary.chunk_count
                continue
            }
            return Result(summary: summary, chunks: wantChunks ? Array(chunks.prefix(Int(summary.chunk_count))) : [])
        }
    }

    /// Detects the languages of a string.
    func detect(_ text: String, wantChunks: Bool = true) -> Result {
        var text = text
        return text.withUTF8 { detect(utf8: $0, wantChunks: wantChunks) }
    }

    /// CLD2's version string, for the processor's log line.
    static var version: String { String(cString: lector_cld2_version()) }

    /// CLD2's lowercase code for one of its language numbers, mapped to BCP-47.
    static func code(_ language: Int32) -> String {
        LanguageCodes.bcp47(fromCLD2: String(cString: lector_cld2_language_code(language)))
    }
}

extension CLD2.Result {
    fileprivate init(summary: lector_cld2_summary, chunks: [lector_cld2_chunk]) {
        let unknown = lector_cld2_unknown_language()
        var languages: [(code: String, percent: Int, score: Double)] = []
        let triples = [
            (summary.language.0, summary.percent.0, summary.normalized_score.0),
            (summary.language.1, summary.percent.1, summary.normalized_score.1),
            (summary.language.2, summary.percent.2, summary.normalized_score.2),
        ]
        for (language, percent, score) in triples where language != unknown && percent > 0 {
            languages.append((CLD2.code(language), Int(percent), score))
        }
        self.languages = languages
        self.isReliable = summary.is_reliable != 0
        self.textBytes = Int(summary.text_bytes)
        self.chunks = chunks.map { chunk in
            (Int(chunk.offset), Int(chunk.bytes), chunk.language == unknown ? "un" : CLD2.code(chunk.language))
        }
    }
}
