/* Shared by the NCS-behaviour models (private). */
#ifndef PCDSIM_NCS_INTERNAL_H
#define PCDSIM_NCS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/cmd.h"
#include "pcdsim/ncs.h"

/* Word offsets of the 16-byte NCS block (facts §1.2): the same first four words as our block. */
#define NCS_OFF_MAGIC PCD_CMD_OFF_MAGIC
#define NCS_OFF_DATA PCD_CMD_OFF_SRC
#define NCS_OFF_LEN PCD_CMD_OFF_LEN
#define NCS_OFF_OFFSET PCD_CMD_OFF_DST

static inline uint32_t ncs_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint32_t ncs_le16(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

/* Read the four NCS words of the block (magic, data, len, offset). */
int ncs_pcd_load(const struct pcd_port *port, uint32_t block, uint32_t words[4]);

/* Write the magic word only (pcd_done(), pcd_fw_copy_invalidate()). */
int ncs_pcd_store_magic(const struct pcd_port *port, uint32_t block, uint32_t magic);

/* pcd_version_cmp_net() of nrf53_hooks.c (facts §3.6): READ_VERSION round trip, the candidate's
 * fw_info version from its 2046 bytes at ih_hdr_size + ih_protect_tlv_size, the comparison into
 * res->version_cmp (1 / 0 / -1, or PCD_E_NET_FAIL for -EFAULT). Returns 0 or PCD_E_HALTED /
 * PCD_E_BUS_FAULT / another port error (ncs_version_cmp.c). */
int ncs_version_cmp_net(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                        const struct pcd_image_header *hdr, struct ncs_mcuboot_result *res);

#endif
