/**
 * @file
 * @brief The emulated memories of the nRF5340: NVMC flash, QSPI NOR, SRAM and MCUboot's RAM
 *        flash simulator, with the cores' bus views, fault hooks, virtual time, counters,
 *        power semantics and snapshots.
 *
 * One `struct fm_sys` holds every device of one simulated SoC; nothing is global, so many
 * systems can live in one process (parallel sweeps). The model has rules but no policy: it
 * enforces the NOR semantics and asks a fault hook before every program or erase operation;
 * what to cut, tear or let through is the hook's decision.
 *
 * Units: offsets, sizes and lengths in bytes; device time in microseconds (µs). Every function
 * returns 0 or a negative enum fm_err. Violations of flash rules and bus faults are returned
 * *and* recorded (fm_records()); the host never crashes on them.
 *
 * Sources of the rules: nRF5340 PS, NVMC chapter and "NVMC electrical specification" (nWRITE 2,
 * tWRITE 43 µs, tERASEPAGE 87.5 ms, word-aligned writes, bits only cleared); MX25R6435F SFDP
 * (4 KiB sectors, 256-byte program pages); facts file §4 (../shared/spec/nrf53-netcore-dfu-facts.md).
 */
#ifndef FLASHMODEL_H
#define FLASHMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flashmodel/fm_err.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most devices in one system. */
#define FM_MAX_DEVICES 8
/** Most bus regions in one core's map. */
#define FM_MAX_REGIONS 8
/** Most protection overrides (SPU locks) per core. */
#define FM_MAX_PROTECT 4
/** Records (violations, bus faults, wear) kept in full; later ones are only counted. */
#define FM_MAX_RECORDS 64
/** Most regions of an access-control list (the nRF5340 network core has ACL[0..7]). */
#define FM_MAX_ACL 8

/** Kinds of memory, each with its own rules. */
enum fm_kind {
    FM_KIND_RAM = 0,       /**< SRAM: byte access, no erase, volatile. */
    FM_KIND_NVMC = 1,      /**< Internal flash behind the NVMC: word writes, page erase, nWRITE. */
    FM_KIND_QSPI_NOR = 2,  /**< External serial NOR: byte programs within 256-byte pages, sector erase. */
    FM_KIND_FLASH_SIM = 3, /**< Zephyr/MCUboot RAM flash simulator: flash API over a piece of SRAM. */
    FM_KIND_NAND = 4,      /**< External SPI NAND (W25N01GV): page programs, block erase, ECC; see flashmodel/nand.h. */
};

/** The two cores of the nRF5340. */
enum fm_core {
    FM_CORE_APP = 0, /**< Application core (Cortex-M33, runs MCUboot). */
    FM_CORE_NET = 1, /**< Network core (Cortex-M33, runs B0N). */
    FM_CORE_COUNT
};

/** Bus permissions. */
enum fm_perm {
    FM_PERM_R = 1, /**< read */
    FM_PERM_W = 2, /**< write (RAM store, or NVMC word program for flash) */
    FM_PERM_X = 4, /**< execute */
};

/** Device time of each operation. */
struct fm_timing {
    uint32_t prog_op_us;        /**< One program operation (NVMC: one word, tWRITE; QSPI: one page program). */
    uint32_t erase_us;          /**< One page/sector erase (NVMC tERASEPAGE; QSPI 4 KiB sector erase). */
    uint32_t read_bytes_per_us; /**< Read throughput; 0 = reads take no device time. */
};

/** Description of one device; geometry lives here, not in constants in code. */
struct fm_device_desc {
    const char *name;       /**< Short name ("app_flash"); static storage. */
    enum fm_kind kind;      /**< Rules that apply. */
    uint32_t size;          /**< Bytes; a multiple of page_size. */
    uint32_t page_size;     /**< Erase unit (RAM: block used for dirty tracking). Power of two. */
    uint32_t write_size;    /**< Program alignment unit (NVMC 4, QSPI 1, flash sim 4, RAM 1). */
    uint32_t prog_op_size;  /**< Bytes per program *operation* (NVMC 4: each word is one operation with
                                 its own sequence number; QSPI 256: one page program). Multiple of write_size. */
    uint32_t max_writes;    /**< nWRITE: programs of one write unit between erases; 0 = unlimited. */
    uint32_t endurance;     /**< Erase cycles per page before wear is recorded; 0 = not modelled. */
    bool strict_set_bits;   /**< Asking for a 1 over a 0 is a violation (QSPI); otherwise it leaves the 0 (NVMC). */
    int parent;             /**< FM_FLASH_SIM: index of the RAM device holding its bytes; else -1. */
    uint32_t parent_offset; /**< Offset of this device inside @ref parent; a multiple of the parent's page_size. */
    struct fm_timing timing;/**< Device time of operations. */
};

