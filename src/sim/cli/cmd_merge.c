/* pcdsim merge SHARD... [--out FILE]: the reports (CSV or JUnit) of the shards of one sweep
 * (`pcdsim sweep --shard I/N --csv|--junit`) checked to be exactly the whole sweep, each branch
 * once, and merged into one verdict and, with --out, one report equal to the unsharded sweep's
 * (wall time aside). Shard facts: sweep_merge.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "cli_util.h"
#include "cmd.h"
#include "pcdsim/host_util.h"
#include "sweep_merge.h"

enum { O_OUT, O_COUNT };

static const struct cli_opt opts[O_COUNT] = {
    [O_OUT] = {"out", 'o', "FILE", "write the merged report, in the shards' format (CSV or JUnit)", 0, NULL},
};

static const struct cli_spec spec = {
    "merge", "SHARD...", -1,
    "Merge the CSV or JUnit reports of the shards of one sweep (pcdsim sweep --shard I/N) into one\n"
    "verdict. Every shard 1..N of the same sweep (scenario, cuts, tear, after, depth, seed) must be\n"
    "given exactly once, each with all its branches.\n",
    opts, O_COUNT,
    "exit: 0 every branch passed, 1 a branch failed, 2 bad input (not a sweep report, a shard missing,\n"
    "given twice or of another sweep, or a report cut short)\n",
};

#define CSV_HEADER "op,cut,op2,device,kind,offset,page,outcome,ok,failed,device_time_us\n"
#define REPORT_MAX (512u * 1024u * 1024u)

/* One branch as its report line(s) hold it. */
struct row {
    const char *s;
    size_t len;
    bool failed;
};

/* One shard's report. */
struct shard {
    const char *path;
    char *text;
    bool junit;
    char suite[512]; /* JUnit: the testsuite's name attribute */
    double time;     /* JUnit: its time attribute */
    struct sweep_shard_meta m;
    struct row *rows;
    size_t n_rows;
};

static int bad(const char *path, const char *what)
{
    fprintf(stderr, "pcdsim merge: %s: %s\n", path, what);
    return -1;
}

static int add_row(struct shard *s, const char *p, size_t len, bool failed)
{
    if ((s->n_rows & (s->n_rows + 1)) == 0) { /* 0, 1, 3, 7, ...: grow to the next power of two */
        struct row *r = realloc(s->rows, (s->n_rows + 1) * 2 * sizeof(*r));
        if (r == NULL) {
            return bad(s->path, "out of memory");
        }
        s->rows = r;
    }
    s->rows[s->n_rows++] = (struct row){p, len, failed};
    return 0;
}

/* The CSV shard line "# pcdsim-sweep ..." at @p p; 0 or -1. */
static int csv_meta(struct shard *s, const char *p)
{
    unsigned long long i, n, b, t;
    int at = 0;
    if (sscanf(p, "# pcdsim-sweep shard=%llu/%llu branches=%llu total=%llu sweep=%n", &i, &n, &b, &t, &at) != 4 ||
        at == 0) {
        return -1;
    }
    size_t len = strcspn(p + at, "\n");
    if (len >= sizeof(s->m.sweep)) {
        return -1;
    }
    s->m = (struct sweep_shard_meta){i, n, b, t, "", false};
    memcpy(s->m.sweep, p + at, len);
    s->m.sweep[len] = '\0';
    return 0;
}

