/**
 * @file
 * @brief SPI NAND in the flash model (FM_KIND_NAND), after the Winbond W25N01GV.
 *
 * Geometry and behaviour (../shared/spec/flash-parts-facts.md §A, with its sources):
 *   - page 2048 bytes of data + 64 bytes of spare ("OOB"); 64 pages per block (128 KiB); the
 *     part has 1024 blocks; a description may configure fewer (tests, small boards);
 *   - erase per block; each page is programmed once per erase (this model: NOP 1, because with
 *     the on-die ECC on "the ECC parity for the whole 2 KB page is generated at once", AN), and
 *     pages of a block are programmed from low to high page address (IM). Breaking either is a
 *     recorded violation (FM_E_NWRITE / FM_E_PAGE_ORDER, SYS-FLASH-RULES); the cells then hold
 *     old AND new, as for the NOR devices;
 *   - factory bad blocks: a byte other than 0xFF at byte 0 of page 0 and at column 2048 (spare
 *     byte 0) of page 0 (W1). A program or erase of a factory-bad block fails its status (and is
 *     recorded: a driver must skip marked blocks);
 *   - grown bad blocks: a block armed by fm_nand_grow_bad() (or by the seeded model of
 *     fm_nand_fail_rate()) fails its next program (P-FAIL) or erase (E-FAIL) and every one after it; a failed program leaves the page with some of its
 *     bits programmed and unreadable (uncorrectable);
 *   - on-die ECC: 1 bit per 512-byte step (L). Bit errors injected into a page with
 *     fm_nand_bit_errors() all sit in the first 512-byte step: 1 is corrected (the read returns
 *     the stored data and counts ecc_corrected), 2 or more are uncorrectable (the read returns
 *     the data with the bits flipped and FM_E_ECC). An erase clears them;
 *   - timings (typical, S NX / BF / AP): tRD 60 µs per page read into the page buffer, tPROG
 *     250 µs per page program, tBERS 2 ms per block erase;
 *   - power loss: a torn page program or block erase leaves the cells part-way (as the NOR
 *     devices) and the page (every page of the block) reads back uncorrectable until erased;
 *   - not memory-mapped: a bus region on a NAND device is refused by fm_sys_create(); fm_read_view()
 *     returns FM_E_NOT_SUPPORTED (data always passes the page buffer and the ECC engine).
 *
 * Through the generic calls: fm_program() programs whole pages (offset and length multiples of
 * 2048, spare left 0xFF), fm_erase() erases whole blocks, fm_read() reads any range through the
 * ECC (FM_E_ECC if a page in it is uncorrectable; the bytes are still copied). fm_load() marks
 * the pages it loads with anything but 0xFF as programmed.
 */
#ifndef FLASHMODEL_NAND_H
#define FLASHMODEL_NAND_H

#include <stdint.h>

#include "flashmodel/flashmodel.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Data bytes of a page (W25N01GV: 2048). */
#define FM_NAND_PAGE 2048u
/** Spare bytes of a page (W25N01GV: 64). */
#define FM_NAND_SPARE 64u
/** Pages per block (W25N01GV: 64). */
#define FM_NAND_PAGES_PER_BLOCK 64u
/** Block size, data bytes (128 KiB). */
#define FM_NAND_BLOCK (FM_NAND_PAGE * FM_NAND_PAGES_PER_BLOCK)
/** Blocks of the W25N01GV (1 Gbit). */
#define FM_NAND_W25N01GV_BLOCKS 1024u
/** ECC step, bytes, and bits it corrects (W25N01GV on-die ECC: 1 bit per 512 bytes). */
#define FM_NAND_ECC_STEP 512u
/** Bits corrected per ECC step. */
#define FM_NAND_ECC_BITS 1u
/** tRD, µs: array to page buffer with ECC on (max 60 µs; S BF, AP). */
#define FM_NAND_T_READ_US 60u
/** tPROG, µs (typical 250 µs; S NX; max 700 µs). */
#define FM_NAND_T_PROG_US 250u
/** tBERS, µs (typical 2 ms; S NX; max 10 ms). */
#define FM_NAND_T_ERASE_US 2000u

/** ECC outcome of a page read (the W25N01GV's SR-3 ECC-1/ECC-0 bits). */
enum fm_nand_ecc {
    FM_NAND_ECC_CLEAN = 0,         /**< 00: no error. */
    FM_NAND_ECC_CORRECTED = 1,     /**< 01: errors found and corrected. */
    FM_NAND_ECC_UNCORRECTABLE = 2, /**< 10: more errors than the ECC corrects; data returned raw. */
};

/**
 * @brief Description of a W25N01GV-like SPI NAND device.
 * @param[out] out the description
 * @param name device name (static storage)
 * @param blocks number of blocks, 1..FM_NAND_W25N01GV_BLOCKS (the part has 1024)
 * @retval 0 ok
 * @retval FM_E_INVAL bad block count
 */
int fm_nand_desc(struct fm_device_desc *out, const char *name, uint32_t blocks);

