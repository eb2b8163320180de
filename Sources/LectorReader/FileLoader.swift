#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole regular file into memory without ever blocking on, or following, something that
/// is not one.
///
/// The file is opened with `O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC`: a symbolic link fails
/// to open (`ELOOP`), a FIFO opens at once instead of waiting for a writer, and the descriptor
/// never leaks into a child process. `fstat` on the open descriptor (not on the path, which could
/// be swapped in between) then decides: only a regular file within the size limit is read.
///
/// ```swift
/// let bytes = try FileLoader.load(path: "inbox/story.txt", maxBytes: 1 << 20)
/// ```
enum FileLoader {
    static func load(path: String, maxBytes: Int) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw openError(errno: errno, path: path) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ReadError(code: .unreadable, message: "Could not inspect \(path): \(describe(errno)).")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ReadError(
                code: .notRegularFile,
                message: "\(path) is \(kind(of: status.st_mode)), not a regular file; only regular files are read."
            )
        }
        let size = Int(status.st_size)
        guard size <= maxBytes else { throw tooLarge(size: size, limit: maxBytes) }

        // Read up to one byte past the limit, so a file that grew since fstat is still caught.
        var bytes = [UInt8](repeating: 0, count: min(size, maxBytes) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= maxBytes else { throw tooLarge(size: filled, limit: maxBytes) }
                bytes.append(contentsOf: repeatElement(0, count: min(65_536, maxBytes + 1 - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ReadError(code: .unreadable, message: "Could not read \(path): \(describe(errno)).")
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= maxBytes else { throw tooLarge(size: filled, limit: maxBytes) }
        bytes.removeSubrange(filled...)
        return bytes
    }

    static func tooLarge(size: Int, limit: Int) -> ReadError {
        ReadError(
            code: .tooLarge,
            message: "The file is \(size) bytes, over the limit of \(limit) bytes; split it, or raise the limit "
                + "if articles this large are expected."
        )
    }

    /// The last path component, ignoring trailing slashes.
    static func lastComponent(of path: String) -> String {
        let trimmed = path.reversed().drop { $0 == "/" }.reversed()
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }

    private static func openError(errno code: Int32, path: String) -> ReadError {
        switch code {
        case ELOOP:
            return ReadError(
                code: .notRegularFile,
                message: "\(path) is a symbolic link; links are not followed, so copy or move the real file in instead."
            )
        case ENXIO:
            // open(2) on a Unix socket (or a device with no driver) fails this way.
            return ReadError(
                code: .notRegularFile,
                message: "\(path) is a socket or a device, not a file; only regular files are articles."
            )
        case ENOENT, ENOTDIR:
            return ReadError(code: .notFound, message: "\(path) does not exist (it may have been moved away).")
        case EACCES, EPERM:
            return ReadError(
                code: .unreadable,
                message: "\(path) cannot be opened: \(describe(code)); give the service's user read permission."
            )
        default:
            return ReadError(code: .unreadable, message: "\(path) cannot be opened: \(describe(code)).")
        }
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
