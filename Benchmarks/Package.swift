// swift-tools-version: 6.1

// Micro benchmarks of the built-in processors with package-benchmark. A package of its own, so
// that building and testing Lector (`swift build --build-tests`) never compiles the benchmark
// framework. Run from this folder with `swift package benchmark`, or `make bench` from the root.

import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the checkout is called.
let lector = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "LectorBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Processors",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LectorCore", package: lector),
                .product(name: "LectorText", package: lector),
                .product(name: "LectorLanguage", package: lector),
                .product(name: "LectorEntities", package: lector),
                .product(name: "LectorSummary", package: lector),
                .product(name: "LectorEngine", package: lector),
            ],
            path: "Benchmarks/Processors",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
