/* Register-level model of the nRF5340 behind the hardware seam. See hwmodel.h. */
#include "hwmodel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcd/nrf5340/hw.h"
#include "pcd/nrf5340/regs.h"

/* Reset value of SPU RAMREGION[n].PERM: EXECUTE | WRITE | READ | SECATTR (PS SPU register
 * description: reset 0x00000017). */
#define RAMREGION_RESET (NRF53_SPU_PERM_EXECUTE | NRF53_SPU_PERM_WRITE | NRF53_SPU_PERM_READ | NRF53_SPU_PERM_SECATTR)
/* Reset value of EXTDOMAIN[0].PERM: SECUREMAPPING = 2 (user-selectable), SECATTR 0 (facts §4.4). */
#define EXTDOMAIN_RESET 0x00000002u
#define EXTDOMAIN_RO_MASK 0x00000003u

/* Device times of facts §4.3. */
#define T_WRITE_US 43u
#define T_ERASE_US 87500u

struct region {
    uint32_t base;
    uint32_t size;
    uint8_t *mem;
    uint8_t *nwrite;   /* writes per word since the last erase (flash only) */
    uint32_t page;     /* erase unit (flash only), else 0 */
    bool app_access;   /* reachable by the application core */
    bool net_access;   /* reachable by the network core */
    bool net_write;    /* plain stores by the net core allowed (RAM) */
    bool app_write;    /* plain stores by the app core allowed (RAM) */
};

enum { R_APP_FLASH, R_NET_FLASH, R_APP_SRAM, R_NET_SRAM, R_COUNT };

struct nvmc_state {
    uint32_t base;
    int flash;      /* region index */
    enum hwm_core owner;
    uint32_t config;
    unsigned busy;
};

static struct {
    bool allocated;
    struct region r[R_COUNT];
    struct nvmc_state nvmc[2];
    uint32_t acl_addr[NRF53_ACL_REGIONS];
    uint32_t acl_size[NRF53_ACL_REGIONS];
    uint32_t acl_perm[NRF53_ACL_REGIONS];
    uint8_t acl_written[NRF53_ACL_REGIONS]; /* bit 0 ADDR, 1 SIZE, 2 PERM: written since reset */
    uint32_t forceoff;
    uint32_t extdomain;
    uint32_t ramregion[NRF53_SPU_RAMREGIONS];
    enum hwm_core core;
    bool nvmc_stuck;
    bool net_pending;
    hwm_net_body body;
    void *user;
    struct hwm_stats st;
} m;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void violation(const char *fmt, ...);

static void violation(const char *fmt, ...)
{
    if (m.st.violations++ == 0u) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m.st.first, sizeof(m.st.first), fmt, ap);
        va_end(ap);
    }
}

static const char *core_name(enum hwm_core c)
{
    return c == HWM_APP ? "app" : "net";
}

static bool inside(uint32_t addr, uint32_t len, uint32_t base, uint32_t size)
{
    return addr >= base && addr - base <= size && len <= size - (addr - base);
}

static struct region *region_of(uint32_t addr, uint32_t len)
{
    for (int i = 0; i < R_COUNT; i++) {
        if (inside(addr, len, m.r[i].base, m.r[i].size)) {
            return &m.r[i];
        }
    }
    return NULL;
}

static bool reachable(const struct region *r)
{
    return m.core == HWM_APP ? r->app_access : r->net_access;
}

static void net_core_reset(void)
{
    memset(m.acl_addr, 0, sizeof(m.acl_addr));
    memset(m.acl_size, 0, sizeof(m.acl_size));
    memset(m.acl_perm, 0, sizeof(m.acl_perm));
    memset(m.acl_written, 0, sizeof(m.acl_written));
    m.nvmc[HWM_NET].config = NRF53_NVMC_CONFIG_REN;
    m.nvmc[HWM_NET].busy = 0;
}

void hwm_reset_app(void)
{
    m.extdomain = EXTDOMAIN_RESET;
    for (unsigned i = 0; i < NRF53_SPU_RAMREGIONS; i++) {
        m.ramregion[i] = RAMREGION_RESET;
    }
    m.nvmc[HWM_APP].config = NRF53_NVMC_CONFIG_REN;
    m.nvmc[HWM_APP].busy = 0;
    m.forceoff = NRF53_RESET_FORCEOFF_HOLD; /* an app reset implies Hold (facts §4.4) */
    m.net_pending = false;
}

