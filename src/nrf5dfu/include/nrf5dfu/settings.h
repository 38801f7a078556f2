/**
 * @file
 * @brief The bootloader settings page of the nRF5 SDK (settings version 2), byte-exact, and its
 *        CRCs.
 *
 * Layout: nRF5 SDK 17.0.x, `components/libraries/bootloader/dfu/nrf_dfu_types.h`
 * (`nrf_dfu_settings_t`, `#pragma pack(4)`, built with `-fshort-enums` so `boot_validation_type_t`
 * is one byte and `boot_validation_t` 65 bytes); the offsets agree with nrfutil's
 * `bl_dfu_sett.py` (init command 0x5C, boot_validation_crc 0x25C, validation types 0x260, 0x2A1,
 * 0x2E2). `peer_data` and `adv_name` start on a word (their BLE-transport forms begin with a
 * uint32_t crc), so the struct is 0x380 bytes. Little-endian throughout.
 *
 * CRCs (nrf_dfu_settings.c): `crc` = CRC32 (IEEE, as crc32_compute()) over bytes 4 up to
 * `init_command`; 0xFFFFFFFF means "never calculated" and is never valid. `boot_validation_crc` =
 * CRC32 over the three boot_validation_t. A settings-version-1 page is translated to version 2.
 */
#ifndef NRF5DFU_SETTINGS_H
#define NRF5DFU_SETTINGS_H

#include "nrf5dfu/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Byte offsets inside the settings page (nrf_dfu_settings_t, SDK 17.0.x). */
enum n5_settings_off {
    N5_OFF_CRC = 0x00,
    N5_OFF_VERSION = 0x04,
    N5_OFF_APP_VERSION = 0x08,
    N5_OFF_BL_VERSION = 0x0C,
    N5_OFF_BANK_LAYOUT = 0x10,
    N5_OFF_BANK_CURRENT = 0x14,
    N5_OFF_BANK0 = 0x18,        /**< image_size, image_crc, bank_code */
    N5_OFF_BANK1 = 0x24,        /**< image_size, image_crc, bank_code */
    N5_OFF_WRITE_OFFSET = 0x30,
    N5_OFF_SD_SIZE = 0x34,
    N5_OFF_PROGRESS = 0x38,     /**< 8 words, see struct n5_progress */
    N5_OFF_ENTER_BUTTONLESS = 0x58,
    N5_OFF_INIT_CMD = 0x5C,     /**< 512 bytes */
    N5_OFF_BV_CRC = 0x25C,
    N5_OFF_BV = 0x260,          /**< three boot_validation_t of 65 bytes: SoftDevice, app, bootloader */
    N5_OFF_PEER_DATA = 0x324,   /**< 64 bytes, not in any CRC */
    N5_OFF_ADV_NAME = 0x364,    /**< 28 bytes, not in any CRC */
    N5_SETTINGS_SIZE = 0x380,   /**< bytes of the struct; what is written to each page */
};

#define N5_INIT_CMD_MAX 512u    /**< INIT_COMMAND_MAX_SIZE (version 2). */
#define N5_INIT_CMD_MAX_V1 256u /**< INIT_COMMAND_MAX_SIZE_v1. */
#define N5_BV_SIZE 65u          /**< boot_validation_t: 1-byte type + 64 bytes. */
#define N5_SETTINGS_VERSION 2u  /**< NRF_DFU_SETTINGS_VERSION. */

_Static_assert(N5_OFF_BANK1 == N5_OFF_BANK0 + 12, "nrf_dfu_bank_t is 3 words");
_Static_assert(N5_OFF_PROGRESS == N5_OFF_SD_SIZE + 4 && N5_OFF_ENTER_BUTTONLESS == N5_OFF_PROGRESS + 32,
               "dfu_progress_t is 8 words");
_Static_assert(N5_OFF_BV_CRC == N5_OFF_INIT_CMD + N5_INIT_CMD_MAX, "init_command is 512 bytes");
_Static_assert(N5_OFF_BV + 3 * N5_BV_SIZE == 0x323, "nrfutil: the validation blocks end at 0x322");
_Static_assert(N5_OFF_PEER_DATA == ((N5_OFF_BV + 3 * N5_BV_SIZE + 3) & ~3), "peer_data is word-aligned");
_Static_assert(N5_OFF_ADV_NAME == N5_OFF_PEER_DATA + 64 && N5_SETTINGS_SIZE == N5_OFF_ADV_NAME + 28,
               "NRF_DFU_PEER_DATA_LEN 64, NRF_DFU_ADV_NAME_LEN 28");
_Static_assert(N5_SETTINGS_SIZE % 4 == 0, "the NVMC writes words");

/** Bank codes (nrf_dfu_types.h). */
enum n5_bank_code {
    N5_BANK_INVALID = 0x00,
    N5_BANK_VALID_APP = 0x01,
    N5_BANK_VALID_SD = 0xA5,
    N5_BANK_VALID_BL = 0xAA,
    N5_BANK_VALID_SD_BL = 0xAC,
    N5_BANK_VALID_EXT_APP = 0xB1,
};

/** Boot validation types (boot_validation_type_t). */
enum n5_bv_type { N5_BV_NONE = 0, N5_BV_CRC = 1, N5_BV_SHA256 = 2, N5_BV_ECDSA = 3 };

/** nrf_dfu_bank_t. */
struct n5_bank {
    uint32_t image_size; /**< bytes */
    uint32_t image_crc;  /**< CRC32 of the image */
    uint32_t bank_code;  /**< enum n5_bank_code */
};

