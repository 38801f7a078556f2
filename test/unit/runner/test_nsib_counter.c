/* NSIB's version counter as the simulator provisions and reads it (pcdsim/nsib_counter.h): the
 * bytes B0N's counter_read() parses (docs/SPEC.md 7.4), a round trip, the largest slot wins, an
 * unused or torn slot, and the limits that make a scenario's board.provision bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pcdsim/nsib_counter.h"

#define PROV_ADDR 0x01008580u
#define PROV_SIZE 0x280u

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static void test_layout_as_b0n_reads_it(void **state)
{
    (void)state;
    uint8_t p[PROV_SIZE];
    struct run_counter w;
    assert_int_equal(run_counter_encode(PROV_ADDR, PROV_SIZE, 0x01008800u, 5u, 16u, p, &w), 0);
    assert_true(w.on);
    assert_int_equal(w.slots_addr, PROV_ADDR + 60u);
    assert_int_equal(w.n_slots, 16u);
    assert_int_equal(p[40] | p[41] << 8 | p[42] << 16 | (uint32_t)p[43] << 24, 0x01008800u); /* s0_address */
    assert_int_equal(p[44] & p[45] & p[46] & p[47], 0xFF);                                   /* s1 erased */
    assert_int_equal(p[48] | p[49] | p[50] | p[51], 0);                                       /* no keys */
    assert_int_equal(le16(p + 52), 1u); /* type: counters */
    assert_int_equal(le16(p + 54), 1u); /* one counter */
    assert_int_equal(le16(p + 56), 1u); /* NSIB's description */
    assert_int_equal(le16(p + 58), 16u);
    assert_int_equal(le16(p + 60), ~(5u << 1) & 0xFFFFu);
    for (uint32_t i = 62; i < PROV_SIZE; i++) {
        assert_int_equal(p[i], 0xFF);
    }
    assert_int_equal(run_counter_decode(p + 60, 16u), 5u);
}

static void test_zero_writes_no_slot(void **state)
{
    (void)state;
    uint8_t p[PROV_SIZE];
    struct run_counter w;
    assert_int_equal(run_counter_encode(PROV_ADDR, PROV_SIZE, 0x01008800u, 0u, 4u, p, &w), 0);
    assert_int_equal(le16(p + 60), 0xFFFFu);
    assert_int_equal(run_counter_decode(p + 60, 4u), 0u);
}

static void test_largest_slot_wins_and_torn_slot(void **state)
{
    (void)state;
    uint8_t s[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    s[0] = (uint8_t)~(2u << 1), s[1] = 0xFF;                          /* version 2 */
    s[2] = (uint8_t)(~(7u << 1) & 0xFFu), s[3] = 0xFF;                /* version 7 */
    assert_int_equal(run_counter_decode(s, 3u), 7u);
    s[4] = 0x00, s[5] = 0x00; /* a slot with every bit cleared: 0xFFFF >> 1 */
    assert_int_equal(run_counter_decode(s, 3u), 0x7FFFu);
}

static void test_limits(void **state)
{
    (void)state;
    uint8_t p[PROV_SIZE];
    struct run_counter w = {false, 0, 0};
    assert_int_equal(run_counter_encode(PROV_ADDR, PROV_SIZE, 0, 0x8000u, 16u, p, &w), -1);
    assert_int_equal(run_counter_encode(PROV_ADDR, PROV_SIZE, 0, 1u, 0u, p, &w), -1);
    assert_int_equal(run_counter_encode(PROV_ADDR, PROV_SIZE, 0, 1u, PCDSIM_COUNTER_SLOTS_MAX + 1u, p, &w), -1);
    assert_int_equal(run_counter_encode(PROV_ADDR, 0u, 0, 1u, 1u, p, &w), -1); /* no provision area */
    assert_false(w.on);
    assert_int_equal(run_counter_encode(PROV_ADDR, PROV_SIZE, 0, 0x7FFFu, PCDSIM_COUNTER_SLOTS_MAX, p, &w), 0);
    assert_int_equal(run_counter_decode(p + 60, PCDSIM_COUNTER_SLOTS_MAX), 0x7FFFu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_as_b0n_reads_it),
        cmocka_unit_test(test_zero_writes_no_slot),
        cmocka_unit_test(test_largest_slot_wins_and_torn_slot),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
