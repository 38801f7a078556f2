/* B0N: the network-core bootloader. Executes a PCD command if one is present, else validates
 * and boots the network-core application. Requirements and sequence: pcd/b0n.h; bytes:
 * docs/SPEC.md. */
#include "pcd/b0n.h"

#include <stddef.h>
#include <string.h>

#include "pcd/fwinfo.h"
#include "err_names.h"
#include "pcd/ncs_defaults.h"
#include "hash.h"
#include "range.h"

/* One run's context: configuration, port, result and the net-flash geometry. */
struct b0n_ctx {
    const struct pcd_b0n_config *cfg;
    const struct pcd_port *port;
    struct pcd_b0n_result *res;
    uint32_t flash_base; /* net flash bus address (0x01000000) */
    uint32_t flash_size; /* bytes */
    uint32_t page;       /* erase unit, bytes (2 KiB) */
};

/* The stream buffer, word-aligned for the flash driver (NCS: CONFIG_PCD_BUF_SIZE). */
struct b0n_buf {
    union {
        uint32_t words[PCD_B0N_BUF_SIZE / 4u];
        uint8_t bytes[PCD_B0N_BUF_SIZE];
    } u;
};

/* A verdict about the image (fw_info / fw_validation_info checks), as opposed to a failure of
 * the port or the crypto backend, which is passed on as it is. */
static bool is_fwinfo_verdict(int rc)
{
    return (rc <= PCD_E_FWINFO_MISSING && rc >= PCD_E_VALINFO_HASH) || rc == PCD_E_INVAL;
}

static uint32_t round_down(uint32_t v, uint32_t unit)
{
    return v - v % unit;
}

/* ---- configuration -------------------------------------------------------------------------------- */

void pcd_b0n_config_default(struct pcd_b0n_config *cfg)
{
    /* every field, counter_update = false included (the container is ACL-locked before B0N runs) */
    memset(cfg, 0, sizeof(*cfg));
    /* facts §2.1 (net-core PM layout), §1.1 (pcd_sram), §4.1 (address map) */
    cfg->container_addr = PCD_NCS_B0N_CONTAINER_ADDR;
    cfg->container_size = PCD_NCS_B0N_CONTAINER_SIZE;
    cfg->app_addr = PCD_NCS_NET_APP_ADDR;
    cfg->app_size = PCD_NCS_NET_APP_SIZE;
    cfg->pcd_sram_addr = PCD_NCS_PCD_SRAM_ADDR;
    cfg->src_flash_addr = PCD_NCS_APP_FLASH_ADDR;
    cfg->src_flash_size = PCD_NCS_APP_FLASH_SIZE;
    cfg->src_ram_addr = PCD_NCS_APP_SRAM_ADDR;
    cfg->src_ram_size = PCD_NCS_APP_SRAM_SIZE;
    cfg->provision_addr = PCD_NCS_PROVISION_ADDR; /* facts §2.1: provision after b0n */
    cfg->provision_size = PCD_NCS_PROVISION_SIZE;
}

static int net_flash_geometry(const struct pcd_port *port, struct pcd_mem_info *mi)
{
    int rc = pcd_mem_info(port, PCD_MEM_NET_FLASH, mi);
    if (rc != 0) {
        return rc;
    }
    if (mi->size == 0u || mi->page_size == 0u || mi->cpu_addr == PCD_NO_CPU_ADDR ||
        mi->cpu_addr > UINT32_MAX - mi->size || mi->page_size % 4u != 0u) {
        return PCD_E_INVAL;
    }
    return 0;
}

int pcd_b0n_config_check(const struct pcd_b0n_config *cfg, const struct pcd_port *port)
{
    struct pcd_mem_info mi;
    if (cfg == NULL || port == NULL) {
        return PCD_E_INVAL;
    }
    int rc = net_flash_geometry(port, &mi);
    if (rc != 0) {
        return rc;
    }
    const bool container_ok = cfg->container_size != 0u &&
                              range_inside(cfg->container_addr, cfg->container_size, mi.cpu_addr, mi.size) &&
                              cfg->container_addr % mi.page_size == 0u && cfg->container_size % mi.page_size == 0u;
    const bool app_ok = cfg->app_size != 0u && range_inside(cfg->app_addr, cfg->app_size, mi.cpu_addr, mi.size) &&
                        cfg->app_addr % mi.page_size == 0u &&
                        !range_overlap(cfg->app_addr, cfg->app_size, cfg->container_addr, cfg->container_size);
    const bool src_ok = cfg->src_flash_addr <= UINT32_MAX - cfg->src_flash_size &&
                        cfg->src_ram_addr <= UINT32_MAX - cfg->src_ram_size;
    const bool pcd_ok = cfg->pcd_sram_addr % 4u == 0u && cfg->pcd_sram_addr <= UINT32_MAX - PCD_CMD_BLOCK_SIZE;
    const bool prov_ok = cfg->provision_size == 0u || range_inside(cfg->provision_addr, cfg->provision_size,
                                                                   cfg->container_addr, cfg->container_size);
    return container_ok && app_ok && src_ok && pcd_ok && prov_ok ? 0 : PCD_E_INVAL;
}

