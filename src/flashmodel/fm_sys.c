/* The system: creation from a description, lookups, power, counters and records. */
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "flashmodel/prng.h"
#include "fm_internal.h"

static bool is_pow2(uint32_t v)
{
    return v != 0 && (v & (v - 1)) == 0;
}

static uint32_t log2u(uint32_t v)
{
    uint32_t s = 0;
    while ((1u << s) < v) {
        s++;
    }
    return s;
}

/* Check one device description against the rules the model relies on. */
static bool device_desc_ok(const struct fm_desc *desc, unsigned i)
{
    const struct fm_device_desc *d = &desc->devices[i];
    if (d->name == NULL || !is_pow2(d->page_size) || d->size % d->page_size != 0 || d->write_size == 0 ||
        d->page_size % d->write_size != 0 || d->prog_op_size == 0 || d->prog_op_size % d->write_size != 0 ||
        d->page_size % d->prog_op_size != 0 || d->max_writes > 254) {
        return false;
    }
    if (d->kind == FM_KIND_FLASH_SIM) {
        if (d->parent < 0 || (unsigned)d->parent >= desc->n_devices || (unsigned)d->parent == i) {
            return false;
        }
        const struct fm_device_desc *p = &desc->devices[d->parent];
        return p->kind == FM_KIND_RAM && d->parent_offset % p->page_size == 0 && d->parent_offset <= p->size &&
               d->size <= p->size - d->parent_offset;
    }
    if (d->kind == FM_KIND_NAND) {
        /* the W25N01GV geometry (flashmodel/nand.h): 2 KiB pages, programmed once, 128 KiB blocks */
        return d->parent < 0 && d->page_size == FM_NAND_BLOCK && d->write_size == FM_NAND_PAGE &&
               d->prog_op_size == FM_NAND_PAGE && d->max_writes == 1;
    }
    return d->parent < 0;
}

static bool regions_ok(const struct fm_desc *desc)
{
    for (unsigned c = 0; c < FM_CORE_COUNT; c++) {
        if (desc->n_regions[c] > FM_MAX_REGIONS) {
            return false;
        }
        for (unsigned i = 0; i < desc->n_regions[c]; i++) {
            const struct fm_bus_region *r = &desc->regions[c][i];
            if (r->dev < 0 || (unsigned)r->dev >= desc->n_devices || r->size == 0 ||
                r->base > UINT32_MAX - (r->size - 1)) {
                return false;
            }
            const struct fm_device_desc *d = &desc->devices[r->dev];
            if (d->kind == FM_KIND_NAND) {
                return false; /* NAND is not memory-mapped: only its driver reaches it */
            }
            if (r->dev_offset > d->size || r->size > d->size - r->dev_offset) {
                return false;
            }
            for (unsigned j = 0; j < i; j++) {
                const struct fm_bus_region *o = &desc->regions[c][j];
                if (r->base <= o->base + (o->size - 1) && o->base <= r->base + (r->size - 1)) {
                    return false;
                }
            }
        }
    }
    return true;
}

static int dev_alloc(struct fm_dev *dv)
{
    const struct fm_device_desc *d = &dv->d;
    dv->n_pages = d->size / d->page_size;
    dv->page_shift = log2u(d->page_size);
    size_t pages = dv->n_pages ? dv->n_pages : 1;
    if (d->kind != FM_KIND_FLASH_SIM) {
        /* Cells are made on first access, page by page: flash erased (it leaves the factory so),
         * RAM as garbage. Creating a system touches none of its megabytes. */
        dv->own_data = calloc(d->size ? d->size : 1, 1);
        if (dv->own_data == NULL) {
            return FM_E_NOMEM;
        }
        dv->data = dv->own_data;
        dv->page_gen = calloc(pages, sizeof(uint32_t));
    }
    if (d->max_writes > 0 && d->kind != FM_KIND_RAM) {
        dv->wcount = calloc(d->size / d->write_size + 1, 1);
    }
    dv->erase_count = calloc(pages, sizeof(uint32_t));
    dv->dirty = calloc(pages, 1);
    dv->dirty_list = calloc(pages, sizeof(uint32_t));
    dv->touched = calloc(pages, 1);
    if ((d->max_writes > 0 && d->kind != FM_KIND_RAM && dv->wcount == NULL) ||
        (d->kind != FM_KIND_FLASH_SIM && dv->page_gen == NULL) || dv->erase_count == NULL || dv->dirty == NULL ||
        dv->dirty_list == NULL || dv->touched == NULL) {
        return FM_E_NOMEM;
    }
    return d->kind == FM_KIND_NAND ? fm_nand_alloc(dv) : 0;
}

