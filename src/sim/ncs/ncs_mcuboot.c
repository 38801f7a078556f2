/* MCUboot's sequential ("Mode A") network-core update path as NCS ships it, with the blocking
 * PCD client pcd_network_core_update(). Written from the facts file (sections cited at each
 * step); see pcdsim/ncs.h for the sequence and the hazards it reproduces. */
#include <string.h>

#include "ncs_internal.h"
#include "pcd/ncs_defaults.h"
#include "pcd/updater.h"

/* One call of the port's poll: NCS has no timeout, so the model polls in chunks of this much
 * device time, forever, until the magic changes or the port says the core was halted (H10). */
#define NCS_WAIT_CHUNK_US (60u * 1000u * 1000u)

/* MCUboot's image-slot trailer: image_ok 24 bytes from the end (facts §5.4). */
#define NCS_IMAGE_OK_BACK 24u

/* A verdict on the image, as opposed to a failure of the port or of the crypto backend. */
static bool is_image_verdict(int rc)
{
    return (rc <= PCD_E_IMG_MAGIC && rc >= PCD_E_IMG_TLV_LEN) || rc == PCD_E_UNSUPPORTED;
}

void ncs_mcuboot_config_default(struct ncs_mcuboot_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->slot_mem = PCD_MEM_APP_FLASH;
    cfg->slot_off = PCD_NCS_SECONDARY_OFF;
    cfg->slot_size = PCD_NCS_SECONDARY_SIZE;
    cfg->primary_mem = PCD_MEM_APP_FLASH;
    cfg->primary_off = PCD_NCS_PRIMARY_OFF;
    cfg->primary_size = PCD_NCS_PRIMARY_SIZE;
    cfg->net_app_addr = PCD_NCS_NET_APP_ADDR; /* PM_CPUNET_APP_ADDRESS */
    cfg->net_app_size = PCD_NCS_NET_APP_SIZE;
    cfg->pcd_offset = PCD_NCS_B0N_CONTAINER_SIZE; /* PM_CPUNET_B0N_CONTAINER_SIZE, facts §1.2 */
    cfg->pcd_sram_addr = PCD_NCS_PCD_SRAM_ADDR;
    cfg->pcd_sram_size = PCD_NCS_PCD_SRAM_SIZE;
    cfg->poll_us = 1000u * 1000u;    /* k_busy_wait(1 s), facts §1.5 step 6 */
    cfg->overwrite_only = true;
    cfg->fprotect = false;
    cfg->ncs_version = NCS_VERSION_DEFAULT;
    cfg->multi_image = false;
    cfg->ram_slot_off = 0u;           /* mcuboot_primary_1 in ram_flash, facts §3.4, §4.6 */
    cfg->ram_slot_size = 0x40000u;
    cfg->b0n_addr = PCD_NCS_B0N_ADDR; /* PM_CPUNET_B0N_ADDRESS */
    cfg->minimal_scramble = false;
    cfg->downgrade_prevention = false;
}

const char *ncs_mcuboot_outcome_name(enum ncs_mcuboot_outcome o)
{
    switch (o) {
    case NCS_MCUBOOT_NO_CANDIDATE: return "no network-core update pending";
    case NCS_MCUBOOT_INVALID: return "secondary slot invalid, scrambled";
    case NCS_MCUBOOT_NOT_NET: return "candidate targets the application core";
    case NCS_MCUBOOT_NET_DONE: return "network core updated";
    case NCS_MCUBOOT_NET_FAILED: return "network core update failed";
    case NCS_MCUBOOT_HALTED:
    default: return "halted";
    }
}

static int erase_sector_at(const struct pcd_port *port, enum pcd_mem mem, uint32_t off);

