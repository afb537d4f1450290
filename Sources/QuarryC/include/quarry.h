/* Quarry's C ABI: load rule-file pipelines once, annotate UTF-8 text, get the JSON of
 * `quarry run -f json`. Link with libQuarryC (swift build -c release --product QuarryC).
 *
 *   char *error = NULL;
 *   quarry_service *q = quarry_load_file("Rules/news.quarry", &error);
 *   if (!q) { fprintf(stderr, "%s\n", error); quarry_free(error); return 1; }
 *   char *json = NULL; size_t length = 0;
 *   int status = quarry_annotate(q, text, strlen(text), NULL, &json, &length);
 *   if (status == QUARRY_OK) puts(json);
 *   quarry_free(json);
 *   quarry_close(q);
 *
 * Every string Quarry returns is allocated by Quarry, NUL-terminated, and freed with
 * quarry_free. A quarry_service may be used from several threads at once; each call takes
 * its own per-thread state from a pool inside it. Text must be UTF-8 (invalid UTF-8 is an
 * error that names the byte offset, never a crash).
 */
#ifndef QUARRY_H
#define QUARRY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: 0 success; otherwise the HTTP-like class of the problem. */
enum {
    QUARRY_OK = 0,
    QUARRY_BAD_REQUEST = 400,      /* invalid UTF-8, bad options or JSON, unknown layer */
    QUARRY_NOT_FOUND = 404,        /* an unknown pipeline */
    QUARRY_TOO_LARGE = 413,        /* over a size limit (quarry serve; the C ABI sets none) */
    QUARRY_INTERNAL = 500,         /* could not run (a bug: please report it) */
    QUARRY_TIMEOUT = 503,          /* over a time limit (quarry serve; the C ABI sets none) */
    QUARRY_INVALID_ARGUMENT = -1   /* a NULL handle or output pointer */
};

/* The pipelines of some rule files, loaded and checked once. */
typedef struct quarry_service quarry_service;

/* Loads every pipeline a rule file declares (and those of the files it includes). On error
 * returns NULL and, when `error` is not NULL, sets *error to the diagnostics, one per line,
 * each as file:line:col: error: message with the source line and a caret. */
quarry_service *quarry_load_file(const char *path, char **error);

/* The same from rule-language text; `name` is the file name diagnostics show (NULL:
 * "<rules>"); includes are read relative to the current directory. */
quarry_service *quarry_load_string(const char *rules, const char *name, char **error);

/* The pipelines served, as JSON: {"pipelines": [{"name", "file", "stages", "writes"}]}.
 * Returns NULL for a NULL service. */
char *quarry_pipelines(const quarry_service *service);

/* Annotates one document of `length` bytes of UTF-8 (it may contain NUL bytes).
 * `options` is NULL or a JSON object with any of "pipeline" (default: the first loaded),
 * "layers" (a list, or "spans,quotes"; default spans and quotes when the pipeline writes
 * them), "offsets" ("codepoints", the default, "utf8", "utf16"), "format" ("json", the
 * default, "jsonl", "html"), "tokens" ("objects", the default, or "columns": {"start": [...],
 * "end": [...], "kind": [k, ...], "kinds": ["word", ...]}, `kind` indexing `kinds`) and "id". On QUARRY_OK, *result is the document's JSON (the
 * schema of `quarry run -f json`); on an error it is {"error": "..."}. Either way free it
 * with quarry_free. *result_length, when not NULL, receives its length in bytes. */
int quarry_annotate(const quarry_service *service, const char *text, size_t length, const char *options,
                    char **result, size_t *result_length);

/* Annotates a batch, one body in the JSON the service takes:
 * {"documents": [{"text": "...", "id": "...", ...}, ...], "pipeline": ..., "layers": ...}.
 * A document without "id" is named by its index in the list plus "index_base" (default 0).
 * The result is a JSON list of documents in input order (with "format": "jsonl", one line
 * each). `jobs` threads share the work (1: the calling thread only; 0: one per core). No
 * limit on the number of documents or the time: the caller chooses its batch sizes. */
int quarry_annotate_batch(const quarry_service *service, const char *request, size_t length, int jobs,
                          char **result, size_t *result_length);

/* Frees a string Quarry returned (NULL is fine). */
void quarry_free(char *string);

/* Releases a service (NULL is fine); it must not be in use by another thread. */
void quarry_close(quarry_service *service);

/* The library's version, e.g. "0.1.0" (static: do not free). */
const char *quarry_version(void);

#ifdef __cplusplus
}
#endif

#endif
