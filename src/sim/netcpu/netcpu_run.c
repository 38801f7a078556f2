/* The emulated network core: Unicorn's Cortex-M33 (Thumb, M-class) running a B0N image, its
 * memories reached through the network core's port (netcpu.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netcpu_internal.h"
#include "pcd/cmd.h"
#include "pcdsim/host_err.h"

#define APP_FLASH_SIZE 0x00100000u
#define APP_SRAM_BASE 0x20000000u
#define APP_SRAM_SIZE 0x00080000u
#define PERIPH_BASE 0x41000000u
#define PERIPH_SIZE 0x01000000u
#define PPB_BASE 0xE0000000u
#define PPB_SIZE 0x00100000u
#define THUMB_WFE 0xBF20u
#define THUMB_WFI 0xBF30u

bool netcpu_available(void)
{
    return true;
}

/* The instruction executing: the code hook's address (Unicorn's PC register is only synchronised
 * at block boundaries inside memory callbacks). */
static uint32_t pc_of(struct ncpu *n)
{
    return n->pc;
}

void ncpu_stop(struct ncpu *n, enum netcpu_end end, uint32_t addr, const char *fmt, ...)
{
    if (!n->stopped) {
        n->stopped = true;
        n->res->end = end;
        n->res->addr = addr;
        n->res->pc = pc_of(n);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(n->res->cause, sizeof(n->res->cause), fmt, ap);
        va_end(ap);
    }
    uc_emu_stop(n->uc);
}

bool ncpu_sync(struct ncpu *n)
{
    if (n->stopped) {
        return false;
    }
    const uint64_t us = (n->res->insns - n->charged) / NETCPU_INSNS_PER_US;
    if (us == 0u) {
        return true;
    }
    n->charged += us * NETCPU_INSNS_PER_US;
    return ncpu_port_ok(n, pcd_delay_us(n->port, us), 0, "delay");
}

bool ncpu_port_ok(struct ncpu *n, int rc, uint32_t addr, const char *what)
{
    if (rc == 0) {
        return true;
    }
    n->rc = rc;
    if (rc == PCD_E_HALTED) {
        ncpu_stop(n, NETCPU_END_HALTED, addr, "power lost or reset");
    } else if (rc == PCD_E_BUS_FAULT) {
        ncpu_stop(n, NETCPU_END_FAULT, addr, "BusFault: %s at 0x%08x, PC 0x%08x", what, addr, pc_of(n));
    } else {
        ncpu_stop(n, NETCPU_END_FAULT, addr, "%s at 0x%08x failed (%s), PC 0x%08x", what, addr, pcd_strerror(rc),
                  pc_of(n));
    }
    return false;
}

/* --- hooks ------------------------------------------------------------------------------------ */

/* Every instruction: the precise PC (a fault in a memory callback names it), the jump into the
 * application partition, the count that becomes device time, the budget, and the flash image put
 * back after a store into it. One hook: Unicorn walks every code hook at every instruction. */
static void on_insn(uc_engine *uc, uint64_t addr, uint32_t size, void *arg)
{
    (void)uc;
    (void)size;
    struct ncpu *n = arg;
    n->pc = (uint32_t)addr;
    if (n->fix_pending) {
        ncpu_fixup(n);
    }
    if (addr - n->cfg->app_addr < n->cfg->app_size) { /* B0N jumped to the application */
        ncpu_stop(n, NETCPU_END_BOOTED, n->vtor_written ? n->vtor : n->cfg->app_addr, "jump to 0x%08x",
                  (uint32_t)addr);
        return;
    }
    if (++n->res->insns > n->budget) {
        ncpu_stop(n, NETCPU_END_BUDGET, (uint32_t)addr, "instruction budget of %llu exhausted at PC 0x%08x",
                  (unsigned long long)n->budget, (uint32_t)addr);
    }
}

static void on_flash_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *arg)
{
    (void)uc;
    (void)type;
    ncpu_flash_store(arg, (uint32_t)addr, (unsigned)size, (uint32_t)value);
}

