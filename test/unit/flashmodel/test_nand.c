/* The SPI NAND device (FM_KIND_NAND, W25N01GV): geometry, program-once and page order, factory
 * and grown bad blocks, on-die ECC, torn operations, snapshots, not memory-mapped. */
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "fm_test_util.h"

#define BLOCKS 4u

static struct fm_sys *new_nand(void)
{
    struct fm_desc d;
    memset(&d, 0, sizeof(d));
    d.n_devices = 1;
    assert_int_equal(fm_nand_desc(&d.devices[0], "nand", BLOCKS), 0);
    struct fm_sys *s = NULL;
    assert_int_equal(fm_sys_create(&d, 7, &s), 0);
    return s;
}

static void fill(uint8_t *buf, uint32_t len, uint8_t seed)
{
    for (uint32_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seed + i * 7u);
    }
}

static unsigned bit_diff(const uint8_t *a, const uint8_t *b, uint32_t len)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < len; i++) {
        n += (unsigned)__builtin_popcount((unsigned)(a[i] ^ b[i]));
    }
    return n;
}

static void test_geometry_and_not_mapped(void **state)
{
    (void)state;
    struct fm_device_desc dd;
    assert_int_equal(fm_nand_desc(&dd, "n", 0), FM_E_INVAL);
    assert_int_equal(fm_nand_desc(&dd, "n", 1025), FM_E_INVAL);
    assert_int_equal(fm_nand_desc(&dd, "n", FM_NAND_W25N01GV_BLOCKS), 0);
    assert_int_equal(dd.size, 128u * 1024u * 1024u);
    /* a bus region on NAND is refused: the cores reach it only through a driver */
    struct fm_desc d;
    memset(&d, 0, sizeof(d));
    d.n_devices = 1;
    assert_int_equal(fm_nand_desc(&d.devices[0], "nand", BLOCKS), 0);
    d.n_regions[FM_CORE_APP] = 1;
    d.regions[FM_CORE_APP][0] = (struct fm_bus_region){0x10000000u, FM_NAND_BLOCK, 0, 0, FM_PERM_R};
    struct fm_sys *s = NULL;
    assert_int_equal(fm_sys_create(&d, 1, &s), FM_E_INVAL);
    s = new_nand();
    const uint8_t *v;
    assert_int_equal(fm_read_view(s, 0, 0, 16, &v, NULL), FM_E_NOT_SUPPORTED);
    fm_sys_destroy(s);
    /* the nRF5340 board: an optional NAND, on no core's bus */
    struct fm_nrf5340_opts o = FM_NRF5340_OPTS_DEFAULT;
    o.nand_blocks = FM_NAND_W25N01GV_BLOCKS + 1u;
    assert_int_equal(fm_nrf5340_desc(&d, &o), FM_E_INVAL);
    o.nand_blocks = 8;
    assert_int_equal(fm_nrf5340_desc(&d, &o), 0);
    assert_int_equal(d.devices[FM_NRF_NAND].kind, FM_KIND_NAND);
    assert_int_equal(d.devices[FM_NRF_NAND].size, 8u * FM_NAND_BLOCK);
    for (int c = 0; c < FM_CORE_COUNT; c++) {
        for (unsigned i = 0; i < d.n_regions[c]; i++) {
            assert_int_not_equal(d.regions[c][i].dev, FM_NRF_NAND);
        }
    }
    assert_int_equal(fm_sys_create(&d, 1, &s), 0);
    uint8_t page[FM_NAND_PAGE];
    memset(page, 0x5A, sizeof(page));
    assert_int_equal(fm_nand_program_page(s, FM_NRF_NAND, 8u * 64u - 1u, page, NULL, NULL), 0);
    fm_sys_destroy(s);
    o.nand_blocks = 0; /* not fitted: size 0 */
    assert_int_equal(fm_nrf5340_desc(&d, &o), 0);
    assert_int_equal(d.devices[FM_NRF_NAND].size, 0);
}

