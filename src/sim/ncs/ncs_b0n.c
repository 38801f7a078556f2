/* B0N as NCS ships it: the netboot sample's main() (facts §2.3), pcd_fw_copy() over Zephyr's
 * stream_flash (§1.6) and bl_validate_firmware() with hash-only validation (§2.4). Written from
 * the facts file; see pcdsim/ncs.h for the hazards it reproduces. */
#include <string.h>

#include "ncs_internal.h"
#include "pcd/fwinfo.h"
#include "pcd/ncs_defaults.h"

/* One run's context. */
struct nb_ctx {
    const struct ncs_b0n_config *cfg;
    const struct pcd_port *port;
    struct ncs_b0n_result *res;
    uint32_t flash_base; /* net flash bus address (0x01000000) */
    uint32_t flash_size; /* bytes (256 KiB) */
    uint32_t page;       /* erase unit (2 KiB) */
};

/* The stream_flash buffer (CONFIG_PCD_BUF_SIZE, facts §1.7), word-aligned for the driver. */
struct nb_buf {
    union {
        uint32_t words[NCS_PCD_BUF_SIZE / 4u];
        uint8_t bytes[NCS_PCD_BUF_SIZE];
    } u;
};

void ncs_b0n_config_default(struct ncs_b0n_config *cfg)
{
    /* facts §2.1 (net-core PM layout), §1.1 (pcd_sram) */
    cfg->container_addr = PCD_NCS_B0N_CONTAINER_ADDR;
    cfg->container_size = PCD_NCS_B0N_CONTAINER_SIZE;
    cfg->s0_addr = PCD_NCS_NET_APP_ADDR;
    cfg->s0_size = PCD_NCS_NET_APP_SIZE;
    cfg->pcd_sram_addr = PCD_NCS_PCD_SRAM_ADDR;
    cfg->fprotect = true;
    cfg->ncs_version = NCS_VERSION_DEFAULT;
}

const char *ncs_b0n_outcome_name(enum ncs_b0n_outcome o)
{
    switch (o) {
    case NCS_B0N_BOOTED: return "booted without validation";
    case NCS_B0N_BOOT_ABORTED: return "boot aborted (no fw_info)";
    case NCS_B0N_DONE: return "command done";
    case NCS_B0N_FAIL: return "command failed";
    case NCS_B0N_HALTED:
    default: return "halted";
    }
}

/* ---- flash access (net NVMC; the container's fprotect lock is the SoC's ACL, facts §2.5) -------- */

/* A write or erase into the fprotect-locked container is blocked by the ACL with a BusFault
 * (facts, errata "ACL violations fault"): the port returns PCD_E_BUS_FAULT, the core halts and
 * never answers (H13 in the container -> H10). */
static int nb_erase(const struct nb_ctx *x, uint32_t off)
{
    int rc = pcd_flash_erase(x->port, PCD_MEM_NET_FLASH, off, x->page);
    if (rc == 0) {
        x->res->pages_erased++;
    }
    return rc;
}

static int nb_program(const struct nb_ctx *x, uint32_t off, const void *buf, uint32_t len)
{
    int rc = pcd_flash_program(x->port, PCD_MEM_NET_FLASH, off, buf, len);
    if (rc == 0) {
        x->res->bytes_programmed += len;
    }
    return rc;
}

/* ---- bl_validate_firmware(dst, src) on the network core (facts §2.4) ---------------------------- */

/* Hash-only validation of the image at @p src as if it ran at s0: checks 1..13 of §2.4 through
 * pcd_fwinfo_validate(). The network core's B0N has no S0 size to bound fw_info.size (check 7
 * "not applicable to B0N"), so the only limit is the 32-bit address space; check 6 (monotonic
 * version counter) is not modelled (board.provision's counter is read by the reference B0N only). */
static int validate_firmware(const struct nb_ctx *x, uint32_t src)
{
    struct pcd_fwinfo_result vr;
    struct pcd_fw_info fi;
    const uint32_t s0 = x->cfg->s0_addr;
    const uint32_t top = src > s0 ? src : s0;
    /* Check 1 with the release's fw_info_find() offsets (facts §6.1): an fw_info only at 0x600 or
     * 0xE00 is not found by a release with five offsets. (The checks that follow use the first
     * fw_info of the seven offsets; an image with two fw_info headers is not modelled.) */
    int rc = ncs_fwinfo_find(x->port, x->cfg->ncs_version, src, UINT32_MAX - top, &fi);
    if (rc != 0) {
        return rc;
    }
    return pcd_fwinfo_validate(x->port, src, 0u, s0, s0, UINT32_MAX - top, &vr);
}

/* ---- pcd_fw_copy() (facts §1.6) ------------------------------------------------------------------ */

