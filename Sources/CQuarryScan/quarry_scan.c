// The word-start literal scan and the ASCII test (see include/quarry_scan.h).
#include "quarry_scan.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int is_word_byte(uint8_t b) {
    return (uint8_t)(b - '0') < 10 || (uint8_t)((b | 0x20) - 'a') < 26 || b == '_';
}

static const uint32_t key_masks[5] = {0, 0xFFu, 0xFFFFu, 0xFFFFFFu, 0xFFFFFFFFu};

// The hits of the literals with key (key, n) at word start `i`, appended after `hits`.
static inline size_t probe_key(const quarry_word_start_table *t, const uint8_t *text, size_t available, size_t i,
                               uint32_t key, uint32_t n, uint32_t *hit_ids, size_t *hit_ends, size_t hits) {
    uint32_t bit = quarry_key_bit(key, n);
    if (!(t->key_bits[bit >> 6] >> (bit & 63) & 1)) return hits;
    uint32_t slot = quarry_key_hash(key, n) & t->mask;
    for (;;) {
        const struct quarry_key_slot *s = &t->slots[slot];
        if (s->length == 0) return hits;
        if (s->length == n && s->key == key) break;
        slot = (slot + 1) & t->mask;
    }
    const struct quarry_key_slot *s = &t->slots[slot];
    const uint8_t *fold = t->fold;
    const uint8_t *at = text + i;
    for (uint32_t r = s->first, end = s->first + s->count; r < end; r++) {
        uint32_t id = t->ids[r];
        uint32_t length = t->lit_length[id];
        if (length > available) break;  // shortest first: the rest are longer
        const uint8_t *literal = t->lit_bytes + t->lit_offset[id];
        uint32_t k = 0;
        if (t->lit_caseless[id]) {
            while (k < length && fold[at[k]] == literal[k]) k++;
        } else {
            while (k < length && at[k] == literal[k]) k++;
        }
        if (k == length) {
            hit_ids[hits] = id;
            hit_ends[hits] = i + length;
            hits++;
        }
    }
    return hits;
}

// Every literal of the table that occurs at word start `i`: returns the hits written.
static inline size_t probe(const quarry_word_start_table *t, const uint8_t *text, size_t length, size_t i,
                           uint32_t *hit_ids, size_t *hit_ends) {
    uint32_t starts = t->starts[text[i]];
    if (!starts) return 0;
    size_t available = length - i;
    size_t hits = 0;
    if (starts & 1) hits = probe_key(t, text, available, i, text[i] | 0x20u, 1, hit_ids, hit_ends, hits);
    if (available < 2 || !(starts & 2)) return hits;
    uint32_t raw = 0;
    if (available >= 4) {
        memcpy(&raw, text + i, 4);
    } else {
        for (size_t k = 0; k < available; k++) raw |= (uint32_t)text[i + k] << (8 * k);
    }
    uint32_t key4 = raw | 0x20202020u;
    uint32_t lengths = t->pair_lengths[key4 & 0xFFFFu];
    for (uint32_t n = 2; lengths >> (n - 1) && n <= available; n++) {
        if (lengths >> (n - 1) & 1) hits = probe_key(t, text, available, i, key4 & key_masks[n], n, hit_ids, hit_ends, hits);
    }
    return hits;
}