static void test_program_read_timing(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    uint8_t w[FM_NAND_PAGE], r[FM_NAND_PAGE], sp[FM_NAND_SPARE], rs[FM_NAND_SPARE];
    fill(w, sizeof(w), 3);
    fill(sp, sizeof(sp), 9);
    uint64_t us = 0;
    assert_int_equal(fm_nand_program_page(s, 0, 65, w, sp, &us), 0);
    assert_int_equal(us, FM_NAND_T_PROG_US);
    us = 0;
    enum fm_nand_ecc ecc = FM_NAND_ECC_UNCORRECTABLE;
    assert_int_equal(fm_nand_read_page(s, 0, 65, r, rs, &ecc, &us), 0);
    assert_int_equal(ecc, FM_NAND_ECC_CLEAN);
    assert_int_equal(us, FM_NAND_T_READ_US);
    assert_memory_equal(r, w, sizeof(w));
    assert_memory_equal(rs, sp, sizeof(sp));
    /* generic read across two pages: two page reads */
    us = 0;
    assert_int_equal(fm_read(s, 0, 65 * FM_NAND_PAGE + 2000, r, 100, &us), 0);
    assert_int_equal(us, 2u * FM_NAND_T_READ_US);
    assert_memory_equal(r, w + 2000, 48);
    assert_int_equal(r[48], 0xFF);
    /* generic program: whole pages only */
    assert_int_equal(fm_program(s, 0, 66 * FM_NAND_PAGE, w, 256, NULL), FM_E_ALIGN);
    assert_int_equal(fm_program(s, 0, 66 * FM_NAND_PAGE, w, FM_NAND_PAGE, NULL), 0);
    us = 0;
    assert_int_equal(fm_erase(s, 0, FM_NAND_BLOCK, FM_NAND_BLOCK, &us), 0);
    assert_int_equal(us, FM_NAND_T_ERASE_US);
    assert_int_equal(fm_erase(s, 0, FM_NAND_PAGE, FM_NAND_BLOCK, NULL), FM_E_ALIGN);
    assert_int_equal(fm_nand_read_page(s, 0, 65, r, rs, NULL, NULL), 0);
    assert_int_equal(r[0], 0xFF);
    assert_int_equal(rs[0], 0xFF);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_NWRITE), 0);
    fm_sys_destroy(s);
}

static void test_program_once_and_order(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    uint8_t w[FM_NAND_PAGE];
    fill(w, sizeof(w), 1);
    assert_int_equal(fm_nand_program_page(s, 0, 2, w, NULL, NULL), 0);
    assert_int_equal(fm_nand_program_page(s, 0, 5, w, NULL, NULL), 0);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_PAGE_ORDER), 0);
    /* page 3 after page 5 of the same block: out of order */
    assert_int_equal(fm_nand_program_page(s, 0, 3, w, NULL, NULL), FM_E_PAGE_ORDER);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_PAGE_ORDER), 1);
    /* page 5 again: program-once */
    assert_int_equal(fm_nand_program_page(s, 0, 5, w, NULL, NULL), FM_E_NWRITE);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_NWRITE), 1);
    /* another block is independent; after an erase the block starts over */
    assert_int_equal(fm_nand_program_page(s, 0, 64, w, NULL, NULL), 0);
    assert_int_equal(fm_erase(s, 0, 0, FM_NAND_BLOCK, NULL), 0);
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), 0);
    assert_int_equal(fm_nand_program_page(s, 0, 5, w, NULL, NULL), 0);
    uint64_t total;
    fm_records(s, &total, NULL);
    assert_int_equal(total, 2);
    fm_sys_destroy(s);
}

