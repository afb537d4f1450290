import ArgumentParser

/// Exit statuses documented in `quarry --help`.
enum Exit {
    /// At least one input could not be processed.
    static let inputFailed = ExitCode(1)
}
