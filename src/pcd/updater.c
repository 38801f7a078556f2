/* The app-side updater: finds a network-core candidate in the secondary slot, validates it,
 * drives PCD with a bounded wait and retries, records the outcome in the slot, locks the PCD
 * RAM. Steps and requirements: pcd/updater.h; bytes and the power-cut argument: docs/SPEC.md. */
#include "pcd/updater.h"
#include "pcd/ncs_defaults.h"
#include "hash.h"
#include "net_version.h"
#include "range.h"

#include <string.h>

/* Stream buffer of the application core (staging, hashing). */
#define UPD_BUF_SIZE 1024u

struct upd_buf {
    union {
        uint32_t words[UPD_BUF_SIZE / 4u];
        uint8_t bytes[UPD_BUF_SIZE];
    } u;
};

/* One run's context. */
struct upd_ctx {
    const struct pcd_updater_config *cfg;
    const struct pcd_port *port;
    struct pcd_updater_result *res;
};

static uint32_t round_up(uint32_t v, uint32_t unit)
{
    return (v + unit - 1u) / unit * unit;
}

/* An image verdict (the candidate's fault) as opposed to a port or backend failure. */
static bool is_image_verdict(int rc)
{
    /* an uncorrectable NAND page makes the candidate invalid: it is never copied (NAND-ECC) */
    return (rc <= PCD_E_IMG_MAGIC && rc >= -39) || rc == PCD_E_UNSUPPORTED || rc == PCD_E_ECC;
}

/* ---- configuration ------------------------------------------------------------------------------ */

void pcd_updater_config_default(struct pcd_updater_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->attempts = 3u;
    cfg->timeout_us = 60u * 1000u * 1000u;
    cfg->poll_us = 1000u * 1000u; /* NCS: k_busy_wait(1 s) between polls (facts §1.5) */
    cfg->slot_mem = PCD_MEM_APP_FLASH;
    cfg->slot_off = PCD_NCS_SECONDARY_OFF; /* shared/fixtures internal layout: mcuboot_secondary */
    cfg->slot_size = PCD_NCS_SECONDARY_SIZE;
    cfg->stage_off = 0u;
    cfg->net_flash_addr = PCD_NCS_NET_FLASH_ADDR;
    cfg->net_app_addr = PCD_NCS_NET_APP_ADDR;
    cfg->net_app_size = PCD_NCS_NET_APP_SIZE;
    cfg->b0n_container_addr = PCD_NCS_B0N_CONTAINER_ADDR;
    cfg->b0n_container_size = PCD_NCS_B0N_CONTAINER_SIZE;
    cfg->pcd_sram_addr = PCD_NCS_PCD_SRAM_ADDR;
    cfg->pcd_sram_size = PCD_NCS_PCD_SRAM_SIZE;
    cfg->lock_pcd_ram = true;
    cfg->image_index = 1u;
    cfg->primary_mem = PCD_MEM_APP_FLASH;
    cfg->primary_off = 0xC000u; /* shared/fixtures layouts: mcuboot_primary */
}

static int check_staging(const struct pcd_updater_config *cfg, const struct pcd_port *port)
{
    struct pcd_mem_info ram;
    int rc = pcd_mem_info(port, PCD_MEM_RAM_FLASH, &ram);
    if (rc != 0) {
        return rc == PCD_E_UNSUPPORTED ? PCD_E_INVAL : rc;
    }
    const uint32_t need = round_up(cfg->net_app_size, ram.page_size);
    if (ram.cpu_addr == PCD_NO_CPU_ADDR || ram.page_size == 0u || cfg->stage_off % ram.page_size != 0u ||
        !range_inside(cfg->stage_off, need, 0u, ram.size) || ram.cpu_addr > UINT32_MAX - ram.size ||
        range_overlap(ram.cpu_addr + cfg->stage_off, need, cfg->pcd_sram_addr, cfg->pcd_sram_size)) {
        return PCD_E_INVAL;
    }
    return 0;
}

