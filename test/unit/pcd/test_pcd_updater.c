/* The app-side updater (pcd/updater.h) end to end: application-core port, scripted network core
 * running the real B0N, real flash model, fixture images. Each test names the requirement ids
 * (reference-behaviour.md §3 "App-side updater", SYS-*) it checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd_test_util.h"

#define V2_LEN 0x258C4u
#define S_US 1000000u

static int slot_dev(const struct pt_env *e)
{
    return e->ucfg.slot_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH;
}

static int run(struct pt_env *e, struct pcd_updater_result *res)
{
    return pcd_updater_run(&e->ucfg, &e->tp.app_port, res);
}

/* A new boot of the application core: warm reset (RAM kept), records cleared. */
static void reboot(struct pt_env *e)
{
    tp_warm_reset(&e->tp);
    tp_reset_records(&e->tp);
    fm_stats_reset(e->tp.fm);
}

static uint32_t rec_word(struct pt_env *e, uint32_t back)
{
    uint8_t b[4];
    assert_int_equal(fm_peek(e->tp.fm, slot_dev(e), e->ucfg.slot_off + e->ucfg.slot_size - back, b, 4), 0);
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

static void assert_locked(struct pt_env *e)
{
    assert_int_equal(e->tp.spu_locks, 1);
    assert_int_equal(e->tp.spu_lock_addr, PT_PCD);
    assert_int_equal(e->tp.spu_lock_len, 0x2000);
    assert_int_equal(pcd_shared_write32(&e->tp.app_port, PT_PCD, PCD_CMD_MAGIC_COPY), PCD_E_BUS_FAULT);
    assert_int_equal(pcd_shared_write32(&e->tp.net_port, PT_PCD, PCD_CMD_MAGIC_COPY), PCD_E_BUS_FAULT);
}

static void assert_never_released(struct pt_env *e)
{
    assert_int_equal(e->tp.releases, 0);
    assert_int_equal(e->tp.b0n_runs, 0);
    assert_true(pt_old_image_intact(e));
    assert_true(e->tp.net_held);
}

/* ---- end to end ------------------------------------------------------------------------------- */

/* APP-VALIDATE, APP-ROUTE, APP-HASH, APP-FORCEOFF, APP-MARK-DONE, APP-LOCK, SYS-REPORT */
static void test_updater__internal_slot_end_to_end(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    if (res.outcome != PCD_UPD_DONE) {
        pt_dump_logs(e);
    }
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    assert_int_equal(res.reason, 0);
    assert_int_equal(res.slot.swap, PCD_SWAP_TEST);
    assert_true(res.candidate);
    assert_true(res.targets_net);
    assert_int_equal(res.img_size, V2_LEN);
    assert_int_equal(res.version.major, 2);
    assert_int_equal(res.attempts, 1);
    assert_int_equal(res.attempt[0].rc, 0);
    assert_false(res.staged);
    assert_int_equal(res.src, PT_INT_SLOT_OFF + PT_HDR);

    /* APP-HASH: the extension carries the SHA-256 of exactly the copied bytes */
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF + PT_HDR, V2_LEN, sha);
    assert_memory_equal(res.sha256, sha, sizeof(sha));
    struct pcd_cmd blk;
    pt_peek_cmd(e, &blk);
    assert_int_equal(blk.magic, PCD_CMD_MAGIC_DONE);
    assert_int_equal(blk.src, PT_INT_SLOT_OFF + PT_HDR);
    assert_int_equal(blk.len, V2_LEN);
    assert_int_equal(blk.dst_off, PT_NET_APP_OFF);
    assert_int_equal(pcd_cmd_ext_state(&blk), PCD_CMD_EXT_PRESENT);
    assert_memory_equal(blk.sha256, sha, sizeof(sha));

    /* APP-FORCEOFF: one round trip, every block write while held, held at the end */
    assert_int_equal(e->tp.releases, 1);
    assert_int_equal(e->tp.holds, 1);
    assert_int_equal(e->tp.pcd_writes_while_running, 0);
    assert_int_equal(e->tp.holds_before_answer, 0);
    assert_true(e->tp.net_held);
    /* the answer is seen only once the copy's device time has passed (1 s polls) */
    assert_true(res.attempt[0].waited_us >= e->tp.net.time_us - e->tp.release_time_us);
    assert_true(res.attempt[0].waited_us < e->tp.net.time_us - e->tp.release_time_us + S_US + 1u);

    /* the copy and the record */
    assert_true(pt_net_has_body(e, FX_NET_V2));
    assert_true(pt_container_intact(e));
    assert_int_equal(rec_word(e, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_DONE_VAL);
    assert_int_equal(rec_word(e, PCD_SLOT_REC_NACK_BACK), PCD_SLOT_REC_ERASED);
    assert_true(res.marked);
    assert_int_equal(pt_violations(e), 0);
    assert_int_equal(pt_bus_faults(e), 0);
    assert_true(res.locked);
    assert_locked(e);
    assert_true(tp_log_has(&e->tp.app, "Image index: 1, Swap type: test"));
    assert_true(tp_log_has(&e->tp.app, "Starting network core update"));
    assert_true(tp_log_has(&e->tp.app, "Network core update done"));
    assert_string_equal(pcd_update_outcome_text(res.outcome), "network core update done");

    /* milestones for the simulator's timeline (pcd_trace) */
    assert_int_equal(e->tp.app.trace_count[PCD_TRACE_APP_VALIDATED], 1);
    assert_int_equal(e->tp.app.trace_arg[PCD_TRACE_APP_VALIDATED], V2_LEN);
    assert_int_equal(e->tp.app.trace_count[PCD_TRACE_APP_STAGED], 0);
    assert_int_equal(e->tp.app.trace_count[PCD_TRACE_APP_OUTCOME], 1);
    assert_int_equal(e->tp.app.trace_arg[PCD_TRACE_APP_OUTCOME], 0);
    assert_int_equal(e->tp.app.trace_count[PCD_TRACE_APP_MARK_STARTED], 1);
    assert_int_equal(e->tp.app.trace_arg[PCD_TRACE_APP_MARK_DONE], 1);
    assert_int_equal(e->tp.net.trace_arg[PCD_TRACE_B0N_CMD_SEEN], PCD_CMD_MAGIC_COPY);
    assert_int_equal(e->tp.net.trace_count[PCD_TRACE_B0N_SRC_VERIFIED], 1);
    assert_int_equal(e->tp.net.trace_count[PCD_TRACE_B0N_COPY_DONE], 1);
    assert_int_equal(e->tp.net.trace_arg[PCD_TRACE_B0N_DST_VERIFIED], V2_LEN);

    /* the application later releases the network core: B0N boots the new image */
    tp_warm_reset(&e->tp);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 2);
    pt_env_free(e);
}

