/* Device access under the NOR rules: read, program (split into operations, each with a sequence
 * number and a fault-hook decision), erase, RAM writes; torn operations. */
#include <string.h>

#include "flashmodel/prng.h"
#include "fm_internal.h"

/* Erased state of every nRF5340 memory (PS NVMC: erased = 1; MX25R: 0xFF). */
#define FM_ERASED 0xFFu

static struct fm_dev *get_dev(struct fm_sys *s, int dev)
{
    return dev >= 0 && (unsigned)dev < s->n_dev ? &s->dev[dev] : NULL;
}

static void add_time(uint64_t *us, uint64_t t)
{
    if (us != NULL) {
        *us += t;
    }
}

static void touch_pages(struct fm_dev *dv, uint32_t off, uint32_t len)
{
    uint32_t first = off >> dv->page_shift;
    uint32_t last = (off + len - 1) >> dv->page_shift;
    for (uint32_t p = first; p <= last; p++) {
        if (!dv->touched[p]) {
            dv->touched[p] = 1;
            dv->stats.pages_touched++;
        }
    }
}

int fm_read(struct fm_sys *s, int dev, uint32_t off, void *buf, uint32_t len, uint64_t *us)
{
    if (dev >= 0 && (unsigned)dev < s->n_dev && s->dev[dev].d.kind == FM_KIND_NAND) {
        return fm_nand_read(s, dev, off, buf, len, us);
    }
    const uint8_t *p;
    int rc = fm_read_view(s, dev, off, len, &p, us);
    if (rc == 0) {
        memcpy(buf, p, len);
    }
    return rc;
}

int fm_read_view(struct fm_sys *s, int dev, uint32_t off, uint32_t len, const uint8_t **out, uint64_t *us)
{
    struct fm_dev *dv = get_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (dv->d.kind == FM_KIND_NAND) {
        return FM_E_NOT_SUPPORTED; /* every NAND read passes the page buffer and the ECC */
    }
    if (!fm_in_range(dv, off, len)) {
        return FM_E_RANGE;
    }
    fm_prepare(s, dv, off, len, false);
    *out = dv->data + off;
    dv->stats.reads++;
    dv->stats.read_bytes += len;
    if (dv->d.timing.read_bytes_per_us != 0) {
        add_time(us, (len + dv->d.timing.read_bytes_per_us - 1) / dv->d.timing.read_bytes_per_us);
    }
    return 0;
}

int fm_write_ram(struct fm_sys *s, int dev, uint32_t off, const void *buf, uint32_t len)
{
    struct fm_dev *dv = get_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (dv->d.kind != FM_KIND_RAM) {
        return FM_E_NOT_SUPPORTED;
    }
    if (!fm_in_range(dv, off, len)) {
        return FM_E_RANGE;
    }
    fm_prepare(s, dv, off, len, true);
    memcpy(dv->data + off, buf, len);
    return 0;
}

/* The word loop of apply_program(): cells become old AND new, write counts go up (saturating),
 * and *any_nwrite / *any_set become non-zero if some word was already written max times / asked
 * for a 1 over a 0. Separate pointers (restrict) and no early exits: a vector loop. */
static void program_words(uint8_t *restrict p, const uint8_t *restrict src, uint8_t *restrict wc, uint32_t n,
                          uint32_t max, uint32_t *any_nwrite, uint32_t *any_set)
{
    uint32_t set = 0, nw = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t o, v;
        memcpy(&o, p + 4 * i, 4);
        memcpy(&v, src + 4 * i, 4);
        set |= v & ~o;
        o &= v;
        memcpy(p + 4 * i, &o, 4);
    }
    if (wc != NULL) {
        const uint8_t m = (uint8_t)(max < 255u ? max : 255u);
        for (uint32_t i = 0; i < n; i++) {
            uint8_t c = wc[i];
            nw |= (uint32_t)(c >= m);
            wc[i] = (uint8_t)(c + (c != 255u));
        }
    }
    *any_nwrite = nw;
    *any_set = set;
}

/* Apply complete program operations to [off, off + len): cells become old AND new. Checks
 * nWRITE and (strict devices) 1-over-0 requests; records the first violation of each kind.
 * Returns 0 or the first violation code. This is the hot path of the model. */
