/* The host implementation of struct pcd_port: each core's view of the memories through the flash
 * model, with device time, Force-OFF, the SPU lock, the network core's ACL and the timeline.
 * Flash-model codes become PCD codes here (convert(): the side effects, then
 * pcdsim_pcd_err_from_fm()). */
#include <stdio.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "pcdsim/host_err.h"
#include "soc_internal.h"

static struct soc_core *core_of(void *ctx)
{
    return ctx;
}

/* The flash-model device behind a PCD memory. */
static int fm_dev_of(enum pcd_mem mem)
{
    switch (mem) {
    case PCD_MEM_APP_FLASH: return FM_NRF_APP_FLASH;
    case PCD_MEM_NET_FLASH: return FM_NRF_NET_FLASH;
    case PCD_MEM_QSPI: return FM_NRF_QSPI;
    case PCD_MEM_RAM_FLASH: return FM_NRF_RAM_FLASH;
    case PCD_MEM_NAND: return FM_NRF_NAND;
    default: return -1;
    }
}

/* Which memories a core may reach by (memory, offset) with which access (facts §4.2): the
 * application core owns app flash, the QSPI peripheral and MCUboot's RAM flash simulator; the
 * network core owns its flash and reads app flash over the bus. */
static bool may_access(enum fm_core core, enum pcd_mem mem, bool write)
{
    if (core == FM_CORE_APP) {
        return mem == PCD_MEM_APP_FLASH || mem == PCD_MEM_QSPI || mem == PCD_MEM_RAM_FLASH || mem == PCD_MEM_NAND;
    }
    return mem == PCD_MEM_NET_FLASH || (!write && (mem == PCD_MEM_APP_FLASH || mem == PCD_MEM_RAM_FLASH));
}

/* A BusFault: the core halts (every later operation returns PCD_E_HALTED) and the timeline says
 * where, and whether the network core's ACL blocked the access (nRF5340 PS, ACL). */
static int bus_fault(struct soc_core *c, uint32_t addr, bool acl)
{
    char text[96];
    snprintf(text, sizeof(text), "core halted: BusFault at 0x%08x%s", addr, acl ? " (ACL)" : "");
    soc_emit_at(c->soc, (int)c->id, SOC_EV_BUS_FAULT, addr, addr, text);
    soc_halt_core(c);
    return PCD_E_BUS_FAULT;
}

/* Convert a flash-model result, applying its side effects on the SoC; @p acl: a bus fault came
 * from the ACL. */
static int convert_at(struct soc_core *c, int rc, uint32_t addr, bool acl)
{
    struct soc *s = c->soc;
    switch (rc) {
    case 0: return 0;
    case FM_E_POWER_LOSS:
    case FM_E_POWERED_OFF:
        if (s->powered) {
            soc_lose_power(s); /* the fault hook cut power during this operation */
        }
        return PCD_E_HALTED;
    case FM_E_BUS_FAULT: return bus_fault(c, addr, acl);
    default: return pcdsim_pcd_err_from_fm(rc);
    }
}

static int convert(struct soc_core *c, int rc, uint32_t addr)
{
    return convert_at(c, rc, addr, false);
}

/* The network core's NVMC programs and erases its flash only where the ACL allows (nRF5340 PS,
 * ACL: a write or erase into a protected region "is blocked and a Bus Fault exception is
 * triggered"). True if [off, off + len) is blocked; *first: device offset of the first blocked
 * byte (the bytes before it are written first, as the word writes reach it in order). Records
 * nothing: acl_fault() does, when the core gets there. */
static bool acl_blocks(struct soc_core *c, enum pcd_mem mem, uint32_t off, uint32_t len, uint32_t *first)
{
    uint32_t at = 0;
    if (c->id != FM_CORE_NET || mem != PCD_MEM_NET_FLASH || off > UINT32_MAX - FM_NRF_NET_FLASH_BASE ||
        !fm_acl_blocks(c->soc->fm, FM_CORE_NET, FM_NRF_NET_FLASH_BASE + off, len, FM_PERM_W, &at)) {
        return false;
    }
    *first = at - FM_NRF_NET_FLASH_BASE;
    return true;
}

/* The BusFault of a program or erase the ACL blocks at device offset @p off: recorded (err
 * FM_E_ACL), the core halts. */
