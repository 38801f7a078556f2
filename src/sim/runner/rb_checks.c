/* The RB-* requirements of a rollback run (reference-behaviour §6; docs/ROLLBACK.md): judged on the
 * settled device -- which application the primary slot holds, which image the network core holds,
 * the primary trailer, the backup partition and the image-0 slot -- against the scenario's own
 * images, never on what the updater says it did. The "consistent pair" oracle: the idle state is
 * the old pair (initial application + initial network core) or the new pair (both candidates),
 * never a mix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcd/rollback.h"
#include "pcdsim/bufport.h"
#include "runner_internal.h"

static int dev_of(enum pcd_mem m)
{
    return m == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH;
}

/* Bytes of the image (header .. last TLV) MCUboot finds at the start of @p buf (@p len bytes), 0 if none. */
static uint32_t image_end(const uint8_t *buf, uint32_t len)
{
    struct pcdsim_bufport bp;
    struct pcd_image_header h;
    struct pcd_image_layout lo;
    if (len < PCD_IMAGE_HEADER_SIZE || pcd_image_header_decode(buf, &h) != 0 ||
        pcdsim_bufport_init(&bp, buf, len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR) != 0 ||
        pcd_image_layout_read(&bp.port, PCD_MEM_APP_FLASH, 0, len, &h, &lo) != 0) {
        return 0;
    }
    return lo.end;
}

/* What the settled device holds. */
struct rb_facts {
    bool app_new, app_old;   /* primary = the candidate / the initial application */
    bool sec_old, sec_new;   /* image-0 secondary = the initial application / the candidate */
    bool record;             /* a valid rollback record (backup not released) */
    bool backup_ok;          /* the backup area holds the initial network-core image */
    struct pcd_rb_swap_state sw; /* primary trailer */
    struct pcd_slot_state slot;  /* image-0 secondary's record */
};

static void rb_facts(struct run_state *st, struct rb_facts *f)
{
    const struct run_config *cfg = st->cfg;
    const struct run_batch *b = &cfg->batch;
    memset(f, 0, sizeof(*f));
    uint8_t *init = malloc(cfg->primary_size);
    if (init == NULL) {
        return;
    }
    run_initial_bytes(st, FM_NRF_APP_FLASH, cfg->primary_off, cfg->primary_size, init);
    const uint32_t old_end = image_end(init, cfg->primary_size);
    const int sd = dev_of(b->app_slot_mem);
    f->app_new = b->app != NULL && fm_compare(st->fm, FM_NRF_APP_FLASH, cfg->primary_off, b->app, b->app_len, NULL) == 0;
    f->app_old = old_end != 0u && fm_compare(st->fm, FM_NRF_APP_FLASH, cfg->primary_off, init, old_end, NULL) == 0;
    f->sec_new = b->app != NULL && fm_compare(st->fm, sd, b->app_slot_off, b->app, b->app_len, NULL) == 0;
    f->sec_old = old_end != 0u && fm_compare(st->fm, sd, b->app_slot_off, init, old_end, NULL) == 0;
    free(init);
    const uint8_t *pv = fm_view(st->fm, FM_NRF_APP_FLASH, cfg->primary_off, cfg->primary_size);
    const uint8_t *sv = fm_view(st->fm, sd, b->app_slot_off, b->app_slot_size);
    struct pcdsim_bufport bp;
    if (pv != NULL && pcdsim_bufport_init(&bp, pv, cfg->primary_size, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR) == 0) {
        const struct pcd_rb_slots s = {PCD_MEM_APP_FLASH, 0, 0x2000u, 0, cfg->primary_size, 0x1000u};
        (void)pcd_rb_swap_state(&bp.port, &s, &f->sw);
    }
    if (sv != NULL && pcdsim_bufport_init(&bp, sv, b->app_slot_size, b->app_slot_mem, PCD_NO_CPU_ADDR) == 0) {
        (void)pcd_slot_state_read(&bp.port, b->app_slot_mem, 0, b->app_slot_size, &f->slot);
    }
    const uint8_t *bk = b->backup_size >= 0x2000u ? fm_view(st->fm, dev_of(b->backup_mem), b->backup_off, 4u) : NULL;
    f->record = bk != NULL && bk[0] == 0x52u && bk[1] == 0x50u && bk[2] == 0x42u && bk[3] == 0x4Bu; /* "RPBK" */
    f->backup_ok = cfg->net_initial != NULL && b->backup_size >= 0x1000u + cfg->net_initial_len &&
                   fm_compare(st->fm, dev_of(b->backup_mem), b->backup_off + 0x1000u, cfg->net_initial,
                              cfg->net_initial_len, NULL) == 0;
}

