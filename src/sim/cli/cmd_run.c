/* pcdsim run FILE... [options]: the options in the table below (`pcdsim run --help`).
 *
 * Replays scenarios: every file is loaded and checked first (a bad one: its diagnostic, exit 2,
 * nothing simulated); then each runs, printing its timeline and verdicts. A failure prints the
 * one command that replays it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "cli_util.h"
#include "cmd.h"
#include "pcdsim/host_err.h"
#include "pcdsim/perfetto.h"
#include "n52_cli.h"
#include "scenario_run.h"
#include "sweep_points.h"

enum { O_SEED, O_PROFILE, O_NCS_VERSION, O_CUT, O_MAX_TIME, O_TRACE, O_PERFETTO, O_QUIET, O_VERBOSE, O_NET_BINARY, O_COUNT };

static const struct cli_opt opts[O_COUNT] = {
    [O_SEED] = {"seed", 0, "N", "override the scenarios' seed (RAM garbage, torn cells)", 0, NULL},
    [O_PROFILE] = {"profile", 0, "P",
                   "run the code of profile P instead of the scenario's own: reference (src/pcd)\n"
                   "or ncs (models of the shipped NCS code, docs/NCS-PROFILE.md). When P differs\n"
                   "from the scenario's profile, its `expect` block (written for its own profile)\n"
                   "is not applied: every verdict -- its requirement ids and the system\n"
                   "properties -- must pass",
                   0, "'reference' or 'ncs'"},
    [O_NCS_VERSION] = {"ncs-version", 0, "V",
                       "run the NCS profile as release V (MAJOR.MINOR.PATCH, 1.4.0 to 3.99.99) instead\n"
                       "of the scenario's `ncs_version` (default 2.9.0); when it differs, its `expect`\n"
                       "block is not applied: every verdict must pass (a hazard outside its releases)",
                       0, "an NCS release, e.g. 2.9.0"},
    [O_CUT] = {"cut", 0, "op:N[:MODE]",
               "cut power at flash operation N (MODE: before, prefix, somebits, mostbits,\n"
               "garbage, after) instead of the scenario's power losses, then let the\n"
               "device settle: replays one branch of `pcdsim sweep`; a second\n"
               "--cut op:M cuts again before operation M of the recovery (--depth 2)",
               CLI_REPEAT, NULL},
    [O_MAX_TIME] = {"max-device-time", 0, "MS",
                    "bound of each run step, ms of device time (1000..2592000000), after\n"
                    "which the run counts as hung (SYS-CONVERGE); overrides the scenario's\n"
                    "max_device_time_ms; default: boots x attempts x timeout + 1020 s",
                    0, NULL},
    [O_TRACE] = {"trace", 0, "FILE", "write every timeline event as one JSON object per line", 0, NULL},
    [O_PERFETTO] = {"perfetto", 0, "FILE",
                    "write the timelines as Chrome trace-event JSON (open in ui.perfetto.dev):\n"
                    "a track per core and the system, phases as slices, counters, events",
                    0, NULL},
    [O_QUIET] = {"quiet", 'q', NULL,
                 "one line per scenario (PASS/FAIL), the failing verdicts of a failing one, and\n"
                 "the summary (not with --verbose)",
                 0, NULL},
    [O_VERBOSE] = {"verbose", 'v', NULL, "also every page erase and PCD block write", 0, NULL},
    [O_NET_BINARY] = {"net-binary", 0, "FILE",
                      "run this B0N binary (ELF, .bin at 0x01000000, Intel HEX) on the emulated\n"
                      "Cortex-M33 as the network core instead of the host-compiled B0N\n"
                      "(overrides the scenarios' net_core.binary)",
                      0, NULL},
};

static const struct cli_spec spec = {
    "run", "FILE...", -1,
    "Replay YAML scenarios (docs/SCENARIOS.md) on the simulated nRF5340 and check them.\n",
    opts, O_COUNT,
    "exit: 0 all passed, 1 a verdict failed, 2 bad input (nothing simulated)\n",
};

/* What the options ask for, checked. */
struct run_opts {
    bool has_seed, quiet, verbose;
    uint64_t seed, max_time_ms;
    const char *trace, *perfetto, *cut, *cut2, *profile_name, *ncs_version_name, *net_binary;
    uint32_t ncs_version;
    enum run_profile profile;
    uint64_t cut_op, cut2_op;
    enum sweep_cut cut_kind, cut2_kind;
};

/* The --cut values: a second --cut is a cut during the recovery (a branch of `sweep --depth 2`).
 * 0, or -1 with the message printed. */