static int check_config(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port)
{
    struct pcd_mem_info mi;
    if ((cfg->slot_mem != PCD_MEM_APP_FLASH && cfg->slot_mem != PCD_MEM_QSPI) || cfg->poll_us == 0u ||
        (cfg->keys == NULL && cfg->key_count != 0u) || cfg->pcd_sram_addr % 4u != 0u ||
        cfg->slot_size < PCD_SLOT_RESERVED || cfg->ncs_version < NCS_VERSION_MIN ||
        cfg->ncs_version > NCS_VERSION_MAX) {
        return PCD_E_INVAL;
    }
    int rc = pcd_mem_info(port, cfg->slot_mem, &mi);
    if (rc != 0) {
        return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
    }
    if (cfg->slot_off > mi.size || cfg->slot_size > mi.size - cfg->slot_off || mi.page_size == 0u) {
        return PCD_E_INVAL;
    }
    if (cfg->multi_image) {
        rc = pcd_mem_info(port, PCD_MEM_RAM_FLASH, &mi);
        if (rc != 0) {
            return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
        }
        if (mi.cpu_addr == PCD_NO_CPU_ADDR || mi.page_size == 0u || cfg->ram_slot_size == 0u ||
            cfg->ram_slot_off % mi.page_size != 0u || cfg->ram_slot_size % mi.page_size != 0u ||
            cfg->ram_slot_off > mi.size || cfg->ram_slot_size > mi.size - cfg->ram_slot_off) {
            return PCD_E_INVAL;
        }
    }
    return 0;
}

/* Scramble the candidate after the attempt, as the 2026-07 sdk-mcuboot does (NCS > 3.4, facts
 * §3.3 step 4e) and as simultaneous mode does after a success (facts §3.4 step 6): the header
 * sector and the trailer sector. */
static int scramble_header_trailer(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                                   struct ncs_mcuboot_result *res)
{
    int rc = erase_sector_at(port, cfg->slot_mem, cfg->slot_off);
    if (rc == 0) {
        rc = erase_sector_at(port, cfg->slot_mem, cfg->slot_off + cfg->slot_size - 1u);
    }
    if (rc == 0) {
        res->scrambled = true;
        pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): network-core candidate scrambled (header and trailer sectors)");
    }
    return rc;
}

/* Erase the sector holding @p off (a whole flash-area sector, as MCUboot's scramble does). */
static int erase_sector_at(const struct pcd_port *port, enum pcd_mem mem, uint32_t off)
{
    struct pcd_mem_info mi;
    int rc = pcd_mem_info(port, mem, &mi);
    if (rc != 0) {
        return rc;
    }
    return pcd_flash_erase(port, mem, off - off % mi.page_size, mi.page_size);
}

/* pcd_network_core_update(src, len), blocking (facts §1.5). Returns 0 (DONE or any non-FAILED
 * status), PCD_E_NET_FAIL for NCS's -EFAULT, PCD_E_INVAL for -EINVAL, or a port error. */
