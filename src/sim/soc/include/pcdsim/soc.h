/**
 * @file
 * @brief The simulated nRF5340: two cores as two threads over the emulated memories, with
 *        deterministic scheduling in virtual time, RESET.NETWORK.FORCEOFF, the SPU RAM lock,
 *        the network core's ACL (cleared at each of its starts), the IPC-style signal, power
 *        loss, warm reset and bus faults.
 *
 * Scheduling: one core executes at a time (a baton: one semaphore per thread, the holder posts
 * the next holder's and waits on its own). A core runs until
 * it is about to do something the other core could observe or be affected by while its virtual
 * clock is ahead of the other core's (or of the next scheduled environment event); then the
 * controller resumes the core with the smallest clock (ties: application core first). Flash
 * operations only advance the clock; they do not switch threads. The same inputs give the same
 * timeline, byte for byte; nothing sleeps.
 *
 * Each core runs a *body* (a function the runner supplies: MCUboot + the modelled application on
 * the application core, B0N + the modelled network-core application on the network core) from
 * its start. The body reaches the hardware only through the `struct pcd_port` it is given.
 * When power is lost, a core is held in Force-OFF or faults, every port operation of that core
 * returns PCD_E_HALTED until its body returns.
 *
 * Times are µs of device time.
 */
#ifndef PCDSIM_SOC_H
#define PCDSIM_SOC_H

#include <stdbool.h>
#include <stdint.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nrf5340.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

struct soc;

/** What the timeline records. */
enum soc_ev_kind {
    SOC_EV_POWER_ON = 0,   /**< Power applied; the application core starts. */
    SOC_EV_POWER_LOSS,     /**< Power lost (arg: operation number, or UINT32_MAX if not at an operation). */
    SOC_EV_WARM_RESET,     /**< Application-core reset with RAM kept. */
    SOC_EV_CORE_START,     /**< A core starts its body (arg: start count). */
    SOC_EV_CORE_END,       /**< A core's body returned (arg: 0 it ended on its own, text "idle"; 1 it was
                                halted, text "halted": power loss, reset, Force-OFF, a fault or soc_halt()). */
    SOC_EV_FORCEOFF,       /**< NETWORK.FORCEOFF written (arg: 1 Hold, 0 Release). */
    SOC_EV_SPU_LOCK,       /**< SPU RAM region locked (arg: address). */
    SOC_EV_SIGNAL,         /**< IPC signal to the other core. */
    SOC_EV_BUS_FAULT,      /**< Core halted: BusFault (arg: faulting address); text ends "(ACL)" when the
                                network core's ACL blocked a write or erase (nRF5340 PS, ACL). */
    SOC_EV_LOCK_REFUSED,   /**< A write refused by the SPU lock (arg: address). */
    SOC_EV_LOG,            /**< A log line of the code under test (arg: level). */
    SOC_EV_TRACE,          /**< A pcd milestone (arg: enum pcd_trace), see text. */
    SOC_EV_BOOT,           /**< A core jumps to an image (arg: vector table address). */
    SOC_EV_STOP,           /**< A core stops itself until reset. */
    SOC_EV_SHARED_WRITE,   /**< A word of the PCD command block written (arg: value). */
    SOC_EV_NOTE,           /**< A line from the runner or the modelled applications. */
    SOC_EV_FLASH_ERASE,    /**< A page erased by a core (arg: page index). Recorded only when enabled. */
    SOC_EV_ACL_LOCK,       /**< The network core write-protected part of its flash with an ACL region (arg: region;
                                addr: first address). */
};

/** One timeline entry. */
struct soc_event {
    uint64_t t_us;          /**< Device time of the core that caused it (or of the system). */
    int core;               /**< enum fm_core, or -1 for the system. */
    enum soc_ev_kind kind;  /**< What happened. */
    uint32_t arg;           /**< Kind-specific value. */
    uint64_t seq;           /**< Flash operation number at the time. */
    uint32_t addr;          /**< Address or offset concerned (PCD block word, page offset, ...); for a
                                 trace, the argument the code under test gave it; 0 if none. */
    char text[200];         /**< Human-readable detail (log line, trace name, ...); may be empty: show soc_event_text(). */
};

/**
 * Body of a core: runs from the core's start until it returns (finished, booted, stopped or
 * halted). @p port is the core's port; @p arg is what was registered.
 */
typedef void (*soc_body_fn)(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg);

/**
 * Called in the emitting core's thread (holding the baton) for every timeline event; it may act
 * on the system (soc_power_loss_now(), fm_load(), ...). Optional.
 */
typedef void (*soc_event_fn)(struct soc *soc, const struct soc_event *ev, void *arg);

/**
 * Called after each flash program a core made through its port (in that core's thread), e.g. to
 * model stuck bits. @p dev is the flash-model device.
 */