/* ---- hashing through the stream buffer -------------------------------------------------------------- */

/* ---- B0N-CHECK-CMD -------------------------------------------------------------------------------- */

/* May the net core read [src, src + len) as a copy source? App flash or app RAM, never QSPI. */
static bool source_allowed(const struct pcd_b0n_config *cfg, uint32_t src, uint32_t len)
{
    return (cfg->src_flash_size != 0u && range_inside(src, len, cfg->src_flash_addr, cfg->src_flash_size)) ||
           (cfg->src_ram_size != 0u && range_inside(src, len, cfg->src_ram_addr, cfg->src_ram_size));
}

/* B0N-CHECK-CMD for COPY. Nothing is read from the source and nothing is erased here. */
static int check_copy_cmd(const struct b0n_ctx *x, const struct pcd_cmd *cmd)
{
    const struct pcd_b0n_config *cfg = x->cfg;
    if (cmd->len == 0u || cmd->len > cfg->app_size) {
        return PCD_E_CMD_LEN;
    }
    if (cmd->dst_off % 4u != 0u) {
        return PCD_E_CMD_ALIGN;
    }
    /* Destination: inside net flash, and its page-rounded span (what erase-on-first-touch may
     * touch) inside the application partition, hence clear of the B0N container. */
    if (cmd->dst_off > x->flash_size || cmd->len > x->flash_size - cmd->dst_off) {
        return PCD_E_CMD_DST;
    }
    const uint32_t dst = x->flash_base + cmd->dst_off;
    const uint32_t first_page = round_down(dst, x->page);
    const uint32_t span = dst + cmd->len - first_page;
    if (range_overlap(first_page, span, cfg->container_addr, cfg->container_size) ||
        !range_inside(dst, cmd->len, cfg->app_addr, cfg->app_size) || first_page < cfg->app_addr) {
        return PCD_E_CMD_DST;
    }
    if (!source_allowed(cfg, cmd->src, cmd->len)) {
        return PCD_E_CMD_SRC;
    }
    return 0;
}

/* ---- B0N-SRC-BOOTABLE ------------------------------------------------------------------------------- */

/* B0N-SRC-BOOTABLE, structural half (fw_info checks 1..12, before the source is hashed). Sets
 * res->src_fwinfo; @p fw_size gets the byte count whose SHA-256 the validation info holds, or 0
 * when there is nothing to hash (no fw_info, or a check failed: *verdict says which). */
static int check_src_layout(const struct b0n_ctx *x, const struct pcd_cmd *cmd, struct pcd_fwinfo_result *vr,
                            uint32_t *fw_size, int *verdict)
{
    struct pcd_fw_info fi;
    const uint32_t dst = x->flash_base + cmd->dst_off;
    *fw_size = 0;
    *verdict = 0;
    int rc = pcd_fwinfo_find(x->port, cmd->src, cmd->len, &fi);
    if (rc == PCD_E_FWINFO_MISSING) {
        x->res->src_fwinfo = false;
        *verdict = rc;
        return 0;
    }
    if (rc != 0) {
        return rc;
    }
    x->res->src_fwinfo = true;
    rc = pcd_fwinfo_check(x->port, cmd->src, cmd->len, dst, x->cfg->app_addr, x->cfg->app_size, vr);
    if (rc != 0 && !is_fwinfo_verdict(rc)) {
        return rc;
    }
    *verdict = rc;
    if (rc == 0) {
        *fw_size = vr->fwinfo.size;
    }
    return 0;
}

/* B0N-SRC-BOOTABLE, verdict: the structural result, then check 13 with the hash of the first
 * fw_info.size source bytes taken during the single pass over the source. A source without
 * fw_info is refused whether or not the command carries the extension: B0N-BOOT-VALID would
 * never boot it (NCS's bl_boot aborts on it too, facts errata). */
