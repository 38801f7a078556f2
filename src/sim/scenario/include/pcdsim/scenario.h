/**
 * @file
 * @brief Strict loader of pcdsim scenario files (format version 1, `docs/SCENARIOS.md`).
 *
 * pcdsim_scenario_load() reads one YAML scenario, checks it completely against the format
 * (unknown, duplicate and missing keys, node types, numbers and their ranges, requirement ids,
 * event names, partition names, device addresses, referenced files) and fills a plain C
 * ::pcdsim_scenario with every documented default applied. Nothing is simulated here: the runner
 * takes the loaded scenario as it is.
 *
 * Units: sizes, offsets and lengths are bytes; addresses are CPU addresses of the nRF5340
 * (application-core view, network flash at 0x01000000) unless a field says "offset"; times are
 * milliseconds of simulated device time (`_ms`). Lines and columns are 1-based; 0 means "not
 * written in the file" (a default).
 *
 * Every loaded path is resolved against the directory of the scenario file and was a readable
 * regular file when the scenario was loaded. A loaded scenario owns all its memory until
 * pcdsim_scenario_free(). The loader keeps no global state and may run in several threads at
 * once (libyaml's global nesting limit is not used: the loader enforces its own).
 */
#ifndef PCDSIM_SCENARIO_H
#define PCDSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flashmodel/nrf5340.h"
#include "pcdsim/diag.h"
#include "pcdsim/host_util.h"
#include "pcdsim/layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The scenario format version this loader reads (`version: 1`). */
#define PCDSIM_SCENARIO_FORMAT_VERSION 1

/** Largest scenario file accepted, in bytes. */
#define PCDSIM_SCENARIO_FILE_MAX (1024u * 1024u)

/** Deepest nesting of YAML collections accepted (the format needs 5). */
#define PCDSIM_SCENARIO_DEPTH_MAX 16

/** Longest `corrupt.bytes` list. */
#define PCDSIM_SCN_CORRUPT_BYTES_MAX 256

/* ------------------------------------------------------------------------------------------ */
/** @name Requirement ids (shared/spec/reference-behaviour.md, sections 3 and 5-10)
 * @{ */

/** Group of a requirement: the id's prefix. */
enum pcdsim_req_group {
    PCDSIM_REQ_APP = 0, /**< App-side updater (`APP-*`, §3). */
    PCDSIM_REQ_B0N,     /**< Network-core bootloader (`B0N-*`, §3). */
    PCDSIM_REQ_SYS,     /**< System property, checked on every run (`SYS-*`, §3). */
    PCDSIM_REQ_MI,      /**< Simultaneous app + net multi-image update (`MI-*`, §5). */
    PCDSIM_REQ_RB,      /**< Coordinated rollback of both cores (`RB-*`, §6). */
    PCDSIM_REQ_NAND,    /**< External NAND secondary slots (`NAND-*`, §7). */
    PCDSIM_REQ_DL,      /**< Download into the secondary slots (`DL-*`, §8). */
    PCDSIM_REQ_PKG,     /**< Release packages as NCS writes them (`PKG-*`, §9). */
    PCDSIM_REQ_N52,     /**< nRF52 dual-bank background update (`N52-*`, §10). */
};

/** One requirement of the reference behaviour. */
struct pcdsim_requirement {
    const char *id;              /**< Id as written in the spec, e.g. "B0N-COPY". */
    enum pcdsim_req_group group; /**< Its group. */
    const char *title;           /**< A few words saying what it requires. */
    /** NULL for a requirement pcdsim judges; else the project issue that will implement it
     *  (e.g. "#13"): the id is registered, named scenarios get "not judged" for it, and
     *  `pcdsim coverage` lists it as a planned gap instead of failing on it. */
    const char *planned;
};

/**
 * @brief Number of requirement ids known to pcdsim.
 * @return the count (every id of reference-behaviour.md, no other)
 */
size_t pcdsim_requirement_count(void);

/**
 * @brief Requirement number @p i, in the order of the spec.
 * @param i index, 0 <= i < pcdsim_requirement_count()
 * @return the requirement (static storage), or NULL if @p i is out of range
 */
const struct pcdsim_requirement *pcdsim_requirement_at(size_t i);

/**
 * @brief Find a requirement by its exact id.
 * @param id id, e.g. "APP-RETRY" (case-sensitive)
 * @return the requirement (static storage), or NULL if unknown
 */
