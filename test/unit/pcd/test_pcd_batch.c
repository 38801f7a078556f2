/* The multi-image batch (pcd/batch.h): image 0 = application (mcuboot_secondary -> mcuboot_primary,
 * upgrade-only), image 1 = network core (mcuboot_secondary_1 -> RAM window mcuboot_primary_1 -> B0N).
 * Application-core port, the real B0N on the network core, the real flash model, fixture images.
 * Each test names the requirement ids (reference-behaviour.md §5, MI-*) it checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd/batch.h"
#include "pcd_test_util.h"

#define PRIMARY_OFF 0xC000u
#define PRIMARY_SIZE 0x74000u
#define APP_SLOT_OFF 0x0u      /* QSPI: mcuboot_secondary of the external layout */
#define APP_SLOT_SIZE 0x74000u
#define NET_INT_SLOT_OFF 0x80000u /* internal variant of mcuboot_secondary_1 */
#define FX_APP_V1 "signed/app-v1-64k_ecdsa-p256.bin"
#define FX_APP_V1_CORRUPT "signed/app-v1-64k_ecdsa-p256_CORRUPT-body.bin"
#define FX_APP_DEP "signed/app-v2-200k_ecdsa-p256_dep-net.bin"
#define MAX_BOOTS 4

struct bt_env {
    struct pt_env *e;
    struct pcd_batch_config cfg;
};

/* Old app v1 in the primary, old net v1 running; image 1's slot in QSPI or app flash. */
static struct bt_env bt_new(bool net_slot_internal)
{
    struct bt_env b;
    b.e = pt_env_new(PT_SLOT_QSPI);
    pcd_batch_config_default(&b.cfg);
    b.cfg.net = b.e->ucfg;
    if (net_slot_internal) {
        b.cfg.net.slot_mem = PCD_MEM_APP_FLASH;
        b.cfg.net.slot_off = NET_INT_SLOT_OFF;
        b.cfg.net.slot_size = PT_QSPI_SLOT_SIZE;
    }
    b.cfg.app_slot_mem = PCD_MEM_QSPI;
    b.cfg.app_slot_off = APP_SLOT_OFF;
    b.cfg.app_slot_size = APP_SLOT_SIZE;
    b.cfg.app_keys = b.e->keys;
    b.cfg.app_key_count = 1;
    pt_load(b.e, FM_NRF_APP_FLASH, PRIMARY_OFF, FX_APP_V1);
    return b;
}

static int net_dev(const struct bt_env *b)
{
    return b->cfg.net.slot_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH;
}

/* An upload: the slot erased, the image written, the upgrade requested. */
static void put_app(struct bt_env *b, const char *rel)
{
    assert_int_equal(tp_fill_erased(&b->e->tp, FM_NRF_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE), 0);
    pt_load(b->e, FM_NRF_QSPI, APP_SLOT_OFF, rel);
    assert_int_equal(tp_request_upgrade(&b->e->tp, FM_NRF_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE, true), 0);
}

static void put_net(struct bt_env *b, const char *rel)
{
    assert_int_equal(tp_fill_erased(&b->e->tp, net_dev(b), b->cfg.net.slot_off, b->cfg.net.slot_size), 0);
    pt_load(b->e, net_dev(b), b->cfg.net.slot_off, rel);
    assert_int_equal(tp_request_upgrade(&b->e->tp, net_dev(b), b->cfg.net.slot_off, b->cfg.net.slot_size, false), 0);
}

static int run(struct bt_env *b, struct pcd_batch_result *res)
{
    return pcd_batch_run(&b->cfg, &b->e->tp.app_port, res);
}

/* The primary slot holds exactly the image of @p rel (its whole file). */
static bool primary_has(struct bt_env *b, const char *rel)
{
    uint32_t len = 0;
    uint8_t *img = pt_read(rel, &len);
    uint8_t *cur = malloc(len);
    assert_non_null(cur);
    assert_int_equal(fm_peek(b->e->tp.fm, FM_NRF_APP_FLASH, PRIMARY_OFF, cur, len), 0);
    const bool same = memcmp(img, cur, len) == 0;
    free(img);
    free(cur);
    return same;
}

