/* Snapshots: after random operations, a restore gives back every device byte for byte, with
 * write counts, wear, counters, records, power state and sequence number; the incremental
 * restore (dirty pages only) and the full one agree. */
#include <stdlib.h>
#include <string.h>

#include "flashmodel/prng.h"
#include "fm_test_util.h"

/* Everything observable about a system, for comparison. */
struct image {
    uint8_t *bytes[FM_NRF_DEV_COUNT];
    struct fm_stats stats[FM_NRF_DEV_COUNT];
    uint32_t erase_counts[256 + 128];
    uint8_t *wcounts[2]; /* per word of app and net flash */
    uint64_t seq, total_records;
    unsigned n_records;
    bool powered;
};

static void capture(struct fm_sys *s, struct image *im)
{
    for (int d = 0; d < FM_NRF_DEV_COUNT; d++) {
        uint32_t size = fm_dev_desc(s, d)->size;
        im->bytes[d] = malloc(size ? size : 1);
        assert_non_null(im->bytes[d]);
        assert_int_equal(fm_peek(s, d, 0, im->bytes[d], size), 0);
        assert_int_equal(fm_stats(s, d, &im->stats[d]), 0);
    }
    for (uint32_t p = 0; p < 256; p++) {
        im->erase_counts[p] = fm_page_erase_count(s, FM_NRF_APP_FLASH, p);
    }
    for (uint32_t p = 0; p < 128; p++) {
        im->erase_counts[256 + p] = fm_page_erase_count(s, FM_NRF_NET_FLASH, p);
    }
    const int nvmc[2] = {FM_NRF_APP_FLASH, FM_NRF_NET_FLASH};
    for (int k = 0; k < 2; k++) {
        uint32_t words = fm_dev_desc(s, nvmc[k])->size / 4;
        im->wcounts[k] = malloc(words);
        assert_non_null(im->wcounts[k]);
        for (uint32_t w = 0; w < words; w++) {
            im->wcounts[k][w] = (uint8_t)fm_write_count(s, nvmc[k], w * 4);
        }
    }
    im->seq = fm_next_seq(s);
    fm_records(s, &im->total_records, &im->n_records);
    im->powered = fm_powered(s);
}

static void release(struct image *im)
{
    for (int d = 0; d < FM_NRF_DEV_COUNT; d++) {
        free(im->bytes[d]);
    }
    free(im->wcounts[0]);
    free(im->wcounts[1]);
}

static void assert_same(struct fm_sys *s, const struct image *ref)
{
    struct image now;
    capture(s, &now);
    for (int d = 0; d < FM_NRF_DEV_COUNT; d++) {
        uint32_t size = fm_dev_desc(s, d)->size;
        if (memcmp(now.bytes[d], ref->bytes[d], size) != 0) {
            uint32_t i = 0;
            while (now.bytes[d][i] == ref->bytes[d][i]) {
                i++;
            }
            fail_msg("device %s differs at offset 0x%x", fm_dev_desc(s, d)->name, i);
        }
        assert_memory_equal(&now.stats[d], &ref->stats[d], sizeof(struct fm_stats));
    }
    assert_memory_equal(now.erase_counts, ref->erase_counts, sizeof(now.erase_counts));
    assert_memory_equal(now.wcounts[0], ref->wcounts[0], FM_NRF_APP_FLASH_SIZE / 4);
    assert_memory_equal(now.wcounts[1], ref->wcounts[1], FM_NRF_NET_FLASH_SIZE / 4);
    assert_int_equal(now.seq, ref->seq);
    assert_int_equal(now.total_records, ref->total_records);
    assert_int_equal(now.n_records, ref->n_records);
    assert_int_equal(now.powered, ref->powered);
    release(&now);
}

/* A random mix of everything that changes state. */
static void random_ops(struct fm_sys *s, uint64_t *rng, int n)
{
    static const int flash_devs[] = {FM_NRF_APP_FLASH, FM_NRF_NET_FLASH, FM_NRF_QSPI, FM_NRF_RAM_FLASH};
    uint8_t buf[600];
    for (int i = 0; i < n; i++) {
        uint64_t r = fm_prng_next(rng);
        int dev = flash_devs[r % 4];
        const struct fm_device_desc *d = fm_dev_desc(s, dev);
        uint32_t off = (uint32_t)((r >> 8) % d->size) & ~(d->page_size - 1);
        for (size_t k = 0; k < sizeof(buf); k++) {
            buf[k] = (uint8_t)fm_prng_next(rng);
        }
        if (!fm_powered(s)) {
            fm_power_on(s);
        }
        switch ((r >> 40) % 7) {
        case 0:
        case 1:
        case 2: (void)fm_program(s, dev, off + (uint32_t)((r >> 50) % 64) * 4, buf, 512, NULL); break;
        case 3: (void)fm_erase(s, dev, off, d->page_size, NULL); break;
        case 4: (void)fm_write_ram(s, FM_NRF_APP_SRAM, (uint32_t)(r >> 45) % 0x7F000u, buf, 600); break;
        case 5: fm_power_loss(s); break;
        default: (void)wr32(s, FM_NRF_NET_FLASH, 0x100, 0); break; /* repeated: nWRITE violations */
        }
    }
}