/* stream_flash with erase: init checks only alignment and the device end, the available size is
 * "the rest of the device" (size 0, NCS <= 2.9): nothing bounds `offset` to the application
 * partition (H13). From NCS 3.0 the size is the application partition's, so init fails when
 * offset + size runs past the device, before any erase (facts errata "H13 range", §1.6). Each
 * 512-byte chunk: erase the page holding its last byte unless it is the page erased last, then
 * write it; the final partial chunk is padded to the 4-byte write block with 0xFF. */
static int fw_copy(const struct nb_ctx *x, uint32_t data, uint32_t len, uint32_t offset)
{
    struct nb_buf buf;
    const bool rest = ncs_stream_rest_of_device(x->cfg->ncs_version);
    const uint32_t size = rest ? 0u : x->cfg->s0_size;
    if (offset % 4u != 0u || offset > x->flash_size || size > x->flash_size - offset) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): stream_flash_init(offset 0x%lx, size 0x%lx): -EFAULT",
                (unsigned long)offset, (unsigned long)size);
        return offset % 4u != 0u ? PCD_E_CMD_ALIGN : PCD_E_CMD_DST;
    }
    const uint32_t avail = rest ? x->flash_size - offset : size;
    if (len > avail) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): stream_flash: %lu bytes do not fit the %lu available: -ENOMEM",
                (unsigned long)len, (unsigned long)avail);
        return PCD_E_CMD_LEN;
    }
    pcd_log(x->port, PCD_LOG_INF, "B0N (NCS): pcd_fw_copy: %lu bytes from 0x%08lx to 0x%08lx", (unsigned long)len,
            (unsigned long)data, (unsigned long)(x->flash_base + offset));
    uint32_t last_erased = UINT32_MAX;
    for (uint32_t done = 0; done < len;) {
        const uint32_t n = len - done < NCS_PCD_BUF_SIZE ? len - done : NCS_PCD_BUF_SIZE;
        const uint32_t padded = (n + 3u) & ~3u;
        const uint32_t off = offset + done;
        int rc = pcd_bus_read(x->port, data + done, buf.u.bytes, n);
        if (rc != 0) {
            return rc;
        }
        memset(buf.u.bytes + n, 0xFF, padded - n);
        const uint32_t page = (off + padded - 1u) - (off + padded - 1u) % x->page;
        if (page != last_erased) {
            rc = nb_erase(x, page);
            if (rc != 0) {
                return rc;
            }
            last_erased = page;
        }
        rc = nb_program(x, off, buf.u.bytes, padded);
        if (rc != 0) {
            return rc;
        }
        done += n;
    }
    return 0;
}

/* ---- commands (facts §2.3 step 4) ---------------------------------------------------------------- */

/* COPY: validate the source against s0 (not against `offset`), copy to `offset`, validate s0. */
static int run_copy(const struct nb_ctx *x, const uint32_t w[4])
{
    const uint32_t data = w[1], len = w[2], offset = w[3];
    struct ncs_b0n_result *res = x->res;
    pcd_log(x->port, PCD_LOG_INF, "B0N (NCS): PCD COPY data 0x%08lx len %lu offset 0x%lx", (unsigned long)data,
            (unsigned long)len, (unsigned long)offset);
    int rc = validate_firmware(x, data); /* step b */
    if (rc != 0) {
        if (rc != PCD_E_HALTED && rc != PCD_E_BUS_FAULT) {
            pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): source at 0x%08lx is not valid firmware for 0x%08lx (%s)",
                    (unsigned long)data, (unsigned long)x->cfg->s0_addr, pcd_strerror(rc));
        }
        return rc;
    }
    res->src_valid = true;
    pcd_trace(x->port, PCD_TRACE_B0N_SRC_VERIFIED, len);
    rc = fw_copy(x, data, len, offset); /* step c */
    if (rc != 0) {
        return rc;
    }
    pcd_trace(x->port, PCD_TRACE_B0N_COPY_DONE, len);
    rc = validate_firmware(x, x->cfg->s0_addr); /* step d: "only the SHA is validated" */
    if (rc != 0) {
        if (rc != PCD_E_HALTED && rc != PCD_E_BUS_FAULT) {
            pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): the image at 0x%08lx does not validate after the copy (%s)",
                    (unsigned long)x->cfg->s0_addr, pcd_strerror(rc));
        }
        return rc;
    }
    res->dst_valid = true;
    pcd_trace(x->port, PCD_TRACE_B0N_DST_VERIFIED, len);
    return 0;
}

/* READ_VERSION: copy `len` bytes from &fw_info.version into `data`, set len = 4. On error NCS
 * 2.5-2.9 writes FAIL and then DONE at once (H16); the newest netboot takes the failure path
 * (facts §2.3 step 4): PCD_E_FWINFO_MISSING is returned for that. */
