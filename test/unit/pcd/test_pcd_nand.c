/* The NAND flash area (src/pcd/nand_area.c) over the flash model's SPI NAND (W25N01GV): bad-block
 * skipping, retirement of a block that fails during a write, ECC, small rewrites, and the map
 * after a power cut at every operation (NAND-BBM, NAND-ECC, NAND-ORDER). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nand.h"
#include "pcd/nand_area.h"

#define PHYS 6u    /* physical blocks of the area: 3 logical + 1 for copies + 2 that may go bad */
#define LOGICAL 3u /* logical blocks */
#define FIRST 1u   /* first physical block of the area (block 0 belongs to someone else) */
#define BLOCKS (FIRST + PHYS + 1u)
#define LSIZE (LOGICAL * FM_NAND_BLOCK)
#define IMG_LEN (FM_NAND_BLOCK * 2u + 20u * FM_NAND_PAGE) /* 2 blocks and 20 pages */

/* ---- a port over the flash model's NAND ---- */

struct nport {
    struct pcd_port port;
    struct fm_sys *sys;
};

static int map_err(int rc)
{
    switch (rc) {
    case 0: return 0;
    case FM_E_POWER_LOSS:
    case FM_E_POWERED_OFF: return PCD_E_HALTED;
    case FM_E_PROGRAM_FAIL:
    case FM_E_ERASE_FAIL:
    case FM_E_BAD_BLOCK: return PCD_E_NAND_FAIL;
    case FM_E_ECC: return PCD_E_ECC;
    case FM_E_RANGE: return PCD_E_RANGE;
    case FM_E_NWRITE:
    case FM_E_PAGE_ORDER:
    case FM_E_ALIGN: return PCD_E_FLASH_RULE;
    default: return PCD_E_IO;
    }
}

static int np_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    struct nport *n = ctx;
    if (mem != PCD_MEM_NAND) {
        return PCD_E_UNSUPPORTED;
    }
    const struct fm_device_desc *d = fm_dev_desc(n->sys, 0);
    *out = (struct pcd_mem_info){d->size, d->page_size, d->write_size, PCD_NO_CPU_ADDR, 0xFF};
    return 0;
}

static int np_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct nport *n = ctx;
    return mem == PCD_MEM_NAND ? map_err(fm_erase(n->sys, 0, off, len, NULL)) : PCD_E_UNSUPPORTED;
}

static int np_read(void *ctx, enum pcd_mem mem, uint32_t page, void *data, void *spare)
{
    struct nport *n = ctx;
    return mem == PCD_MEM_NAND ? map_err(fm_nand_read_page(n->sys, 0, page, data, spare, NULL, NULL))
                               : PCD_E_UNSUPPORTED;
}

static int np_program(void *ctx, enum pcd_mem mem, uint32_t page, const void *data, const void *spare)
{
    struct nport *n = ctx;
    return mem == PCD_MEM_NAND ? map_err(fm_nand_program_page(n->sys, 0, page, data, spare, NULL))
                               : PCD_E_UNSUPPORTED;
}

static const struct pcd_port_ops np_ops = {
    .mem_info = np_mem_info, .flash_erase = np_erase, .nand_read = np_read, .nand_program = np_program,
};

static struct nport *np_new_blocks(uint32_t blocks)
{
    struct nport *n = calloc(1, sizeof(*n));
    assert_non_null(n);
    struct fm_desc d;
    memset(&d, 0, sizeof(d));
    d.n_devices = 1;
    assert_int_equal(fm_nand_desc(&d.devices[0], "nand", blocks), 0);
    assert_int_equal(fm_sys_create(&d, 3, &n->sys), 0);
    n->port = (struct pcd_port){&np_ops, n};
    return n;
}

static struct nport *np_new(void)
{
    return np_new_blocks(BLOCKS);
}

static void np_free(struct nport *n)
{
    fm_sys_destroy(n->sys);
    free(n);
}

/* Rule violations and touches of factory-bad blocks the model recorded. */
static unsigned violations(struct fm_sys *s)
{
    uint64_t total;
    fm_records(s, &total, NULL);
    return (unsigned)total;
}