static bool on_flash_read(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *arg)
{
    (void)uc;
    (void)type;
    (void)addr;
    (void)size;
    (void)value;
    ncpu_fixup(arg);
    return true;
}

static bool on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *arg)
{
    (void)uc;
    (void)size;
    (void)value;
    const char *kind = type == UC_MEM_FETCH_UNMAPPED ? "instruction fetch" : type == UC_MEM_WRITE_UNMAPPED ? "write"
                                                                                                           : "read";
    ncpu_stop(arg, NETCPU_END_FAULT, (uint32_t)addr, "BusFault: %s at unmapped 0x%08x, PC 0x%08x", kind,
              (uint32_t)addr, pc_of(arg));
    return false;
}

static void on_intr(uc_engine *uc, uint32_t intno, void *arg)
{
    (void)uc;
    ncpu_stop(arg, NETCPU_END_FAULT, 0, "HardFault: exception %u at PC 0x%08x", intno, pc_of(arg));
}

/* @p size (1..8) bytes at app-domain bus address @p addr, little-endian as the core loads them;
 * zeros once the core stopped or when the port refuses (which stops it). */
static uint64_t bus_read_le(struct ncpu *n, uint32_t addr, unsigned size)
{
    uint8_t b[8] = {0};
    if (!n->stopped) {
        (void)ncpu_port_ok(n, pcd_bus_read(n->port, addr, b, size), addr, "read");
    }
    uint64_t v = 0;
    for (unsigned i = size; i-- > 0u;) {
        v = v << 8 | b[i];
    }
    return v;
}

/* App flash: read through the port (the network core cannot write it; facts §4.2). */
static uint64_t app_flash_read(uc_engine *uc, uint64_t off, unsigned size, void *arg)
{
    (void)uc;
    struct ncpu *n = arg;
    /* no time sync here: nothing else writes app flash while the network core copies, and the
     * instructions' time reaches the clock before the next operation the other core can see */
    return bus_read_le(n, (uint32_t)off, size);
}

static void app_flash_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *arg)
{
    (void)uc;
    (void)size;
    (void)value;
    ncpu_stop(arg, NETCPU_END_FAULT, (uint32_t)off, "BusFault: write to app flash 0x%08x, PC 0x%08x", (uint32_t)off,
              pc_of(arg));
}

/* App SRAM: aligned words are the shared-RAM accesses of the PCD block; the rest plain bus accesses. */
static uint64_t app_sram_read(uc_engine *uc, uint64_t off, unsigned size, void *arg)
{
    (void)uc;
    struct ncpu *n = arg;
    const uint32_t addr = APP_SRAM_BASE + (uint32_t)off;
    uint32_t w = 0;
    if (size == 4u && addr % 4u == 0u) {
        if (!ncpu_sync(n)) {
            return 0;
        }
        if (!ncpu_port_ok(n, pcd_shared_read32(n->port, addr, &w), addr, "read")) {
            return 0;
        }
        const uint32_t blk = n->cfg->pcd_sram_addr;
        if (addr >= blk && addr < blk + 16u) {
            n->blk[(addr - blk) / 4u] = w;
            const enum pcd_cmd_kind k = pcd_cmd_kind_of(w);
            if (addr == blk && !n->res->cmd_seen && !n->res->answered &&
                (k == PCD_CMD_COPY || k == PCD_CMD_READ_VERSION || k == PCD_CMD_LOCK_DEBUG)) {
                n->res->cmd_seen = true;
                n->res->magic = w;
                pcd_trace(n->port, PCD_TRACE_B0N_CMD_SEEN, w);
            }
        }
        return w;
    }
    return bus_read_le(n, addr, size); /* a RAM source byte (staged image): no time sync, as app_flash_read() */
}

