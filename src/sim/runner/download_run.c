/* A download by the running application (reference-behaviour §8, DL-*; pcd/download.h): the
 * simulated transport that feeds pcd_dl_write() at the scenario's chunk size and rate, with seeded
 * losses the sender repeats; the check of the slots MCUboot finds at each boot; and the DL-*
 * requirement checks. Above req_table.c (which dispatches to run_check_dl()), called by bodies.c. */
#include <stdlib.h>
#include <string.h>

#include "pcdsim/bufport.h"
#include "runner_internal.h"

static int dl_dev(enum pcd_mem mem)
{
    return mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH;
}

/* xorshift64*: the transport's losses, from the run's seed and the session number. */
static uint32_t dl_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (uint32_t)((*s * 0x2545F4914F6CDD1Du) >> 32);
}

/* Slot @p id's bytes (its size): a view of NOR flash, or a copy read through a NAND slot's area
 * (then also in *@p owned, for the caller to free). */
static const uint8_t *dl_slot(struct run_state *st, uint32_t id, uint8_t **owned)
{
    const struct pcd_dl_area *a = &st->cfg->dl.cfg.slot[id];
    *owned = NULL;
    if (a->mem == PCD_MEM_NAND) {
        *owned = run_nand_slot_copy(st, id == 0u ? RUN_NAND_APP : RUN_NAND_CAND);
        return *owned;
    }
    return fm_view(st->fm, dl_dev(a->mem), a->off, a->size);
}

/* The registered image of slot @p id (its bytes in the package), or NULL. */
static const uint8_t *dl_image(const struct run_state *st, uint32_t id, uint32_t *len)
{
    const struct run_config *c = st->cfg;
    *len = id == 0u ? c->batch.app_len : c->candidate_len;
    return id == 0u ? c->batch.app : c->candidate;
}

/* At each boot, before MCUboot: a slot with a request that is neither done nor rejected must hold
 * its whole image (DL-RESUME: a partly written image is never offered), and a request alone in a
 * two-image package must name its partner (the batch holds it; DL-REQUEST). */
void run_dl_boot_check(struct run_state *st)
{
    const struct run_download *d = &st->cfg->dl;
    if (!d->on || !d->registered || st->br.dl.bad_offer) {
        return;
    }
    unsigned pending = 0;
    bool partner[2] = {false, false}, pend[2] = {false, false};
    for (uint32_t id = 0; id < 2u; id++) {
        const struct pcd_dl_area *a = &d->cfg.slot[id];
        uint32_t len;
        const uint8_t *img = dl_image(st, id, &len);
        uint8_t *owned = NULL;
        const uint8_t *v = img != NULL ? dl_slot(st, id, &owned) : NULL;
        struct pcdsim_bufport bp;
        struct pcd_slot_state ss;
        if (img == NULL || v == NULL || pcdsim_bufport_init(&bp, v, a->size, a->mem, PCD_NO_CPU_ADDR) != 0 ||
            pcd_slot_state_read(&bp.port, a->mem, 0, a->size, &ss) != 0) {
            free(owned);
            continue;
        }
        pend[id] = ss.swap != PCD_SWAP_NONE && ss.mark == PCD_SLOT_UNMARKED;
        partner[id] = ss.partner_word != PCD_SLOT_REC_ERASED;
        pending += pend[id];
        if (pend[id] && memcmp(v, img, len) != 0) {
            st->br.dl.bad_offer = true;
            snprintf(st->br.dl.bad_evidence, sizeof(st->br.dl.bad_evidence),
                     "boot %u: slot of image %u requested while its image is not complete", soc_boots(st->soc),
                     (unsigned)id);
        }
        free(owned);
    }
    const bool two = st->cfg->batch.app != NULL && st->cfg->candidate != NULL;
    for (uint32_t id = 0; id < 2u && two && pending == 1u; id++) {
        if (pend[id] && !partner[id]) {
            st->br.dl.bad_offer = true;
            snprintf(st->br.dl.bad_evidence, sizeof(st->br.dl.bad_evidence),
                     "boot %u: image %u requested alone, without naming its partner", soc_boots(st->soc), (unsigned)id);
        }
    }
}