typedef void (*soc_program_fn)(struct soc *soc, enum fm_core core, int dev, uint32_t off, uint32_t len, void *arg);

/** One program or erase call a core made through its port (see soc_flash_fn). */
struct soc_flash_call {
    enum fm_core core;     /**< The core that made it. */
    enum fm_op_kind kind;  /**< Program or erase. */
    int dev;               /**< Flash-model device. */
    uint32_t off;          /**< Device offset, bytes. */
    const uint8_t *data;   /**< Program: the resulting bytes of [off, off + len); erase: NULL. */
    uint32_t len;          /**< Bytes. */
    uint64_t seq_first;    /**< First flash operation number the call used. */
    uint64_t seq_end;      /**< One past the last. */
    uint64_t t_start_us;   /**< The core's device time when the call began (µs). */
    uint64_t t_floor_us;   /**< The other core's device time if it is not asleep in poll_word, else 0:
                                power lost during the call would resume at no earlier time (µs). */
    const uint8_t *spare;  /**< A NAND page program: the spare bytes asked for (PCD_NAND_SPARE); else NULL. */
};

/**
 * Called after each program or erase call a core made through its port. A power-loss sweep logs
 * these calls to rebuild the memories, and the time, at any operation without re-running the
 * cores.
 */
typedef void (*soc_flash_fn)(struct soc *soc, const struct soc_flash_call *call, void *arg);

/** Configuration. */
struct soc_config {
    struct fm_nrf5340_opts board; /**< Board options (QSPI, RAM flash simulator window). */
    uint64_t seed;                /**< Seed for RAM garbage. */
    uint32_t pcd_sram_addr;       /**< Address of the PCD command block (pcd_sram), e.g. 0x20000000. */
    uint32_t pcd_sram_size;       /**< Its size (one 8 KiB SPU region). */
    bool record_erases;           /**< Put each page erase in the timeline. */
    unsigned max_events;          /**< Tests only: the timeline cannot grow past this many entries, as if
                                       the host ran out of memory (soc_timeline_error()); 0 = no limit. */
};

/** Why soc_run() returned. */
enum soc_stop {
    SOC_STOP_IDLE = 0,   /**< Neither core can run (finished, stopped, held or unpowered). */
    SOC_STOP_EVENT,      /**< soc_request_pause() was called (e.g. the awaited event happened). */
    SOC_STOP_TIME,       /**< The time limit was reached. */
    SOC_STOP_POWER_LOSS, /**< Power was lost and both cores have unwound. */
};

/**
 * @brief Create a SoC with both core threads parked; power is off.
 * @param cfg configuration
 * @param[out] out the SoC
 * @retval 0 ok
 * @retval PCDSIM_E_NOMEM, PCDSIM_E_THREAD, or PCDSIM_E_SCHEMA for a board description the
 *         flash model refuses (e.g. a RAM flash window outside app SRAM)
 */
int soc_create(const struct soc_config *cfg, struct soc **out);

/** @brief Stop the threads and free everything (NULL ignored). @param soc the SoC */
void soc_destroy(struct soc *soc);

/** @brief The memories. @param soc the SoC @return the flash-model system */
struct fm_sys *soc_fm(struct soc *soc);

/**
 * @brief Register the body of a core.
 * @param soc the SoC
 * @param core which core
 * @param fn body
 * @param arg passed to the body
 */
void soc_set_body(struct soc *soc, enum fm_core core, soc_body_fn fn, void *arg);

/**
 * @brief Register the event hook.
 * @param soc the SoC
 * @param fn hook (NULL to remove)
 * @param arg passed to the hook
 */
void soc_set_event_hook(struct soc *soc, soc_event_fn fn, void *arg);

/**
 * @brief Register the post-program hook.
 * @param soc the SoC
 * @param fn hook (NULL to remove)
 * @param arg passed to the hook
 */
void soc_set_program_hook(struct soc *soc, soc_program_fn fn, void *arg);

/**
 * @brief Register the flash-call hook.
 * @param soc the SoC
 * @param fn hook (NULL to remove)
 * @param arg passed to the hook
 */
void soc_set_flash_hook(struct soc *soc, soc_flash_fn fn, void *arg);

/**
 * @brief Make the SoC as new for another run over memories the caller has set: unpowered, clocks
 *        at @p t_us, empty timeline, no boots, nothing scheduled. Both cores must be idle.
 * @param soc the SoC
 * @param t_us device time to start from
 */
void soc_reset_run(struct soc *soc, uint64_t t_us);

/**
 * @brief Apply power: the application core starts; the network core is held in Force-OFF
 *        (NETWORK.FORCEOFF reset value 1, nRF5340 PS RESET chapter). No effect if powered.
 * @param soc the SoC
 */
void soc_power_on(struct soc *soc);

