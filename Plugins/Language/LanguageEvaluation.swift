import Foundation
import LectorCore

/// Scores a ``LanguageDetector`` on labelled text and measures its speed: what
/// `lector eval language` runs.
///
/// Labelled text comes in two formats: a folder of `LANG.txt` files with one text per line (the
/// file name is the expected language), or a TSV file of `lang<TAB>text` lines. Expected and
/// detected tags are compared as languages (``LanguageEvaluation/sameLanguage(_:_:)``): `zh-Hant`
/// counts as `zh`, `iw` as `he`, `no` as `nb`.
public struct LanguageEvaluation: Sendable {
    /// One labelled text.
    public struct Item: Sendable, Hashable {
        public var language: String
        public var text: String

        public init(language: String, text: String) {
            self.language = language
            self.text = text
        }
    }

    /// The figures of one evaluation run; encodes as the JSON `--json` prints.
    public struct Report: Sendable, Codable, Hashable {
        public struct LanguageFigures: Sendable, Codable, Hashable {
            public var language: String
            public var items: Int
            public var correct: Int
            public var undetermined: Int
            public var accuracy: Double
        }

        public var data: String
        public var items: Int
        public var correct: Int
        public var undetermined: Int
        public var accuracy: Double
        /// Mean accuracy over languages (each language weighs the same).
        public var macroAccuracy: Double
        public var bytes: Int
        public var seconds: Double
        public var megabytesPerSecond: Double
        public var itemsPerSecond: Double
        /// The CPU time the detection took on its thread: unlike `seconds`, it does not grow when
        /// other programs share the cores, so it is the figure to compare runs by.
        public var cpuSeconds: Double
        /// Megabytes per second of that CPU time: the throughput on one core.
        public var megabytesPerCPUSecond: Double
        /// Expected calibration error: the mean gap between confidence and accuracy over ten
        /// confidence bins, weighted by bin size (0 is perfectly calibrated).
        public var calibrationError: Double
        public var languages: [LanguageFigures]

        enum CodingKeys: String, CodingKey {
            case data, items, correct, undetermined, accuracy, bytes, seconds, languages
            case macroAccuracy = "macro_accuracy"
            case megabytesPerSecond = "mb_per_second"
            case itemsPerSecond = "items_per_second"
            case cpuSeconds = "cpu_seconds"
            case megabytesPerCPUSecond = "mb_per_cpu_second"
            case calibrationError = "calibration_error"
        }
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notFound(String)
        case empty(String)
        public var description: String {
            switch self {
            case .notFound(let path): "no such file or folder: \(path)"
            case .empty(let path): "no labelled text in \(path)"
            }
        }
    }

    public let detector: LanguageDetector

    public init(detector: LanguageDetector) {
        self.detector = detector
    }

