/* The nRF52840 description (nrf52840.h): 1 MiB of NVMC flash in 4 KiB pages with nWRITE 2 and the
 * PS timings, 256 KiB of RAM, one core; the default dual-bank layout is valid and the checks
 * refuse broken ones. */
#include "fm_test_util.h"

#include "flashmodel/nrf52840.h"

static struct fm_sys *new_n52(void)
{
    struct fm_desc d;
    assert_int_equal(fm_nrf52840_desc(&d), 0);
    struct fm_sys *s = NULL;
    assert_int_equal(fm_sys_create(&d, 1, &s), 0);
    return s;
}

static void test_geometry_and_timing(void **state)
{
    (void)state;
    struct fm_sys *s = new_n52();
    const struct fm_device_desc *f = fm_dev_desc(s, FM_N52_FLASH);
    assert_string_equal(f->name, "flash");
    assert_int_equal(f->size, 0x100000u);
    assert_int_equal(f->page_size, 0x1000u);
    assert_int_equal(fm_dev_find(s, "sram"), FM_N52_SRAM);
    uint64_t us = 0;
    uint32_t v = 0x12345678u;
    assert_int_equal(fm_program(s, FM_N52_FLASH, 0xFF000u, &v, 4, &us), 0);
    assert_int_equal(us, 41u);
    us = 0;
    assert_int_equal(fm_erase(s, FM_N52_FLASH, 0xFF000u, 0x1000u, &us), 0);
    assert_int_equal(us, 85000u);
    /* nWRITE 2: a third write of one word without erase is a violation */
    assert_int_equal(wr32(s, FM_N52_FLASH, 0x1000u, 0xFFFF0000u), 0);
    assert_int_equal(wr32(s, FM_N52_FLASH, 0x1000u, 0xFF000000u), 0);
    assert_int_equal(wr32(s, FM_N52_FLASH, 0x1000u, 0x00000000u), FM_E_NWRITE);
    /* one core: the CPU reaches flash and RAM, nothing else */
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x20000000u, &v, 4, NULL), 0);
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x00100000u, &v, 4, NULL), FM_E_BUS_FAULT);
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x0u, &v, 4, NULL), FM_E_BUS_FAULT);
    fm_sys_destroy(s);
}

static void test_default_layout(void **state)
{
    (void)state;
    const struct fm_nrf52840_layout l = FM_NRF52840_LAYOUT_DEFAULT;
    const char *why = NULL;
    assert_int_equal(fm_nrf52840_layout_check(&l, &why), 0);
    assert_int_equal(l.settings, 0xFF000u);
    assert_int_equal(l.mbr_params, 0xFE000u);
    struct fm_nrf52840_layout b = l;
    b.bank1 = l.bank0 + 0x1000u; /* overlaps bank 0 */
    assert_int_equal(fm_nrf52840_layout_check(&b, &why), FM_E_INVAL);
    assert_non_null(why);
    b = l;
    b.settings = 0xFD000u;
    assert_int_equal(fm_nrf52840_layout_check(&b, &why), FM_E_INVAL);
    b = l;
    b.bank0_size = 0x800u;
    assert_int_equal(fm_nrf52840_layout_check(&b, &why), FM_E_INVAL);
    b = l;
    b.bootloader = 0xF0000u; /* inside bank 1 */
    assert_int_equal(fm_nrf52840_layout_check(&b, &why), FM_E_INVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry_and_timing),
        cmocka_unit_test(test_default_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
