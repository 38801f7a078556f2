/* Power-loss sweeps.
 *
 * A power loss wipes RAM and restarts both cores, so what a branch needs from the reference run
 * is only the non-volatile state at its cut point: the cells, write counts and wear of every
 * flash device after operations [0, op). The reference run logs each program/erase call (the
 * resulting cells and the operation numbers it used). A worker keeps a rolling snapshot at its
 * last cut point; for the next point it restores that snapshot (the pages the last recovery
 * changed), replays the log up to the new point (a few operations), moves the snapshot forward
 * (the pages replayed), cuts power, powers on and lets the device recover, then judges. Nothing
 * of the prefix runs again, and no step costs more than the pages it touches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcdsim/hash_memo.h"
#include "flashmodel/nand.h"
#include "pcdsim/host_err.h"
#include "runner_internal.h"

enum log_kind { LOG_PROGRAM = 0, LOG_ERASE = 1, LOG_RAW = 2, LOG_NAND = 3 /* a NAND page: data then spare */ };

struct log_entry {
    uint64_t seq0, seq1; /* operations [seq0, seq1) of this call (raw: seq0 = seq1 = next op) */
    uint64_t t_us;       /* device time of the calling core when the call began (raw: of the system) */
    uint64_t t_floor;    /* power lost during the call resumes no earlier (soc_flash_call.t_floor_us) */
    uint32_t off, len;   /* device offset and bytes */
    uint32_t data;       /* offset of the bytes in the arena (program, raw) */
    int8_t dev;
    uint8_t kind;        /* enum log_kind */
};

struct sweep_log {
    struct log_entry *e;
    size_t n, cap;
    uint8_t *arena;
    size_t alen, acap;
    bool oom;
};

struct run_sweep {
    struct run_config ref_cfg;   /* the scenario without faults: the reference run */
    struct run_config br_cfg;    /* the same with only final-state expectations: the branches */
    struct sweep_log log;
    uint64_t n_ops;

    /* worker (this process) */
    bool ready;
    struct run_state st;
    struct run_result res;
    struct fm_snapshot *init_snap, *roll;
    uint64_t cursor;   /* the rolling snapshot holds state(cursor) */
    size_t idx;        /* next log entry to apply */
    uint64_t done;     /* operations of log[idx] already applied */
    uint64_t clk;      /* the calling core's device time after those operations */
    uint64_t cut_at;   /* for the fault hooks */
    enum fm_fault_action cut_action;
    enum fm_tear_mode cut_tear;
    uint64_t cut_seed;
};

/* --- the log ------------------------------------------------------------------------------------ */

static bool log_reserve(struct sweep_log *l, size_t bytes)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        struct log_entry *e = realloc(l->e, cap * sizeof(*e));
        if (e == NULL) {
            return false;
        }
        l->e = e;
        l->cap = cap;
    }
    if (l->alen + bytes > l->acap) {
        size_t cap = l->acap ? l->acap : 1u << 20;
        while (cap < l->alen + bytes) {
            cap *= 2;
        }
        uint8_t *a = realloc(l->arena, cap);
        if (a == NULL) {
            return false;
        }
        l->arena = a;
        l->acap = cap;
    }
    return true;
}

static void log_add(struct sweep_log *l, enum log_kind kind, int dev, uint32_t off, const uint8_t *data, uint32_t len,
                    uint64_t seq0, uint64_t seq1, uint64_t t_us, uint64_t t_floor)
{
    size_t bytes = data != NULL ? len : 0;
    if (l->oom || !log_reserve(l, bytes)) {
        l->oom = true;
        return;
    }
    struct log_entry *e = &l->e[l->n++];
    *e = (struct log_entry){seq0, seq1, t_us, t_floor, off, len, (uint32_t)l->alen, (int8_t)dev, (uint8_t)kind};
    if (bytes) {
        memcpy(l->arena + l->alen, data, bytes);
        l->alen += bytes;
    }
}

