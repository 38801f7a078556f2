/* Coordinated rollback (pcd/rollback.h, docs/ROLLBACK.md): image 0's swap-using-move with its swap
 * status, the network-core backup over PCD BACKUP, confirm / revert / release, and power cuts at
 * every flash operation. Application-core port, the real B0N on the network core, the real flash
 * model, fixture images. Each test names the requirement ids (reference-behaviour.md §6, RB-*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd/batch.h"
#include "pcd/rollback.h"
#include "pcd_test_util.h"

#define PRIMARY_OFF 0xC000u
#define PRIMARY_SIZE 0x74000u
#define APP_SLOT_OFF 0x0u /* QSPI: mcuboot_secondary of the external layout */
#define APP_SLOT_SIZE 0x74000u
#define BACKUP_OFF 0x80000u /* app flash after the primary */
#define BACKUP_SIZE 0x20000u
#define PAGE 0x1000u
#define FX_APP_V1 "signed/app-v1-64k_ecdsa-p256.bin"
#define FX_APP_DEP "signed/app-v2-200k_ecdsa-p256_dep-net.bin"
#define MAX_BOOTS 6

struct rt_env {
    struct pt_env *e;
    struct pcd_batch_config cfg;
};

/* Old app v1 in the primary, old net v1 running, both candidates in QSPI, rollback on. */
static struct rt_env rt_new(void)
{
    struct rt_env r;
    r.e = pt_env_new(PT_SLOT_QSPI);
    pcd_batch_config_default(&r.cfg);
    r.cfg.net = r.e->ucfg;
    r.cfg.app_slot_mem = PCD_MEM_QSPI;
    r.cfg.app_slot_off = APP_SLOT_OFF;
    r.cfg.app_slot_size = APP_SLOT_SIZE;
    r.cfg.app_keys = r.e->keys;
    r.cfg.app_key_count = 1;
    r.cfg.rb.on = true;
    r.cfg.rb.backup_mem = PCD_MEM_APP_FLASH;
    r.cfg.rb.backup_off = BACKUP_OFF;
    r.cfg.rb.backup_size = BACKUP_SIZE;
    pt_load(r.e, FM_NRF_APP_FLASH, PRIMARY_OFF, FX_APP_V1);
    return r;
}

/* A test batch: app (test request) + net uploaded. */
static void put_batch(struct rt_env *r)
{
    struct tp_sys *tp = &r->e->tp;
    const struct pcd_updater_config *n = &r->cfg.net;
    assert_int_equal(tp_fill_erased(tp, FM_NRF_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE), 0);
    pt_load(r->e, FM_NRF_QSPI, APP_SLOT_OFF, FX_APP_DEP);
    assert_int_equal(tp_request_upgrade(tp, FM_NRF_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE, false), 0);
    assert_int_equal(tp_fill_erased(tp, FM_NRF_QSPI, n->slot_off, n->slot_size), 0);
    pt_load(r->e, FM_NRF_QSPI, n->slot_off, FX_NET_V2);
    assert_int_equal(tp_request_upgrade(tp, FM_NRF_QSPI, n->slot_off, n->slot_size, false), 0);
}

static int run(struct rt_env *r, struct pcd_batch_result *res)
{
    return pcd_batch_run(&r->cfg, &r->e->tp.app_port, res);
}

static bool dev_has(struct rt_env *r, int dev, uint32_t off, const char *rel)
{
    uint32_t len = 0;
    uint8_t *img = pt_read(rel, &len);
    uint8_t *cur = malloc(len);
    assert_non_null(cur);
    assert_int_equal(fm_peek(r->e->tp.fm, dev, off, cur, len), 0);
    const bool same = memcmp(img, cur, len) == 0;
    free(img);
    free(cur);
    return same;
}

static uint32_t word_at(struct rt_env *r, int dev, uint32_t off)
{
    uint8_t w[4];
    assert_int_equal(fm_peek(r->e->tp.fm, dev, off, w, 4), 0);
    return (uint32_t)w[0] | ((uint32_t)w[1] << 8) | ((uint32_t)w[2] << 16) | ((uint32_t)w[3] << 24);
}

