/**
 * @file
 * @brief The gate's and inspect's inputs read whatever form the build gave them in: a layout from
 *        a Partition Manager file or a `zephyr.dts`, an update package (`dfu_application.zip` or
 *        `dfu_multi_image.bin`) as a list of routed images, and the running network-core image
 *        from a binary, an Intel HEX or a `merged_CPUNET.hex` (then with its provision area).
 */
#ifndef PCDSIM_RELEASE_INPUTS_H
#define PCDSIM_RELEASE_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/dfu_multi.h"
#include "pcdsim/dfu_zip.h"
#include "pcdsim/diag.h"
#include "pcdsim/image_file.h"
#include "pcdsim/layout.h"
#include "pcdsim/netcore_hex.h"
#include "pcdsim/pkg_checks.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief pcdsim_layout_load_board() for either kind of application-core layout: a `.dts` is read
 *        with pcdsim_dts_layout_load(), anything else as Partition Manager YAML; then the same
 *        device check, update view and optional CPUNET file.
 * @param[in] app_path `partitions.yml` / `pm_static.yml` / `zephyr.dts`
 * @param[in] net_path `partitions_CPUNET.yml`, the network core's `zephyr.dts`
 *            (pcdsim_dts_net_layout_load()), or NULL (facts §2.1 defaults)
 * @param[out] app the loaded layout (free with pcdsim_layout_free())
 * @param[out] ul the update view
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 loaded
 * @return any error of pcdsim_layout_load_board() or pcdsim_dts_layout_load()
 */
int pcdsim_release_load_layout(const char *app_path, const char *net_path, struct pcdsim_layout *app,
                               struct pcdsim_update_layout *ul, struct pcdsim_diag *diag);

/**
 * @brief The network core's side from either kind of file: pcdsim_dts_net_layout_load() for a
 *        `.dts`, else pcdsim_update_layout_load_net() (Partition Manager's CPUNET file).
 * @param[in,out] ul update view (only the net_* fields change, and only on success)
 * @param[in] net_path the file
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @return any error of those two
 */
int pcdsim_release_load_net_layout(struct pcdsim_update_layout *ul, const char *net_path, struct pcdsim_diag *diag);

/** Most images of a package. */
#define PCDSIM_PACKAGE_MAX 8

/** An update package read. */
struct pcdsim_package {
    bool is_zip;                                      /**< dfu_application.zip (else dfu_multi_image.bin). */
    struct pcdsim_dfu_zip zip;                        /**< The zip (owns the images' bytes). */
    uint8_t *multi_data;                              /**< The multi-image file's bytes (owned). */
    struct pcdsim_dfu_multi multi;                    /**< Its header. */
    struct pcdsim_pkg_image images[PCDSIM_PACKAGE_MAX]; /**< Each image as the package routes it. */
    char names[PCDSIM_PACKAGE_MAX][PCDSIM_DFU_STR_MAX + 16]; /**< Their names ("ipc_radio.bin", "image 1"). */
    size_t count;                                     /**< Images. */
};

/**
 * @brief Read a `dfu_application.zip` (zip magic "PK") or a `dfu_multi_image.bin`.
 * @param[in] path the file
 * @param[out] p the package (zeroed first; free with pcdsim_package_free(), also on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @return any error of pcdsim_dfu_zip_load() or pcdsim_dfu_multi_parse(); PCDSIM_E_FILE unreadable
 */
int pcdsim_package_load(const char *path, struct pcdsim_package *p, struct pcdsim_diag *diag);

/** @brief Free (safe on zeroed). @param p the package */
void pcdsim_package_free(struct pcdsim_package *p);

/**
 * @brief Is the file a package pcdsim_package_load() reads (a zip, or a CBOR multi-image header)?
 * @param[in] data the file's first bytes
 * @param len their number
 * @return true if so
 */
bool pcdsim_package_probe(const uint8_t *data, size_t len);

/**
 * @brief The image of a package whose content is for @p core (by reset vector, not by the index
 *        the package gives it, so that a mis-routed package is still judged on its images).
 * @param[in] p the package
 * @param core PCDSIM_CORE_APP or PCDSIM_CORE_NET
 * @param[in] ul the layout
 * @return the image, or NULL
 */
const struct pcdsim_pkg_image *pcdsim_package_find(const struct pcdsim_package *p, enum pcdsim_core core,
                                                   const struct pcdsim_update_layout *ul);

/** The running network-core image. */
struct pcdsim_net_current {
    struct pcdsim_image_file img;      /**< The B0-signed image bytes (from its start address). */
    bool has_provision;                /**< It came from a merged_CPUNET.hex: @ref provision is valid. */
    struct pcdsim_provision provision; /**< The provision area. */
    uint32_t b0n_size;                 /**< Bytes of B0N in the merged file. */
};

/**
 * @brief Read the running network-core image: a binary as is; an Intel HEX with data at the
 *        `b0n_container` start is a merged_CPUNET.hex and is split (pcdsim_netcore_hex_split());
 *        any other HEX is flattened.
 * @param[in] path the file
 * @param[in] ul the layout (net-core addresses)
 * @param[out] out the image (zeroed first; free with pcdsim_net_current_free(), also on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @return any error of pcdsim_image_file_read(), pcdsim_ihex_load() or pcdsim_netcore_hex_split()
 */
int pcdsim_net_current_load(const char *path, const struct pcdsim_update_layout *ul, struct pcdsim_net_current *out,
                            struct pcdsim_diag *diag);

/** @brief Free (safe on zeroed). @param c the image */
void pcdsim_net_current_free(struct pcdsim_net_current *c);

/** The previous release, for PKG-VERSION and PKG-LAYOUT (`pcdsim gate --previous`). */
struct pcdsim_previous {
    bool is_dir;                          /**< A build directory (else a package). */
    bool has_layout;                      /**< @ref ul is known (a build directory with a layout). */
    struct pcdsim_layout app;             /**< Its application-core layout (owned). */
    struct pcdsim_update_layout ul;       /**< Its update view. */
    struct pcdsim_release_versions ver;   /**< Its app and net versions. */
};

/**
 * @brief Read a previous release: an NCS build directory (its layout, and the versions of its
 *        updates or package) or a package (versions only).
 * @param[in] path directory, `dfu_application.zip` or `dfu_multi_image.bin`
 * @param[out] out what was read (zeroed first; free with pcdsim_previous_free(), also on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @return any error of pcdsim_build_dir_find(), pcdsim_release_load_layout(), pcdsim_package_load()
 *         or pcdsim_image_file_read()
 */
int pcdsim_previous_load(const char *path, struct pcdsim_previous *out, struct pcdsim_diag *diag);

/** @brief Free (safe on zeroed). @param p the release */
void pcdsim_previous_free(struct pcdsim_previous *p);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_RELEASE_INPUTS_H */
