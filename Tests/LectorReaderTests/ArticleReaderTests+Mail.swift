import Foundation
import LectorCore
import Testing

@testable import LectorReader

/// E-mail messages: the subject as title and first line, the first text part as body, transfer
/// encodings and charsets undone, and clear errors for mailboxes and messages without text.
extension ArticleReaderTests {
    /// Lines joined with CR LF, as mail is written on the wire and often saved.
    private func message(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    @Test("A plain message: the subject heads the text, the headers are gone")
    func plainMessage() throws {
        let bytes = message([
            "Return-Path: <maria@example.org>", "Received: from mail.example.org by mx.example.org;",
            "\tMon, 30 Nov 2026 09:12:05 +0100", "From: Maria Keller <maria@example.org>", "To: desk@example.org",
            "Subject: Flooding in", " Passau", "Date: Mon, 30 Nov 2026 09:12:00 +0100", "", "The Danube rose 2 metres.",
            "",
        ])
        let document = try reader.decode(bytes: bytes, name: "flood.eml")
        #expect(document.decoding.format == .email)
        #expect(document.declaredTitle == "Flooding in Passau")
        #expect(document.text == "Flooding in Passau\n\nThe Danube rose 2 metres.\n")
        #expect(document.source.sha256 == ArticleReader.sha256Hex(bytes), "the id is the whole file's")
    }

    @Test("Quoted-printable Latin-1 with an encoded subject is decoded in its declared charset")
    func quotedPrintableLatin1() throws {
        var bytes = message([
            "From: redaction@example.fr", "Subject: =?iso-8859-1?q?Crue_=E0_Lyon?= =?iso-8859-1?q?_:_les_quais?=",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"iso-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable", "", "Le maire a annonc=E9 la fermeture des quais, =",
            "mardi =E0 Lyon.", "",
        ])
        bytes += [0x0D, 0x0A]
        let document = try reader.decode(bytes: bytes, name: "crue.eml")
        #expect(document.declaredTitle == "Crue à Lyon : les quais")
        #expect(
            document.text.hasPrefix(
                "Crue à Lyon : les quais\n\nLe maire a annoncé la fermeture des quais, mardi à Lyon."))
        #expect(document.decoding.encoding == "windows-1252")
        #expect(document.decoding.encodingSource == .declared)
    }

    @Test("Base64 UTF-8 Arabic with a base64-encoded subject")
    func base64Arabic() throws {
        let body = Data("عقدت اللجنة مؤتمرا في ها تينه.\n".utf8).base64EncodedString()
        let subject = Data("مؤتمر في ها تينه".utf8).base64EncodedString()
        let bytes = message([
            "From: news@example.org", "Message-ID: <1@example.org>", "Subject: =?utf-8?b?\(subject)?=",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", body, "",
        ])
        let document = try reader.decode(bytes: bytes, name: "news.eml")
        #expect(document.text == "مؤتمر في ها تينه\n\nعقدت اللجنة مؤتمرا في ها تينه.\n")
    }

    @Test("multipart/alternative gives its plain part; a mixed message's HTML part is read as HTML")
    func multipart() throws {
        let alternative = message([
            "From: a@example.org", "To: b@example.org", "Subject: Storm closes roads", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"==b1==\"", "", "This is a multi-part message.", "",
            "--==b1==", "Content-Type: text/html; charset=utf-8", "", "<p>HTML: heavy rain.</p>", "--==b1==",
            "Content-Type: text/plain; charset=utf-8", "", "Heavy rain closed three roads.", "--==b1==--", "epilogue",
            "",
        ])
        let plain = try reader.decode(bytes: alternative, name: "storm.eml")
        #expect(plain.text == "Storm closes roads\n\nHeavy rain closed three roads.")

        let mixed = message([
            "From: a@example.org", "Subject: Report", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=outer",
            "", "--outer", "Content-Type: multipart/related; boundary=inner", "", "--inner",
            "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
            "<html><body><h1>Weekly report</h1><p>The council approved the bud=",
            "get.</p><script>x()</script></body></html>",
            "--inner--", "--outer", "Content-Type: text/plain; name=\"notes.txt\"", "Content-Disposition: attachment",
            "", "An attached text file is not the message.", "--outer--", "",
        ])
        let html = try reader.decode(bytes: mixed, name: "report.eml")
        #expect(html.decoding.format == .email)
        #expect(html.text == "Report\n\nWeekly report\nThe council approved the budget.")
    }

    @Test("A message with only attachments is empty, and says what it holds")
    func onlyAttachments() throws {
        let bytes = message([
            "From: scanner@example.org", "Subject: Scan", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=b",
            "", "--b", "Content-Type: application/pdf; name=scan.pdf", "Content-Transfer-Encoding: base64", "",
            "JVBERi0xLjQ=", "--b--", "",
        ])
        let error = #expect(throws: ReadError.self) { try reader.decode(bytes: bytes, name: "scan.eml") }
        #expect(error?.code == .empty)
        #expect(error?.message.contains("application/pdf") == true, "\(String(describing: error))")
    }

