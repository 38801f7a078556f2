/* Application-core port (MCUboot + the app-side updater): struct pcd_port over the app NVMC,
 * RESET.NETWORK.FORCEOFF and the SPU, with QSPI / RAM flash delegated to the integration.
 * Contracts: pcd/port.h. What each operation does on silicon: docs/PORTING.md §3. */
#include "pcd/nrf5340/nrf5340.h"

#include <stddef.h>

#include "pcd/nrf5340/hw.h"
#include "pcd/nrf5340/regs.h"

/* A wait is never shorter than asked: 128 MHz is the fastest application-core clock
 * (HFCLK128M); at 64 MHz the wait is twice as long. */
#define APP_DEFAULT_CPU_HZ 128000000u

static bool inside(uint32_t addr, uint32_t len, uint32_t base, uint32_t size)
{
    return addr >= base && addr - base <= size && len <= size - (addr - base);
}

static bool is_ext_mem(enum pcd_mem mem)
{
    return mem == PCD_MEM_QSPI || mem == PCD_MEM_RAM_FLASH;
}

static int app_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    const struct pcd_nrf5340_app *app = ctx;
    if (out == NULL) {
        return PCD_E_INVAL;
    }
    switch (mem) {
    case PCD_MEM_APP_FLASH:
        out->size = NRF53_APP_FLASH_SIZE;
        out->page_size = NRF53_APP_FLASH_PAGE;
        out->write_size = NRF53_NVMC_WORD;
        out->cpu_addr = NRF53_APP_FLASH_ADDR;
        out->erase_value = 0xFFu;
        return 0;
    case PCD_MEM_NET_FLASH:
        /* Geometry is known, but the application core cannot address it (facts §4.2). */
        out->size = NRF53_NET_FLASH_SIZE;
        out->page_size = NRF53_NET_FLASH_PAGE;
        out->write_size = NRF53_NVMC_WORD;
        out->cpu_addr = PCD_NO_CPU_ADDR;
        out->erase_value = 0xFFu;
        return 0;
    case PCD_MEM_QSPI:
    case PCD_MEM_RAM_FLASH:
        return app->cfg.ext.ops != NULL ? pcd_mem_info(&app->cfg.ext, mem, out) : PCD_E_UNSUPPORTED;
    case PCD_MEM_COUNT:
    default:
        return PCD_E_UNSUPPORTED;
    }
}

static int app_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    const struct pcd_nrf5340_app *app = ctx;
    if (is_ext_mem(mem)) {
        return app->cfg.ext.ops != NULL ? pcd_flash_read(&app->cfg.ext, mem, off, buf, len) : PCD_E_UNSUPPORTED;
    }
    if (mem != PCD_MEM_APP_FLASH) {
        return PCD_E_BUS_FAULT; /* net flash: not reachable from this core */
    }
    if (off > app->nvmc.flash_size || len > app->nvmc.flash_size - off) {
        return PCD_E_RANGE;
    }
    pcd_nrf5340_hw_read(app->nvmc.flash_addr + off, buf, len);
    return 0;
}

static int app_flash_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    const struct pcd_nrf5340_app *app = ctx;
    if (is_ext_mem(mem)) {
        return app->cfg.ext.ops != NULL ? pcd_flash_program(&app->cfg.ext, mem, off, buf, len)
                                        : PCD_E_UNSUPPORTED;
    }
    if (mem != PCD_MEM_APP_FLASH) {
        return PCD_E_BUS_FAULT;
    }
    return pcd_nrf5340_nvmc_program(&app->nvmc, off, buf, len);
}

static int app_flash_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    const struct pcd_nrf5340_app *app = ctx;
    if (is_ext_mem(mem)) {
        return app->cfg.ext.ops != NULL ? pcd_flash_erase(&app->cfg.ext, mem, off, len) : PCD_E_UNSUPPORTED;
    }
    if (mem != PCD_MEM_APP_FLASH) {
        return PCD_E_BUS_FAULT;
    }
    return pcd_nrf5340_nvmc_erase(&app->nvmc, off, len);
}