static int acl_fault(struct soc_core *c, uint32_t off, uint32_t len)
{
    (void)fm_acl_check(c->soc->fm, FM_CORE_NET, FM_NRF_NET_FLASH_BASE + off, len, FM_PERM_W, NULL);
    return bus_fault(c, FM_NRF_NET_FLASH_BASE + off, true);
}

/* A memory this core has no path to: the access faults like an unmapped bus access. */
static int no_path(struct soc_core *c, enum pcd_mem mem, uint32_t off)
{
    (void)mem;
    return convert(c, FM_E_BUS_FAULT, off);
}

static int port_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    struct soc_core *c = core_of(ctx);
    int dev = fm_dev_of(mem);
    const struct fm_device_desc *d = dev >= 0 ? fm_dev_desc(c->soc->fm, dev) : NULL;
    if (d == NULL || d->size == 0) {
        return PCD_E_UNSUPPORTED;
    }
    out->size = d->size;
    out->page_size = d->page_size;
    out->write_size = d->write_size;
    out->erase_value = 0xFF;
    out->cpu_addr = PCD_NO_CPU_ADDR;
    switch (mem) {
    case PCD_MEM_APP_FLASH: out->cpu_addr = FM_NRF_APP_FLASH_BASE; break;
    case PCD_MEM_NET_FLASH: out->cpu_addr = c->id == FM_CORE_NET ? FM_NRF_NET_FLASH_BASE : PCD_NO_CPU_ADDR; break;
    case PCD_MEM_QSPI: out->cpu_addr = c->id == FM_CORE_APP ? FM_NRF_QSPI_XIP_BASE : PCD_NO_CPU_ADDR; break;
    case PCD_MEM_RAM_FLASH: out->cpu_addr = FM_NRF_APP_SRAM_BASE + d->parent_offset; break;
    default: break;
    }
    return 0;
}

/* The start of every flash access: a scheduling point, then whether this core has a path to
 * @p mem at all (a bus fault recorded if not). */
static int enter_mem(struct soc_core *c, enum pcd_mem mem, uint32_t off, bool write)
{
    int rc = soc_enter(c);
    if (rc == 0 && !may_access(c->id, mem, write)) {
        rc = no_path(c, mem, off);
    }
    return rc;
}

/* The other core's clock unless it sleeps in poll_word (a power loss cuts a sleep short at the
 * time it happens: soc_lose_power()); see soc_flash_call.t_floor_us. */
static uint64_t floor_time(const struct soc_core *c)
{
    const struct soc_core *o = &c->soc->core[c->id == FM_CORE_APP ? FM_CORE_NET : FM_CORE_APP];
    return o->waiting ? 0 : o->clock;
}

static int port_flash_view(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len, const void **out)
{
    struct soc_core *c = core_of(ctx);
    int rc = enter_mem(c, mem, off, false);
    if (rc != 0) {
        return rc;
    }
    const uint8_t *p = NULL;
    rc = convert(c, fm_read_view(c->soc->fm, fm_dev_of(mem), off, len, &p, &c->clock), off);
    *out = p;
    return rc;
}

static int port_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    if (mem == PCD_MEM_NAND) {
        /* NAND: through the page buffer and the ECC, never in place */
        struct soc_core *c = core_of(ctx);
        int rc = enter_mem(c, mem, off, false);
        return rc != 0 ? rc : convert(c, fm_read(c->soc->fm, FM_NRF_NAND, off, buf, len, &c->clock), off);
    }
    const void *p;
    int rc = port_flash_view(ctx, mem, off, len, &p);
    if (rc == 0) {
        memcpy(buf, p, len);
    }
    return rc;
}