int pcd_updater_config_check(const struct pcd_updater_config *cfg, const struct pcd_port *port)
{
    struct pcd_mem_info mi;
    if (cfg == NULL || port == NULL) {
        return PCD_E_INVAL;
    }
    if (cfg->attempts == 0u || cfg->attempts > PCD_UPDATER_MAX_ATTEMPTS || cfg->poll_us == 0u ||
        cfg->poll_us > cfg->timeout_us || cfg->timeout_us > PCD_UPDATER_MAX_TIMEOUT_US ||
        (cfg->keys == NULL && cfg->key_count != 0u)) {
        return PCD_E_INVAL;
    }
    if (cfg->slot_mem != PCD_MEM_APP_FLASH && cfg->slot_mem != PCD_MEM_QSPI && cfg->slot_mem != PCD_MEM_NAND) {
        return PCD_E_INVAL; /* the secondary slot must survive a power loss */
    }
    int rc = pcd_mem_info(port, cfg->slot_mem, &mi);
    if (rc != 0) {
        return rc == PCD_E_UNSUPPORTED ? PCD_E_INVAL : rc;
    }
    if (cfg->slot_size < PCD_SLOT_RESERVED + 32u || cfg->slot_size % 8u != 0u ||
        !range_inside(cfg->slot_off, cfg->slot_size, 0u, mi.size)) {
        return PCD_E_INVAL;
    }
    if (cfg->net_app_size == 0u || cfg->net_app_addr < cfg->net_flash_addr ||
        cfg->net_app_addr % 4u != 0u || cfg->net_app_addr > UINT32_MAX - cfg->net_app_size ||
        range_overlap(cfg->net_app_addr, cfg->net_app_size, cfg->b0n_container_addr, cfg->b0n_container_size)) {
        return PCD_E_INVAL;
    }
    if (cfg->pcd_sram_size == 0u || cfg->pcd_sram_size % PCD_CMD_SRAM_SIZE != 0u ||
        cfg->pcd_sram_addr % PCD_CMD_SRAM_SIZE != 0u || cfg->pcd_sram_addr > UINT32_MAX - cfg->pcd_sram_size) {
        return PCD_E_INVAL;
    }
    return (cfg->slot_mem == PCD_MEM_QSPI || cfg->slot_mem == PCD_MEM_NAND || cfg->stage_image)
               ? check_staging(cfg, port)
               : 0;
}

/* ---- candidate ------------------------------------------------------------------------------------ */

/* Header magic at the slot start and a pending request in the trailer. Fills res->slot. */
static int find_candidate(const struct upd_ctx *x, bool *pending)
{
    const struct pcd_updater_config *cfg = x->cfg;
    uint8_t m[4];
    *pending = false;
    int rc = pcd_flash_read(x->port, cfg->slot_mem, cfg->slot_off, m, sizeof(m));
    if (rc != 0) {
        return rc;
    }
    const uint32_t magic = (uint32_t)m[0] | ((uint32_t)m[1] << 8) | ((uint32_t)m[2] << 16) | ((uint32_t)m[3] << 24);
    x->res->candidate = magic == PCD_IMAGE_MAGIC;
    rc = pcd_slot_state_read(x->port, cfg->slot_mem, cfg->slot_off, cfg->slot_size, &x->res->slot);
    if (rc != 0) {
        return rc;
    }
    pcd_log(x->port, PCD_LOG_INF, "Image index: %lu, Swap type: %s", (unsigned long)cfg->image_index,
            pcd_swap_type_name(x->res->candidate ? x->res->slot.swap : PCD_SWAP_NONE));
    *pending = x->res->candidate && (x->res->slot.swap == PCD_SWAP_TEST || x->res->slot.swap == PCD_SWAP_PERM);
    return 0;
}

/* APP-VALIDATE + APP-ROUTE + APP-SIZE. The image must end before the trailer and the record. */
static int validate_candidate(const struct upd_ctx *x, struct pcd_image_result *ir)
{
    const struct pcd_updater_config *cfg = x->cfg;
    const struct pcd_image_config ic = {cfg->keys, cfg->key_count, cfg->net_app_addr, cfg->net_app_size};
    memset(ir, 0, sizeof(*ir));
    int rc = pcd_image_validate(x->port, cfg->slot_mem, cfg->slot_off, cfg->slot_size - PCD_SLOT_RESERVED, &ic, ir);
    x->res->targets_net = ir->reset_vector_valid &&
                          pcd_image_targets_net(ir->reset_vector, cfg->net_app_addr, cfg->net_app_addr + cfg->net_app_size);
    if (ir->hdr_valid) {
        x->res->hdr_size = ir->hdr.hdr_size;
        x->res->img_size = ir->hdr.img_size;
        x->res->version = ir->hdr.ver;
    }
    if (rc == 0 && x->res->targets_net && ir->hdr.img_size > cfg->net_app_size) {
        rc = PCD_E_IMG_TOO_LARGE; /* APP-SIZE, whatever the validator did */
    }
    return rc;
}