/* APP-STAGE (H1, H2, H3), APP-HASH: a QSPI slot is staged into the RAM flash simulator */
static void test_updater__qspi_slot_staged_end_to_end(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    pt_put_candidate(e, FX_NET_V2, false);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    assert_true(res.staged);
    assert_int_equal(res.src, PT_RAM_FLASH); /* never 0x74200 (the slot offset) nor 0x10074200 (XIP) */
    assert_int_equal(e->tp.app.trace_arg[PCD_TRACE_APP_STAGED], PT_RAM_FLASH);
    struct pcd_cmd blk;
    pt_peek_cmd(e, &blk);
    assert_int_equal(blk.src, PT_RAM_FLASH);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_QSPI, PT_QSPI_SLOT_OFF + PT_HDR, V2_LEN, sha);
    assert_memory_equal(res.sha256, sha, sizeof(sha));
    assert_true(pt_net_has_body(e, FX_NET_V2));
    assert_int_equal(pt_bus_faults(e), 0); /* the net core never touched QSPI */
    assert_int_equal(pt_violations(e), 0);
    assert_int_equal(rec_word(e, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_DONE_VAL);
    assert_locked(e);
    pt_env_free(e);
}

/* APP-MARK-DONE, SYS-IDEMPOTENT: the next boot does nothing */
static void test_updater__next_boot_does_nothing(void **state)
{
    (void)state;
    for (int s = 0; s < 2; s++) {
        struct pt_env *e = pt_env_new(s == 0 ? PT_SLOT_INTERNAL : PT_SLOT_QSPI);
        pt_put_candidate(e, FX_NET_V2, true);
        struct pcd_updater_result res;
        assert_int_equal(run(e, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_DONE);
        assert_int_equal(res.slot.swap, PCD_SWAP_PERM);
        for (int boot = 0; boot < 3; boot++) {
            reboot(e);
            assert_int_equal(run(e, &res), 0);
            assert_int_equal(res.outcome, PCD_UPD_ALREADY_DONE);
            assert_int_equal(res.slot.mark, PCD_SLOT_DONE);
            assert_int_equal(e->tp.releases, 0);
            struct fm_stats st;
            assert_int_equal(fm_stats(e->tp.fm, FM_NRF_NET_FLASH, &st), 0);
            assert_int_equal(st.erases + st.prog_ops, 0);
            assert_locked(e);
        }
        assert_true(tp_log_has(&e->tp.app, "already done"));
        pt_env_free(e);
    }
}

/* APP-VALIDATE, APP-MARK-NACK, SYS-REPORT: invalid candidates never reach the network core */
static void test_updater__invalid_candidates_rejected(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int reason;
    } cases[] = {
        {FX_NET_CORRUPT, PCD_E_IMG_HASH},
        {FX_NET_ROGUE, 0},
        {FX_NET_TRUNC, 0},
        {FX_NET_OVERSIZE, PCD_E_IMG_TOO_LARGE}, /* APP-SIZE */
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct pt_env *e = pt_env_new(i % 2 ? PT_SLOT_QSPI : PT_SLOT_INTERNAL);
        pt_put_candidate(e, cases[i].file, false);
        struct pcd_updater_result res;
        print_message("  %s\n", cases[i].file);
        assert_int_equal(run(e, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_REJECTED);
        if (cases[i].reason != 0) {
            assert_int_equal(res.reason, cases[i].reason);
        }
        assert_true(res.reason <= PCD_E_IMG_MAGIC && res.reason >= -39);
        assert_never_released(e);
        assert_true(res.marked);
        assert_int_not_equal(rec_word(e, PCD_SLOT_REC_NACK_BACK), PCD_SLOT_REC_ERASED);
        assert_int_equal(rec_word(e, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_ERASED);
        assert_true(tp_log_has(&e->tp.app, "Network core update rejected"));
        assert_string_equal(pcd_update_outcome_text(res.outcome), "update rejected");
        assert_locked(e);
        /* the next boot neither validates nor retries it */
        reboot(e);
        assert_int_equal(run(e, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_ALREADY_REJECTED);
        assert_int_equal(res.slot.nack_reason, res.reason);
        assert_never_released(e);
        pt_env_free(e);
    }
}

/* APP-VALIDATE: a broken header magic is no candidate at all */
static void test_updater__bad_magic_is_no_candidate(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_BADMAGIC, false);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_NO_CANDIDATE);
    assert_false(res.candidate);
    assert_never_released(e);
    assert_int_equal(rec_word(e, PCD_SLOT_REC_NACK_BACK), PCD_SLOT_REC_ERASED);
    assert_true(tp_log_has(&e->tp.app, "Swap type: none"));
    assert_locked(e);
    pt_env_free(e);
}

/* A candidate without a pending request (no trailer magic) is not processed. */
static void test_updater__no_request_no_update(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_load(e, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF, FX_NET_V2);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_NO_CANDIDATE);
    assert_true(res.candidate);
    assert_int_equal(res.slot.swap, PCD_SWAP_NONE);
    assert_never_released(e);
    pt_env_free(e);
}

