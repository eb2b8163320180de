import Foundation
import LectorCore

/// Sentences of BIO-tagged tokens read from a file, and the deterministic train/dev split.
///
/// Accepted lines: `token<TAB>tag`, CoNLL columns (the first is the token, the last the tag), or
/// `token TAG` separated by the last space (as ANERcorp is). A blank line ends a sentence;
/// `-DOCSTART-` lines are skipped. Tags are read by ``EntityLabel/init(tag:)``: PER and PERS are
/// PERSON, LOC and GPE are LOCATION, ORG is ORG, and MISC (ANERcorp) is treated as outside, since
/// Lector has no MISC type.
///
/// The split: a sentence belongs to dev when the 64-bit FNV-1a hash of its tokens joined by single
/// spaces (UTF-8) is 0 modulo 10, else to train. Identical sentences always fall on the same side,
/// so WikiANN Urdu's repeated sentences never straddle train and dev, and repeats are dropped
/// within each side (``deduplicated``).
public struct BIOCorpus: Sendable {
    public struct Sentence: Sendable, Hashable {
        public var tokens: [String]
        public var labels: [EntityLabel]

        public init(tokens: [String], labels: [EntityLabel]) {
            self.tokens = tokens
            self.labels = labels
        }

        public var key: String { tokens.joined(separator: " ") }
    }

    public var sentences: [Sentence]

    public init(sentences: [Sentence]) { self.sentences = sentences }

    /// Reads a BIO file.
    ///
    /// - Throws: when the file cannot be read, or ``ProcessorError/unsupportedInput(_:)`` naming the
    ///   first line that has no tag.
    public init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var sentences: [Sentence] = []
        var tokens: [String] = []
        var labels: [EntityLabel] = []
        func flush() {
            if !tokens.isEmpty { sentences.append(Sentence(tokens: tokens, labels: labels)) }
            tokens = []
            labels = []
        }
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) {
                flush()
                continue
            }
            if trimmed.hasPrefix("-DOCSTART-") { continue }
            let token: Substring
            let tag: Substring
            if trimmed.contains("\t") {
                let columns = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
                token = columns[0]
                tag = columns[columns.count - 1]
            } else if let space = trimmed.lastIndex(of: " ") {
                let columns = trimmed.split(separator: " ")
                token = columns.count > 2 ? columns[0] : trimmed[..<space]
                tag = trimmed[trimmed.index(after: space)...]
            } else {
                throw ProcessorError.unsupportedInput(
                    "\(path):\(lineNumber): expected 'token<TAB>tag', found '\(trimmed)'")
            }
            guard !token.isEmpty, tag == "O" || tag.hasPrefix("B-") || tag.hasPrefix("I-") else {
                throw ProcessorError.unsupportedInput("\(path):\(lineNumber): '\(tag)' is not a BIO tag")
            }
            tokens.append(String(token))
            labels.append(EntityLabel(tag: tag))
        }
        flush()
        self.sentences = sentences.map(Self.repaired)
    }

    /// Turns an `I-X` that follows neither `B-X` nor `I-X` into `B-X` (MISC removal leaves some).
    static func repaired(_ sentence: Sentence) -> Sentence {
        var sentence = sentence
        var previous: Int?
        for index in sentence.labels.indices {
            let label = sentence.labels[index].index
            if !EntityLabel.allowed(previous, label) { sentence.labels[index] = EntityLabel(label - 1) }
            previous = sentence.labels[index].index
        }
        return sentence
    }

    /// Which side of the split a sentence is on.
    public enum Part: String, Sendable, CaseIterable {
        case train, dev, all
    }

    public static func isDev(_ sentence: Sentence) -> Bool {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in sentence.key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash % 10 == 0
    }

    /// The sentences of one part of the split, repeats removed (first occurrence kept).
    public func part(_ part: Part) -> BIOCorpus {
        var seen: Set<String> = []
        var kept: [Sentence] = []
        for sentence in sentences {
            if part == .dev && !Self.isDev(sentence) { continue }
            if part == .train && Self.isDev(sentence) { continue }
            if seen.insert(sentence.key).inserted { kept.append(sentence) }
        }
        return BIOCorpus(sentences: kept)
    }

    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.tokens.count } }

    /// The corpus cut into the tokens the processor cuts text into (``EntityToken/tokenize(_:offset:)``).
    public func retokenized() -> BIOCorpus {
        BIOCorpus(sentences: sentences.map { $0.retokenized().sentence })
    }
}

extension BIOCorpus.Sentence {
    /// The sentence cut into the tokens the processor's tagger reads, and for each new token the
    /// index of the corpus token it comes from.
    ///
    /// Corpora cut text their own way: WikiANN's Urdu and Persian write a comma attached to the
    /// word before it ("برزیسکی،" is one token), where the processor makes the comma a token of its
    /// own. A tagger trained on the corpus's tokens meets at run time a sequence it
    /// never saw; trained on these, it meets the same cut. Labels follow the pieces: a name's
    /// first piece opens it and the others continue it, but a mark before a name's first word or
    /// after its last ("،" at the end of a place) is outside, as the processor leaves such marks
    /// out of a name; the pieces of an outside token are outside.
    public func retokenized() -> (sentence: BIOCorpus.Sentence, origin: [Int]) {
        var cut: [String] = []
        var cutLabels: [EntityLabel] = []
        var origin: [Int] = []
        let table = ScalarTable.shared
        for (index, token) in tokens.enumerated() {
            let scalars = Array(token.unicodeScalars)
            var pieces: [Range<Int>] = []
            // Runs of Han, kana and Hangul stay whole, as the tagger reads them (``EntityWorkspace``).
            EntityTokenizer.split(scalars[...], cutEastAsian: false) { pieces.append($0) }
            // A token of spaces or joiners alone (which the processor skips) is kept whole.
            if pieces.isEmpty { pieces = [0..<scalars.count] }
            let label = labels[index]
            let continues = index + 1 < tokens.count && labels[index + 1].isInside
            let words = pieces.indices.filter { piece in
                pieces[piece].contains { table.isWord(scalars[$0]) }
            }
            for (number, piece) in pieces.enumerated() {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[piece])
                cut.append(String(view))
                origin.append(index)
                guard let type = label.type else {
                    cutLabels.append(.outside)
                    continue
                }
                let beforeFirstWord = words.first.map { number < $0 } ?? false
                let afterLastWord = words.last.map { number > $0 } ?? false
                if label.isBegin && beforeFirstWord || afterLastWord && !continues {
                    cutLabels.append(.outside)
                } else if label.isBegin && (number == (words.first ?? 0)) {
                    cutLabels.append(EntityLabel.begin(type)!)
                } else {
                    cutLabels.append(EntityLabel.inside(type)!)
                }
            }
        }
        return (BIOCorpus.repaired(BIOCorpus.Sentence(tokens: cut, labels: cutLabels)), origin)
    }
}