/* An ACL guards one NVMC flash device of the system, for one core. */
static bool acl_ok(const struct fm_desc *desc)
{
    const struct fm_acl_desc *a = &desc->acl;
    if (a->regions == 0u) {
        return true;
    }
    return a->regions <= FM_MAX_ACL && (unsigned)a->core < FM_CORE_COUNT && a->dev >= 0 &&
           (unsigned)a->dev < desc->n_devices && desc->devices[a->dev].kind == FM_KIND_NVMC;
}

int fm_sys_create(const struct fm_desc *desc, uint64_t seed, struct fm_sys **out)
{
    *out = NULL;
    if (desc == NULL || desc->n_devices == 0 || desc->n_devices > FM_MAX_DEVICES || !regions_ok(desc) ||
        !acl_ok(desc)) {
        return FM_E_INVAL;
    }
    for (unsigned i = 0; i < desc->n_devices; i++) {
        if (!device_desc_ok(desc, i)) {
            return FM_E_INVAL;
        }
    }
    struct fm_sys *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return FM_E_NOMEM;
    }
    s->desc = *desc;
    s->n_dev = desc->n_devices;
    for (unsigned i = 0; i < s->n_dev; i++) {
        s->dev[i].d = desc->devices[i];
        int rc = dev_alloc(&s->dev[i]);
        if (rc != 0) {
            fm_sys_destroy(s);
            return rc;
        }
    }
    for (unsigned i = 0; i < s->n_dev; i++) {
        struct fm_dev *dv = &s->dev[i];
        if (dv->d.kind == FM_KIND_FLASH_SIM) {
            dv->data = s->dev[dv->d.parent].data + dv->d.parent_offset;
        }
    }
    s->seed = seed;
    s->cur_gen = 1; /* page_gen starts at 0: every RAM page is garbage until first touched */
    s->garbage_seed = fm_prng_mix(seed, 0);
    s->powered = true;
    *out = s;
    return 0;
}

void fm_sys_destroy(struct fm_sys *s)
{
    if (s == NULL) {
        return;
    }
    for (unsigned i = 0; i < s->n_dev; i++) {
        struct fm_dev *dv = &s->dev[i];
        free(dv->own_data);
        free(dv->wcount);
        free(dv->page_gen);
        free(dv->erase_count);
        free(dv->dirty);
        free(dv->dirty_list);
        free(dv->touched);
        free(dv->nand);
    }
    free(s);
}

unsigned fm_dev_count(const struct fm_sys *s)
{
    return s->n_dev;
}

int fm_dev_find(const struct fm_sys *s, const char *name)
{
    for (unsigned i = 0; i < s->n_dev; i++) {
        if (strcmp(s->dev[i].d.name, name) == 0) {
            return (int)i;
        }
    }
    return FM_E_INVAL;
}

const struct fm_device_desc *fm_dev_desc(const struct fm_sys *s, int dev)
{
    return dev >= 0 && (unsigned)dev < s->n_dev ? &s->dev[dev].d : NULL;
}

/* Fill one RAM page with the garbage of the current generation. */
static void fill_garbage(struct fm_sys *s, struct fm_dev *b, uint32_t page)
{
    uint64_t st = fm_prng_mix(s->garbage_seed, page);
    uint8_t *p = b->data + ((size_t)page << b->page_shift);
    for (uint32_t i = 0; i < b->d.page_size; i += 8) {
        uint64_t v = fm_prng_next(&st);
        memcpy(p + i, &v, 8);
    }
    b->page_gen[page] = s->cur_gen;
    fm_dirty_range(b, page << b->page_shift, 1);
}

void fm_prepare(struct fm_sys *s, struct fm_dev *dv, uint32_t off, uint32_t len, bool will_change)
{
    if (len == 0) {
        return;
    }
    struct fm_dev *b = fm_backing(s, dv);
    uint32_t boff = off + fm_backing_offset(dv);
    if (b->page_gen != NULL) {
        uint32_t first = boff >> b->page_shift;
        uint32_t last = (boff + len - 1) >> b->page_shift;
        if (b->d.kind == FM_KIND_RAM) {
            for (uint32_t p = first; p <= last; p++) {
                if (b->page_gen[p] != s->cur_gen) {
                    fill_garbage(s, b, p);
                }
            }
        } else {
            /* flash: page_gen 0 = never touched = erased */
            for (uint32_t p = first; p <= last; p++) {
                if (b->page_gen[p] == 0) {
                    memset(b->data + ((size_t)p << b->page_shift), 0xFF, b->d.page_size);
                    b->page_gen[p] = 1;
                    fm_dirty_range(b, p << b->page_shift, 1);
                }
            }
        }
    }
    if (will_change) {
        fm_dirty_range(b, boff, len);
    }
}