static int apply_program(struct fm_sys *s, int dev, struct fm_dev *dv, uint32_t off, const uint8_t *src,
                         uint32_t len, uint64_t seq0)
{
    uint8_t *p = dv->data + off;
    const uint32_t max = dv->d.max_writes;
    uint32_t nwrite_bad = 0, set_bad = 0, first_nwrite = 0, first_set = 0;

    if (dv->d.write_size == 4) {
        /* Two passes: a branch-free one the compiler vectorises (count, AND, remember only
         * whether a rule broke), and, only when one did, a scan for the first offender and the
         * count. After the first pass a word broke nWRITE iff its count is now above max (a
         * count saturates at 255 > max), and asked for a 0 -> 1 iff the cell now differs from
         * the requested value (old AND new != new). */
        const uint32_t n = len / 4;
        uint8_t *wc = dv->wcount ? dv->wcount + off / 4 : NULL;
        uint32_t any_nwrite = 0, any_set = 0;
        program_words(p, src, wc, n, max, &any_nwrite, &any_set);
        if (any_nwrite != 0) {
            for (uint32_t i = 0; i < n; i++) {
                if (wc[i] > max && nwrite_bad++ == 0) {
                    first_nwrite = off + 4 * i;
                }
            }
        }
        if (any_set != 0 && dv->d.strict_set_bits) {
            for (uint32_t i = 0; i < n; i++) {
                if (memcmp(p + 4 * i, src + 4 * i, 4) != 0 && set_bad++ == 0) {
                    first_set = off + 4 * i;
                }
            }
        }
    } else {
        const uint32_t ws = dv->d.write_size;
        for (uint32_t i = 0; i < len; i++) {
            if (dv->wcount != NULL && i % ws == 0) {
                uint8_t *c = &dv->wcount[(off + i) / ws];
                if (*c >= max && nwrite_bad++ == 0) {
                    first_nwrite = off + i;
                }
                *c = (uint8_t)(*c < 255 ? *c + 1 : 255);
            }
            if (dv->d.strict_set_bits && (src[i] & ~p[i]) != 0 && set_bad++ == 0) {
                first_set = off + i;
            }
            p[i] &= src[i];
        }
    }
    /* operation number of a byte: count operation boundaries from the first one of the call */
    const uint32_t opsz = dv->d.prog_op_size, lead = off % opsz;
    int rc = 0;
    if (nwrite_bad != 0) {
        fm_record_at(s, seq0 + (first_nwrite - off + lead) / opsz, FM_REC_VIOLATION, FM_E_NWRITE, dev, -1,
                     first_nwrite, dv->d.write_size, 0);
        dv->stats.violations += nwrite_bad - 1;
        rc = FM_E_NWRITE;
    }
    if (set_bad != 0) {
        fm_record_at(s, seq0 + (first_set - off + lead) / opsz, FM_REC_VIOLATION, FM_E_NOT_ERASED, dev, -1,
                     first_set, dv->d.write_size, 0);
        dv->stats.violations += set_bad - 1;
        rc = rc ? rc : FM_E_NOT_ERASED;
    }
    return rc;
}

/* Random mask whose bits are set with probability 1/4, 3/4 or 1/2 depending on the mode. */
static uint8_t tear_mask(enum fm_tear_mode mode, uint64_t *st)
{
    uint64_t a = fm_prng_next(st), b = a >> 8;
    switch (mode) {
    case FM_TEAR_SOMEBITS: return (uint8_t)(a & b);
    case FM_TEAR_MOSTBITS: return (uint8_t)(a | b);
    default: return (uint8_t)a;
    }
}

/* A program operation interrupted by power loss: part of it lands. */
static void tear_program(struct fm_sys *s, struct fm_dev *dv, uint32_t off, const uint8_t *src, uint32_t len,
                         const struct fm_tear *tear)
{
    uint64_t st = fm_prng_mix(tear->seed, s->seq);
    const uint32_t ws = dv->d.write_size;
    if (dv->wcount != NULL) {
        for (uint32_t i = 0; i < len; i += ws) {
            uint8_t *c = &dv->wcount[(off + i) / ws];
            *c = (uint8_t)(*c < 255 ? *c + 1 : 255);
        }
    }
    uint8_t *p = dv->data + off;
    if (tear->mode == FM_TEAR_PREFIX) {
        uint32_t units = len / ws;
        uint32_t k = (uint32_t)(fm_prng_next(&st) % (units + 1u));
        for (uint32_t i = 0; i < k * ws; i++) {
            p[i] &= src[i];
        }
        return;
    }
    for (uint32_t i = 0; i < len; i++) {
        uint8_t to_clear = (uint8_t)(p[i] & ~src[i]);
        p[i] = (uint8_t)(p[i] & ~(to_clear & tear_mask(tear->mode, &st)));
    }
}