static void on_flash_call(struct soc *soc, const struct soc_flash_call *c, void *arg)
{
    (void)soc;
    struct sweep_log *l = arg;
    if (c->spare != NULL) {
        uint8_t page[FM_NAND_PAGE + FM_NAND_SPARE];
        memcpy(page, c->data, FM_NAND_PAGE);
        memcpy(page + FM_NAND_PAGE, c->spare, FM_NAND_SPARE);
        log_add(l, LOG_NAND, c->dev, c->off, page, sizeof(page), c->seq_first, c->seq_end, c->t_start_us,
                c->t_floor_us);
        return;
    }
    log_add(l, c->kind == FM_OP_ERASE ? LOG_ERASE : LOG_PROGRAM, c->dev, c->off, c->data, c->len, c->seq_first,
            c->seq_end, c->t_start_us, c->t_floor_us);
}

/* The runner's raw-load hook (struct run_state.on_raw_load) during the reference run. */
static void on_raw_load(void *ctx, int dev, uint32_t off, const uint8_t *data, uint32_t len, uint64_t next_op,
                        uint64_t t_us)
{
    log_add(ctx, LOG_RAW, dev, off, data, len, next_op, next_op, t_us, 0);
}

/* Bytes [b0, b1) of a program call that operations [a, a + n) of it wrote. Operations are the
 * device's program chunks, aligned to prog_op_size from the call's offset (as fm_program cuts
 * them). */
static void op_bytes(const struct log_entry *e, uint32_t opsz, uint64_t a, uint64_t n, uint32_t *b0, uint32_t *b1)
{
    uint32_t lead = opsz - e->off % opsz;
    if (lead > e->len) {
        lead = e->len;
    }
    uint32_t start = a == 0 ? e->off : e->off + lead + (uint32_t)(a - 1) * opsz;
    uint64_t last = a + n; /* one past */
    uint64_t end = last == 0 ? e->off : e->off + lead + (last - 1) * (uint64_t)opsz;
    if (end > (uint64_t)e->off + e->len) {
        end = (uint64_t)e->off + e->len;
    }
    *b0 = start;
    *b1 = (uint32_t)end;
}

/* Apply @p n operations of log entry @p e, starting at its operation @p a; the device time they
 * take is added to *clk, as the flash model adds it to the calling core's clock. */
static void apply(struct run_sweep *sw, const struct log_entry *e, uint64_t a, uint64_t n, uint64_t *clk)
{
    struct fm_sys *fm = sw->st.fm;
    switch (e->kind) {
    case LOG_RAW: (void)fm_load(fm, e->dev, e->off, sw->log.arena + e->data, e->len); break;
    case LOG_ERASE: (void)fm_erase(fm, e->dev, e->off, e->len, clk); break;
    case LOG_NAND:
        (void)fm_nand_program_page(fm, e->dev, e->off / FM_NAND_PAGE, sw->log.arena + e->data,
                                   sw->log.arena + e->data + FM_NAND_PAGE, clk);
        break;
    default: {
        uint32_t b0, b1;
        op_bytes(e, fm_dev_desc(fm, e->dev)->prog_op_size, a, n, &b0, &b1);
        (void)fm_program(fm, e->dev, b0, sw->log.arena + e->data + (b0 - e->off), b1 - b0, clk);
        break;
    }
    }
}

/* Apply the log up to (not including) operation @p op, raw loads that precede it included. */
static void replay_to(struct run_sweep *sw, uint64_t op)
{
    while (sw->idx < sw->log.n) {
        const struct log_entry *e = &sw->log.e[sw->idx];
        if (e->kind == LOG_RAW) {
            if (e->seq0 > op) {
                break;
            }
            apply(sw, e, 0, 0, NULL);
            sw->idx++;
            continue;
        }
        uint64_t at = e->seq0 + sw->done;
        if (at >= op) {
            break;
        }
        if (sw->done == 0) {
            sw->clk = e->t_us; /* the call begins */
        }
        uint64_t n = (e->seq1 < op ? e->seq1 : op) - at;
        apply(sw, e, sw->done, n, &sw->clk);
        sw->done += n;
        if (e->seq0 + sw->done == e->seq1) {
            sw->idx++;
            sw->done = 0;
        }
    }
    sw->cursor = op;
}

/* --- reference run --------------------------------------------------------------------------- */

static void strip_faults(struct run_config *c)
{
    c->n_faults = 0;
    c->settle_on_loss = false;
}

