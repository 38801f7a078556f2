/* The requirement checks of req_checks.c on made-up records and timelines: each can fail, with
 * evidence that says why, and passes only on what the requirement allows. White-box: the runner's
 * and the SoC's private headers give the record and the timeline writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "runner_internal.h"
#include "soc_internal.h"

#define BLOCK 0x20000000u

struct fx {
    struct run_config cfg;
    struct run_result res;
    struct run_state st;
};

static void setup(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    run_config_default(&f->cfg);
    f->cfg.soc.pcd_sram_addr = BLOCK;
    f->cfg.soc.pcd_sram_size = 0x2000u;
    f->cfg.soc.board = (struct fm_nrf5340_opts)FM_NRF5340_OPTS_DEFAULT;
    f->st.cfg = &f->cfg;
    f->st.res = &f->res;
    assert_int_equal(soc_create(&f->cfg.soc, &f->st.soc), 0);
}

static void teardown(struct fx *f)
{
    soc_destroy(f->st.soc);
}

static struct cmd_record *copy_cmd(struct fx *f, uint32_t src, uint32_t len, uint32_t dst, uint32_t answer)
{
    struct cmd_record *r = &f->st.br.cmds[f->st.br.n_cmds++];
    memset(r, 0, sizeof(*r));
    r->cmd.magic = PCD_CMD_MAGIC_COPY;
    r->cmd.src = src;
    r->cmd.len = len;
    r->cmd.dst_off = dst;
    r->cmd.ext_marker = PCD_CMD_EXT_MARKER_V1;
    r->answer = answer;
    r->net_ops_seen = r->net_ops_answer = 100;
    r->src_matches = r->dst_matches = r->pad_ok = -1;
    return r;
}

static const struct run_verdict *only(struct fx *f, const char *id)
{
    assert_int_equal(f->res.n_verdicts, 1);
    assert_string_equal(f->res.verdicts[0].id, id);
    return &f->res.verdicts[0];
}

static void again(struct fx *f)
{
    memset(&f->res, 0, sizeof(f->res));
}

static void test_check_cmd(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    /* dst 0: inside the B0N container; refused with FAIL, nothing written */
    struct cmd_record *r = copy_cmd(&f, 0x80000u, 0x1000u, 0x0u, PCD_CMD_MAGIC_FAIL);
    copy_cmd(&f, 0x80000u, 0x1000u, 0x8800u, PCD_CMD_MAGIC_DONE);
    run_check_b0n_check_cmd(&f.st);
    assert_true(only(&f, "B0N-CHECK-CMD")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "1 malformed command(s) of 2"));
    /* the same command with an erase before the FAIL */
    again(&f);
    r->net_ops_answer = r->net_ops_seen + 1;
    run_check_b0n_check_cmd(&f.st);
    assert_false(only(&f, "B0N-CHECK-CMD")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "overlaps the B0N container"));
    /* the other rules */
    static const struct {
        uint32_t src, len, dst;
        const char *why;
    } bad[] = {{0x80000u, 0u, 0x8800u, "len is 0"},
               {0x80000u, 0x40000u, 0x8800u, "exceeds the network-core application partition"},
               {0x80000u, 0x100u, 0x8802u, "not word-aligned"},
               {0x80000u, 0x1000u, 0x3F800u, "runs past network flash"},
               {0x10000000u, 0x1000u, 0x8800u, "not wholly in app flash or app RAM"}};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        again(&f);
        f.st.br.n_cmds = 0;
        copy_cmd(&f, bad[i].src, bad[i].len, bad[i].dst, PCD_CMD_MAGIC_DONE);
        run_check_b0n_check_cmd(&f.st);
        assert_false(only(&f, "B0N-CHECK-CMD")->pass);
        assert_non_null(strstr(f.res.verdicts[0].evidence, bad[i].why));
    }
    teardown(&f);
}

