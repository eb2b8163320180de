// swift-tools-version: 6.2

// libFuzzer targets for Lector, kept out of the root package so that `swift build --build-tests`
// never compiles them. Build and run them with `make fuzz` (scripts/fuzz.sh); see
// docs/reliability.md for the flags and the figures of the last long run.
//
// Each target is one file, Sources/Fuzz<Name>/Fuzz<Name>.swift: a `@main` that starts libFuzzer
// (see FuzzDriver for why) and the `LLVMFuzzerTestOneInput` it runs. Adding a target means adding
// that file, one line to `fuzzTargets` and a seed folder corpus/Fuzz<Name>/.

import PackageDescription

/// Every fuzz target and the root package's products it exercises.
let fuzzTargets: [(name: String, products: [String])] = [
    ("FuzzDecoder", ["LectorReader", "LectorCore"]),
    ("FuzzHTMLReader", ["LectorReader", "LectorCore"]),
    ("FuzzTextProcessor", ["LectorReader", "LectorText", "LectorCore"]),
    ("FuzzJSONValue", ["LectorCore"]),
    ("FuzzPluginProtocol", ["LectorEngine", "LectorCore"]),
]

let package = Package(
    name: "lector-fuzz",
    dependencies: [.package(name: "lector", path: "..")],
    targets: [
        // What the targets share: turning libFuzzer's buffer into bytes, and failing loudly.
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "LectorCore", package: "lector")]),
    ]
        + fuzzTargets.map { target in
            .executableTarget(
                name: target.name,
                dependencies: ["FuzzSupport"] + target.products.map { .product(name: $0, package: "lector") }
            )
        }
)