static void app_sram_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t value, void *arg)
{
    (void)uc;
    struct ncpu *n = arg;
    const uint32_t addr = APP_SRAM_BASE + (uint32_t)off;
    if (!ncpu_sync(n)) {
        return;
    }
    if (size == 4u && addr % 4u == 0u) {
        const uint32_t v = (uint32_t)value;
        const bool answer = addr == n->cfg->pcd_sram_addr && (v == PCD_CMD_MAGIC_DONE || v == PCD_CMD_MAGIC_FAIL);
        const uint32_t blk = n->cfg->pcd_sram_addr;
        if (n->copy_done_traced && !n->dst_traced && addr >= blk && addr < blk + PCD_CMD_BLOCK_SIZE) {
            /* B0N's first block write after the copy: a zero reason or DONE means the read-back matched */
            n->dst_traced = true;
            if ((addr == blk + PCD_CMD_OFF_REASON && v == 0u) || (addr == blk && v == PCD_CMD_MAGIC_DONE)) {
                pcd_trace(n->port, PCD_TRACE_B0N_DST_VERIFIED, n->blk[2]);
            }
        }
        if (ncpu_port_ok(n, pcd_shared_write32(n->port, addr, v), addr, "write") && answer && n->res->cmd_seen) {
            n->res->answered = true;
        }
        return;
    }
    uint8_t b[8];
    for (unsigned i = 0; i < size && i < sizeof(b); i++) {
        b[i] = (uint8_t)(value >> (8u * i));
    }
    (void)ncpu_port_ok(n, pcd_bus_write(n->port, addr, b, size), addr, "write");
}

/* --- set-up and the run ---------------------------------------------------------------------- */

static bool map_all(struct ncpu *n, uint8_t *sram)
{
    uc_engine *uc = n->uc;
    return uc_mem_map_ptr(uc, NETCPU_FLASH_BASE, NETCPU_FLASH_SIZE, UC_PROT_ALL, n->flash) == UC_ERR_OK &&
           uc_mem_map_ptr(uc, NETCPU_SRAM_BASE, NETCPU_SRAM_SIZE, UC_PROT_ALL, sram) == UC_ERR_OK &&
           uc_mmio_map(uc, 0, APP_FLASH_SIZE, app_flash_read, n, app_flash_write, n) == UC_ERR_OK &&
           uc_mmio_map(uc, APP_SRAM_BASE, APP_SRAM_SIZE, app_sram_read, n, app_sram_write, n) == UC_ERR_OK &&
           uc_mmio_map(uc, PERIPH_BASE, PERIPH_SIZE, ncpu_periph_read, n, ncpu_periph_write, n) == UC_ERR_OK &&
           uc_mmio_map(uc, PPB_BASE, PPB_SIZE, ncpu_ppb_read, n, ncpu_ppb_write, n) == UC_ERR_OK;
}

/* uc_hook_add() takes its callback as void *: converted through memcpy, not a cast (ISO C). */
typedef void (*any_fn)(void);
_Static_assert(sizeof(any_fn) == sizeof(void *), "function and object pointers of the same size");

static bool hook(struct ncpu *n, int type, any_fn fn, uint64_t begin, uint64_t end)
{
    void *cb;
    uc_hook h;
    memcpy(&cb, &fn, sizeof(cb));
    return uc_hook_add(n->uc, &h, type, cb, n, begin, end) == UC_ERR_OK;
}

static bool add_hooks(struct ncpu *n)
{
    const uint64_t f0 = NETCPU_FLASH_BASE, f1 = NETCPU_FLASH_BASE + NETCPU_FLASH_SIZE - 1u;
    return hook(n, UC_HOOK_CODE, (any_fn)on_insn, 1, 0) &&
           hook(n, UC_HOOK_MEM_WRITE, (any_fn)on_flash_write, f0, f1) &&
           hook(n, UC_HOOK_MEM_READ, (any_fn)on_flash_read, f0, f1) &&
           hook(n, UC_HOOK_MEM_UNMAPPED, (any_fn)on_unmapped, 1, 0) && hook(n, UC_HOOK_INTR, (any_fn)on_intr, 1, 0);
}

/* The memories as the core finds them at its start: net flash from the model with the B0N image
 * over its partition (the image is the core's view of B0N; the model's cells there are left as
 * they are), net SRAM the model's bytes (garbage after a power-on). */
