/// A reason an article's bytes could not become a ``LectorCore/Document``.
///
/// `code` is stable and machine-readable (it is what goes into `failed/NAME.error.json`); `message`
/// is a sentence for a person saying what is wrong and what to do about it.
///
/// ```swift
/// do {
///     let document = try ArticleReader().read(path: path)
/// } catch let error {
///     if error.code == .binary { ... }
/// }
/// ```
public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// A clear sentence for a person: what is wrong and what to do.
    public var message: String
    /// Where in the bytes the problem starts, when one place is to blame (invalid encodings).
    public var byteOffset: Int?

    public init(code: Code, message: String, byteOffset: Int? = nil) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
    }

    public var description: String { "\(code): \(message)" }

    /// A stable, machine-readable failure code. New codes may be added, so this is a struct with
    /// static members rather than an enum.
    public struct Code: Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// The file has no bytes, or only whitespace and byte-order marks (for HTML: no visible text).
        public static let empty = Code("empty")
        /// The file is larger than the configured limit.
        public static let tooLarge = Code("too-large")
        /// The bytes are not text (a known binary format, NUL bytes, or many control characters).
        public static let binary = Code("binary")
        /// The bytes are not valid in the encoding they claim or were configured with.
        public static let invalidEncoding = Code("invalid-encoding")
        /// No supported encoding fits the bytes, or a configured encoding name is unknown.
        public static let unknownEncoding = Code("unknown-encoding")
        /// The path is a directory, FIFO, device, socket or symbolic link, not a regular file.
        public static let notRegularFile = Code("not-regular-file")
        /// The file exists but could not be opened or read (permissions, I/O error).
        public static let unreadable = Code("unreadable")
        /// Nothing exists at the path (it may have been moved away after it was seen).
        public static let notFound = Code("not-found")
        /// The file holds several articles (a mailbox of several messages); each needs a file.
        public static let severalArticles = Code("several-articles")

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }
}