/* APP-ROUTE: an application-core image is left to MCUboot, untouched */
static void test_updater__app_image_left_alone(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_APP_V2, false);
    uint8_t before[PCD_SHA256_LEN], after[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF, PT_INT_SLOT_SIZE, before);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_NOT_NET_IMAGE);
    assert_false(res.targets_net);
    assert_never_released(e);
    pt_sha_dev(e, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF, PT_INT_SLOT_SIZE, after);
    assert_memory_equal(before, after, sizeof(before));
    assert_true(tp_log_has(&e->tp.app, "targets the application core"));
    pt_env_free(e);
}

/* B0N-COPY through the updater: the max-size fixture, and an Ed25519-signed image */
static void test_updater__max_size_and_ed25519(void **state)
{
    (void)state;
    const char *files[] = {FX_NET_MAX, FX_NET_V1_ED};
    for (unsigned i = 0; i < 2; i++) {
        struct pt_env *e = pt_env_new(i ? PT_SLOT_INTERNAL : PT_SLOT_QSPI);
        pt_put_candidate(e, files[i], false);
        struct pcd_updater_result res;
        assert_int_equal(run(e, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_DONE);
        assert_true(pt_net_has_body(e, files[i]));
        assert_true(pt_container_intact(e));
        assert_int_equal(pt_violations(e), 0);
        pt_env_free(e);
    }
}

/* APP-TIMEOUT, APP-RETRY, APP-MARK-NACK, SYS-REPORT ("timeout", "attempts exhausted"), H10 */
static void test_updater__silent_net_core(void **state)
{
    (void)state;
    const enum tp_net_behaviour kinds[] = {TP_NET_SILENT, TP_NET_CRASH};
    for (unsigned i = 0; i < 2; i++) {
        struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
        pt_put_candidate(e, FX_NET_V2, false);
        tp_script_net(&e->tp, NULL, 0, kinds[i]);
        struct pcd_updater_result res;
        assert_int_equal(run(e, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
        assert_int_equal(res.reason, PCD_E_NET_SILENT);
        assert_int_equal(res.attempts, 3);
        assert_int_equal(res.timeouts, 3);
        for (unsigned k = 0; k < 3; k++) {
            assert_int_equal(res.attempt[k].rc, PCD_E_NET_SILENT);
            assert_int_equal(res.attempt[k].waited_us, 60u * S_US);
        }
        assert_int_equal(e->tp.app.trace_count[PCD_TRACE_APP_OUTCOME], 3);
        assert_int_equal(e->tp.app.trace_arg[PCD_TRACE_APP_OUTCOME], 72);
        assert_int_equal(e->tp.app.trace_arg[PCD_TRACE_APP_MARK_DONE], 0);
        assert_true(e->tp.app.time_us >= 180ull * S_US);
        assert_int_equal(e->tp.releases, 3);
        assert_int_equal(e->tp.holds, 3);
        assert_true(e->tp.net_held);
        assert_false(res.net_no_valid_image);
        struct pcd_cmd blk;
        pt_peek_cmd(e, &blk);
        assert_int_equal(blk.magic, PCD_CMD_MAGIC_FAIL); /* withdrawn: a later release copies nothing */
        assert_int_equal(rec_word(e, PCD_SLOT_REC_NACK_BACK), 0xFFB70048u); /* reason 72 + complement */
        assert_true(tp_log_has(&e->tp.app, "timeout"));
        assert_true(tp_log_has(&e->tp.app, "attempts exhausted"));
        assert_true(pt_old_image_intact(e));
        assert_locked(e);
        reboot(e);
        assert_int_equal(run(e, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_ALREADY_REJECTED);
        assert_int_equal(res.reason, PCD_E_NET_SILENT);
        assert_int_equal(e->tp.releases, 0);
        pt_env_free(e);
    }
}

/* APP-RETRY: failures then success within one boot */
/* A B0N forced to write into an ACL-locked range (its lock covers one page more than its own
 * container: a misconfiguration) halts with a BusFault at its first erase (nRF5340 PS, ACL) and
 * never answers: the app side's bounded wait handles it like a silent network core
 * (APP-TIMEOUT, APP-RETRY, APP-MARK-NACK); nothing is erased. */
static void test_updater__b0n_faults_on_acl(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    e->tp.acl_lock_off = 0u;
    e->tp.acl_lock_len = PT_NET_APP_OFF + PT_NET_PAGE;
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(e->tp.b0n_runs, 3);
    assert_int_equal(e->tp.last_b0n_rc, PCD_E_HALTED); /* halted by the fault: no answer written */
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_HALTED);
    assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.reason, PCD_E_NET_SILENT);
    assert_int_equal(res.timeouts, 3);
    for (unsigned k = 0; k < 3; k++) {
        assert_int_equal(res.attempt[k].rc, PCD_E_NET_SILENT);
        assert_int_equal(res.attempt[k].waited_us, 60u * S_US);
    }
    unsigned n, acl = 0;
    const struct fm_record *r = fm_records(e->tp.fm, NULL, &n);
    for (unsigned i = 0; i < n; i++) {
        acl += r[i].kind == FM_REC_BUS_FAULT && r[i].err == FM_E_ACL && r[i].addr == PT_NET_FLASH_BASE + PT_NET_APP_OFF;
    }
    assert_int_equal(acl, 3);
    assert_true(pt_old_image_intact(e));
    assert_true(pt_container_intact(e));
    assert_true(tp_log_has(&e->tp.app, "timeout"));
    pt_env_free(e);
}

static void test_updater__retry_then_done(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    pt_put_candidate(e, FX_NET_V2, false);
    const enum tp_net_behaviour script[] = {TP_NET_ANSWER_FAIL, TP_NET_SILENT};
    tp_script_net(&e->tp, script, 2, TP_NET_B0N);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    assert_int_equal(res.attempts, 3);
    assert_int_equal(res.attempt[0].rc, PCD_E_SRC_HASH);
    assert_int_equal(res.attempt[1].rc, PCD_E_NET_SILENT);
    assert_int_equal(res.attempt[2].rc, 0);
    assert_int_equal(e->tp.releases, 3);
    assert_true(pt_net_has_body(e, FX_NET_V2));
    assert_int_equal(rec_word(e, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_DONE_VAL);
    pt_env_free(e);
}

/* APP-RETRY, APP-MARK-NACK: N failures -> NACK; configurable N, timeout, poll period */
static void test_updater__failures_exhaust_attempts(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    e->ucfg.attempts = 5;
    e->ucfg.timeout_us = 10u * S_US;
    e->ucfg.poll_us = 300000u;
    const enum tp_net_behaviour script[] = {TP_NET_ANSWER_FAIL, TP_NET_SILENT, TP_NET_ANSWER_FAIL, TP_NET_SILENT};
    tp_script_net(&e->tp, script, 4, TP_NET_ANSWER_FAIL);
    e->tp.fail_reason = PCD_E_NOT_BOOTABLE;
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.attempts, 5);
    assert_int_equal(res.timeouts, 2);
    assert_int_equal(res.attempt[1].waited_us, 10u * S_US); /* 33 polls of 0.3 s, then 0.1 s */
    assert_int_equal(res.attempt[0].waited_us, 300000u);
    assert_int_equal(res.reason, PCD_E_NOT_BOOTABLE);
    assert_int_equal(e->tp.releases, 5);
    assert_string_equal(pcd_update_outcome_text(res.outcome), "attempts exhausted");
    reboot(e);
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_ALREADY_REJECTED);
    assert_int_equal(res.reason, PCD_E_NOT_BOOTABLE);
    pt_env_free(e);
}

/* APP-TIMEOUT, APP-FORCEOFF: a copy slower than the timeout is forced off mid-way */
static void test_updater__slow_copy_forced_off(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    e->ucfg.timeout_us = 3u * S_US;
    e->tp.net_budget_us = 3u * S_US; /* the Hold at the timeout resets the net core */
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.timeouts, 3);
    assert_int_equal(e->tp.b0n_runs, 3);
    assert_int_equal(e->tp.last_b0n_rc, PCD_E_HALTED);
    assert_true(e->tp.last_b0n.dst_modified);
    assert_int_equal(e->tp.holds_before_answer, 0);
    assert_true(pt_container_intact(e));
    pt_env_free(e);
}