static bool old_pair(struct rt_env *r)
{
    return dev_has(r, FM_NRF_APP_FLASH, PRIMARY_OFF, FX_APP_V1) && pt_old_image_intact(r->e);
}

static bool new_pair(struct rt_env *r)
{
    return dev_has(r, FM_NRF_APP_FLASH, PRIMARY_OFF, FX_APP_DEP) && pt_net_has_body(r->e, FX_NET_V2);
}

/* No valid record (erased, or invalidated and its erase torn). */
static bool record_released(struct rt_env *r)
{
    return word_at(r, FM_NRF_APP_FLASH, BACKUP_OFF) != PCD_RB_REC_MAGIC;
}

static void rt_free(struct rt_env *r)
{
    pt_env_free(r->e);
}

/* ---- the swap alone ------------------------------------------------------------------------------------ */

static const struct pcd_rb_slots swap_slots = {PCD_MEM_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE, PRIMARY_OFF, PRIMARY_SIZE,
                                               PAGE};

/* RB-TEST: a test swap exchanges the slots and leaves the MCUboot trailer of a test (magic, copy_done,
 * image_ok unset); the revert swap exchanges them back and sets image_ok (facts §5.4, design.md) */
static void test_rb__swap_and_back(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    pt_load(r.e, FM_NRF_QSPI, APP_SLOT_OFF, FX_APP_DEP);
    struct pcd_rb_swap_state st;
    const uint32_t size = 51u * PAGE; /* 205 501 bytes of the larger image */
    assert_int_equal(pcd_rb_swap(&r.e->tp.app_port, &swap_slots, PCD_SWAP_TEST, size, NULL), 0);
    assert_true(dev_has(&r, FM_NRF_APP_FLASH, PRIMARY_OFF, FX_APP_DEP));
    assert_true(dev_has(&r, FM_NRF_QSPI, APP_SLOT_OFF, FX_APP_V1));
    assert_int_equal(pcd_rb_swap_state(&r.e->tp.app_port, &swap_slots, &st), 0);
    assert_true(st.magic_good);
    assert_int_equal(st.copy_done, 0x01);
    assert_int_equal(st.image_ok, 0xFF);
    assert_int_equal(st.swap_info, PCD_SWAP_TEST);
    assert_int_equal(st.done, st.steps);
    assert_int_equal(st.steps, 3u * 51u);
    assert_int_equal(pcd_rb_confirm(&r.e->tp.app_port, PRIMARY_OFF, PRIMARY_SIZE), 0);
    assert_int_equal(pcd_rb_swap_state(&r.e->tp.app_port, &swap_slots, &st), 0);
    assert_int_equal(st.image_ok, 0x01);
    assert_int_equal(pcd_rb_swap(&r.e->tp.app_port, &swap_slots, PCD_SWAP_REVERT, size, NULL), 0);
    assert_true(dev_has(&r, FM_NRF_APP_FLASH, PRIMARY_OFF, FX_APP_V1));
    assert_true(dev_has(&r, FM_NRF_QSPI, APP_SLOT_OFF, FX_APP_DEP));
    assert_int_equal(pcd_rb_swap_state(&r.e->tp.app_port, &swap_slots, &st), 0);
    assert_int_equal(st.swap_info, PCD_SWAP_REVERT);
    assert_int_equal(st.image_ok, 0x01);
    assert_int_equal(pt_violations(r.e), 0);
    /* too large for the room (the primary less two pages) */
    assert_int_equal(pcd_rb_swap(&r.e->tp.app_port, &swap_slots, PCD_SWAP_TEST, PRIMARY_SIZE - PAGE, NULL),
                     PCD_E_INVAL);
    rt_free(&r);
}

