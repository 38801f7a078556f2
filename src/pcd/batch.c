/* Simultaneous multi-image update (a batch of image 0 = application, image 1 = network core).
 * Steps and requirements: pcd/batch.h; bytes, versions and the power-cut argument: docs/SPEC.md
 * "Batch (multi-image) update". */
#include "pcd/batch.h"
#include "pcd/cmd.h"
#include "pcd/fwinfo.h"
#include "hash.h"
#include "net_version.h"
#include "range.h"

#include <string.h>

#define BATCH_BUF_SIZE 1024u

struct batch_ctx {
    const struct pcd_batch_config *cfg;
    struct pcd_updater_config net; /* cfg->net with stage_image on */
    const struct pcd_port *port;
    struct pcd_batch_result *res;
    struct pcd_image_result ir[PCD_BATCH_IMAGES];
    int verdict[PCD_BATCH_IMAGES];
    struct pcd_rb_env rb;     /* rollback environment (cfg->rb.on) */
    bool rb_test;             /* this batch is a test batch: image 0 swapped, net backed up (pcd/rollback.h) */
    bool rb_record;           /* a valid rollback record exists (its backup is made) */
    uint32_t rb_swap_size;    /* bytes of image 0's test swap */
    union {
        uint32_t words[BATCH_BUF_SIZE / 4u];
        uint8_t bytes[BATCH_BUF_SIZE];
    } buf;
};

/* A slot of image @p i: memory, offset, size. */
struct batch_slot {
    enum pcd_mem mem;
    uint32_t off;
    uint32_t size;
};

static struct batch_slot slot_of(const struct batch_ctx *x, uint32_t i)
{
    struct batch_slot s = {x->cfg->app_slot_mem, x->cfg->app_slot_off, x->cfg->app_slot_size};
    if (i == 1u) {
        s.mem = x->net.slot_mem;
        s.off = x->net.slot_off;
        s.size = x->net.slot_size;
    }
    return s;
}

