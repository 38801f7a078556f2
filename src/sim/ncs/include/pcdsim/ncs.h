/**
 * @file
 * @brief The NCS-behaviour profile: models of the *shipped* nRF Connect SDK network-core update
 *        path, written from shared/spec/nrf53-netcore-dfu-facts.md (no code of MCUboot, sdk-nrf
 *        or Zephyr is copied).
 *
 * Two models, each reaching the simulated SoC only through `struct pcd_port` (pcd/port.h), like
 * the reference code of src/pcd/, so they run on the same two core threads, memories and fault
 * injection:
 *  - ncs_mcuboot_run(): sdk-mcuboot's sequential ("Mode A") network-core update path in
 *    boot/bootutil/src/loader.c plus the blocking PCD client pcd_network_core_update() of
 *    sdk-nrf subsys/pcd (facts §1.5, §3.3, §3.7, §3.9), or, for a simultaneous-update layout,
 *    the RAM staging of nrf53_hooks.c (§3.4);
 *  - ncs_b0n_run(): the netboot sample (B0N) with pcd_fw_copy() and bl_validate_firmware()
 *    (facts §1.6, §2.3, §2.4).
 *
 * They keep what NCS does right (MCUboot validates the image signature; B0N checks the source's
 * fw_info / fw_validation_info hash and the copy; B0N locks its own container with fprotect) and
 * reproduce what the facts file lists as hazards (§7): no timeout (H10), no retry counter and no
 * slot mark, so a copy repeats at every boot (H4, H5), the slot's flash offset used as the PCD
 * source address (H1), no check of the command's destination (H13), no validation of the
 * application with fw_info on a normal boot (H7), no SPU lock of the PCD RAM without CONFIG_FPROTECT (H12),
 * READ_VERSION failures answered DONE (H16; FAIL from 3.0, which pcd_version_cmp_net() of a
 * simultaneous update turns into a refused network-core image), LOCK_DEBUG ignored (H15). The command block is the
 * 16-byte NCS one: magic, data, len, offset (facts §1.2); nothing is written after offset 0x0C.
 * The models take an NCS release (NCS_VERSION()): where a hazard or a format detail changed
 * between releases, they behave as that release (ncs_lock_needs_fprotect() and the functions
 * after it; facts file "Errata and additions").
 *
 * The models never wait on their own for a bound NCS does not have: a network core that never
 * answers keeps ncs_mcuboot_run() polling until the port reports PCD_E_HALTED (in the simulator,
 * the run's time bound ends it; SYS-CONVERGE reports it).
 */
#ifndef PCDSIM_NCS_H
#define PCDSIM_NCS_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcd/port.h"
#include "pcd/updater.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of the NCS `struct pcd_cmd` on the nRF5340: magic, data, len, offset (facts §1.2). */
#define NCS_PCD_CMD_SIZE 16u
/** NCS CONFIG_PCD_BUF_SIZE: B0N's stream_flash buffer, bytes (facts §1.6, §1.7). */
#define NCS_PCD_BUF_SIZE 512u

/* ---------------------------------------------------------------------------------------------- */
/* NCS versions: which release the models behave as                                             */

/** An NCS release as one number, (major << 16) | (minor << 8) | patch: 2.9.0 = 0x020900. */
#define NCS_VERSION(major, minor, patch) (((uint32_t)(major) << 16) | ((uint32_t)(minor) << 8) | (uint32_t)(patch))
/** The release the models default to: the NCS v2.9.0 snapshot most facts are taken from (facts §1.7, §6.1). */
#define NCS_VERSION_DEFAULT NCS_VERSION(2, 9, 0)
/** Oldest release modelled: PCD and the netboot sample first shipped in NCS 1.4.0 (facts §1.8). */
#define NCS_VERSION_MIN NCS_VERSION(1, 4, 0)
/** Newest release modelled: the facts file describes NCS up to 3.x (sdk-mcuboot tags to ncs-v3.4.0, HEAD 2026-07). */
#define NCS_VERSION_MAX NCS_VERSION(3, 99, 99)

