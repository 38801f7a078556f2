/* The access-control list in front of one core's local flash: the nRF5340 network core's ACL
 * (nRF5340 PS, "ACL — Access control lists"; facts file, "Errata and additions"). Registers are
 * write-once until the core's reset; a blocked access is a recorded bus fault. */
#include <string.h>

#include "fm_internal.h"

static bool acl_reg_index(const struct fm_sys *s, unsigned region, enum fm_acl_reg reg, unsigned *idx)
{
    if (region >= s->desc.acl.regions || region >= FM_MAX_ACL ||
        (reg != FM_ACL_ADDR && reg != FM_ACL_SIZE && reg != FM_ACL_PERM)) {
        return false;
    }
    *idx = (unsigned)reg / 4u;
    return true;
}

int fm_acl_write(struct fm_sys *s, unsigned region, enum fm_acl_reg reg, uint32_t value)
{
    unsigned i;
    if (!acl_reg_index(s, region, reg, &i)) {
        return FM_E_INVAL;
    }
    struct fm_acl_state *a = &s->acl[region];
    if ((a->written & (1u << i)) != 0u || (reg == FM_ACL_SIZE && value == 0u)) {
        return 0; /* "can only be written once"; SIZE: "Writing a '0' has no effect" */
    }
    a->reg[i] = value;
    a->written |= (uint8_t)(1u << i);
    return 0;
}

uint32_t fm_acl_read(const struct fm_sys *s, unsigned region, enum fm_acl_reg reg)
{
    unsigned i;
    return acl_reg_index(s, region, reg, &i) ? s->acl[region].reg[i] : 0u;
}

void fm_acl_reset(struct fm_sys *s)
{
    memset(s->acl, 0, sizeof(s->acl));
}

/* A region protects only with a page-start ADDR inside the guarded device and non-zero SIZE and
 * PERM ("The protection is only enforced if a valid start address of the flash page boundary is
 * written into the ADDR register, and the values of the SIZE and PERM registers are not zero").
 * Its end is clipped to the 32-bit address space. */
static bool region_active(const struct fm_sys *s, const struct fm_acl_state *a, uint32_t *end)
{
    const struct fm_acl_desc *d = &s->desc.acl;
    const struct fm_device_desc *dev = &s->dev[d->dev].d;
    const uint32_t addr = a->reg[0], size = a->reg[1], perm = a->reg[2];
    if (size == 0u || perm == 0u || addr < d->base || addr - d->base >= dev->size ||
        (addr - d->base) % dev->page_size != 0u) {
        return false;
    }
    *end = size > UINT32_MAX - addr ? UINT32_MAX : addr + size;
    return true;
}

bool fm_acl_blocks(const struct fm_sys *s, enum fm_core core, uint32_t addr, uint32_t len, uint8_t access,
                   uint32_t *blocked_at)
{
    const struct fm_acl_desc *d = &s->desc.acl;
    if (d->regions == 0u || core != d->core) {
        return false;
    }
    const uint32_t span = len != 0u ? len : 1u;
    const uint32_t last = span - 1u > UINT32_MAX - addr ? UINT32_MAX : addr + (span - 1u);
    const uint32_t deny = (access & FM_PERM_W) != 0u ? FM_ACL_PERM_WRITE : FM_ACL_PERM_READ;
    bool blocked = false;
    uint32_t first = 0;
    for (unsigned n = 0; n < d->regions && n < FM_MAX_ACL; n++) {
        uint32_t end;
        const struct fm_acl_state *a = &s->acl[n];
        if ((a->reg[2] & deny) == 0u || !region_active(s, a, &end) || last < a->reg[0] || addr >= end) {
            continue;
        }
        const uint32_t at = addr > a->reg[0] ? addr : a->reg[0];
        if (!blocked || at < first) {
            first = at;
        }
        blocked = true;
    }
    if (blocked && blocked_at != NULL) {
        *blocked_at = first;
    }
    return blocked;
}

int fm_acl_check(struct fm_sys *s, enum fm_core core, uint32_t addr, uint32_t len, uint8_t access,
                 uint32_t *blocked_at)
{
    uint32_t first = 0;
    if (!fm_acl_blocks(s, core, addr, len, access, &first)) {
        return 0;
    }
    if (blocked_at != NULL) {
        *blocked_at = first;
    }
    fm_record(s, FM_REC_BUS_FAULT, FM_E_ACL, s->desc.acl.dev, (int)core, first, len, access);
    return FM_E_BUS_FAULT;
}