static int check_src_bootable(const struct b0n_ctx *x, int layout_verdict, const struct pcd_fwinfo_result *vr,
                              const uint8_t fw_sha[PCD_SHA256_LEN])
{
    if (!x->res->src_fwinfo) {
        x->res->detail = PCD_E_FWINFO_MISSING;
        return PCD_E_NOT_BOOTABLE;
    }
    if (layout_verdict == 0 && memcmp(fw_sha, vr->valinfo.hash, PCD_SHA256_LEN) != 0) {
        layout_verdict = PCD_E_VALINFO_HASH;
    }
    if (layout_verdict != 0) {
        x->res->detail = layout_verdict;
        return PCD_E_NOT_BOOTABLE;
    }
    x->res->checks |= PCD_B0N_CHK_SRC_BOOTABLE;
    return 0;
}

/* ---- version counter (facts §2.2) ----------------------------------------------------------------------- */

/* NSIB's counter in the provision data: after num_public_keys (offset 48) and 20 bytes per key,
 * {u16 type 1, u16 num_counters}, then per counter {u16 description, u16 num_slots, u16 slots[]};
 * a slot holds ~value (0xFFFF unused), the NSIB counter (description 1) version << 1 | slot.
 * Sets *version (0 without a counter) and *free_slot (address of the first unused slot, 0 if none). */
static int counter_read(const struct b0n_ctx *x, uint32_t *version, uint32_t *free_slot)
{
    const uint32_t end = x->cfg->provision_addr + x->cfg->provision_size;
    uint32_t a = x->cfg->provision_addr + 48u, n = 1u, head = 0u;
    uint8_t w[4];
    *version = 0u;
    *free_slot = 0u;
    for (uint32_t i = 0; i < n + 2u; i++) { /* i = 0: keys; 1: collection; 2..: counters */
        int rc = a <= end - 4u && x->cfg->provision_size != 0u ? pcd_bus_read(x->port, a, w, 4u) : 1;
        if (rc != 0) {
            return rc > 0 ? 0 : rc;
        }
        const uint32_t lo = (uint32_t)w[0] | ((uint32_t)w[1] << 8), hi = (uint32_t)w[2] | ((uint32_t)w[3] << 8);
        a += 4u;
        if (i == 0u) {
            a += (lo | (hi << 16)) > 16u ? end : (lo | (hi << 16)) * 20u; /* at most 16 keys */
        } else if (i == 1u) {
            n = lo == 1u && hi <= 8u ? hi : 0u; /* TYPE_COUNTERS, at most 8 counters */
        } else if (lo != 1u || hi > (end - a) / 2u) {
            a += lo == 1u ? end : hi * 2u;
        } else {
            head = a; /* the NSIB counter: hi slots at a */
            n = 0u;
            for (uint32_t k = 0; k < hi && *free_slot == 0u; k++) {
                rc = pcd_bus_read(x->port, head + 2u * k, w, 2u);
                const uint32_t v = ~((uint32_t)w[0] | ((uint32_t)w[1] << 8)) & 0xFFFFu;
                if (rc != 0) {
                    return rc;
                }
                *free_slot = v == 0u ? head + 2u * k : 0u;
                *version = (v >> 1) > *version ? v >> 1 : *version;
            }
        }
    }
    return 0;
}

/* ---- B0N-COPY ----------------------------------------------------------------------------------------- */

/* B0N-SELF-PROTECT, enforced at the last step too: no flash operation outside the application
 * partition, whatever the caller computed. */
static int guard_app_partition(const struct b0n_ctx *x, uint32_t off, uint32_t len)
{
    const uint32_t addr = x->flash_base + off;
    if (!range_inside(addr, len, x->cfg->app_addr, x->cfg->app_size) ||
        range_overlap(addr, len, x->cfg->container_addr, x->cfg->container_size)) {
        return PCD_E_CMD_DST;
    }
    return 0;
}

static int erase_page(const struct b0n_ctx *x, uint32_t page_off)
{
    int rc = guard_app_partition(x, page_off, x->page);
    if (rc != 0) {
        return rc;
    }
    x->res->dst_modified = true;
    rc = pcd_flash_erase(x->port, PCD_MEM_NET_FLASH, page_off, x->page);
    if (rc == 0) {
        x->res->pages_erased++;
    }
    return rc;
}

static int program_words(const struct b0n_ctx *x, uint32_t off, const struct b0n_buf *buf, uint32_t n)
{
    int rc = guard_app_partition(x, off, n);
    if (rc != 0) {
        return rc;
    }
    x->res->dst_modified = true;
    rc = pcd_flash_program(x->port, PCD_MEM_NET_FLASH, off, buf->u.bytes, n);
    if (rc == 0) {
        x->res->bytes_programmed += n;
    }
    return rc;
}

/* Stream [src, src + len) to net flash at dst_off: each page is erased the first time a chunk
 * touches it; whole words are written; the last partial word is padded with the erase value. */
