import CLibFuzzer
import Glibc

/// Starts libFuzzer from a target's `@main`.
///
/// SwiftPM renames an executable's entry point to `<Module>_main` and links the program with
/// `--defsym main=<Module>_main`; a target with no entry point of its own (the usual libFuzzer
/// setup with `-parse-as-library`) then fails to link with an undefined `<Module>_main`. So every
/// target has a `@main` that hands its test function to libFuzzer's driver, which reads the usual
/// libFuzzer flags from the command line:
///
/// ```swift
/// @main
/// enum FuzzExample {
///     static func main() { FuzzDriver.run(fuzz) }
/// }
///
/// @_cdecl("LLVMFuzzerTestOneInput")
/// public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { 0 }
/// ```
public enum FuzzDriver {
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