static int parse_cuts(const struct cli_args *a, struct run_opts *o)
{
    for (unsigned k = 0; k < a->count[O_CUT]; k++) {
        const char *cut = a->val[O_CUT][k];
        int bad = k >= 2;
        if (k == 0) {
            o->cut = cut;
            bad = sweep_parse_cut(cut, &o->cut_op, &o->cut_kind) != 0;
        } else if (!bad) {
            o->cut2 = cut;
            bad = sweep_parse_cut(cut, &o->cut2_op, &o->cut2_kind) != 0 || o->cut2_kind != SWEEP_CUT_BEFORE ||
                  o->cut2_op <= o->cut_op;
        }
        if (bad) {
            fprintf(stderr,
                    "pcdsim run: --cut takes op:N[:before|prefix|somebits|mostbits|garbage|after], not '%s'; a "
                    "second --cut (during the recovery) takes op:M[:before] with M after the first\n",
                    cut);
            return -1;
        }
    }
    return 0;
}

/* The values of the options, each checked: 0, or -1 with the message printed (exit 2). */
static int parse_opts(const struct cli_args *a, struct run_opts *o)
{
    const char *v;
    *o = (struct run_opts){.cut2_op = UINT64_MAX, .cut_kind = SWEEP_CUT_BEFORE, .cut2_kind = SWEEP_CUT_BEFORE};
    if ((v = cli_val(a, O_SEED, NULL)) != NULL && cli_parse_u64(v, &o->seed) != 0) {
        fprintf(stderr, "pcdsim run: --seed needs a number, not '%s'\n", v);
        return -1;
    }
    o->has_seed = v != NULL;
    if (parse_cuts(a, o) != 0) {
        return -1;
    }
    if ((v = cli_val(a, O_MAX_TIME, NULL)) != NULL &&
        (cli_parse_u64(v, &o->max_time_ms) != 0 || o->max_time_ms < 1000u || o->max_time_ms > 2592000000u)) {
        fprintf(stderr, "pcdsim run: --max-device-time takes milliseconds of device time, 1000..2592000000 "
                "(1 s .. 30 days), not '%s'\n", v);
        return -1;
    }
    o->profile_name = cli_val(a, O_PROFILE, NULL);
    if (o->profile_name != NULL && strcmp(o->profile_name, "reference") != 0 && strcmp(o->profile_name, "ncs") != 0) {
        fprintf(stderr, "pcdsim run: --profile takes 'reference' or 'ncs', not '%s'\n", o->profile_name);
        return -1;
    }
    o->profile = o->profile_name != NULL && strcmp(o->profile_name, "ncs") == 0 ? RUN_PROFILE_NCS : RUN_PROFILE_REFERENCE;
    const char *why = NULL;
    o->ncs_version_name = cli_val(a, O_NCS_VERSION, NULL);
    if (o->ncs_version_name != NULL && pcdsim_ncs_version_parse(o->ncs_version_name, &o->ncs_version, &why) != 0) {
        fprintf(stderr, "pcdsim run: --ncs-version takes an NCS release MAJOR.MINOR.PATCH from 1.4.0 to "
                "3.99.99, not '%s': %s\n", o->ncs_version_name, why);
        return -1;
    }
    o->trace = cli_val(a, O_TRACE, NULL);
    o->perfetto = cli_val(a, O_PERFETTO, NULL);
    o->net_binary = cli_val(a, O_NET_BINARY, NULL);
    o->quiet = a->count[O_QUIET] > 0;
    o->verbose = a->count[O_VERBOSE] > 0;
    return 0;
}

/* The flash operations of the run @p c (with @p strip, without its power losses; other faults
 * kept): the numbers a --cut can name are 0 .. that - 1. 0 with the count in @p ops, or a
 * negative code. */
static int count_ops(const struct run_config *c, bool strip, uint64_t *ops)
{
    struct run_config *u = malloc(sizeof(*u));
    struct run_result *r = malloc(sizeof(*r));
    int rc = u != NULL && r != NULL ? 0 : PCDSIM_E_NOMEM;
    if (rc == 0) {
        *u = *c;
        unsigned k = 0;
        for (unsigned i = 0; i < u->n_faults; i++) {
            if (!strip || u->faults[i].kind != RUN_FAULT_POWER_LOSS) {
                u->faults[k++] = u->faults[i];
            }
        }
        u->n_faults = k;
        u->settle_on_loss = u->settle_on_loss && !strip;
        rc = run_execute(u, NULL, r);
        *ops = r->flash_ops;
    }
    free(u);
    free(r);
    return rc;
}

/* A --cut that never fires would pass silently: the first must name an operation of the run, the
 * second one of the recovery after the first. 0, or PCDSIM_E_SCHEMA with the reason in @p d. */
