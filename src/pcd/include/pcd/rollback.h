/**
 * @file
 * @brief Coordinated rollback of both cores (reference-behaviour §6, RB-*): a *test batch* swaps
 *        the application in with MCUboot's swap-using-move (mcu-tools/mcuboot docs/design.md,
 *        "Image Swapping", "Swap Status"), backs the running network-core image up over PCD
 *        (B0N's BACKUP command) before it is overwritten, and reverts both cores when the new
 *        application has not confirmed itself (`image_ok`, facts §5.4) by the next reset.
 *
 * Protocol, states and the power-cut argument: docs/ROLLBACK.md; bytes: docs/SPEC.md §10.
 * Called by pcd_batch_run() (pcd/batch.h) when pcd_batch_config::rb.on is set. Freestanding,
 * like the rest of src/pcd.
 */
#ifndef PCD_ROLLBACK_H
#define PCD_ROLLBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/err.h"
#include "pcd/port.h"
#include "pcd/updater.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name Primary-slot trailer of a swap (offsets from the slot end; facts §5.4, BOOT_MAX_ALIGN 8) */
/** @{ */
#define PCD_RB_SWAP_INFO_BACK 40u  /**< swap_info: 1 byte (swap type | image 0 << 4) + 7 × 0xFF. */
#define PCD_RB_SWAP_SIZE_BACK 48u  /**< swap_size: u32 LE + 4 × 0xFF: bytes swapped (whole pages). */
#define PCD_RB_STATUS_BACK PCD_SLOT_RESERVED /**< Status record k is the word at end - 64 - 4 (k + 1). */
#define PCD_RB_STATUS_ENTRY 4u     /**< Bytes of one status record (the NVMC write unit, facts §4.3). */
/** @} */
_Static_assert(PCD_RB_SWAP_SIZE_BACK == PCD_RB_SWAP_INFO_BACK + 8u, "swap_size right below swap_info");
_Static_assert(PCD_RB_SWAP_INFO_BACK == PCD_TRAILER_COPY_DONE_BACK + 8u, "swap_info right below copy_done");
_Static_assert(PCD_RB_SWAP_SIZE_BACK <= PCD_RB_STATUS_BACK, "status records below the trailer fields");

/** @name Rollback record: page 0 of the backup partition (docs/SPEC.md §10.3; LE words) */
/** @{ */
#define PCD_RB_REC_MAGIC_OFF 0x00u     /**< PCD_RB_REC_MAGIC, written last of the backup. */
#define PCD_RB_REC_LEN_OFF 0x04u       /**< Bytes of the backed-up image. */
#define PCD_RB_REC_VERSION_OFF 0x08u   /**< Its fw_info.version (informational). */
#define PCD_RB_REC_SWAP_SIZE_OFF 0x0Cu /**< swap_size of this batch's test swap, bytes. */
#define PCD_RB_REC_SHA_OFF 0x10u       /**< SHA-256 of the backup (32 bytes, digest order). */
#define PCD_RB_REC_FIELDS_END 0x30u    /**< End of the fields programmed together before the magic. */
#define PCD_RB_REC_REVERT_OFF 0x40u    /**< REVERT word: PCD_RB_REVERT_SWAP / PCD_RB_REVERT_NET_ONLY. */
#define PCD_RB_REC_NET_OFF 0x44u       /**< NET_RESTORED word: PCD_SLOT_REC_DONE_VAL. */
#define PCD_RB_REC_APP_OFF 0x48u       /**< APP_REVERTED word: PCD_SLOT_REC_DONE_VAL. */
#define PCD_RB_REC_SIZE 0x4Cu          /**< Bytes of the record read at once. */
#define PCD_RB_REC_MAGIC 0x4B425052u   /**< Bytes "RPBK". */
#define PCD_RB_REVERT_SWAP 0x50415753u /**< REVERT word: restore the net, swap the app back ("SWAP"). */
#define PCD_RB_REVERT_NET_ONLY 0x4F54454Eu /**< REVERT word: restore the net only ("NETO"). */
/** @} */
_Static_assert(PCD_RB_REC_SHA_OFF + PCD_SHA256_LEN == PCD_RB_REC_FIELDS_END, "sha is the last field");
_Static_assert(PCD_RB_REC_FIELDS_END <= PCD_RB_REC_REVERT_OFF, "state words after the fields");
_Static_assert(PCD_RB_REC_APP_OFF + 4u == PCD_RB_REC_SIZE, "APP_REVERTED is the last word");

