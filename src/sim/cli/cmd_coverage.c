/* pcdsim coverage PATH... [--markdown] [--tests DIR]... (the options in the table below)
 *
 * Which scenarios (and, with --tests, which test sources) cover each requirement id of the
 * reference behaviour. Loads every scenario under PATH (files or folders, recursively). Exit 1 if
 * an id has no scenario: a gap in the conformance suite. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_opts.h"
#include "cmd.h"
#include "pcdsim/n52_scenario.h"
#include "pcdsim/scenario.h"

#define MAX_FILES 512

struct files {
    char *path[MAX_FILES];
    unsigned n;
};

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect files ending in @p suf under @p path (a file or a folder, recursively). */
static void collect(const char *path, const char *suf, struct files *out)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "pcdsim coverage: cannot read '%s'\n", path);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (out->n < MAX_FILES && has_suffix(path, suf)) {
            out->path[out->n++] = strdup(path);
        }
        return;
    }
    DIR *d = opendir(path);
    if (d == NULL) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (p != NULL) {
            snprintf(p, n, "%s/%s", path, e->d_name);
            collect(p, suf, out);
            free(p);
        }
    }
    closedir(d);
}

static bool file_mentions(const char *path, const char *id)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return false;
    }
    char line[1024];
    bool found = false;
    size_t n = strlen(id);
    while (!found && fgets(line, sizeof(line), f) != NULL) {
        for (const char *p = strstr(line, id); p != NULL && !found; p = strstr(p + 1, id)) {
            char after = p[n];
            found = !(after == '-' || (after >= 'A' && after <= 'Z')); /* APP-MARK not APP-MARK-DONE */
        }
    }
    fclose(f);
    return found;
}

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

enum { O_MARKDOWN, O_TESTS, O_COUNT };

static const struct cli_opt opts[O_COUNT] = {
    [O_MARKDOWN] = {"markdown", 0, NULL, "print a Markdown table", 0, NULL},
    [O_TESTS] = {"tests", 0, "DIR", "also list the test sources (*.c under DIR) naming each id, repeatable", CLI_REPEAT,
                 NULL},
};

static const struct cli_spec spec = {
    "coverage", "PATH...", -1,
    "Map each requirement id to the scenarios (and test sources) that cover it; exit 1 on a gap.\n",
    opts, O_COUNT, NULL,
};

/* covered[r * n + s]: scenario s names requirement r. NULL when out of memory; *bad set when a
 * scenario does not load (its diagnostic printed). */
static bool *load_coverage(const struct files *scns, size_t n_req, bool *bad)
{
    bool *covered = calloc(n_req * scns->n, 1);
    for (unsigned s = 0; covered != NULL && s < scns->n; s++) {
        struct pcdsim_scenario scn;
        struct pcdsim_diag d;
        pcdsim_diag_clear(&d);
        if (n52_scenario_detect(scns->path[s])) { /* an nRF52 scenario (docs/NRF52.md) */
            struct n52_scenario n52;
            *bad |= n52_scenario_load(scns->path[s], &n52, &d) != 0;
            for (size_t k = 0; k < n52.n_reqs; k++) {
                for (size_t r = 0; r < n_req; r++) {
                    covered[r * scns->n + s] |= n52.reqs[k] == pcdsim_requirement_at(r);
                }
            }
            if (d.err != 0) {
                pcdsim_diag_print(&d, stderr);
            }
            n52_scenario_free(&n52);
            continue;
        }
        if (pcdsim_scenario_load(scns->path[s], &scn, &d) != 0) {
            pcdsim_diag_print(&d, stderr);
            *bad = true;
            continue;
        }
        for (size_t k = 0; k < scn.requirement_count; k++) {
            for (size_t r = 0; r < n_req; r++) {
                if (scn.requirements[k].req == pcdsim_requirement_at(r)) {
                    covered[r * scns->n + s] = true;
                }
            }
        }
        pcdsim_scenario_free(&scn);
    }
    return covered;
}

