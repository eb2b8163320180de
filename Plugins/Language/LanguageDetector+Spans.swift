import LectorCore

extension LanguageDetector {
    /// Runs of text in another script or language than the main one.
    ///
    /// Two sources: runs of words in a script other than the main script (Latin-script names and
    /// English phrases inside Urdu), found by scanning letters; and CLD2's chunks labelled with
    /// another language in the main script (an English sentence in a French article), kept when
    /// they have at least ``Options/minSpanLetters`` letters.
    func findSpans(
        scalars: [Unicode.Scalar],
        mainLanguage: String,
        mainScript: String,
        scriptCount: Int,
        chunks: [(offset: Int, bytes: Int, code: String)]
    ) -> [LanguageIdentification.Span] {
        // With one script only there are no runs of another script to look for.
        let runs = scriptCount > 1 ? scriptRuns(scalars: scalars, mainScript: mainScript) : []
        var spans = runs.map { run in
            let runScalars = scalars[run.range.start..<run.range.end]
            let decision = decideShort(runScalars, scripts: ScriptAnalysis(runScalars))
            let known = decision.language != "und" && decision.confidence >= options.minSpanConfidence
            let language = known ? decision.language : "und"
            return LanguageIdentification.Span(
                range: run.range, language: language, name: LanguageCodes.name(of: language), script: run.script,
                confidence: known ? (decision.confidence * 10_000).rounded() / 10_000 : 0)
        }
        let foreign = chunks.filter { $0.code != "und" && $0.code != "un" && $0.code != mainLanguage }
        if !foreign.isEmpty {
            let offsets = ByteToScalarOffsets(scalars)
            for chunk in foreign {
                var range = offsets.range(bytes: chunk.offset, chunk.offset + chunk.bytes)
                range = trimmed(range, in: scalars)
                guard !range.isEmpty, !spans.contains(where: { $0.range.overlaps(range) }) else { continue }
                let letters = ScriptAnalysis(scalars[range.start..<range.end])
                guard letters.letterCount >= options.minSpanLetters, letters.dominant == mainScript else { continue }
                spans.append(
                    LanguageIdentification.Span(
                        range: range, language: chunk.code, name: LanguageCodes.name(of: chunk.code),
                        script: letters.dominant, confidence: 0.5))
            }
            spans.sort { $0.range < $1.range }
        }
        return spans
    }

    /// Maximal runs of words whose script is not `mainScript`, joined across spaces and
    /// punctuation on one line, with at least `minLetters` letters.
    func scriptRuns(scalars: [Unicode.Scalar], mainScript: String, minLetters: Int = 2)
        -> [(range: TextRange, script: String)]
    {
        var runs: [(range: TextRange, script: String)] = []
        var current: (start: Int, end: Int, script: String, letters: Int)?
        func close() {
            if let run = current, run.letters >= minLetters {
                runs.append((TextRange(start: run.start, end: run.end), run.script))
            }
            current = nil
        }
        let classes = ScalarClasses.shared
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                close()
                index += 1
                continue
            }
            let code = classes.facts(of: scalar).scriptCode
            guard code != 0 else {
                index += 1
                continue
            }
            // A word: letters plus the marks and joiners inside it.
            var end = index + 1
            var letters = 1
            while end < scalars.count {
                let facts = classes.facts(of: scalars[end])
                guard facts.isLetterOrMark || scalars[end] == "'" else { break }
                if facts.scriptCode != 0 { letters += 1 }
                end += 1
            }
            let script = ScriptAnalysis.name(ofCode: code)
            if script == mainScript {
                close()
            } else if var run = current, run.script == script {
                run.end = end
                run.letters += letters
                current = run
            } else {
                close()
                current = (index, end, script, letters)
            }
            index = end
        }
        close()
        return runs
    }

    private func trimmed(_ range: TextRange, in scalars: [Unicode.Scalar]) -> TextRange {
        var start = range.start
        var end = range.end
        while start < end, !ShortTextModel.isLetterOrMark(scalars[start]) { start += 1 }
        while end > start, !ShortTextModel.isLetterOrMark(scalars[end - 1]) { end -= 1 }
        return TextRange(start: start, end: end)
    }
}

/// Maps byte offsets in a text's UTF-8 (what CLD2 reports) to Unicode-scalar offsets.
struct ByteToScalarOffsets {
    // byteStart[i] is the UTF-8 offset of scalar i; the extra last entry is the byte count.
    private let byteStart: [Int]

    init(_ scalars: [Unicode.Scalar]) {
        var starts: [Int] = []
        starts.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            starts.append(offset)
            offset += UTF8.width(scalar)
        }
        starts.append(offset)
        byteStart = starts
    }

    /// The scalar containing a byte offset (the scalar count for the end).
    func scalarOffset(byte: Int) -> Int {
        var low = 0
        var high = byteStart.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if byteStart[mid] <= byte { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func range(bytes start: Int, _ end: Int) -> TextRange {
        let first = scalarOffset(byte: start)
        return TextRange(start: first, end: max(first, scalarOffset(byte: end)))
    }
}
