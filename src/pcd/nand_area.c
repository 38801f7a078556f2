/* The bad-block-skipping NAND flash area (NAND-BBM, NAND-ECC); design in pcd/nand_area.h and
 * docs/SPEC.md ("NAND flash area"). Freestanding: the state is the caller's struct. */
#include <string.h>

#include "pcd/nand_area.h"

/* Physical block states (pcd_nand_area::state). */
enum {
    BS_FREE = 0,  /* erased, nothing programmed */
    BS_USED = 1,  /* holds the current version of a logical block */
    BS_STALE = 2, /* programmed but not current: erase before use */
    BS_BAD = 3,   /* factory-marked or failed: never touched again */
};

#define UNMAPPED 0xFFu
#define TAG_MAGIC 0x4E42u  /* "BN" */
#define TAG_LEN 12u
#define FLAG_POISON 0x01u  /* the page was uncorrectable in the version it was copied from */

_Static_assert(PCD_NAND_MAX_BLOCKS < UNMAPPED, "block index fits a byte");
_Static_assert(PCD_NAND_MAX_PPB <= 255u, "page index fits a byte");
_Static_assert(PCD_NAND_SPARE >= 24u, "tag fits two 16-byte spare groups");

/* What a page's spare says. */
struct tag {
    uint16_t lblk;
    uint32_t seq;
    uint8_t npages; /* pages of the copy that made the block; 0 = written by appends only */
    uint8_t flags;
};

static uint16_t check16(const uint8_t *p, uint32_t n)
{
    uint32_t a = 1, b = 0;
    for (uint32_t i = 0; i < n; i++) {
        a = (a + p[i]) % 255u;
        b = (b + a) % 255u;
    }
    return (uint16_t)((b << 8) | a);
}

/* Spare with the tag in bytes 2..7 of groups 0 and 1 (W25N01GV: free to the user, ECC on). */
static void tag_encode(const struct tag *t, uint8_t spare[PCD_NAND_SPARE])
{
    uint8_t b[TAG_LEN] = {(uint8_t)TAG_MAGIC, (uint8_t)(TAG_MAGIC >> 8), (uint8_t)t->lblk, (uint8_t)(t->lblk >> 8),
                          (uint8_t)t->seq, (uint8_t)(t->seq >> 8), (uint8_t)(t->seq >> 16), (uint8_t)(t->seq >> 24),
                          t->npages, t->flags, 0, 0};
    uint16_t c = check16(b, TAG_LEN - 2u);
    b[10] = (uint8_t)c;
    b[11] = (uint8_t)(c >> 8);
    memset(spare, 0xFF, PCD_NAND_SPARE);
    memcpy(spare + 2, b, 6);
    memcpy(spare + 18, b + 6, 6);
}

static bool tag_decode(const uint8_t spare[PCD_NAND_SPARE], struct tag *t)
{
    uint8_t b[TAG_LEN];
    memcpy(b, spare + 2, 6);
    memcpy(b + 6, spare + 18, 6);
    if ((b[0] | (b[1] << 8)) != TAG_MAGIC || check16(b, TAG_LEN - 2u) != (uint16_t)(b[10] | (b[11] << 8))) {
        return false;
    }
    t->lblk = (uint16_t)(b[2] | (b[3] << 8));
    t->seq = (uint32_t)b[4] | ((uint32_t)b[5] << 8) | ((uint32_t)b[6] << 16) | ((uint32_t)b[7] << 24);
    t->npages = b[8];
    t->flags = b[9];
    return true;
}

static bool all_ff(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] != 0xFFu) {
            return false;
        }
    }
    return true;
}

static uint32_t phys_page(const struct pcd_nand_area *a, uint32_t pb, uint32_t p)
{
    return (a->first_block + pb) * a->ppb + p;
}

static int erase_phys(struct pcd_nand_area *a, uint32_t pb)
{
    const uint32_t bs = a->page * a->ppb;
    int rc = pcd_flash_erase(a->port, a->mem, (a->first_block + pb) * bs, bs);
    if (rc == 0) {
        a->state[pb] = BS_FREE;
        a->top[pb] = 0;
    } else if (rc == PCD_E_NAND_FAIL) {
        a->state[pb] = BS_BAD;
        a->stats.retired++;
    }
    return rc;
}

/* What the scan of one block found. */
struct scan {
    uint8_t top;   /* highest programmed page + 1 */
    bool tagged;   /* a readable tag was found */
    bool factory;  /* factory bad-block mark */
    struct tag tag;
    uint8_t tag_page;
};