/** dfu_progress_t. */
struct n5_progress {
    uint32_t command_size;   /**< bytes of the init command */
    uint32_t command_offset; /**< bytes of it received */
    uint32_t command_crc;    /**< its CRC32 */
    uint32_t data_object_size;
    uint32_t fw_crc_start;   /**< firmware_image_crc while the application writes bank 1; the same word is
                                  update_start_address (a union in the SDK) once the image is staged */
    uint32_t firmware_image_crc_last;
    uint32_t firmware_image_offset; /**< bytes of the image written to bank 1 */
    uint32_t firmware_image_offset_last;
};

/** boot_validation_t. */
struct n5_boot_validation {
    uint8_t type;      /**< enum n5_bv_type */
    uint8_t bytes[64]; /**< CRC32 (LE), SHA-256 or signature */
};

/** The decoded settings (host order); n5_settings_encode() gives the page bytes. */
struct n5_settings {
    uint32_t crc;
    uint32_t settings_version;
    uint32_t app_version;
    uint32_t bootloader_version;
    uint32_t bank_layout;  /**< 0 dual, 1 single */
    uint32_t bank_current;
    struct n5_bank bank_0;
    struct n5_bank bank_1;
    uint32_t write_offset; /**< application: bytes of bank 1 written; bootloader: bytes of bank 0 copied */
    uint32_t sd_size;
    struct n5_progress progress;
    uint32_t enter_buttonless_dfu;
    uint8_t init_command[N5_INIT_CMD_MAX];
    uint32_t boot_validation_crc;
    struct n5_boot_validation bv[3]; /**< SoftDevice, application, bootloader */
    uint8_t peer_data[64];
    uint8_t adv_name[28];
};

/**
 * @brief CRC32 (IEEE 802.3, reflected, as zlib and the SDK's crc32_compute()).
 * @param crc the CRC of the bytes before (0 to start)
 * @param data bytes
 * @param len bytes
 * @return the CRC
 */
uint32_t n5_crc32(uint32_t crc, const void *data, size_t len);

/** @brief Page bytes of @p s (every field, as stored). @param s settings @param out N5_SETTINGS_SIZE bytes */
void n5_settings_encode(const struct n5_settings *s, uint8_t out[N5_SETTINGS_SIZE]);

/** @brief Decode page bytes. @param in N5_SETTINGS_SIZE bytes @param s the settings */
void n5_settings_decode(const uint8_t in[N5_SETTINGS_SIZE], struct n5_settings *s);

/** @brief The settings CRC of page bytes (bytes 4 .. 0x5C). @param raw page bytes @return CRC32 */
uint32_t n5_settings_crc(const uint8_t raw[N5_SETTINGS_SIZE]);

/** @brief The boot-validation CRC of page bytes (0x260 .. 0x323). @param raw page bytes @return CRC32 */
uint32_t n5_settings_bv_crc(const uint8_t raw[N5_SETTINGS_SIZE]);

/** @brief crc is set (not 0xFFFFFFFF) and right. @param raw page bytes @return true if valid */
bool n5_settings_crc_ok(const uint8_t raw[N5_SETTINGS_SIZE]);

/** @brief A usable backup: crc right and (version 1, or boot_validation_crc right). @param raw page bytes @return true */
bool n5_settings_backup_ok(const uint8_t raw[N5_SETTINGS_SIZE]);

/** @brief Fill in crc and boot_validation_crc of @p s. @param s the settings */
void n5_settings_seal(struct n5_settings *s);

/** @brief Defaults of a reset (all zero, version 2). @param s the settings */
void n5_settings_default(struct n5_settings *s);

/**
 * @brief Translate a version-1 page (peer data and advertising name after a 256-byte init
 *        command; no boot validation) into version 2; a version-2 page is left alone.
 * @param s the settings, decoded from the version-1 bytes
 */
void n5_settings_upgrade_v1(struct n5_settings *s);

/**
 * @brief Copy from @p backup the fields the application may not change (everything except
 *        crc, bank_1, write_offset, progress, enter_buttonless_dfu, init_command and the CRCs).
 * @param s the settings to fix
 * @param backup the backup page's settings
 */
void n5_settings_restore_protected(struct n5_settings *s, const struct n5_settings *backup);

/**
 * @brief Do @p a and @p b agree on every field the application may not change?
 * @param a settings
 * @param b settings (the backup)
 * @return true if they agree
 */
bool n5_settings_protected_equal(const struct n5_settings *a, const struct n5_settings *b);

/**
 * @brief Read one settings page (@p addr: layout settings or backup) as bytes.
 * @param port the port @param addr page address @param raw N5_SETTINGS_SIZE bytes
 * @return 0 or N5_E_PORT
 */
int n5_settings_read_raw(const struct n5_port *port, uint32_t addr, uint8_t raw[N5_SETTINGS_SIZE]);

/**
 * @brief Write sealed settings to the page at @p addr: erase, program bytes 4 .. N5_SETTINGS_SIZE,
 *        then the CRC word (so a cut before the end leaves crc 0xFFFFFFFF: invalid). Skipped
 *        (0 flash operations) when the page already holds exactly these bytes.
 * @param port the port @param addr page address @param s sealed settings
 * @return 0 or N5_E_PORT
 */
int n5_settings_write_page(const struct n5_port *port, uint32_t addr, const struct n5_settings *s);

#ifdef __cplusplus
}
#endif

#endif /* NRF5DFU_SETTINGS_H */
