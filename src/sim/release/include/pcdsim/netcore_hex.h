/**
 * @file
 * @brief `merged_CPUNET.hex` split into its parts (release-packages.md §1, facts §2.1/§2.2): B0N, the
 *        provision area (public-key hashes, monotonic counter) and the B0-signed network-core
 *        application.
 *
 * Provision area (`include/bl_storage.h`, NCS v2.9.0 snapshot, facts §2.2; little-endian):
 * | off | field |
 * |-----|-------|
 * | 0   | lcs: provisioning, secure, reserved, decommissioned (u16 each) |
 * | 8   | implementation_id (32 B) |
 * | 40  | s0_address (u32), 44 s1_address (u32) |
 * | 48  | num_public_keys (u32) |
 * | 52  | key_data[n]: { u32 valid; u8 hash[16] } (20 B each); hash = SHA-256 of the raw P-256 public key X‖Y, first 16 bytes |
 * | ... | counter collection: { u16 type (1); u16 num_counters; counters[]: { u16 description; u16 num_slots; u16 slots[] } } |
 *
 * A key's `valid` token is 0x50FAFFFF | index << 24 while valid and 0x50FA0000 | index << 24 once
 * invalidated (sdk-nrf `subsys/bootloader/bl_storage/bl_storage.c`); other values make NSIB panic.
 * Counter slots are written bit-inverted; the firmware-version counter has description 1
 * (COUNTER_DESC_VERSION); its value is the largest inverted written slot (0xFFFF = unwritten).
 */
#ifndef PCDSIM_NETCORE_HEX_H
#define PCDSIM_NETCORE_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcd/ncs_defaults.h"
#include "pcdsim/diag.h"
#include "pcdsim/ihex.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Provision area size in bytes on the nRF5340 network core (CONFIG_PM_PARTITION_SIZE_PROVISION, facts §2.1;
 *  pcd/ncs_defaults.h). */
#define PCDSIM_PROVISION_SIZE PCD_NCS_PROVISION_SIZE
/** Most key slots read (NSIB's MAX_NUM_PUBLIC_KEYS). */
#define PCDSIM_PROVISION_MAX_KEYS 16u
/** Bytes of a key hash (SB_PUBLIC_KEY_HASH_LEN). */
#define PCDSIM_KEY_HASH_LEN 16u
/** Valid token of key @p i. */
#define PCDSIM_KEY_VALID(i) (0x50FAFFFFu | (uint32_t)(i) << 24)
/** Invalidated token of key @p i. */
#define PCDSIM_KEY_INVALID(i) (0x50FA0000u | (uint32_t)(i) << 24)
/** Counter description of NSIB's firmware-version counter. */
#define PCDSIM_COUNTER_DESC_VERSION 1u

/** One provisioned key hash. */
struct pcdsim_provision_key {
    uint32_t token;                     /**< The `valid` word as stored. */
    bool valid;                         /**< token == PCDSIM_KEY_VALID(index). */
    uint8_t hash[PCDSIM_KEY_HASH_LEN];  /**< First 16 bytes of SHA-256(X‖Y). */
};

/** Decoded provision area. */
struct pcdsim_provision {
    uint32_t address;                   /**< Where it was read (CPU address). */
    uint32_t s0_address;                /**< s0_address. */
    uint32_t s1_address;                /**< s1_address. */
    uint32_t num_keys;                  /**< num_public_keys. */
    struct pcdsim_provision_key keys[PCDSIM_PROVISION_MAX_KEYS]; /**< The key slots. */
    bool has_counter;                   /**< A firmware-version counter was found. */
    uint16_t counter;                   /**< Its value (0 when no slot is written). */
    uint16_t counter_slots;             /**< Its number of slots. */
};

/**
 * @brief Decode a provision area.
 * @param[in] name file name for diagnostics
 * @param[in] raw ::PCDSIM_PROVISION_SIZE bytes
 * @param address CPU address of @p raw (for messages and pcdsim_provision::address)
 * @param[out] out decoded (zeroed first)
 * @param[out] diag diagnostic (may be NULL), with the byte offset inside the area
 * @retval 0 decoded
 * @retval PCDSIM_E_SCHEMA erased (num_public_keys 0xFFFFFFFF), more than 16 keys, a key token that is
 *         neither valid nor invalidated, or a counter collection running past the area
 */
int pcdsim_provision_decode(const char *name, const uint8_t raw[PCDSIM_PROVISION_SIZE], uint32_t address,
                            struct pcdsim_provision *out, struct pcdsim_diag *diag);

/** The parts of a merged_CPUNET.hex. */
struct pcdsim_netcore_hex {
    uint32_t b0n_address;            /**< B0N start (b0n_container start). */
    uint32_t b0n_size;               /**< Bytes of B0N given by the file (before the provision area). */
    struct pcdsim_provision provision; /**< The provision area. */
    uint32_t app_address;            /**< Net-core application start. */
    uint8_t *app;                    /**< Its bytes, to the last byte the file gives in the partition (owned). */
    size_t app_len;                  /**< Bytes in @ref app. */
};

/**
 * @brief Split a merged_CPUNET.hex.
 * @param[in] name file name for diagnostics
 * @param[in] hex the read file
 * @param container b0n_container start (facts §2.1: 0x01000000)
 * @param container_size its size (0x8800); the provision area is its last ::PCDSIM_PROVISION_SIZE bytes
 * @param app_address net-core application start (0x01008800)
 * @param app_size its size (0x37800)
 * @param[out] out the parts (zeroed first; free with pcdsim_netcore_hex_free(), also on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 split
 * @retval PCDSIM_E_SCHEMA no B0N bytes, no (or partial) provision area, no application, data outside
 *         the network-core flash, or a provision error (pcdsim_provision_decode())
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_netcore_hex_split(const char *name, const struct pcdsim_ihex *hex, uint32_t container,
                             uint32_t container_size, uint32_t app_address, uint32_t app_size,
                             struct pcdsim_netcore_hex *out, struct pcdsim_diag *diag);

/** @brief Free (safe on zeroed). @param n the parts */
void pcdsim_netcore_hex_free(struct pcdsim_netcore_hex *n);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_NETCORE_HEX_H */
