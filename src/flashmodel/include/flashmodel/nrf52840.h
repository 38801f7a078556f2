/**
 * @file
 * @brief The nRF52840's memories as an fm_desc, and the default flash layout of an nRF5 SDK
 *        dual-bank bootloader on it.
 *
 * Sources: nRF52840 Product Specification v1.7, "Memory" (1 MiB flash at 0x00000000 in 256 pages
 * of 4 KiB; 256 KiB RAM at 0x20000000) and "NVMC — Non-volatile memory controller", "Electrical
 * specification" (nWRITE 2 per 32-bit word between erases, tWRITE 41 µs, tERASEPAGE 85 ms,
 * endurance 10 000 cycles, word-aligned writes that only clear bits; these timing figures are
 * UNVERIFIED here: the PS text was not at hand when they were entered); nRF5 SDK 17.0.x
 * `components/libraries/bootloader/dfu/nrf_dfu_types.h` (BOOTLOADER_SETTINGS_ADDRESS 0x000FF000,
 * NRF_MBR_PARAMS_PAGE_ADDRESS 0x000FE000 for NRF52840_XXAA; CODE_PAGE_SIZE 4 KiB;
 * NRF_DFU_APP_DATA_AREA_SIZE 3 pages by default); facts file
 * ../shared/spec/nrf52-dual-bank-facts.md. The nRF52840 has one core: only FM_CORE_APP has a
 * bus map (FM_CORE_NET's is empty).
 */
#ifndef FLASHMODEL_NRF52840_H
#define FLASHMODEL_NRF52840_H

#include <stdint.h>

#include "flashmodel/flashmodel.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Device indices of the description built by fm_nrf52840_desc(). */
enum fm_nrf52840_dev {
    FM_N52_FLASH = 0, /**< 1 MiB internal flash at 0x00000000, 4 KiB pages, behind the NVMC. */
    FM_N52_SRAM = 1,  /**< 256 KiB RAM at 0x20000000. */
    FM_N52_DEV_COUNT
};

#define FM_N52_FLASH_BASE 0x00000000u       /**< PS memory map. */
#define FM_N52_FLASH_SIZE 0x00100000u       /**< 1 MiB. */
#define FM_N52_FLASH_PAGE 0x1000u           /**< 4 KiB page (PS NVMC; SDK CODE_PAGE_SIZE). */
#define FM_N52_SRAM_BASE 0x20000000u        /**< PS memory map. */
#define FM_N52_SRAM_SIZE 0x00040000u        /**< 256 KiB. */
#define FM_N52_NVMC_NWRITE 2u               /**< PS NVMC electrical specification: nWRITE. */
#define FM_N52_NVMC_ENDURANCE 10000u        /**< PS NVMC: endurance, erase cycles (minimum). */
#define FM_N52_NVMC_TWRITE_US 41u           /**< PS NVMC: tWRITE per 32-bit word, µs (maximum). */
#define FM_N52_NVMC_TERASEPAGE_US 85000u    /**< PS NVMC: tERASEPAGE, 85 ms (maximum). */

/**
 * A flash layout of the dual-bank nRF5 SDK bootloader: byte addresses, each area page-aligned.
 * The areas must lie in this order, without overlap: MBR, SoftDevice, bank 0, bank 1, the
 * application data area (unused by the update), bootloader, MBR parameters page (the settings
 * backup), settings page.
 */
struct fm_nrf52840_layout {
    uint32_t mbr_size;        /**< MBR at 0, its size (0x1000). */
    uint32_t sd_end;          /**< End of the SoftDevice = start of the application area (S140 7.x: 0x27000). */
    uint32_t bank0;           /**< Start of bank 0 (the running application). */
    uint32_t bank0_size;      /**< Bytes of bank 0. */
    uint32_t bank1;           /**< Start of bank 1 (where the application stages the new image). */
    uint32_t bank1_size;      /**< Bytes of bank 1. */
    uint32_t bootloader;      /**< Start of the bootloader. */
    uint32_t bootloader_size; /**< Bytes of the bootloader. */
    uint32_t mbr_params;      /**< MBR parameters page = settings backup (SDK: 0xFE000). */
    uint32_t settings;        /**< Bootloader settings page (SDK: 0xFF000). */
};

/**
 * Default layout: MBR 0x0-0x1000, SoftDevice S140 to 0x27000, bank 0 0x27000-0x8F000 (416 KiB),
 * bank 1 0x8F000-0xF7000 (416 KiB), application data 0xF7000-0xF8000, bootloader 0xF8000-0xFE000
 * (the SDK 17 pca10056 secure bootloader's start), MBR parameters 0xFE000, settings 0xFF000.
 */
#define FM_NRF52840_LAYOUT_DEFAULT \
    { 0x1000u, 0x27000u, 0x27000u, 0x68000u, 0x8F000u, 0x68000u, 0xF8000u, 0x6000u, 0xFE000u, 0xFF000u }

/** The device names, indexed by enum fm_nrf52840_dev: "flash", "sram". */
extern const char *const fm_nrf52840_dev_names[FM_N52_DEV_COUNT];

/**
 * @brief Fill @p out with the nRF52840 description: NVMC flash and RAM, the one core's bus map.
 * @param[out] out the description
 * @retval 0 ok
 */
int fm_nrf52840_desc(struct fm_desc *out);

/**
 * @brief Check a layout: page-aligned, in the order of struct fm_nrf52840_layout, no overlap,
 *        inside the flash, the settings page last and the MBR parameters page just below it.
 * @param l the layout
 * @param[out] why what is wrong, a static string (may be NULL)
 * @retval 0 ok
 * @retval FM_E_INVAL not a usable layout
 */
int fm_nrf52840_layout_check(const struct fm_nrf52840_layout *l, const char **why);

#ifdef __cplusplus
}
#endif

#endif /* FLASHMODEL_NRF52840_H */