/* SYS-REPORT: "net core has no valid image" when failed attempts had erased its partition */
static void test_updater__reports_net_core_without_image(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    tp_set_net_fault(&e->tp, TP_FAULT_ERROR, 0x10000u, 4u);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.reason, PCD_E_IO);
    assert_true(res.net_no_valid_image);
    assert_true(res.attempt[0].b0n_flags & PCD_CMD_B0N_DST_MODIFIED);
    assert_true(tp_log_has(&e->tp.app, "Network core has no valid image"));
    assert_true(pt_container_intact(e));
    pt_env_free(e);
}

/* APP-TIMEOUT with 64-bit device time: 24 h (86 400 000 000 µs) and 4 294 968 000 µs do not fit
 * 32 bits (wrapped, they were 500 s and 704 µs, the latter refused as shorter than the poll):
 * each attempt waits them in full. */
static void test_updater__timeout_beyond_32_bits(void **state)
{
    (void)state;
    const uint64_t timeouts[] = {86400ull * S_US, 4294968000ull};
    for (unsigned i = 0; i < 2; i++) {
        struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
        pt_put_candidate(e, FX_NET_V2, false);
        tp_script_net(&e->tp, NULL, 0, TP_NET_SILENT);
        e->ucfg.attempts = 2;
        e->ucfg.timeout_us = timeouts[i];
        e->ucfg.poll_us = 60u * S_US;
        struct pt_rec_port *r = calloc(1, sizeof(*r));
        pt_rec_init(r, &e->tp.app_port);
        struct pcd_updater_result res;
        assert_int_equal(pcd_updater_run(&e->ucfg, &r->port, &res), 0);
        assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
        assert_int_equal(res.timeouts, 2);
        assert_int_equal(r->n_waits, 2);
        for (unsigned k = 0; k < 2; k++) {
            assert_int_equal(res.attempt[k].waited_us, timeouts[i]);
            assert_int_equal(r->waits[k], timeouts[i]);
        }
        assert_true(e->tp.app.time_us >= 2u * timeouts[i]);
        free(r);
        pt_env_free(e);
    }
    /* a timeout above the updater's maximum is refused (and said so), never cut short */
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    e->ucfg.timeout_us = PCD_UPDATER_MAX_TIMEOUT_US + 1u;
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), PCD_E_INVAL);
    assert_int_equal(res.outcome, PCD_UPD_ERROR);
    assert_true(tp_log_has(&e->tp.app, "configuration refused"));
    assert_never_released(e);
    pt_env_free(e);
}

