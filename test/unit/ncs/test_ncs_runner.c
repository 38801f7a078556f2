/* The NCS profile end to end on the simulated SoC (two core threads): a silent network core makes
 * NCS's MCUboot wait forever, and the run still ends, bounded, with SYS-CONVERGE failed; a clean
 * update under the profile repeats at the next boot, the same configuration on the reference
 * does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runner_fixture.h"

/* The fixtures' internal-flash board (runner_fixture.c) under @p profile. */
static void board(struct fixture *fx, enum run_profile profile)
{
    internal_board(fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_config *c = &fx->cfg;
    c->name = "ncs";
    c->seed = 3;
    c->profile = profile;
    c->requirements[0] = "APP-MARK-DONE";
    c->n_requirements = 1;
}


/* H10: the wait has no bound in NCS; the run's bound (here 5 min) ends it and SYS-CONVERGE
 * fails with the reason. The reference, same board, times out, rejects and converges. */
static void test_silent_net_core_bounded(void **state)
{
    (void)state;
    struct fixture fx;
    struct run_result r;
    board(&fx, RUN_PROFILE_NCS);
    fx.cfg.run_limit_us = 5ull * 60 * 1000 * 1000;
    fx.cfg.faults[0].kind = RUN_FAULT_NET_SILENT;
    fx.cfg.faults[0].trig.kind = RUN_TRIG_NONE;
    fx.cfg.faults[0].tear = -1;
    fx.cfg.n_faults = 1;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_false(r.ok);
    const struct run_verdict *v = run_find_verdict(&r, "SYS-CONVERGE");
    assert_non_null(v);
    assert_false(v->pass);
    assert_non_null(strstr(v->evidence, "still running after 300 s of device time"));
    assert_false(r.app_running);
    assert_true(r.device_time_us >= fx.cfg.run_limit_us);
    assert_true(r.device_time_us < 2 * fx.cfg.run_limit_us);
    assert_null(run_find_verdict(&r, "SYS-IDEMPOTENT")); /* no probe after a hang */

    fx.cfg.profile = RUN_PROFILE_REFERENCE;
    fx.cfg.requirements[0] = "APP-MARK-NACK";
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_true(r.ok);
    assert_true(run_find_verdict(&r, "SYS-CONVERGE")->pass);
    assert_true(run_find_verdict(&r, "APP-MARK-NACK")->pass);
    release(&fx);
}

/* H5 end to end: NCS updates the network core, marks nothing, and the probe boot copies again;
 * the reference marks the slot done and the probe copies nothing. */
static void test_clean_update_contrast(void **state)
{
    (void)state;
    struct fixture fx;
    struct run_result r;
    board(&fx, RUN_PROFILE_NCS);
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_false(r.ok);
    assert_true(r.net_running);
    assert_int_equal(r.net_version, 2);
    assert_false(run_find_verdict(&r, "APP-MARK-DONE")->pass);
    assert_false(run_find_verdict(&r, "SYS-IDEMPOTENT")->pass);
    assert_true(run_find_verdict(&r, "SYS-POWER-SAFE")->pass);
    assert_true(run_find_verdict(&r, "SYS-FLASH-RULES")->pass);

    fx.cfg.profile = RUN_PROFILE_REFERENCE;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_true(r.ok);
    assert_true(run_find_verdict(&r, "APP-MARK-DONE")->pass);
    assert_true(run_find_verdict(&r, "SYS-IDEMPOTENT")->pass);
    release(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silent_net_core_bounded),
        cmocka_unit_test(test_clean_update_contrast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
