/* Bus views: who can access what (facts §4.2), recorded bus faults, SPU-style protections. */
#include <string.h>

#include "fm_test_util.h"

static void test_app_core_map(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(2);
    uint32_t v = 0x11223344u, r;
    /* app SRAM read/write */
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x20000000u, &v, 4, NULL), 0);
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x20000000u, &r, 4, NULL), 0);
    assert_int_equal(r, v);
    /* a store to app flash programs the word through the NVMC */
    uint64_t us = 0;
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x0000C000u, &v, 4, &us), 0);
    assert_int_equal(us, FM_NRF_NVMC_TWRITE_US);
    assert_int_equal(rd32(s, FM_NRF_APP_FLASH, 0xC000), v);
    /* QSPI through the XIP window: readable, not writable */
    uint8_t b = 0x5A;
    assert_int_equal(fm_program(s, FM_NRF_QSPI, 0x1234, &b, 1, NULL), 0);
    uint8_t rb;
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x10001234u, &rb, 1, NULL), 0);
    assert_int_equal(rb, 0x5A);
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x10001234u, &rb, 1, NULL), FM_E_BUS_FAULT);
    /* the app core cannot reach net flash or net SRAM */
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x01008800u, &r, 4, NULL), FM_E_BUS_FAULT);
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x21000000u, &r, 4, NULL), FM_E_BUS_FAULT);
    uint64_t total;
    unsigned cnt;
    const struct fm_record *rec = fm_records(s, &total, &cnt);
    assert_int_equal(cnt, 3);
    assert_int_equal(rec[1].kind, FM_REC_BUS_FAULT);
    assert_int_equal(rec[1].core, FM_CORE_APP);
    assert_int_equal(rec[1].addr, 0x01008800u);
    assert_int_equal(rec[1].access, FM_PERM_R);
    assert_int_equal(rec[1].dev, -1);
    fm_sys_destroy(s);
}

static void test_net_core_map(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(2);
    uint32_t v = 0xCAFEF00Du, r;
    /* net core reads app flash and app SRAM (the PCD source and command block) */
    assert_int_equal(fm_load(s, FM_NRF_APP_FLASH, 0x80200, &v, 4), 0);
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x00080200u, &r, 4, NULL), 0);
    assert_int_equal(r, v);
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, 0x20000000u, &v, 4, NULL), 0);
    /* ... but cannot write app flash */
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, 0x00080200u, &v, 4, NULL), FM_E_BUS_FAULT);
    /* ... and cannot reach QSPI XIP (H1/H3: a BusFault in B0N) */
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x10000000u, &r, 4, NULL), FM_E_BUS_FAULT);
    unsigned cnt;
    const struct fm_record *rec = fm_records(s, NULL, &cnt);
    assert_int_equal(cnt, 2);
    assert_int_equal(rec[1].core, FM_CORE_NET);
    assert_int_equal(rec[1].addr, 0x10000000u);
    /* its own flash: NVMC programs, 2 KiB pages */
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, 0x01008800u, &v, 4, NULL), 0);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x8800), v);
    /* an unaligned store to flash is an NVMC rule violation, not a bus fault */
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, 0x01008802u, &v, 4, NULL), FM_E_ALIGN);
    /* the RAM flash simulator's bytes are readable by the net core at their SRAM address */
    assert_int_equal(fm_erase(s, FM_NRF_RAM_FLASH, 0, 0x1000, NULL), 0);
    assert_int_equal(wr32(s, FM_NRF_RAM_FLASH, 0x200, 0x01008800u), 0);
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x20010200u, &r, 4, NULL), 0);
    assert_int_equal(r, 0x01008800u);
    fm_sys_destroy(s);
}

static void test_access_running_off_a_region(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(2);
    uint8_t buf[16];
    /* the last 8 bytes of app SRAM plus 8 beyond: faults at the first unmapped address */
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x2007FFF8u, buf, 16, NULL), FM_E_BUS_FAULT);
    unsigned cnt;
    const struct fm_record *rec = fm_records(s, NULL, &cnt);
    assert_int_equal(cnt, 1);
    assert_int_equal(rec[0].addr, 0x20080000u);
    /* wrap-around at the top of the address space */
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0xFFFFFFF8u, buf, 16, NULL), FM_E_BUS_FAULT);
    fm_sys_destroy(s);
}

static void test_spu_style_protection(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(2);
    uint32_t v = 1, r;
    assert_int_equal(fm_bus_protect(s, FM_CORE_APP, 0x20000000u, 0x2000, FM_PERM_R), 0);
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x20000004u, &v, 4, NULL), FM_E_BUS_FAULT);
    assert_int_equal(fm_bus_read(s, FM_CORE_APP, 0x20000004u, &r, 4, NULL), 0);
    /* outside the locked region, writes work */
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x20002000u, &v, 4, NULL), 0);
    /* a write straddling into the region faults at the region's start */
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x1FFFFFFCu + 0x0u, &v, 4, NULL), FM_E_BUS_FAULT); /* unmapped */
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x20001FFEu, &v, 4, NULL), FM_E_BUS_FAULT);
    /* the other core is not affected by the app core's setting */
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, 0x20000004u, &v, 4, NULL), 0);
    /* reset drops it */
    fm_warm_reset(s);
    assert_int_equal(fm_bus_write(s, FM_CORE_APP, 0x20000004u, &v, 4, NULL), 0);
    for (int i = 0; i < FM_MAX_PROTECT; i++) {
        assert_int_equal(fm_bus_protect(s, FM_CORE_APP, 0x20000000u, 0x2000, FM_PERM_R), 0);
    }
    assert_int_equal(fm_bus_protect(s, FM_CORE_APP, 0x20000000u, 0x2000, FM_PERM_R), FM_E_NOMEM);
    assert_int_equal(fm_bus_protect(s, FM_CORE_APP, 0xFFFFF000u, 0x2000, FM_PERM_R), FM_E_INVAL);
    fm_sys_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_app_core_map),
        cmocka_unit_test(test_net_core_map),
        cmocka_unit_test(test_access_running_off_a_region),
        cmocka_unit_test(test_spu_style_protection),
    };
    return cmocka_run_group_tests_name("flashmodel.bus", tests, NULL, NULL);
}
