/* SPI NAND (FM_KIND_NAND) after the Winbond W25N01GV: page reads through the on-die ECC, page
 * programs once per erase in ascending order, block erases, factory and grown bad blocks, bit
 * errors, torn operations. The rules and their sources are in flashmodel/nand.h. */
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "flashmodel/prng.h"
#include "fm_internal.h"

_Static_assert(sizeof(((struct fm_nand_block *)0)->spare) == FM_NAND_PAGES_PER_BLOCK * FM_NAND_SPARE,
               "spare of a block");
_Static_assert(sizeof(((struct fm_nand_block *)0)->flips) == FM_NAND_PAGES_PER_BLOCK, "flips of a block");

/* State of a block (fm_nand_block::state). */
enum fm_nand_blk_state {
    NB_GOOD = 0,    /* works */
    NB_FACTORY = 1, /* marked bad at the factory */
    NB_GROWN = 2,   /* went bad: has failed a program or erase */
    NB_ARMED = 3,   /* good until its next program or erase, which fails */
};

/* fm_nand_block::flips of a page a torn or failed operation left: always uncorrectable. */
#define FM_NAND_TORN 0xFFu
/* Bits a torn page shows flipped when read (more than the ECC corrects). */
#define FM_NAND_TORN_BITS 8u
/* Most bit errors fm_nand_bit_errors() accepts. */
#define FM_NAND_MAX_INJECT 200u

int fm_nand_desc(struct fm_device_desc *out, const char *name, uint32_t blocks)
{
    if (out == NULL || name == NULL || blocks == 0 || blocks > FM_NAND_W25N01GV_BLOCKS) {
        return FM_E_INVAL;
    }
    *out = (struct fm_device_desc){
        .name = name,
        .kind = FM_KIND_NAND,
        .size = blocks * FM_NAND_BLOCK,
        .page_size = FM_NAND_BLOCK,
        .write_size = FM_NAND_PAGE,
        .prog_op_size = FM_NAND_PAGE,
        .max_writes = 1,
        .endurance = 0, /* NF in the facts: not modelled */
        .strict_set_bits = false,
        .parent = -1,
        .parent_offset = 0,
        .timing = {.prog_op_us = FM_NAND_T_PROG_US, .erase_us = FM_NAND_T_ERASE_US, .read_bytes_per_us = 0},
    };
    return 0;
}

int fm_nand_alloc(struct fm_dev *dv)
{
    dv->nand = malloc((size_t)(dv->n_pages ? dv->n_pages : 1) * sizeof(struct fm_nand_block));
    if (dv->nand == NULL) {
        return FM_E_NOMEM;
    }
    for (uint32_t b = 0; b < dv->n_pages; b++) {
        memset(dv->nand[b].spare, 0xFF, sizeof(dv->nand[b].spare));
        memset(dv->nand[b].flips, 0, sizeof(dv->nand[b].flips));
        dv->nand[b].state = NB_GOOD;
    }
    return 0;
}

static struct fm_dev *nand_dev(struct fm_sys *s, int dev)
{
    return dev >= 0 && (unsigned)dev < s->n_dev && s->dev[dev].d.kind == FM_KIND_NAND ? &s->dev[dev] : NULL;
}

static uint32_t n_npages(const struct fm_dev *dv)
{
    return dv->n_pages * FM_NAND_PAGES_PER_BLOCK;
}

static void add_time(uint64_t *us, uint64_t t)
{
    if (us != NULL) {
        *us += t;
    }
}

