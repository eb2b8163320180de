import Foundation
import LectorCore
import Testing

@testable import LectorReader

/// Reading from the file system: only regular files, never blocking, never following links.
extension ArticleReaderTests {
    @Test("A regular file is read and named after its last path component")
    func readsRegularFile() throws {
        let path = Fixture.path("arabic.windows-1256.txt")
        let received = Date(timeIntervalSince1970: 1_700_000_000)
        let document = try reader.read(path: path, folder: "ar", receivedAt: received)
        #expect(document.text == (try Fixture.text("arabic.utf8.txt")))
        #expect(document.source.name == "arabic.windows-1256.txt")
        #expect(document.source.folder == "ar")
        #expect(document.source.receivedAt == received)
        #expect(document.id == (try Fixture.sha256Sums()["arabic.windows-1256.txt"]))
    }

    @Test("The name parameter decides HTML for a file")
    func nameDecidesHTML() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Array("<p>One</p><p>Two</p>".utf8), to: "incoming.tmp")
        let document = try reader.read(path: path, name: "story.htm")
        #expect(document.decoding.format == .html)
        #expect(document.source.name == "story.htm")
        #expect(document.text == "One\nTwo")
    }

    @Test("A FIFO is refused at once, without blocking")
    func fifoIsNotRegular() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("pipe.txt")
        #expect(mkfifo(path, 0o644) == 0)
        let started = Date()
        // No writer ever opens the FIFO: a blocking open would hang this test forever.
        let error = try #require(throws: ReadError.self) { try reader.read(path: path) }
        #expect(error.code == .notRegularFile)
        #expect(error.message.contains("FIFO"))
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("A symbolic link is not followed, even to a good file")
    func symlinkIsNotFollowed() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("link.txt")
        #expect(symlink(Fixture.path("arabic.utf8.txt"), path) == 0)
        let error = try #require(throws: ReadError.self) { try reader.read(path: path) }
        #expect(error.code == .notRegularFile)
        #expect(error.message.contains("symbolic link"))
    }

    @Test("A directory is refused")
    func directoryIsNotRegular() throws {
        let folder = try TemporaryFolder()
        let error = try #require(throws: ReadError.self) { try reader.read(path: folder.url.path) }
        #expect(error.code == .notRegularFile)
        #expect(error.message.contains("directory"))
    }

    @Test("A missing file is .notFound")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        let error = try #require(throws: ReadError.self) { try reader.read(path: folder.path("gone.txt")) }
        #expect(error.code == .notFound)
    }

    @Test("A file without read permission is .unreadable (not checkable as root)")
    func unreadableFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Array("secret".utf8), to: "locked.txt")
        #expect(chmod(path, 0) == 0)
        if geteuid() == 0 {
            // root reads regardless of permission bits, so the refusal cannot be provoked here;
            // what can be checked is that the file is still read correctly.
            #expect(try reader.read(path: path).text == "secret")
        } else {
            let error = try #require(throws: ReadError.self) { try reader.read(path: path) }
            #expect(error.code == .unreadable)
        }
    }

    @Test("A file over maxBytes is refused before it is read")
    func fileTooLarge() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Array(repeating: 0x41, count: 4096), to: "big.txt")
        let small = ArticleReader(options: .init(maxBytes: 4095))
        let error = try #require(throws: ReadError.self) { try small.read(path: path) }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("4096"))
        #expect(try ArticleReader(options: .init(maxBytes: 4096)).read(path: path).source.size == 4096)
    }

    @Test("An empty file is .empty")
    func emptyFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write([], to: "empty.txt")
        let error = try #require(throws: ReadError.self) { try reader.read(path: path) }
        #expect(error.code == .empty)
    }
}
