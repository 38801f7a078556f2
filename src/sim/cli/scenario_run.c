/* Scenario -> run configuration. Every file is read here, once; a file that changed since the
 * loader checked it is reported at its scenario line. */
#include "flashmodel/nand.h"
#include "scenario_run.h"

#include "pcdsim/netcpu.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "pcdsim/host_err.h"
#include "pcdsim/image_file.h"
#include "pcdsim/ncs.h"

/* Largest file a scenario loads (256 MiB: more than any memory of the nRF5340 board). */
#define SCENARIO_BLOB_FILE_MAX 0x10000000u

static int read_blob(struct scn_run *r, const struct pcdsim_scn_file *f, const char *scn_path, struct scn_blob **out,
                     struct pcdsim_diag *diag)
{
    if (r->n_blobs >= sizeof(r->blobs) / sizeof(r->blobs[0])) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn_path, f->pos.line, f->pos.column, "too many files in one scenario");
    }
    struct scn_blob *b = &r->blobs[r->n_blobs];
    struct pcdsim_image_file img; /* a binary as it is, Intel HEX flattened (pcdsim/image_file.h) */
    struct pcdsim_diag fd;
    int rc = pcdsim_image_file_read(f->path, SCENARIO_BLOB_FILE_MAX, &img, &fd);
    if (rc != 0) {
        return pcdsim_diag_set(diag, rc, scn_path, f->pos.line, f->pos.column, "cannot read '%s': %s", f->written,
                               fd.message);
    }
    b->data = img.len ? img.data : realloc(img.data, 1);
    if (b->data == NULL) {
        free(img.data);
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, scn_path, f->pos.line, f->pos.column, "out of memory");
    }
    b->len = (uint32_t)img.len;
    r->n_blobs++;
    *out = b;
    return 0;
}

static int add_load(struct scn_run *r, int dev, uint32_t off, const struct scn_blob *b, const char *what,
                    const char *scn_path, struct pcdsim_diag *diag)
{
    struct run_config *c = &r->cfg;
    if (c->n_loads >= RUN_MAX_LOADS) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn_path, 0, 0, "more than %d initial loads", RUN_MAX_LOADS);
    }
    struct run_load *l = &c->loads[c->n_loads++];
    l->dev = dev;
    l->off = off;
    l->data = b->data;
    l->len = b->len;
    snprintf(l->what, sizeof(l->what), "%s", what);
    return 0;
}

static enum pcd_swap_type request_of(enum pcdsim_scn_request q)
{
    return q == PCDSIM_REQUEST_PERMANENT ? PCD_SWAP_PERM : q == PCDSIM_REQUEST_TEST ? PCD_SWAP_TEST : PCD_SWAP_NONE;
}

static void map_trigger(const struct pcdsim_scn_trigger *t, struct run_trigger *o)
{
    memset(o, 0, sizeof(*o));
    o->dev = -1;
    o->op_kind = -1;
    o->page = -1;
    switch (t->kind) {
    case PCDSIM_TRIG_NONE: o->kind = RUN_TRIG_NONE; break;
    case PCDSIM_TRIG_OP:
        o->kind = RUN_TRIG_OP;
        o->op = t->op;
        o->dev = t->has_device ? (int)t->device : -1;
        o->op_kind = t->op_kind == PCDSIM_OP_PROGRAM ? FM_OP_PROGRAM : t->op_kind == PCDSIM_OP_ERASE ? FM_OP_ERASE : -1;
        break;
    case PCDSIM_TRIG_TIME:
        o->kind = RUN_TRIG_TIME;
        o->time_us = (uint64_t)t->time_ms * 1000u;
        break;
    case PCDSIM_TRIG_EVENT:
        o->kind = RUN_TRIG_EVENT;
        snprintf(o->event, sizeof(o->event), "%s", pcdsim_scn_event_name(t->event));
        o->nth = t->nth ? t->nth : 1;
        o->page = t->has_page ? (int32_t)t->page : -1;
        break;
    }
}