/* The QSPI XIP window, if the integration maps it (cpu_addr of PCD_MEM_QSPI). */
static bool in_xip(const struct pcd_nrf5340_app *app, uint32_t addr, uint32_t len)
{
    struct pcd_mem_info mi;
    return app->cfg.ext.ops != NULL && pcd_mem_info(&app->cfg.ext, PCD_MEM_QSPI, &mi) == 0 &&
           mi.cpu_addr != PCD_NO_CPU_ADDR && inside(addr, len, mi.cpu_addr, mi.size);
}

static int app_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    const struct pcd_nrf5340_app *app = ctx;
    if (!inside(addr, len, NRF53_APP_FLASH_ADDR, NRF53_APP_FLASH_SIZE) &&
        !inside(addr, len, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE) && !in_xip(app, addr, len)) {
        return PCD_E_BUS_FAULT;
    }
    pcd_nrf5340_hw_read(addr, buf, len);
    return 0;
}

static int app_bus_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    (void)ctx;
    if (!inside(addr, len, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE)) {
        return PCD_E_BUS_FAULT;
    }
    pcd_nrf5340_hw_write(addr, buf, len);
    return 0;
}

static int app_shared_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    (void)ctx;
    if (addr % 4u != 0u || !inside(addr, 4u, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE)) {
        return PCD_E_BUS_FAULT;
    }
    *val = pcd_nrf5340_hw_read32(addr);
    return 0;
}

static int app_shared_write32(void *ctx, uint32_t addr, uint32_t val)
{
    (void)ctx;
    if (addr % 4u != 0u || !inside(addr, 4u, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE)) {
        return PCD_E_BUS_FAULT;
    }
    pcd_nrf5340_hw_write32(addr, val);
    return 0;
}

/*
 * RESET.NETWORK.FORCEOFF (PS RESET chapter; facts §4.4). Release: first give the net core's bus
 * accesses the secure attribute (SPU.EXTDOMAIN[0].PERM.SECATTR, facts §1.5 step 1) so it can
 * read MCUboot's secure memories, then release. Hold: first hold, then restore EXTDOMAIN, so the
 * net core never runs with the restored (narrower) attribute mid-copy.
 */
static int app_netcore_force_off(void *ctx, bool hold)
{
    struct pcd_nrf5340_app *app = ctx;
    const uint32_t ext = NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0);
    if (hold) {
        pcd_nrf5340_hw_write32(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF, NRF53_RESET_FORCEOFF_HOLD);
        if (app->extdomain_saved) {
            pcd_nrf5340_hw_write32(ext, app->extdomain_perm);
            app->extdomain_saved = false;
        }
        return 0;
    }
    if (app->cfg.extdomain_secure) {
        const uint32_t perm = pcd_nrf5340_hw_read32(ext);
        if (!app->extdomain_saved) {
            app->extdomain_perm = perm;
            app->extdomain_saved = true;
        }
        pcd_nrf5340_hw_write32(ext, perm | NRF53_SPU_EXTDOMAIN_SECATTR);
        if ((pcd_nrf5340_hw_read32(ext) & NRF53_SPU_EXTDOMAIN_SECATTR) == 0u) {
            return PCD_E_IO; /* EXTDOMAIN locked non-secure: B0N could not read the source */
        }
    }
    pcd_nrf5340_hw_write32(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF, NRF53_RESET_FORCEOFF_RELEASE);
    return 0;
}

/*
 * APP-LOCK: each 8 KiB SPU RAM region of the range becomes read-only for everyone (READ only:
 * no WRITE, no EXECUTE) and LOCKed until reset (PS SPU "RAM access control"; facts §1.5
 * pcd_lock_ram). SECATTR is kept as configured: NCS has set it secure (old) and non-secure
 * (new, for TF-M); which one the next image needs is the integration's decision, not ours.
 */