/* A CSV report: the header, one line per branch (11 fields, "ok" the 9th), the shard line last. */
static int parse_csv(struct shard *s)
{
    if (strncmp(s->text, CSV_HEADER, strlen(CSV_HEADER)) != 0) {
        return bad(s->path, "not a sweep CSV report (its first line is not the sweep's header)");
    }
    unsigned line = 1;
    bool have_meta = false;
    for (const char *p = s->text + strlen(CSV_HEADER); *p != '\0'; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl != NULL ? (size_t)(nl - p) + 1 : strlen(p);
        char where[64];
        snprintf(where, sizeof(where), "line %u", line + 1);
        if (have_meta) {
            return bad(s->path, "lines after the shard line (# pcdsim-sweep ...): not one sweep report");
        }
        if (p[0] == '#') {
            if (csv_meta(s, p) != 0) {
                return bad(s->path, "a malformed shard line (# pcdsim-sweep shard=I/N branches=K total=T sweep=...)");
            }
            have_meta = true;
        } else {
            const char *f = p;
            unsigned commas = 0;
            for (size_t k = 0; k < len; k++) {
                if (p[k] == ',' && ++commas == 8) {
                    f = p + k + 1; /* the "ok" field */
                }
            }
            if (commas != 10 || (f[0] != '0' && f[0] != '1') || f[1] != ',' || nl == NULL) {
                fprintf(stderr, "pcdsim merge: %s:%u: not a branch line of a sweep report\n", s->path, line + 1);
                return -1;
            }
            if (add_row(s, p, len, f[0] == '0') != 0) {
                return -1;
            }
        }
        p += len;
    }
    return have_meta ? 0 : bad(s->path, "no shard line (# pcdsim-sweep ...): written by a pcdsim without merge support, or cut short");
}

/* The value of attribute or property @p key (`key="`) after @p from, into @p out; 0 or -1. */
static int xml_value(const char *from, const char *key, char *out, size_t cap)
{
    const char *p = strstr(from, key);
    if (p == NULL) {
        return -1;
    }
    p += strlen(key);
    size_t len = strcspn(p, "\"");
    if (p[len] != '"' || len >= cap) {
        return -1;
    }
    memcpy(out, p, len);
    out[len] = '\0';
    return 0;
}

/* The JUnit shard properties; 0 or -1. */
static int junit_meta(struct shard *s)
{
    char shard[64], b[32], t[32];
    unsigned long long i, n, bb, tt;
    if (xml_value(s->text, "<property name=\"pcdsim.shard\" value=\"", shard, sizeof(shard)) != 0 ||
        xml_value(s->text, "<property name=\"pcdsim.branches\" value=\"", b, sizeof(b)) != 0 ||
        xml_value(s->text, "<property name=\"pcdsim.total\" value=\"", t, sizeof(t)) != 0 ||
        xml_value(s->text, "<property name=\"pcdsim.sweep\" value=\"", s->m.sweep, sizeof(s->m.sweep)) != 0 ||
        sscanf(shard, "%llu/%llu", &i, &n) != 2 || sscanf(b, "%llu", &bb) != 1 || sscanf(t, "%llu", &tt) != 1) {
        return -1;
    }
    s->m.shard_i = i;
    s->m.shard_n = n;
    s->m.branches = bb;
    s->m.total = tt;
    s->m.sweep_escaped = true;
    return 0;
}

/* A JUnit report as the sweep writes it: the testsuite, its properties, one testcase per branch. */
static int parse_junit(struct shard *s)
{
    char tm[64];
    const char *suite = strstr(s->text, "<testsuite name=\"");
    if (suite == NULL || xml_value(suite, "<testsuite name=\"", s->suite, sizeof(s->suite)) != 0 ||
        xml_value(suite, " time=\"", tm, sizeof(tm)) != 0) {
        return bad(s->path, "not a sweep JUnit report (no <testsuite name=... time=...>)");
    }
    s->time = strtod(tm, NULL);
    if (junit_meta(s) != 0) {
        return bad(s->path, "no pcdsim.shard/branches/total/sweep properties: written by a pcdsim without merge support");
    }
    for (const char *p = strstr(suite, "  <testcase "); p != NULL; p = strstr(p, "  <testcase ")) {
        const char *end = strstr(p, "</testcase>\n");
        if (end == NULL) {
            return bad(s->path, "a <testcase> without its end: cut short");
        }
        end += strlen("</testcase>\n");
        const char *fail = strstr(p, "<failure");
        if (add_row(s, p, (size_t)(end - p), fail != NULL && fail < end) != 0) {
            return -1;
        }
        p = end;
    }
    return strstr(suite, "</testsuite>") != NULL ? 0 : bad(s->path, "no </testsuite>: cut short");
}