const struct pcdsim_requirement *pcdsim_requirement_find(const char *id);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Events (the table of docs/SCENARIOS.md)
 * @{ */

/** Timeline events; triggers and `run:` steps name them. */
enum pcdsim_scn_event {
    PCDSIM_EV_APP_BOOT = 0,     /**< `app.boot`: the application core starts MCUboot. */
    PCDSIM_EV_APP_VALIDATED,    /**< `app.validated`: the candidate passed MCUboot validation. */
    PCDSIM_EV_APP_STAGED,       /**< `app.staged`: the candidate was copied from QSPI into RAM. */
    PCDSIM_EV_APP_CMD_WRITTEN,  /**< `app.cmd_written`: the PCD command is in `pcd_sram`. */
    PCDSIM_EV_APP_RELEASED,     /**< `app.released`: Force-OFF released. */
    PCDSIM_EV_APP_HELD,         /**< `app.held`: Force-OFF held. */
    PCDSIM_EV_APP_OUTCOME,      /**< `app.outcome`: the app core saw DONE, FAIL or a timeout. */
    PCDSIM_EV_APP_MARK_STARTED, /**< `app.mark_started`: marking the slot started. */
    PCDSIM_EV_APP_MARK_DONE,    /**< `app.mark_done`: marking the slot done or rejected finished. */
    PCDSIM_EV_APP_LOCKED,       /**< `app.locked`: SPU lock of `pcd_sram`. */
    PCDSIM_EV_APP_JUMP,         /**< `app.jump`: MCUboot hands over to the application. */
    PCDSIM_EV_NET_START,        /**< `net.start`: the network core starts B0N. */
    PCDSIM_EV_B0N_CMD_SEEN,     /**< `b0n.cmd_seen`: B0N found a command. */
    PCDSIM_EV_B0N_SRC_VERIFIED, /**< `b0n.src_verified`: the source hashed to the expected SHA-256. */
    PCDSIM_EV_B0N_ERASE_PAGE,   /**< `b0n.erase_page`: B0N erased a page (a page event). */
    PCDSIM_EV_B0N_COPY_DONE,    /**< `b0n.copy_done`: the last word of the copy was written. */
    PCDSIM_EV_B0N_REPORT,       /**< `b0n.report`: DONE or FAIL written. */
    PCDSIM_EV_B0N_BOOT,         /**< `b0n.boot`: B0N boots the network-core application. */
    PCDSIM_EV_APP_CMD_WORD,     /**< `app.cmd_word`: the application core wrote one word of the PCD block
                                     other than the magic (src, len, dst, extension, SHA-256, ...): a power
                                     loss or reset can land between two of them (`nth` counts them). */
    PCDSIM_EV_APP_DL_STORED,    /**< `app.dl_stored`: the application's download wrote a progress record
                                     naming the bytes stored so far (`nth` counts them). */
    PCDSIM_EV__COUNT            /**< Number of events (not an event). */
};

/**
 * @brief Name of an event as scenarios write it ("b0n.erase_page").
 * @param ev an event
 * @return a static string, "?" if @p ev is not an event
 */
const char *pcdsim_scn_event_name(enum pcdsim_scn_event ev);

/**
 * @brief Find an event by name.
 * @param name event name, e.g. "app.jump"
 * @param[out] out the event (untouched if unknown)
 * @retval true found
 * @retval false unknown name
 */
bool pcdsim_scn_event_find(const char *name, enum pcdsim_scn_event *out);

/**
 * @brief Whether an event concerns one flash page, so that a trigger may give `page:`.
 * @param ev an event
 * @return true for `b0n.erase_page`
 */
bool pcdsim_scn_event_is_page(enum pcdsim_scn_event ev);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Data model
 * @{ */

/** A position in the scenario file; 0/0 for a value not written there (a default). */
struct pcdsim_scn_pos {
    unsigned line;   /**< 1-based line, 0 if defaulted. */
    unsigned column; /**< 1-based column, 0 if defaulted. */
};

/** A file named by the scenario. */
struct pcdsim_scn_file {
    char *path;                /**< Resolved path (scenario directory + path as written), owned; NULL = absent. */
    char *written;             /**< The path exactly as written in the scenario, owned; NULL = absent. */
    uint64_t size;             /**< Size in bytes when the scenario was loaded. */
    struct pcdsim_scn_pos pos; /**< Where the path is written. */
};

/** A string with its position (labels, log substrings, reports). */
struct pcdsim_scn_string {
    char *text;                /**< The string, owned, NUL-terminated (never contains NUL). */
    struct pcdsim_scn_pos pos; /**< Where it is written. */
};

/** Which of the application-side updaters and B0N is under test (`profile:`). */
enum pcdsim_scn_profile {
    PCDSIM_PROFILE_REFERENCE = 0, /**< `reference`: ours (src/pcd). The default. */
    PCDSIM_PROFILE_NCS,           /**< `ncs`: behaves as shipped NCS code, reproducing its hazards. */
};

/** Built-in layouts, recognised by name; the runner materialises them. */
enum pcdsim_scn_builtin {
    PCDSIM_BUILTIN_NONE = 0,           /**< Not a built-in: a file. */
    PCDSIM_BUILTIN_NRF5340DK_INTERNAL, /**< `builtin:nrf5340dk-internal` (app layout, both slots internal). */
    PCDSIM_BUILTIN_NRF5340DK_EXTFLASH, /**< `builtin:nrf5340dk-extflash` (app layout, secondary slots on QSPI). */
    PCDSIM_BUILTIN_NCS,                /**< `builtin:ncs` (net layout: facts 2.1 defaults). */
};

/** A layout given as a file or a built-in. */
struct pcdsim_scn_layout_src {
    enum pcdsim_scn_builtin builtin; /**< Built-in, or ::PCDSIM_BUILTIN_NONE for @ref file. */
    struct pcdsim_scn_file file;     /**< The file when not a built-in (path NULL otherwise). */
    struct pcdsim_scn_pos pos;       /**< Where it is written (0/0 = default). */
};

/** `board:` */
/** Most entries of each list of board.nand. */
#define PCDSIM_SCN_NAND_MAX 8

/** `board.nand`: an external SPI NAND (W25N01GV, flashmodel/nand.h) and its faults (docs/SCENARIOS.md). */
struct pcdsim_scn_nand {
    bool present;                                /**< `nand` was given. */
    uint32_t blocks;                             /**< `blocks`: 128 KiB blocks (1..1024). */
    uint32_t spare_blocks;                       /**< `spare_blocks`: blocks of each NAND slot kept as spares (default 2). */
    uint32_t factory_bad[PCDSIM_SCN_NAND_MAX];   /**< `factory_bad`: blocks with the factory bad-block mark. */
    unsigned n_factory_bad;                      /**< Entries. */
    uint32_t grown_bad[PCDSIM_SCN_NAND_MAX];     /**< `grown_bad`: blocks that fail their next program/erase. */
    unsigned n_grown_bad;                        /**< Entries. */
    uint32_t bit_error_offset[PCDSIM_SCN_NAND_MAX]; /**< `bit_errors[].offset`: offset in the slot. */
    uint8_t bit_error_bits[PCDSIM_SCN_NAND_MAX]; /**< `bit_errors[].bits`: 1 corrected, 2+ uncorrectable. */
    char bit_error_slot[PCDSIM_SCN_NAND_MAX][PCDSIM_LAYOUT_NAME_MAX]; /**< `bit_errors[].slot`: the NAND slot
                                                  (partition name); "" = the run's candidate slot (image 1's in a batch). */
    struct pcdsim_scn_pos bit_error_pos[PCDSIM_SCN_NAND_MAX]; /**< Where each entry is written. */
    unsigned n_bit_errors;                       /**< Entries. */
    uint32_t fail_ppm;                           /**< `fail_ppm`: seeded grown bad blocks, chance per program/erase per million. */
};

/**
 * @brief What a secondary slot in the SPI NAND offers (docs/SCENARIOS.md, board.nand).
 * @param nd the board's NAND
 * @param address the slot partition's offset in the NAND, bytes
 * @param size its size, bytes
 * @param[out] offer the bytes the slot offers: its blocks less board.nand.spare_blocks
 * @retval 0 ok
 * @retval PCDSIM_E_SCHEMA no NAND, or not a run of whole 128 KiB blocks inside it, more than the
 *         spare blocks and at most 64 of them (pcd/nand_area.h PCD_NAND_MAX_BLOCKS)
 */
int pcdsim_scn_nand_slot_offer(const struct pcdsim_scn_nand *nd, uint32_t address, uint32_t size, uint32_t *offer);

/** `board.provision`: the network core's provision data (facts §2.2) with NSIB's version counter
 *  (docs/SCENARIOS.md; the bytes: docs/SPEC.md 7.4). */
struct pcdsim_scn_provision {
    bool present;        /**< `provision` was given (absent: the provision area stays erased: no counter). */
    uint32_t counter;    /**< `counter`: the version the counter holds at set-up, 0..0x7FFF (0: no slot written). */
    uint32_t slots;      /**< `slots`: counter slots, 1..PCDSIM_SCN_COUNTER_SLOTS_MAX (default 16). */
    bool counter_update; /**< `counter_update`: B0N writes the next slot when it boots a newer image. */
    struct pcdsim_scn_pos pos; /**< Position of the `provision` value. */
};

/** Most counter slots that fit the 0x280-byte provision area after its 60-byte head. */
#define PCDSIM_SCN_COUNTER_SLOTS_MAX 290u

struct pcdsim_scn_board {
    struct pcdsim_scn_layout_src layout;     /**< `layout`: application-domain pm_static.yml. Required. */
    struct pcdsim_scn_layout_src net_layout; /**< `net_layout`: default `builtin:ncs`. */
    bool qspi;                               /**< `qspi`: MX25R6435F fitted (default true). */
    uint32_t ram_flash_address;              /**< `ram_flash.address`: app-SRAM address (default 0x20010000). */
    uint32_t ram_flash_size;                 /**< `ram_flash.size` in bytes (default 0x40000). */
    struct pcdsim_scn_nand nand;             /**< `nand`: external SPI NAND (absent: none). */
    struct pcdsim_scn_provision provision;   /**< `provision`: the network core's version counter (absent: none). */
    /** The application-domain layout, loaded (also for a built-in); owned. */
    struct pcdsim_layout app;
    /** The network-domain layout when `net_layout` is a file (zeroed for `builtin:ncs`); owned. */
    struct pcdsim_layout net;
    /** The update view of @ref app and @ref net (slots, pcd_sram, net-core partitions). */
    struct pcdsim_update_layout update;
};

/** How a memory location is given in the scenario. */
enum pcdsim_scn_loc_kind {
    PCDSIM_LOC_PARTITION = 0, /**< `partition` (+ `offset`): a partition of the application layout. */
    PCDSIM_LOC_ADDRESS,       /**< `address`: a CPU address (app flash, net flash, app SRAM, net SRAM). */
    PCDSIM_LOC_DEVICE,        /**< `device` + `offset`: an offset in one device. */
};

/** A memory location, as written and resolved to one device of flashmodel/nrf5340.h. */
struct pcdsim_scn_loc {
    enum pcdsim_scn_loc_kind kind;             /**< How it was written. */
    char partition[PCDSIM_LAYOUT_NAME_MAX];    /**< Partition name (::PCDSIM_LOC_PARTITION), else "". */
    uint32_t address;                          /**< Address as written (::PCDSIM_LOC_ADDRESS), else 0. */
    uint32_t offset;                           /**< `offset` as written (partition/device kinds; default 0). */
    enum fm_nrf5340_dev device;                /**< Resolved device. */
    uint32_t dev_offset;                       /**< Resolved offset of the first byte inside @ref device. */
    uint32_t limit;                            /**< Bytes from @ref dev_offset to the end of the partition or device. */
    struct pcdsim_scn_pos pos;                 /**< Where the location's first key is written. */
};

/** What the candidate's MCUboot trailer requests. */
enum pcdsim_scn_request {
    PCDSIM_REQUEST_NONE = 0,  /**< `none`: no trailer written. */
    PCDSIM_REQUEST_TEST,      /**< `test`: trailer magic (a test swap). The default. */
    PCDSIM_REQUEST_PERMANENT, /**< `permanent`: trailer magic and `image_ok`. */
};

/** An update written into a slot (`contents.candidate`, step `write_candidate`). */
struct pcdsim_scn_candidate {
    struct pcdsim_scn_file file;          /**< `file`: the signed image. Required. */
    char slot[PCDSIM_LAYOUT_NAME_MAX];    /**< `slot`: partition name (default `mcuboot_secondary`). */
    enum fm_nrf5340_dev device;           /**< Device of the slot: FM_NRF_APP_FLASH, FM_NRF_QSPI or FM_NRF_NAND. */
    uint32_t dev_offset;                  /**< Offset of the slot in @ref device. */
    uint32_t slot_size;                   /**< Size of the slot in bytes (>= file.size); a NAND slot: what it offers, its blocks less board.nand.spare_blocks. */
    enum pcdsim_scn_request request;      /**< `request` (default ::PCDSIM_REQUEST_TEST). */
    struct pcdsim_scn_pos pos;            /**< Where the candidate mapping starts. */
    uint32_t image;                       /**< MCUboot image index of the slot: N for `mcuboot_secondary_N`, else 0
                                               (`image:`, when written, must agree; a batch knows 0 and 1). */
};

/** One `contents.extra` raw load. */
struct pcdsim_scn_extra {
    struct pcdsim_scn_loc at;    /**< Where the bytes go (file.size <= at.limit). */
    struct pcdsim_scn_file file; /**< `file`: the bytes. */
    struct pcdsim_scn_pos pos;   /**< Where the entry starts. */
};

/** `contents:` */
struct pcdsim_scn_contents {
    struct pcdsim_scn_file app;            /**< `app`: into `mcuboot_primary` (path NULL = empty slot). */
    struct pcdsim_scn_file net;            /**< `net`: into the net-core app partition (path NULL = empty). */
    bool has_candidate;                    /**< `candidate` given. */
    struct pcdsim_scn_candidate candidate; /**< `candidate`. */
    struct pcdsim_scn_candidate *candidates; /**< `candidates`: a batch, image 0 and/or 1, one per slot; owned. */
    size_t candidate_count;                  /**< Number of @ref candidates (0..2). */
    struct pcdsim_scn_extra *extra;        /**< `extra` loads in file order, owned. */
    size_t extra_count;                    /**< Number of @ref extra. */
};

/** `updater:` (application-side updater configuration). */
struct pcdsim_scn_updater {
    uint32_t retries;    /**< `retries`: attempts per boot, 1..16 (PCD_UPDATER_MAX_ATTEMPTS; default 3). */
    uint32_t timeout_ms; /**< `timeout_ms`: per attempt, ms of device time (default 60000). */
    uint32_t poll_ms;    /**< `poll_ms`: status poll period, ms, <= timeout_ms (default 1000). */
    bool downgrade_prevention; /**< `downgrade_prevention`: a batch refuses a candidate older than what runs
                                    (MI-DOWNGRADE; default false). */
    bool rollback;             /**< `rollback`: a batch whose application image is requested as test is a test
                                    batch: swapped, the network core backed up into the layout's `netcore_backup`,
                                    reverted unless confirmed (RB-*, docs/ROLLBACK.md; default false). */
    int confirm;               /**< `confirm`: when the new application confirms itself: 0 `net_up` (once the
                                    network core reports its version; the default), 1 `never` (it crashes first). */
};

/** `download:` -- the running application receives a dfu_multi_image.bin over a transport at
 *  every boot until it has requested it (reference-behaviour §8, DL-*; docs/SCENARIOS.md). */
struct pcdsim_scn_download {
    bool present;                          /**< `download` given. */
    struct pcdsim_scn_file app;            /**< `app`: image id 0 of a package pcdsim builds (as dfu_multi_image_tool.py). */
    struct pcdsim_scn_file net;            /**< `net`: image id 1 of it. */
    struct pcdsim_scn_file package;        /**< `package`: a dfu_multi_image.bin as it is (instead of app/net). */
    char progress[PCDSIM_LAYOUT_NAME_MAX]; /**< `progress`: partition of the progress log (default settings_storage). */
    enum fm_nrf5340_dev progress_device;   /**< Its device (app flash or QSPI). */
    uint32_t progress_offset;              /**< Its offset in the device. */
    uint32_t progress_size;                /**< Its size (at least two 4 KiB pages). */
    enum pcdsim_scn_request request;       /**< `request`: test (default) or permanent. */
    uint32_t chunk;                        /**< `chunk`: bytes per transport chunk, 1..4096 (default 244: SMP over BLE, 247-byte MTU). */
    uint32_t rate_bps;                     /**< `rate_bps`: transport payload bytes per second, 100..10000000 (default 10000). */
    uint32_t loss_permille;                /**< `loss_permille`: chunks lost and sent again, 0..900 (default 0). */
    uint32_t retry_ms;                     /**< `retry_ms`: how long the sender waits before it repeats a lost chunk (default 1000). */
    struct pcdsim_scn_pos pos;             /**< Where the mapping starts. */
};

/** Kind of a trigger. */
enum pcdsim_scn_trigger_kind {
    PCDSIM_TRIG_NONE = 0, /**< No trigger (`stuck_bits`: active from the start). */
    PCDSIM_TRIG_OP,       /**< `at_op: N`. */
    PCDSIM_TRIG_TIME,     /**< `at_time_ms: T`. */
    PCDSIM_TRIG_EVENT,    /**< `at_event: NAME` (`from_event: NAME` for `net_core`). */
};

/** Which flash operations `at_op` counts. */
enum pcdsim_scn_op_kind {
    PCDSIM_OP_ANY = 0, /**< Programs and erases (no `kind:`). */
    PCDSIM_OP_PROGRAM, /**< `kind: program`. */
    PCDSIM_OP_ERASE,   /**< `kind: erase`. */
};

/** When a fault fires. */
struct pcdsim_scn_trigger {
    enum pcdsim_scn_trigger_kind kind; /**< Which trigger. */
    uint32_t op;                       /**< ::PCDSIM_TRIG_OP: the Nth operation, counted from 0. */
    bool has_device;                   /**< ::PCDSIM_TRIG_OP: only operations on @ref device count. */
    enum fm_nrf5340_dev device;        /**< Device filter (flash devices only). */
    enum pcdsim_scn_op_kind op_kind;   /**< ::PCDSIM_TRIG_OP: operation-kind filter. */
    uint32_t time_ms;                  /**< ::PCDSIM_TRIG_TIME: device time in ms. */
    enum pcdsim_scn_event event;       /**< ::PCDSIM_TRIG_EVENT: the event. */
    uint32_t nth;                      /**< ::PCDSIM_TRIG_EVENT: 1-based occurrence (default 1). */
    bool has_page;                     /**< ::PCDSIM_TRIG_EVENT: only occurrences on @ref page count. */
    uint32_t page;                     /**< Page index in network flash (0..127). */
    struct pcdsim_scn_pos pos;         /**< Where the trigger key is written. */
};

/** Kind of a fault. */
enum pcdsim_scn_fault_kind {
    PCDSIM_FAULT_POWER_LOSS = 0, /**< `power_loss`. */
    PCDSIM_FAULT_CORRUPT,        /**< `corrupt`. */
    PCDSIM_FAULT_STUCK_BITS,     /**< `stuck_bits`. */
    PCDSIM_FAULT_NET_CORE,       /**< `net_core`. */
    PCDSIM_FAULT_APP_WRITES_PCD, /**< `app_writes_pcd`. */
    PCDSIM_FAULT_WARM_RESET,     /**< `warm_reset`. */
};

/** How a power loss tears the operation it hits. */
enum pcdsim_scn_tear {
    PCDSIM_TEAR_NONE = 0,  /**< `none`: cut before the operation (default). */
    PCDSIM_TEAR_PREFIX,    /**< `prefix`: the first write units / an erased prefix land. */
    PCDSIM_TEAR_SOMEBITS,  /**< `somebits`: a random 1/4 of the bits change. */
    PCDSIM_TEAR_MOSTBITS,  /**< `mostbits`: a random 3/4 of the bits change. */
    PCDSIM_TEAR_GARBAGE,   /**< `garbage`: seeded garbage (erases only). */
};

/** What a `net_core` fault makes the network core do. */
enum pcdsim_scn_net_mode {
    PCDSIM_NET_SILENT = 0, /**< `silent`: does nothing from then on. */
    PCDSIM_NET_CRASH,      /**< `crash`: halts with a BusFault at each start. */
};

/** `power_loss` parameters. */
struct pcdsim_scn_power_loss {
    enum pcdsim_scn_tear tear; /**< `tear` (default none). */
    bool after;                /**< `after`: cut right after the operation (default false). */
};

/** `corrupt` parameters. */
struct pcdsim_scn_corrupt {
    struct pcdsim_scn_loc at;                       /**< `partition`+`offset` or `address`. */
    bool has_bytes;                                 /**< `bytes` given (else `xor`). */
    uint8_t xor_mask;                               /**< `xor`: mask XORed into each byte (default 0x01). */
    uint32_t length;                                /**< Bytes affected: `length` (xor, default 1) or `bytes` count. */
    uint8_t bytes[PCDSIM_SCN_CORRUPT_BYTES_MAX];    /**< `bytes`: replacement bytes. */
};

/** `stuck_bits` parameters. */
struct pcdsim_scn_stuck_bits {
    struct pcdsim_scn_loc at; /**< `address`, or `device` + `offset` (flash devices only). */
    uint32_t length;          /**< `length` in bytes (>= 1). */
    uint8_t mask;             /**< `mask`: bits of each byte that never clear (default 0xFF). */
    bool forever;             /**< `attempts: forever` (the default). */
    uint32_t attempts;        /**< `attempts: N`: programs of the range affected before it heals. */
};

/** `net_core` parameters. */
struct pcdsim_scn_net_core {
    enum pcdsim_scn_net_mode mode; /**< `mode`. Required. */
};

/** `app_writes_pcd` parameters: the raw words the application writes into `pcd_sram`. */
struct pcdsim_scn_app_writes_pcd {
    uint32_t magic; /**< `magic` word (e.g. 0xb5b4b3b6 = COPY). */
    uint32_t src;   /**< `src` address. */
    uint32_t len;   /**< `len` in bytes. */
    uint32_t dst;   /**< `dst` offset inside net flash. */
};

/** One fault to inject. Only the member of @ref kind is meaningful. */
struct pcdsim_scn_fault {
    enum pcdsim_scn_fault_kind kind;             /**< The fault. */
    struct pcdsim_scn_trigger trigger;           /**< When it fires (kind NONE for `stuck_bits`). */
    struct pcdsim_scn_power_loss power_loss;     /**< ::PCDSIM_FAULT_POWER_LOSS. */
    struct pcdsim_scn_corrupt corrupt;           /**< ::PCDSIM_FAULT_CORRUPT. */
    struct pcdsim_scn_stuck_bits stuck_bits;     /**< ::PCDSIM_FAULT_STUCK_BITS. */
    struct pcdsim_scn_net_core net_core;         /**< ::PCDSIM_FAULT_NET_CORE. */
    struct pcdsim_scn_app_writes_pcd app_writes_pcd; /**< ::PCDSIM_FAULT_APP_WRITES_PCD. */
    unsigned line;                               /**< Line of the fault's kind key (for citing). */
    unsigned column;                             /**< Column of the fault's kind key. */
};

/** Kind of a step. */
enum pcdsim_scn_step_kind {
    PCDSIM_STEP_POWER_ON = 0,      /**< `power_on`. */
    PCDSIM_STEP_POWER_CYCLE,       /**< `power_cycle`: loss, then on. */
    PCDSIM_STEP_WARM_RESET,        /**< `warm_reset`. */
    PCDSIM_STEP_RUN_IDLE,          /**< `run: idle`. */
    PCDSIM_STEP_RUN_EVENT,         /**< `run: EVENT`. */
    PCDSIM_STEP_RUN_MS,            /**< `run_ms: T`. */
    PCDSIM_STEP_WRITE_CANDIDATE,   /**< `write_candidate: {file, slot, request}`. */
    PCDSIM_STEP_RELEASE_NET,       /**< `release_net`. */
};

/** One step. */
struct pcdsim_scn_step {
    enum pcdsim_scn_step_kind kind;        /**< The step. */
    enum pcdsim_scn_event event;           /**< ::PCDSIM_STEP_RUN_EVENT: run until this event. */
    uint32_t ms;                           /**< ::PCDSIM_STEP_RUN_MS: ms of device time (>= 1). */
    struct pcdsim_scn_candidate candidate; /**< ::PCDSIM_STEP_WRITE_CANDIDATE (file owned). */
    unsigned line;                         /**< Line of the step (0 for the default steps). */
    unsigned column;                       /**< Column of the step. */
};

/** State of the candidate's slot. */
enum pcdsim_scn_slot_state {
    PCDSIM_SLOT_PENDING = 0, /**< `pending`: the update is still requested. */
    PCDSIM_SLOT_DONE,        /**< `done`: applied and marked. */
    PCDSIM_SLOT_REJECTED,    /**< `rejected`: marked NACK. */
    PCDSIM_SLOT_EMPTY,       /**< `empty`: no image. */
};

/** An MCUboot image version (`major.minor.revision[+build]`), or none. */
struct pcdsim_scn_version {
    bool none;         /**< `none`: no application expected. */
    uint8_t major;     /**< Major. */
    uint8_t minor;     /**< Minor. */
    uint16_t revision; /**< Revision. */
    uint32_t build;    /**< Build number (0 if not written). */
};

/** One `expect.verdicts` entry. */
struct pcdsim_scn_verdict {
    const struct pcdsim_requirement *req; /**< The requirement (static storage). */
    bool pass;                            /**< `pass` (true) or `fail` (false). */
    struct pcdsim_scn_pos pos;            /**< Where the id is written. */
};

/** `expect:`. A field is checked only when its `has_*` flag is set. */
struct pcdsim_scn_expect {
    bool has_app_version;                 /**< `app_version` given. */
    struct pcdsim_scn_version app_version;/**< Version MCUboot jumped to, or none. */
    struct pcdsim_scn_pos app_version_pos;/**< Its position. */
    bool has_net_version;                 /**< `net_version` given. */
    bool net_version_none;                /**< `net_version: none`. */
    uint32_t net_version;                 /**< `fw_info.version` of the net-core app B0N booted. */
    struct pcdsim_scn_pos net_version_pos;/**< Its position. */
    bool has_net_counter;                 /**< `net_counter` given (needs board.provision). */
    uint32_t net_counter;                 /**< NSIB counter version in the provision data after the run. */
    struct pcdsim_scn_pos net_counter_pos;/**< Its position. */
    bool has_slot;                        /**< `slot` given. */
    enum pcdsim_scn_slot_state slot;      /**< State of the candidate's slot. */
    struct pcdsim_scn_pos slot_pos;       /**< Its position. */
    bool has_attempts;                    /**< `attempts` given. */
    uint32_t attempts;                    /**< PCD attempts in the last boot (0..1000). */
    struct pcdsim_scn_pos attempts_pos;   /**< Its position. */
    bool has_boots;                       /**< `boots` given. */
    uint32_t boots;                       /**< App-core boots (0..1000). */
    struct pcdsim_scn_pos boots_pos;      /**< Its position. */
    struct pcdsim_scn_string *log;        /**< `log` substrings, owned. */
    size_t log_count;                     /**< Number of @ref log. */
    struct pcdsim_scn_string *no_log;     /**< `no_log` substrings, owned. */
    size_t no_log_count;                  /**< Number of @ref no_log. */
    struct pcdsim_scn_string *reports;    /**< `reports` lines, owned. */
    size_t report_count;                  /**< Number of @ref reports. */
    struct pcdsim_scn_verdict *verdicts;  /**< `verdicts`, owned. */
    size_t verdict_count;                 /**< Number of @ref verdicts. */
};

/** A requirement the scenario names in `requirements:`. */
struct pcdsim_scn_req_ref {
    const struct pcdsim_requirement *req; /**< The requirement (static storage). */
    struct pcdsim_scn_pos pos;            /**< Where it is written. */
};

/** A loaded scenario. Zero it (or let pcdsim_scenario_load() do it) before use. */
struct pcdsim_scenario {
    char *path;                              /**< Scenario file as given to the loader, owned. */
    char *dir;                               /**< Directory relative paths are resolved against, owned. */
    uint32_t version;                        /**< `version` (always ::PCDSIM_SCENARIO_FORMAT_VERSION). */
    char *name;                              /**< `name`: one line, owned. */
    char *description;                       /**< `description`, owned; NULL if absent. */
    struct pcdsim_scn_req_ref *requirements; /**< `requirements` (at least one, no repeats), owned. */
    size_t requirement_count;                /**< Number of @ref requirements. */
    struct pcdsim_scn_string *labels;        /**< `labels`, owned. */
    size_t label_count;                      /**< Number of @ref labels. */
    uint64_t seed;                           /**< `seed` (default 0). */
    enum pcdsim_scn_profile profile;         /**< `profile` (default reference). */
    bool has_ncs_version;                    /**< `ncs_version` given (only with `profile: ncs`). */
    uint32_t ncs_version;                    /**< `ncs_version` "MAJOR.MINOR.PATCH" as (major << 16) | (minor << 8) |
                                                  patch; 0 when absent (the NCS profile's default, 2.9.0). */
    struct pcdsim_scn_pos ncs_version_pos;   /**< Where `ncs_version` is written. */
    struct pcdsim_scn_board board;           /**< `board`. */
    struct pcdsim_scn_file *keys;            /**< `keys`: PEM public keys, owned. */
    size_t key_count;                        /**< Number of @ref keys. */
    struct pcdsim_scn_contents contents;     /**< `contents`. */
    struct pcdsim_scn_updater updater;       /**< `updater` with defaults applied. */
    struct pcdsim_scn_download download;     /**< `download` (present = false when absent). */
    uint32_t max_device_time_ms;             /**< `max_device_time_ms`: bound of a run step, ms; 0 = derived
                                                  from the run (boots x attempts x timeout + margin). */
    struct pcdsim_scn_fault *faults;         /**< `faults` in file order, owned. */
    size_t fault_count;                      /**< Number of @ref faults. */
    struct pcdsim_scn_step *steps;           /**< `steps` (the default two when absent), owned. */
    size_t step_count;                       /**< Number of @ref steps (>= 1). */
    bool steps_defaulted;                    /**< `steps` was absent: [power_on, {run: idle}]. */
    struct pcdsim_scn_expect expect;         /**< `expect`. */
    struct pcdsim_scn_file net_binary;       /**< `net_core.binary`: a B0N binary run on the emulated Cortex-M33
                                                  as the network core (src/sim/netcpu); path NULL = the
                                                  host-compiled B0N (default). */
    bool net_strict;                         /**< `net_core.strict`: stop at an unmodelled peripheral register. */
    uint64_t net_budget;                     /**< `net_core.budget`: instructions per core start (0 = default). */
};

/** @} */

/* ------------------------------------------------------------------------------------------ */

/**
 * @brief Load and check a scenario file.
 *
 * The whole file is checked before anything is returned; the first problem found is reported
 * (one error, never a cascade). `version` is checked first, then unknown and duplicate keys, then
 * missing required keys, then values. Layout files are loaded with pcdsim_layout_load(); their
 * diagnostics are passed through unchanged (file, line and column inside the layout file), with
 * the scenario position added to the context.
 *
 * @param[in] path scenario file
 * @param[out] out the scenario; zeroed on entry and left zeroed on error (nothing to free then)
 * @param[out] diag diagnostic on error (may be NULL): file, 1-based line and column of the
 *             offending node, the offending text quoted in the message, a hint, and the context
 *             trail (e.g. "in 'faults[2].power_loss' (line 40, column 7)")
 * @retval 0 loaded; release with pcdsim_scenario_free()
 * @retval PCDSIM_E_FILE the scenario, or a file it names, cannot be read (missing, not a regular
 *         file, no permission), or the scenario is larger than ::PCDSIM_SCENARIO_FILE_MAX
 * @retval PCDSIM_E_YAML YAML syntax error (position from libyaml's problem mark), or more than one
 *         document
 * @retval PCDSIM_E_SCHEMA empty file, wrong node type, unknown/duplicate/missing key, bad or
 *         out-of-range number, unsupported version, unknown requirement id, event, step, fault,
 *         partition or device, conflicting keys, impossible address, a file that does not fit
 *         where it goes, two initial loads sharing bytes, anchors/aliases/tags, nesting deeper
 *         than ::PCDSIM_SCENARIO_DEPTH_MAX
 * @retval PCDSIM_E_LAYOUT a layout file is inconsistent (overlapping partitions, missing MCUboot
 *         slots), places a partition outside its device, or needs QSPI on a board without it;
 *         the RAM flash window overlaps `pcd_sram`
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_scenario_load(const char *path, struct pcdsim_scenario *out, struct pcdsim_diag *diag);

/**
 * @brief Free a scenario and zero it. Safe on a zeroed or already freed scenario, and on NULL.
 * @param[in,out] scn the scenario
 */
void pcdsim_scenario_free(struct pcdsim_scenario *scn);

/**
 * @brief The text of a built-in application layout, for the runner to materialise.
 *
 * The built-ins are copies of the hand-made fixtures `pm/handmade-nrf5340dk-internal.yml` and
 * `pm/handmade-nrf5340dk-extflash-mx25r64.yml` (a unit test checks they load to the same
 * partitions).
 *
 * @param builtin ::PCDSIM_BUILTIN_NRF5340DK_INTERNAL or ::PCDSIM_BUILTIN_NRF5340DK_EXTFLASH
 * @param[out] len length of the text in bytes (may be NULL)
 * @return a static pm_static.yml text, or NULL for any other value (`builtin:ncs` has no file:
 *         its values are the defaults of pcdsim_update_layout_get())
 */
const char *pcdsim_scn_builtin_layout_text(enum pcdsim_scn_builtin builtin, size_t *len);

/**
 * @brief Name of a built-in as scenarios write it, without the `builtin:` prefix.
 * @param builtin a built-in
 * @return a static string ("nrf5340dk-internal", ...), "" for ::PCDSIM_BUILTIN_NONE
 */
const char *pcdsim_scn_builtin_name(enum pcdsim_scn_builtin builtin);

/**
 * @brief Name of a device of flashmodel/nrf5340.h as scenarios write it ("net_flash", "qspi", ...).
 * @param dev a device
 * @return a static string, "?" if unknown
 */
const char *pcdsim_scn_device_name(enum fm_nrf5340_dev dev);

/** Oldest NCS release `ncs_version` accepts: 1.4.0, the first with PCD (facts file §1.8). */
#define PCDSIM_NCS_VERSION_MIN 0x010400u
/** Newest NCS release `ncs_version` accepts: 3.99.99 (the facts file describes NCS up to 3.x). */
#define PCDSIM_NCS_VERSION_MAX 0x036363u

/**
 * @brief Parse an NCS release "MAJOR.MINOR.PATCH" (decimal, no sign, no leading zeros, minor
 *        and patch at most 99) within [PCDSIM_NCS_VERSION_MIN, PCDSIM_NCS_VERSION_MAX].
 * @param text the text
 * @param[out] out (major << 16) | (minor << 8) | patch
 * @param[out] why on failure, a static phrase saying what is wrong
 * @retval 0 ok
 * @retval PCDSIM_E_SCHEMA malformed or outside the range
 */
int pcdsim_ncs_version_parse(const char *text, uint32_t *out, const char **why);

/* pcdsim_did_you_mean(), the "did you mean" of every message, is in pcdsim/host_util.h. */

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_SCENARIO_H */