static int map_fault(const struct pcdsim_scenario *scn, const struct pcdsim_scn_fault *f, struct run_fault *o,
                     struct pcdsim_diag *diag)
{
    static const int tears[] = {-1, FM_TEAR_PREFIX, FM_TEAR_SOMEBITS, FM_TEAR_MOSTBITS, FM_TEAR_GARBAGE};
    memset(o, 0, sizeof(*o));
    map_trigger(&f->trigger, &o->trig);
    o->line = f->line;
    o->tear = -1;
    switch (f->kind) {
    case PCDSIM_FAULT_POWER_LOSS:
        o->kind = RUN_FAULT_POWER_LOSS;
        o->tear = tears[f->power_loss.tear];
        o->after = f->power_loss.after;
        o->tear_seed = scn->seed ^ (0x9E37u * (uint64_t)f->line);
        break;
    case PCDSIM_FAULT_CORRUPT:
        o->kind = RUN_FAULT_CORRUPT;
        o->dev = (int)f->corrupt.at.device;
        o->off = f->corrupt.at.dev_offset;
        o->len = f->corrupt.length;
        o->mask = f->corrupt.xor_mask;
        o->bytes = f->corrupt.has_bytes ? f->corrupt.bytes : NULL;
        break;
    case PCDSIM_FAULT_STUCK_BITS:
        o->kind = RUN_FAULT_STUCK_BITS;
        o->dev = (int)f->stuck_bits.at.device;
        o->off = f->stuck_bits.at.dev_offset;
        o->len = f->stuck_bits.length;
        o->mask = f->stuck_bits.mask;
        o->attempts = f->stuck_bits.forever ? -1 : (int32_t)f->stuck_bits.attempts;
        break;
    case PCDSIM_FAULT_NET_CORE:
        o->kind = f->net_core.mode == PCDSIM_NET_CRASH ? RUN_FAULT_NET_CRASH : RUN_FAULT_NET_SILENT;
        break;
    case PCDSIM_FAULT_APP_WRITES_PCD:
        o->kind = RUN_FAULT_APP_WRITES_PCD;
        o->pcd_words[0] = f->app_writes_pcd.magic;
        o->pcd_words[1] = f->app_writes_pcd.src;
        o->pcd_words[2] = f->app_writes_pcd.len;
        o->pcd_words[3] = f->app_writes_pcd.dst;
        break;
    case PCDSIM_FAULT_WARM_RESET: o->kind = RUN_FAULT_WARM_RESET; break;
    }
    if (o->trig.kind != RUN_TRIG_EVENT && o->trig.kind != RUN_TRIG_NONE && o->kind != RUN_FAULT_POWER_LOSS) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, f->line, f->column,
                               "only power_loss can be triggered by at_op or at_time_ms");
    }
    return 0;
}

static void map_expect(const struct pcdsim_scenario *scn, struct run_expect *x)
{
    const struct pcdsim_scn_expect *e = &scn->expect;
    if (e->has_app_version) {
        if (e->app_version.none) {
            x->app_none = true;
        } else {
            x->has_app_version = true;
            x->app_version = (struct pcd_image_version){e->app_version.major, e->app_version.minor,
                                                        e->app_version.revision, e->app_version.build};
        }
    }
    if (e->has_net_version) {
        x->has_net_version = true;
        x->net_version = e->net_version_none ? -1 : (int64_t)e->net_version;
    }
    x->has_net_counter = e->has_net_counter;
    x->net_counter = e->net_counter;
    if (e->has_slot) {
        static const enum run_slot_expect slots[] = {RUN_SLOT_PENDING, RUN_SLOT_DONE, RUN_SLOT_REJECTED, RUN_SLOT_EMPTY};
        x->slot = slots[e->slot];
    }
    x->attempts = e->has_attempts ? (int32_t)e->attempts : -1;
    x->boots = e->has_boots ? (int32_t)e->boots : -1;
    for (size_t i = 0; i < e->log_count && x->n_log < RUN_MAX_STRINGS; i++) {
        x->log[x->n_log++] = e->log[i].text;
    }
    for (size_t i = 0; i < e->no_log_count && x->n_no_log < RUN_MAX_STRINGS; i++) {
        x->no_log[x->n_no_log++] = e->no_log[i].text;
    }
    for (size_t i = 0; i < e->report_count && x->n_reports < RUN_MAX_STRINGS; i++) {
        x->reports[x->n_reports++] = e->reports[i].text;
    }
    for (size_t i = 0; i < e->verdict_count && x->n_verdicts < RUN_MAX_VERDICTS; i++) {
        x->verdict_id[x->n_verdicts] = e->verdicts[i].req->id;
        x->verdict_pass[x->n_verdicts++] = e->verdicts[i].pass;
    }
}

_Static_assert(PCDSIM_SCN_NAND_MAX == RUN_NAND_MAX_FAULTS, "board.nand lists fit run_nand");
_Static_assert(PCDSIM_SCN_COUNTER_SLOTS_MAX == PCDSIM_COUNTER_SLOTS_MAX, "board.provision.slots fit the provision area");
_Static_assert(PCDSIM_NCS_VERSION_MIN == NCS_VERSION_MIN && PCDSIM_NCS_VERSION_MAX == NCS_VERSION_MAX &&
                   NCS_VERSION(2, 9, 0) == 0x020900u,
               "scenario.h and ncs.h encode NCS releases alike");

/* The PCD block of the run: the layout's `pcd_sram` when it has one (what Partition Manager
 * wrote: the configurable address); else, under the NCS profile, where the release's pm.yml.pcd
 * puts it (facts errata "PCD block address", §1.1): after: start = 0x20000000, before: end =
 * the last 8 KiB of app RAM, before: [rpmsg_nrf53_sram, end] = below the RPMsg buffer. */
static void apply_pcd_sram(struct scn_run *r)
{
    const struct pcdsim_update_layout *u = &r->scn->board.update;
    struct run_config *c = &r->cfg;
    uint32_t addr = u->pcd_sram_address;
    if (!u->pcd_sram_from_file && c->profile == RUN_PROFILE_NCS) {
        const uint32_t end = FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE - u->pcd_sram_size;
        const struct pcdsim_partition *rp = pcdsim_layout_find(&r->scn->board.app, "rpmsg_nrf53_sram");
        switch (ncs_pcd_sram_placement(c->ncs.version != 0u ? c->ncs.version : NCS_VERSION_DEFAULT)) {
        case NCS_PCD_AFTER_START: addr = FM_NRF_APP_SRAM_BASE; break;
        case NCS_PCD_BEFORE_END: addr = end; break;
        case NCS_PCD_BEFORE_RPMSG:
        default:
            addr = rp != NULL && rp->address >= FM_NRF_APP_SRAM_BASE + u->pcd_sram_size && rp->address <= end
                       ? rp->address - u->pcd_sram_size
                       : end;
            break;
        }
    }
    c->soc.pcd_sram_addr = addr;
    c->b0n.pcd_sram_addr = addr;
    c->upd.pcd_sram_addr = addr;
}

