/* The network core's ACL (nRF5340 PS, ACL; facts file, "Errata and additions"): write-once
 * registers, protection only with a page-start ADDR and non-zero SIZE and PERM, a write or erase
 * into a write-protected region is a recorded bus fault, reads need PERM.READ clear, and every
 * reset clears the registers. */
#include <string.h>

#include "fm_test_util.h"

#define CONTAINER 0x01000000u
#define CONTAINER_SIZE 0x8800u

static void lock(struct fm_sys *s, unsigned n, uint32_t addr, uint32_t size, uint32_t perm)
{
    assert_int_equal(fm_acl_write(s, n, FM_ACL_ADDR, addr), 0);
    assert_int_equal(fm_acl_write(s, n, FM_ACL_SIZE, size), 0);
    assert_int_equal(fm_acl_write(s, n, FM_ACL_PERM, perm), 0);
}

static const struct fm_record *last_record(struct fm_sys *s)
{
    unsigned n;
    const struct fm_record *r = fm_records(s, NULL, &n);
    assert_true(n > 0);
    return &r[n - 1];
}

/* A store into the locked container faults with an ACL record and changes nothing; the check a
 * port makes before an NVMC program or erase says the same; outside the region all goes on. */
static void test_write_into_locked_region_faults(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(3);
    uint32_t v = 0x12345678u, blocked = 0;
    lock(s, 0, CONTAINER, CONTAINER_SIZE, FM_ACL_PERM_WRITE);
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, CONTAINER + 0x100u, &v, 4, NULL), FM_E_BUS_FAULT);
    assert_int_equal(rd32(s, FM_NRF_NET_FLASH, 0x100u), 0xFFFFFFFFu);
    const struct fm_record *r = last_record(s);
    assert_int_equal(r->kind, FM_REC_BUS_FAULT);
    assert_int_equal(r->err, FM_E_ACL);
    assert_int_equal(r->core, FM_CORE_NET);
    assert_int_equal(r->dev, FM_NRF_NET_FLASH);
    assert_int_equal(r->addr, CONTAINER + 0x100u);
    assert_int_equal(r->access, FM_PERM_W);
    /* an erase of page 0 (the check the port makes), and a range that only ends inside */
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, CONTAINER, 0x800u, FM_PERM_W, &blocked), FM_E_BUS_FAULT);
    assert_int_equal(blocked, CONTAINER);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, CONTAINER - 4u, 8u, FM_PERM_W, &blocked), FM_E_BUS_FAULT);
    assert_int_equal(blocked, CONTAINER);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, CONTAINER + CONTAINER_SIZE - 4u, 8u, FM_PERM_W, &blocked),
                     FM_E_BUS_FAULT);
    assert_int_equal(blocked, CONTAINER + CONTAINER_SIZE - 4u);
    /* reads stay allowed (PERM.READ clear), the application partition is writable */
    uint32_t rv;
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, CONTAINER + 0x100u, &rv, 4, NULL), 0);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, CONTAINER + CONTAINER_SIZE, 0x800u, FM_PERM_W, NULL), 0);
    assert_int_equal(fm_bus_write(s, FM_CORE_NET, CONTAINER + CONTAINER_SIZE, &v, 4, NULL), 0);
    /* the query records nothing */
    uint64_t before, after;
    (void)fm_records(s, &before, NULL);
    assert_true(fm_acl_blocks(s, FM_CORE_NET, CONTAINER - 8u, 16u, FM_PERM_W, &blocked));
    assert_int_equal(blocked, CONTAINER);
    assert_false(fm_acl_blocks(s, FM_CORE_NET, CONTAINER - 8u, 8u, FM_PERM_W, NULL));
    (void)fm_records(s, &after, NULL);
    assert_int_equal(after, before);
    /* the ACL guards the network core only */
    assert_int_equal(fm_acl_check(s, FM_CORE_APP, CONTAINER, 4u, FM_PERM_W, NULL), 0);
    fm_sys_destroy(s);
}