static int port_flash_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    struct soc_core *c = core_of(ctx);
    int rc = enter_mem(c, mem, off, true);
    if (rc != 0) {
        return rc;
    }
    uint32_t blocked = 0;
    const bool acl = acl_blocks(c, mem, off, len, &blocked);
    const uint32_t asked = len;
    if (acl) {
        len = blocked - off; /* the words before the protected region are written, then it faults */
    }
    uint64_t seq0 = fm_next_seq(c->soc->fm), t0 = c->clock;
    rc = len == 0u && acl ? 0 : convert(c, fm_program(c->soc->fm, fm_dev_of(mem), off, buf, len, &c->clock), off);
    if (c->soc->program_hook != NULL && (rc == 0 || rc == PCD_E_FLASH_RULE) && (!acl || len != 0u)) {
        c->soc->program_hook(c->soc, c->id, fm_dev_of(mem), off, len, c->soc->program_hook_arg);
    }
    uint64_t seq1 = fm_next_seq(c->soc->fm);
    if (c->soc->flash_hook != NULL && seq1 > seq0) {
        const struct soc_flash_call call = {c->id, FM_OP_PROGRAM, fm_dev_of(mem), off,
                                            fm_view(c->soc->fm, fm_dev_of(mem), off, len), len, seq0, seq1, t0,
                                            floor_time(c), NULL};
        c->soc->flash_hook(c->soc, &call, c->soc->flash_hook_arg);
    }
    return rc == 0 && acl ? acl_fault(c, blocked, asked - len) : rc;
}

static int port_flash_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct soc_core *c = core_of(ctx);
    int rc = enter_mem(c, mem, off, true);
    if (rc != 0) {
        return rc;
    }
    int dev = fm_dev_of(mem);
    const struct fm_device_desc *d = fm_dev_desc(c->soc->fm, dev);
    /* One page at a time, so that each erase is a timeline entry and a point where the other
     * core may run. */
    if (d->page_size == 0 || off % d->page_size != 0 || len % d->page_size != 0) {
        return convert(c, fm_erase(c->soc->fm, dev, off, len, &c->clock), off);
    }
    for (uint32_t o = off; o < off + len; o += d->page_size) {
        if (o != off && (rc = soc_enter(c)) != 0) {
            return rc;
        }
        uint32_t blocked;
        if (acl_blocks(c, mem, o, d->page_size, &blocked)) {
            return acl_fault(c, o, d->page_size);
        }
        uint64_t seq0 = fm_next_seq(c->soc->fm), t0 = c->clock;
        rc = convert(c, fm_erase(c->soc->fm, dev, o, d->page_size, &c->clock), o);
        uint64_t seq1 = fm_next_seq(c->soc->fm);
        if (c->soc->flash_hook != NULL && seq1 > seq0 && rc == 0) {
            const struct soc_flash_call call = {c->id, FM_OP_ERASE, dev, o, NULL, d->page_size, seq0, seq1, t0,
                                                floor_time(c), NULL};
            c->soc->flash_hook(c->soc, &call, c->soc->flash_hook_arg);
        }
        if (rc != 0) {
            return rc;
        }
        if (c->soc->cfg.record_erases || mem == PCD_MEM_NET_FLASH) {
            /* no text: the printer writes "page N erased" (111 of these per network-core update) */
            soc_emit_at(c->soc, (int)c->id, SOC_EV_FLASH_ERASE, o / d->page_size, o, NULL);
        }
        if (c->halt) {
            return PCD_E_HALTED;
        }
    }
    return 0;
}

/* The bus fault the model recorded during the last call, if it still fits in its record list. */
static const struct fm_record *new_fault(struct soc_core *c, uint64_t total_before)
{
    uint64_t total;
    unsigned n;
    const struct fm_record *r = fm_records(c->soc->fm, &total, &n);
    if (total == total_before || n == 0 || total != n || r[n - 1].kind != FM_REC_BUS_FAULT) {
        return NULL;
    }
    return &r[n - 1];
}

static uint64_t records_total(struct soc_core *c)
{
    uint64_t total;
    (void)fm_records(c->soc->fm, &total, NULL);
    return total;
}

static int port_bus_view(void *ctx, uint32_t addr, uint32_t len, const void **out)
{
    struct soc_core *c = core_of(ctx);
    int rc = soc_enter(c);
    if (rc != 0) {
        return rc;
    }
    uint64_t before = records_total(c);
    const uint8_t *p = NULL;
    rc = fm_bus_read_view(c->soc->fm, c->id, addr, len, &p, &c->clock);
    *out = p;
    const struct fm_record *f = rc == FM_E_BUS_FAULT ? new_fault(c, before) : NULL;
    /* the first faulting address; "(ACL)" when the network core's ACL refused it */
    return convert_at(c, rc, f != NULL ? f->addr : addr, f != NULL && f->err == FM_E_ACL);
}

