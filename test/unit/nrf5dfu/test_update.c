/* The nRF52 dual-bank update on the nRF52840 flash model: a clean update, the application's
 * settings rules, a corrupted bank 1, and a power cut (and a torn operation) at every flash
 * operation of writing and activation, each followed by power-on until the update is done
 * (N52-WRITE, N52-ACTIVATE, N52-POWER-SAFE). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nrf5dfu/dfu.h"
#include "pcdsim/n52_port.h"

#define OLD_SIZE 6000u
#define NEW_SIZE 8292u /* two pages and a bit: the last word is padded */

struct dev {
    struct fm_sys *sys;
    struct fm_snapshot *factory;
    struct fm_nrf52840_layout fl;
    struct n5_layout lay;
    struct n5_port port;
    struct n52_port_ctx pc;
    uint8_t old_img[OLD_SIZE], new_img[NEW_SIZE];
    uint64_t cut_at;      /* the operation the hook cuts (UINT64_MAX: none) */
    bool tear;            /* tear it instead of cutting before it */
};

static enum fm_fault_action hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *ask_again_at)
{
    struct dev *d = ctx;
    if (op->seq != d->cut_at) {
        *ask_again_at = d->cut_at;
        return FM_FAULT_NONE;
    }
    *ask_again_at = UINT64_MAX;
    tear->mode = FM_TEAR_SOMEBITS;
    tear->seed = op->seq;
    return d->tear ? FM_FAULT_TEAR : FM_FAULT_CUT_BEFORE;
}

static int setup(void **state)
{
    struct dev *d = calloc(1, sizeof(*d));
    struct fm_desc desc;
    assert_int_equal(fm_nrf52840_desc(&desc), 0);
    assert_int_equal(fm_sys_create(&desc, 7, &d->sys), 0);
    d->fl = (struct fm_nrf52840_layout)FM_NRF52840_LAYOUT_DEFAULT;
    n52_layout_from(&d->fl, &d->lay);
    n52_port_init(&d->port, &d->pc);
    d->pc.sys = d->sys;
    for (unsigned i = 0; i < OLD_SIZE; i++) {
        d->old_img[i] = (uint8_t)(i * 13u + 1u);
    }
    for (unsigned i = 0; i < NEW_SIZE; i++) {
        d->new_img[i] = (uint8_t)(i * 29u + 5u);
    }
    assert_int_equal(n52_provision(d->sys, &d->fl, d->old_img, OLD_SIZE, 1), 0);
    assert_int_equal(fm_snapshot_create(d->sys, &d->factory), 0);
    fm_snapshot_take(d->sys, d->factory);
    d->cut_at = UINT64_MAX;
    fm_set_fault_hook(d->sys, hook, d, 0);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    struct dev *d = *state;
    fm_snapshot_destroy(d->factory);
    fm_sys_destroy(d->sys);
    free(d);
    return 0;
}

static bool bank0_is(struct dev *d, const uint8_t *img, uint32_t size)
{
    return fm_compare(d->sys, FM_N52_FLASH, d->lay.bank0, img, size, NULL) == 0;
}

/* Power-ons until the new image runs: the bootloader, then (old application running) the
 * application stages the update and resets. After every bootloader run that completes, a valid
 * application is there (old or new). Returns the number of power-ons. */
static unsigned run_to_done(struct dev *d)
{
    for (unsigned boot = 1; boot <= 8; boot++) {
        if (!fm_powered(d->sys)) {
            fm_power_on(d->sys);
        }
        struct n5_boot_result r;
        int rc = n5_boot(&d->port, &d->lay, NULL, &r);
        if (rc == N5_E_PORT) {
            assert_false(fm_powered(d->sys));
            continue;
        }
        assert_int_equal(rc, 0);
        assert_true(r.app_valid); /* N52-POWER-SAFE: never without an application */
        assert_false(r.rejected);
        if (bank0_is(d, d->new_img, NEW_SIZE)) {
            return boot;
        }
        assert_true(bank0_is(d, d->old_img, OLD_SIZE));
        rc = n5_app_stage(&d->port, &d->lay, d->new_img, NEW_SIZE, NULL, 0);
        assert_true(rc == 0 || (rc == N5_E_PORT && !fm_powered(d->sys)));
    }
    fail_msg("the update did not finish in 8 power-ons (cut at %llu)", (unsigned long long)d->cut_at);
    return 0;
}