static int network_core_update(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                               struct ncs_mcuboot_result *res, uint32_t src, uint32_t len)
{
    const uint32_t blk = cfg->pcd_sram_addr;
    /* Step 1, SPU EXTDOMAIN[0] secure: not modelled (the simulated SPU has no EXTDOMAIN
     * register; the network core reads app memories either way). */
    int rc = pcd_netcore_force_off(port, true); /* step 2 */
    if (rc != 0) {
        return rc;
    }
    if (src == 0u || len == 0u) { /* step 3: -EINVAL, nothing written */
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): pcd_network_core_update: data %s, -EINVAL",
                src == 0u ? "NULL" : "len 0");
        return PCD_E_INVAL;
    }
    /* Step 3: the 16-byte command, magic first (the source's field order); no extension. */
    const uint32_t words[4] = {PCD_CMD_MAGIC_COPY, src, len, cfg->pcd_offset};
    static const uint32_t offs[4] = {NCS_OFF_MAGIC, NCS_OFF_DATA, NCS_OFF_LEN, NCS_OFF_OFFSET};
    for (unsigned i = 0; i < 4u; i++) {
        rc = pcd_shared_write32(port, blk + offs[i], words[i]);
        if (rc != 0) {
            return rc;
        }
    }
    res->cmd_written = true;
    pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): PCD command written at 0x%08lx (pcd_sram)", (unsigned long)blk);
    rc = pcd_netcore_force_off(port, false); /* step 5: B0N starts */
    if (rc != 0) {
        return rc;
    }
    /* Step 6: busy-wait 1 s, read the status, while it is still the initial one (COPY). There
     * is no timeout and no retry counter (H10): a silent network core keeps MCUboot here. */
    pcd_log(port, PCD_LOG_INF,
            "MCUboot (NCS): waiting for the network core: status polled every %lu ms, no timeout",
            (unsigned long)(cfg->poll_us / 1000u));
    uint32_t magic = PCD_CMD_MAGIC_COPY;
    for (;;) {
        uint64_t waited;
        /* waited in chunks of whole poll periods (a poll period longer than a chunk is one) */
        rc = pcd_poll_word(port, blk + NCS_OFF_MAGIC, PCD_CMD_MAGIC_COPY, cfg->poll_us,
                           cfg->poll_us > NCS_WAIT_CHUNK_US ? cfg->poll_us : NCS_WAIT_CHUNK_US, &magic,
                           &waited);
        if (rc == PCD_E_TIMEOUT) {
            continue; /* NCS knows no timeout: keep polling */
        }
        if (rc != 0) {
            return rc;
        }
        break;
    }
    res->answer = magic;
    const enum ncs_pcd_status st = ncs_pcd_status_of(magic);
    if (st == NCS_PCD_STATUS_FAILED) {
        /* Step 7: restore EXTDOMAIN (not modelled), -EFAULT; the net core is NOT forced off. */
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): network core answered %s (0x%08lx): -EFAULT",
                ncs_pcd_status_name(st), (unsigned long)magic);
        return PCD_E_NET_FAIL;
    }
    /* Step 8: DONE, or any other non-FAILED status (H10: "everything except FAIL is success"). */
    rc = pcd_netcore_force_off(port, true);
    if (rc != 0) {
        return rc;
    }
    res->held_after = true;
    return 0;
}

/* Swap mode, failure: the generic FAIL handling sets image_ok in the primary trailer
 * ("pretend we just reverted", facts §3.3 step 6). One aligned word 0x01 + 0xFF padding. */
static int set_primary_image_ok(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port)
{
    if (cfg->primary_size < NCS_IMAGE_OK_BACK) {
        return 0;
    }
    uint8_t cur[4];
    const uint32_t off = cfg->primary_off + cfg->primary_size - NCS_IMAGE_OK_BACK;
    int rc = pcd_flash_read(port, cfg->primary_mem, off, cur, sizeof(cur));
    if (rc != 0 || cur[0] == 0x01u) {
        return rc;
    }
    const uint8_t ok[4] = {0x01u, 0xFFu, 0xFFu, 0xFFu};
    return pcd_flash_program(port, cfg->primary_mem, off, ok, sizeof(ok));
}

/* Mode A, loader.c (facts §3.3 step 4a, H1, §3.7): `hdr = (struct image_header *)fa_off`: the
 * slot's offset inside its flash device is used as an application-core address. Right for
 * internal flash (device base 0); for a QSPI slot it reads whatever app flash holds at that
 * offset, or faults (a BusFault in MCUboot) when the offset is past the 1 MiB of app flash. */
static int src_through_fa_off(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                              struct ncs_mcuboot_result *res)
{
    uint8_t h[PCD_IMAGE_HEADER_SIZE];
    int rc = pcd_bus_read(port, cfg->slot_off, h, sizeof(h));
    if (rc != 0) {
        return rc;
    }
    res->hdr_size = ncs_le16(h + 8);
    res->img_size = ncs_le32(h + 12);
    res->src = cfg->slot_off + res->hdr_size;
    pcd_log(port, PCD_LOG_INF,
            "MCUboot (NCS): network core update: data 0x%08lx (slot offset 0x%lx + ih_hdr_size 0x%lx, read at "
            "address 0x%08lx), len %lu",
            (unsigned long)res->src, (unsigned long)cfg->slot_off, (unsigned long)res->hdr_size,
            (unsigned long)cfg->slot_off, (unsigned long)res->img_size);
    if (cfg->slot_mem != PCD_MEM_APP_FLASH) {
        pcd_log(port, PCD_LOG_WRN,
                "MCUboot (NCS): the slot is in external flash: data 0x%08lx is an app-flash address, not the slot",
                (unsigned long)res->src);
    }
    return 0;
}