static uint32_t word_at(struct bt_env *b, int dev, uint32_t off)
{
    uint8_t w[4];
    assert_int_equal(fm_peek(b->e->tp.fm, dev, off, w, 4), 0);
    return (uint32_t)w[0] | ((uint32_t)w[1] << 8) | ((uint32_t)w[2] << 16) | ((uint32_t)w[3] << 24);
}

static uint32_t app_rec(struct bt_env *b, uint32_t back)
{
    return word_at(b, FM_NRF_QSPI, APP_SLOT_OFF + APP_SLOT_SIZE - back);
}

static uint32_t net_rec(struct bt_env *b, uint32_t back)
{
    return word_at(b, net_dev(b), b->cfg.net.slot_off + b->cfg.net.slot_size - back);
}

static void bt_free(struct bt_env *b)
{
    pt_env_free(b->e);
}

/* Nothing changed: old app in the primary, old net image, records only. */
static void assert_nothing_applied(struct bt_env *b)
{
    assert_true(primary_has(b, FX_APP_V1));
    assert_true(pt_old_image_intact(b->e));
    assert_true(pt_container_intact(b->e));
}

/* ---- valid batches -------------------------------------------------------------------------------- */

/* MI-VALIDATE-ALL, MI-RAMSIM, MI-ORDER, MI-MARK: a valid batch, both slots in QSPI and image 1 in app flash */
static void test_batch__valid_end_to_end(void **state)
{
    (void)state;
    for (int v = 0; v < 2; v++) {
        struct bt_env b = bt_new(v == 1);
        put_app(&b, FX_APP_DEP);
        put_net(&b, FX_NET_V2);
        struct pt_rec_port rec;
        pt_rec_init(&rec, &b.e->tp.app_port);
        struct pcd_batch_result res;
        assert_int_equal(pcd_batch_run(&b.cfg, &rec.port, &res), 0);
        if (res.img[0].outcome != PCD_UPD_DONE || res.img[1].outcome != PCD_UPD_DONE) {
            pt_dump_logs(b.e);
        }
        assert_int_equal(res.img[1].outcome, PCD_UPD_DONE);
        assert_int_equal(res.img[0].outcome, PCD_UPD_DONE);
        assert_true(res.img[1].fw_version_valid);
        assert_int_equal(res.img[1].fw_version, 2);
        /* image 1 through the RAM window: src = window + hdr_size, the whole image staged */
        assert_true(res.net.staged);
        assert_int_equal(res.net.src, PT_RAM_FLASH + PT_HDR);
        assert_true(pt_net_has_body(b.e, FX_NET_V2));
        /* image 0 overwritten, trailer: copy_done, image_ok, magic */
        assert_true(res.app_copied);
        assert_true(primary_has(&b, FX_APP_DEP));
        struct pcd_slot_state ps;
        assert_int_equal(pcd_slot_state_read(&b.e->tp.app_port, PCD_MEM_APP_FLASH, PRIMARY_OFF, PRIMARY_SIZE, &ps), 0);
        assert_true(ps.magic_good);
        assert_int_equal(ps.copy_done, 0x01);
        assert_int_equal(ps.image_ok, 0x01);
        /* MI-MARK: each slot done on its own, each names its partner */
        assert_int_equal(app_rec(&b, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_DONE_VAL);
        assert_int_equal(net_rec(&b, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_DONE_VAL);
        assert_int_equal(app_rec(&b, PCD_SLOT_REC_PARTNER_BACK), res.img[1].tag);
        assert_int_equal(net_rec(&b, PCD_SLOT_REC_PARTNER_BACK), res.img[0].tag);
        /* MI-ORDER: the network core's COPY answered before the primary slot's first erase */
        int copy_at = -1, done_at = -1, erase_at = -1;
        for (unsigned k = 0; k < rec.n && k < PT_REC_MAX; k++) {
            const struct pt_rec_event *ev = &rec.ev[k];
            if (ev->kind == 'W' && ev->addr == PT_PCD && ev->val == PCD_CMD_MAGIC_COPY && copy_at < 0) {
                copy_at = (int)k;
            }
            if (ev->kind == 'H' && copy_at >= 0 && done_at < 0) {
                done_at = (int)k;
            }
            if (ev->kind == 'E' && ev->addr == PRIMARY_OFF && erase_at < 0) {
                erase_at = (int)k;
            }
        }
        assert_true(copy_at >= 0 && done_at > copy_at && erase_at > done_at);
        assert_int_equal(pt_violations(b.e), 0);
        assert_int_equal(pt_bus_faults(b.e), 0);
        assert_true(res.locked);
        /* SYS-IDEMPOTENT: the next boot does nothing */
        tp_warm_reset(&b.e->tp);
        tp_reset_records(&b.e->tp);
        assert_int_equal(run(&b, &res), 0);
        assert_int_equal(res.img[0].outcome, PCD_UPD_ALREADY_DONE);
        assert_int_equal(res.img[1].outcome, PCD_UPD_ALREADY_DONE);
        assert_int_equal(b.e->tp.releases, 0);
        bt_free(&b);
    }
}

/* A batch of one: the application alone (no net candidate) still applies, with its dependency met by what runs */
static void test_batch__app_alone(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    put_app(&b, "signed/app-v2-200k_ecdsa-p256.bin");
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[0].outcome, PCD_UPD_DONE);
    assert_int_equal(res.img[1].outcome, PCD_UPD_NO_CANDIDATE);
    assert_true(primary_has(&b, "signed/app-v2-200k_ecdsa-p256.bin"));
    assert_int_equal(b.e->tp.releases, 0);
    assert_int_equal(app_rec(&b, PCD_SLOT_REC_PARTNER_BACK), PCD_SLOT_REC_ERASED);
    bt_free(&b);
}

/* ---- refused batches: nothing applied -------------------------------------------------------------- */

/* MI-VALIDATE-ALL, MI-MARK: one invalid half, each candidate recorded with its own reason */
static void test_batch__one_half_invalid(void **state)
{
    (void)state;
    for (int v = 0; v < 2; v++) {
        struct bt_env b = bt_new(false);
        put_app(&b, v == 0 ? FX_APP_V1_CORRUPT : FX_APP_V1);
        put_net(&b, v == 0 ? FX_NET_V2 : FX_NET_ROGUE);
        struct pcd_batch_result res;
        assert_int_equal(run(&b, &res), 0);
        const uint32_t bad = v == 0 ? 0u : 1u;
        assert_int_equal(res.img[bad].outcome, PCD_UPD_REJECTED);
        assert_int_equal(res.img[bad].reason, v == 0 ? PCD_E_IMG_HASH : PCD_E_IMG_KEY_UNKNOWN);
        assert_int_equal(res.img[1u - bad].outcome, PCD_UPD_REJECTED);
        assert_int_equal(res.img[1u - bad].reason, PCD_E_BATCH_PARTNER);
        assert_int_equal(b.e->tp.releases, 0);
        assert_nothing_applied(&b);
        assert_true(tp_log_has(&b.e->tp.app, "PCD_E_BATCH_PARTNER"));
        /* the next boot does not retry */
        tp_warm_reset(&b.e->tp);
        assert_int_equal(run(&b, &res), 0);
        assert_int_equal(res.img[0].outcome, PCD_UPD_ALREADY_REJECTED);
        assert_int_equal(res.img[1].outcome, PCD_UPD_ALREADY_REJECTED);
        assert_int_equal(res.img[1u - bad].reason, PCD_E_BATCH_PARTNER);
        bt_free(&b);
    }
}

/* MI-DEPENDENCY: against the batch's candidate, else against what runs (READ_VERSION) */
static void test_batch__dependency(void **state)
{
    (void)state;
    /* app needs net >= 2.0.0; the batch holds net v1 (fw_info 1): unmet */
    struct bt_env b = bt_new(false);
    put_app(&b, FX_APP_DEP);
    put_net(&b, FX_NET_V1);
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[0].reason, PCD_E_IMG_DEPENDENCY);
    assert_int_equal(res.img[1].reason, PCD_E_BATCH_PARTNER);
    assert_nothing_applied(&b);
    assert_true(tp_log_has(&b.e->tp.app, "MI-DEPENDENCY"));
    bt_free(&b);
    /* app alone; the running net core is v1 (READ_VERSION answers 1): unmet, nothing copied */
    b = bt_new(false);
    put_app(&b, FX_APP_DEP);
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.net_version_rc, 0);
    assert_int_equal(res.net_version, 1);
    assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[0].reason, PCD_E_IMG_DEPENDENCY);
    assert_int_equal(b.e->tp.releases, 1); /* the READ_VERSION round trip only */
    assert_nothing_applied(&b);
    bt_free(&b);
}

