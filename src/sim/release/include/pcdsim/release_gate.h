/**
 * @file
 * @brief The release inputs of `pcdsim gate` (docs/RELEASES.md): which files the options and the
 *        build directory name, reading them in any form, and the PKG-* verdicts over them. The
 *        gate's battery (src/sim/cli/cmd_gate.c) then runs on the update and running image read here.
 */
#ifndef PCDSIM_RELEASE_GATE_H
#define PCDSIM_RELEASE_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pcdsim/build_dir.h"
#include "pcdsim/diag.h"
#include "pcdsim/image_file.h"
#include "pcdsim/layout.h"
#include "pcdsim/pkg_checks.h"
#include "pcdsim/release_inputs.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What the gate's options name (NULL = not given). */
struct pcdsim_gate_sources {
    const char *build_dir;   /**< --build-dir */
    const char *dfu_zip;     /**< --dfu-zip (a zip or a dfu_multi_image.bin) */
    const char *previous;    /**< --previous (build directory or package) */
    const char *layout;      /**< --layout (PM YAML or zephyr.dts) */
    const char *net_layout;  /**< --net-layout */
    const char *net_update;  /**< --net-update (image, .hex, or a package) */
    const char *net_current; /**< --net-current (.bin, .hex or merged_CPUNET.hex) */
    const char *app_update;  /**< --app-update */
    const char *app_current; /**< --app-current */
};

/** Number of PKG requirements (PKG-INPUT, -ROUTE, -KEY, -VERSION, -LAYOUT). */
#define PCDSIM_PKG_COUNT 5

/** The gate's release inputs. */
struct pcdsim_gate_release {
    const char *layout, *net_layout;      /**< Effective layout files (net may be NULL). */
    const char *net_update, *net_current; /**< Effective files (net_update NULL: from the package). */
    const char *app_update;               /**< Effective app update file, or NULL. */
    const char *package;                  /**< The zip / multi-image package, or NULL. */
    const char *previous;                 /**< The previous release (--previous), or NULL. */
    const char *app_current;              /**< --app-current, or NULL. */
    bool has_build_dir;                   /**< --build-dir was read into @ref bd. */
    struct pcdsim_build_dir bd;           /**< What the build directory holds. */
    struct pcdsim_package pkg;            /**< The package (if @ref package). */
    struct pcdsim_image_file net_img;     /**< The network-core update's bytes (owned). */
    struct pcdsim_image_file app_img;     /**< The application update's bytes (data NULL: none). */
    struct pcdsim_image_file app_cur;     /**< Without --app-current: the primary slot's bytes from the build
                                               directory's merged.hex (data NULL: none). */
    char net_name[600];                   /**< Where the update came from ("FILE" or "ZIP:ENTRY"). */
    char app_name[600];                   /**< Where the app update came from. */
    struct pcdsim_net_current cur;        /**< The running network-core image. */
    bool has_prev;                        /**< --previous was read into @ref prev. */
    struct pcdsim_previous prev;          /**< The previous release. */
};

/**
 * @brief Which files: the options, completed from the build directory (an option given wins).
 *        Prints what the build directory holds and from where to @p out.
 * @param[out] r resolved names (zeroed first; free with pcdsim_gate_release_free(), also on error)
 * @param[in] s the options
 * @param[in] out where the build directory's findings are printed (stdout)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 a layout, an update (file or package) and the running image are named
 * @retval PCDSIM_E_USAGE one of them is missing (the message names the options)
 * @return any error of pcdsim_build_dir_find()
 */
int pcdsim_gate_release_resolve(struct pcdsim_gate_release *r, const struct pcdsim_gate_sources *s, FILE *out,
                                struct pcdsim_diag *diag);

/**
 * @brief Read the update (file or the package's network-core image, found by content), the app
 *        update, the running network-core image, the running application (without --app-current:
 *        `mcuboot_primary`'s bytes of the build directory's merged.hex, to its last byte) and the
 *        previous release (pcdsim_previous_load()).
 * @param[in,out] r resolved by pcdsim_gate_release_resolve()
 * @param[in] ul the loaded layout
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @retval PCDSIM_E_SCHEMA the package holds no network-core image
 * @return any error of the readers (pcdsim/release_inputs.h, pcdsim/image_file.h)
 */
int pcdsim_gate_release_read(struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul,
                             struct pcdsim_diag *diag);

/**
 * @brief The PKG verdicts the inputs allow (PKG-INPUT always; PKG-ROUTE with a package; PKG-KEY
 *        with a merged_CPUNET.hex; PKG-VERSION with --previous or a provisioned counter;
 *        PKG-LAYOUT with a previous build directory).
 * @param[in] r read by pcdsim_gate_release_read()
 * @param[in] ul the layout
 * @param[out] v up to ::PCDSIM_PKG_COUNT verdicts
 * @return how many were judged
 */
size_t pcdsim_gate_release_checks(const struct pcdsim_gate_release *r, const struct pcdsim_update_layout *ul,
                                  struct pcdsim_pkg_verdict v[PCDSIM_PKG_COUNT]);

/** @brief Free (safe on zeroed). @param r the inputs */
void pcdsim_gate_release_free(struct pcdsim_gate_release *r);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_RELEASE_GATE_H */
