/**
 * @file
 * @brief The nRF52 dual-bank background update: the application writes the new image into bank 1
 *        and the settings page; the bootloader copies bank 1 over bank 0 in page steps.
 *
 * Behaviour: reference-behaviour.md §10 (N52-WRITE, N52-ACTIVATE, N52-POWER-SAFE); facts:
 * ../shared/spec/nrf52-dual-bank-facts.md, checked against nRF5 SDK 17.0.x
 * (nrf_dfu_settings.c, nrf_bootloader_fw_activation.c); docs/NRF52.md says where this code
 * deliberately differs from the SDK (the bootloader writes the backup before the settings page;
 * bank 1 is checked before bank 0 is touched).
 *
 * Every function is restartable: after a power loss at any flash operation, calling it again
 * (the application's n5_app_stage(), the bootloader's n5_boot()) finishes the job.
 */
#ifndef NRF5DFU_DFU_H
#define NRF5DFU_DFU_H

#include "nrf5dfu/settings.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Where the settings came from at start (nrf_dfu_settings_init's three cases). */
enum n5_settings_src {
    N5_SRC_PAGE = 0,    /**< settings page valid (protected fields from the backup if it is valid) */
    N5_SRC_BACKUP = 1,  /**< settings page invalid, backup valid */
    N5_SRC_DEFAULT = 2, /**< neither valid: reset to defaults */
};

/**
 * @brief Load the settings as nrf_dfu_settings_init() does: the settings page if its CRC holds
 *        (then, if the backup is valid too, the fields the application may not change are taken
 *        from the backup), else the backup, else defaults. A version-1 page stays version 1
 *        (the bootloader translates it: n5_settings_upgrade_v1()).
 * @param port the port
 * @param lay the layout
 * @param[out] s the settings
 * @param[out] src where they came from (may be NULL)
 * @return 0 or N5_E_PORT
 */
int n5_settings_load(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s,
                     enum n5_settings_src *src);

/**
 * @brief The bootloader's write: seal, then write the backup page, then the settings page (each
 *        skipped when it already holds these bytes). A cut during either leaves the other valid.
 * @param port the port @param lay the layout @param s the settings (sealed on return)
 * @return 0 or N5_E_PORT
 */
int n5_bl_settings_store(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s);

/**
 * @brief The application's write (NRF_DFU_IN_APP): seal and write the settings page only; refused
 *        when a field the application may not change differs from the valid backup.
 * @param port the port @param lay the layout @param s the settings (sealed on return)
 * @retval 0 written
 * @retval N5_E_FORBIDDEN a protected field differs from the backup; nothing written
 * @retval N5_E_PORT
 */
int n5_app_settings_store(const struct n5_port *port, const struct n5_layout *lay, struct n5_settings *s);

/**
 * @brief The application's background update: write @p image into bank 1 page by page, saving
 *        write_offset and the running CRC in the settings after each page; then stage it
 *        (bank_1 = {size, CRC32 read back from bank 1, VALID_APP}, write_offset 0,
 *        update_start_address = bank 1, the init command). Called again after a power loss, it
 *        resumes after the last page whose progress was saved (checked against the CRC).
 * @param port the port
 * @param lay the layout
 * @param image the new image (from the transport)
 * @param size bytes, 1 .. min(bank0_size, bank1_size)
 * @param init the init command (signed dfu-cc packet) @param init_len bytes, <= N5_INIT_CMD_MAX
 * @retval 0 staged: a reset lets the bootloader activate it
 * @retval N5_E_SIZE, N5_E_INVAL, N5_E_FORBIDDEN, N5_E_CRC (bank 1 did not read back), N5_E_PORT
 */
int n5_app_stage(const struct n5_port *port, const struct n5_layout *lay, const uint8_t *image, uint32_t size,
                 const uint8_t *init, uint32_t init_len);

/** What the bootloader did and decided. */
struct n5_boot_result {
    bool activated;        /**< bank 1 was copied over bank 0 and checked in this call */
    bool rejected;         /**< a staged bank 1 was refused (reason in @ref reject_err) and invalidated */
    int reject_err;        /**< N5_E_CRC, N5_E_SIZE, N5_E_INIT, N5_E_SIG, N5_E_HASH */
    bool app_valid;        /**< bank 0 holds a valid application: the bootloader jumps to it */
    uint32_t pages_copied; /**< page steps done in this call */
    enum n5_settings_src src; /**< where the settings came from */
};

/**
 * @brief One bootloader start: load and rewrite the settings, activate a staged bank 1 (check
 *        its size, CRC32 and init command before bank 0 is touched; copy in page steps from
 *        update_start_address + write_offset, saving write_offset after each; CRC32 of bank 0
 *        against bank_1.image_crc: bank 0 marked valid on a match; bank 1 invalidated either way),
 *        then check bank 0 (bank code and CRC32).
 * @param port the port
 * @param lay the layout
 * @param init checker of the init command (NULL: not checked)
 * @param[out] res what happened
 * @return 0 (see @p res) or N5_E_PORT
 */
int n5_boot(const struct n5_port *port, const struct n5_layout *lay, const struct n5_init_checker *init,
            struct n5_boot_result *res);

/**
 * @brief CRC32 of flash bytes.
 * @param port the port @param addr CPU address @param len bytes @param[out] crc the CRC
 * @return 0 or N5_E_PORT
 */
int n5_flash_crc32(const struct n5_port *port, uint32_t addr, uint32_t len, uint32_t *crc);

#ifdef __cplusplus
}
#endif

#endif /* NRF5DFU_DFU_H */
