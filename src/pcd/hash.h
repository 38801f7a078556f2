/* SHA-256 of a range read through the port, in the caller's buffer (private header of src/pcd).
 * One loop for every hash the update path computes: MCUboot's image hash (image.c), the expected
 * hash of the bytes to copy (updater.c), B0N's source and read-back hashes (b0n.c) and the
 * fw_validation_info hash (fwinfo.c). Each caller keeps its own chunk size: that is how many
 * reads the code makes, and on the target how much stack it spends. */
#ifndef PCD_HASH_H
#define PCD_HASH_H

#include <stdint.h>

#include "pcd/port.h"

/* Bytes hashed per in-place view (flash_view / bus_view): how often the port is asked, which in
 * the simulator is a scheduling point. Reading into a buffer uses the caller's chunk instead. */
#define PCD_HASH_VIEW_CHUNK 4096u

/* Source of pcd_hash_range(): an enum pcd_mem (read with pcd_flash_read(), @p addr an offset in
 * that memory), or this value (read with pcd_bus_read(), @p addr a CPU address). */
#define PCD_HASH_BUS ((unsigned)PCD_MEM_COUNT)

/*
 * SHA-256 of the @p len bytes at @p addr of @p src: hashed in place, PCD_HASH_VIEW_CHUNK bytes per
 * view, where the port offers views (flash_view / bus_view), else read into @p buf in chunks of at
 * most @p chunk bytes. When 0 < @p split <= @p len, a chunk also ends at @p split and @p split_out receives the SHA-256 of the first @p split bytes, finalised from a copy of the
 * running state (one pass instead of two); with @p split 0 @p split_out is not used.
 * Returns 0, PCD_E_RANGE if the range wraps past 2^32, a port error or PCD_E_CRYPTO.
 */
int pcd_hash_range(const struct pcd_port *port, unsigned src, uint32_t addr, uint32_t len, uint8_t *buf,
                   uint32_t chunk, uint32_t split, uint8_t out[PCD_SHA256_LEN], uint8_t split_out[PCD_SHA256_LEN]);

#endif