static int run_read_version(const struct nb_ctx *x, const uint32_t w[4])
{
    struct pcd_fw_info fi;
    const uint32_t s0 = x->cfg->s0_addr;
    int rc = ncs_fwinfo_find(x->port, x->cfg->ncs_version, s0, x->cfg->s0_size, &fi);
    if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
        return rc;
    }
    if (rc == 0) {
        x->res->version = fi.version;
        uint8_t b[64];
        const uint32_t from = s0 + fi.offset + 20u; /* &fw_info.version (facts §6.1) */
        for (uint32_t done = 0; done < w[2] && rc == 0;) {
            const uint32_t n = w[2] - done < sizeof(b) ? w[2] - done : (uint32_t)sizeof(b);
            rc = pcd_bus_read(x->port, from + done, b, n); /* len > 4 over-reads fw_info (facts §1.6) */
            if (rc == 0) {
                rc = pcd_bus_write(x->port, w[1] + done, b, n);
            }
            done += n;
        }
        if (rc == 0) {
            rc = pcd_shared_write32(x->port, x->cfg->pcd_sram_addr + NCS_OFF_LEN, 4u);
        }
        if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
            return rc;
        }
    }
    if (rc != 0 && !ncs_read_version_fail_then_done(x->cfg->ncs_version)) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): READ_VERSION failed (%s): failure path", pcd_strerror(rc));
        return PCD_E_FWINFO_MISSING;
    }
    if (rc != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): READ_VERSION failed (%s): FAIL, then DONE", pcd_strerror(rc));
        rc = ncs_pcd_store_magic(x->port, x->cfg->pcd_sram_addr, PCD_CMD_MAGIC_FAIL);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

/* Normal start: bl_boot(fw_info_find(s0)) with no validation (H7). Without fw_info, bl_boot(NULL)
 * does not jump: fw_info_ext_api_provide() returns false for NULL, bl_boot prints "boot aborted"
 * and returns, and the network core idles (facts, errata "bl_boot(NULL) does not jump"). */
static int boot_app(const struct nb_ctx *x)
{
    struct pcd_fw_info fi;
    struct ncs_b0n_result *res = x->res;
    int rc = ncs_fwinfo_find(x->port, x->cfg->ncs_version, x->cfg->s0_addr, x->cfg->s0_size, &fi);
    if (rc == 0) {
        res->outcome = NCS_B0N_BOOTED;
        res->version = fi.version;
        res->boot_addr = fi.address; /* bl_boot: VTOR = fw_info.address (facts §2.3) */
        pcd_log(x->port, PCD_LOG_INF, "B0N (NCS): booting 0x%08lx (fw_info version %lu at +0x%lx), not validated",
                (unsigned long)fi.address, (unsigned long)fi.version, (unsigned long)fi.offset);
        pcd_boot(x->port, res->boot_addr);
        return 0;
    }
    if (rc != PCD_E_FWINFO_MISSING) {
        return rc;
    }
    res->outcome = NCS_B0N_BOOT_ABORTED;
    pcd_log(x->port, PCD_LOG_ERR, "B0N (NCS): no fw_info at 0x%08lx: bl_boot(NULL): boot aborted",
            (unsigned long)x->cfg->s0_addr);
    return 0; /* main() returns: the core idles, nothing is reported */
}

static int fail_path(const struct nb_ctx *x, int why)
{
    /* Failure path (facts §2.3 step 7): pcd_fw_copy_invalidate() writes FAIL, main() returns.
     * No reason word, no signal: the app core only sees the magic. */
    x->res->outcome = NCS_B0N_FAIL;
    x->res->rc = why;
    return ncs_pcd_store_magic(x->port, x->cfg->pcd_sram_addr, PCD_CMD_MAGIC_FAIL);
}

/* The READ_VERSION case of main(): the version and DONE, then spin; or the failure path (newest
 * netboot) -- or DONE after FAIL (2.5-2.9, H16), inside run_read_version(). */
static int answer_read_version(const struct nb_ctx *x, const uint32_t w[4])
{
    pcd_trace(x->port, PCD_TRACE_B0N_CMD_SEEN, w[0]);
    int rc = run_read_version(x, w);
    if (rc == PCD_E_FWINFO_MISSING) {
        return fail_path(x, rc);
    }
    if (rc == 0) {
        rc = ncs_pcd_store_magic(x->port, x->cfg->pcd_sram_addr, PCD_CMD_MAGIC_DONE);
    }
    if (rc != 0) {
        return rc;
    }
    x->res->outcome = NCS_B0N_DONE;
    pcd_stop(x->port);
    return 0;
}

