/* map_sample OUT.svg: the sweep map of a made-up sweep of 57 000 cut points (an update of the
 * largest network-core image), every one recovering to the new image except one that fails the
 * scenario's expect.net_version at operation 30 000 and 500 that keep the old image (operations
 * 10 000 to 10 499): the picture must show the single failure among 57 000 points and the
 * old-image band, and list the failure with its replay command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nrf5340.h"
#include "sweep_map.h"

#define N_OPS 57000u

static int op_info(const void *ctx, uint64_t op, struct sweep_op_info *out)
{
    (void)ctx;
    if (op >= N_OPS) {
        return -1;
    }
    /* 100 ops of staging, then pages of 1 erase + 512 word programs, the last op marks */
    uint64_t k = op < 100 ? 0 : (op - 100) % 513;
    out->dev = op < 100 ? FM_NRF_RAM_FLASH : op == N_OPS - 1 ? FM_NRF_APP_FLASH : FM_NRF_NET_FLASH;
    out->kind = op >= 100 && k == 0 ? FM_OP_ERASE : FM_OP_PROGRAM;
    out->offset = 0;
    out->page = op < 100 ? 0 : 17 + (uint32_t)((op - 100) / 513);
    return 0;
}

static void replay(const void *ctx, const struct sweep_point *p, char *buf, size_t size)
{
    (void)ctx;
    snprintf(buf, size, "pcdsim run sample.yaml --cut op:%llu:%s", (unsigned long long)p->op, sweep_cut_name(p->cut));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: map_sample OUT.svg\n");
        return 2;
    }
    struct sweep_point *res = calloc(N_OPS, sizeof(*res));
    FILE *f = fopen(argv[1], "w");
    if (res == NULL || f == NULL) {
        free(res);
        if (f != NULL) {
            fclose(f);
        }
        return 2;
    }
    for (uint64_t i = 0; i < N_OPS; i++) {
        res[i] = (struct sweep_point){.op = i, .cut = SWEEP_CUT_BEFORE, .op2 = UINT64_MAX, .ok = true,
                                      .outcome = SWEEP_NEW_IMAGE, .device_time_us = 9000000 + i * 10};
        if (i >= 10000 && i < 10500) {
            res[i].outcome = SWEEP_OLD_IMAGE;
        }
    }
    res[30000].ok = false;
    res[30000].outcome = SWEEP_NO_IMAGE;
    snprintf(res[30000].failed, sizeof(res[30000].failed), "expect.net_version");
    snprintf(res[30000].evidence, sizeof(res[30000].evidence), "expected 2, no valid network-core image");
    const struct sweep_map_in in = {"sample.yaml", N_OPS, op_info, NULL, replay, res, N_OPS};
    int rc = sweep_map_svg(f, &in);
    rc |= fclose(f);
    free(res);
    return rc == 0 ? 0 : 1;
}
