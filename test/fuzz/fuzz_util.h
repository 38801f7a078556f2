/* Helpers shared by the fuzz harnesses (header only; harness code, not code under test). */
#ifndef PCDSIM_FUZZ_UTIL_H
#define PCDSIM_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The libFuzzer entry points every harness defines (standalone.c calls them without libFuzzer). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#ifndef PCDSIM_SHARED_DIR
#define PCDSIM_SHARED_DIR "../shared"
#endif

/* Report an oracle violation and abort(), which libFuzzer (and ctest) report as a crash. */
#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: oracle violated: %s: ", __FILE__, __LINE__, #cond);            \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The shared fixtures folder: $PCDSIM_SHARED_DIR, else the path configured at build time. */
static inline const char *fuzz_shared_dir(void)
{
    const char *e = getenv("PCDSIM_SHARED_DIR");
    return e != NULL && e[0] != '\0' ? e : PCDSIM_SHARED_DIR;
}

/* "<shared>/fixtures/<rel>" */
static inline void fuzz_fixture_path(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s/fixtures/%s", fuzz_shared_dir(), rel);
}

/* A sink for diagnostics: formatting them is part of what is fuzzed, printing them is noise.
 * PCDSIM_FUZZ_VERBOSE=1 sends them to stderr instead. */
static inline FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (sink == NULL) {
        const char *v = getenv("PCDSIM_FUZZ_VERBOSE");
        sink = v != NULL && v[0] == '1' ? stderr : fopen("/dev/null", "w");
        if (sink == NULL) {
            abort();
        }
    }
    return sink;
}

#endif /* PCDSIM_FUZZ_UTIL_H */
