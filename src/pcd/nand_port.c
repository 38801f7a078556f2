/* The port adapter of pcd/nand_area.h: PCD_MEM_NAND offsets of the area through the NAND layer,
 * everything else to the raw port. Freestanding. */
#include <string.h>

#include "pcd/nand_area.h"

static const struct pcd_port *raw_of(void *ctx)
{
    return ((struct pcd_nand_port *)ctx)->raw;
}

/* The area holding [off, off + len) of PCD_MEM_NAND and the offset in it, or NULL (PCD_E_RANGE). */
static struct pcd_nand_area *to_area(const struct pcd_nand_port *np, uint32_t off, uint32_t len, uint32_t *aoff)
{
    for (uint32_t i = 0; i < np->n_areas; i++) {
        const uint32_t size = pcd_nand_area_size(np->area[i]);
        if (off >= np->base[i] && off - np->base[i] <= size && len <= size - (off - np->base[i])) {
            *aoff = off - np->base[i];
            return np->area[i];
        }
    }
    return NULL;
}

static int np_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    struct pcd_nand_port *np = ctx;
    int rc = pcd_mem_info(np->raw, mem, out);
    if (rc == 0 && mem == PCD_MEM_NAND) {
        out->write_size = 4u; /* the area takes any write; 4 keeps the updater's words aligned */
        out->cpu_addr = PCD_NO_CPU_ADDR;
    }
    return rc;
}

static int np_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    struct pcd_nand_port *np = ctx;
    uint32_t a;
    if (mem != PCD_MEM_NAND) {
        return pcd_flash_read(np->raw, mem, off, buf, len);
    }
    struct pcd_nand_area *ar = to_area(np, off, len, &a);
    return ar == NULL ? PCD_E_RANGE : pcd_nand_area_read(ar, a, buf, len);
}

static int np_flash_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    struct pcd_nand_port *np = ctx;
    uint32_t a;
    if (mem != PCD_MEM_NAND) {
        return pcd_flash_program(np->raw, mem, off, buf, len);
    }
    struct pcd_nand_area *ar = to_area(np, off, len, &a);
    return ar == NULL ? PCD_E_RANGE : pcd_nand_area_write(ar, a, buf, len);
}

static int np_flash_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct pcd_nand_port *np = ctx;
    uint32_t a;
    if (mem != PCD_MEM_NAND) {
        return pcd_flash_erase(np->raw, mem, off, len);
    }
    struct pcd_nand_area *ar = to_area(np, off, len, &a);
    return ar == NULL ? PCD_E_RANGE : pcd_nand_area_erase(ar, a, len);
}

static int np_flash_view(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len, const void **out)
{
    return mem == PCD_MEM_NAND ? PCD_E_UNSUPPORTED : pcd_flash_view(raw_of(ctx), mem, off, len, out);
}

static int np_flash_protect(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    return mem == PCD_MEM_NAND ? PCD_E_UNSUPPORTED : pcd_flash_protect(raw_of(ctx), mem, off, len);
}

/* ---- forwarded unchanged ---- */

static int f_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    return pcd_bus_read(raw_of(ctx), addr, buf, len);
}

static int f_bus_view(void *ctx, uint32_t addr, uint32_t len, const void **out)
{
    return pcd_bus_view(raw_of(ctx), addr, len, out);
}

static int f_bus_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    return pcd_bus_write(raw_of(ctx), addr, buf, len);
}

static int f_shared_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    return pcd_shared_read32(raw_of(ctx), addr, val);
}

static int f_shared_write32(void *ctx, uint32_t addr, uint32_t val)
{
    return pcd_shared_write32(raw_of(ctx), addr, val);
}

static int f_force_off(void *ctx, bool hold)
{
    return pcd_netcore_force_off(raw_of(ctx), hold);
}

static int f_spu_lock_ram(void *ctx, uint32_t addr, uint32_t len)
{
    return pcd_spu_lock_ram(raw_of(ctx), addr, len);
}

static int f_delay_us(void *ctx, uint64_t us)
{
    return pcd_delay_us(raw_of(ctx), us);
}

static int f_poll_word(void *ctx, uint32_t addr, uint32_t unchanged, uint64_t poll_us, uint64_t timeout_us,
                       uint32_t *value, uint64_t *waited_us)
{
    const struct pcd_port *r = raw_of(ctx);
    return pcd_port_rc(r->ops->poll_word(r->ctx, addr, unchanged, poll_us, timeout_us, value, waited_us));
}

static int f_signal(void *ctx)
{
    return pcd_signal(raw_of(ctx));
}

static void f_boot(void *ctx, uint32_t vtor)
{
    pcd_boot(raw_of(ctx), vtor);
}

static void f_stop(void *ctx)
{
    pcd_stop(raw_of(ctx));
}

static void f_log(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap)
{
    const struct pcd_port *r = raw_of(ctx);
    r->ops->log(r->ctx, level, fmt, ap);
}

static void f_trace(void *ctx, enum pcd_trace event, uint32_t arg)
{
    pcd_trace(raw_of(ctx), event, arg);
}

void pcd_nand_port_init(struct pcd_nand_port *np, const struct pcd_port *raw, struct pcd_nand_area *area,
                        uint32_t base)
{
    const struct pcd_port_ops *r = raw->ops;
    memset(np, 0, sizeof(*np));
    np->raw = raw;
    np->area[0] = area;
    np->base[0] = base;
    np->n_areas = 1u;
    np->ops.mem_info = np_mem_info;
    np->ops.flash_read = np_flash_read;
    np->ops.flash_program = np_flash_program;
    np->ops.flash_erase = np_flash_erase;
    np->ops.flash_view = r->flash_view ? np_flash_view : NULL;
    np->ops.flash_protect = r->flash_protect ? np_flash_protect : NULL;
    np->ops.bus_read = r->bus_read ? f_bus_read : NULL;
    np->ops.bus_view = r->bus_view ? f_bus_view : NULL;
    np->ops.bus_write = r->bus_write ? f_bus_write : NULL;
    np->ops.shared_read32 = r->shared_read32 ? f_shared_read32 : NULL;
    np->ops.shared_write32 = r->shared_write32 ? f_shared_write32 : NULL;
    np->ops.netcore_force_off = r->netcore_force_off ? f_force_off : NULL;
    np->ops.spu_lock_ram = r->spu_lock_ram ? f_spu_lock_ram : NULL;
    np->ops.delay_us = r->delay_us ? f_delay_us : NULL;
    np->ops.poll_word = r->poll_word ? f_poll_word : NULL;
    np->ops.signal = r->signal ? f_signal : NULL;
    np->ops.boot = r->boot ? f_boot : NULL;
    np->ops.stop = r->stop ? f_stop : NULL;
    np->ops.log = r->log ? f_log : NULL;
    np->ops.trace = r->trace ? f_trace : NULL;
    np->port.ops = &np->ops;
    np->port.ctx = np;
}

int pcd_nand_port_add(struct pcd_nand_port *np, struct pcd_nand_area *area, uint32_t base)
{
    const uint64_t end = (uint64_t)base + pcd_nand_area_size(area);
    if (np->n_areas >= PCD_NAND_PORT_MAX_AREAS) {
        return PCD_E_INVAL;
    }
    for (uint32_t i = 0; i < np->n_areas; i++) {
        if (base < (uint64_t)np->base[i] + pcd_nand_area_size(np->area[i]) && np->base[i] < end) {
            return PCD_E_INVAL;
        }
    }
    np->area[np->n_areas] = area;
    np->base[np->n_areas] = base;
    np->n_areas++;
    return 0;
}