/* A page erase interrupted by power loss: the page is left undefined. */
static void tear_erase(struct fm_sys *s, struct fm_dev *dv, uint32_t off, uint32_t len, const struct fm_tear *tear)
{
    uint64_t st = fm_prng_mix(tear->seed, s->seq);
    uint8_t *p = dv->data + off;
    switch (tear->mode) {
    case FM_TEAR_PREFIX: {
        uint32_t k = (uint32_t)(fm_prng_next(&st) % (len / 4 + 1u));
        memset(p, FM_ERASED, (size_t)k * 4);
        break;
    }
    case FM_TEAR_GARBAGE:
        for (uint32_t i = 0; i < len; i++) {
            p[i] = (uint8_t)fm_prng_next(&st);
        }
        break;
    default:
        for (uint32_t i = 0; i < len; i++) {
            p[i] = (uint8_t)(p[i] | tear_mask(tear->mode, &st));
        }
        break;
    }
}

/* Ask the hook about the operation numbered s->seq, if it wants to be asked. */
static enum fm_fault_action ask_hook(struct fm_sys *s, int dev, enum fm_op_kind kind, uint32_t off, uint32_t len,
                                     struct fm_tear *tear)
{
    if (s->hook == NULL || s->seq < s->hook_ask_at) {
        return FM_FAULT_NONE;
    }
    struct fm_op op = {s->seq, dev, kind, off, len};
    uint64_t again = s->seq + 1;
    *tear = (struct fm_tear){FM_TEAR_SOMEBITS, 0};
    enum fm_fault_action a = s->hook(s->hook_ctx, &op, tear, &again);
    /* a cut before the operation leaves its number unused: the next operation (after power
     * returns) takes it, so "the next one" means this number again */
    s->hook_ask_at = a == FM_FAULT_CUT_BEFORE && again == s->seq + 1 ? s->seq : again;
    return a;
}

enum fm_fault_action fm_ask_hook(struct fm_sys *s, int dev, enum fm_op_kind kind, uint32_t off, uint32_t len,
                                 struct fm_tear *tear)
{
    return ask_hook(s, dev, kind, off, len, tear);
}