    /// Reads labelled text from a folder of `LANG.txt` files or a `lang<TAB>text` TSV file.
    public static func load(path: String) throws -> [Item] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError.notFound(path)
        }
        var items: [Item] = []
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            for name in names where name.hasSuffix(".txt") && !name.hasPrefix("LICENSE") {
                let language = String(name.dropLast(4))
                let text = try String(contentsOfFile: (path as NSString).appendingPathComponent(name), encoding: .utf8)
                items += lines(of: text).map { Item(language: language, text: $0) }
            }
        } else {
            items = parseTSV(try String(contentsOfFile: path, encoding: .utf8))
        }
        guard !items.isEmpty else { throw LoadError.empty(path) }
        return items
    }

    /// Parses `lang<TAB>text` lines; lines without a tab and a `lang<TAB>text` header are skipped.
    public static func parseTSV(_ content: String) -> [Item] {
        lines(of: content).compactMap { line in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let language = line[..<tab].trimmingCharacters(in: .whitespaces)
            let text = String(line[line.index(after: tab)...])
            guard !language.isEmpty, language != "lang", !text.isEmpty else { return nil }
            return Item(language: language, text: text)
        }
    }

    private static func lines(of content: String) -> [String] {
        content.split(whereSeparator: \.isNewline).map { $0.precomposedStringWithCanonicalMapping }
            .filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// Whether two tags name the same language for scoring.
    public static func sameLanguage(_ expected: String, _ detected: String) -> Bool {
        LanguageCodes.comparable(expected) == LanguageCodes.comparable(detected)
    }

    /// The CPU time the calling thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Runs the detector on every item and scores it.
    ///
    /// The timed pass comes after an untimed one over the first megabyte of the items, so that it
    /// finds the model as a daemon that has been running a while does: paged in and in the caches
    /// (a cold run's first lookups fault the model's pages in).
    public func run(_ items: [Item], data: String) -> Report {
        var warmed = 0
        for item in items where warmed < 1_000_000 {
            _ = detector.identify(item.text)
            warmed += item.text.utf8.count
        }
        var results: [LanguageIdentification] = []
        results.reserveCapacity(items.count)
        let clock = ContinuousClock()
        let cpuStart = Self.threadCPUSeconds()
        let elapsed = clock.measure {
            for item in items { results.append(detector.identify(item.text)) }
        }
        let cpuSeconds = Self.threadCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let bytes = items.reduce(0) { $0 + $1.text.utf8.count }

        var perLanguage: [String: (items: Int, correct: Int, undetermined: Int)] = [:]
        var bins = [(count: Int, confidence: Double, correct: Int)](repeating: (0, 0, 0), count: 10)
        for (item, result) in zip(items, results) {
            let right = Self.sameLanguage(item.language, result.language)
            var figures = perLanguage[item.language, default: (0, 0, 0)]
            figures.items += 1
            if right { figures.correct += 1 }
            if result.isUndetermined { figures.undetermined += 1 }
            perLanguage[item.language] = figures
            let bin = min(9, Int(result.confidence * 10))
            bins[bin].count += 1
            bins[bin].confidence += result.confidence
            if right { bins[bin].correct += 1 }
        }
        let languages = perLanguage.keys.sorted().map { language in
            let figures = perLanguage[language]!
            return Report.LanguageFigures(
                language: language, items: figures.items, correct: figures.correct, undetermined: figures.undetermined,
                accuracy: Double(figures.correct) / Double(figures.items))
        }
        let correct = languages.reduce(0) { $0 + $1.correct }
        let calibration = bins.reduce(0.0) { sum, bin in
            bin.count == 0 ? sum : sum + abs(bin.confidence - Double(bin.correct)) / Double(max(items.count, 1))
        }
        return Report(
            data: data,
            items: items.count,
            correct: correct,
            undetermined: languages.reduce(0) { $0 + $1.undetermined },
            accuracy: items.isEmpty ? 0 : Double(correct) / Double(items.count),
            macroAccuracy: languages.isEmpty ? 0 : languages.reduce(0) { $0 + $1.accuracy } / Double(languages.count),
            bytes: bytes,
            seconds: seconds,
            megabytesPerSecond: seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0,
            itemsPerSecond: seconds > 0 ? Double(items.count) / seconds : 0,
            cpuSeconds: cpuSeconds,
            megabytesPerCPUSecond: cpuSeconds > 0 ? Double(bytes) / 1_000_000 / cpuSeconds : 0,
            calibrationError: calibration,
            languages: languages
        )
    }
}

extension LanguageEvaluation.Report {
    /// The report as a table for people: one line per language, then the totals.
    public var table: String {
        var lines = ["language  items  correct  und  accuracy"]
        for figures in languages {
            lines.append(
                figures.language.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(format: "  %5d  %7d  %3d  %7.2f%%", figures.items, figures.correct, figures.undetermined,
                             figures.accuracy * 100))
        }
        lines.append(
            String(format: "overall   %5d  %7d  %3d  %7.2f%%  (macro %.2f%%)", items, correct, undetermined,
                   accuracy * 100, macroAccuracy * 100))
        lines.append(
            String(format: "throughput %.2f MB/s, %.0f items/s (%d bytes in %.3f s); calibration error %.3f",
                   megabytesPerSecond, itemsPerSecond, bytes, seconds, calibrationError))
        lines.append(
            String(format: "on one core %.2f MB/s (%.3f s of CPU time on the detecting thread)",
                   megabytesPerCPUSecond, cpuSeconds))
        return lines.joined(separator: "\n")
    }
}
