/* Power cuts during a network-core update (SYS-POWER-SAFE, SYS-CONVERGE, SYS-FLASH-RULES,
 * APP-RETRY's RAM-only counter, APP-MARK-DONE / APP-MARK-NACK under power loss). The flash
 * model's fault hook cuts power at chosen operation numbers; the system is then powered on
 * and the application core boots again, as many times as needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd_test_util.h"

/* Boots after a cut before the procedure must have converged (SYS-CONVERGE). */
#define MAX_BOOTS 3

static int run(struct pt_env *e, struct pcd_updater_result *res)
{
    return pcd_updater_run(&e->ucfg, &e->tp.app_port, res);
}

/* A clean run from the snapshot: number of flash operations, and the outcome. */
static uint64_t count_ops(struct pt_env *e, struct fm_snapshot *snap, enum pcd_update_outcome expect)
{
    struct pcd_updater_result res;
    fm_snapshot_restore(e->tp.fm, snap);
    tp_reset_records(&e->tp);
    const uint64_t seq0 = fm_next_seq(e->tp.fm);
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, expect);
    return fm_next_seq(e->tp.fm) - seq0;
}

/* Cut at operation seq0 + k, then power on and boot until the updater reaches an outcome.
 * Returns the outcome of the last boot. */
static enum pcd_update_outcome cut_and_recover(struct pt_env *e, struct fm_snapshot *snap, uint64_t k,
                                               enum fm_fault_action action, enum fm_tear_mode mode,
                                               const enum tp_net_behaviour *script, unsigned script_len,
                                               enum tp_net_behaviour dflt)
{
    struct pcd_updater_result res;
    fm_snapshot_restore(e->tp.fm, snap);
    tp_reset_records(&e->tp);
    tp_script_net(&e->tp, script, script_len, dflt);
    tp_arm_cut(&e->tp, fm_next_seq(e->tp.fm) + k, action);
    e->tp.cut.tear.mode = mode;
    int rc = run(e, &res);
    assert_true(e->tp.cut.fired);
    assert_int_equal(rc, PCD_E_HALTED);
    assert_int_equal(res.outcome, PCD_UPD_HALTED);
    tp_disarm_cut(&e->tp);
    for (int boot = 0; boot < MAX_BOOTS; boot++) {
        tp_power_cycle(&e->tp);
        tp_script_net(&e->tp, script, script_len, dflt);
        assert_int_equal(run(e, &res), 0);
        if (res.outcome != PCD_UPD_HALTED) {
            return res.outcome;
        }
    }
    fail_msg("no outcome after %d boots", MAX_BOOTS);
    return PCD_UPD_ERROR;
}

/* After recovery: the net core boots the new image, nothing broke a flash rule or the container. */
static void assert_net_runs(struct pt_env *e, const char *signed_rel, uint32_t version)
{
    tp_warm_reset(&e->tp);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, version);
    assert_true(pt_net_has_body(e, signed_rel));
    assert_true(pt_container_intact(e));
    assert_int_equal(pt_violations(e), 0);
}

/* SYS-POWER-SAFE: a cut before any flash operation of the update (B0N's erases and word writes,
 * the record) is followed by a boot that completes the update. */
static void sweep_copy(enum pt_slot slot, uint64_t stride)
{
    struct pt_env *e = pt_env_new(slot);
    struct fm_snapshot *snap = NULL;
    pt_put_candidate(e, FX_NET_V2, false);
    assert_int_equal(fm_snapshot_create(e->tp.fm, &snap), 0);
    fm_snapshot_take(e->tp.fm, snap);
    const uint64_t n = count_ops(e, snap, PCD_UPD_DONE);
    assert_true(n > 38000u);
    unsigned trials = 0;
    for (uint64_t k = 0; k < n; k += (k < 8u || k + 8u > n) ? 1u : stride) {
        enum pcd_update_outcome o =
            cut_and_recover(e, snap, k, FM_FAULT_CUT_BEFORE, FM_TEAR_PREFIX, NULL, 0, TP_NET_B0N);
        if (o != PCD_UPD_DONE) {
            fail_msg("cut at op %llu of %llu: outcome %s", (unsigned long long)k, (unsigned long long)n,
                     pcd_update_outcome_text(o));
        }
        assert_net_runs(e, FX_NET_V2, 2);
        trials++;
    }
    print_message("  %u cut points over %llu operations\n", trials, (unsigned long long)n);
    fm_snapshot_destroy(snap);
    pt_env_free(e);
}

static void test_powercut__during_copy_internal(void **state) /* SYS-POWER-SAFE, SYS-CONVERGE, H6 */
{
    (void)state;
    sweep_copy(PT_SLOT_INTERNAL, 997u);
}

static void test_powercut__during_copy_qspi(void **state) /* SYS-POWER-SAFE with APP-STAGE (RAM lost) */
{
    (void)state;
    sweep_copy(PT_SLOT_QSPI, 1499u);
}