static void test_sha_copy_bootable(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    struct cmd_record *r = copy_cmd(&f, 0x80000u, 0x1001u, 0x8800u, PCD_CMD_MAGIC_DONE);
    r->src_matches = 0; /* source changed: DONE anyway */
    run_check_b0n_src_sha(&f.st);
    assert_false(only(&f, "B0N-SRC-SHA")->pass);
    again(&f);
    r->answer = PCD_CMD_MAGIC_FAIL;
    run_check_b0n_src_sha(&f.st);
    assert_true(only(&f, "B0N-SRC-SHA")->pass);

    again(&f);
    r->answer = PCD_CMD_MAGIC_DONE;
    r->dst_matches = 0;
    run_check_b0n_dst_sha(&f.st);
    assert_false(only(&f, "B0N-DST-SHA")->pass);
    again(&f);
    r->dst_matches = 1;
    run_check_b0n_dst_sha(&f.st);
    assert_true(only(&f, "B0N-DST-SHA")->pass);

    again(&f);
    r->erases = 2;
    run_check_b0n_copy(&f.st);
    assert_true(only(&f, "B0N-COPY")->pass);
    again(&f);
    r->pad_ok = 0;
    run_check_b0n_copy(&f.st);
    assert_false(only(&f, "B0N-COPY")->pass);
    again(&f);
    r->pad_ok = 1;
    r->erases_again = 1;
    run_check_b0n_copy(&f.st);
    assert_false(only(&f, "B0N-COPY")->pass);
    again(&f);
    r->erases_again = 0;
    r->erases_outside = 1;
    r->first_outside = 0x8000u;
    run_check_b0n_copy(&f.st);
    assert_false(only(&f, "B0N-COPY")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "0x01008000"));

    again(&f);
    run_check_b0n_src_bootable(&f.st, false); /* never bootable, answered DONE */
    assert_false(only(&f, "B0N-SRC-BOOTABLE")->pass);
    again(&f);
    run_check_b0n_src_bootable(&f.st, true);
    assert_true(only(&f, "B0N-SRC-BOOTABLE")->pass);
    teardown(&f);
}

static void ev(struct fx *f, enum fm_core core, uint64_t t, enum soc_ev_kind kind, uint32_t arg, uint32_t addr)
{
    f->st.soc->core[core].clock = t;
    soc_emit_at(f->st.soc, (int)core, kind, arg, addr, NULL);
}

static void test_report(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    ev(&f, FM_CORE_NET, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_NET, 0, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    ev(&f, FM_CORE_NET, 10, SOC_EV_SHARED_WRITE, 3u, BLOCK + PCD_CMD_OFF_REASON);
    ev(&f, FM_CORE_NET, 10, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_FAIL, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_NET, 10, SOC_EV_SIGNAL, 0, 0);
    ev(&f, FM_CORE_NET, 10, SOC_EV_CORE_END, 0, 0);
    run_check_b0n_report(&f.st);
    assert_true(only(&f, "B0N-REPORT")->pass);
    /* a second run writes after its answer, and never signals */
    ev(&f, FM_CORE_NET, 20, SOC_EV_CORE_START, 2, 0);
    ev(&f, FM_CORE_NET, 20, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    ev(&f, FM_CORE_NET, 30, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_DONE, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_NET, 30, SOC_EV_SHARED_WRITE, 0u, BLOCK + PCD_CMD_OFF_FLAGS);
    again(&f);
    run_check_b0n_report(&f.st);
    assert_false(only(&f, "B0N-REPORT")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "after its answer"));
    teardown(&f);
}

static void test_retry_and_timeout(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    f.cfg.upd.attempts = 3;
    f.cfg.upd.timeout_us = 60000000u;
    f.cfg.upd.poll_us = 1000000u;
    /* boot 1: one attempt, FAIL, then on to the application */
    ev(&f, FM_CORE_APP, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_APP, 1000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_NET, 5000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_FAIL, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_APP, 1001000, SOC_EV_TRACE, PCD_TRACE_APP_OUTCOME, 0x2Au);
    ev(&f, FM_CORE_APP, 1002000, SOC_EV_BOOT, 0xC200u, 0xC200u);
    run_check_app_retry(&f.st);
    assert_false(only(&f, "APP-RETRY")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "after 1 failed attempt(s) of 3"));
    again(&f);
    run_check_app_timeout(&f.st);
    assert_true(only(&f, "APP-TIMEOUT")->pass);

    /* boot 2: an attempt nobody answers, waited on for 70 s */
    ev(&f, FM_CORE_APP, 2000000, SOC_EV_CORE_START, 2, 0);
    ev(&f, FM_CORE_APP, 2001000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_APP, 72001000, SOC_EV_FORCEOFF, 1, 0);
    again(&f);
    run_check_app_timeout(&f.st);
    assert_false(only(&f, "APP-TIMEOUT")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "longest wait for an answer 70000 ms"));
    teardown(&f);
}

/* APP-TIMEOUT's bound is the timeout exactly: one µs more fails (timeout + one poll period was
 * once allowed, so a wait that overran by up to a poll went unnoticed). A wait cut short by the
 * end of the boot is reported apart from the waits that ended by themselves. */
