import CLinux
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An error from a system call, with the operation and path for the log and the error file.
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }

    /// A full disk or an exhausted quota: the article is not at fault, and waits for space.
    public var isOutOfSpace: Bool { errno == ENOSPC || errno == EDQUOT }

    /// Errors that a later attempt may not meet again (a full disk, an I/O error, a busy file).
    public var isTransient: Bool {
        [ENOSPC, EIO, EAGAIN, EBUSY, EINTR, ENOMEM, EMFILE, ENFILE, EDQUOT, ETIMEDOUT, ESTALE].contains(errno)
    }
}

/// File names and paths as bytes. Linux names are byte strings; names that are not valid UTF-8,
/// NFD names and names with newlines must survive exactly, so the daemon never turns them into
/// Swift Strings on the way from the inbox to the archive.
public struct PathBytes: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    public func appending(_ component: PathBytes) -> PathBytes {
        if component.bytes.isEmpty { return self }
        if bytes.isEmpty { return component }
        return PathBytes(bytes + [UInt8(ascii: "/")] + component.bytes)
    }

    public var lastComponent: PathBytes {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return self }
        return PathBytes(Array(bytes[(slash + 1)...]))
    }

    public var parent: PathBytes {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return PathBytes([]) }
        return PathBytes(Array(bytes[..<slash]))
    }

    /// For logs and results: invalid UTF-8 shown as U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }
    /// Whether the bytes are valid UTF-8.
    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The bytes in lower-case hexadecimal. (Built byte by byte: `String(format:)` per byte was 1 %
    /// of the daemon's CPU time, for the two names every article records.)
    public var hex: String {
        let digits = Self.hexDigits
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    public init?(hex: String) {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        self.bytes = bytes
    }

    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }
}

/// What `lstat` says of a path.
public struct FileStatus: Hashable, Sendable {
    public enum Kind: Sendable { case regular, directory, symlink, fifo, socket, device, other }
    public var kind: Kind
    public var size: Int
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64
    public var device: UInt64
    public var inode: UInt64
    /// Hard links to the file.
    public var links: Int
}

/// The few system calls the daemon needs, on byte paths, with errors that name the path.
public enum FileSystem {
    public struct Entry: Sendable {
        public var name: PathBytes
        public var isDirectory: Bool
    }