static int check_cuts(const struct run_config *c, const char *file, uint64_t op, enum sweep_cut kind, uint64_t op2,
                      struct pcdsim_diag *d)
{
    uint64_t n = 0;
    int rc = count_ops(c, true, &n);
    if (rc == 0 && op >= n) {
        pcdsim_diag_set(d, PCDSIM_E_SCHEMA, file, 0, 0, "--cut op:%llu: the run has only %llu flash operation(s) "
                        "(op:0..op:%llu): the cut would never happen", (unsigned long long)op, (unsigned long long)n,
                        (unsigned long long)(n ? n - 1 : 0));
        return PCDSIM_E_SCHEMA;
    }
    if (rc == 0 && op2 != UINT64_MAX) {
        struct run_config *one = malloc(sizeof(*one));
        rc = one != NULL ? 0 : PCDSIM_E_NOMEM;
        if (rc == 0) {
            *one = *c;
            rc = sweep_cut_fault(one, op, kind, UINT64_MAX) == 0 ? count_ops(one, false, &n) : PCDSIM_E_SCHEMA;
        }
        free(one);
        if (rc == 0 && op2 >= n) {
            pcdsim_diag_set(d, PCDSIM_E_SCHEMA, file, 0, 0, "second --cut op:%llu: the run cut at op:%llu ends after "
                            "%llu flash operation(s): the second cut would never happen", (unsigned long long)op2,
                            (unsigned long long)op, (unsigned long long)n);
            return PCDSIM_E_SCHEMA;
        }
    }
    return rc;
}

/* --quiet: of a failing run, only the verdicts that are not as expected. */
static void print_failing_verdicts(const struct run_result *res)
{
    for (unsigned i = 0; i < res->n_verdicts; i++) {
        const struct run_verdict *v = &res->verdicts[i];
        if (v->pass == v->expected_fail) {
            printf("  %s %-22s %s\n", v->pass ? "XPASS" : "FAIL ", v->id, v->evidence);
        }
    }
}

/* The scenarios of one `pcdsim run`, loaded and prepared. */
struct run_set {
    const char **files;
    int n;
    struct pcdsim_scenario *scn;
    struct scn_run *runs;
    bool *overridden;  /* --profile differs from the scenario's */
    bool *ncs_changed; /* --ncs-version differs from the scenario's */
    struct n52_scenario *n52; /* nRF52 scenarios (board.soc: nrf52840): path set when loaded */
};

/* Load, prepare and apply the options to scenario @p i; 0, or a code with the reason in @p d. */
static int prepare_one(struct run_set *rs, int i, const struct run_opts *o, struct pcdsim_diag *d)
{
    struct scn_run *run = &rs->runs[i];
    if (n52_scenario_detect(rs->files[i])) { /* docs/NRF52.md */
        const char *other = o->profile_name ? "profile" : o->ncs_version_name ? "ncs-version" : o->cut2 ? "cut (twice)"
                          : o->has_seed ? "seed"
                          : o->max_time_ms ? "max-device-time" : NULL;
        pcdsim_diag_set(d, PCDSIM_E_USAGE, rs->files[i], 0, 0, "not run");
        return n52_cli_prepare(rs->files[i], o->cut, other, &rs->n52[i]) == 0 ? 0 : PCDSIM_E_SCHEMA;
    }
    int rc = pcdsim_scenario_load(rs->files[i], &rs->scn[i], d);
    if (rc == 0) {
        pcdsim_layout_print_notes(&rs->scn[i].board.app, stderr);
        pcdsim_layout_print_notes(&rs->scn[i].board.net, stderr);
        rc = scn_run_prepare(&rs->scn[i], o->has_seed, o->seed, run, d);
    }
    if (rc == 0 && o->profile_name != NULL) {
        rs->overridden[i] = scn_run_set_profile(run, o->profile);
    }
    if (rc == 0 && run->cfg.profile == RUN_PROFILE_NCS && run->cfg.nand.on) {
        pcdsim_diag_set(d, PCDSIM_E_USAGE, rs->files[i], 0, 0, "the NCS profile does not model a slot in SPI NAND");
        pcdsim_diag_hint(d, "run NAND scenarios on the reference code (without --profile ncs)");
        rc = PCDSIM_E_USAGE;
    } else if (rc == 0 && o->ncs_version_name != NULL && run->cfg.profile != RUN_PROFILE_NCS) {
        pcdsim_diag_set(d, PCDSIM_E_USAGE, rs->files[i], 0, 0, "--ncs-version applies to the NCS profile only");
        pcdsim_diag_hint(d, "the scenario runs the reference code: add --profile ncs");
        rc = PCDSIM_E_USAGE;
    } else if (rc == 0 && o->ncs_version_name != NULL) {
        rs->ncs_changed[i] = scn_run_set_ncs_version(run, o->ncs_version);
    }
    if (rc == 0 && o->net_binary != NULL) {
        rc = scn_run_set_net_binary(run, o->net_binary, d);
    }
    if (rc == 0 && o->max_time_ms != 0) {
        run->cfg.run_limit_us = o->max_time_ms * 1000u;
    }
    if (rc == 0 && o->cut != NULL && sweep_cut_fault(&run->cfg, o->cut_op, o->cut_kind, o->cut2_op) != 0) {
        pcdsim_diag_set(d, PCDSIM_E_SCHEMA, rs->files[i], 0, 0, "no room for the --cut power losses: the scenario "
                        "already has %u faults", (unsigned)RUN_MAX_FAULTS);
        rc = PCDSIM_E_SCHEMA;
    }
    if (rc == 0 && o->cut != NULL) {
        rc = check_cuts(&run->cfg, rs->files[i], o->cut_op, o->cut_kind, o->cut2_op, d);
    }
    return rc;
}