static int copy_to_dst(const struct b0n_ctx *x, const struct pcd_cmd *cmd, struct b0n_buf *buf)
{
    uint32_t next_erase = round_down(cmd->dst_off, x->page); /* first page not yet erased */
    for (uint32_t done = 0; done < cmd->len;) {
        const uint32_t n = cmd->len - done < PCD_B0N_BUF_SIZE ? cmd->len - done : PCD_B0N_BUF_SIZE;
        const uint32_t padded = (n + 3u) & ~3u;
        const uint32_t off = cmd->dst_off + done;
        int rc = pcd_bus_read(x->port, cmd->src + done, buf->u.bytes, n);
        if (rc != 0) {
            return rc;
        }
        memset(buf->u.bytes + n, 0xFF, padded - n);
        while (next_erase <= off + (padded - 1u)) {
            rc = erase_page(x, next_erase);
            if (rc != 0) {
                return rc;
            }
            next_erase += x->page;
        }
        rc = program_words(x, off, buf, padded);
        if (rc != 0) {
            return rc;
        }
        done += n;
    }
    x->res->checks |= PCD_B0N_CHK_COPY;
    return 0;
}

/* ---- COPY ------------------------------------------------------------------------------------------------ */

/* Execute a COPY. Returns 0 (answer DONE), a PCD_E_* reason (answer FAIL), or PCD_E_HALTED. */
static int execute_copy(const struct b0n_ctx *x, const struct pcd_cmd *cmd)
{
    struct b0n_buf buf;
    uint8_t src_sha[PCD_SHA256_LEN];
    uint8_t dst_sha[PCD_SHA256_LEN];
    struct pcd_b0n_result *res = x->res;

    pcd_log(x->port, PCD_LOG_INF, "B0N: PCD command COPY src 0x%08lx len %lu dst 0x%08lx",
            (unsigned long)cmd->src, (unsigned long)cmd->len, (unsigned long)(x->flash_base + cmd->dst_off));
    int rc = check_copy_cmd(x, cmd);
    if (rc != 0) {
        return rc;
    }
    const enum pcd_cmd_ext_state ext = pcd_cmd_ext_state(cmd);
    if (ext == PCD_CMD_EXT_BAD) {
        return PCD_E_CMD_EXT;
    }
    res->ext = ext == PCD_CMD_EXT_PRESENT;
    res->checks |= PCD_B0N_CHK_CMD;

    /* B0N-SRC-SHA and B0N-SRC-BOOTABLE, before anything is erased, from one pass over the
     * source. Without the extension (an NCS app side) the hash of the source is what the copy
     * must reproduce, and fw_info validation is the only check of the source. */
    struct pcd_fwinfo_result vr;
    uint8_t fw_sha[PCD_SHA256_LEN] = {0};
    uint32_t fw_size;
    int layout_verdict;
    rc = check_src_layout(x, cmd, &vr, &fw_size, &layout_verdict);
    if (rc == 0) {
        /* one pass over the source gives both digests: on the network core (64 MHz, software
         * SHA-256) a pass over a 220 KiB image is tens of milliseconds */
        rc = pcd_hash_range(x->port, PCD_HASH_BUS, cmd->src, cmd->len, buf.u.bytes, PCD_B0N_BUF_SIZE, fw_size, src_sha,
                            fw_sha);
    }
    if (rc != 0) {
        return rc;
    }
    if (res->ext && memcmp(src_sha, cmd->sha256, PCD_SHA256_LEN) != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N: source SHA-256 mismatch, nothing erased");
        return PCD_E_SRC_HASH;
    }
    res->checks |= PCD_B0N_CHK_SRC_SHA;
    pcd_trace(x->port, PCD_TRACE_B0N_SRC_VERIFIED, cmd->len);

    rc = check_src_bootable(x, layout_verdict, &vr, fw_sha);
    if (rc != 0) {
        if (rc == PCD_E_NOT_BOOTABLE) {
            pcd_log(x->port, PCD_LOG_ERR, "B0N: update would not boot at 0x%08lx (%s), nothing erased",
                    (unsigned long)(x->flash_base + cmd->dst_off), pcd_strerror_net(res->detail));
        }
        return rc;
    }

    uint32_t counter = 0, slot = 0;
    rc = counter_read(x, &counter, &slot);
    if (rc == 0 && res->src_fwinfo && vr.fwinfo.version < counter) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N: version %lu below the counter %lu, nothing erased",
                (unsigned long)vr.fwinfo.version, (unsigned long)counter);
        rc = PCD_E_FWINFO_COUNTER;
    }
    if (rc != 0) {
        return rc;
    }
    rc = copy_to_dst(x, cmd, &buf);
    if (rc != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N: copy failed after %lu pages erased (%s)",
                (unsigned long)res->pages_erased, pcd_strerror_net(rc));
        return rc;
    }
    pcd_trace(x->port, PCD_TRACE_B0N_COPY_DONE, cmd->len);

    /* B0N-DST-SHA */
    rc = pcd_hash_range(x->port, PCD_MEM_NET_FLASH, cmd->dst_off, cmd->len, buf.u.bytes, PCD_B0N_BUF_SIZE, 0, dst_sha,
                        NULL);
    if (rc != 0) {
        return rc;
    }
    if (memcmp(dst_sha, src_sha, PCD_SHA256_LEN) != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N: destination SHA-256 mismatch after copy");
        return PCD_E_DST_HASH;
    }
    res->checks |= PCD_B0N_CHK_DST_SHA;
    pcd_trace(x->port, PCD_TRACE_B0N_DST_VERIFIED, cmd->len);
    pcd_log(x->port, PCD_LOG_INF, "B0N: copy done, %lu pages erased, %lu bytes written",
            (unsigned long)res->pages_erased, (unsigned long)res->bytes_programmed);
    return 0;
}

