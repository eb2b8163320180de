import LectorCore

/// One span found by a rule, a gazetteer or the tagger, before mentions are grouped into entities.
struct EntityMatch: Sendable, Hashable {
    /// Scalar offsets into the document, half-open.
    var start: Int
    var end: Int
    var type: EntityType
    var value: String?
    var canonical: String?
    var score: Double
    /// Lower wins when spans overlap (see ``resolve(_:)``): 0 addresses, 1 dates and quantities,
    /// 2 gazetteers and name rules, 3 organisation rules, 4 the tagger.
    var priority: Int

    var length: Int { end - start }

    /// Keeps the matches that win their overlaps, in text order: addresses first, then dates and
    /// quantities, then the longest of the rule and gazetteer names, then the tagger's.
    static func resolve(_ matches: [EntityMatch]) -> [EntityMatch] {
        var matches = matches
        var kept: [EntityMatch] = []
        resolve(&matches, into: &kept)
        return kept
    }

    /// ``resolve(_:)`` in buffers that the caller keeps from sentence to sentence: `matches` is
    /// left in order of precedence, `kept` holds the winners in text order. (`sorted` is `sort`
    /// on a copy, so sorting in place keeps the same order among equals.)
    static func resolve(_ matches: inout [EntityMatch], into kept: inout [EntityMatch]) {
        func rank(_ match: EntityMatch) -> Int { match.priority == 3 ? 2 : match.priority }
        kept.removeAll(keepingCapacity: true)
        guard !matches.isEmpty else { return }
        matches.sort {
            (rank($0), -$0.length, $0.priority, $0.start, $0.type.rawValue)
                < (rank($1), -$1.length, $1.priority, $1.start, $1.type.rawValue)
        }
        for match in matches where !kept.contains(where: { $0.start < match.end && match.start < $0.end }) {
            kept.append(match)
        }
        kept.sort { ($0.start, $0.end) < ($1.start, $1.end) }
    }
}
