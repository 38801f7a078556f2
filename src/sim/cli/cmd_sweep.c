/* pcdsim sweep FILE --cuts SPEC [--tear MODE] [--after] [--depth 1|2] [--jobs N] [--shard I/N]
 *                   [--junit OUT.xml] [--csv OUT.csv] [--seed N] [--check-replay K]
 *
 * Power loss at every chosen flash operation of a scenario's update: one reference run is logged,
 * then each branch rebuilds the memories at its cut from the log, cuts power, recovers and is
 * judged (src/sim/runner/sweep.c). Branches run in --jobs forked workers, each on a contiguous
 * run of points; results do not depend on the number of jobs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli_util.h"
#include "cmd.h"
#include "flashmodel/prng.h"
#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "scenario_run.h"
#include "sweep_points.h"

static void usage(FILE *f)
{
    fputs("usage: pcdsim sweep FILE --cuts SPEC [--tear MODE] [--after] [--depth 1|2] [--jobs N]\n"
          "                   [--shard I/N] [--junit OUT.xml] [--csv OUT.csv] [--seed N] [--check-replay K]\n\n"
          "Cut power at each chosen flash operation of the scenario's update, power on, let the device\n"
          "recover, and check every system property and the scenario's final-state expectations.\n"
          "  --cuts every-op | every-erase | every-page | log | random:N[:SEED] | list:A,B,...\n"
          "  --tear none | prefix | somebits | mostbits | garbage | all   how the cut operation is left\n"
          "                   (none = cut before it, the default; all = before and every tear)\n"
          "  --after          also cut right after each operation\n"
          "  --depth 2        a second cut during each recovery, at a seeded random operation\n"
          "  --jobs N         worker processes (default 1)\n"
          "  --shard I/N      only every N-th point starting at the I-th (1-based), for CI matrices\n"
          "  --junit FILE     JUnit XML, one test case per branch\n"
          "  --csv FILE       one line per branch, for plotting\n"
          "  --check-replay K also replay K sampled branches with `pcdsim run --cut` and compare\n"
          "exit: 0 every branch passed, 1 a branch failed, 2 bad input\n",
          f);
}

/* Wall time for the figures line and the progress bar only. */
static double now_s(void)
{
    return pcdsim_wall_s();
}

/* Write a report into @p f (the temporary file of a cli_out, opened before the sweep started so
 * that an unwritable path is refused at once, and committed only when every report is written). */
static void write_report(FILE *f, const char *file, struct run_sweep *sw, const struct sweep_pt *pts,
                         const struct sweep_point *res, size_t n, bool junit, double wall)
{
    size_t fails = 0;
    for (size_t i = 0; i < n; i++) {
        fails += !res[i].ok;
    }
    if (junit) {
        fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"pcdsim.sweep.");
        cli_xml_escape(f, file);
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" time=\"%.3f\">\n", n, fails, wall);
    } else {
        fputs("op,cut,op2,device,kind,offset,page,outcome,ok,failed,device_time_us\n", f);
    }
    for (size_t i = 0; i < n; i++) {
        const struct sweep_point *r = &res[i];
        struct sweep_op_info oi = {0, FM_OP_PROGRAM, 0, 0};
        (void)run_sweep_op(sw, pts[i].op, &oi);
        const char *dev = fm_nrf5340_dev_name((enum fm_nrf5340_dev)oi.dev);
        if (junit) {
            fprintf(f, "  <testcase classname=\"sweep\" name=\"op%llu.%s\">", (unsigned long long)r->op, sweep_cut_name(r->cut));
            if (!r->ok) {
                fprintf(f, "<failure message=\"");
                cli_xml_escape(f, r->failed);
                fprintf(f, "\">");
                cli_xml_escape(f, r->evidence);
                fprintf(f, "</failure>");
            }
            fputs("</testcase>\n", f);
        } else {
            fprintf(f, "%llu,%s,%lld,%s,%s,0x%x,%u,%s,%d,%s,%llu\n", (unsigned long long)r->op, sweep_cut_name(r->cut),
                    r->op2 == UINT64_MAX ? -1LL : (long long)r->op2, dev, oi.kind == FM_OP_ERASE ? "erase" : "program",
                    oi.offset, oi.page, sweep_outcome_name(r->outcome), r->ok, r->failed,
                    (unsigned long long)r->device_time_us);
        }
    }
    if (junit) {
        fputs("</testsuite>\n", f);
    }
}