/** Default bytes per BACKUP chunk (a quarter of the smallest RAM window is plenty). */
#define PCD_RB_CHUNK_DEFAULT 0x4000u

/** Rollback configuration (part of struct pcd_batch_config). */
struct pcd_rb_config {
    bool on;                 /**< Test batches (image 0 requested as test) are swapped and reverted; default off. */
    enum pcd_mem backup_mem; /**< Memory of the `netcore_backup` partition: PCD_MEM_APP_FLASH or PCD_MEM_QSPI. */
    uint32_t backup_off;     /**< Its offset (page-aligned). */
    uint32_t backup_size;    /**< Its size; 0 = no backup partition: every test batch is refused (PCD_E_RB_NO_SPACE). */
    uint32_t chunk;          /**< Bytes per BACKUP command (multiple of 4, at most the RAM window). */
};

/** Geometry of the image-0 swap. */
struct pcd_rb_slots {
    enum pcd_mem sec_mem; /**< Secondary slot memory (app flash or QSPI). */
    uint32_t sec_off;     /**< Secondary slot offset. */
    uint32_t sec_size;    /**< Secondary slot size. */
    uint32_t pri_off;     /**< Primary slot offset in app flash. */
    uint32_t pri_size;    /**< Primary slot size. */
    uint32_t page;        /**< Sector size, the same in both memories (swap-using-move's requirement). */
};

/** The swap as the primary trailer tells it. */
struct pcd_rb_swap_state {
    uint8_t swap_info;  /**< Raw swap_info byte (0xFF: no swap started). */
    uint32_t swap_size; /**< swap_size, bytes (0xFFFFFFFF: unset). */
    uint32_t steps;     /**< Steps of the swap: 3 × swap_size / page (0 when unset). */
    uint32_t done;      /**< Status records written (leading run). */
    bool magic_good;    /**< Trailer magic. */
    uint8_t copy_done;  /**< Raw copy_done. */
    uint8_t image_ok;   /**< Raw image_ok. */
};

/** The rollback record as read. */
struct pcd_rb_record {
    bool valid;          /**< Magic written: a verified backup exists and a test batch is under way. */
    uint32_t len;        /**< Backup bytes. */
    uint32_t version;    /**< fw_info.version of the backup. */
    uint32_t swap_size;  /**< swap_size of the batch. */
    uint8_t sha256[PCD_SHA256_LEN]; /**< SHA-256 of the backup. */
    uint32_t revert;     /**< REVERT word (0xFFFFFFFF: no revert decided). */
    bool net_restored;   /**< NET_RESTORED written. */
    bool app_reverted;   /**< APP_REVERTED written. */
};

/** What the rollback part of one boot did (struct pcd_batch_result::rb). */
struct pcd_rb_result {
    bool test_batch;      /**< A test batch was started or continued. */
    bool backup_made;     /**< A backup was written and verified this boot (RB-BACKUP). */
    uint32_t backup_len;  /**< Its bytes. */
    uint32_t chunks;      /**< BACKUP commands answered DONE. */
    bool swapped;         /**< The test swap completed this boot (RB-TEST). */
    bool swap_resumed;    /**< A swap was resumed from its status records. */
    bool confirmed;       /**< The batch was found confirmed and the backup released (RB-CONFIRM). */
    bool net_restored;    /**< The network core was restored from the backup this boot. */
    bool reverted;        /**< A revert completed this boot (RB-REVERT). */
    int reason;           /**< Why a test batch was refused, or why a revert could not finish (0 none). */
};

/** Everything the rollback code needs from the batch. */
struct pcd_rb_env {
    const struct pcd_rb_config *rb;       /**< Rollback configuration. */
    const struct pcd_updater_config *net; /**< Image 1's configuration: PCD block, timeouts, net layout,
                                               stage_off = the RAM window mcuboot_primary_1. */
    uint32_t window_size;                 /**< Bytes of the RAM window. */
    struct pcd_rb_slots slots;            /**< Image 0's swap geometry. */
};