static int load_shard(struct shard *s)
{
    uint8_t *b = NULL;
    size_t n = 0;
    struct pcdsim_read_info info;
    if (pcdsim_read_file(s->path, REPORT_MAX, 0, &b, &n, &info) != 0) {
        return bad(s->path, info.why[0] ? info.why : "cannot be read");
    }
    s->text = (char *)b;
    s->junit = strncmp(s->text, "<?xml", 5) == 0 || strncmp(s->text, "<testsuite", 10) == 0;
    int rc = s->junit ? parse_junit(s) : parse_csv(s);
    if (rc == 0 && s->n_rows != s->m.branches) {
        char why[160];
        snprintf(why, sizeof(why), "%zu branch(es), its shard line says %llu: cut short or edited", s->n_rows,
                 (unsigned long long)s->m.branches);
        return bad(s->path, why);
    }
    return rc;
}

/* The shards are exactly shards 1..N of one sweep, each with its share of branches; sorted by
 * shard number on return (@p by[I-1] is shard I). 0, or -1 with the reason. */
static int check_set(struct shard *sh, int n, struct shard **by)
{
    const struct sweep_shard_meta *m0 = &sh[0].m;
    if (m0->shard_n == 0 || m0->shard_n != (uint64_t)n) {
        fprintf(stderr, "pcdsim merge: %d report(s) given, but %s is shard %llu/%llu: %s\n", n, sh[0].path,
                (unsigned long long)m0->shard_i, (unsigned long long)m0->shard_n,
                (uint64_t)n < m0->shard_n ? "a shard is missing" : "a shard is given twice or belongs elsewhere");
        if ((uint64_t)n < m0->shard_n) {
            for (uint64_t i = 1; i <= m0->shard_n; i++) {
                bool seen = false;
                for (int k = 0; k < n; k++) {
                    seen |= sh[k].m.shard_i == i;
                }
                if (!seen) {
                    fprintf(stderr, "  missing: shard %llu/%llu\n", (unsigned long long)i, (unsigned long long)m0->shard_n);
                }
            }
        }
        return -1;
    }
    for (int k = 0; k < n; k++) {
        const struct shard *s = &sh[k];
        if (s->junit != sh[0].junit) {
            return bad(s->path, sh[0].junit ? "a CSV report among JUnit ones" : "a JUnit report among CSV ones");
        }
        if (s->m.shard_n != m0->shard_n || s->m.total != m0->total || strcmp(s->m.sweep, m0->sweep) != 0 ||
            strcmp(s->suite, sh[0].suite) != 0) {
            fprintf(stderr, "pcdsim merge: %s is of another sweep than %s:\n  %llu/%llu of %llu branches, %s\n  %llu/%llu of %llu branches, %s\n",
                    s->path, sh[0].path, (unsigned long long)s->m.shard_i, (unsigned long long)s->m.shard_n,
                    (unsigned long long)s->m.total, s->m.sweep, (unsigned long long)m0->shard_i,
                    (unsigned long long)m0->shard_n, (unsigned long long)m0->total, m0->sweep);
            return -1;
        }
        if (s->m.shard_i < 1 || s->m.shard_i > s->m.shard_n || s->m.branches != sweep_shard_size(s->m.total, s->m.shard_i, s->m.shard_n)) {
            return bad(s->path, "its shard number or branch count does not fit its sweep");
        }
        if (by[s->m.shard_i - 1] != NULL) {
            fprintf(stderr, "pcdsim merge: shard %llu/%llu given twice: %s and %s\n", (unsigned long long)s->m.shard_i,
                    (unsigned long long)s->m.shard_n, by[s->m.shard_i - 1]->path, s->path);
            return -1;
        }
        by[s->m.shard_i - 1] = &sh[k];
    }
    return 0;
}