/* APP-TIMEOUT: the wait budget is exact. A value that is neither the command nor an answer
 * appearing in the block mid-wait (here 4 s in, seen at the 6 s poll) is "not yet": the wait
 * goes on to the timeout and no further -- the budget is neither restarted nor extended by a
 * poll period. 10 s with 3 s polls: polls at 3, 6, 9, then the last period cut to 10. Measured
 * on the port's delays, not on what the updater reports. */
static void test_updater__non_answer_mid_wait_keeps_budget(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    tp_script_net(&e->tp, NULL, 0, TP_NET_SILENT);
    e->ucfg.attempts = 2;
    e->ucfg.timeout_us = 10u * S_US;
    e->ucfg.poll_us = 3u * S_US;
    struct pt_rec_port *r = calloc(1, sizeof(*r));
    pt_rec_init(r, &e->tp.app_port);
    r->glitch_us = 4u * S_US;
    r->glitch_val = 0x12345678u;
    struct pcd_updater_result res;
    assert_int_equal(pcd_updater_run(&e->ucfg, &r->port, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.attempts, 2);
    assert_int_equal(res.timeouts, 2);
    assert_int_equal(r->n_waits, 2);
    for (unsigned k = 0; k < 2; k++) {
        assert_int_equal(res.attempt[k].rc, PCD_E_NET_SILENT);
        assert_int_equal(r->waits[k], 10u * S_US);
        assert_int_equal(res.attempt[k].waited_us, 10u * S_US);
    }
    free(r);
    pt_env_free(e);
}

/* APP-FORCEOFF: hold, write (magic last), release, wait, hold — checked on the port calls */
static void test_updater__forceoff_protocol(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    struct pt_rec_port *r = calloc(1, sizeof(*r));
    pt_rec_init(r, &e->tp.app_port);
    struct pcd_updater_result res;
    assert_int_equal(pcd_updater_run(&e->ucfg, &r->port, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    bool held = true;
    unsigned rel = 0, magic_writes = 0;
    int last_release = -1, last_magic = -1;
    for (unsigned i = 0; i < r->n && i < PT_REC_MAX; i++) {
        const struct pt_rec_event *ev = &r->ev[i];
        if (ev->kind == 'H') {
            held = true;
        } else if (ev->kind == 'R') {
            held = false;
            rel++;
            last_release = (int)i;
        } else if (ev->kind == 'W' && ev->addr >= PT_PCD && ev->addr < PT_PCD + PCD_CMD_BLOCK_SIZE) {
            assert_true(held);
            if (ev->addr == PT_PCD && ev->val == PCD_CMD_MAGIC_COPY) {
                magic_writes++;
                last_magic = (int)i;
                assert_int_equal(r->ev[i + 1].kind, 'R');
            }
        }
    }
    assert_true(held);
    assert_int_equal(rel, 1);
    assert_int_equal(magic_writes, 1);
    assert_int_equal(last_release, last_magic + 1);
    free(r);
    pt_env_free(e);
}

/* APP-LOCK (H12): locked after every run; the option turns it off for TF-M set-ups */
static void test_updater__lock_every_boot(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0); /* empty slot */
    assert_int_equal(res.outcome, PCD_UPD_NO_CANDIDATE);
    assert_locked(e);
    reboot(e);
    e->ucfg.lock_pcd_ram = false;
    assert_int_equal(run(e, &res), 0);
    assert_false(res.locked);
    assert_int_equal(e->tp.spu_locks, 0);
    assert_int_equal(pcd_shared_write32(&e->tp.app_port, PT_PCD + 0x100, 1), 0);
    pt_env_free(e);
}

/* A command left in the block by an earlier boot is withdrawn before anything else. */
static void test_updater__stale_command_withdrawn(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    uint8_t sha[PCD_SHA256_LEN] = {0};
    struct pcd_cmd c, after;
    pcd_cmd_make_copy(&c, 0x80200u, V2_LEN, PT_NET_APP_OFF, sha);
    pt_poke_cmd(e, &c);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    pt_peek_cmd(e, &after);
    assert_int_equal(after.magic, PCD_CMD_MAGIC_FAIL);
    tp_warm_reset(&e->tp);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_true(pt_old_image_intact(e));
    pt_env_free(e);
}

static void test_updater__config_checked(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pcd_updater_result res;
    struct pcd_updater_config c = e->ucfg;
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), 0);
    c.attempts = 0;
    assert_int_equal(pcd_updater_run(&c, &e->tp.app_port, &res), PCD_E_INVAL);
    c = e->ucfg;
    c.poll_us = c.timeout_us + 1u;
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), PCD_E_INVAL);
    c = e->ucfg;
    c.slot_mem = PCD_MEM_RAM_FLASH; /* not persistent */
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), PCD_E_INVAL);
    c = e->ucfg;
    c.slot_off = 0xFF000u; /* runs past app flash */
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), PCD_E_INVAL);
    c = e->ucfg;
    c.net_app_addr = 0x01008000u; /* overlaps the B0N container */
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), PCD_E_INVAL);
    c = e->ucfg;
    c.pcd_sram_addr = 0x20001000u; /* not an SPU region */
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), PCD_E_INVAL);
    c = e->ucfg;
    c.slot_mem = PCD_MEM_QSPI;
    c.slot_off = PT_QSPI_SLOT_OFF;
    c.slot_size = PT_QSPI_SLOT_SIZE;
    c.stage_off = 0x9000u; /* staged image would run past the 256 KiB RAM flash */
    assert_int_equal(pcd_updater_config_check(&c, &e->tp.app_port), PCD_E_INVAL);
    assert_int_equal(pcd_updater_run(&e->ucfg, &e->tp.app_port, NULL), PCD_E_INVAL);
    pt_env_free(e);

    /* a QSPI slot needs the RAM flash simulator */
    struct pt_env *f = calloc(1, sizeof(*f));
    const struct fm_nrf5340_opts opts = {true, 0, 0, 0};
    assert_int_equal(tp_sys_init(&f->tp, &opts, 1), 0);
    pcd_updater_config_default(&c);
    c.slot_mem = PCD_MEM_QSPI;
    c.slot_off = PT_QSPI_SLOT_OFF;
    c.slot_size = PT_QSPI_SLOT_SIZE;
    assert_int_equal(pcd_updater_config_check(&c, &f->tp.app_port), PCD_E_INVAL);
    tp_sys_fini(&f->tp);
    free(f);
}