/* Profile ncs: the release, and whether the layout is a simultaneous-update one (facts §3.4:
 * mcuboot_primary_1 in ram_flash) with the candidate in mcuboot_secondary_1. */
static void map_ncs(const struct pcdsim_scenario *scn, struct scn_run *r)
{
    const struct pcdsim_update_layout *u = &scn->board.update;
    struct run_config *c = &r->cfg;
    const enum pcd_mem s1 = u->secondary_1.medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
    c->ncs.version = scn->has_ncs_version ? scn->ncs_version : NCS_VERSION_DEFAULT;
    c->ncs.multi_image = u->primary_1.present && u->primary_1.medium == PCDSIM_SLOT_RAM_FLASH &&
                         u->secondary_1.present && c->upd.slot_mem == s1 && c->upd.slot_off == u->secondary_1.address;
    c->ncs.ram_slot_off = u->primary_1.address;
    c->ncs.ram_slot_size = u->primary_1.size;
    apply_pcd_sram(r);
}

bool scn_run_set_ncs_version(struct scn_run *r, uint32_t version)
{
    if (r->cfg.ncs.version == version) {
        return false;
    }
    r->cfg.ncs.version = version;
    memset(&r->cfg.expect, 0, sizeof(r->cfg.expect));
    r->cfg.expect.attempts = -1; /* not checked, as run_config_default() leaves them */
    r->cfg.expect.boots = -1;
    apply_pcd_sram(r);
    return true;
}

/* MCUboot's image index of a secondary slot: N for mcuboot_secondary_N, else 0 (on a single-pair
 * layout the network-core update goes through image 0's mcuboot_secondary). */
static uint32_t image_index_of(const char *slot)
{
    const char *u = strrchr(slot, '_');
    if (strncmp(slot, "mcuboot_secondary_", 18) != 0 || u == NULL || u[1] < '0' || u[1] > '9') {
        return 0;
    }
    return (uint32_t)strtoul(u + 1, NULL, 10);
}

/* The SPI NAND's faults (board.nand); bit errors go into the run's candidate slot until
 * map_nand_bit_errors() places those that name a slot. */
static void map_nand_chip(const struct pcdsim_scenario *scn, struct run_config *c)
{
    const struct pcdsim_scn_nand *nd = &scn->board.nand;
    struct run_nand *n = &c->nand;
    memcpy(n->factory_bad, nd->factory_bad, sizeof(n->factory_bad));
    n->n_factory_bad = nd->n_factory_bad;
    memcpy(n->grow_bad, nd->grown_bad, sizeof(n->grow_bad));
    n->n_grow_bad = nd->n_grown_bad;
    memcpy(n->bit_error_off, nd->bit_error_offset, sizeof(n->bit_error_off));
    memcpy(n->bit_error_bits, nd->bit_error_bits, sizeof(n->bit_error_bits));
    memset(n->bit_error_slot, RUN_NAND_CAND, sizeof(n->bit_error_slot));
    n->n_bit_errors = nd->n_bit_errors;
    n->fail_ppm = nd->fail_ppm;
}

/* Secondary slot @p w in the SPI NAND: the partition at @p dev_offset offering @p offer bytes (its
 * blocks less the spares; checked by pcdsim_scn_nand_slot_offer()). */
static void map_nand_slot(const struct pcdsim_scenario *scn, enum run_nand_which w, uint32_t dev_offset, uint32_t offer,
                          struct run_config *c)
{
    struct run_nand_slot *sl = &c->nand.slot[w];
    sl->on = true;
    sl->first_block = dev_offset / FM_NAND_BLOCK;
    sl->n_logical = offer / FM_NAND_BLOCK;
    sl->n_phys = sl->n_logical + scn->board.nand.spare_blocks;
    c->nand.on = true;
}

/* A layout's secondary slot in the SPI NAND (a download's, or a batch's slot no candidate names):
 * checked as the loader checks a candidate's, mapped into @p w; *@p offer what it offers. */
static int map_nand_layout_slot(const struct pcdsim_scenario *scn, const char *name, const struct pcdsim_slot *sl,
                                enum run_nand_which w, struct pcdsim_scn_pos pos, struct run_config *c,
                                uint32_t *offer, struct pcdsim_diag *diag)
{
    if (pcdsim_scn_nand_slot_offer(&scn->board.nand, sl->address, sl->size, offer) != 0) {
        int err = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, pos.line, pos.column,
                                  "slot '%s' (0x%" PRIx32 ", size 0x%" PRIx32 ") is in the SPI NAND (device '%s') but %s",
                                  name, sl->address, sl->size, sl->device,
                                  scn->board.nand.present ? "is not a run of whole NAND blocks inside board.nand with more "
                                                            "than its spare blocks (at most 64)"
                                                          : "the board has no NAND");
        pcdsim_diag_hint(diag, "add board.nand: {blocks: N}; NAND blocks are 128 KiB (0x20000)");
        return err;
    }
    map_nand_slot(scn, w, sl->address, *offer, c);
    return 0;
}