/* Flip @p bits distinct bits of the first ECC step of a page (997 is odd: distinct positions). */
static void flip_bits(uint8_t *page, unsigned bits)
{
    for (unsigned k = 0; k < bits; k++) {
        unsigned bit = (k * 997u + 13u) % (FM_NAND_ECC_STEP * 8u);
        page[bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
    }
}

/* Read [col, col + n) of page @p page (and its spare) into the page buffer and out. */
static enum fm_nand_ecc read_one(struct fm_sys *s, struct fm_dev *dv, uint32_t page, uint8_t *data, uint32_t col,
                                 uint32_t n, uint8_t *spare, uint64_t *us)
{
    const uint32_t off = page * FM_NAND_PAGE;
    fm_prepare(s, dv, off, FM_NAND_PAGE, false);
    const struct fm_nand_block *blk = &dv->nand[page / FM_NAND_PAGES_PER_BLOCK];
    const unsigned f = blk->flips[page % FM_NAND_PAGES_PER_BLOCK];
    enum fm_nand_ecc ecc = f == 0 ? FM_NAND_ECC_CLEAN : f <= FM_NAND_ECC_BITS ? FM_NAND_ECC_CORRECTED
                                                                             : FM_NAND_ECC_UNCORRECTABLE;
    if (data != NULL) {
        if (ecc == FM_NAND_ECC_UNCORRECTABLE) {
            uint8_t raw[FM_NAND_PAGE];
            memcpy(raw, dv->data + off, FM_NAND_PAGE);
            flip_bits(raw, f == FM_NAND_TORN ? FM_NAND_TORN_BITS : f);
            memcpy(data, raw + col, n);
        } else {
            memcpy(data, dv->data + off + col, n);
        }
    }
    if (spare != NULL) {
        memcpy(spare, blk->spare[page % FM_NAND_PAGES_PER_BLOCK], FM_NAND_SPARE);
    }
    dv->stats.ecc_corrected += ecc == FM_NAND_ECC_CORRECTED;
    dv->stats.ecc_uncorrectable += ecc == FM_NAND_ECC_UNCORRECTABLE;
    add_time(us, FM_NAND_T_READ_US);
    return ecc;
}

int fm_nand_read(struct fm_sys *s, int dev, uint32_t off, void *buf, uint32_t len, uint64_t *us)
{
    struct fm_dev *dv = nand_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (!fm_in_range(dv, off, len)) {
        return FM_E_RANGE;
    }
    int rc = 0;
    uint8_t *out = buf;
    dv->stats.reads++;
    dv->stats.read_bytes += len;
    while (len > 0) {
        uint32_t col = off % FM_NAND_PAGE, n = FM_NAND_PAGE - col;
        n = n < len ? n : len;
        if (read_one(s, dv, off / FM_NAND_PAGE, out, col, n, NULL, us) == FM_NAND_ECC_UNCORRECTABLE) {
            rc = FM_E_ECC;
        }
        off += n;
        out += n;
        len -= n;
    }
    return rc;
}

int fm_nand_read_page(struct fm_sys *s, int dev, uint32_t page, void *data, void *spare, enum fm_nand_ecc *ecc,
                      uint64_t *us)
{
    struct fm_dev *dv = nand_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (page >= n_npages(dv)) {
        return FM_E_RANGE;
    }
    dv->stats.reads++;
    dv->stats.read_bytes += (data ? FM_NAND_PAGE : 0u) + (spare ? FM_NAND_SPARE : 0u);
    enum fm_nand_ecc e = read_one(s, dv, page, data, 0, FM_NAND_PAGE, spare, us);
    if (ecc != NULL) {
        *ecc = e;
    }
    return e == FM_NAND_ECC_UNCORRECTABLE ? FM_E_ECC : 0;
}

/* Cells of an interrupted or failed program: each bit to clear clears with some probability. */
static void part_program(uint8_t *p, const uint8_t *src, uint32_t n, enum fm_tear_mode mode, uint64_t *st)
{
    if (mode == FM_TEAR_PREFIX) {
        uint32_t k = (uint32_t)(fm_prng_next(st) % (n + 1u));
        for (uint32_t i = 0; i < k; i++) {
            p[i] &= src[i];
        }
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = fm_prng_next(st), b = a >> 8;
        uint8_t m = mode == FM_TEAR_SOMEBITS ? (uint8_t)(a & b) : mode == FM_TEAR_MOSTBITS ? (uint8_t)(a | b)
                                                                                            : (uint8_t)a;
        p[i] = (uint8_t)(p[i] & ~((uint8_t)(p[i] & ~src[i]) & m));
    }
}

/* Record program-once and page-order violations of programming page @p page; returns the code. */
static int check_page_rules(struct fm_sys *s, int dev, struct fm_dev *dv, uint32_t page)
{
    int rc = 0;
    const uint32_t first = page - page % FM_NAND_PAGES_PER_BLOCK;
    if (dv->wcount[page] >= 1u) {
        fm_record(s, FM_REC_VIOLATION, FM_E_NWRITE, dev, -1, page * FM_NAND_PAGE, FM_NAND_PAGE, 0);
        rc = FM_E_NWRITE;
    }
    for (uint32_t q = page + 1; q < first + FM_NAND_PAGES_PER_BLOCK; q++) {
        if (dv->wcount[q] != 0u) {
            fm_record(s, FM_REC_VIOLATION, FM_E_PAGE_ORDER, dev, -1, page * FM_NAND_PAGE, FM_NAND_PAGE, 0);
            rc = rc ? rc : FM_E_PAGE_ORDER;
            break;
        }
    }
    return rc;
}

/* The power-cut part of an operation the hook decided to tear or cut after. */
static int end_op(struct fm_sys *s, enum fm_fault_action a, int rc)
{
    if (a == FM_FAULT_TEAR || a == FM_FAULT_CUT_AFTER) {
        fm_cut_power(s);
        return FM_E_POWER_LOSS;
    }
    return rc;
}

static void touch_block(struct fm_dev *dv, uint32_t block)
{
    if (!dv->touched[block]) {
        dv->touched[block] = 1;
        dv->stats.pages_touched++;
    }
}

/* The seeded model of blocks going bad (fm_nand_fail_rate()): does the operation numbered s->seq
 * find its good block gone bad? A function of the seed and the operation number only, so a replay
 * of the same operations fails the same ones. */
static void maybe_go_bad(const struct fm_sys *s, const struct fm_dev *dv, struct fm_nand_block *blk)
{
    if (blk->state == NB_GOOD && dv->nand_fail_ppm != 0u &&
        fm_prng_mix(dv->nand_fail_seed, s->seq) % 1000000u < dv->nand_fail_ppm) {
        blk->state = NB_ARMED;
    }
}

/* One page program: one operation number, one hook decision. */
static int program_page(struct fm_sys *s, int dev, struct fm_dev *dv, uint32_t page, const uint8_t *data,
                        const uint8_t *spare, uint64_t *us)
{
    const uint32_t off = page * FM_NAND_PAGE, pib = page % FM_NAND_PAGES_PER_BLOCK;
    struct fm_nand_block *blk = &dv->nand[page / FM_NAND_PAGES_PER_BLOCK];
    fm_prepare(s, dv, off, FM_NAND_PAGE, true);
    touch_block(dv, page / FM_NAND_PAGES_PER_BLOCK);
    struct fm_tear tear;
    enum fm_fault_action a = fm_ask_hook(s, dev, FM_OP_PROGRAM, off, FM_NAND_PAGE, &tear);
    if (a == FM_FAULT_CUT_BEFORE) {
        fm_cut_power(s);
        return FM_E_POWER_LOSS;
    }
    uint64_t st = fm_prng_mix(a == FM_FAULT_TEAR ? tear.seed : s->seed, s->seq);
    int rc;
    maybe_go_bad(s, dv, blk);
    if (blk->state == NB_FACTORY) {
        fm_record(s, FM_REC_VIOLATION, FM_E_BAD_BLOCK, dev, -1, off, FM_NAND_PAGE, 0);
        dv->stats.status_fails++;
        rc = FM_E_BAD_BLOCK;
    } else if (blk->state == NB_GROWN || blk->state == NB_ARMED) {
        blk->state = NB_GROWN;
        part_program(dv->data + off, data, FM_NAND_PAGE, FM_TEAR_SOMEBITS, &st);
        blk->flips[pib] = FM_NAND_TORN;
        dv->wcount[page] = 1;
        dv->stats.status_fails++;
        rc = FM_E_PROGRAM_FAIL;
    } else {
        rc = check_page_rules(s, dev, dv, page);
        dv->wcount[page] = (uint8_t)(dv->wcount[page] < 255u ? dv->wcount[page] + 1u : 255u);
        if (a == FM_FAULT_TEAR) {
            part_program(dv->data + off, data, FM_NAND_PAGE, tear.mode, &st);
            part_program(blk->spare[pib], spare, FM_NAND_SPARE, tear.mode, &st);
            blk->flips[pib] = FM_NAND_TORN;
        } else {
            for (uint32_t i = 0; i < FM_NAND_PAGE; i++) {
                dv->data[off + i] &= data[i];
            }
            for (uint32_t i = 0; i < FM_NAND_SPARE; i++) {
                blk->spare[pib][i] &= spare[i];
            }
        }
    }
    s->seq++;
    dv->stats.prog_ops++;
    dv->stats.prog_bytes += FM_NAND_PAGE;
    add_time(us, a == FM_FAULT_TEAR ? FM_NAND_T_PROG_US / 2u : FM_NAND_T_PROG_US);
    return end_op(s, a, rc);
}

/* Checks shared by program and erase; geometry errors are recorded as for the NOR devices. */
static int op_checks(struct fm_sys *s, int dev, const struct fm_dev *dv, uint32_t off, uint32_t len,
                     uint32_t align)
{
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (!fm_in_range(dv, off, len)) {
        fm_record(s, FM_REC_VIOLATION, FM_E_RANGE, dev, -1, off, len, 0);
        return FM_E_RANGE;
    }
    if (off % align != 0 || len % align != 0) {
        fm_record(s, FM_REC_VIOLATION, FM_E_ALIGN, dev, -1, off, len, 0);
        return FM_E_ALIGN;
    }
    return 0;
}

int fm_nand_program_page(struct fm_sys *s, int dev, uint32_t page, const void *data, const void *spare,
                         uint64_t *us)
{
    struct fm_dev *dv = nand_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (page >= n_npages(dv)) {
        return FM_E_RANGE;
    }
    uint8_t ff[FM_NAND_PAGE];
    memset(ff, 0xFF, sizeof(ff));
    return program_page(s, dev, dv, page, data ? data : ff, spare ? spare : ff, us);
}

int fm_nand_program(struct fm_sys *s, int dev, uint32_t off, const void *buf, uint32_t len, uint64_t *us)
{
    struct fm_dev *dv = nand_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    int rc = op_checks(s, dev, dv, off, len, FM_NAND_PAGE);
    if (rc != 0) {
        return rc;
    }
    uint8_t ff[FM_NAND_SPARE];
    memset(ff, 0xFF, sizeof(ff));
    const uint8_t *src = buf;
    int first = 0;
    for (uint32_t o = 0; o < len; o += FM_NAND_PAGE) {
        rc = program_page(s, dev, dv, (off + o) / FM_NAND_PAGE, src + o, ff, us);
        if (rc == FM_E_POWER_LOSS || rc == FM_E_PROGRAM_FAIL || rc == FM_E_BAD_BLOCK) {
            return rc; /* a driver stops at a failed status */
        }
        first = first ? first : rc;
    }
    return first;
}

/* Cells of an interrupted or failed erase: bits go to 1 part-way. */
static void part_erase(uint8_t *p, uint32_t n, enum fm_tear_mode mode, uint64_t *st)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = fm_prng_next(st), b = a >> 8;
        p[i] |= mode == FM_TEAR_SOMEBITS ? (uint8_t)(a & b) : mode == FM_TEAR_MOSTBITS ? (uint8_t)(a | b) : (uint8_t)a;
    }
}

