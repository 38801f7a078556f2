/**
 * @file
 * @brief The app-side updater: what MCUboot runs on the application core at every boot to
 *        bring a network-core update from the secondary slot into network-core flash over PCD.
 *
 * Requirements (shared/spec/reference-behaviour.md §3 "App-side updater"): APP-VALIDATE,
 * APP-ROUTE, APP-SIZE, APP-STAGE, APP-HASH, APP-TIMEOUT, APP-RETRY, APP-MARK-DONE,
 * APP-MARK-NACK, APP-FORCEOFF, APP-LOCK; it reports every outcome a user must act on
 * (SYS-REPORT).
 *
 * Steps of pcd_updater_run():
 *  1. Hold the network core (Force-OFF) and withdraw any stale command left in the PCD block.
 *  2. Candidate: image header magic at the slot start, a pending request in the MCUboot trailer
 *     (magic at end - 16, image_ok at end - 24; swap decision table, facts §5.4), and no update
 *     record (pcd_slot_state_read()) saying it was already done or rejected.
 *  3. APP-VALIDATE + APP-ROUTE + APP-SIZE with pcd_image_validate() (pcd/image.h). An image that
 *     targets the application core is left alone; an invalid or oversized network-core image is
 *     marked rejected (NACK) and never reaches the network core. MI-DEPENDENCY: each DEPENDENCY
 *     TLV must be met by what runs (image 0: the application's header in the primary slot; this
 *     image's index: the network core's fw_info.version over PCD READ_VERSION), else the same.
 *  4. Per attempt (at most `attempts`, counter in RAM only): APP-STAGE (a QSPI slot is copied
 *     with flash reads into the RAM flash simulator; its CPU address becomes the PCD src: a flash
 *     offset is never used as an address, H1), APP-HASH (SHA-256 of the bytes B0N will read, read
 *     back over the bus), APP-FORCEOFF (hold, write the command, release), bounded wait polling
 *     every `poll_us` up to `timeout_us` (APP-TIMEOUT), hold again.
 *  5. DONE: APP-MARK-DONE. `attempts` failures: withdraw the command, APP-MARK-NACK.
 *  6. APP-LOCK: the pcd_sram region is made read-only (SPU) before the application runs.
 *
 * The update record and its power-cut argument: docs/SPEC.md "Slot update record".
 */
#ifndef PCD_UPDATER_H
#define PCD_UPDATER_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/cmd.h"
#include "pcd/err.h"
#include "pcd/image.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Slot state: the MCUboot trailer (facts §5.4) and our update record (docs/SPEC.md).          */

/** Offset of the trailer magic from the slot end, bytes (16-byte magic; facts §5.4). */
#define PCD_TRAILER_MAGIC_BACK 16u
/** Offset of image_ok from the slot end (1 byte + 7 bytes padding; facts §5.4, BOOT_MAX_ALIGN 8). */
#define PCD_TRAILER_IMAGE_OK_BACK 24u
/** Bytes of the MCUboot trailer fields at the slot end (magic .. swap_size; facts §5.4). */
#define PCD_TRAILER_FIELDS_SIZE 48u
/** Offset of copy_done from the slot end (1 byte + 7 bytes padding; facts §5.4, BOOT_MAX_ALIGN 8). */
#define PCD_TRAILER_COPY_DONE_BACK 32u
/** Offset of the update record's batch-partner word from the slot end, bytes (multi-image, pcd/batch.h). */
#define PCD_SLOT_REC_PARTNER_BACK 56u
/** Offset of the update record's DONE word from the slot end, bytes. */
#define PCD_SLOT_REC_DONE_BACK 64u
/** Offset of the update record's NACK word from the slot end, bytes. */
#define PCD_SLOT_REC_NACK_BACK 60u
/** Bytes at the slot end an image must not reach (trailer fields + update record). */
#define PCD_SLOT_RESERVED 64u
/** Value written into the DONE word: bytes "DONE" (0x454E4F44). */
#define PCD_SLOT_REC_DONE_VAL 0x454E4F44u
/** Erased value of a record word. */
#define PCD_SLOT_REC_ERASED 0xFFFFFFFFu

