import Foundation
import Logging

extension ArticleLifecycle {
    /// Makes every article that starts from now on use `engine` (its processors and their
    /// settings, reader limits, output options); articles already running finish with the engine
    /// they started with, because each article takes the engine once, when it starts.
    func replaceEngine(_ engine: ArticleEngine) {
        self.engine.withLock { $0 = engine }
    }

    /// Makes the policies of `settings` (duplicates, on_success, retries, retry_backoff) apply
    /// from now on. The folders and the instance name stay those the daemon started with.
    func replacePolicies(from settings: DaemonSettings) {
        current.withLock {
            $0.duplicates = settings.duplicates
            $0.onSuccess = settings.onSuccess
            $0.retries = settings.retries
            $0.retryBackoff = settings.retryBackoff
        }
    }
}