    /// The entries of a folder, without `.` and `..`. Symbolic links are reported as files; the
    /// caller `lstat`s what it takes.
    public static func list(_ folder: PathBytes) throws(SystemError) -> [Entry] {
        guard let directory = folder.withCString({ opendir($0) }) else {
            throw SystemError(operation: "opendir", path: folder.description, errno: errno)
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                // Some filesystems (XFS without ftype, many network filesystems) do not fill d_type.
                isDirectory = status(folder.appending(PathBytes(name)))?.kind == .directory
            }
            entries.append(Entry(name: PathBytes(name), isDirectory: isDirectory))
        }
        return entries
    }

    /// `lstat`: nil when the path does not exist or cannot be examined.
    public static func status(_ path: PathBytes) -> FileStatus? {
        var info = stat()
        guard path.withCString({ lstat($0, &info) }) == 0 else { return nil }
        let kind: FileStatus.Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR, S_IFBLK: kind = .device
        default: kind = .other
        }
        return FileStatus(
            kind: kind, size: Int(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), links: Int(info.st_nlink))
    }

    public static func rename(_ from: PathBytes, to: PathBytes) throws(SystemError) {
        let result = from.withCString { source in to.withCString { Glibc.rename(source, $0) } }
        if result != 0 { throw SystemError(operation: "rename", path: "\(from) -> \(to)", errno: errno) }
    }

    /// Moves a file to `to`, or to `to` with `-2`, `-3`, … inserted before its extension when that
    /// name is taken: never replaces an existing file. Returns the name used.
    public static func moveWithoutReplacing(_ from: PathBytes, to: PathBytes) throws(SystemError) -> PathBytes {
        var attempt = 1
        while true {
            let candidate = attempt == 1 ? to : suffixed(to, attempt)
            // link() fails with EEXIST instead of replacing, which rename() would do silently.
            let linked = from.withCString { source in candidate.withCString { link(source, $0) } }
            if linked == 0 {
                _ = from.withCString { unlink($0) }
                return candidate
            }
            let error = errno
            switch error {
            case EEXIST:
                // The same file already has that name (a crash came between link and unlink):
                // finish the move instead of making a second copy.
                if let existing = status(candidate), let source = status(from), existing.device == source.device, existing.inode == source.inode {
                    _ = from.withCString { unlink($0) }
                    return candidate
                }
                attempt += 1
            case EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, EXDEV:
                // Filesystems without hard links (some network shares): check, then rename.
                if status(candidate) != nil {
                    attempt += 1
                    continue
                }
                try rename(from, to: candidate)
                return candidate
            default:
                throw SystemError(operation: "link", path: "\(from) -> \(candidate)", errno: error)
            }
        }
    }

    /// `name.ext` -> `name-N.ext`; `name` -> `name-N`. A leading dot is not an extension.
    static func suffixed(_ path: PathBytes, _ number: Int) -> PathBytes {
        let name = path.lastComponent.bytes
        let suffix = Array("-\(number)".utf8)
        var newName: [UInt8]
        if let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > 0 {
            newName = Array(name[..<dot]) + suffix + Array(name[dot...])
        } else {
            newName = name + suffix
        }
        return path.parent.appending(PathBytes(newName))
    }

    public static func remove(_ path: PathBytes) throws(SystemError) {
        if path.withCString({ unlink($0) }) != 0, errno != ENOENT {
            throw SystemError(operation: "unlink", path: path.description, errno: errno)
        }
    }

    /// Creates a folder and its parents; an existing folder is fine.
    public static func createDirectory(_ path: PathBytes, mode: mode_t = 0o755) throws(SystemError) {
        if status(path)?.kind == .directory { return }
        let parent = path.parent
        if !parent.bytes.isEmpty, status(parent) == nil { try createDirectory(parent, mode: mode) }
        if path.withCString({ mkdir($0, mode) }) != 0, errno != EEXIST {
            throw SystemError(operation: "mkdir", path: path.description, errno: errno)
        }
    }

    /// Reads a whole small file.
    public static func read(_ path: PathBytes) throws(SystemError) -> [UInt8] {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else { throw SystemError(operation: "open", path: path.description, errno: errno) }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(operation: "read", path: path.description, errno: errno)
            }
            if count == 0 { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    /// Writes a file atomically (temporary file, fsync, rename, fsync of the folder); the temporary
    /// file is made in `temporaryFolder` if given (see ``AtomicFile/write(_:to:temporaryFolder:permissions:)``).
    public static func writeAtomically(_ data: Data, to path: PathBytes, temporaryFolder: PathBytes? = nil) throws(SystemError) {
        do {
            try AtomicFile.write(data, to: path, temporaryFolder: temporaryFolder)
        } catch {
            throw SystemError(operation: error.operation, path: error.path, errno: error.errno)
        }
    }

    /// The filesystem type (statfs f_type) of the filesystem holding `path`.
    public static func filesystemType(_ path: PathBytes) -> Int64? {
        var type: Int64 = 0
        guard path.withCString({ lector_filesystem_type($0, &type) }) == 0 else { return nil }
        return type
    }

    /// Filesystems on which inotify sees only local changes, if any: network and FUSE filesystems.
    static let remoteFilesystemTypes: Set<Int64> = [
        0x6969,  // NFS
        0x517B,  // SMB
        0xFF53_4D42,  // CIFS
        0xFE53_4D42,  // SMB2
        0x6573_5546,  // FUSE
        0x0102_1997,  // 9P
        0x00C3_6400,  // Ceph
        0x5346_414F,  // AFS
        0x0BD0_0BD0,  // Lustre
        0x4750_4653,  // GPFS
        0x1373,  // devfs-like: never local files
    ]

    public static func isRemote(_ path: PathBytes) -> Bool {
        guard let type = filesystemType(path) else { return false }
        return remoteFilesystemTypes.contains(type)
    }
}
