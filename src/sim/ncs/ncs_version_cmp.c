/* MCUboot's network-core downgrade prevention in NCS's simultaneous update: pcd_version_cmp_net()
 * of nrf53_hooks.c with pcd_network_core_app_version() of sdk-nrf subsys/pcd (facts §3.6, §1.5,
 * errata "READ_VERSION"; release-packages.md §5). Written from the facts, not from NCS. */
#include <string.h>

#include "ncs_internal.h"

/* Where the model keeps MCUboot's 4-byte version buffer (a stack variable in app RAM on the
 * device): after the 16-byte block, in pcd_sram, which is not locked yet at this point. */
#define NCS_VERSION_BUF_OFF 0x40u
/* CONFIG_PCD_VERSION_PAGE_BUF_SIZE: bytes of the candidate read for fw_info_find() (facts §1.7, §3.6). */
#define NCS_VERSION_PAGE_BUF_SIZE 2046u
/* Poll the magic in chunks of this much device time: NCS's wait has no timeout (H10). */
#define NCS_VERSION_WAIT_CHUNK_US (60u * 1000u * 1000u)

/* pcd_network_core_app_version(buf, 4) (facts §1.5): Force-OFF Hold, the command with magic
 * READ_VERSION, data = buf, len = 4, Release, poll every second with no timeout while the magic is
 * READ_VERSION; FAIL -> -EFAULT (PCD_E_NET_FAIL, the network core is left running), anything else
 * -> Hold, 0. The buffer is zeroed first: what MCUboot reads when nothing writes it (H16). */
static int read_version(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port, uint32_t *version)
{
    const uint32_t blk = cfg->pcd_sram_addr, buf = blk + NCS_VERSION_BUF_OFF;
    const uint32_t words[4] = {PCD_CMD_MAGIC_READ_VERSION, buf, 4u, cfg->pcd_offset};
    static const uint32_t offs[4] = {NCS_OFF_MAGIC, NCS_OFF_DATA, NCS_OFF_LEN, NCS_OFF_OFFSET};
    int rc = pcd_shared_write32(port, buf, 0u);
    if (rc == 0) {
        rc = pcd_netcore_force_off(port, true);
    }
    for (unsigned i = 0; i < 4u && rc == 0; i++) {
        rc = pcd_shared_write32(port, blk + offs[i], words[i]);
    }
    if (rc == 0) {
        rc = pcd_netcore_force_off(port, false);
    }
    uint32_t magic = PCD_CMD_MAGIC_READ_VERSION;
    const uint64_t chunk = cfg->poll_us > NCS_VERSION_WAIT_CHUNK_US ? cfg->poll_us : NCS_VERSION_WAIT_CHUNK_US;
    do {
        uint64_t waited;
        rc = rc != 0 ? rc
                     : pcd_poll_word(port, blk + NCS_OFF_MAGIC, PCD_CMD_MAGIC_READ_VERSION, cfg->poll_us, chunk,
                                     &magic, &waited);
    } while (rc == PCD_E_TIMEOUT);
    if (rc != 0) {
        return rc;
    }
    if (ncs_pcd_status_of(magic) == NCS_PCD_STATUS_FAILED) {
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): pcd_network_core_app_version: network core answered %s: -EFAULT",
                ncs_pcd_status_name(NCS_PCD_STATUS_FAILED));
        return PCD_E_NET_FAIL;
    }
    rc = pcd_netcore_force_off(port, true);
    return rc != 0 ? rc : pcd_shared_read32(port, buf, version);
}

/* fw_info_find() in the 2046 bytes read from the candidate at ih_hdr_size + ih_protect_tlv_size
 * (facts §3.6 step 2: the protected TLVs are at the end of the image, so that start is off by
 * ih_protect_tlv_size when there are any, H22 [inferred]); only offsets whose fw_info lies wholly
 * inside the read bytes can match. */
static int candidate_fw_version(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                                const struct pcd_image_header *hdr, uint32_t *version)
{
    uint8_t page[NCS_VERSION_PAGE_BUF_SIZE];
    const uint32_t start = (uint32_t)hdr->hdr_size + hdr->protect_tlv_size;
    if (start > cfg->slot_size || cfg->slot_size - start < sizeof(page)) {
        return PCD_E_FWINFO_MISSING;
    }
    int rc = pcd_flash_read(port, cfg->slot_mem, cfg->slot_off + start, page, sizeof(page));
    if (rc != 0) {
        return rc;
    }
    const uint32_t *offs;
    const uint32_t n = ncs_fwinfo_offsets(cfg->ncs_version, &offs);
    for (uint32_t i = 0; i < n; i++) {
        struct pcd_fw_info fi;
        if (offs[i] <= sizeof(page) - PCD_FWINFO_SIZE && pcd_fwinfo_decode(page + offs[i], &fi) == 0) {
            *version = fi.version;
            return 0;
        }
    }
    return PCD_E_FWINFO_MISSING;
}

int ncs_version_cmp_net(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                        const struct pcd_image_header *hdr, struct ncs_mcuboot_result *res)
{
    uint32_t running = 0u, cand = 0u;
    res->version_asked = true;
    int rc = read_version(cfg, port, &running); /* step 1 */
    if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
        return rc;
    }
    res->net_version = rc == 0 ? running : 0u;
    if (rc == 0) {
        rc = candidate_fw_version(cfg, port, hdr, &cand); /* steps 2-3 */
        if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
            return rc;
        }
        if (rc != 0) {
            pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): pcd_version_cmp_net: no fw_info in the candidate's %u bytes at "
                    "ih_hdr_size + ih_protect_tlv_size (0x%x): -EFAULT", NCS_VERSION_PAGE_BUF_SIZE,
                    (unsigned)(hdr->hdr_size + hdr->protect_tlv_size));
        }
    }
    res->version_cmp = rc != 0 ? PCD_E_NET_FAIL : cand > running ? 1 : cand == running ? 0 : -1;
    if (rc == 0) {
        pcd_log(port, res->version_cmp < 0 ? PCD_LOG_ERR : PCD_LOG_INF,
                "MCUboot (NCS): pcd_version_cmp_net: candidate fw_info version %lu, network core %lu: %d",
                (unsigned long)cand, (unsigned long)running, res->version_cmp);
    }
    return 0;
}