static void test_factory_bad(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    assert_int_equal(fm_nand_factory_bad(s, 0, 2), 0);
    uint8_t r[FM_NAND_PAGE], rs[FM_NAND_SPARE], w[FM_NAND_PAGE];
    assert_int_equal(fm_nand_read_page(s, 0, 2 * 64, r, rs, NULL, NULL), 0);
    assert_int_not_equal(r[0], 0xFF); /* W25N01GV: byte 0 of page 0 */
    assert_int_not_equal(rs[0], 0xFF); /* and column 2048 */
    assert_int_equal(fm_nand_block_state(s, 0, 2), 1);
    fill(w, sizeof(w), 5);
    assert_int_equal(fm_nand_program_page(s, 0, 2 * 64 + 1, w, NULL, NULL), FM_E_BAD_BLOCK);
    assert_int_equal(fm_erase(s, 0, 2 * FM_NAND_BLOCK, FM_NAND_BLOCK, NULL), FM_E_BAD_BLOCK);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_BAD_BLOCK), 2);
    assert_int_equal(fm_nand_read_page(s, 0, 2 * 64, r, rs, NULL, NULL), 0);
    assert_int_equal(rs[0], 0x00); /* the marker survives */
    struct fm_stats st;
    assert_int_equal(fm_stats(s, 0, &st), 0);
    assert_int_equal(st.status_fails, 2);
    fm_sys_destroy(s);
}

static void test_grown_bad(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    uint8_t w[FM_NAND_PAGE], r[FM_NAND_PAGE];
    fill(w, sizeof(w), 11);
    assert_int_equal(fm_nand_program_page(s, 0, 64, w, NULL, NULL), 0);
    assert_int_equal(fm_nand_grow_bad(s, 0, 1), 0);
    assert_int_equal(fm_nand_block_state(s, 0, 1), 0); /* armed, not yet failed */
    assert_int_equal(fm_nand_program_page(s, 0, 65, w, NULL, NULL), FM_E_PROGRAM_FAIL);
    assert_int_equal(fm_nand_block_state(s, 0, 1), 2);
    assert_int_equal(fm_nand_read_page(s, 0, 65, r, NULL, NULL, NULL), FM_E_ECC);
    assert_int_equal(fm_nand_read_page(s, 0, 64, r, NULL, NULL, NULL), 0); /* the page before still reads */
    assert_memory_equal(r, w, sizeof(w));
    assert_int_equal(fm_erase(s, 0, FM_NAND_BLOCK, FM_NAND_BLOCK, NULL), FM_E_ERASE_FAIL);
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), 0); /* block 0 is fine */
    uint64_t total;
    fm_records(s, &total, NULL);
    assert_int_equal(total, 0); /* a status fail is the device's event, not a driver's violation */
    /* an erase can be the failing operation too */
    assert_int_equal(fm_nand_grow_bad(s, 0, 3), 0);
    assert_int_equal(fm_erase(s, 0, 3 * FM_NAND_BLOCK, FM_NAND_BLOCK, NULL), FM_E_ERASE_FAIL);
    assert_int_equal(fm_nand_block_state(s, 0, 3), 2);
    fm_sys_destroy(s);
}

static void test_seeded_fail_rate(void **state)
{
    (void)state;
    uint8_t w[FM_NAND_PAGE];
    fill(w, sizeof(w), 2);
    struct fm_sys *s = new_nand();
    assert_int_equal(fm_nand_fail_rate(s, 0, 1000001u, 1), FM_E_INVAL);
    assert_int_equal(fm_nand_fail_rate(s, 0, 1000000u, 1), 0); /* every operation */
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), FM_E_PROGRAM_FAIL);
    assert_int_equal(fm_erase(s, 0, FM_NAND_BLOCK, FM_NAND_BLOCK, NULL), FM_E_ERASE_FAIL);
    fm_sys_destroy(s);
    /* a quarter of the operations: some blocks fail, the same ones for the same seed */
    unsigned failed[2] = {0, 0};
    for (int run = 0; run < 2; run++) {
        s = new_nand();
        assert_int_equal(fm_nand_fail_rate(s, 0, 250000u, 42), 0);
        for (uint32_t p = 0; p < BLOCKS * FM_NAND_PAGES_PER_BLOCK; p++) {
            int rc = fm_nand_program_page(s, 0, p, w, NULL, NULL);
            assert_true(rc == 0 || rc == FM_E_PROGRAM_FAIL);
            failed[run] += rc != 0;
        }
        fm_sys_destroy(s);
    }
    assert_int_equal(failed[0], failed[1]);
    assert_true(failed[0] > 0u && failed[0] < BLOCKS * FM_NAND_PAGES_PER_BLOCK);
}

