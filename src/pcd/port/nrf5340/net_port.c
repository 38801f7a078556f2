/* Network-core port (B0N): struct pcd_port over the net NVMC and the net core's bus map.
 * Contracts: pcd/port.h. What each operation does on silicon: docs/PORTING.md §3 "Network core". */
#include "pcd/nrf5340/nrf5340.h"

#include <stddef.h>

#include "pcd/nrf5340/hw.h"
#include "pcd/nrf5340/regs.h"

/* Is [addr, addr + len) wholly inside [base, base + size)? No wrap. */
static bool inside(uint32_t addr, uint32_t len, uint32_t base, uint32_t size)
{
    return addr >= base && addr - base <= size && len <= size - (addr - base);
}

/* What the net core's CPU may read (facts §4.2): app flash (data only), app SRAM, its own flash
 * and SRAM. Never the QSPI XIP window. */
static bool net_readable(uint32_t addr, uint32_t len)
{
    return inside(addr, len, NRF53_APP_FLASH_ADDR, NRF53_APP_FLASH_SIZE) ||
           inside(addr, len, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE) ||
           inside(addr, len, NRF53_NET_FLASH_ADDR, NRF53_NET_FLASH_SIZE) ||
           inside(addr, len, NRF53_NET_SRAM_ADDR, NRF53_NET_SRAM_SIZE);
}

/* What it may write with plain stores: RAM only (flash goes through the NVMC). */
static bool net_writable(uint32_t addr, uint32_t len)
{
    return inside(addr, len, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE) ||
           inside(addr, len, NRF53_NET_SRAM_ADDR, NRF53_NET_SRAM_SIZE);
}

static int net_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    (void)ctx;
    if (mem != PCD_MEM_NET_FLASH || out == NULL) {
        return PCD_E_UNSUPPORTED; /* B0N only needs its own flash */
    }
    out->size = NRF53_NET_FLASH_SIZE;
    out->page_size = NRF53_NET_FLASH_PAGE;
    out->write_size = NRF53_NVMC_WORD;
    out->cpu_addr = NRF53_NET_FLASH_ADDR;
    out->erase_value = 0xFFu;
    return 0;
}

static int net_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    const struct pcd_nrf5340_net *net = ctx;
    if (mem != PCD_MEM_NET_FLASH) {
        return PCD_E_BUS_FAULT; /* app flash is read over the bus; QSPI is unreachable */
    }
    if (off > net->nvmc.flash_size || len > net->nvmc.flash_size - off) {
        return PCD_E_RANGE;
    }
    pcd_nrf5340_hw_read(net->nvmc.flash_addr + off, buf, len);
    return 0;
}

static int net_flash_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    const struct pcd_nrf5340_net *net = ctx;
    if (mem != PCD_MEM_NET_FLASH) {
        return PCD_E_BUS_FAULT;
    }
    return pcd_nrf5340_nvmc_program(&net->nvmc, off, buf, len);
}

static int net_flash_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    const struct pcd_nrf5340_net *net = ctx;
    if (mem != PCD_MEM_NET_FLASH) {
        return PCD_E_BUS_FAULT;
    }
    return pcd_nrf5340_nvmc_erase(&net->nvmc, off, len);
}

/* A read outside the map would fault the core; refusing it keeps B0N alive to answer FAIL. */
static int net_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    (void)ctx;
    if (!net_readable(addr, len)) {
        return PCD_E_BUS_FAULT;
    }
    pcd_nrf5340_hw_read(addr, buf, len);
    return 0;
}

static int net_bus_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    (void)ctx;
    if (!net_writable(addr, len)) {
        return PCD_E_BUS_FAULT;
    }
    pcd_nrf5340_hw_write(addr, buf, len);
    return 0;
}

/* The PCD block: single aligned 32-bit accesses (no tearing of the magic word). */
static int net_shared_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    (void)ctx;
    if (addr % 4u != 0u || !inside(addr, 4u, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE)) {
        return PCD_E_BUS_FAULT;
    }
    *val = pcd_nrf5340_hw_read32(addr);
    return 0;
}

static int net_shared_write32(void *ctx, uint32_t addr, uint32_t val)
{
    (void)ctx;
    if (addr % 4u != 0u || !inside(addr, 4u, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE)) {
        return PCD_E_BUS_FAULT;
    }
    pcd_nrf5340_hw_write32(addr, val);
    return 0;
}

/* The app side polls the magic word (1 s period); there is no IPC event to raise. */
static int net_signal(void *ctx)
{
    (void)ctx;
    return 0;
}

static void net_boot(void *ctx, uint32_t vtor)
{
    (void)ctx;
    pcd_nrf5340_hw_boot(vtor);
}

static void net_stop(void *ctx)
{
    (void)ctx;
    pcd_nrf5340_hw_idle();
}

static void net_log(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap)
{
    const struct pcd_nrf5340_net *net = ctx;
    if (net->log != NULL) {
        net->log(net->log_user, level, fmt, ap);
    }
}

static const struct pcd_port_ops net_ops = {
    .mem_info = net_mem_info,
    .flash_read = net_flash_read,
    .flash_program = net_flash_program,
    .flash_erase = net_flash_erase,
    .bus_read = net_bus_read,
    .bus_write = net_bus_write,
    .shared_read32 = net_shared_read32,
    .shared_write32 = net_shared_write32,
    .netcore_force_off = NULL, /* app core only */
    .spu_lock_ram = NULL,      /* app core only */
    .delay_us = NULL,          /* B0N never waits */
    .signal = net_signal,
    .boot = net_boot,
    .stop = net_stop,
    .log = net_log,
    .trace = NULL,
};

void pcd_nrf5340_net_init(struct pcd_nrf5340_net *net)
{
    pcd_nrf5340_nvmc_net(&net->nvmc);
    net->log = NULL;
    net->log_user = NULL;
    net->port.ops = &net_ops;
    net->port.ctx = net;
}
