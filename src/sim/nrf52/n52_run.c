/* The nRF52 runner: one device (flash model, port, init checker), its power-ons, the fault hook
 * that counts and cuts, the observations the verdicts judge (n52_verdicts.c). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "n52_internal.h"
#include "pcdsim/host_err.h"

/* Which area an operation at device offset @p a touches. */
static enum n52_area area_of(const struct n5_layout *l, uint32_t a)
{
    if (a >= l->bank0 && a - l->bank0 < l->bank0_size) {
        return N52_AREA_BANK0;
    }
    if (a >= l->bank1 && a - l->bank1 < l->bank1_size) {
        return N52_AREA_BANK1;
    }
    if (a >= l->settings && a - l->settings < N5_PAGE) {
        return N52_AREA_SETTINGS;
    }
    if (a >= l->backup && a - l->backup < N5_PAGE) {
        return N52_AREA_BACKUP;
    }
    return N52_AREA_OTHER;
}

/* Observations of an operation that is about to land. */
static void observe(struct n52_dev *d, const struct fm_op *op, enum n52_area a)
{
    struct n52_obs *o = &d->obs;
    const bool settings = a == N52_AREA_SETTINGS || a == N52_AREA_BACKUP;
    if (a == N52_AREA_OTHER || (d->who == N52_WHO_BOOT && a == N52_AREA_BANK1) ||
        (d->who == N52_WHO_APP && a == N52_AREA_BANK0)) {
        if (o->stray_ops++ == 0) {
            o->first_stray = op->offset;
        }
    }
    if (d->who == N52_WHO_APP && a == N52_AREA_BACKUP) {
        o->app_backup_ops++;
    }
    if (d->who == N52_WHO_BOOT && a == N52_AREA_BANK0) {
        o->bank0_ops++;
        if (op->kind == FM_OP_ERASE) {
            o->steps_unsaved += o->copy_pending;
            o->copy_pending = true;
        }
    }
    if (d->who == N52_WHO_BOOT && settings && op->kind == FM_OP_ERASE) {
        o->copy_pending = false;
    }
}

/* The phase of the scenario's power_loss faults an operation counts in, or -1. */
static int phase_of(const struct n52_dev *d, enum n52_area a)
{
    if (a == N52_AREA_SETTINGS || a == N52_AREA_BACKUP) {
        return N52_DURING_SETTINGS_WRITE;
    }
    if (d->who == N52_WHO_APP && a == N52_AREA_BANK1) {
        return N52_DURING_BANK1_WRITE;
    }
    return d->who == N52_WHO_BOOT && a == N52_AREA_BANK0 ? N52_DURING_ACTIVATION_COPY : -1;
}

static enum fm_fault_action hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *ask_again_at)
{
    struct n52_dev *d = ctx;
    (void)ask_again_at;
    const enum n52_area a = area_of(&d->lay, op->offset);
    const int ph = phase_of(d, a);
    enum fm_fault_action act = FM_FAULT_NONE;
    if (ph >= 0) {
        d->phase_ops[ph]++;
    }
    for (unsigned i = 0; d->use_scn_faults && i < d->s->n_faults; i++) {
        const struct n52_fault *f = &d->s->faults[i];
        if (!f->corrupt && !d->fired[i] && (int)f->phase == ph && d->phase_ops[ph] == f->nth) {
            d->fired[i] = true;
            act = FM_FAULT_CUT_BEFORE;
            n52_log(d, "power loss before %s operation %u (%s at 0x%05x)", n52_phase_name(f->phase), f->nth,
                    op->kind == FM_OP_ERASE ? "erase" : "program", (unsigned)op->offset);
        }
    }
    if (d->opts.cut && !d->cut_fired && op->seq == d->opts.cut_op) {
        d->cut_fired = true; /* a cut-before operation's number goes to the next one: cut once */
        act = d->opts.tear ? FM_FAULT_TEAR : FM_FAULT_CUT_BEFORE;
        tear->mode = FM_TEAR_SOMEBITS;
        tear->seed = d->s->seed ^ op->seq;
        n52_log(d, "power loss %s operation %llu (%s at 0x%05x)", d->opts.tear ? "tearing" : "before",
                (unsigned long long)op->seq, op->kind == FM_OP_ERASE ? "erase" : "program", (unsigned)op->offset);
    }
    if (act != FM_FAULT_CUT_BEFORE) {
        observe(d, op, a);
    }
    return act;
}