static void test_restore_after_random_operations(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(7);
    uint64_t rng = 99;
    random_ops(s, &rng, 50); /* some history before the snapshot */
    if (!fm_powered(s)) {
        fm_power_on(s);
    }
    struct fm_snapshot *snap;
    assert_int_equal(fm_snapshot_create(s, &snap), 0);
    fm_snapshot_take(s, snap);
    struct image ref;
    capture(s, &ref);
    for (int branch = 0; branch < 40; branch++) {
        random_ops(s, &rng, 1 + branch % 13);
        fm_snapshot_restore(s, snap); /* incremental: dirty pages only */
        assert_same(s, &ref);
    }
    /* a write count restored: the word at 0x100 of net flash had its history restored, so the
     * same program sequence gives the same verdict as on the reference */
    int first = wr32(s, FM_NRF_NET_FLASH, 0x100, 0);
    fm_snapshot_restore(s, snap);
    assert_int_equal(wr32(s, FM_NRF_NET_FLASH, 0x100, 0), first);
    fm_snapshot_restore(s, snap);
    release(&ref);
    fm_snapshot_destroy(snap);
    fm_sys_destroy(s);
}

static void test_restore_other_snapshot_is_full(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(8);
    uint64_t rng = 5;
    struct fm_snapshot *a, *b;
    assert_int_equal(fm_snapshot_create(s, &a), 0);
    assert_int_equal(fm_snapshot_create(s, &b), 0);
    random_ops(s, &rng, 20);
    fm_power_on(s);
    fm_snapshot_take(s, a);
    struct image ra;
    capture(s, &ra);
    random_ops(s, &rng, 20);
    fm_power_on(s);
    fm_snapshot_take(s, b);
    struct image rb;
    capture(s, &rb);
    random_ops(s, &rng, 20);
    fm_snapshot_restore(s, a); /* not the baseline: full restore */
    assert_same(s, &ra);
    random_ops(s, &rng, 5);
    fm_snapshot_restore(s, b);
    assert_same(s, &rb);
    random_ops(s, &rng, 5);
    fm_snapshot_restore(s, b); /* baseline again: incremental */
    assert_same(s, &rb);
    release(&ra);
    release(&rb);
    fm_snapshot_destroy(a);
    fm_snapshot_destroy(b);
    fm_sys_destroy(s);
}

/* The branch of a power-loss sweep: restore, cut at an operation, recover; every branch starts
 * from the same state, so the same cut gives the same result. */
static enum fm_fault_action cut_at(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    (void)tear;
    uint64_t at = *(const uint64_t *)ctx;
    if (op->seq < at) {
        *again = at;
        return FM_FAULT_NONE;
    }
    *again = UINT64_MAX;
    return FM_FAULT_CUT_BEFORE;
}

static void test_branches_are_reproducible(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(9);
    struct fm_snapshot *snap;
    assert_int_equal(fm_snapshot_create(s, &snap), 0);
    fm_snapshot_take(s, snap);
    uint8_t img[4096];
    for (int i = 0; i < 4096; i++) {
        img[i] = (uint8_t)(i ^ 0x5A);
    }
    uint8_t out1[8192], out2[8192];
    for (uint64_t at = 0; at < 1030; at += 97) {
        for (int rep = 0; rep < 2; rep++) {
            fm_snapshot_restore(s, snap);
            fm_set_fault_hook(s, cut_at, &at, 0);
            int rc = fm_erase(s, FM_NRF_NET_FLASH, 0x8800, 0x1000, NULL);
            if (rc == 0) {
                rc = fm_program(s, FM_NRF_NET_FLASH, 0x8800, img, 4096, NULL);
            }
            assert_int_equal(rc, at < 1026 ? FM_E_POWER_LOSS : 0);
            assert_int_equal(fm_peek(s, FM_NRF_NET_FLASH, 0x8000, rep ? out2 : out1, 8192), 0);
        }
        assert_memory_equal(out1, out2, sizeof(out1));
    }
    fm_snapshot_destroy(snap);
    fm_sys_destroy(s);
}

/* A rolling snapshot: update() moves it forward with the changed pages only; restoring it then
 * gives the state at the update, as a full take would. */
static void test_update_moves_snapshot_forward(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(10);
    uint64_t rng = 77;
    struct fm_snapshot *roll;
    assert_int_equal(fm_snapshot_create(s, &roll), 0);
    fm_snapshot_take(s, roll);
    for (int step = 0; step < 20; step++) {
        random_ops(s, &rng, 3); /* advance the "reference" */
        if (!fm_powered(s)) {
            fm_power_on(s);
        }
        fm_snapshot_update(s, roll);
        struct image ref;
        capture(s, &ref);
        random_ops(s, &rng, 4); /* a "branch" */
        fm_snapshot_restore(s, roll);
        assert_same(s, &ref);
        release(&ref);
    }
    fm_snapshot_destroy(roll);
    fm_sys_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restore_after_random_operations),
        cmocka_unit_test(test_restore_other_snapshot_is_full),
        cmocka_unit_test(test_branches_are_reproducible),
        cmocka_unit_test(test_update_moves_snapshot_forward),
    };
    return cmocka_run_group_tests_name("flashmodel.snapshot", tests, NULL, NULL);
}