int run_sweep_reference(const struct run_config *cfg, struct run_result *ref, struct run_sweep **out)
{
    *out = NULL;
    for (unsigned i = 0; i < cfg->n_faults; i++) {
        if (cfg->faults[i].kind != RUN_FAULT_POWER_LOSS) {
            return PCDSIM_E_SCHEMA; /* a sweep replaces power losses only */
        }
    }
    struct run_sweep *sw = calloc(1, sizeof(*sw));
    if (sw == NULL) {
        return PCDSIM_E_NOMEM;
    }
    sw->ref_cfg = *cfg;
    strip_faults(&sw->ref_cfg);
    sw->br_cfg = sw->ref_cfg;
    /* branches check the final state, not counts or log lines of an uninterrupted run */
    struct run_expect *x = &sw->br_cfg.expect;
    x->attempts = -1;
    x->boots = -1;
    x->n_log = x->n_no_log = x->n_reports = 0;
    if (cfg->n_faults > 0) {
        /* the scenario's own power losses are replaced by the sweep's cuts (as by `run --cut`):
         * its counts and log lines describe its interrupted run, so the reference, uninterrupted,
         * is judged on the final state only, as the branches are */
        sw->ref_cfg.expect = sw->br_cfg.expect;
    }

    struct run_state st;
    memset(&st, 0, sizeof(st));
    memset(ref, 0, sizeof(*ref));
    st.cfg = &sw->ref_cfg;
    static const struct run_output quiet = {NULL, false, NULL, NULL};
    st.out = &quiet;
    st.res = ref;
    st.on_raw_load = on_raw_load;
    st.raw_load_ctx = &sw->log;
    int rc = run_setup(&st);
    if (rc == 0) {
        soc_set_flash_hook(st.soc, on_flash_call, &sw->log);
        run_steps(&st);
        run_settle(&st);
        sw->n_ops = fm_next_seq(st.fm);
        soc_set_flash_hook(st.soc, NULL, NULL);
        st.on_raw_load = NULL;
        run_judge_all(&st);
        rc = soc_timeline_error(st.soc); /* a reference judged on a partial timeline is no reference */
    }
    run_teardown(&st);
    if (rc == 0 && sw->log.oom) {
        rc = PCDSIM_E_NOMEM;
    }
    if (rc != 0) {
        run_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return 0;
}

uint64_t run_sweep_ops(const struct run_sweep *sw)
{
    return sw->n_ops;
}

int run_sweep_op(const struct run_sweep *sw, uint64_t op, struct sweep_op_info *out)
{
    /* binary search over the calls */
    size_t lo = 0, hi = sw->log.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct log_entry *e = &sw->log.e[mid];
        if (e->kind != LOG_RAW && op >= e->seq0 && op < e->seq1) {
            uint32_t page_size = e->dev == FM_NRF_NET_FLASH ? FM_NRF_NET_FLASH_PAGE
                                 : e->dev == FM_NRF_NAND    ? FM_NAND_BLOCK
                                                            : 0x1000u;
            uint32_t off = e->off;
            if (e->kind == LOG_PROGRAM) {
                uint32_t b0, b1;
                uint32_t opsz = e->dev == FM_NRF_QSPI ? FM_NRF_QSPI_PROG_PAGE : e->dev == FM_NRF_RAM_FLASH ? 0x1000u : 4u;
                op_bytes(e, opsz, op - e->seq0, 1, &b0, &b1);
                off = b0;
            }
            *out = (struct sweep_op_info){e->dev, e->kind == LOG_ERASE ? FM_OP_ERASE : FM_OP_PROGRAM, off,
                                          off / page_size};
            return 0;
        }
        if (e->kind != LOG_RAW && op < e->seq0) {
            hi = mid;
        } else if (e->kind == LOG_RAW && op < e->seq0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return PCDSIM_E_USAGE; /* no such operation in the reference run */
}

/* --- branches ------------------------------------------------------------------------------- */

static enum fm_fault_action cut_hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    struct run_sweep *sw = ctx;
    if (op->seq != sw->cut_at) {
        *again = sw->cut_at > op->seq ? sw->cut_at : UINT64_MAX;
        return FM_FAULT_NONE;
    }
    *again = UINT64_MAX;
    tear->mode = sw->cut_tear;
    tear->seed = sw->cut_seed;
    return sw->cut_action;
}

static int worker_init(struct run_sweep *sw)
{
    static const struct run_output quiet = {NULL, false, NULL, NULL};
    memset(&sw->st, 0, sizeof(sw->st));
    sw->st.cfg = &sw->br_cfg;
    sw->st.out = &quiet;
    sw->st.res = &sw->res;
    int rc = run_setup(&sw->st);
    if (rc != 0) {
        return rc;
    }
    /* operations are replayed powered, as they ran */
    fm_power_on(sw->st.fm);
    if ((rc = fm_snapshot_create(sw->st.fm, &sw->init_snap)) != 0 || (rc = fm_snapshot_create(sw->st.fm, &sw->roll)) != 0) {
        return PCDSIM_E_NOMEM;
    }
    fm_snapshot_take(sw->st.fm, sw->init_snap);
    fm_snapshot_take(sw->st.fm, sw->roll);
    sw->cursor = 0;
    sw->idx = 0;
    sw->done = 0;
    sw->ready = true;
    return 0;
}

/* Forget what the last branch's run did (all of it is struct run_branch); keep what the run is
 * configured with: the SoC, the initial images and the candidate's facts. */
static void reset_branch(struct run_state *st)
{
    memset(&st->br, 0, sizeof(st->br));
    memset(st->res, 0, sizeof(*st->res));
}

static bool failed(const struct run_result *r, const char *id)
{
    const struct run_verdict *v = run_find_verdict(r, id);
    return v != NULL && !v->pass;
}

static enum sweep_outcome outcome_of(const struct run_result *r)
{
    if (failed(r, "SYS-FLASH-RULES")) {
        return SWEEP_RULE_VIOLATION;
    }
    if (failed(r, "SYS-CONVERGE")) {
        return SWEEP_HANG;
    }
    if (strcmp(r->net_state, "new image") == 0) {
        return SWEEP_NEW_IMAGE;
    }
    return strcmp(r->net_state, "old image") == 0 ? SWEEP_OLD_IMAGE : SWEEP_NO_IMAGE;
}

/* Check mode of the hash memo: a remembered digest that differed from the recomputed one during
 * this branch fails it (the branch itself used the recomputed digest). */
static void memo_check(const struct pcdsim_hash_memo_stats *before, struct sweep_point *out)
{
    struct pcdsim_hash_memo_stats now;
    pcdsim_hash_memo_stats(&now);
    if (now.mismatches != before->mismatches) {
        out->ok = false;
        snprintf(out->failed, sizeof(out->failed), "HASH-MEMO");
        snprintf(out->evidence, sizeof(out->evidence), "%llu SHA-256 digest(s) of the memo differed from the recomputed ones",
                 (unsigned long long)(now.mismatches - before->mismatches));
    }
}

int run_sweep_branch(struct run_sweep *sw, uint64_t op, enum sweep_cut cut, uint64_t op2, struct sweep_point *out)
{
    memset(out, 0, sizeof(*out));
    out->op = op;
    out->cut = cut;
    out->op2 = op2;
    if (op >= sw->n_ops) {
        return PCDSIM_E_USAGE; /* no such operation in the reference run */
    }
    int rc;
    if (!sw->ready && (rc = worker_init(sw)) != 0) {
        return rc;
    }
    struct fm_sys *fm = sw->st.fm;

    /* memories at state(op) */
    if (op < sw->cursor) {
        fm_snapshot_restore(fm, sw->init_snap);
        sw->cursor = 0;
        sw->idx = 0;
        sw->done = 0;
        fm_snapshot_take(fm, sw->roll);
    } else {
        fm_snapshot_restore(fm, sw->roll);
    }
    replay_to(sw, op);
    fm_snapshot_update(fm, sw->roll);
    const bool in_test_boot = run_rb_revert_pending(&sw->st); /* before the cut: rollback runs only */

    /* the cut */
    static const enum fm_tear_mode tears[] = {FM_TEAR_SOMEBITS, FM_TEAR_PREFIX, FM_TEAR_SOMEBITS, FM_TEAR_MOSTBITS,
                                             FM_TEAR_GARBAGE, FM_TEAR_SOMEBITS};
    sw->cut_at = op;
    sw->cut_action = cut == SWEEP_CUT_BEFORE ? FM_FAULT_CUT_BEFORE : cut == SWEEP_CUT_AFTER ? FM_FAULT_CUT_AFTER : FM_FAULT_TEAR;
    sw->cut_tear = tears[cut];
    sw->cut_seed = sw->br_cfg.seed ^ (op * 0x9E3779B97F4A7C15ull);
    fm_set_fault_hook(fm, cut_hook, sw, op);
    size_t at = sw->idx < sw->log.n ? sw->idx : sw->log.n - 1;
    const struct log_entry *e = &sw->log.e[at];
    /* the device time of the cut, as the run would have it: the calling core's clock at the
     * operation (plus what a torn or completed operation takes), and no earlier than the other
     * core's clock (power-on resumes at the later of the two) */
    uint64_t t0 = e->kind == LOG_RAW ? e->t_us : sw->done == 0 ? e->t_us : sw->clk;
    if (e->kind != LOG_RAW && at == sw->idx) {
        apply(sw, e, sw->done, 1, &t0);
    }
    if (t0 < e->t_floor) {
        t0 = e->t_floor;
    }
    fm_set_fault_hook(fm, NULL, NULL, 0);
    if (fm_powered(fm)) {
        fm_power_loss(fm); /* e.g. a cut after a raw load */
    }
    const bool in_test_boot_after = run_rb_revert_pending(&sw->st); /* the memories as the cut left them */

    /* recovery: power returns and the device runs on its own */
    reset_branch(&sw->st);
    sw->st.br.cut_in_test_boot = in_test_boot || in_test_boot_after;
    struct pcdsim_hash_memo_stats memo0;
    pcdsim_hash_memo_branch(op); /* check mode: every hash of one branch in 8 recomputed */
    pcdsim_hash_memo_stats(&memo0);
    soc_reset_run(sw->st.soc, t0);
    if (op2 != UINT64_MAX) {
        sw->cut_at = op2;
        sw->cut_action = FM_FAULT_CUT_BEFORE;
        fm_set_fault_hook(fm, cut_hook, sw, op2);
    }
    run_settle(&sw->st);
    fm_set_fault_hook(fm, NULL, NULL, 0);
    run_judge_all(&sw->st);
    if ((rc = soc_timeline_error(sw->st.soc)) != 0) {
        return rc; /* the verdicts judged a timeline that lost events: the branch has no result */
    }

    const struct run_result *r = &sw->res;
    out->ok = r->ok;
    out->outcome = outcome_of(r);
    out->device_time_us = r->device_time_us - t0;
    out->cut_us = t0;
    const struct run_verdict *v = run_first_unexpected(r);
    if (v != NULL) {
        snprintf(out->failed, sizeof(out->failed), "%s", v->id);
        snprintf(out->evidence, sizeof(out->evidence), "%s", v->evidence);
    }
    memo_check(&memo0, out);
    return 0;
}

void run_sweep_release_worker(struct run_sweep *sw)
{
    if (!sw->ready) {
        return;
    }
    run_teardown(&sw->st);
    fm_snapshot_destroy(sw->init_snap);
    fm_snapshot_destroy(sw->roll);
    sw->init_snap = sw->roll = NULL;
    sw->ready = false;
}

void run_sweep_free(struct run_sweep *sw)
{
    if (sw == NULL) {
        return;
    }
    run_sweep_release_worker(sw);
    free(sw->log.e);
    free(sw->log.arena);
    free(sw);
}

const char *sweep_outcome_name(enum sweep_outcome o)
{
    static const char *const names[] = {"recovered to the new image", "kept the old image", "no valid net image",
                                        "hang", "flash rule violation"};
    return (unsigned)o < SWEEP_OUTCOME_COUNT ? names[o] : "?";
}

const char *sweep_cut_name(enum sweep_cut c)
{
    static const char *const names[] = {"before", "prefix", "somebits", "mostbits", "garbage", "after"};
    return (unsigned)c <= SWEEP_CUT_AFTER ? names[c] : "?";
}