/* ---- APP-STAGE and APP-HASH ---------------------------------------------------------------------- */

/* Copy [from, from + len) of the slot into the RAM flash simulator at stage_off + from with flash
 * reads (never through the slot's flash offset as an address: H1), hashing the body bytes read
 * from the slot. QSPI (single pair): the body only; stage_image (multi-image): the whole image. */
static int stage_copy(const struct upd_ctx *x, const struct pcd_mem_info *ram, struct upd_buf *buf,
                      uint8_t slot_sha[PCD_SHA256_LEN])
{
    const struct pcd_updater_config *cfg = x->cfg;
    const uint32_t b0 = x->res->hdr_size, b1 = b0 + x->res->img_size;
    const uint32_t from = cfg->stage_image ? 0u : b0, to = cfg->stage_image ? x->res->image_end : b1;
    const uint32_t at = cfg->stage_off - (cfg->stage_image ? 0u : b0); /* window offset of image byte 0 */
    struct pcd_sha256 h;
    int rc = pcd_flash_erase(x->port, PCD_MEM_RAM_FLASH, cfg->stage_off, round_up(to - from, ram->page_size));
    if (rc != 0) {
        return rc;
    }
    rc = pcd_sha256_init(&h);
    if (rc != 0) {
        return rc;
    }
    for (uint32_t done = from; done < to && rc == 0;) {
        const uint32_t n = to - done < UPD_BUF_SIZE ? to - done : UPD_BUF_SIZE;
        const uint32_t padded = round_up(n, ram->write_size ? ram->write_size : 1u);
        rc = pcd_flash_read(x->port, cfg->slot_mem, cfg->slot_off + done, buf->u.bytes, n);
        if (rc == 0 && done + n > b0 && done < b1) { /* the part of this chunk inside the body */
            const uint32_t lo = done < b0 ? b0 - done : 0u, hi = done + n > b1 ? b1 - done : n;
            rc = pcd_sha256_update(&h, buf->u.bytes + lo, hi - lo);
        }
        if (rc == 0) {
            memset(buf->u.bytes + n, 0xFF, padded - n);
            rc = pcd_flash_program(x->port, PCD_MEM_RAM_FLASH, at + done, buf->u.bytes, padded);
        }
        done += n;
    }
    if (rc != 0) {
        pcd_sha256_drop(&h);
        return rc;
    }
    return pcd_sha256_final(&h, slot_sha);
}

/* The PCD src for this attempt and the SHA-256 of the bytes B0N will read there. */
static int prepare_source(const struct upd_ctx *x, struct upd_buf *buf, uint32_t *src, uint8_t sha[PCD_SHA256_LEN])
{
    const struct pcd_updater_config *cfg = x->cfg;
    struct pcd_mem_info mi;
    uint8_t slot_sha[PCD_SHA256_LEN];
    int rc;
    /* APP-STAGE, NAND-STAGE: the network core reads neither QSPI nor NAND */
    const bool staging = cfg->slot_mem == PCD_MEM_QSPI || cfg->slot_mem == PCD_MEM_NAND || cfg->stage_image;
    if (staging) {
        rc = pcd_mem_info(x->port, PCD_MEM_RAM_FLASH, &mi);
        if (rc == 0) {
            rc = stage_copy(x, &mi, buf, slot_sha);
        }
        if (rc != 0) {
            return rc;
        }
        x->res->staged = true;
        *src = mi.cpu_addr + cfg->stage_off + (cfg->stage_image ? x->res->hdr_size : 0u);
        pcd_trace(x->port, PCD_TRACE_APP_STAGED, *src);
    } else {
        rc = pcd_mem_info(x->port, cfg->slot_mem, &mi);
        if (rc != 0) {
            return rc;
        }
        if (mi.cpu_addr == PCD_NO_CPU_ADDR || mi.cpu_addr > UINT32_MAX - cfg->slot_off - x->res->hdr_size) {
            return PCD_E_INVAL;
        }
        *src = mi.cpu_addr + cfg->slot_off + x->res->hdr_size;
    }
    /* APP-HASH: read back over the bus, exactly the bytes B0N will read at src. */
    rc = pcd_hash_range(x->port, PCD_HASH_BUS, *src, x->res->img_size, buf->u.bytes, UPD_BUF_SIZE, 0, sha, NULL);
    if (rc != 0) {
        return rc;
    }
    if (staging && memcmp(sha, slot_sha, PCD_SHA256_LEN) != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "Staged copy of the network core image differs from the slot");
        return PCD_E_STAGE;
    }
    x->res->src = *src;
    memcpy(x->res->sha256, sha, PCD_SHA256_LEN);
    return 0;
}

