import Foundation
import LectorCore
import Testing

@testable import LectorText

/// Measures articles per second on the seeds. Runs only when `LECTOR_BENCH` is set, because
/// timing numbers from a shared debug build mean little; use a release build:
/// `LECTOR_BENCH=1 swift test -c release --filter ThroughputTests`.
struct ThroughputTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LECTOR_BENCH"] != nil))
    func seedArticlesPerSecondOnOneCore() throws {
        let documents = try SeedCorpus.files.map(SeedCorpus.document)
        let processor = TextProcessor()
        for document in documents { _ = try processor.segment(document) }  // warm up ICU data
        let rounds = 400
        let start = ContinuousClock.now
        var sentences = 0
        for _ in 0..<rounds {
            for document in documents { sentences += try processor.segment(document).sentences.count }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let articles = Double(rounds * documents.count)
        print("text processor: \(Int(articles / seconds)) seed articles/s (\(Int(articles)) articles in \(seconds) s)")
        #expect(sentences > 0)
    }
}
