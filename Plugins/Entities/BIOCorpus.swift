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
}