/* One block erase: one operation number, one hook decision. */
static int erase_block(struct fm_sys *s, int dev, struct fm_dev *dv, uint32_t block, uint64_t *us)
{
    const uint32_t off = block * FM_NAND_BLOCK;
    struct fm_nand_block *blk = &dv->nand[block];
    fm_prepare(s, dv, off, FM_NAND_BLOCK, true);
    touch_block(dv, block);
    struct fm_tear tear;
    enum fm_fault_action a = fm_ask_hook(s, dev, FM_OP_ERASE, off, FM_NAND_BLOCK, &tear);
    if (a == FM_FAULT_CUT_BEFORE) {
        fm_cut_power(s);
        return FM_E_POWER_LOSS;
    }
    uint64_t st = fm_prng_mix(a == FM_FAULT_TEAR ? tear.seed : s->seed, s->seq);
    int rc = 0;
    maybe_go_bad(s, dv, blk);
    if (blk->state == NB_FACTORY) {
        fm_record(s, FM_REC_VIOLATION, FM_E_BAD_BLOCK, dev, -1, off, FM_NAND_BLOCK, 0);
        dv->stats.status_fails++;
        rc = FM_E_BAD_BLOCK;
    } else if (blk->state == NB_GROWN || blk->state == NB_ARMED || a == FM_FAULT_TEAR) {
        /* failed or interrupted: part-way, every page unreadable, write counts as they were */
        if (blk->state != NB_GOOD) {
            blk->state = NB_GROWN;
            dv->stats.status_fails++;
            rc = FM_E_ERASE_FAIL;
        }
        dv->erase_count[block]++;
        part_erase(dv->data + off, FM_NAND_BLOCK, a == FM_FAULT_TEAR ? tear.mode : FM_TEAR_SOMEBITS, &st);
        memset(blk->flips, FM_NAND_TORN, sizeof(blk->flips));
    } else {
        dv->erase_count[block]++;
        memset(dv->data + off, 0xFF, FM_NAND_BLOCK);
        memset(blk->spare, 0xFF, sizeof(blk->spare));
        memset(blk->flips, 0, sizeof(blk->flips));
        memset(dv->wcount + block * FM_NAND_PAGES_PER_BLOCK, 0, FM_NAND_PAGES_PER_BLOCK);
    }
    s->seq++;
    dv->stats.erases++;
    add_time(us, a == FM_FAULT_TEAR ? FM_NAND_T_ERASE_US / 2u : FM_NAND_T_ERASE_US);
    return end_op(s, a, rc);
}

