/**
 * @file
 * @brief B0N: the network-core bootloader, run at every network-core start.
 *
 * With a command in the PCD block (pcd/cmd.h) B0N executes it and reports; without one it
 * validates the network-core application and boots it. Requirements (shared/spec/
 * reference-behaviour.md §3 "B0N"): B0N-CHECK-CMD, B0N-SRC-SHA, B0N-SRC-BOOTABLE, B0N-COPY,
 * B0N-DST-SHA, B0N-REPORT, B0N-BOOT-VALID, B0N-SELF-PROTECT.
 *
 * Sequence of a COPY (docs/SPEC.md has the bytes and the reason codes):
 *  1. B0N-CHECK-CMD: destination, alignment, length and source range (checked arithmetic);
 *     a refused command erases nothing.
 *  2. B0N-SRC-SHA: SHA-256 of the `len` source bytes, read over the bus through a 512-byte
 *     stream buffer (NCS CONFIG_PCD_BUF_SIZE; facts §1.6, §1.7), compared with the extension's
 *     expected hash. Without the extension (an NCS app side) the computed hash becomes the
 *     expected one.
 *  3. B0N-SRC-BOOTABLE: the source must carry fw_info and pass the boot-validity check as if it
 *     were at the destination (pcd/fwinfo.h; NCS bl_validate_firmware, facts §2.4), with or
 *     without the extension: an update without fw_info is refused (B0N-BOOT-VALID would never
 *     boot it; NCS's bl_boot aborts on it, facts errata).
 *  4. B0N-COPY: erase-on-first-touch per net-flash page (2 KiB; facts §4.1), whole aligned
 *     words, the final partial word padded with 0xFF, through the 512-byte buffer.
 *  5. B0N-DST-SHA: read the destination back, hash `len` bytes, compare.
 *  6. B0N-REPORT: reason word, flags word, then DONE / FAIL in the magic word; signal the
 *     application core; stop (never boot after a command; facts §2.3 step 4f).
 *
 * On a normal start (no command): B0N-BOOT-VALID (fw_info found, address, boot address and
 * reset vector inside the partition, validation-info hash; facts §2.4 steps 1-13) then boot.
 * An application without any fw_info is not booted either ("no valid image"): NCS's
 * bl_boot(NULL) aborts too (facts errata).
 *
 * READ_VERSION answers fw_info.version from the fw_info alone (as NCS's pcd_find_fw_version,
 * facts errata): a damaged application still reports its version, so an NCS MCUboot that
 * compares versions before an update can still send the repair.
 *
 * Everything is reached through the port (pcd/port.h); no global state; stack use is bounded
 * (one 512-byte buffer plus small locals), for the 64 KiB of network-core RAM.
 */
#ifndef PCD_B0N_H
#define PCD_B0N_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/cmd.h"
#include "pcd/err.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of B0N's stream buffer (NCS CONFIG_PCD_BUF_SIZE default, facts §1.7). */
#define PCD_B0N_BUF_SIZE 512u

/**
 * Configuration of B0N: the network-core layout and the memories it may read as a copy
 * source. Addresses are network-core bus addresses; sizes are bytes.
 */
struct pcd_b0n_config {
    uint32_t container_addr; /**< B0N container (B0N + provision) start: 0x01000000 (facts §2.1). */
    uint32_t container_size; /**< Its size: 0x8800 (0x2800 minimal); never written or erased (B0N-SELF-PROTECT). */
    uint32_t app_addr;       /**< Net-core application partition ("s0") start: 0x01008800 (facts §2.1). */
    uint32_t app_size;       /**< Its size: 0x37800; also the largest `len` accepted. */
    uint32_t pcd_sram_addr;  /**< Address of the PCD command block: 0x20000000 (facts §1.1). */
    uint32_t src_flash_addr; /**< App flash as the net core sees it: 0x00000000 (facts §4.1, §4.2). */
    uint32_t src_flash_size; /**< Its size: 0x100000. 0 = never a source. */
    uint32_t src_ram_addr;   /**< App SRAM as the net core sees it: 0x20000000 (facts §4.1, §4.2). */
    uint32_t src_ram_size;   /**< Its size: 0x80000. 0 = never a source. QSPI XIP is never a source. */
};

/** What one B0N run did. */
enum pcd_b0n_outcome {
    PCD_B0N_BOOTED = 0,             /**< No command; the application passed B0N-BOOT-VALID and was booted. */
    PCD_B0N_BOOTED_UNVALIDATED = 1, /**< Never from pcd_b0n_run() (an application without fw_info is not
                                         booted); the simulator's NCS-profile B0N, which boots unchecked, uses it. */
    PCD_B0N_NO_VALID_IMAGE = 2,     /**< No command; the application is invalid and was not booted. */
    PCD_B0N_CMD_DONE = 3,           /**< A command was executed; DONE written. */
    PCD_B0N_CMD_FAIL = 4,           /**< A command was refused or failed; FAIL written (reason in the block). */
    PCD_B0N_HALTED = 5,             /**< Power was lost (or the core forced off) during the run. */
    PCD_B0N_REPORT_ERROR = 6,       /**< The answer could not be written to the PCD block (e.g. SPU lock). */
};

