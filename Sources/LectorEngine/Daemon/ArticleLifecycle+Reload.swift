import Foundation
import Logging

extension ArticleLifecycle {
    /// Makes every article that starts from now on use `engine` (its processors and their
    /// settings, reader limits, output options); articles already running finish with the engine
    /// they started with, because each article takes the engine once, when it starts.
    ///
    /// The replaced engine's external processors get their shutdown message once the last article
    /// using them is done.
    func replaceEngine(_ engine: ArticleEngine) {
        let old = self.engine.withLock { current in
            defer { current = engine }
            return current
        }
        old.plugins?.retire()
    }

    /// The engine for an article that starts now, with its plugins held until ``finished(with:)``.
    func engineForArticle() -> ArticleEngine {
        engine.withLock { engine in
            engine.plugins?.acquire()
            return engine
        }
    }

    func finished(with engine: ArticleEngine) {
        engine.plugins?.release()
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
