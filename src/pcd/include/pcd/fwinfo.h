/**
 * @file
 * @brief NCS `fw_info` and `fw_validation_info`: find, decode, and the B0N image checks.
 *
 * Used for B0N-BOOT-VALID (the net-core application in net flash: src == dst) and
 * B0N-SRC-BOOTABLE (an update in app memory: src = where it is now, dst = where it will run),
 * reference-behaviour.md §3. All bytes are read with pcd_bus_read() at bus addresses, in chunks
 * of at most 256 bytes; nothing outside [src, src + limit) is read (see pcd_fwinfo_validate()).
 *
 * Format facts (facts file §6.1, §6.2; little-endian words, NCS `include/fw_info_bare.h` and
 * `subsys/bootloader/bl_validation/bl_validation.c`):
 *
 * `struct fw_info` (60 bytes before the EXT_API list):
 * | Off | Field | | Off | Field |
 * |-----|-------|-|-----|-------|
 * | 0  | magic[3] = 0x281EE6DE 0x8FCEBB4C 0x00003502 | | 28 | boot_address |
 * | 12 | total_size (incl. EXT_API lists) | | 32 | valid = 0x9102FFFF |
 * | 16 | size (firmware bytes; the hashed length) | | 36 | reserved[4] |
 * | 20 | version | | 52 | ext_api_num |
 * | 24 | address (image start) | | 56 | ext_api_request_num |
 *
 * searched at image offsets 0x0, 0x200, 0x400, 0x600, 0x800, 0xE00, 0x1000 (NCS v2.9.0).
 *
 * `struct fw_validation_info` (176 bytes): magic[3] = 0x281EE6DE 0x86518483 0x00013502,
 * address (4), hash (32, SHA-256 of the fw_info.size bytes from the image start), public_key
 * (64, P-256 X||Y), signature (64, r||s). It follows the firmware at the first word boundary
 * (validation_data.py places it at ((maxaddr // 4) + 1) * 4, facts §6.2), i.e. at image offset
 * fw_info.size + k; NCS's validation_info_find(start, 4) tries k = 0..4 (its loop runs i <= 4:
 * five byte positions, facts errata and §2.4 check 11), and so does this code.
 */
#ifndef PCD_FWINFO_H
#define PCD_FWINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/err.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** fw_info / fw_validation_info magic word 0 (FW_INFO_MAGIC_COMMON; facts §6.1). */
#define PCD_FWINFO_MAGIC_COMMON 0x281EE6DEu
/** fw_info magic word 1 (FW_INFO_MAGIC_FIRMWARE_INFO; facts §6.1). */
#define PCD_FWINFO_MAGIC_FWINFO 0x8FCEBB4Cu
/** fw_info magic word 2: version 2 | hw 53 << 8 | crypto 0 << 16 (facts §6.1). */
#define PCD_FWINFO_MAGIC_COMPAT 0x00003502u
/** fw_validation_info magic word 1 (SB_VALIDATION_INFO_MAGIC; facts §6.1). */
#define PCD_VALINFO_MAGIC_VALINFO 0x86518483u
/** fw_validation_info magic word 2: version 2 | hw 53 << 8 | crypto 1 << 16 (facts §6.1). */
#define PCD_VALINFO_MAGIC_COMPAT 0x00013502u
/** Bytes of struct fw_info before the EXT_API list (offset of ext_apis[]; facts §6.1). */
#define PCD_FWINFO_SIZE 60u
/** Bytes of struct fw_validation_info (facts §6.2). */
#define PCD_VALINFO_SIZE 176u
/** fw_info.valid of a valid image (CONFIG_FW_INFO_VALID_VAL; facts §6.1, §2.4 check 5). */
#define PCD_FWINFO_VALID_VAL 0x9102FFFFu
/** Number of fw_info search offsets (NCS v2.9.0; facts §6.1). */
#define PCD_FWINFO_SEARCH_COUNT 7u
/** Initializer of the fw_info search offsets, image-relative (facts §6.1). */
#define PCD_FWINFO_SEARCH_OFFSETS {0x0u, 0x200u, 0x400u, 0x600u, 0x800u, 0xE00u, 0x1000u}
/** fw_validation_info is searched at fw_info.size + k for k = 0 .. PCD_VALINFO_SEARCH - 1: five
 *  byte positions, as NCS's validation_info_find(start, 4) with its i <= 4 loop (facts errata). */
