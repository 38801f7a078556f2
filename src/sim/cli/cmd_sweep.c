/* pcdsim sweep FILE --cuts SPEC [options]: the options in the table below (`pcdsim sweep --help`).
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

#include "cli_opts.h"
#include "cli_util.h"
#include "cmd.h"
#include "flashmodel/prng.h"
#include "pcdsim/hash_memo.h"
#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "n52_cli.h"
#include "scenario_run.h"
#include "sweep_map.h"
#include "sweep_merge.h"
#include "sweep_points.h"

enum { O_CUTS, O_TEAR, O_AFTER, O_DEPTH, O_JOBS, O_SHARD, O_JUNIT, O_CSV, O_MAP, O_SEED, O_CHECK, O_MEMO, O_NET_BINARY, O_COUNT };

static const struct cli_opt opts[O_COUNT] = {
    [O_CUTS] = {"cuts", 0, "SPEC", "every-op | every-erase | every-page | log | random:N[:SEED] | list:A,B,...",
                CLI_REQUIRED, NULL},
    [O_TEAR] = {"tear", 0, "MODE",
                "none | prefix | somebits | mostbits | garbage | all: how the cut operation is left\n"
                "(none = cut before it, the default; all = before and every tear)",
                0, NULL},
    [O_AFTER] = {"after", 0, NULL, "also cut right after each operation", 0, NULL},
    [O_DEPTH] = {"depth", 0, "1|2", "2: a second cut during each recovery, at a seeded random operation", 0, NULL},
    [O_JOBS] = {"jobs", 'j', "N", "worker processes (default 1)", 0, NULL},
    [O_SHARD] = {"shard", 0, "I/N", "only every N-th point starting at the I-th (1-based), for CI matrices", 0, NULL},
    [O_JUNIT] = {"junit", 0, "FILE", "JUnit XML, one test case per branch", 0, NULL},
    [O_CSV] = {"csv", 0, "FILE", "one line per branch, for plotting", 0, NULL},
    [O_MAP] = {"map", 0, "FILE.svg", "the outcome of every cut point along the operation axis, as a picture", 0, NULL},
    [O_SEED] = {"seed", 0, "N", "override the scenario's seed", 0, NULL},
    [O_CHECK] = {"check-replay", 0, "K", "also replay K sampled branches with `pcdsim run --cut` and compare", 0, NULL},
    [O_MEMO] = {"hash-memo", 0, "MODE",
                "on | off | check: SHA-256 of bytes hashed before answered from the exact memo (on, the\n"
                "default); every byte hashed (off); check: on, and every hash of one branch in 8\n"
                "recomputed and compared (a difference fails the branch). Default: $PCDSIM_HASH_MEMO or on",
                0, NULL},
    [O_NET_BINARY] = {"net-binary", 0, "FILE",
                      "run this B0N binary (ELF, .bin at 0x01000000, Intel HEX) on the emulated\n"
                      "Cortex-M33 as the network core instead of the host-compiled B0N",
                      0, NULL},
};

static const struct cli_spec spec = {
    "sweep", "FILE", 1,
    "Cut power at each chosen flash operation of the scenario's update, power on, let the device\n"
    "recover, and check every system property and the scenario's final-state expectations.\n",
    opts, O_COUNT,
    "exit: 0 every branch passed, 1 a branch failed, 2 bad input\n",
};

/* What the options ask for, checked. */
struct sweep_opts {
    const char *file, *cuts, *tear, *junit, *csv, *map, *net_binary;
    bool after, has_seed;
    uint64_t seed, jobs, depth, shard_i, shard_n, check;
    enum sweep_cut variants[8];
    unsigned n_var;
};

