/* NOR rules of the flash model: erased state, bit clearing, word alignment, nWRITE, QSPI
 * programs, erase, virtual time, counters and wear (nRF5340 PS NVMC chapter; facts §4.3, §4.5). */
#include <string.h>

#include "fm_test_util.h"

static void test_flash_starts_erased_and_ram_is_garbage(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    assert_int_equal(rd32(s, FM_NRF_APP_FLASH, 0), 0xFFFFFFFFu);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, FM_NRF_NET_FLASH_SIZE - 4), 0xFFFFFFFFu);
    assert_int_equal(rd32(s, FM_NRF_QSPI, FM_NRF_QSPI_SIZE - 4), 0xFFFFFFFFu);
    /* 64 bytes of RAM are not all 0xFF or all 0x00: seeded garbage */
    uint8_t b[64];
    assert_int_equal(fm_peek(s, FM_NRF_APP_SRAM, 0, b, sizeof(b)), 0);
    unsigned ff = 0, zero = 0;
    for (unsigned i = 0; i < sizeof(b); i++) {
        ff += b[i] == 0xFF;
        zero += b[i] == 0;
    }
    assert_true(ff < 32 && zero < 32);
    fm_sys_destroy(s);
}

static void test_nvmc_program_only_clears_bits(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    assert_int_equal(wr32(s, FM_NRF_NET_FLASH, 0x8800, 0x12345678u), 0);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x8800), 0x12345678u);
    /* writing 1 over 0 leaves the 0 and is legal on the NVMC ("write them as 1") */
    assert_int_equal(wr32(s, FM_NRF_NET_FLASH, 0x8800, 0xFFFF0000u), 0);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x8800), 0x12340000u);
    fm_sys_destroy(s);
}

static void test_nvmc_third_write_is_violation(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    assert_int_equal(wr32(s, FM_NRF_APP_FLASH, 0x100, 0xFFFFFFF0u), 0);
    assert_int_equal(wr32(s, FM_NRF_APP_FLASH, 0x100, 0xFFFFFF00u), 0);
    assert_int_equal(fm_write_count(s, FM_NRF_APP_FLASH, 0x102), 2);
    uint64_t seq_third = fm_next_seq(s);
    assert_int_equal(wr32(s, FM_NRF_APP_FLASH, 0x100, 0xFFFFF000u), FM_E_NWRITE);
    /* the hardware result is recorded as what it would physically be: old AND new */
    assert_int_equal(rd32(s, FM_NRF_APP_FLASH, 0x100), 0xFFFFF000u);
    unsigned cnt;
    const struct fm_record *r = fm_records(s, NULL, &cnt);
    assert_int_equal(cnt, 1);
    assert_int_equal(r[0].kind, FM_REC_VIOLATION);
    assert_int_equal(r[0].err, FM_E_NWRITE);
    assert_int_equal(r[0].dev, FM_NRF_APP_FLASH);
    assert_int_equal(r[0].addr, 0x100);
    assert_int_equal(r[0].seq, seq_third);
    struct fm_stats st;
    assert_int_equal(fm_stats(s, FM_NRF_APP_FLASH, &st), 0);
    assert_int_equal(st.violations, 1);
    /* the neighbour word is untouched by the rule */
    assert_int_equal(wr32(s, FM_NRF_APP_FLASH, 0x104, 0), 0);
    /* an erase resets the count */
    assert_int_equal(fm_erase(s, FM_NRF_APP_FLASH, 0, 0x1000, NULL), 0);
    assert_int_equal(wr32(s, FM_NRF_APP_FLASH, 0x100, 1), 0);
    assert_int_equal(wr32(s, FM_NRF_APP_FLASH, 0x100, 0), 0);
    fm_sys_destroy(s);
}

/* A multi-word program (the vector path): the first offending word and its operation number are
 * recorded, every offender is counted, and every word still becomes old AND new. */