/* ---- READ_VERSION -------------------------------------------------------------------------------------- */

/* Write the application's fw_info.version (little-endian) into the app-RAM buffer and set
 * len = 4. The version comes from the fw_info alone, as NCS's pcd_find_fw_version (facts errata):
 * a damaged application still reports its version, so an NCS MCUboot that compares versions
 * before an update (pcd_version_cmp_net) still sends the repair. No fw_info: a FAIL answer,
 * the buffer untouched (never NCS's FAIL-then-DONE, H16). */
static int execute_read_version(const struct b0n_ctx *x, const struct pcd_cmd *cmd)
{
    struct pcd_fw_info fi;
    const struct pcd_b0n_config *cfg = x->cfg;
    if (cmd->len < 4u) {
        return PCD_E_CMD_LEN;
    }
    if (cfg->src_ram_size == 0u || !range_inside(cmd->src, 4u, cfg->src_ram_addr, cfg->src_ram_size) ||
        range_overlap(cmd->src, 4u, cfg->pcd_sram_addr, PCD_CMD_BLOCK_SIZE)) {
        return PCD_E_CMD_SRC;
    }
    x->res->checks |= PCD_B0N_CHK_CMD;
    int rc = pcd_fwinfo_find(x->port, cfg->app_addr, cfg->app_size, &fi);
    if (rc == PCD_E_FWINFO_MISSING) {
        x->res->detail = rc;
        return PCD_E_NO_VALID_IMAGE;
    }
    if (rc != 0) {
        return rc;
    }
    const uint32_t v = fi.version;
    const uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    x->res->version = v;
    rc = pcd_bus_write(x->port, cmd->src, le, sizeof(le));
    if (rc != 0) {
        return rc;
    }
    return pcd_cmd_store_len(x->port, cfg->pcd_sram_addr, 4u);
}

/* ---- BACKUP (RB-BACKUP; docs/SPEC.md §10.1) -------------------------------------------------------------- */

/* Bytes of the running image: from the partition start to the end of its fw_validation_info (word-rounded),
 * after the structural fw_info checks. */
static int running_image(const struct b0n_ctx *x, struct pcd_fwinfo_result *vr, uint32_t *total)
{
    const struct pcd_b0n_config *cfg = x->cfg;
    int rc = pcd_fwinfo_check(x->port, cfg->app_addr, 0u, cfg->app_addr, cfg->app_addr, cfg->app_size, vr);
    if (rc != 0 && !is_fwinfo_verdict(rc)) {
        return rc;
    }
    *total = (vr->valinfo.offset + PCD_VALINFO_SIZE + 3u) & ~3u;
    if (rc != 0 || *total > cfg->app_size) {
        x->res->detail = rc != 0 ? rc : PCD_E_FWINFO_RANGE;
        return PCD_E_NO_VALID_IMAGE;
    }
    return 0;
}

/* Copy the chunk at offset dst_off of the running image into the app-RAM window at src (at most len
 * bytes) and hash it; at offset == image length, hash the whole image and check it against its
 * validation info. Never writes flash. */