/* --shard I/N: 0, or -1 with the message printed. */
static int parse_shard(const char *v, struct sweep_opts *o)
{
    const char *slash = strchr(v, '/');
    char num[32];
    if (slash == NULL || (size_t)(slash - v) >= sizeof(num)) {
        fprintf(stderr, "pcdsim sweep: --shard takes I/N, not '%s'\n", v);
        return -1;
    }
    memcpy(num, v, (size_t)(slash - v));
    num[slash - v] = '\0';
    if (cli_parse_u64(num, &o->shard_i) != 0 || cli_parse_u64(slash + 1, &o->shard_n) != 0 || o->shard_n == 0 ||
        o->shard_i == 0 || o->shard_i > o->shard_n) {
        fprintf(stderr, "pcdsim sweep: --shard takes I/N with 1 <= I <= N, not '%s'\n", v);
        return -1;
    }
    return 0;
}

/* A number option within [lo, hi] (the message names the range as @p range); 0 or -1. */
static int number(const struct cli_args *a, unsigned i, uint64_t lo, uint64_t hi, const char *range, uint64_t *out)
{
    const char *v = cli_val(a, i, NULL);
    if (v != NULL && (cli_parse_u64(v, out) != 0 || *out < lo || *out > hi)) {
        fprintf(stderr, "pcdsim sweep: --%s %s, not '%s'\n", opts[i].name, range, v);
        return -1;
    }
    return 0;
}

/* The values of the options, each checked: 0, or -1 with the message printed (exit 2). */
static int parse_opts(const struct cli_args *a, struct sweep_opts *o)
{
    *o = (struct sweep_opts){.jobs = 1, .depth = 1, .shard_i = 1, .shard_n = 1};
    o->file = a->n_args > 0 ? a->args[0] : NULL;
    o->cuts = cli_val(a, O_CUTS, NULL);
    o->tear = cli_val(a, O_TEAR, "none");
    o->junit = cli_val(a, O_JUNIT, NULL);
    o->csv = cli_val(a, O_CSV, NULL);
    o->map = cli_val(a, O_MAP, NULL);
    o->net_binary = cli_val(a, O_NET_BINARY, NULL);
    o->after = a->count[O_AFTER] > 0;
    o->has_seed = a->count[O_SEED] > 0;
    if (number(a, O_JOBS, 1, 64, "takes 1..64", &o->jobs) != 0 ||
        number(a, O_DEPTH, 1, 2, "takes 1 or 2", &o->depth) != 0 ||
        number(a, O_SEED, 0, UINT64_MAX, "needs a number", &o->seed) != 0 ||
        number(a, O_CHECK, 0, 1000, "takes 0..1000", &o->check) != 0 ||
        (a->count[O_SHARD] > 0 && parse_shard(cli_val(a, O_SHARD, NULL), o) != 0)) {
        return -1;
    }
    if (a->count[O_MEMO] > 0) {
        enum pcdsim_hash_memo_mode m;
        if (pcdsim_hash_memo_parse(cli_val(a, O_MEMO, NULL), &m) != 0) {
            fprintf(stderr, "pcdsim sweep: --hash-memo takes on, off or check, not '%s'\n", cli_val(a, O_MEMO, NULL));
            return -1;
        }
        pcdsim_hash_memo_set_mode(m);
    }
    return 0;
}

/* Wall time for the figures line and the progress bar only. */
static double now_s(void)
{
    return pcdsim_wall_s();
}

/* Write a report into @p f (the temporary file of a cli_out, opened before the sweep started so
 * that an unwritable path is refused at once, and committed only when every report is written). */
