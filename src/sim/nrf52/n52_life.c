/* The device's power-ons: the bootloader runs first; while the old application runs and the
 * update is not staged yet, the application writes and stages it, then resets. A power loss
 * ends a power-on; the next starts again with the bootloader. */
#include <string.h>

#include "n52_internal.h"

static const char *src_word(enum n5_settings_src s)
{
    return s == N5_SRC_PAGE ? "settings page" : s == N5_SRC_BACKUP ? "backup page (settings page invalid)" : "defaults";
}

/* What runs in bank 0: "new", "old" or "no known image". */
static const char *bank0_word(struct n52_dev *d)
{
    const struct n52_scenario *s = d->s;
    if (fm_compare(d->sys, FM_N52_FLASH, d->lay.bank0, s->update, (uint32_t)s->update_len, NULL) == 0) {
        return "new";
    }
    return fm_compare(d->sys, FM_N52_FLASH, d->lay.bank0, s->app, (uint32_t)s->app_len, NULL) == 0 ? "old"
                                                                                                   : "no known image";
}

/* N52-WRITE at the moment of staging: the settings page holds the update, CRC right, and the
 * protected fields equal the backup's. */
static void check_staged_settings(struct n52_dev *d)
{
    struct n52_obs *o = &d->obs;
    uint8_t page[N5_SETTINGS_SIZE], backup[N5_SETTINGS_SIZE];
    struct n5_settings p, b;
    (void)fm_peek(d->sys, FM_N52_FLASH, d->lay.settings, page, sizeof(page));
    (void)fm_peek(d->sys, FM_N52_FLASH, d->lay.backup, backup, sizeof(backup));
    n5_settings_decode(page, &p);
    n5_settings_decode(backup, &b);
    const uint32_t crc = n5_crc32(0, d->s->update, d->s->update_len);
    const char *why = !n5_settings_crc_ok(page) ? "the settings page's CRC is wrong"
                      : p.bank_1.image_size != d->s->update_len || p.bank_1.image_crc != crc ||
                              p.bank_1.bank_code != N5_BANK_VALID_APP
                          ? "bank_1 does not describe the update"
                      : p.progress.fw_crc_start != d->lay.bank1 ? "update_start_address is not bank 1"
                      : p.progress.command_size != d->s->init_len ||
                              (d->s->init_len && memcmp(p.init_command, d->s->init, d->s->init_len) != 0)
                          ? "init_command is not the update's init packet"
                      : n5_settings_backup_ok(backup) && !n5_settings_protected_equal(&p, &b)
                          ? "a field only the bootloader may change differs from the backup"
                          : NULL;
    o->stage_checked_ok = why == NULL;
    snprintf(o->stage_why, sizeof(o->stage_why), "%s", why ? why : "");
}

static void apply_corruptions(struct n52_dev *d)
{
    for (unsigned i = 0; i < d->s->n_faults; i++) {
        const struct n52_fault *f = &d->s->faults[i];
        uint8_t b;
        if (f->corrupt && !d->fired[i] && fm_peek(d->sys, FM_N52_FLASH, d->lay.bank1 + f->offset, &b, 1) == 0) {
            b = (uint8_t)~b;
            (void)fm_load(d->sys, FM_N52_FLASH, d->lay.bank1 + f->offset, &b, 1);
            d->fired[i] = true;
            n52_log(d, "bank 1 corrupted at offset %u (byte inverted)", (unsigned)f->offset);
        }
    }
}

/* The bootloader of one power-on; false if power was lost. */
static bool bootloader(struct n52_dev *d, struct n5_boot_result *r)
{
    struct n52_obs *o = &d->obs;
    d->who = N52_WHO_BOOT;
    /* With a packet or a trusted key the init command is checked; with neither, the CRC32 only. */
    const bool check = d->s->init != NULL || d->s->key_path != NULL;
    const int rc = n5_boot(&d->port, &d->lay, check ? &d->chk : NULL, r);
    o->pages_copied += r->pages_copied;
    if (r->rejected) { /* decided, even if power is lost while it invalidates bank 1 */
        o->rejected = true;
        o->reject_err = r->reject_err;
        snprintf(o->init_why, sizeof(o->init_why), "%s", d->ictx.why);
        n52_log(d, "bootloader: bank 1 refused (%s%s%s), invalidated", n5_err_name(r->reject_err),
                d->ictx.why[0] ? ": " : "", d->ictx.why);
    }
    if (r->activated) {
        o->activated = true;
        n52_log(d, "bootloader: bank 1 copied over bank 0 (%u page step(s) in this power-on), CRC32 matches",
                r->pages_copied);
    }
    if (rc != 0) {
        n52_log(d, "bootloader: power lost (%u page step(s) done in this power-on)", r->pages_copied);
        return false;
    }
    o->app_valid = r->app_valid;
    n52_log(d, "bootloader: settings from the %s; %s", src_word(r->src),
            r->app_valid ? "jumps to the application in bank 0" : "NO valid application: stays in DFU mode");
    return true;
}

/* The application of one power-on; false if power was lost. */
static bool application(struct n52_dev *d)
{
    struct n52_obs *o = &d->obs;
    d->who = N52_WHO_APP;
    const struct n52_scenario *s = d->s;
    const int rc = n5_app_stage(&d->port, &d->lay, s->update, (uint32_t)s->update_len, s->init, (uint32_t)s->init_len);
    if (rc == N5_E_PORT) {
        n52_log(d, "application: power lost while writing the update");
        return false;
    }
    if (rc != 0) {
        o->app_err = rc;
        n52_log(d, "application: the update cannot be staged: %s", n5_err_name(rc));
        return true;
    }
    o->staged = true;
    check_staged_settings(d);
    n52_log(d, "application: %zu bytes written to bank 1 and staged (bank_1 valid); reset", s->update_len);
    apply_corruptions(d);
    return true;
}

void n52_life(struct n52_dev *d)
{
    struct n52_obs *o = &d->obs;
    while (o->boots < N52_MAX_BOOTS) {
        if (!fm_powered(d->sys)) {
            fm_power_on(d->sys);
        }
        o->boots++;
        o->copy_pending = false; /* a step cut by the power loss is redone from its saved start */
        n52_log(d, "power-on %u", o->boots);
        struct n5_boot_result r;
        if (!bootloader(d, &r)) {
            continue;
        }
        if (!r.app_valid) {
            o->without_app = true;
            o->settled = true;
            return;
        }
        n52_log(d, "application running: %s image", bank0_word(d));
        if (o->staged || o->app_err != 0) {
            o->settled = true;
            return;
        }
        (void)application(d);
    }
}
