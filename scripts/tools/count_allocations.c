/* Counts calls to malloc, calloc, realloc and aligned allocations in a process and prints the
 * totals to stderr at exit (LD_PRELOAD). Built and run by scripts/count_allocations.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static atomic_ulong calls;
static atomic_ulong bytes;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);

/* dlsym may itself call calloc before real_calloc is known: serve it from a static buffer. */
static char bootstrap[4096];
static size_t bootstrap_used;

static void resolve(void) {
    if (!real_malloc) {
        real_malloc = dlsym(RTLD_NEXT, "malloc");
        real_calloc = dlsym(RTLD_NEXT, "calloc");
        real_realloc = dlsym(RTLD_NEXT, "realloc");
        real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    }
}

void *malloc(size_t size) {
    resolve();
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes, size, memory_order_relaxed);
    return real_malloc(size);
}

void *calloc(size_t count, size_t size) {
    if (!real_calloc) {
        size_t need = (count * size + 15) & ~(size_t)15;
        if (bootstrap_used + need > sizeof bootstrap) return NULL;
        void *p = bootstrap + bootstrap_used;
        bootstrap_used += need;
        return p;
    }
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes, count * size, memory_order_relaxed);
    return real_calloc(count, size);
}

void *realloc(void *p, size_t size) {
    resolve();
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes, size, memory_order_relaxed);
    return real_realloc(p, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    resolve();
    atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes, size, memory_order_relaxed);
    return real_posix_memalign(out, alignment, size);
}

void free(void *p) {
    static void (*real_free)(void *);
    if ((char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap) return;
    if (!real_free) real_free = dlsym(RTLD_NEXT, "free");
    real_free(p);
}

__attribute__((destructor)) static void report(void) {
    char line[128];
    int n = snprintf(line, sizeof line, "allocations: %lu calls, %lu bytes\n",
                     (unsigned long)atomic_load(&calls), (unsigned long)atomic_load(&bytes));
    if (n > 0) { ssize_t ignored = write(2, line, (size_t)n); (void)ignored; }
}