static uint32_t round_up(uint32_t v, uint32_t unit)
{
    return (v + unit - 1u) / unit * unit;
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* An image verdict (the candidate's fault) as opposed to a port or backend failure. PCD_E_ECC: a
 * page of the stored candidate the NAND's ECC cannot correct (NAND-ECC: the candidate is invalid). */
static bool is_verdict(int rc)
{
    return (rc <= PCD_E_IMG_MAGIC && rc >= -39) || (rc <= PCD_E_FWINFO_MISSING && rc >= -49) ||
           rc == PCD_E_UNSUPPORTED || rc == PCD_E_RAMSIM || rc == PCD_E_BATCH_PARTNER || rc == PCD_E_NET_SILENT ||
           (rc <= PCD_E_CMD_NONE && rc >= -69) || rc == PCD_E_ECC;
}

/* ---- configuration ---------------------------------------------------------------------------------- */

void pcd_batch_config_default(struct pcd_batch_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    pcd_updater_config_default(&cfg->net);
    cfg->net.stage_image = true;
    cfg->ramsim_size = 0x40000u; /* flash_sim_pm.overlay: 256 KiB (facts §4.6) */
    cfg->app_slot_mem = PCD_MEM_APP_FLASH;
    cfg->app_slot_off = 0x80000u;
    cfg->app_slot_size = 0x74000u;
    cfg->app_primary_off = 0xC000u;
    cfg->app_primary_size = 0x74000u;
    cfg->rb.backup_mem = PCD_MEM_APP_FLASH;
    cfg->rb.chunk = PCD_RB_CHUNK_DEFAULT;
}

static int check_app_slots(const struct pcd_batch_config *cfg, const struct pcd_port *port)
{
    struct pcd_mem_info mi, fl;
    /* SPI NAND through a pcd_nand_port (pcd/nand_area.h) too, but not for a test batch: the rollback
     * swap moves the slot sector by sector in place, which a NAND area would turn into block copies */
    const bool nand = cfg->app_slot_mem == PCD_MEM_NAND || cfg->net.slot_mem == PCD_MEM_NAND;
    if ((cfg->app_slot_mem != PCD_MEM_APP_FLASH && cfg->app_slot_mem != PCD_MEM_QSPI &&
         cfg->app_slot_mem != PCD_MEM_NAND) || (nand && cfg->rb.on)) {
        return PCD_E_INVAL;
    }
    int rc = pcd_mem_info(port, cfg->app_slot_mem, &mi);
    if (rc == 0) {
        rc = pcd_mem_info(port, PCD_MEM_APP_FLASH, &fl);
    }
    if (rc != 0) {
        return rc == PCD_E_UNSUPPORTED ? PCD_E_INVAL : rc;
    }
    if (cfg->app_slot_size < PCD_SLOT_RESERVED + 32u || cfg->app_slot_size % 8u != 0u ||
        !range_inside(cfg->app_slot_off, cfg->app_slot_size, 0u, mi.size) || fl.page_size == 0u ||
        cfg->app_primary_size < PCD_SLOT_RESERVED + 32u || cfg->app_primary_off % fl.page_size != 0u ||
        cfg->app_primary_size % fl.page_size != 0u ||
        !range_inside(cfg->app_primary_off, cfg->app_primary_size, 0u, fl.size)) {
        return PCD_E_INVAL;
    }
    const bool s0 = cfg->app_slot_mem == PCD_MEM_APP_FLASH, s1 = cfg->net.slot_mem == PCD_MEM_APP_FLASH;
    if ((s0 && range_overlap(cfg->app_slot_off, cfg->app_slot_size, cfg->app_primary_off, cfg->app_primary_size)) ||
        (s1 && range_overlap(cfg->net.slot_off, cfg->net.slot_size, cfg->app_primary_off, cfg->app_primary_size)) ||
        (cfg->app_slot_mem == cfg->net.slot_mem &&
         range_overlap(cfg->app_slot_off, cfg->app_slot_size, cfg->net.slot_off, cfg->net.slot_size))) {
        return PCD_E_INVAL;
    }
    return 0;
}

/* The backup partition: app flash or QSPI, inside it, clear of the image slots; chunk a positive multiple of 4. */
static int check_rb(const struct pcd_batch_config *cfg, const struct pcd_port *port)
{
    const struct pcd_rb_config *rb = &cfg->rb;
    struct pcd_mem_info mi;
    if ((rb->backup_mem != PCD_MEM_APP_FLASH && rb->backup_mem != PCD_MEM_QSPI) || rb->chunk == 0u ||
        rb->chunk % 4u != 0u) {
        return PCD_E_INVAL;
    }
    if (rb->backup_size == 0u) {
        return 0; /* no partition: every test batch is refused with PCD_E_RB_NO_SPACE */
    }
    int rc = pcd_mem_info(port, rb->backup_mem, &mi);
    if (rc != 0) {
        return rc == PCD_E_UNSUPPORTED ? PCD_E_INVAL : rc;
    }
    const bool app = rb->backup_mem == PCD_MEM_APP_FLASH;
    if (!range_inside(rb->backup_off, rb->backup_size, 0u, mi.size) ||
        (app && range_overlap(rb->backup_off, rb->backup_size, cfg->app_primary_off, cfg->app_primary_size)) ||
        (rb->backup_mem == cfg->app_slot_mem &&
         range_overlap(rb->backup_off, rb->backup_size, cfg->app_slot_off, cfg->app_slot_size)) ||
        (rb->backup_mem == cfg->net.slot_mem &&
         range_overlap(rb->backup_off, rb->backup_size, cfg->net.slot_off, cfg->net.slot_size))) {
        return PCD_E_INVAL;
    }
    return 0;
}

int pcd_batch_config_check(const struct pcd_batch_config *cfg, const struct pcd_port *port)
{
    struct pcd_mem_info ram;
    if (cfg == NULL || port == NULL || (cfg->app_keys == NULL && cfg->app_key_count != 0u)) {
        return PCD_E_INVAL;
    }
    struct pcd_updater_config net = cfg->net;
    net.stage_image = true;
    int rc = pcd_updater_config_check(&net, port);
    if (rc == 0) {
        rc = pcd_mem_info(port, PCD_MEM_RAM_FLASH, &ram);
        rc = rc == PCD_E_UNSUPPORTED ? PCD_E_INVAL : rc;
    }
    if (rc == 0 && (cfg->ramsim_size == 0u || !range_inside(net.stage_off, cfg->ramsim_size, 0u, ram.size))) {
        rc = PCD_E_INVAL;
    }
    rc = rc == 0 ? check_app_slots(cfg, port) : rc;
    return rc == 0 && cfg->rb.on ? check_rb(cfg, port) : rc;
}

/* ---- survey and validation ----------------------------------------------------------------------------- */

/* Header magic, trailer and record of image @p i; sets in_batch for a pending unmarked candidate. */
static int survey(struct batch_ctx *x, uint32_t i)
{
    struct pcd_batch_image *im = &x->res->img[i];
    const struct batch_slot s = slot_of(x, i);
    uint8_t m[4];
    int rc = pcd_flash_read(x->port, s.mem, s.off, m, sizeof(m));
    if (rc == 0) {
        rc = pcd_slot_state_read(x->port, s.mem, s.off, s.size, &im->slot);
    }
    if (rc != 0) {
        return rc;
    }
    im->candidate = get_le32(m) == PCD_IMAGE_MAGIC;
    const bool pending = im->candidate && (im->slot.swap == PCD_SWAP_TEST || im->slot.swap == PCD_SWAP_PERM);
    pcd_log(x->port, PCD_LOG_INF, "Image index: %lu, Swap type: %s", (unsigned long)i,
            pcd_swap_type_name(im->candidate ? im->slot.swap : PCD_SWAP_NONE));
    if (!pending) {
        im->outcome = PCD_UPD_NO_CANDIDATE;
    } else if (im->slot.mark == PCD_SLOT_DONE) {
        im->outcome = PCD_UPD_ALREADY_DONE;
    } else if (im->slot.mark == PCD_SLOT_NACK) {
        im->outcome = PCD_UPD_ALREADY_REJECTED;
        im->reason = im->slot.nack_reason;
    } else {
        im->in_batch = true;
    }
    return 0;
}

/* fw_info.version of the image-1 candidate, read from the slot at the fw_info search offsets. */
static int candidate_fw_version(struct batch_ctx *x, uint32_t body_off, uint32_t body_len)
{
    static const uint32_t offs[PCD_FWINFO_SEARCH_COUNT] = PCD_FWINFO_SEARCH_OFFSETS;
    for (uint32_t k = 0; k < PCD_FWINFO_SEARCH_COUNT; k++) {
        struct pcd_fw_info fi;
        if (offs[k] > body_len || body_len - offs[k] < PCD_FWINFO_SIZE) {
            break;
        }
        int rc = pcd_flash_read(x->port, x->net.slot_mem, x->net.slot_off + body_off + offs[k], x->buf.bytes,
                                PCD_FWINFO_SIZE);
        if (rc != 0) {
            return rc;
        }
        if (pcd_fwinfo_decode(x->buf.bytes, &fi) == 0) {
            x->res->img[1].fw_version_valid = true;
            x->res->img[1].fw_version = fi.version;
            return 0;
        }
    }
    return PCD_E_FWINFO_MISSING;
}

/* APP-VALIDATE with image @p i's own keys, the route to its core, and the fit of its destination. */
static int validate(struct batch_ctx *x, uint32_t i)
{
    const struct pcd_batch_config *cfg = x->cfg;
    const struct batch_slot s = slot_of(x, i);
    struct pcd_image_result *ir = &x->ir[i];
    struct pcd_batch_image *im = &x->res->img[i];
    const struct pcd_image_config ic = {i == 0u ? cfg->app_keys : x->net.keys, i == 0u ? cfg->app_key_count
                                                                                      : x->net.key_count,
                                        x->net.net_app_addr, x->net.net_app_size};
    int rc = pcd_image_validate(x->port, s.mem, s.off, s.size - PCD_SLOT_RESERVED, &ic, ir);
    if (ir->hdr_valid) {
        im->version = ir->hdr.ver;
    }
    if (ir->stored_hash_valid) {
        im->tag = get_le32(ir->stored_hash);
        im->tag = im->tag == PCD_SLOT_REC_ERASED ? im->tag - 1u : im->tag;
    }
    if (rc != 0) {
        return rc;
    }
    const bool net = pcd_image_targets_net(ir->reset_vector, x->net.net_app_addr,
                                           x->net.net_app_addr + x->net.net_app_size);
    if (net != (i == 1u)) {
        pcd_log(x->port, PCD_LOG_ERR, "Image %lu targets the %s core: not for this slot", (unsigned long)i,
                net ? "network" : "application");
        return PCD_E_IMG_SLOT;
    }
    if (i == 0u) {
        return ir->layout.end > cfg->app_primary_size - PCD_SLOT_RESERVED ? PCD_E_IMG_TOO_LARGE : 0;
    }
    if (ir->hdr.img_size > x->net.net_app_size) {
        return PCD_E_IMG_TOO_LARGE; /* APP-SIZE */
    }
    if (ir->layout.end > cfg->ramsim_size) {
        pcd_log(x->port, PCD_LOG_ERR, "Network core image (%lu bytes) does not fit the RAM window (%lu bytes)",
                (unsigned long)ir->layout.end, (unsigned long)cfg->ramsim_size);
        return PCD_E_RAMSIM; /* MI-RAMSIM */
    }
    return candidate_fw_version(x, ir->hdr.hdr_size, ir->hdr.img_size);
}

/* ---- versions: MI-DEPENDENCY and MI-DOWNGRADE ------------------------------------------------------------- */

/* The network core's running fw_info.version over PCD READ_VERSION, asked once per run. */
static int net_version(struct batch_ctx *x)
{
    struct pcd_batch_result *res = x->res;
    if (res->net_version_rc == 1) {
        res->net_version_rc = pcd_net_read_version(x->port, &x->net, &res->net_version);
    }
    return res->net_version_rc;
}

/* -1 / 0 / 1 comparing major.minor.revision (MCUboot's boot_version_cmp without the build number). */
static int version_cmp(uint32_t a_maj, uint32_t a_min, uint32_t a_rev, uint32_t b_maj, uint32_t b_min, uint32_t b_rev)
{
    if (a_maj != b_maj) {
        return a_maj > b_maj ? 1 : -1;
    }
    if (a_min != b_min) {
        return a_min > b_min ? 1 : -1;
    }
    return a_rev == b_rev ? 0 : a_rev > b_rev ? 1 : -1;
}

/* The running application's version: the MCUboot header of the primary slot. */
static int primary_version(const struct batch_ctx *x, struct pcd_image_version *v)
{
    uint8_t raw[PCD_IMAGE_HEADER_SIZE];
    struct pcd_image_header h;
    int rc = pcd_flash_read(x->port, PCD_MEM_APP_FLASH, x->cfg->app_primary_off, raw, sizeof(raw));
    if (rc == 0) {
        rc = pcd_image_header_decode(raw, &h);
    }
    if (rc == 0) {
        *v = h.ver;
    }
    return rc;
}

/* The version a dependency on image @p j is judged against, as major.minor.revision: the batch's
 * candidate when j is in the batch, else what runs. 0, PCD_E_IMG_DEPENDENCY (unknown), PCD_E_HALTED,
 * or 1: nothing runs on the network core (met: refusing would leave it without an image for good). */
static int dep_target(struct batch_ctx *x, uint32_t j, uint32_t v[3])
{
    const struct pcd_batch_image *im = &x->res->img[j];
    if (im->in_batch) {
        v[0] = j == 1u ? im->fw_version : im->version.major;
        v[1] = j == 1u ? 0u : im->version.minor;
        v[2] = j == 1u ? 0u : im->version.revision;
        return 0;
    }
    if (j == 0u) {
        struct pcd_image_version pv;
        const int rc = primary_version(x, &pv);
        v[0] = pv.major, v[1] = pv.minor, v[2] = pv.revision;
        return rc == 0 || rc == PCD_E_HALTED ? rc : PCD_E_IMG_DEPENDENCY;
    }
    const int rc = net_version(x);
    v[0] = x->res->net_version, v[1] = 0u, v[2] = 0u;
    return rc == PCD_E_NO_VALID_IMAGE ? 1 : rc == 0 || rc == PCD_E_HALTED ? rc : PCD_E_IMG_DEPENDENCY;
}

/* MI-DEPENDENCY for candidate @p i. */
static int check_deps(struct batch_ctx *x, uint32_t i)
{
    const struct pcd_image_result *ir = &x->ir[i];
    for (uint32_t k = 0; k < ir->dep_count; k++) {
        const struct pcd_image_dep *d = &ir->deps[k];
        uint32_t v[3] = {0u, 0u, 0u};
        int rc = d->image_id < PCD_BATCH_IMAGES ? dep_target(x, d->image_id, v) : PCD_E_IMG_DEPENDENCY;
        if (rc == PCD_E_HALTED) {
            return rc;
        }
        if (rc == 0 && !pcd_image_dep_met_by(d, v[0], (uint8_t)v[1], (uint16_t)v[2])) {
            rc = PCD_E_IMG_DEPENDENCY;
        }
        if (rc == PCD_E_IMG_DEPENDENCY) {
            pcd_log(x->port, PCD_LOG_ERR, "Image %lu: dependency not met (MI-DEPENDENCY): needs image %lu >= "
                    "%lu.%lu.%lu, has %lu.%lu.%lu", (unsigned long)i, (unsigned long)d->image_id,
                    (unsigned long)d->version.major, (unsigned long)d->version.minor,
                    (unsigned long)d->version.revision, (unsigned long)v[0], (unsigned long)v[1], (unsigned long)v[2]);
            return rc;
        }
    }
    return 0;
}

/* MI-DOWNGRADE for candidate @p i: not older than what runs (image 1: fw_info versions). */
static int check_downgrade(struct batch_ctx *x, uint32_t i)
{
    const struct pcd_batch_image *im = &x->res->img[i];
    int c = 0;
    if (i == 0u) {
        struct pcd_image_version pv;
        const int rc = primary_version(x, &pv);
        if (rc == PCD_E_HALTED) {
            return rc;
        }
        c = rc == 0 ? version_cmp(im->version.major, im->version.minor, im->version.revision, pv.major, pv.minor,
                                  pv.revision)
                    : 0;
    } else {
        const int rc = net_version(x);
        if (rc == PCD_E_HALTED || (rc != 0 && rc != PCD_E_NO_VALID_IMAGE)) {
            return rc; /* unknown: refused with that reason (as NCS's pcd_version_cmp_net skips the update) */
        }
        c = rc == 0 ? version_cmp(im->fw_version, 0u, 0u, x->res->net_version, 0u, 0u) : 0;
    }
    if (c < 0) {
        pcd_log(x->port, PCD_LOG_ERR, "Image %lu: older than the running image, downgrade refused (MI-DOWNGRADE)",
                (unsigned long)i);
        return PCD_E_IMG_DOWNGRADE;
    }
    return 0;
}

/* ---- outcomes ------------------------------------------------------------------------------------------ */

static int mark(struct batch_ctx *x, uint32_t i, bool done, int reason)
{
    const struct batch_slot s = slot_of(x, i);
    struct pcd_batch_image *im = &x->res->img[i];
    pcd_trace(x->port, PCD_TRACE_APP_MARK_STARTED, done ? 1u : 0u);
    int rc = done ? pcd_slot_mark_done(x->port, s.mem, s.off, s.size)
                  : pcd_slot_mark_nack(x->port, s.mem, s.off, s.size, reason);
    if (rc == 0) {
        pcd_trace(x->port, PCD_TRACE_APP_MARK_DONE, done ? 1u : 0u);
    }
    im->marked = rc == 0;
    if (rc != 0 && rc != PCD_E_HALTED) {
        pcd_log(x->port, PCD_LOG_ERR, "Cannot record image %lu as %s: %s", (unsigned long)i,
                done ? "done" : "rejected", pcd_strerror(rc));
        return 0; /* reported, as the single-image updater does */
    }
    return rc;
}

/* Reject the whole batch: the valid candidates (PCD_E_BATCH_PARTNER) first, then each refused one. */
static int reject_batch(struct batch_ctx *x)
{
    for (uint32_t pass = 0; pass < 2u; pass++) {
        for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
            struct pcd_batch_image *im = &x->res->img[i];
            if (!im->in_batch || (x->verdict[i] == 0) != (pass == 0u)) {
                continue;
            }
            im->outcome = PCD_UPD_REJECTED;
            im->reason = x->verdict[i] == 0 ? PCD_E_BATCH_PARTNER : x->verdict[i];
            pcd_log(x->port, PCD_LOG_ERR, "Image %lu rejected: %s (%s)", (unsigned long)i, pcd_strerror(im->reason),
                    pcd_describe(im->reason));
            const int rc = mark(x, i, false, im->reason);
            if (rc != 0) {
                return rc;
            }
        }
    }
    return 0;
}

/* ---- image 0: MCUboot upgrade-only (overwrite) ------------------------------------------------------------ */

/* Does the primary already hold candidate 0, completely (copy_done and magic written after the copy)? */
static int app_already_copied(struct batch_ctx *x, bool *yes)
{
    const struct pcd_batch_config *cfg = x->cfg;
    const struct pcd_image_result *ir = &x->ir[0];
    struct pcd_slot_state ps;
    uint8_t sha[PCD_SHA256_LEN];
    *yes = false;
    int rc = pcd_slot_state_read(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, cfg->app_primary_size, &ps);
    if (rc != 0 || !ps.magic_good || ps.copy_done != 0x01u) {
        return rc;
    }
    rc = pcd_hash_range(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, ir->layout.hashed_len, x->buf.bytes,
                        BATCH_BUF_SIZE, 0u, sha, NULL);
    *yes = rc == 0 && memcmp(sha, ir->computed_hash, PCD_SHA256_LEN) == 0;
    return rc;
}

/* Erase the primary pages the image and the trailer occupy, copy [0, end) of the secondary. */
static int app_copy(struct batch_ctx *x)
{
    const struct pcd_batch_config *cfg = x->cfg;
    const uint32_t end = x->ir[0].layout.end;
    struct pcd_mem_info fl;
    int rc = pcd_mem_info(x->port, PCD_MEM_APP_FLASH, &fl);
    if (rc != 0) {
        return rc;
    }
    const uint32_t body = round_up(end, fl.page_size), last = cfg->app_primary_size - fl.page_size;
    rc = pcd_flash_erase(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, body);
    if (rc == 0 && body <= last) {
        rc = pcd_flash_erase(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off + last, fl.page_size);
    }
    for (uint32_t done = 0; done < end && rc == 0;) {
        const uint32_t n = end - done < BATCH_BUF_SIZE ? end - done : BATCH_BUF_SIZE;
        const uint32_t padded = round_up(n, fl.write_size ? fl.write_size : 1u);
        rc = pcd_flash_read(x->port, cfg->app_slot_mem, cfg->app_slot_off + done, x->buf.bytes, n);
        if (rc == 0) {
            memset(x->buf.bytes + n, 0xFF, padded - n);
            rc = pcd_flash_program(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off + done, x->buf.bytes, padded);
        }
        done += n;
    }
    return rc;
}

/* Apply image 0: copy (unless a previous boot completed it), verify, trailer, record done. */
static int apply_app(struct batch_ctx *x)
{
    const struct pcd_batch_config *cfg = x->cfg;
    struct pcd_batch_image *im = &x->res->img[0];
    bool copied = false;
    int rc = app_already_copied(x, &copied);
    x->res->app_resumed = rc == 0 && copied;
    if (rc == 0 && !copied) {
        pcd_log(x->port, PCD_LOG_INF, "Image 0: overwriting the primary slot (%lu bytes)",
                (unsigned long)x->ir[0].layout.end);
        rc = app_copy(x);
        x->res->app_copied = rc == 0;
    }
    if (rc == 0 && !copied) {
        uint8_t sha[PCD_SHA256_LEN];
        rc = pcd_hash_range(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, x->ir[0].layout.hashed_len,
                            x->buf.bytes, BATCH_BUF_SIZE, 0u, sha, NULL);
        rc = rc == 0 && memcmp(sha, x->ir[0].computed_hash, PCD_SHA256_LEN) != 0 ? PCD_E_APP_COPY : rc;
    }
    if (rc == 0) {
        rc = pcd_slot_trailer_write(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, cfg->app_primary_size);
    }
    if (rc != 0) {
        if (rc != PCD_E_HALTED) {
            im->outcome = PCD_UPD_ERROR; /* not marked: the next boot copies again */
            im->reason = rc;
            pcd_log(x->port, PCD_LOG_ERR, "Image 0: copy into the primary slot failed: %s", pcd_strerror(rc));
        }
        return rc;
    }
    im->outcome = PCD_UPD_DONE;
    pcd_log(x->port, PCD_LOG_INF, "Image 0: application update done");
    return mark(x, 0u, true, 0);
}

static int mark_partners(struct batch_ctx *x);

/* ---- image 0 of a test batch (RB-TEST, RB-BACKUP; pcd/rollback.h) ---------------------------------------------- */

/* The rollback environment and the record: x->rb, x->rb_record, x->rb_swap_size. */
static int rb_setup(struct batch_ctx *x)
{
    const struct pcd_batch_config *cfg = x->cfg;
    struct pcd_mem_info fl, sm;
    struct pcd_rb_record rec;
    int rc = pcd_mem_info(x->port, PCD_MEM_APP_FLASH, &fl);
    rc = rc == 0 ? pcd_mem_info(x->port, cfg->app_slot_mem, &sm) : rc;
    if (rc != 0) {
        return rc;
    }
    x->rb.rb = &cfg->rb;
    x->rb.net = &x->net;
    x->rb.window_size = cfg->ramsim_size;
    x->rb.slots = (struct pcd_rb_slots){cfg->app_slot_mem, cfg->app_slot_off, cfg->app_slot_size, cfg->app_primary_off,
                                        cfg->app_primary_size, sm.page_size == fl.page_size ? fl.page_size : 0u};
    rc = pcd_rb_record_read(x->port, &cfg->rb, &rec);
    x->rb_record = rc == 0 && rec.valid;
    x->rb_swap_size = rec.swap_size;
    return rc;
}

/* Bytes of a fresh test swap: the larger of the candidate and the running image, whole sectors; 0 = no room. */
static int rb_swap_size(struct batch_ctx *x, uint32_t *size)
{
    const struct pcd_batch_config *cfg = x->cfg;
    uint8_t raw[PCD_IMAGE_HEADER_SIZE];
    struct pcd_image_header h;
    struct pcd_image_layout lo;
    uint32_t end = x->ir[0].layout.end;
    int rc = pcd_flash_read(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, raw, sizeof(raw));
    if (rc == 0 && pcd_image_header_decode(raw, &h) == 0) {
        rc = pcd_image_layout_read(x->port, PCD_MEM_APP_FLASH, cfg->app_primary_off, cfg->app_primary_size, &h, &lo);
        end = rc == 0 && lo.end > end ? lo.end : end;
        rc = rc == PCD_E_HALTED ? rc : 0; /* an unreadable running image: only the candidate's sectors */
    }
    const uint32_t page = x->rb.slots.page;
    *size = page == 0u ? 0u : round_up(end, page);
    *size = *size > pcd_rb_swap_room(&x->rb.slots) ? 0u : *size;
    return rc;
}

/* T1 of a fresh test batch: the backup. No backup, no test batch: the refusal goes into the verdicts. */
static int rb_prepare(struct batch_ctx *x)
{
    uint32_t size = 0;
    int rc = rb_swap_size(x, &size);
    if (rc != 0) {
        return rc;
    }
    rc = size == 0u ? PCD_E_RB_NO_SPACE : pcd_rb_backup(&x->rb, x->port, size, &x->res->rb);
    if (rc == 0) {
        x->rb_record = true;
        x->rb_swap_size = size;
        return 0;
    }
    if (rc != PCD_E_RB_NO_SPACE && rc != PCD_E_RB_BACKUP) {
        return rc;
    }
    pcd_log(x->port, PCD_LOG_ERR, "Test batch refused: %s (RB-BACKUP)", pcd_describe(rc));
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
        x->verdict[i] = x->res->img[i].in_batch ? rc : 0;
    }
    /* neither image is invalid on its own: the partner words keep a cut between the two NACKs
     * from letting the other one be applied alone (the partner rule of judge_batch()) */
    return mark_partners(x);
}

