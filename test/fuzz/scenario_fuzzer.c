/* Fuzz harness: the scenario loader (src/sim/scenario, docs/SCENARIOS.md).
 *
 * Input: the text of a scenario file. pcdsim_scenario_load() takes a path, so each input is
 * written to one temporary file (created once, rewritten per input) in a scratch folder laid out
 * like the source tree:
 *
 *   <tmp>/shared -> the shared folder (PCDSIM_SHARED_DIR)
 *   <tmp>/s/c/n/fuzz.yaml          the input
 *   <tmp>/s/c/n/{settings.bin,blob.bin,complete.yml} -> test/unit/scenario/data/
 *
 * so the relative paths of the scenarios under scenarios/<group>/ (../../../shared/fixtures/...)
 * and of the example in docs/SCENARIOS.md resolve as they do in the tree. The loader's behaviour
 * is unchanged: it reads the file it is given, and stats the files the scenario names.
 *
 * Oracles (abort() on violation): the return code is 0 or a documented code and the diagnostic
 * carries it; on error the scenario is left zeroed and the diagnostic names a file, with a 1-based
 * line and column for every error but an allocation failure (file:line:column contract); on
 * success the scenario has a name, at least one requirement and one step; free twice is safe. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "pcdsim/host_err.h"
#include "pcdsim/scenario.h"

#ifndef PCDSIM_SOURCE_DIR
#define PCDSIM_SOURCE_DIR "."
#endif

static char g_root[64];
static char g_dir[128];
static char g_path[160];
static int g_fd = -1;

static void mk(const char *path)
{
    if (mkdir(path, 0700) != 0) {
        perror(path);
        abort();
    }
}

static void link_to(const char *target, const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    if (symlink(target, p) != 0) {
        perror(p);
        abort();
    }
}

static void cleanup(void)
{
    static const char *const names[] = {"settings.bin", "blob.bin", "complete.yml", "fuzz.yaml"};
    char p[512];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", g_dir, names[i]);
        unlink(p);
    }
    const char *dirs[] = {"s/c/n", "s/c", "s"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s/%s", g_root, dirs[i]);
        rmdir(p);
    }
    snprintf(p, sizeof(p), "%s/shared", g_root);
    unlink(p);
    rmdir(g_root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(g_root, sizeof(g_root), "/tmp/pcdsim-scn-fuzz-XXXXXX");
    if (mkdtemp(g_root) == NULL) {
        perror("scenario_fuzzer: mkdtemp");
        abort();
    }
    char p[256];
    snprintf(p, sizeof(p), "%s/s", g_root);
    mk(p);
    snprintf(p, sizeof(p), "%s/s/c", g_root);
    mk(p);
    snprintf(g_dir, sizeof(g_dir), "%s/s/c/n", g_root);
    mk(g_dir);
    atexit(cleanup);
    char shared[1024];
    if (realpath(fuzz_shared_dir(), shared) == NULL) {
        fprintf(stderr, "scenario_fuzzer: no shared folder at %s (set PCDSIM_SHARED_DIR)\n", fuzz_shared_dir());
        abort();
    }
    link_to(shared, g_root, "shared");
    static const char *const data[] = {"settings.bin", "blob.bin", "complete.yml"};
    for (size_t i = 0; i < sizeof(data) / sizeof(data[0]); i++) {
        snprintf(p, sizeof(p), "%s/test/unit/scenario/data/%s", PCDSIM_SOURCE_DIR, data[i]);
        link_to(p, g_dir, data[i]);
    }
    snprintf(g_path, sizeof(g_path), "%s/fuzz.yaml", g_dir);
    g_fd = open(g_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (g_fd < 0) {
        perror(g_path);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > PCDSIM_SCENARIO_FILE_MAX) {
        return 0;
    }
    FUZZ_CHECK(ftruncate(g_fd, 0) == 0, "ftruncate");
    for (size_t done = 0; done < size;) {
        ssize_t n = pwrite(g_fd, data + done, size - done, (off_t)done);
        FUZZ_CHECK(n > 0, "pwrite");
        done += (size_t)n;
    }

    struct pcdsim_scenario scn;
    struct pcdsim_diag d;
    memset(&scn, 0xA5, sizeof(scn));
    int rc = pcdsim_scenario_load(g_path, &scn, &d);
    if (rc != 0) {
        FUZZ_CHECK(rc == PCDSIM_E_FILE || rc == PCDSIM_E_YAML || rc == PCDSIM_E_SCHEMA || rc == PCDSIM_E_LAYOUT ||
                       rc == PCDSIM_E_NOMEM,
                   "undocumented code %d", rc);
        FUZZ_CHECK(d.err == rc, "diag code %d, returned %d", d.err, rc);
        FUZZ_CHECK(d.message[0] != '\0', "error without a message");
        FUZZ_CHECK(d.file[0] != '\0', "error without a file: %s", d.message);
        if (rc != PCDSIM_E_NOMEM) {
            FUZZ_CHECK(d.line > 0 && d.column > 0, "no line:column for '%s' in %s", d.message, d.file);
        }
        FUZZ_CHECK(scn.path == NULL && scn.name == NULL && scn.steps == NULL && scn.faults == NULL,
                   "scenario not zeroed on error");
        pcdsim_diag_print(&d, fuzz_sink());
        return 0;
    }
    FUZZ_CHECK(d.err == 0, "diagnostic left after success");
    FUZZ_CHECK(scn.path != NULL && scn.dir != NULL && scn.name != NULL, "path/name");
    FUZZ_CHECK(scn.requirement_count >= 1 && scn.step_count >= 1, "requirements/steps");
    for (size_t i = 0; i < scn.requirement_count; i++) {
        FUZZ_CHECK(scn.requirements[i].req != NULL, "requirement %zu", i);
    }
    pcdsim_scenario_free(&scn);
    pcdsim_scenario_free(&scn);
    return 0;
}