/* SHA-256 of both slots when the request was written (the DL-RESUME evidence: a resumed download
 * shows the same hashes as an uninterrupted one). */
static void dl_slot_hashes(struct run_state *st)
{
    for (uint32_t id = 0; id < 2u; id++) {
        const struct pcd_dl_area *a = &st->cfg->dl.cfg.slot[id];
        uint8_t *owned;
        const uint8_t *v = dl_slot(st, id, &owned);
        struct pcd_sha256 h;
        uint8_t out[PCD_SHA256_LEN];
        if (v != NULL && pcd_sha256_init(&h) == 0) {
            if (pcd_sha256_update(&h, v, a->size) == 0 && pcd_sha256_final(&h, out) == 0) {
                st->br.dl.slot_tag[id] = (uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 | (uint32_t)out[2] << 8 | out[3];
            }
        }
        free(owned);
    }
}

/* One chunk through the transport: its air time, maybe lost (the sender waits and repeats). */
static int dl_send(struct run_state *st, const struct pcd_port *port, struct pcd_dl *dl, uint64_t *rng, uint32_t *next)
{
    const struct run_download *d = &st->cfg->dl;
    const uint32_t n = d->pkg_len - *next < d->chunk ? d->pkg_len - *next : d->chunk;
    int rc = pcd_delay_us(port, ((uint64_t)n * 1000000u + d->rate_bps - 1u) / d->rate_bps);
    if (rc != 0) {
        return rc;
    }
    st->br.dl.chunks++;
    if (d->loss_permille != 0u && dl_rand(rng) % 1000u < d->loss_permille) {
        st->br.dl.lost++;
        return pcd_delay_us(port, d->retry_us);
    }
    const bool header = dl->phase == PCD_DL_PHASE_HEADER;
    rc = pcd_dl_write(dl, *next, d->pkg + *next, n, next);
    if (rc == 0 && header && dl->phase != PCD_DL_PHASE_HEADER && dl->resumed && dl->resumed_at < d->pkg_len) {
        st->br.dl.resumed++; /* the progress log named this package: the session goes on where it stopped */
        st->br.dl.resume_off = dl->resumed_at;
    }
    return rc;
}

/* The refusal: recorded with the flash operations the session made (none, DL-REJECT). */
static void dl_refused(struct run_state *st, enum fm_core core, int rc, uint64_t ops)
{
    st->br.dl.refused = rc;
    st->br.dl.refused_ops = ops;
    soc_note(st->soc, (int)core, "application: download refused (%s), %llu flash operation(s)", pcd_strerror(rc),
             (unsigned long long)ops);
}

/* The session of one boot. Returns true when the application reboots into MCUboot. */
bool run_app_download(struct run_state *st, struct soc *soc, enum fm_core core, const struct pcd_port *port)
{
    const struct run_download *d = &st->cfg->dl;
    struct pcd_dl *dl = calloc(1, sizeof(*dl));
    uint64_t rng = st->cfg->seed * 0x9E3779B97F4A7C15u + soc_boots(soc) + 1u;
    uint32_t next = 0;
    bool reboot = false;
    if (dl == NULL) {
        return false;
    }
    const uint64_t ops0 = fm_next_seq(st->fm);
    st->br.dl.sessions++;
    int rc = pcd_dl_begin(dl, &d->cfg, port, d->pkg_len);
    while (rc == 0 && next < d->pkg_len) {
        rc = dl_send(st, port, dl, &rng, &next);
    }
    const bool already = dl->resumed && dl->rec[PCD_DL_REC_OFF_STATE] == PCD_DL_REC_REQUESTED;
    if (rc == 0) {
        rc = pcd_dl_finish(dl);
    }
    if (rc == 0 && !already) {
        st->br.dl.requested++;
        dl_slot_hashes(st);
        soc_note(soc, (int)core, "application: download complete, upgrade requested; rebooting");
        reboot = true;
    } else if (rc != 0 && rc != PCD_E_HALTED && dl->phase == PCD_DL_PHASE_REFUSED) {
        dl_refused(st, core, rc, fm_next_seq(st->fm) - ops0);
    } else if (rc != 0 && rc != PCD_E_HALTED) {
        st->br.dl.failed = rc;
        soc_note(soc, (int)core, "application: download stopped: %s", pcd_strerror(rc));
    }
    free(dl);
    if (reboot) {
        st->br.warm_reset_pending = true; /* sys_reboot(): runner.c resets the core when soc_run() pauses */
        soc_request_pause(soc);
    }
    return reboot;
}

/* ---- DL-* verdicts ---------------------------------------------------------------------------- */

/* Do both slots hold the registered images? */
static bool dl_slots_hold_images(struct run_state *st, char *why, size_t n)
{
    for (uint32_t id = 0; id < 2u; id++) {
        const struct pcd_dl_area *a = &st->cfg->dl.cfg.slot[id];
        uint32_t len;
        uint8_t *owned = NULL;
        const uint8_t *img = dl_image(st, id, &len);
        const uint8_t *v = img != NULL ? dl_slot(st, id, &owned) : NULL;
        const bool held = img == NULL || (v != NULL && len <= a->size && memcmp(v, img, len) == 0);
        free(owned);
        if (!held) {
            snprintf(why, n, "slot of image %u does not hold the package's image", (unsigned)id);
            return false;
        }
    }
    return true;
}

void run_check_dl(struct run_state *st, const char *id)
{
    const struct run_download *d = &st->cfg->dl;
    const struct run_dl_facts *f = &st->br.dl;
    char why[160] = "";
    if (!d->on) {
        return;
    }
    if (strcmp(id, "DL-REJECT") == 0) {
        if (f->refused != 0) {
            run_add_verdict(st->res, id, f->refused_ops == 0u, "package refused (%s) after %llu flash operation(s)",
                            pcd_strerror(f->refused), (unsigned long long)f->refused_ops);
        }
        return;
    }
    if (strcmp(id, "DL-REQUEST") == 0 && f->requested == 0u && f->failed == PCD_E_DL_HASH) {
        run_add_verdict(st->res, id, !f->bad_offer, "%san image failed its check after the download (%s): nothing "
                        "requested", f->bad_offer ? f->bad_evidence : "", pcd_strerror(f->failed));
        return;
    }
    if (!d->registered || f->requested == 0u) {
        return; /* nothing downloaded and requested: not exercised */
    }
    const bool held = dl_slots_hold_images(st, why, sizeof(why));
    if (strcmp(id, "DL-STREAM") == 0) {
        run_add_verdict(st->res, id, held, "%s%u chunk(s) of up to %u bytes at %u B/s, %u lost and sent again, over %u "
                        "session(s)", held ? "" : why, f->chunks, d->chunk, d->rate_bps, f->lost, f->sessions);
    } else if (strcmp(id, "DL-RESUME") == 0) {
        const bool ok = held && !f->bad_offer;
        run_add_verdict(st->res, id, ok, "%s%u session(s), %u resumed (last at byte %u); slot hashes at the request "
                        "%08x %08x", ok ? "" : (f->bad_offer ? f->bad_evidence : why), f->sessions, f->resumed,
                        f->resume_off, f->slot_tag[0], f->slot_tag[1]);
    } else if (strcmp(id, "DL-REQUEST") == 0) {
        const bool ok = held && !f->bad_offer && f->failed == 0;
        run_add_verdict(st->res, id, ok, "%s%u request(s) after every image was complete and its hash checked",
                        ok ? "" : (f->bad_offer ? f->bad_evidence : why), f->requested);
    }
}