/* Branch @p k of the whole sweep. */
static const struct row *branch(struct shard *const *by, uint64_t n_shards, uint64_t k)
{
    return &by[k % n_shards]->rows[k / n_shards];
}

/* The merged report, as the unsharded sweep would write it (JUnit: time = the shards' sum). */
static void write_merged(FILE *f, struct shard *const *by, uint64_t n, size_t fails)
{
    const struct shard *s0 = by[0];
    struct sweep_shard_meta m = s0->m;
    m.shard_i = m.shard_n = 1;
    m.branches = m.total;
    if (s0->junit) {
        double t = 0;
        for (uint64_t i = 0; i < n; i++) {
            t += by[i]->time;
        }
        fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"%s\" tests=\"%llu\" failures=\"%zu\" time=\"%.3f\">\n",
                s0->suite, (unsigned long long)m.total, fails, t);
        sweep_shard_meta_write(f, &m, true);
    } else {
        fputs(CSV_HEADER, f);
    }
    for (uint64_t k = 0; k < m.total; k++) {
        const struct row *r = branch(by, n, k);
        fwrite(r->s, 1, r->len, f);
    }
    if (s0->junit) {
        fputs("</testsuite>\n", f);
    } else {
        sweep_shard_meta_write(f, &m, false);
    }
}

/* The verdict: counts and the first ten failed branches; the exit code. */
static int verdict(struct shard *const *by, uint64_t n, const char *out)
{
    const struct shard *s0 = by[0];
    size_t fails = 0, shown = 0;
    for (uint64_t k = 0; k < s0->m.total; k++) {
        const struct row *r = branch(by, n, k);
        if (r->failed) {
            fails++;
            if (shown++ < 10) {
                printf("FAIL %.*s\n", (int)(r->len - (r->s[r->len - 1] == '\n')), r->s);
            }
        }
    }
    struct cli_out o;
    if (out != NULL) {
        if (cli_out_open(&o, out, "pcdsim merge") != 0) {
            return PCDSIM_EXIT_INPUT;
        }
        write_merged(o.f, by, n, fails);
        if (cli_out_commit(&o, "pcdsim merge") != 0) {
            return PCDSIM_EXIT_INPUT;
        }
    }
    printf("merged %llu shard(s) of %s (%s): %llu branches\n", (unsigned long long)n, s0->m.sweep,
           s0->junit ? "JUnit" : "CSV", (unsigned long long)s0->m.total);
    printf("%llu passed, %zu failed\n", (unsigned long long)(s0->m.total - fails), fails);
    return fails ? PCDSIM_EXIT_VERDICT : PCDSIM_EXIT_OK;
}

int cmd_merge(int argc, char **argv)
{
    struct cli_args a;
    int rc = cli_parse(&spec, argc, argv, &a);
    if (rc != CLI_GO) {
        return rc;
    }
    if (a.n_args == 0) {
        rc = cli_usage_error(&spec, "which reports? the shards' CSV or JUnit files are needed");
        cli_args_free(&a);
        return rc;
    }
    int n = a.n_args;
    struct shard *sh = calloc((size_t)n, sizeof(*sh));
    struct shard **by = calloc((size_t)n, sizeof(*by));
    rc = sh == NULL || by == NULL ? PCDSIM_EXIT_INPUT : CLI_GO;
    for (int k = 0; rc == CLI_GO && k < n; k++) {
        sh[k].path = a.args[k];
        if (load_shard(&sh[k]) != 0) {
            rc = PCDSIM_EXIT_INPUT;
        }
    }
    if (rc == CLI_GO) {
        rc = check_set(sh, n, by) != 0 ? PCDSIM_EXIT_INPUT : verdict(by, (uint64_t)n, cli_val(&a, O_OUT, NULL));
    }
    for (int k = 0; sh != NULL && k < n; k++) {
        free(sh[k].text);
        free(sh[k].rows);
    }
    free(sh);
    free(by);
    cli_args_free(&a);
    return rc;
}
