/* The internal-flash board of the fixtures as a run configuration (runner_fixture.h). */
#include "runner_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct blob slurp(const char *path)
{
    struct blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.data = malloc((size_t)n);
    assert_non_null(b.data);
    assert_int_equal(fread(b.data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b.len = (uint32_t)n;
    return b;
}

/* The internal-flash board of the fixtures: app v1 in the primary slot, net v1 running, net v2
 * waiting in mcuboot_secondary (0x80000, 0x74000) with a test request. */
void internal_board(struct fixture *fx, const char *candidate)
{
    memset(fx, 0, sizeof(*fx));
    fx->app = slurp(FIX "signed/app-v1-64k_ecdsa-p256.bin");
    fx->net_old = slurp(FIX "raw/net-v1-32k-ncs.bin");
    fx->cand = slurp(candidate);
    assert_int_equal(pcdsim_key_load_pem(FIX "keys/ecdsa-p256.pub.pem", &fx->key, NULL), 0);
    struct run_config *c = &fx->cfg;
    run_config_default(c);
    c->name = "test";
    c->seed = 1;
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
    static const char *const reqs[] = {"APP-LOCK", "APP-FORCEOFF", "APP-HASH", "APP-MARK-DONE", "B0N-SELF-PROTECT"};
    for (unsigned i = 0; i < 5; i++) {
        c->requirements[i] = reqs[i];
    }
    c->n_requirements = 5;
}

void release(struct fixture *fx)
{
    free(fx->app.data);
    free(fx->net_old.data);
    free(fx->cand.data);
    pcdsim_key_free(&fx->key);
}
