// quarry_icu.h: the ICU-free C interface that Quarry's Swift modules see.
//
// ICU's own headers are included only by quarry_icu.c. Swift never imports them because
// Foundation on Linux ships a private ICU module with the same C type names, and because ICU
// renames every function with a version suffix through macros Swift cannot import.
//
// All offsets are UTF-8 byte offsets into the buffer given to quarry_breaker_set_text.
#ifndef QUARRY_ICU_H
#define QUARRY_ICU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a breaker segments.
typedef enum {
    QUARRY_BREAK_WORD = 0,
    QUARRY_BREAK_SENTENCE = 1,
} quarry_break_kind;

/// Rule-status ranges of word boundaries (they mirror ICU's UWordBreak values).
enum {
    QUARRY_WORD_NONE = 0,        // spaces, punctuation, symbols: [0, 100)
    QUARRY_WORD_NUMBER = 100,    // [100, 200)
    QUARRY_WORD_LETTER = 200,    // [200, 300)
    QUARRY_WORD_KANA = 300,      // [300, 400)
    QUARRY_WORD_IDEO = 400,      // [400, 500)
};

/// An ICU break iterator bound to a UTF-8 buffer. Not thread-safe: one per thread.
typedef struct quarry_breaker quarry_breaker;

/// Opens a breaker for `locale` ("en", "en@ss=standard", ...). Returns NULL on failure and
/// writes ICU's error name into `error_name` (at most `error_name_length` bytes, NUL-terminated).
quarry_breaker *quarry_breaker_open(quarry_break_kind kind, const char *locale,
                                    char *error_name, size_t error_name_length);

/// A new breaker with the same rules as `breaker` (cheaper than opening one). NULL on failure.
quarry_breaker *quarry_breaker_clone(const quarry_breaker *breaker);

void quarry_breaker_close(quarry_breaker *breaker);

/// Points the breaker at `length` bytes of valid UTF-8. The buffer must outlive its use.
/// Returns 0 on success, otherwise an ICU error code (> 0).
int32_t quarry_breaker_set_text(quarry_breaker *breaker, const uint8_t *text, int64_t length);

/// The next boundary after the current one, or -1 at the end of the text.
int64_t quarry_breaker_next(quarry_breaker *breaker);

/// The first boundary strictly after `offset`, or -1 if there is none.
int64_t quarry_breaker_following(quarry_breaker *breaker, int64_t offset);

/// The rule status of the boundary most recently returned (see the QUARRY_WORD_* ranges).
int32_t quarry_breaker_rule_status(const quarry_breaker *breaker);

/// The ICU version string, e.g. "72.1".
const char *quarry_icu_version(void);

#ifdef __cplusplus
}
#endif

#endif