/* ---- the workload: an image in pages, then trailer-like small writes from the end down ---- */

static uint8_t *image(uint8_t seed)
{
    uint8_t *b = malloc(IMG_LEN);
    assert_non_null(b);
    for (uint32_t i = 0; i < IMG_LEN; i++) {
        b[i] = (uint8_t)(seed + i * 13u + (i >> 11));
    }
    return b;
}

#define NWORDS 3u
static const uint32_t word_off[NWORDS] = {LSIZE - 16u, LSIZE - 24u, LSIZE - 40u};
static const uint8_t word_val[NWORDS][8] = {{0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f},
                                            {0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
                                            {0xD0, 0x0E, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF}};

/* Steps of write_slot() that returned 0: the erase, then each chunk, then each word. */
static unsigned steps_done;

#define CHUNK (2u * FM_NAND_PAGE)

static int write_slot(struct pcd_nand_area *a, const uint8_t *img)
{
    steps_done = 0;
    int rc = pcd_nand_area_erase(a, 0, LSIZE);
    steps_done += rc == 0;
    for (uint32_t o = 0; rc == 0 && o < IMG_LEN; o += CHUNK) {
        rc = pcd_nand_area_write(a, o, img + o, CHUNK < IMG_LEN - o ? CHUNK : IMG_LEN - o);
        steps_done += rc == 0;
    }
    for (uint32_t w = 0; rc == 0 && w < NWORDS; w++) {
        rc = pcd_nand_area_write(a, word_off[w], word_val[w], 8);
        steps_done += rc == 0;
    }
    return rc;
}

static void assert_slot(struct pcd_nand_area *a, const uint8_t *img)
{
    uint8_t *r = malloc(LSIZE);
    assert_non_null(r);
    assert_int_equal(pcd_nand_area_read(a, 0, r, LSIZE), 0);
    assert_memory_equal(r, img, IMG_LEN);
    for (uint32_t w = 0; w < NWORDS; w++) {
        assert_memory_equal(r + word_off[w], word_val[w], 8);
    }
    free(r);
}

static void test_clean_write_and_remount(void **state)
{
    (void)state;
    struct nport *n = np_new();
    struct pcd_nand_area *a = malloc(sizeof(*a));
    uint8_t *img = image(1);
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_int_equal(pcd_nand_area_size(a), LSIZE);
    assert_int_equal(write_slot(a, img), 0);
    assert_slot(a, img);
    assert_int_equal(a->stats.copies, NWORDS); /* each small write copied its block once */
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_slot(a, img);
    assert_int_equal(violations(n->sys), 0);
    /* nothing outside the area was touched */
    assert_int_equal(fm_page_erase_count(n->sys, 0, 0), 0);
    assert_int_equal(fm_page_erase_count(n->sys, 0, FIRST + PHYS), 0);
    /* bad arguments */
    assert_int_equal(pcd_nand_area_erase(a, 1, FM_NAND_BLOCK), PCD_E_INVAL);
    assert_int_equal(pcd_nand_area_write(a, LSIZE - 4u, img, 8), PCD_E_RANGE);
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, PHYS), PCD_E_INVAL);
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, BLOCKS - 1u, PHYS, LOGICAL), PCD_E_RANGE);
    free(img);
    free(a);
    np_free(n);
}

static void test_factory_bad_skipped(void **state)
{
    (void)state;
    struct nport *n = np_new();
    struct pcd_nand_area *a = malloc(sizeof(*a));
    uint8_t *img = image(2);
    assert_int_equal(fm_nand_factory_bad(n->sys, 0, FIRST + 0u), 0);
    assert_int_equal(fm_nand_factory_bad(n->sys, 0, FIRST + 2u), 0);
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_int_equal(a->stats.bad_factory, 2);
    assert_int_equal(write_slot(a, img), 0);
    assert_slot(a, img);
    for (uint32_t l = 0; l < LOGICAL; l++) {
        int pb = pcd_nand_area_phys(a, l);
        assert_true(pb != (int)FIRST && pb != (int)FIRST + 2);
    }
    assert_int_equal(violations(n->sys), 0); /* never programmed or erased a marked block */
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_slot(a, img);
    /* a third bad block: no room for the copies the small writes need */
    assert_int_equal(fm_nand_factory_bad(n->sys, 0, FIRST + 5u), 0);
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_int_equal(write_slot(a, img), PCD_E_NAND_FULL);
    free(img);
    free(a);
    np_free(n);
}

