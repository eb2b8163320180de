import Foundation
import LectorCore

#if canImport(Glibc)
import Glibc
#endif

/// Times the whole `entities` processor, rules and tagger, on articles that are segmented and
/// have their language already, as the daemon hands them over: tokens per second and megabytes
/// (of UTF-8 text) per second on one core.
///
/// The articles are processed once to load the models, then over and over until `seconds` of
/// CPU time have passed; the figures are CPU time of the calling thread, so other work on a busy
/// machine does not count against them.
///
/// ```swift
/// let report = try EntityThroughput(processor: EntitiesProcessor()).run(articles, seconds: 2)
/// print(report.line)
/// ```
public struct EntityThroughput: Sendable {
    /// One article: the document, its `segments` and its language (nil: by script).
    public struct Article: Sendable {
        public var document: Document
        public var segments: Segmentation
        public var language: String?

        public init(document: Document, segments: Segmentation, language: String?) {
            self.document = document
            self.segments = segments
            self.language = language
        }
    }

    public struct Report: Codable, Sendable {
        public var articles: Int
        public var tokens: Int
        public var bytes: Int
        public var passes: Int
        public var cpuSeconds: Double
        public var tokensPerSecond: Double
        public var megabytesPerSecond: Double
        public var millisecondsPerArticle: Double

        enum CodingKeys: String, CodingKey {
            case articles, tokens, bytes, passes
            case cpuSeconds = "cpu_seconds"
            case tokensPerSecond = "tokens_per_second"
            case megabytesPerSecond = "megabytes_per_second"
            case millisecondsPerArticle = "ms_per_article"
        }

        /// One line for people.
        public var line: String {
            String(
                format: "entities processor: %d articles, %d tokens, %d bytes, %d passes in %.2f s of CPU: "
                    + "%.0f tokens/s, %.2f MB/s, %.3f ms per article (one core)",
                articles, tokens, bytes, passes, cpuSeconds, tokensPerSecond, megabytesPerSecond,
                millisecondsPerArticle)
        }
    }

    let processor: EntitiesProcessor

    public init(processor: EntitiesProcessor) { self.processor = processor }

    /// Processes the articles repeatedly for at least `seconds` of CPU time.
    public func run(_ articles: [Article], seconds: Double) throws -> Report {
        var tokens = 0
        var bytes = 0
        for article in articles {
            bytes += article.document.text.utf8.count
            // The tokens the processor examines (max_tokens bounds them).
            var examined = 0
            for sentence in article.segments.sentences where examined < processor.options.maxTokens {
                examined += EntityToken.tokenize(
                    article.document.scalars[sentence.range.start..<sentence.range.end]
                ).count
            }
            tokens += examined
        }
        for article in articles { _ = try extract(article) }
        var passes = 0
        let start = Self.cpuTime()
        var elapsed = 0.0
        repeat {
            for article in articles { _ = try extract(article) }
            passes += 1
            elapsed = Self.cpuTime() - start
        } while elapsed < seconds
        let perPass = elapsed / Double(passes)
        return Report(
            articles: articles.count, tokens: tokens, bytes: bytes, passes: passes,
            cpuSeconds: (elapsed * 1000).rounded() / 1000,
            tokensPerSecond: (Double(tokens) / perPass).rounded(),
            megabytesPerSecond: (Double(bytes) / perPass / 1e6 * 100).rounded() / 100,
            millisecondsPerArticle: (perPass * 1000 / Double(max(1, articles.count)) * 1000).rounded() / 1000)
    }

    private func extract(_ article: Article) throws -> Entities {
        try processor.extract(article.document, segments: article.segments, language: article.language)
    }

    /// CPU time of the calling thread, in seconds.
    static func cpuTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