static void test_timeout_bound_is_exact(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    f.cfg.upd.attempts = 3;
    f.cfg.upd.timeout_us = 60000000u;
    f.cfg.upd.poll_us = 1000000u;
    ev(&f, FM_CORE_APP, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_APP, 1000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_APP, 60001000, SOC_EV_TRACE, PCD_TRACE_APP_OUTCOME, 0x48u); /* exactly 60 s */
    run_check_app_timeout(&f.st);
    assert_true(only(&f, "APP-TIMEOUT")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "the exact bound"));
    /* the next attempt waits 60 s and 1 µs */
    ev(&f, FM_CORE_APP, 60002000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_APP, 120002001, SOC_EV_TRACE, PCD_TRACE_APP_OUTCOME, 0x48u);
    again(&f);
    run_check_app_timeout(&f.st);
    assert_false(only(&f, "APP-TIMEOUT")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "outlasted the timeout by 1 us"));
    teardown(&f);

    /* a third attempt still waiting when the boot ends: counted as cut short */
    setup(&f);
    f.cfg.upd.timeout_us = 60000000u;
    f.cfg.upd.poll_us = 1000000u;
    ev(&f, FM_CORE_APP, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_APP, 1000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_APP, 30000000, SOC_EV_POWER_LOSS, 0, 0);
    run_check_app_timeout(&f.st);
    assert_true(only(&f, "APP-TIMEOUT")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "1 attempt(s) (1 of them cut short"));
    teardown(&f);
}

/* A verdict never passes on a run that did not do what it judges: a boot whose update path
 * stopped with an error before any attempt leaves APP-TIMEOUT and APP-RETRY failed, not passed
 * on "0 attempt(s)". */
static void test_no_vacuous_pass_after_a_stop(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    ev(&f, FM_CORE_APP, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_APP, 10, SOC_EV_BOOT, 0xC200u, 0xC200u);
    f.st.br.upd_stops = 1;
    f.st.br.upd_stop_rc = PCD_E_INVAL;
    run_check_app_timeout(&f.st);
    assert_false(only(&f, "APP-TIMEOUT")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "stopped with PCD_E_INVAL before any attempt"));
    again(&f);
    run_check_app_retry(&f.st);
    assert_false(only(&f, "APP-RETRY")->pass);
    teardown(&f);
}

static void say(struct fx *f, enum fm_core core, uint64_t t, const char *text)
{
    f->st.soc->core[core].clock = t;
    soc_emit_at(f->st.soc, (int)core, SOC_EV_LOG, 0, 0, text);
}

/* SYS-REPORT against what happens (issue 11, item 7): "no valid image" followed by B0N booting
 * the same flash, and "update done" while the new image is not there, are caught; a net-flash
 * change in between clears the claim. */