    @Test("A mailbox of several messages is refused, one with a single message is read")
    func mailbox() throws {
        let first = "From a@example.org Mon Nov 30 09:00:00 2026\nFrom: a@example.org\nSubject: One\n\nFirst message.\n"
        let box =
            first + "\nFrom b@example.org Mon Nov 30 10:00:00 2026\nFrom: b@example.org\nSubject: Two\n\nSecond.\n"
        let error = #expect(throws: ReadError.self) { try reader.decode(bytes: Array(box.utf8), name: "inbox.mbox") }
        #expect(error?.code == .severalArticles)
        #expect(error?.message.contains("2 messages") == true)
        let single = try reader.decode(bytes: Array(first.utf8), name: "one.mbox")
        #expect(single.text == "One\n\nFirst message.\n")
    }

    @Test("Text that opens with a line or two like headers is not mail")
    func notMail() throws {
        for text in [
            "Source: Reuters\nDate: Monday\n\nThe council met on Monday.\n",
            "Subject: the budget\n\nThe council met on Monday.\n",
            "From: the archives\nThe council met on Monday.\n",
            "Note: From: and To: are headers.\n",
        ] {
            let document = try reader.decode(bytes: Array(text.utf8), name: "note.txt")
            #expect(document.decoding.format == .text, "\(text)")
            #expect(document.text == text)
        }
    }

    @Test("Control characters in a subject (a NUL, an escape, also encoded) become spaces")
    func subjectControls() throws {
        let bytes = Array("From: a@example.org\nSubject: Crue\u{0}\u{0} =?utf-8?q?=00=1B?=  Lyon\n\nText.\n".utf8)
        let document = try reader.decode(bytes: bytes, name: "nul.eml")
        #expect(document.declaredTitle == "Crue Lyon")
        #expect(document.text == "Crue Lyon\n\nText.\n")
    }

    @Test("Encoded words: adjacent ones join, an unknown charset stays as written")
    func encodedWords() {
        #expect(MailMessage.decodeWords("=?UTF-8?B?w6k=?= =?UTF-8?Q?t=C3=A9?= plain") == "été plain")
        #expect(MailMessage.decodeWords("Re: =?x-unknown?Q?abc?=") == "Re: =?x-unknown?Q?abc?=")
        #expect(MailMessage.decodeWords("no words here") == "no words here")
    }

    /// Cut at every byte, and with bytes changed at random, a multipart message reads as something
    /// or fails with a ReadError: never a crash, never text from outside the file.
    @Test("Every truncation and random damage of a multipart message reads or fails cleanly")
    func damagedMessages() throws {
        let bytes = message([
            "From: a@example.org", "Subject: =?utf-8?q?Storm_=E2=80=94_roads?=", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b\"", "", "--b",
            "Content-Type: multipart/alternative; boundary=c", "",
            "--c", "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable", "",
            "Heavy rain =E0 la c=F4te, =", "roads closed.", "--c", "Content-Type: text/html",
            "Content-Transfer-Encoding: base64",
            "", Data("<p>Rain</p>".utf8).base64EncodedString(), "--c--", "--b", "Content-Type: application/pdf", "",
            "%PDF",
            "--b--", "",
        ])
        let outcomes = outcomesOfDamage(to: bytes, name: "damaged.eml", seed: 2822, rounds: 2000, changes: 4)
        // Most cuts and most damage still leave a readable message.
        #expect((outcomes["email"] ?? 0) > bytes.count / 2, "\(outcomes)")
        #expect(outcomes.values.reduce(0, +) == bytes.count + 1 + 2000)
    }

    /// Reads `bytes` cut at every length, then `rounds` times with 1 to `changes` bytes changed at
    /// random, and counts the outcomes: the document's format, or the error's code. A crash
    /// fails the whole test run.
    func outcomesOfDamage(to bytes: [UInt8], name: String, seed: UInt64, rounds: Int, changes: Int) -> [String: Int] {
        var outcomes: [String: Int] = [:]
        func read(_ bytes: [UInt8]) {
            do {
                outcomes[try reader.decode(bytes: bytes, name: name).decoding.format.rawValue, default: 0] += 1
            } catch {
                outcomes[error.code.rawValue, default: 0] += 1
            }
        }
        for cut in 0...bytes.count { read(Array(bytes[..<cut])) }
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<rounds {
            var damaged = bytes
            for _ in 0..<(1 + Int(generator.next() % UInt64(changes))) {
                damaged[Int(generator.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            read(damaged)
        }
        return outcomes
    }
}