/* The record format (docs/SPEC.md): decoding of erased, written and torn words. */
static void test_updater__slot_record_decoding(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pcd_slot_state st;
    const struct pcd_port *p = &e->tp.app_port;
    const uint32_t off = PT_INT_SLOT_OFF, size = PT_INT_SLOT_SIZE;
    assert_int_equal(pcd_slot_state_read(p, PCD_MEM_APP_FLASH, off, size, &st), 0);
    assert_int_equal(st.mark, PCD_SLOT_UNMARKED);
    assert_false(st.magic_good);
    assert_int_equal(st.swap, PCD_SWAP_NONE);
    assert_int_equal(pcd_slot_mark_nack(p, PCD_MEM_APP_FLASH, off, size, PCD_E_IMG_SIG), 0);
    assert_int_equal(pcd_slot_state_read(p, PCD_MEM_APP_FLASH, off, size, &st), 0);
    assert_int_equal(st.mark, PCD_SLOT_NACK);
    assert_false(st.torn);
    assert_int_equal(st.nack_reason, PCD_E_IMG_SIG);
    /* writing again is a no-op (never a second program of the word) */
    fm_stats_reset(e->tp.fm);
    assert_int_equal(pcd_slot_mark_nack(p, PCD_MEM_APP_FLASH, off, size, PCD_E_IMG_HASH), 0);
    struct fm_stats fs;
    assert_int_equal(fm_stats(e->tp.fm, FM_NRF_APP_FLASH, &fs), 0);
    assert_int_equal(fs.prog_ops, 0);
    /* a torn NACK word (some of its zero bits missing) still reads as NACK, reason unreadable */
    const uint8_t torn[4] = {0x20, 0xFF, 0xDF, 0xFF};
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_FLASH, off + size - PCD_SLOT_REC_NACK_BACK, torn, 4), 0);
    assert_int_equal(pcd_slot_state_read(p, PCD_MEM_APP_FLASH, off, size, &st), 0);
    assert_int_equal(st.mark, PCD_SLOT_NACK);
    assert_true(st.torn);
    assert_int_equal(st.nack_reason, 0);
    /* DONE wins over NACK; a torn DONE still reads DONE */
    const uint8_t torn_done[4] = {0xFF, 0x4F, 0xFF, 0xFF};
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_FLASH, off + size - PCD_SLOT_REC_DONE_BACK, torn_done, 4), 0);
    assert_int_equal(pcd_slot_state_read(p, PCD_MEM_APP_FLASH, off, size, &st), 0);
    assert_int_equal(st.mark, PCD_SLOT_DONE);
    assert_true(st.torn);
    /* swap decision table rows of a secondary slot (facts §5.4) */
    assert_int_equal(pcd_swap_type_of(true, 0xFF), PCD_SWAP_TEST);
    assert_int_equal(pcd_swap_type_of(true, 0x01), PCD_SWAP_PERM);
    assert_int_equal(pcd_swap_type_of(true, 0x77), PCD_SWAP_NONE);
    assert_int_equal(pcd_swap_type_of(false, 0x01), PCD_SWAP_NONE);
    assert_string_equal(pcd_swap_type_name(PCD_SWAP_TEST), "test");
    assert_int_equal(pcd_slot_state_read(p, PCD_MEM_APP_FLASH, off, 60, &st), PCD_E_INVAL);
    assert_int_equal(pcd_slot_mark_nack(p, PCD_MEM_APP_FLASH, off, size, 0), PCD_E_INVAL);
    pt_env_free(e);
}