/* PS: "The ADDR, SIZE, and PERM registers can only be written once"; SIZE 0 has no effect. */
static void test_registers_write_once(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(3);
    assert_int_equal(fm_acl_write(s, 1, FM_ACL_SIZE, 0u), 0); /* no effect: still writable */
    lock(s, 1, CONTAINER, CONTAINER_SIZE, FM_ACL_PERM_WRITE);
    lock(s, 1, 0x01008800u, 0x800u, FM_ACL_PERM_WRITE | FM_ACL_PERM_READ); /* ignored */
    assert_int_equal(fm_acl_read(s, 1, FM_ACL_ADDR), CONTAINER);
    assert_int_equal(fm_acl_read(s, 1, FM_ACL_SIZE), CONTAINER_SIZE);
    assert_int_equal(fm_acl_read(s, 1, FM_ACL_PERM), FM_ACL_PERM_WRITE);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, 0x01008800u, 4u, FM_PERM_R, NULL), 0);
    /* each register on its own: ADDR written alone keeps its value when the rest follows */
    assert_int_equal(fm_acl_write(s, 2, FM_ACL_ADDR, 0x01010000u), 0);
    lock(s, 2, 0x01020000u, 0x800u, FM_ACL_PERM_WRITE);
    assert_int_equal(fm_acl_read(s, 2, FM_ACL_ADDR), 0x01010000u);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, 0x01010000u, 4u, FM_PERM_W, NULL), FM_E_BUS_FAULT);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, 0x01020000u, 4u, FM_PERM_W, NULL), 0);
    /* no region 8, no register 0xC */
    assert_int_equal(fm_acl_write(s, FM_NRF_NET_ACL_REGIONS, FM_ACL_ADDR, CONTAINER), FM_E_INVAL);
    assert_int_equal(fm_acl_write(s, 0, (enum fm_acl_reg)0xC, 1u), FM_E_INVAL);
    assert_int_equal(fm_acl_read(s, FM_NRF_NET_ACL_REGIONS, FM_ACL_ADDR), 0u);
    fm_sys_destroy(s);
}

/* PS: protection only with a page-start ADDR and non-zero SIZE and PERM. */
static void test_inactive_regions(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(3);
    lock(s, 0, CONTAINER + 0x400u, 0x800u, FM_ACL_PERM_WRITE); /* not a page start */
    assert_int_equal(fm_acl_write(s, 1, FM_ACL_ADDR, CONTAINER + 0x1000u), 0);
    assert_int_equal(fm_acl_write(s, 1, FM_ACL_PERM, FM_ACL_PERM_WRITE), 0); /* SIZE never written */
    lock(s, 2, CONTAINER + 0x2000u, 0x800u, 0u);                             /* PERM 0 */
    lock(s, 3, 0x00000000u, 0x800u, FM_ACL_PERM_WRITE);                      /* not net flash */
    for (uint32_t a = CONTAINER; a < CONTAINER + 0x3000u; a += 0x400u) {
        assert_int_equal(fm_acl_check(s, FM_CORE_NET, a, 4u, FM_PERM_W, NULL), 0);
    }
    unsigned n;
    (void)fm_records(s, NULL, &n);
    assert_int_equal(n, 0);
    fm_sys_destroy(s);
}

/* PERM.READ: reads and fetches fault; every reset clears the registers; snapshots keep them. */
static void test_read_protect_reset_and_snapshot(void **state)
{
    (void)state;
    struct fm_sys *s = new_nrf(3);
    struct fm_snapshot *sn = NULL;
    assert_int_equal(fm_snapshot_create(s, &sn), 0);
    lock(s, 0, 0x01010000u, 0x800u, FM_ACL_PERM_READ);
    uint32_t v;
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x01010000u, &v, 4, NULL), FM_E_BUS_FAULT);
    assert_int_equal(last_record(s)->err, FM_E_ACL);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, 0x01010000u, 4u, FM_PERM_X, NULL), FM_E_BUS_FAULT);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, 0x01010000u, 4u, FM_PERM_W, NULL), 0);
    fm_snapshot_take(s, sn);
    fm_acl_reset(s);
    assert_int_equal(fm_acl_read(s, 0, FM_ACL_PERM), 0u);
    assert_int_equal(fm_bus_read(s, FM_CORE_NET, 0x01010000u, &v, 4, NULL), 0);
    fm_snapshot_restore(s, sn);
    assert_int_equal(fm_acl_read(s, 0, FM_ACL_PERM), FM_ACL_PERM_READ);
    fm_warm_reset(s);
    assert_int_equal(fm_acl_read(s, 0, FM_ACL_ADDR), 0u);
    lock(s, 0, CONTAINER, CONTAINER_SIZE, FM_ACL_PERM_WRITE);
    fm_power_loss(s);
    fm_power_on(s);
    assert_int_equal(fm_acl_read(s, 0, FM_ACL_SIZE), 0u);
    assert_int_equal(fm_acl_check(s, FM_CORE_NET, CONTAINER, 4u, FM_PERM_W, NULL), 0);
    fm_snapshot_destroy(sn);
    fm_sys_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_into_locked_region_faults),
        cmocka_unit_test(test_registers_write_once),
        cmocka_unit_test(test_inactive_regions),
        cmocka_unit_test(test_read_protect_reset_and_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
