import CLinux
import Foundation

/// The daemon's settings for glibc's allocator, which keep its resident memory near what it uses.
///
/// glibc gives each thread that allocates under contention an arena of its own, up to eight per
/// core, and each arena keeps the memory freed into it. The daemon's articles run on many threads
/// (see ``OffPoolExecutor``), so by default every one of them ends up holding an arena's worth of
/// freed memory. And glibc raises its mmap threshold each time a large block is freed, up to
/// 32 MB, after which the buffers of a large article come from an arena and stay there.
///
/// So the daemon keeps one arena per core (at least two) and a fixed mmap threshold of 1 MB, set
/// first thing at start-up, before the models are loaded.
/// Measured with the benchmark's cost-against-size run (1 worker, 4 articles in flight), peak RSS
/// with 1 KB articles went from 136 to 116 MB and with 1 MB articles from 234 to 144 MB, at the same
/// CPU time per article; one arena cost about 10% more CPU per seed article with 2 workers, a
/// 256 KB threshold 30% more on 1 MB articles. A variable set in the environment
/// (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`) wins over these.
public enum MallocTuning {
    public static let mmapThreshold = 1 << 20

    /// Applies the settings; false when glibc refused one.
    @discardableResult
    public static func apply(
        cores: Int = ProcessInfo.processInfo.activeProcessorCount, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        let arenas = environment["MALLOC_ARENA_MAX"] == nil ? max(2, cores) : 0
        let threshold = environment["MALLOC_MMAP_THRESHOLD_"] == nil ? mmapThreshold : 0
        return lector_tune_malloc(Int32(arenas), Int32(threshold)) == 1
    }
}
