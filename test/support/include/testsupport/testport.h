/**
 * @file
 * @brief Test port: struct pcd_port for the application core and the network core over one
 *        emulated nRF5340 (src/flashmodel/), for single-threaded unit tests.
 *
 * One `struct tp_sys` owns a `struct fm_sys` built from fm_nrf5340_desc() and two ports:
 *  - PCD_MEM_* map to the flash-model devices (app flash, net flash, QSPI, RAM flash simulator);
 *    each core may only use the memories it can reach on the nRF5340 (facts §4.2): anything
 *    else is PCD_E_BUS_FAULT;
 *  - bus and shared-RAM accesses go through fm_bus_read()/fm_bus_write() of the right core;
 *  - FM_E_* codes become PCD_E_* at this edge (POWER_LOSS/POWERED_OFF -> HALTED, BUS_FAULT ->
 *    BUS_FAULT, NWRITE/NOT_ERASED/ALIGN -> FLASH_RULE, RANGE -> RANGE, ...);
 *  - each core has a virtual clock (µs of device time): flash operation times from the model
 *    plus delay_us();
 *  - Force-OFF, SPU locks (fm_bus_protect() for both cores), boot/stop/signal calls and log
 *    lines are recorded;
 *  - the network core's ACL: flash_protect() takes the first free region of the model's ACL,
 *    each release clears it, and a net-flash program or erase it blocks is a BusFault that halts
 *    the network core (PCD_E_BUS_FAULT, then PCD_E_HALTED until its next release).
 *
 * The network core is scripted: when the application core releases it from Force-OFF, the next
 * delay_us() of the application core runs the network core to completion — B0N (pcd_b0n_run()
 * on the net port) or a scripted behaviour (silent, crash, answer FAIL, answer DONE). The net
 * core starts at the application core's release time; what it writes to the PCD magic word
 * becomes visible to the application core only once the application core's clock reaches the
 * net core's finish time (so a copy that takes 12 s is seen after 12 polls of 1 s). With
 * net_budget_us set, the net core is forced off (PCD_E_HALTED on its next port call) once it
 * has run that long: what a real Force-OFF at the application core's timeout would do.
 */
#ifndef TESTSUPPORT_TESTPORT_H
#define TESTSUPPORT_TESTPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nrf5340.h"
#include "pcd/b0n.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Log lines kept per core (later ones are counted, not kept). */
#define TP_LOG_LINES 256
/** Characters kept per log line. */
#define TP_LOG_LEN 200
/** enum pcd_trace values recorded (values 0 .. TP_TRACE_EVENTS - 1). */
#define TP_TRACE_EVENTS 16
/** Entries of the net-core script. */
#define TP_SCRIPT_MAX 16

/** What the network core does when released. */
enum tp_net_behaviour {
    TP_NET_B0N = 0,         /**< Run pcd_b0n_run() with tp_sys::b0n_cfg. */
    TP_NET_SILENT = 1,      /**< Never answer (no B0N, or a B0N that hangs). */
    TP_NET_CRASH = 2,       /**< Fault before answering (recorded as a crash); never answer. */
    TP_NET_ANSWER_FAIL = 3, /**< Answer FAIL with tp_sys::fail_reason, copying nothing. */
    TP_NET_ANSWER_DONE = 4, /**< Answer DONE without copying (a lying network core). */
};

/** An injected network-flash defect (a hardware fault, not a power cut). */
enum tp_flash_fault {
    TP_FAULT_NONE = 0,  /**< No defect. */
    TP_FAULT_ERROR = 1, /**< Programs and erases touching the range fail with PCD_E_IO (the NVMC reports an error). */
    TP_FAULT_DROP = 2,  /**< Programs touching the range report success but change nothing (stuck cells). */
    TP_FAULT_STUCK = 3, /**< Programs touching the range succeed, but exactly the range's bytes stay erased (0xFF). */
};

/** Per-core records. */
struct tp_core {
    enum fm_core core;        /**< Which core. */
    uint64_t time_us;         /**< Virtual device time of this core, µs. */
    unsigned boot_count;      /**< pcd_boot() calls. */
    uint32_t boot_vtor;       /**< Last pcd_boot() argument. */
    unsigned stop_count;      /**< pcd_stop() calls. */
    unsigned signal_count;    /**< pcd_signal() calls. */
    unsigned log_count;       /**< Log lines emitted (may exceed TP_LOG_LINES). */
    char log[TP_LOG_LINES][TP_LOG_LEN]; /**< The first TP_LOG_LINES lines. */
    int last_fm_err;          /**< Last FM_E_* seen at the edge (0 if none). */
    unsigned trace_count[TP_TRACE_EVENTS]; /**< pcd_trace() calls per enum pcd_trace value. */
    uint32_t trace_arg[TP_TRACE_EVENTS];   /**< Argument of the last call per value. */
};

/** Context of one core's port (points back to its system). */
struct tp_port_ctx {
    struct tp_sys *sys; /**< The system. */
    enum fm_core core;  /**< Which core this port serves. */
};