void fm_record_at(struct fm_sys *s, uint64_t seq, enum fm_record_kind kind, int err, int dev, int core,
                  uint32_t addr, uint32_t len, uint8_t access)
{
    if (s->n_records < FM_MAX_RECORDS) {
        s->records[s->n_records++] = (struct fm_record){kind, err, seq, dev, core, addr, len, access};
    }
    s->total_records++;
    if (kind == FM_REC_VIOLATION && dev >= 0) {
        s->dev[dev].stats.violations++;
    }
}

void fm_record(struct fm_sys *s, enum fm_record_kind kind, int err, int dev, int core, uint32_t addr, uint32_t len,
               uint8_t access)
{
    fm_record_at(s, s->seq, kind, err, dev, core, addr, len, access);
}

void fm_cut_power(struct fm_sys *s)
{
    s->powered = false;
    s->power_cycles++;
    s->cur_gen++;
    s->garbage_seed = fm_prng_mix(s->seed, s->power_cycles);
}

void fm_set_fault_hook(struct fm_sys *s, fm_fault_fn fn, void *ctx, uint64_t first_seq)
{
    s->hook = fn;
    s->hook_ctx = ctx;
    s->hook_ask_at = first_seq;
}

uint64_t fm_next_seq(const struct fm_sys *s)
{
    return s->seq;
}

bool fm_powered(const struct fm_sys *s)
{
    return s->powered;
}

void fm_power_loss(struct fm_sys *s)
{
    fm_cut_power(s);
}

void fm_power_on(struct fm_sys *s)
{
    /* A power-on reset clears the SPU configuration of both cores and the ACL. */
    s->powered = true;
    fm_bus_unprotect_all(s, FM_CORE_APP);
    fm_bus_unprotect_all(s, FM_CORE_NET);
    fm_acl_reset(s);
}

void fm_warm_reset(struct fm_sys *s)
{
    fm_bus_unprotect_all(s, FM_CORE_APP);
    fm_bus_unprotect_all(s, FM_CORE_NET);
    fm_acl_reset(s);
}

int fm_stats(const struct fm_sys *s, int dev, struct fm_stats *out)
{
    if (dev < 0 || (unsigned)dev >= s->n_dev) {
        return FM_E_INVAL;
    }
    *out = s->dev[dev].stats;
    return 0;
}

void fm_stats_reset(struct fm_sys *s)
{
    for (unsigned i = 0; i < s->n_dev; i++) {
        struct fm_dev *dv = &s->dev[i];
        memset(&dv->stats, 0, sizeof(dv->stats));
        for (uint32_t p = 0; p < dv->n_pages; p++) {
            if (dv->touched[p]) {
                dv->touched[p] = 0;
                fm_dirty_range(dv, p << dv->page_shift, 1);
            }
        }
    }
}

uint32_t fm_page_erase_count(const struct fm_sys *s, int dev, uint32_t page)
{
    if (dev < 0 || (unsigned)dev >= s->n_dev || page >= s->dev[dev].n_pages) {
        return 0;
    }
    return s->dev[dev].erase_count[page];
}

uint32_t fm_write_count(const struct fm_sys *s, int dev, uint32_t off)
{
    if (dev < 0 || (unsigned)dev >= s->n_dev || s->dev[dev].wcount == NULL || off >= s->dev[dev].d.size) {
        return 0;
    }
    return s->dev[dev].wcount[off / s->dev[dev].d.write_size];
}

uint32_t fm_pages_touched(const struct fm_sys *s, int dev, uint32_t *pages, uint32_t max)
{
    if (dev < 0 || (unsigned)dev >= s->n_dev) {
        return 0;
    }
    const struct fm_dev *dv = &s->dev[dev];
    uint32_t n = 0;
    for (uint32_t p = 0; p < dv->n_pages; p++) {
        if (dv->touched[p]) {
            if (pages != NULL && n < max) {
                pages[n] = p;
            }
            n++;
        }
    }
    return n;
}

const struct fm_record *fm_records(const struct fm_sys *s, uint64_t *total, unsigned *count)
{
    if (total != NULL) {
        *total = s->total_records;
    }
    if (count != NULL) {
        *count = s->n_records;
    }
    return s->records;
}

void fm_records_clear(struct fm_sys *s)
{
    s->n_records = 0;
    s->total_records = 0;
}
