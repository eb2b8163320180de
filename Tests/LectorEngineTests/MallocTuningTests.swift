import Testing

@testable import LectorEngine

struct MallocTuningTests {
    @Test func glibcTakesTheDaemonsAllocatorSettings() {
        #expect(MallocTuning.apply(cores: 2, environment: [:]))
    }
}
