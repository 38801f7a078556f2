/**
 * @file
 * @brief Find the release files in an NCS build directory by the names NCS gives them
 *        (release-packages.md §1), for both generations:
 *
 * - child-image (NCS <= 2.8): `zephyr/app_update.bin`, `zephyr/net_core_app_update.bin`,
 *   `zephyr/dfu_application.zip`, `zephyr/dfu_multi_image.bin`, `zephyr/merged.hex`,
 *   `<net>/zephyr/merged_CPUNET.hex`, `partitions.yml`, `<net>/partitions_CPUNET.yml`;
 * - sysbuild (NCS >= 2.7): `<app>/zephyr/zephyr.signed.bin`, `signed_by_mcuboot_and_b0_<net>.bin`,
 *   `signed_by_b0_<net>.bin`, `dfu_application.zip`, `dfu_multi_image.bin`, `merged.hex`,
 *   `merged_CPUNET.hex`, `partitions.yml`, `partitions_CPUNET.yml`, `<app>/zephyr/zephyr.dts`.
 *
 * `<net>` and `<app>` stand for one sub-directory each; two candidates for one role is ambiguous.
 */
#ifndef PCDSIM_BUILD_DIR_H
#define PCDSIM_BUILD_DIR_H

#include <stdio.h>

#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest path kept. */
#define PCDSIM_BUILD_PATH_MAX 1024

/** NCS build generation. */
enum pcdsim_build_gen {
    PCDSIM_BUILD_CHILD_IMAGE = 1, /**< NCS <= 2.8 (child images, zephyr/ output folder). */
    PCDSIM_BUILD_SYSBUILD = 2,    /**< NCS >= 2.7 (sysbuild, one folder per image). */
};

/** What was found ("" = not present). */
struct pcdsim_build_dir {
    enum pcdsim_build_gen gen;                     /**< Generation recognised. */
    char app_update[PCDSIM_BUILD_PATH_MAX];        /**< MCUboot-signed app update. */
    char net_update[PCDSIM_BUILD_PATH_MAX];        /**< MCUboot- and B0-signed net update. */
    char net_b0[PCDSIM_BUILD_PATH_MAX];            /**< B0-signed net image (`signed_by_b0_<net>.bin`). */
    char merged_cpunet[PCDSIM_BUILD_PATH_MAX];     /**< merged_CPUNET.hex (the current net image, B0N, provision). */
    char merged[PCDSIM_BUILD_PATH_MAX];            /**< merged.hex (the current app). */
    char dfu_zip[PCDSIM_BUILD_PATH_MAX];           /**< dfu_application.zip. */
    char multi_image[PCDSIM_BUILD_PATH_MAX];       /**< dfu_multi_image.bin. */
    char pm_app[PCDSIM_BUILD_PATH_MAX];            /**< partitions.yml. */
    char pm_net[PCDSIM_BUILD_PATH_MAX];            /**< partitions_CPUNET.yml. */
    char dts_app[PCDSIM_BUILD_PATH_MAX];           /**< The application's zephyr.dts. */
    char dts_net[PCDSIM_BUILD_PATH_MAX];           /**< The network-core image's zephyr.dts: `<net>/zephyr/zephyr.dts`,
                                                        `<net>` named by `signed_by_b0_<net>.bin` (sysbuild) or the
                                                        folder of merged_CPUNET.hex (child image). */
};

/**
 * @brief Look for the release files in @p dir.
 * @param[in] dir the build directory
 * @param[out] out what was found (zeroed first)
 * @param[out] diag diagnostic (may be NULL); a refusal lists the names looked for
 * @retval 0 a generation was recognised and it has a net update (or a zip or multi-image package),
 *         merged_CPUNET.hex and a layout (partitions.yml or zephyr.dts)
 * @retval PCDSIM_E_FILE @p dir is not a readable directory
 * @retval PCDSIM_E_SCHEMA neither generation's files, both, two candidates for one name pattern,
 *         or a required file missing
 */
int pcdsim_build_dir_find(const char *dir, struct pcdsim_build_dir *out, struct pcdsim_diag *diag);

/**
 * @brief Print what was found, one "  role: path" line each, to @p f.
 * @param[in] b result of pcdsim_build_dir_find()
 * @param[in] f stream
 */
void pcdsim_build_dir_print(const struct pcdsim_build_dir *b, FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_BUILD_DIR_H */