/* Mode B (NRF53_MULTI_IMAGE_UPDATE, facts §3.4 steps 3-4, §4.6): boot_copy_image() erases every
 * sector of mcuboot_primary_1 in the RAM flash simulator and copies the whole secondary_1 slot
 * into it with flash reads; then nrf53_hooks.c's network_core_update() takes the RAM copy's
 * header: magic and "reset vector > B0N address", else -ENODATA (PCD_E_STAGE here). */
static int stage_through_ram(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                             struct ncs_mcuboot_result *res)
{
    struct pcd_mem_info ram;
    uint8_t buf[512];
    int rc = pcd_mem_info(port, PCD_MEM_RAM_FLASH, &ram);
    if (rc == 0) {
        rc = pcd_flash_erase(port, PCD_MEM_RAM_FLASH, cfg->ram_slot_off, cfg->ram_slot_size);
    }
    const uint32_t n = cfg->slot_size < cfg->ram_slot_size ? cfg->slot_size : cfg->ram_slot_size;
    for (uint32_t done = 0; done < n && rc == 0; done += (uint32_t)sizeof(buf)) {
        const uint32_t k = n - done < sizeof(buf) ? n - done : (uint32_t)sizeof(buf);
        rc = pcd_flash_read(port, cfg->slot_mem, cfg->slot_off + done, buf, k);
        if (rc == 0) {
            rc = pcd_flash_program(port, PCD_MEM_RAM_FLASH, cfg->ram_slot_off + done, buf, k);
        }
    }
    if (rc != 0) {
        return rc;
    }
    uint8_t h[PCD_IMAGE_HEADER_SIZE], vec[4] = {0, 0, 0, 0};
    rc = pcd_flash_read(port, PCD_MEM_RAM_FLASH, cfg->ram_slot_off, h, sizeof(h));
    if (rc != 0) {
        return rc;
    }
    res->hdr_size = ncs_le16(h + 8);
    res->img_size = ncs_le32(h + 12);
    const uint32_t base = ram.cpu_addr + cfg->ram_slot_off;
    res->src = base + res->hdr_size;
    if (res->hdr_size <= cfg->ram_slot_size - 8u) {
        rc = pcd_flash_read(port, PCD_MEM_RAM_FLASH, cfg->ram_slot_off + res->hdr_size + 4u, vec, sizeof(vec));
        if (rc != 0) {
            return rc;
        }
    }
    res->staged = true;
    pcd_log(port, PCD_LOG_INF,
            "MCUboot (NCS): simultaneous update: slot copied into mcuboot_primary_1 (RAM 0x%08lx); network core "
            "update: data 0x%08lx, len %lu",
            (unsigned long)base, (unsigned long)res->src, (unsigned long)res->img_size);
    if (ncs_le32(h) != PCD_IMAGE_MAGIC || ncs_le32(vec) <= cfg->b0n_addr) {
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): network_core_update: no network-core image in RAM: -ENODATA");
        return PCD_E_STAGE;
    }
    return 0;
}

/* After the attempt, by release and mode (facts §3.3 steps 4d-4e and 6, §3.4 steps 5-6). */
static int after_attempt(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                         struct ncs_mcuboot_result *res, bool ok)
{
    if (cfg->multi_image) {
        if (ok) {
            return scramble_header_trailer(cfg, port, res); /* §3.4 step 6 */
        }
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): boot_copy_image returns before erasing the secondary: retried "
                "at the next boot");
        return 0; /* §3.4 step 5 */
    }
    if (!ncs_keeps_candidate(cfg->ncs_version)) {
        /* 7a2adeb3 (2026-07, NCS > 3.4): regardless of the outcome, swap modes erase the trailer,
         * overwrite-only scrambles the header and the trailer sectors. */
        int rc = 0;
        if (!ok && !cfg->overwrite_only) {
            rc = set_primary_image_ok(cfg, port);
        }
        if (rc == 0 && !cfg->overwrite_only) {
            rc = erase_sector_at(port, cfg->slot_mem, cfg->slot_off + cfg->slot_size - 1u);
            res->trailer_erased = rc == 0;
            return rc;
        }
        return rc != 0 ? rc : scramble_header_trailer(cfg, port, res);
    }
    if (ok) {
        /* Step 4e (tags <= ncs-v3.4.0): only swap modes erase the trailer; overwrite-only leaves
         * the request in place and the copy repeats (H5). */
        if (cfg->overwrite_only) {
            pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): overwrite-only: the secondary slot is left as it is");
            return 0;
        }
        int rc = erase_sector_at(port, cfg->slot_mem, cfg->slot_off + cfg->slot_size - 1u);
        res->trailer_erased = rc == 0;
        return rc;
    }
    /* Step 4d / 6: nothing is recorded in the slot: the next boot copies again (H4). */
    return cfg->overwrite_only ? 0 : set_primary_image_ok(cfg, port);
}

