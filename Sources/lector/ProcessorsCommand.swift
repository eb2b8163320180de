import ArgumentParser
import Foundation
import LectorCore

/// `lector processors`: lists the registered processors.
struct ProcessorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "processors",
        abstract: "List the registered processors with their id, version, provides and requires."
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Also list each processor's configuration keys.")
    var options = false

    func run() throws {
        let descriptors = BuiltinProcessors.registry.registrations.map(\.descriptor)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(descriptors)
            data.append(UInt8(ascii: "\n"))
            FileHandle.standardOutput.write(data)
            return
        }
        var lines = [["ID", "VERSION", "PROVIDES", "REQUIRES", "SUMMARY"]]
        for descriptor in descriptors {
            lines.append([
                descriptor.id, descriptor.version,
                descriptor.provides.map(\.rawValue).joined(separator: ","),
                descriptor.requires.isEmpty ? "-" : descriptor.requires.map(\.rawValue).joined(separator: ","),
                descriptor.summary,
            ])
        }
        let widths = (0..<4).map { column in lines.map { $0[column].count }.max() ?? 0 }
        for line in lines {
            let padded = (0..<4).map { line[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            print((padded + [line[4]]).joined(separator: "  "))
        }
        if options {
            for descriptor in descriptors where !descriptor.options.isEmpty {
                print("\nprocessors.\(descriptor.id):")
                for option in descriptor.options {
                    print("  \(option.key) (\(option.type), default \(option.defaultValue)): \(option.summary)")
                }
            }
        }
    }
}
