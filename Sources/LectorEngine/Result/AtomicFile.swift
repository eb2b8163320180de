import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that readers see either nothing or the whole file: write a temporary file in
/// the same folder, fsync it, rename it over the final name, then fsync the folder so the rename
/// itself survives a crash.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var operation: String
        public var errno: Int32
        public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    }

    /// Writes `data` to `path` atomically, replacing any file there.
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o644) throws(WriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        // A dotted temporary name, so folder watchers that ignore dotfiles never pick it up.
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw WriteError(path: temporary, operation: "create", errno: errno) }
        var failure: WriteError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = WriteError(path: temporary, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = WriteError(path: temporary, operation: "fsync", errno: errno) }
        if close(fd) != 0, failure == nil { failure = WriteError(path: temporary, operation: "close", errno: errno) }
        if failure == nil, rename(temporary, path) != 0 { failure = WriteError(path: path, operation: "rename", errno: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        let folderFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }
}