/**
 * @brief Read one page (data and/or spare) through the on-die ECC.
 * @param sys the system
 * @param dev a NAND device
 * @param page page index (block * 64 + page in block)
 * @param[out] data FM_NAND_PAGE bytes, or NULL
 * @param[out] spare FM_NAND_SPARE bytes, or NULL
 * @param[out] ecc the ECC status (may be NULL)
 * @param[out] us device time (may be NULL); added to: tRD
 * @retval 0 read (clean or corrected)
 * @retval FM_E_ECC uncorrectable: the raw bytes were copied
 * @retval FM_E_RANGE, FM_E_INVAL (not NAND), FM_E_POWERED_OFF
 */
int fm_nand_read_page(struct fm_sys *sys, int dev, uint32_t page, void *data, void *spare, enum fm_nand_ecc *ecc,
                      uint64_t *us);

/**
 * @brief Program one page: data and spare in one operation (one sequence number, one fault-hook
 *        decision), under the rules above.
 * @param sys the system
 * @param dev a NAND device
 * @param page page index
 * @param data FM_NAND_PAGE bytes, or NULL (left 0xFF: not programmed)
 * @param spare FM_NAND_SPARE bytes, or NULL (left 0xFF)
 * @param[out] us device time (may be NULL); added to: tPROG
 * @retval 0 ok
 * @retval FM_E_NWRITE, FM_E_PAGE_ORDER violation (recorded; programmed anyway)
 * @retval FM_E_PROGRAM_FAIL status P-FAIL (bad block); FM_E_BAD_BLOCK (also recorded) for a factory-bad one
 * @retval FM_E_POWER_LOSS, FM_E_POWERED_OFF, FM_E_RANGE, FM_E_INVAL
 */
int fm_nand_program_page(struct fm_sys *sys, int dev, uint32_t page, const void *data, const void *spare,
                         uint64_t *us);

/**
 * @brief Mark a block factory-bad (set-up, before a run): 0x00 at byte 0 and spare byte 0 of its
 *        page 0; its programs and erases fail from now on.
 * @param sys the system
 * @param dev a NAND device
 * @param block block index
 * @retval 0 ok; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_factory_bad(struct fm_sys *sys, int dev, uint32_t block);

/**
 * @brief Arm a grown bad block: its next program or erase fails its status, and all later ones.
 * @param sys the system
 * @param dev a NAND device
 * @param block block index
 * @retval 0 ok; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_grow_bad(struct fm_sys *sys, int dev, uint32_t block);

/**
 * @brief A seeded model of blocks going bad: from now on each program or erase of a good block
 *        finds it gone bad (and fails, as after fm_nand_grow_bad()) with chance @p ppm per
 *        million, decided by @p seed and the operation number alone (a replay fails the same
 *        operations). Configuration, not state: snapshots do not change it. No lifetime figure is
 *        known for the W25N01GV (flash-parts-facts §A: NF); the rate is the scenario's.
 * @param sys the system
 * @param dev a NAND device
 * @param ppm chance per operation, per million (0 = off, 1000000 = every one)
 * @param seed seed
 * @retval 0 ok; FM_E_INVAL
 */
int fm_nand_fail_rate(struct fm_sys *sys, int dev, uint32_t ppm, uint64_t seed);

/**
 * @brief Inject @p bits bit errors into a page as it is now (retention / read disturb): all in
 *        its first ECC step, so 1 is corrected and 2 or more are not. Cleared by an erase.
 * @param sys the system
 * @param dev a NAND device
 * @param page page index
 * @param bits number of flipped bits, 0..200 (0 clears)
 * @retval 0 ok; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_bit_errors(struct fm_sys *sys, int dev, uint32_t page, unsigned bits);

/**
 * @brief Is the block bad (factory-marked or failed)? The model's truth, for oracles.
 * @param sys the system
 * @param dev a NAND device
 * @param block block index
 * @return 1 factory-bad, 2 grown bad (has failed), 0 good or only armed; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_block_state(const struct fm_sys *sys, int dev, uint32_t block);

/* --- raw access for set-up (as fm_load(): no rules, counters, time, sequence numbers or hook) --- */

/**
 * @brief Set a page's data and spare as a programmer would (set-up of a run). The page counts as
 *        programmed (a later program of it is a violation, as after fm_load()).
 * @param sys the system
 * @param dev a NAND device
 * @param page page index
 * @param data FM_NAND_PAGE bytes, or NULL (left as is)
 * @param spare FM_NAND_SPARE bytes, or NULL (left as is)
 * @retval 0 ok; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_load_page(struct fm_sys *sys, int dev, uint32_t page, const void *data, const void *spare);

/**
 * @brief Read a page's cells without the ECC, counters or time (set-up and oracles).
 * @param sys the system
 * @param dev a NAND device
 * @param page page index
 * @param[out] data FM_NAND_PAGE bytes, or NULL
 * @param[out] spare FM_NAND_SPARE bytes, or NULL
 * @retval 0 ok; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_peek_page(struct fm_sys *sys, int dev, uint32_t page, void *data, void *spare);

/**
 * @brief Erase a block as a programmer would (set-up): cells, spare, bit errors, write counts.
 *        A bad block keeps its state (and a factory-bad one its marks).
 * @param sys the system
 * @param dev a NAND device
 * @param block block index
 * @retval 0 ok; FM_E_INVAL, FM_E_RANGE
 */
int fm_nand_load_erase(struct fm_sys *sys, int dev, uint32_t block);

#ifdef __cplusplus
}
#endif

#endif /* FLASHMODEL_NAND_H */
