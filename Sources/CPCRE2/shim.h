// shim.h: PCRE2 for Swift, 8-bit code units (UTF-8).
// Call the `_8` function names (pcre2_compile_8, pcre2_match_8, ...): the unsuffixed names are
// macros Swift does not import. Constants defined through casts do not import either, so they
// are exposed here as inline functions.
#ifndef QUARRY_CPCRE2_SHIM_H
#define QUARRY_CPCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline PCRE2_SIZE quarry_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline PCRE2_SIZE quarry_pcre2_unset(void) { return PCRE2_UNSET; }

#endif