static int alloc_region(int i, uint32_t base, uint32_t size, uint32_t page)
{
    struct region *r = &m.r[i];
    r->base = base;
    r->size = size;
    r->page = page;
    r->mem = malloc(size);
    r->nwrite = page != 0u ? malloc(size / 4u) : NULL;
    return r->mem != NULL && (page == 0u || r->nwrite != NULL) ? 0 : -1;
}

int hwm_init(void)
{
    if (!m.allocated) {
        if (alloc_region(R_APP_FLASH, NRF53_APP_FLASH_ADDR, NRF53_APP_FLASH_SIZE, NRF53_APP_FLASH_PAGE) != 0 ||
            alloc_region(R_NET_FLASH, NRF53_NET_FLASH_ADDR, NRF53_NET_FLASH_SIZE, NRF53_NET_FLASH_PAGE) != 0 ||
            alloc_region(R_APP_SRAM, NRF53_APP_SRAM_ADDR, NRF53_APP_SRAM_SIZE, 0) != 0 ||
            alloc_region(R_NET_SRAM, NRF53_NET_SRAM_ADDR, NRF53_NET_SRAM_SIZE, 0) != 0) {
            return -1;
        }
        m.allocated = true;
    }
    /* Who reaches what (facts §4.2): the net core reads app flash and app SRAM; the app core
     * never reaches net flash or net SRAM. */
    m.r[R_APP_FLASH].app_access = true;
    m.r[R_APP_FLASH].net_access = true;
    m.r[R_NET_FLASH].net_access = true;
    m.r[R_APP_SRAM].app_access = m.r[R_APP_SRAM].net_access = true;
    m.r[R_APP_SRAM].app_write = m.r[R_APP_SRAM].net_write = true;
    m.r[R_NET_SRAM].net_access = m.r[R_NET_SRAM].net_write = true;
    for (int i = 0; i < R_COUNT; i++) {
        memset(m.r[i].mem, m.r[i].page != 0u ? 0xFF : 0xA5, m.r[i].size);
        if (m.r[i].nwrite != NULL) {
            memset(m.r[i].nwrite, 0, m.r[i].size / 4u);
        }
    }
    m.nvmc[HWM_APP] = (struct nvmc_state){NRF53_APP_NVMC_BASE, R_APP_FLASH, HWM_APP, 0, 0};
    m.nvmc[HWM_NET] = (struct nvmc_state){NRF53_NET_NVMC_BASE, R_NET_FLASH, HWM_NET, 0, 0};
    hwm_reset_app();
    net_core_reset();
    m.core = HWM_APP;
    m.nvmc_stuck = false;
    m.body = NULL;
    m.user = NULL;
    memset(&m.st, 0, sizeof(m.st));
    return 0;
}

void hwm_set_net_body(hwm_net_body body, void *user)
{
    m.body = body;
    m.user = user;
}

void hwm_set_nvmc_stuck(bool stuck)
{
    m.nvmc_stuck = stuck;
}

void hwm_set_core(enum hwm_core core)
{
    m.core = core;
}

void hwm_run_net(void)
{
    const enum hwm_core was = m.core;
    net_core_reset();
    m.core = HWM_NET;
    m.st.net_runs++;
    m.st.extdomain_at_run = m.extdomain;
    if (m.body != NULL) {
        m.body(m.user);
    }
    m.core = was;
}

const struct hwm_stats *hwm_stats(void)
{
    return &m.st;
}

uint8_t *hwm_mem(uint32_t addr, uint32_t len)
{
    struct region *r = region_of(addr, len);
    return r != NULL ? r->mem + (addr - r->base) : NULL;
}

/* ---- peripherals ------------------------------------------------------------------------- */

/* The NVMC whose registers are at addr (and which this core owns), or NULL. The net NVMC shares
 * its page with the ACL: registers 0x400..0x7FF are the NVMC's. */
static struct nvmc_state *nvmc_at(uint32_t addr, uint32_t *off)
{
    for (int i = 0; i < 2; i++) {
        if (addr >= m.nvmc[i].base && addr - m.nvmc[i].base < 0x800u) {
            *off = addr - m.nvmc[i].base;
            return &m.nvmc[i];
        }
    }
    return NULL;
}

static bool acl_reg(uint32_t addr, unsigned *n, uint32_t *field)
{
    if (addr < NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(0) ||
        addr >= NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(NRF53_ACL_REGIONS)) {
        return false;
    }
    const uint32_t rel = addr - NRF53_NET_ACL_BASE - NRF53_ACL_ADDR(0);
    *n = rel / 0x10u;
    *field = rel % 0x10u;
    return true;
}