/* T3: swap-using-move of image 0 (resumable), then its DONE word. */
static int apply_app_test(struct batch_ctx *x)
{
    struct pcd_batch_image *im = &x->res->img[0];
    int rc = pcd_rb_swap(x->port, &x->rb.slots, PCD_SWAP_TEST, x->rb_swap_size, &x->res->rb.swap_resumed);
    if (rc != 0) {
        if (rc != PCD_E_HALTED) {
            im->outcome = PCD_UPD_ERROR;
            im->reason = rc;
            pcd_log(x->port, PCD_LOG_ERR, "Image 0: test swap failed: %s", pcd_strerror(rc));
        }
        return rc;
    }
    x->res->rb.swapped = true;
    x->res->app_copied = true;
    im->outcome = PCD_UPD_DONE;
    pcd_log(x->port, PCD_LOG_INF, "Image 0: test swap done; the application must confirm itself (RB-TEST)");
    return mark(x, 0u, true, 0);
}

/* Before the survey's verdicts: a valid record decides the boot (pcd_rb_boot()); sets x->rb_test. */
static int rb_begin(struct batch_ctx *x, bool *handled)
{
    const struct pcd_batch_image *app = &x->res->img[0];
    *handled = false;
    int rc = rb_setup(x);
    if (rc == 0 && x->rb_record) {
        rc = pcd_rb_boot(&x->rb, x->port, app->in_batch || x->res->img[1].in_batch, handled, &x->res->rb);
    }
    x->rb_test = app->in_batch && app->slot.swap == PCD_SWAP_TEST;
    return rc;
}

