// The system PCRE2 (8-bit code units) for the prefilter target's reference loop, imported on
// its own so that the reference shares no code with Quarry's matcher (not even its shim).
// Constants defined through casts do not import into Swift: inline functions give them.
#ifndef QUARRY_FUZZ_PCRE2_ORACLE_H
#define QUARRY_FUZZ_PCRE2_ORACLE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline PCRE2_SIZE oracle_pcre2_unset(void) { return PCRE2_UNSET; }

#endif