/** Checks that passed during a run (bits of pcd_b0n_result::checks). */
enum pcd_b0n_check {
    PCD_B0N_CHK_CMD = 0x01u,          /**< B0N-CHECK-CMD passed. */
    PCD_B0N_CHK_SRC_SHA = 0x02u,      /**< B0N-SRC-SHA passed (source hash matched, or was taken as expected). */
    PCD_B0N_CHK_SRC_BOOTABLE = 0x04u, /**< B0N-SRC-BOOTABLE passed (source had fw_info and it validated). */
    PCD_B0N_CHK_COPY = 0x08u,         /**< B0N-COPY completed. */
    PCD_B0N_CHK_DST_SHA = 0x10u,      /**< B0N-DST-SHA passed. */
    PCD_B0N_CHK_BOOT_VALID = 0x20u,   /**< B0N-BOOT-VALID passed. */
};

/** Result of pcd_b0n_run(); every field is meaningful once the function returns. */
struct pcd_b0n_result {
    enum pcd_b0n_outcome outcome; /**< What happened. */
    uint32_t magic;               /**< Magic word found in the block at start. */
    enum pcd_cmd_kind kind;       /**< pcd_cmd_kind_of(magic). */
    bool cmd_seen;                /**< A command (COPY, READ_VERSION, LOCK_DEBUG) was present. */
    bool ext;                     /**< The command carried the extension (expected SHA-256). */
    bool src_fwinfo;              /**< The copy source carries fw_info. */
    uint32_t checks;              /**< enum pcd_b0n_check bits that passed. */
    int reason;                   /**< 0, or the PCD_E_* code of the FAIL (the reason word) / of the refusal to boot. */
    int detail;                   /**< 0, or the underlying code behind @ref reason (e.g. the fw_info verdict
                                       behind PCD_E_NOT_BOOTABLE or PCD_E_NO_VALID_IMAGE). */
    uint32_t pages_erased;        /**< Net-flash pages erased by this run. */
    uint32_t bytes_programmed;    /**< Net-flash bytes programmed by this run (padding included). */
    bool dst_modified;            /**< The net app partition was erased or programmed by this run. */
    bool dst_boots;               /**< After a failed COPY that modified it, the partition still passes
                                       B0N-BOOT-VALID (answered as PCD_CMD_B0N_DST_BOOTS). */
    uint32_t boot_addr;           /**< Vector table address booted; 0 if nothing was booted. */
    uint32_t version;             /**< fw_info.version of the booted / queried application, 0 if unknown. */
};

/**
 * @brief Fill @p cfg with the nRF5340 defaults: container 0x01000000 + 0x8800, application
 *        0x01008800 + 0x37800, PCD block 0x20000000, sources app flash 0x0 + 1 MiB and app SRAM
 *        0x20000000 + 512 KiB (facts §1.1, §2.1, §4.1; the values of pcd/ncs_defaults.h).
 * @param[out] cfg the configuration
 */
void pcd_b0n_config_default(struct pcd_b0n_config *cfg);

/**
 * @brief Check a configuration against the net-flash geometry of @p port.
 * @param cfg  configuration
 * @param port the network core's port (mem_info of PCD_MEM_NET_FLASH)
 * @retval 0 usable
 * @retval PCD_E_INVAL container or application outside net flash, overlapping, not page-aligned
 *         or wrapping, a source range wrapping, or the PCD block address not word-aligned
 * @retval other a port error of pcd_mem_info()
 */
int pcd_b0n_config_check(const struct pcd_b0n_config *cfg, const struct pcd_port *port);

/**
 * @brief Run B0N once: what the network core does from reset.
 *
 * Ends by booting (pcd_boot()), or by reporting and stopping (pcd_signal(), pcd_stop()), or by
 * returning without booting (no valid image). On the host the port's boot/stop record the
 * event and return; this function then returns too.
 *
 * @param cfg      configuration (see pcd_b0n_config_check())
 * @param port     the network core's port
 * @param[out] res what happened (always filled, also on error)
 * @retval 0 the run completed (whatever res->outcome says: a FAIL answer is a completed run)
 * @retval PCD_E_INVAL a NULL argument or a configuration refused by pcd_b0n_config_check()
 * @retval PCD_E_HALTED power was lost / the core was forced off mid-run (res->outcome
 *         PCD_B0N_HALTED); nothing else was done after the failing call
 * @retval other a port error while reading the PCD block or writing the answer
 *         (res->outcome PCD_B0N_REPORT_ERROR)
 */
int pcd_b0n_run(const struct pcd_b0n_config *cfg, const struct pcd_port *port, struct pcd_b0n_result *res);

/**
 * @brief Name of an outcome for log lines and reports ("booted", "no valid image", ...).
 * @param outcome the outcome
 * @return a static string
 */
const char *pcd_b0n_outcome_name(enum pcd_b0n_outcome outcome);

#ifdef __cplusplus
}
#endif

#endif /* PCD_B0N_H */