/* Torn writes inside the copy (a page erase or a word program half done). */
static void test_powercut__torn_copy_operations(void **state) /* SYS-POWER-SAFE */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct fm_snapshot *snap = NULL;
    pt_put_candidate(e, FX_NET_V2, false);
    assert_int_equal(fm_snapshot_create(e->tp.fm, &snap), 0);
    fm_snapshot_take(e->tp.fm, snap);
    const uint64_t n = count_ops(e, snap, PCD_UPD_DONE);
    const uint64_t points[] = {0, 1, 2, 513, 514, 4000, n / 2, n - 2};
    const enum fm_tear_mode modes[] = {FM_TEAR_PREFIX, FM_TEAR_SOMEBITS, FM_TEAR_MOSTBITS, FM_TEAR_GARBAGE};
    for (unsigned i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
        for (unsigned m = 0; m < 4; m++) {
            enum pcd_update_outcome o = cut_and_recover(e, snap, points[i], FM_FAULT_TEAR, modes[m], NULL, 0, TP_NET_B0N);
            assert_int_equal(o, PCD_UPD_DONE);
            assert_net_runs(e, FX_NET_V2, 2);
        }
        enum pcd_update_outcome o = cut_and_recover(e, snap, points[i], FM_FAULT_CUT_AFTER, FM_TEAR_PREFIX, NULL, 0,
                                                    TP_NET_B0N);
        assert_int_equal(o, PCD_UPD_DONE);
        assert_net_runs(e, FX_NET_V2, 2);
    }
    fm_snapshot_destroy(snap);
    pt_env_free(e);
}

/* APP-MARK-DONE under power loss: the DONE word is the last operation of the run. A cut before
 * it redoes the (idempotent) copy; a torn word reads as done; no word is ever written a third
 * time (nWRITE = 2, SYS-FLASH-RULES). */
static void test_powercut__during_mark_done(void **state) /* APP-MARK-DONE, SYS-POWER-SAFE, SYS-FLASH-RULES */
{
    (void)state;
    for (int s = 0; s < 2; s++) {
        struct pt_env *e = pt_env_new(s == 0 ? PT_SLOT_INTERNAL : PT_SLOT_QSPI);
        struct fm_snapshot *snap = NULL;
        pt_put_candidate(e, FX_NET_V2, false);
        assert_int_equal(fm_snapshot_create(e->tp.fm, &snap), 0);
        fm_snapshot_take(e->tp.fm, snap);
        const uint64_t n = count_ops(e, snap, PCD_UPD_DONE);
        const uint64_t mark = n - 1u; /* the DONE word program */
        const enum fm_tear_mode modes[] = {FM_TEAR_PREFIX, FM_TEAR_SOMEBITS, FM_TEAR_MOSTBITS, FM_TEAR_GARBAGE};
        unsigned done = 0, already = 0;
        for (unsigned m = 0; m < 4; m++) {
            for (uint64_t seed = 1; seed <= 6; seed++) {
                fm_snapshot_restore(e->tp.fm, snap);
                enum pcd_update_outcome o;
                struct pcd_updater_result res;
                tp_reset_records(&e->tp);
                tp_arm_cut(&e->tp, fm_next_seq(e->tp.fm) + mark, FM_FAULT_TEAR);
                e->tp.cut.tear.mode = modes[m];
                e->tp.cut.tear.seed = seed * 77u + m;
                assert_int_equal(run(e, &res), PCD_E_HALTED);
                tp_disarm_cut(&e->tp);
                tp_power_cycle(&e->tp);
                assert_int_equal(run(e, &res), 0);
                o = res.outcome;
                assert_true(o == PCD_UPD_DONE || o == PCD_UPD_ALREADY_DONE);
                done += o == PCD_UPD_DONE;
                already += o == PCD_UPD_ALREADY_DONE;
                /* and the boot after that does nothing */
                tp_warm_reset(&e->tp);
                tp_reset_records(&e->tp);
                assert_int_equal(run(e, &res), 0);
                assert_int_equal(res.outcome, PCD_UPD_ALREADY_DONE);
                assert_int_equal(e->tp.releases, 0);
                assert_net_runs(e, FX_NET_V2, 2);
            }
        }
        /* cut right before, and right after the DONE word */
        assert_int_equal(cut_and_recover(e, snap, mark, FM_FAULT_CUT_BEFORE, FM_TEAR_PREFIX, NULL, 0, TP_NET_B0N),
                         PCD_UPD_DONE);
        assert_net_runs(e, FX_NET_V2, 2);
        assert_int_equal(cut_and_recover(e, snap, mark, FM_FAULT_CUT_AFTER, FM_TEAR_PREFIX, NULL, 0, TP_NET_B0N),
                         PCD_UPD_ALREADY_DONE);
        assert_net_runs(e, FX_NET_V2, 2);
        print_message("  torn DONE word: %u redone, %u read as done\n", done, already);
        fm_snapshot_destroy(snap);
        pt_env_free(e);
    }
}

/* APP-MARK-NACK under power loss: a cut before the NACK word retries the N attempts on the next
 * boot (bounded); a torn NACK word reads as rejected. */
