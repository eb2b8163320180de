/// The bytes libFuzzer hands a target, with the functions every target needs to turn them into
/// arguments and to report a broken invariant as a crash libFuzzer records.
///
/// ```swift
/// @_cdecl("LLVMFuzzerTestOneInput")
/// public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
///     var input = FuzzInput(data, size)
///     let flags = input.takeByte()          // first byte chooses options
///     let bytes = input.remaining            // the rest is the document
///     FuzzInput.require(!bytes.isEmpty || flags == 0, "…")
///     return 0
/// }
/// ```
public struct FuzzInput {
    /// The bytes not consumed yet.
    public private(set) var remaining: [UInt8]

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        remaining = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Removes and returns the first byte, or 0 when the input is empty.
    public mutating func takeByte() -> UInt8 {
        remaining.isEmpty ? 0 : remaining.removeFirst()
    }

    /// Stops the process with a message when an invariant does not hold. libFuzzer sees the trap
    /// as a crash and saves the input that caused it.
    public static func require(
        _ condition: @autoclosure () -> Bool,
        _ message: @autoclosure () -> String,
        file: StaticString = #fileID,
        line: UInt = #line
    ) {
        if !condition() {
            fatalError("fuzz invariant broken: \(message())", file: file, line: line)
        }
    }
}
