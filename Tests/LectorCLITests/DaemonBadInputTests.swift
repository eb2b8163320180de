import Foundation
import LectorTestKit
import LectorCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Thirty-odd kinds of bad and strange input dropped into one running daemon: each must end as a
/// correct result, or in failed/ with a clear error code, or be left alone when it is not an
/// article; the daemon must keep running and lose nothing.
@Suite(.serialized)
struct DaemonBadInputTests {
    enum Outcome: Equatable, CustomStringConvertible {
        case result
        case failed(String)
        /// Not taken: stays in the inbox.
        case ignored
        var description: String {
            switch self {
            case .result: "result"
            case .failed(let code): "failed(\(code))"
            case .ignored: "ignored"
            }
        }
    }

    struct Case {
        var name: [UInt8]
        var expected: Outcome
        var make: (_ path: String) throws -> Void

        init(_ name: String, _ expected: Outcome, _ make: @escaping (_ path: String) throws -> Void) {
            self.init(bytes: Array(name.utf8), expected, make)
        }

        init(bytes: [UInt8], _ expected: Outcome, _ make: @escaping (_ path: String) throws -> Void) {
            self.name = bytes
            self.expected = expected
            self.make = make
        }
    }

    static func write(_ bytes: [UInt8]) -> (String) throws -> Void {
        { path in try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    }

    /// An ordinary article whose content differs per file, so none is a duplicate of another.
    static func article(_ path: String) throws {
        try Data("An ordinary article about \(URL(fileURLWithPath: path).lastPathComponent). It has two sentences.\n".utf8).write(to: URL(fileURLWithPath: path))
    }

    static func write(_ text: String, encoding: String) -> (String) throws -> Void {
        { path in
            let iconv = Process()
            iconv.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            iconv.arguments = ["iconv", "-f", "UTF-8", "-t", encoding, "-o", path]
            let input = Pipe()
            iconv.standardInput = input
            try iconv.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            iconv.waitUntilExit()
        }
    }

    static let arabic = "في صباح يوم 18 يناير، عقدت اللجنة التوجيهية مؤتمرا لتلخيص الأنشطة في عام 2023.\nوحضر المؤتمر رئيس لجنة جبهة الوطن الإقليمية.\n"
    static let urdu = "27 دسمبر کی صبح، صوبائی پارٹی کمیٹی نے ایک کانفرنس کا انعقاد کیا۔\nکانفرنس میں صوبائی قائدین نے شرکت کی۔\n"
    static let french = "Le comité s'est réuni à Genève. Les délégués ont présenté leurs résultats à l'été.\n"

    static func cases(outside: URL) -> [Case] {
        let text = Array("An ordinary article. It has two sentences.\n".utf8)
        return [
            Case("binary.dat", .failed("binary"), write((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })),
            Case("empty.txt", .failed("empty"), write([])),
            Case("whitespace.txt", .failed("empty"), write(Array(" \n\t\n   \n".utf8))),
            Case("bom-only.txt", .failed("empty"), write([0xEF, 0xBB, 0xBF])),
            Case("nul-in-middle.txt", .failed("binary"), write(text + [0] + text)),
            Case("truncated-utf8.txt", .failed("invalid-encoding"), write(Array(Array(urdu.utf8).dropLast(2)))),  // cuts "۔" in half
            Case("mixed-encodings.txt", .failed("invalid-encoding"), write(Array(urdu.utf8) + [0xE1, 0xC7, 0xE4, 0x20] + Array(urdu.utf8))),
            Case("report.pdf", .failed("binary"), write(Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8) + [0, 1, 2, 3])),
            Case("photo.png", .failed("binary"), write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])),
            Case("photo.jpg", .failed("binary"), write([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0])),
            Case("too-large.txt", .failed("too-large"), write(Array(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024 + 1))),
            // 200 MB, sparse: refused by its size before a byte is read.
            Case("huge-200mb.txt", .failed("too-large")) { path in
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                _ = ftruncate(fd, 200 * 1024 * 1024)
                close(fd)
            },
            Case("one-long-line.txt", .result, write(Array(String(repeating: "word ", count: 200_000).utf8))),
            Case("utf16le-bom.txt", .result, write(Self.arabic, encoding: "UTF-16")),
            Case("utf16be-bom.txt", .result, write([0xFE, 0xFF] + Array(Self.french.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })),
            Case("utf16le-no-bom.txt", .result, write(Array(Self.french.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })),
            Case("arabic-1256.txt", .result, write(Self.arabic, encoding: "CP1256")),
            Case("arabic-8859-6.txt", .result, write(Self.arabic, encoding: "ISO-8859-6")),
            Case("french-1252.txt", .result, write(Self.french, encoding: "CP1252")),
            Case("crlf.txt", .result, write(Array("First line.\r\nSecond line.\r\n".utf8))),
            // Mail saved to a folder: read as its subject and text part; a mailbox of several
            // messages is refused, since each message is an article of its own.
            Case("message.eml", .result, write(Array("From: a@example.org\r\nSubject: =?utf-8?q?Crue_=C3=A0_Lyon?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLes quais sont ferm=C3=A9s.\r\n".utf8))),
            // Word and OpenDocument files are read; other ZIP archives stay binary.
            Case("news.docx", .result, write(Self.fixture("news.docx"))),
            Case("crue.odt", .result, write(Self.fixture("crue.odt"))),
            Case("damaged.docx", .failed("binary"), write(Array(Self.fixture("news.docx").prefix(20_000)))),
            Case("mailbox.mbox", .failed("several-articles"), write(Array("From a@example.org Mon Nov 30 09:00:00 2026\nFrom: a@example.org\nSubject: One\n\nFirst.\n\nFrom b@example.org Mon Nov 30 10:00:00 2026\nFrom: b@example.org\nSubject: Two\n\nSecond.\n".utf8))),
            // libxml2 stops at its nesting limit (256 levels), so nothing visible remains: a clear
            // error is the honest outcome for 100,000 levels.
            Case("nested.html", .failed("empty"), write(Array(("<html><body>" + String(repeating: "<div>", count: 100_000) + "deep text" + String(repeating: "</div>", count: 100_000) + "<p>Visible paragraph.</p></body></html>").utf8))),
            Case("broken.html", .result, write(Array("<html><head><title>Broken<body><p>Unclosed paragraph<p>Another <b>bold <i>mess</p></div></span>".utf8))),
            Case("scripts-only.html", .failed("empty"), write(Array("<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>".utf8))),
            Case("fifo.txt", .failed("not-regular-file")) { path in _ = mkfifo(path, 0o644) },
            Case("socket.txt", .failed("not-regular-file")) { path in try Self.makeSocket(at: path) },
            Case("symlink-out.txt", .failed("not-regular-file")) { path in
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside.appendingPathComponent("secret.txt").path)
            },
            Case("hardlink.txt", .result) { path in _ = link(outside.appendingPathComponent("shared.txt").path, path) },
            // Root reads any file, so as root this is a result; as anyone else, a clear error.
            Case("no-permission.txt", geteuid() == 0 ? .result : .failed("unreadable")) { path in
                try article(path)
                chmod(path, 0)
            },
            Case(bytes: Array("line\nbreak.txt".utf8), .result, article),
            Case(bytes: [0x62, 0x61, 0x64, 0xFF, 0xFE, 0x2E, 0x74, 0x78, 0x74], .result, write(text)),
            Case("Vie\u{0323}\u{0302}t Nam.txt", .result, article),
            Case(String(repeating: "x", count: 251) + ".txt", .result, article),
            Case("download.part", .ignored, write(text)),
            Case(".hidden", .ignored, write(text)),
            Case("~$draft.docx", .ignored, write(text)),
            Case("folder.txt", .ignored) { path in try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) },
        ]
    }

    static func makeSocket(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(fd)
        guard result == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    @Test func everyKindEndsAsAResultAFailureWithItsCodeOrIsLeftAlone() throws {
        let folder = try TemporaryFolder()
        let outside = folder.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("Top secret, outside the inbox.\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try Data("Shared through a hard link. It stays here.\n".utf8).write(to: outside.appendingPathComponent("shared.txt"))

        // The socket path must fit in sun_path (108 bytes): a short root.
        let root = URL(fileURLWithPath: "/tmp/lector-bad-\(getpid())-\(UInt16.random(in: 0...UInt16.max))")
        defer { try? FileManager.default.removeItem(at: root) }
        let daemon = try DaemonProcess(root: root, settings: ["reader.max_bytes=2MB", "daemon.retries=0"])
        defer { daemon.stop() }
        #expect(DaemonProcess.waitUntil { daemon.log.contains("watching the inbox") })

        let cases = Self.cases(outside: outside)
        for item in cases {
            let path = String(decoding: Array(daemon.inbox.path.utf8) + [UInt8(ascii: "/")] + item.name, as: UTF8.self)
            if item.name.contains(0xFF) {
                // A name that is not UTF-8 cannot pass through a Swift String: create it by bytes.
                let fullPath = Array(daemon.inbox.path.utf8) + [UInt8(ascii: "/")] + item.name + [0]
                let fd = fullPath.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
                try #require(fd >= 0)
                _ = "A name that is not UTF-8. The content is its own.\n".withCString { Glibc.write(fd, $0, strlen($0)) }
                close(fd)
                continue
            }
            do {
                try item.make(path)
            } catch {
                Issue.record("could not create the \(String(decoding: item.name, as: UTF8.self)) case: \(error)")
            }
        }
        // A file that vanishes between its event and its claim: create and delete while the daemon
        // is stopped, so its events arrive for a file that is gone.
        daemon.signal(SIGSTOP)
        // A stop reaches each thread when it next runs; under load one could still claim the file.
        #expect(DaemonProcess.waitUntil(timeout: .seconds(10)) { daemon.isStopped })
        try Data("Gone before it was claimed.\n".utf8).write(to: daemon.inbox.appendingPathComponent("vanishing.txt"))
        try FileManager.default.removeItem(at: daemon.inbox.appendingPathComponent("vanishing.txt"))
        daemon.signal(SIGCONT)

        let expectedResults = cases.filter { $0.expected == .result }.count
        let expectedFailures = cases.filter { if case .failed = $0.expected { true } else { false } }.count
        let settled = DaemonProcess.waitUntil(timeout: .seconds(120)) {
            // Not the result writer's dotted temporary files: counting one while it is renamed
            // would let the checks below read a result that is not there yet.
            let results = ((try? rawNames(in: daemon.output)) ?? []).filter { $0.first != UInt8(ascii: ".") }
            let failed = ((try? rawNames(in: daemon.failed)) ?? []).filter { Self.hasSuffix($0, ".error.json") }
            return results.count == expectedResults && failed.count == expectedFailures
        }
        #expect(settled, "results: \(((try? rawNames(in: daemon.output)) ?? []).count)/\(expectedResults), failures: \(((try? rawNames(in: daemon.failed)) ?? []).filter { Self.hasSuffix($0, ".error.json") }.count)/\(expectedFailures); log: \(daemon.log.suffix(3000))")

        let inboxLeft = ((try? rawNames(in: daemon.inbox)) ?? []).map { String(decoding: $0, as: UTF8.self) }
        let failedNames = ((try? rawNames(in: daemon.failed)) ?? []).map { String(decoding: $0, as: UTF8.self) }
        #expect(Set(inboxLeft) == Set(cases.filter { $0.expected == .ignored }.map { String(decoding: $0.name, as: UTF8.self) }), "left in the inbox: \(inboxLeft); failed: \(failedNames)")
        for item in cases {
            let label = String(decoding: item.name, as: UTF8.self)
            switch item.expected {
            case .failed(let code):
                let error = try JSONValue.parse(readFile(daemon.failed, item.name + Array(".error.json".utf8)))
                #expect(error["code"] == .string(code), "\(label): \(String(describing: error["code"]))")
                let message = error["message"]?.stringValue ?? ""
                #expect(message.count > 10, "\(label) has a sentence saying why")
                #expect(!message.contains("/processing/"), "\(label)'s message names the user's file, not the claim: \(message)")
            case .result:
                let shortened = item.name.count + 5 > 255
                if !shortened {
                    let result = try JSONValue.parse(readFile(daemon.output, item.name + Array(".json".utf8)))
                    #expect(LectorBinary.schema.validate(result) == [], "\(label)")
                    #expect(result["status"] == .string("ok"), "\(label)")
                }
            case .ignored:
                #expect(FileManager.default.fileExists(atPath: daemon.inbox.appendingPathComponent(label).path), "\(label) stays in the inbox")
            }
        }
        // Decoded text is right, not just present.
        #expect(try JSONValue.parse(readFile(daemon.output, Array("arabic-1256.txt.json".utf8))).at("document.text") == .string(Self.arabic))
        #expect(try JSONValue.parse(readFile(daemon.output, Array("arabic-8859-6.txt.json".utf8))).at("document.text") == .string(Self.arabic))
        #expect(try JSONValue.parse(readFile(daemon.output, Array("french-1252.txt.json".utf8))).at("document.text") == .string(Self.french))
        #expect(try JSONValue.parse(readFile(daemon.output, Array("utf16le-no-bom.txt.json".utf8))).at("document.text") == .string(Self.french))
        let word = try JSONValue.parse(readFile(daemon.output, Array("news.docx.json".utf8)))
        #expect(word.at("document.format") == .string("docx"))
        #expect(word.at("document.text")?.stringValue?.hasPrefix("Floods close the coast road\nHeavy rain flooded") == true)
        #expect(try JSONValue.parse(readFile(daemon.output, Array("crue.odt.json".utf8))).at("document.format") == .string("odt"))
        let mail = try JSONValue.parse(readFile(daemon.output, Array("message.eml.json".utf8)))
        #expect(mail.at("document.text") == .string("Crue à Lyon\n\nLes quais sont fermés.\n"))
        #expect(mail.at("document.format") == .string("email") && mail.at("document.declared_title") == .string("Crue à Lyon"))
        // Nothing followed the symlink; the hard link's other name is untouched.
        #expect(try String(contentsOf: outside.appendingPathComponent("secret.txt"), encoding: .utf8) == "Top secret, outside the inbox.\n")
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("shared.txt").path))
        // The vanished file left no trace, and nothing is stuck.
        #expect(!FileManager.default.fileExists(atPath: daemon.failed.appendingPathComponent("vanishing.txt").path))
        #expect(DaemonProcess.waitUntil { daemon.leftInProcessing().isEmpty }, "processing: \(daemon.leftInProcessing())")
        #expect(daemon.process.isRunning, "the daemon kept running")
        // The daemon still works after all that.
        try drop("After the storm. A normal article.\n", as: "after.txt", in: daemon.inbox)
        #expect(DaemonProcess.waitUntil { FileManager.default.fileExists(atPath: daemon.output.appendingPathComponent("after.txt.json").path) })
    }

    /// A file of the reader's test fixtures (Tests/LectorReaderTests/Fixtures).
    static func fixture(_ name: String) -> [UInt8] {
        let url = ChildProcess.repositoryRoot.appendingPathComponent("Tests/LectorReaderTests/Fixtures/\(name)")
        return (try? [UInt8](Data(contentsOf: url))) ?? []
    }

    static func hasSuffix(_ bytes: [UInt8], _ suffix: String) -> Bool {
        let tail = Array(suffix.utf8)
        return bytes.count >= tail.count && Array(bytes.suffix(tail.count)) == tail
    }

    private func rawNames(in folder: URL) throws -> [[UInt8]] {
        guard let directory = opendir(folder.path) else { return [] }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names
    }

    private func readFile(_ folder: URL, _ name: [UInt8]) throws -> Data {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY) } }
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOENT) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
