import Configuration
import LectorCore

extension Pipeline {
    /// Builds the pipeline the settings ask for: each listed processor made by its registration
    /// from its own configuration section, with its `required` and `timeout` settings.
    public init(
        settings: LectorSettings, configuration: ConfigReader, registry: ProcessorRegistry, plugins: PluginHost? = nil
    ) throws(PipelineError) {
        var stages: [Stage] = []
        let pluginStages = plugins?.stages(defaultTimeout: settings.defaultTimeout, configuration: configuration) ?? [:]
        for id in settings.processors {
            if let stage = pluginStages[id] {
                stages.append(stage)
                continue
            }
            guard let registration = registry[id] else { throw .unknownProcessor(id, known: registry.ids) }
            let section = configuration.scoped(to: ConfigKey(["processors", id]))
            do {
                let processor = try registration.make(configuration: section)
                let required = try section.boolOption("required", default: false)
                let timeout = try section.durationOption("timeout", default: settings.defaultTimeout)
                stages.append(Stage(processor: processor, configuration: section, required: required, timeout: timeout))
            } catch let error as PipelineError {
                throw error
            } catch let error as ProcessorError {
                throw .invalidProcessorConfiguration(processor: id, key: error.key ?? "", message: error.message)
            } catch {
                throw .invalidProcessorConfiguration(processor: id, key: "", message: "\(error)")
            }
        }
        try self.init(stages: stages, available: registry.registrations.map(\.descriptor) + pluginStages.values.map(\.processor.descriptor))
    }
}
