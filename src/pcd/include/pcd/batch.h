/**
 * @file
 * @brief Simultaneous multi-image update (a batch): the application image (image 0) and the
 *        network-core image (image 1) applied together, as NCS's NRF53_MULTI_IMAGE_UPDATE lays
 *        them out (facts §3.4; release-packages.md §5), hardened as reference-behaviour.md §5
 *        (MI-*) asks.
 *
 * Slots: image 0 = `mcuboot_secondary` (app flash or QSPI) -> `mcuboot_primary` (app flash),
 * MCUboot upgrade-only (overwrite); image 1 = `mcuboot_secondary_1` (app flash or QSPI) -> the
 * RAM flash simulator window `mcuboot_primary_1` (region `ram_flash`) -> network-core flash by
 * B0N over PCD with our extension (expected SHA-256), a bounded wait and retries (pcd/updater.h).
 * Single-pair layouts do not use this file: pcd_updater_run() handles them as before.
 *
 * Steps of pcd_batch_run() (one boot of the application core):
 *  1. Hold the network core, withdraw a stale command.
 *  2. Survey both slots: header magic, trailer request (facts §5.4), update record. A slot whose
 *     record says done / rejected is not a candidate any more (MI-MARK).
 *  3. MI-VALIDATE-ALL: every candidate is validated with its own keys (APP-VALIDATE), routed to
 *     the core of its image index (PCD_E_IMG_SLOT otherwise), sized against its destination
 *     (image 0: the primary slot less the trailer; image 1: APP-SIZE and MI-RAMSIM, the whole
 *     image inside the RAM window), and image 1 must carry fw_info (its version is image 1's
 *     version, docs/SPEC.md "Batch versions").
 *  4. MI-DEPENDENCY: each DEPENDENCY TLV is checked against the other candidate when it is in
 *     the batch, else against what runs (image 0: the primary slot's header; image 1: fw_info
 *     over PCD READ_VERSION, compared as version.0.0). MI-DOWNGRADE (configurable): a candidate
 *     older than what runs is refused.
 *  5. Any refusal: every candidate of the batch is marked rejected (NACK), the valid ones with
 *     PCD_E_BATCH_PARTNER first, then each refused one with its own reason. Nothing was changed.
 *  6. MI-ORDER: image 1 first (stage into the RAM window, PCD COPY, retries; marked done), then
 *     image 0 (erase the primary, copy, verify, trailer copy_done / image_ok / magic, marked
 *     done). If image 1 exhausts its attempts, image 0 is marked rejected and never touched.
 *     Before applying a two-image batch each slot records its partner's tag (first 4 bytes of
 *     the partner's SHA256 TLV), so that a power cut between two marks cannot let the other
 *     candidate be applied alone. The power-cut argument: docs/SPEC.md "Batch order".
 *  7. APP-LOCK.
 */
#ifndef PCD_BATCH_H
#define PCD_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/err.h"
#include "pcd/image.h"
#include "pcd/port.h"
#include "pcd/rollback.h"
#include "pcd/updater.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Number of images of a batch: 0 = application core, 1 = network core (facts §3.4). */
#define PCD_BATCH_IMAGES 2u

/** Configuration of a batch. Offsets are in the memory named beside them, sizes bytes. */
struct pcd_batch_config {
    struct pcd_updater_config net; /**< Image 1: slot = mcuboot_secondary_1, stage_off = mcuboot_primary_1's offset
                                        in PCD_MEM_RAM_FLASH, keys of image 1, attempts, timeout, net layout,
                                        PCD block, APP-LOCK. stage_image is forced on. */
    uint32_t ramsim_size;          /**< Size of the mcuboot_primary_1 window: 0x38000 (224 KiB) or 0x40000 (256 KiB;
                                        facts §4.6). MI-RAMSIM. */
    enum pcd_mem app_slot_mem;     /**< Memory of mcuboot_secondary (image 0): PCD_MEM_APP_FLASH, PCD_MEM_QSPI, or PCD_MEM_NAND through a pcd_nand_port (pcd/nand_area.h; not with rb.on). */
    uint32_t app_slot_off;         /**< Its offset. */
    uint32_t app_slot_size;        /**< Its size. */
    uint32_t app_primary_off;      /**< mcuboot_primary in app flash (e.g. 0xC000); page-aligned. */
    uint32_t app_primary_size;     /**< Its size (e.g. 0x74000); page-aligned. */
    const struct pcd_key *app_keys; /**< Trusted keys of image 0. */
    uint32_t app_key_count;        /**< Entries of @ref app_keys. */
    bool downgrade_prevention;     /**< MI-DOWNGRADE: refuse a candidate older than what runs; default false
                                        (MCUboot's MCUBOOT_DOWNGRADE_PREVENTION is off by default). */
    struct pcd_rb_config rb;       /**< RB-*: test batches with a net-core backup and revert (pcd/rollback.h);
                                        off by default. */
};