/**
 * @brief H12 range: from sdk-mcuboot v1.10.0-ncs1 (NCS 2.4) pcd_lock_ram() sits inside MCUboot's
 *        CONFIG_FPROTECT block; up to v1.9.99-ncs4 (about NCS 2.3) it always runs (facts errata
 *        "H12 range", §3.9).
 * @param v NCS_VERSION() @return true when the PCD RAM lock needs CONFIG_FPROTECT (NCS >= 2.4.0)
 */
bool ncs_lock_needs_fprotect(uint32_t v);

/**
 * @brief H4/H5 range: every sdk-mcuboot tag up to ncs-v3.4.0 leaves the network-core candidate in
 *        the slot after the attempt (overwrite-only: nothing erased); sdk-mcuboot 7a2adeb3 / HEAD
 *        6f5a54c3 (2026-07) scrambles it (header and trailer sectors) after every attempt (facts
 *        errata "H4/H5", §3.3 step 4e). Releases after 3.4 are taken to carry that fix [inferred:
 *        facts §9 question 4].
 * @param v NCS_VERSION() @return true when the candidate is kept (NCS <= 3.4.x)
 */
bool ncs_keeps_candidate(uint32_t v);

/**
 * @brief READ_VERSION exists: PCD READ_VERSION, pcd_network_core_app_version() and MCUboot's
 *        network-core downgrade prevention pcd_version_cmp_net() arrived in NCS 2.5.0 (facts §1.3,
 *        §1.8, §3.6).
 * @param v NCS_VERSION() @return true for NCS >= 2.5.0
 */
bool ncs_has_read_version(uint32_t v);

/**
 * @brief H16 range: B0N of NCS 2.5-2.9 answers a failed READ_VERSION with FAIL immediately
 *        followed by DONE (the requester sees DONE and an unwritten buffer); the newest netboot
 *        takes the failure path (FAIL only, main() returns), so pcd_network_core_app_version()
 *        returns -EFAULT (facts §2.3 step 4, §7 H16, errata "READ_VERSION"). The first release
 *        with the newest code is taken to be 3.0.0 [inferred from H16's range].
 * @param v NCS_VERSION() @return true for 2.5.0 <= v < 3.0.0
 */
bool ncs_read_version_fail_then_done(uint32_t v);

/**
 * @brief H13 range: pcd_fw_copy()'s stream_flash_init() gets size 0, "the rest of the device",
 *        in NCS <= 2.9; later pcd.c passes the application partition size, so a destination past
 *        the partition start fails at init, before any erase (facts errata "H13 range", §1.6, §1.8).
 * @param v NCS_VERSION() @return true for the size-0 stream init (NCS < 3.0.0)
 */
bool ncs_stream_rest_of_device(uint32_t v);

/**
 * @brief fw_info_find()'s search offsets of a release (facts errata, §6.1): NCS v2.9.0 has seven
 *        (0x0, 0x200, 0x400, 0x600, 0x800, 0xE00, 0x1000), older fw_info_bare.h five (0x0, 0x200,
 *        0x400, 0x800, 0x1000). The release that added 0x600 and 0xE00 is not in the facts file:
 *        v2.9.0 is the first taken to have seven [boundary unverified].
 * @param v NCS_VERSION()
 * @param[out] offsets the image-relative offsets, in search order (static)
 * @return their number (5 or 7)
 */
uint32_t ncs_fwinfo_offsets(uint32_t v, const uint32_t **offsets);

/**
 * @brief NCS fw_info_find() of release @p v: the first offset of ncs_fwinfo_offsets() whose
 *        three magic words match (only offsets whose 60 bytes lie in [src, src + len)).
 * @param port     the core's port (pcd_bus_read())
 * @param v        NCS_VERSION()
 * @param src      bus address of the image start
 * @param len      bytes readable at @p src
 * @param[out] out the fw_info, out->offset set
 * @retval 0 found
 * @retval PCD_E_INVAL NULL argument or src + len overflows
 * @retval PCD_E_FWINFO_MISSING none at any of the release's offsets
 * @retval other a port error
 */
int ncs_fwinfo_find(const struct pcd_port *port, uint32_t v, uint32_t src, uint32_t len, struct pcd_fw_info *out);

