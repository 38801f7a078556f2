/* Helpers shared by the flash-model tests. */
#ifndef FM_TEST_UTIL_H
#define FM_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nrf5340.h"

/* A fresh nRF5340 system with the default board (QSPI, RAM flash at 0x20010000). */
static inline struct fm_sys *new_nrf(uint64_t seed)
{
    struct fm_desc d;
    assert_int_equal(fm_nrf5340_desc(&d, NULL), 0);
    struct fm_sys *s = NULL;
    assert_int_equal(fm_sys_create(&d, seed, &s), 0);
    assert_non_null(s);
    return s;
}

static inline uint32_t rd32(struct fm_sys *s, int dev, uint32_t off)
{
    uint32_t v;
    assert_int_equal(fm_peek(s, dev, off, &v, 4), 0);
    return v;
}

static inline int wr32(struct fm_sys *s, int dev, uint32_t off, uint32_t v)
{
    return fm_program(s, dev, off, &v, 4, NULL);
}

/* Number of recorded events of @p kind with error @p err. */
static inline unsigned count_records(struct fm_sys *s, enum fm_record_kind kind, int err)
{
    unsigned n = 0, cnt;
    const struct fm_record *r = fm_records(s, NULL, &cnt);
    for (unsigned i = 0; i < cnt; i++) {
        n += r[i].kind == kind && r[i].err == err;
    }
    return n;
}

#endif