/** One image of a batch, as the run found and left it. */
struct pcd_batch_image {
    enum pcd_update_outcome outcome; /**< NO_CANDIDATE, ALREADY_DONE, ALREADY_REJECTED, DONE, REJECTED, EXHAUSTED
                                          (image 1), HALTED or ERROR. */
    int reason;                      /**< 0 or the PCD_E_* behind REJECTED / EXHAUSTED / ALREADY_REJECTED / ERROR. */
    bool candidate;                  /**< A header magic was found in the slot. */
    bool in_batch;                   /**< Pending and not yet done or rejected: part of this run's batch. */
    struct pcd_slot_state slot;      /**< Trailer and record of the secondary slot as found. */
    struct pcd_image_version version; /**< ih_ver of the candidate. */
    bool fw_version_valid;           /**< Image 1: @ref fw_version read from the candidate's fw_info. */
    uint32_t fw_version;             /**< Image 1: fw_info.version of the candidate. */
    uint32_t tag;                    /**< Partner tag of the candidate (first 4 bytes of its SHA256 TLV, LE). */
    bool marked;                     /**< Its record was written this run. */
};

/** Result of pcd_batch_run(). */
struct pcd_batch_result {
    struct pcd_batch_image img[PCD_BATCH_IMAGES]; /**< Per image (MI-MARK: the outcome per image). */
    struct pcd_updater_result net;   /**< The network-core half: attempts, hash, src (when it was applied). */
    int net_version_rc;              /**< 1 not asked; 0 read; else the READ_VERSION error (e.g. PCD_E_NO_VALID_IMAGE). */
    uint32_t net_version;            /**< The running network core's fw_info.version when net_version_rc is 0. */
    bool app_copied;                 /**< Image 0 was copied into the primary slot by this run. */
    bool app_resumed;                /**< Image 0 was found complete in the primary (copy_done, same hash): not copied again. */
    bool locked;                     /**< APP-LOCK done. */
    struct pcd_rb_result rb;         /**< What the rollback part did (a test batch, RB-*). */
};

/**
 * @brief Defaults: pcd_updater_config_default() for image 1 with slot mcuboot_secondary_1 of
 *        the fixtures' internal layout left to the caller, stage_image on, window 0x40000;
 *        image 0 secondary app flash 0x80000 + 0x74000, primary 0xC000 + 0x74000, no keys,
 *        downgrade prevention off.
 * @param[out] cfg the configuration
 */
void pcd_batch_config_default(struct pcd_batch_config *cfg);

/**
 * @brief Check a configuration.
 * @param cfg  the configuration
 * @param port the application core's port
 * @retval 0 usable
 * @retval PCD_E_INVAL as pcd_updater_config_check() for image 1; image 0 slot memory neither app
 *         flash nor QSPI or outside it; primary not page-aligned, outside app flash, or overlapping
 *         either secondary slot; window size 0 or outside PCD_MEM_RAM_FLASH; keys NULL with a count
 * @retval other a port error of pcd_mem_info()
 */
int pcd_batch_config_check(const struct pcd_batch_config *cfg, const struct pcd_port *port);

/**
 * @brief Run the batch update once (one boot of the application core). Steps: see the file comment.
 * @param cfg      configuration
 * @param port     the application core's port
 * @param[out] res what happened (always filled)
 * @retval 0 the run reached an outcome for every image (a rejection is a completed run)
 * @retval PCD_E_INVAL a NULL argument or a refused configuration
 * @retval PCD_E_HALTED power was lost mid-run
 * @retval other a port error that stopped the run, or the error of APP-LOCK
 */
int pcd_batch_run(const struct pcd_batch_config *cfg, const struct pcd_port *port, struct pcd_batch_result *res);

#ifdef __cplusplus
}
#endif

#endif /* PCD_BATCH_H */
