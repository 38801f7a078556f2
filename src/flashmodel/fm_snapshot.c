/* Snapshots of the whole system. Taking one copies everything; restoring the last one taken or
 * restored copies back only the pages changed since (each device keeps a dirty list), so the
 * power-loss sweeps can branch tens of thousands of times from one reference run. */
#include <stdlib.h>
#include <string.h>

#include "fm_internal.h"

struct fm_snap_dev {
    uint8_t *data; /* NULL for a flash simulator: its cells are in the parent's copy */
    uint8_t *wcount;
    uint32_t *erase_count;
    uint32_t *page_gen;
    uint8_t *touched;
    struct fm_stats stats;
    struct fm_nand_block *nand; /* NAND devices only */
};

struct fm_snapshot {
    const struct fm_sys *owner;
    uint64_t take_id;
    unsigned n_dev;
    struct fm_snap_dev dev[FM_MAX_DEVICES];
    /* scalars of the system */
    uint64_t seq, power_cycles, garbage_seed, total_records;
    uint32_t cur_gen;
    bool powered;
    struct fm_bus_region protect[FM_CORE_COUNT][FM_MAX_PROTECT];
    unsigned n_protect[FM_CORE_COUNT];
    struct fm_acl_state acl[FM_MAX_ACL];
    struct fm_record records[FM_MAX_RECORDS];
    unsigned n_records;
};

/* Identifies each take on this system; a snapshot re-taken gets a new id. */
static uint64_t next_take_id(struct fm_sys *s)
{
    return ++s->take_counter;
}

int fm_snapshot_create(const struct fm_sys *s, struct fm_snapshot **out)
{
    struct fm_snapshot *sn = calloc(1, sizeof(*sn));
    if (sn == NULL) {
        return FM_E_NOMEM;
    }
    sn->owner = s;
    sn->n_dev = s->n_dev;
    for (unsigned i = 0; i < s->n_dev; i++) {
        const struct fm_dev *dv = &s->dev[i];
        struct fm_snap_dev *sd = &sn->dev[i];
        size_t pages = dv->n_pages ? dv->n_pages : 1;
        if (dv->own_data != NULL && (sd->data = malloc(dv->d.size ? dv->d.size : 1)) == NULL) {
            goto nomem;
        }
        if (dv->wcount != NULL && (sd->wcount = malloc(dv->d.size / dv->d.write_size + 1)) == NULL) {
            goto nomem;
        }
        if (dv->page_gen != NULL && (sd->page_gen = malloc(pages * sizeof(uint32_t))) == NULL) {
            goto nomem;
        }
        if ((sd->erase_count = malloc(pages * sizeof(uint32_t))) == NULL || (sd->touched = malloc(pages)) == NULL) {
            goto nomem;
        }
        if (dv->nand != NULL && (sd->nand = malloc(pages * sizeof(struct fm_nand_block))) == NULL) {
            goto nomem;
        }
    }
    *out = sn;
    return 0;
nomem:
    fm_snapshot_destroy(sn);
    return FM_E_NOMEM;
}

void fm_snapshot_destroy(struct fm_snapshot *sn)
{
    if (sn == NULL) {
        return;
    }
    for (unsigned i = 0; i < sn->n_dev; i++) {
        free(sn->dev[i].data);
        free(sn->dev[i].wcount);
        free(sn->dev[i].erase_count);
        free(sn->dev[i].page_gen);
        free(sn->dev[i].touched);
        free(sn->dev[i].nand);
    }
    free(sn);
}

static void clear_dirty(struct fm_dev *dv)
{
    for (uint32_t k = 0; k < dv->n_dirty; k++) {
        dv->dirty[dv->dirty_list[k]] = 0;
    }
    dv->n_dirty = 0;
}

/* The scalars of the system into the snapshot. */
static void save_scalars(const struct fm_sys *s, struct fm_snapshot *sn)
{
    sn->seq = s->seq;
    sn->power_cycles = s->power_cycles;
    sn->garbage_seed = s->garbage_seed;
    sn->total_records = s->total_records;
    sn->cur_gen = s->cur_gen;
    sn->powered = s->powered;
    memcpy(sn->protect, s->protect, sizeof(sn->protect));
    memcpy(sn->n_protect, s->n_protect, sizeof(sn->n_protect));
    memcpy(sn->acl, s->acl, sizeof(sn->acl));
    memcpy(sn->records, s->records, sizeof(struct fm_record) * s->n_records);
    sn->n_records = s->n_records;
}

