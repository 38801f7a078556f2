/**
 * @file
 * @brief Binary in the loop: a B0N firmware image (ELF, .bin or Intel HEX) run on an emulated
 *        Cortex-M33 (Unicorn) as the network core, every memory access through the core's
 *        `struct pcd_port`, so the flash model's cells, NOR rules, operation numbers, fault hook,
 *        device time and snapshots are the same as for the host-compiled B0N (docs/DESIGN.md,
 *        "The network core as a binary").
 *
 * Hardware facts (nRF5340 PS; facts file §2.1, §4.1, §4.3 and its errata): the network core
 * starts from the vector table at 0x01000000 (initial MSP, reset vector); net flash 256 KiB at
 * 0x01000000 in 2 KiB pages, B0N's partition 0x8580 bytes; net SRAM 64 KiB at 0x21000000; the
 * net NVMC and ACL share the base 0x41080000 (READY 0x400, READYNEXT 0x408, CONFIG 0x504 with
 * REN 0 / WEN 1 / EEN 2, page erase = 0xFFFFFFFF to the page's first word in EEN mode; ACL[n]
 * ADDR/SIZE/PERM at 0x800 + 0x10 n, write-once until reset, PERM bit 1 write-protect, a blocked
 * write or erase raises a BusFault); the net IPC at 0x41012000 (TASKS_SEND[n] at 4 n).
 */
#ifndef PCDSIM_NETCPU_H
#define PCDSIM_NETCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcd/port.h"
#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Net flash base: the network core's vector table after reset (facts §2.1). */
#define NETCPU_FLASH_BASE 0x01000000u
/** Net flash size, bytes (facts §4.1). */
#define NETCPU_FLASH_SIZE 0x00040000u
/** Net flash page (erase unit), bytes. */
#define NETCPU_FLASH_PAGE 0x800u
/** Default size of the `b0n` partition, bytes (facts §2.1: CONFIG_B0N_SIZE with provision 0x280). */
#define NETCPU_B0N_PARTITION 0x8580u
/** Net SRAM (facts §4.1). */
#define NETCPU_SRAM_BASE 0x21000000u
#define NETCPU_SRAM_SIZE 0x00010000u
/** Instructions per µs of device time: the network core's 64 MHz clock at one instruction per cycle. */
#define NETCPU_INSNS_PER_US 64u
/** Default instruction budget of one network-core start (about 15.6 s of device time at 64 MHz). */
#define NETCPU_DEFAULT_BUDGET 1000000000ull

/** A loaded B0N image: the bytes from 0x01000000 on. */
struct netcpu_image {
    uint8_t *bytes;    /**< @p size bytes placed at ::NETCPU_FLASH_BASE (owned). */
    uint32_t size;     /**< Bytes, <= the partition size it was checked against. */
    uint32_t sp;       /**< Initial MSP (vector 0). */
    uint32_t reset;    /**< Reset vector (vector 1, Thumb bit set). */
    char format[8];    /**< "elf", "bin", "hex" or "cpunet" (the B0N part of a merged_CPUNET.hex). */
};

/**
 * @brief Load and check a B0N image: an ELF32 for ARM (its PT_LOAD segments at their physical
 *        addresses), a raw .bin placed at 0x01000000, or an Intel HEX file (by content: ELF magic,
 *        ':' records, anything else raw). Refused: another ELF machine or class, a byte outside
 *        net flash, an image larger than @p partition_size, no vector table (initial SP not in net
 *        SRAM, or a reset vector that is not a Thumb address inside the image).
 * @param path file
 * @param partition_size bytes of the `b0n` partition (0: ::NETCPU_B0N_PARTITION)
 * @param[out] out the image (free with netcpu_image_free())
 * @param[out] diag why it was refused (may be NULL)
 * @retval 0 loaded
 * @retval PCDSIM_E_FILE unreadable
 * @retval PCDSIM_E_SCHEMA not a B0N image for 0x01000000 (the reason in @p diag)
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int netcpu_image_load(const char *path, uint32_t partition_size, struct netcpu_image **out, struct pcdsim_diag *diag);

/** @brief Free an image (NULL is fine). @param img the image */
void netcpu_image_free(struct netcpu_image *img);

