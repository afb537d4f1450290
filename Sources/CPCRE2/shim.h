// shim.h: PCRE2 for Swift, 8-bit code units (UTF-8).
// Call the `_8` function names (pcre2_compile_8, pcre2_match_8, ...): the unsuffixed names are
// macros Swift does not import. Constants defined through casts do not import either, so they
// are exposed here as inline functions.
#ifndef QUARRY_CPCRE2_SHIM_H
#define QUARRY_CPCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

static inline PCRE2_SIZE quarry_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline PCRE2_SIZE quarry_pcre2_unset(void) { return PCRE2_UNSET; }

/// Where a match may start and end, for rules with a scope. A rule with scope `tokens` is
/// compiled as `(?:PATTERN)(?C1)` and one with scope `sentence` as `(?:PATTERN)(?C2)`; the
/// callout below makes PCRE2 backtrack from any end that breaks the scope, so the match found
/// is the leftmost one that fits, not the leftmost one checked afterwards.
typedef struct {
    /// Bit i set: a token starts at byte i (length: subject length + 1 bits).
    const uint64_t *token_starts;
    /// Bit i set: a token ends at byte i.
    const uint64_t *token_ends;
    /// Sentence spans, sorted: starts[k] <= ends[k] <= starts[k+1].
    const uint32_t *sentence_starts;
    const uint32_t *sentence_ends;
    size_t sentence_count;
    /// Ends tried so far by the running rule in this document, and how many it may try (0:
    /// no bound). Every rejected end makes PCRE2 backtrack for another, and its match limit
    /// does not see them all (it counts per start position, and a backreference compared
    /// against a long capture is one step): `(.*)\d+\1` with a scope took minutes on a 70 KB
    /// text. Past the budget the search fails with PCRE2_ERROR_CALLOUT, reported like a limit.
    uint64_t tries;
    uint64_t budget;
} quarry_scope;

static inline int quarry_scope_bit(const uint64_t *bits, size_t i) {
    return (int)((bits[i >> 6] >> (i & 63)) & 1u);
}

static inline int quarry_scope_callout(pcre2_callout_block_8 *block, void *data) {
    quarry_scope *scope = (quarry_scope *)data;
    size_t start = block->start_match, end = block->current_position;
    if (scope == NULL) return 0;
    if (scope->budget != 0 && ++scope->tries > scope->budget) return PCRE2_ERROR_CALLOUT;
    if (block->callout_number == 1) {
        if (scope->token_starts == NULL) return 1;
        return quarry_scope_bit(scope->token_starts, start) && quarry_scope_bit(scope->token_ends, end) ? 0 : 1;
    }
    if (block->callout_number == 2) {
        if (scope->sentence_starts == NULL || scope->sentence_count == 0) return 1;
        // The last sentence that starts at or before `start`.
        size_t lo = 0, hi = scope->sentence_count;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (scope->sentence_starts[mid] <= start) lo = mid + 1; else hi = mid;
        }
        if (lo == 0) return 1;
        size_t k = lo - 1;
        return start < scope->sentence_ends[k] && end <= scope->sentence_ends[k] ? 0 : 1;
    }
    return 0;
}

/// The callout as a function pointer, for pcre2_set_callout_8.
static inline int (*quarry_scope_callout_pointer(void))(pcre2_callout_block_8 *, void *) {
    return quarry_scope_callout;
}

#endif