/* After a test batch whose network-core half failed: restore the net from the backup (net-only revert). */
static int rb_after(struct batch_ctx *x)
{
    bool handled = false;
    const struct pcd_batch_image *net = &x->res->img[1];
    if (!x->rb_test || !x->rb_record || !net->in_batch || net->outcome == PCD_UPD_DONE) {
        return 0;
    }
    return pcd_rb_boot(&x->rb, x->port, false, &handled, &x->res->rb);
}

/* ---- the run ------------------------------------------------------------------------------------------------ */

/* Each slot of a two-image batch records its partner's tag (docs/SPEC.md 7.2). */
static int mark_partners(struct batch_ctx *x)
{
    const struct pcd_batch_image *app = &x->res->img[0], *net = &x->res->img[1];
    int rc = 0;
    if (app->in_batch && net->in_batch) {
        const struct batch_slot s0 = slot_of(x, 0u), s1 = slot_of(x, 1u);
        rc = pcd_slot_mark_partner(x->port, s0.mem, s0.off, s0.size, net->tag);
        if (rc == 0) {
            rc = pcd_slot_mark_partner(x->port, s1.mem, s1.off, s1.size, app->tag);
        }
    }
    return rc;
}

/* MI-ORDER: image 1, then image 0 (docs/SPEC.md "Batch order"). */
static int apply_batch(struct batch_ctx *x)
{
    struct pcd_batch_image *app = &x->res->img[0], *net = &x->res->img[1];
    int rc = mark_partners(x); /* each slot names its partner before anything changes */
    if (rc == 0 && net->in_batch) {
        pcd_trace(x->port, PCD_TRACE_APP_VALIDATED, x->ir[1].hdr.img_size); /* the batch passed MI-VALIDATE-ALL */
        rc = pcd_updater_apply(&x->net, x->port, &x->ir[1], &x->res->net);
        net->outcome = x->res->net.outcome;
        net->reason = x->res->net.reason;
        net->marked = x->res->net.marked;
    }
    if (rc != 0) {
        return rc;
    }
    if (net->in_batch && net->outcome != PCD_UPD_DONE) {
        if (app->in_batch) {
            app->outcome = PCD_UPD_REJECTED;
            app->reason = PCD_E_BATCH_PARTNER;
            pcd_log(x->port, PCD_LOG_ERR, "Image 0 not applied: the network core image failed (MI-VALIDATE-ALL)");
            rc = mark(x, 0u, false, PCD_E_BATCH_PARTNER);
        }
        return rc;
    }
    return app->in_batch ? (x->rb_test ? apply_app_test(x) : apply_app(x)) : 0;
}