/* ---- one attempt ----------------------------------------------------------------------------------- */

/* Poll every poll_us (the last period cut to the exact timeout) until DONE / FAIL or the
 * timeout (APP-TIMEOUT). Any other magic (COPY still there, garbage) means "not yet". One
 * budget per attempt, 64-bit µs: a value seen mid-wait neither restarts it nor adds a poll
 * period to it, so the attempt waits at most timeout_us in total, exactly. */
static int wait_answer(const struct upd_ctx *x, struct pcd_update_attempt *a)
{
    const struct pcd_updater_config *cfg = x->cfg;
    uint32_t seen = PCD_CMD_MAGIC_COPY;
    uint64_t left = cfg->timeout_us;
    while (left > 0u) {
        uint32_t magic;
        uint64_t w = 0;
        /* APP-TIMEOUT: poll every poll_us, never longer than the time left */
        int rc = pcd_poll_word(x->port, cfg->pcd_sram_addr + PCD_CMD_OFF_MAGIC, seen, cfg->poll_us, left, &magic, &w);
        left -= w < left ? w : left; /* a port never reports more than it was given (port.h) */
        a->waited_us = cfg->timeout_us - left;
        if (rc == PCD_E_TIMEOUT) {
            break;
        }
        if (rc != 0) {
            return rc;
        }
        if (magic == PCD_CMD_MAGIC_DONE || magic == PCD_CMD_MAGIC_FAIL) {
            struct pcd_cmd ans;
            rc = pcd_cmd_load(x->port, cfg->pcd_sram_addr, &ans);
            if (rc != 0) {
                return rc;
            }
            a->b0n_flags = ans.flags;
            return magic == PCD_CMD_MAGIC_DONE ? 0 : pcd_cmd_err_of(ans.reason);
        }
        seen = magic; /* some other value: keep waiting for an answer */
    }
    return PCD_E_NET_SILENT;
}

/* APP-FORCEOFF around one PCD round trip. Returns the attempt's result, or PCD_E_HALTED. */
static int run_attempt(const struct upd_ctx *x, struct upd_buf *buf, struct pcd_update_attempt *a)
{
    const struct pcd_updater_config *cfg = x->cfg;
    struct pcd_cmd cmd;
    uint8_t sha[PCD_SHA256_LEN];
    uint32_t src = 0;
    int rc = prepare_source(x, buf, &src, sha);
    if (rc != 0) {
        return rc;
    }
    pcd_cmd_make_copy(&cmd, src, x->res->img_size, cfg->net_app_addr - cfg->net_flash_addr, sha);
    rc = pcd_netcore_force_off(x->port, true);
    if (rc == 0) {
        rc = pcd_cmd_store_request(x->port, cfg->pcd_sram_addr, &cmd);
    }
    if (rc == 0) {
        rc = pcd_netcore_force_off(x->port, false);
    }
    if (rc != 0) {
        return rc;
    }
    int answer = wait_answer(x, a);
    if (answer == PCD_E_HALTED) {
        return answer;
    }
    /* Hold again whatever the outcome: B0N stops after answering, a silent one is stopped here. */
    rc = pcd_netcore_force_off(x->port, true);
    if (rc != 0) {
        return rc;
    }
    return answer;
}

static void log_attempt(const struct upd_ctx *x, uint32_t k, const struct pcd_update_attempt *a)
{
    const uint32_t n = x->cfg->attempts;
    if (a->rc == PCD_E_NET_SILENT) {
        pcd_log(x->port, PCD_LOG_ERR, "Network core update attempt %lu of %lu: timeout, no answer in %lu s",
                (unsigned long)k, (unsigned long)n, (unsigned long)(a->waited_us / 1000000u));
    } else if (a->rc != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "Network core update attempt %lu of %lu failed: %s", (unsigned long)k,
                (unsigned long)n, pcd_strerror(a->rc));
    }
}