/* A batch's two secondary slots from the layout (the candidates may name them again): image 1's
 * is the updater's slot, staged through mcuboot_primary_1; a slot in the SPI NAND gets its area
 * (refused for a test batch: the rollback swap is not written for NAND). @p pos: where the batch is
 * written, for the messages. */
static int map_batch_slots(const struct pcdsim_scenario *scn, struct run_config *c, struct pcdsim_scn_pos pos,
                           struct pcdsim_diag *diag)
{
    const struct pcdsim_update_layout *u = &scn->board.update;
    c->batch.on = true;
    c->batch.downgrade_prevention = scn->updater.downgrade_prevention;
    c->batch.ramsim_size = u->primary_1.size;
    c->upd.stage_off = u->primary_1.address;
    c->upd.slot_mem = u->secondary_1.medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
    c->upd.slot_off = u->secondary_1.address;
    c->upd.slot_size = u->secondary_1.size;
    c->upd.image_index = 1;
    c->batch.app_slot_mem = u->secondary.medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
    c->batch.app_slot_off = u->secondary.address;
    c->batch.app_slot_size = u->secondary.size;
    const bool nand0 = u->secondary.medium == PCDSIM_SLOT_NAND, nand1 = u->secondary_1.medium == PCDSIM_SLOT_NAND;
    if ((nand0 || nand1) && scn->updater.rollback) {
        int err = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, pos.line, pos.column,
                                  "a test batch (updater.rollback) with a secondary slot in SPI NAND is not supported: "
                                  "the rollback swap writes the secondary slot sector by sector");
        pcdsim_diag_hint(diag, "use NOR slots (internal flash or QSPI) for rollback, or drop updater.rollback");
        return err;
    }
    int rc = 0;
    if (nand1 && (rc = map_nand_layout_slot(scn, "mcuboot_secondary_1", &u->secondary_1, RUN_NAND_CAND, pos, c,
                                            &c->upd.slot_size, diag)) == 0) {
        c->upd.slot_mem = PCD_MEM_NAND;
    }
    if (rc == 0 && nand0 && (rc = map_nand_layout_slot(scn, "mcuboot_secondary", &u->secondary, RUN_NAND_APP, pos, c,
                                                       &c->batch.app_slot_size, diag)) == 0) {
        c->batch.app_slot_mem = PCD_MEM_NAND;
    }
    return rc;
}

/* `contents.candidates`: a batch (pcd/batch.h). Image 1's candidate and slot are the run's
 * candidate and updater slot (mcuboot_secondary_1), staged through mcuboot_primary_1; image 0's
 * go into run_batch. The loader checked the layout has both pairs. */
static int map_batch(const struct pcdsim_scenario *scn, struct scn_run *r, struct pcdsim_diag *diag)
{
    struct run_config *c = &r->cfg;
    if (scn->contents.candidate_count == 0) {
        return 0;
    }
    int rc = map_batch_slots(scn, c, scn->contents.candidates[0].pos, diag);
    if (rc != 0) {
        return rc;
    }
    c->batch.rollback = scn->updater.rollback;
    c->batch.never_confirm = scn->updater.confirm == 1;
    const struct pcdsim_partition *bk = pcdsim_layout_find(&scn->board.app, "netcore_backup");
    if (bk != NULL) { /* RB-BACKUP: the backup partition (docs/ROLLBACK.md) */
        c->batch.backup_mem = bk->region == PCDSIM_REGION_EXTERNAL_FLASH ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
        c->batch.backup_off = bk->address;
        c->batch.backup_size = bk->size;
    }
    for (size_t i = 0; i < scn->contents.candidate_count; i++) {
        const struct pcdsim_scn_candidate *cd = &scn->contents.candidates[i];
        if (cd->device == FM_NRF_NAND && scn->updater.rollback) {
            int err = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, cd->pos.line, cd->pos.column,
                                      "a test batch (updater.rollback) with a slot in SPI NAND ('%s') is not "
                                      "supported: the swap writes the secondary slot sector by sector", cd->slot);
            pcdsim_diag_hint(diag, "use a NOR slot (internal flash or QSPI) for rollback, or drop updater.rollback");
            return err;
        }
        struct scn_blob *b;
        if ((rc = read_blob(r, &cd->file, scn->path, &b, diag)) != 0) {
            return rc;
        }
        const enum pcd_mem mem = cd->device == FM_NRF_NAND   ? PCD_MEM_NAND
                                 : cd->device == FM_NRF_QSPI ? PCD_MEM_QSPI
                                                             : PCD_MEM_APP_FLASH;
        if (cd->device == FM_NRF_NAND) { /* seed 2: the batch from external NAND, each slot its own area */
            map_nand_slot(scn, cd->image == 1u ? RUN_NAND_CAND : RUN_NAND_APP, cd->dev_offset, cd->slot_size, c);
        }
        if (cd->image == 1u) {
            c->upd.slot_mem = mem, c->upd.slot_off = cd->dev_offset, c->upd.slot_size = cd->slot_size;
            c->candidate = b->data, c->candidate_len = b->len, c->request = request_of(cd->request);
        } else {
            c->batch.app_slot_mem = mem, c->batch.app_slot_off = cd->dev_offset, c->batch.app_slot_size = cd->slot_size;
            c->batch.app = b->data, c->batch.app_len = b->len, c->batch.app_request = request_of(cd->request);
        }
    }
    return 0;
}

