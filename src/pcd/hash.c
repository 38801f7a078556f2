/* pcd_hash_range(): see hash.h. */
#include "hash.h"

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
    for (uint32_t done = 0; done < len;) {
        uint32_t n = len - done < chunk ? len - done : chunk;
        if (split > done && split - done < n) {
            n = split - done; /* end the chunk where the split prefix ends */
        }
        rc = read_chunk(port, src, addr + done, buf, n);
        if (rc == 0) {
            rc = pcd_sha256_update(&h, buf, n);
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