/* Distinct page patterns: A in the primary, B in the secondary, @p pages pages each. */
static void fill_patterns(struct rt_env *r, uint32_t pages)
{
    uint8_t *buf = malloc(PAGE);
    assert_non_null(buf);
    for (uint32_t i = 0; i < pages; i++) {
        memset(buf, (int)(0x10u + i), PAGE);
        assert_int_equal(fm_load(r->e->tp.fm, FM_NRF_APP_FLASH, PRIMARY_OFF + i * PAGE, buf, PAGE), 0);
        memset(buf, (int)(0x80u + i), PAGE);
        assert_int_equal(fm_load(r->e->tp.fm, FM_NRF_QSPI, APP_SLOT_OFF + i * PAGE, buf, PAGE), 0);
    }
    free(buf);
}

static bool page_is(struct rt_env *r, int dev, uint32_t off, uint8_t v)
{
    uint8_t b[PAGE];
    assert_int_equal(fm_peek(r->e->tp.fm, dev, off, b, PAGE), 0);
    for (uint32_t i = 0; i < PAGE; i++) {
        if (b[i] != v) {
            return false;
        }
    }
    return true;
}

/* RB-POWER-SAFE: a cut at every flash operation of a 3-sector test swap (every erase, every word
 * program, every status record), each with a clean cut and a torn operation: the next boot resumes
 * from the status and ends with the slots exchanged, no flash rule broken */
static void test_rb__swap_cut_every_op(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    struct tp_sys *tp = &r.e->tp;
    const uint32_t pages = 3u;
    fill_patterns(&r, pages);
    struct fm_snapshot *snap = NULL;
    assert_int_equal(fm_snapshot_create(tp->fm, &snap), 0);
    fm_snapshot_take(tp->fm, snap);
    const uint64_t seq0 = fm_next_seq(tp->fm);
    assert_int_equal(pcd_rb_swap(&tp->app_port, &swap_slots, PCD_SWAP_TEST, pages * PAGE, NULL), 0);
    const uint64_t n = fm_next_seq(tp->fm) - seq0;
    assert_true(n > 3000u);
    unsigned resumed = 0;
    for (uint64_t k = 0; k < n; k++) {
        fm_snapshot_restore(tp->fm, snap);
        tp_reset_records(tp);
        tp_power_cycle(tp);
        tp_arm_cut(tp, fm_next_seq(tp->fm) + k, k % 2u ? FM_FAULT_TEAR : FM_FAULT_CUT_BEFORE);
        assert_int_equal(pcd_rb_swap(&tp->app_port, &swap_slots, PCD_SWAP_TEST, pages * PAGE, NULL), PCD_E_HALTED);
        tp_disarm_cut(tp);
        tp_power_cycle(tp);
        bool res = false;
        assert_int_equal(pcd_rb_swap(&tp->app_port, &swap_slots, PCD_SWAP_TEST, pages * PAGE, &res), 0);
        resumed += res ? 1u : 0u;
        for (uint32_t i = 0; i < pages; i++) {
            assert_true(page_is(&r, FM_NRF_APP_FLASH, PRIMARY_OFF + i * PAGE, (uint8_t)(0x80u + i)));
            assert_true(page_is(&r, FM_NRF_QSPI, APP_SLOT_OFF + i * PAGE, (uint8_t)(0x10u + i)));
        }
        assert_int_equal(pt_violations(r.e), 0);
    }
    assert_true(resumed > n / 2u);
    fm_snapshot_destroy(snap);
    rt_free(&r);
}

/* ---- B0N's BACKUP command -------------------------------------------------------------------------------- */

/* One BACKUP round trip straight to B0N; returns the answer. */
static struct pcd_cmd b0n_backup(struct rt_env *r, uint32_t window, uint32_t len, uint32_t offset, bool ext)
{
    struct pcd_cmd cmd, ans;
    pcd_cmd_make_backup(&cmd, window, len, offset);
    if (!ext) {
        cmd.ext_marker = 0u;
    }
    assert_int_equal(pcd_cmd_store_request(&r->e->tp.app_port, PT_PCD, &cmd), 0);
    assert_int_equal(tp_run_b0n(&r->e->tp), 0);
    assert_int_equal(pcd_cmd_load(&r->e->tp.app_port, PT_PCD, &ans), 0);
    return ans;
}