static void test_powercut__during_mark_nack(void **state) /* APP-MARK-NACK, SYS-POWER-SAFE, SYS-CONVERGE */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct fm_snapshot *snap = NULL;
    pt_put_candidate(e, FX_NET_V2, false);
    e->tp.fail_reason = PCD_E_NOT_BOOTABLE;
    tp_script_net(&e->tp, NULL, 0, TP_NET_ANSWER_FAIL);
    assert_int_equal(fm_snapshot_create(e->tp.fm, &snap), 0);
    fm_snapshot_take(e->tp.fm, snap);
    const uint64_t n = count_ops(e, snap, PCD_UPD_EXHAUSTED);
    assert_int_equal(n, 1); /* only the NACK word: a FAIL answer touches no flash */
    const enum fm_tear_mode modes[] = {FM_TEAR_PREFIX, FM_TEAR_SOMEBITS, FM_TEAR_MOSTBITS, FM_TEAR_GARBAGE};
    for (unsigned m = 0; m < 4; m++) {
        for (uint64_t seed = 1; seed <= 6; seed++) {
            struct pcd_updater_result res;
            fm_snapshot_restore(e->tp.fm, snap);
            tp_reset_records(&e->tp);
            tp_script_net(&e->tp, NULL, 0, TP_NET_ANSWER_FAIL);
            tp_arm_cut(&e->tp, fm_next_seq(e->tp.fm), FM_FAULT_TEAR);
            e->tp.cut.tear.mode = modes[m];
            e->tp.cut.tear.seed = seed * 31u + m;
            assert_int_equal(run(e, &res), PCD_E_HALTED);
            tp_disarm_cut(&e->tp);
            tp_power_cycle(&e->tp);
            assert_int_equal(run(e, &res), 0);
            assert_true(res.outcome == PCD_UPD_EXHAUSTED || res.outcome == PCD_UPD_ALREADY_REJECTED);
            if (res.outcome == PCD_UPD_ALREADY_REJECTED && res.slot.torn) {
                assert_int_equal(res.reason, 0); /* reason unreadable, still rejected */
            }
            tp_warm_reset(&e->tp);
            tp_reset_records(&e->tp);
            assert_int_equal(run(e, &res), 0);
            assert_int_equal(res.outcome, PCD_UPD_ALREADY_REJECTED);
            assert_int_equal(e->tp.releases, 0);
            assert_int_equal(pt_violations(e), 0);
            assert_true(pt_old_image_intact(e));
        }
    }
    assert_int_equal(cut_and_recover(e, snap, 0, FM_FAULT_CUT_BEFORE, FM_TEAR_PREFIX, NULL, 0, TP_NET_ANSWER_FAIL),
                     PCD_UPD_EXHAUSTED);
    fm_snapshot_destroy(snap);
    pt_env_free(e);
}

/* APP-RETRY: the attempt counter lives in RAM only; after a power cut the procedure restarts
 * with N fresh attempts (a persisted counter would reject this update). */
static void test_powercut__attempt_counter_restarts(void **state) /* APP-RETRY, SYS-POWER-SAFE */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct fm_snapshot *snap = NULL;
    pt_put_candidate(e, FX_NET_V2, false);
    assert_int_equal(fm_snapshot_create(e->tp.fm, &snap), 0);
    fm_snapshot_take(e->tp.fm, snap);
    const enum tp_net_behaviour script[] = {TP_NET_ANSWER_FAIL, TP_NET_ANSWER_FAIL, TP_NET_B0N};
    /* FAIL answers touch no flash: operation 100 is inside the third attempt's copy */
    struct pcd_updater_result res;
    fm_snapshot_restore(e->tp.fm, snap);
    tp_reset_records(&e->tp);
    tp_script_net(&e->tp, script, 3, TP_NET_B0N);
    tp_arm_cut(&e->tp, fm_next_seq(e->tp.fm) + 100u, FM_FAULT_CUT_BEFORE);
    assert_int_equal(run(e, &res), PCD_E_HALTED);
    assert_int_equal(e->tp.releases, 3);
    tp_disarm_cut(&e->tp);
    tp_power_cycle(&e->tp);
    tp_script_net(&e->tp, script, 3, TP_NET_B0N);
    e->tp.releases = 0;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    assert_int_equal(res.attempts, 3);
    assert_int_equal(e->tp.releases, 3);
    assert_net_runs(e, FX_NET_V2, 2);
    fm_snapshot_destroy(snap);
    pt_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_powercut__during_copy_internal),
        cmocka_unit_test(test_powercut__during_copy_qspi),
        cmocka_unit_test(test_powercut__torn_copy_operations),
        cmocka_unit_test(test_powercut__during_mark_done),
        cmocka_unit_test(test_powercut__during_mark_nack),
        cmocka_unit_test(test_powercut__attempt_counter_restarts),
    };
    return cmocka_run_group_tests_name("pcd.powercut", tests, NULL, NULL);
}