/* The network-core branch of loader.c (facts §3.3 step 4) or of the simultaneous-mode hook
 * (§3.4): src and len, the PCD round trip, then the post-action of the release and mode. */
static int update_net_core(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                           struct ncs_mcuboot_result *res)
{
    int rc = cfg->multi_image ? stage_through_ram(cfg, port, res) : src_through_fa_off(cfg, port, res);
    if (rc != 0 && rc != PCD_E_STAGE) {
        return rc;
    }
    if (rc == 0) {
        rc = network_core_update(cfg, port, res, res->src, res->img_size); /* step 4c */
    }
    if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
        return rc;
    }
    res->rc = rc;
    if (rc == 0) {
        res->outcome = NCS_MCUBOOT_NET_DONE; /* step 4d: swap type NONE */
        pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): Done updating network core");
    } else {
        res->outcome = NCS_MCUBOOT_NET_FAILED; /* step 4d: swap type FAIL */
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): network core update failed (%s), swap type FAIL",
                pcd_strerror(rc));
    }
    return after_attempt(cfg, port, res, rc == 0);
}

/* A refused candidate: boot_scramble_slot() erases the whole slot, or only its header and
 * trailer sectors with MCUBOOT_MINIMAL_SCRAMBLE (facts errata "Invalid slot scramble"). */
static int scramble_invalid(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                            struct ncs_mcuboot_result *res, int why)
{
    res->outcome = NCS_MCUBOOT_INVALID;
    res->rc = why;
    if (!cfg->minimal_scramble) {
        return pcd_flash_erase(port, cfg->slot_mem, cfg->slot_off, cfg->slot_size);
    }
    int rc = erase_sector_at(port, cfg->slot_mem, cfg->slot_off);
    if (rc == 0) {
        rc = erase_sector_at(port, cfg->slot_mem, cfg->slot_off + cfg->slot_size - 1u);
    }
    return rc;
}