_Static_assert(PCD_SLOT_REC_DONE_BACK - PCD_SLOT_REC_NACK_BACK == 4u, "DONE and NACK words are adjacent");
_Static_assert(PCD_SLOT_REC_NACK_BACK - 4u >= PCD_TRAILER_FIELDS_SIZE, "the record lies before the MCUboot fields");
_Static_assert(PCD_SLOT_REC_PARTNER_BACK == PCD_SLOT_REC_NACK_BACK - 4u, "the partner word follows the NACK word");
_Static_assert(PCD_SLOT_REC_PARTNER_BACK - 4u >= PCD_TRAILER_FIELDS_SIZE, "the partner word lies before the MCUboot fields");
_Static_assert(PCD_SLOT_RESERVED % 8u == 0u, "reserved area is BOOT_MAX_ALIGN-aligned");

/** MCUboot swap types (values of MCUboot's BOOT_SWAP_TYPE_*; facts §5.4). */
enum pcd_swap_type {
    PCD_SWAP_NONE = 1,   /**< No pending request. */
    PCD_SWAP_TEST = 2,   /**< Trailer magic good, image_ok unset: "test". */
    PCD_SWAP_PERM = 3,   /**< Trailer magic good, image_ok set: "permanent". */
    PCD_SWAP_REVERT = 4, /**< (primary-slot revert; never derived from a secondary slot here). */
    PCD_SWAP_FAIL = 5,   /**< (MCUboot's failed swap). */
};

/** What the update record says. */
enum pcd_slot_mark {
    PCD_SLOT_UNMARKED = 0, /**< Both record words erased: not yet done or rejected. */
    PCD_SLOT_DONE = 1,     /**< DONE word written: the network core has this update. */
    PCD_SLOT_NACK = 2,     /**< NACK word written: this update was rejected. */
};

/** Decoded trailer and update record of a slot. */
struct pcd_slot_state {
    bool magic_good;         /**< Trailer magic at end - 16 matches (facts §5.4, BOOT_MAX_ALIGN 8). */
    uint8_t image_ok;        /**< Raw image_ok byte (0x01 set, 0xFF unset, else bad). */
    enum pcd_swap_type swap; /**< Swap type from the decision table (facts §5.4). */
    enum pcd_slot_mark mark; /**< What the record says (DONE wins if both words were written). */
    uint32_t done_word;      /**< Raw DONE word. */
    uint32_t nack_word;      /**< Raw NACK word. */
    bool torn;               /**< A written record word differs from any value this code writes (power cut mid-write). */
    int nack_reason;         /**< PCD_E_* recorded with a NACK; 0 if none or torn. */
    uint8_t copy_done;       /**< Raw copy_done byte at end - 32 (0x01 set, 0xFF unset; facts §5.4). */
    uint32_t partner_word;   /**< Raw batch-partner word (PCD_SLOT_REC_ERASED: none; pcd/batch.h). */
};

/**
 * @brief Read the trailer and the update record at the end of a slot.
 * @param port      the application core's port
 * @param mem       memory of the slot (PCD_MEM_APP_FLASH or PCD_MEM_QSPI)
 * @param slot_off  slot offset in @p mem
 * @param slot_size slot size, bytes (a multiple of 8, at least PCD_SLOT_RESERVED)
 * @param[out] out  the decoded state
 * @retval 0 ok
 * @retval PCD_E_INVAL slot too small, not 8-byte-multiple sized, or wrapping
 * @retval other a port error of pcd_flash_read()
 */
int pcd_slot_state_read(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                        struct pcd_slot_state *out);

/**
 * @brief Write the DONE word of the update record: one 4-byte program of erased flash (NVMC: the
 *        first of nWRITE = 2 writes; QSPI: within one 256-byte program page). Writes nothing if
 *        the word is already written.
 * @param port      the application core's port
 * @param mem       memory of the slot
 * @param slot_off  slot offset
 * @param slot_size slot size
 * @retval 0 ok (or already written)
 * @retval PCD_E_INVAL as pcd_slot_state_read()
 * @retval other a port error of pcd_flash_read() / pcd_flash_program()
 */
int pcd_slot_mark_done(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size);

/**
 * @brief Write the NACK word of the update record: the reason r = |@p reason| (16 bits) and its
 *        complement, ((~r & 0xFFFF) << 16) | r, in one 4-byte program of erased flash. Writes
 *        nothing if the word is already written.
 * @param port      the application core's port
 * @param mem       memory of the slot
 * @param slot_off  slot offset
 * @param slot_size slot size
 * @param reason    the PCD_E_* code that made the update rejected
 * @retval 0 ok (or already written)
 * @retval PCD_E_INVAL as pcd_slot_state_read(), or @p reason not a negative code
 * @retval other a port error of pcd_flash_read() / pcd_flash_program()
 */