int ncs_b0n_run(const struct ncs_b0n_config *cfg, const struct pcd_port *port, struct ncs_b0n_result *res)
{
    struct pcd_mem_info mi;
    uint32_t w[4];
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->outcome = NCS_B0N_HALTED;
    res->status = NCS_PCD_STATUS_FAILED;
    if (cfg == NULL || port == NULL) {
        return PCD_E_INVAL;
    }
    int rc = pcd_mem_info(port, PCD_MEM_NET_FLASH, &mi);
    if (rc != 0) {
        return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
    }
    if (mi.cpu_addr == PCD_NO_CPU_ADDR || mi.page_size == 0u || mi.cpu_addr > UINT32_MAX - mi.size ||
        cfg->s0_addr < mi.cpu_addr || cfg->s0_addr - mi.cpu_addr >= mi.size || cfg->pcd_sram_addr % 4u != 0u ||
        cfg->ncs_version < NCS_VERSION_MIN || cfg->ncs_version > NCS_VERSION_MAX) {
        return PCD_E_INVAL;
    }
    struct nb_ctx x = {cfg, port, res, mi.cpu_addr, mi.size, mi.page_size};
    if (cfg->fprotect) { /* step 2: fprotect_area(container); an error takes the failure path */
        rc = pcd_flash_protect(port, PCD_MEM_NET_FLASH, cfg->container_addr - mi.cpu_addr, cfg->container_size);
        if (rc == PCD_E_HALTED) {
            return rc;
        }
        if (rc != 0) {
            pcd_log(port, PCD_LOG_ERR, "B0N (NCS): fprotect_area(0x%08lx, 0x%lx) failed (%s)",
                    (unsigned long)cfg->container_addr, (unsigned long)cfg->container_size, pcd_strerror(rc));
            return fail_path(&x, rc);
        }
    }

    rc = ncs_pcd_load(port, cfg->pcd_sram_addr, w); /* step 4: pcd_fw_copy_status_get() */
    if (rc != 0) {
        return rc;
    }
    res->magic = w[0];
    res->data = w[1];
    res->len = w[2];
    res->offset = w[3];
    res->status = ncs_pcd_status_of(w[0]);
    switch (res->status) {
    case NCS_PCD_STATUS_COPY:
        res->copy_seen = true;
        pcd_trace(port, PCD_TRACE_B0N_CMD_SEEN, w[0]);
        rc = run_copy(&x, w);
        if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
            return rc;
        }
        if (rc != 0) {
            return fail_path(&x, rc);
        }
        rc = ncs_pcd_store_magic(port, cfg->pcd_sram_addr, PCD_CMD_MAGIC_DONE); /* pcd_done() */
        if (rc != 0) {
            return rc;
        }
        res->outcome = NCS_B0N_DONE;
        pcd_log(port, PCD_LOG_INF, "B0N (NCS): copy done, DONE written; waiting to be forced off");
        pcd_stop(port); /* step f: spin until the app core forces the net core off */
        return 0;
    case NCS_PCD_STATUS_READ_VERSION:
        if (!ncs_has_read_version(cfg->ncs_version)) {
            /* Before NCS 2.5 the netboot has no READ_VERSION case: default, the application is
             * booted and nothing answers (facts §1.3, §2.3 step 4). */
            pcd_log(port, PCD_LOG_WRN, "B0N (NCS): READ_VERSION not handled before NCS 2.5");
            break;
        }
        return answer_read_version(&x, w);
    case NCS_PCD_STATUS_LOCK_DEBUG:
        /* Without CONFIG_PCD_LOCK_NETCORE_DEBUG (default n) the magic falls to default: the
         * application is booted and the requester never gets an answer (H15). */
        pcd_log(port, PCD_LOG_WRN, "B0N (NCS): LOCK_DEBUG not handled (CONFIG_PCD_LOCK_NETCORE_DEBUG=n)");
        break;
    case NCS_PCD_STATUS_DONE:
    case NCS_PCD_STATUS_FAILED:
    default:
        break;
    }
    if (cfg->fprotect) { /* step 5: fprotect_area(app partition); an error takes the failure path */
        rc = pcd_flash_protect(port, PCD_MEM_NET_FLASH, cfg->s0_addr - mi.cpu_addr, cfg->s0_size);
        if (rc == PCD_E_HALTED) {
            return rc;
        }
        if (rc != 0) {
            pcd_log(port, PCD_LOG_ERR, "B0N (NCS): fprotect_area(0x%08lx, 0x%lx) failed (%s)",
                    (unsigned long)cfg->s0_addr, (unsigned long)cfg->s0_size, pcd_strerror(rc));
            return fail_path(&x, rc);
        }
    }
    return boot_app(&x); /* step 6 */
}