static int port_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    const void *p;
    int rc = port_bus_view(ctx, addr, len, &p);
    if (rc == 0) {
        memcpy(buf, p, len);
    }
    return rc;
}

/* A core wrote [addr, addr + len): if the other core sleeps in poll_word on that word, it wakes
 * at its first poll instant at or after now. */
static void wake_poller(struct soc_core *c, uint32_t addr, uint32_t len)
{
    struct soc_core *o = &c->soc->core[c->id == FM_CORE_APP ? FM_CORE_NET : FM_CORE_APP];
    if (!o->waiting || o->wait_addr + 4 <= addr || addr + len <= o->wait_addr) {
        return;
    }
    uint64_t polls = c->clock > o->wait_start ? (c->clock - o->wait_start + o->wait_poll - 1) / o->wait_poll : 1;
    uint64_t at = o->wait_start + (polls ? polls : 1) * o->wait_poll;
    if (at < o->clock) {
        o->clock = at;
    }
}

static int port_bus_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    struct soc_core *c = core_of(ctx);
    int rc = soc_enter(c);
    if (rc != 0) {
        return rc;
    }
    uint64_t before = records_total(c);
    rc = fm_bus_write(c->soc->fm, c->id, addr, buf, len, &c->clock);
    if (rc == 0) {
        wake_poller(c, addr, len);
    }
    const struct fm_record *f = rc == FM_E_BUS_FAULT ? new_fault(c, before) : NULL;
    if (f != NULL && f->dev == FM_NRF_APP_SRAM) {
        /* app SRAM is writable by both cores' maps: the refusal came from the SPU lock */
        char text[96];
        snprintf(text, sizeof(text), "write to 0x%08x refused by the SPU lock", f->addr);
        soc_emit(c->soc, (int)c->id, SOC_EV_LOCK_REFUSED, f->addr, text);
    }
    return convert_at(c, rc, f != NULL ? f->addr : addr, f != NULL && f->err == FM_E_ACL);
}

static int port_shared_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    uint8_t b[4];
    int rc = port_bus_read(ctx, addr, b, 4);
    if (rc == 0) {
        *val = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    }
    return rc;
}

static int port_shared_write32(void *ctx, uint32_t addr, uint32_t val)
{
    struct soc_core *c = core_of(ctx);
    uint8_t b[4] = {(uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16), (uint8_t)(val >> 24)};
    int rc = port_bus_write(ctx, addr, b, 4);
    if (rc == 0 && addr >= c->soc->cfg.pcd_sram_addr && addr - c->soc->cfg.pcd_sram_addr < 0x40) {
        /* no text: soc_event_text() renders "pcd_sram+0xNN <- 0xVVVVVVVV" when shown */
        soc_emit_at(c->soc, (int)c->id, SOC_EV_SHARED_WRITE, val, addr, NULL);
    }
    return rc;
}

static int port_netcore_force_off(void *ctx, bool hold)
{
    struct soc_core *c = core_of(ctx);
    if (c->id != FM_CORE_APP) {
        return PCD_E_UNSUPPORTED;
    }
    int rc = soc_enter(c);
    if (rc != 0) {
        return rc;
    }
    soc_force_off(c->soc, hold, c->clock);
    soc_emit(c->soc, (int)c->id, SOC_EV_FORCEOFF, hold ? 1 : 0,
             hold ? "RESET.NETWORK.FORCEOFF = Hold" : "RESET.NETWORK.FORCEOFF = Release");
    return c->halt ? PCD_E_HALTED : 0;
}

static int port_spu_lock_ram(void *ctx, uint32_t addr, uint32_t len)
{
    struct soc_core *c = core_of(ctx);
    if (c->id != FM_CORE_APP) {
        return PCD_E_UNSUPPORTED;
    }
    int rc = soc_enter(c);
    if (rc != 0) {
        return rc;
    }
    /* SPU RAM regions are 8 KiB (nRF5340 PS, SPU chapter). */
    if (len == 0 || addr % 0x2000u != 0 || len % 0x2000u != 0) {
        return PCD_E_INVAL;
    }
    if (fm_bus_protect(c->soc->fm, FM_CORE_APP, addr, len, FM_PERM_R) != 0) {
        return PCD_E_IO;
    }
    char text[80];
    snprintf(text, sizeof(text), "SPU: RAM 0x%08x..0x%08x read-only, locked", addr, addr + len);
    soc_emit(c->soc, (int)c->id, SOC_EV_SPU_LOCK, addr, text);
    return 0;
}

