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

#include "pcdsim/keys.h"
#include "pcdsim/runner.h"

#define FIX PCDSIM_SHARED_DIR "/fixtures/"

struct blob {
    uint8_t *data;
    uint32_t len;
};

static struct blob slurp(const char *path)
{
    struct blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    b.data = malloc((size_t)n);
    assert_non_null(b.data);
    assert_int_equal(fread(b.data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b.len = (uint32_t)n;
    return b;
}

struct fixture {
    struct blob app, net_old, cand;
    struct pcdsim_key key;
    struct run_config cfg;
};

static void board(struct fixture *fx, enum run_profile profile)
{
    memset(fx, 0, sizeof(*fx));
    fx->app = slurp(FIX "signed/app-v1-64k_ecdsa-p256.bin");
    fx->net_old = slurp(FIX "raw/net-v1-32k-ncs.bin");
    fx->cand = slurp(FIX "signed/net-v2-150k_ecdsa-p256.bin");
    assert_int_equal(pcdsim_key_load_pem(FIX "keys/ecdsa-p256.pub.pem", &fx->key, NULL), 0);
    struct run_config *c = &fx->cfg;
    run_config_default(c);
    c->name = "ncs";
    c->seed = 3;
    c->profile = profile;
    c->keys[0] = fx->key.key;
    c->n_keys = 1;
    c->upd.slot_mem = PCD_MEM_APP_FLASH;
    c->upd.slot_off = 0x80000;
    c->upd.slot_size = 0x74000;
    c->loads[0] = (struct run_load){FM_NRF_APP_FLASH, 0xC000, fx->app.data, fx->app.len, "app"};
    c->loads[1] = (struct run_load){FM_NRF_NET_FLASH, 0x8800, fx->net_old.data, fx->net_old.len, "net"};
    c->n_loads = 2;
    c->net_initial = fx->net_old.data;
    c->net_initial_len = fx->net_old.len;
    c->candidate = fx->cand.data;
    c->candidate_len = fx->cand.len;
    c->request = PCD_SWAP_TEST;
    c->requirements[0] = "APP-MARK-DONE";
    c->n_requirements = 1;
}

static void release(struct fixture *fx)
{
    free(fx->app.data);
    free(fx->net_old.data);
    free(fx->cand.data);
    pcdsim_key_free(&fx->key);
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