static int execute_backup(const struct b0n_ctx *x, const struct pcd_cmd *cmd, uint8_t sha[PCD_SHA256_LEN],
                          uint32_t *n, uint32_t *total)
{
    struct b0n_buf buf;
    struct pcd_fwinfo_result vr;
    uint8_t fw_sha[PCD_SHA256_LEN];
    const struct pcd_b0n_config *cfg = x->cfg;
    if (pcd_cmd_ext_state(cmd) != PCD_CMD_EXT_PRESENT) {
        return PCD_E_CMD_EXT;
    }
    if (cmd->len == 0u || cmd->len % 4u != 0u || cmd->src % 4u != 0u) {
        return PCD_E_CMD_LEN;
    }
    if (cfg->src_ram_size == 0u || !range_inside(cmd->src, cmd->len, cfg->src_ram_addr, cfg->src_ram_size) ||
        range_overlap(cmd->src, cmd->len, cfg->pcd_sram_addr, PCD_CMD_BLOCK_SIZE)) {
        return PCD_E_CMD_SRC;
    }
    x->res->checks |= PCD_B0N_CHK_CMD;
    x->res->ext = true;
    int rc = running_image(x, &vr, total);
    if (rc == 0 && (cmd->dst_off % 4u != 0u || cmd->dst_off > *total)) {
        rc = PCD_E_CMD_DST;
    }
    if (rc != 0 || cmd->dst_off == *total) {
        *n = 0u;
        rc = rc != 0 ? rc : pcd_hash_range(x->port, PCD_HASH_BUS, cfg->app_addr, *total, buf.u.bytes,
                                           PCD_B0N_BUF_SIZE, vr.fwinfo.size, sha, fw_sha);
        if (rc == 0 && memcmp(fw_sha, vr.valinfo.hash, PCD_SHA256_LEN) != 0) {
            x->res->detail = PCD_E_VALINFO_HASH;
            rc = PCD_E_NO_VALID_IMAGE;
        }
        return rc;
    }
    *n = *total - cmd->dst_off < cmd->len ? *total - cmd->dst_off : cmd->len;
    for (uint32_t done = 0; done < *n && rc == 0;) {
        const uint32_t k = *n - done < PCD_B0N_BUF_SIZE ? *n - done : PCD_B0N_BUF_SIZE;
        rc = pcd_bus_read(x->port, cfg->app_addr + cmd->dst_off + done, buf.u.bytes, k);
        rc = rc == 0 ? pcd_bus_write(x->port, cmd->src + done, buf.u.bytes, k) : rc;
        done += k;
    }
    return rc == 0 ? pcd_hash_range(x->port, PCD_HASH_BUS, cfg->app_addr + cmd->dst_off, *n, buf.u.bytes,
                                    PCD_B0N_BUF_SIZE, 0u, sha, NULL)
                   : rc;
}

/* The DONE answer of a BACKUP: len = chunk bytes, sha256, reason = image length, flags, magic last. */
static int answer_backup(const struct b0n_ctx *x, const uint8_t sha[PCD_SHA256_LEN], uint32_t n, uint32_t total)
{
    const uint32_t base = x->cfg->pcd_sram_addr;
    int rc = pcd_cmd_store_len(x->port, base, n);
    for (uint32_t i = 0; i < PCD_SHA256_LEN / 4u && rc == 0; i++) {
        const uint8_t *p = sha + 4u * i;
        const uint32_t w = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
        rc = pcd_shared_write32(x->port, base + PCD_CMD_OFF_SHA + 4u * i, w);
    }
    rc = rc == 0 ? pcd_shared_write32(x->port, base + PCD_CMD_OFF_REASON, total) : rc;
    rc = rc == 0 ? pcd_shared_write32(x->port, base + PCD_CMD_OFF_FLAGS, PCD_CMD_B0N_EXT) : rc;
    rc = rc == 0 ? pcd_shared_write32(x->port, base + PCD_CMD_OFF_MAGIC, PCD_CMD_MAGIC_DONE) : rc;
    rc = rc == 0 ? pcd_signal(x->port) : rc;
    x->res->outcome = rc == PCD_E_HALTED ? PCD_B0N_HALTED : rc == 0 ? PCD_B0N_CMD_DONE : PCD_B0N_REPORT_ERROR;
    if (rc != PCD_E_HALTED) {
        pcd_stop(x->port);
    }
    return rc;
}

/* ---- B0N-REPORT ------------------------------------------------------------------------------------------ */

