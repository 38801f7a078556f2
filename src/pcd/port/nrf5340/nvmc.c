/* NVMC driver (word program, page erase) and the network core's ACL, over the hardware seam.
 * Register facts: pcd/nrf5340/regs.h (nRF5340 PS "NVMC" and "ACL" chapters). */
#include "pcd/nrf5340/nrf5340.h"

#include <stddef.h>

#include "pcd/nrf5340/hw.h"
#include "pcd/nrf5340/regs.h"

void pcd_nrf5340_nvmc_net(struct pcd_nrf5340_nvmc *nvmc)
{
    nvmc->base = NRF53_NET_NVMC_BASE;
    nvmc->flash_addr = NRF53_NET_FLASH_ADDR;
    nvmc->flash_size = NRF53_NET_FLASH_SIZE;
    nvmc->page_size = NRF53_NET_FLASH_PAGE;
    nvmc->polls_max = PCD_NRF5340_NVMC_POLLS;
}

void pcd_nrf5340_nvmc_app(struct pcd_nrf5340_nvmc *nvmc)
{
    nvmc->base = NRF53_APP_NVMC_BASE;
    nvmc->flash_addr = NRF53_APP_FLASH_ADDR;
    nvmc->flash_size = NRF53_APP_FLASH_SIZE;
    nvmc->page_size = NRF53_APP_FLASH_PAGE;
    nvmc->polls_max = PCD_NRF5340_NVMC_POLLS;
}

/* PS NVMC: READY must read 1 before a new write or erase is started, and reads 0 while one is
 * in progress. Bounded: a controller that never gets ready is an I/O error, not a hang. */
static int wait_ready(const struct pcd_nrf5340_nvmc *n)
{
    for (uint32_t i = 0; i < n->polls_max; i++) {
        if ((pcd_nrf5340_hw_read32(n->base + NRF53_NVMC_READY) & NRF53_NVMC_READY_BIT) != 0u) {
            return 0;
        }
    }
    return PCD_E_IO;
}

static void set_mode(const struct pcd_nrf5340_nvmc *n, uint32_t mode)
{
    pcd_nrf5340_hw_write32(n->base + NRF53_NVMC_CONFIG, mode);
}

/* Range of [off, off + len) inside the flash; no wrap. */
static bool in_flash(const struct pcd_nrf5340_nvmc *n, uint32_t off, uint32_t len)
{
    return off <= n->flash_size && len <= n->flash_size - off;
}

int pcd_nrf5340_nvmc_program(const struct pcd_nrf5340_nvmc *nvmc, uint32_t off, const void *buf, uint32_t len)
{
    if (nvmc == NULL || (buf == NULL && len != 0u)) {
        return PCD_E_INVAL;
    }
    if (off % NRF53_NVMC_WORD != 0u || len % NRF53_NVMC_WORD != 0u) {
        return PCD_E_FLASH_RULE; /* PS NVMC: only full, word-aligned 32-bit writes */
    }
    if (!in_flash(nvmc, off, len)) {
        return PCD_E_RANGE;
    }
    if (len == 0u) {
        return 0;
    }
    int rc = wait_ready(nvmc);
    if (rc != 0) {
        return rc;
    }
    set_mode(nvmc, NRF53_NVMC_CONFIG_WEN);
    const uint8_t *b = buf;
    for (uint32_t i = 0; i < len && rc == 0; i += NRF53_NVMC_WORD) {
        const uint32_t addr = nvmc->flash_addr + off + i;
        /* Little-endian, as the Cortex-M33 stores words: flash bytes equal buf bytes. */
        const uint32_t word = (uint32_t)b[i] | ((uint32_t)b[i + 1u] << 8) | ((uint32_t)b[i + 2u] << 16) |
                              ((uint32_t)b[i + 3u] << 24);
        const uint32_t old = pcd_nrf5340_hw_read32(addr);
        pcd_nrf5340_hw_write32(addr, word);
        rc = wait_ready(nvmc);
        /* NOR: the cell now holds old AND new. Anything else means the cell is worn or the write
         * did not land: report it instead of leaving a silent difference. (A write the ACL
         * blocks never gets here on silicon: it raises a BusFault, nRF5340 PS ACL.) */
        if (rc == 0 && pcd_nrf5340_hw_read32(addr) != (old & word)) {
            rc = PCD_E_IO;
        }
    }
    set_mode(nvmc, NRF53_NVMC_CONFIG_REN);
    return rc;
}