/* APP-RETRY: up to cfg->attempts round trips; the counter lives only here (RAM). */
static int run_attempts(const struct upd_ctx *x)
{
    struct upd_buf buf;
    struct pcd_updater_result *res = x->res;
    bool modified = false, boots = false; /* boots: as the last answer that modified the partition said */
    pcd_log(x->port, PCD_LOG_INF, "Starting network core update: %lu bytes", (unsigned long)res->img_size);
    for (uint32_t k = 0; k < x->cfg->attempts; k++) {
        struct pcd_update_attempt *a = &res->attempt[k];
        memset(a, 0, sizeof(*a));
        a->rc = run_attempt(x, &buf, a);
        if (a->rc == PCD_E_HALTED) {
            return a->rc;
        }
        pcd_trace(x->port, PCD_TRACE_APP_OUTCOME, pcd_cmd_reason_of(a->rc));
        res->attempts = k + 1u;
        if ((a->b0n_flags & PCD_CMD_B0N_DST_MODIFIED) != 0u) {
            modified = true;
            boots = (a->b0n_flags & PCD_CMD_B0N_DST_BOOTS) != 0u;
        }
        if (a->rc == 0) {
            return 0;
        }
        res->timeouts += a->rc == PCD_E_NET_SILENT ? 1u : 0u;
        log_attempt(x, k + 1u, a);
    }
    /* "no valid image" only as B0N judges it at its next start (B0N-BOOT-VALID), never by
     * "modified" alone: a report must not contradict what the network core then does. */
    res->net_no_valid_image = modified && !boots;
    if (modified && boots) {
        pcd_log(x->port, PCD_LOG_WRN, "Network core image changed by the failed update still passes its boot check");
    }
    return res->attempt[res->attempts - 1u].rc;
}

/* ---- MI-DEPENDENCY ------------------------------------------------------------------------------------ */

/* The network core's running version over PCD READ_VERSION (B0N validates the application as for
 * a boot and answers its fw_info.version): 0, or the reason it is unknown (net_version.h). */
static int read_net_version(const struct upd_ctx *x, uint32_t *version)
{
    const int rc = pcd_netcore_force_off(x->port, true);
    return rc != 0 ? rc : pcd_net_read_version(x->port, x->cfg, version);
}

/* The running application's version: the MCUboot header at the start of the primary slot. */
static int running_app_version(const struct upd_ctx *x, struct pcd_image_version *v)
{
    uint8_t raw[PCD_IMAGE_HEADER_SIZE];
    struct pcd_image_header h;
    int rc = pcd_flash_read(x->port, x->cfg->primary_mem, x->cfg->primary_off, raw, sizeof(raw));
    if (rc == 0) {
        rc = pcd_image_header_decode(raw, &h);
    }
    if (rc == 0) {
        *v = h.ver;
    }
    return rc;
}

/* One dependency against what runs; logs why it is not met. @p net_rc / @p net_ver cache the
 * READ_VERSION answer (net_rc 1: not asked yet). Returns 0 met, PCD_E_IMG_DEPENDENCY, or
 * PCD_E_HALTED. */