static void test_ecc(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    uint8_t w[FM_NAND_PAGE], r[FM_NAND_PAGE];
    fill(w, sizeof(w), 21);
    assert_int_equal(fm_nand_program_page(s, 0, 7, w, NULL, NULL), 0);
    enum fm_nand_ecc ecc;
    assert_int_equal(fm_nand_bit_errors(s, 0, 7, 1), 0);
    assert_int_equal(fm_nand_read_page(s, 0, 7, r, NULL, &ecc, NULL), 0);
    assert_int_equal(ecc, FM_NAND_ECC_CORRECTED);
    assert_memory_equal(r, w, sizeof(w));
    assert_int_equal(fm_nand_bit_errors(s, 0, 7, 2), 0);
    assert_int_equal(fm_nand_read_page(s, 0, 7, r, NULL, &ecc, NULL), FM_E_ECC);
    assert_int_equal(ecc, FM_NAND_ECC_UNCORRECTABLE);
    assert_int_equal(bit_diff(r, w, sizeof(w)), 2);
    assert_int_equal(fm_read(s, 0, 7 * FM_NAND_PAGE, r, 16, NULL), FM_E_ECC);
    struct fm_stats st;
    assert_int_equal(fm_stats(s, 0, &st), 0);
    assert_int_equal(st.ecc_corrected, 1);
    assert_int_equal(st.ecc_uncorrectable, 2);
    assert_int_equal(fm_nand_bit_errors(s, 0, 7, 201), FM_E_INVAL);
    assert_int_equal(fm_erase(s, 0, 0, FM_NAND_BLOCK, NULL), 0);
    assert_int_equal(fm_nand_read_page(s, 0, 7, r, NULL, &ecc, NULL), 0);
    assert_int_equal(ecc, FM_NAND_ECC_CLEAN);
    fm_sys_destroy(s);
}

/* A hook that applies one action at one operation number. */
struct one_fault {
    uint64_t at;
    enum fm_fault_action action;
    enum fm_tear_mode mode;
};

static enum fm_fault_action one_hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    struct one_fault *f = ctx;
    *again = op->seq < f->at ? f->at : UINT64_MAX;
    if (op->seq != f->at) {
        return FM_FAULT_NONE;
    }
    tear->mode = f->mode;
    tear->seed = 99;
    return f->action;
}

static void test_power_loss(void **state)
{
    (void)state;
    uint8_t w[FM_NAND_PAGE], r[FM_NAND_PAGE];
    fill(w, sizeof(w), 0);
    memset(w, 0x00, 512);
    /* cut before: nothing lands */
    struct fm_sys *s = new_nand();
    struct one_fault f = {0, FM_FAULT_CUT_BEFORE, FM_TEAR_SOMEBITS};
    fm_set_fault_hook(s, one_hook, &f, 0);
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), FM_E_POWER_LOSS);
    assert_false(fm_powered(s));
    fm_power_on(s);
    assert_int_equal(fm_nand_read_page(s, 0, 0, r, NULL, NULL, NULL), 0);
    assert_int_equal(r[0], 0xFF);
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), 0); /* still erased: no violation */
    fm_sys_destroy(s);
    /* torn program: the page reads uncorrectable; programming it again needs an erase */
    s = new_nand();
    f = (struct one_fault){0, FM_FAULT_TEAR, FM_TEAR_SOMEBITS};
    fm_set_fault_hook(s, one_hook, &f, 0);
    assert_int_equal(fm_program(s, 0, 0, w, FM_NAND_PAGE, NULL), FM_E_POWER_LOSS);
    fm_power_on(s);
    assert_int_equal(fm_nand_read_page(s, 0, 0, r, NULL, NULL, NULL), FM_E_ECC);
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), FM_E_NWRITE);
    fm_sys_destroy(s);
    /* torn erase: every page of the block unreadable until erased again */
    s = new_nand();
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), 0);
    f = (struct one_fault){1, FM_FAULT_TEAR, FM_TEAR_GARBAGE};
    fm_set_fault_hook(s, one_hook, &f, 0);
    assert_int_equal(fm_erase(s, 0, 0, FM_NAND_BLOCK, NULL), FM_E_POWER_LOSS);
    fm_power_on(s);
    assert_int_equal(fm_nand_read_page(s, 0, 30, r, NULL, NULL, NULL), FM_E_ECC);
    assert_int_equal(fm_erase(s, 0, 0, FM_NAND_BLOCK, NULL), 0);
    assert_int_equal(fm_nand_read_page(s, 0, 30, r, NULL, NULL, NULL), 0);
    fm_sys_destroy(s);
    /* cut after: complete, then off */
    s = new_nand();
    f = (struct one_fault){0, FM_FAULT_CUT_AFTER, FM_TEAR_SOMEBITS};
    fm_set_fault_hook(s, one_hook, &f, 0);
    assert_int_equal(fm_nand_program_page(s, 0, 0, w, NULL, NULL), FM_E_POWER_LOSS);
    fm_power_on(s);
    assert_int_equal(fm_nand_read_page(s, 0, 0, r, NULL, NULL, NULL), 0);
    assert_memory_equal(r, w, sizeof(w));
    fm_sys_destroy(s);
}