static void test_grown_bad_retired(void **state)
{
    (void)state;
    /* each of the blocks the write uses (3 mapped + 1 for the copies) goes bad in turn */
    for (uint32_t bad = 0; bad < LOGICAL + 1u; bad++) {
        struct nport *n = np_new();
        struct pcd_nand_area *a = malloc(sizeof(*a));
        uint8_t *img = image((uint8_t)(3 + bad));
        assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
        assert_int_equal(fm_nand_grow_bad(n->sys, 0, FIRST + bad), 0);
        assert_int_equal(write_slot(a, img), 0);
        assert_slot(a, img);
        assert_int_equal(fm_nand_block_state(n->sys, 0, FIRST + bad), 2); /* it did fail */
        assert_int_equal(a->stats.retired, 1);
        assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
        assert_slot(a, img);
        /* written again over the retired block: still fine */
        assert_int_equal(write_slot(a, img), 0);
        assert_slot(a, img);
        assert_int_equal(violations(n->sys), 0);
        free(img);
        free(a);
        np_free(n);
    }
}

static void test_ecc(void **state)
{
    (void)state;
    struct nport *n = np_new();
    struct pcd_nand_area *a = malloc(sizeof(*a));
    uint8_t *img = image(9);
    uint8_t r[FM_NAND_PAGE];
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_int_equal(write_slot(a, img), 0);
    int pb = pcd_nand_area_phys(a, 0);
    assert_true(pb >= 0);
    /* one flipped bit: corrected, used as read */
    assert_int_equal(fm_nand_bit_errors(n->sys, 0, (uint32_t)pb * FM_NAND_PAGES_PER_BLOCK + 3u, 1), 0);
    assert_int_equal(pcd_nand_area_read(a, 3u * FM_NAND_PAGE, r, sizeof(r)), 0);
    assert_memory_equal(r, img + 3u * FM_NAND_PAGE, sizeof(r));
    /* two: uncorrectable, reported */
    assert_int_equal(fm_nand_bit_errors(n->sys, 0, (uint32_t)pb * FM_NAND_PAGES_PER_BLOCK + 5u, 2), 0);
    assert_int_equal(pcd_nand_area_read(a, 5u * FM_NAND_PAGE + 100u, r, 16), PCD_E_ECC);
    assert_int_equal(pcd_nand_area_read(a, 0, r, 16), 0);
    /* a copy of the block (a small write into it) keeps the page uncorrectable */
    const uint8_t z[4] = {0, 0, 0, 0};
    assert_int_equal(pcd_nand_area_write(a, FM_NAND_BLOCK - 8u, z, 4), 0);
    assert_int_not_equal(pcd_nand_area_phys(a, 0), pb);
    assert_int_equal(pcd_nand_area_read(a, 5u * FM_NAND_PAGE, r, 16), PCD_E_ECC);
    assert_int_equal(pcd_nand_area_read(a, 3u * FM_NAND_PAGE, r, sizeof(r)), 0);
    assert_memory_equal(r, img + 3u * FM_NAND_PAGE, sizeof(r));
    assert_int_equal(violations(n->sys), 0);
    free(img);
    free(a);
    np_free(n);
}

/* ---- power cut at every operation ---- */

struct cut {
    uint64_t at;
    enum fm_fault_action action;
};

static enum fm_fault_action cut_hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    struct cut *c = ctx;
    *again = op->seq < c->at ? c->at : UINT64_MAX;
    if (op->seq != c->at) {
        return FM_FAULT_NONE;
    }
    tear->mode = FM_TEAR_SOMEBITS;
    tear->seed = op->seq;
    return c->action;
}

/* After a cut: what completed before it is there (the erase, each chunk, each word: durable), the
 * rest is old, new, erased or (the one page being written) unreadable; a word is wholly old or new. */