/* The test sources that mention @p id, or "-". */
static void print_tests(const struct files *tests, const char *id)
{
    unsigned t_count = 0;
    for (unsigned t = 0; t < tests->n; t++) {
        if (file_mentions(tests->path[t], id)) {
            printf("%s%s", t_count++ ? ", " : "", base(tests->path[t]));
        }
    }
    if (t_count == 0) {
        printf("-");
    }
}

/* One line per requirement; the number of gaps (ids without a scenario, not planned). */
static unsigned print_rows(const struct files *scns, const struct files *tests, const bool *covered, bool md,
                           unsigned *planned)
{
    unsigned gaps = 0;
    for (size_t r = 0; r < pcdsim_requirement_count(); r++) {
        const struct pcdsim_requirement *q = pcdsim_requirement_at(r);
        printf(md ? "| %s | " : "%-20s ", q->id);
        unsigned count = 0;
        for (unsigned s = 0; s < scns->n; s++) {
            if (covered[r * scns->n + s]) {
                const char *rel = strstr(scns->path[s], "scenarios/");
                printf("%s%s", count++ ? ", " : "", rel ? rel + 10 : base(scns->path[s]));
            }
        }
        /* system properties are checked by every run whatever a scenario names; the release
         * packages' (PKG-*) by pcdsim gate on release inputs, not by a scenario (docs/RELEASES.md) */
        bool sys = q->group == PCDSIM_REQ_SYS, pkg = q->group == PCDSIM_REQ_PKG;
        if (count == 0 && q->planned != NULL) {
            printf("NOT YET CHECKED (issue %s)", q->planned); /* a known gap, registered */
            (*planned)++;
        } else if (count == 0) {
            printf(sys ? "(every scenario)" : pkg ? "(pcdsim gate)" : "NO SCENARIO");
            gaps += !sys && !pkg;
        }
        if (tests->n > 0) {
            printf(md ? " | " : "   tests: ");
            print_tests(tests, q->id);
        }
        puts(md ? " |" : "");
    }
    return gaps;
}

int cmd_coverage(int argc, char **argv)
{
    struct files scns = {{0}, 0}, tests = {{0}, 0};
    struct cli_args a;
    int exit_code = cli_parse(&spec, argc, argv, &a);
    if (exit_code != CLI_GO) {
        return exit_code;
    }
    const bool md = a.count[O_MARKDOWN] > 0;
    for (unsigned i = 0; i < a.count[O_TESTS]; i++) {
        collect(a.val[O_TESTS][i], ".c", &tests);
    }
    for (int i = 0; i < a.n_args; i++) {
        collect(a.args[i], ".yaml", &scns);
    }
    cli_args_free(&a);
    exit_code = PCDSIM_EXIT_OK;
    bool *covered = NULL;
    bool bad = false;
    const size_t n_req = pcdsim_requirement_count();
    if (scns.n == 0) {
        fprintf(stderr, "pcdsim coverage: no scenario files given\n");
        exit_code = PCDSIM_EXIT_INPUT;
        goto out;
    }
    qsort(scns.path, scns.n, sizeof(char *), cmp_str);
    qsort(tests.path, tests.n, sizeof(char *), cmp_str);
    if ((covered = load_coverage(&scns, n_req, &bad)) == NULL) {
        exit_code = PCDSIM_EXIT_INPUT;
        goto out;
    }
    if (md) {
        puts("| requirement | scenarios | tests |\n|---|---|---|");
    }
    unsigned planned = 0;
    unsigned gaps = print_rows(&scns, &tests, covered, md, &planned);
    printf("%zu requirements, %u scenarios, %u without a scenario, %u not yet checked by pcdsim (planned)\n", n_req,
           scns.n, gaps, planned);
    exit_code = bad ? PCDSIM_EXIT_INPUT : gaps > 0 ? PCDSIM_EXIT_VERDICT : PCDSIM_EXIT_OK;
out:
    free(covered);
    for (unsigned i = 0; i < scns.n; i++) {
        free(scns.path[i]);
    }
    for (unsigned i = 0; i < tests.n; i++) {
        free(tests.path[i]);
    }
    return exit_code;
}
