import Foundation
import LectorSystemd
import Synchronization
import Testing

struct ServiceNotifierTests {
    final class Recorder: Sendable {
        let messages = Mutex<[String]>([])
        var notifier: ServiceNotifier {
            ServiceNotifier { message in
                self.messages.withLock { $0.append(message) }
                return 1
            }
        }
    }

    @Test func readyCarriesTheStatusOnOneLine() {
        let recorder = Recorder()
        recorder.notifier.ready(status: "idle; 3 done,\n0 failed")
        #expect(recorder.messages.withLock { $0 } == ["READY=1\nSTATUS=idle; 3 done, 0 failed"])
    }

    @Test func reloadingCarriesTheMonotonicClockInMicroseconds() throws {
        let recorder = Recorder()
        var before = timespec()
        clock_gettime(CLOCK_MONOTONIC, &before)
        recorder.notifier.reloading()
        var after = timespec()
        clock_gettime(CLOCK_MONOTONIC, &after)
        let message = try #require(recorder.messages.withLock { $0.first })
        let lines = message.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let value = try #require(lines.first { $0.hasPrefix("MONOTONIC_USEC=") }.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(value >= UInt64(before.tv_sec) * 1_000_000 + UInt64(before.tv_nsec) / 1000)
        #expect(value <= UInt64(after.tv_sec) * 1_000_000 + UInt64(after.tv_nsec) / 1000)
    }

    @Test func stoppingAndWatchdogAreSingleAssignments() {
        let recorder = Recorder()
        recorder.notifier.stopping()
        recorder.notifier.watchdog()
        #expect(recorder.messages.withLock { $0 } == ["STOPPING=1\nSTATUS=stopping", "WATCHDOG=1"])
    }
}
