/* The verdicts of an nRF52 run (reference-behaviour §10 and the system properties that apply). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "n52_internal.h"

static void add(struct run_result *res, const char *id, bool pass, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void add(struct run_result *res, const char *id, bool pass, const char *fmt, ...)
{
    if (res->n_verdicts >= RUN_MAX_VERDICTS) {
        return;
    }
    struct run_verdict *v = &res->verdicts[res->n_verdicts++];
    memset(v, 0, sizeof(*v));
    snprintf(v->id, sizeof(v->id), "%s", id);
    v->pass = pass;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->evidence, sizeof(v->evidence), fmt, ap);
    va_end(ap);
    res->ok = res->ok && pass;
}

static void not_judged(struct run_result *res, const char *id)
{
    if (res->n_not_judged < RUN_MAX_REQS) {
        snprintf(res->not_judged[res->n_not_judged++], sizeof(res->not_judged[0]), "%s", id);
    }
}

static bool bank0_holds(struct n52_dev *d, const uint8_t *img, size_t len)
{
    return fm_compare(d->sys, FM_N52_FLASH, d->lay.bank0, img, (uint32_t)len, NULL) == 0;
}

static void judge_write(struct n52_dev *d, struct run_result *res)
{
    const struct n52_obs *o = &d->obs;
    if (!o->staged) {
        add(res, "N52-WRITE", false, "the application never staged the update (%s)",
            o->app_err ? n5_err_name(o->app_err) : "it did not get to run to the end");
        return;
    }
    const bool ok = o->stage_checked_ok && o->app_backup_ops == 0;
    add(res, "N52-WRITE", ok, "%s%s", ok ? "bank 1 written and staged through bank_1, write_offset, progress, "
                                           "init_command only; settings page CRC valid; backup untouched by the "
                                           "application" : o->stage_why,
        o->app_backup_ops ? "; the application wrote the backup page" : "");
}

/* The settings as the next start will see them. */
static void settled_settings(struct n52_dev *d, struct n5_settings *s)
{
    fm_set_fault_hook(d->sys, NULL, NULL, 0);
    if (!fm_powered(d->sys)) {
        fm_power_on(d->sys);
    }
    (void)n5_settings_load(&d->port, &d->lay, s, NULL);
}

static void judge_activate(struct n52_dev *d, struct run_result *res)
{
    const struct n52_obs *o = &d->obs;
    if (!o->activated && !o->rejected) {
        not_judged(res, "N52-ACTIVATE"); /* no staged bank 1 reached the bootloader */
        return;
    }
    struct n5_settings s;
    settled_settings(d, &s);
    const char *why = o->steps_unsaved ? "a bank-0 page was erased before the previous step's progress was saved"
                      : s.bank_1.bank_code != N5_BANK_INVALID ? "bank 1 is still marked valid"
                      : o->activated && !bank0_holds(d, d->s->update, d->s->update_len) ? "bank 0 is not the update"
                      : o->activated && (s.bank_0.bank_code != N5_BANK_VALID_APP ||
                                         s.bank_0.image_size != d->s->update_len)
                          ? "bank_0 does not describe the new image"
                      : !o->activated && o->bank0_ops != 0 ? "bank 0 was touched for an image that was refused"
                          : NULL;
    if (why != NULL) {
        add(res, "N52-ACTIVATE", false, "%s (%u page step(s))", why, o->pages_copied);
    } else if (o->activated) {
        add(res, "N52-ACTIVATE", true, "bank 1 copied over bank 0 in %u page step(s), each followed by a settings "
            "save; CRC32 matched; bank 0 valid, bank 1 invalidated", o->pages_copied);
    } else {
        add(res, "N52-ACTIVATE", true, "bank 1 refused (%s) before bank 0 was touched, and invalidated",
            n5_err_name(o->reject_err));
    }
}

static void judge_power_safe(struct n52_dev *d, struct run_result *res)
{
    const struct n52_obs *o = &d->obs;
    const bool is_new = bank0_holds(d, d->s->update, d->s->update_len);
    const bool is_old = bank0_holds(d, d->s->app, d->s->app_len);
    const bool ok = !o->without_app && o->app_valid && (is_new || is_old) && (is_new || o->rejected || !o->staged);
    add(res, "N52-POWER-SAFE", ok, "%s after %u power-on(s)%s",
        o->without_app ? "a bootloader run found NO valid application"
        : is_new       ? "the new application runs"
        : is_old       ? "the old application runs"
                       : "bank 0 holds neither image",
        o->boots, !ok && is_old && !o->rejected && o->staged ? "; the staged, valid update was lost" : "");
}

static void judge_expect(struct n52_dev *d, struct run_result *res)
{
    const struct n52_expect *e = &d->s->expect;
    if (e->has_running) {
        const bool is_new = bank0_holds(d, d->s->update, d->s->update_len);
        add(res, "expect.running", is_new == e->running_new && d->obs.app_valid, "expected the %s image, %s runs",
            e->running_new ? "new" : "old", !d->obs.app_valid ? "nothing" : is_new ? "the new one" : "the old one");
    }
    if (e->has_rejected) {
        const int got = d->obs.rejected ? d->obs.reject_err : 0;
        add(res, "expect.rejected", got == e->rejected, "expected %s, got %s", e->rejected ? n5_err_name(e->rejected)
            : "no rejection", got ? n5_err_name(got) : "no rejection");
    }
}

void n52_judge(struct n52_dev *d, struct run_result *res)
{
    const struct n52_obs *o = &d->obs;
    memset(res, 0, sizeof(*res));
    res->ok = true;
    res->boots = o->boots;
    res->device_time_us = d->pc.us;
    res->flash_ops = fm_next_seq(d->sys) - d->first_seq;
    res->app_running = o->app_valid;
    for (size_t i = 0; i < d->s->n_reqs; i++) {
        const char *id = d->s->reqs[i]->id;
        if (strcmp(id, "N52-WRITE") == 0) {
            judge_write(d, res);
        } else if (strcmp(id, "N52-ACTIVATE") == 0) {
            judge_activate(d, res);
        } else if (strcmp(id, "N52-POWER-SAFE") == 0) {
            judge_power_safe(d, res);
        } else if (strncmp(id, "SYS-", 4) != 0) {
            not_judged(res, id);
        }
    }
    add(res, "SYS-CONVERGE", o->settled, "%s in %u power-on(s)", o->settled ? "settled" : "did not settle", o->boots);
    uint64_t total = 0;
    unsigned n = 0;
    const struct fm_record *r = fm_records(d->sys, &total, &n);
    add(res, "SYS-FLASH-RULES", total == 0, total == 0 ? "no NVMC rule broken" : "%llu record(s), first %s at 0x%05x",
        (unsigned long long)total, n ? fm_strerror(r[0].err) : "?", n ? (unsigned)r[0].addr : 0u);
    add(res, "SYS-NO-STRAY-WRITE", o->stray_ops == 0,
        o->stray_ops == 0 ? "only bank 1 and the settings page (application), bank 0 and both settings pages "
                            "(bootloader) changed" : "%u operation(s) outside the allowed areas, first at 0x%05x",
        o->stray_ops, (unsigned)o->first_stray);
    judge_expect(d, res);
}