/* CBOR head of major type @p major with argument @p v, minimal width (as Python's cbor2 writes). */
static size_t cbor_head(uint8_t *o, unsigned major, uint32_t v)
{
    const uint8_t m = (uint8_t)(major << 5);
    if (v < 24u) {
        o[0] = (uint8_t)(m | v);
        return 1;
    }
    if (v <= 0xFFu) {
        o[0] = (uint8_t)(m | 24u), o[1] = (uint8_t)v;
        return 2;
    }
    if (v <= 0xFFFFu) {
        o[0] = (uint8_t)(m | 25u), o[1] = (uint8_t)(v >> 8), o[2] = (uint8_t)v;
        return 3;
    }
    o[0] = (uint8_t)(m | 26u), o[1] = (uint8_t)(v >> 24), o[2] = (uint8_t)(v >> 16), o[3] = (uint8_t)(v >> 8);
    o[4] = (uint8_t)v;
    return 5;
}

static size_t cbor_text(uint8_t *o, const char *t)
{
    const size_t n = strlen(t), h = cbor_head(o, 3, (uint32_t)n);
    memcpy(o + h, t, n);
    return h + n;
}

/* download.app / download.net: the package dfu_multi_image_tool.py writes (release-packages.md §3):
 * u16 LE CBOR length, {"img": [{"id", "size"}, ...]}, the images in that order. */
static int build_package(const struct pcdsim_scenario *scn, struct scn_run *r, struct scn_blob **out,
                         struct pcdsim_diag *diag)
{
    const struct pcdsim_scn_file *f[2] = {&scn->download.app, &scn->download.net};
    struct scn_blob *img[2] = {NULL, NULL};
    uint8_t h[64];
    size_t hn = 0, total = 0, count = 0;
    for (unsigned i = 0; i < 2; i++) {
        int rc = f[i]->path != NULL ? read_blob(r, f[i], scn->path, &img[i], diag) : 0;
        if (rc != 0) {
            return rc;
        }
        count += img[i] != NULL;
    }
    hn += cbor_head(h + hn, 5, 1) + cbor_text(h + hn + 1, "img");
    hn += cbor_head(h + hn, 4, (uint32_t)count);
    for (unsigned i = 0; i < 2; i++) {
        if (img[i] != NULL) {
            hn += cbor_head(h + hn, 5, 2);
            hn += cbor_text(h + hn, "id");
            hn += cbor_head(h + hn, 0, i);
            hn += cbor_text(h + hn, "size");
            hn += cbor_head(h + hn, 0, img[i]->len);
            total += img[i]->len;
        }
    }
    if (r->n_blobs >= sizeof(r->blobs) / sizeof(r->blobs[0])) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, 0, 0, "too many files in one scenario");
    }
    struct scn_blob *b = &r->blobs[r->n_blobs];
    b->data = malloc(2 + hn + total);
    if (b->data == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, scn->path, 0, 0, "out of memory");
    }
    r->n_blobs++;
    b->data[0] = (uint8_t)hn, b->data[1] = (uint8_t)(hn >> 8);
    memcpy(b->data + 2, h, hn);
    b->len = (uint32_t)(2 + hn);
    for (unsigned i = 0; i < 2; i++) {
        if (img[i] != NULL) {
            memcpy(b->data + b->len, img[i]->data, img[i]->len);
            b->len += img[i]->len;
        }
    }
    *out = b;
    return 0;
}

static struct pcd_dl_area dl_area_of(const struct pcdsim_slot *s)
{
    return (struct pcd_dl_area){s->medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH, s->address, s->size};
}

/* `download:` (pcd/download.h): the package, the transport, the slots and the progress area; a
 * well-formed package's images become the batch's candidates for the oracles (not written at
 * set-up: the application writes them). */
