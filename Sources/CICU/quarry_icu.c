// quarry_icu.c: the only translation unit in Quarry that includes ICU headers.
#include "quarry_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uclean.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

struct quarry_breaker {
    UBreakIterator *iterator;
    UText text;  // reused across set_text calls; opened over caller-owned UTF-8
    int text_open;
};

static void copy_error(UErrorCode status, char *out, size_t length) {
    if (out == NULL || length == 0) return;
    const char *name = u_errorName(status);
    strncpy(out, name, length - 1);
    out[length - 1] = '\0';
}

quarry_breaker *quarry_breaker_open(quarry_break_kind kind, const char *locale,
                                    char *error_name, size_t error_name_length) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIteratorType type = kind == QUARRY_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD;
    UBreakIterator *iterator = ubrk_open(type, locale, NULL, 0, &status);
    if (U_FAILURE(status) || iterator == NULL) {
        copy_error(status, error_name, error_name_length);
        return NULL;
    }
    quarry_breaker *breaker = calloc(1, sizeof(quarry_breaker));
    if (breaker == NULL) {
        ubrk_close(iterator);
        copy_error(U_MEMORY_ALLOCATION_ERROR, error_name, error_name_length);
        return NULL;
    }
    breaker->iterator = iterator;
    UText empty = UTEXT_INITIALIZER;
    breaker->text = empty;
    return breaker;
}

quarry_breaker *quarry_breaker_clone(const quarry_breaker *breaker) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_clone(breaker->iterator, &status);
    if (U_FAILURE(status) || iterator == NULL) return NULL;
    quarry_breaker *copy = calloc(1, sizeof(quarry_breaker));
    if (copy == NULL) {
        ubrk_close(iterator);
        return NULL;
    }
    copy->iterator = iterator;
    UText empty = UTEXT_INITIALIZER;
    copy->text = empty;
    return copy;
}

void quarry_breaker_close(quarry_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    if (breaker->text_open) utext_close(&breaker->text);
    free(breaker);
}

int32_t quarry_breaker_set_text(quarry_breaker *breaker, const uint8_t *text, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&breaker->text, (const char *)text, length, &status);
    if (U_FAILURE(status)) return (int32_t)status;
    breaker->text_open = 1;
    ubrk_setUText(breaker->iterator, &breaker->text, &status);
    if (U_FAILURE(status)) return (int32_t)status;
    return 0;
}

int64_t quarry_breaker_next(quarry_breaker *breaker) {
    int32_t boundary = ubrk_next(breaker->iterator);
    return boundary == UBRK_DONE ? -1 : (int64_t)boundary;
}

int64_t quarry_breaker_following(quarry_breaker *breaker, int64_t offset) {
    int32_t boundary = ubrk_following(breaker->iterator, (int32_t)offset);
    return boundary == UBRK_DONE ? -1 : (int64_t)boundary;
}

int32_t quarry_breaker_rule_status(const quarry_breaker *breaker) {
    return ubrk_getRuleStatus(breaker->iterator);
}

const char *quarry_icu_version(void) {
    static char version[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, version);
    return version;
}
