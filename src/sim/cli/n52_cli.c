/* pcdsim run / sweep of nRF52 scenarios (n52_cli.h). */
#include "n52_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "cmd.h"
#include "pcdsim/host_err.h"
#include "pcdsim/n52_run.h"

/* op:N[:before|somebits]: 0, or -1. */
static int parse_cut(const char *cut, struct n52_run_opts *o)
{
    if (cut == NULL) {
        return 0;
    }
    char *end = NULL;
    if (strncmp(cut, "op:", 3) != 0 || cut[3] < '0' || cut[3] > '9') {
        return -1;
    }
    o->cut = true;
    o->cut_op = strtoull(cut + 3, &end, 10);
    if (*end == '\0' || strcmp(end, ":before") == 0) {
        return 0;
    }
    o->tear = strcmp(end, ":somebits") == 0;
    return o->tear ? 0 : -1;
}

/* A cut that never fires would pass silently: the operation must be one of the run. 0 or -1. */
static int check_cut(const struct n52_scenario *s, uint64_t op)
{
    struct run_result *res = malloc(sizeof(*res));
    const struct n52_run_opts none = {.cut = true, .cut_op = UINT64_MAX / 2};
    int rc = res != NULL ? n52_run(s, &none, res) : PCDSIM_E_NOMEM;
    const uint64_t total = rc == 0 ? res->flash_ops : 0;
    free(res);
    if (rc != 0 || op >= total) {
        fprintf(stderr, "pcdsim: %s: --cut op:%llu: the run has only %llu flash operation(s): the cut would never "
                "happen\n", s->path, (unsigned long long)op, (unsigned long long)total);
        return -1;
    }
    return 0;
}

int n52_cli_prepare(const char *file, const char *cut, const char *other_opt, struct n52_scenario *s)
{
    struct pcdsim_diag d;
    struct n52_run_opts o = {0};
    if (n52_scenario_load(file, s, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        return -1;
    }
    if (other_opt != NULL) {
        fprintf(stderr, "pcdsim: %s: --%s applies to nRF5340 scenarios only (this one is board.soc: nrf52840)\n", file,
                other_opt);
        return -1;
    }
    if (parse_cut(cut, &o) != 0) {
        fprintf(stderr, "pcdsim: %s: on an nRF52 scenario --cut takes op:N[:before|somebits], not '%s'\n", file, cut);
        return -1;
    }
    return o.cut ? check_cut(s, o.cut_op) : 0;
}

int n52_cli_run_one(const struct n52_scenario *s, const char *cut, bool quiet, bool verbose)
{
    struct n52_run_opts o = {0};
    (void)parse_cut(cut, &o);
    (void)verbose;
    o.timeline = quiet ? NULL : stdout;
    if (!quiet) {
        printf("=== %s (%s)\nnRF52840, dual-bank background update (docs/NRF52.md)\n", s->name, s->path);
    }
    struct run_result *res = malloc(sizeof(*res));
    int rc = res != NULL ? n52_run(s, &o, res) : PCDSIM_E_NOMEM;
    if (rc != 0) {
        fprintf(stderr, "pcdsim run: %s: the run could not be set up (no verdict): %s (%s)\n", s->path,
                pcdsim_strerror(rc), pcdsim_describe(rc));
        free(res);
        return -1;
    }
    if (!quiet) {
        printf("verdicts:\n");
        run_print_verdicts(res, stdout);
    } else if (!res->ok) {
        for (unsigned i = 0; i < res->n_verdicts; i++) {
            if (!res->verdicts[i].pass) {
                printf("  FAIL  %-22s %s\n", res->verdicts[i].id, res->verdicts[i].evidence);
            }
        }
    }
    const int ok = res->ok;
    if (ok) {
        printf("PASS %s  (%u power-on(s), %.3f s device time, %llu flash operations)\n", s->path, res->boots,
               (double)res->device_time_us / 1e6, (unsigned long long)res->flash_ops);
    } else {
        printf("FAIL %s  -- replay: pcdsim run %s%s%s --verbose\n", s->path, s->path, cut ? " --cut " : "",
               cut ? cut : "");
    }
    free(res);
    return ok;
}

int n52_cli_sweep(const char *file, const char *cuts, const char *tear, const char *other_opt)
{
    struct n52_scenario s;
    if (n52_cli_prepare(file, NULL, other_opt, &s) != 0) {
        n52_scenario_free(&s);
        return PCDSIM_EXIT_INPUT;
    }
    const bool tear_all = tear != NULL && (strcmp(tear, "somebits") == 0 || strcmp(tear, "all") == 0);
    if (strcmp(cuts, "every-op") != 0 || (tear != NULL && !tear_all && strcmp(tear, "none") != 0)) {
        fprintf(stderr, "pcdsim sweep: %s: an nRF52 scenario is swept with --cuts every-op [--tear none|somebits|all], "
                "not --cuts %s%s%s\n", file, cuts, tear ? " --tear " : "", tear ? tear : "");
        n52_scenario_free(&s);
        return PCDSIM_EXIT_INPUT;
    }
    struct n52_sweep_result r;
    int rc = n52_sweep(&s, tear_all, stdout, &r);
    n52_scenario_free(&s);
    if (rc != 0) {
        fprintf(stderr, "pcdsim sweep: %s: %s\n", file, pcdsim_strerror(rc));
        return PCDSIM_EXIT_INPUT;
    }
    printf("%s: %llu branch(es), %llu failed (every flash operation cut%s, then power-ons until settled)\n", file,
           (unsigned long long)r.points, (unsigned long long)r.failed, tear_all ? " before and torn" : " before");
    return r.failed == 0 ? PCDSIM_EXIT_OK : PCDSIM_EXIT_VERDICT;
}
