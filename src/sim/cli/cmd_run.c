/* pcdsim run FILE... [--seed N] [--profile reference|ncs] [--ncs-version V] [--trace out.jsonl] [--quiet|--verbose]
 *
 * Replays scenarios: every file is loaded and checked first (a bad one: its diagnostic, exit 2,
 * nothing simulated); then each runs, printing its timeline and verdicts. A failure prints the
 * one command that replays it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "cmd.h"
#include "pcdsim/host_err.h"
#include "scenario_run.h"
#include "sweep_points.h"

static void usage(FILE *f)
{
    fputs("usage: pcdsim run FILE... [--seed N] [--profile reference|ncs] [--ncs-version V]\n"
          "                  [--cut op:N[:MODE] [--cut op:M]] [--max-device-time MS]\n"
          "                  [--trace OUT.jsonl] [--quiet | --verbose]\n\n"
          "Replay YAML scenarios (docs/SCENARIOS.md) on the simulated nRF5340 and check them.\n"
          "  --seed N         override the scenarios' seed (RAM garbage, torn cells)\n"
          "  --profile P      run the code of profile P instead of the scenario's own: reference (src/pcd)\n"
          "                   or ncs (models of the shipped NCS code, docs/NCS-PROFILE.md). When P differs\n"
          "                   from the scenario's profile, its `expect` block (written for its own profile)\n"
          "                   is not applied: every verdict -- its requirement ids and the system\n"
          "                   properties -- must pass\n"
          "  --ncs-version V  run the NCS profile as release V (MAJOR.MINOR.PATCH, 1.4.0 to 3.99.99) instead\n"
          "                   of the scenario's `ncs_version` (default 2.9.0); when it differs, its `expect`\n"
          "                   block is not applied: every verdict must pass (a hazard outside its releases)\n"
          "  --cut op:N[:MODE] cut power at flash operation N (MODE: before, prefix, somebits, mostbits,\n"
          "                   garbage, after) instead of the scenario's power losses, then let the\n"
          "                   device settle: replays one branch of `pcdsim sweep`; a second\n"
          "                   --cut op:M cuts again before operation M of the recovery (--depth 2)\n"
          "  --max-device-time MS  bound of each run step, ms of device time (1000..2592000000), after\n"
          "                   which the run counts as hung (SYS-CONVERGE); overrides the scenario's\n"
          "                   max_device_time_ms; default: boots x attempts x timeout + 1020 s\n"
          "  --trace FILE     write every timeline event as one JSON object per line\n"
          "  --quiet          one line per scenario (PASS/FAIL), the failing verdicts of a failing one, and\n"
          "                   the summary\n"
          "  --verbose        also every page erase and PCD block write\n"
          "exit: 0 all passed, 1 a verdict failed, 2 bad input (nothing simulated)\n",
          f);
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

int cmd_run(int argc, char **argv)
{
    bool has_seed = false, quiet = false, verbose = false;
    uint64_t seed = 0, max_time_ms = 0;
    const char *trace = NULL, *cut = NULL, *cut2 = NULL, *profile_name = NULL, *ncs_version_name = NULL;
    uint32_t ncs_version = 0;
    enum run_profile profile = RUN_PROFILE_REFERENCE;
    uint64_t cut_op = 0, cut2_op = UINT64_MAX;
    enum sweep_cut cut_kind = SWEEP_CUT_BEFORE, cut2_kind = SWEEP_CUT_BEFORE;
    const char **files = calloc((size_t)argc, sizeof(char *));
    int n_files = 0;
    if (files == NULL) {
        return PCDSIM_EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            free(files);
            return PCDSIM_EXIT_OK;
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            if (cli_parse_u64(argv[++i], &seed) != 0) {
                fprintf(stderr, "pcdsim run: --seed needs a number, not '%s'\n", argv[i]);
                free(files);
                return PCDSIM_EXIT_INPUT;
            }
            has_seed = true;
        } else if (strcmp(a, "--cut") == 0 && i + 1 < argc) {
            /* a second --cut is a cut during the recovery (a branch of `sweep --depth 2`) */
            const char *spec = argv[++i];
            int bad = cut2 != NULL;
            if (!bad && cut == NULL) {
                cut = spec;
                bad = sweep_parse_cut(spec, &cut_op, &cut_kind) != 0;
            } else if (!bad) {
                cut2 = spec;
                bad = sweep_parse_cut(spec, &cut2_op, &cut2_kind) != 0 || cut2_kind != SWEEP_CUT_BEFORE ||
                      cut2_op <= cut_op;
            }
            if (bad) {
                fprintf(stderr,
                        "pcdsim run: --cut takes op:N[:before|prefix|somebits|mostbits|garbage|after], not '%s'; a "
                        "second --cut (during the recovery) takes op:M[:before] with M after the first\n",
                        spec);
                free(files);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--max-device-time") == 0 && i + 1 < argc) {
            if (cli_parse_u64(argv[++i], &max_time_ms) != 0 || max_time_ms < 1000u || max_time_ms > 2592000000u) {
                fprintf(stderr, "pcdsim run: --max-device-time takes milliseconds of device time, 1000..2592000000 "
                        "(1 s .. 30 days), not '%s'\n", argv[i]);
                free(files);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--profile") == 0 && i + 1 < argc) {
            profile_name = argv[++i];
            if (strcmp(profile_name, "reference") == 0) {
                profile = RUN_PROFILE_REFERENCE;
            } else if (strcmp(profile_name, "ncs") == 0) {
                profile = RUN_PROFILE_NCS;
            } else {
                fprintf(stderr, "pcdsim run: --profile takes 'reference' or 'ncs', not '%s'\n", profile_name);
                free(files);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--ncs-version") == 0 && i + 1 < argc) {
            const char *why = NULL;
            ncs_version_name = argv[++i];
            if (pcdsim_ncs_version_parse(ncs_version_name, &ncs_version, &why) != 0) {
                fprintf(stderr, "pcdsim run: --ncs-version takes an NCS release MAJOR.MINOR.PATCH from 1.4.0 to "
                        "3.99.99, not '%s': %s\n", ncs_version_name, why);
                free(files);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--ncs-version") == 0) {
            fprintf(stderr, "pcdsim run: --ncs-version needs a value, e.g. 2.9.0\n");
            free(files);
            return PCDSIM_EXIT_INPUT;
        } else if (strcmp(a, "--trace") == 0 && i + 1 < argc) {
            trace = argv[++i];
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = true;
        } else if (strcmp(a, "--profile") == 0) {
            fprintf(stderr, "pcdsim run: --profile needs a value: 'reference' or 'ncs'\n");
            free(files);
            return PCDSIM_EXIT_INPUT;
        } else if (a[0] == '-') {
            fprintf(stderr, "pcdsim run: unknown option '%s'\n", a);
            usage(stderr);
            free(files);
            return PCDSIM_EXIT_INPUT;
        } else {
            files[n_files++] = a;
        }
    }
    if (n_files == 0 || (quiet && verbose)) {
        usage(stderr);
        free(files);
        return PCDSIM_EXIT_INPUT;
    }

    /* Load and prepare everything first: nothing is simulated if any input is bad. */
    struct pcdsim_scenario *scn = calloc((size_t)n_files, sizeof(*scn));
    struct scn_run *runs = calloc((size_t)n_files, sizeof(*runs));
    bool *overridden = calloc((size_t)n_files, sizeof(bool));
    bool *ncs_changed = calloc((size_t)n_files, sizeof(bool));
    int exit_code = PCDSIM_EXIT_OK;
    if (scn == NULL || runs == NULL || overridden == NULL || ncs_changed == NULL) {
        exit_code = PCDSIM_EXIT_INPUT;
        goto out;
    }
    for (int i = 0; i < n_files; i++) {
        struct pcdsim_diag d;
        pcdsim_diag_clear(&d);
        int rc = pcdsim_scenario_load(files[i], &scn[i], &d);
        if (rc == 0) {
            pcdsim_layout_print_notes(&scn[i].board.app, stderr);
            pcdsim_layout_print_notes(&scn[i].board.net, stderr);
            rc = scn_run_prepare(&scn[i], has_seed, seed, &runs[i], &d);
        }
        if (rc == 0 && profile_name != NULL) {
            overridden[i] = scn_run_set_profile(&runs[i], profile);
        }
        if (rc == 0 && ncs_version_name != NULL && runs[i].cfg.profile != RUN_PROFILE_NCS) {
            pcdsim_diag_set(&d, PCDSIM_E_USAGE, files[i], 0, 0, "--ncs-version applies to the NCS profile only");
            pcdsim_diag_hint(&d, "the scenario runs the reference code: add --profile ncs");
            rc = PCDSIM_E_USAGE;
        } else if (rc == 0 && ncs_version_name != NULL) {
            ncs_changed[i] = scn_run_set_ncs_version(&runs[i], ncs_version);
        }
        if (rc == 0 && max_time_ms != 0) {
            runs[i].cfg.run_limit_us = max_time_ms * 1000u;
        }
        if (rc == 0 && cut != NULL && sweep_cut_fault(&runs[i].cfg, cut_op, cut_kind, cut2_op) != 0) {
            pcdsim_diag_set(&d, PCDSIM_E_SCHEMA, files[i], 0, 0, "no room for the --cut power losses: the scenario "
                            "already has %u faults", (unsigned)RUN_MAX_FAULTS);
            rc = PCDSIM_E_SCHEMA;
        }
        if (rc == 0 && cut != NULL) {
            rc = check_cuts(&runs[i].cfg, files[i], cut_op, cut_kind, cut2_op, &d);
        }
        if (rc != 0) {
            pcdsim_diag_print(&d, stderr);
            exit_code = PCDSIM_EXIT_INPUT;
        }
    }
    if (exit_code != PCDSIM_EXIT_OK) {
        fprintf(stderr, "pcdsim run: bad input, nothing simulated\n");
        goto out;
    }

    struct cli_out trace_out = {NULL, NULL, NULL};
    FILE *jsonl = NULL;
    if (trace != NULL) {
        if (cli_out_open(&trace_out, trace, "pcdsim run") != 0) {
            exit_code = PCDSIM_EXIT_INPUT;
            goto out;
        }
        jsonl = trace_out.f;
    }
    int passed = 0, failed = 0;
    for (int i = 0; i < n_files; i++) {
        const struct run_config *c = &runs[i].cfg;
        struct run_output o = {quiet ? NULL : stdout, verbose, jsonl};
        if (!quiet) {
            char why[96];
            const uint64_t bound = run_step_limit_us(c, why, sizeof(why));
            printf("=== %s (%s)\n", c->name, files[i]);
            printf("device-time bound of a run step: %llu s (%s)\n", (unsigned long long)(bound / 1000000u), why);
            if (overridden[i]) {
                printf("profile %s instead of the scenario's: its expectations are not applied, every verdict must "
                       "pass\n", profile_name);
            }
            if (ncs_changed[i] && !overridden[i]) {
                printf("NCS %s instead of the scenario's release: its expectations are not applied, every verdict "
                       "must pass\n", ncs_version_name);
            }
        }
        if (jsonl != NULL) {
            fprintf(jsonl, "{\"scenario\":\"%s\",\"seed\":%llu}\n", files[i], (unsigned long long)c->seed);
        }
        struct run_result res;
        int rc = run_execute(c, &o, &res);
        if (rc != 0) {
            fprintf(stderr, "pcdsim run: %s: the run could not be set up or completed (no verdict): %s (%s)\n", files[i],
                    pcdsim_strerror(rc), pcdsim_describe(rc));
            failed++;
            exit_code = PCDSIM_EXIT_INPUT;
            continue;
        }
        if (!quiet) {
            printf("verdicts:\n");
            run_print_verdicts(&res, stdout);
        } else if (!res.ok) {
            print_failing_verdicts(&res);
        }
        double dev_s = (double)res.device_time_us / 1e6;
        if (res.ok) {
            passed++;
            printf("PASS %s  (%u boot(s), %.3f s device time, %llu flash operations)\n", files[i], res.boots, dev_s,
                   (unsigned long long)res.flash_ops);
        } else {
            failed++;
            if (exit_code == PCDSIM_EXIT_OK) {
                exit_code = PCDSIM_EXIT_VERDICT;
            }
            char max_time[48] = "";
            if (max_time_ms != 0) {
                snprintf(max_time, sizeof(max_time), " --max-device-time %llu", (unsigned long long)max_time_ms);
            }
            printf("FAIL %s  -- replay: pcdsim run %s --seed %llu%s%s%s%s%s%s%s%s%s --verbose\n", files[i], files[i],
                   (unsigned long long)c->seed, profile_name ? " --profile " : "", profile_name ? profile_name : "",
                   ncs_version_name ? " --ncs-version " : "", ncs_version_name ? ncs_version_name : "",
                   cut ? " --cut " : "", cut ? cut : "", cut2 ? " --cut " : "", cut2 ? cut2 : "", max_time);
        }
    }
    if (jsonl != NULL && cli_out_commit(&trace_out, "pcdsim run") != 0) {
        exit_code = PCDSIM_EXIT_INPUT;
    }
    printf("%d passed, %d failed\n", passed, failed);
out:
    for (int i = 0; i < n_files && runs != NULL && scn != NULL; i++) {
        scn_run_free(&runs[i]);
        pcdsim_scenario_free(&scn[i]);
    }
    free(runs);
    free(overridden);
    free(ncs_changed);
    free(scn);
    free(files);
    return exit_code;
}