/* RB-BACKUP, B0N side (docs/SPEC.md 8.1): a chunk of the running image lands in the window with its
 * SHA-256, the answer carries the image length; offset == length gives the whole image's SHA-256;
 * malformed requests fail with a reason and B0N writes no flash */
static void test_rb__b0n_backup_command(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    uint32_t len = 0;
    uint8_t *raw = pt_read(FX_RAW_NET_V1, &len);
    uint8_t sha[PCD_SHA256_LEN], got[0x1000];
    const uint32_t window = PT_RAM_FLASH;
    struct pcd_cmd a = b0n_backup(&r, window, 0x1000u, 0x2000u, true);
    assert_int_equal(a.magic, PCD_CMD_MAGIC_DONE);
    assert_int_equal(a.len, 0x1000u);
    assert_int_equal(a.reason, len); /* 0x8008: up to the end of fw_validation_info */
    pt_sha(raw + 0x2000u, 0x1000u, sha);
    assert_memory_equal(a.sha256, sha, PCD_SHA256_LEN);
    assert_int_equal(fm_peek(r.e->tp.fm, FM_NRF_RAM_FLASH, 0, got, sizeof(got)), 0);
    assert_memory_equal(got, raw + 0x2000u, sizeof(got));
    a = b0n_backup(&r, window, 0x1000u, 0x8000u, true); /* the short last chunk */
    assert_int_equal(a.len, 8u);
    a = b0n_backup(&r, window, 0x1000u, len, true); /* the whole image */
    assert_int_equal(a.magic, PCD_CMD_MAGIC_DONE);
    assert_int_equal(a.len, 0u);
    pt_sha(raw, len, sha);
    assert_memory_equal(a.sha256, sha, PCD_SHA256_LEN);
    assert_int_equal(b0n_backup(&r, window, 0x1000u, 0u, false).reason, (uint32_t)-PCD_E_CMD_EXT);
    assert_int_equal(b0n_backup(&r, PT_PCD, 0x1000u, 0u, true).reason, (uint32_t)-PCD_E_CMD_SRC);
    assert_int_equal(b0n_backup(&r, window, 0x1000u, len + 4u, true).reason, (uint32_t)-PCD_E_CMD_DST);
    assert_int_equal(b0n_backup(&r, window, 0u, 0u, true).reason, (uint32_t)-PCD_E_CMD_LEN);
    assert_int_equal(tp_fill_erased(&r.e->tp, FM_NRF_NET_FLASH, PT_NET_APP_OFF, PT_NET_APP_SIZE), 0);
    a = b0n_backup(&r, window, 0x1000u, 0u, true);
    assert_int_equal(a.magic, PCD_CMD_MAGIC_FAIL);
    assert_int_equal(a.reason, (uint32_t)-PCD_E_NO_VALID_IMAGE);
    free(raw);
    rt_free(&r);
}

/* ---- test batches --------------------------------------------------------------------------------------- */

/* RB-BACKUP, RB-TEST, RB-CONFIRM: a test batch backs the net image up (verified) before the net copy,
 * swaps the app in; once confirmed the next boot releases the backup and nothing is copied again */
static void test_rb__confirmed_batch(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    put_batch(&r);
    struct pcd_batch_result res;
    assert_int_equal(run(&r, &res), 0);
    assert_true(res.rb.backup_made);
    assert_int_equal(res.rb.backup_len, 0x8008u);
    assert_true(res.rb.chunks >= 2u);
    assert_true(res.rb.swapped);
    assert_true(new_pair(&r));
    assert_true(dev_has(&r, FM_NRF_QSPI, APP_SLOT_OFF, FX_APP_V1)); /* swapped, not overwritten */
    assert_true(dev_has(&r, FM_NRF_APP_FLASH, BACKUP_OFF + PAGE, FX_RAW_NET_V1));
    assert_int_equal(word_at(&r, FM_NRF_APP_FLASH, BACKUP_OFF), PCD_RB_REC_MAGIC);
    assert_int_equal(pcd_rb_confirm(&r.e->tp.app_port, PRIMARY_OFF, PRIMARY_SIZE), 0);
    tp_power_cycle(&r.e->tp);
    const unsigned b0n_runs = r.e->tp.b0n_runs;
    assert_int_equal(run(&r, &res), 0);
    assert_true(res.rb.confirmed);
    assert_false(res.rb.reverted);
    assert_true(record_released(&r));
    assert_true(new_pair(&r));
    tp_power_cycle(&r.e->tp);
    assert_int_equal(run(&r, &res), 0);
    assert_false(res.rb.test_batch || res.rb.confirmed || res.rb.reverted);
    assert_int_equal(r.e->tp.b0n_runs, b0n_runs); /* no PCD command after the confirmation */
    assert_int_equal(pt_violations(r.e), 0);
    rt_free(&r);
}

