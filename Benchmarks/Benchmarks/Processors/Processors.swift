import Benchmark
import Configuration
import Foundation
import LectorCore
import LectorEngine
import LectorEntities
import LectorLanguage
import LectorSummary
import LectorText
import Logging

// Micro benchmarks of each built-in processor on the five seed articles (seeds/*.txt, 35 KB of
// English, Arabic, Persian and Urdu news). One iteration runs the processor once on every seed, so
// time per iteration divided by the seeds' bytes is the cost per byte, and allocations per
// iteration divided by five the allocations per article; bench/e2e/report.py does that division
// for docs/benchmarks.md. What a processor requires (the `text` processor's segments) is made once
// in setup and not timed.
//
// A new processor gets its benchmark here: one `processorBenchmark` call with its id, the
// processor, and the annotations it requires.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 3,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    let seeds = SeedArticles.load()
    let text = TextProcessor()
    let segmented = seeds.map { document in
        (document, SeedArticles.annotations(text, document))
    }
    let language: LanguageProcessor
    do {
        language = try LanguageProcessor(configuration: SeedArticles.emptyConfiguration)
    } catch {
        fatalError("the language processor does not load: \(error)")
    }
    let summary = SummaryProcessor()
    let entities = EntitiesProcessor()
    // The entities processor requires the language too; its models load on the first article in
    // each language, so setup runs it once on every seed before anything is timed.
    let identified = segmented.map { document, annotations in
        var annotations = annotations
        annotations.merge(SeedArticles.annotations(language, document, given: annotations))
        _ = SeedArticles.annotations(entities, document, given: annotations)
        return (document, annotations)
    }

    processorBenchmark("text", text, seeds.map { ($0, Annotations()) })
    processorBenchmark("language", language, segmented)
    processorBenchmark("entities", entities, identified)
    processorBenchmark("summary", summary, segmented)

    // Writing each seed's whole result file (pretty, with the text, as by default) from the four
    // processors' annotations, which the daemon does for every article after its processors.
    let results = identified.map { document, annotations in
        var annotations = annotations
        annotations.merge(SeedArticles.annotations(entities, document, given: annotations))
        annotations.merge(SeedArticles.annotations(summary, document, given: annotations))
        let reports = ["text", "language", "entities", "summary"].map { id in
            ProcessorReport(
                id: id, version: "1.0.0", status: .ok, durationMs: 0.5, required: id == "text", provides: [])
        }
        let outcome = Pipeline.Outcome(annotations: annotations, reports: reports)
        return ArticleResult(document: document, outcome: outcome, processedAt: Date(), includeText: true)
    }
    Benchmark("result JSON (pretty)") { benchmark in
        for result in results {
            blackHole(try result.jsonData(pretty: true))
        }
    }

    // The four in the default pipeline's order, as the daemon runs them for one article.
    Benchmark("pipeline (text, language, entities, summary)") { benchmark in
        for document in seeds {
            var annotations = Annotations()
            for processor in [text, language, entities, summary] as [any Processor] {
                annotations.merge(try await processor.process(document, context: SeedArticles.context(annotations)))
            }
            blackHole(annotations)
        }
    }
}

/// One benchmark: `processor` on every seed, with the annotations it requires already made.
func processorBenchmark(_ id: String, _ processor: some Processor, _ inputs: [(Document, Annotations)]) {
    Benchmark(id) { benchmark in
        for (document, annotations) in inputs {
            blackHole(try await processor.process(document, context: SeedArticles.context(annotations)))
        }
    }
}

/// The seed articles as the reader would hand them over, and the context a processor gets.
enum SeedArticles {
    /// The repository root, four levels above this file (Benchmarks/Benchmarks/Processors/).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let emptyConfiguration = ConfigReader(provider: InMemoryProvider(values: [:]))

    static func load() -> [Document] {
        let folder = repository.appendingPathComponent("seeds")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        precondition(!names.isEmpty, "no seed articles in \(folder.path)")
        return names.map { name in
            let data = (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data()
            let text = String(decoding: data, as: UTF8.self).precomposedStringWithCanonicalMapping
            return Document(
                id: String(repeating: "0", count: 64), text: text,
                decoding: DecodingFacts(encoding: "UTF-8", encodingSource: .validUTF8, format: .text),
                source: SourceInfo(
                    name: name, size: data.count, sha256: String(repeating: "0", count: 64), receivedAt: Date()))
        }
    }

    static func context(_ annotations: Annotations) -> ProcessorContext {
        ProcessorContext(
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }),
            configuration: emptyConfiguration, annotations: annotations, deadline: .now + .seconds(60))
    }

    static func annotations(
        _ processor: some Processor, _ document: Document, given: Annotations = Annotations()
    ) -> Annotations {
        // Setup runs outside any async context; the processors here do not suspend.
        let box = AnnotationsBox()
        let semaphore = DispatchSemaphore(value: 0)
        Task {
            box.value = (try? await processor.process(document, context: context(given))) ?? Annotations()
            semaphore.signal()
        }
        semaphore.wait()
        return box.value
    }
}

private final class AnnotationsBox: @unchecked Sendable {
    var value = Annotations()
}
