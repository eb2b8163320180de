import LectorCore
import Testing

@testable import LectorEntities

struct AddressRulesTests {
    private func matches(_ text: String) -> [(EntityType, String, String?)] {
        let scalars = Array(text.unicodeScalars)
        return AddressRules.matches(scalars[...]).map {
            ($0.type, String(String.UnicodeScalarView(scalars[$0.start..<$0.end])), $0.value)
        }
    }

    @Test func urlsStopBeforeTrailingPunctuation() {
        let found = matches("ماخذ: https://baohaiduong.vn/tap-trung-396302.html، اور www.example.org/a?b=1.")
        #expect(found.map(\.1) == ["https://baohaiduong.vn/tap-trung-396302.html", "www.example.org/a?b=1"])
        #expect(found.allSatisfy { $0.0 == .url })
    }

    /// The rules are tried only where what they need is there (a `:`, `www.`, `@`, digits): each
    /// kind is still found with nothing else of the others around it.
    @Test func eachKindIsFoundAloneInItsSentence() {
        #expect(matches("See WWW.Example.org for more").map(\.1) == ["WWW.Example.org"])
        #expect(matches("See Www.example.org, then").map(\.1) == ["Www.example.org"])
        #expect(matches("Read https//example.org or http:/x").isEmpty)
        #expect(matches("Read http://example.org now").map(\.1) == ["http://example.org"])
        #expect(matches("Mail desk@example.org now").map(\.2) == ["desk@example.org"])
        #expect(matches("فون +۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹ پر").map(\.2) == ["+989123456789"])
        #expect(matches("No address here. None at all www").isEmpty)
    }

    @Test func emailAddressesAreLowercased() {
        let found = matches("Write to Press.Office@Example.COM. Thanks")
        #expect(found.count == 1)
        #expect(found.first?.1 == "Press.Office@Example.COM")
        #expect(found.first?.2 == "press.office@example.com")
    }

    @Test func phoneNumbersNeedAPrefixOrGroups() {
        let found = matches("Call +84 239 3855 555 or (024) 3825 3531 or 0912-345-678; not 2020-2025 or 1,743.")
        #expect(found.map(\.0) == [.phone, .phone, .phone])
        #expect(found.map { $0.2 ?? "" } == ["+842393855555", "02438253531", "0912345678"])
    }

    /// A number written in Arabic-Indic or Extended Arabic-Indic digits from its leading zero is a
    /// phone number as its ASCII form is, with its value in ASCII digits.
    @Test func phoneNumbersMayStartWithAnArabicIndicZero() {
        #expect(matches("تماس: ۰۹۱۲-۳۴۵-۶۷۸۹ یا").map(\.2) == ["09123456789"])
        #expect(matches("هاتف ٠٢٤ ٣٨٢٥ ٣٥٣١ للاستفسار").map(\.2) == ["02438253531"])
        #expect(matches("عام ۰۱۲۳ فقط").isEmpty)
    }

    @Test func plainTextHasNoAddresses() {
        #expect(matches("صوبائی پارٹی کمیٹی نے 2024 میں 305 طلباء کی مدد کی۔ a@b").isEmpty)
    }
}