/* Replay sampled branches from scratch with `run --cut` semantics and compare verdicts. */
static unsigned check_replay(const struct run_config *base, const struct sweep_pt *pts, const struct sweep_point *res,
                             size_t n, unsigned k)
{
    unsigned mismatches = 0;
    for (unsigned s = 0; s < k && n > 0; s++) {
        size_t i = (size_t)((uint64_t)s * (n - 1) / (k > 1 ? k - 1 : 1));
        struct run_config c = *base;
        struct run_result r;
        if (sweep_cut_fault(&c, pts[i].op, pts[i].cut, pts[i].op2) != 0 || run_execute(&c, NULL, &r) != 0) {
            mismatches++;
            continue;
        }
        const struct run_verdict *first = run_first_unexpected(&r); /* as the sweep records it */
        const char *failed = first != NULL ? first->id : "";
        bool same = r.ok == res[i].ok && strcmp(failed, res[i].failed) == 0 &&
                    r.device_time_us == res[i].cut_us + res[i].device_time_us &&
                    strcmp(r.net_state, res[i].outcome == SWEEP_NEW_IMAGE ? "new image"
                                        : res[i].outcome == SWEEP_OLD_IMAGE ? "old image" : r.net_state) == 0;
        if (!same) {
            printf("replay mismatch at op %llu (%s%s): sweep %s %s/%s, ends at %llu us; run --cut %s %s/%s, ends at %llu us\n",
                   (unsigned long long)pts[i].op, sweep_cut_name(pts[i].cut), pts[i].op2 != UINT64_MAX ? ", second cut" : "",
                   res[i].ok ? "pass" : "FAIL", res[i].failed, sweep_outcome_name(res[i].outcome),
                   (unsigned long long)(res[i].cut_us + res[i].device_time_us), r.ok ? "pass" : "FAIL", failed,
                   r.net_state, (unsigned long long)r.device_time_us);
            mismatches++;
        }
    }
    return mismatches;
}