/** Where Partition Manager placed `pcd_sram` in a release (facts errata "PCD block address", §1.1). */
enum ncs_pcd_placement {
    NCS_PCD_BEFORE_RPMSG = 0, /**< `before: [rpmsg_nrf53_sram, end]`: below the RPMsg buffer at the end of RAM. */
    NCS_PCD_AFTER_START = 1,  /**< `after: start`: 0x20000000, the NCS v2.9.0 snapshot. */
    NCS_PCD_BEFORE_END = 2,   /**< `before: end`: the last 8 KiB of application RAM (sdk-nrf PR #24081/#24218). */
};

/**
 * @brief pcd_sram placement of release @p v. Boundaries from the dates of the pm.yml.pcd changes
 *        [inferred]: `before: [rpmsg_nrf53_sram, end]` up to sdk-nrf PR #6988 (2022-02, NCS < 2.0),
 *        `after: start` from then on (the v2.9.0 snapshot, facts §1.1), `before: end` since sdk-nrf
 *        PR #24081 (main, 2025-08) and its v3.1-branch cherry-pick #24218 (2025-08-27, after the
 *        3.1.0 release): NCS >= 3.1.1.
 * @param v NCS_VERSION() @return the placement
 */
enum ncs_pcd_placement ncs_pcd_sram_placement(uint32_t v);

/** @brief PM placement text of @p p ("after: start", ...). @param p placement @return static string */
const char *ncs_pcd_placement_name(enum ncs_pcd_placement p);

/** `enum pcd_status` of NCS pcd_fw_copy_status_get() (facts §1.4; newest names). */
enum ncs_pcd_status {
    NCS_PCD_STATUS_COPY = 0,         /**< magic COPY. */
    NCS_PCD_STATUS_DONE = 1,         /**< magic DONE. */
    NCS_PCD_STATUS_FAILED = 2,       /**< anything else: FAIL, 0, 0xFFFFFFFF, RAM garbage. */
    NCS_PCD_STATUS_READ_VERSION = 3, /**< magic READ_VERSION (NCS 2.5+). */
    NCS_PCD_STATUS_LOCK_DEBUG = 4,   /**< magic LOCK_DEBUG (NCS 2.8+). */
};

/**
 * @brief NCS pcd_fw_copy_status_get(): decode a magic word in NCS's order (COPY, READ_VERSION,
 *        DONE, LOCK_DEBUG, else FAILED; facts §1.4).
 * @param magic the word at offset 0 of the block
 * @return the status
 */
enum ncs_pcd_status ncs_pcd_status_of(uint32_t magic);

/** @brief Name of a status for log lines. @param s status @return static string */
const char *ncs_pcd_status_name(enum ncs_pcd_status s);

/* ---------------------------------------------------------------------------------------------- */
/* Application core: MCUboot's sequential network-core update path                                */