/** One range of a core's address map. */
struct fm_bus_region {
    uint32_t base;       /**< First bus address. */
    uint32_t size;       /**< Bytes. */
    int dev;             /**< Device index in the system. */
    uint32_t dev_offset; /**< Device offset of @ref base. */
    uint8_t perm;        /**< enum fm_perm bits. */
};

/**
 * An access-control list in front of one core's local flash: the nRF5340 network core's ACL
 * (nRF5340 PS, "ACL — Access control lists"; facts file, "Errata and additions").
 */
struct fm_acl_desc {
    unsigned regions;  /**< Regions ACL[0 .. regions - 1], at most FM_MAX_ACL; 0 = no ACL. */
    enum fm_core core; /**< The core whose accesses it checks ("can only protect network core's local memory"). */
    int dev;           /**< The flash device it guards. */
    uint32_t base;     /**< Bus address of that device's offset 0 in @ref core's map: ADDR holds bus addresses. */
};

/** Description of a whole system: devices and each core's map. */
struct fm_desc {
    unsigned n_devices;                                          /**< Used entries of devices[]. */
    struct fm_device_desc devices[FM_MAX_DEVICES];               /**< The devices. */
    unsigned n_regions[FM_CORE_COUNT];                           /**< Used entries per core. */
    struct fm_bus_region regions[FM_CORE_COUNT][FM_MAX_REGIONS]; /**< Bus maps. */
    struct fm_acl_desc acl;                                      /**< The ACL, if any (acl.regions 0: none). */
};

/** The registers of one ACL region, by their offset inside ACL[n] (nRF5340 PS, ACL: ADDR 0x800 + 0x10 n). */
enum fm_acl_reg {
    FM_ACL_ADDR = 0, /**< Start address of the region (bus address); protection needs a page start. */
    FM_ACL_SIZE = 4, /**< Size of the region, bytes; writing 0 has no effect. */
    FM_ACL_PERM = 8, /**< Permissions: FM_ACL_PERM_WRITE, FM_ACL_PERM_READ. */
};

/** ACL[n].PERM bit 1: write and erase disabled (nRF5340 PS, ACL). */
#define FM_ACL_PERM_WRITE 0x2u
/** ACL[n].PERM bit 2: read (and execute) disabled (nRF5340 PS, ACL). */
#define FM_ACL_PERM_READ 0x4u

/** Kind of a flash operation. */
enum fm_op_kind {
    FM_OP_PROGRAM = 0, /**< Program (write) operation. */
    FM_OP_ERASE = 1,   /**< Page/sector erase. */
};

/** What the fault hook is asked about. */
struct fm_op {
    uint64_t seq;         /**< Global operation number: 0 for the first program/erase of the system. */
    int dev;              /**< Device index. */
    enum fm_op_kind kind; /**< Program or erase. */
    uint32_t offset;      /**< Device offset of the operation. */
    uint32_t len;         /**< Bytes (one word for NVMC, up to a page for QSPI, one page for erase). */
};

/** The hook's decision. */
enum fm_fault_action {
    FM_FAULT_NONE = 0,       /**< Let the operation complete. */
    FM_FAULT_CUT_BEFORE = 1, /**< Cut power before it: nothing of it lands. */
    FM_FAULT_TEAR = 2,       /**< Cut power during it: part of it lands (see fm_tear). */
    FM_FAULT_CUT_AFTER = 3,  /**< Let it complete, then cut power. */
};

