// shim.h: the system PCRE2 library (8-bit code units, UTF-8) for the naive-pcre2 baseline.
//
// This module is separate from the parent package's CPCRE2 on purpose: the baseline must not
// depend on Quarry's code. Swift imports the `_8` function names (pcre2_compile_8, ...); the
// unsuffixed names are macros it does not import, and neither are constants defined through
// casts (PCRE2_ZERO_TERMINATED, PCRE2_UNSET), so those come from inline functions here.
#ifndef QUARRY_BENCH_CPCRE2_NAIVE_SHIM_H
#define QUARRY_BENCH_CPCRE2_NAIVE_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

static inline PCRE2_SIZE naive_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline PCRE2_SIZE naive_pcre2_unset(void) { return PCRE2_UNSET; }

#endif