/* RB-REVERT: a test batch not confirmed by the next reset is reverted: the net restored from the
 * backup through a COPY with its SHA-256, the app swapped back, the backup released; the old pair
 * runs, and further boots do nothing */
static void test_rb__unconfirmed_reverts(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    put_batch(&r);
    struct pcd_batch_result res;
    assert_int_equal(run(&r, &res), 0);
    assert_true(new_pair(&r));
    tp_power_cycle(&r.e->tp);
    assert_int_equal(run(&r, &res), 0);
    assert_true(res.rb.reverted);
    assert_true(res.rb.net_restored);
    assert_true(old_pair(&r));
    assert_true(record_released(&r));
    assert_true(pt_container_intact(r.e));
    tp_power_cycle(&r.e->tp);
    const unsigned b0n_runs = r.e->tp.b0n_runs;
    assert_int_equal(run(&r, &res), 0);
    assert_false(res.rb.test_batch);
    assert_int_equal(r.e->tp.b0n_runs, b0n_runs);
    assert_true(old_pair(&r));
    assert_int_equal(pt_violations(r.e), 0);
    rt_free(&r);
}

/* RB-REVERT, RB-POWER-SAFE: the network-core half of a test batch exhausts its attempts: the
 * application is never swapped (MI-ORDER), and the net is restored from the backup in the same boot
 * (a net-only revert), the backup released: the old pair */
static void test_rb__net_exhausted_restored(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    put_batch(&r);
    static const enum tp_net_behaviour script[] = {TP_NET_B0N, TP_NET_B0N, TP_NET_B0N, TP_NET_B0N,
                                                   TP_NET_ANSWER_FAIL, TP_NET_ANSWER_FAIL, TP_NET_ANSWER_FAIL};
    r.e->tp.fail_reason = PCD_E_DST_HASH;
    tp_script_net(&r.e->tp, script, sizeof(script) / sizeof(script[0]), TP_NET_B0N);
    struct pcd_batch_result res;
    assert_int_equal(run(&r, &res), 0);
    assert_true(res.rb.backup_made);
    assert_int_equal(res.img[1].outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[0].reason, PCD_E_BATCH_PARTNER);
    assert_false(res.rb.swapped);
    assert_true(res.rb.net_restored);
    assert_true(res.rb.reverted);
    assert_true(old_pair(&r));
    assert_true(record_released(&r));
    tp_power_cycle(&r.e->tp);
    assert_int_equal(run(&r, &res), 0);
    assert_false(res.rb.test_batch);
    assert_true(old_pair(&r));
    rt_free(&r);
}

/* RB-BACKUP: no backup, no test batch: a partition too small (or none) refuses the batch with
 * PCD_E_RB_NO_SPACE in both records, before anything changes */
static void test_rb__no_space_refused(void **state)
{
    (void)state;
    static const uint32_t sizes[2] = {0x4000u, 0u};
    for (unsigned i = 0; i < 2u; i++) {
        struct rt_env r = rt_new();
        r.cfg.rb.backup_size = sizes[i];
        put_batch(&r);
        struct pcd_batch_result res;
        assert_int_equal(run(&r, &res), 0);
        assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
        assert_int_equal(res.img[1].outcome, PCD_UPD_REJECTED);
        assert_int_equal(res.img[0].reason, PCD_E_RB_NO_SPACE);
        assert_int_equal(res.img[1].reason, PCD_E_RB_NO_SPACE);
        assert_true(old_pair(&r));
        rt_free(&r);
    }
}