/** How a torn operation leaves the cells. */
enum fm_tear_mode {
    FM_TEAR_PREFIX = 0,   /**< Program: the first k write units land, k random; erase: the first k words erased. */
    FM_TEAR_SOMEBITS = 1, /**< Each bit the operation would change changes with probability 1/4. */
    FM_TEAR_MOSTBITS = 2, /**< ... with probability 3/4. */
    FM_TEAR_GARBAGE = 3,  /**< Program: each bit to clear with probability 1/2; erase: random bytes. */
};

/** Parameters of a tear. */
struct fm_tear {
    enum fm_tear_mode mode; /**< Shape of the partial result. */
    uint64_t seed;          /**< Seed; the same seed gives the same cells. */
};

/**
 * Fault hook: called before operation @p op when op->seq >= the "ask at" number. It returns the
 * action, fills @p tear for FM_FAULT_TEAR, and may set @p ask_again_at (preset to op->seq + 1)
 * to the next operation number it wants to see — so a hook that waits for operation 40000 costs
 * nothing for the 39999 before it. After FM_FAULT_CUT_BEFORE the operation did not happen and its
 * number goes to the next operation (once power returns): left at its preset, ask_again_at then
 * means that number.
 */
typedef enum fm_fault_action (*fm_fault_fn)(void *ctx, const struct fm_op *op, struct fm_tear *tear,
                                             uint64_t *ask_again_at);

/** Kind of a recorded event. */
enum fm_record_kind {
    FM_REC_VIOLATION = 0, /**< A flash rule was broken (err says which). */
    FM_REC_BUS_FAULT = 1, /**< A core's access fell outside its map or permission. */
    FM_REC_WEAR = 2,      /**< A page exceeded its endurance. */
};

/** A recorded violation, bus fault or wear event, with the evidence. */
struct fm_record {
    enum fm_record_kind kind; /**< What happened. */
    int err;                  /**< enum fm_err. */
    uint64_t seq;             /**< Operation number at the time (the next operation for bus faults). */
    int dev;                  /**< Device index, or -1 (unmapped bus address). */
    int core;                 /**< enum fm_core for bus faults, -1 otherwise. */
    uint32_t addr;            /**< Bus address (bus faults) or device offset. */
    uint32_t len;             /**< Bytes of the access. */
    uint8_t access;           /**< enum fm_perm of the access (bus faults). */
};

/** Per-device counters since creation or fm_stats_reset(). */
struct fm_stats {
    uint64_t reads;       /**< Read calls (device and bus). */
    uint64_t read_bytes;  /**< Bytes read. */
    uint64_t prog_ops;    /**< Program operations (NVMC: words). */
    uint64_t prog_bytes;  /**< Bytes programmed. */
    uint64_t erases;      /**< Page/sector erases. */
    uint64_t violations;  /**< Rule violations on this device. */
    uint32_t pages_touched; /**< Distinct pages programmed or erased. */
    uint64_t ecc_corrected;     /**< NAND: page reads whose bit errors the ECC corrected. */
    uint64_t ecc_uncorrectable; /**< NAND: page reads the ECC could not correct. */
    uint64_t status_fails;      /**< NAND: programs and erases that reported P-FAIL / E-FAIL. */
};

struct fm_sys;
struct fm_snapshot;

/* --- lifecycle ---------------------------------------------------------------------------- */

/**
 * @brief Create a system from a description. All flash starts erased (0xFF), RAM starts as
 *        seeded garbage, the system starts powered on.
 * @param desc description (copied)
 * @param seed seed for RAM garbage and nothing else
 * @param[out] out the new system
 * @retval 0 ok
 * @retval FM_E_INVAL inconsistent description (sizes, alignment, overlapping regions, bad parent)
 * @retval FM_E_NOMEM
 */
int fm_sys_create(const struct fm_desc *desc, uint64_t seed, struct fm_sys **out);

/** @brief Free a system (NULL is ignored). @param sys the system */
void fm_sys_destroy(struct fm_sys *sys);

/** @brief Number of devices. @param sys the system @return count */
unsigned fm_dev_count(const struct fm_sys *sys);

/**
 * @brief Index of the device called @p name.
 * @param sys the system
 * @param name device name
 * @return index, or FM_E_INVAL if none
 */
int fm_dev_find(const struct fm_sys *sys, const char *name);

