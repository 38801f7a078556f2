/**
 * @file
 * @brief A bad-block-skipping flash area over SPI NAND (NAND-BBM, NAND-ECC): the secondary slots
 *        of seed 2's hardware live in external NAND and the update code reaches them through it.
 *
 * An area is a run of physical NAND blocks of one memory (PCD_MEM_NAND); it offers a smaller
 * logical memory of `n_logical` blocks with NOR-like semantics (any offset and length; a write
 * ANDs into what is there; erase per logical block; reads of unwritten bytes give 0xFF), so that
 * the MCUboot trailer and the update record (small writes, in any order) work on NAND, whose
 * pages are programmed once per erase and in ascending order inside a block.
 *
 * How (docs/SPEC.md, "NAND flash area"):
 *  - every page the layer programs carries a tag in its spare area (bytes 2..7 of the first two
 *    16-byte groups, free to the user with the ECC on; W25N01GV, flash-parts-facts §A): logical
 *    block, a sequence number, the number of pages of a copy, flags, a check. The map logical →
 *    physical is rebuilt from the tags by pcd_nand_mount(): it is never stored elsewhere, so it
 *    survives any power loss;
 *  - a whole-page write above the block's highest written page goes in place (appends, as an
 *    image is written); any other write (a partial page, a page written before) copies the
 *    logical block to a free block with the change merged and a higher sequence number, then
 *    erases the old block. A copy counts only once its last page is written (its tag says how
 *    many), so a power loss during a copy leaves the old version: small writes are atomic;
 *  - factory-bad blocks (spare byte 0 of page 0 not 0xFF; W1) are never programmed or erased;
 *    a block whose program or erase fails is retired: the logical block is copied to a spare
 *    block with the failed write included and the write continues; the area needs
 *    n_physical - n_logical >= 1 spare blocks plus one per block expected to go bad;
 *  - reads use what the ECC corrected; a page the ECC cannot correct reads as PCD_E_ECC (and
 *    stays so when its block is copied: the tag's poison flag), so a candidate with such a page
 *    fails validation and is never copied.
 *
 * Freestanding: no globals, no allocation; the state lives in struct pcd_nand_area (about 4.5 KiB,
 * two page buffers). Geometry comes from pcd_mem_info(): write_size is the page (<= 2048),
 * page_size the block (<= 64 pages).
 */
#ifndef PCD_NAND_AREA_H
#define PCD_NAND_AREA_H

#include <stdint.h>

#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most physical blocks of one area. */
#define PCD_NAND_MAX_BLOCKS 64u
/** Largest NAND page the layer handles, bytes (W25N01GV: 2048). */
#define PCD_NAND_MAX_PAGE 2048u
/** Most pages per block the layer handles (W25N01GV: 64). */
#define PCD_NAND_MAX_PPB 64u

/** Counters of one area since pcd_nand_mount(). */
struct pcd_nand_stats {
    uint32_t bad_factory; /**< Factory-marked blocks found at mount. */
    uint32_t retired;     /**< Blocks retired after a failed program or erase. */
    uint32_t copies;      /**< Logical blocks copied to a new block (rewrites and retirements). */
    uint32_t cleaned;     /**< Stale or half-written blocks erased at mount. */
    uint32_t ecc_errors;  /**< Page reads that returned PCD_E_ECC. */
};

/** One area: configuration and the map rebuilt at mount. Treat as opaque after pcd_nand_mount(). */
struct pcd_nand_area {
    const struct pcd_port *port; /**< Raw port (its NAND memory). */
    enum pcd_mem mem;            /**< The NAND memory. */
    uint32_t first_block;        /**< First physical block of the area. */
    uint32_t n_phys;             /**< Physical blocks, <= PCD_NAND_MAX_BLOCKS. */
    uint32_t n_logical;          /**< Logical blocks offered, < n_phys. */
    uint32_t page;               /**< Page size, bytes. */
    uint32_t ppb;                /**< Pages per block. */
    uint32_t next_seq;           /**< Sequence number of the next version. */
    uint8_t map[PCD_NAND_MAX_BLOCKS];   /**< Logical → physical index in the area; 0xFF unmapped. */
    uint8_t state[PCD_NAND_MAX_BLOCKS]; /**< Per physical block (nand_area.c). */
    uint8_t top[PCD_NAND_MAX_BLOCKS];   /**< Per physical block: highest written page + 1. */
    uint8_t npages[PCD_NAND_MAX_BLOCKS];/**< Per physical block: the copy length of its tag. */
    uint32_t seq[PCD_NAND_MAX_BLOCKS];  /**< Per physical block: its tag's sequence number. */
    struct pcd_nand_stats stats;        /**< Counters. */
    uint8_t buf[2][PCD_NAND_MAX_PAGE];  /**< Page buffers. */
    uint8_t spare[PCD_NAND_SPARE];      /**< Spare buffer. */
};