static int check_dependency(const struct upd_ctx *x, const struct pcd_image_dep *d, int *net_rc, uint32_t *net_ver)
{
    const unsigned long id = d->image_id, maj = d->version.major, min = d->version.minor, rev = d->version.revision;
    if (d->image_id == PCD_IMAGE_ID_APP) {
        struct pcd_image_version v;
        const int rc = running_app_version(x, &v);
        if (rc == PCD_E_HALTED || (rc == 0 && pcd_image_dep_met_by(d, v.major, v.minor, v.revision))) {
            return rc;
        }
        if (rc == 0) {
            pcd_log(x->port, PCD_LOG_ERR, "Dependency not met (MI-DEPENDENCY): needs image 0 >= %lu.%lu.%lu, the "
                    "application runs %lu.%lu.%lu", maj, min, rev, (unsigned long)v.major, (unsigned long)v.minor,
                    (unsigned long)v.revision);
        } else {
            pcd_log(x->port, PCD_LOG_ERR, "Dependency not met (MI-DEPENDENCY): needs image 0 >= %lu.%lu.%lu, no "
                    "application version in the primary slot (%s)", maj, min, rev, pcd_strerror(rc));
        }
        return PCD_E_IMG_DEPENDENCY;
    }
    if (d->image_id != PCD_IMAGE_ID_NET) {
        pcd_log(x->port, PCD_LOG_ERR, "Dependency not met (MI-DEPENDENCY): needs image %lu >= %lu.%lu.%lu, an image "
                "this update path does not know", id, maj, min, rev);
        return PCD_E_IMG_DEPENDENCY;
    }
    if (*net_rc == 1) {
        *net_rc = read_net_version(x, net_ver);
    }
    if (*net_rc == PCD_E_HALTED) {
        return *net_rc;
    }
    if (*net_rc == 0 && !pcd_image_dep_met_by(d, *net_ver, 0u, 0u)) {
        pcd_log(x->port, PCD_LOG_ERR, "Dependency not met (MI-DEPENDENCY): needs image %lu >= %lu.%lu.%lu, the "
                "network core runs fw_info version %lu (as %lu.0.0)", id, maj, min, rev, (unsigned long)*net_ver,
                (unsigned long)*net_ver);
        return PCD_E_IMG_DEPENDENCY;
    }
    if (*net_rc != 0 && *net_rc != PCD_E_NO_VALID_IMAGE) {
        pcd_log(x->port, PCD_LOG_ERR, "Dependency not met (MI-DEPENDENCY): needs image %lu >= %lu.%lu.%lu, the "
                "network core's version cannot be read (%s)", id, maj, min, rev, pcd_strerror(*net_rc));
        return PCD_E_IMG_DEPENDENCY;
    }
    /* The update is this image: installed, it must meet its own dependency too, or a power cut
     * after its copy would find it unmet by what then runs (MCUboot compares a dependency on an
     * image in the batch with that candidate). */
    const struct pcd_image_version *own = &x->res->version;
    if (!pcd_image_dep_met_by(d, own->major, own->minor, own->revision)) {
        pcd_log(x->port, PCD_LOG_ERR, "Dependency not met (MI-DEPENDENCY): needs image %lu >= %lu.%lu.%lu, the "
                "update itself is %lu.%lu.%lu", id, maj, min, rev, (unsigned long)own->major,
                (unsigned long)own->minor, (unsigned long)own->revision);
        return PCD_E_IMG_DEPENDENCY;
    }
    if (*net_rc == PCD_E_NO_VALID_IMAGE) {
        /* Nothing runs that the update must be compatible with, and refusing would leave the
         * network core without an image for good (a copy cut by a power loss ends here). */
        pcd_log(x->port, PCD_LOG_WRN, "Network core runs no valid application: its dependency on image %lu is "
                "taken as met (MI-DEPENDENCY)", id);
    }
    return 0;
}