static void check_done(struct dev *d)
{
    struct n5_settings s;
    assert_int_equal(n5_settings_load(&d->port, &d->lay, &s, NULL), 0);
    assert_int_equal(s.bank_0.bank_code, N5_BANK_VALID_APP);
    assert_int_equal(s.bank_0.image_size, NEW_SIZE);
    assert_int_equal(s.bank_0.image_crc, n5_crc32(0, d->new_img, NEW_SIZE));
    assert_int_equal(s.bank_1.bank_code, N5_BANK_INVALID);
    assert_int_equal(s.write_offset, 0);
    uint8_t a[N5_SETTINGS_SIZE], b[N5_SETTINGS_SIZE];
    assert_int_equal(fm_peek(d->sys, FM_N52_FLASH, d->lay.settings, a, sizeof(a)), 0);
    assert_int_equal(fm_peek(d->sys, FM_N52_FLASH, d->lay.backup, b, sizeof(b)), 0);
    assert_true(n5_settings_crc_ok(a));
    assert_memory_equal(a, b, sizeof(a)); /* the backup matches the page */
}

static void test_clean_update(void **state)
{
    struct dev *d = *state;
    fm_snapshot_restore(d->sys, d->factory);
    assert_int_equal(n5_app_stage(&d->port, &d->lay, d->new_img, NEW_SIZE, NULL, 0), 0);
    /* staged: bank 1 holds the image, the settings page says so, the backup still does not */
    struct n5_settings s;
    assert_int_equal(n5_settings_load(&d->port, &d->lay, &s, NULL), 0);
    assert_int_equal(s.bank_1.bank_code, N5_BANK_VALID_APP);
    assert_int_equal(s.progress.fw_crc_start, d->lay.bank1);
    assert_int_equal(fm_compare(d->sys, FM_N52_FLASH, d->lay.bank1, d->new_img, NEW_SIZE, NULL), 0);
    /* staging again is a no-op */
    const uint64_t ops = fm_next_seq(d->sys);
    assert_int_equal(n5_app_stage(&d->port, &d->lay, d->new_img, NEW_SIZE, NULL, 0), 0);
    assert_int_equal(fm_next_seq(d->sys), ops);
    struct n5_boot_result r;
    assert_int_equal(n5_boot(&d->port, &d->lay, NULL, &r), 0);
    assert_true(r.activated);
    assert_true(r.app_valid);
    assert_int_equal(r.pages_copied, 3);
    assert_true(bank0_is(d, d->new_img, NEW_SIZE));
    check_done(d);
    /* a second boot copies nothing and writes nothing */
    const uint64_t before = fm_next_seq(d->sys);
    assert_int_equal(n5_boot(&d->port, &d->lay, NULL, &r), 0);
    assert_false(r.activated);
    assert_true(r.app_valid);
    assert_int_equal(fm_next_seq(d->sys), before);
}

static void test_app_cannot_change_protected_fields(void **state)
{
    struct dev *d = *state;
    fm_snapshot_restore(d->sys, d->factory);
    struct n5_settings s;
    assert_int_equal(n5_settings_load(&d->port, &d->lay, &s, NULL), 0);
    s.bank_0.image_crc ^= 1u; /* would let a broken image boot */
    const uint64_t ops = fm_next_seq(d->sys);
    assert_int_equal(n5_app_settings_store(&d->port, &d->lay, &s), N5_E_FORBIDDEN);
    assert_int_equal(fm_next_seq(d->sys), ops); /* nothing written */
    s.bank_0.image_crc ^= 1u;
    s.enter_buttonless_dfu = 1;
    s.bank_1.image_size = 4;
    assert_int_equal(n5_app_settings_store(&d->port, &d->lay, &s), 0);
    /* the application never writes the backup page */
    uint8_t b[N5_SETTINGS_SIZE];
    assert_int_equal(fm_peek(d->sys, FM_N52_FLASH, d->lay.backup, b, sizeof(b)), 0);
    struct n5_settings bs;
    n5_settings_decode(b, &bs);
    assert_int_equal(bs.enter_buttonless_dfu, 0);
}

