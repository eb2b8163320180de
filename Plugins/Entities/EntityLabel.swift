import LectorCore

/// The tagger's BIO labels: `O`, and `B-`/`I-` for PERSON, ORG and LOCATION.
public struct EntityLabel: Hashable, Sendable, Comparable {
    public let index: Int
    init(_ index: Int) { self.index = index }

    public static let count = 7
    public static let outside = EntityLabel(0)
    /// The entity types of the labels, in label order (`B-X` is `1 + 2k`, `I-X` is `2 + 2k`).
    public static let types: [EntityType] = [.person, .organization, .location]

    public static func begin(_ type: EntityType) -> EntityLabel? {
        types.firstIndex(of: type).map { EntityLabel(1 + 2 * $0) }
    }

    public static func inside(_ type: EntityType) -> EntityLabel? {
        types.firstIndex(of: type).map { EntityLabel(2 + 2 * $0) }
    }

    public var isOutside: Bool { index == 0 }
    public var isBegin: Bool { index > 0 && index % 2 == 1 }
    public var isInside: Bool { index > 0 && index % 2 == 0 }
    public var type: EntityType? { index == 0 ? nil : Self.types[(index - 1) / 2] }

    /// Whether `self` may follow `previous` (nil at a sentence start): `I-X` only after `B-X` or `I-X`.
    @inline(__always)
    static func allowed(_ previous: Int?, _ current: Int) -> Bool {
        guard current > 0 && current % 2 == 0 else { return true }
        guard let previous else { return false }
        return previous == current || previous == current - 1
    }

    /// Reads a corpus tag: `B-PER`/`B-PERS`/`B-PERSON`, `I-ORG`, `B-LOC`/`B-GPE`…; `MISC` and anything
    /// else is outside.
    public init(tag: Substring) {
        let parts = tag.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0] == "B" || parts[0] == "I" else {
            self = .outside
            return
        }
        let type: EntityType? =
            switch parts[1].uppercased() {
            case "PER", "PERS", "PERSON": .person
            case "ORG", "ORGANIZATION", "ORGANISATION": .organization
            case "LOC", "LOCATION", "GPE": .location
            default: nil
            }
        guard let type else {
            self = .outside
            return
        }
        self = parts[0] == "B" ? EntityLabel.begin(type)! : EntityLabel.inside(type)!
    }

    /// The label as a corpus writes it: `O`, `B-PER`, `I-ORG`, `B-LOC`.
    public var tag: String {
        guard let type else { return "O" }
        let name =
            switch type {
            case .person: "PER"
            case .organization: "ORG"
            default: "LOC"
            }
        return (isBegin ? "B-" : "I-") + name
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}