/**
 * @brief Read the swap state from the primary trailer page.
 * @retval 0 ok; a port error
 */
int pcd_rb_swap_state(const struct pcd_port *port, const struct pcd_rb_slots *s, struct pcd_rb_swap_state *out);

/**
 * @brief Run or resume a swap-using-move of @p swap_size bytes between the slots, then write the
 *        final trailer fields (@p kind PCD_SWAP_TEST: copy_done, magic; PCD_SWAP_REVERT: copy_done,
 *        image_ok, magic). A swap whose swap_info is @p kind is resumed from its status records;
 *        otherwise the primary trailer page is erased and the swap starts.
 * @param port      the application core's port
 * @param s         geometry
 * @param kind      PCD_SWAP_TEST or PCD_SWAP_REVERT
 * @param swap_size bytes, a positive multiple of s->page, at most the room (pcd_rb_swap_room())
 * @param[out] resumed a swap was resumed (may be NULL)
 * @retval 0 done; PCD_E_INVAL bad geometry or size; PCD_E_HALTED; a port error
 */
int pcd_rb_swap(const struct pcd_port *port, const struct pcd_rb_slots *s, enum pcd_swap_type kind,
                uint32_t swap_size, bool *resumed);

/**
 * @brief The largest swap_size the geometry allows: the primary less two pages (move sector and
 *        trailer page), the secondary less its trailer page, and the status records inside the
 *        trailer page below PCD_RB_STATUS_BACK.
 * @return bytes (0: no swap possible)
 */
uint32_t pcd_rb_swap_room(const struct pcd_rb_slots *s);

/**
 * @brief The running application confirms itself (MCUboot's boot_set_confirmed): writes image_ok
 *        = 0x01 into the primary trailer when the magic is good and image_ok is still unset.
 * @retval 0 written or nothing to do; a port error
 */
int pcd_rb_confirm(const struct pcd_port *port, uint32_t pri_off, uint32_t pri_size);

/**
 * @brief Read the rollback record (page 0 of the backup partition).
 * @retval 0 ok (out->valid tells whether one exists); a port error
 */
int pcd_rb_record_read(const struct pcd_port *port, const struct pcd_rb_config *rb, struct pcd_rb_record *out);

/**
 * @brief T1 of a test batch (RB-BACKUP): erase the primary trailer page and the backup area, read
 *        the running network-core image out over PCD BACKUP chunk by chunk into the RAM window,
 *        write and verify each chunk, verify the whole backup against B0N's SHA-256, write the
 *        record (magic last).
 * @param env       environment
 * @param port      the application core's port
 * @param swap_size the batch's swap size (stored in the record)
 * @param[out] res  backup_made, backup_len, chunks, reason
 * @retval 0 backed up; PCD_E_RB_NO_SPACE; PCD_E_RB_BACKUP (B0N failed or silent, or a hash
 *         differs; res->reason has the detail); PCD_E_HALTED; a port error
 */
int pcd_rb_backup(const struct pcd_rb_env *env, const struct pcd_port *port, uint32_t swap_size,
                  struct pcd_rb_result *res);

/**
 * @brief One boot's rollback decision for a device with a valid record (docs/ROLLBACK.md §3):
 *        continue a revert, resume a test swap, release a confirmed batch, or start a revert.
 * @param env  environment
 * @param port the application core's port
 * @param pending_any a candidate of the batch is still pending (not marked) in its slot
 * @param[out] handled the boot's rollback work is complete (false: the batch updater goes on)
 * @param[out] res what happened
 * @retval 0; PCD_E_RB_RESTORE the net restore failed (the revert resumes next boot); PCD_E_HALTED;
 *         a port error
 */
int pcd_rb_boot(const struct pcd_rb_env *env, const struct pcd_port *port, bool pending_any, bool *handled,
                struct pcd_rb_result *res);

#ifdef __cplusplus
}
#endif

#endif /* PCD_ROLLBACK_H */