static int map_download(const struct pcdsim_scenario *scn, struct scn_run *r, struct pcdsim_diag *diag)
{
    const struct pcdsim_scn_download *d = &scn->download;
    const struct pcdsim_update_layout *u = &scn->board.update;
    struct run_config *c = &r->cfg;
    struct scn_blob *b;
    if (!d->present) {
        return 0;
    }
    int rc = d->package.path != NULL ? read_blob(r, &d->package, scn->path, &b, diag) : build_package(scn, r, &b, diag);
    if (rc != 0) {
        return rc;
    }
    struct run_download *o = &c->dl;
    o->on = true;
    o->pkg = b->data, o->pkg_len = b->len;
    o->cfg.slot[0] = dl_area_of(&u->secondary);
    o->cfg.slot[1] = dl_area_of(&u->secondary_1);
    if (scn->contents.candidate_count == 0u && (rc = map_batch_slots(scn, c, d->pos, diag)) != 0) {
        return rc; /* the batch's slots, as map_batch() sets them */
    }
    if (c->batch.app_slot_mem == PCD_MEM_NAND) { /* a slot in NAND: what its area offers */
        o->cfg.slot[0] = (struct pcd_dl_area){PCD_MEM_NAND, c->batch.app_slot_off, c->batch.app_slot_size};
    }
    if (c->upd.slot_mem == PCD_MEM_NAND) {
        o->cfg.slot[1] = (struct pcd_dl_area){PCD_MEM_NAND, c->upd.slot_off, c->upd.slot_size};
    }
    o->cfg.progress = (struct pcd_dl_area){d->progress_device == FM_NRF_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH,
                                           d->progress_offset, d->progress_size};
    o->cfg.permanent = d->request == PCDSIM_REQUEST_PERMANENT;
    o->chunk = d->chunk, o->rate_bps = d->rate_bps, o->loss_permille = d->loss_permille;
    o->retry_us = (uint64_t)d->retry_ms * 1000u;
    struct pcd_pkg_header h;
    if (pcd_pkg_header_decode(o->pkg, o->pkg_len, &h) != 0 || pcd_pkg_check_length(&h, o->pkg_len) != 0) {
        return 0; /* malformed: the application refuses it (DL-REJECT); contents.candidates stay the batch */
    }
    if (scn->contents.candidate_count != 0u) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, d->pos.line, d->pos.column,
                               "a well-formed download and 'contents.candidates' both given: the download replaces "
                               "them (give an earlier candidate only beside a malformed package)");
    }
    o->registered = true;
    const enum pcd_swap_type req = o->cfg.permanent ? PCD_SWAP_PERM : PCD_SWAP_TEST;
    for (uint32_t i = 0; i < h.count; i++) {
        if (h.img[i].id == 1u) {
            c->candidate = o->pkg + h.img[i].offset, c->candidate_len = h.img[i].size, c->request = req;
        } else {
            c->batch.app = o->pkg + h.img[i].offset, c->batch.app_len = h.img[i].size, c->batch.app_request = req;
        }
    }
    return 0;
}

/* `board.nand.bit_errors[].slot`: each entry into the NAND slot it names (none: the run's
 * candidate slot), which must be a NAND slot of this run. */
static int map_nand_bit_errors(const struct pcdsim_scenario *scn, struct run_config *c, struct pcdsim_diag *diag)
{
    const struct pcdsim_scn_nand *nd = &scn->board.nand;
    for (unsigned i = 0; i < nd->n_bit_errors; i++) {
        const char *name = nd->bit_error_slot[i];
        int w = RUN_NAND_CAND; /* -1: no slot of this run */
        if (name[0] != '\0' && c->batch.on) {
            w = strcmp(name, "mcuboot_secondary") == 0 ? RUN_NAND_APP : strcmp(name, "mcuboot_secondary_1") == 0 ? RUN_NAND_CAND : -1;
        } else if (name[0] != '\0' && strcmp(name, scn->contents.candidate.slot) != 0) {
            w = -1;
        }
        if (w < 0 || !c->nand.slot[w].on) {
            int err = pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, nd->bit_error_pos[i].line,
                                      nd->bit_error_pos[i].column, "bit errors in '%s': not a secondary slot of this run "
                                      "in the SPI NAND", name[0] != '\0' ? name : "the candidate's slot");
            pcdsim_diag_hint(diag, "name the NAND slot of a candidate (mcuboot_secondary or mcuboot_secondary_1)");
            return err;
        }
        c->nand.bit_error_slot[i] = (uint8_t)w;
    }
    return 0;
}

/* The board, the layout's addresses and the updater's settings into @p c. */
static void map_board(const struct pcdsim_scenario *scn, struct run_config *c)
{
    const struct pcdsim_update_layout *u = &scn->board.update;
    c->soc.seed = c->seed;
    c->soc.board.qspi = scn->board.qspi;
    c->soc.board.ram_flash_addr = scn->board.ram_flash_address;
    c->soc.board.ram_flash_size = scn->board.ram_flash_size;
    c->soc.board.nand_blocks = scn->board.nand.present ? scn->board.nand.blocks : 0u;
    map_nand_chip(scn, c);
    cli_run_config_layout(c, u, &scn->board.app);

    c->upd.attempts = scn->updater.retries;
    c->run_limit_us = (uint64_t)scn->max_device_time_ms * 1000u; /* 0: derived, run_step_limit_us() */
    c->upd.timeout_us = (uint64_t)scn->updater.timeout_ms * 1000u; /* 64-bit µs: 24 h does not fit 32 bits */
    c->upd.poll_us = (uint64_t)scn->updater.poll_ms * 1000u;
    if (scn->contents.has_candidate) {
        const struct pcdsim_scn_candidate *cd = &scn->contents.candidate;
        c->upd.slot_mem = cd->device == FM_NRF_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
        c->upd.slot_off = cd->dev_offset;
        c->upd.slot_size = cd->slot_size;
        c->upd.image_index = image_index_of(cd->slot);
        if (cd->device == FM_NRF_NAND) {
            c->upd.slot_mem = PCD_MEM_NAND;
            map_nand_slot(scn, RUN_NAND_CAND, cd->dev_offset, cd->slot_size, c);
        }
    } else if (u->secondary.present) {
        c->upd.slot_mem = u->secondary.medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
        c->upd.slot_off = u->secondary.address;
        c->upd.slot_size = u->secondary.size;
        c->upd.image_index = 0;
    }
}