/** Configuration of the MCUboot model (one image pair, the secondary slot shared by app and net). */
struct ncs_mcuboot_config {
    enum pcd_mem slot_mem;       /**< Memory of the secondary slot: PCD_MEM_APP_FLASH or PCD_MEM_QSPI. */
    uint32_t slot_off;           /**< The slot's flash-area offset `fa_off` inside that memory. */
    uint32_t slot_size;          /**< The slot's size, bytes. */
    enum pcd_mem primary_mem;    /**< Memory of the primary slot (swap mode's FAIL handling writes its image_ok). */
    uint32_t primary_off;        /**< Its offset. */
    uint32_t primary_size;       /**< Its size. */
    const struct pcd_key *keys;  /**< Trusted MCUboot image keys (boot_validate_slot). */
    uint32_t key_count;          /**< Entries of @ref keys. */
    uint32_t net_app_addr;       /**< PM_CPUNET_APP_ADDRESS (0x01008800): start of the net-core range (facts §3.2). */
    uint32_t net_app_size;       /**< Size of that range (0x37800). */
    uint32_t pcd_offset;         /**< PCD `offset` = PM_CPUNET_B0N_CONTAINER_SIZE (0x8800; facts §1.5 step 3). */
    uint32_t pcd_sram_addr;      /**< PM_PCD_SRAM_ADDRESS (0x20000000; facts §1.1). */
    uint32_t pcd_sram_size;      /**< Its size (one 8 KiB SPU RAM region). */
    uint64_t poll_us;            /**< k_busy_wait() between status reads, µs: 1 s (facts §1.5 step 6). */
    bool overwrite_only;         /**< MCUboot built with BOOT_UPGRADE_ONLY: nothing is erased after a successful
                                      net update (H5). False: swap mode, the secondary's trailer sector is erased
                                      after success (facts §3.3 step 4e, tags <= ncs-v3.4.0). */
    bool fprotect;               /**< CONFIG_FPROTECT: pcd_lock_ram(true) before the jump (facts §3.9). False
                                      reproduces H12: the application can write PCD commands. */
    uint32_t ncs_version;        /**< NCS_VERSION() the model behaves as (default NCS_VERSION_DEFAULT): H12 before
                                      2.4 locks without FPROTECT, H4/H5 after 3.4 scramble the candidate. */
    bool multi_image;            /**< NRF53_MULTI_IMAGE_UPDATE (simultaneous mode, facts §3.4): the slot is image 1's
                                      secondary (mcuboot_secondary_1), staged through the RAM primary below by the
                                      nrf53_hooks.c path; the fa_off path (H1) is compiled out (facts errata). */
    uint32_t ram_slot_off;       /**< multi_image: mcuboot_primary_1, offset in PCD_MEM_RAM_FLASH (the RAM flash
                                      simulator, facts §4.6). */
    uint32_t ram_slot_size;      /**< Its size, bytes (a multiple of the simulator's 4 KiB sector). */
    uint32_t b0n_addr;           /**< PM_CPUNET_B0N_ADDRESS (0x01000000): the hook's "reset vector > B0N" test. */
    bool downgrade_prevention;   /**< MCUBOOT_DOWNGRADE_PREVENTION with CONFIG_PCD_READ_NETCORE_APP_VERSION, NCS
                                      >= 2.5 (facts §3.6): with multi_image, pcd_version_cmp_net() before the
                                      staging; a result < 0 (older, or -EFAULT) refuses the candidate. */
    bool minimal_scramble;       /**< MCUBOOT_MINIMAL_SCRAMBLE: an invalid slot loses only its header and trailer
                                      sectors; false (default): boot_scramble_slot() erases the whole slot (facts
                                      errata "Invalid slot scramble"). */
};

/**
 * @brief Defaults: internal slot 0x80000 + 0x74000, primary 0xC000 + 0x74000, net range
 *        0x01008800 + 0x37800, offset 0x8800, pcd_sram 0x20000000 + 0x2000, 1 s poll,
 *        overwrite-only, no FPROTECT (the configuration in which H5 and H12 show), NCS 2.9.0,
 *        single image pair (Mode A), RAM primary 0 + 0x40000 (used only with multi_image), B0N at
 *        0x01000000, full scramble, no downgrade prevention (partitions from pcd/ncs_defaults.h).
 * @param[out] cfg the configuration
 */
void ncs_mcuboot_config_default(struct ncs_mcuboot_config *cfg);

/** What one boot of the MCUboot model did. */
enum ncs_mcuboot_outcome {
    NCS_MCUBOOT_NO_CANDIDATE = 0, /**< No image magic, or no upgrade request in the trailer. */
    NCS_MCUBOOT_INVALID = 1,      /**< boot_validate_slot() refused it, or pcd_version_cmp_net() was below 0 (rc
                                       PCD_E_IMG_DOWNGRADE, or PCD_E_NET_FAIL for -EFAULT); the slot scrambled (whole
                                       slot, or header and trailer sectors with minimal_scramble). */
    NCS_MCUBOOT_NOT_NET = 2,      /**< Valid, for the application core: MCUboot's own swap (not simulated). */
    NCS_MCUBOOT_NET_DONE = 3,     /**< pcd_network_core_update() returned 0 ("swap type NONE"). */
    NCS_MCUBOOT_NET_FAILED = 4,   /**< pcd_network_core_update() returned an error (swap type FAIL). */
    NCS_MCUBOOT_HALTED = 5,       /**< Power lost, reset, or a BusFault in MCUboot (H1, fa_off >= 1 MiB). */
};