static void write_report(FILE *f, const char *file, struct run_sweep *sw, const struct sweep_pt *pts,
                         const struct sweep_point *res, size_t n, bool junit, double wall, const struct sweep_shard_meta *m)
{
    size_t fails = 0;
    for (size_t i = 0; i < n; i++) {
        fails += !res[i].ok;
    }
    if (junit) {
        fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"pcdsim.sweep.");
        cli_xml_escape(f, file);
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" time=\"%.3f\">\n", n, fails, wall);
        sweep_shard_meta_write(f, m, true);
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
    } else {
        sweep_shard_meta_write(f, m, false);
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

/* One sweep: its options, the scenario, the reference run's log, the points and their results. */
struct sweep_job {
    struct sweep_opts o;
    struct pcdsim_scenario scn;
    struct scn_run run;
    struct cli_out junit_out, csv_out, map_out;
    struct run_sweep *sw;
    struct sweep_pt *pts;
    struct sweep_point *res;
    size_t n;
    uint64_t n_ops;
    struct sweep_shard_meta meta; /* what `pcdsim merge` needs to put shards back together */
    double t0, t_ref, wall; /* wall-clock seconds: start, reference run (and point selection), branches */
};

/* The scenario prepared, checked to be sweepable, and the report files opened (a path that cannot
 * be written is refused before minutes of work). 0, or -1 with the message printed. */
static int set_up(struct sweep_job *j)
{
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    if (scn_run_prepare(&j->scn, j->o.has_seed, j->o.seed, &j->run, &d) != 0 ||
        (j->o.net_binary != NULL && scn_run_set_net_binary(&j->run, j->o.net_binary, &d) != 0)) {
        pcdsim_diag_print(&d, stderr);
        return -1;
    }
    for (unsigned i = 0; i < j->run.cfg.n_faults; i++) {
        if (j->run.cfg.faults[i].kind != RUN_FAULT_POWER_LOSS) {
            fprintf(stderr, "%s:%u: error: a sweep needs a scenario whose only faults are power losses\n"
                            "  hint: the sweep cuts power itself; remove this fault or sweep a copy without it\n",
                    j->o.file, j->run.cfg.faults[i].line);
            return -1;
        }
    }
    if ((j->o.junit != NULL && cli_out_open(&j->junit_out, j->o.junit, "pcdsim sweep") != 0) ||
        (j->o.csv != NULL && cli_out_open(&j->csv_out, j->o.csv, "pcdsim sweep") != 0) ||
        (j->o.map != NULL && cli_out_open(&j->map_out, j->o.map, "pcdsim sweep") != 0)) {
        return -1;
    }
    return 0;
}

/* The reference run (no cuts), logged; CLI_GO, or the exit code (a failing reference: 1). */
static int reference(struct sweep_job *j)
{
    j->t0 = now_s();
    struct run_result ref;
    int rc = run_sweep_reference(&j->run.cfg, &ref, &j->sw);
    if (rc != 0) {
        fprintf(stderr, "pcdsim sweep: the reference run could not be set up: %s\n", pcdsim_strerror(rc));
        return PCDSIM_EXIT_INPUT;
    }
    j->n_ops = run_sweep_ops(j->sw);
    printf("sweep: %s\nreference run: %llu flash operations, %.3f s device time, %s\n", j->o.file,
           (unsigned long long)j->n_ops, (double)ref.device_time_us / 1e6, ref.ok ? "all verdicts pass" : "FAILS");
    if (j->run.cfg.n_faults > 0) {
        printf("the scenario's %u power loss(es) are replaced by the sweep's cuts; its final-state expectations are "
               "checked, not its counts or log lines\n", j->run.cfg.n_faults);
    }
    if (!ref.ok) {
        run_print_verdicts(&ref, stdout);
        printf("the reference run (no cuts) fails: fix the scenario first (pcdsim run %s)\n", j->o.file);
        return PCDSIM_EXIT_VERDICT;
    }
    return CLI_GO;
}

/* The shard facts of the reports: the whole sweep's branch count (the points without --shard) and
 * the signature of what chose them; the JUnit report carries it XML-escaped. 0 or -1. */
static int shard_meta(struct sweep_job *j)
{
    const struct sweep_opts *o = &j->o;
    struct sweep_shard_meta *m = &j->meta;
    size_t total = j->n;
    char why[200];
    if (o->shard_n > 1) {
        struct sweep_pt *all = sweep_points(j->sw, o->cuts, o->variants, o->n_var, o->depth == 2, 1, 1, j->run.cfg.seed,
                                            &total, why, sizeof(why));
        if (all == NULL) {
            fprintf(stderr, "pcdsim sweep: --cuts %s: %s\n", o->cuts, why);
            return -1;
        }
        free(all);
    }
    *m = (struct sweep_shard_meta){o->shard_i, o->shard_n, j->n, total, "", false};
    snprintf(m->sweep, sizeof(m->sweep), "scenario=%s cuts=%s tear=%s after=%d depth=%llu seed=%llu", o->file, o->cuts,
             o->tear, o->after ? 1 : 0, (unsigned long long)o->depth, (unsigned long long)j->run.cfg.seed);
    return 0;
}

/* The cut points, then every branch in the workers; CLI_GO or the exit code. */
static int sweep_branches(struct sweep_job *j)
{
    const struct sweep_opts *o = &j->o;
    char why[200];
    j->pts = sweep_points(j->sw, o->cuts, o->variants, o->n_var, o->depth == 2, o->shard_i, o->shard_n,
                          j->run.cfg.seed, &j->n, why, sizeof(why));
    if (j->pts == NULL) {
        fprintf(stderr, "pcdsim sweep: --cuts %s: %s\n", o->cuts, why);
        return PCDSIM_EXIT_INPUT;
    }
    if (j->n == 0 && o->shard_n == 1) {
        /* a sweep that tries nothing must not read as a pass */
        fprintf(stderr, "%s: error: --cuts %s selects no cut point: the reference run makes %llu flash operation(s)%s\n"
                        "  hint: a sweep needs an update that reaches the flash; run the scenario to see what it does\n",
                o->file, o->cuts, (unsigned long long)j->n_ops,
                j->n_ops == 0 ? " (nothing is written or erased)" : " of other kinds");
        return PCDSIM_EXIT_INPUT;
    }
    if (shard_meta(j) != 0) {
        return PCDSIM_EXIT_INPUT;
    }
    j->res = calloc(j->n ? j->n : 1, sizeof(*j->res));
    if (j->res == NULL) {
        return PCDSIM_EXIT_INPUT;
    }
    bool tty = isatty(STDERR_FILENO) && getenv("CI") == NULL;
    double t1 = now_s();
    j->t_ref = t1 - j->t0;
    int rc = run_sweep_parallel(j->sw, j->pts, j->n, (unsigned)o->jobs, j->res, tty);
    j->wall = now_s() - t1;
    if (tty) {
        fputc('\n', stderr);
    }
    if (rc != 0) {
        fprintf(stderr, "pcdsim sweep: a worker failed (no verdict): %s (%s)\n", pcdsim_strerror(rc), pcdsim_describe(rc));
        return PCDSIM_EXIT_INPUT; /* an internal error, e.g. a branch's timeline could not grow: not a verdict */
    }
    return CLI_GO;
}

/* Branch count, speed, and the outcomes. */
static void print_summary(const struct sweep_job *j)
{
    const struct sweep_opts *o = &j->o;
    size_t by[SWEEP_OUTCOME_COUNT] = {0};
    for (size_t i = 0; i < j->n; i++) {
        by[j->res[i].outcome]++;
    }
    struct rusage ru_self, ru_kids;
    getrusage(RUSAGE_SELF, &ru_self);
    getrusage(RUSAGE_CHILDREN, &ru_kids);
    long rss = ru_self.ru_maxrss > ru_kids.ru_maxrss ? ru_self.ru_maxrss : ru_kids.ru_maxrss;
    printf("branches: %zu (cuts: %s; tear: %s%s; depth %llu; shard %llu/%llu), %llu job(s)\n", j->n, o->cuts,
           o->tear, o->after ? " + after" : "", (unsigned long long)o->depth, (unsigned long long)o->shard_i,
           (unsigned long long)o->shard_n, (unsigned long long)o->jobs);
    printf("wall: %.2f s (reference %.2f s), %.0f branches/s, %.0f per job; peak RSS %ld MiB\n", j->wall, j->t_ref,
           j->wall > 0 ? (double)j->n / j->wall : 0.0, j->wall > 0 ? (double)j->n / j->wall / (double)o->jobs : 0.0,
           rss / 1024);
    if (pcdsim_hash_memo_mode() == PCDSIM_HASH_MEMO_CHECK) {
        struct pcdsim_hash_memo_stats ms;
        pcdsim_hash_memo_stats(&ms);
        printf("hash memo check: %llu digests recomputed and compared, %llu mismatch(es)%s\n",
               (unsigned long long)ms.checked, (unsigned long long)ms.mismatches,
               o->jobs > 1 ? " (this process; the workers' show as failed branches)" : "");
    }
    printf("outcomes:\n");
    for (int k = 0; k < SWEEP_OUTCOME_COUNT; k++) {
        printf("  %-28s %zu\n", sweep_outcome_name((enum sweep_outcome)k), by[k]);
    }
}

/* The first ten failing branches, each with the command that replays it. */
static void print_failures(const struct sweep_job *j)
{
    unsigned shown = 0;
    for (size_t i = 0; i < j->n && shown < 10; i++) {
        const struct sweep_point *r = &j->res[i];
        if (r->ok) {
            continue;
        }
        struct sweep_op_info oi = {0, FM_OP_PROGRAM, 0, 0};
        (void)run_sweep_op(j->sw, r->op, &oi);
        char seed_opt[40] = "";
        if (j->o.has_seed) {
            snprintf(seed_opt, sizeof(seed_opt), " --seed %llu", (unsigned long long)j->o.seed);
        }
        char cut2_opt[40] = "";
        if (r->op2 != UINT64_MAX) {
            snprintf(cut2_opt, sizeof(cut2_opt), " --cut op:%llu", (unsigned long long)r->op2);
        }
        printf("FAIL op %llu (%s of %s at 0x%x, cut %s%s): %s: %s\n    replay: pcdsim run %s --cut op:%llu:%s%s%s\n",
               (unsigned long long)r->op, oi.kind == FM_OP_ERASE ? "erase" : "program",
               fm_nrf5340_dev_name((enum fm_nrf5340_dev)oi.dev),
               oi.offset, sweep_cut_name(r->cut), r->op2 != UINT64_MAX ? ", second cut in recovery" : "",
               r->failed, r->evidence, j->o.file, (unsigned long long)r->op, sweep_cut_name(r->cut),
               cut2_opt, seed_opt);
        shown++;
    }
}

/* What the map needs to name a point's phase and its replay command. */
struct map_ctx {
    const struct run_sweep *sw;
    const char *file;
    const char *seed_opt;
};

static int map_op_info(const void *ctx, uint64_t op, struct sweep_op_info *out)
{
    return run_sweep_op(((const struct map_ctx *)ctx)->sw, op, out);
}

static void map_replay(const void *ctx, const struct sweep_point *p, char *buf, size_t size)
{
    const struct map_ctx *m = ctx;
    char cut2[40] = "";
    if (p->op2 != UINT64_MAX) {
        snprintf(cut2, sizeof(cut2), " --cut op:%llu", (unsigned long long)p->op2);
    }
    snprintf(buf, size, "pcdsim run %s --cut op:%llu:%s%s%s", m->file, (unsigned long long)p->op,
             sweep_cut_name(p->cut), cut2, m->seed_opt);
}

/* The --map picture written and committed; 0, or -1. */
static int write_map(struct sweep_job *j)
{
    char seed_opt[40] = "";
    if (j->o.has_seed) {
        snprintf(seed_opt, sizeof(seed_opt), " --seed %llu", (unsigned long long)j->o.seed);
    }
    const struct map_ctx mc = {j->sw, j->o.file, seed_opt};
    const struct sweep_map_in mi = {j->o.file, j->n_ops, map_op_info, &mc, map_replay, j->res, j->n};
    return sweep_map_svg(j->map_out.f, &mi) != 0 || cli_out_commit(&j->map_out, "pcdsim sweep") != 0 ? -1 : 0;
}

/* The JUnit and CSV reports and the map written and committed; 0, or -1 (nothing left behind). */
static int write_reports(struct sweep_job *j)
{
    if (j->map_out.f != NULL && write_map(j) != 0) {
        return -1;
    }
    if (j->junit_out.f != NULL) {
        write_report(j->junit_out.f, j->o.file, j->sw, j->pts, j->res, j->n, true, j->wall, &j->meta);
        if (cli_out_commit(&j->junit_out, "pcdsim sweep") != 0) {
            return -1;
        }
    }
    if (j->csv_out.f != NULL) {
        write_report(j->csv_out.f, j->o.file, j->sw, j->pts, j->res, j->n, false, j->wall, &j->meta);
        if (cli_out_commit(&j->csv_out, "pcdsim sweep") != 0) {
            return -1;
        }
    }
    return 0;
}

/* Everything after the options: the sweep and its report; the exit code. */
static int sweep_run(struct sweep_job *j)
{
    if (set_up(j) != 0) {
        return PCDSIM_EXIT_INPUT;
    }
    int rc = reference(j);
    if (rc == CLI_GO) {
        rc = sweep_branches(j);
    }
    if (rc != CLI_GO) {
        return rc;
    }
    size_t fails = 0;
    for (size_t i = 0; i < j->n; i++) {
        fails += !j->res[i].ok;
    }
    print_summary(j);
    print_failures(j);
    const uint64_t check = j->o.check;
    unsigned mism = check ? check_replay(&j->run.cfg, j->pts, j->res, j->n, (unsigned)check) : 0;
    if (check) {
        printf("replay check: %llu sampled branch(es) replayed with run --cut, %u mismatch(es)\n",
               (unsigned long long)check, mism);
    }
    if (write_reports(j) != 0) {
        return PCDSIM_EXIT_INPUT;
    }
    printf("%zu passed, %zu failed\n", j->n - fails, fails);
    return fails || mism ? PCDSIM_EXIT_VERDICT : PCDSIM_EXIT_OK;
}

int cmd_sweep(int argc, char **argv)
{
    struct cli_args a;
    int rc = cli_parse(&spec, argc, argv, &a);
    if (rc != CLI_GO) {
        return rc;
    }
    struct sweep_job *j = calloc(1, sizeof(*j));
    rc = j == NULL || parse_opts(&a, &j->o) != 0 ? PCDSIM_EXIT_INPUT : CLI_GO;
    if (rc == CLI_GO && j->o.file == NULL) {
        rc = cli_usage_error(&spec, "which scenario? a FILE is needed");
    }
    if (rc == CLI_GO) {
        rc = cli_check_required(&spec, &a);
    }
    if (rc == CLI_GO && (j->o.n_var = sweep_parse_tear(j->o.tear, j->o.after, j->o.variants)) == 0) {
        fprintf(stderr, "pcdsim sweep: --tear takes none, prefix, somebits, mostbits, garbage or all, not '%s'\n",
                j->o.tear);
        rc = PCDSIM_EXIT_INPUT;
    }
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    if (rc == CLI_GO && n52_scenario_detect(j->o.file)) { /* docs/NRF52.md */
        const struct sweep_opts *so = &j->o;
        const char *other = so->after ? "after" : so->depth > 1 ? "depth" : so->shard_n > 1 ? "shard" : so->junit ? "junit"
                          : so->csv ? "csv" : so->map ? "map" : so->check ? "check-replay" : so->has_seed ? "seed" : NULL;
        rc = n52_cli_sweep(so->file, so->cuts, so->tear, other);
    } else if (rc == CLI_GO && pcdsim_scenario_load(j->o.file, &j->scn, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        rc = PCDSIM_EXIT_INPUT;
    } else if (rc == CLI_GO) {
        pcdsim_layout_print_notes(&j->scn.board.app, stderr);
        pcdsim_layout_print_notes(&j->scn.board.net, stderr);
        rc = sweep_run(j);
        cli_out_abandon(&j->junit_out); /* nothing left of a report not committed */
        cli_out_abandon(&j->csv_out);
        cli_out_abandon(&j->map_out);
        free(j->res);
        free(j->pts);
        run_sweep_free(j->sw);
        scn_run_free(&j->run);
        pcdsim_scenario_free(&j->scn);
    }
    free(j);
    cli_args_free(&a);
    return rc;
}
