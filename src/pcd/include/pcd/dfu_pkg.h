/**
 * @file
 * @brief The header of a `dfu_multi_image.bin` package, decoded on the device (freestanding).
 *
 * Format (shared/spec/release-packages.md §3; sdk-nrf `scripts/bootloader/dfu_multi_image_tool.py`,
 * `subsys/dfu/dfu_multi_image/`; reference-behaviour.md §8):
 *
 *     u16 LE cbor_len ‖ CBOR map {"img": [{"id": int, "size": uint}, ...]} (cbor_len bytes) ‖
 *     the images, concatenated in header order
 *
 * Ids: 0 = the application core's image (slot `mcuboot_secondary`), 1 = the network core's
 * (`mcuboot_secondary_1`). This decoder reads only what the header uses (RFC 8949 subset):
 * definite-length maps, arrays, text and byte strings, unsigned and negative integers of every
 * width, false/true/null/undefined and floats (as values of keys it skips). It refuses indefinite
 * lengths, other simple values, text that is not UTF-8,
 * tags and reserved additional-information values (PCD_E_PKG_CBOR): the NCS tool (Python cbor2)
 * writes none of them. Keys other than "img", "id" and "size" are skipped; a key that appears
 * twice in one map is refused. The host reads the same files with libcbor (src/sim/release/
 * dfu_multi.c); test/unit/pcd/test_pcd_dfu_pkg.c checks the two agree.
 */
#ifndef PCD_DFU_PKG_H
#define PCD_DFU_PKG_H

#include <stdint.h>

#include "pcd/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Images a package may hold: one per id, ids 0 and 1. */
#define PCD_PKG_MAX_IMAGES 2u
/** Longest CBOR header accepted, bytes (the NCS tool writes about 30 for two images). */
#define PCD_PKG_CBOR_MAX 512u
/** Bytes of the length prefix (u16 little endian). */
#define PCD_PKG_PREFIX 2u
/** Nesting depth of CBOR items the decoder follows (a skipped value included). */
#define PCD_PKG_CBOR_DEPTH 8u

/** One image of a package. */
struct pcd_pkg_image {
    uint32_t id;     /**< 0 application core, 1 network core. */
    uint32_t size;   /**< Bytes, at least 1. */
    uint32_t offset; /**< Byte offset of the image in the package (after the header and the images before it). */
};

/** A decoded package header. */
struct pcd_pkg_header {
    uint32_t header_len;                            /**< PCD_PKG_PREFIX + cbor_len: offset of the first image. */
    uint32_t count;                                 /**< Images, 1..PCD_PKG_MAX_IMAGES. */
    struct pcd_pkg_image img[PCD_PKG_MAX_IMAGES];   /**< In header (= package) order. */
    uint32_t total;                                 /**< header_len + every size: the package's length. */
};

/**
 * @brief Bytes of the header (prefix + CBOR), from the first two bytes of a package.
 * @param buf the package's first bytes
 * @param len bytes in @p buf
 * @param[out] header_len PCD_PKG_PREFIX + cbor_len
 * @retval 0 ok
 * @retval PCD_E_PKG_TRUNC fewer than 2 bytes
 * @retval PCD_E_PKG_CBOR cbor_len 0 or above PCD_PKG_CBOR_MAX
 */
int pcd_pkg_header_len(const uint8_t *buf, uint32_t len, uint32_t *header_len);

/**
 * @brief Decode the header at the start of @p buf.
 * @param buf the package's first bytes (at least the header)
 * @param len bytes in @p buf
 * @param[out] out the header (zeroed first)
 * @retval 0 decoded
 * @retval PCD_E_PKG_TRUNC @p buf holds less than the header
 * @retval PCD_E_PKG_CBOR not the map above: malformed or unsupported CBOR, wrong types, "img",
 *         "id" or "size" missing, "img" empty, a key twice, bytes left inside cbor_len
 * @retval PCD_E_PKG_ID an id other than 0 or 1, or one id twice
 * @retval PCD_E_PKG_SIZE a size of 0 or above 2^32 - 1, or the total above 2^32 - 1
 * @retval PCD_E_INVAL NULL argument
 */
int pcd_pkg_header_decode(const uint8_t *buf, uint32_t len, struct pcd_pkg_header *out);

/**
 * @brief Does a package of @p package_len bytes hold exactly what its header announces?
 * @param hdr decoded header
 * @param package_len the package's length (what the transport announced, or the file's)
 * @retval 0 yes
 * @retval PCD_E_PKG_TRUNC shorter than the header's total
 * @retval PCD_E_PKG_SIZE longer (bytes after the last image)
 */
int pcd_pkg_check_length(const struct pcd_pkg_header *hdr, uint32_t package_len);

/**
 * @brief CRC-32 (IEEE 802.3, reflected, as zlib's crc32()) of @p len bytes, continuing @p crc
 *        (start with 0). Used to name a package by its header in the download's progress record.
 * @param crc previous value
 * @param buf bytes
 * @param len bytes
 * @return the new value
 */
uint32_t pcd_crc32(uint32_t crc, const uint8_t *buf, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif /* PCD_DFU_PKG_H */