/* Load and prepare every scenario first: nothing is simulated if any input is bad. 0, or -1 with
 * every bad one's diagnostic printed. */
static int prepare_all(struct run_set *rs, const struct run_opts *o)
{
    const size_t n = (size_t)rs->n;
    rs->scn = calloc(n, sizeof(*rs->scn));
    rs->runs = calloc(n, sizeof(*rs->runs));
    rs->overridden = calloc(n, sizeof(bool));
    rs->ncs_changed = calloc(n, sizeof(bool));
    rs->n52 = calloc(n, sizeof(*rs->n52));
    if (rs->scn == NULL || rs->runs == NULL || rs->overridden == NULL || rs->ncs_changed == NULL || rs->n52 == NULL) {
        return -1;
    }
    int bad = 0;
    for (int i = 0; i < rs->n; i++) {
        struct pcdsim_diag d;
        pcdsim_diag_clear(&d);
        if (prepare_one(rs, i, o, &d) != 0) {
            if (rs->n52[i].path == NULL) { /* an nRF52 scenario printed its own */
                pcdsim_diag_print(&d, stderr);
            }
            bad = -1;
        }
    }
    if (bad != 0) {
        fprintf(stderr, "pcdsim run: bad input, nothing simulated\n");
    }
    return bad;
}

static void free_set(struct run_set *rs)
{
    for (int i = 0; i < rs->n && rs->runs != NULL && rs->scn != NULL; i++) {
        scn_run_free(&rs->runs[i]);
        pcdsim_scenario_free(&rs->scn[i]);
        if (rs->n52 != NULL) {
            n52_scenario_free(&rs->n52[i]);
        }
    }
    free(rs->n52);
    free(rs->runs);
    free(rs->overridden);
    free(rs->ncs_changed);
    free(rs->scn);
}

/* Without --quiet: what runs, and on what terms. */
static void print_heading(const struct run_set *rs, int i, const struct run_opts *o)
{
    const struct run_config *c = &rs->runs[i].cfg;
    char why[96];
    const uint64_t bound = run_step_limit_us(c, why, sizeof(why));
    printf("=== %s (%s)\n", c->name, rs->files[i]);
    printf("device-time bound of a run step: %llu s (%s)\n", (unsigned long long)(bound / 1000000u), why);
    if (rs->overridden[i]) {
        printf("profile %s instead of the scenario's: its expectations are not applied, every verdict must "
               "pass\n", o->profile_name);
    }
    if (rs->ncs_changed[i] && !rs->overridden[i]) {
        printf("NCS %s instead of the scenario's release: its expectations are not applied, every verdict "
               "must pass\n", o->ncs_version_name);
    }
}

/* The one command that replays a failing scenario. */
static void print_replay(const char *file, const struct run_config *c, const struct run_opts *o)
{
    char max_time[48] = "";
    if (o->max_time_ms != 0) {
        snprintf(max_time, sizeof(max_time), " --max-device-time %llu", (unsigned long long)o->max_time_ms);
    }
    printf("FAIL %s  -- replay: pcdsim run %s --seed %llu%s%s%s%s%s%s%s%s%s --verbose\n", file, file,
           (unsigned long long)c->seed, o->profile_name ? " --profile " : "", o->profile_name ? o->profile_name : "",
           o->ncs_version_name ? " --ncs-version " : "", o->ncs_version_name ? o->ncs_version_name : "",
           o->cut ? " --cut " : "", o->cut ? o->cut : "", o->cut2 ? " --cut " : "", o->cut2 ? o->cut2 : "", max_time);
}