/* Scan one block from its last page down: the highest programmed page and the highest tag. */
static int scan_block(struct pcd_nand_area *a, uint32_t pb, struct scan *s)
{
    memset(s, 0, sizeof(*s));
    int rc = pcd_nand_read(a->port, a->mem, phys_page(a, pb, 0), NULL, a->spare);
    if (rc == 0 && a->spare[0] != 0xFFu) {
        s->factory = true; /* W25N01GV: not 0xFF at column 2048 of page 0 */
        return 0;
    }
    if (rc != 0 && rc != PCD_E_ECC) {
        return rc;
    }
    for (uint32_t p = a->ppb; p-- > 0;) {
        rc = pcd_nand_read(a->port, a->mem, phys_page(a, pb, p), NULL, a->spare);
        if (rc != 0 && rc != PCD_E_ECC) {
            return rc;
        }
        if (rc == 0 && all_ff(a->spare, PCD_NAND_SPARE)) {
            continue;
        }
        if (s->top == 0u) {
            s->top = (uint8_t)(p + 1u);
        }
        if (rc == 0 && tag_decode(a->spare, &s->tag)) {
            s->tagged = true;
            s->tag_page = (uint8_t)p;
            return 0;
        }
    }
    return 0;
}

/* Classify one scanned block into the map. */
static void mount_block(struct pcd_nand_area *a, uint32_t pb, const struct scan *s)
{
    a->top[pb] = s->top;
    if (s->factory) {
        a->state[pb] = BS_BAD;
        a->stats.bad_factory++;
        return;
    }
    if (s->top == 0u) {
        a->state[pb] = BS_FREE;
        return;
    }
    /* a copy counts once its last page is in (it writes in ascending order) */
    if (!s->tagged || s->tag.lblk >= a->n_logical || (s->tag.npages != 0u && s->tag_page + 1u < s->tag.npages)) {
        a->state[pb] = BS_STALE;
        return;
    }
    if (s->tag.seq >= a->next_seq) {
        a->next_seq = s->tag.seq + 1u;
    }
    a->seq[pb] = s->tag.seq;
    a->npages[pb] = s->tag.npages;
    const uint8_t cur = a->map[s->tag.lblk];
    if (cur != UNMAPPED && a->seq[cur] > s->tag.seq) {
        a->state[pb] = BS_STALE;
        return;
    }
    if (cur != UNMAPPED) {
        a->state[cur] = BS_STALE;
    }
    a->map[s->tag.lblk] = (uint8_t)pb;
    a->state[pb] = BS_USED;
}

int pcd_nand_mount(struct pcd_nand_area *a, const struct pcd_port *port, enum pcd_mem mem, uint32_t first_block,
                   uint32_t n_phys, uint32_t n_logical)
{
    struct pcd_mem_info mi;
    memset(a, 0, sizeof(*a));
    a->port = port;
    a->mem = mem;
    if (n_phys < 2u || n_phys > PCD_NAND_MAX_BLOCKS || n_logical == 0u || n_logical >= n_phys) {
        return PCD_E_INVAL;
    }
    int rc = pcd_mem_info(port, mem, &mi);
    if (rc != 0) {
        return rc;
    }
    if (mi.write_size == 0u || mi.write_size > PCD_NAND_MAX_PAGE || mi.page_size % mi.write_size != 0u ||
        mi.page_size / mi.write_size > PCD_NAND_MAX_PPB || mi.page_size / mi.write_size == 0u) {
        return PCD_E_INVAL;
    }
    a->page = mi.write_size;
    a->ppb = mi.page_size / mi.write_size;
    if (first_block > mi.size / mi.page_size || n_phys > mi.size / mi.page_size - first_block) {
        return PCD_E_RANGE;
    }
    a->first_block = first_block;
    a->n_phys = n_phys;
    a->n_logical = n_logical;
    memset(a->map, UNMAPPED, sizeof(a->map));
    for (uint32_t pb = 0; pb < n_phys; pb++) {
        struct scan s;
        rc = scan_block(a, pb, &s);
        if (rc != 0) {
            return rc;
        }
        mount_block(a, pb, &s);
    }
    for (uint32_t pb = 0; pb < n_phys; pb++) {
        if (a->state[pb] == BS_STALE) {
            a->stats.cleaned++;
            rc = erase_phys(a, pb);
            if (rc != 0 && rc != PCD_E_NAND_FAIL) {
                return rc;
            }
        }
    }
    return 0;
}

uint32_t pcd_nand_area_size(const struct pcd_nand_area *a)
{
    return a->n_logical * a->ppb * a->page;
}

