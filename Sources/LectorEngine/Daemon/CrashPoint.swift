import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The steps of an article's way between which a crash leaves something for recovery to finish.
///
/// `lector daemon --crash-at POINT` (a hidden option, for tests) makes the daemon kill itself with
/// SIGKILL the first time an article reaches the point, so a test can start it again and check
/// that recovery ends the article exactly once: one result or one failed entry, in the folders and
/// in the catalog. A random kill (the crash soak) hits most of these windows only now and then.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// The claim record is on the inbox file (or in its meta); the file is not yet in processing.
    case claimRecorded = "claim-recorded"
    /// The result is written; the catalog does not know it yet.
    case resultWritten = "result-written"
    /// The catalog says done; the original is still in processing.
    case doneRecorded = "done-recorded"
    /// The original is archived; its meta (if any) is not yet removed.
    case archived
    /// The failure record is written in failed/; the catalog does not know it yet.
    case failureWritten = "failure-written"
    /// The catalog says failed; the article is still in processing.
    case failureRecorded = "failure-recorded"
    /// The article is in failed/; its meta (if any) is not yet removed.
    case failedMoved = "failed-moved"

    /// Arms the point for the life of the process.
    public func arm() {
        armedCrashPoint.store(Self.allCases.firstIndex(of: self) ?? -1, ordering: .relaxed)
    }

    /// Kills the process at once if this point is armed; otherwise one relaxed load (no point is
    /// armed in service, and `allCases` is only looked at when one is).
    func reached() {
        let armed = armedCrashPoint.load(ordering: .relaxed)
        guard armed >= 0, armed == Self.allCases.firstIndex(of: self) else { return }
        kill(getpid(), SIGKILL)
    }
}

private let armedCrashPoint = Atomic<Int>(-1)