/**
 * @brief Description of device @p dev.
 * @param sys the system
 * @param dev device index
 * @return the description, or NULL if @p dev is out of range
 */
const struct fm_device_desc *fm_dev_desc(const struct fm_sys *sys, int dev);

/* --- device access (by device and offset; no core, no bus map) ---------------------------- */

/**
 * @brief Read bytes of a device.
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param[out] buf destination
 * @param len bytes
 * @param[out] us device time taken (may be NULL); added to, not overwritten
 * @retval 0 ok
 * @retval FM_E_RANGE, FM_E_POWERED_OFF
 */
int fm_read(struct fm_sys *sys, int dev, uint32_t off, void *buf, uint32_t len, uint64_t *us);

/**
 * @brief fm_read() without the copy: the same checks, counters and device time; *@p out points at
 *        the bytes in place, valid until the next call that changes the memory.
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param len bytes
 * @param[out] out the bytes
 * @param[out] us device time taken (may be NULL); added to
 * @retval 0 ok
 * @retval FM_E_RANGE, FM_E_POWERED_OFF
 */
int fm_read_view(struct fm_sys *sys, int dev, uint32_t off, uint32_t len, const uint8_t **out, uint64_t *us);

/**
 * @brief Program bytes under the device's rules. The call is split into operations of
 *        prog_op_size bytes, each with its own sequence number and fault-hook decision.
 * @param sys the system
 * @param dev device index
 * @param off device offset, multiple of write_size
 * @param buf data
 * @param len bytes, multiple of write_size
 * @param[out] us device time taken (may be NULL); added to
 * @retval 0 ok
 * @retval FM_E_RANGE, FM_E_ALIGN nothing programmed
 * @retval FM_E_NWRITE, FM_E_NOT_ERASED violation: recorded; cells hold what the hardware would (old AND new)
 * @retval FM_E_POWER_LOSS the hook cut power during the call (system now off; RAM undefined)
 * @retval FM_E_POWERED_OFF
 * @retval FM_E_NOT_SUPPORTED on RAM (use fm_write_ram())
 */
int fm_program(struct fm_sys *sys, int dev, uint32_t off, const void *buf, uint32_t len, uint64_t *us);

/**
 * @brief Erase the pages covering [off, off + len); each page is one operation.
 * @param sys the system
 * @param dev device index
 * @param off device offset, page-aligned
 * @param len bytes, multiple of the page size
 * @param[out] us device time taken (may be NULL); added to
 * @retval as fm_program (FM_E_ALIGN when not page-aligned)
 */
int fm_erase(struct fm_sys *sys, int dev, uint32_t off, uint32_t len, uint64_t *us);

/**
 * @brief Write RAM bytes (FM_KIND_RAM only). Not a flash operation: no sequence number.
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param buf data
 * @param len bytes
 * @retval 0 ok
 * @retval FM_E_RANGE, FM_E_POWERED_OFF, FM_E_NOT_SUPPORTED (not RAM)
 */
int fm_write_ram(struct fm_sys *sys, int dev, uint32_t off, const void *buf, uint32_t len);

/* --- bus views ----------------------------------------------------------------------------- */

/**
 * @brief Translate a bus access of @p core to (device, offset), checking map and permission.
 *        A failure is recorded as a bus fault.
 * @param sys the system
 * @param core the accessing core
 * @param addr bus address
 * @param len bytes; the whole range must lie in one region
 * @param access one enum fm_perm bit
 * @param[out] dev device index
 * @param[out] off device offset
 * @retval 0 ok
 * @retval FM_E_BUS_FAULT (recorded with core and the first faulting address)
 */
int fm_bus_resolve(struct fm_sys *sys, enum fm_core core, uint32_t addr, uint32_t len, uint8_t access,
                   int *dev, uint32_t *off);

/**
 * @brief CPU read through @p core's map.
 * @param sys the system
 * @param core the accessing core
 * @param addr bus address
 * @param[out] buf destination
 * @param len bytes
 * @param[out] us device time (may be NULL); added to
 * @retval 0 ok
 * @retval FM_E_BUS_FAULT, FM_E_POWERED_OFF
 */
int fm_bus_read(struct fm_sys *sys, enum fm_core core, uint32_t addr, void *buf, uint32_t len, uint64_t *us);

