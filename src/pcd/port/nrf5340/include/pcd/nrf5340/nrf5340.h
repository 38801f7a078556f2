/**
 * @file
 * @brief The nRF5340 port of src/pcd: `struct pcd_port` for the network core (B0N) and for the
 *        application core (MCUboot + the app-side updater), over the NVMC, ACL, RESET and SPU.
 *
 * The contract of every operation is pcd/port.h; this header says how the silicon provides it
 * (docs/PORTING.md §3, docs/TARGET.md). Registers: pcd/nrf5340/regs.h (PS chapters cited there).
 * All register and memory accesses go through the hardware seam pcd/nrf5340/hw.h, bound at link
 * time to the silicon (`pcd_nrf5340_mmio`) or to the register-level model of the tests.
 *
 * Network core (B0N):
 *  - net flash through the net NVMC (word programs with CONFIG = WEN, page erase by writing
 *    0xFFFFFFFF to the page's first word with CONFIG = EEN, READY polled before and after each
 *    operation, bounded), every word and page read back;
 *  - bus reads of app flash, app SRAM and net flash; bus writes and the PCD block in app SRAM;
 *  - boot = the Cortex-M33 jump (pcd_nrf5340_hw_boot()), stop = WFE forever;
 *  - pcd_nrf5340_acl_protect() locks the B0N container before pcd_b0n_run() (B0N-SELF-PROTECT).
 *
 * Application core:
 *  - app flash through the app NVMC (4 KiB pages); QSPI and MCUboot's RAM flash simulator are
 *    delegated to a port the MCUboot integration supplies (Zephyr flash drivers);
 *  - RESET.NETWORK.FORCEOFF, with SPU.EXTDOMAIN[0].PERM.SECATTR set while the net core runs
 *    (facts §1.5 step 1) and restored on Hold;
 *  - SPU RAM-region lock of pcd_sram (read-only, locked until reset);
 *  - delay: the integration's busy wait, else the DWT cycle counter.
 *
 * No global state: each port is a caller-owned struct whose ops table is const.
 */
#ifndef PCD_NRF5340_H
#define PCD_NRF5340_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default bound on READY polls per NVMC operation before PCD_E_IO (a page erase takes 87.5 ms,
 *  facts §4.3; a poll costs several cycles at 64 MHz, so 2^26 polls is more than 2 s). */
#define PCD_NRF5340_NVMC_POLLS 0x04000000u

/** One NVMC instance and the flash it programs. */
struct pcd_nrf5340_nvmc {
    uint32_t base;       /**< Register base (NRF53_NET_NVMC_BASE or NRF53_APP_NVMC_BASE). */
    uint32_t flash_addr; /**< Bus address of flash offset 0. */
    uint32_t flash_size; /**< Bytes of flash. */
    uint32_t page_size;  /**< Erase unit, bytes. */
    uint32_t polls_max;  /**< READY polls per operation before giving up with PCD_E_IO. */
};

/**
 * @brief The network core's NVMC: 256 KiB at 0x01000000, 2 KiB pages, registers at 0x41080000.
 * @param[out] nvmc the instance
 */
void pcd_nrf5340_nvmc_net(struct pcd_nrf5340_nvmc *nvmc);

/**
 * @brief The application core's NVMC (secure alias): 1 MiB at 0x0, 4 KiB pages.
 * @param[out] nvmc the instance
 */
void pcd_nrf5340_nvmc_app(struct pcd_nrf5340_nvmc *nvmc);

/**
 * @brief Program @p len bytes at flash offset @p off, one 32-bit word at a time (bytes taken
 *        little-endian from @p buf, which need not be aligned). Each word is read back and must
 *        equal old AND new (NOR: programming only clears bits).
 * @param nvmc the instance
 * @param off  flash offset, a multiple of 4
 * @param buf  bytes to program
 * @param len  bytes, a multiple of 4
 * @retval 0 ok
 * @retval PCD_E_FLASH_RULE @p off or @p len not word-aligned
 * @retval PCD_E_RANGE outside the flash
 * @retval PCD_E_IO READY never came, or a word read back wrong (a worn cell; a write into an
 *         ACL-protected page does not return on silicon: it raises a BusFault, PS ACL)
 * @retval PCD_E_INVAL NULL argument
 */
int pcd_nrf5340_nvmc_program(const struct pcd_nrf5340_nvmc *nvmc, uint32_t off, const void *buf, uint32_t len);

/**
 * @brief Erase the pages of [@p off, @p off + @p len), each read back as all 0xFF.
 * @param nvmc the instance
 * @param off  flash offset, page-aligned
 * @param len  bytes, a multiple of the page size
 * @retval 0 ok
 * @retval PCD_E_FLASH_RULE not page-aligned
 * @retval PCD_E_RANGE outside the flash
 * @retval PCD_E_IO READY never came, or the page did not read back erased
 * @retval PCD_E_INVAL NULL argument
 */