size_t quarry_word_start_scan(const quarry_word_start_table *table, const uint8_t *text, size_t length,
                              size_t *position, uint32_t *hit_ids, size_t *hit_ends, size_t capacity) {
    size_t i = *position, count = 0;
    const size_t room = table->max_hits_per_start;
    uint32_t previous_word = i > 0 && i <= length && is_word_byte(text[i - 1]);
#if defined(__SSE2__)
    const __m128i zero_char = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i lower_a = _mm_set1_epi8('a'), letters = _mm_set1_epi8(25), case_bit = _mm_set1_epi8(0x20);
    const __m128i underscore = _mm_set1_epi8('_');
    const uint32_t ranges = table->range_count;
    __m128i low[8], span[8];
    for (uint32_t r = 0; r < ranges; r++) {
        low[r] = _mm_set1_epi8((char)table->range_low[r]);
        span[r] = _mm_set1_epi8((char)(table->range_high[r] - table->range_low[r]));
    }
    while (i + 16 <= length) {
        __m128i v = _mm_loadu_si128((const __m128i *)(text + i));
        __m128i digit = _mm_sub_epi8(v, zero_char);
        digit = _mm_cmpeq_epi8(_mm_min_epu8(digit, nine), digit);
        __m128i letter = _mm_sub_epi8(_mm_or_si128(v, case_bit), lower_a);
        letter = _mm_cmpeq_epi8(_mm_min_epu8(letter, letters), letter);
        __m128i word = _mm_or_si128(_mm_or_si128(digit, letter), _mm_cmpeq_epi8(v, underscore));
        uint32_t w = (uint32_t)_mm_movemask_epi8(word);
        uint32_t high = (uint32_t)_mm_movemask_epi8(v);
        uint32_t starts = (w | high) & ~((w << 1) | previous_word) & 0xFFFFu;
        previous_word = w >> 15;
        if (ranges && starts) {
            // Only the word starts whose byte begins some literal (capitals, for a gazetteer).
            __m128i any = _mm_setzero_si128();
            for (uint32_t r = 0; r < ranges; r++) {
                __m128i offset = _mm_sub_epi8(v, low[r]);
                any = _mm_or_si128(any, _mm_cmpeq_epi8(_mm_min_epu8(offset, span[r]), offset));
            }
            starts &= (uint32_t)_mm_movemask_epi8(any);
        }
        while (starts) {
            size_t s = i + (size_t)__builtin_ctz(starts);
            starts &= starts - 1;
            if (capacity - count < room) {
                *position = s;
                return count;
            }
            count += probe(table, text, length, s, hit_ids + count, hit_ends + count);
        }
        i += 16;
    }
#endif
    for (; i < length; i++) {
        uint8_t b = text[i];
        uint32_t w = (uint32_t)is_word_byte(b);
        if ((w || b >= 0x80) && !previous_word) {
            if (capacity - count < room) {
                *position = i;
                return count;
            }
            count += probe(table, text, length, i, hit_ids + count, hit_ends + count);
        }
        previous_word = w;
    }
    *position = length;
    return count;
}

size_t quarry_dfa_scan(const quarry_dfa *dfa, const uint8_t *text, size_t length, size_t *position, uint32_t *row_io,
                       uint32_t *hit_rows, size_t *hit_ends, size_t capacity) {
    size_t i = *position, count = 0;
    uint32_t row = *row_io;
    const uint8_t *classes = dfa->classes, *starts = dfa->starts;
    const uint32_t *transitions = dfa->transitions;
#if defined(__SSE2__)
    const uint32_t ranges = dfa->range_count;
    __m128i low[8], span[8];
    for (uint32_t r = 0; r < ranges; r++) {
        low[r] = _mm_set1_epi8((char)dfa->range_low[r]);
        span[r] = _mm_set1_epi8((char)(dfa->range_high[r] - dfa->range_low[r]));
    }
#endif
    while (i < length && count < capacity) {
        if (row == 0) {
            // The start state: skip to the next byte that leaves it.
#if defined(__SSE2__)
            if (ranges) {
                while (i + 16 <= length) {
                    __m128i v = _mm_loadu_si128((const __m128i *)(text + i));
                    __m128i any = _mm_setzero_si128();
                    for (uint32_t r = 0; r < ranges; r++) {
                        __m128i offset = _mm_sub_epi8(v, low[r]);
                        any = _mm_or_si128(any, _mm_cmpeq_epi8(_mm_min_epu8(offset, span[r]), offset));
                    }
                    uint32_t bits = (uint32_t)_mm_movemask_epi8(any);
                    if (bits) {
                        i += (size_t)__builtin_ctz(bits);
                        break;
                    }
                    i += 16;
                }
            }
#endif
            while (i < length && !starts[text[i]]) i++;
            if (i == length) break;
        }
        uint32_t next = transitions[row + classes[text[i]]];
        i++;
        row = next & 0x7FFFFFFFu;
        if (next & 0x80000000u) {
            hit_rows[count] = row;
            hit_ends[count] = i;
            count++;
        }
    }
    *position = i;
    *row_io = row;
    return count;
}

size_t quarry_first_non_ascii(const uint8_t *text, size_t length) {
    size_t i = 0;
#if defined(__SSE2__)
    while (i + 16 <= length) {
        int high = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(text + i)));
        if (high) return i + (size_t)__builtin_ctz((unsigned)high);
        i += 16;
    }
#endif
    for (; i < length; i++) {
        if (text[i] >= 0x80) return i;
    }
    return length;
}
