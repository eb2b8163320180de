import LectorCore
import LectorEngine
import LectorEntities
import LectorLanguage
import LectorSummary
import LectorText

/// Every built-in processor, in one place. The order is the order `lector processors` lists them;
/// the pipeline's own order comes from dependencies and `pipeline.processors`.
enum BuiltinProcessors {
    static let registry = ProcessorRegistry([
        ProcessorRegistration(descriptor: TextProcessor().descriptor) { try TextProcessor(configuration: $0) },
        ProcessorRegistration(descriptor: LanguageProcessor.descriptor) { try LanguageProcessor(configuration: $0) },
        ProcessorRegistration(descriptor: EntitiesProcessor.descriptor) { try EntitiesProcessor(configuration: $0) },
        ProcessorRegistration(descriptor: SummaryProcessor().descriptor) { try SummaryProcessor(configuration: $0) },
    ])
}
