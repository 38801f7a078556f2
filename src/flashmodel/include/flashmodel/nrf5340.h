/**
 * @file
 * @brief The nRF5340's memories and bus views as an fm_desc.
 *
 * Sources: facts file §4.1 (address map, from Zephyr `nrf5340_cpuapp*.dtsi` / `nrf5340_cpunet*.dtsi`
 * and the nRF5340 PS), §4.2 (who can access what), §4.3 (NVMC electrical specification),
 * §4.5 (MX25R6435F on QSPI), §4.6 (MCUboot's RAM flash simulator).
 */
#ifndef FLASHMODEL_NRF5340_H
#define FLASHMODEL_NRF5340_H

#include <stdbool.h>
#include <stdint.h>

#include "flashmodel/flashmodel.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Device indices of the description built by fm_nrf5340_desc(). */
enum fm_nrf5340_dev {
    FM_NRF_APP_FLASH = 0, /**< 1 MiB at 0x00000000, 4 KiB pages. */
    FM_NRF_NET_FLASH = 1, /**< 256 KiB at 0x01000000, 2 KiB pages. */
    FM_NRF_APP_SRAM = 2,  /**< 512 KiB at 0x20000000 (pcd_sram at its start). */
    FM_NRF_NET_SRAM = 3,  /**< 64 KiB at 0x21000000. */
    FM_NRF_QSPI = 4,      /**< MX25R6435F, 8 MiB; app core reads it through the XIP window only. */
    FM_NRF_RAM_FLASH = 5, /**< MCUboot's `ram_flash` simulator, a window of app SRAM. */
    FM_NRF_NAND = 6,      /**< External SPI NAND (W25N01GV, flashmodel/nand.h) on the app core's SPI; size 0 if not fitted. */
    FM_NRF_DEV_COUNT
};

#define FM_NRF_APP_FLASH_BASE 0x00000000u /**< PS memory map. */
#define FM_NRF_APP_FLASH_SIZE 0x00100000u /**< 1 MiB. */
#define FM_NRF_APP_FLASH_PAGE 0x1000u     /**< 4 KiB page. */
#define FM_NRF_NET_FLASH_BASE 0x01000000u /**< PS memory map (network core). */
#define FM_NRF_NET_FLASH_SIZE 0x00040000u /**< 256 KiB. */
#define FM_NRF_NET_FLASH_PAGE 0x800u      /**< 2 KiB page. */
#define FM_NRF_APP_SRAM_BASE 0x20000000u  /**< PS memory map. */
#define FM_NRF_APP_SRAM_SIZE 0x00080000u  /**< 512 KiB. */
#define FM_NRF_NET_SRAM_BASE 0x21000000u  /**< PS memory map (network core). */
#define FM_NRF_NET_SRAM_SIZE 0x00010000u  /**< 64 KiB. */
#define FM_NRF_QSPI_XIP_BASE 0x10000000u  /**< QSPI XIP window (app core only). */
#define FM_NRF_QSPI_SIZE 0x00800000u      /**< MX25R6435F: 64 Mbit. */
#define FM_NRF_QSPI_SECTOR 0x1000u        /**< 4 KiB sector erase (opcode 0x20). */
#define FM_NRF_QSPI_PROG_PAGE 0x100u      /**< 256-byte page program (opcode 0x02). */
#define FM_NRF_NVMC_NWRITE 2u             /**< PS NVMC: nWRITE. */
#define FM_NRF_NVMC_ENDURANCE 10000u      /**< PS NVMC: nENDURANCE (minimum). */
#define FM_NRF_NVMC_TWRITE_US 43u         /**< PS NVMC: tWRITE per 32-bit word. */
#define FM_NRF_NVMC_TERASEPAGE_US 87500u  /**< PS NVMC: tERASEPAGE, 87.5 ms. */
#define FM_NRF_QSPI_TPP_US 896u           /**< SFDP BFP typical page program (verify against datasheet). */
#define FM_NRF_QSPI_TSE_US 48000u         /**< SFDP BFP typical 4 KiB sector erase. */
#define FM_NRF_QSPI_READ_BYTES_PER_US 4u  /**< Quad read at 8 MHz SCK: 4 bytes per µs. */
#define FM_NRF_NET_ACL_REGIONS 8u         /**< PS ACL: ACL[0..7] at 0x41080000 + 0x800 (facts, errata). */

/** Options of the board built around the SoC. */
struct fm_nrf5340_opts {
    bool qspi;               /**< External MX25R6435F fitted (nRF5340 DK, Thingy:53). */
    uint32_t ram_flash_addr; /**< App-SRAM address of MCUboot's flash simulator buffer; 0 = none. */
    uint32_t ram_flash_size; /**< Its size (CONFIG_NRF53_RAM_FLASH_SIZE, e.g. 0x40000). */
    uint32_t nand_blocks;    /**< Blocks of the external SPI NAND (W25N01GV: 1024); 0 = not fitted. */
};

/** The device names, indexed by enum fm_nrf5340_dev (constant data; see fm_nrf5340_dev_name()). */
extern const char *const fm_nrf5340_dev_names[FM_NRF_DEV_COUNT];

/**
 * @brief Short name of a device, as the descriptions, scenarios and reports write it:
 *        "app_flash", "net_flash", "app_sram", "net_sram", "qspi", "ram_flash", "nand" (the one table).
 * @param dev a device index
 * @return a static string; "?" out of range
 */
const char *fm_nrf5340_dev_name(enum fm_nrf5340_dev dev);

/** Default options: QSPI fitted, 256 KiB RAM flash simulator at 0x20010000, no NAND. */
#define FM_NRF5340_OPTS_DEFAULT { true, 0x20010000u, 0x40000u, 0u }

/**
 * @brief Fill @p out with the nRF5340 description.
 * @param[out] out the description
 * @param opts board options (NULL = FM_NRF5340_OPTS_DEFAULT)
 * @retval 0 ok
 * @retval FM_E_INVAL the RAM flash window is not 4 KiB-aligned or leaves app SRAM, or more than
 *         FM_NAND_W25N01GV_BLOCKS NAND blocks
 */
int fm_nrf5340_desc(struct fm_desc *out, const struct fm_nrf5340_opts *opts);

#ifdef __cplusplus
}
#endif

#endif /* FLASHMODEL_NRF5340_H */
