import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that readers see either nothing or the whole file: write a temporary file in
/// the same folder, fsync it, rename it over the final name, then fsync the folder so the rename
/// itself survives a crash. A failed write (a full disk) removes its temporary file and leaves
/// any earlier file in place.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var operation: String
        public var errno: Int32
        public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    }

    /// Writes `data` to `path` atomically, replacing any file there.
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o644) throws(WriteError) {
        try write(data, to: PathBytes(path), permissions: permissions)
    }

    /// Writes `data` to a byte path atomically, replacing any file there.
    ///
    /// - Parameter temporaryFolder: where the temporary file is made, instead of beside `path`: a
    ///   folder of the writer's own on the same filesystem, so that a crash mid-write leaves its
    ///   debris where the writer sweeps, not in a folder that others read and share.
    public static func write(
        _ data: Data, to path: PathBytes, temporaryFolder: PathBytes? = nil, permissions: mode_t = 0o644
    ) throws(WriteError) {
        let folder = path.parent.bytes.isEmpty ? PathBytes(".") : path.parent
        // A dotted temporary name, so folder watchers that ignore dotfiles never pick it up; not
        // derived from the final name, which may already be as long as a name can be.
        let temporary = (temporaryFolder ?? folder).appending(PathBytes(".lector-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp"))
        let fd = temporary.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions) }
        guard fd >= 0 else { throw WriteError(path: temporary.description, operation: "create", errno: errno) }
        var failure: WriteError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = WriteError(path: temporary.description, operation: "write", errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = WriteError(path: temporary.description, operation: "fsync", errno: errno) }
        if close(fd) != 0, failure == nil { failure = WriteError(path: temporary.description, operation: "close", errno: errno) }
        if failure == nil, temporary.withCString({ source in path.withCString { rename(source, $0) } }) != 0 {
            failure = WriteError(path: path.description, operation: "rename", errno: errno)
        }
        if let failure {
            _ = temporary.withCString { unlink($0) }
            // The two folders are on one device but not one mount (a bind mount): write beside.
            if failure.operation == "rename", failure.errno == EXDEV, temporaryFolder != nil {
                try write(data, to: path, temporaryFolder: nil, permissions: permissions)
                return
            }
            throw failure
        }
        let folderFD = folder.withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }
}
