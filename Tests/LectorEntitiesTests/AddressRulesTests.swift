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

    @Test func plainTextHasNoAddresses() {
        #expect(matches("صوبائی پارٹی کمیٹی نے 2024 میں 305 طلباء کی مدد کی۔ a@b").isEmpty)
    }
}