int fm_nand_erase(struct fm_sys *s, int dev, uint32_t off, uint32_t len, uint64_t *us)
{
    struct fm_dev *dv = nand_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    int rc = op_checks(s, dev, dv, off, len, FM_NAND_BLOCK);
    if (rc != 0) {
        return rc;
    }
    for (uint32_t o = 0; o < len; o += FM_NAND_BLOCK) {
        rc = erase_block(s, dev, dv, (off + o) / FM_NAND_BLOCK, us);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

void fm_nand_loaded(struct fm_sys *s, struct fm_dev *dv, uint32_t off, uint32_t len)
{
    (void)s;
    if (len == 0) {
        return;
    }
    for (uint32_t p = off / FM_NAND_PAGE; p <= (off + len - 1) / FM_NAND_PAGE; p++) {
        const uint8_t *d = dv->data + (size_t)p * FM_NAND_PAGE;
        for (uint32_t i = 0; i < FM_NAND_PAGE; i++) {
            if (d[i] != 0xFFu) {
                dv->wcount[p] = dv->wcount[p] ? dv->wcount[p] : 1u;
                break;
            }
        }
    }
}

/* The block record of (dev, block), made defined and marked changed; NULL if invalid. */
static struct fm_nand_block *set_up_block(struct fm_sys *s, int dev, uint32_t block, int *rc)
{
    struct fm_dev *dv = nand_dev(s, dev);
    *rc = dv == NULL ? FM_E_INVAL : block >= dv->n_pages ? FM_E_RANGE : 0;
    if (*rc != 0) {
        return NULL;
    }
    fm_prepare(s, dv, block * FM_NAND_BLOCK, FM_NAND_BLOCK, true);
    return &dv->nand[block];
}

int fm_nand_factory_bad(struct fm_sys *s, int dev, uint32_t block)
{
    int rc;
    struct fm_nand_block *blk = set_up_block(s, dev, block, &rc);
    if (blk == NULL) {
        return rc;
    }
    struct fm_dev *dv = &s->dev[dev];
    dv->data[block * FM_NAND_BLOCK] = 0x00;
    blk->spare[0][0] = 0x00;
    dv->wcount[block * FM_NAND_PAGES_PER_BLOCK] = 1;
    blk->state = NB_FACTORY;
    return 0;
}

int fm_nand_grow_bad(struct fm_sys *s, int dev, uint32_t block)
{
    int rc;
    struct fm_nand_block *blk = set_up_block(s, dev, block, &rc);
    if (blk == NULL) {
        return rc;
    }
    if (blk->state == NB_GOOD) {
        blk->state = NB_ARMED;
    }
    return 0;
}

int fm_nand_fail_rate(struct fm_sys *s, int dev, uint32_t ppm, uint64_t seed)
{
    struct fm_dev *dv = nand_dev(s, dev);
    if (dv == NULL || ppm > 1000000u) {
        return FM_E_INVAL;
    }
    dv->nand_fail_ppm = ppm;
    dv->nand_fail_seed = seed;
    return 0;
}

int fm_nand_bit_errors(struct fm_sys *s, int dev, uint32_t page, unsigned bits)
{
    if (bits > FM_NAND_MAX_INJECT) {
        return FM_E_INVAL;
    }
    int rc;
    struct fm_nand_block *blk = set_up_block(s, dev, page / FM_NAND_PAGES_PER_BLOCK, &rc);
    if (blk == NULL) {
        return rc;
    }
    blk->flips[page % FM_NAND_PAGES_PER_BLOCK] = (uint8_t)bits;
    return 0;
}

int fm_nand_block_state(const struct fm_sys *s, int dev, uint32_t block)
{
    if (dev < 0 || (unsigned)dev >= s->n_dev || s->dev[dev].d.kind != FM_KIND_NAND) {
        return FM_E_INVAL;
    }
    const struct fm_dev *dv = &s->dev[dev];
    if (block >= dv->n_pages) {
        return FM_E_RANGE;
    }
    uint8_t st = dv->nand[block].state;
    return st == NB_FACTORY ? 1 : st == NB_GROWN ? 2 : 0;
}

int fm_nand_load_page(struct fm_sys *s, int dev, uint32_t page, const void *data, const void *spare)
{
    int rc;
    struct fm_nand_block *blk = set_up_block(s, dev, page / FM_NAND_PAGES_PER_BLOCK, &rc);
    if (blk == NULL) {
        return rc;
    }
    struct fm_dev *dv = &s->dev[dev];
    if (data != NULL) {
        memcpy(dv->data + (size_t)page * FM_NAND_PAGE, data, FM_NAND_PAGE);
    }
    if (spare != NULL) {
        memcpy(blk->spare[page % FM_NAND_PAGES_PER_BLOCK], spare, FM_NAND_SPARE);
    }
    dv->wcount[page] = 1;
    return 0;
}

int fm_nand_peek_page(struct fm_sys *s, int dev, uint32_t page, void *data, void *spare)
{
    int rc;
    struct fm_nand_block *blk = set_up_block(s, dev, page / FM_NAND_PAGES_PER_BLOCK, &rc);
    if (blk == NULL) {
        return rc;
    }
    if (data != NULL) {
        memcpy(data, s->dev[dev].data + (size_t)page * FM_NAND_PAGE, FM_NAND_PAGE);
    }
    if (spare != NULL) {
        memcpy(spare, blk->spare[page % FM_NAND_PAGES_PER_BLOCK], FM_NAND_SPARE);
    }
    return 0;
}

int fm_nand_load_erase(struct fm_sys *s, int dev, uint32_t block)
{
    int rc;
    struct fm_nand_block *blk = set_up_block(s, dev, block, &rc);
    if (blk == NULL) {
        return rc;
    }
    if (blk->state == NB_FACTORY) {
        return 0;
    }
    struct fm_dev *dv = &s->dev[dev];
    memset(dv->data + (size_t)block * FM_NAND_BLOCK, 0xFF, FM_NAND_BLOCK);
    memset(blk->spare, 0xFF, sizeof(blk->spare));
    memset(blk->flips, 0, sizeof(blk->flips));
    memset(dv->wcount + (size_t)block * FM_NAND_PAGES_PER_BLOCK, 0, FM_NAND_PAGES_PER_BLOCK);
    return 0;
}