/* MI-DOWNGRADE: configurable; app by MCUboot version, net by fw_info version */
static void test_batch__downgrade(void **state)
{
    (void)state;
    for (int prevent = 0; prevent < 2; prevent++) {
        struct bt_env b = bt_new(false);
        b.cfg.downgrade_prevention = prevent == 1;
        pt_load(b.e, FM_NRF_APP_FLASH, PRIMARY_OFF, "signed/app-v2-200k_ecdsa-p256.bin"); /* running app 2.0.0 */
        put_app(&b, FX_APP_V1);
        struct pcd_batch_result res;
        assert_int_equal(run(&b, &res), 0);
        assert_int_equal(res.img[0].outcome, prevent ? PCD_UPD_REJECTED : PCD_UPD_DONE);
        if (prevent) {
            assert_int_equal(res.img[0].reason, PCD_E_IMG_DOWNGRADE);
            assert_true(primary_has(&b, "signed/app-v2-200k_ecdsa-p256.bin"));
        }
        bt_free(&b);
    }
    /* the net core runs v2; a v1 candidate is refused before anything changes */
    struct bt_env b = bt_new(false);
    b.cfg.downgrade_prevention = true;
    put_net(&b, FX_NET_V2);
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[1].outcome, PCD_UPD_DONE);
    tp_warm_reset(&b.e->tp);
    put_net(&b, FX_NET_V1);
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.net_version, 2);
    assert_int_equal(res.img[1].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[1].reason, PCD_E_IMG_DOWNGRADE);
    assert_true(pt_net_has_body(b.e, FX_NET_V2));
    bt_free(&b);
}