static void check_after_cut(struct pcd_nand_area *a, const uint8_t *old_img, const uint8_t *new_img, unsigned done)
{
    static uint8_t r[FM_NAND_PAGE];
    unsigned unreadable = 0;
    const uint32_t chunks_done = done == 0u ? 0u : done - 1u; /* step 0 is the erase */
    for (uint32_t p = 0; p < LSIZE / FM_NAND_PAGE; p++) {
        int rc = pcd_nand_area_read(a, p * FM_NAND_PAGE, r, FM_NAND_PAGE);
        const uint32_t o = p * FM_NAND_PAGE;
        const uint32_t n = o < IMG_LEN ? (IMG_LEN - o < FM_NAND_PAGE ? IMG_LEN - o : FM_NAND_PAGE) : 0u;
        if (n != 0u && o / CHUNK < chunks_done) {
            assert_int_equal(rc, 0); /* durable */
            assert_memory_equal(r, new_img + o, n);
            continue;
        }
        if (rc == PCD_E_ECC) {
            unreadable++;
            continue;
        }
        assert_int_equal(rc, 0);
        bool ff = true;
        for (uint32_t i = 0; i < n; i++) {
            ff = ff && r[i] == 0xFFu;
        }
        const bool erased_done = done >= 1u;
        assert_true(ff || (!erased_done && memcmp(r, old_img + o, n) == 0) || memcmp(r, new_img + o, n) == 0);
    }
    assert_true(unreadable <= 1u);
    const unsigned chunks = (IMG_LEN + CHUNK - 1u) / CHUNK;
    for (uint32_t w = 0; w < NWORDS; w++) {
        uint8_t v[8];
        int rc = pcd_nand_area_read(a, word_off[w], v, 8);
        if (done > 1u + chunks + w) {
            assert_int_equal(rc, 0);
            assert_memory_equal(v, word_val[w], 8);
        } else if (rc == 0) {
            static const uint8_t ff[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
            assert_true(memcmp(v, ff, 8) == 0 || memcmp(v, word_val[w], 8) == 0);
        }
    }
}

static void sweep(bool with_bad)
{
    struct nport *n = np_new();
    struct pcd_nand_area *a = malloc(sizeof(*a));
    uint8_t *old_img = image(40), *new_img = image(80);
    if (with_bad) {
        assert_int_equal(fm_nand_factory_bad(n->sys, 0, FIRST + 1u), 0);
    }
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_int_equal(write_slot(a, old_img), 0);
    if (with_bad) {
        assert_int_equal(fm_nand_grow_bad(n->sys, 0, FIRST + 3u), 0);
    }
    struct fm_snapshot *sn;
    assert_int_equal(fm_snapshot_create(n->sys, &sn), 0);
    fm_snapshot_take(n->sys, sn);
    const uint64_t seq0 = fm_next_seq(n->sys);
    /* the reference run: how many operations the whole update takes */
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
    assert_int_equal(write_slot(a, new_img), 0);
    const uint64_t total = fm_next_seq(n->sys) - seq0;
    assert_true(total > IMG_LEN / FM_NAND_PAGE);
    const enum fm_fault_action acts[3] = {FM_FAULT_CUT_BEFORE, FM_FAULT_TEAR, FM_FAULT_CUT_AFTER};
    unsigned cuts = 0;
    for (uint64_t k = 0; k < total; k++) {
        for (unsigned m = 0; m < 3; m++) {
            fm_snapshot_restore(n->sys, sn);
            struct cut c = {seq0 + k, acts[m]};
            fm_set_fault_hook(n->sys, cut_hook, &c, seq0);
            int rc = pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL);
            if (rc == 0) {
                rc = write_slot(a, new_img);
            }
            fm_set_fault_hook(n->sys, NULL, NULL, 0);
            if (rc == 0) {
                continue; /* e.g. a cut after the last operation's result was already final */
            }
            assert_int_equal(rc, PCD_E_HALTED);
            cuts++;
            fm_power_on(n->sys);
            assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
            check_after_cut(a, old_img, new_img, steps_done);
            /* the map is consistent: the update runs to the end from here */
            assert_int_equal(write_slot(a, new_img), 0);
            assert_slot(a, new_img);
            assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, FIRST, PHYS, LOGICAL), 0);
            assert_slot(a, new_img);
            assert_int_equal(violations(n->sys), 0);
        }
    }
    assert_true(cuts >= total * 2u);
    fm_snapshot_destroy(sn);
    free(old_img);
    free(new_img);
    free(a);
    np_free(n);
}

