/* pcd_hash_range() (src/pcd/hash.c), the one loop behind every hash of the update path: in place
 * through a port's views, read into the caller's buffer without them, switching when a view is
 * refused, the prefix digest, and errors. Digests are checked against OpenSSL's one-shot SHA256. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/sha.h>

#include "hash.h"
#include "pcd/err.h"
#include "pcd/port.h"

#define BASE 0x20000000u
#define SIZE 20000u

struct memport {
    uint8_t mem[SIZE];
    unsigned views, reads;   /* calls seen */
    unsigned refuse_after;   /* views answered before PCD_E_UNSUPPORTED (UINT32_MAX: never) */
    uint32_t fault_at;       /* first byte address that faults (0: none) */
    uint32_t max_read;       /* largest read asked for */
};

static int mp_check(struct memport *m, uint32_t addr, uint32_t len)
{
    if (addr < BASE || len > SIZE || addr - BASE > SIZE - len) {
        return PCD_E_BUS_FAULT;
    }
    if (m->fault_at != 0u && m->fault_at >= addr && m->fault_at < addr + len) {
        return PCD_E_BUS_FAULT;
    }
    return 0;
}

static int mp_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    struct memport *m = ctx;
    m->reads++;
    m->max_read = len > m->max_read ? len : m->max_read;
    int rc = mp_check(m, addr, len);
    if (rc == 0) {
        memcpy(buf, m->mem + (addr - BASE), len);
    }
    return rc;
}

static int mp_bus_view(void *ctx, uint32_t addr, uint32_t len, const void **out)
{
    struct memport *m = ctx;
    if (m->views >= m->refuse_after) {
        return PCD_E_UNSUPPORTED;
    }
    m->views++;
    int rc = mp_check(m, addr, len);
    if (rc == 0) {
        *out = m->mem + (addr - BASE);
    }
    return rc;
}

static const struct pcd_port_ops with_views = {.bus_read = mp_bus_read, .bus_view = mp_bus_view};
static const struct pcd_port_ops without_views = {.bus_read = mp_bus_read};

static struct memport *new_mem(void)
{
    static struct memport m;
    memset(&m, 0, sizeof(m));
    for (uint32_t i = 0; i < SIZE; i++) {
        m.mem[i] = (uint8_t)(i * 131u + (i >> 8));
    }
    m.refuse_after = UINT32_MAX;
    return &m;
}

static void expect_digests(const struct pcd_port *port, struct memport *m, uint32_t off, uint32_t len, uint32_t split)
{
    uint8_t buf[512], out[32], pre[32] = {0}, want[32], want_pre[32];
    assert_int_equal(pcd_hash_range(port, PCD_HASH_BUS, BASE + off, len, buf, sizeof(buf), split, out, pre), 0);
    SHA256(m->mem + off, len, want);
    assert_memory_equal(out, want, 32);
    if (split != 0u) {
        SHA256(m->mem + off, split, want_pre);
        assert_memory_equal(pre, want_pre, 32);
    }
}

static void test_in_place_and_buffered_agree(void **state)
{
    (void)state;
    struct memport *m = new_mem();
    struct pcd_port views = {&with_views, m}, reads = {&without_views, m};
    expect_digests(&views, m, 3, 17001, 0);
    assert_int_equal(m->reads, 0);                                        /* nothing copied */
    assert_int_equal(m->views, (17001 + PCD_HASH_VIEW_CHUNK - 1) / PCD_HASH_VIEW_CHUNK);
    expect_digests(&reads, m, 3, 17001, 0);
    assert_int_equal(m->max_read, 512);                                  /* the caller's chunk */
    /* the prefix digest, where the split falls inside a view and inside a read */
    expect_digests(&views, m, 0, 12345, 5000);
    expect_digests(&reads, m, 0, 12345, 5000);
    expect_digests(&views, m, 0, 12345, 12345);
    expect_digests(&views, m, 0, 0, 0);
}

static void test_refused_view_falls_back_to_reads(void **state)
{
    (void)state;
    struct memport *m = new_mem();
    struct pcd_port port = {&with_views, m};
    m->refuse_after = 2; /* two views, then the port cannot show more in place */
    expect_digests(&port, m, 0, 15000, 9000);
    assert_int_equal(m->views, 2);
    assert_true(m->reads > 0);
    assert_int_equal(m->max_read, 512);
}

static void test_errors(void **state)
{
    (void)state;
    struct memport *m = new_mem();
    struct pcd_port views = {&with_views, m}, reads = {&without_views, m};
    uint8_t buf[512], out[32];
    m->fault_at = BASE + 9000;
    assert_int_equal(pcd_hash_range(&views, PCD_HASH_BUS, BASE, 15000, buf, sizeof(buf), 0, out, NULL), PCD_E_BUS_FAULT);
    assert_int_equal(pcd_hash_range(&reads, PCD_HASH_BUS, BASE, 15000, buf, sizeof(buf), 0, out, NULL), PCD_E_BUS_FAULT);
    assert_int_equal(pcd_hash_range(&views, PCD_HASH_BUS, 0xFFFFF000u, 0x2000u, buf, sizeof(buf), 0, out, NULL),
                     PCD_E_RANGE); /* wraps past 2^32 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_place_and_buffered_agree),
        cmocka_unit_test(test_refused_view_falls_back_to_reads),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
