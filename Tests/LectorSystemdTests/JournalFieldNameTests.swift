import LectorSystemd
import Testing

struct JournalFieldNameTests {
    @Test(arguments: [
        ("article", "LECTOR_ARTICLE_ID"),
        ("file", "LECTOR_FILE"),
        ("processor", "LECTOR_PROCESSOR"),
        ("duration_ms", "LECTOR_DURATION_MS"),
        ("errno", "ERRNO"),
        ("event", "LECTOR_EVENT"),
        ("code", "LECTOR_CODE"),
        ("in_flight", "LECTOR_IN_FLIGHT"),
        ("duplicate-of", "LECTOR_DUPLICATE_OF"),
        ("a..b", "LECTOR_A_B"),
        ("élan", "LECTOR_LAN"),
        ("_private", "LECTOR_PRIVATE"),
        ("---", "LECTOR_FIELD"),
        ("", "LECTOR_FIELD"),
    ])
    func metadataKeysBecomeTheDocumentedFieldNames(key: String, expected: String) {
        #expect(JournalFieldName(metadataKey: key).rawValue == expected)
    }

    @Test(arguments: ["article", "9lives", "x", String(repeating: "long_key_", count: 20), "ключ", "a b=c\nd", "__", "ERRNO"])
    func everyMetadataKeyBecomesAValidName(key: String) {
        let name = JournalFieldName(metadataKey: key).rawValue
        #expect(JournalFieldName.isValid(name), "\(key) -> \(name)")
        #expect(name.utf8.count <= 64)
    }

    @Test(arguments: [
        ("MESSAGE", true), ("LECTOR_ARTICLE_ID", true), ("A", true), ("A1_", true),
        ("", false), ("_PID", false), ("1ABC", false), ("lower", false), ("WITH-DASH", false), ("WITH SPACE", false),
        (String(repeating: "A", count: 64), true), (String(repeating: "A", count: 65), false),
    ])
    func validationFollowsJournaldsRules(name: String, valid: Bool) {
        #expect(JournalFieldName.isValid(name) == valid)
        #expect((JournalFieldName(validating: name) != nil) == valid)
    }
}
