/* flashmodel_bench: throughput of the NVMC model and cost of a snapshot restore.
 *
 * Prints, as medians of repeated runs:
 *   - word programs per second through the NVMC model, in bulk writes of 512 bytes
 *     (goal >= 200 million words/s), without a fault hook and with one armed far ahead
 *     (the power-loss sweep's situation);
 *   - snapshot restore time after 10 dirty pages with every nRF5340 device present
 *     (goal <= 20 µs).
 * Wall-clock time is measured here only; the simulator itself never reads the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nrf5340.h"
#include "pcdsim/host_util.h"

#define RUNS 15

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return v[n / 2];
}

static enum fm_fault_action never(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    (void)ctx;
    (void)op;
    (void)tear;
    *again = UINT64_MAX;
    return FM_FAULT_NONE;
}

static void die(const char *what, int rc)
{
    fprintf(stderr, "flashmodel_bench: %s failed: %s\n", what, fm_strerror(rc));
    exit(2);
}

/* Words programmed per second: program the whole 1 MiB app flash in 512-byte writes (the
 * erase between passes is not timed). */
static double program_rate(struct fm_sys *s, bool hook)
{
    static uint8_t chunk[512];
    for (size_t i = 0; i < sizeof(chunk); i++) {
        chunk[i] = (uint8_t)(i * 13);
    }
    double rates[RUNS];
    for (int r = 0; r < RUNS; r++) {
        int rc = fm_erase(s, FM_NRF_APP_FLASH, 0, FM_NRF_APP_FLASH_SIZE, NULL);
        if (rc != 0) {
            die("erase", rc);
        }
        if (hook) {
            fm_set_fault_hook(s, never, NULL, fm_next_seq(s) + 100000000ull);
        }
        uint64_t us = 0;
        double t0 = pcdsim_wall_s();
        for (uint32_t off = 0; off < FM_NRF_APP_FLASH_SIZE; off += sizeof(chunk)) {
            rc = fm_program(s, FM_NRF_APP_FLASH, off, chunk, sizeof(chunk), &us);
            if (rc != 0) {
                die("program", rc);
            }
        }
        double t = pcdsim_wall_s() - t0;
        fm_set_fault_hook(s, NULL, NULL, 0);
        rates[r] = (FM_NRF_APP_FLASH_SIZE / 4) / t;
    }
    return median(rates, RUNS);
}

/* Restore time after 10 dirty pages spread over the devices. */
static double restore_time(struct fm_sys *s)
{
    struct fm_snapshot *snap;
    int rc = fm_snapshot_create(s, &snap);
    if (rc != 0) {
        die("snapshot_create", rc);
    }
    fm_snapshot_take(s, snap);
    const int reps = 1001;
    double *t = malloc(sizeof(double) * reps);
    if (t == NULL) {
        die("malloc", FM_E_NOMEM);
    }
    uint32_t word = 0;
    for (int r = 0; r < reps; r++) {
        /* 10 pages: 3 in app flash, 3 in net flash, 2 in QSPI, 1 app SRAM, 1 RAM flash sim */
        (void)fm_program(s, FM_NRF_APP_FLASH, 0x10000, &word, 4, NULL);
        (void)fm_program(s, FM_NRF_APP_FLASH, 0x20000, &word, 4, NULL);
        (void)fm_program(s, FM_NRF_APP_FLASH, 0x30000, &word, 4, NULL);
        (void)fm_program(s, FM_NRF_NET_FLASH, 0x8800, &word, 4, NULL);
        (void)fm_program(s, FM_NRF_NET_FLASH, 0x9000, &word, 4, NULL);
        (void)fm_erase(s, FM_NRF_NET_FLASH, 0x9800, 0x800, NULL);
        (void)fm_program(s, FM_NRF_QSPI, 0x1000, &word, 4, NULL);
        (void)fm_program(s, FM_NRF_QSPI, 0x74000, &word, 4, NULL);
        (void)fm_write_ram(s, FM_NRF_APP_SRAM, 0, &word, 4);
        (void)fm_program(s, FM_NRF_RAM_FLASH, 0x100, &word, 4, NULL);
        double t0 = pcdsim_wall_s();
        fm_snapshot_restore(s, snap);
        t[r] = pcdsim_wall_s() - t0;
    }
    double m = median(t, reps);
    free(t);
    fm_snapshot_destroy(snap);
    return m;
}

int main(void)
{
    struct fm_desc d;
    struct fm_sys *s = NULL;
    int rc = fm_nrf5340_desc(&d, NULL);
    if (rc == 0) {
        rc = fm_sys_create(&d, 1, &s);
    }
    if (rc != 0) {
        die("create", rc);
    }
    double plain = program_rate(s, false);
    double hooked = program_rate(s, true);
    double restore = restore_time(s);
    printf("flashmodel_bench (medians)\n");
    printf("  NVMC word programs, 512-byte writes, no hook:       %8.1f Mwords/s  (goal >= 200)\n", plain / 1e6);
    printf("  NVMC word programs, 512-byte writes, hook armed:    %8.1f Mwords/s  (goal >= 200)\n", hooked / 1e6);
    printf("  snapshot restore after 10 dirty pages, all devices: %8.2f us        (goal <= 20)\n", restore * 1e6);
    fm_sys_destroy(s);
    return 0;
}
