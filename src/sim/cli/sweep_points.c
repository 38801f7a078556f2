/* Which operations a sweep cuts at, and how. */
#include "sweep_points.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flashmodel/prng.h"

static const char *const cut_names[] = {"before", "prefix", "somebits", "mostbits", "garbage", "after"};

unsigned sweep_parse_tear(const char *mode, bool after, enum sweep_cut out[8])
{
    unsigned n = 0;
    if (strcmp(mode, "none") == 0) {
        out[n++] = SWEEP_CUT_BEFORE;
    } else if (strcmp(mode, "all") == 0) {
        out[n++] = SWEEP_CUT_BEFORE;
        out[n++] = SWEEP_CUT_PREFIX;
        out[n++] = SWEEP_CUT_SOMEBITS;
        out[n++] = SWEEP_CUT_MOSTBITS;
        out[n++] = SWEEP_CUT_GARBAGE;
    } else {
        for (int c = SWEEP_CUT_PREFIX; c <= SWEEP_CUT_GARBAGE; c++) {
            if (strcmp(mode, cut_names[c]) == 0) {
                out[n++] = (enum sweep_cut)c;
            }
        }
        if (n == 0) {
            return 0;
        }
    }
    if (after) {
        out[n++] = SWEEP_CUT_AFTER;
    }
    return n;
}

/* A number starts here: a digit, not a sign or a space (strtoull would take "-1" as 2^64 - 1). */
static bool number_at(const char *p)
{
    return isdigit((unsigned char)*p) != 0;
}