/**
 * @brief fm_bus_read() without the copy (see fm_read_view()): the same checks and recorded faults.
 * @param sys the system
 * @param core the accessing core
 * @param addr bus address
 * @param len bytes
 * @param[out] out the bytes in place
 * @param[out] us device time (may be NULL); added to
 * @retval 0 ok
 * @retval FM_E_BUS_FAULT, FM_E_POWERED_OFF
 */
int fm_bus_read_view(struct fm_sys *sys, enum fm_core core, uint32_t addr, uint32_t len, const uint8_t **out,
                     uint64_t *us);

/**
 * @brief CPU write through @p core's map: a store to RAM, or NVMC word programs when the
 *        address is NVMC flash the core may write (facts §4.2).
 * @param sys the system
 * @param core the accessing core
 * @param addr bus address
 * @param buf data
 * @param len bytes
 * @param[out] us device time (may be NULL); added to
 * @retval 0 ok
 * @retval FM_E_BUS_FAULT, FM_E_POWERED_OFF, or any fm_program() code for flash
 */
int fm_bus_write(struct fm_sys *sys, enum fm_core core, uint32_t addr, const void *buf, uint32_t len,
                 uint64_t *us);

/**
 * @brief Restrict @p core's permissions on [addr, addr + len) to @p perm (an SPU lock).
 *        Stays until fm_bus_unprotect_all() (the simulator calls it on reset).
 * @param sys the system
 * @param core the core whose accesses are restricted
 * @param addr first address
 * @param len bytes
 * @param perm permissions left (enum fm_perm bits)
 * @retval 0 ok
 * @retval FM_E_NOMEM more than FM_MAX_PROTECT ranges
 */
int fm_bus_protect(struct fm_sys *sys, enum fm_core core, uint32_t addr, uint32_t len, uint8_t perm);

/** @brief Drop every protection of @p core. @param sys the system @param core the core */
void fm_bus_unprotect_all(struct fm_sys *sys, enum fm_core core);

/* --- access-control list (nRF5340 network core ACL) ----------------------------------------- */

/**
 * @brief Write an ACL register as the guarded core would (nRF5340 PS, ACL: "The ADDR, SIZE, and
 *        PERM registers can only be written once"; "Writing a '0' [to SIZE] has no effect").
 *        A register already written keeps its value and the write is ignored, as on silicon.
 *        A region protects once its ADDR is the start of a page of the guarded device and its
 *        SIZE and PERM are not zero.
 * @param sys the system
 * @param region region index, < acl.regions of the description
 * @param reg which register
 * @param value the value written
 * @retval 0 done (or ignored, as the silicon ignores it)
 * @retval FM_E_INVAL no such region or register (or no ACL)
 */
int fm_acl_write(struct fm_sys *sys, unsigned region, enum fm_acl_reg reg, uint32_t value);

/**
 * @brief Read an ACL register.
 * @param sys the system
 * @param region region index
 * @param reg which register
 * @return its value; 0 for a register never written, or no such region or register
 */
uint32_t fm_acl_read(const struct fm_sys *sys, unsigned region, enum fm_acl_reg reg);

/**
 * @brief Does the ACL let @p core access [@p addr, @p addr + @p len)? A write or erase into a
 *        region with PERM.WRITE, or a read or fetch from one with PERM.READ, "is blocked and a
 *        Bus Fault exception is triggered" (nRF5340 PS, ACL). fm_bus_resolve() applies it to bus
 *        accesses; a port calls it before a program or erase it makes through the NVMC
 *        (fm_program(), fm_erase() take no core).
 * @param sys the system
 * @param core the accessing core (other cores are not checked)
 * @param addr bus address
 * @param len bytes (0 counts as 1)
 * @param access one enum fm_perm bit (FM_PERM_W for a program or an erase)
 * @param[out] blocked_at the first blocked address (may be NULL)
 * @retval 0 allowed
 * @retval FM_E_BUS_FAULT blocked: recorded as FM_REC_BUS_FAULT with err FM_E_ACL at the first
 *         blocked address
 */
int fm_acl_check(struct fm_sys *sys, enum fm_core core, uint32_t addr, uint32_t len, uint8_t access,
                 uint32_t *blocked_at);

