import Foundation
import Logging

extension ArticleLifecycle {
    /// Makes every article that starts from now on use `engine` (its processors and their
    /// settings, reader limits, output options); articles already running finish with the engine
    /// they started with, because each article takes the engine once, when it starts.
    func replaceEngine(_ engine: ArticleEngine) {
        self.engine.withLock { $0 = engine }
    }
}