/* Every word of the page reads 0xFFFFFFFF. */
static bool page_erased(const struct pcd_nrf5340_nvmc *n, uint32_t page_addr)
{
    for (uint32_t i = 0; i < n->page_size; i += NRF53_NVMC_WORD) {
        if (pcd_nrf5340_hw_read32(page_addr + i) != NRF53_NVMC_ERASE_WORD) {
            return false;
        }
    }
    return true;
}

int pcd_nrf5340_nvmc_erase(const struct pcd_nrf5340_nvmc *nvmc, uint32_t off, uint32_t len)
{
    if (nvmc == NULL || nvmc->page_size == 0u) {
        return PCD_E_INVAL;
    }
    if (off % nvmc->page_size != 0u || len % nvmc->page_size != 0u) {
        return PCD_E_FLASH_RULE;
    }
    if (!in_flash(nvmc, off, len)) {
        return PCD_E_RANGE;
    }
    for (uint32_t done = 0; done < len; done += nvmc->page_size) {
        const uint32_t page_addr = nvmc->flash_addr + off + done;
        int rc = wait_ready(nvmc);
        if (rc != 0) {
            return rc;
        }
        /* PS NVMC (nRF5340): with CONFIG = EEN, writing 0xFFFFFFFF to the first word of a page
         * erases the page (facts §4.3). The CPU stalls meanwhile if it runs from this flash. */
        set_mode(nvmc, NRF53_NVMC_CONFIG_EEN);
        pcd_nrf5340_hw_write32(page_addr, NRF53_NVMC_ERASE_WORD);
        rc = wait_ready(nvmc);
        set_mode(nvmc, NRF53_NVMC_CONFIG_REN);
        if (rc != 0) {
            return rc;
        }
        if (!page_erased(nvmc, page_addr)) {
            return PCD_E_IO; /* erase failed (one the ACL blocks is a BusFault on silicon) */
        }
    }
    return 0;
}

/* An ACL register (NRF53_ACL_ADDR(n), _SIZE(n), _PERM(n)). */
static uint32_t acl_read(uint32_t reg)
{
    return pcd_nrf5340_hw_read32(NRF53_NET_ACL_BASE + reg);
}

int pcd_nrf5340_acl_protect(unsigned region, uint32_t addr, uint32_t size)
{
    if (region >= NRF53_ACL_REGIONS || size == 0u || addr % NRF53_ACL_BLOCK != 0u ||
        size % NRF53_ACL_BLOCK != 0u || addr < NRF53_NET_FLASH_ADDR ||
        addr - NRF53_NET_FLASH_ADDR > NRF53_NET_FLASH_SIZE ||
        size > NRF53_NET_FLASH_SIZE - (addr - NRF53_NET_FLASH_ADDR)) {
        return PCD_E_INVAL;
    }
    /* PS ACL: "The ADDR, SIZE, and PERM registers can only be written once" (until reset). A
     * region with any register already set cannot be made ours: writing it would let the
     * registers still unwritten take our values next to someone else's -- e.g. our PERM on a
     * foreign ADDR, write-protecting the wrong page. Refuse it untouched. */
    if (acl_read(NRF53_ACL_ADDR(region)) != 0u || acl_read(NRF53_ACL_SIZE(region)) != 0u ||
        acl_read(NRF53_ACL_PERM(region)) != 0u) {
        return PCD_E_IO;
    }
    /* ADDR: the bus address of a page start (PS ACL: protection "is only enforced if a valid
     * start address of the flash page boundary is written into the ADDR register, and the
     * values of the SIZE and PERM registers are not zero"). PERM last, WRITE only: read and
     * execute stay allowed (B0N runs from the region). */
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_ADDR(region), addr);
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_SIZE(region), size);
    pcd_nrf5340_hw_write32(NRF53_NET_ACL_BASE + NRF53_ACL_PERM(region), NRF53_ACL_PERM_WRITE_DISABLE);
    const uint32_t perm = acl_read(NRF53_ACL_PERM(region)) &
                          (NRF53_ACL_PERM_WRITE_DISABLE | NRF53_ACL_PERM_READ_DISABLE);
    const bool took = acl_read(NRF53_ACL_ADDR(region)) == addr && acl_read(NRF53_ACL_SIZE(region)) == size &&
                      perm == NRF53_ACL_PERM_WRITE_DISABLE;
    return took ? 0 : PCD_E_IO;
}
