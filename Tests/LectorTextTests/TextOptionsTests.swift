import Configuration
import LectorCore
import Testing

@testable import LectorText

struct TextOptionsTests {
    private func reader(_ values: [AbsoluteConfigKey: ConfigValue]) -> ConfigReader {
        ConfigReader(provider: InMemoryProvider(values: values))
    }

    @Test func anEmptySectionGivesTheDefaults() throws {
        #expect(try TextOptions(configuration: reader([:])) == TextOptions())
    }

    @Test func valuesAreRead() throws {
        let options = try TextOptions(
            configuration: reader([
                "detect_boilerplate": false, "max_sentence_length": 300, "byline_max_words": 3,
                "markers.source": .init(.stringArray(["Sumber"]), isSecret: false),
                "abbreviations": .init(.stringArray(["approx"]), isSecret: false),
            ]))
        #expect(options.detectBoilerplate == false)
        #expect(options.maxSentenceLength == 300)
        #expect(options.bylineMaxWords == 3)
        #expect(options.markers.source == ["Sumber"])
        #expect(options.markers.abbreviations == ["approx"])
    }

    static let invalid: [(key: String, value: ConfigValue)] = [
        ("max_sentence_length", 5),
        ("max_sentence_length", "long"),
        ("byline_max_words", 0),
        ("caption_max_words", 1000),
        ("title_max_words", -1),
        ("detect_boilerplate", "perhaps"),
        ("join_wrapped_lines", 3),
        ("markers.source", .init(.stringArray(["ok", " "]), isSecret: false)),
        ("markers.caption", 12),
    ]

    @Test(arguments: invalid.indices)
    func anInvalidValueThrowsNamingItsKey(_ index: Int) {
        let (key, value) = Self.invalid[index]
        #expect {
            _ = try TextProcessor(configuration: reader([AbsoluteConfigKey(stringLiteral: key): value]))
        } throws: { error in
            guard case ProcessorError.invalidConfiguration(let reported, _) = error else { return false }
            return reported == key
        }
    }

    @Test func everyDocumentedOptionHasADefaultOfItsType() {
        for option in TextOptions.options {
            switch option.type {
            case .bool: #expect(["true", "false"].contains(option.defaultValue), "\(option.key)")
            case .int: #expect(Int(option.defaultValue) != nil, "\(option.key)")
            case .stringArray: #expect(option.defaultValue == "[]", "\(option.key)")
            default: Issue.record("unexpected type for \(option.key)")
            }
        }
    }
}