/* One pcd_nand_port over two areas (a batch's two secondary slots in one NAND): each access goes
 * to the area holding it, nothing crosses into the other, an access between or across areas is
 * PCD_E_RANGE, and a third or an overlapping area is refused. */
static void test_port_two_areas(void **state)
{
    (void)state;
    struct nport *n = np_new_blocks(8u);
    struct pcd_nand_area *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    struct pcd_nand_port *np = malloc(sizeof(*np));
    uint8_t *img = image(7), *back = malloc(FM_NAND_BLOCK * 2u);
    assert_non_null(a), assert_non_null(b), assert_non_null(np), assert_non_null(back);
    assert_int_equal(pcd_nand_mount(a, &n->port, PCD_MEM_NAND, 1u, 3u, 2u), 0); /* blocks 1..3 */
    assert_int_equal(pcd_nand_mount(b, &n->port, PCD_MEM_NAND, 4u, 3u, 2u), 0); /* blocks 4..6 */
    pcd_nand_port_init(np, &n->port, a, 1u * FM_NAND_BLOCK);
    assert_int_equal(pcd_nand_port_add(np, b, 4u * FM_NAND_BLOCK), 0);
    const struct pcd_port *p = &np->port;
    assert_int_equal(pcd_flash_program(p, PCD_MEM_NAND, 4u * FM_NAND_BLOCK, img, FM_NAND_BLOCK + 100u), 0);
    assert_int_equal(pcd_flash_program(p, PCD_MEM_NAND, 1u * FM_NAND_BLOCK + 8u, img + 9, 40u), 0);
    assert_int_equal(pcd_nand_area_read(b, 0, back, FM_NAND_BLOCK + 100u), 0);
    assert_memory_equal(back, img, FM_NAND_BLOCK + 100u);
    assert_int_equal(pcd_nand_area_read(a, 0, back, 48u), 0);
    assert_memory_equal(back + 8, img + 9, 40u);
    for (uint32_t i = 0; i < 8u; i++) {
        assert_int_equal(back[i], 0xFF); /* area a holds only its own write */
    }
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NAND, 4u * FM_NAND_BLOCK + 50u, back, 50u), 0);
    assert_memory_equal(back, img + 50, 50u);
    /* between the areas (area a's spare block 3), across both, before the first */
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NAND, 3u * FM_NAND_BLOCK, back, 4u), PCD_E_RANGE);
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NAND, 3u * FM_NAND_BLOCK - 4u, back, 8u), PCD_E_RANGE);
    assert_int_equal(pcd_flash_erase(p, PCD_MEM_NAND, 0u, FM_NAND_BLOCK), PCD_E_RANGE);
    assert_int_equal(pcd_nand_port_add(np, a, 7u * FM_NAND_BLOCK), PCD_E_INVAL); /* full */
    pcd_nand_port_init(np, &n->port, a, 1u * FM_NAND_BLOCK);
    assert_int_equal(pcd_nand_port_add(np, b, 2u * FM_NAND_BLOCK), PCD_E_INVAL); /* overlaps a */
    assert_int_equal(violations(n->sys), 0);
    free(back), free(img), free(np), free(b), free(a);
    np_free(n);
}

static void test_powercut_every_op(void **state)
{
    (void)state;
    sweep(false);
}

static void test_powercut_every_op_bad_blocks(void **state)
{
    (void)state;
    sweep(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_write_and_remount),
        cmocka_unit_test(test_factory_bad_skipped),
        cmocka_unit_test(test_grown_bad_retired),
        cmocka_unit_test(test_ecc),
        cmocka_unit_test(test_port_two_areas),
        cmocka_unit_test(test_powercut_every_op),
        cmocka_unit_test(test_powercut_every_op_bad_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