/* PS ACL: a region protects only with a page-start ADDR in net flash and non-zero SIZE and PERM;
 * a write or erase it blocks "is blocked and a Bus Fault exception is triggered". */
static bool acl_blocks(uint32_t addr)
{
    for (unsigned i = 0; i < NRF53_ACL_REGIONS; i++) {
        const bool valid = m.acl_size[i] != 0u && m.acl_addr[i] >= NRF53_NET_FLASH_ADDR &&
                           m.acl_addr[i] - NRF53_NET_FLASH_ADDR < NRF53_NET_FLASH_SIZE &&
                           m.acl_addr[i] % NRF53_ACL_BLOCK == 0u;
        if (valid && (m.acl_perm[i] & NRF53_ACL_PERM_WRITE_DISABLE) != 0u && addr >= m.acl_addr[i] &&
            addr - m.acl_addr[i] < m.acl_size[i]) {
            return true;
        }
    }
    return false;
}

static bool is_spu(uint32_t addr)
{
    return addr >= NRF53_SPU_BASE && addr < NRF53_SPU_BASE + 0x1000u;
}

static bool is_forceoff(uint32_t addr)
{
    return addr == NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF;
}

/* Cortex-M system space (SCB, NVIC, DWT, SysTick): accepted and ignored by the model. */
static bool is_system(uint32_t addr)
{
    return addr >= 0xE0000000u;
}

uint32_t hwm_reg(uint32_t addr)
{
    uint32_t off;
    unsigned n;
    uint32_t field;
    struct nvmc_state *nv = nvmc_at(addr, &off);
    if (nv != NULL && off == NRF53_NVMC_CONFIG) {
        return nv->config;
    }
    if (acl_reg(addr, &n, &field)) {
        return field == 0u ? m.acl_addr[n] : field == 4u ? m.acl_size[n] : field == 8u ? m.acl_perm[n] : 0u;
    }
    if (is_forceoff(addr)) {
        return m.forceoff;
    }
    if (addr == NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0)) {
        return m.extdomain;
    }
    if (addr >= NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(0) &&
        addr < NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(NRF53_SPU_RAMREGIONS)) {
        return m.ramregion[(addr - NRF53_SPU_BASE - NRF53_SPU_RAMREGION_PERM(0)) / 4u];
    }
    return 0;
}

/* ---- flash writes through the NVMC --------------------------------------------------------- */

static void flash_store(struct nvmc_state *nv, struct region *r, uint32_t addr, uint32_t val)
{
    const uint32_t off = addr - r->base;
    if (nv->busy != 0u) {
        violation("%s NVMC: flash write at 0x%08lx while busy (READY not polled)", core_name(m.core),
                  (unsigned long)addr);
        return;
    }
    if (nv->config == NRF53_NVMC_CONFIG_WEN) {
        if (nv->owner == HWM_NET && acl_blocks(addr)) {
            m.st.acl_blocked++;
            return; /* a BusFault on silicon (PS ACL); the model counts it and drops the write */
        }
        if (++r->nwrite[off / 4u] > 2u) {
            violation("%s NVMC: word 0x%08lx written %u times since its erase (nWRITE = 2)", core_name(m.core),
                      (unsigned long)addr, (unsigned)r->nwrite[off / 4u]);
        }
        uint8_t *p = r->mem + off;
        for (unsigned i = 0; i < 4u; i++) {
            p[i] &= (uint8_t)(val >> (8u * i)); /* NOR: bits only cleared */
        }
        m.st.word_writes[nv->owner]++;
        m.st.time_us[m.core] += T_WRITE_US;
        nv->busy = HWM_BUSY_POLLS;
        return;
    }
    if (nv->config == NRF53_NVMC_CONFIG_EEN) {
        if (val != NRF53_NVMC_ERASE_WORD || off % r->page != 0u) {
            violation("%s NVMC: erase-mode write of 0x%08lx at 0x%08lx (must be 0xFFFFFFFF to a page's first word)",
                      core_name(m.core), (unsigned long)val, (unsigned long)addr);
            return;
        }
        if (nv->owner == HWM_NET && acl_blocks(addr)) {
            m.st.acl_blocked++;
            return;
        }
        memset(r->mem + off, 0xFF, r->page);
        memset(r->nwrite + off / 4u, 0, r->page / 4u);
        m.st.page_erases[nv->owner]++;
        m.st.time_us[m.core] += T_ERASE_US;
        nv->busy = HWM_BUSY_POLLS;
        return;
    }
    violation("%s NVMC: flash write at 0x%08lx with CONFIG = %lu (read-only)", core_name(m.core),
              (unsigned long)addr, (unsigned long)nv->config);
}