/* Reason word, flags, then the magic; signal the app core; stop. Never boots. */
static int report(const struct b0n_ctx *x, int rc)
{
    struct pcd_b0n_result *res = x->res;
    uint32_t flags = (res->ext ? (uint32_t)PCD_CMD_B0N_EXT : 0u) |
                     (res->dst_modified ? (uint32_t)PCD_CMD_B0N_DST_MODIFIED : 0u) |
                     (res->dst_boots ? (uint32_t)PCD_CMD_B0N_DST_BOOTS : 0u);
    const uint32_t magic = rc == 0 ? PCD_CMD_MAGIC_DONE : PCD_CMD_MAGIC_FAIL;
    res->reason = rc;
    res->outcome = rc == 0 ? PCD_B0N_CMD_DONE : PCD_B0N_CMD_FAIL;
    if (rc != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "B0N: command failed: %s (reason %lu)", pcd_strerror_net(rc),
                (unsigned long)pcd_cmd_reason_of(rc));
    }
    int wrc = pcd_cmd_store_answer(x->port, x->cfg->pcd_sram_addr, magic, rc, flags);
    if (wrc == 0) {
        wrc = pcd_signal(x->port);
    }
    if (wrc == PCD_E_HALTED) {
        res->outcome = PCD_B0N_HALTED;
        return wrc;
    }
    if (wrc != 0) {
        res->outcome = PCD_B0N_REPORT_ERROR;
        pcd_log(x->port, PCD_LOG_ERR, "B0N: cannot write the answer: %s", pcd_strerror_net(wrc));
    }
    pcd_stop(x->port);
    return wrc;
}

/* ---- B0N-BOOT-VALID ------------------------------------------------------------------------------------- */

static int boot_app(const struct b0n_ctx *x)
{
    struct pcd_fwinfo_result vr;
    const struct pcd_b0n_config *cfg = x->cfg;
    struct pcd_b0n_result *res = x->res;
    int rc = pcd_fwinfo_validate(x->port, cfg->app_addr, 0u, cfg->app_addr, cfg->app_addr, cfg->app_size, &vr);
    if (rc != 0 && !is_fwinfo_verdict(rc)) {
        return rc;
    }
    if (rc != 0) {
        /* without fw_info too: NCS's bl_boot aborts on it (facts errata), and so does B0N */
        res->outcome = PCD_B0N_NO_VALID_IMAGE;
        res->reason = PCD_E_NO_VALID_IMAGE;
        res->detail = rc;
        pcd_log(x->port, PCD_LOG_ERR, "B0N: no valid network core image (%s), not booting", pcd_strerror_net(rc));
        return 0;
    }
    uint32_t counter = 0, slot = 0;
    rc = counter_read(x, &counter, &slot);
    if (rc == 0 && vr.fwinfo.version < counter) {
        rc = PCD_E_FWINFO_COUNTER; /* facts §2.4 check 6 */
    }
    if (rc == 0 && cfg->counter_update && vr.fwinfo.version > counter && vr.fwinfo.version <= 0x7FFFu && slot != 0u) {
        /* set_monotonic_version(version, 0): the halfword ~(version << 1) in the aligned word */
        uint8_t w[4];
        const uint32_t wa = slot & ~3u, sh = (slot & 2u) * 8u;
        rc = pcd_bus_read(x->port, wa, w, 4u);
        const uint32_t cur = (uint32_t)w[0] | ((uint32_t)w[1] << 8) | ((uint32_t)w[2] << 16) | ((uint32_t)w[3] << 24);
        const uint32_t nw = cur & ~((vr.fwinfo.version << 1) << sh);
        const uint8_t le[4] = {(uint8_t)nw, (uint8_t)(nw >> 8), (uint8_t)(nw >> 16), (uint8_t)(nw >> 24)};
        if (rc == 0) {
            rc = pcd_flash_program(x->port, PCD_MEM_NET_FLASH, wa - x->flash_base, le, 4u);
        }
    }
    if (rc != 0) {
        res->outcome = rc == PCD_E_HALTED ? PCD_B0N_HALTED : PCD_B0N_NO_VALID_IMAGE;
        res->reason = PCD_E_NO_VALID_IMAGE;
        res->detail = rc;
        return rc == PCD_E_HALTED ? rc : 0;
    }
    res->checks |= PCD_B0N_CHK_BOOT_VALID;
    res->outcome = PCD_B0N_BOOTED;
    res->version = vr.fwinfo.version;
    /* The vector table is at fw_info.boot_address (checked inside the partition). */
    res->boot_addr = vr.fwinfo.boot_address;
    pcd_log(x->port, PCD_LOG_INF, "B0N: booting network core application at 0x%08lx, version %lu",
            (unsigned long)res->boot_addr, (unsigned long)res->version);
    pcd_boot(x->port, res->boot_addr);
    return 0;
}

/* ---- entry point ------------------------------------------------------------------------------------------ */

/* After a COPY failed with the partition modified: would the next start boot what it holds now?
 * The same check as boot_app() (B0N-BOOT-VALID), so that the app side judges the network core as
 * B0N will, not by "modified" alone (a copy that differs only in the validation info's key or
 * signature fails B0N-DST-SHA but still boots). Sets res->dst_boots. */
static int check_dst_boots(const struct b0n_ctx *x)
{
    struct pcd_fwinfo_result vr;
    const struct pcd_b0n_config *cfg = x->cfg;
    int rc = pcd_fwinfo_validate(x->port, cfg->app_addr, 0u, cfg->app_addr, cfg->app_addr, cfg->app_size, &vr);
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    x->res->dst_boots = rc == 0;
    return 0;
}

