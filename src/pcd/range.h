/* Checked address-range arithmetic shared by src/pcd (private header). Every range is
 * [start, start + len) in the nRF5340 address map; none may wrap past 2^32. */
#ifndef PCD_RANGE_H
#define PCD_RANGE_H

#include <stdbool.h>
#include <stdint.h>

/* Is [a, a + alen) wholly inside [b, b + blen)? No wrap allowed on either side. */
static inline bool range_inside(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    if (a > UINT32_MAX - alen || b > UINT32_MAX - blen) {
        return false;
    }
    return a >= b && a + alen <= b + blen;
}

/* Do [a, a + alen) and [b, b + blen) share a byte? Lengths may be 0 (no byte). */
static inline bool range_overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    if (alen == 0u || blen == 0u) {
        return false;
    }
    return a <= b + (blen - 1u) && b <= a + (alen - 1u);
}

#endif