/** Result of ncs_mcuboot_run(). */
struct ncs_mcuboot_result {
    enum ncs_mcuboot_outcome outcome; /**< What happened. */
    int rc;                  /**< 0; the verdict of boot_validate_slot() (INVALID); -EFAULT as PCD_E_NET_FAIL or
                                  -EINVAL as PCD_E_INVAL (NET_FAILED); the port error (HALTED). */
    bool candidate;          /**< Image magic in the secondary slot. */
    enum pcd_swap_type swap; /**< Swap type from the secondary trailer. */
    bool targets_net;        /**< Reset vector in the net-core range (facts §3.2, PR #329 rule). */
    uint32_t hdr_size;       /**< ih_hdr_size as MCUboot read it through fa_off (H1: maybe not the slot's). */
    uint32_t img_size;       /**< ih_img_size read the same way = PCD len. */
    struct pcd_image_version version; /**< Version of the validated candidate. */
    uint32_t src;            /**< PCD data = fa_off + ih_hdr_size (Mode A, facts §3.3 step 4a), or the RAM
                                  primary's CPU address + ih_hdr_size (multi_image, facts §3.4). */
    bool cmd_written;        /**< A COPY command was written. */
    uint32_t answer;         /**< The magic that ended the wait. */
    bool held_after;         /**< The network core was forced off after the answer (not on FAIL, facts §1.5 step 7). */
    bool trailer_erased;     /**< Swap mode: the secondary's trailer sector was erased after success. */
    bool locked;             /**< pcd_lock_ram() ran. */
    bool staged;             /**< multi_image: the candidate was copied into the RAM primary (src points there). */
    bool scrambled;          /**< The candidate was scrambled after the attempt (NCS > 3.4, H4/H5 fixed). */
    bool version_asked;      /**< pcd_version_cmp_net() ran (downgrade_prevention, multi_image, NCS >= 2.5). */
    int version_cmp;         /**< Its result: 1 / 0 / -1 (candidate newer / equal / older than the running
                                  fw_info.version), or PCD_E_NET_FAIL for NCS's -EFAULT (READ_VERSION answered
                                  FAIL, or no fw_info in the candidate's 2046-byte window). */
    uint32_t net_version;    /**< The 4-byte READ_VERSION buffer as MCUboot read it (0: left unwritten, H16). */
};

/**
 * @brief One boot of MCUboot's network-core update path, as NCS ships it.
 *
 * Sequence (facts §3.3, §1.5, §3.9): read the secondary header and trailer; for a TEST/PERM
 * request validate the slot (header, TLVs, SHA-256, signature: pcd_image_validate(); an invalid
 * slot is scrambled); if the reset vector lies in the net-core range -- with @c multi_image and
 * @c downgrade_prevention from NCS 2.5 on, first pcd_version_cmp_net() (facts §3.6: READ_VERSION,
 * the candidate's fw_info in its 2046 bytes at ih_hdr_size + ih_protect_tlv_size; below 0 the
 * slot is refused and scrambled) -- read the header *again
 * through the slot's flash offset used as a CPU address* (H1) to get src and len -- or, with
 * @c multi_image (simultaneous mode, facts §3.4), erase the RAM primary, copy the whole slot
 * into it with flash reads and take src from the RAM copy's header; hold the net
 * core, write the 16-byte command (magic first), release it, then poll the magic every
 * @c poll_us with no timeout (H10) until it changes; FAIL returns -EFAULT and leaves the net
 * core running; anything else holds it and counts as success. Nothing records the outcome in
 * the slot up to NCS 3.4 (H4, H5: the same copy is attempted at every boot); in swap mode a
 * success erases the secondary's trailer sector and a failure sets image_ok in the primary
 * trailer. After 3.4 the candidate's header and trailer sectors are scrambled after every
 * attempt. multi_image: a success scrambles them (facts §3.4 step 6), a failure returns before
 * (retried). Finally, pcd_lock_ram() only with @c fprotect from NCS 2.4 on (H12; always before).
 *
 * @param cfg      configuration
 * @param port     the application core's port
 * @param[out] res what happened (always filled)
 * @retval 0 the boot reached the jump to the application (whatever res->outcome says)
 * @retval PCD_E_INVAL a NULL argument, or a slot or PCD block that does not fit its memory
 * @retval PCD_E_HALTED power lost or the core was reset / faulted; nothing else was done
 * @retval other a port error that stopped the boot
 */
