/*
 * Register-level model of the parts of the nRF5340 the port touches: the hardware seam
 * (pcd/nrf5340/hw.h) bound to memories in RAM. Test code: used by the host tests and by the
 * QEMU tests, so the nRF5340 port that drives the silicon is the port under test.
 *
 * Modelled (register facts: pcd/nrf5340/regs.h):
 *  - memories: app flash 1 MiB, net flash 256 KiB, app SRAM 512 KiB, net SRAM 64 KiB, each
 *    reachable only by the cores that reach it on the chip (facts §4.2);
 *  - two NVMCs: CONFIG (REN/WEN/EEN), READY busy for a few polls after each operation, word
 *    writes that only clear bits (nWRITE = 2 per word between erases), page erase by writing
 *    0xFFFFFFFF to the page's first word in EEN mode; device time 43 µs per word, 87.5 ms per
 *    page (facts §4.3);
 *  - the net core's ACL (write/erase protection, set-once until the net core is reset);
 *  - RESET.NETWORK.FORCEOFF: a Hold -> Release transition resets the net core and runs the
 *    registered net-core body at the application core's next busy wait;
 *  - SPU.EXTDOMAIN[0].PERM and RAMREGION[n].PERM (LOCK; app-SRAM writes to a region without
 *    WRITE are blocked), reset values as the PS gives them.
 * Every breach of the NVMC protocol or of the bus map is a recorded violation (the model never
 * aborts): the tests require zero. The model is global (the seam has no context argument).
 */
#ifndef PCD_TEST_HWMODEL_H
#define PCD_TEST_HWMODEL_H

#include <stdbool.h>
#include <stdint.h>

/** The two cores. */
enum hwm_core {
    HWM_APP = 0,
    HWM_NET = 1,
};

/** READY reads 0 this many times after each NVMC operation. */
#define HWM_BUSY_POLLS 2u
/** Text kept of the first violation. */
#define HWM_MSG_LEN 160

/** Counters and records, reset by hwm_init(). */
struct hwm_stats {
    unsigned violations;           /**< NVMC protocol breaches and bus-map faults. */
    char first[HWM_MSG_LEN];       /**< The first one, as text. */
    unsigned word_writes[2];       /**< NVMC word programs per core's NVMC. */
    unsigned page_erases[2];       /**< NVMC page erases per core's NVMC. */
    unsigned acl_blocked;          /**< Net-flash writes/erases the ACL blocked: each a BusFault on silicon (PS ACL). */
    unsigned spu_blocked;          /**< App-SRAM writes refused by an SPU RAM region. */
    unsigned releases;             /**< FORCEOFF Hold -> Release transitions. */
    unsigned holds;                /**< FORCEOFF Release -> Hold transitions. */
    unsigned net_runs;             /**< Net-core bodies run. */
    unsigned boots;                /**< pcd_nrf5340_hw_boot() calls. */
    uint32_t boot_vtor;            /**< Last boot address. */
    unsigned idles;                /**< pcd_nrf5340_hw_idle() calls. */
    uint32_t extdomain_at_run;     /**< EXTDOMAIN[0].PERM while the last net-core body ran. */
    uint64_t time_us[2];           /**< Device time per core, µs. */
};

/** Body the network core runs when the application core releases it. */
typedef void (*hwm_net_body)(void *user);

/**
 * @brief Allocate (first call) and reset the model: flash erased (0xFF), RAM filled with 0xA5,
 *        registers at their reset values, net core held, records cleared, current core APP.
 * @return 0, or -1 when memory cannot be allocated
 */
int hwm_init(void);

/** @brief Register the net-core body run on release (NULL: the net core does nothing). */
void hwm_set_net_body(hwm_net_body body, void *user);

/** @brief The core the seam calls are attributed to. */
void hwm_set_core(enum hwm_core core);

/** @brief Run the net-core body now, as if released (for B0N-only tests): resets the net core's
 *         ACL and NVMC state first. */
void hwm_run_net(void);

/** @brief Application-core reset: SPU registers back to their reset values (locks dropped). */
void hwm_reset_app(void);

/** @brief Make every NVMC report busy forever (READY = 0), or behave again. */
void hwm_set_nvmc_stuck(bool stuck);

/** @brief Records so far. */
const struct hwm_stats *hwm_stats(void);

/**
 * @brief Direct access for test set-up and checks (no rules, no records): the bytes at bus
 *        address @p addr of the memory holding it, or NULL if @p len bytes do not fit one memory.
 */
uint8_t *hwm_mem(uint32_t addr, uint32_t len);

/** @brief Register value as the model holds it (NVMC CONFIG, SPU PERMs, FORCEOFF, ACL). */
uint32_t hwm_reg(uint32_t addr);

#endif /* PCD_TEST_HWMODEL_H */