/* The scenario's keys, loaded; 0 or a code with the reason in @p diag. */
static int load_keys(const struct pcdsim_scenario *scn, struct scn_run *r, struct pcdsim_diag *diag)
{
    struct run_config *c = &r->cfg;
    for (size_t i = 0; i < scn->key_count; i++) {
        if (r->n_keys >= RUN_MAX_KEYS) {
            return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, scn->keys[i].pos.line, scn->keys[i].pos.column,
                                   "more than %d keys", RUN_MAX_KEYS);
        }
        struct pcdsim_diag kd;
        pcdsim_diag_clear(&kd);
        int rc = pcdsim_key_load_pem(scn->keys[i].path, &r->keys[r->n_keys], &kd);
        if (rc != 0) {
            pcdsim_diag_set(diag, rc, scn->path, scn->keys[i].pos.line, scn->keys[i].pos.column, "key '%s': %s",
                            scn->keys[i].written, kd.message);
            return rc;
        }
        c->keys[c->n_keys++] = r->keys[r->n_keys++].key;
    }
    return 0;
}

/* board.provision: the network core's provision data with NSIB's version counter, loaded into net
 * flash at B0N's provision address (docs/SCENARIOS.md); B0N writes its slots with counter_update.
 * expect.net_counter needs it. 0 or a code. */
static int map_provision(const struct pcdsim_scenario *scn, struct scn_run *r, struct pcdsim_diag *diag)
{
    const struct pcdsim_scn_provision *p = &scn->board.provision;
    struct run_config *c = &r->cfg;
    if (!p->present) {
        const struct pcdsim_scn_expect *e = &scn->expect;
        return !e->has_net_counter ? 0
                                   : pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, e->net_counter_pos.line,
                                                     e->net_counter_pos.column, "expect.net_counter needs a provisioned "
                                                     "counter: add board.provision: {counter: N}");
    }
    if (r->n_blobs >= sizeof(r->blobs) / sizeof(r->blobs[0])) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, p->pos.line, p->pos.column, "too many files in one scenario");
    }
    struct scn_blob *b = &r->blobs[r->n_blobs];
    b->len = c->b0n.provision_size;
    b->data = malloc(b->len ? b->len : 1u);
    if (b->data == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, scn->path, p->pos.line, p->pos.column, "out of memory");
    }
    r->n_blobs++;
    if (run_counter_encode(c->b0n.provision_addr, c->b0n.provision_size, c->b0n.app_addr, p->counter, p->slots, b->data,
                           &c->counter) != 0) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, p->pos.line, p->pos.column,
                               "%u counter slots do not fit the provision area (0x%x bytes, %u before the slots)",
                               p->slots, c->b0n.provision_size, PCDSIM_COUNTER_HEAD);
    }
    c->b0n.counter_update = p->counter_update;
    return add_load(r, FM_NRF_NET_FLASH, c->b0n.provision_addr - FM_NRF_NET_FLASH_BASE, b, "provision data", scn->path,
                    diag);
}

/* The memories' initial contents and the candidate, read and placed; 0 or a code. */
static int load_contents(const struct pcdsim_scenario *scn, struct scn_run *r, struct pcdsim_diag *diag)
{
    struct run_config *c = &r->cfg;
    const struct pcdsim_update_layout *u = &scn->board.update;
    struct scn_blob *b;
    int rc;
    if (scn->contents.app.path != NULL) {
        if ((rc = read_blob(r, &scn->contents.app, scn->path, &b, diag)) != 0 ||
            (rc = add_load(r, FM_NRF_APP_FLASH, u->primary.address, b, "application image", scn->path, diag)) != 0) {
            return rc;
        }
    }
    if (scn->contents.net.path != NULL) {
        if ((rc = read_blob(r, &scn->contents.net, scn->path, &b, diag)) != 0 ||
            (rc = add_load(r, FM_NRF_NET_FLASH, u->net_app_address - FM_NRF_NET_FLASH_BASE, b,
                           "network-core application", scn->path, diag)) != 0) {
            return rc;
        }
        c->net_initial = b->data;
        c->net_initial_len = b->len;
    }
    for (size_t i = 0; i < scn->contents.extra_count; i++) {
        const struct pcdsim_scn_extra *e = &scn->contents.extra[i];
        if ((rc = read_blob(r, &e->file, scn->path, &b, diag)) != 0 ||
            (rc = add_load(r, (int)e->at.device, e->at.dev_offset, b, "extra", scn->path, diag)) != 0) {
            return rc;
        }
    }
    if (scn->contents.has_candidate) {
        if ((rc = read_blob(r, &scn->contents.candidate.file, scn->path, &b, diag)) != 0) {
            return rc;
        }
        c->candidate = b->data;
        c->candidate_len = b->len;
        c->request = request_of(scn->contents.candidate.request);
    }
    return 0;
}