/* MI-DEPENDENCY for a single network-core update: every DEPENDENCY TLV met by what runs now. */
static int check_dependencies(const struct upd_ctx *x, const struct pcd_image_result *ir)
{
    int net_rc = 1;
    uint32_t net_ver = 0;
    for (uint32_t i = 0; i < ir->dep_count; i++) {
        const int rc = check_dependency(x, &ir->deps[i], &net_rc, &net_ver);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

/* ---- outcomes --------------------------------------------------------------------------------------- */

/* Record the outcome in the slot; a failure to record is reported, not fatal to the outcome. */
static int record(const struct upd_ctx *x, bool done, int reason)
{
    const struct pcd_updater_config *cfg = x->cfg;
    pcd_trace(x->port, PCD_TRACE_APP_MARK_STARTED, done ? 1u : 0u);
    int rc = done ? pcd_slot_mark_done(x->port, cfg->slot_mem, cfg->slot_off, cfg->slot_size)
                  : pcd_slot_mark_nack(x->port, cfg->slot_mem, cfg->slot_off, cfg->slot_size, reason);
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    if (rc == 0) {
        pcd_trace(x->port, PCD_TRACE_APP_MARK_DONE, done ? 1u : 0u);
    }
    x->res->mark_rc = rc;
    x->res->marked = rc == 0;
    if (rc != 0) {
        pcd_log(x->port, PCD_LOG_ERR, "Cannot record the network core update as %s: %s", done ? "done" : "rejected",
                pcd_strerror(rc));
    }
    return 0;
}

static int finish_copy(const struct upd_ctx *x, int rc)
{
    struct pcd_updater_result *res = x->res;
    if (rc == 0) {
        res->outcome = PCD_UPD_DONE;
        pcd_log(x->port, PCD_LOG_INF, "Network core update done");
        return record(x, true, 0);
    }
    /* The last answer may be no answer: take the command back before anyone releases the net core. */
    int wrc = pcd_cmd_withdraw(x->port, x->cfg->pcd_sram_addr);
    if (wrc == PCD_E_HALTED) {
        return wrc;
    }
    res->outcome = PCD_UPD_EXHAUSTED;
    res->reason = rc;
    pcd_log(x->port, PCD_LOG_ERR, "Network core update failed: attempts exhausted (%lu), last error %s",
            (unsigned long)res->attempts, pcd_strerror(rc));
    if (res->net_no_valid_image) {
        pcd_log(x->port, PCD_LOG_ERR, "Network core has no valid image");
    }
    return record(x, false, rc);
}

static int reject(const struct upd_ctx *x, int verdict)
{
    x->res->outcome = PCD_UPD_REJECTED;
    x->res->reason = verdict;
    pcd_log(x->port, PCD_LOG_ERR, "Network core update rejected: %s (%s)", pcd_strerror(verdict),
            pcd_describe(verdict));
    return record(x, false, verdict);
}

/* Everything after the candidate was found: decide, copy, record. */
static int process_candidate(const struct upd_ctx *x)
{
    struct pcd_updater_result *res = x->res;
    struct pcd_image_result ir;
    if (res->slot.mark == PCD_SLOT_DONE) {
        res->outcome = PCD_UPD_ALREADY_DONE;
        pcd_log(x->port, PCD_LOG_INF, "Network core update already done");
        return 0;
    }
    if (res->slot.mark == PCD_SLOT_NACK) {
        res->outcome = PCD_UPD_ALREADY_REJECTED;
        res->reason = res->slot.nack_reason;
        pcd_log(x->port, PCD_LOG_WRN, "Network core update was rejected earlier (%s)",
                res->slot.torn ? "reason unreadable" : pcd_strerror(res->slot.nack_reason));
        return 0;
    }
    int rc = validate_candidate(x, &ir);
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    if ((ir.reset_vector_valid || rc == 0) && !res->targets_net) {
        /* APP-ROUTE: not ours (an app-core image, or one without a readable reset vector). */
        res->outcome = PCD_UPD_NOT_NET_IMAGE;
        res->reason = PCD_E_NOT_NET_IMAGE;
        pcd_log(x->port, PCD_LOG_INF, "Image in the secondary slot targets the application core");
        return 0;
    }
    if (rc != 0 && !is_image_verdict(rc)) {
        res->outcome = PCD_UPD_ERROR;
        res->reason = rc;
        pcd_log(x->port, PCD_LOG_ERR, "Cannot validate the secondary slot: %s", pcd_strerror(rc));
        return rc;
    }
    if (rc == 0) {
        rc = check_dependencies(x, &ir); /* before anything changes */
        if (rc == PCD_E_HALTED) {
            return rc;
        }
    }
    if (rc != 0) {
        return reject(x, rc);
    }
    pcd_trace(x->port, PCD_TRACE_APP_VALIDATED, res->img_size);
    rc = run_attempts(x);
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    return finish_copy(x, rc);
}

/* APP-LOCK: the PCD RAM becomes read-only before the application runs (H12). */
static int lock_pcd_ram(const struct upd_ctx *x)
{
    if (!x->cfg->lock_pcd_ram) {
        return 0;
    }
    int rc = pcd_spu_lock_ram(x->port, x->cfg->pcd_sram_addr, x->cfg->pcd_sram_size);
    x->res->locked = rc == 0;
    if (rc != 0 && rc != PCD_E_HALTED) {
        pcd_log(x->port, PCD_LOG_ERR, "Cannot lock the PCD RAM region: %s", pcd_strerror(rc));
    }
    return rc;
}

/* Hold the net core and take back a command a previous boot left in the block. */
static int quiesce_net_core(const struct upd_ctx *x)
{
    uint32_t magic;
    int rc = pcd_netcore_force_off(x->port, true);
    if (rc == 0) {
        rc = pcd_cmd_load_magic(x->port, x->cfg->pcd_sram_addr, &magic);
    }
    if (rc != 0) {
        return rc;
    }
    const enum pcd_cmd_kind k = pcd_cmd_kind_of(magic);
    if (k == PCD_CMD_COPY || k == PCD_CMD_READ_VERSION || k == PCD_CMD_LOCK_DEBUG || k == PCD_CMD_BACKUP) {
        return pcd_cmd_withdraw(x->port, x->cfg->pcd_sram_addr);
    }
    return 0;
}

int pcd_updater_run(const struct pcd_updater_config *cfg, const struct pcd_port *port,
                    struct pcd_updater_result *res)
{
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->outcome = PCD_UPD_ERROR;
    int rc = pcd_updater_config_check(cfg, port);
    if (rc != 0) {
        res->reason = rc;
        if (rc != PCD_E_HALTED) {
            /* SYS-REPORT: a refused configuration is an outcome to act on, never silent */
            pcd_log(port, PCD_LOG_ERR, "Network core update: configuration refused (%s)", pcd_strerror(rc));
        }
        return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
    }
    const struct upd_ctx x = {cfg, port, res};
    bool pending = false;
    rc = quiesce_net_core(&x);
    if (rc == 0) {
        rc = find_candidate(&x, &pending);
    }
    if (rc == 0) {
        if (pending) {
            rc = process_candidate(&x);
        } else {
            res->outcome = PCD_UPD_NO_CANDIDATE;
        }
    } else if (rc != PCD_E_HALTED) {
        res->reason = rc;
        pcd_log(port, PCD_LOG_ERR, "Network core update: cannot read the secondary slot: %s", pcd_strerror(rc));
    }
    if (rc == PCD_E_HALTED) {
        res->outcome = PCD_UPD_HALTED;
        return rc;
    }
    const int lrc = lock_pcd_ram(&x);
    if (lrc == PCD_E_HALTED) {
        res->outcome = PCD_UPD_HALTED;
        return lrc;
    }
    return rc != 0 ? rc : lrc;
}

const char *pcd_update_outcome_text(enum pcd_update_outcome outcome)
{
    switch (outcome) {
    case PCD_UPD_NO_CANDIDATE:
        return "no network core update pending";
    case PCD_UPD_NOT_NET_IMAGE:
        return "candidate targets the application core";
    case PCD_UPD_ALREADY_DONE:
        return "network core update already done";
    case PCD_UPD_ALREADY_REJECTED:
        return "network core update rejected earlier";
    case PCD_UPD_DONE:
        return "network core update done";
    case PCD_UPD_REJECTED:
        return "update rejected";
    case PCD_UPD_EXHAUSTED:
        return "attempts exhausted";
    case PCD_UPD_HALTED:
        return "power lost during the update";
    case PCD_UPD_ERROR:
    default:
        return "network core update error";
    }
}

int pcd_updater_apply(const struct pcd_updater_config *cfg, const struct pcd_port *port,
                      const struct pcd_image_result *ir, struct pcd_updater_result *res)
{
    if (res == NULL || ir == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->outcome = PCD_UPD_ERROR;
    int rc = pcd_updater_config_check(cfg, port);
    if (rc == 0 && (ir->verdict != 0 || !ir->hdr_valid || !ir->layout_valid)) {
        rc = PCD_E_INVAL;
    }
    if (rc == 0) {
        rc = pcd_slot_state_read(port, cfg->slot_mem, cfg->slot_off, cfg->slot_size, &res->slot);
    }
    if (rc != 0) {
        res->reason = rc;
        return rc;
    }
    const struct upd_ctx x = {cfg, port, res};
    res->candidate = true;
    res->targets_net = true;
    res->hdr_size = ir->hdr.hdr_size;
    res->img_size = ir->hdr.img_size;
    res->version = ir->hdr.ver;
    res->image_end = ir->layout.end;
    rc = run_attempts(&x);
    if (rc == PCD_E_HALTED) {
        res->outcome = PCD_UPD_HALTED;
        return rc;
    }
    rc = finish_copy(&x, rc);
    if (rc == PCD_E_HALTED) {
        res->outcome = PCD_UPD_HALTED;
    }
    return rc;
}