/* RB-POWER-SAFE: a cut at evenly spread flash operations of a whole test batch and of its revert
 * (and with every action at the last ones): each boot that ends without a cut leaves a consistent
 * pair (old or new, never a mix), and the device ends with the old pair (it never confirms) */
static void cut_and_settle(struct rt_env *r, struct fm_snapshot *snap, uint64_t k, enum fm_fault_action action)
{
    struct tp_sys *tp = &r->e->tp;
    struct pcd_batch_result res;
    fm_snapshot_restore(tp->fm, snap);
    tp_reset_records(tp);
    tp_power_cycle(tp);
    tp_arm_cut(tp, fm_next_seq(tp->fm) + k, action);
    int boot = 0, rc = 0;
    for (; boot < MAX_BOOTS; boot++) { /* the batch boot, then the revert boot; the cut lands in one */
        rc = run(r, &res);
        if (rc == PCD_E_HALTED) {
            tp_disarm_cut(tp);
        } else {
            assert_int_equal(rc, 0);
            assert_true(old_pair(r) || new_pair(r));
        }
        tp_power_cycle(tp);
        if (rc == 0 && res.rb.reverted) {
            break;
        }
    }
    tp_disarm_cut(tp);
    for (int more = 0; more < 2; more++) { /* idle from here on: nothing changes */
        assert_int_equal(run(r, &res), 0);
        tp_power_cycle(tp);
    }
    assert_true(old_pair(r));
    if (!record_released(r)) {
        print_message("k %llu action %d: record word 0x%08x\n", (unsigned long long)k, (int)action,
                      word_at(r, FM_NRF_APP_FLASH, BACKUP_OFF));
    }
    assert_true(record_released(r));
    assert_true(pt_container_intact(r->e));
    assert_int_equal(pt_violations(r->e), 0);
}

static void test_rb__batch_and_revert_cuts(void **state)
{
    (void)state;
    struct rt_env r = rt_new();
    struct tp_sys *tp = &r.e->tp;
    put_batch(&r);
    struct fm_snapshot *snap = NULL;
    assert_int_equal(fm_snapshot_create(tp->fm, &snap), 0);
    fm_snapshot_take(tp->fm, snap);
    struct pcd_batch_result res;
    const uint64_t seq0 = fm_next_seq(tp->fm);
    assert_int_equal(run(&r, &res), 0);
    tp_power_cycle(tp);
    assert_int_equal(run(&r, &res), 0);
    assert_true(res.rb.reverted);
    const uint64_t n = fm_next_seq(tp->fm) - seq0, stride = n / 300u + 1u;
    for (uint64_t k = 0; k + 16u < n; k += stride) {
        cut_and_settle(&r, snap, k, k % 2u ? FM_FAULT_TEAR : FM_FAULT_CUT_BEFORE);
    }
    for (uint64_t k = n - 16u; k < n; k++) {
        cut_and_settle(&r, snap, k, FM_FAULT_CUT_BEFORE);
        cut_and_settle(&r, snap, k, FM_FAULT_TEAR);
        cut_and_settle(&r, snap, k, FM_FAULT_CUT_AFTER);
    }
    fm_snapshot_destroy(snap);
    rt_free(&r);
}

/* ---- costs (docs/ROLLBACK.md §5) ---------------------------------------------------------------------------- */

struct rt_cost {
    uint64_t t_us;
    struct fm_stats s[3]; /* app flash, net flash, QSPI */
};

static void cost_take(struct rt_env *r, struct rt_cost *c)
{
    static const int devs[3] = {FM_NRF_APP_FLASH, FM_NRF_NET_FLASH, FM_NRF_QSPI};
    c->t_us = r->e->tp.app.time_us;
    for (unsigned i = 0; i < 3u; i++) {
        assert_int_equal(fm_stats(r->e->tp.fm, devs[i], &c->s[i]), 0);
    }
}