/* MI-VALIDATE-ALL, the partner rule, MI-DEPENDENCY, MI-DOWNGRADE. Returns a port error or PCD_E_HALTED;
 * the verdicts go to x->verdict[]. */
static int judge_batch(struct batch_ctx *x)
{
    struct pcd_batch_result *res = x->res;
    bool all_valid = true;
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
        if (!res->img[i].in_batch) {
            continue;
        }
        const int rc = validate(x, i);
        if (rc != 0 && !is_verdict(rc)) {
            res->img[i].outcome = PCD_UPD_ERROR;
            res->img[i].reason = rc;
            return rc;
        }
        x->verdict[i] = rc;
        all_valid = all_valid && rc == 0;
    }
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
        const struct pcd_batch_image *other = &res->img[1u - i];
        if (res->img[i].in_batch && x->verdict[i] == 0 && other->slot.mark == PCD_SLOT_NACK &&
            other->slot.partner_word == res->img[i].tag) {
            x->verdict[i] = PCD_E_BATCH_PARTNER; /* the rest of a batch a power cut interrupted while rejecting */
            all_valid = false;
        }
    }
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES && all_valid; i++) {
        int rc = res->img[i].in_batch ? check_deps(x, i) : 0;
        if (rc == 0 && res->img[i].in_batch && x->cfg->downgrade_prevention) {
            rc = check_downgrade(x, i);
        }
        if (rc == PCD_E_HALTED || (rc != 0 && !is_verdict(rc))) {
            return rc;
        }
        x->verdict[i] = rc;
    }
    return 0;
}