int ncs_mcuboot_run(const struct ncs_mcuboot_config *cfg, const struct pcd_port *port,
                    struct ncs_mcuboot_result *res);

/** @brief Name of an outcome. @param o outcome @return static string */
const char *ncs_mcuboot_outcome_name(enum ncs_mcuboot_outcome o);

/* ---------------------------------------------------------------------------------------------- */
/* Network core: B0N (samples/nrf5340/netboot)                                                   */

/** Configuration of the B0N model. Addresses are network-core bus addresses. */
struct ncs_b0n_config {
    uint32_t container_addr; /**< b0n_container (B0N + provision): 0x01000000 (facts §2.1). */
    uint32_t container_size; /**< Its size: 0x8800; fprotect-locked at start (facts §2.3 step 2, §2.5). */
    uint32_t s0_addr;        /**< s0_address_read() from the provision data: the net-core app, 0x01008800. */
    uint32_t s0_size;        /**< The app partition size (0x37800), for fw_info_find()'s reads. */
    uint32_t pcd_sram_addr;  /**< PM__PCD_SRAM_ADDRESS: 0x20000000 (facts §1.1). */
    bool fprotect;           /**< Lock the container at start with pcd_flash_protect() (the ACL; true in the netboot
                                  sample). False only to show what the ACL alone prevents in H13. */
    uint32_t ncs_version;    /**< NCS_VERSION() (default NCS_VERSION_DEFAULT): fw_info search offsets, and the
                                  stream_flash size of pcd_fw_copy() (the rest of the device before 3.0, H13). */
};

/**
 * @brief Defaults: container 0x01000000 + 0x8800, s0 0x01008800 + 0x37800, pcd_sram 0x20000000
 *        (pcd/ncs_defaults.h), fprotect on, NCS 2.9.0.
 * @param[out] cfg the configuration
 */
void ncs_b0n_config_default(struct ncs_b0n_config *cfg);

/** What one B0N run did. */
enum ncs_b0n_outcome {
    NCS_B0N_BOOTED = 0,       /**< No command: bl_boot(fw_info_find(s0)) without validation (H7). */
    NCS_B0N_BOOT_ABORTED = 1, /**< No command and no fw_info: bl_boot(NULL) prints "boot aborted" and returns;
                                   the core idles, nothing is booted or reported (facts, errata). */
    NCS_B0N_DONE = 2,        /**< A command answered DONE; B0N spins until forced off. */
    NCS_B0N_FAIL = 3,        /**< The failure path: FAIL written, main() returns. */
    NCS_B0N_HALTED = 4,      /**< Power lost, forced off or a BusFault (data in QSPI XIP, H3; a write or erase
                                  into the ACL-locked container, H13). */
};

/** Result of ncs_b0n_run(). */
struct ncs_b0n_result {
    enum ncs_b0n_outcome outcome; /**< What happened. */
    enum ncs_pcd_status status;   /**< Status decoded at start. */
    uint32_t magic;               /**< Magic word at start. */
    uint32_t data, len, offset;   /**< The other three words at start. */
    bool copy_seen;               /**< The status was COPY. */
    int rc;                       /**< 0, or why the failure path was taken (PCD_E_* of the step that failed). */
    bool src_valid;               /**< bl_validate_firmware(s0, data) passed. */
    bool dst_valid;               /**< bl_validate_firmware(s0, s0) passed after the copy. */
    uint32_t pages_erased;        /**< Net-flash pages erased. */
    uint32_t bytes_programmed;    /**< Net-flash bytes programmed. */
    uint32_t boot_addr;           /**< VTOR given to bl_boot (fw_info.address), 0 if none. */
    uint32_t version;             /**< fw_info.version of the booted / queried application, 0 if unknown. */
};

