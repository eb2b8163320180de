import CLinux
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Extended attributes, where a claim's record can live on the claimed file itself.
extension FileSystem {
    /// Records `value` in the attribute `name` of the regular file at `path` and makes it durable
    /// (fsync of the file). False where the file cannot carry it: not a regular file, a symbolic
    /// link, no permission to write its attributes, a filesystem without user attributes, a value
    /// too large; the caller then keeps the record in a file of its own.
    static func setAttribute(_ name: String, _ value: [UInt8], on path: PathBytes) -> Bool {
        let fd = path.withCString { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        let written = value.withUnsafeBytes { lector_fsetxattr(fd, name, $0.baseAddress, $0.count) }
        return written == 0 && fsync(fd) == 0
    }

    /// The attribute `name` of the file at `path` (not following a symbolic link), or nil when it
    /// has none.
    static func attribute(_ name: String, of path: PathBytes) -> [UInt8]? {
        for _ in 0..<3 {
            let size = path.withCString { lector_lgetxattr($0, name, nil, 0) }
            guard size >= 0 else { return nil }
            var value = [UInt8](repeating: 0, count: max(1, size))
            let read = path.withCString { pathPointer in
                value.withUnsafeMutableBytes { lector_lgetxattr(pathPointer, name, $0.baseAddress, size) }
            }
            if read >= 0 { return Array(value[..<read]) }
            // ERANGE: the value grew between the two calls; ask again.
            if errno != ERANGE { return nil }
        }
        return nil
    }

    /// Removes the attribute `name`, if the file has it.
    static func removeAttribute(_ name: String, from path: PathBytes) {
        _ = path.withCString { lector_lremovexattr($0, name) }
    }
}
