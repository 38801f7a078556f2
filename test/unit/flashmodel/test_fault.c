/* Fault hooks (cut before, tear, cut after), the hook's "ask again at" gating, and power
 * semantics (flash kept, RAM undefined but seeded, warm reset keeps RAM). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fm_test_util.h"

/* A hook that acts once, at operation @ref at, and counts how often it was asked. */
struct one_shot {
    uint64_t at;
    enum fm_fault_action action;
    struct fm_tear tear;
    unsigned asked;
    struct fm_op seen;
};

static enum fm_fault_action one_shot_hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    struct one_shot *h = ctx;
    h->asked++;
    if (op->seq != h->at) {
        *again = h->at; /* nothing to do before @at */
        return FM_FAULT_NONE;
    }
    h->seen = *op;
    *tear = h->tear;
    *again = UINT64_MAX;
    return h->action;
}

static struct fm_sys *with_hook(struct one_shot *h)
{
    struct fm_sys *s = new_nrf(3);
    fm_set_fault_hook(s, one_shot_hook, h, h->at);
    return s;
}

static void fill(uint8_t *b, size_t n, uint8_t v)
{
    memset(b, v, n);
}

static void test_cut_before_nothing_lands(void **state)
{
    (void)state;
    struct one_shot h = {.at = 5, .action = FM_FAULT_CUT_BEFORE};
    struct fm_sys *s = with_hook(&h);
    uint8_t d[64];
    fill(d, sizeof(d), 0x00);
    uint64_t us = 0;
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0x8800, d, sizeof(d), &us), FM_E_POWER_LOSS);
    assert_int_equal(h.asked, 1); /* gated: only operation 5 was shown to the hook */
    assert_int_equal(h.seen.kind, FM_OP_PROGRAM);
    assert_int_equal(h.seen.dev, FM_NRF_NET_FLASH);
    assert_int_equal(h.seen.offset, 0x8800 + 5 * 4);
    assert_int_equal(h.seen.len, 4);
    assert_int_equal(us, 5u * FM_NRF_NVMC_TWRITE_US);
    assert_false(fm_powered(s));
    /* words 0..4 landed, word 5 and on did not */
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x8800 + 16), 0);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x8800 + 20), 0xFFFFFFFFu);
    assert_int_equal(fm_next_seq(s), 5);
    /* everything fails until power returns */
    uint32_t v;
    assert_int_equal(fm_read(s, FM_NRF_NET_FLASH, 0, &v, 4, NULL), FM_E_POWERED_OFF);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0, &v, 4, NULL), FM_E_POWERED_OFF);
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x20000000u, &v, 4, NULL), FM_E_POWERED_OFF);
    fm_power_on(s);
    assert_int_equal(fm_read(s, FM_NRF_NET_FLASH, 0x8800, &v, 4, NULL), 0);
    fm_sys_destroy(s);
}

static void test_cut_after_operation_lands(void **state)
{
    (void)state;
    struct one_shot h = {.at = 1, .action = FM_FAULT_CUT_AFTER};
    struct fm_sys *s = with_hook(&h);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0, 0x800, NULL), 0);                 /* op 0 */
    assert_int_equal(wr32(s, FM_NRF_NET_FLASH, 0, 0x1234u), FM_E_POWER_LOSS);            /* op 1 */
    assert_false(fm_powered(s));
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0), 0x1234u);
    fm_sys_destroy(s);

    struct one_shot h2 = {.at = 2, .action = FM_FAULT_CUT_AFTER};
    s = with_hook(&h2);
    uint8_t d[12] = {0};
    assert_int_equal(fm_program(s, FM_NRF_APP_FLASH, 0, d, 12, NULL), FM_E_POWER_LOSS);
    assert_int_equal(rd32(s, FM_NRF_APP_FLASH, 8), 0); /* the third word (op 2) landed */
    assert_int_equal(fm_next_seq(s), 3);
    fm_sys_destroy(s);

    /* cut after an erase: the page is erased */
    struct one_shot h3 = {.at = 1, .action = FM_FAULT_CUT_AFTER};
    s = with_hook(&h3);
    assert_int_equal(wr32(s, FM_NRF_NET_FLASH, 0x800, 0), 0);                   /* op 0 */
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x800, 0x800, NULL), FM_E_POWER_LOSS); /* op 1 */
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x800), 0xFFFFFFFFu);
    fm_sys_destroy(s);
}