static void test_snapshot(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    uint8_t w[FM_NAND_PAGE], r[FM_NAND_PAGE], sp[FM_NAND_SPARE];
    fill(w, sizeof(w), 4);
    fill(sp, sizeof(sp), 6);
    assert_int_equal(fm_nand_program_page(s, 0, 1, w, sp, NULL), 0);
    struct fm_snapshot *sn = NULL;
    assert_int_equal(fm_snapshot_create(s, &sn), 0);
    fm_snapshot_take(s, sn);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(fm_nand_program_page(s, 0, 2, w, NULL, NULL), 0);
        assert_int_equal(fm_nand_bit_errors(s, 0, 1, 3), 0);
        assert_int_equal(fm_nand_grow_bad(s, 0, 3), 0);
        assert_int_equal(fm_erase(s, 0, 3 * FM_NAND_BLOCK, FM_NAND_BLOCK, NULL), FM_E_ERASE_FAIL);
        assert_int_equal(fm_nand_factory_bad(s, 0, 2), 0);
        fm_snapshot_restore(s, sn);
        uint8_t rs[FM_NAND_SPARE];
        assert_int_equal(fm_nand_read_page(s, 0, 1, r, rs, NULL, NULL), 0);
        assert_memory_equal(r, w, sizeof(w));
        assert_memory_equal(rs, sp, sizeof(sp));
        assert_int_equal(fm_nand_program_page(s, 0, 2, w, NULL, NULL), 0); /* page 2 erased again */
        assert_int_equal(fm_nand_block_state(s, 0, 3), 0);
        assert_int_equal(fm_nand_block_state(s, 0, 2), 0);
        fm_snapshot_restore(s, sn);
    }
    uint64_t total;
    fm_records(s, &total, NULL);
    assert_int_equal(total, 0);
    fm_snapshot_destroy(sn);
    fm_sys_destroy(s);
}

static void test_load_marks_programmed(void **state)
{
    (void)state;
    struct fm_sys *s = new_nand();
    uint8_t w[FM_NAND_PAGE];
    fill(w, sizeof(w), 8);
    assert_int_equal(fm_load(s, 0, 3 * FM_NAND_PAGE, w, 100), 0);
    assert_int_equal(fm_nand_program_page(s, 0, 3, w, NULL, NULL), FM_E_NWRITE);
    assert_int_equal(fm_nand_program_page(s, 0, 4, w, NULL, NULL), 0);
    fm_sys_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry_and_not_mapped),
        cmocka_unit_test(test_program_read_timing),
        cmocka_unit_test(test_program_once_and_order),
        cmocka_unit_test(test_factory_bad),
        cmocka_unit_test(test_grown_bad),
        cmocka_unit_test(test_seeded_fail_rate),
        cmocka_unit_test(test_ecc),
        cmocka_unit_test(test_power_loss),
        cmocka_unit_test(test_snapshot),
        cmocka_unit_test(test_load_marks_programmed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