int pcd_nand_area_phys(const struct pcd_nand_area *a, uint32_t lblk)
{
    if (lblk >= a->n_logical || a->map[lblk] == UNMAPPED) {
        return -1;
    }
    return (int)(a->first_block + a->map[lblk]);
}

/* Read page @p p of physical block @p pb into @p data; PCD_E_ECC also for a poisoned copy. */
static int read_page(struct pcd_nand_area *a, uint32_t pb, uint32_t p, uint8_t *data)
{
    int rc = pcd_nand_read(a->port, a->mem, phys_page(a, pb, p), data, a->spare);
    struct tag t;
    if (rc == 0 && tag_decode(a->spare, &t) && (t.flags & FLAG_POISON) != 0u) {
        rc = PCD_E_ECC;
    }
    if (rc == PCD_E_ECC) {
        a->stats.ecc_errors++;
    }
    return rc;
}

static int program_page(struct pcd_nand_area *a, uint32_t pb, uint32_t p, const uint8_t *data, const struct tag *t)
{
    tag_encode(t, a->spare);
    return pcd_nand_program(a->port, a->mem, phys_page(a, pb, p), data, a->spare);
}

/* A free block (skipping bad ones), or PCD_E_NAND_FULL. */
static int alloc_block(struct pcd_nand_area *a, uint32_t *out)
{
    for (uint32_t pb = 0; pb < a->n_phys; pb++) {
        if (a->state[pb] == BS_STALE) {
            int rc = erase_phys(a, pb);
            if (rc != 0 && rc != PCD_E_NAND_FAIL) {
                return rc;
            }
        }
        if (a->state[pb] == BS_FREE) {
            *out = pb;
            return 0;
        }
    }
    return PCD_E_NAND_FULL;
}

/* Make @p nb the version of @p l; erase the one it replaces. */
static int commit_copy(struct pcd_nand_area *a, uint32_t l, uint32_t nb, const struct tag *t)
{
    const uint8_t old = a->map[l];
    a->state[nb] = BS_USED;
    a->top[nb] = t->npages;
    a->npages[nb] = t->npages;
    a->seq[nb] = t->seq;
    a->map[l] = (uint8_t)nb;
    a->stats.copies++;
    if (old == UNMAPPED || a->state[old] == BS_BAD) {
        return 0; /* a failed block is left alone; its lower sequence number loses at mount */
    }
    a->state[old] = BS_STALE;
    int rc = erase_phys(a, old);
    return rc == PCD_E_NAND_FAIL ? 0 : rc;
}

/* Copy logical block @p l to a free block with page @p pib replaced by buf[1] (flags @p pflags):
 * pages in ascending order, all-0xFF pages skipped except the last. Retries on a failed block. */
static int copy_block(struct pcd_nand_area *a, uint32_t l, uint32_t pib, uint8_t pflags)
{
    const uint8_t old = a->map[l];
    const uint32_t old_top = old != UNMAPPED ? a->top[old] : 0u;
    const uint32_t n = old_top > pib + 1u ? old_top : pib + 1u;
    for (;;) {
        uint32_t nb;
        int rc = alloc_block(a, &nb);
        if (rc != 0) {
            return rc;
        }
        struct tag t = {(uint16_t)l, a->next_seq++, (uint8_t)n, 0};
        for (uint32_t p = 0; p < n && rc == 0; p++) {
            const uint8_t *data = a->buf[1];
            t.flags = pflags;
            if (p != pib) {
                t.flags = 0;
                data = a->buf[0];
                memset(a->buf[0], 0xFF, a->page);
                if (p < old_top) {
                    rc = read_page(a, old, p, a->buf[0]);
                    t.flags = rc == PCD_E_ECC ? FLAG_POISON : 0u;
                    rc = rc == PCD_E_ECC ? 0 : rc;
                }
            }
            if (rc == 0 && (p + 1u == n || t.flags != 0u || !all_ff(data, a->page))) {
                rc = program_page(a, nb, p, data, &t);
            }
        }
        if (rc == PCD_E_NAND_FAIL) {
            a->state[nb] = BS_BAD; /* retire it; the old version still stands: start over */
            a->stats.retired++;
            continue;
        }
        if (rc != 0) {
            return rc;
        }
        t.npages = (uint8_t)n;
        return commit_copy(a, l, nb, &t);
    }
}

