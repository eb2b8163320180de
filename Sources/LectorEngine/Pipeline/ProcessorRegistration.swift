import Configuration
import LectorCore

/// How to make one kind of processor: its descriptor, known before any instance exists, and a
/// factory that builds an instance from the processor's configuration section.
///
/// The executable names every built-in processor in one list of registrations; external
/// processors will register the same way.
public struct ProcessorRegistration: Sendable {
    public let descriptor: ProcessorDescriptor
    private let factory: @Sendable (ConfigReader) throws -> any Processor

    public init(descriptor: ProcessorDescriptor, factory: @escaping @Sendable (ConfigReader) throws -> any Processor) {
        self.descriptor = descriptor
        self.factory = factory
    }

    /// Builds an instance and checks that it is the processor the descriptor promised.
    public func make(configuration: ConfigReader) throws -> any Processor {
        let processor = try factory(configuration)
        guard processor.descriptor.id == descriptor.id else {
            throw PipelineError.descriptorMismatch(registered: descriptor.id, made: processor.descriptor.id)
        }
        return processor
    }
}

/// The processors Lector knows by id, in registration order.
public struct ProcessorRegistry: Sendable {
    public private(set) var registrations: [ProcessorRegistration] = []

    public init(_ registrations: [ProcessorRegistration] = []) {
        for registration in registrations { register(registration) }
    }

    /// Adds a registration. A second registration with the same id replaces the first.
    public mutating func register(_ registration: ProcessorRegistration) {
        registrations.removeAll { $0.descriptor.id == registration.descriptor.id }
        registrations.append(registration)
    }

    public subscript(id: String) -> ProcessorRegistration? {
        registrations.first { $0.descriptor.id == id }
    }

    public var ids: [String] { registrations.map(\.descriptor.id) }
}