/* SYS-REPORT: failed attempts that changed the partition but left it bootable (stuck cells in the
 * validation info's signature, which B0N's boot check does not read): no "no valid image", as B0N
 * will boot it (issue 11, item 7) */
static void test_updater__no_false_no_valid_image(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_put_candidate(e, FX_NET_V2, false);
    tp_set_net_fault(&e->tp, TP_FAULT_STUCK, PT_NET_APP_OFF + 0x25814u + 128u, 4u);
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_EXHAUSTED);
    assert_int_equal(res.reason, PCD_E_DST_HASH);
    assert_true(res.attempt[2].b0n_flags & PCD_CMD_B0N_DST_BOOTS);
    assert_false(res.net_no_valid_image);
    assert_false(tp_log_has(&e->tp.app, "no valid image"));
    assert_true(tp_log_has(&e->tp.app, "still passes its boot check"));
    pt_env_free(e);
}

/* A net image with DEPENDENCY TLVs (scenarios/images, made by make_dep_images.py) as the
 * candidate, application v1 in the primary slot. */
static struct pt_env *env_with_dep_candidate(const char *image)
{
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    char path[1024];
    uint32_t len = 0;
    snprintf(path, sizeof(path), "%s/scenarios/images/%s", PCDSIM_SOURCE_DIR, image);
    assert_int_equal(tp_load_file(&e->tp, FM_NRF_APP_FLASH, e->ucfg.slot_off, path, &len), 0);
    assert_int_equal(tp_request_upgrade(&e->tp, FM_NRF_APP_FLASH, e->ucfg.slot_off, e->ucfg.slot_size, false), 0);
    pt_load(e, FM_NRF_APP_FLASH, e->ucfg.primary_off, "signed/app-v1-64k_ecdsa-p256.bin");
    return e;
}

static void assert_refused_for_dependency(struct pt_env *e, const struct pcd_updater_result *res, const char *why)
{
    assert_int_equal(res->outcome, PCD_UPD_REJECTED);
    assert_int_equal(res->reason, PCD_E_IMG_DEPENDENCY);
    assert_int_equal(res->attempts, 0);
    assert_int_equal(e->tp.app.trace_count[PCD_TRACE_APP_VALIDATED], 0);
    assert_true(tp_log_has(&e->tp.app, "MI-DEPENDENCY"));
    assert_true(tp_log_has(&e->tp.app, why));
    assert_true(pt_old_image_intact(e));
    assert_true(pt_container_intact(e));
    assert_int_equal(rec_word(e, PCD_SLOT_REC_DONE_BACK), PCD_SLOT_REC_ERASED);
    assert_true(rec_word(e, PCD_SLOT_REC_NACK_BACK) != PCD_SLOT_REC_ERASED); /* recorded as rejected */
}

/* The rule: met iff the running version is at least the required one (major, minor, revision;
 * not the build), on the fixture app image that depends on image 1 >= 2.0.0 */
static void test_updater__dependency_rule(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    const uint32_t len = pt_load(e, FM_NRF_APP_FLASH, e->ucfg.slot_off, "signed/app-v2-200k_ecdsa-p256_dep-net.bin");
    const struct pcd_image_config ic = {e->keys, 2, e->ucfg.net_app_addr, e->ucfg.net_app_size};
    struct pcd_image_result ir;
    assert_int_equal(pcd_image_validate(&e->tp.app_port, PCD_MEM_APP_FLASH, e->ucfg.slot_off, len, &ic, &ir), 0);
    assert_int_equal(ir.dep_count, 1);
    const struct pcd_image_dep *d = &ir.deps[0];
    assert_int_equal(d->image_id, 1);
    assert_false(pcd_image_dep_met_by(d, 1, 255, 65535));
    assert_true(pcd_image_dep_met_by(d, 2, 0, 0)); /* fw_info.version 2 as 2.0.0 */
    assert_true(pcd_image_dep_met_by(d, 3, 0, 0));
    const struct pcd_image_dep needs = {0, {1, 2, 3, 9}};
    assert_false(pcd_image_dep_met_by(&needs, 1, 2, 2));
    assert_true(pcd_image_dep_met_by(&needs, 1, 2, 3)); /* the build number is not compared */
    assert_false(pcd_image_dep_met_by(&needs, 1, 1, 9));
    assert_true(pcd_image_dep_met_by(&needs, 1, 3, 0));
    assert_false(pcd_image_dep_met_by(NULL, 9, 9, 9));
    pt_env_free(e);
}

/* MI-DEPENDENCY on the network core (READ_VERSION: fw_info.version 1 < 3.0.0): refused before
 * anything changes, with the reason; the network core only answered the version query */
static void test_updater__dependency_on_net_unmet(void **state)
{
    (void)state;
    struct pt_env *e = env_with_dep_candidate("net-v1-32k_ecdsa-p256_dep-net-3.0.0.bin");
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(e->tp.b0n_runs, 1);
    assert_int_equal(e->tp.last_b0n.kind, PCD_CMD_READ_VERSION);
    assert_refused_for_dependency(e, &res, "the network core runs fw_info version 1 (as 1.0.0)");
    assert_true(tp_log_has(&e->tp.app, "update rejected: PCD_E_IMG_DEPENDENCY"));
    assert_locked(e);
    pt_env_free(e);
}