static void test_torn_program_some_bits(void **state)
{
    (void)state;
    uint32_t results[2];
    for (int run = 0; run < 2; run++) {
        struct one_shot h = {.at = 0, .action = FM_FAULT_TEAR, .tear = {FM_TEAR_SOMEBITS, 77}};
        struct fm_sys *s = with_hook(&h);
        assert_int_equal(wr32(s, FM_NRF_NET_FLASH, 0x100, 0x00000000u), FM_E_POWER_LOSS);
        results[run] = rd32(s, FM_NRF_NET_FLASH, 0x100);
        fm_sys_destroy(s);
    }
    /* some but not all bits cleared; the same seed gives the same cells */
    assert_int_not_equal(results[0], 0xFFFFFFFFu);
    assert_int_not_equal(results[0], 0);
    assert_int_equal(results[0], results[1]);
    /* mostbits clears more than somebits on average: check over a page */
    unsigned cleared[2] = {0, 0};
    for (int m = 0; m < 2; m++) {
        struct one_shot h = {.at = 0, .action = FM_FAULT_TEAR,
                             .tear = {m ? FM_TEAR_MOSTBITS : FM_TEAR_SOMEBITS, 5}};
        struct fm_sys *s = with_hook(&h);
        uint8_t z[256];
        memset(z, 0, sizeof(z));
        assert_int_equal(fm_program(s, FM_NRF_QSPI, 0, z, 256, NULL), FM_E_POWER_LOSS);
        uint8_t c[256];
        assert_int_equal(fm_peek(s, FM_NRF_QSPI, 0, c, 256), 0);
        for (int i = 0; i < 256; i++) {
            cleared[m] += 8u - (unsigned)__builtin_popcount(c[i]);
        }
        fm_sys_destroy(s);
    }
    assert_true(cleared[0] > 256 && cleared[0] < 768);  /* ~1/4 of 2048 bits */
    assert_true(cleared[1] > 1280 && cleared[1] < 1792); /* ~3/4 */
}

static void test_torn_program_prefix(void **state)
{
    (void)state;
    struct one_shot h = {.at = 0, .action = FM_FAULT_TEAR, .tear = {FM_TEAR_PREFIX, 9}};
    struct fm_sys *s = with_hook(&h);
    uint8_t z[256];
    memset(z, 0, sizeof(z));
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 0, z, 256, NULL), FM_E_POWER_LOSS);
    uint8_t c[256];
    assert_int_equal(fm_peek(s, FM_NRF_QSPI, 0, c, 256), 0);
    /* a prefix of bytes is programmed, the rest still erased */
    int k = 0;
    while (k < 256 && c[k] == 0) {
        k++;
    }
    for (int i = k; i < 256; i++) {
        assert_int_equal(c[i], 0xFF);
    }
    fm_sys_destroy(s);
}

static void test_torn_erase(void **state)
{
    (void)state;
    uint8_t a[2048], b[2048];
    for (int run = 0; run < 2; run++) {
        struct one_shot h = {.at = 0, .action = FM_FAULT_TEAR, .tear = {FM_TEAR_GARBAGE, 1234}};
        struct fm_sys *s = with_hook(&h);
        assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x8800, 0x800, NULL), FM_E_POWER_LOSS);
        assert_int_equal(fm_peek(s, FM_NRF_NET_FLASH, 0x8800, run ? b : a, 2048), 0);
        assert_int_equal(fm_page_erase_count(s, FM_NRF_NET_FLASH, 0x8800 / 0x800), 1);
        fm_sys_destroy(s);
    }
    assert_memory_equal(a, b, sizeof(a)); /* deterministic garbage */
    unsigned ff = 0;
    for (int i = 0; i < 2048; i++) {
        ff += a[i] == 0xFF;
    }
    assert_true(ff < 64); /* not an erased page */

    /* partial erase: bits only go from 0 to 1, some stay 0 */
    struct one_shot h = {.at = 1, .action = FM_FAULT_TEAR, .tear = {FM_TEAR_SOMEBITS, 3}};
    struct fm_sys *s = with_hook(&h);
    uint8_t z[2048];
    memset(z, 0x00, sizeof(z));
    fm_set_fault_hook(s, NULL, NULL, 0);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0x8800, z, sizeof(z), NULL), 0); /* ops 0..511 */
    fm_set_fault_hook(s, one_shot_hook, &h, 0);
    h.at = fm_next_seq(s);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x8800, 0x800, NULL), FM_E_POWER_LOSS);
    assert_int_equal(fm_peek(s, FM_NRF_NET_FLASH, 0x8800, a, 2048), 0);
    unsigned ones = 0;
    for (int i = 0; i < 2048; i++) {
        ones += (unsigned)__builtin_popcount(a[i]);
    }
    assert_true(ones > 2048 && ones < 6144); /* about 1/4 of the bits set */
    fm_sys_destroy(s);
}

static void test_hook_sees_every_op_when_asked(void **state)
{
    (void)state;
    struct one_shot h = {.at = UINT64_MAX - 1, .action = FM_FAULT_NONE};
    struct fm_sys *s = new_nrf(3);
    fm_set_fault_hook(s, one_shot_hook, &h, 0); /* ask from op 0: the hook then defers */
    uint8_t d[400] = {0};
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0, d, 400, NULL), 0);
    assert_int_equal(h.asked, 1); /* asked once, it answered "not before UINT64_MAX-1" */
    assert_int_equal(fm_next_seq(s), 100);
    fm_sys_destroy(s);
}