/**
 * @brief fm_acl_check() without recording anything: would the ACL block the access?
 * @param sys the system
 * @param core the accessing core
 * @param addr bus address
 * @param len bytes (0 counts as 1)
 * @param access one enum fm_perm bit
 * @param[out] blocked_at the first blocked address, set only when blocked (may be NULL)
 * @return true if blocked
 */
bool fm_acl_blocks(const struct fm_sys *sys, enum fm_core core, uint32_t addr, uint32_t len, uint8_t access,
                   uint32_t *blocked_at);

/**
 * @brief Reset of the guarded core: every ACL register back to 0 ("All ACL configuration
 *        registers are cleared on reset"). fm_power_on() and fm_warm_reset() do it too.
 * @param sys the system
 */
void fm_acl_reset(struct fm_sys *sys);

/* --- fault hook, time, power --------------------------------------------------------------- */

/**
 * @brief Install (or with @p fn NULL remove) the fault hook.
 * @param sys the system
 * @param fn hook
 * @param ctx passed to the hook
 * @param first_seq the first operation number the hook wants to see
 */
void fm_set_fault_hook(struct fm_sys *sys, fm_fault_fn fn, void *ctx, uint64_t first_seq);

/** @brief Number of the next program/erase operation. @param sys the system @return the number */
uint64_t fm_next_seq(const struct fm_sys *sys);

/** @brief True while powered. @param sys the system @return powered */
bool fm_powered(const struct fm_sys *sys);

/**
 * @brief Cut power now: flash keeps its cells, RAM (and the flash simulator in it) becomes
 *        undefined — deterministic garbage from the system seed and the power-cycle count.
 * @param sys the system
 */
void fm_power_loss(struct fm_sys *sys);

/** @brief Power on after a loss (RAM stays as the loss left it). @param sys the system */
void fm_power_on(struct fm_sys *sys);

/**
 * @brief Warm reset: RAM and flash kept; protections of both cores dropped (SPU reset), ACL cleared.
 * @param sys the system
 */
void fm_warm_reset(struct fm_sys *sys);

/* --- counters and records -------------------------------------------------------------------- */

/**
 * @brief Counters of device @p dev.
 * @param sys the system
 * @param dev device index
 * @param[out] out counters
 * @retval 0 ok
 * @retval FM_E_INVAL bad device
 */
int fm_stats(const struct fm_sys *sys, int dev, struct fm_stats *out);

/** @brief Zero all counters and the touched-page lists (not erase counts). @param sys the system */
void fm_stats_reset(struct fm_sys *sys);

/**
 * @brief Erase count of a page since the system was created (wear).
 * @param sys the system
 * @param dev device index
 * @param page page index
 * @return the count (0 for an invalid page)
 */
uint32_t fm_page_erase_count(const struct fm_sys *sys, int dev, uint32_t page);

/**
 * @brief Programs of the write unit holding @p off since its page was last erased (nWRITE use).
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @return the count (0 for devices without a write limit or an invalid offset)
 */
uint32_t fm_write_count(const struct fm_sys *sys, int dev, uint32_t off);

/**
 * @brief List the pages programmed or erased since the last fm_stats_reset(), ascending.
 * @param sys the system
 * @param dev device index
 * @param[out] pages array to fill (may be NULL to count)
 * @param max capacity of @p pages
 * @return number of touched pages (may exceed @p max)
 */
uint32_t fm_pages_touched(const struct fm_sys *sys, int dev, uint32_t *pages, uint32_t max);

/**
 * @brief The recorded events (violations, bus faults, wear), oldest first.
 * @param sys the system
 * @param[out] total number of events ever recorded (may exceed the returned count)
 * @param[out] count entries in the returned array (at most FM_MAX_RECORDS)
 * @return the array, valid until the next operation
 */
const struct fm_record *fm_records(const struct fm_sys *sys, uint64_t *total, unsigned *count);

/** @brief Forget recorded events. @param sys the system */
void fm_records_clear(struct fm_sys *sys);

/* --- snapshots --------------------------------------------------------------------------------- */

/**
 * @brief Allocate a snapshot able to hold the state of @p sys.
 * @param sys the system
 * @param[out] out the snapshot
 * @retval 0 ok
 * @retval FM_E_NOMEM
 */