/**
 * @brief Scan an area and rebuild its map from the tags; erase stale versions and half-written
 *        copies a power loss left. Call after every power-up before using the area.
 * @param a the area (all fields written)
 * @param port the raw port of the NAND memory
 * @param mem the NAND memory
 * @param first_block first physical block
 * @param n_phys physical blocks, 2..PCD_NAND_MAX_BLOCKS
 * @param n_logical logical blocks, 1..n_phys - 1
 * @retval 0 ok
 * @retval PCD_E_INVAL bad geometry; PCD_E_RANGE outside the memory; PCD_E_HALTED; a port error
 */
int pcd_nand_mount(struct pcd_nand_area *a, const struct pcd_port *port, enum pcd_mem mem, uint32_t first_block,
                   uint32_t n_phys, uint32_t n_logical);

/**
 * @brief Read logical bytes.
 * @param a a mounted area
 * @param off logical offset
 * @param[out] buf destination
 * @param len bytes
 * @retval 0 ok (possibly corrected by the ECC)
 * @retval PCD_E_ECC a page was uncorrectable (its raw bytes were copied)
 * @retval PCD_E_RANGE, PCD_E_HALTED, a port error
 */
int pcd_nand_area_read(struct pcd_nand_area *a, uint32_t off, void *buf, uint32_t len);

/**
 * @brief Write logical bytes (ANDed into the current content), retiring blocks that fail.
 * @param a a mounted area
 * @param off logical offset
 * @param buf data
 * @param len bytes
 * @retval 0 ok
 * @retval PCD_E_NAND_FULL no good block left; PCD_E_RANGE, PCD_E_HALTED, a port error
 */
int pcd_nand_area_write(struct pcd_nand_area *a, uint32_t off, const void *buf, uint32_t len);

/**
 * @brief Erase logical blocks: afterwards they read 0xFF.
 * @param a a mounted area
 * @param off logical offset, block-aligned
 * @param len bytes, a multiple of the block size
 * @retval 0 ok; PCD_E_INVAL not aligned; PCD_E_RANGE, PCD_E_HALTED, a port error
 */
int pcd_nand_area_erase(struct pcd_nand_area *a, uint32_t off, uint32_t len);

/** @brief Logical size of a mounted area, bytes. @param a the area @return bytes */
uint32_t pcd_nand_area_size(const struct pcd_nand_area *a);

/**
 * @brief Physical block (index in the memory) holding logical block @p lblk, for oracles.
 * @param a a mounted area
 * @param lblk logical block
 * @return the physical block, or -1 if unmapped or out of range
 */
int pcd_nand_area_phys(const struct pcd_nand_area *a, uint32_t lblk);

/** Most areas one pcd_nand_port serves (a batch: image 0's and image 1's secondary slots). */
#define PCD_NAND_PORT_MAX_AREAS 2u

/**
 * A port that shows NAND areas as PCD_MEM_NAND to code written for NOR-like memories (the
 * app-side updater, the batch, the download): offsets [base, base + pcd_nand_area_size()) of
 * PCD_MEM_NAND go through the area holding them (mem_info reports a 4-byte write unit and the
 * block as erase unit; no views, no raw page access); an access that is not wholly inside one
 * area is PCD_E_RANGE; every other operation goes to the raw port unchanged.
 */
struct pcd_nand_port {
    struct pcd_port port;         /**< Use this one. */
    struct pcd_port_ops ops;      /**< Its operations (NULL where the raw port has none). */
    const struct pcd_port *raw;   /**< The raw port. */
    struct pcd_nand_area *area[PCD_NAND_PORT_MAX_AREAS]; /**< Mounted areas. */
    uint32_t base[PCD_NAND_PORT_MAX_AREAS]; /**< PCD_MEM_NAND offset of each area's logical offset 0 (the slot
                                                 partition's offset). */
    uint32_t n_areas;             /**< Entries of @ref area. */
};

/**
 * @brief Set up @p np over @p raw and a mounted @p area.
 * @param np the adapter
 * @param raw the raw port
 * @param area a mounted area
 * @param base PCD_MEM_NAND offset of logical offset 0
 */
void pcd_nand_port_init(struct pcd_nand_port *np, const struct pcd_port *raw, struct pcd_nand_area *area,
                        uint32_t base);

/**
 * @brief Add a second mounted area to @p np (the other secondary slot of a batch).
 * @param np an adapter set up by pcd_nand_port_init()
 * @param area a mounted area
 * @param base PCD_MEM_NAND offset of its logical offset 0
 * @retval 0 added
 * @retval PCD_E_INVAL already PCD_NAND_PORT_MAX_AREAS areas, or its offsets overlap an area's
 */
int pcd_nand_port_add(struct pcd_nand_port *np, struct pcd_nand_area *area, uint32_t base);

#ifdef __cplusplus
}
#endif

#endif /* PCD_NAND_AREA_H */