static void test_nvmc_block_program_finds_first_offender(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    const uint32_t base = 0x2000;
    /* words 37 and 90 of a 128-word block already written twice */
    for (int k = 0; k < 2; k++) {
        assert_int_equal(wr32(s, FM_NRF_NET_FLASH, base + 4 * 37, 0xFFFF0000u), 0);
        assert_int_equal(wr32(s, FM_NRF_NET_FLASH, base + 4 * 90, 0x0000FFFFu), 0);
    }
    uint8_t block[512];
    for (unsigned i = 0; i < sizeof(block); i++) {
        block[i] = (uint8_t)(0xF0u | (i & 0x0Fu));
    }
    uint64_t seq0 = fm_next_seq(s);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, base, block, sizeof(block), NULL), FM_E_NWRITE);
    assert_int_equal(fm_next_seq(s), seq0 + 128u); /* one operation per word */
    unsigned cnt;
    const struct fm_record *r = fm_records(s, NULL, &cnt);
    assert_int_equal(cnt, 1);
    assert_int_equal(r[0].err, FM_E_NWRITE);
    assert_int_equal(r[0].addr, base + 4 * 37);
    assert_int_equal(r[0].seq, seq0 + 37u);
    struct fm_stats st;
    assert_int_equal(fm_stats(s, FM_NRF_NET_FLASH, &st), 0);
    assert_int_equal(st.violations, 2);
    uint8_t back[512];
    assert_int_equal(fm_peek(s, FM_NRF_NET_FLASH, base, back, sizeof(back)), 0);
    for (unsigned w = 0; w < 128; w++) {
        uint32_t want, got;
        memcpy(&want, block + 4 * w, 4);
        memcpy(&got, back + 4 * w, 4);
        if (w == 37) {
            want &= 0xFFFF0000u;
        } else if (w == 90) {
            want &= 0x0000FFFFu;
        }
        assert_int_equal(got, want);
    }
    assert_int_equal(fm_write_count(s, FM_NRF_NET_FLASH, base), 1);
    assert_int_equal(fm_write_count(s, FM_NRF_NET_FLASH, base + 4 * 37), 3);
    /* a clean block program after an erase records nothing more */
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, base, 0x800, NULL), 0);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, base, block, sizeof(block), NULL), 0);
    (void)fm_records(s, NULL, &cnt);
    assert_int_equal(cnt, 1);
    fm_sys_destroy(s);
}

static void test_nvmc_alignment_and_range(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    uint8_t buf[8] = {0};
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 2, buf, 4, NULL), FM_E_ALIGN);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0, buf, 6, NULL), FM_E_ALIGN);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, FM_NRF_NET_FLASH_SIZE - 4, buf, 8, NULL), FM_E_RANGE);
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0xFFFFFFFCu, buf, 8, NULL), FM_E_RANGE);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x400, 0x800, NULL), FM_E_ALIGN);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x800, 0x400, NULL), FM_E_ALIGN);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, FM_NRF_NET_FLASH_SIZE, 0x800, NULL), FM_E_RANGE);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_ALIGN), 4);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_RANGE), 3);
    /* nothing was programmed: still erased */
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0), 0xFFFFFFFFu);
    /* RAM has no program/erase; flash has no RAM writes */
    assert_int_equal(fm_program(s, FM_NRF_APP_SRAM, 0, buf, 4, NULL), FM_E_NOT_SUPPORTED);
    assert_int_equal(fm_erase(s, FM_NRF_APP_SRAM, 0, 0x1000, NULL), FM_E_NOT_SUPPORTED);
    assert_int_equal(fm_write_ram(s, FM_NRF_NET_FLASH, 0, buf, 4), FM_E_NOT_SUPPORTED);
    assert_int_equal(fm_read(s, FM_NRF_APP_SRAM, FM_NRF_APP_SRAM_SIZE - 2, buf, 4, NULL), FM_E_RANGE);
    assert_int_equal(fm_read(s, 99, 0, buf, 4, NULL), FM_E_INVAL);
    fm_sys_destroy(s);
}

static void test_erase_page_and_sequence_numbers(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    uint8_t data[512];
    memset(data, 0x00, sizeof(data));
    assert_int_equal(fm_next_seq(s), 0);
    /* 512 bytes to NVMC = 128 word operations */
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0x9000, data, sizeof(data), NULL), 0);
    assert_int_equal(fm_next_seq(s), 128);
    /* 512 bytes to QSPI from offset 0x80 = 3 page-program operations (0x80..0x100, 0x100..0x200, 0x200..0x280) */
    memset(data, 0xA5, sizeof(data));
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 0x80, data, sizeof(data), NULL), 0);
    assert_int_equal(fm_next_seq(s), 131);
    /* two pages erased = two operations; everything in them back to 0xFF */
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x9000, 0x1000, NULL), 0);
    assert_int_equal(fm_next_seq(s), 133);
    assert_int_equal(fm_compare(s, FM_NRF_NET_FLASH, 0x9000, (uint8_t[4]){0xFF, 0xFF, 0xFF, 0xFF}, 4, NULL), 0);
    for (uint32_t o = 0x9000; o < 0xA000; o += 4) {
        assert_int_equal(rd32(s, FM_NRF_NET_FLASH, o), 0xFFFFFFFFu);
    }
    assert_int_equal(fm_page_erase_count(s, FM_NRF_NET_FLASH, 0x9000 / 0x800), 1);
    assert_int_equal(fm_page_erase_count(s, FM_NRF_NET_FLASH, 0x9800 / 0x800), 1);
    assert_int_equal(fm_page_erase_count(s, FM_NRF_NET_FLASH, 0xA000 / 0x800), 0);
    fm_sys_destroy(s);
}