/* MI-RAMSIM: a net image larger than the RAM window is refused before anything changes;
 * PCD_E_IMG_SLOT: an image in the slot of the other core */
static void test_batch__ramsim_and_slot(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    b.cfg.ramsim_size = 0x20000u; /* 128 KiB: the 150 KiB image does not fit */
    put_app(&b, FX_APP_V1);
    put_net(&b, FX_NET_V2);
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[1].reason, PCD_E_RAMSIM);
    assert_int_equal(res.img[0].reason, PCD_E_BATCH_PARTNER);
    assert_int_equal(b.e->tp.releases, 0);
    assert_nothing_applied(&b);
    bt_free(&b);
    b = bt_new(false);
    put_app(&b, FX_NET_V1); /* a network-core image as image 0 */
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[0].reason, PCD_E_IMG_SLOT);
    assert_nothing_applied(&b);
    bt_free(&b);
}

/* MI-ORDER, MI-MARK: the net half exhausts its attempts: the app is never touched */
static void test_batch__net_exhausted(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    put_app(&b, FX_APP_V1);
    put_net(&b, FX_NET_V2);
    tp_script_net(&b.e->tp, NULL, 0, TP_NET_SILENT);
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[1].outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[0].reason, PCD_E_BATCH_PARTNER);
    assert_int_equal(res.net.attempts, 3);
    assert_true(primary_has(&b, FX_APP_V1));
    assert_true(pt_old_image_intact(b.e));
    bt_free(&b);
}