int sweep_parse_cut(const char *spec, uint64_t *op, enum sweep_cut *cut)
{
    if (strncmp(spec, "op:", 3) != 0 || !number_at(spec + 3)) {
        return -1;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(spec + 3, &end, 10);
    if (errno != 0 || end == spec + 3) {
        return -1;
    }
    *op = v;
    *cut = SWEEP_CUT_BEFORE;
    if (*end == '\0') {
        return 0;
    }
    if (*end != ':') {
        return -1;
    }
    for (int c = 0; c <= SWEEP_CUT_AFTER; c++) {
        if (strcmp(end + 1, cut_names[c]) == 0) {
            *cut = (enum sweep_cut)c;
            return 0;
        }
    }
    return -1;
}

/* Append a power loss at operation @p op, cut as @p cut; -1 if the run has no room for a fault. */
static int add_cut(struct run_config *c, uint64_t op, enum sweep_cut cut)
{
    static const int tears[] = {-1, FM_TEAR_PREFIX, FM_TEAR_SOMEBITS, FM_TEAR_MOSTBITS, FM_TEAR_GARBAGE, -1};
    if (c->n_faults >= RUN_MAX_FAULTS || (unsigned)cut > SWEEP_CUT_AFTER) {
        return -1;
    }
    struct run_fault *f = &c->faults[c->n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_POWER_LOSS;
    f->trig.kind = RUN_TRIG_OP;
    f->trig.op = op;
    f->trig.dev = -1;
    f->trig.op_kind = -1;
    f->trig.page = -1;
    f->tear = tears[cut];
    f->after = cut == SWEEP_CUT_AFTER;
    f->tear_seed = c->seed ^ (op * 0x9E3779B97F4A7C15ull); /* as the sweep's branch */
    return 0;
}

int sweep_cut_fault(struct run_config *c, uint64_t op, enum sweep_cut cut, uint64_t op2)
{
    unsigned k = 0;
    for (unsigned i = 0; i < c->n_faults; i++) {
        if (c->faults[i].kind != RUN_FAULT_POWER_LOSS) {
            c->faults[k++] = c->faults[i];
        }
    }
    c->n_faults = k;
    if (add_cut(c, op, cut) != 0 || (op2 != UINT64_MAX && (op2 <= op || add_cut(c, op2, SWEEP_CUT_BEFORE) != 0))) {
        return -1;
    }
    c->settle_on_loss = true;
    /* as a sweep branch: only final-state expectations (counts and log lines of an uninterrupted
     * run do not apply to an interrupted one) */
    c->expect.attempts = -1;
    c->expect.boots = -1;
    c->expect.n_log = c->expect.n_no_log = c->expect.n_reports = 0;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* every-erase (@p erase_only) or every-page: the first operation on each (device, page). The
 * number selected into @p ops. */
static size_t select_pages(const struct run_sweep *sw, uint64_t n, bool erase_only, uint64_t *ops)
{
    size_t k = 0;
    /* (device, page) pairs seen, for every-page: 6 devices x up to 2048 pages */
    uint8_t *seen = erase_only ? NULL : calloc(8 * 2048, 1);
    for (uint64_t i = 0; i < n; i++) {
        struct sweep_op_info oi;
        if (run_sweep_op(sw, i, &oi) != 0) {
            continue;
        }
        if (erase_only ? oi.kind == FM_OP_ERASE
                       : (seen != NULL && oi.dev >= 0 && oi.dev < 8 && oi.page < 2048 && !seen[oi.dev * 2048 + oi.page])) {
            if (seen != NULL) {
                seen[oi.dev * 2048 + oi.page] = 1;
            }
            ops[k++] = i;
        }
    }
    free(seen);
    return k;
}

/* random:N[:SEED]: N distinct operations of @p n. 0 with the count in @p k, or -1 with @p why. */
static int select_random(const char *spec, uint64_t seed, uint64_t n, uint64_t *ops, size_t *k, char *why,
                         size_t why_len)
{
    char *end;
    unsigned long long want = strtoull(spec + 7, &end, 10);
    uint64_t s = seed;
    bool ok = number_at(spec + 7);
    if (ok && *end == ':') {
        ok = number_at(end + 1);
        s = strtoull(end + 1, &end, 0);
    }
    if (!ok || *end != '\0') {
        snprintf(why, why_len, "expected random:N[:SEED]");
        return -1;
    }
    if (want > n) {
        want = n;
    }
    uint64_t st = s;
    /* draw until N distinct (Floyd would avoid the retries; N is small next to the ops) */
    while (*k < want) {
        uint64_t v = fm_prng_next(&st) % n;
        bool dup = false;
        for (size_t j = 0; j < *k && !dup; j++) {
            dup = ops[j] == v;
        }
        if (!dup) {
            ops[(*k)++] = v;
        }
    }
    return 0;
}

/* list:A,B,...: each an operation of the reference run (when there is one, @p sw). 0 with the
 * count in @p k, or -1 with @p why. */
static int select_list(const struct run_sweep *sw, const char *spec, uint64_t n, uint64_t *ops, size_t *k, char *why,
                       size_t why_len)
{
    const char *p = spec + 5;
    while (*p) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 0);
        if (errno != 0 || !number_at(p) || (*end != ',' && *end != '\0')) {
            snprintf(why, why_len, "'%s' is not a list of operation numbers", spec + 5);
            return -1;
        }
        if (sw != NULL && v >= n) {
            snprintf(why, why_len, "operation %llu: the reference run has %llu operations (0..%llu)", v,
                     (unsigned long long)n, (unsigned long long)(n ? n - 1 : 0));
            return -1;
        }
        if (*k < n) {
            ops[(*k)++] = v;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* The operations the spec selects, ascending, without repeats. Without a sweep (@p sw NULL) only
 * the spec's form is checked (nothing is selected). */
static uint64_t *select_ops(const struct run_sweep *sw, const char *spec, uint64_t seed, size_t *count, char *why,
                            size_t why_len)
{
    uint64_t n = sw != NULL ? run_sweep_ops(sw) : 0;
    uint64_t *ops = malloc((n ? n : 1) * sizeof(uint64_t));
    size_t k = 0;
    int rc = 0;
    if (ops == NULL) {
        snprintf(why, why_len, "out of memory");
        return NULL;
    }
    if (strcmp(spec, "every-op") == 0) {
        for (uint64_t i = 0; i < n; i++) {
            ops[k++] = i;
        }
    } else if (strcmp(spec, "every-erase") == 0 || strcmp(spec, "every-page") == 0) {
        k = select_pages(sw, n, spec[6] == 'e', ops);
    } else if (strcmp(spec, "log") == 0) {
        for (uint64_t i = 0; i < n; i = i ? i * 2 : 1) {
            ops[k++] = i;
        }
        if (n > 0 && (k == 0 || ops[k - 1] != n - 1)) {
            ops[k++] = n - 1;
        }
    } else if (strncmp(spec, "random:", 7) == 0) {
        rc = select_random(spec, seed, n, ops, &k, why, why_len);
    } else if (strncmp(spec, "list:", 5) == 0) {
        rc = select_list(sw, spec, n, ops, &k, why, why_len);
    } else {
        snprintf(why, why_len, "expected every-op, every-erase, every-page, log, random:N[:SEED] or list:A,B,...");
        rc = -1;
    }
    if (rc != 0) {
        free(ops);
        return NULL;
    }
    qsort(ops, k, sizeof(uint64_t), cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        if (u == 0 || ops[u - 1] != ops[i]) {
            ops[u++] = ops[i];
        }
    }
    *count = u;
    return ops;
}

int sweep_cuts_check(const char *spec, char *why, size_t why_len)
{
    size_t n = 0;
    uint64_t *ops = select_ops(NULL, spec, 0, &n, why, why_len);
    free(ops);
    return ops != NULL ? 0 : -1;
}

struct sweep_pt *sweep_points(const struct run_sweep *sw, const char *spec, const enum sweep_cut *variants,
                              unsigned n_var, bool depth2, uint64_t shard_i, uint64_t shard_n, uint64_t seed, size_t *n,
                              char *why, size_t why_len)
{
    size_t n_ops = 0;
    uint64_t *ops = select_ops(sw, spec, seed, &n_ops, why, why_len);
    if (ops == NULL) {
        return NULL;
    }
    size_t cap = n_ops * n_var;
    struct sweep_pt *pts = malloc((cap > 0 ? cap : 1) * sizeof(*pts));
    if (pts == NULL) {
        free(ops);
        snprintf(why, why_len, "out of memory");
        return NULL;
    }
    uint64_t total = run_sweep_ops(sw);
    size_t k = 0, idx = 0;
    for (size_t i = 0; i < n_ops; i++) {
        for (unsigned v = 0; v < n_var; v++, idx++) {
            if (idx % shard_n != shard_i - 1) {
                continue;
            }
            uint64_t op2 = UINT64_MAX;
            if (depth2) {
                uint64_t st = fm_prng_mix(seed, ops[i] * 8 + v);
                op2 = ops[i] + 1 + fm_prng_next(&st) % (total ? total : 1);
            }
            pts[k++] = (struct sweep_pt){ops[i], variants[v], op2};
        }
    }
    free(ops);
    *n = k;
    return pts;
}