/** Scripted power cut: the fault hook cuts at one operation number. */
struct tp_cut {
    bool armed;                  /**< Cut pending. */
    uint64_t seq;                /**< Operation number to cut at. */
    enum fm_fault_action action; /**< FM_FAULT_CUT_BEFORE / TEAR / CUT_AFTER. */
    struct fm_tear tear;         /**< Tear parameters for FM_FAULT_TEAR. */
    bool fired;                  /**< The cut happened. */
};

/** A whole simulated SoC with both ports. Create with tp_sys_init(). */
struct tp_sys {
    struct fm_sys *fm;              /**< The emulated memories. */
    struct fm_nrf5340_opts opts;    /**< Board options used. */
    struct tp_core app;             /**< Application-core records. */
    struct tp_core net;             /**< Network-core records. */
    struct tp_port_ctx app_ctx;     /**< Context of app_port. */
    struct tp_port_ctx net_ctx;     /**< Context of net_port. */
    struct pcd_port app_port;       /**< Port of the application core. */
    struct pcd_port net_port;       /**< Port of the network core. */

    /* RESET.NETWORK.FORCEOFF */
    bool net_held;                  /**< Net core held in Force-OFF (reset value: Hold). */
    bool net_start_pending;         /**< Released, not yet run. */
    uint64_t release_time_us;       /**< App-core time of the last release. */
    unsigned releases;              /**< Hold -> Release transitions. */
    unsigned holds;                 /**< Release -> Hold transitions. */
    unsigned pcd_writes_while_running; /**< App writes to the PCD block while the net core was released. */
    unsigned holds_before_answer;   /**< Holds while a scripted answer was still in the app core's future. */

    /* The scripted network core */
    struct pcd_b0n_config b0n_cfg;  /**< Configuration B0N runs with. */
    enum tp_net_behaviour net_default;          /**< Behaviour once the script is used up. */
    enum tp_net_behaviour script[TP_SCRIPT_MAX]; /**< Behaviour of release k (k < script_len). */
    unsigned script_len;            /**< Used entries of script. */
    unsigned net_runs;              /**< Releases that ran the net core. */
    unsigned crashes;               /**< TP_NET_CRASH runs. */
    int fail_reason;                /**< Code a TP_NET_ANSWER_FAIL net core reports. */
    unsigned b0n_runs;              /**< pcd_b0n_run() calls. */
    int last_b0n_rc;                /**< Return value of the last pcd_b0n_run(). */
    struct pcd_b0n_result last_b0n; /**< Result of the last pcd_b0n_run(). */
    uint32_t acl_lock_off;          /**< TP_NET_B0N: when acl_lock_len != 0, pcd_flash_protect() this net-flash range
                                         first, as firmware/b0n locks its container (each release clears the ACL). */
    uint32_t acl_lock_len;          /**< Bytes of that range; 0 = no lock (the default). */
    bool net_halted;                /**< A program/erase the ACL blocked faulted the net core (a BusFault on
                                         silicon): its later operations return PCD_E_HALTED until its next release. */
    uint64_t net_budget_us;         /**< 0 = unlimited; else the net core is forced off after this long. */
    uint64_t net_deadline_us;       /**< Net-core time at which it is forced off (internal). */

    /* Visibility of the net core's answer to the app core */
    bool hiding;                    /**< The answer is still in the app core's future. */
    uint32_t hidden_magic;          /**< Magic the app core sees meanwhile. */
    uint64_t answer_visible_us;     /**< App-core time from which the real magic is visible. */

    /* SPU */
    unsigned spu_locks;             /**< spu_lock_ram() calls that succeeded. */
    uint32_t spu_lock_addr;         /**< Last locked range start. */
    uint32_t spu_lock_len;          /**< Last locked range length. */

    /* Injected net-flash defect, applied to the net core's flash_program / flash_erase */
    enum tp_flash_fault net_fault;  /**< Kind of defect. */
    uint32_t net_fault_off;         /**< First net-flash offset affected. */
    uint32_t net_fault_len;         /**< Bytes affected. */
    unsigned net_fault_hits;        /**< Operations the defect acted on. */

    /* Power */
    bool power_lost;                /**< A port call saw power loss since the last reset. */
    struct tp_cut cut;              /**< Scripted power cut. */
    bool echo_log;                  /**< Print log lines to stderr (env PCDSIM_TEST_LOG=1). */
};

/**
 * @brief Build the system: fm_nrf5340_desc(@p opts), both ports, B0N defaults, net core held,
 *        default behaviour TP_NET_B0N.
 * @param[out] tp the system (caller storage; large: allocate it statically or on the heap)
 * @param opts board options (NULL = FM_NRF5340_OPTS_DEFAULT)
 * @param seed flash-model seed (RAM garbage)
 * @return 0 or a negative FM_E_* code
 */
int tp_sys_init(struct tp_sys *tp, const struct fm_nrf5340_opts *opts, uint64_t seed);

/** @brief Free the flash model. @param tp the system */
void tp_sys_fini(struct tp_sys *tp);

/**
 * @brief Power back on after a power loss (or cut power now and power on): RAM keeps the
 *        model's garbage, SPU locks dropped, net core held, records of boots/stops cleared,
 *        clocks kept.
 * @param tp the system
 */
