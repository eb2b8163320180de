import Configuration
import Foundation
import LectorCore
import LectorTestKit
import LectorText

@testable import LectorEntities

/// The `entities` of a text, segmented by the real `text` processor.
func entities(in text: String, language: String?, processor: EntitiesProcessor = EntitiesProcessor()) throws
    -> [Entities.Entity]
{
    let document = ProcessorCompatTest.document(text)
    let segments = try TextProcessor().segment(document)
    return try processor.extract(document, segments: segments, language: language).items
}

func entitiesConfiguration(_ values: [String: String]) -> ConfigReader {
    var entries: [AbsoluteConfigKey: ConfigValue] = [:]
    for (key, value) in values { entries[AbsoluteConfigKey([key])] = .init(.string(value), isSecret: false) }
    return ConfigReader(provider: InMemoryProvider(values: entries))
}