/**
 * @brief Warm reset of the application core: RAM kept, SPU configuration cleared, network core
 *        held (an app-core reset implies Force-OFF Hold, nRF5340 PS RESET chapter).
 * @param soc the SoC
 */
void soc_warm_reset(struct soc *soc);

/**
 * @brief Release the network core from Force-OFF from outside the code under test (the
 *        application doing it on its own; a `release_net` step).
 * @param soc the SoC
 */
void soc_release_net(struct soc *soc);

/**
 * @brief Lose power now (from an event hook, or from the controller between runs).
 * @param soc the SoC
 */
void soc_power_loss_now(struct soc *soc);

/**
 * @brief Schedule a power loss at device time @p t_us (fires when both cores' clocks reach it).
 * @param soc the SoC
 * @param t_us device time, µs
 */
void soc_schedule_power_loss(struct soc *soc, uint64_t t_us);

/**
 * @brief Ask soc_run() to return after the current event (call from an event hook).
 * @param soc the SoC
 */
void soc_request_pause(struct soc *soc);

/**
 * @brief Stop @p core where it is, with power kept: its body unwinds at its next step, in the same
 *        turn, and the core stays off until the next power-on or reset (call from an event hook
 *        of that core). Cheaper than a pause when nothing more of the core is wanted: a paused
 *        core must later be given the baton once more just to unwind.
 * @param soc the SoC
 * @param core the core
 */
void soc_halt(struct soc *soc, enum fm_core core);

/**
 * @brief Run until idle, a pause request, a power loss, or device time @p limit_us.
 * @param soc the SoC
 * @param limit_us stop when the next core to run is at or past this time
 * @return why it stopped
 */
enum soc_stop soc_run(struct soc *soc, uint64_t limit_us);

/**
 * @brief Let an idle core's body wait for a condition set by the other core: the core sleeps in
 *        steps of @p step_us until @p done returns true or @p timeout_us passes (modelled
 *        applications only; the code under test uses pcd_delay_us()).
 * @param soc the SoC
 * @param core the waiting core
 * @param step_us polling step
 * @param timeout_us bound
 * @param done condition
 * @param arg passed to @p done
 * @retval 0 the condition became true
 * @retval PCD_E_TIMEOUT
 * @retval PCD_E_HALTED
 */
int soc_wait(struct soc *soc, enum fm_core core, uint32_t step_us, uint64_t timeout_us,
             bool (*done)(void *arg), void *arg);

/**
 * @brief Add a runner/application line to the timeline (printf-style).
 * @param soc the SoC
 * @param core emitting core or -1
 * @param fmt format
 */
void soc_note(struct soc *soc, int core, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** @brief Device time of a core. @param soc the SoC @param core the core @return µs */
uint64_t soc_time(const struct soc *soc, enum fm_core core);

/** @brief Device time of the system: the latest of both clocks. @param soc the SoC @return µs */
uint64_t soc_now(const struct soc *soc);

/** @brief True while the network core is held in Force-OFF. @param soc the SoC @return held */
bool soc_net_held(const struct soc *soc);

/** @brief True while powered. @param soc the SoC @return powered */
bool soc_powered(const struct soc *soc);

/** @brief Number of app-core starts (boots) so far. @param soc the SoC @return count */
unsigned soc_boots(const struct soc *soc);

/**
 * @brief The timeline so far.
 * @param soc the SoC
 * @param[out] count number of entries
 * @return the entries (valid until the next run)
 */
const struct soc_event *soc_events(const struct soc *soc, unsigned *count);

/**
 * @brief Whether the timeline is whole. An event that could not be recorded (the entry array
 *        could not grow) leaves it incomplete for good: the run must then fail, never be judged.
 *        Cleared by soc_reset_run().
 * @param soc the SoC
 * @retval 0 every event of this run is in soc_events()
 * @retval PCDSIM_E_NOMEM at least one event was dropped
 */
int soc_timeline_error(const struct soc *soc);

/**
 * @brief The text of a timeline entry. The hot entries (page erases, writes to the PCD command
 *        block: a couple of hundred per update) are recorded without text and rendered here, when
 *        someone shows them.
 * @param soc the SoC that recorded @p ev
 * @param ev an entry of soc_events()
 * @param buf room for a rendered text
 * @param size its size in bytes (64 is enough)
 * @return ev->text, or buf holding the rendered text
 */
const char *soc_event_text(const struct soc *soc, const struct soc_event *ev, char *buf, size_t size);

/** @brief Name of an event kind ("power_loss", ...). @param kind the kind @return static string */
const char *soc_ev_name(enum soc_ev_kind kind);

/** @brief Name of a pcd trace point ("app.validated", ...). @param t the trace @return static string */
const char *soc_trace_name(enum pcd_trace t);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_SOC_H */