int pcd_slot_mark_nack(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                       int reason);

/**
 * @brief Write the batch-partner word of the update record (multi-image, pcd/batch.h): @p tag
 *        names the other candidate of the batch. One 4-byte program; nothing if already written.
 * @param port      the application core's port
 * @param mem       memory of the slot
 * @param slot_off  slot offset
 * @param slot_size slot size
 * @param tag       the partner's tag (never PCD_SLOT_REC_ERASED)
 * @retval 0 ok (or already written, whatever its value)
 * @retval PCD_E_INVAL as pcd_slot_state_read(), or @p tag erased
 * @retval other a port error of pcd_flash_read() / pcd_flash_program()
 */
int pcd_slot_mark_partner(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size,
                          uint32_t tag);

/**
 * @brief Write MCUboot's trailer of a primary slot after a completed overwrite copy: copy_done
 *        (end - 32), image_ok (end - 24), each {0x01, 7 x 0xFF}, then the magic (end - 16) last
 *        (facts §5.4, BOOT_MAX_ALIGN 8). A field that already holds its value is not written again.
 * @param port      the application core's port
 * @param mem       memory of the slot
 * @param slot_off  slot offset
 * @param slot_size slot size
 * @retval 0 ok
 * @retval PCD_E_INVAL as pcd_slot_state_read()
 * @retval other a port error of pcd_flash_read() / pcd_flash_program()
 */
int pcd_slot_trailer_write(const struct pcd_port *port, enum pcd_mem mem, uint32_t slot_off, uint32_t slot_size);

/**
 * @brief Swap type of a secondary slot from its trailer (facts §5.4 decision table, rows that
 *        apply to a secondary slot): magic good + image_ok unset -> TEST; + set -> PERM; else NONE.
 * @param magic_good trailer magic matches
 * @param image_ok   raw image_ok byte
 * @return the swap type
 */
enum pcd_swap_type pcd_swap_type_of(bool magic_good, uint8_t image_ok);

/**
 * @brief MCUboot's name of a swap type ("none", "test", "perm", "revert", "fail").
 * @param swap the swap type
 * @return a static string
 */
const char *pcd_swap_type_name(enum pcd_swap_type swap);

/* ------------------------------------------------------------------------------------------ */
/* The updater.                                                                                */

/** Most attempts per boot accepted in the configuration. */
#define PCD_UPDATER_MAX_ATTEMPTS 16u
/** Longest wait per attempt accepted in the configuration: 7 days, µs (a scenario allows 24 h). */
#define PCD_UPDATER_MAX_TIMEOUT_US (7ull * 24u * 3600u * 1000000u)

/** Configuration: retry policy, layout and keys. Addresses are bus addresses, sizes bytes. */
struct pcd_updater_config {
    uint32_t attempts;           /**< N: attempts per boot (APP-RETRY), 1..PCD_UPDATER_MAX_ATTEMPTS; default 3. */
    uint64_t timeout_us;         /**< Wait per attempt, µs of device time (APP-TIMEOUT), 64 bits (24 h is
                                      86 400 000 000 µs), at most PCD_UPDATER_MAX_TIMEOUT_US; default 60 000 000. */
    uint64_t poll_us;            /**< Poll period, µs, 1..timeout_us; default 1 000 000 (NCS: 1 s, facts §1.5). */
    enum pcd_mem slot_mem;       /**< Memory of the secondary slot: PCD_MEM_APP_FLASH, PCD_MEM_QSPI or PCD_MEM_NAND (through a pcd_nand_port, pcd/nand_area.h; staged through RAM like QSPI: NAND-STAGE). */
    uint32_t slot_off;           /**< Secondary slot offset in @ref slot_mem (e.g. 0x80000 internal, 0x74000 QSPI). */
    uint32_t slot_size;          /**< Secondary slot size (e.g. 0x74000 or 0x40000). */
    uint32_t stage_off;          /**< Offset in PCD_MEM_RAM_FLASH where a QSPI candidate is staged; default 0. */
    bool stage_image;            /**< Multi-image (NCS simultaneous mode, pcd/batch.h): stage the whole image (header,
                                      body, TLVs) from either memory into PCD_MEM_RAM_FLASH at @ref stage_off (the
                                      mcuboot_primary_1 window); PCD src = window + hdr_size. Default false. */
    uint32_t net_flash_addr;     /**< Net flash base as the net core sees it: 0x01000000 (facts §4.1). */
    uint32_t net_app_addr;       /**< Net-core application partition: 0x01008800 (facts §2.1). */
    uint32_t net_app_size;       /**< Its size: 0x37800. */
    uint32_t b0n_container_addr; /**< B0N container: 0x01000000 (facts §2.1). */
    uint32_t b0n_container_size; /**< Its size: 0x8800. */
    uint32_t pcd_sram_addr;      /**< pcd_sram partition (the PCD block): 0x20000000 (facts §1.1). */
    uint32_t pcd_sram_size;      /**< Its size, locked by APP-LOCK: 0x2000 (one SPU RAM region). */
    const struct pcd_key *keys;  /**< Trusted MCUboot image keys (KEYHASH selects one). */
    uint32_t key_count;          /**< Entries of @ref keys. */
    bool lock_pcd_ram;           /**< APP-LOCK at the end of the run; default true (false: TF-M must still write the block). */
    uint32_t image_index;        /**< MCUboot image index shown in log lines; default 1. */
    enum pcd_mem primary_mem;    /**< Memory of the running application's slot (image 0, MI-DEPENDENCY); default app flash. */
    uint32_t primary_off;        /**< Its offset: its MCUboot header gives the running application's version; default 0xC000. */
};