/**
 * @brief One start of the network core running B0N, as NCS ships it (facts §2.3).
 *
 * fprotect the container (pcd_flash_protect(); an error takes the failure path); decode the
 * status: COPY -> bl_validate_firmware(s0, data) on the source, pcd_fw_copy() to `offset`
 * (whatever it is: only alignment and the device end are checked, H13; a write or erase into
 * the locked container is a BusFault, the core halts and never answers -> H10) through a
 * 512-byte stream buffer with erase-on-first-touch of the page holding each chunk's last byte,
 * bl_validate_firmware(s0, s0), DONE and spin, or FAIL and return; READ_VERSION -> the version
 * or FAIL then DONE (H16); anything else (LOCK_DEBUG without CONFIG_PCD_LOCK_NETCORE_DEBUG, H15;
 * DONE; FAIL; garbage) -> bl_boot(fw_info_find(s0)) with no validation (H7), or, without
 * fw_info, "boot aborted" and idle. Never writes a reason word, never signals.
 *
 * @param cfg      configuration
 * @param port     the network core's port
 * @param[out] res what happened (always filled)
 * @retval 0 the run ended as res->outcome says
 * @retval PCD_E_INVAL a NULL argument or a configuration outside net flash
 * @retval PCD_E_HALTED power lost, forced off, or the core faulted
 * @retval other a port error that ended the run
 */
int ncs_b0n_run(const struct ncs_b0n_config *cfg, const struct pcd_port *port, struct ncs_b0n_result *res);

/** @brief Name of an outcome. @param o outcome @return static string */
const char *ncs_b0n_outcome_name(enum ncs_b0n_outcome o);

/* ------------------------------------------------------------------------------------------ */
/* Simultaneous update, image 0 (facts §3.4; release-packages.md §5).                          */

/** Configuration of the model of MCUboot's image 0 in simultaneous mode (upgrade-only). */
struct ncs_image0_config {
    enum pcd_mem slot_mem;            /**< mcuboot_secondary: memory (app flash or QSPI). */
    uint32_t slot_off;                /**< Its offset. */
    uint32_t slot_size;               /**< Its size. */
    uint32_t primary_off;             /**< mcuboot_primary in app flash. */
    uint32_t primary_size;            /**< Its size. */
    const struct pcd_key *keys;       /**< Trusted keys. */
    uint32_t key_count;               /**< Entries of @ref keys. */
    uint32_t net_app_addr;            /**< Net-core range start (the app image must not target it). */
    uint32_t net_app_size;            /**< Its size. */
    struct pcd_image_version image1;  /**< What a dependency on image 1 is compared with: the header version of
                                           image 1's candidate when it is pending, else the primary_1 header that
                                           nrf53_hooks.c fakes: 0.0.0 (facts §3.4, §3.6). */
};

/** What the model did with image 0. */
enum ncs_image0_outcome {
    NCS_IMG0_NONE = 0,    /**< No pending request. */
    NCS_IMG0_INVALID = 1, /**< Invalid: the slot was scrambled (erased). */
    NCS_IMG0_DEP_UNMET = 2, /**< A dependency is unmet: swap type NONE, the request stays (retried every boot). */
    NCS_IMG0_APPLIED = 3, /**< Overwritten into the primary; the secondary's header and trailer sectors scrambled. */
};

/**
 * @brief MCUboot's image 0 in NCS's simultaneous mode, processed before image 1 (index order,
 *        facts §3.4 step 7): validation, the dependency check against @p cfg->image1 (the faked
 *        0.0.0 when image 1 is not pending), then the overwrite of the primary slot. No record is
 *        kept; nothing waits for image 1.
 * @param cfg      configuration
 * @param port     the application core's port
 * @param[out] out what happened
 * @retval 0 ok
 * @retval PCD_E_HALTED power lost
 * @retval other a port error
 */
int ncs_mcuboot_image0(const struct ncs_image0_config *cfg, const struct pcd_port *port, enum ncs_image0_outcome *out);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_NCS_H */
