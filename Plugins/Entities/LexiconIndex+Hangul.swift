extension LexiconIndex {
    /// The longest phrase of a type in `types` (``PhraseType`` bits) that starts at token `index`, a
    /// Korean word, where the phrase's last word may carry a particle ("프랑스의", "남아프리카
    /// 공화국에서"), with the scalar offset where the phrase ends (before the particle).
    ///
    /// A word is first taken whole, so that a name that ends like a particle ("파라과이", Paraguay,
    /// ends in 이) still matches as written; among phrases of the same length the whole word wins.
    /// Only the particles of ``EastAsianScript/particles`` are stripped, so "미국인" (an American)
    /// is not "미국" (the United States), and never from the everyday nouns of
    /// ``EastAsianScript/homographs`` ("수단으로서", as a means, is not Sudan).
    ///
    /// ```swift
    /// // "프랑스의 대통령": the phrase 프랑스 (France), ending before 의.
    /// index.longestHangulPhrase(in: sentence, at: 0, types: PhraseType.names)?.end   // 3
    /// ```
    func longestHangulPhrase(
        in sentence: SentenceTokens, at index: Int, types: UInt8
    ) -> (phrase: CompiledPhrase, end: Int)? {
        let tokens = sentence.tokens
        let token = tokens[index]
        var best: (phrase: CompiledPhrase, end: Int)?
        // The phrases that the whole first word starts; the last word may carry a particle.
        for position in phraseRange(token.word) {
            let phrase = phrases[position]
            guard phrase.typeBit & types != 0, phrase.count > (best?.phrase.count ?? 0),
                index + phrase.count <= tokens.count
            else { continue }
            let first = phrase.tokens.lowerBound
            let last = index + phrase.count - 1
            var matches = true
            for offset in 1..<max(1, phrase.count - 1) where offset < phrase.count - 1 {
                if tokens[index + offset].word != phraseTokens[first + offset] {
                    matches = false
                    break
                }
            }
            guard matches else { continue }
            if phrase.count == 1 || tokens[last].word == phraseTokens[phrase.tokens.upperBound - 1] {
                best = (phrase, tokens[last].end)
            } else if let length = particle(sentence, last, before: phraseTokens[phrase.tokens.upperBound - 1]) {
                best = (phrase, tokens[last].end - length)
            }
        }
        if best != nil { return best }
        // A one-word name with a particle after it.
        let scalars = sentence.normalizedScalars(index)
        for length in EastAsianScript.particleLengths(scalars) {
            let stem = scalars.dropLast(length)
            if EastAsianScript.homographs.contains(where: { $0.elementsEqual(stem) }) { continue }
            let id = id(of: stem, hash: Self.hash(stem), simple: token.isSimple)
            for position in phraseRange(id) {
                let phrase = phrases[position]
                if phrase.typeBit & types != 0, phrase.count == 1 { return (phrase, token.end - length) }
            }
        }
        return nil
    }

    /// The length of the particle after which token `index` is the word `word`, or nil.
    private func particle(_ sentence: SentenceTokens, _ index: Int, before word: Int32) -> Int? {
        let scalars = sentence.normalizedScalars(index)
        for length in EastAsianScript.particleLengths(scalars) {
            let stem = scalars.dropLast(length)
            if EastAsianScript.homographs.contains(where: { $0.elementsEqual(stem) }) { continue }
            if id(of: stem, hash: Self.hash(stem), simple: sentence.tokens[index].isSimple) == word { return length }
        }
        return nil
    }
}