#define PCD_VALINFO_SEARCH 5u

/** Decoded `struct fw_info` (facts §6.1). */
struct pcd_fw_info {
    uint32_t offset;              /**< Where it was found, bytes from the image start. */
    uint32_t total_size;          /**< total_size (offset 12). */
    uint32_t size;                /**< size (offset 16): firmware bytes, the hashed length. */
    uint32_t version;             /**< version (offset 20). */
    uint32_t address;             /**< address (offset 24): image start address. */
    uint32_t boot_address;        /**< boot_address (offset 28): vector table address. */
    uint32_t valid;               /**< valid (offset 32): PCD_FWINFO_VALID_VAL when valid. */
    uint32_t reserved[4];         /**< reserved (offset 36). */
    uint32_t ext_api_num;         /**< ext_api_num (offset 52). */
    uint32_t ext_api_request_num; /**< ext_api_request_num (offset 56). */
};

/** Decoded `struct fw_validation_info` (facts §6.2). */
struct pcd_fw_validation_info {
    uint32_t offset;                 /**< Where it was found, bytes from the image start. */
    uint32_t address;                /**< address (offset 12). */
    uint8_t hash[PCD_SHA256_LEN];    /**< hash (offset 16): SHA-256 of the fw_info.size firmware bytes. */
    uint8_t public_key[64];          /**< public_key (offset 48): P-256 X||Y (not checked by B0N). */
    uint8_t signature[64];           /**< signature (offset 112): r||s (not checked by B0N). */
};

/** What pcd_fwinfo_validate() found; a field is meaningful only when its flag is set. */
struct pcd_fwinfo_result {
    int verdict;                        /**< Same as the return value. */
    bool fwinfo_valid;                  /**< @ref fwinfo found and decoded. */
    struct pcd_fw_info fwinfo;          /**< The fw_info. */
    bool reset_vector_valid;            /**< @ref reset_vector read. */
    uint32_t reset_vector;              /**< Word at src + (boot_address - dst) + 4. */
    bool valinfo_valid;                 /**< @ref valinfo found and decoded. */
    struct pcd_fw_validation_info valinfo; /**< The fw_validation_info. */
    bool computed_hash_valid;           /**< @ref computed_hash computed. */
    uint8_t computed_hash[PCD_SHA256_LEN]; /**< SHA-256 of [src, src + fwinfo.size). */
};

/**
 * @brief Decode a fw_info (facts §6.1) and check its three magic words.
 * @param raw      PCD_FWINFO_SIZE bytes
 * @param[out] out decoded fields (offset set to 0); filled also when the magic is wrong
 * @retval 0 magic correct
 * @retval PCD_E_INVAL NULL argument
 * @retval PCD_E_FWINFO_MISSING wrong magic
 */
int pcd_fwinfo_decode(const uint8_t raw[PCD_FWINFO_SIZE], struct pcd_fw_info *out);

/**
 * @brief Decode a fw_validation_info (facts §6.2) and check its three magic words.
 * @param raw      PCD_VALINFO_SIZE bytes
 * @param[out] out decoded fields (offset set to 0); filled also when the magic is wrong
 * @retval 0 magic correct
 * @retval PCD_E_INVAL NULL argument
 * @retval PCD_E_VALINFO_MISSING wrong magic
 */
int pcd_valinfo_decode(const uint8_t raw[PCD_VALINFO_SIZE], struct pcd_fw_validation_info *out);

/**
 * @brief Find the fw_info of the image at bus address @p src (facts §6.1 search offsets;
 *        first match wins). Only offsets whose PCD_FWINFO_SIZE bytes lie within
 *        [src, src + @p len) are looked at.
 * @param port     port (pcd_bus_read())
 * @param src      bus address of the image start (vector table)
 * @param len      bytes readable at @p src
 * @param[out] out the fw_info, with out->offset set
 * @retval 0 found
 * @retval PCD_E_INVAL NULL argument or src + len overflows
 * @retval PCD_E_FWINFO_MISSING none at any search offset
 * @retval other a port error of pcd_bus_read()
 */
int pcd_fwinfo_find(const struct pcd_port *port, uint32_t src, uint32_t len, struct pcd_fw_info *out);

