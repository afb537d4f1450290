import CFuzzDriver
import Foundation

/// The test function libFuzzer calls, set once by ``runFuzzer(_:)`` before the driver starts
/// (libFuzzer takes a C function pointer, which cannot capture it).
nonisolated(unsafe) private var currentTest: ((UnsafeRawBufferPointer) -> Int32)?

/// Hands `test` to libFuzzer's driver, which parses the command line (corpus folders, input
/// files to replay, `-max_total_time=`, ...) and calls it once per input; exits with the
/// driver's status.
///
/// `test` returns 0 normally, or -1 for an input that should never enter the corpus (one the
/// target skips). A broken invariant is reported with ``fuzzFailure(_:)``, which crashes, so
/// that libFuzzer saves the input.
public func runFuzzer(_ test: @escaping (UnsafeRawBufferPointer) -> Int32) -> Never {
    currentTest = test
    let status = quarry_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
        currentTest!(UnsafeRawBufferPointer(start: data, count: size))
    }
    exit(status)
}

/// Reports a broken invariant and crashes (libFuzzer then saves the input as a crash).
public func fuzzFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    let text = "FUZZ INVARIANT BROKEN: \(message())\n"
    FileHandle.standardError.write(Data(text.utf8))
    fatalError("invariant broken (see above)", file: file, line: line)
}

/// Crashes with `message` unless `condition` holds.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fuzzFailure(message(), file: file, line: line) }
}

/// A folder for targets whose code under test reads files: `quarry-fuzz-NAME` under the
/// temporary directory, made when missing. It is left in place (a crash ends the process
/// without running exit handlers); its files are rewritten at every start.
public func fuzzScratchFolder(_ name: String) -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-fuzz-\(name)", isDirectory: true)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Runs a target's one-time setup (loading rules, lists, a pipeline) and returns what it
/// makes; a failure ends the process with `what` and the error.
///
/// LeakSanitizer is told to ignore what this allocates (Fuzz/lsan.supp names this function):
/// Swift keeps enum tags in the spare bits of pointers, so the objects behind a global that
/// holds, say, a compiled token pattern look unreachable at exit, and LeakSanitizer reports
/// them as leaks although the global still refers to them. What one input allocates is
/// still checked.
@inline(never)
public func fuzzSetup<T>(_ what: String, _ body: () throws -> T) -> T {
    do { return try body() } catch { fatalError("\(what): \(error)") }
}