int fm_snapshot_create(const struct fm_sys *sys, struct fm_snapshot **out);

/** @brief Free a snapshot (NULL is ignored). @param snap the snapshot */
void fm_snapshot_destroy(struct fm_snapshot *snap);

/**
 * @brief Save the whole state (cells, write counts, wear, counters, records, power, sequence
 *        number) into @p snap and start tracking pages changed from here. Costs O(total size).
 * @param sys the system
 * @param snap a snapshot from fm_snapshot_create() for this system
 */
void fm_snapshot_take(struct fm_sys *sys, struct fm_snapshot *snap);

/**
 * @brief Return the system to the state saved in @p snap. When @p snap is the last snapshot
 *        taken or restored, only the pages changed since then are copied: O(changed pages).
 * @param sys the system
 * @param snap the snapshot
 */
void fm_snapshot_restore(struct fm_sys *sys, const struct fm_snapshot *snap);

/**
 * @brief Move @p snap forward to the current state: copy into it only the pages changed since
 *        it was last taken, restored or updated, then track changes from here. O(changed
 *        pages). @p snap must be that baseline (else this is a full fm_snapshot_take()).
 * @param sys the system
 * @param snap the snapshot
 */
void fm_snapshot_update(struct fm_sys *sys, struct fm_snapshot *snap);

/* --- raw access and I/O helpers (no rules, no counters; for set-up and oracles) --------------- */

/**
 * @brief Set bytes directly, as a debugger would program them (no rules, counters or hook).
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param buf data
 * @param len bytes
 * @retval 0 ok
 * @retval FM_E_RANGE
 */
int fm_load(struct fm_sys *sys, int dev, uint32_t off, const void *buf, uint32_t len);

/**
 * @brief Load a host file into a device at @p off (fm_load() semantics).
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param path file to read
 * @param[out] len_out bytes loaded (may be NULL)
 * @retval 0 ok
 * @retval FM_E_IO unreadable file; FM_E_RANGE does not fit
 */
int fm_load_file(struct fm_sys *sys, int dev, uint32_t off, const char *path, uint32_t *len_out);

/**
 * @brief Copy bytes out without counting them (oracles, dumps).
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param[out] buf destination
 * @param len bytes
 * @retval 0 ok
 * @retval FM_E_RANGE
 */
int fm_peek(struct fm_sys *sys, int dev, uint32_t off, void *buf, uint32_t len);

/**
 * @brief Direct read-only view of device bytes (zero copy, for hashing in oracles). Valid until
 *        the next operation on the system.
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param len bytes
 * @return pointer, or NULL if out of range
 */
const uint8_t *fm_view(struct fm_sys *sys, int dev, uint32_t off, uint32_t len);

/**
 * @brief Write a region of a device to a host file.
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param len bytes
 * @param path file to create or truncate
 * @retval 0 ok
 * @retval FM_E_RANGE, FM_E_IO
 */
int fm_dump_file(struct fm_sys *sys, int dev, uint32_t off, uint32_t len, const char *path);

/**
 * @brief Compare a device region with a buffer.
 * @param sys the system
 * @param dev device index
 * @param off device offset
 * @param buf expected bytes
 * @param len bytes
 * @param[out] first_diff offset (from @p off) of the first differing byte, or @p len if equal (may be NULL)
 * @return 0 equal, 1 different, FM_E_RANGE
 */
int fm_compare(struct fm_sys *sys, int dev, uint32_t off, const void *buf, uint32_t len, uint32_t *first_diff);

/**
 * @brief Compare two device regions.
 * @param sys the system
 * @param dev_a first device
 * @param off_a offset in the first device
 * @param dev_b second device
 * @param off_b offset in the second device
 * @param len bytes
 * @param[out] first_diff offset of the first differing byte, or @p len if equal (may be NULL)
 * @return 0 equal, 1 different, FM_E_RANGE
 */
int fm_compare_regions(struct fm_sys *sys, int dev_a, uint32_t off_a, int dev_b, uint32_t off_b, uint32_t len,
                       uint32_t *first_diff);

#ifdef __cplusplus
}
#endif

#endif /* FLASHMODEL_H */
