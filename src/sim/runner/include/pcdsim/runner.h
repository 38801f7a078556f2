/**
 * @file
 * @brief One scenario run: a board, its initial memory contents, faults, steps and expectations,
 *        executed on the simulated SoC with the real update code, then judged by the oracles.
 *
 * The configuration is plain data; the scenario loader (YAML) and `pcdsim gate` (artefacts)
 * both fill it. Device time is µs; sizes and offsets are bytes.
 */
#ifndef PCDSIM_RUNNER_H
#define PCDSIM_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flashmodel/flashmodel.h"
#include "pcd/b0n.h"
#include "pcdsim/nsib_counter.h"
#include "pcd/image.h"
#include "pcd/updater.h"
#include "pcd/batch.h"
#include "pcd/download.h"
#include "pcdsim/soc.h"

struct run_perfetto;

#ifdef __cplusplus
extern "C" {
#endif

#define RUN_MAX_LOADS 16      /**< Initial loads per run. */
#define RUN_MAX_FAULTS 16     /**< Faults per run. */
#define RUN_MAX_STEPS 32      /**< Steps per run. */
#define RUN_MAX_KEYS 8        /**< Trusted keys. */
#define RUN_MAX_STRINGS 16    /**< Expected log / report lines. */
#define RUN_MAX_REQS 32       /**< Requirement ids a scenario names. */
#define RUN_MAX_VERDICTS 48   /**< Verdicts of one run. */

/** Which update code runs. */
enum run_profile {
    RUN_PROFILE_REFERENCE = 0, /**< pcdsim's reference implementation (src/pcd/). */
    RUN_PROFILE_NCS = 1,       /**< The NCS-behaviour profile (reproduces the field hazards). */
};

/** A region of memory filled before power-on (as a debugger would program it). */
struct run_load {
    int dev;             /**< Flash-model device. */
    uint32_t off;        /**< Device offset. */
    const uint8_t *data; /**< Bytes (owned by the caller). */
    uint32_t len;        /**< Bytes. */
    char what[64];       /**< For messages: "app image", "net image", ... */
};

/** When a fault fires. */
enum run_trigger_kind {
    RUN_TRIG_NONE = 0, /**< Fires at the start (stuck bits, silent net core from the start). */
    RUN_TRIG_OP,       /**< The Nth flash operation (filtered by device and kind). */
    RUN_TRIG_TIME,     /**< At a device time. */
    RUN_TRIG_EVENT,    /**< At the Nth occurrence of a named event. */
};

/** Trigger of a fault. */
struct run_trigger {
    enum run_trigger_kind kind; /**< Kind. */
    uint64_t op;                /**< RUN_TRIG_OP: number N (0-based) among matching operations. */
    int dev;                    /**< RUN_TRIG_OP filter: device, or -1 for any. */
    int op_kind;                /**< RUN_TRIG_OP filter: enum fm_op_kind, or -1 for any. */
    uint64_t time_us;           /**< RUN_TRIG_TIME. */
    char event[32];             /**< RUN_TRIG_EVENT: name (docs/SCENARIOS.md). */
    uint32_t nth;               /**< RUN_TRIG_EVENT: occurrence, 1-based. */
    int32_t page;               /**< RUN_TRIG_EVENT b0n.erase_page: page index, or -1 for any. */
};

/** Kinds of fault. */
enum run_fault_kind {
    RUN_FAULT_POWER_LOSS = 0, /**< Cut power (optionally torn / after the operation). */
    RUN_FAULT_CORRUPT,        /**< XOR bytes of memory. */
    RUN_FAULT_STUCK_BITS,     /**< Bits that never clear in a flash range. */
    RUN_FAULT_NET_SILENT,     /**< The network core does nothing from then on. */
    RUN_FAULT_NET_CRASH,      /**< The network core faults at each start from then on. */
    RUN_FAULT_APP_WRITES_PCD, /**< The application writes a PCD command after boot. */
    RUN_FAULT_WARM_RESET,     /**< Application-core reset, RAM kept. */
};

/** A fault to inject. */
struct run_fault {
    enum run_fault_kind kind;  /**< Kind. */
    struct run_trigger trig;   /**< When. */
    int tear;                  /**< POWER_LOSS: enum fm_tear_mode, or -1 to cut before the operation. */
    bool after;                /**< POWER_LOSS: cut right after the operation completes. */
    uint64_t tear_seed;        /**< POWER_LOSS: seed of the torn cells. */
    int dev;                   /**< CORRUPT / STUCK_BITS: device. */
    uint32_t off;              /**< CORRUPT / STUCK_BITS: device offset. */
    uint32_t len;              /**< CORRUPT / STUCK_BITS: bytes. */
    uint8_t mask;              /**< CORRUPT: XOR mask; STUCK_BITS: bits stuck at 1. */
    const uint8_t *bytes;      /**< CORRUPT: replacement bytes (@ref len of them) instead of the XOR; NULL = XOR. */
    int32_t attempts;          /**< STUCK_BITS: programs of the range it spoils before it heals, -1 forever. */
    uint32_t pcd_words[4];     /**< APP_WRITES_PCD: magic, src, len, dst. */
    unsigned line;             /**< Source line in the scenario (0 if none). */
};

/** Kinds of step. */
enum run_step_kind {
    RUN_STEP_POWER_ON = 0, /**< Apply power. */
    RUN_STEP_POWER_CYCLE,  /**< Lose power, then apply it. */
    RUN_STEP_WARM_RESET,   /**< Application-core reset, RAM kept. */
    RUN_STEP_RUN_IDLE,     /**< Run until both cores are idle. */
    RUN_STEP_RUN_EVENT,    /**< Run until an event. */
    RUN_STEP_RUN_TIME,     /**< Run for a duration. */
    RUN_STEP_WRITE_CANDIDATE, /**< Write a new candidate into a slot (a DFU transport's job). */
    RUN_STEP_RELEASE_NET,  /**< The application releases the network core. */
};

/** A step. */
struct run_step {
    enum run_step_kind kind; /**< Kind. */
    char event[32];          /**< RUN_EVENT: event name. */
    uint64_t time_us;        /**< RUN_TIME: duration. */
    const uint8_t *data;     /**< WRITE_CANDIDATE: image bytes (owned by the caller). */
    uint32_t len;            /**< WRITE_CANDIDATE: bytes. */
    enum pcd_swap_type request; /**< WRITE_CANDIDATE: PCD_SWAP_TEST / PERM / NONE. */
    unsigned line;           /**< Source line (0 if none). */
};

/** Expected state of the candidate's slot. */
enum run_slot_expect {
    RUN_SLOT_ANY = 0,  /**< Not checked. */
    RUN_SLOT_PENDING,  /**< Request present, no record. */
    RUN_SLOT_DONE,     /**< Record says done. */
    RUN_SLOT_REJECTED, /**< Record says rejected. */
    RUN_SLOT_EMPTY,    /**< No request (or no image). */
};

/** The scenario's own expectations; `has_*` false = not checked. */
struct run_expect {
    bool has_app_version;             /**< Check app_version. */
    struct pcd_image_version app_version; /**< Version of the application MCUboot jumped to. */
    bool app_none;                    /**< Expect no application to be running. */
    bool has_net_version;             /**< Check net_version. */
    int64_t net_version;              /**< fw_info.version of the running net app, -1 = none. */
    bool has_net_counter;             /**< Check net_counter (needs run_config::counter). */
    uint32_t net_counter;             /**< The counter's version in the provision data at the end. */
    enum run_slot_expect slot;        /**< Final slot state. */
    int32_t attempts;                 /**< PCD attempts in the last boot, -1 = not checked. */
    int32_t boots;                    /**< App-core boots, -1 = not checked. */
    const char *log[RUN_MAX_STRINGS]; /**< Substrings that must appear in the log. */
    unsigned n_log;                   /**< Entries of @ref log. */
    const char *no_log[RUN_MAX_STRINGS]; /**< Substrings that must not appear. */
    unsigned n_no_log;                /**< Entries of @ref no_log. */
    const char *reports[RUN_MAX_STRINGS]; /**< SYS-REPORT lines that must be reported. */
    unsigned n_reports;               /**< Entries of @ref reports. */
    const char *verdict_id[RUN_MAX_VERDICTS]; /**< Ids whose verdict is expected ... */
    bool verdict_pass[RUN_MAX_VERDICTS];      /**< ... to be this. */
    unsigned n_verdicts;              /**< Entries. */
};

/** What the NCS-behaviour models (profile ncs, docs/NCS-PROFILE.md) take from the scenario. */
struct run_ncs {
    uint32_t version;      /**< NCS release, (major << 16) | (minor << 8) | patch (pcdsim/ncs.h NCS_VERSION());
                                0 = the default, 2.9.0. */
    bool multi_image;      /**< Simultaneous-update layout: mcuboot_primary_1 in ram_flash and the candidate in
                                mcuboot_secondary_1 (NRF53_MULTI_IMAGE_UPDATE, facts §3.4). */
    uint32_t ram_slot_off; /**< multi_image: mcuboot_primary_1's offset in the RAM flash simulator. */
    uint32_t ram_slot_size;/**< Its size, bytes. */
};

/** A batch (reference-behaviour §5, MI-*): image 0 (the application) beside image 1, whose
 *  candidate and slot are run_config::candidate and run_config::upd. The app side runs
 *  pcd_batch_run() (pcd/batch.h) instead of pcd_updater_run(). */
struct run_batch {
    bool on;                          /**< Run the batch updater. */
    const uint8_t *app;               /**< Image 0's candidate file, or NULL. */
    uint32_t app_len;                 /**< Its length. */
    enum pcd_swap_type app_request;   /**< Request written in its trailer. */
    enum pcd_mem app_slot_mem;        /**< mcuboot_secondary: memory (app flash or QSPI). */
    uint32_t app_slot_off;            /**< Its offset. */
    uint32_t app_slot_size;           /**< Its size. */
    uint32_t ramsim_size;             /**< mcuboot_primary_1 (the RAM window at upd.stage_off): size, MI-RAMSIM. */
    bool downgrade_prevention;        /**< MI-DOWNGRADE configured. */
    bool rollback;                    /**< RB-*: test batches (pcd_rb_config::on). */
    enum pcd_mem backup_mem;          /**< `netcore_backup`: memory (app flash or QSPI). */
    uint32_t backup_off;              /**< Its offset. */
    uint32_t backup_size;             /**< Its size; 0 = no partition. */
    bool never_confirm;               /**< The new application never confirms itself (it crashes first). */
};

/** A download (reference-behaviour §8, DL-*): at every boot the running application receives the
 *  package over a simulated transport (pcd/download.h) until it has requested the upgrade, then
 *  reboots into MCUboot. Device time advances by the transport's rate; lost chunks cost a retry. */
struct run_download {
    bool on;                     /**< The application downloads. */
    const uint8_t *pkg;          /**< The package as the sender has it (owned by the caller). */
    uint32_t pkg_len;            /**< Its length (what the transport announces). */
    struct pcd_dl_config cfg;    /**< Slots (id 0, id 1), progress area, test / permanent. */
    uint32_t chunk;              /**< Bytes per chunk. */
    uint32_t rate_bps;           /**< Payload bytes per second. */
    uint32_t loss_permille;      /**< Chunks lost (seeded), each repeated after @ref retry_us. */
    uint64_t retry_us;           /**< The sender's wait before repeating a lost chunk. */
    bool registered;             /**< The package is well-formed: its images are the batch's candidates for the
                                      oracles (run_batch::app, run_config::candidate), not written at set-up. */
};

/** Most factory-bad blocks, grown-bad blocks and bit-error places of one run (run_nand). */
#define RUN_NAND_MAX_FAULTS 8

/** A secondary slot in external SPI NAND (reference-behaviour §7, NAND-*): the slot partition's
 *  blocks form a pcd/nand_area.h area, spare blocks reserved at its end; the updater reaches it
 *  through the area (pcd_nand_port). */
struct run_nand_slot {
    bool on;                          /**< This slot is in the NAND. */
    uint32_t first_block;             /**< First block of the slot partition. */
    uint32_t n_phys;                  /**< Its blocks. */
    uint32_t n_logical;               /**< Blocks the slot offers (n_phys - spare blocks); the slot size = n_logical blocks. */
};

/** Index in run_nand::slot: the run's candidate slot (run_config::upd: a single candidate's, or
 *  image 1's of a batch) and image 0's slot of a batch (run_batch::app_slot_off). */
enum run_nand_which { RUN_NAND_CAND = 0, RUN_NAND_APP = 1 };

/** The SPI NAND of a run with one or two secondary slots in it (a batch from NAND: seed 2). */
struct run_nand {
    bool on;                          /**< A slot is in the NAND (slot[].on). */
    struct run_nand_slot slot[2];     /**< Indexed by enum run_nand_which. */
    uint32_t factory_bad[RUN_NAND_MAX_FAULTS]; /**< Factory-marked blocks (device block indices). */
    unsigned n_factory_bad;           /**< Entries. */
    uint32_t grow_bad[RUN_NAND_MAX_FAULTS];    /**< Blocks armed to fail their next program/erase after set-up. */
    unsigned n_grow_bad;              /**< Entries. */
    uint32_t bit_error_off[RUN_NAND_MAX_FAULTS]; /**< Slot offsets whose page gets bit errors after set-up. */
    uint8_t bit_error_bits[RUN_NAND_MAX_FAULTS]; /**< How many bits (1 corrected, 2+ uncorrectable). */
    uint8_t bit_error_slot[RUN_NAND_MAX_FAULTS]; /**< In which slot (enum run_nand_which). */
    unsigned n_bit_errors;            /**< Entries. */
    uint32_t fail_ppm;                /**< Seeded grown bad blocks after set-up (fm_nand_fail_rate(), run seed). */
};

/** Everything one run needs. */
struct netcpu_image;

struct run_config {
    const char *name;                 /**< Scenario name. */
    const char *file;                 /**< Scenario file (for replay lines), may be NULL. */
    uint64_t seed;                    /**< Seed of RAM garbage and tears. */
    enum run_profile profile;         /**< Code under test. */
    struct soc_config soc;            /**< Board. */
    struct pcd_updater_config upd;    /**< App-side updater (slot, layout, retries; keys set by the runner). */
    struct pcd_b0n_config b0n;        /**< B0N layout. */
    struct pcd_key keys[RUN_MAX_KEYS];/**< Trusted keys (DER owned by the caller). */
    unsigned n_keys;                  /**< Entries of @ref keys. */
    enum pcd_mem primary_mem;         /**< Application primary slot: memory (app flash). */
    uint32_t primary_off;             /**< Its offset. */
    uint32_t primary_size;            /**< Its size. */
    uint32_t mcuboot_off;             /**< MCUboot partition offset in app flash. */
    uint32_t mcuboot_size;            /**< Its size. */
    struct run_load loads[RUN_MAX_LOADS]; /**< Initial contents. */
    unsigned n_loads;                 /**< Entries of @ref loads. */
    const uint8_t *net_initial;       /**< The initial net-core application (for the oracles), or NULL. */
    uint32_t net_initial_len;         /**< Its length. */
    const uint8_t *candidate;         /**< The candidate image file, or NULL. */
    uint32_t candidate_len;           /**< Its length. */
    enum pcd_swap_type request;       /**< Request written in the candidate's trailer. */
    struct run_fault faults[RUN_MAX_FAULTS]; /**< Faults. */
    unsigned n_faults;                /**< Entries of @ref faults. */
    struct run_step steps[RUN_MAX_STEPS]; /**< Steps (empty: power_on, run idle). */
    unsigned n_steps;                 /**< Entries of @ref steps. */
    struct run_expect expect;         /**< Expectations. */
    const char *requirements[RUN_MAX_REQS]; /**< Requirement ids the scenario checks. */
    unsigned n_requirements;          /**< Entries. */
    uint64_t run_limit_us;            /**< Bound of one `run` step (SYS-CONVERGE), µs of device time; 0 (the
                                           default) = derived from the run: run_step_limit_us(). */
    bool settle_on_loss;              /**< A power loss ends the steps and the device settles (pcdsim run --cut). */
    unsigned max_boots;               /**< Bound of boots (SYS-CONVERGE); default 16. */
    struct run_ncs ncs;               /**< Profile ncs: release and layout of the NCS models. */
    struct run_batch batch;           /**< A batch (app + net), off by default. */
    struct run_download dl;           /**< A download by the application, off by default. */
    struct run_nand nand;             /**< The candidate slot in SPI NAND, off by default. */
    struct run_counter counter;       /**< NSIB's version counter provisioned by a load (board.provision), off by
                                           default; with b0n.counter_update B0N may write its slots. */
    const struct netcpu_image *net_binary; /**< A B0N binary run on the emulated Cortex-M33 instead of the
                                                host-compiled B0N (profile reference), or NULL (default). */
    bool net_strict;                  /**< With @ref net_binary: stop at an unmodelled peripheral register. */
    uint64_t net_budget;              /**< With @ref net_binary: instructions per core start (0: default). */
};

/** One verdict: a requirement or property, pass or fail, with the evidence. */
struct run_verdict {
    char id[32];         /**< "SYS-POWER-SAFE", "APP-RETRY", "expect.net_version", ... */
    bool pass;           /**< Outcome. */
    bool expected_fail;  /**< The scenario expected a failure here (ncs profile). */
    char evidence[320];  /**< What was seen: addresses, hashes, operation numbers. */
};

/** Result of a run. */
struct run_result {
    bool ok;                           /**< Every verdict as expected. */
    struct run_verdict verdicts[RUN_MAX_VERDICTS]; /**< Verdicts. */
    unsigned n_verdicts;               /**< Entries. */
    uint64_t device_time_us;           /**< Device time at the end. */
    unsigned boots;                    /**< App-core boots. */
    uint64_t flash_ops;                /**< Flash operations performed. */
    struct pcd_updater_result last_update; /**< The updater's result of the last boot that ran it. */
    bool have_update;                  /**< last_update is meaningful. */
    bool have_batch;                   /**< A batch ran (run_config::batch): the two fields below are meaningful. */
    enum pcd_update_outcome batch_outcome[PCD_BATCH_IMAGES]; /**< Per image (0 application, 1 network core), last boot. */
    int batch_reason[PCD_BATCH_IMAGES]; /**< Their reasons (0 or a PCD_E_* code). */
    unsigned pcd_attempts_total;       /**< COPY commands B0N saw in the whole run. */
    bool app_running;                  /**< MCUboot jumped to an application in the end. */
    struct pcd_image_version app_version; /**< Its version. */
    bool net_running;                  /**< A net-core application runs in the end. */
    uint32_t net_version;              /**< Its fw_info.version. */
    char net_state[64];                /**< "new image", "old image", "no valid image", ... */
    char not_judged[RUN_MAX_REQS][32]; /**< Requirement ids the scenario names that this run
                                            could not judge (e.g. APP-STAGE without a QSPI slot). */
    unsigned n_not_judged;             /**< Entries. */
};

/** How to print. */
struct run_output {
    FILE *timeline;      /**< Readable timeline (NULL = none). */
    bool verbose;        /**< Also flash erases and every PCD block write. */
    FILE *jsonl;         /**< One JSON object per event (NULL = none). */
    struct run_perfetto *perfetto; /**< Trace the run's timeline is added to (pcdsim/perfetto.h; NULL = none). */
};

/**
 * @brief Set defaults: nRF5340 board with QSPI, pcd_sram 0x20000000/0x2000, updater and B0N
 *        defaults, primary slot 0xC000/0x74000, MCUboot 0x0/0xC000, the bound of a run step
 *        derived from the run (run_step_limit_us()), 16 boots.
 * @param[out] cfg configuration
 */
void run_config_default(struct run_config *cfg);

/** Margin of the derived bound of a run step beyond the attempts' waits, µs: 1020 s, room for
 *  everything else a boot does (a whole-partition copy takes ~10 s, QSPI staging a few, the
 *  application's wait for the network core 5 s); with the default updater (3 attempts of 60 s)
 *  the bound is 20 min. */
#define RUN_LIMIT_MARGIN_US (1020ull * 1000000u)

/**
 * @brief The bound of one `run` step (and of each boot of the settle phase), after which the run
 *        counts as hung (SYS-CONVERGE): cfg->run_limit_us if set (scenario key
 *        `max_device_time_ms`, `pcdsim run --max-device-time`), else boots x attempts x timeout +
 *        RUN_LIMIT_MARGIN_US, where boots = 1 + the warm resets the faults add to a step.
 * @param cfg configuration
 * @param[out] why if not NULL, how the bound was reached ("1 boot x 3 attempt(s) x 60 s + 1020 s
 *        margin" or "set by the scenario or --max-device-time")
 * @param why_len size of @p why
 * @return the bound, µs of device time
 */
uint64_t run_step_limit_us(const struct run_config *cfg, char *why, size_t why_len);

/**
 * @brief Execute a run and judge it.
 * @param cfg configuration
 * @param out printing (may be NULL)
 * @param[out] res result
 * @retval 0 ran (see res->ok for the verdict)
 * @retval PCDSIM_E_NOMEM the timeline lost an event (soc_timeline_error()): no verdict holds,
 *         res->ok is false
 * @retval negative the run could not be set up (bad configuration, no memory, threads)
 */
int run_execute(const struct run_config *cfg, const struct run_output *out, struct run_result *res);

/**
 * @brief The verdict with id @p id ("SYS-CONVERGE", "APP-RETRY", "expect.slot", ...).
 * @param res result
 * @param id verdict id
 * @return the verdict, or NULL if the run gave none with that id
 */
const struct run_verdict *run_find_verdict(const struct run_result *res, const char *id);

/**
 * @brief The first verdict that is not as expected (a failure, or a pass where the scenario
 *        expected a failure): what a sweep records for a branch.
 * @param res result
 * @return the verdict, or NULL if every verdict is as expected
 */
const struct run_verdict *run_first_unexpected(const struct run_result *res);

/**
 * @brief Print the verdicts of a result, one line each.
 * @param res result
 * @param f stream
 */
void run_print_verdicts(const struct run_result *res, FILE *f);

/* ------------------------------------------------------------------------------------------ */
/* Power-loss sweeps: the reference run is logged once; each branch rebuilds the memories at its
 * cut point from the log (never re-running the prefix), cuts power there, lets the device
 * recover and judges it. */

struct run_sweep;

/** How power is cut at a point. */
enum sweep_cut {
    SWEEP_CUT_BEFORE = 0, /**< Before the operation: nothing of it lands. */
    SWEEP_CUT_PREFIX,     /**< Torn: a prefix of its write units / words lands. */
    SWEEP_CUT_SOMEBITS,   /**< Torn: 1/4 of the bits it changes land. */
    SWEEP_CUT_MOSTBITS,   /**< Torn: 3/4 of the bits it changes land. */
    SWEEP_CUT_GARBAGE,    /**< Torn erase: seeded garbage (program: half the bits). */
    SWEEP_CUT_AFTER,      /**< Right after the operation completed. */
};

/** Where a branch ended. */
enum sweep_outcome {
    SWEEP_NEW_IMAGE = 0,  /**< Recovered: the network core runs the new image. */
    SWEEP_OLD_IMAGE,      /**< The old image was kept. */
    SWEEP_NO_IMAGE,       /**< The network core has no valid image. */
    SWEEP_HANG,           /**< Did not converge (SYS-CONVERGE). */
    SWEEP_RULE_VIOLATION, /**< A flash rule was broken (SYS-FLASH-RULES). */
    SWEEP_OUTCOME_COUNT
};

/** One flash operation of the reference run. */
struct sweep_op_info {
    int dev;              /**< Flash-model device. */
    enum fm_op_kind kind; /**< Program or erase. */
    uint32_t offset;      /**< Device offset of the operation. */
    uint32_t page;        /**< Page index. */
};

/** Result of one branch. */
struct sweep_point {
    uint64_t op;                 /**< Cut point: operation number. */
    enum sweep_cut cut;          /**< How power was cut. */
    uint64_t op2;                /**< Second cut (depth 2), UINT64_MAX if none. */
    enum sweep_outcome outcome;  /**< Where it ended. */
    bool ok;                     /**< Every verdict as expected. */
    char failed[64];             /**< Id of the first failed verdict ("" if ok). */
    char evidence[320];          /**< Its evidence. */
    uint64_t device_time_us;     /**< Device time of the recovery. */
    uint64_t cut_us;             /**< Device time of the cut: cut_us + device_time_us is the device time
                                      at the end of `pcdsim run --cut` of this branch, to the µs. */
};

/**
 * @brief Run the reference (the scenario without power-loss faults), log its flash operations,
 *        and judge it. The configuration must have no faults other than power losses (they are
 *        ignored: the sweep brings its own). A scenario that had power losses is judged on its
 *        final-state expectations only (its attempts, boots and log lines describe its own
 *        interrupted run), as the branches are.
 * @param cfg configuration (must outlive the sweep)
 * @param[out] ref verdicts of the reference run
 * @param[out] out the sweep
 * @retval 0 ok
 * @retval PCDSIM_E_SCHEMA a fault other than power loss; other negative codes from set-up
 */
int run_sweep_reference(const struct run_config *cfg, struct run_result *ref, struct run_sweep **out);

/** @brief Operations of the reference run (the cut points are 0..N-1). @param sw sweep @return N */
uint64_t run_sweep_ops(const struct run_sweep *sw);

/**
 * @brief Describe operation @p op of the reference run.
 * @param sw sweep
 * @param op operation number (< run_sweep_ops())
 * @param[out] out what it was
 * @retval 0 ok
 * @retval PCDSIM_E_USAGE no such operation
 */
int run_sweep_op(const struct run_sweep *sw, uint64_t op, struct sweep_op_info *out);

/**
 * @brief Run one branch: memories as the reference left them at @p op, power cut there as
 *        @p cut says, then power-on and recovery to idle, then the oracles (with the scenario's
 *        final-state expectations: app/net version, slot). Branches are independent; ascending
 *        @p op within one process is fastest. Creates this process's SoC on first use.
 * @param sw sweep
 * @param op cut point
 * @param cut how
 * @param op2 a second cut during the recovery (operation number), or UINT64_MAX
 * @param[out] out result
 * @retval 0 ok
 * @retval PCDSIM_E_NOMEM the branch's timeline lost an event: it has no result
 * @retval PCDSIM_E_USAGE @p op is not an operation of the reference run
 * @retval negative set-up failed
 */
int run_sweep_branch(struct run_sweep *sw, uint64_t op, enum sweep_cut cut, uint64_t op2, struct sweep_point *out);

/** One branch to run. */
struct sweep_pt {
    uint64_t op;        /**< Cut point. */
    enum sweep_cut cut; /**< How. */
    uint64_t op2;       /**< Second cut (depth 2) or UINT64_MAX. */
};

/**
 * @brief Run branches @p pts[0..n) in @p jobs forked worker processes (1 = in this process), each
 *        on a contiguous run of points, and gather the results in point order: the same results
 *        whatever @p jobs is. Shows a progress bar on stderr when @p progress.
 * @param sw sweep (its reference run done)
 * @param pts branches
 * @param n number of branches
 * @param jobs worker processes, 1..64
 * @param[out] res n results
 * @param progress draw a progress bar on stderr
 * @retval 0 ok
 * @retval PCDSIM_E_USAGE @p jobs above 64
 * @retval PCDSIM_E_THREAD workers could not be started; PCDSIM_E_INTERNAL a worker failed
 */
int run_sweep_parallel(struct run_sweep *sw, const struct sweep_pt *pts, size_t n, unsigned jobs,
                       struct sweep_point *res, bool progress);

/** @brief Free a sweep (NULL ignored). @param sw sweep */
void run_sweep_free(struct run_sweep *sw);

/** @brief Name of an outcome. @param o outcome @return static string */
const char *sweep_outcome_name(enum sweep_outcome o);

/** @brief Name of a cut ("before", "somebits", ...). @param c cut @return static string */
const char *sweep_cut_name(enum sweep_cut c);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_RUNNER_H */
