import LectorCore

/// The order in which a set of processors runs: a topological order of the graph that their
/// `requires` and `provides` make, with ties broken by the order the configuration lists them.
///
/// Building a plan is pure logic, so every rule (missing providers, conflicting providers,
/// cycles) is checked at start-up and tested without running anything.
public struct PipelinePlan: Sendable, Hashable {
    /// The descriptors in run order.
    public let steps: [ProcessorDescriptor]

    /// For each processor id, the ids of the processors whose annotations it requires.
    public let dependencies: [String: [String]]

    public var order: [String] { steps.map(\.id) }

    /// Orders `descriptors`, given in configuration order.
    ///
    /// - Parameter available: every registered descriptor, used only to suggest which processor to
    ///   add when a requirement has no provider.
    public init(_ descriptors: [ProcessorDescriptor], available: [ProcessorDescriptor] = []) throws(PipelineError) {
        var seen = Set<String>()
        for descriptor in descriptors {
            guard seen.insert(descriptor.id).inserted else { throw .duplicateProcessor(descriptor.id) }
            for name in descriptor.provides + descriptor.requires where !name.isValid {
                throw .invalidAnnotationName(processor: descriptor.id, name: name)
            }
        }

        var provider: [AnnotationName: String] = [:]
        for descriptor in descriptors {
            for name in descriptor.provides {
                if let other = provider[name] {
                    throw .conflictingProviders(annotation: name, processors: [other, descriptor.id])
                }
                provider[name] = descriptor.id
            }
        }

        var dependencies: [String: [String]] = [:]
        for descriptor in descriptors {
            var needs: [String] = []
            for name in descriptor.requires {
                guard let id = provider[name] else {
                    let candidates = available.filter { $0.provides.contains(name) }.map(\.id)
                    throw .missingProvider(processor: descriptor.id, annotation: name, availableFrom: candidates)
                }
                if id == descriptor.id { throw .cycle([id, id]) }
                if !needs.contains(id) { needs.append(id) }
            }
            dependencies[descriptor.id] = needs
        }

        // Kahn's algorithm, always taking the earliest-listed processor that is ready, so the
        // configuration's order decides wherever the dependencies leave a choice.
        var placed = Set<String>()
        var remaining = descriptors
        var steps: [ProcessorDescriptor] = []
        while !remaining.isEmpty {
            guard let index = remaining.firstIndex(where: { dependencies[$0.id, default: []].allSatisfy(placed.contains) }) else {
                throw .cycle(Self.findCycle(in: remaining.map(\.id), dependencies: dependencies))
            }
            let next = remaining.remove(at: index)
            placed.insert(next.id)
            steps.append(next)
        }
        self.steps = steps
        self.dependencies = dependencies
    }

    /// A cycle among `ids`, as a path whose last element repeats its first.
    private static func findCycle(in ids: [String], dependencies: [String: [String]]) -> [String] {
        let candidates = Set(ids)
        // Every remaining node has an unplaced dependency, so walking dependencies from any node
        // must eventually revisit one; the part of the walk from that node on is a cycle.
        var path: [String] = []
        var position: [String: Int] = [:]
        var current = ids[0]
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            current = dependencies[current, default: []].first(where: candidates.contains) ?? current
        }
        return Array(path[position[current]!...]) + [current]
    }
}