int pcd_nrf5340_nvmc_erase(const struct pcd_nrf5340_nvmc *nvmc, uint32_t off, uint32_t len);

/**
 * @brief Network core: write- and erase-protect [@p addr, @p addr + @p size) of net flash until
 *        the next reset, with ACL region @p region (NCS fprotect_area; facts §2.3 step 2, §2.5).
 *        Read and execute stay allowed. Called by B0N for its container (0x01000000, 0x8800).
 *        Afterwards a write or erase there raises a BusFault (PS ACL). The registers are
 *        write-once until reset (PS ACL), so a region with any register already set is refused
 *        without writing anything.
 * @param region ACL region index, < NRF53_ACL_REGIONS
 * @param addr   bus address of a page start (a multiple of 2 KiB) inside net flash
 * @param size   bytes, a non-zero multiple of 2 KiB
 * @retval 0 ok (ADDR and SIZE read back as written, PERM as write-disabled and read-enabled)
 * @retval PCD_E_INVAL bad region, alignment or range
 * @retval PCD_E_IO the region was already in use, or the registers did not take the values
 */
int pcd_nrf5340_acl_protect(unsigned region, uint32_t addr, uint32_t size);

/* ------------------------------------------------------------------------------------------ */
/* Network core                                                                                */

/** Network-core port instance. Pass &net->port to pcd_b0n_run(). */
struct pcd_nrf5340_net {
    struct pcd_port port;          /**< The port (ops: a static const table; ctx = this struct). */
    struct pcd_nrf5340_nvmc nvmc;  /**< Net NVMC. */
    /** Optional log sink (printf subset of pcd/port.h), NULL = no logging. */
    void (*log)(void *user, enum pcd_log_level level, const char *fmt, va_list ap);
    void *log_user;                /**< Passed to @ref log. */
};

/**
 * @brief Initialise the network-core port: net NVMC, no log.
 * @param[out] net the instance
 */
void pcd_nrf5340_net_init(struct pcd_nrf5340_net *net);

/* ------------------------------------------------------------------------------------------ */
/* Application core                                                                            */

/** Configuration of the application-core port. */
struct pcd_nrf5340_app_config {
    /**
     * Port serving PCD_MEM_QSPI and PCD_MEM_RAM_FLASH (mem_info, flash_read/program/erase),
     * written by the MCUboot integration over Zephyr's `nordic,qspi-nor` driver and flash
     * simulator. ops NULL = neither memory exists (internal-flash layouts only).
     */
    struct pcd_port ext;
    /** Busy wait of the integration (e.g. around k_busy_wait()); NULL = the DWT cycle counter.
     *  Longer waits of the port (64-bit µs) are made of several calls. */
    int (*delay_us)(void *user, uint32_t us);
    /** Log sink of the integration (MCUboot's BOOT_LOG_*), NULL = no logging. */
    void (*log)(void *user, enum pcd_log_level level, const char *fmt, va_list ap);
    void *user;       /**< Passed to @ref delay_us and @ref log. */
    uint32_t cpu_hz;  /**< Clock for the DWT wait; default 128 MHz (a wait is never shorter than asked). */
    /** Set SPU.EXTDOMAIN[0].PERM.SECATTR before releasing the net core so its reads of secure
     *  app memory succeed (facts §1.5 step 1); restored on Hold. Default true. */
    bool extdomain_secure;
};

/** Application-core port instance. Pass &app->port to pcd_updater_run(). */
struct pcd_nrf5340_app {
    struct pcd_port port;               /**< The port (ctx = this struct). */
    struct pcd_nrf5340_app_config cfg;  /**< Configuration (copied). */
    struct pcd_nrf5340_nvmc nvmc;       /**< App NVMC. */
    bool extdomain_saved;               /**< @ref extdomain_perm holds the value to restore. */
    uint32_t extdomain_perm;            /**< EXTDOMAIN[0].PERM before the release. */
};

/**
 * @brief Defaults: no QSPI / RAM flash, DWT wait at 128 MHz, no log, EXTDOMAIN secure on release.
 * @param[out] cfg the configuration
 */
void pcd_nrf5340_app_config_default(struct pcd_nrf5340_app_config *cfg);

/**
 * @brief Initialise the application-core port.
 * @param[out] app the instance
 * @param cfg      configuration (copied); NULL = defaults
 */
void pcd_nrf5340_app_init(struct pcd_nrf5340_app *app, const struct pcd_nrf5340_app_config *cfg);

#ifdef __cplusplus
}
#endif

#endif /* PCD_NRF5340_H */