int cmd_sweep(int argc, char **argv)
{
    const char *file = NULL, *cuts = NULL, *tear = "none", *junit = NULL, *csv = NULL;
    bool after = false, has_seed = false;
    uint64_t seed = 0, jobs = 1, depth = 1, shard_i = 1, shard_n = 1, check = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return PCDSIM_EXIT_OK;
        } else if (strcmp(a, "--cuts") == 0 && v) {
            cuts = argv[++i];
        } else if (strcmp(a, "--tear") == 0 && v) {
            tear = argv[++i];
        } else if (strcmp(a, "--after") == 0) {
            after = true;
        } else if (strcmp(a, "--junit") == 0 && v) {
            junit = argv[++i];
        } else if (strcmp(a, "--csv") == 0 && v) {
            csv = argv[++i];
        } else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && v) {
            if (cli_parse_u64(argv[++i], &jobs) != 0 || jobs == 0 || jobs > 64) {
                fprintf(stderr, "pcdsim sweep: --jobs takes 1..64, not '%s'\n", argv[i]);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--depth") == 0 && v) {
            if (cli_parse_u64(argv[++i], &depth) != 0 || depth < 1 || depth > 2) {
                fprintf(stderr, "pcdsim sweep: --depth takes 1 or 2, not '%s'\n", argv[i]);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--seed") == 0 && v) {
            if (cli_parse_u64(argv[++i], &seed) != 0) {
                fprintf(stderr, "pcdsim sweep: --seed needs a number, not '%s'\n", argv[i]);
                return PCDSIM_EXIT_INPUT;
            }
            has_seed = true;
        } else if (strcmp(a, "--check-replay") == 0 && v) {
            if (cli_parse_u64(argv[++i], &check) != 0 || check > 1000) {
                fprintf(stderr, "pcdsim sweep: --check-replay takes 0..1000, not '%s'\n", argv[i]);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (strcmp(a, "--shard") == 0 && v) {
            char *slash = strchr(argv[++i], '/');
            char num[32];
            if (slash == NULL || (size_t)(slash - argv[i]) >= sizeof(num)) {
                fprintf(stderr, "pcdsim sweep: --shard takes I/N, not '%s'\n", argv[i]);
                return PCDSIM_EXIT_INPUT;
            }
            memcpy(num, argv[i], (size_t)(slash - argv[i]));
            num[slash - argv[i]] = '\0';
            if (cli_parse_u64(num, &shard_i) != 0 || cli_parse_u64(slash + 1, &shard_n) != 0 || shard_n == 0 ||
                shard_i == 0 || shard_i > shard_n) {
                fprintf(stderr, "pcdsim sweep: --shard takes I/N with 1 <= I <= N, not '%s'\n", argv[i]);
                return PCDSIM_EXIT_INPUT;
            }
        } else if (a[0] == '-' || file != NULL) {
            fprintf(stderr, "pcdsim sweep: unexpected argument '%s'\n", a);
            usage(stderr);
            return PCDSIM_EXIT_INPUT;
        } else {
            file = a;
        }
    }
    if (file == NULL || cuts == NULL) {
        usage(stderr);
        return PCDSIM_EXIT_INPUT;
    }
    enum sweep_cut variants[8];
    unsigned n_var = sweep_parse_tear(tear, after, variants);
    if (n_var == 0) {
        fprintf(stderr, "pcdsim sweep: --tear takes none, prefix, somebits, mostbits, garbage or all, not '%s'\n", tear);
        return PCDSIM_EXIT_INPUT;
    }

    struct pcdsim_scenario scn;
    struct scn_run run;
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    memset(&run, 0, sizeof(run));
    if (pcdsim_scenario_load(file, &scn, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        return PCDSIM_EXIT_INPUT;
    }
    pcdsim_layout_print_notes(&scn.board.app, stderr);
    pcdsim_layout_print_notes(&scn.board.net, stderr);
    int exit_code = PCDSIM_EXIT_INPUT;
    struct cli_out junit_out = {0}, csv_out = {0};
    struct run_sweep *sw = NULL;
    struct sweep_pt *pts = NULL;
    struct sweep_point *res = NULL;
    if (scn_run_prepare(&scn, has_seed, seed, &run, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        goto out;
    }
    for (unsigned i = 0; i < run.cfg.n_faults; i++) {
        if (run.cfg.faults[i].kind != RUN_FAULT_POWER_LOSS) {
            fprintf(stderr, "%s:%u: error: a sweep needs a scenario whose only faults are power losses\n"
                            "  hint: the sweep cuts power itself; remove this fault or sweep a copy without it\n",
                    file, run.cfg.faults[i].line);
            goto out;
        }
    }

    /* the report files first: a path that cannot be written is refused before minutes of work */
    if ((junit != NULL && cli_out_open(&junit_out, junit, "pcdsim sweep") != 0) ||
        (csv != NULL && cli_out_open(&csv_out, csv, "pcdsim sweep") != 0)) {
        goto out;
    }

    double t0 = now_s();
    struct run_result ref;
    int rc = run_sweep_reference(&run.cfg, &ref, &sw);
    if (rc != 0) {
        fprintf(stderr, "pcdsim sweep: the reference run could not be set up: %s\n", pcdsim_strerror(rc));
        goto out;
    }
    uint64_t n_ops = run_sweep_ops(sw);
    printf("sweep: %s\nreference run: %llu flash operations, %.3f s device time, %s\n", file,
           (unsigned long long)n_ops, (double)ref.device_time_us / 1e6, ref.ok ? "all verdicts pass" : "FAILS");
    if (run.cfg.n_faults > 0) {
        printf("the scenario's %u power loss(es) are replaced by the sweep's cuts; its final-state expectations are "
               "checked, not its counts or log lines\n", run.cfg.n_faults);
    }
    if (!ref.ok) {
        run_print_verdicts(&ref, stdout);
        printf("the reference run (no cuts) fails: fix the scenario first (pcdsim run %s)\n", file);
        exit_code = PCDSIM_EXIT_VERDICT;
        goto out;
    }
    size_t n = 0;
    char why[200];
    pts = sweep_points(sw, cuts, variants, n_var, depth == 2, shard_i, shard_n, run.cfg.seed, &n, why, sizeof(why));
    if (pts == NULL) {
        fprintf(stderr, "pcdsim sweep: --cuts %s: %s\n", cuts, why);
        goto out;
    }
    if (n == 0 && shard_n == 1) {
        /* a sweep that tries nothing must not read as a pass */
        fprintf(stderr, "%s: error: --cuts %s selects no cut point: the reference run makes %llu flash operation(s)%s\n"
                        "  hint: a sweep needs an update that reaches the flash; run the scenario to see what it does\n",
                file, cuts, (unsigned long long)n_ops, n_ops == 0 ? " (nothing is written or erased)" : " of other kinds");
        goto out;
    }
    res = calloc(n ? n : 1, sizeof(*res));
    if (res == NULL) {
        goto out;
    }
    bool tty = isatty(STDERR_FILENO) && getenv("CI") == NULL;
    double t1 = now_s();
    rc = run_sweep_parallel(sw, pts, n, (unsigned)jobs, res, tty);
    double wall = now_s() - t1;
    if (tty) {
        fputc('\n', stderr);
    }
    if (rc != 0) {
        fprintf(stderr, "pcdsim sweep: a worker failed (no verdict): %s (%s)\n", pcdsim_strerror(rc), pcdsim_describe(rc));
        exit_code = PCDSIM_EXIT_INPUT; /* an internal error, e.g. a branch's timeline could not grow: not a verdict */
        goto out;
    }

    size_t by[SWEEP_OUTCOME_COUNT] = {0}, fails = 0;
    for (size_t i = 0; i < n; i++) {
        by[res[i].outcome]++;
        fails += !res[i].ok;
    }
    struct rusage ru_self, ru_kids;
    getrusage(RUSAGE_SELF, &ru_self);
    getrusage(RUSAGE_CHILDREN, &ru_kids);
    long rss = ru_self.ru_maxrss > ru_kids.ru_maxrss ? ru_self.ru_maxrss : ru_kids.ru_maxrss;
    printf("branches: %zu (cuts: %s; tear: %s%s; depth %llu; shard %llu/%llu), %llu job(s)\n", n, cuts, tear,
           after ? " + after" : "", (unsigned long long)depth, (unsigned long long)shard_i, (unsigned long long)shard_n,
           (unsigned long long)jobs);
    printf("wall: %.2f s (reference %.2f s), %.0f branches/s, %.0f per job; peak RSS %ld MiB\n", wall, t1 - t0,
           wall > 0 ? (double)n / wall : 0.0, wall > 0 ? (double)n / wall / (double)jobs : 0.0, rss / 1024);
    printf("outcomes:\n");
    for (int o = 0; o < SWEEP_OUTCOME_COUNT; o++) {
        printf("  %-28s %zu\n", sweep_outcome_name((enum sweep_outcome)o), by[o]);
    }
    unsigned shown = 0;
    for (size_t i = 0; i < n && shown < 10; i++) {
        if (res[i].ok) {
            continue;
        }
        struct sweep_op_info oi = {0, FM_OP_PROGRAM, 0, 0};
        (void)run_sweep_op(sw, res[i].op, &oi);
        char seed_opt[40] = "";
        if (has_seed) {
            snprintf(seed_opt, sizeof(seed_opt), " --seed %llu", (unsigned long long)seed);
        }
        char cut2_opt[40] = "";
        if (res[i].op2 != UINT64_MAX) {
            snprintf(cut2_opt, sizeof(cut2_opt), " --cut op:%llu", (unsigned long long)res[i].op2);
        }
        printf("FAIL op %llu (%s of %s at 0x%x, cut %s%s): %s: %s\n    replay: pcdsim run %s --cut op:%llu:%s%s%s\n",
               (unsigned long long)res[i].op, oi.kind == FM_OP_ERASE ? "erase" : "program",
               fm_nrf5340_dev_name((enum fm_nrf5340_dev)oi.dev),
               oi.offset, sweep_cut_name(res[i].cut), res[i].op2 != UINT64_MAX ? ", second cut in recovery" : "",
               res[i].failed, res[i].evidence, file, (unsigned long long)res[i].op, sweep_cut_name(res[i].cut),
               cut2_opt, seed_opt);
        shown++;
    }
    unsigned mism = check ? check_replay(&run.cfg, pts, res, n, (unsigned)check) : 0;
    if (check) {
        printf("replay check: %llu sampled branch(es) replayed with run --cut, %u mismatch(es)\n",
               (unsigned long long)check, mism);
    }
    if (junit_out.f != NULL) {
        write_report(junit_out.f, file, sw, pts, res, n, true, wall);
        if (cli_out_commit(&junit_out, "pcdsim sweep") != 0) {
            exit_code = PCDSIM_EXIT_INPUT;
            goto out;
        }
    }
    if (csv_out.f != NULL) {
        write_report(csv_out.f, file, sw, pts, res, n, false, wall);
        if (cli_out_commit(&csv_out, "pcdsim sweep") != 0) {
            exit_code = PCDSIM_EXIT_INPUT;
            goto out;
        }
    }
    printf("%zu passed, %zu failed\n", n - fails, fails);
    exit_code = fails || mism ? PCDSIM_EXIT_VERDICT : PCDSIM_EXIT_OK;
out:
    cli_out_abandon(&junit_out); /* nothing left of a report not committed */
    cli_out_abandon(&csv_out);
    free(res);
    free(pts);
    run_sweep_free(sw);
    scn_run_free(&run);
    pcdsim_scenario_free(&scn);
    return exit_code;
}