static int load_memories(struct ncpu *n, uint8_t *sram)
{
    int rc = pcd_flash_read(n->port, PCD_MEM_NET_FLASH, 0, n->flash, NETCPU_FLASH_SIZE);
    if (rc == 0) {
        rc = pcd_bus_read(n->port, NETCPU_SRAM_BASE, sram, NETCPU_SRAM_SIZE);
    }
    if (rc == 0) {
        memcpy(n->flash, n->cfg->image->bytes, n->cfg->image->size);
    }
    return rc;
}

/* Why the emulator stopped without a recorded end: a park (WFE/WFI), an undefined instruction. */
static void classify(struct ncpu *n, uc_err err)
{
    const uint32_t pc = pc_of(n) & ~1u;
    uint16_t at = 0, before = 0;
    if (pc >= NETCPU_FLASH_BASE + 2u && pc - NETCPU_FLASH_BASE < NETCPU_FLASH_SIZE) {
        memcpy(&at, n->flash + (pc - NETCPU_FLASH_BASE), 2);
        memcpy(&before, n->flash + (pc - 2u - NETCPU_FLASH_BASE), 2);
    }
    if ((err == UC_ERR_INSN_INVALID || err == UC_ERR_OK) &&
        (before == THUMB_WFE || before == THUMB_WFI || at == THUMB_WFE || at == THUMB_WFI)) {
        n->res->end = NETCPU_END_PARKED;
        n->res->pc = pc;
        return;
    }
    n->stopped = false;
    ncpu_stop(n, NETCPU_END_FAULT, pc, "HardFault: %s at PC 0x%08x", err == UC_ERR_INSN_INVALID
              ? "undefined instruction (UsageFault)" : uc_strerror(err), pc);
}

static int emulate(struct ncpu *n)
{
    const struct netcpu_image *img = n->cfg->image;
    uint32_t sp = img->sp, zero = 0, ctrl = 0;
    (void)uc_reg_write(n->uc, UC_ARM_REG_MSP, &zero);
    (void)uc_reg_write(n->uc, UC_ARM_REG_CONTROL, &ctrl);
    (void)uc_reg_write(n->uc, UC_ARM_REG_SP, &sp);
    uc_err err = uc_emu_start(n->uc, img->reset | 1u, 0xFFFFFFFFu, 0, 0);
    ncpu_fixup(n);
    if (!n->stopped) {
        classify(n, err);
    }
    return 0;
}

int netcpu_run(const struct netcpu_config *cfg, const struct pcd_port *port, struct netcpu_result *res)
{
    struct ncpu *n = calloc(1, sizeof(*n));
    uint8_t *sram = malloc(NETCPU_SRAM_SIZE);
    memset(res, 0, sizeof(*res));
    int rc = n != NULL && sram != NULL ? 0 : PCDSIM_E_NOMEM;
    if (rc == 0) {
        n->flash = malloc(NETCPU_FLASH_SIZE);
        n->cfg = cfg;
        n->port = port;
        n->res = res;
        n->budget = cfg->budget != 0u ? cfg->budget : NETCPU_DEFAULT_BUDGET;
        n->vtor = NETCPU_FLASH_BASE; /* VTOR's reset value on the net core */
        rc = n->flash != NULL ? load_memories(n, sram) : PCDSIM_E_NOMEM;
    }
    if (rc == 0 && (uc_open(UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &n->uc) != UC_ERR_OK ||
                    uc_ctl_set_cpu_model(n->uc, UC_CPU_ARM_CORTEX_M33) != UC_ERR_OK || !map_all(n, sram) ||
                    !add_hooks(n))) {
        rc = PCDSIM_E_INTERNAL;
    }
    if (rc == 0) {
        rc = emulate(n);
        if (res->end == NETCPU_END_HALTED) {
            rc = PCD_E_HALTED;
        } else if (res->end != NETCPU_END_FAULT || n->rc != PCD_E_BUS_FAULT) {
            (void)ncpu_sync(n); /* the last instructions' time */
        }
    } else if (rc == PCD_E_HALTED) {
        res->end = NETCPU_END_HALTED;
    }
    if (n != NULL) {
        if (n->uc != NULL) {
            uc_close(n->uc);
        }
        free(n->flash);
    }
    free(n);
    free(sram);
    return rc;
}