/* Run scenario @p i and report it: 1 passed, 0 failed, -1 could not be set up. */
static int run_one(const struct run_set *rs, int i, const struct run_opts *o, FILE *jsonl, struct run_perfetto *pf)
{
    if (rs->n52[i].path != NULL) {
        return n52_cli_run_one(&rs->n52[i], o->cut, o->quiet, o->verbose);
    }
    const struct run_config *c = &rs->runs[i].cfg;
    struct run_output out = {o->quiet ? NULL : stdout, o->verbose, jsonl, pf};
    if (!o->quiet) {
        print_heading(rs, i, o);
    }
    if (jsonl != NULL) {
        fprintf(jsonl, "{\"scenario\":\"%s\",\"seed\":%llu}\n", rs->files[i], (unsigned long long)c->seed);
    }
    struct run_result res;
    int rc = run_execute(c, &out, &res);
    if (rc != 0) {
        fprintf(stderr, "pcdsim run: %s: the run could not be set up or completed (no verdict): %s (%s)\n",
                rs->files[i], pcdsim_strerror(rc), pcdsim_describe(rc));
        return -1;
    }
    if (!o->quiet) {
        printf("verdicts:\n");
        run_print_verdicts(&res, stdout);
    } else if (!res.ok) {
        print_failing_verdicts(&res);
    }
    if (res.ok) {
        printf("PASS %s  (%u boot(s), %.3f s device time, %llu flash operations)\n", rs->files[i], res.boots,
               (double)res.device_time_us / 1e6, (unsigned long long)res.flash_ops);
        return 1;
    }
    print_replay(rs->files[i], c, o);
    return 0;
}

/* Run every prepared scenario, the traces (if asked for) into their files; the exit code. The
 * output files are opened first: a path that cannot be written is refused before any run. */
static int run_all(const struct run_set *rs, const struct run_opts *o)
{
    struct cli_out trace_out = {NULL, NULL, NULL}, pf_out = {NULL, NULL, NULL};
    struct run_perfetto *pf = NULL;
    if ((o->trace != NULL && cli_out_open(&trace_out, o->trace, "pcdsim run") != 0) ||
        (o->perfetto != NULL && (cli_out_open(&pf_out, o->perfetto, "pcdsim run") != 0 ||
                                 (pf = run_perfetto_new()) == NULL))) {
        cli_out_abandon(&trace_out);
        cli_out_abandon(&pf_out);
        return PCDSIM_EXIT_INPUT;
    }
    int exit_code = PCDSIM_EXIT_OK, passed = 0, failed = 0;
    for (int i = 0; i < rs->n; i++) {
        int r = run_one(rs, i, o, trace_out.f, pf);
        passed += r > 0;
        failed += r <= 0;
        if (r < 0) {
            exit_code = PCDSIM_EXIT_INPUT;
        } else if (r == 0 && exit_code == PCDSIM_EXIT_OK) {
            exit_code = PCDSIM_EXIT_VERDICT;
        }
    }
    if (trace_out.f != NULL && cli_out_commit(&trace_out, "pcdsim run") != 0) {
        exit_code = PCDSIM_EXIT_INPUT;
    }
    if (pf != NULL && (run_perfetto_write(pf, pf_out.f) != 0 || cli_out_commit(&pf_out, "pcdsim run") != 0)) {
        exit_code = PCDSIM_EXIT_INPUT;
    }
    cli_out_abandon(&pf_out);
    run_perfetto_free(pf);
    printf("%d passed, %d failed\n", passed, failed);
    return exit_code;
}

int cmd_run(int argc, char **argv)
{
    struct cli_args a;
    int rc = cli_parse(&spec, argc, argv, &a);
    if (rc != CLI_GO) {
        return rc;
    }
    struct run_opts o;
    struct run_set rs = {a.args, a.n_args, NULL, NULL, NULL, NULL, NULL};
    int exit_code = PCDSIM_EXIT_INPUT;
    if (parse_opts(&a, &o) != 0) {
        goto out;
    }
    if (o.quiet && o.verbose) {
        cli_usage_error(&spec, "--quiet and --verbose exclude each other");
        goto out;
    }
    if (rs.n == 0) {
        cli_usage(&spec, stderr);
        goto out;
    }
    if (prepare_all(&rs, &o) == 0) {
        exit_code = run_all(&rs, &o);
    }
out:
    free_set(&rs);
    cli_args_free(&a);
    return exit_code;
}
