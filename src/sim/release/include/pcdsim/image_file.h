/**
 * @file
 * @brief Read an image file the way every command reads one: a binary as it is, an Intel HEX file
 *        (`*.hex` NCS writes next to each `.bin`; recognised by its first record, pcdsim/file_kind.h)
 *        read strictly (pcdsim/ihex.h) and flattened from its lowest to its highest address, gaps
 *        0xFF (what `objcopy -I ihex -O binary` gives).
 */
#ifndef PCDSIM_IMAGE_FILE_H
#define PCDSIM_IMAGE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What pcdsim_image_file_read() read. */
struct pcdsim_image_file {
    uint8_t *data;    /**< The bytes (owned; free with pcdsim_image_file_free()). */
    size_t len;       /**< Bytes. */
    bool hex;         /**< The file was Intel HEX. */
    uint32_t base;    /**< HEX: address of the first byte; binary: 0. */
};

/**
 * @brief Read a binary or Intel HEX image.
 * @param[in] path the file
 * @param max largest image accepted in bytes (binary size, or the flattened HEX span)
 * @param[out] out the bytes (zeroed first and on error)
 * @param[out] diag diagnostic (may be NULL): for HEX, `path:line:column` of the faulty record
 * @retval 0 read
 * @retval PCDSIM_E_FILE cannot be read, or larger than @p max
 * @retval PCDSIM_E_SCHEMA a HEX error (pcdsim_ihex_parse(), pcdsim_ihex_flatten())
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_image_file_read(const char *path, size_t max, struct pcdsim_image_file *out, struct pcdsim_diag *diag);

/** @brief Free (safe on zeroed). @param f the image */
void pcdsim_image_file_free(struct pcdsim_image_file *f);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_IMAGE_FILE_H */
