import Testing

@testable import LectorReader

/// Telling windows-1256 from ISO-8859-6 with real iconv-made bytes.
struct ArabicCodepagesTests {
    @Test("ISO-8859-6 bytes read as windows-1256 score as misread; read correctly they do not")
    func iso88596MisreadAsWindows1256() throws {
        let bytes = try Fixture.bytes("arabic.iso-8859-6.txt")
        guard case .decoded(let right) = ICUConverter.decode(bytes[...], encoding: "ISO-8859-6"),
            case .decoded(let wrong) = ICUConverter.decode(bytes[...], encoding: "windows-1256")
        else {
            Issue.record("both code pages should decode every ISO-8859-6 byte of this text")
            return
        }
        #expect(right == (try Fixture.text("arabic.utf8.txt")))
        #expect(wrong != right)
        #expect(ArabicCodepages.misreadScore(right) == 0)
        #expect(ArabicCodepages.misreadScore(wrong) > 0)
    }

    @Test("windows-1256 bytes read as ISO-8859-6 either fail or score as misread")
    func windows1256MisreadAsISO88596() throws {
        for file in ["arabic.windows-1256.txt", "urdu.windows-1256.txt"] {
            let bytes = try Fixture.bytes(file)
            guard case .decoded(let right) = ICUConverter.decode(bytes[...], encoding: "windows-1256") else {
                Issue.record("windows-1256 maps every byte")
                continue
            }
            #expect(ArabicCodepages.misreadScore(right) == 0)
            if case .decoded(let wrong) = ICUConverter.decode(bytes[...], encoding: "ISO-8859-6"), wrong != right {
                #expect(ArabicCodepages.misreadScore(wrong) > 0, "\(file)")
            }
        }
    }

    @Test("Each Arabic code page's twin is tried right after it, even when ICU ranks it low or not at all")
    func twinsAreTriedTogether() {
        let candidates = [
            CharsetDetector.Candidate(name: "ISO-8859-6", confidence: 29),
            CharsetDetector.Candidate(name: "windows-1255", confidence: 16),
            CharsetDetector.Candidate(name: "windows-1256", confidence: 8),
        ]
        #expect(
            ArticleDecoder.orderedForTrial(candidates).map(\.name) == ["ISO-8859-6", "windows-1256", "windows-1255"]
        )
        #expect(ArticleDecoder.orderedForTrial(candidates).map(\.confidence) == [29, 8, 16])

        let unlisted = [CharsetDetector.Candidate(name: "windows-1256", confidence: 40)]
        #expect(ArticleDecoder.orderedForTrial(unlisted).map(\.name) == ["windows-1256", "ISO-8859-6"])
        #expect(ArticleDecoder.orderedForTrial(unlisted).map(\.confidence) == [40, 40])
    }

    @Test("Other encodings have no twin")
    func noTwin() {
        #expect(ArabicCodepages.twin(of: "windows-1252") == nil)
        #expect(ArabicCodepages.twin(of: "ISO-8859-6") == "windows-1256")
        #expect(ArabicCodepages.twin(of: "windows-1256") == "ISO-8859-6")
    }
}
