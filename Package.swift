// swift-tools-version: 6.2

import PackageDescription

let package = Package(
    name: "lector",
    products: [
        .executable(name: "lector", targets: ["lector"]),
        .library(name: "LectorCore", targets: ["LectorCore"]),
        .library(name: "LectorTestKit", targets: ["LectorTestKit"]),
        // For the packages of their own that link Lector's modules: the fuzz targets (Fuzz/) and
        // the micro benchmarks (Benchmarks/).
        .library(name: "LectorReader", targets: ["LectorReader"]),
        .library(name: "LectorEngine", targets: ["LectorEngine"]),
        .library(name: "LectorText", targets: ["LectorText"]),
        .library(name: "LectorLanguage", targets: ["LectorLanguage"]),
        .library(name: "LectorSummary", targets: ["LectorSummary"]),
        .library(name: "LectorEntities", targets: ["LectorEntities"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(
            url: "https://github.com/apple/swift-configuration",
            from: "1.4.0",
            traits: [.defaults, "YAML"]
        ),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", "5.4.0"..<"7.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // C libraries from the system, reached through small shims.
        // ICU through a plain-C layer (see Sources/CICU/include/lector_icu.h for why).
        .target(
            name: "CICU",
            path: "Sources/CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // Linux calls Swift's Glibc module does not export.
        .target(name: "CLinux", path: "Sources/CLinux"),
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // zlib's inflate, for the deflated parts of DOCX and ODT files (ZIP archives).
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // libsystemd: the journal (sd_journal_sendv) and the service manager (sd_notify).
        .systemLibrary(
            name: "CSystemd",
            path: "Sources/CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),

        // The vocabulary: documents, the processor protocol, annotations, results.
        // Processor modules depend on this and nothing else of Lector's.
        .target(
            name: "LectorCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),

        // Bytes to a Document: encoding detection, decoding, HTML extraction.
        .target(
            name: "LectorReader",
            dependencies: [
                "LectorCore",
                "CICU",
                "CLibXML2",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Built-in processors, one module each (not SwiftPM build plugins).
        .target(
            name: "LectorText",
            dependencies: ["LectorCore", "CICU"],
            path: "Plugins/Text",
            exclude: ["README.md"]
        ),

        // Google's CLD2 language detector (Debian libcld2-dev) and ICU's script property, behind a
        // small C++ shim. cld2_full must come before cld2, or the small tables are used silently.
        .target(
            name: "CCLD2",
            path: "Sources/CCLD2",
            linkerSettings: [.linkedLibrary("cld2_full"), .linkedLibrary("cld2"), .linkedLibrary("icuuc")]
        ),
        .target(
            name: "LectorLanguage",
            dependencies: ["LectorCore", "CCLD2", "CPrefetch"],
            path: "Plugins/Language",
            exclude: ["README.md"],
            resources: [.copy("Resources/short-text-model.tsv"), .copy("Resources/short-text-model.LICENSE.txt")]
        ),
        .target(
            name: "LectorSummary",
            dependencies: ["LectorCore"],
            path: "Plugins/Summary",
            exclude: ["README.md"]
        ),

        // A cache prefetch hint (Swift has no spelling for it): the entity tagger's weight rows and
        // the language model's n-gram index.
        .target(name: "CPrefetch", path: "Sources/CPrefetch"),
        .target(
            name: "LectorEntities",
            dependencies: ["LectorCore", "CPrefetch"],
            path: "Plugins/Entities",
            exclude: ["README.md", "Training"],
            resources: [.copy("Resources")]
        ),

        // The engine: configuration, pipeline, results, and (later) the daemon.
        .target(
            name: "LectorEngine",
            dependencies: [
                "LectorCore",
                "LectorReader",
                "CLinux",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Running under systemd: journal logging, sd_notify, the watchdog, SIGHUP.
        .target(
            name: "LectorSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]
        ),

        .executableTarget(
            name: "lector",
            dependencies: [
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "LectorCore",
                "LectorEngine",
                "LectorSystemd",
                "LectorText",
                "LectorLanguage",
                "LectorSummary",
                "LectorEntities",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),

        // What every processor's tests use: the compatibility suite and a JSON Schema validator.
        .target(
            name: "LectorTestKit",
            dependencies: ["LectorCore"]
        ),

        .testTarget(name: "LectorCoreTests", dependencies: ["LectorCore", "LectorTestKit"]),
        .testTarget(
            name: "LectorReaderTests",
            dependencies: ["LectorReader", "LectorCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "LectorTextTests", dependencies: ["LectorText", "LectorCore", "LectorTestKit"]),
        .testTarget(
            name: "LectorEngineTests",
            dependencies: ["LectorEngine", "LectorCore", "LectorText", "LectorTestKit"]
        ),
        .testTarget(name: "LectorLanguageTests", dependencies: ["LectorLanguage", "LectorCore", "LectorTestKit"]),
        .testTarget(
            name: "LectorSummaryTests",
            dependencies: ["LectorSummary", "LectorText", "LectorCore", "LectorTestKit"],
            // Read by RougeTests through #filePath, not bundled.
            exclude: ["rouge-agreement.tsv"]
        ),
        .testTarget(name: "LectorEntitiesTests", dependencies: ["LectorEntities", "LectorText", "LectorCore", "LectorTestKit"]),
        .testTarget(name: "LectorSystemdTests", dependencies: ["LectorSystemd", "LectorTestKit"]),
        .testTarget(name: "LectorCLITests", dependencies: ["LectorTestKit", "LectorCore"]),
    ]
)
