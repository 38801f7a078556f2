/* Internal state of the flash model, shared by its .c files only. */
#ifndef FM_INTERNAL_H
#define FM_INTERNAL_H

#include <stdint.h>

#include "flashmodel/flashmodel.h"

/* A device: its description, its cells and the metadata the rules and snapshots need. */
struct fm_dev {
    struct fm_device_desc d;
    uint8_t *data;          /* cells; for a flash simulator, points into the parent's cells */
    uint8_t *own_data;      /* what we allocated (NULL for a flash simulator) */
    uint8_t *wcount;        /* programs per write unit since its erase (NULL if unlimited) */
    uint32_t *erase_count;  /* erases per page, since creation */
    uint32_t n_pages;
    uint32_t page_shift;    /* log2(page_size) */

    /* Cells are made lazily, page by page, on first access. RAM: a page whose generation is
     * behind cur_gen is filled from (garbage_seed, page) (power loss = a new generation). Flash:
     * a page with generation 0 was never touched and is filled with the erased value. */
    uint32_t *page_gen;     /* NULL for a flash simulator (its parent's pages count) */

    /* Pages changed since the last snapshot take/restore (data, wcount, erase_count or gen). */
    uint8_t *dirty;         /* one byte per page: 0/1 */
    uint32_t *dirty_list;
    uint32_t n_dirty;

    /* Pages programmed or erased since fm_stats_reset(). */
    uint8_t *touched;
    struct fm_stats stats;

    /* FM_KIND_NAND only (else NULL): one record per block (= per model page), see fm_nand.c. */
    struct fm_nand_block *nand;
    uint32_t nand_fail_ppm;  /* seeded grown bad blocks: chance per program/erase, per million (configuration) */
    uint64_t nand_fail_seed;
};

/* NAND per-block state beside the data cells: kept per block so that snapshots copy it with the
 * block's cells (the dirty unit of a NAND device is its erase block). */
struct fm_nand_block {
    uint8_t spare[64][64]; /* FM_NAND_PAGES_PER_BLOCK x FM_NAND_SPARE */
    uint8_t flips[64];     /* injected bit errors per page; FM_NAND_TORN: unreadable */
    uint8_t state;         /* enum fm_nand_blk_state */
};

/* One ACL region's registers, each written at most once until the guarded core's reset. */
struct fm_acl_state {
    uint32_t reg[3];   /* ADDR, SIZE, PERM (enum fm_acl_reg / 4) */
    uint8_t written;   /* bit i: reg[i] was written */
};

struct fm_sys {
    struct fm_desc desc;
    struct fm_dev dev[FM_MAX_DEVICES];
    unsigned n_dev;

    uint64_t seed;
    uint64_t seq;            /* next operation number */
    uint64_t power_cycles;   /* number of power losses so far */
    uint32_t cur_gen;        /* RAM generation: bumped by each power loss */
    uint64_t garbage_seed;   /* seed of the current RAM garbage */
    bool powered;

    fm_fault_fn hook;
    void *hook_ctx;
    uint64_t hook_ask_at;    /* consult the hook only for seq >= this */

    struct fm_bus_region protect[FM_CORE_COUNT][FM_MAX_PROTECT];
    unsigned n_protect[FM_CORE_COUNT];

    struct fm_acl_state acl[FM_MAX_ACL]; /* ACL registers (desc.acl) */

    struct fm_record records[FM_MAX_RECORDS];
    unsigned n_records;
    uint64_t total_records;

    const struct fm_snapshot *baseline; /* snapshot the dirty lists are relative to */
    uint64_t baseline_gen;              /* take id of the baseline when it became the baseline */
    uint64_t take_counter;              /* ids handed to snapshot takes */
};

/* --- helpers shared across files (fm_sys.c) --- */

/* Mark the pages of [off, off + len) changed: dirty for snapshots. Defined inline: hot path. */
static inline void fm_dirty_range(struct fm_dev *dv, uint32_t off, uint32_t len)
{
    if (len == 0) {
        return;
    }
    uint32_t first = off >> dv->page_shift;
    uint32_t last = (off + len - 1) >> dv->page_shift;
    for (uint32_t p = first; p <= last; p++) {
        if (!dv->dirty[p]) {
            dv->dirty[p] = 1;
            dv->dirty_list[dv->n_dirty++] = p;
        }
    }
}

/* The device holding the cells of @p dv (itself, or the RAM parent of a flash simulator). */
static inline struct fm_dev *fm_backing(struct fm_sys *s, struct fm_dev *dv)
{
    return dv->d.parent >= 0 ? &s->dev[dv->d.parent] : dv;
}

/* Byte offset of @p dv's offset 0 inside its backing device. */
static inline uint32_t fm_backing_offset(const struct fm_dev *dv)
{
    return dv->d.parent >= 0 ? dv->d.parent_offset : 0;
}

/* Make the cells of [off, off + len) of @p dv defined (materialise RAM garbage) and mark them
 * dirty if @p will_change. Works on flash simulators through their parent. */
void fm_prepare(struct fm_sys *s, struct fm_dev *dv, uint32_t off, uint32_t len, bool will_change);

/* Record a violation, bus fault or wear event at operation number @p seq. */
void fm_record_at(struct fm_sys *s, uint64_t seq, enum fm_record_kind kind, int err, int dev, int core,
                  uint32_t addr, uint32_t len, uint8_t access);

/* Record an event at the current operation number. */
void fm_record(struct fm_sys *s, enum fm_record_kind kind, int err, int dev, int core, uint32_t addr,
               uint32_t len, uint8_t access);

/* Cut power: RAM becomes garbage (lazily), the system is off. */
void fm_cut_power(struct fm_sys *s);

/* NAND hooks of the generic calls (fm_nand.c). */
int fm_nand_alloc(struct fm_dev *dv);
int fm_nand_read(struct fm_sys *s, int dev, uint32_t off, void *buf, uint32_t len, uint64_t *us);
int fm_nand_program(struct fm_sys *s, int dev, uint32_t off, const void *buf, uint32_t len, uint64_t *us);
int fm_nand_erase(struct fm_sys *s, int dev, uint32_t off, uint32_t len, uint64_t *us);
void fm_nand_loaded(struct fm_sys *s, struct fm_dev *dv, uint32_t off, uint32_t len);

/* Ask the fault hook about the operation numbered s->seq (fm_nor.c). */
enum fm_fault_action fm_ask_hook(struct fm_sys *s, int dev, enum fm_op_kind kind, uint32_t off, uint32_t len,
                                 struct fm_tear *tear);

/* Range check without overflow. */
static inline bool fm_in_range(const struct fm_dev *dv, uint32_t off, uint32_t len)
{
    return off <= dv->d.size && len <= dv->d.size - off;
}

#endif /* FM_INTERNAL_H */
