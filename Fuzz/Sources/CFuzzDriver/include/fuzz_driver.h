// libFuzzer's driver, for Swift. A fuzz target built by SwiftPM cannot leave `main` to
// libFuzzer (SwiftPM defines `main` as the module's entry point), so main.swift calls the
// driver itself with its test function; libFuzzer then parses the command line as usual.
#ifndef QUARRY_FUZZ_DRIVER_H
#define QUARRY_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The test function: one input, 0 to keep it in the corpus when it adds coverage, -1 to
/// never add it.
typedef int (*quarry_fuzz_test)(const uint8_t *data, size_t size);

/// Runs libFuzzer with the process's arguments; returns its exit status.
int quarry_fuzz_run(int argc, char **argv, quarry_fuzz_test test);

#endif