/* A whole page written in place: above the block's highest written page, or into a new block. */
static int write_in_place(struct pcd_nand_area *a, uint32_t l, uint32_t pib, const uint8_t *src)
{
    for (;;) {
        uint32_t pb = a->map[l];
        bool fresh = pb == UNMAPPED;
        if (fresh) {
            int rc = alloc_block(a, &pb);
            if (rc != 0) {
                return rc;
            }
            a->seq[pb] = a->next_seq++;
            a->npages[pb] = 0;
            a->top[pb] = 0;
        }
        const struct tag t = {(uint16_t)l, a->seq[pb], a->npages[pb], 0};
        int rc = program_page(a, pb, pib, src, &t);
        if (rc == 0) {
            a->state[pb] = BS_USED;
            a->top[pb] = (uint8_t)(pib + 1u);
            a->map[l] = (uint8_t)pb;
            return 0;
        }
        if (rc != PCD_E_NAND_FAIL) {
            return rc;
        }
        a->state[pb] = BS_BAD; /* retire the block; the write continues elsewhere */
        a->stats.retired++;
        if (!fresh) {
            memcpy(a->buf[1], src, a->page);
            return copy_block(a, l, pib, 0);
        }
    }
}

/* Write [col, col + n) of logical page @p pib of block @p l. */
static int write_chunk(struct pcd_nand_area *a, uint32_t l, uint32_t pib, uint32_t col, uint32_t n,
                       const uint8_t *src)
{
    const uint8_t pb = a->map[l];
    if (col == 0u && n == a->page && (pb == UNMAPPED || pib >= a->top[pb])) {
        return write_in_place(a, l, pib, src);
    }
    uint8_t flags = 0;
    memset(a->buf[1], 0xFF, a->page);
    if (pb != UNMAPPED && pib < a->top[pb]) {
        int rc = read_page(a, pb, pib, a->buf[1]);
        if (rc != 0 && rc != PCD_E_ECC) {
            return rc;
        }
        flags = rc == PCD_E_ECC ? FLAG_POISON : 0u;
    }
    for (uint32_t i = 0; i < n; i++) {
        a->buf[1][col + i] &= src[i];
    }
    return copy_block(a, l, pib, flags);
}

static bool in_area(const struct pcd_nand_area *a, uint32_t off, uint32_t len)
{
    const uint32_t size = pcd_nand_area_size(a);
    return off <= size && len <= size - off;
}

int pcd_nand_area_read(struct pcd_nand_area *a, uint32_t off, void *buf, uint32_t len)
{
    if (!in_area(a, off, len) || (buf == NULL && len != 0u)) {
        return PCD_E_RANGE;
    }
    uint8_t *out = buf;
    int result = 0;
    while (len > 0u) {
        const uint32_t p = off / a->page, col = off % a->page, l = p / a->ppb, pib = p % a->ppb;
        const uint32_t n = a->page - col < len ? a->page - col : len;
        const uint8_t pb = a->map[l];
        if (pb == UNMAPPED || pib >= a->top[pb]) {
            memset(out, 0xFF, n);
        } else {
            int rc = read_page(a, pb, pib, a->buf[0]);
            if (rc != 0 && rc != PCD_E_ECC) {
                return rc;
            }
            result = result != 0 ? result : rc;
            memcpy(out, a->buf[0] + col, n);
        }
        off += n;
        out += n;
        len -= n;
    }
    return result;
}

int pcd_nand_area_write(struct pcd_nand_area *a, uint32_t off, const void *buf, uint32_t len)
{
    if (!in_area(a, off, len) || (buf == NULL && len != 0u)) {
        return PCD_E_RANGE;
    }
    const uint8_t *src = buf;
    while (len > 0u) {
        const uint32_t p = off / a->page, col = off % a->page;
        const uint32_t n = a->page - col < len ? a->page - col : len;
        int rc = write_chunk(a, p / a->ppb, p % a->ppb, col, n, src);
        if (rc != 0) {
            return rc;
        }
        off += n;
        src += n;
        len -= n;
    }
    return 0;
}

int pcd_nand_area_erase(struct pcd_nand_area *a, uint32_t off, uint32_t len)
{
    const uint32_t bs = a->page * a->ppb;
    if (!in_area(a, off, len)) {
        return PCD_E_RANGE;
    }
    if (off % bs != 0u || len % bs != 0u) {
        return PCD_E_INVAL;
    }
    for (uint32_t l = off / bs; l < (off + len) / bs; l++) {
        const uint8_t pb = a->map[l];
        if (pb == UNMAPPED) {
            continue;
        }
        a->map[l] = UNMAPPED;
        a->state[pb] = BS_STALE;
        int rc = erase_phys(a, pb);
        if (rc != 0 && rc != PCD_E_NAND_FAIL) {
            return rc;
        }
    }
    return 0;
}