/* The partner rule: a power cut between the two NACKs of a failed batch does not let the other
 * candidate be applied alone */
static void test_batch__partner_nack_survives_cut(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    put_app(&b, FX_APP_V1);
    put_net(&b, FX_NET_V2);
    tp_script_net(&b.e->tp, NULL, 0, TP_NET_SILENT);
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    /* undo the app slot's NACK as if the cut came right after the net slot's NACK */
    put_app(&b, FX_APP_V1);
    assert_int_equal(pcd_slot_mark_partner(&b.e->tp.app_port, PCD_MEM_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE,
                                           res.img[1].tag),
                     0);
    tp_power_cycle(&b.e->tp);
    tp_script_net(&b.e->tp, NULL, 0, TP_NET_B0N);
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[0].outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.img[0].reason, PCD_E_BATCH_PARTNER);
    assert_true(primary_has(&b, FX_APP_V1));
    bt_free(&b);
}

/* One branch of the sweep: cut at operation k of the batch with @p action, then power on and boot
 * until the batch converges; both new images must be there. Returns whether a boot resumed a
 * complete application copy. */
static bool cut_branch(struct bt_env *b, struct fm_snapshot *snap, uint64_t k, enum fm_fault_action action)
{
    struct pcd_batch_result res;
    bool resumed = false;
    fm_snapshot_restore(b->e->tp.fm, snap);
    tp_reset_records(&b->e->tp);
    tp_power_cycle(&b->e->tp);
    tp_arm_cut(&b->e->tp, fm_next_seq(b->e->tp.fm) + k, action);
    assert_int_equal(run(b, &res), PCD_E_HALTED);
    tp_disarm_cut(&b->e->tp);
    int boot = 0;
    for (; boot < MAX_BOOTS; boot++) {
        tp_power_cycle(&b->e->tp);
        assert_int_equal(run(b, &res), 0);
        resumed = resumed || res.app_resumed;
        if (res.img[0].outcome != PCD_UPD_HALTED) {
            break;
        }
    }
    assert_true(boot < MAX_BOOTS);
    assert_true(res.img[0].outcome == PCD_UPD_DONE || res.img[0].outcome == PCD_UPD_ALREADY_DONE);
    assert_true(res.img[1].outcome == PCD_UPD_DONE || res.img[1].outcome == PCD_UPD_ALREADY_DONE);
    assert_true(primary_has(b, FX_APP_DEP));
    assert_true(pt_net_has_body(b->e, FX_NET_V2));
    assert_true(pt_container_intact(b->e));
    return resumed;
}

/* MI-ORDER, SYS-POWER-SAFE, SYS-CONVERGE: a power cut at every stride-th flash operation of a
 * valid batch, and with every action at each of the last ones (trailer, records); power on and
 * boot until done: always both new images, never a mixed pair */
static void test_batch__power_cut_sweep(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    put_app(&b, FX_APP_DEP);
    put_net(&b, FX_NET_V2);
    struct fm_snapshot *snap = NULL;
    assert_int_equal(fm_snapshot_create(b.e->tp.fm, &snap), 0);
    fm_snapshot_take(b.e->tp.fm, snap);
    struct pcd_batch_result res;
    const uint64_t seq0 = fm_next_seq(b.e->tp.fm);
    assert_int_equal(run(&b, &res), 0);
    const uint64_t n = fm_next_seq(b.e->tp.fm) - seq0, stride = n / 400u + 1u;
    assert_true(n > 500u);
    unsigned resumed = 0;
    for (uint64_t k = 0; k + 16u < n; k += stride) {
        resumed += cut_branch(&b, snap, k, k % 2u ? FM_FAULT_TEAR : FM_FAULT_CUT_BEFORE) ? 1u : 0u;
    }
    for (uint64_t k = n - 16u; k < n; k++) {
        resumed += cut_branch(&b, snap, k, FM_FAULT_CUT_BEFORE) ? 1u : 0u;
        resumed += cut_branch(&b, snap, k, FM_FAULT_TEAR) ? 1u : 0u;
        resumed += cut_branch(&b, snap, k, FM_FAULT_CUT_AFTER) ? 1u : 0u;
    }
    assert_true(resumed > 0u); /* a cut between the trailer and the record: the copy is not redone */
    fm_snapshot_destroy(snap);
    bt_free(&b);
}

