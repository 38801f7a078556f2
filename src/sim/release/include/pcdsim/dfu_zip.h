/**
 * @file
 * @brief `dfu_application.zip` as NCS writes it (`scripts/bootloader/generate_zip.py`,
 *        release-packages.md §2): a zip (read with libzip) holding the images and `manifest.json`
 *        (read with cJSON).
 *
 * manifest.json: top level `format-version`, `time`, `files` (array), optional `name`, `firmware`.
 * Each file entry: `file`, `size`, `modtime`, and the build's key=value pairs; only values written as
 * `0x...` became integers, so `image_index`, `slot_index_primary` and `slot_index_secondary` are
 * STRINGS of decimal digits ("0", "1"; slots "1"/"2" for image 0, "3"/"4" for image 1), `load_address`
 * an integer. The app entry carries `version_MCUBOOT`, the net entry `version`
 * (CONFIG_FW_INFO_FIRMWARE_VERSION); Direct-XIP builds `version_MCUBOOT+XIP`, B0-only builds `version_B0`.
 *
 * Decision (docs/RELEASES.md): an INTEGER `image_index` (or slot index) is refused as bad input.
 * NCS never writes one, and nRF Connect Device Manager parses `image_index` as a string, so a
 * hand-edited manifest with a number may be routed differently by the phone than by the gate; the
 * gate does not guess.
 */
#ifndef PCDSIM_DFU_ZIP_H
#define PCDSIM_DFU_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest file name / string value kept from the manifest (longer ones are refused). */
#define PCDSIM_DFU_STR_MAX 128
/** Most entries accepted in `files`. */
#define PCDSIM_DFU_MAX_FILES 8
/** Largest manifest.json read, bytes. */
#define PCDSIM_DFU_MANIFEST_MAX (256u * 1024u)
/** Largest image read from a zip, bytes (the nRF5340 app flash, 1 MiB, with room). */
#define PCDSIM_DFU_IMAGE_MAX (4u * 1024u * 1024u)

/** One entry of `files`. */
struct pcdsim_dfu_entry {
    char file[PCDSIM_DFU_STR_MAX];    /**< `file`: name inside the zip. */
    char type[PCDSIM_DFU_STR_MAX];    /**< `type` ("application"), "" if absent. */
    char board[PCDSIM_DFU_STR_MAX];   /**< `board`, "" if absent. */
    int image_index;                  /**< `image_index` (from its string), -1 if absent. */
    int slot_primary;                 /**< `slot_index_primary`, -1 if absent. */
    int slot_secondary;               /**< `slot_index_secondary`, -1 if absent. */
    bool has_load_address;            /**< `load_address` present. */
    uint32_t load_address;            /**< `load_address`: where the image runs (CPU address). */
    char version_key[32];             /**< Which version key was present ("version_MCUBOOT", "version", ...), "" if none. */
    char version[PCDSIM_DFU_STR_MAX]; /**< Its value as written. */
    uint64_t size;                    /**< `size` in bytes. */
    unsigned line;                    /**< Line of the entry's `file` key in manifest.json (1-based, 0 unknown). */
    uint8_t *data;                    /**< The file's bytes from the zip (owned; NULL after parse only). */
    size_t len;                       /**< Bytes in @ref data. */
};

/** A read dfu_application.zip. */
struct pcdsim_dfu_zip {
    char path[512];                   /**< The zip's path (for messages). */
    long format_version;              /**< `format-version`. */
    char name[PCDSIM_DFU_STR_MAX];    /**< `name`, "" if absent. */
    struct pcdsim_dfu_entry entries[PCDSIM_DFU_MAX_FILES]; /**< `files`, in order. */
    size_t count;                     /**< Entries used. */
};

/**
 * @brief Parse manifest.json text (no zip access; entries' data stay NULL).
 * @param[in] name name for diagnostics (e.g. "app.zip:manifest.json")
 * @param[in] text JSON text
 * @param[in] len its length
 * @param[out] out manifest (zeroed first)
 * @param[out] diag diagnostic (may be NULL): name:line:column of the offending key when it can be found
 * @retval 0 parsed
 * @retval PCDSIM_E_SCHEMA not JSON, not an object, `files` missing or empty, an entry without `file`
 *         or `size`, an `image_index`/slot index that is not a string of decimal digits (an integer
 *         is refused, see the file comment), a string too long, too many entries
 */
int pcdsim_dfu_manifest_parse(const char *name, const char *text, size_t len, struct pcdsim_dfu_zip *out,
                              struct pcdsim_diag *diag);

/**
 * @brief Open a zip, parse its `manifest.json` and read every file it names.
 * @param[in] path the zip
 * @param[out] out the package (zeroed first; free with pcdsim_dfu_zip_free() also on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @retval PCDSIM_E_FILE the file is not a readable zip, or an entry is too large
 * @retval PCDSIM_E_SCHEMA no `manifest.json` in the zip, a manifest error (see
 *         pcdsim_dfu_manifest_parse()), a file named by the manifest missing from the zip, or a
 *         `size` that differs from the file's
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_dfu_zip_load(const char *path, struct pcdsim_dfu_zip *out, struct pcdsim_diag *diag);

/** @brief Free the entries' data (safe on a zeroed struct). @param z the package */
void pcdsim_dfu_zip_free(struct pcdsim_dfu_zip *z);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_DFU_ZIP_H */