static int app_spu_lock_ram(void *ctx, uint32_t addr, uint32_t len)
{
    (void)ctx;
    if (len == 0u || addr % NRF53_SPU_RAMREGION_SIZE != 0u || len % NRF53_SPU_RAMREGION_SIZE != 0u ||
        !inside(addr, len, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE)) {
        return PCD_E_INVAL;
    }
    const uint32_t first = (addr - NRF53_APP_SRAM_ADDR) / NRF53_SPU_RAMREGION_SIZE;
    const uint32_t count = len / NRF53_SPU_RAMREGION_SIZE;
    for (uint32_t n = first; n < first + count; n++) {
        const uint32_t reg = NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(n);
        const uint32_t want = (pcd_nrf5340_hw_read32(reg) & NRF53_SPU_PERM_SECATTR) | NRF53_SPU_PERM_READ |
                              NRF53_SPU_PERM_LOCK;
        pcd_nrf5340_hw_write32(reg, want);
        if (pcd_nrf5340_hw_read32(reg) != want) {
            return PCD_E_IO; /* already locked with other permissions */
        }
    }
    return 0;
}

/* 64-bit µs from the updater (a 24 h timeout does not fit 32 bits), waited in 32-bit pieces as
 * k_busy_wait() and the DWT wait take them. */
static int app_delay_us(void *ctx, uint64_t us)
{
    const struct pcd_nrf5340_app *app = ctx;
    while (us > 0u) {
        const uint32_t step = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
        if (app->cfg.delay_us != NULL) {
            const int rc = pcd_port_rc(app->cfg.delay_us(app->cfg.user, step));
            if (rc != 0) {
                return rc;
            }
        } else {
            pcd_nrf5340_hw_busy_wait_us(step, app->cfg.cpu_hz);
        }
        us -= step;
    }
    return 0;
}

static void app_log(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap)
{
    const struct pcd_nrf5340_app *app = ctx;
    if (app->cfg.log != NULL) {
        app->cfg.log(app->cfg.user, level, fmt, ap);
    }
}

static const struct pcd_port_ops app_ops = {
    .mem_info = app_mem_info,
    .flash_read = app_flash_read,
    .flash_program = app_flash_program,
    .flash_erase = app_flash_erase,
    .bus_read = app_bus_read,
    .bus_write = app_bus_write,
    .shared_read32 = app_shared_read32,
    .shared_write32 = app_shared_write32,
    .netcore_force_off = app_netcore_force_off,
    .spu_lock_ram = app_spu_lock_ram,
    .delay_us = app_delay_us,
    .signal = NULL, /* the updater never signals */
    .boot = NULL,   /* MCUboot boots the application itself */
    .stop = NULL,
    .log = app_log,
    .trace = NULL,
};

void pcd_nrf5340_app_config_default(struct pcd_nrf5340_app_config *cfg)
{
    cfg->ext.ops = NULL;
    cfg->ext.ctx = NULL;
    cfg->delay_us = NULL;
    cfg->log = NULL;
    cfg->user = NULL;
    cfg->cpu_hz = APP_DEFAULT_CPU_HZ;
    cfg->extdomain_secure = true;
}

void pcd_nrf5340_app_init(struct pcd_nrf5340_app *app, const struct pcd_nrf5340_app_config *cfg)
{
    if (cfg != NULL) {
        app->cfg = *cfg;
    } else {
        pcd_nrf5340_app_config_default(&app->cfg);
    }
    if (app->cfg.cpu_hz == 0u) {
        app->cfg.cpu_hz = APP_DEFAULT_CPU_HZ;
    }
    pcd_nrf5340_nvmc_app(&app->nvmc);
    app->extdomain_saved = false;
    app->extdomain_perm = 0;
    app->port.ops = &app_ops;
    app->port.ctx = app;
}