/* A pending candidate whose partner word is written while the other slot is neither pending nor
 * marked waits: the download (pcd/download.h) writes both partner words before either request, so
 * this is a pair whose second request a cut prevented; one image must not be applied alone. */
static void hold_lone_partner(struct batch_ctx *x)
{
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
        struct pcd_batch_image *im = &x->res->img[i];
        const struct pcd_batch_image *other = &x->res->img[1u - i];
        const bool partner = other->in_batch || (other->candidate && other->slot.mark != PCD_SLOT_UNMARKED);
        if (im->in_batch && im->slot.partner_word != PCD_SLOT_REC_ERASED && !partner) {
            im->in_batch = false;
            im->outcome = PCD_UPD_NO_CANDIDATE;
            pcd_log(x->port, PCD_LOG_WRN, "Image %lu waits for its batch partner (image %lu is not requested yet)",
                    (unsigned long)i, (unsigned long)(1u - i));
        }
    }
}

static int run_batch(struct batch_ctx *x)
{
    int rc = pcd_netcore_force_off(x->port, true);
    uint32_t magic = 0;
    if (rc == 0) {
        rc = pcd_cmd_load_magic(x->port, x->net.pcd_sram_addr, &magic);
    }
    const enum pcd_cmd_kind k = pcd_cmd_kind_of(magic);
    if (rc == 0 && (k == PCD_CMD_COPY || k == PCD_CMD_READ_VERSION || k == PCD_CMD_LOCK_DEBUG || k == PCD_CMD_BACKUP)) {
        rc = pcd_cmd_withdraw(x->port, x->net.pcd_sram_addr);
    }
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES && rc == 0; i++) {
        rc = survey(x, i);
    }
    if (rc == 0) {
        hold_lone_partner(x);
    }
    bool handled = false;
    if (rc == 0 && x->cfg->rb.on) {
        rc = rb_begin(x, &handled);
    }
    if (rc == 0 && !handled && (x->res->img[0].in_batch || x->res->img[1].in_batch)) {
        rc = judge_batch(x);
        bool refused = false;
        for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
            refused = refused || (x->res->img[i].in_batch && x->verdict[i] != 0);
        }
        if (rc == 0 && !refused && x->rb_test && !x->rb_record) {
            rc = rb_prepare(x);
            refused = rc == 0 && x->verdict[0] != 0;
        }
        if (rc == 0) {
            rc = refused ? reject_batch(x) : apply_batch(x);
        }
        rc = rc == 0 && !refused ? rb_after(x) : rc;
    }
    return rc;
}

