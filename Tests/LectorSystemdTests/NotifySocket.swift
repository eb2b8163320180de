import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An `AF_UNIX` datagram socket standing in for systemd's notification socket: point a process's
/// `$NOTIFY_SOCKET` at ``path`` and read what it announces.
final class NotifySocket {
    let path: String
    private let fd: Int32
    /// Every message received so far, in order.
    private(set) var received: [String] = []

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Receives what arrives within 100 ms.
    func poll() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            received.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
    }

    /// Waits until a message received after index `after` satisfies `condition`; returns its index.
    @discardableResult
    func waitFor(after: Int = -1, timeout: Duration = .seconds(60), _ condition: (String) -> Bool) -> Int? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let index = received.indices.first(where: { $0 > after && condition(received[$0]) }) { return index }
            if ContinuousClock.now > deadline { return nil }
            poll()
        }
    }
}