static const char *app_word(const struct rb_facts *f)
{
    return f->app_new ? "new" : f->app_old ? "old" : "neither old nor new";
}

static const char *net_word(enum net_image ni)
{
    return ni == NET_NEW ? "new" : ni == NET_OLD ? "old" : "none";
}

bool run_rb_pair(struct run_state *st, enum net_image ni, char *ev, size_t ev_size)
{
    struct rb_facts f;
    rb_facts(st, &f);
    const bool ok = (f.app_new && ni == NET_NEW) || (f.app_old && ni == NET_OLD);
    snprintf(ev, ev_size, "idle pair: application %s, network core %s%s", app_word(&f), net_word(ni),
             ok ? "" : ": a mixed pair");
    return ok;
}

bool run_rb_revert_pending(struct run_state *st)
{
    struct rb_facts f;
    if (!st->cfg->batch.on || !st->cfg->batch.rollback) {
        return false;
    }
    rb_facts(st, &f);
    return f.record && f.sw.swap_info == (uint8_t)PCD_SWAP_TEST && f.sw.magic_good && f.sw.copy_done == 0x01u &&
           f.sw.image_ok != 0x01u;
}

/* A test batch refused for want of a backup (RB-BACKUP): the image-0 record says so. */
static bool refused_no_backup(const struct rb_facts *f)
{
    return f->slot.mark == PCD_SLOT_NACK &&
           (f->slot.nack_reason == PCD_E_RB_NO_SPACE || f->slot.nack_reason == PCD_E_RB_BACKUP);
}

static void check_backup(struct run_state *st, const struct rb_facts *f, enum net_image ni)
{
    if (refused_no_backup(f)) {
        const bool ok = f->app_old && ni == NET_OLD;
        run_add_verdict(st->res, "RB-BACKUP", ok, "test batch refused without a backup (reason %d): application %s, "
                        "network core %s", f->slot.nack_reason, app_word(f), net_word(ni));
        return;
    }
    const bool swapped = f->sw.swap_info == (uint8_t)PCD_SWAP_TEST || f->sw.swap_info == (uint8_t)PCD_SWAP_REVERT;
    const bool changed = f->app_new || ni == NET_NEW || swapped;
    run_add_verdict(st->res, "RB-BACKUP", !changed || f->backup_ok, "%s; the backup area %s the initial network-core "
                    "image (%u bytes)", changed ? "the batch was applied" : "nothing was applied",
                    f->backup_ok ? "holds" : "does NOT hold", st->cfg->net_initial_len);
}