/** How one start of the emulated network core ended. */
enum netcpu_end {
    NETCPU_END_PARKED = 0,  /**< WFE/WFI: the core waits to be forced off (B0N's stop or park). */
    NETCPU_END_BOOTED = 1,  /**< Execution reached the application partition (B0N's jump). */
    NETCPU_END_HALTED = 2,  /**< A port operation returned PCD_E_HALTED: power loss, reset, cut. */
    NETCPU_END_FAULT = 3,   /**< HardFault / BusFault / unmapped access: the core would lock up. */
    NETCPU_END_BUDGET = 4,  /**< The instruction budget ran out. */
    NETCPU_END_STRICT = 5,  /**< Strict mode: an access to an unmodelled peripheral register. */
};

/** What one start of the network core runs with. */
struct netcpu_config {
    const struct netcpu_image *image; /**< The B0N image. */
    uint32_t app_addr;     /**< Net application partition (a PC there is "booted"), bus address. */
    uint32_t app_size;     /**< Its size, bytes. */
    uint32_t pcd_sram_addr;/**< The PCD command block (app SRAM), bus address. */
    uint64_t budget;       /**< Instructions; 0: ::NETCPU_DEFAULT_BUDGET. */
    bool strict;           /**< Stop at an unmodelled peripheral register (else log it and go on). */
};

/** What happened. */
struct netcpu_result {
    enum netcpu_end end;  /**< How the run ended. */
    uint32_t pc;          /**< PC at the end (the faulting instruction for FAULT/STRICT). */
    uint32_t addr;        /**< The address involved (fault, register), or the VTOR for BOOTED. */
    uint64_t insns;       /**< Instructions executed. */
    bool cmd_seen;        /**< B0N read a command magic (COPY, READ_VERSION, LOCK_DEBUG) from the block. */
    uint32_t magic;       /**< That magic. */
    bool answered;        /**< B0N wrote DONE or FAIL into the block's magic. */
    unsigned unmodelled;  /**< Accesses to unmodelled registers (logged). */
    char cause[120];      /**< Human-readable cause for FAULT / BUDGET / STRICT ("" otherwise). */
};

/** @brief True if this build can run binaries (Unicorn was found). */
bool netcpu_available(void);

/**
 * @brief Run one start of the network core from its reset vector until it parks, jumps to the
 *        application, loses power, faults or exhausts its budget. Memories: net flash is an
 *        image of the flash model's cells (read through @p port when the core starts) that the
 *        NVMC model keeps equal to the model: every CPU store into net flash goes through the
 *        NVMC registers and @p port's flash_program / flash_erase. App flash and app SRAM are
 *        reached through @p port at every access (aligned words of app SRAM as shared_read32 /
 *        shared_write32: the PCD block). Net SRAM is the model's (garbage) bytes at the start,
 *        then private to the core. Device time: @p port's delay_us with the instructions
 *        executed since the last port operation at ::NETCPU_INSNS_PER_US.
 * @param cfg configuration
 * @param port the network core's port (the simulator's)
 * @param[out] res what happened
 * @retval 0 ran (see @p res)
 * @retval PCD_E_HALTED power lost or reset (res->end HALTED)
 * @retval PCDSIM_E_NOMEM / PCDSIM_E_INTERNAL the emulator could not be set up
 * @retval PCD_E_UNSUPPORTED built without Unicorn
 */
int netcpu_run(const struct netcpu_config *cfg, const struct pcd_port *port, struct netcpu_result *res);

/** @brief Name of an end ("parked", "booted", ...). @param e the end */
const char *netcpu_end_name(enum netcpu_end e);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_NETCPU_H */