/* The steps, their candidates read; 0 or a code. */
static int map_steps(const struct pcdsim_scenario *scn, struct scn_run *r, struct pcdsim_diag *diag)
{
    struct run_config *c = &r->cfg;
    struct scn_blob *b;
    int rc;
    for (size_t i = 0; i < scn->step_count; i++) {
        const struct pcdsim_scn_step *s = &scn->steps[i];
        struct run_step *o = &c->steps[c->n_steps++];
        o->line = s->line;
        switch (s->kind) {
        case PCDSIM_STEP_POWER_ON: o->kind = RUN_STEP_POWER_ON; break;
        case PCDSIM_STEP_POWER_CYCLE: o->kind = RUN_STEP_POWER_CYCLE; break;
        case PCDSIM_STEP_WARM_RESET: o->kind = RUN_STEP_WARM_RESET; break;
        case PCDSIM_STEP_RUN_IDLE: o->kind = RUN_STEP_RUN_IDLE; break;
        case PCDSIM_STEP_RUN_EVENT:
            o->kind = RUN_STEP_RUN_EVENT;
            snprintf(o->event, sizeof(o->event), "%s", pcdsim_scn_event_name(s->event));
            break;
        case PCDSIM_STEP_RUN_MS:
            o->kind = RUN_STEP_RUN_TIME;
            o->time_us = (uint64_t)s->ms * 1000u;
            break;
        case PCDSIM_STEP_RELEASE_NET: o->kind = RUN_STEP_RELEASE_NET; break;
        case PCDSIM_STEP_WRITE_CANDIDATE:
            if ((rc = read_blob(r, &s->candidate.file, scn->path, &b, diag)) != 0) {
                return rc;
            }
            o->kind = RUN_STEP_WRITE_CANDIDATE;
            o->data = b->data;
            o->len = b->len;
            o->request = request_of(s->candidate.request);
            break;
        }
    }
    return 0;
}

int scn_run_prepare(const struct pcdsim_scenario *scn, bool has_seed, uint64_t seed, struct scn_run *r,
                    struct pcdsim_diag *diag)
{
    memset(r, 0, sizeof(*r));
    struct run_config *c = &r->cfg;
    run_config_default(c);
    c->name = scn->name;
    c->file = scn->path;
    c->seed = has_seed ? seed : scn->seed;
    /* reference: src/pcd/; ncs: the models of the shipped NCS code (src/sim/ncs/, docs/NCS-PROFILE.md) */
    c->profile = scn->profile == PCDSIM_PROFILE_NCS ? RUN_PROFILE_NCS : RUN_PROFILE_REFERENCE;
    map_board(scn, c);
    int rc = load_keys(scn, r, diag);
    if (rc == 0) {
        rc = load_contents(scn, r, diag);
    }
    if (rc == 0) {
        rc = map_provision(scn, r, diag);
    }
    if (rc == 0) {
        rc = map_batch(scn, r, diag);
    }
    if (rc == 0) {
        rc = map_download(scn, r, diag);
    }
    if (rc == 0) {
        rc = map_nand_bit_errors(scn, c, diag);
    }
    if (rc != 0) {
        return rc;
    }
    if (scn->fault_count > RUN_MAX_FAULTS || scn->step_count > RUN_MAX_STEPS) {
        return pcdsim_diag_set(diag, PCDSIM_E_SCHEMA, scn->path, 0, 0, "at most %d faults and %d steps", RUN_MAX_FAULTS,
                               RUN_MAX_STEPS);
    }
    for (size_t i = 0; i < scn->fault_count; i++) {
        if ((rc = map_fault(scn, &scn->faults[i], &c->faults[c->n_faults++], diag)) != 0) {
            return rc;
        }
    }
    if ((rc = map_steps(scn, r, diag)) != 0) {
        return rc;
    }
    r->scn = scn;
    if (scn->net_binary.path != NULL && (rc = scn_run_set_net_binary(r, scn->net_binary.path, diag)) != 0) {
        return rc;
    }
    c->net_strict = scn->net_strict;
    c->net_budget = scn->net_budget;
    map_ncs(scn, r);
    map_expect(scn, &c->expect);
    for (size_t i = 0; i < scn->requirement_count && i < RUN_MAX_REQS; i++) {
        c->requirements[c->n_requirements++] = scn->requirements[i].req->id;
    }
    return 0;
}

bool scn_run_set_profile(struct scn_run *r, enum run_profile profile)
{
    if (r->cfg.profile == profile) {
        return false;
    }
    r->cfg.profile = profile;
    apply_pcd_sram(r);
    memset(&r->cfg.expect, 0, sizeof(r->cfg.expect));
    r->cfg.expect.attempts = -1; /* not checked, as run_config_default() leaves them */
    r->cfg.expect.boots = -1;
    return true;
}

int scn_run_set_net_binary(struct scn_run *r, const char *path, struct pcdsim_diag *diag)
{
    struct netcpu_image *img = NULL;
    if (!netcpu_available()) {
        return pcdsim_diag_set(diag, PCDSIM_E_USAGE, path, 0, 0, "this pcdsim was built without Unicorn: it cannot "
                               "run network-core binaries (install libunicorn-dev and rebuild)");
    }
    int rc = netcpu_image_load(path, 0, &img, diag);
    if (rc != 0) {
        return rc;
    }
    netcpu_image_free(r->net_binary);
    r->net_binary = img;
    r->cfg.net_binary = img;
    return 0;
}

void scn_run_free(struct scn_run *r)
{
    netcpu_image_free(r->net_binary);
    for (unsigned i = 0; i < r->n_blobs; i++) {
        free(r->blobs[i].data);
    }
    for (unsigned i = 0; i < r->n_keys; i++) {
        pcdsim_key_free(&r->keys[i]);
    }
    memset(r, 0, sizeof(*r));
}
