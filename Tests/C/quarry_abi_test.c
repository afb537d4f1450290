/* Exercises Quarry's C ABI (Sources/QuarryC/include/quarry.h) as a C program would:
 * loading, annotating, errors, batches and concurrent use. Run by scripts/test_c_abi.sh.
 * Exit status 0 when every check passes; each failure is printed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quarry.h"

static int failures = 0;
#define CHECK(condition, ...) do { if (!(condition)) { failures++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static const char *sentence = "\xe2\x80\x9cWe will not give up,\xe2\x80\x9d Antony Blinken said in Seoul.";

typedef struct { quarry_service *service; int index; int ok; } worker;

static void *work(void *argument) {
    worker *w = argument;
    char text[256];
    for (int k = 0; k < 40; k++) {
        snprintf(text, sizeof text, "\xe2\x80\x9cStatement %d-%d,\xe2\x80\x9d Kim Jong Un said.", w->index, k);
        char *json = NULL;
        size_t length = 0;
        int status = quarry_annotate(w->service, text, strlen(text), NULL, &json, &length);
        char expected[64];
        snprintf(expected, sizeof expected, "Statement %d-%d,", w->index, k);
        if (status == QUARRY_OK && strstr(json, expected) && strstr(json, "Kim Jong Un") && strlen(json) == length) w->ok++;
        quarry_free(json);
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *rules = argc > 1 ? argv[1] : "Rules/news.quarry";
    CHECK(strcmp(quarry_version(), "0.1.0") == 0, "version %s", quarry_version());

    /* A rule file that does not exist, and one with a syntax error: NULL and diagnostics. */
    char *error = NULL;
    CHECK(quarry_load_file("/nonexistent/rules.quarry", &error) == NULL, "a missing file loads");
    CHECK(error && strstr(error, "/nonexistent/rules.quarry"), "the error names the file: %s", error ? error : "(null)");
    quarry_free(error);
    error = NULL;
    CHECK(quarry_load_string("rule broken X /(/\npipeline p\n  patterns\n", "bad.quarry", &error) == NULL, "bad rules load");
    CHECK(error && strstr(error, "bad.quarry:1:") && strstr(error, "^"), "file:line:col and a caret: %s", error ? error : "(null)");
    quarry_free(error);
    CHECK(quarry_load_file(NULL, NULL) == NULL, "a NULL path loads");

    /* Rules from a string. */
    quarry_service *small = quarry_load_string("rule seoul GPE /\\bSeoul\\b/\npipeline places\n  tokenize\n  patterns\n", NULL, &error);
    CHECK(small != NULL, "rules from a string: %s", error ? error : "");
    char *json = NULL;
    size_t length = 0;
    CHECK(quarry_annotate(small, sentence, strlen(sentence), "{\"layers\": [\"spans\"], \"offsets\": \"utf8\"}", &json, &length) == QUARRY_OK, "annotate: %s", json);
    CHECK(json && strstr(json, "\"label\": \"GPE\"") && strstr(json, "\"text\": \"Seoul\""), "a GPE span: %s", json);
    quarry_free(json);
    quarry_close(small);

    quarry_service *q = quarry_load_file(rules, &error);
    if (!q) { fprintf(stderr, "cannot load %s: %s\n", rules, error ? error : ""); return 1; }
    char *pipelines = quarry_pipelines(q);
    CHECK(pipelines && strstr(pipelines, "\"name\":\"news\""), "pipelines: %s", pipelines);
    quarry_free(pipelines);

    /* One document: the quote, its speaker, the CLI's schema. */
    CHECK(quarry_annotate(q, sentence, strlen(sentence), NULL, &json, &length) == QUARRY_OK, "annotate");
    CHECK(json && strstr(json, "\"entity\": \"Antony Blinken\"") && strstr(json, "\"quotes\"") && !strstr(json, "\"tokens\""), "%s", json);
    CHECK(json && length == strlen(json), "length %zu", length);
    quarry_free(json);

    /* Bad input: invalid UTF-8, an unknown pipeline, bad options, NULL arguments. */
    const char bad[] = {'a', (char)0xC3, '(', 0};
    CHECK(quarry_annotate(q, bad, 3, NULL, &json, NULL) == QUARRY_BAD_REQUEST && strstr(json, "byte offset 1"), "invalid UTF-8: %s", json);
    quarry_free(json);
    CHECK(quarry_annotate(q, "x", 1, "{\"pipeline\": \"nope\"}", &json, NULL) == QUARRY_NOT_FOUND && strstr(json, "nope"), "unknown pipeline: %s", json);
    quarry_free(json);
    CHECK(quarry_annotate(q, "x", 1, "not json", &json, NULL) == QUARRY_BAD_REQUEST, "bad options: %s", json);
    quarry_free(json);
    CHECK(quarry_annotate(NULL, "x", 1, NULL, &json, NULL) == QUARRY_INVALID_ARGUMENT, "NULL service");
    quarry_free(json);
    CHECK(quarry_annotate(q, "x", 1, NULL, NULL, NULL) == QUARRY_INVALID_ARGUMENT, "NULL result");
    CHECK(quarry_annotate(q, "", 0, NULL, &json, NULL) == QUARRY_OK, "empty text: %s", json);
    quarry_free(json);

    /* A batch: the same bytes with 1 and 2 threads, documents in input order. */
    const char *batch = "{\"documents\": [{\"id\": \"a\", \"text\": \"\xe2\x80\x9cYes,\xe2\x80\x9d Kim said.\"},"
                        " {\"id\": \"b\", \"url\": \"https://e.org/b\", \"text\": \"\xe2\x80\x9cNo,\xe2\x80\x9d Lee said.\"},"
                        " {\"id\": \"c\", \"text\": \"Nothing.\"}]}";
    char *one = NULL, *two = NULL;
    CHECK(quarry_annotate_batch(q, batch, strlen(batch), 1, &one, NULL) == QUARRY_OK, "batch: %s", one);
    CHECK(quarry_annotate_batch(q, batch, strlen(batch), 2, &two, NULL) == QUARRY_OK, "batch 2: %s", two);
    CHECK(one && two && strcmp(one, two) == 0, "jobs 1 and 2 differ:\n%s\n---\n%s", one, two);
    CHECK(one && strstr(one, "\"url\": \"https://e.org/b\"") && strstr(one, "\"id\": \"a\"") < strstr(one, "\"id\": \"c\""), "%s", one);
    quarry_free(one);
    quarry_free(two);

    /* Concurrent use of one service from four threads. */
    pthread_t threads[4];
    worker workers[4];
    for (int t = 0; t < 4; t++) {
        workers[t] = (worker){q, t, 0};
        pthread_create(&threads[t], NULL, work, &workers[t]);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(threads[t], NULL);
        CHECK(workers[t].ok == 40, "thread %d: %d of 40 right", t, workers[t].ok);
    }

    quarry_close(q);
    quarry_close(NULL);
    quarry_free(NULL);
    if (failures) { fprintf(stderr, "%d check(s) failed\n", failures); return 1; }
    printf("quarry C ABI: every check passed\n");
    return 0;
}