/* Common checks of program and erase. Violations of geometry are recorded. */
static int check_flash_op(struct fm_sys *s, int dev, struct fm_dev *dv, uint32_t off, uint32_t len, uint32_t align)
{
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    if (dv->d.kind == FM_KIND_RAM) {
        return FM_E_NOT_SUPPORTED;
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

/* Mark pages changed in the device's own metadata (wcount, erase counts, touched) and, through
 * the backing device, its cells. */
static void will_change(struct fm_sys *s, struct fm_dev *dv, uint32_t off, uint32_t len)
{
    fm_prepare(s, dv, off, len, true);
    if (dv->d.parent >= 0) {
        fm_dirty_range(dv, off, len);
    }
    touch_pages(dv, off, len);
}

int fm_program(struct fm_sys *s, int dev, uint32_t off, const void *buf, uint32_t len, uint64_t *us)
{
    struct fm_dev *dv = get_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (dv->d.kind == FM_KIND_NAND) {
        return fm_nand_program(s, dev, off, buf, len, us);
    }
    int rc = check_flash_op(s, dev, dv, off, len, dv->d.write_size);
    if (rc != 0 || len == 0) {
        return rc;
    }
    will_change(s, dv, off, len);

    const uint8_t *src = buf;
    const uint32_t opsz = dv->d.prog_op_size;
    int first_err = 0;
    while (len > 0) {
        /* Operations the hook does not want to see run as one batch. */
        uint64_t quiet = s->hook == NULL ? UINT64_MAX : (s->hook_ask_at > s->seq ? s->hook_ask_at - s->seq : 0);
        if (quiet > 0) {
            uint32_t n = 0;
            uint64_t ops = 0;
            if (opsz == dv->d.write_size) {
                /* every write unit is an operation (NVMC words) */
                uint64_t units = len / opsz;
                ops = units < quiet ? units : quiet;
                n = (uint32_t)ops * opsz;
            } else {
                while (n < len && ops < quiet) {
                    uint32_t chunk = opsz - ((off + n) % opsz);
                    n += chunk < len - n ? chunk : len - n;
                    ops++;
                }
            }
            rc = apply_program(s, dev, dv, off, src, n, s->seq);
            s->seq += ops;
            dv->stats.prog_ops += ops;
            dv->stats.prog_bytes += n;
            add_time(us, ops * dv->d.timing.prog_op_us);
            first_err = first_err ? first_err : rc;
            off += n;
            src += n;
            len -= n;
            continue;
        }
        /* The next operation is one the hook wants to decide about. */
        uint32_t chunk = opsz - (off % opsz);
        if (chunk > len) {
            chunk = len;
        }
        struct fm_tear tear;
        enum fm_fault_action a = ask_hook(s, dev, FM_OP_PROGRAM, off, chunk, &tear);
        if (a == FM_FAULT_CUT_BEFORE) {
            fm_cut_power(s);
            return FM_E_POWER_LOSS;
        }
        if (a == FM_FAULT_TEAR) {
            tear_program(s, dv, off, src, chunk, &tear);
            s->seq++;
            dv->stats.prog_ops++;
            dv->stats.prog_bytes += chunk;
            add_time(us, dv->d.timing.prog_op_us / 2);
            fm_cut_power(s);
            return FM_E_POWER_LOSS;
        }
        rc = apply_program(s, dev, dv, off, src, chunk, s->seq);
        first_err = first_err ? first_err : rc;
        s->seq++;
        dv->stats.prog_ops++;
        dv->stats.prog_bytes += chunk;
        add_time(us, dv->d.timing.prog_op_us);
        if (a == FM_FAULT_CUT_AFTER) {
            fm_cut_power(s);
            return FM_E_POWER_LOSS;
        }
        off += chunk;
        src += chunk;
        len -= chunk;
    }
    return first_err;
}

int fm_erase(struct fm_sys *s, int dev, uint32_t off, uint32_t len, uint64_t *us)
{
    struct fm_dev *dv = get_dev(s, dev);
    if (dv == NULL) {
        return FM_E_INVAL;
    }
    if (dv->d.kind == FM_KIND_NAND) {
        return fm_nand_erase(s, dev, off, len, us);
    }
    int rc = check_flash_op(s, dev, dv, off, len, dv->d.page_size);
    if (rc != 0 || len == 0) {
        return rc;
    }
    const uint32_t ps = dv->d.page_size;
    for (uint32_t o = off; o < off + len; o += ps) {
        will_change(s, dv, o, ps);
        uint32_t page = o >> dv->page_shift;
        struct fm_tear tear;
        enum fm_fault_action a = ask_hook(s, dev, FM_OP_ERASE, o, ps, &tear);
        if (a == FM_FAULT_CUT_BEFORE) {
            fm_cut_power(s);
            return FM_E_POWER_LOSS;
        }
        dv->erase_count[page]++;
        dv->stats.erases++;
        if (dv->d.endurance != 0 && dv->erase_count[page] == dv->d.endurance + 1) {
            fm_record(s, FM_REC_WEAR, FM_E_WEAR, dev, -1, o, ps, 0);
        }
        if (a == FM_FAULT_TEAR) {
            /* Write counts are left as they were: the page was not cleanly erased. */
            tear_erase(s, dv, o, ps, &tear);
            s->seq++;
            add_time(us, dv->d.timing.erase_us / 2);
            fm_cut_power(s);
            return FM_E_POWER_LOSS;
        }
        memset(dv->data + o, FM_ERASED, ps);
        if (dv->wcount != NULL) {
            memset(dv->wcount + o / dv->d.write_size, 0, ps / dv->d.write_size);
        }
        s->seq++;
        add_time(us, dv->d.timing.erase_us);
        if (a == FM_FAULT_CUT_AFTER) {
            fm_cut_power(s);
            return FM_E_POWER_LOSS;
        }
    }
    return 0;
}