/** Offset in pcd_sram of the 4-byte buffer a READ_VERSION answer is written to (after the block). */
#define PCD_UPDATER_VERSION_BUF_OFF 0x40u
_Static_assert(PCD_UPDATER_VERSION_BUF_OFF >= PCD_CMD_BLOCK_SIZE, "the version buffer lies after the PCD block");

/** What a run ended with. Each one a user must act on has a log line and a text (SYS-REPORT). */
enum pcd_update_outcome {
    PCD_UPD_NO_CANDIDATE = 0,     /**< No image or no pending request in the secondary slot. */
    PCD_UPD_NOT_NET_IMAGE = 1,    /**< The candidate targets the application core: left for MCUboot. */
    PCD_UPD_ALREADY_DONE = 2,     /**< The record says done: nothing copied (SYS-IDEMPOTENT). */
    PCD_UPD_ALREADY_REJECTED = 3, /**< The record says rejected: not retried. */
    PCD_UPD_DONE = 4,             /**< "network core update done". */
    PCD_UPD_REJECTED = 5,         /**< "update rejected (reason)": invalid or oversized candidate; marked NACK. */
    PCD_UPD_EXHAUSTED = 6,        /**< "attempts exhausted": every attempt failed; marked NACK. */
    PCD_UPD_HALTED = 7,           /**< Power was lost during the run. */
    PCD_UPD_ERROR = 8,            /**< The run could not proceed (slot unreadable, mark not written, ...). */
};

/** One attempt. */
struct pcd_update_attempt {
    int rc;             /**< 0 DONE; PCD_E_NET_SILENT (timeout); the net core's reason; or a local error. */
    uint64_t waited_us; /**< Device time waited for the answer, µs: at most the timeout, exactly. */
    uint32_t b0n_flags; /**< Flags word of the answer (pcd_cmd_b0n_flag), 0 if none. */
};

/** Result of pcd_updater_run(). */
struct pcd_updater_result {
    enum pcd_update_outcome outcome; /**< What happened. */
    int reason;                      /**< 0, or the PCD_E_* behind REJECTED / EXHAUSTED / ALREADY_REJECTED / ERROR. */
    struct pcd_slot_state slot;      /**< Trailer and record as found at start. */
    bool candidate;                  /**< A header magic was found in the secondary slot. */
    bool targets_net;                /**< APP-ROUTE said network core. */
    uint32_t hdr_size;               /**< ih_hdr_size of the candidate. */
    uint32_t img_size;               /**< ih_img_size = PCD len. */
    struct pcd_image_version version; /**< ih_ver of the candidate. */
    bool staged;                     /**< The candidate was staged into RAM (QSPI slot). */
    uint32_t image_end;              /**< Bytes of the whole image (header .. last TLV) when known, else 0. */
    uint32_t src;                    /**< PCD src of the last attempt (a bus address). */
    uint8_t sha256[PCD_SHA256_LEN];  /**< APP-HASH of the last attempt. */
    uint32_t attempts;               /**< Attempts made this boot. */
    struct pcd_update_attempt attempt[PCD_UPDATER_MAX_ATTEMPTS]; /**< Each attempt. */
    uint32_t timeouts;               /**< Attempts that ended in a timeout. */
    bool net_no_valid_image;         /**< Known: the network core was left without a valid image (a failed
                                          attempt had modified its partition, none succeeded, and B0N's last
                                          such answer did not say PCD_CMD_B0N_DST_BOOTS). */
    bool marked;                     /**< An update record was written this run. */
    int mark_rc;                     /**< 0, or the error that kept the record from being written. */
    bool locked;                     /**< APP-LOCK done. */
};