/* MCUboot trailer semantics: a primary whose copy completed (copy_done, magic, same hash) is not
 * copied again when the secondary's record was not written yet */
static void test_batch__resume_complete_copy(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    put_app(&b, "signed/app-v2-200k_ecdsa-p256.bin");
    struct pcd_batch_result res;
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[0].outcome, PCD_UPD_DONE);
    /* the record lost (its page erased), the request still there */
    assert_int_equal(tp_fill_erased(&b.e->tp, FM_NRF_QSPI, APP_SLOT_OFF + APP_SLOT_SIZE - 0x1000u, 0x1000u), 0);
    assert_int_equal(tp_request_upgrade(&b.e->tp, FM_NRF_QSPI, APP_SLOT_OFF, APP_SLOT_SIZE, true), 0);
    tp_power_cycle(&b.e->tp);
    fm_stats_reset(b.e->tp.fm);
    assert_int_equal(run(&b, &res), 0);
    assert_int_equal(res.img[0].outcome, PCD_UPD_DONE);
    assert_true(res.app_resumed);
    assert_false(res.app_copied);
    struct fm_stats st;
    assert_int_equal(fm_stats(b.e->tp.fm, FM_NRF_APP_FLASH, &st), 0);
    assert_int_equal(st.erases, 0);
    assert_true(primary_has(&b, "signed/app-v2-200k_ecdsa-p256.bin"));
    /* a primary without copy_done is copied again */
    assert_int_equal(tp_fill_erased(&b.e->tp, FM_NRF_APP_FLASH, PRIMARY_OFF + PRIMARY_SIZE - 0x1000u, 0x1000u), 0);
    put_app(&b, "signed/app-v2-200k_ecdsa-p256.bin");
    assert_int_equal(run(&b, &res), 0);
    assert_false(res.app_resumed);
    assert_true(res.app_copied);
    bt_free(&b);
}

static void test_batch__config_checked(void **state)
{
    (void)state;
    struct bt_env b = bt_new(false);
    struct pcd_batch_result res;
    b.cfg.app_primary_off = 0xC100u; /* not page-aligned */
    assert_int_equal(run(&b, &res), PCD_E_INVAL);
    b.cfg.app_primary_off = PRIMARY_OFF;
    b.cfg.ramsim_size = 0x80000u; /* past the RAM flash device */
    assert_int_equal(run(&b, &res), PCD_E_INVAL);
    b.cfg.ramsim_size = 0x40000u;
    b.cfg.app_slot_mem = PCD_MEM_APP_FLASH;
    b.cfg.app_slot_off = 0x40000u; /* overlaps the primary */
    assert_int_equal(run(&b, &res), PCD_E_INVAL);
    assert_int_equal(pcd_batch_run(&b.cfg, &b.e->tp.app_port, NULL), PCD_E_INVAL);
    bt_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch__valid_end_to_end),
        cmocka_unit_test(test_batch__app_alone),
        cmocka_unit_test(test_batch__one_half_invalid),
        cmocka_unit_test(test_batch__dependency),
        cmocka_unit_test(test_batch__downgrade),
        cmocka_unit_test(test_batch__ramsim_and_slot),
        cmocka_unit_test(test_batch__net_exhausted),
        cmocka_unit_test(test_batch__partner_nack_survives_cut),
        cmocka_unit_test(test_batch__power_cut_sweep),
        cmocka_unit_test(test_batch__resume_complete_copy),
        cmocka_unit_test(test_batch__config_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
