import LectorCore
import Testing

@testable import LectorEntities

struct NameRulesTests {
    private func names(_ text: String, _ language: String) -> [(EntityType, String)] {
        let scalars = Array(text.unicodeScalars)
        var tokens = SentenceTokens(index: EntityLexicon.shared.index)
        tokens.tokenize(scalars[...], offset: 0)
        return EntityMatch.resolve(NameRules(lexicon: .shared).matches(tokens, language: language)).map {
            ($0.type, String(String.UnicodeScalarView(scalars[$0.start..<$0.end])))
        }
    }

    @Test func vietnameseNamesAfterFamilyNamesInEveryScript() {
        #expect(names("ڈپٹی سکریٹری تران دی ڈنگ نے تجویز پیش کی", "ur").contains { $0 == (.person, "تران دی ڈنگ") })
        #expect(
            names("نائب سربراہان نگوین تھی مائی تھیوئی نے کی", "ur").contains {
                $0 == (.person, "نگوین تھی مائی تھیوئی")
            })
        #expect(names("وقدم نجوين هاي نام تقريرا", "ar").contains { $0 == (.person, "نجوين هاي نام") })
        #expect(names("Nguyen Dinh Hai، صوبائی", "ur").contains { $0 == (.person, "Nguyen Dinh Hai") })
    }

    @Test func aPlaceIsNotTakenForAName() {
        let found = names("للجنة الحزب الإقليمية ها تينه تران ذا دونج من اللجان", "ar")
        #expect(found.contains { $0 == (.location, "ها تينه") })
        #expect(found.contains { $0 == (.person, "تران ذا دونج") })
        #expect(found.contains { $0 == (.organization, "لجنة الحزب الإقليمية") })
    }

    @Test func organisationsGrowFromTheirHeadWord() {
        let urdu = names("صوبائی پارٹی کمیٹی کے ماس موبلائزیشن کمیشن نے کام کیا", "ur")
        #expect(urdu.filter { $0.0 == .organization }.map(\.1) == ["صوبائی پارٹی کمیٹی", "ماس موبلائزیشن کمیشن"])
        let arabic = names("ورئيس لجنة التعبئة الجماهيرية للجنة الحزب الإقليمية", "ar")
        #expect(
            arabic.filter { $0.0 == .organization }.map(\.1) == ["لجنة التعبئة الجماهيرية", "لجنة الحزب الإقليمية"])
    }

    @Test func functionWordsAloneMakeNoName() {
        #expect(names("اس نے کہا کہ وہ کل آئے گا", "ur").isEmpty)
        #expect(names("قال إن الاجتماع كان في الصباح", "ar").isEmpty)
    }
}
