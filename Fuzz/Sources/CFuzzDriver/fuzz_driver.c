#include "fuzz_driver.h"

// Defined by libFuzzer (linked with -sanitize=fuzzer).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

int quarry_fuzz_run(int argc, char **argv, quarry_fuzz_test test) {
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
