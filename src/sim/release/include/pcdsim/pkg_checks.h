/**
 * @file
 * @brief The release-package checks of reference-behaviour.md §9: PKG-ROUTE, PKG-KEY, PKG-VERSION,
 *        PKG-LAYOUT. Pure functions over images already read (pcdsim/dfu_zip.h, pcdsim/dfu_multi.h,
 *        pcdsim/ihex.h, pcdsim/netcore_hex.h) and layouts (pcdsim/layout.h); each fills one
 *        ::pcdsim_pkg_verdict naming every fault it found.
 *
 * Image facts used: MCUboot header (facts §5.1: ih_hdr_size u16 at 8, ih_img_size u32 at 12,
 * ih_ver at 20: major u8, minor u8, revision u16, build u32), reset vector = word at ih_hdr_size + 4
 * (MANIFEST §1), NCS fw_info / fw_validation_info (facts §6.1, §6.2; pcd/fwinfo.h).
 */
#ifndef PCDSIM_PKG_CHECKS_H
#define PCDSIM_PKG_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/layout.h"
#include "pcdsim/netcore_hex.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of one PKG check. */
struct pcdsim_pkg_verdict {
    const char *id;     /**< "PKG-ROUTE", ... */
    bool pass;          /**< Every rule held. */
    char detail[1024];  /**< What was checked or what failed ("; "-separated). */
};

/** Which core an image is for, by its reset vector. */
enum pcdsim_core {
    PCDSIM_CORE_UNKNOWN = 0, /**< Neither partition (or not an MCUboot image). */
    PCDSIM_CORE_APP,         /**< Inside the application's primary slot. */
    PCDSIM_CORE_NET,         /**< Inside the network-core application partition. */
};

/** One image of a package as the package routes it. */
struct pcdsim_pkg_image {
    const char *name;      /**< File name (messages). */
    int image_index;       /**< MCUboot image index the package gives it (-1: the package gives none). */
    int slot_primary;      /**< slot_index_primary (-1: none). */
    int slot_secondary;    /**< slot_index_secondary (-1: none). */
    bool has_load_address; /**< The package gives a load address. */
    uint32_t load_address; /**< That address. */
    const uint8_t *data;   /**< The MCUboot-signed image. */
    size_t len;            /**< Its bytes. */
};

/** Versions of an image pair. */
struct pcdsim_release_versions {
    bool has_app;          /**< @ref app_ver is known. */
    uint8_t app_major;     /**< MCUboot ih_ver of the app: major. */
    uint8_t app_minor;     /**< Minor. */
    uint16_t app_rev;      /**< Revision. */
    uint32_t app_build;    /**< Build number. */
    bool has_net;          /**< @ref net_fw_version is known. */
    uint32_t net_fw_version; /**< fw_info.version of the net image (CONFIG_FW_INFO_FIRMWARE_VERSION). */
};

/**
 * @brief The core an MCUboot-signed image is for: its reset vector in the net-core application
 *        partition (net) or in the application's primary slot (app).
 * @param[in] img the image
 * @param len its bytes
 * @param[in] ul the layout
 * @param[out] reset_vector the reset vector read (0 if none)
 * @return the core
 */
enum pcdsim_core pcdsim_pkg_image_core(const uint8_t *img, size_t len, const struct pcdsim_update_layout *ul,
                                       uint32_t *reset_vector);

/**
 * @brief PKG-ROUTE: every image goes where its content belongs: image index 0 for the app and 1 for
 *        the net core, slot indices image × 2 + 1 and + 2, load address the partition it runs from
 *        (net: the net-core application start; app: the app link address when the layout gives it),
 *        at most one image per index.
 * @param[in] imgs the package's images
 * @param n how many
 * @param[in] ul the layout
 * @param[out] v verdict
 * @return 0
 */
int pcdsim_pkg_route(const struct pcdsim_pkg_image *imgs, size_t n, const struct pcdsim_update_layout *ul,
                     struct pcdsim_pkg_verdict *v);

/**
 * @brief PKG-KEY: the net image's B0 `fw_validation_info` signature (ECDSA P-256, raw r‖s over the
 *        32-byte firmware hash, verified with SHA-256; facts §6.2) verifies with the public key it
 *        carries, and that key's hash (SHA-256 of X‖Y, first 16 bytes) is provisioned and valid in
 *        @p prov. The firmware hash itself is also checked.
 * @param[in] net the net image: MCUboot-signed (the body after ih_hdr_size is used) or the bare
 *            B0-signed image
 * @param len bytes
 * @param[in] prov provision area of merged_CPUNET.hex
 * @param[out] v verdict
 * @return 0
 */
int pcdsim_pkg_key(const uint8_t *net, size_t len, const struct pcdsim_provision *prov, struct pcdsim_pkg_verdict *v);

/**
 * @brief Versions of an app image and a net image (either may be NULL).
 * @param[in] app MCUboot-signed app image or NULL
 * @param app_len bytes
 * @param[in] net MCUboot-signed or bare B0-signed net image, or NULL
 * @param net_len bytes
 * @param[out] out versions found
 */
void pcdsim_pkg_versions(const uint8_t *app, size_t app_len, const uint8_t *net, size_t net_len,
                         struct pcdsim_release_versions *out);

/**
 * @brief PKG-VERSION: against the previous release neither image is a downgrade: the app's MCUboot
 *        version (major.minor.revision+build) and the net image's fw_info.version must not go down
 *        (MCUboot downgrade prevention and NSIB's monotonic counter refuse them); the net version
 *        must also reach the counter provisioned in merged_CPUNET.hex (B0N check 6, facts §2.4).
 * @param[in] cur this release
 * @param[in] prev the previous release
 * @param[in] prov provision area (NULL: no counter check)
 * @param[out] v verdict
 * @return 0
 */
int pcdsim_pkg_version(const struct pcdsim_release_versions *cur, const struct pcdsim_release_versions *prev,
                       const struct pcdsim_provision *prov, struct pcdsim_pkg_verdict *v);

/**
 * @brief PKG-LAYOUT: the devices in the field keep the previous release's bootloaders, so against
 *        it: no slot moved (address or medium) or shrunk, `pcd_sram` not moved, the B0N area
 *        unchanged, and the new net image fits the previous RAM flash simulator window
 *        (`mcuboot_primary_1`, where MCUboot stages it).
 * @param[in] cur this release's layout
 * @param[in] prev the previous release's layout
 * @param net_image_len bytes of this release's MCUboot-signed net image (0: not checked)
 * @param[out] v verdict
 * @return 0
 */
int pcdsim_pkg_layout(const struct pcdsim_update_layout *cur, const struct pcdsim_update_layout *prev,
                      size_t net_image_len, struct pcdsim_pkg_verdict *v);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_PKG_CHECKS_H */
