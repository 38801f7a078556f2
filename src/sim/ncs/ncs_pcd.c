/* The NCS PCD command block: 16 bytes, magic / data / len / offset (facts §1.2, §1.3), decoded
 * as NCS's pcd_fw_copy_status_get() does (§1.4). No extension, no reason word, no flags. */
#include "ncs_internal.h"

enum ncs_pcd_status ncs_pcd_status_of(uint32_t magic)
{
    /* NCS's order of comparison: COPY, READ_VERSION, DONE, LOCK_DEBUG, else FAILED (facts §1.4). */
    if (magic == PCD_CMD_MAGIC_COPY) {
        return NCS_PCD_STATUS_COPY;
    }
    if (magic == PCD_CMD_MAGIC_READ_VERSION) {
        return NCS_PCD_STATUS_READ_VERSION;
    }
    if (magic == PCD_CMD_MAGIC_DONE) {
        return NCS_PCD_STATUS_DONE;
    }
    if (magic == PCD_CMD_MAGIC_LOCK_DEBUG) {
        return NCS_PCD_STATUS_LOCK_DEBUG;
    }
    return NCS_PCD_STATUS_FAILED;
}

const char *ncs_pcd_status_name(enum ncs_pcd_status s)
{
    switch (s) {
    case NCS_PCD_STATUS_COPY: return "COPY";
    case NCS_PCD_STATUS_DONE: return "DONE";
    case NCS_PCD_STATUS_READ_VERSION: return "READ_VERSION";
    case NCS_PCD_STATUS_LOCK_DEBUG: return "LOCK_DEBUG";
    case NCS_PCD_STATUS_FAILED:
    default: return "FAILED";
    }
}

int ncs_pcd_load(const struct pcd_port *port, uint32_t block, uint32_t words[4])
{
    for (uint32_t i = 0; i < 4u; i++) {
        int rc = pcd_shared_read32(port, block + 4u * i, &words[i]);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

int ncs_pcd_store_magic(const struct pcd_port *port, uint32_t block, uint32_t magic)
{
    return pcd_shared_write32(port, block + NCS_OFF_MAGIC, magic);
}