static void test_qspi_program_of_non_erased_bit(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    uint8_t a = 0x0F, b = 0xF0, c = 0x03;
    /* byte programs are fine on QSPI (write unit 1) */
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 1, &a, 1, NULL), 0);
    /* clearing more bits of the same byte is fine */
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 1, &c, 1, NULL), 0);
    /* asking for 1s where the cell holds 0s is a violation; the cell keeps the AND */
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 1, &b, 1, NULL), FM_E_NOT_ERASED);
    uint8_t v;
    assert_int_equal(fm_peek(s, FM_NRF_QSPI, 1, &v, 1), 0);
    assert_int_equal(v, 0x00);
    assert_int_equal(count_records(s, FM_REC_VIOLATION, FM_E_NOT_ERASED), 1);
    /* sector erase is 4 KiB aligned */
    assert_int_equal(fm_erase(s, FM_NRF_QSPI, 0, 0x800, NULL), FM_E_ALIGN);
    assert_int_equal(fm_erase(s, FM_NRF_QSPI, 0, 0x1000, NULL), 0);
    assert_int_equal(fm_peek(s, FM_NRF_QSPI, 1, &v, 1), 0);
    assert_int_equal(v, 0xFF);
    fm_sys_destroy(s);
}

static void test_ram_flash_allows_double_writes(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    assert_int_equal(fm_erase(s, FM_NRF_RAM_FLASH, 0, 0x1000, NULL), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(wr32(s, FM_NRF_RAM_FLASH, 8, 0xFFFFFFFFu << i), 0);
    }
    assert_int_equal(rd32(s, FM_NRF_RAM_FLASH, 8), 0xFFFFFFF0u);
    assert_int_equal(wr32(s, FM_NRF_RAM_FLASH, 2, 0), FM_E_ALIGN);
    /* its bytes live in app SRAM at 0x20010000 */
    uint32_t v;
    assert_int_equal(fm_peek(s, FM_NRF_APP_SRAM, 0x10000 + 8, &v, 4), 0);
    assert_int_equal(v, 0xFFFFFFF0u);
    fm_sys_destroy(s);
}

static void test_virtual_time(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    uint8_t data[512];
    memset(data, 0, sizeof(data));
    uint64_t us = 0;
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0, data, 512, &us), 0);
    assert_int_equal(us, 128u * FM_NRF_NVMC_TWRITE_US); /* tWRITE 43 µs per word */
    us = 0;
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x800, 0x1000, &us), 0);
    assert_int_equal(us, 2u * 87500u); /* tERASEPAGE 87.5 ms */
    us = 0;
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 0, data, 512, &us), 0);
    assert_int_equal(us, 2u * FM_NRF_QSPI_TPP_US);
    us = 0;
    assert_int_equal(fm_erase(s, FM_NRF_QSPI, 0, 0x1000, &us), 0);
    assert_int_equal(us, FM_NRF_QSPI_TSE_US);
    us = 0;
    assert_int_equal(fm_read(s, FM_NRF_QSPI, 0, data, 512, &us), 0);
    assert_int_equal(us, 512u / FM_NRF_QSPI_READ_BYTES_PER_US);
    us = 0;
    assert_int_equal(fm_read(s, FM_NRF_NET_FLASH, 0, data, 512, &us), 0);
    assert_int_equal(us, 0);
    fm_sys_destroy(s);
}