/* ---- the seam ------------------------------------------------------------------------------- */

uint32_t pcd_nrf5340_hw_read32(uint32_t addr)
{
    uint32_t off;
    unsigned n;
    uint32_t field;
    if (addr % 4u != 0u) {
        violation("%s: unaligned 32-bit read at 0x%08lx", core_name(m.core), (unsigned long)addr);
        return 0;
    }
    struct nvmc_state *nv = nvmc_at(addr, &off);
    if (nv != NULL) {
        if (nv->owner != m.core) {
            violation("%s: read of the other core's NVMC at 0x%08lx", core_name(m.core), (unsigned long)addr);
            return 0;
        }
        if (off == NRF53_NVMC_READY || off == NRF53_NVMC_READYNEXT) {
            if (m.nvmc_stuck) {
                return 0;
            }
            if (nv->busy != 0u) {
                nv->busy--;
                return 0;
            }
            return 1;
        }
        return off == NRF53_NVMC_CONFIG ? nv->config : 0u;
    }
    if (acl_reg(addr, &n, &field)) {
        if (m.core != HWM_NET) {
            violation("app: read of the net ACL at 0x%08lx", (unsigned long)addr);
            return 0;
        }
        return hwm_reg(addr);
    }
    if (is_forceoff(addr) || is_spu(addr)) {
        if (m.core != HWM_APP) {
            violation("net: read of an app-core peripheral at 0x%08lx", (unsigned long)addr);
            return 0;
        }
        return hwm_reg(addr);
    }
    if (is_system(addr)) {
        return 0;
    }
    struct region *r = region_of(addr, 4u);
    if (r == NULL || !reachable(r)) {
        violation("%s: bus fault reading 0x%08lx", core_name(m.core), (unsigned long)addr);
        return 0;
    }
    const uint8_t *p = r->mem + (addr - r->base);
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void ram_store(struct region *r, uint32_t addr, const uint8_t *src, uint32_t len)
{
    if (r == &m.r[R_APP_SRAM]) {
        for (uint32_t i = 0; i < len; i++) {
            const uint32_t n = (addr + i - r->base) / NRF53_SPU_RAMREGION_SIZE;
            if ((m.ramregion[n] & NRF53_SPU_PERM_WRITE) == 0u) {
                m.st.spu_blocked++;
                return; /* write ignored; on silicon a fault is signalled as well */
            }
        }
    }
    memcpy(r->mem + (addr - r->base), src, len);
}

void pcd_nrf5340_hw_write32(uint32_t addr, uint32_t value)
{
    uint32_t off;
    unsigned n;
    uint32_t field;
    if (addr % 4u != 0u) {
        violation("%s: unaligned 32-bit write at 0x%08lx", core_name(m.core), (unsigned long)addr);
        return;
    }
    struct nvmc_state *nv = nvmc_at(addr, &off);
    if (nv != NULL) {
        if (nv->owner != m.core) {
            violation("%s: write to the other core's NVMC at 0x%08lx", core_name(m.core), (unsigned long)addr);
        } else if (off == NRF53_NVMC_CONFIG) {
            if (value > NRF53_NVMC_CONFIG_EEN) {
                violation("%s NVMC: CONFIG = %lu", core_name(m.core), (unsigned long)value);
            }
            if (nv->busy != 0u) {
                violation("%s NVMC: CONFIG changed while busy", core_name(m.core));
            }
            nv->config = value;
        } else {
            violation("%s NVMC: write to register offset 0x%03lx", core_name(m.core), (unsigned long)off);
        }
        return;
    }
    if (acl_reg(addr, &n, &field)) {
        if (m.core != HWM_NET) {
            violation("app: write to the net ACL at 0x%08lx", (unsigned long)addr);
        } else if (field <= 8u && (m.acl_written[n] & (1u << (field / 4u))) == 0u &&
                   !(field == 4u && value == 0u)) {
            /* PS ACL: each of ADDR, SIZE, PERM "can only be written once" until the net core is
             * reset; writing 0 to SIZE has no effect */
            m.acl_written[n] |= (uint8_t)(1u << (field / 4u));
            if (field == 0u) {
                m.acl_addr[n] = value;
            } else if (field == 4u) {
                m.acl_size[n] = value;
            } else {
                m.acl_perm[n] = value & (NRF53_ACL_PERM_WRITE_DISABLE | NRF53_ACL_PERM_READ_DISABLE);
            }
        }
        return;
    }
    if (is_forceoff(addr) || is_spu(addr)) {
        if (m.core != HWM_APP) {
            violation("net: write to an app-core peripheral at 0x%08lx", (unsigned long)addr);
            return;
        }
        if (is_forceoff(addr)) {
            const uint32_t v = value & 1u;
            if (m.forceoff == NRF53_RESET_FORCEOFF_HOLD && v == NRF53_RESET_FORCEOFF_RELEASE) {
                m.st.releases++;
                m.net_pending = true;
            } else if (m.forceoff == NRF53_RESET_FORCEOFF_RELEASE && v == NRF53_RESET_FORCEOFF_HOLD) {
                m.st.holds++;
                m.net_pending = false;
            }
            m.forceoff = v;
        } else if (addr == NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0)) {
            if ((m.extdomain & NRF53_SPU_EXTDOMAIN_LOCK) == 0u) {
                m.extdomain = (m.extdomain & EXTDOMAIN_RO_MASK) | (value & ~EXTDOMAIN_RO_MASK);
            }
        } else if (addr >= NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(0) &&
                   addr < NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(NRF53_SPU_RAMREGIONS)) {
            const uint32_t i = (addr - NRF53_SPU_BASE - NRF53_SPU_RAMREGION_PERM(0)) / 4u;
            if ((m.ramregion[i] & NRF53_SPU_PERM_LOCK) == 0u) {
                m.ramregion[i] = value & (NRF53_SPU_PERM_EXECUTE | NRF53_SPU_PERM_WRITE | NRF53_SPU_PERM_READ |
                                          NRF53_SPU_PERM_SECATTR | NRF53_SPU_PERM_LOCK);
            }
        }
        return;
    }
    if (is_system(addr)) {
        return;
    }
    struct region *r = region_of(addr, 4u);
    if (r == NULL || !reachable(r)) {
        violation("%s: bus fault writing 0x%08lx", core_name(m.core), (unsigned long)addr);
        return;
    }
    if (r->page != 0u) {
        struct nvmc_state *owner = &m.nvmc[r == &m.r[R_APP_FLASH] ? HWM_APP : HWM_NET];
        if (owner->owner != m.core) {
            violation("%s: flash write at 0x%08lx through the other core's NVMC", core_name(m.core),
                      (unsigned long)addr);
            return;
        }
        flash_store(owner, r, addr, value);
        return;
    }
    const uint8_t b[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16), (uint8_t)(value >> 24)};
    if (!(m.core == HWM_APP ? r->app_write : r->net_write)) {
        violation("%s: write to read-only memory at 0x%08lx", core_name(m.core), (unsigned long)addr);
        return;
    }
    ram_store(r, addr, b, 4u);
}