static int run_command(const struct b0n_ctx *x, const struct pcd_cmd *cmd)
{
    int rc;
    switch (x->res->kind) {
    case PCD_CMD_COPY:
        rc = execute_copy(x, cmd);
        if (rc != 0 && rc != PCD_E_HALTED && x->res->dst_modified && check_dst_boots(x) == PCD_E_HALTED) {
            rc = PCD_E_HALTED;
        }
        break;
    case PCD_CMD_READ_VERSION:
        pcd_log(x->port, PCD_LOG_INF, "B0N: PCD command READ_VERSION");
        rc = execute_read_version(x, cmd);
        break;
    case PCD_CMD_BACKUP: {
        uint8_t sha[PCD_SHA256_LEN];
        uint32_t n = 0, total = 0;
        pcd_log(x->port, PCD_LOG_INF, "B0N: PCD command BACKUP offset %lu", (unsigned long)cmd->dst_off);
        rc = execute_backup(x, cmd, sha, &n, &total);
        if (rc == 0) {
            return answer_backup(x, sha, n, total);
        }
        break;
    }
    case PCD_CMD_LOCK_DEBUG:
    default:
        /* Answered, not ignored: a requester waiting for DONE/FAIL must not hang (H15). */
        pcd_log(x->port, PCD_LOG_WRN, "B0N: PCD command LOCK_DEBUG not supported");
        rc = PCD_E_UNSUPPORTED;
        break;
    }
    if (rc == PCD_E_HALTED) {
        x->res->outcome = PCD_B0N_HALTED;
        return rc;
    }
    return report(x, rc);
}

const char *pcd_b0n_outcome_name(enum pcd_b0n_outcome outcome)
{
    switch (outcome) {
    case PCD_B0N_BOOTED:
        return "booted";
    case PCD_B0N_BOOTED_UNVALIDATED:
        return "booted without validation (no fw_info)";
    case PCD_B0N_NO_VALID_IMAGE:
        return "no valid image";
    case PCD_B0N_CMD_DONE:
        return "command done";
    case PCD_B0N_CMD_FAIL:
        return "command failed";
    case PCD_B0N_HALTED:
        return "halted";
    case PCD_B0N_REPORT_ERROR:
    default:
        return "answer not written";
    }
}

int pcd_b0n_run(const struct pcd_b0n_config *cfg, const struct pcd_port *port, struct pcd_b0n_result *res)
{
    struct pcd_mem_info mi;
    struct pcd_cmd cmd;
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->outcome = PCD_B0N_REPORT_ERROR;
    int rc = pcd_b0n_config_check(cfg, port);
    if (rc == 0) {
        rc = net_flash_geometry(port, &mi);
    }
    if (rc != 0) {
        if (rc != PCD_E_HALTED) {
            /* a build-time error; said once, as the core then does nothing (B0N-SELF-PROTECT) */
            pcd_log(port, PCD_LOG_ERR, "B0N: configuration refused (%s): container or application partition "
                    "outside net flash, overlapping or not page-aligned; doing nothing", pcd_strerror_net(rc));
        }
        return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
    }
    const struct b0n_ctx x = {cfg, port, res, mi.cpu_addr, mi.size, mi.page_size};

    rc = pcd_cmd_load(port, cfg->pcd_sram_addr, &cmd);
    if (rc != 0) {
        res->outcome = rc == PCD_E_HALTED ? PCD_B0N_HALTED : PCD_B0N_REPORT_ERROR;
        return rc;
    }
    res->magic = cmd.magic;
    res->kind = pcd_cmd_kind_of(cmd.magic);
    res->cmd_seen = res->kind == PCD_CMD_COPY || res->kind == PCD_CMD_READ_VERSION || res->kind == PCD_CMD_LOCK_DEBUG ||
                    res->kind == PCD_CMD_BACKUP;
    if (res->cmd_seen) {
        pcd_trace(port, PCD_TRACE_B0N_CMD_SEEN, cmd.magic);
        return run_command(&x, &cmd);
    }
    /* No command (DONE, FAIL, 0, garbage): validate and boot the application. */
    rc = boot_app(&x);
    if (rc != 0) {
        res->outcome = rc == PCD_E_HALTED ? PCD_B0N_HALTED : PCD_B0N_NO_VALID_IMAGE;
        if (rc != PCD_E_HALTED) {
            res->reason = PCD_E_NO_VALID_IMAGE;
            res->detail = rc;
        }
    }
    return rc == PCD_E_HALTED ? rc : 0;
}