/* Network core: NCS fprotect_area() on the ACL -- the first region whose PERM reads 0 gets
 * ADDR, SIZE, PERM = WRITE (write-once until the core's reset), then the registers are read back
 * (nRF5340 PS, ACL). */
static int port_flash_protect(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct soc_core *c = core_of(ctx);
    if (c->id != FM_CORE_NET || mem != PCD_MEM_NET_FLASH) {
        return PCD_E_UNSUPPORTED;
    }
    int rc = soc_enter(c);
    if (rc != 0) {
        return rc;
    }
    struct fm_sys *fm = c->soc->fm;
    const struct fm_device_desc *d = fm_dev_desc(fm, FM_NRF_NET_FLASH);
    if (len == 0u || off % d->page_size != 0u || len % d->page_size != 0u || off > d->size || len > d->size - off) {
        return PCD_E_INVAL;
    }
    const uint32_t addr = FM_NRF_NET_FLASH_BASE + off;
    for (unsigned n = 0; n < FM_NRF_NET_ACL_REGIONS; n++) {
        if (fm_acl_read(fm, n, FM_ACL_PERM) != 0u) {
            continue;
        }
        (void)fm_acl_write(fm, n, FM_ACL_ADDR, addr);
        (void)fm_acl_write(fm, n, FM_ACL_SIZE, len);
        (void)fm_acl_write(fm, n, FM_ACL_PERM, FM_ACL_PERM_WRITE);
        if (fm_acl_read(fm, n, FM_ACL_ADDR) != addr || fm_acl_read(fm, n, FM_ACL_SIZE) != len ||
            fm_acl_read(fm, n, FM_ACL_PERM) != FM_ACL_PERM_WRITE) {
            return PCD_E_IO;
        }
        char text[96];
        snprintf(text, sizeof(text), "ACL[%u]: net flash 0x%08x..0x%08x write-protected until reset", n, addr,
                 addr + len);
        soc_emit_at(c->soc, (int)c->id, SOC_EV_ACL_LOCK, n, addr, text);
        return 0;
    }
    return PCD_E_IO;
}

static int port_delay_us(void *ctx, uint64_t us)
{
    struct soc_core *c = core_of(ctx);
    if (c->halt) {
        return PCD_E_HALTED;
    }
    c->clock += us;
    return soc_enter(c);
}

/* Poll a word without a thread switch per poll: the core sleeps with its clock at its deadline;
 * a write of the word by the other core moves the clock back to the first poll instant after the
 * write (wake_poller). Every poll instant up to then would have read the old value, so the
 * result and the device time are those of the poll loop. */
static int port_poll_word(void *ctx, uint32_t addr, uint32_t unchanged, uint64_t poll_us, uint64_t timeout_us,
                          uint32_t *value, uint64_t *waited_us)
{
    struct soc_core *c = core_of(ctx);
    int rc = soc_enter(c);
    if (rc != 0) {
        return rc;
    }
    const uint64_t start = c->clock, deadline = start + timeout_us;
    uint32_t now;
    rc = port_shared_read32(ctx, addr, &now); /* a change already made shows at the first poll */
    if (rc != 0) {
        return rc;
    }
    c->clock = now != unchanged ? start + (poll_us < timeout_us ? poll_us : timeout_us) : deadline;
    c->waiting = true;
    c->wait_addr = addr;
    c->wait_start = start;
    c->wait_poll = poll_us;
    for (;;) {
        rc = soc_enter(c); /* sleep: the other core runs up to our wake time */
        if (rc == 0) {
            rc = port_shared_read32(ctx, addr, value);
        }
        if (rc != 0) {
            c->waiting = false;
            return rc;
        }
        *waited_us = c->clock - start;
        if (*value != unchanged || c->clock >= deadline) {
            c->waiting = false;
            return *value != unchanged ? 0 : PCD_E_TIMEOUT;
        }
        c->clock = deadline; /* changed and changed back: sleep on */
    }
}