static void test_power_loss_keeps_flash_and_scrambles_ram(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(42);
    struct fm_sys *t = new_nrf(42);
    uint8_t msg[16] = "pcd command blk";
    for (struct fm_sys *x = s; x != NULL; x = (x == s ? t : NULL)) {
        assert_int_equal(fm_write_ram(x, FM_NRF_APP_SRAM, 0, msg, 16), 0);
        assert_int_equal(wr32(x, FM_NRF_NET_FLASH, 0, 0xA5A5A5A5u), 0);
        assert_int_equal(fm_erase(x, FM_NRF_RAM_FLASH, 0, 0x1000, NULL), 0);
        assert_int_equal(wr32(x, FM_NRF_RAM_FLASH, 0, 0x12345678u), 0);
    }
    /* warm reset: RAM kept */
    fm_warm_reset(s);
    assert_int_equal(fm_compare(s, FM_NRF_APP_SRAM, 0, msg, 16, NULL), 0);
    /* power loss: flash kept, RAM (and the RAM flash simulator) undefined */
    fm_power_loss(s);
    fm_power_loss(t);
    assert_false(fm_powered(s));
    fm_power_on(s);
    fm_power_on(t);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0), 0xA5A5A5A5u);
    uint32_t diff;
    assert_int_equal(fm_compare(s, FM_NRF_APP_SRAM, 0, msg, 16, &diff), 1);
    assert_int_not_equal(rd32(s, FM_NRF_RAM_FLASH, 0), 0x12345678u);
    /* the same seed and history give the same garbage */
    assert_int_equal(fm_compare_regions(s, FM_NRF_APP_SRAM, 0, FM_NRF_APP_SRAM, 0, 64, NULL), 0);
    uint8_t gs[64], gt[64];
    assert_int_equal(fm_peek(s, FM_NRF_APP_SRAM, 0x1000, gs, 64), 0);
    assert_int_equal(fm_peek(t, FM_NRF_APP_SRAM, 0x1000, gt, 64), 0);
    assert_memory_equal(gs, gt, 64);
    /* a second loss gives different garbage */
    fm_power_loss(s);
    fm_power_on(s);
    uint8_t g2[64];
    assert_int_equal(fm_peek(s, FM_NRF_APP_SRAM, 0x1000, g2, 64), 0);
    assert_memory_not_equal(gs, g2, 64);
    fm_sys_destroy(s);
    fm_sys_destroy(t);
}

static void test_io_helpers(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(4);
    char path[] = "/tmp/pcdsim-fmio-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    uint8_t pat[300];
    for (int i = 0; i < 300; i++) {
        pat[i] = (uint8_t)(i * 7);
    }
    assert_int_equal(fm_load(s, FM_NRF_APP_FLASH, 0x80000, pat, 300), 0);
    assert_int_equal(fm_dump_file(s, FM_NRF_APP_FLASH, 0x80000, 300, path), 0);
    uint32_t n = 0;
    assert_int_equal(fm_load_file(s, FM_NRF_QSPI, 0x74000, path, &n), 0);
    assert_int_equal(n, 300);
    uint32_t diff = 0;
    assert_int_equal(fm_compare_regions(s, FM_NRF_APP_FLASH, 0x80000, FM_NRF_QSPI, 0x74000, 300, &diff), 0);
    assert_int_equal(diff, 300);
    pat[123] ^= 1;
    assert_int_equal(fm_compare(s, FM_NRF_QSPI, 0x74000, pat, 300, &diff), 1);
    assert_int_equal(diff, 123);
    assert_int_equal(fm_load_file(s, FM_NRF_QSPI, FM_NRF_QSPI_SIZE - 10, path, NULL), FM_E_RANGE);
    assert_int_equal(fm_load_file(s, FM_NRF_QSPI, 0, "/nonexistent/file", NULL), FM_E_IO);
    assert_int_equal(fm_dump_file(s, FM_NRF_QSPI, 0, 16, "/nonexistent/dir/file"), FM_E_IO);
    assert_null(fm_view(s, FM_NRF_QSPI, FM_NRF_QSPI_SIZE, 1));
    unlink(path);
    fm_sys_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_before_nothing_lands),
        cmocka_unit_test(test_cut_after_operation_lands),
        cmocka_unit_test(test_torn_program_some_bits),
        cmocka_unit_test(test_torn_program_prefix),
        cmocka_unit_test(test_torn_erase),
        cmocka_unit_test(test_hook_sees_every_op_when_asked),
        cmocka_unit_test(test_power_loss_keeps_flash_and_scrambles_ram),
        cmocka_unit_test(test_io_helpers),
    };
    return cmocka_run_group_tests_name("flashmodel.fault", tests, NULL, NULL);
}
