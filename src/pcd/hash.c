/* pcd_hash_range(): see hash.h. */
#include "hash.h"

#include <stdbool.h>

/* In-place hashing (flash_view / bus_view) is compiled unless PCD_HASH_VIEWS is 0. The nRF5340
 * firmware builds set 0 (src/pcd/CMakeLists.txt): their ports read through the MMIO layer and
 * offer no views, and B0N has an 8 KiB goal. */
#ifndef PCD_HASH_VIEWS
#define PCD_HASH_VIEWS 1
#endif

static int view_chunk(const struct pcd_port *port, unsigned src, uint32_t addr, uint32_t n, const void **at)
{
    return src == PCD_HASH_BUS ? pcd_bus_view(port, addr, n, at) : pcd_flash_view(port, (enum pcd_mem)src, addr, n, at);
}

static int read_chunk(const struct pcd_port *port, unsigned src, uint32_t addr, uint8_t *buf, uint32_t n)
{
    return src == PCD_HASH_BUS ? pcd_bus_read(port, addr, buf, n) : pcd_flash_read(port, (enum pcd_mem)src, addr, buf, n);
}

int pcd_hash_range(const struct pcd_port *port, unsigned src, uint32_t addr, uint32_t len, uint8_t *buf,
                   uint32_t chunk, uint32_t split, uint8_t out[PCD_SHA256_LEN], uint8_t split_out[PCD_SHA256_LEN])
{
    if (len > UINT32_MAX - addr) {
        return PCD_E_RANGE;
    }
    struct pcd_sha256 h;
    int rc = pcd_sha256_init(&h);
    if (rc != 0) {
        return rc;
    }
    bool in_place = PCD_HASH_VIEWS != 0; /* until the port says it cannot show these bytes in place */
    for (uint32_t done = 0; done < len;) {
        const uint32_t step = in_place ? PCD_HASH_VIEW_CHUNK : chunk;
        uint32_t n = len - done < step ? len - done : step;
        if (split > done && split - done < n) {
            n = split - done; /* end the chunk where the split prefix ends */
        }
        const void *at = buf;
        if (in_place) {
            rc = view_chunk(port, src, addr + done, n, &at);
            if (rc == PCD_E_UNSUPPORTED) {
                in_place = false; /* read into the caller's buffer from here on */
                continue;
            }
        } else {
            rc = read_chunk(port, src, addr + done, buf, n);
        }
        if (rc == 0) {
            rc = pcd_sha256_update(&h, at, n);
        }
        done += n;
        if (rc == 0 && done == split) {
            struct pcd_sha256 prefix;
            rc = pcd_sha256_copy(&prefix, &h);
            if (rc == 0) {
                rc = pcd_sha256_final(&prefix, split_out);
            }
        }
        if (rc != 0) {
            pcd_sha256_drop(&h);
            return rc;
        }
    }
    return pcd_sha256_final(&h, out);
}