/* One boot, measured: device time of the application core, erases and bytes programmed per device. */
static struct rt_cost cost_boot(struct rt_env *r, const char *what)
{
    struct rt_cost a, b, d;
    struct pcd_batch_result res;
    tp_power_cycle(&r->e->tp);
    cost_take(r, &a);
    assert_int_equal(run(r, &res), 0);
    cost_take(r, &b);
    d.t_us = b.t_us - a.t_us;
    for (unsigned i = 0; i < 3u; i++) {
        d.s[i].erases = b.s[i].erases - a.s[i].erases;
        d.s[i].prog_bytes = b.s[i].prog_bytes - a.s[i].prog_bytes;
    }
    print_message("cost | %-34s | %8.3f s | app flash %4llu erases %7llu B | net flash %3llu erases %7llu B | "
                  "QSPI %4llu erases %7llu B\n", what, (double)d.t_us / 1e6, (unsigned long long)d.s[0].erases,
                  (unsigned long long)d.s[0].prog_bytes, (unsigned long long)d.s[1].erases,
                  (unsigned long long)d.s[1].prog_bytes, (unsigned long long)d.s[2].erases,
                  (unsigned long long)d.s[2].prog_bytes);
    return d;
}

/* The cost of a test batch against the same batch applied permanently (overwrite), printed for
 * docs/ROLLBACK.md §5; the assertions bound what the design says it costs: the backup is one
 * record page plus the image, the swap erases each swapped primary sector twice and each
 * secondary sector once, and the confirmation costs one erase and one word. */
static void test_rb__costs(void **state)
{
    (void)state;
    struct rt_env p = rt_new();
    p.cfg.rb.on = false;
    put_batch(&p);
    const struct rt_cost perm = cost_boot(&p, "permanent batch (overwrite)");
    rt_free(&p);
    struct rt_env r = rt_new();
    put_batch(&r);
    const struct rt_cost test = cost_boot(&r, "test batch (backup + swap)");
    assert_int_equal(pcd_rb_confirm(&r.e->tp.app_port, PRIMARY_OFF, PRIMARY_SIZE), 0);
    const struct rt_cost conf = cost_boot(&r, "boot after the confirmation");
    rt_free(&r);
    struct rt_env v = rt_new();
    put_batch(&v);
    (void)cost_boot(&v, "test batch (again, not confirmed)");
    const struct rt_cost rev = cost_boot(&v, "revert (restore + swap back)");
    uint32_t wear = 0;
    for (uint32_t pg = PRIMARY_OFF / PAGE; pg < (PRIMARY_OFF + PRIMARY_SIZE) / PAGE; pg++) {
        const uint32_t e = fm_page_erase_count(v.e->tp.fm, FM_NRF_APP_FLASH, pg);
        wear = e > wear ? e : wear;
    }
    print_message("cost | most erases of one primary page over a test batch and its revert: %u\n", wear);
    rt_free(&v);
    /* primary trailer page, backup (record page + 9 pages for 0x8008 bytes), the trailer page again at
     * the swap start, 2 x 51 primary erases of the 51-sector swap
     * and 51 QSPI erases; the net copy is the same in both */
    assert_int_equal(test.s[0].erases, 1u + 10u + 1u + 2u * 51u);
    assert_int_equal(test.s[2].erases, perm.s[2].erases + 51u);
    assert_int_equal(test.s[1].erases, perm.s[1].erases);
    assert_true(test.t_us > perm.t_us);
    assert_int_equal(conf.s[0].erases, 1u);
    assert_int_equal(conf.s[1].erases, 0u);
    assert_int_equal(rev.s[1].erases, 17u); /* the 0x8008-byte backup back into 2 KiB net pages */
    assert_true(wear <= 5u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rb__swap_and_back),
        cmocka_unit_test(test_rb__swap_cut_every_op),
        cmocka_unit_test(test_rb__b0n_backup_command),
        cmocka_unit_test(test_rb__confirmed_batch),
        cmocka_unit_test(test_rb__unconfirmed_reverts),
        cmocka_unit_test(test_rb__no_space_refused),
        cmocka_unit_test(test_rb__net_exhausted_restored),
        cmocka_unit_test(test_rb__batch_and_revert_cuts),
        cmocka_unit_test(test_rb__costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