static int port_signal(void *ctx)
{
    struct soc_core *c = core_of(ctx);
    int rc = soc_enter(c);
    if (rc == 0) {
        soc_emit(c->soc, (int)c->id, SOC_EV_SIGNAL, 0, "IPC signal to the other core");
    }
    return rc;
}

static void port_boot(void *ctx, uint32_t vtor)
{
    struct soc_core *c = core_of(ctx);
    if (c->halt) {
        return;
    }
    char text[64];
    snprintf(text, sizeof(text), "jump to image at 0x%08x", vtor);
    soc_emit_at(c->soc, (int)c->id, SOC_EV_BOOT, vtor, vtor, text);
}

static void port_stop(void *ctx)
{
    struct soc_core *c = core_of(ctx);
    if (c->halt) {
        return;
    }
    soc_emit(c->soc, (int)c->id, SOC_EV_STOP, 0, "core stopped, waiting for reset");
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
static void port_log(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap)
{
    struct soc_core *c = core_of(ctx);
    if (c->halt) {
        return;
    }
    char text[200];
    vsnprintf(text, sizeof(text), fmt, ap);
    soc_emit(c->soc, (int)c->id, SOC_EV_LOG, (uint32_t)level, text);
}

static void port_trace(void *ctx, enum pcd_trace event, uint32_t arg)
{
    struct soc_core *c = core_of(ctx);
    if (c->halt) {
        return;
    }
    char text[64];
    snprintf(text, sizeof(text), "%s (0x%x)", soc_trace_name(event), arg);
    soc_emit_at(c->soc, (int)c->id, SOC_EV_TRACE, (uint32_t)event, arg, text); /* addr: the trace's argument */
}

/* SPI NAND pages with their spare area (the app core's driver; flashmodel/nand.h). */
static int port_nand_read(void *ctx, enum pcd_mem mem, uint32_t page, void *data, void *spare)
{
    struct soc_core *c = core_of(ctx);
    int rc = mem == PCD_MEM_NAND ? enter_mem(c, mem, page, false) : PCD_E_UNSUPPORTED;
    return rc != 0 ? rc : convert(c, fm_nand_read_page(c->soc->fm, FM_NRF_NAND, page, data, spare, NULL, &c->clock), 0);
}

static int port_nand_program(void *ctx, enum pcd_mem mem, uint32_t page, const void *data, const void *spare)
{
    struct soc_core *c = core_of(ctx);
    int rc = mem == PCD_MEM_NAND ? enter_mem(c, mem, page, true) : PCD_E_UNSUPPORTED;
    if (rc != 0) {
        return rc;
    }
    uint64_t seq0 = fm_next_seq(c->soc->fm), t0 = c->clock;
    rc = convert(c, fm_nand_program_page(c->soc->fm, FM_NRF_NAND, page, data, spare, &c->clock), page * FM_NAND_PAGE);
    uint64_t seq1 = fm_next_seq(c->soc->fm);
    if (c->soc->flash_hook != NULL && seq1 > seq0) {
        static const uint8_t ff[PCD_NAND_SPARE] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
        /* the bytes asked for, with their spare: a replay programs the page as this call did */
        const struct soc_flash_call call = {c->id, FM_OP_PROGRAM, FM_NRF_NAND, page * FM_NAND_PAGE, data, FM_NAND_PAGE,
                                            seq0, seq1, t0, floor_time(c), spare != NULL ? spare : ff};
        c->soc->flash_hook(c->soc, &call, c->soc->flash_hook_arg);
    }
    return rc;
}

const struct pcd_port_ops soc_port_ops = {
    .mem_info = port_mem_info,
    .flash_read = port_flash_read,
    .flash_view = port_flash_view,
    .flash_program = port_flash_program,
    .flash_erase = port_flash_erase,
    .bus_read = port_bus_read,
    .bus_view = port_bus_view,
    .bus_write = port_bus_write,
    .shared_read32 = port_shared_read32,
    .shared_write32 = port_shared_write32,
    .netcore_force_off = port_netcore_force_off,
    .spu_lock_ram = port_spu_lock_ram,
    .delay_us = port_delay_us,
    .poll_word = port_poll_word,
    .signal = port_signal,
    .boot = port_boot,
    .stop = port_stop,
    .log = port_log,
    .trace = port_trace,
    .flash_protect = port_flash_protect,
    .nand_read = port_nand_read,
    .nand_program = port_nand_program,
};