void tp_power_cycle(struct tp_sys *tp);

/**
 * @brief Forget the records of a test step: clocks, counters, logs, script position, SPU lock
 *        records; the net core held. Use after fm_snapshot_restore() to start a trial afresh.
 * @param tp the system
 */
void tp_reset_records(struct tp_sys *tp);

/**
 * @brief Inject a net-flash defect on [@p off, @p off + @p len) (TP_FAULT_NONE removes it).
 * @param tp the system
 * @param mode kind of defect
 * @param off net-flash offset
 * @param len bytes
 */
void tp_set_net_fault(struct tp_sys *tp, enum tp_flash_fault mode, uint32_t off, uint32_t len);

/**
 * @brief Warm reset of the SoC (RAM and flash kept, SPU locks dropped, net core held).
 * @param tp the system
 */
void tp_warm_reset(struct tp_sys *tp);

/**
 * @brief Arm a power cut at flash operation number @p seq (fm_next_seq() numbering).
 * @param tp the system
 * @param seq operation number
 * @param action FM_FAULT_CUT_BEFORE, FM_FAULT_TEAR or FM_FAULT_CUT_AFTER
 */
void tp_arm_cut(struct tp_sys *tp, uint64_t seq, enum fm_fault_action action);

/** @brief Disarm the power cut. @param tp the system */
void tp_disarm_cut(struct tp_sys *tp);

/**
 * @brief Set the network core's script: behaviour of the next @p n releases, then @p dflt.
 * @param tp the system
 * @param steps behaviours (may be NULL if @p n is 0)
 * @param n entries (at most TP_SCRIPT_MAX)
 * @param dflt behaviour afterwards
 */
void tp_script_net(struct tp_sys *tp, const enum tp_net_behaviour *steps, unsigned n, enum tp_net_behaviour dflt);

/**
 * @brief Run the network core from reset now (as if released and left alone), on the net port.
 * @param tp the system
 * @return pcd_b0n_run()'s return value
 */
int tp_run_b0n(struct tp_sys *tp);

/**
 * @brief Does any kept log line of @p c contain @p needle?
 * @param c core records
 * @param needle substring
 * @return true if found
 */
bool tp_log_has(const struct tp_core *c, const char *needle);

/**
 * @brief Print the kept log lines of @p c.
 * @param c core records
 * @param out stream
 */
void tp_log_dump(const struct tp_core *c, FILE *out);

/** @brief Forget the log lines of both cores. @param tp the system */
void tp_log_clear(struct tp_sys *tp);

/**
 * @brief Load a host file into a device at @p off (setup, no flash rules).
 * @param tp the system
 * @param dev enum fm_nrf5340_dev
 * @param off device offset
 * @param path file
 * @param[out] len_out bytes loaded (may be NULL)
 * @return 0 or a negative FM_E_* code
 */
int tp_load_file(struct tp_sys *tp, int dev, uint32_t off, const char *path, uint32_t *len_out);

/**
 * @brief Read a whole host file into a new heap buffer.
 * @param path file
 * @param[out] len bytes
 * @return the buffer (free() it), or NULL
 */
uint8_t *tp_read_file(const char *path, uint32_t *len);

/**
 * @brief Erase a region of a device without rules or counters (fills 0xFF; setup only).
 * @param tp the system
 * @param dev enum fm_nrf5340_dev
 * @param off device offset
 * @param len bytes
 * @return 0 or a negative FM_E_* code
 */
int tp_fill_erased(struct tp_sys *tp, int dev, uint32_t off, uint32_t len);

/**
 * @brief Request an upgrade of the image in a slot as MCUmgr does: write the MCUboot trailer
 *        magic at slot end - 16 and, for @p permanent, image_ok = 0x01 at end - 24 (facts §5.4).
 *        Setup write (no rules).
 * @param tp the system
 * @param dev device of the slot
 * @param slot_off slot offset
 * @param slot_size slot size
 * @param permanent also set image_ok
 * @return 0 or a negative FM_E_* code
 */
int tp_request_upgrade(struct tp_sys *tp, int dev, uint32_t slot_off, uint32_t slot_size, bool permanent);

/**
 * @brief SHA-256 of a device region (oracle; uses the link-time crypto backend).
 * @param tp the system
 * @param dev device
 * @param off offset
 * @param len bytes
 * @param[out] out digest
 * @return 0 or a negative code
 */
int tp_sha256_region(struct tp_sys *tp, int dev, uint32_t off, uint32_t len, uint8_t out[PCD_SHA256_LEN]);

/**
 * @brief SHA-256 of a buffer (oracle).
 * @param buf bytes
 * @param len bytes
 * @param[out] out digest
 * @return 0 or a negative code
 */
int tp_sha256_buf(const void *buf, uint32_t len, uint8_t out[PCD_SHA256_LEN]);

/**
 * @brief Convert a flash-model code to a PCD code (the edge conversion of this port).
 * @param fm_err 0 or FM_E_*
 * @return 0 or PCD_E_*
 */
int tp_pcd_err(int fm_err);

#ifdef __cplusplus
}
#endif

#endif /* TESTSUPPORT_TESTPORT_H */