/* Candidate in the secondary slot: validate, route, update (facts §3.3 steps 1-5). */
static int process_secondary(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                             struct ncs_mcuboot_result *res)
{
    /* Step 3: boot_validate_slot(): header, TLVs, SHA-256, signature (kept: not a hazard). */
    const struct pcd_image_config ic = {cfg->keys, cfg->key_count, cfg->net_app_addr, cfg->net_app_size};
    struct pcd_image_result ir;
    int rc = pcd_image_validate(port, cfg->slot_mem, cfg->slot_off, cfg->slot_size, &ic, &ir);
    if (rc == PCD_E_IMG_TOO_LARGE) {
        rc = 0; /* Mode A has no size check against the net-core partition: B0N's stream_flash refuses it */
    }
    if (rc != 0 && !is_image_verdict(rc)) {
        return rc;
    }
    if (rc != 0) {
        /* Invalid secondary: boot_scramble_slot() erases the whole slot, or only its header and
         * trailer sectors with MCUBOOT_MINIMAL_SCRAMBLE (facts errata "Invalid slot scramble"). */
        pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): image in the secondary slot is not valid (%s): rejected, %s "
                "scrambled", pcd_strerror(rc), cfg->minimal_scramble ? "header and trailer" : "whole slot");
        return scramble_invalid(cfg, port, res, rc);
    }
    res->version = ir.hdr.ver;
    /* Facts §3.2 (PR #329 rule): the reset vector inside [PM_CPUNET_APP_ADDRESS, END). */
    res->targets_net = ir.reset_vector_valid &&
                       pcd_image_targets_net(ir.reset_vector, cfg->net_app_addr, cfg->net_app_addr + cfg->net_app_size);
    if (!res->targets_net) {
        res->outcome = NCS_MCUBOOT_NOT_NET;
        pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): image in the secondary slot targets the application core");
        return 0;
    }
    /* Simultaneous mode with MCUBOOT_DOWNGRADE_PREVENTION (NCS >= 2.5, facts §3.4 step 2, §3.6):
     * pcd_version_cmp_net(); below 0 (older, or -EFAULT) the candidate is refused as MCUboot refuses
     * an insufficient version, and scrambled as an invalid slot [inferred: the facts give the
     * message, not what happens to the slot]. */
    if (cfg->multi_image && cfg->downgrade_prevention && ncs_has_read_version(cfg->ncs_version)) {
        rc = ncs_version_cmp_net(cfg, port, &ir.hdr, res);
        if (rc != 0) {
            return rc;
        }
        if (res->version_cmp < 0) {
            pcd_log(port, PCD_LOG_ERR, "MCUboot (NCS): insufficient version in secondary slot: rejected, scrambled");
            return scramble_invalid(cfg, port, res, res->version_cmp == -1 ? PCD_E_IMG_DOWNGRADE : PCD_E_NET_FAIL);
        }
    }
    pcd_trace(port, PCD_TRACE_APP_VALIDATED, ir.hdr.img_size);
    return update_net_core(cfg, port, res);
}

int ncs_mcuboot_run(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                    struct ncs_mcuboot_result *res)
{
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->outcome = NCS_MCUBOOT_HALTED;
    res->swap = PCD_SWAP_NONE;
    if (cfg == NULL || port == NULL) {
        return PCD_E_INVAL;
    }
    int rc = check_config(cfg, port);
    if (rc != 0) {
        return rc;
    }
    /* Step 1: header magic of the secondary; step 2: swap type from its trailer. */
    uint8_t m[4];
    struct pcd_slot_state ss;
    rc = pcd_flash_read(port, cfg->slot_mem, cfg->slot_off, m, sizeof(m));
    if (rc == 0) {
        rc = pcd_slot_state_read(port, cfg->slot_mem, cfg->slot_off, cfg->slot_size, &ss);
    }
    if (rc != 0) {
        return rc;
    }
    res->candidate = ncs_le32(m) == PCD_IMAGE_MAGIC;
    res->swap = res->candidate ? ss.swap : PCD_SWAP_NONE;
    res->outcome = NCS_MCUBOOT_NO_CANDIDATE;
    pcd_log(port, PCD_LOG_INF, "MCUboot (NCS): Image index: %d, Swap type: %s", cfg->multi_image ? 1 : 0,
            pcd_swap_type_name(res->swap));
    if (res->swap == PCD_SWAP_TEST || res->swap == PCD_SWAP_PERM) {
        rc = process_secondary(cfg, port, res);
        if (rc != 0) {
            res->outcome = NCS_MCUBOOT_HALTED;
            res->rc = rc;
            return rc;
        }
    }
    /* End of MCUboot (facts §3.9): pcd_lock_ram() only inside the CONFIG_FPROTECT block (H12), from
     * NCS 2.4 on; before, it ran after the block's #endif, always (facts errata "H12 range"). */
    if (cfg->fprotect || !ncs_lock_needs_fprotect(cfg->ncs_version)) {
        rc = pcd_spu_lock_ram(port, cfg->pcd_sram_addr, cfg->pcd_sram_size);
        if (rc == PCD_E_HALTED) {
            res->outcome = NCS_MCUBOOT_HALTED;
            return rc;
        }
        res->locked = rc == 0;
    } else {
        pcd_log(port, PCD_LOG_WRN, "MCUboot (NCS): built without CONFIG_FPROTECT: pcd_sram left writable");
    }
    return 0;
}