int pcd_batch_run(const struct pcd_batch_config *cfg, const struct pcd_port *port, struct pcd_batch_result *res)
{
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->net_version_rc = 1;
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
        res->img[i].outcome = PCD_UPD_ERROR;
    }
    int rc = pcd_batch_config_check(cfg, port);
    if (rc != 0) {
        if (rc != PCD_E_HALTED && port != NULL) {
            pcd_log(port, PCD_LOG_ERR, "Batch update: configuration refused (%s)", pcd_strerror(rc));
        }
        return rc == PCD_E_HALTED ? rc : PCD_E_INVAL;
    }
    struct batch_ctx x;
    memset(&x, 0, sizeof(x));
    x.cfg = cfg;
    x.net = cfg->net;
    x.net.stage_image = true;
    x.port = port;
    x.res = res;
    rc = run_batch(&x);
    for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
        res->img[i].outcome = rc == PCD_E_HALTED ? PCD_UPD_HALTED : res->img[i].outcome;
    }
    if (rc == PCD_E_HALTED) {
        return rc;
    }
    int lrc = 0;
    if (cfg->net.lock_pcd_ram) { /* APP-LOCK */
        lrc = pcd_spu_lock_ram(port, cfg->net.pcd_sram_addr, cfg->net.pcd_sram_size);
        res->locked = lrc == 0;
        if (lrc == PCD_E_HALTED) {
            for (uint32_t i = 0; i < PCD_BATCH_IMAGES; i++) {
                res->img[i].outcome = PCD_UPD_HALTED;
            }
            return lrc;
        }
    }
    return rc != 0 ? rc : lrc;
}