/**
 * @brief Fill @p cfg with the defaults: 3 attempts, 60 s timeout, 1 s poll, net-core layout and
 *        PCD block of facts §1.1 / §2.1, stage offset 0, lock on, image index 1. The slot
 *        (slot_mem, slot_off, slot_size) and the keys must be set by the caller; the defaults
 *        are the internal layout of shared/fixtures (PCD_MEM_APP_FLASH, 0x80000, 0x74000), no keys;
 *        the primary slot (MI-DEPENDENCY on image 0) is PCD_MEM_APP_FLASH 0xC000.
 *        Addresses and sizes come from pcd/ncs_defaults.h.
 * @param[out] cfg the configuration
 */
void pcd_updater_config_default(struct pcd_updater_config *cfg);

/**
 * @brief Check a configuration.
 * @param cfg  the configuration
 * @param port the application core's port (memory geometry)
 * @retval 0 usable
 * @retval PCD_E_INVAL attempts 0 or above the maximum, poll 0 or above the timeout, timeout above
 *         PCD_UPDATER_MAX_TIMEOUT_US, slot memory
 *         neither app flash nor QSPI, slot outside its memory or smaller than PCD_SLOT_RESERVED +
 *         one header, net app partition outside net flash or overlapping the B0N container, PCD
 *         block not 8 KiB-aligned, or keys NULL with key_count > 0
 * @retval other a port error of pcd_mem_info()
 */
int pcd_updater_config_check(const struct pcd_updater_config *cfg, const struct pcd_port *port);

/**
 * @brief Run the app-side updater once (one boot of the application core).
 * @param cfg      configuration
 * @param port     the application core's port
 * @param[out] res what happened (always filled)
 * @retval 0 the run reached an outcome (res->outcome; a rejection is a completed run)
 * @retval PCD_E_INVAL a NULL argument or a configuration refused by pcd_updater_config_check()
 * @retval PCD_E_HALTED power was lost mid-run; nothing was done after the failing call
 * @retval other a port error that stopped the run (res->outcome PCD_UPD_ERROR), or the error of
 *         APP-LOCK (res->outcome kept, res->locked false)
 */
int pcd_updater_run(const struct pcd_updater_config *cfg, const struct pcd_port *port,
                    struct pcd_updater_result *res);

/**
 * @brief Apply a network-core candidate that the caller found and validated (the net half of a
 *        batch, pcd/batch.h): APP-STAGE, APP-HASH, APP-FORCEOFF, APP-TIMEOUT, APP-RETRY as in
 *        pcd_updater_run() steps 4-5, then the record (APP-MARK-DONE / APP-MARK-NACK). Does not
 *        hold the net core first, validate, or lock the PCD RAM (the caller does).
 * @param cfg      configuration (checked with pcd_updater_config_check())
 * @param port     the application core's port
 * @param ir       the candidate's validation result (verdict 0, header and layout valid)
 * @param[out] res what happened (filled; res->slot is read here)
 * @retval 0 an outcome was reached (PCD_UPD_DONE or PCD_UPD_EXHAUSTED)
 * @retval PCD_E_INVAL a NULL argument, a refused configuration, or @p ir not a valid candidate
 * @retval PCD_E_HALTED power was lost
 * @retval other a port error that stopped the run
 */
int pcd_updater_apply(const struct pcd_updater_config *cfg, const struct pcd_port *port,
                      const struct pcd_image_result *ir, struct pcd_updater_result *res);

/**
 * @brief The user-facing text of an outcome ("network core update done", "update rejected",
 *        "attempts exhausted", ...).
 * @param outcome the outcome
 * @return a static string
 */
const char *pcd_update_outcome_text(enum pcd_update_outcome outcome);

#ifdef __cplusplus
}
#endif

#endif /* PCD_UPDATER_H */
