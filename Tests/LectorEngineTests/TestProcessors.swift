import Configuration
import Foundation
import LectorCore
import LectorEngine
import Logging
import Synchronization

/// Small processors with known behaviour, for exercising the pipeline's rules.
struct EchoProcessor: Processor {
    let descriptor: ProcessorDescriptor
    /// What it stores under each provided name.
    var value: String = "made"

    init(_ id: String, provides: [AnnotationName] = [], requires: [AnnotationName] = [], value: String = "made") {
        descriptor = ProcessorDescriptor(id: id, version: "1.2.3", provides: provides, requires: requires)
        self.value = value
    }

    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        var output = Annotations()
        // Records what it saw, so tests can check what earlier processors handed on.
        let seen = context.annotations.names.map(\.rawValue).joined(separator: ",")
        for name in descriptor.provides { output.set("\(value) after [\(seen)]", for: name) }
        return output
    }
}

struct ThrowingProcessor: Processor {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom: the model file is corrupt" } }
    let descriptor: ProcessorDescriptor
    init(_ id: String, provides: [AnnotationName] = [], requires: [AnnotationName] = []) {
        descriptor = ProcessorDescriptor(id: id, version: "0.1.0", provides: provides, requires: requires)
    }
    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations { throw Boom() }
}

/// Blocks its thread until released, never checking for cancellation, like a processor stuck in a
/// C library call.
struct BlockedProcessor: Processor {
    let descriptor: ProcessorDescriptor
    let release: DispatchSemaphore
    let finished: Flag
    init(_ id: String, provides: [AnnotationName] = [], release: DispatchSemaphore, finished: Flag) {
        descriptor = ProcessorDescriptor(id: id, version: "0.0.1", provides: provides)
        self.release = release
        self.finished = finished
    }
    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        release.wait()
        finished.set()
        return Annotations()
    }
}

/// A thread-safe boolean.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Computes for a while without suspending.
struct HangingProcessor: Processor {
    let descriptor: ProcessorDescriptor
    let spin: Duration
    init(_ id: String, provides: [AnnotationName] = [], spin: Duration) {
        descriptor = ProcessorDescriptor(id: id, version: "0.0.1", provides: provides)
        self.spin = spin
    }
    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        let end = ContinuousClock.now + spin
        var counter = 0
        while ContinuousClock.now < end { counter &+= 1 }
        var output = Annotations()
        output.set(counter, for: descriptor.provides[0])
        return output
    }
}

/// Returns an annotation it never declared.
struct OverreachingProcessor: Processor {
    let descriptor = ProcessorDescriptor(id: "overreach", version: "1.0.0", provides: ["mine"])
    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        var output = Annotations()
        output.set(1, for: "mine")
        output.set(2, for: "not_mine")
        return output
    }
}

enum Fixtures {
    static let emptyConfig = ConfigReader(provider: InMemoryProvider(values: [:]))
    static let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func document(_ text: String = "Some text.") -> Document {
        Document(
            id: String(repeating: "a", count: 64), text: text,
            decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
            source: SourceInfo(name: "t.txt", size: text.utf8.count, sha256: String(repeating: "a", count: 64), receivedAt: Date()))
    }

    static func stage(_ processor: any Processor, required: Bool = false, timeout: Duration = .seconds(10)) -> Pipeline.Stage {
        Pipeline.Stage(processor: processor, configuration: emptyConfig, required: required, timeout: timeout)
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Records the thread it runs on.
struct ThreadRecordingProcessor: Processor {
    let descriptor: ProcessorDescriptor
    let threads: ThreadLog
    init(_ id: String, provides: [AnnotationName] = [], requires: [AnnotationName] = [], threads: ThreadLog) {
        descriptor = ProcessorDescriptor(id: id, version: "1.0.0", provides: provides, requires: requires)
        self.threads = threads
    }
    func process(_ document: Document, context: ProcessorContext) async throws -> Annotations {
        threads.record()
        var output = Annotations()
        for name in descriptor.provides { output.set(1, for: name) }
        return output
    }
}

/// The threads something ran on, in order.
final class ThreadLog: Sendable {
    private let threads = Mutex<[UInt]>([])
    func record() {
        let thread = UInt(pthread_self())
        threads.withLock { $0.append(thread) }
    }
    var all: [UInt] { threads.withLock { $0 } }
}
