/**
 * @file
 * @brief `dfu_multi_image.bin` (release-packages.md §3; sdk-nrf `scripts/bootloader/dfu_multi_image_tool.py`,
 *        `subsys/dfu/dfu_multi_image/src/dfu_multi_image.c`), decoded with libcbor.
 *
 * Layout: `u16` little-endian CBOR length ‖ CBOR map `{"img": [{"id": int, "size": uint}, ...]}` ‖
 * the images concatenated in header order. Ids: 0 = application core, 1 = network core. The reader
 * requires the images to fill the file exactly (no padding: the `--align` of newer NCS is
 * [unverified], so a padded file is refused with the byte counts rather than misread).
 */
#ifndef PCDSIM_DFU_MULTI_H
#define PCDSIM_DFU_MULTI_H

#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most images accepted in one file. */
#define PCDSIM_DFU_MULTI_MAX 8

/** One image of the package (points into the caller's buffer). */
struct pcdsim_dfu_multi_image {
    int64_t id;          /**< `id` (0 app, 1 net). */
    uint32_t size;       /**< `size` in bytes. */
    uint32_t offset;     /**< Byte offset of the image in the file. */
    const uint8_t *data; /**< Its bytes (inside the buffer given to pcdsim_dfu_multi_parse()). */
};

/** A decoded dfu_multi_image.bin. */
struct pcdsim_dfu_multi {
    uint16_t header_len;                                   /**< CBOR length (the u16 at offset 0). */
    struct pcdsim_dfu_multi_image images[PCDSIM_DFU_MULTI_MAX]; /**< In header order. */
    size_t count;                                          /**< Images. */
};

/**
 * @brief Decode the package in @p data.
 * @param[in] name file name for diagnostics
 * @param[in] data the file's bytes (must outlive @p out)
 * @param[in] len bytes
 * @param[out] out the images (zeroed first)
 * @param[out] diag diagnostic (may be NULL), with the byte offset
 * @retval 0 decoded
 * @retval PCDSIM_E_SCHEMA shorter than its header, CBOR not decodable or not the map above, an
 *         image without `id`/`size`, an id other than 0 and 1 (release-packages.md §3), more than
 *         8 images, or sizes that do not add up to the file
 */
int pcdsim_dfu_multi_parse(const char *name, const uint8_t *data, size_t len, struct pcdsim_dfu_multi *out,
                           struct pcdsim_diag *diag);

/**
 * @brief Does @p data look like a dfu_multi_image.bin (header length fits, CBOR map with "img")?
 * @param[in] data bytes
 * @param[in] len bytes
 * @return 1 yes, 0 no
 */
int pcdsim_dfu_multi_probe(const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_DFU_MULTI_H */
