/* Bus views: each core's address map, with permissions, SPU-style protections and the ACL. An
 * access outside the map is a recorded bus fault, never a host crash. */
#include <string.h>

#include "fm_internal.h"

/* Does [a, a + alen) intersect [b, b + blen)? Both lengths non-zero. */
static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a <= b + (blen - 1) && b <= a + (alen - 1);
}

int fm_bus_resolve(struct fm_sys *s, enum fm_core core, uint32_t addr, uint32_t len, uint8_t access, int *dev,
                   uint32_t *off)
{
    if ((unsigned)core >= FM_CORE_COUNT) {
        return FM_E_INVAL;
    }
    uint32_t span = len ? len : 1;
    for (unsigned i = 0; i < s->desc.n_regions[core]; i++) {
        const struct fm_bus_region *r = &s->desc.regions[core][i];
        if (addr < r->base || addr - r->base >= r->size) {
            continue;
        }
        uint32_t rel = addr - r->base;
        if (span > r->size - rel) {
            /* runs off the end of the region: faults at the first address past it */
            fm_record(s, FM_REC_BUS_FAULT, FM_E_BUS_FAULT, r->dev, core, r->base + r->size, len, access);
            return FM_E_BUS_FAULT;
        }
        if ((r->perm & access) != access) {
            fm_record(s, FM_REC_BUS_FAULT, FM_E_BUS_FAULT, r->dev, core, addr, len, access);
            return FM_E_BUS_FAULT;
        }
        for (unsigned k = 0; k < s->n_protect[core]; k++) {
            const struct fm_bus_region *p = &s->protect[core][k];
            if (overlaps(addr, span, p->base, p->size) && (p->perm & access) != access) {
                fm_record(s, FM_REC_BUS_FAULT, FM_E_BUS_FAULT, r->dev, core, addr < p->base ? p->base : addr, len,
                          access);
                return FM_E_BUS_FAULT;
            }
        }
        if (s->desc.acl.regions != 0u && r->dev == s->desc.acl.dev &&
            fm_acl_check(s, core, addr, len, access, NULL) != 0) {
            return FM_E_BUS_FAULT; /* recorded by the check, err FM_E_ACL */
        }
        *dev = r->dev;
        *off = r->dev_offset + rel;
        return 0;
    }
    fm_record(s, FM_REC_BUS_FAULT, FM_E_BUS_FAULT, -1, core, addr, len, access);
    return FM_E_BUS_FAULT;
}

int fm_bus_read(struct fm_sys *s, enum fm_core core, uint32_t addr, void *buf, uint32_t len, uint64_t *us)
{
    const uint8_t *p;
    int rc = fm_bus_read_view(s, core, addr, len, &p, us);
    if (rc == 0) {
        memcpy(buf, p, len);
    }
    return rc;
}

int fm_bus_read_view(struct fm_sys *s, enum fm_core core, uint32_t addr, uint32_t len, const uint8_t **out,
                     uint64_t *us)
{
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    int dev;
    uint32_t off;
    int rc = fm_bus_resolve(s, core, addr, len, FM_PERM_R, &dev, &off);
    return rc != 0 ? rc : fm_read_view(s, dev, off, len, out, us);
}

int fm_bus_write(struct fm_sys *s, enum fm_core core, uint32_t addr, const void *buf, uint32_t len, uint64_t *us)
{
    if (!s->powered) {
        return FM_E_POWERED_OFF;
    }
    int dev;
    uint32_t off;
    int rc = fm_bus_resolve(s, core, addr, len, FM_PERM_W, &dev, &off);
    if (rc != 0) {
        return rc;
    }
    /* A store to NVMC flash with write enabled programs words (PS NVMC: CONFIG.WEN). */
    return s->dev[dev].d.kind == FM_KIND_RAM ? fm_write_ram(s, dev, off, buf, len)
                                             : fm_program(s, dev, off, buf, len, us);
}

int fm_bus_protect(struct fm_sys *s, enum fm_core core, uint32_t addr, uint32_t len, uint8_t perm)
{
    if ((unsigned)core >= FM_CORE_COUNT || len == 0 || addr > UINT32_MAX - (len - 1)) {
        return FM_E_INVAL;
    }
    if (s->n_protect[core] >= FM_MAX_PROTECT) {
        return FM_E_NOMEM;
    }
    s->protect[core][s->n_protect[core]++] = (struct fm_bus_region){addr, len, -1, 0, perm};
    return 0;
}

void fm_bus_unprotect_all(struct fm_sys *s, enum fm_core core)
{
    if ((unsigned)core < FM_CORE_COUNT) {
        s->n_protect[core] = 0;
    }
}
