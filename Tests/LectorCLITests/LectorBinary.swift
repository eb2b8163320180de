import Foundation
import LectorCore
import LectorTestKit

/// The real `lector` executable, run as a child process the way a user runs it.
struct LectorBinary {
    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    static let repositoryRoot = ChildProcess.repositoryRoot
    static let path = ChildProcess.lectorBinary

    static let defaultConfig = repositoryRoot.appendingPathComponent("config/lector.yaml").path

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // A clean environment, so a developer's own LECTOR_… variables cannot change the outcome.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LECTOR_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
    }

    static let schema: JSONSchemaValidator = {
        try! JSONSchemaValidator(schemaFile: repositoryRoot.appendingPathComponent("docs/result.schema.json").path)
    }()
}

extension JSONValue {
    /// The result with what differs between runs removed: times, durations, and the version.
    var withoutRunFacts: JSONValue {
        guard case .object(var object) = self else { return self }
        object["processed_at"] = nil
        object["lector_version"] = nil
        if case .object(var source)? = object["source"] {
            source["received_at"] = nil
            object["source"] = .object(source)
        }
        if case .object(let processors)? = object["processors"] {
            object["processors"] = .object(processors.mapValues { report in
                guard case .object(var fields) = report else { return report }
                fields["duration_ms"] = nil
                return .object(fields)
            })
        }
        return .object(object)
    }

    /// The first path where two values differ, for a readable failure.
    func firstDifference(from other: JSONValue, path: String = "$") -> String? {
        switch (self, other) {
        case (.object(let a), .object(let b)):
            for key in Set(a.keys).union(b.keys).sorted() {
                guard let left = a[key] else { return "\(path).\(key): missing here, present in expected" }
                guard let right = b[key] else { return "\(path).\(key): present here, not in expected" }
                if let difference = left.firstDifference(from: right, path: "\(path).\(key)") { return difference }
            }
            return nil
        case (.array(let a), .array(let b)):
            for (index, pair) in zip(a, b).enumerated() {
                if let difference = pair.0.firstDifference(from: pair.1, path: "\(path)[\(index)]") { return difference }
            }
            return a.count == b.count ? nil : "\(path): \(a.count) items, expected \(b.count)"
        default:
            return self == other ? nil : "\(path): \(self) != expected \(other)"
        }
    }
}
