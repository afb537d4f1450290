// Quarry's literal scanners in C: the hot loops of the prefilter that need SIMD byte
// classification (SSE2 on x86-64; a portable loop elsewhere). Swift builds the tables
// (QuarryPatterns/Prefilter/WordStartHash.swift) and owns their memory; nothing here
// allocates.
#ifndef QUARRY_SCAN_H
#define QUARRY_SCAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Asks the CPU to start loading the cache line at `address` (a hint; no effect on results).
/// The tagger issues its weight-table probes this way before it reads any of them.
static inline void quarry_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 1);
#else
    (void)address;
#endif
}

/// One slot of the key table: the key, its length (0: empty slot), and the range
/// [first, first + count) of `ids` with that key, shortest literal first.
struct quarry_key_slot {
    uint32_t key;
    uint32_t first;
    uint16_t count;
    uint8_t length;
    uint8_t unused;
};

/// The slot where the search for (key, length) starts: (hash & mask), then the next slots.
static inline uint32_t quarry_key_hash(uint32_t key, uint32_t length) {
    // MurmurHash3's 32-bit finaliser: every key bit reaches the low bits the mask keeps.
    uint32_t h = key ^ (length << 29);
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

/// The bit of `key_bits` for (key, length): a multiplicative hash's top 16 bits.
static inline uint32_t quarry_key_bit(uint32_t key, uint32_t length) {
    return ((key ^ (length << 29)) * 0x9E3779B1u) >> 16;
}

/// Literals that only count at a word start, in a hash table keyed on their first bytes.
///
/// A word start is a position whose byte is an ASCII letter, digit or '_' or a byte >= 0x80,
/// and whose previous byte (if any) is not an ASCII letter, digit or '_'. Every literal must
/// begin with such a byte. Literals match exactly or with ASCII case folded (`lit_caseless`).
/// The key of a literal is its first min(length, 4) bytes with 0x20 OR-ed into each (a
/// superset of ASCII case folding: the full comparison decides), packed little-endian into a
/// uint32_t, plus that key length (1-4).
typedef struct {
    /// 256 entries, by text byte: bit 0 set when a one-byte literal may start with it, bit 1
    /// when a longer one may.
    const uint8_t *starts;
    /// 65,536 entries, by the first two key bytes (k0 | k1 << 8): bit n-1 set when some key of
    /// length n (2-4) begins with them. Most word starts stop here.
    const uint8_t *pair_lengths;
    /// 65,536 bits (8 KiB, in the first-level cache): bit `quarry_key_bit(key, n)` set for every
    /// key. Most lookups of a key that no literal has stop here, before the slot table.
    const uint64_t *key_bits;
    /// ASCII upper case to lower case, other bytes unchanged.
    const uint8_t *fold;
    /// Open-addressing table of `mask + 1` slots (linear probing, hash `quarry_key_hash`).
    const struct quarry_key_slot *slots;
    uint32_t mask;
    /// Literal ids; and per literal id, its bytes (folded when caseless) at
    /// lit_bytes[lit_offset[id]], its length, and whether it ignores ASCII case.
    const uint32_t *ids;
    const uint32_t *lit_offset;
    const uint32_t *lit_length;
    const uint8_t *lit_caseless;
    const uint8_t *lit_bytes;
    /// The most hits one word start can produce (the scan stops early rather than split them).
    uint32_t max_hits_per_start;
    /// The bytes that begin a literal (`starts` not 0) as at most 8 ranges [low, high], for the
    /// SIMD loop to drop other word starts (0 ranges: more were needed; every word start is
    /// looked up).
    uint8_t range_low[8];
    uint8_t range_high[8];
    uint32_t range_count;
} quarry_word_start_table;

/// Scans text[*position ..< length] for the table's literals at word starts; writes each hit
/// as (literal id, end offset exclusive) in order of start (shorter before longer at one
/// start) into `hit_ids`/`hit_ends`, at most `capacity` (which must be at least
/// `max_hits_per_start`). Returns the number written and sets *position to where the next
/// call continues (`length` when the text is done).
size_t quarry_word_start_scan(const quarry_word_start_table *table, const uint8_t *text, size_t length,
                              size_t *position, uint32_t *hit_ids, size_t *hit_ends, size_t capacity);

/// An Aho-Corasick automaton as a dense DFA over byte classes (built by AhoCorasick.swift).
typedef struct {
    /// 256 entries: the byte's class.
    const uint8_t *classes;
    /// Next state for (row, class) at transitions[row + class], where a state's row is its
    /// number times the class count; the high bit is set when the next state has outputs.
    const uint32_t *transitions;
    /// 256 entries: 1 where the byte leaves the start state.
    const uint8_t *starts;
    /// The bytes that leave the start state as at most 8 ranges [low, high] (0 ranges: more
    /// were needed, and the start state is skipped a byte at a time).
    uint8_t range_low[8];
    uint8_t range_high[8];
    uint32_t range_count;
} quarry_dfa;

/// Runs the DFA over text[*position ..< length] from row *row (0: the start state) and writes
/// the row and end offset (exclusive) of every state with outputs it enters, at most
/// `capacity`. Returns the number written; *position and *row say where to continue
/// (*position == length when the text is done).
size_t quarry_dfa_scan(const quarry_dfa *dfa, const uint8_t *text, size_t length, size_t *position, uint32_t *row,
                       uint32_t *hit_rows, size_t *hit_ends, size_t capacity);

/// The offset of the first byte >= 0x80 in text[0 ..< length], or `length` when there is none.
size_t quarry_first_non_ascii(const uint8_t *text, size_t length);

#ifdef __cplusplus
}
#endif

#endif