static void test_report_contradicted(void **state)
{
    (void)state;
    struct fx f;
    char why[320];
    setup(&f);
    say(&f, FM_CORE_APP, 10, "Network core update failed: attempts exhausted (3), last error PCD_E_DST_HASH");
    say(&f, FM_CORE_APP, 10, "Network core has no valid image");
    assert_null(run_report_contradicted(&f.st, false, why, sizeof(why)));
    ev(&f, FM_CORE_NET, 20, SOC_EV_BOOT, 0x01008800u, 0x01008800u);
    assert_non_null(run_report_contradicted(&f.st, false, why, sizeof(why)));
    assert_non_null(strstr(why, "then B0N booted 0x01008800 from the same flash"));
    teardown(&f);

    /* the same report, but B0N copied again before booting: no contradiction */
    setup(&f);
    say(&f, FM_CORE_APP, 10, "Network core has no valid image");
    ev(&f, FM_CORE_NET, 15, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    ev(&f, FM_CORE_NET, 20, SOC_EV_BOOT, 0x01008800u, 0x01008800u);
    assert_null(run_report_contradicted(&f.st, false, why, sizeof(why)));
    /* "done", and the new image is not there */
    say(&f, FM_CORE_APP, 30, "Network core update done");
    assert_null(run_report_contradicted(&f.st, false, why, sizeof(why)));
    assert_non_null(run_report_contradicted(&f.st, true, why, sizeof(why)));
    assert_non_null(strstr(why, "does not hold the new image"));
    ev(&f, FM_CORE_NET, 40, SOC_EV_FLASH_ERASE, 17u, 0x8800u);
    assert_null(run_report_contradicted(&f.st, true, why, sizeof(why)));
    teardown(&f);
}

/* SYS-REPORT: B0N answered that the partition was changed and would not boot; the application
 * core owes "no valid image" (a scenario notices a missing report even when B0N logs its own
 * "no valid network core image" at the next start). */
static void test_report_app_silent(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    assert_false(run_report_app_silent(&f.st));
    ev(&f, FM_CORE_NET, 10, SOC_EV_SHARED_WRITE, PCD_CMD_B0N_EXT | PCD_CMD_B0N_DST_MODIFIED, BLOCK + PCD_CMD_OFF_FLAGS);
    assert_true(run_report_app_silent(&f.st));
    say(&f, FM_CORE_NET, 12, "B0N: no valid network core image (PCD_E_VALINFO_HASH), not booting");
    assert_true(run_report_app_silent(&f.st)); /* B0N's line is not the application core's report */
    say(&f, FM_CORE_APP, 15, "Network core has no valid image");
    assert_false(run_report_app_silent(&f.st));
    /* a later answer that says the partition still boots owes nothing */
    ev(&f, FM_CORE_NET, 20, SOC_EV_SHARED_WRITE,
       PCD_CMD_B0N_EXT | PCD_CMD_B0N_DST_MODIFIED | PCD_CMD_B0N_DST_BOOTS, BLOCK + PCD_CMD_OFF_FLAGS);
    assert_false(run_report_app_silent(&f.st));
    teardown(&f);
}

/* A COPY B0N takes up while no attempt waits for it (issue 11, mutation gaps): left in the block
 * after the attempts, or stale from an earlier boot; an awaited one is fine. */
static void test_unawaited_copy(void **state)
{
    (void)state;
    struct fx f;
    setup(&f);
    ev(&f, FM_CORE_APP, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_APP, 1000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_APP, 1000, SOC_EV_FORCEOFF, 0, 0);
    ev(&f, FM_CORE_NET, 1000, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    assert_false(run_check_unawaited_copy(&f.st, "APP-MARK-NACK"));
    assert_int_equal(f.res.n_verdicts, 0);
    /* the wait times out, the command stays; MCUboot goes on and releases the network core */
    ev(&f, FM_CORE_APP, 61000, SOC_EV_FORCEOFF, 1, 0);
    ev(&f, FM_CORE_APP, 61000, SOC_EV_TRACE, PCD_TRACE_APP_OUTCOME, 72u);
    ev(&f, FM_CORE_APP, 61100, SOC_EV_BOOT, 0xC200u, 0xC200u);
    ev(&f, FM_CORE_APP, 61100, SOC_EV_FORCEOFF, 0, 0);
    ev(&f, FM_CORE_NET, 61100, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    assert_true(run_check_unawaited_copy(&f.st, "APP-MARK-NACK"));
    assert_false(only(&f, "APP-MARK-NACK")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "left in the block after this boot's attempts ended"));
    teardown(&f);

    /* a reset keeps the command; the next boot makes no attempt and releases the network core */
    setup(&f);
    ev(&f, FM_CORE_APP, 0, SOC_EV_CORE_START, 1, 0);
    ev(&f, FM_CORE_APP, 1000, SOC_EV_SHARED_WRITE, PCD_CMD_MAGIC_COPY, BLOCK + PCD_CMD_OFF_MAGIC);
    ev(&f, FM_CORE_NET, 1000, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    ev(&f, FM_CORE_APP, 2000, SOC_EV_WARM_RESET, 0, 0);
    ev(&f, FM_CORE_APP, 2000, SOC_EV_CORE_START, 2, 0);
    ev(&f, FM_CORE_APP, 2100, SOC_EV_BOOT, 0xC200u, 0xC200u);
    ev(&f, FM_CORE_NET, 2100, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_READ_VERSION);
    assert_false(run_check_unawaited_copy(&f.st, "APP-FORCEOFF")); /* only a COPY copies */
    ev(&f, FM_CORE_NET, 2200, SOC_EV_TRACE, PCD_TRACE_B0N_CMD_SEEN, PCD_CMD_MAGIC_COPY);
    assert_true(run_check_unawaited_copy(&f.st, "APP-FORCEOFF"));
    assert_false(only(&f, "APP-FORCEOFF")->pass);
    assert_non_null(strstr(f.res.verdicts[0].evidence, "a stale command from an earlier boot"));
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_cmd),
        cmocka_unit_test(test_sha_copy_bootable),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_retry_and_timeout),
        cmocka_unit_test(test_timeout_bound_is_exact),
        cmocka_unit_test(test_no_vacuous_pass_after_a_stop),
cmocka_unit_test(test_report_contradicted),
cmocka_unit_test(test_report_app_silent),
cmocka_unit_test(test_unawaited_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