/**
 * @brief B0N-BOOT-VALID / B0N-SRC-BOOTABLE: would the image at @p src boot at @p dst?
 *
 * Checks of NCS bl_validate_firmware() (facts §2.4), in this order (check numbers of §2.4):
 *  - 1: fw_info found at a search offset (PCD_E_FWINFO_MISSING);
 *  - 2: fw_info.address == @p dst (PCD_E_FWINFO_ADDR);
 *  - 5: fw_info.valid == 0x9102FFFF (PCD_E_FWINFO_INVALID);
 *  - (6, monotonic version: not done here; the caller compares fwinfo.version if it keeps a counter);
 *  - 7': 0 < fw_info.size <= limit, i.e. the firmware fits the partition from @p dst and the
 *    source (PCD_E_FWINFO_RANGE);
 *  - 8: [fw_info, fw_info + total_size) inside [src, src + size), total_size >= 60 (PCD_E_FWINFO_RANGE);
 *  - 9: boot_address inside [dst, dst + size) (PCD_E_FWINFO_RANGE);
 *  - 10: reset vector (word at src + (boot_address - dst) + 4) inside [dst, dst + size)
 *    (PCD_E_FWINFO_RANGE);
 *  - 11: fw_validation_info at src + size + k, k = 0..4, wholly inside the limit (PCD_E_VALINFO_MISSING);
 *  - 12: validation_info.address == fw_info.address (PCD_E_VALINFO_ADDR);
 *  - 13: SHA-256 of [src, src + size), streamed, equals validation_info.hash (PCD_E_VALINFO_HASH).
 *
 * limit = min(@p src_len, part_start + part_size - dst) (@p src_len 0 = no source limit): no
 * byte at or beyond src + limit is read, so an image can neither be read past its source nor
 * extend past its partition once copied.
 *
 * @param port       port (pcd_bus_read())
 * @param src        bus address of the image's first byte (vector table)
 * @param src_len    bytes readable at @p src (e.g. the PCD len); 0 = up to the partition end
 * @param dst        address the image runs at (e.g. 0x01008800)
 * @param part_start start of the partition it runs in (e.g. 0x01008800)
 * @param part_size  size of that partition, bytes (e.g. 0x37800)
 * @param[out] res   what was found (also on failure); res->verdict = the return value
 * @retval 0 the image would boot
 * @retval PCD_E_INVAL NULL argument, empty or overflowing partition, @p dst outside it, or
 *         src + limit overflowing
 * @retval PCD_E_FWINFO_MISSING / PCD_E_FWINFO_ADDR / PCD_E_FWINFO_INVALID / PCD_E_FWINFO_RANGE
 * @retval PCD_E_VALINFO_MISSING / PCD_E_VALINFO_ADDR / PCD_E_VALINFO_HASH
 * @retval PCD_E_CRYPTO SHA-256 backend failure
 * @retval other a port error of pcd_bus_read()
 */
int pcd_fwinfo_validate(const struct pcd_port *port, uint32_t src, uint32_t src_len, uint32_t dst,
                        uint32_t part_start, uint32_t part_size, struct pcd_fwinfo_result *res);

/**
 * @brief pcd_fwinfo_validate() without check 13: every structural check, no hashing. A caller
 *        that hashes the image anyway (B0N hashes its source once for two digests) computes the
 *        SHA-256 of [src, src + res->fwinfo.size) itself and compares it with res->valinfo.hash.
 * @param port       port (pcd_bus_read())
 * @param src        bus address of the image's first byte
 * @param src_len    bytes readable at @p src; 0 = up to the partition end
 * @param dst        address the image runs at
 * @param part_start start of its partition
 * @param part_size  size of the partition, bytes
 * @param[out] res   what was found; computed_hash_valid stays false
 * @retval 0 checks 1..12 pass
 * @retval as pcd_fwinfo_validate(), except PCD_E_VALINFO_HASH
 */
int pcd_fwinfo_check(const struct pcd_port *port, uint32_t src, uint32_t src_len, uint32_t dst,
                     uint32_t part_start, uint32_t part_size, struct pcd_fwinfo_result *res);

#ifdef __cplusplus
}
#endif

#endif /* PCD_FWINFO_H */