static void test_corrupt_bank1_rejected_before_copy(void **state)
{
    struct dev *d = *state;
    fm_snapshot_restore(d->sys, d->factory);
    assert_int_equal(n5_app_stage(&d->port, &d->lay, d->new_img, NEW_SIZE, NULL, 0), 0);
    const uint8_t bad = 0x00;
    assert_int_equal(fm_load(d->sys, FM_N52_FLASH, d->lay.bank1 + 100, &bad, 1), 0);
    struct n5_boot_result r;
    assert_int_equal(n5_boot(&d->port, &d->lay, NULL, &r), 0);
    assert_true(r.rejected);
    assert_int_equal(r.reject_err, N5_E_CRC);
    assert_int_equal(r.pages_copied, 0);
    assert_true(r.app_valid);
    assert_true(bank0_is(d, d->old_img, OLD_SIZE));
    struct n5_settings s;
    assert_int_equal(n5_settings_load(&d->port, &d->lay, &s, NULL), 0);
    assert_int_equal(s.bank_1.bank_code, N5_BANK_INVALID);
}

/* A cut at any operation of one settings-page write leaves the page old, invalid or whole:
 * never a valid CRC over a half-written page (init_command and the boot validation are outside
 * the CRC, so the CRC word must land last). */
static void test_settings_write_cut_never_valid_half(void **state)
{
    struct dev *d = *state;
    struct n5_settings s;
    n5_settings_default(&s);
    s.progress.command_size = 200;
    memset(s.init_command, 0x5A, 200);
    s.bv[1].type = N5_BV_CRC;
    n5_settings_seal(&s);
    uint8_t want[N5_SETTINGS_SIZE], old[N5_SETTINGS_SIZE];
    n5_settings_encode(&s, want);
    fm_snapshot_restore(d->sys, d->factory);
    assert_int_equal(fm_peek(d->sys, FM_N52_FLASH, d->lay.settings, old, sizeof(old)), 0);
    for (uint64_t k = 0; k < 1 + N5_SETTINGS_SIZE / 4; k++) {
        fm_snapshot_restore(d->sys, d->factory);
        d->cut_at = fm_next_seq(d->sys) + k;
        d->tear = false;
        fm_set_fault_hook(d->sys, hook, d, 0);
        assert_int_equal(n5_settings_write_page(&d->port, d->lay.settings, &s), N5_E_PORT);
        fm_power_on(d->sys);
        uint8_t raw[N5_SETTINGS_SIZE];
        assert_int_equal(fm_peek(d->sys, FM_N52_FLASH, d->lay.settings, raw, sizeof(raw)), 0);
        /* cut before the erase: the old page; after it: invalid until the last word */
        assert_false(n5_settings_crc_ok(raw) && memcmp(raw, want, sizeof(raw)) != 0 &&
                     memcmp(raw, old, sizeof(raw)) != 0);
        assert_true(k == 0 || !n5_settings_crc_ok(raw));
    }
    d->cut_at = UINT64_MAX;
}

/* A cut (or a torn operation) at each flash operation of the whole update, then power-ons. */
static void sweep(struct dev *d, bool tear, unsigned step)
{
    fm_snapshot_restore(d->sys, d->factory);
    d->cut_at = UINT64_MAX;
    const uint64_t first = fm_next_seq(d->sys);
    assert_int_equal(run_to_done(d), 2);
    const uint64_t total = fm_next_seq(d->sys) - first;
    assert_true(total > 5000);
    for (uint64_t k = 0; k < total; k += step) {
        fm_snapshot_restore(d->sys, d->factory);
        d->cut_at = first + k;
        d->tear = tear;
        fm_set_fault_hook(d->sys, hook, d, 0);
        (void)run_to_done(d);
        check_done(d);
    }
    d->cut_at = UINT64_MAX;
    d->tear = false;
}

static void test_power_cut_every_op(void **state)
{
    sweep(*state, false, 1);
}

static void test_tear_every_op(void **state)
{
    sweep(*state, true, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_update),
        cmocka_unit_test(test_app_cannot_change_protected_fields),
        cmocka_unit_test(test_corrupt_bank1_rejected_before_copy),
        cmocka_unit_test(test_settings_write_cut_never_valid_half),
        cmocka_unit_test(test_power_cut_every_op),
        cmocka_unit_test(test_tear_every_op),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