/* Copy page @p p of a device into the snapshot. */
static void save_page(const struct fm_dev *dv, struct fm_snap_dev *sd, uint32_t p)
{
    size_t off = (size_t)p << dv->page_shift;
    if (sd->data != NULL) {
        memcpy(sd->data + off, dv->data + off, dv->d.page_size);
    }
    if (sd->wcount != NULL) {
        size_t per = dv->d.page_size / dv->d.write_size;
        memcpy(sd->wcount + off / dv->d.write_size, dv->wcount + off / dv->d.write_size, per);
    }
    if (sd->page_gen != NULL) {
        sd->page_gen[p] = dv->page_gen[p];
    }
    sd->erase_count[p] = dv->erase_count[p];
    sd->touched[p] = dv->touched[p];
    if (sd->nand != NULL) {
        sd->nand[p] = dv->nand[p];
    }
}

void fm_snapshot_update(struct fm_sys *s, struct fm_snapshot *sn)
{
    if (s->baseline != sn || sn->take_id != s->baseline_gen) {
        fm_snapshot_take(s, sn);
        return;
    }
    for (unsigned i = 0; i < s->n_dev; i++) {
        struct fm_dev *dv = &s->dev[i];
        for (uint32_t k = 0; k < dv->n_dirty; k++) {
            save_page(dv, &sn->dev[i], dv->dirty_list[k]);
        }
        sn->dev[i].stats = dv->stats;
        clear_dirty(dv);
    }
    save_scalars(s, sn);
}

void fm_snapshot_take(struct fm_sys *s, struct fm_snapshot *sn)
{
    for (unsigned i = 0; i < s->n_dev; i++) {
        const struct fm_dev *dv = &s->dev[i];
        struct fm_snap_dev *sd = &sn->dev[i];
        size_t pages = dv->n_pages;
        if (sd->data != NULL) {
            memcpy(sd->data, dv->data, dv->d.size);
        }
        if (sd->wcount != NULL) {
            memcpy(sd->wcount, dv->wcount, dv->d.size / dv->d.write_size);
        }
        if (sd->page_gen != NULL) {
            memcpy(sd->page_gen, dv->page_gen, pages * sizeof(uint32_t));
        }
        memcpy(sd->erase_count, dv->erase_count, pages * sizeof(uint32_t));
        memcpy(sd->touched, dv->touched, pages);
        if (sd->nand != NULL) {
            memcpy(sd->nand, dv->nand, pages * sizeof(struct fm_nand_block));
        }
        sd->stats = dv->stats;
        clear_dirty(&s->dev[i]);
    }
    save_scalars(s, sn);
    sn->take_id = next_take_id(s);
    s->baseline = sn;
    s->baseline_gen = sn->take_id;
}

/* Copy page @p p of device @p i back from the snapshot. */
static void restore_page(struct fm_dev *dv, const struct fm_snap_dev *sd, uint32_t p)
{
    size_t off = (size_t)p << dv->page_shift;
    if (sd->data != NULL) {
        memcpy(dv->data + off, sd->data + off, dv->d.page_size);
    }
    if (sd->wcount != NULL) {
        size_t per = dv->d.page_size / dv->d.write_size;
        memcpy(dv->wcount + off / dv->d.write_size, sd->wcount + off / dv->d.write_size, per);
    }
    if (sd->page_gen != NULL) {
        dv->page_gen[p] = sd->page_gen[p];
    }
    dv->erase_count[p] = sd->erase_count[p];
    dv->touched[p] = sd->touched[p];
    if (sd->nand != NULL) {
        dv->nand[p] = sd->nand[p];
    }
    dv->dirty[p] = 0;
}

void fm_snapshot_restore(struct fm_sys *s, const struct fm_snapshot *sn)
{
    const bool incremental = s->baseline == sn && sn->take_id == s->baseline_gen;
    for (unsigned i = 0; i < s->n_dev; i++) {
        struct fm_dev *dv = &s->dev[i];
        const struct fm_snap_dev *sd = &sn->dev[i];
        if (incremental) {
            for (uint32_t k = 0; k < dv->n_dirty; k++) {
                restore_page(dv, sd, dv->dirty_list[k]);
            }
            dv->n_dirty = 0;
        } else {
            for (uint32_t p = 0; p < dv->n_pages; p++) {
                restore_page(dv, sd, p);
            }
            dv->n_dirty = 0;
        }
        dv->stats = sd->stats;
    }
    s->seq = sn->seq;
    s->power_cycles = sn->power_cycles;
    s->garbage_seed = sn->garbage_seed;
    s->total_records = sn->total_records;
    s->cur_gen = sn->cur_gen;
    s->powered = sn->powered;
    memcpy(s->protect, sn->protect, sizeof(s->protect));
    memcpy(s->n_protect, sn->n_protect, sizeof(s->n_protect));
    memcpy(s->acl, sn->acl, sizeof(s->acl));
    memcpy(s->records, sn->records, sizeof(struct fm_record) * sn->n_records);
    s->n_records = sn->n_records;
    /* From now on the dirty lists are relative to this snapshot again. */
    s->baseline = sn;
    s->baseline_gen = sn->take_id;
}