static void test_counters_and_touched_pages(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(1);
    uint8_t data[8] = {0};
    assert_int_equal(fm_program(s, FM_NRF_NET_FLASH, 0x8800, data, 8, NULL), 0);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0x9800, 0x800, NULL), 0);
    assert_int_equal(fm_read(s, FM_NRF_NET_FLASH, 0, data, 8, NULL), 0);
    struct fm_stats st;
    assert_int_equal(fm_stats(s, FM_NRF_NET_FLASH, &st), 0);
    assert_int_equal(st.prog_ops, 2);
    assert_int_equal(st.prog_bytes, 8);
    assert_int_equal(st.erases, 1);
    assert_int_equal(st.reads, 1);
    assert_int_equal(st.read_bytes, 8);
    assert_int_equal(st.pages_touched, 2);
    uint32_t pages[4];
    assert_int_equal(fm_pages_touched(s, FM_NRF_NET_FLASH, pages, 4), 2);
    assert_int_equal(pages[0], 0x8800 / 0x800);
    assert_int_equal(pages[1], 0x9800 / 0x800);
    assert_int_equal(fm_pages_touched(s, FM_NRF_APP_FLASH, NULL, 0), 0);
    fm_stats_reset(s);
    assert_int_equal(fm_stats(s, FM_NRF_NET_FLASH, &st), 0);
    assert_int_equal(st.prog_ops, 0);
    assert_int_equal(fm_pages_touched(s, FM_NRF_NET_FLASH, NULL, 0), 0);
    /* wear is not a counter: it survives the reset */
    assert_int_equal(fm_page_erase_count(s, FM_NRF_NET_FLASH, 0x9800 / 0x800), 1);
    fm_sys_destroy(s);
}

static void test_wear_recorded_above_endurance(void **state)
{
    (void)state;
    struct fm_desc d;
    assert_int_equal(fm_nrf5340_desc(&d, NULL), 0);
    d.devices[FM_NRF_NET_FLASH].endurance = 3;
    struct fm_sys *s;
    assert_int_equal(fm_sys_create(&d, 1, &s), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0, 0x800, NULL), 0);
    }
    assert_int_equal(count_records(s, FM_REC_WEAR, FM_E_WEAR), 0);
    assert_int_equal(fm_erase(s, FM_NRF_NET_FLASH, 0, 0x800, NULL), 0);
    assert_int_equal(count_records(s, FM_REC_WEAR, FM_E_WEAR), 1);
    assert_int_equal(fm_page_erase_count(s, FM_NRF_NET_FLASH, 0), 4);
    fm_sys_destroy(s);
}

static void test_description_is_validated(void **state)
{
    (void)state;
    struct fm_desc d;
    struct fm_sys *s = NULL;
    assert_int_equal(fm_nrf5340_desc(&d, NULL), 0);
    d.devices[FM_NRF_NET_FLASH].page_size = 3000; /* not a power of two */
    assert_int_equal(fm_sys_create(&d, 1, &s), FM_E_INVAL);
    assert_null(s);
    assert_int_equal(fm_nrf5340_desc(&d, NULL), 0);
    d.regions[FM_CORE_NET][1].base = FM_NRF_NET_FLASH_BASE + 0x100; /* overlaps region 0 */
    assert_int_equal(fm_sys_create(&d, 1, &s), FM_E_INVAL);
    assert_int_equal(fm_nrf5340_desc(&d, NULL), 0);
    d.devices[FM_NRF_RAM_FLASH].parent = FM_NRF_NET_FLASH; /* flash sim must live in RAM */
    assert_int_equal(fm_sys_create(&d, 1, &s), FM_E_INVAL);
    struct fm_nrf5340_opts bad = {true, 0x20079000u, 0x40000u, 0u}; /* runs past app SRAM */
    assert_int_equal(fm_nrf5340_desc(&d, &bad), FM_E_INVAL);
    /* geometry is looked up by name, not hard-coded */
    s = new_nrf(1);
    assert_int_equal(fm_dev_find(s, "net_flash"), FM_NRF_NET_FLASH);
    assert_int_equal(fm_dev_find(s, "nope"), FM_E_INVAL);
    assert_int_equal(fm_dev_desc(s, FM_NRF_QSPI)->size, 8u << 20);
    assert_null(fm_dev_desc(s, 42));
    assert_string_equal(fm_strerror(FM_E_NWRITE), "FM_E_NWRITE");
    fm_sys_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flash_starts_erased_and_ram_is_garbage),
        cmocka_unit_test(test_nvmc_program_only_clears_bits),
        cmocka_unit_test(test_nvmc_third_write_is_violation),
        cmocka_unit_test(test_nvmc_block_program_finds_first_offender),
        cmocka_unit_test(test_nvmc_alignment_and_range),
        cmocka_unit_test(test_erase_page_and_sequence_numbers),
        cmocka_unit_test(test_qspi_program_of_non_erased_bit),
        cmocka_unit_test(test_ram_flash_allows_double_writes),
        cmocka_unit_test(test_virtual_time),
        cmocka_unit_test(test_counters_and_touched_pages),
        cmocka_unit_test(test_wear_recorded_above_endurance),
        cmocka_unit_test(test_description_is_validated),
    };
    return cmocka_run_group_tests_name("flashmodel.nor", tests, NULL, NULL);
}