void run_check_rb(struct run_state *st, const char *id, enum net_image ni)
{
    const struct run_batch *b = &st->cfg->batch;
    struct rb_facts f;
    char ev[160];
    if (!b->on || !b->rollback) {
        return; /* not a rollback run: not judged */
    }
    rb_facts(st, &f);
    const bool confirmed = f.app_new && f.sw.magic_good && f.sw.image_ok == 0x01u;
    if (strcmp(id, "RB-POWER-SAFE") == 0) {
        run_add_verdict(st->res, id, run_rb_pair(st, ni, ev, sizeof(ev)), "%s", ev);
    } else if (strcmp(id, "RB-BACKUP") == 0) {
        check_backup(st, &f, ni);
    } else if (strcmp(id, "RB-TEST") == 0) {
        /* swapped, not overwritten: the image that does not run is kept in the secondary; a new
         * application that never confirms is never found confirmed */
        const bool ok = f.app_new ? f.sec_old && f.sw.magic_good && f.sw.copy_done == 0x01u && (!b->never_confirm || !confirmed)
                                  : f.app_old && (f.sec_new || f.slot.mark == PCD_SLOT_NACK);
        run_add_verdict(st->res, id, ok, "application %s; the secondary holds %s; primary trailer magic %s, copy_done "
                        "0x%02x, image_ok 0x%02x", app_word(&f), f.sec_old ? "the old application" : f.sec_new ? "the "
                        "candidate" : "neither image", f.sw.magic_good ? "good" : "unset", f.sw.copy_done, f.sw.image_ok);
    } else if (strcmp(id, "RB-REVERT") == 0 && !run_rb_revert_pending(st)) { /* pending: after the probe */
        if (confirmed) {
            run_add_verdict(st->res, id, !b->never_confirm, "the new pair was confirmed: nothing to revert");
            return;
        }
        const bool ok = f.app_old && ni == NET_OLD && !f.record && (f.sec_new || refused_no_backup(&f));
        run_add_verdict(st->res, id, ok, "not confirmed: application %s, network core %s, backup %s", app_word(&f),
                        net_word(ni), f.record ? "still held" : "released");
    }
    /* RB-CONFIRM is judged after the idempotence probe (run_check_rb_confirm()): the release
     * happens at the boot after the confirmation */
}

/* The network core now: the initial image, the candidate's body, or neither. */
static enum net_image net_now(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    const uint32_t off = cfg->b0n.app_addr - FM_NRF_NET_FLASH_BASE;
    struct pcd_image_header h;
    if (cfg->net_initial != NULL &&
        fm_compare(st->fm, FM_NRF_NET_FLASH, off, cfg->net_initial, cfg->net_initial_len, NULL) == 0) {
        return NET_OLD;
    }
    if (cfg->candidate != NULL && cfg->candidate_len >= PCD_IMAGE_HEADER_SIZE &&
        pcd_image_header_decode(cfg->candidate, &h) == 0 && (uint64_t)h.hdr_size + h.img_size <= cfg->candidate_len &&
        fm_compare(st->fm, FM_NRF_NET_FLASH, off, cfg->candidate + h.hdr_size, h.img_size, NULL) == 0) {
        return NET_NEW;
    }
    return NET_NONE;
}

void run_check_rb_after_probe(struct run_state *st, enum net_image ni, bool probed, bool revert_due)
{
    struct rb_facts f;
    if (!st->cfg->batch.on || !st->cfg->batch.rollback) {
        return;
    }
    rb_facts(st, &f);
    if (revert_due && probed && run_names_requirement(st->cfg, "RB-REVERT")) {
        /* the settled state owed a revert to its next boot: the probe was that boot */
        const enum net_image now = net_now(st);
        const bool ok = f.app_old && now == NET_OLD && !f.record && f.sec_new;
        run_add_verdict(st->res, "RB-REVERT", ok, "not confirmed; after the next boot: application %s, network core %s, "
                        "backup %s", app_word(&f), net_word(now), f.record ? "still held" : "released");
    }
    if (!run_names_requirement(st->cfg, "RB-CONFIRM") || !(f.app_new && f.sw.magic_good && f.sw.image_ok == 0x01u)) {
        return; /* not confirmed: nothing to judge */
    }
    const bool ok = probed && ni == NET_NEW && !f.record && st->br.probe_copy_cmds == 0u;
    run_add_verdict(st->res, "RB-CONFIRM", ok, "confirmed (image_ok); after one more boot: network core %s, backup %s, "
                    "%u COPY command(s)", net_word(ni), f.record ? "still held" : "released", st->br.probe_copy_cmds);
}