/* MI-DEPENDENCY on the application (its header says 1.0.0 < 2.0.0): refused without waking the
 * network core; and a silent network core cannot prove a dependency on it */
static void test_updater__dependency_on_app_unmet_and_silent_net(void **state)
{
    (void)state;
    struct pt_env *e = env_with_dep_candidate("net-v1-32k_ecdsa-p256_dep-app-2.0.0.bin");
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(e->tp.b0n_runs, 0);
    assert_refused_for_dependency(e, &res, "the application runs 1.0.0");
    pt_env_free(e);

    e = env_with_dep_candidate("net-v1-32k_ecdsa-p256_dep-net-3.0.0.bin");
    tp_script_net(&e->tp, NULL, 0, TP_NET_SILENT);
    assert_int_equal(run(e, &res), 0);
    assert_refused_for_dependency(e, &res, "cannot be read (PCD_E_NET_SILENT)");
    struct pcd_cmd blk;
    pt_peek_cmd(e, &blk);
    assert_int_equal(blk.magic, PCD_CMD_MAGIC_FAIL); /* the unanswered query withdrawn */
    pt_env_free(e);
}

/* MI-DEPENDENCY met (application 1.0.0 >= 1.0.0, network core fw_info 2 >= 2.0.0): updated */
static void test_updater__dependencies_met(void **state)
{
    (void)state;
    struct pt_env *e = env_with_dep_candidate("net-v1-32k_ecdsa-p256_dep-app-1.0.0-net-1.0.0.bin");
    pt_load(e, FM_NRF_NET_FLASH, PT_NET_APP_OFF, "raw/net-v2-150k-ncs.bin");
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    assert_int_equal(res.attempts, 1);
    assert_int_equal(e->tp.b0n_runs, 2); /* READ_VERSION, then the COPY */
    assert_false(tp_log_has(&e->tp.app, "MI-DEPENDENCY"));
    pt_env_free(e);
}

/* MI-DEPENDENCY on the network core's own image: an update that would not meet its own dependency
 * once installed is refused; a network core without a valid application (a copy cut by a power
 * loss) meets it, so the interrupted update is redone */
static void test_updater__dependency_on_itself(void **state)
{
    (void)state;
    struct pt_env *e = env_with_dep_candidate("net-v1-32k_ecdsa-p256_dep-net-2.0.0.bin");
    pt_load(e, FM_NRF_NET_FLASH, PT_NET_APP_OFF, "raw/net-v2-150k-ncs.bin");
    struct pcd_updater_result res;
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_REJECTED);
    assert_int_equal(res.reason, PCD_E_IMG_DEPENDENCY);
    assert_true(tp_log_has(&e->tp.app, "the update itself is 1.0.0"));
    pt_env_free(e);

    e = env_with_dep_candidate("net-v1-32k_ecdsa-p256_dep-app-1.0.0-net-1.0.0.bin");
    static const uint8_t erased[0x800] = {0};
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF, erased, sizeof(erased)), 0);
    assert_int_equal(run(e, &res), 0);
    assert_int_equal(res.outcome, PCD_UPD_DONE);
    assert_true(tp_log_has(&e->tp.app, "runs no valid application: its dependency on image 1 is taken as met"));
    pt_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_updater__internal_slot_end_to_end),
        cmocka_unit_test(test_updater__qspi_slot_staged_end_to_end),
        cmocka_unit_test(test_updater__next_boot_does_nothing),
        cmocka_unit_test(test_updater__invalid_candidates_rejected),
        cmocka_unit_test(test_updater__bad_magic_is_no_candidate),
        cmocka_unit_test(test_updater__no_request_no_update),
        cmocka_unit_test(test_updater__app_image_left_alone),
        cmocka_unit_test(test_updater__max_size_and_ed25519),
        cmocka_unit_test(test_updater__silent_net_core),
        cmocka_unit_test(test_updater__b0n_faults_on_acl),
        cmocka_unit_test(test_updater__retry_then_done),
        cmocka_unit_test(test_updater__failures_exhaust_attempts),
        cmocka_unit_test(test_updater__slow_copy_forced_off),
        cmocka_unit_test(test_updater__reports_net_core_without_image),
        cmocka_unit_test(test_updater__forceoff_protocol),
        cmocka_unit_test(test_updater__timeout_beyond_32_bits),
        cmocka_unit_test(test_updater__non_answer_mid_wait_keeps_budget),
        cmocka_unit_test(test_updater__lock_every_boot),
        cmocka_unit_test(test_updater__stale_command_withdrawn),
        cmocka_unit_test(test_updater__config_checked),
        cmocka_unit_test(test_updater__slot_record_decoding),
cmocka_unit_test(test_updater__no_false_no_valid_image),
cmocka_unit_test(test_updater__dependency_rule),
cmocka_unit_test(test_updater__dependency_on_net_unmet),
cmocka_unit_test(test_updater__dependency_on_app_unmet_and_silent_net),
cmocka_unit_test(test_updater__dependencies_met),
cmocka_unit_test(test_updater__dependency_on_itself),
    };
    return cmocka_run_group_tests_name("pcd.updater", tests, NULL, NULL);
}