void n52_log(struct n52_dev *d, const char *fmt, ...)
{
    if (d->opts.timeline == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(d->opts.timeline, "  [%8.3f s] ", (double)d->pc.us / 1e6);
    vfprintf(d->opts.timeline, fmt, ap);
    fputc('\n', d->opts.timeline);
    va_end(ap);
}

int n52_dev_open(struct n52_dev *d, const struct n52_scenario *s)
{
    memset(d, 0, sizeof(*d));
    d->s = s;
    struct fm_desc desc;
    (void)fm_nrf52840_desc(&desc);
    int rc = fm_sys_create(&desc, s->seed, &d->sys);
    if (rc != 0) {
        return PCDSIM_E_NOMEM;
    }
    n52_layout_from(&s->layout, &d->lay);
    d->pc.sys = d->sys;
    n52_port_init(&d->port, &d->pc);
    if (s->key_path != NULL && (rc = pcdsim_key_load_pem(s->key_path, &d->key, NULL)) != 0) {
        return rc;
    }
    d->ictx.key = s->key_path != NULL ? &d->key.key : NULL;
    n52_init_checker(&d->chk, &d->ictx);
    if (n52_provision(d->sys, &s->layout, s->app, (uint32_t)s->app_len, s->app_version) != 0 ||
        fm_snapshot_create(d->sys, &d->factory) != 0) {
        return PCDSIM_E_INTERNAL;
    }
    fm_snapshot_take(d->sys, d->factory);
    return 0;
}

void n52_dev_close(struct n52_dev *d)
{
    fm_snapshot_destroy(d->factory);
    fm_sys_destroy(d->sys);
    pcdsim_key_free(&d->key);
}

/* Back to the factory state, ready for one run. */
static void dev_reset(struct n52_dev *d, const struct n52_run_opts *o)
{
    fm_snapshot_restore(d->sys, d->factory);
    fm_stats_reset(d->sys);
    d->opts = o != NULL ? *o : (struct n52_run_opts){0};
    d->use_scn_faults = !d->opts.cut;
    memset(d->fired, 0, sizeof(d->fired));
    d->cut_fired = false;
    memset(d->phase_ops, 0, sizeof(d->phase_ops));
    memset(&d->obs, 0, sizeof(d->obs));
    d->first_seq = fm_next_seq(d->sys);
    if (d->opts.cut) {
        d->opts.cut_op += d->first_seq;
    }
    d->pc.us = 0;
    fm_set_fault_hook(d->sys, hook, d, 0);
}

void n52_dev_run(struct n52_dev *d, const struct n52_run_opts *o, struct run_result *res)
{
    dev_reset(d, o);
    n52_life(d);
    fm_set_fault_hook(d->sys, NULL, NULL, 0);
    n52_judge(d, res);
}

int n52_run(const struct n52_scenario *s, const struct n52_run_opts *o, struct run_result *res)
{
    struct n52_dev *d = malloc(sizeof(*d));
    if (d == NULL) {
        return PCDSIM_E_NOMEM;
    }
    int rc = n52_dev_open(d, s);
    if (rc == 0) {
        n52_dev_run(d, o, res);
    }
    n52_dev_close(d);
    free(d);
    return rc;
}

int n52_sweep(const struct n52_scenario *s, bool tear, FILE *out, struct n52_sweep_result *r)
{
    struct n52_dev *d = malloc(sizeof(*d));
    struct run_result *res = malloc(sizeof(*res));
    int rc = d != NULL && res != NULL ? n52_dev_open(d, s) : PCDSIM_E_NOMEM;
    memset(r, 0, sizeof(*r));
    if (rc == 0) {
        struct n52_run_opts ref = {.cut = true, .cut_op = UINT64_MAX - d->first_seq};
        n52_dev_run(d, &ref, res); /* the run without its power losses: its operations are the points */
        const uint64_t total = fm_next_seq(d->sys) - d->first_seq;
        for (uint64_t k = 0; k < total; k++) {
            for (int t = 0; t <= (int)tear; t++) {
                const struct n52_run_opts o = {.cut = true, .cut_op = k, .tear = t != 0};
                n52_dev_run(d, &o, res);
                r->points++;
                const struct run_verdict *v = run_first_unexpected(res);
                if (v != NULL && r->failed++ < 10) {
                    fprintf(out, "FAIL op %llu%s: %s %s -- replay: pcdsim run %s --cut op:%llu%s --verbose\n",
                            (unsigned long long)k, t ? " (torn)" : "", v->id, v->evidence, s->path,
                            (unsigned long long)k, t ? ":somebits" : "");
                }
            }
        }
    }
    if (d != NULL && rc != PCDSIM_E_NOMEM) {
        n52_dev_close(d);
    }
    free(d);
    free(res);
    return rc;
}
