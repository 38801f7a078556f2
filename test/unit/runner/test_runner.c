/* End-to-end runs on the simulated SoC with the real fixture images: the clean update from
 * internal flash, a power cut during the copy, a QSPI-staged update, and determinism of the
 * timeline. Each checks the verdicts the oracles reach, not internals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runner_fixture.h"


static const struct run_verdict *verdict(const struct run_result *r, const char *id)
{
    const struct run_verdict *v = run_find_verdict(r, id);
    if (v == NULL) {
        fail_msg("no verdict %s", id);
    }
    return v;
}

static void dump(const struct run_config *c, const struct run_result *r)
{
    struct run_output out = {stderr, false, NULL};
    (void)out;
    (void)c;
    run_print_verdicts(r, stderr);
}

static void test_clean_update_internal(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_result r;
    FILE *tl = fopen("/dev/null", "w");
    struct run_output out = {tl, true, NULL};
    assert_int_equal(run_execute(&fx.cfg, &out, &r), 0);
    fclose(tl);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_true(verdict(&r, "SYS-POWER-SAFE")->pass);
    assert_true(verdict(&r, "SYS-IDEMPOTENT")->pass);
    assert_true(r.net_running);
    assert_int_equal(r.net_version, 2);
    assert_string_equal(r.net_state, "new image");
    assert_true(r.have_update);
    assert_int_equal(r.last_update.outcome, PCD_UPD_DONE); /* the settled boot, before the probe */
    assert_int_equal(r.pcd_attempts_total, 1);
    /* a 150 KiB image: ~75 page erases of 87.5 ms and ~38 000 words of 43 µs: several seconds */
    assert_true(r.device_time_us > 5000000u);
    release(&fx);
}

/* A requirement the run cannot exercise (APP-STAGE: an internal-flash slot stages nothing; here
 * the candidate is the application core's, so no attempt is made at all) is listed as not
 * judged -- not passed, not failed -- and every other named id gets its verdict. */
static void test_named_but_not_judged(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/app-v2-200k_ecdsa-p256.bin");
    fx.cfg.requirements[fx.cfg.n_requirements++] = "APP-STAGE";
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_null(run_find_verdict(&r, "APP-STAGE"));
    bool stage = false;
    for (unsigned i = 0; i < r.n_not_judged; i++) {
        stage |= strcmp(r.not_judged[i], "APP-STAGE") == 0;
        assert_null(run_find_verdict(&r, r.not_judged[i])); /* listed means: no verdict */
    }
    assert_true(stage);
    /* every named id is either judged or listed */
    for (unsigned i = 0; i < fx.cfg.n_requirements; i++) {
        bool listed = false;
        for (unsigned k = 0; k < r.n_not_judged; k++) {
            listed |= strcmp(r.not_judged[k], fx.cfg.requirements[i]) == 0;
        }
        assert_true(listed != (run_find_verdict(&r, fx.cfg.requirements[i]) != NULL));
    }
    assert_non_null(run_find_verdict(&r, "APP-LOCK"));
    release(&fx);
}

static void test_power_cut_during_copy_recovers(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_fault *f = &fx.cfg.faults[fx.cfg.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_POWER_LOSS;
    f->tear = -1;
    f->trig.kind = RUN_TRIG_EVENT;
    snprintf(f->trig.event, sizeof(f->trig.event), "b0n.erase_page");
    f->trig.nth = 40;
    f->trig.page = -1;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_int_equal(r.pcd_attempts_total, 2); /* cut during the first, redone at the next boot */
    /* device time: ~4 s to page 40, then a full 9 s update; a core asleep waiting for the answer
     * must not carry its deadline (60 s) into the power loss */
    assert_true(r.device_time_us > 10000000u && r.device_time_us < 16000000u);
    assert_string_equal(r.net_state, "new image");
    assert_true(r.boots >= 2);
    release(&fx);
}

static void test_invalid_candidate_never_reaches_net(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256-rogue.bin");
    fx.cfg.requirements[fx.cfg.n_requirements++] = "APP-VALIDATE";
    fx.cfg.expect.slot = RUN_SLOT_REJECTED;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_int_equal(r.pcd_attempts_total, 0);
    assert_string_equal(r.net_state, "old image");
    assert_int_equal(r.net_version, 1);
    release(&fx);
}

static void test_timeline_is_deterministic(void **state)
{
    (void)state;
    char *text[2];
    for (int k = 0; k < 2; k++) {
        struct fixture fx;
        internal_board(&fx, FIX "signed/net-v1-32k_ecdsa-p256.bin");
        size_t len = 0;
        FILE *mem = open_memstream(&text[k], &len);
        struct run_output out = {mem, true, mem};
        struct run_result r;
        assert_int_equal(run_execute(&fx.cfg, &out, &r), 0);
        fclose(mem);
        release(&fx);
    }
    assert_true(strlen(text[0]) > 1000);
    assert_string_equal(text[0], text[1]);
    free(text[0]);
    free(text[1]);
}

/* expect.app_version compares the build number, and says so: 1.0.0+5 against a running
 * 1.0.0+0 fails with both builds in the evidence (issue 11, item 12). */
static void test_app_version_build_number(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/app-v2-200k_ecdsa-p256.bin"); /* app-core candidate: no copy */
    fx.cfg.expect.has_app_version = true;
    fx.cfg.expect.app_version = (struct pcd_image_version){1, 0, 0, 5};
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    const struct run_verdict *v = verdict(&r, "expect.app_version");
    assert_false(v->pass);
    assert_non_null(strstr(v->evidence, "expected 1.0.0+5, running 1.0.0+0"));
    fx.cfg.expect.app_version.build = 0;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_true(verdict(&r, "expect.app_version")->pass);
    release(&fx);
}

/* No application in the primary slot: nobody releases the network core after a good update.
 * SYS-POWER-SAFE judges what the network core holds (B0N's boot check) and does not speak of
 * power faults when none was injected (issue 11, item 12). */
static void test_no_application_update_is_power_safe(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v1-32k_ecdsa-p256.bin");
    fx.cfg.loads[0] = fx.cfg.loads[1]; /* drop the application */
    fx.cfg.n_loads = 1;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    const struct run_verdict *v = verdict(&r, "SYS-POWER-SAFE");
    if (!v->pass) {
        dump(&fx.cfg, &r);
    }
    assert_true(v->pass);
    assert_non_null(strstr(v->evidence, "no fault injected"));
    assert_null(strstr(v->evidence, "power faults only"));
    assert_false(r.app_running);
    release(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_update_internal),
        cmocka_unit_test(test_named_but_not_judged),
        cmocka_unit_test(test_power_cut_during_copy_recovers),
        cmocka_unit_test(test_invalid_candidate_never_reaches_net),
        cmocka_unit_test(test_timeline_is_deterministic),
        cmocka_unit_test(test_app_version_build_number),
        cmocka_unit_test(test_no_application_update_is_power_safe),
    };
    return cmocka_run_group_tests_name("runner", tests, NULL, NULL);
}