void pcd_nrf5340_hw_read(uint32_t addr, void *dst, uint32_t len)
{
    if (len == 0u) {
        return;
    }
    struct region *r = region_of(addr, len);
    if (r == NULL || !reachable(r)) {
        violation("%s: bus fault reading %lu bytes at 0x%08lx", core_name(m.core), (unsigned long)len,
                  (unsigned long)addr);
        memset(dst, 0, len);
        return;
    }
    memcpy(dst, r->mem + (addr - r->base), len);
}

void pcd_nrf5340_hw_write(uint32_t addr, const void *src, uint32_t len)
{
    if (len == 0u) {
        return;
    }
    struct region *r = region_of(addr, len);
    if (r == NULL || !reachable(r) || r->page != 0u || !(m.core == HWM_APP ? r->app_write : r->net_write)) {
        violation("%s: bus fault writing %lu bytes at 0x%08lx", core_name(m.core), (unsigned long)len,
                  (unsigned long)addr);
        return;
    }
    ram_store(r, addr, src, len);
}

void pcd_nrf5340_hw_busy_wait_us(uint32_t us, uint32_t cpu_hz)
{
    (void)cpu_hz;
    m.st.time_us[m.core] += us;
    /* The released net core runs (to completion) while the application core waits. */
    if (m.core == HWM_APP && m.net_pending && m.forceoff == NRF53_RESET_FORCEOFF_RELEASE) {
        m.net_pending = false;
        hwm_run_net();
    }
}

void pcd_nrf5340_hw_boot(uint32_t vtor)
{
    m.st.boots++;
    m.st.boot_vtor = vtor;
}

void pcd_nrf5340_hw_idle(void)
{
    m.st.idles++;
}
