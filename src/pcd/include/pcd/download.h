/**
 * @file
 * @brief The application's download of a `dfu_multi_image.bin` package into the secondary slots
 *        (reference-behaviour.md §8: DL-STREAM, DL-RESUME, DL-REQUEST, DL-REJECT). Freestanding:
 *        no allocation, the session lives in caller memory (struct pcd_dl, about 5 KiB).
 *
 * A transport (SMP over BLE, UART, ...) hands the package over in chunks, each with its offset in
 * the package; every answer names the offset the device wants next (as SMP's image upload does),
 * so a lost or repeated chunk is simply sent again and a session after a reset resumes:
 *
 *     pcd_dl_begin(&dl, &cfg, port, package_len);
 *     while (next < package_len) pcd_dl_write(&dl, off, chunk, n, &next);   // transport decides off
 *     pcd_dl_finish(&dl);                                                   // hashes, then the request
 *
 * Steps:
 *  1. Header (the first bytes, sent again by every session): decoded by pcd/dfu_pkg.h, checked
 *     against the announced length, every image against its slot (id 0 -> `mcuboot_secondary`,
 *     id 1 -> `mcuboot_secondary_1`: size + PCD_SLOT_RESERVED must fit). Any fault refuses the
 *     package (DL-REJECT) before a single flash operation: an earlier candidate stays intact.
 *  2. The progress log is read (below). The same package (CRC-32 of its header bytes and its
 *     length) resumes at the offset stored last; another one starts over with a new record.
 *  3. DL-STREAM: bytes go through a one-page stream buffer into the slot. At an image's first
 *     byte the slot's last page (MCUboot trailer and update record of an older candidate) is
 *     erased first, so a partly written image is never a pending candidate; each page is erased,
 *     programmed (padded with 0xFF to the write unit), then a progress record names the new
 *     stored offset (DL-RESUME: a cut loses at most the page being written). A slot in SPI NAND
 *     (reached through a pcd_nand_port, pcd/nand_area.h) has an erase unit larger than the
 *     buffer (a 128 KiB block): the block is erased when the stream enters it, the buffer is
 *     flushed every PCD_DL_BUF_SIZE bytes as whole-page appends, and a resumed session goes back
 *     to the start of the block holding the stored offset (the block is erased again, so no page
 *     a cut may have torn is programmed twice; a cut loses at most one block).
 *  4. pcd_dl_finish(): every image is checked in its slot (pcd_image_validate(): complete inside
 *     its size, SHA256 TLV matches; signature too when keys are configured). Only then, for a
 *     two-image package, each slot's batch-partner word names the other image (pcd/batch.h: a
 *     candidate whose partner is not pending yet is held back, so a cut between the two requests
 *     cannot apply one image alone), then each slot's request (image_ok for permanent, then the
 *     trailer magic; facts §5.4), then a record "requested" (DL-REQUEST).
 *
 * Progress log: `progress` names at least two erase pages; records of PCD_DL_REC_SIZE bytes are
 * appended (each written once into erased flash), the valid record with the highest sequence
 * number wins, a torn one fails its CRC and is skipped; when a page is full the next one is
 * erased and used. Byte layout: docs/SPEC.md "Download progress record".
 *
 * Slot writes go through three calls (dl_area_erase / program / read in download.c) over
 * pcd_flash_*; a NAND slot's bad blocks and ECC are the pcd_nand_port's business.
 */
#ifndef PCD_DOWNLOAD_H
#define PCD_DOWNLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/dfu_pkg.h"
#include "pcd/err.h"
#include "pcd/image.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Stream buffer: one erase page of the slot's memory (NVMC page, QSPI sector: 4 KiB), or a part of a
 *  larger erase unit that divides it (SPI NAND block: 128 KiB). */
#define PCD_DL_BUF_SIZE 4096u
/** Bytes of one progress record (docs/SPEC.md "Download progress record"). */
#define PCD_DL_REC_SIZE 64u
/** Record magic, bytes "DLP1" (0x31504C44 little endian). */
#define PCD_DL_REC_MAGIC 0x31504C44u
/** Record field offsets (bytes, little endian). */
#define PCD_DL_REC_OFF_MAGIC 0u   /**< u32 PCD_DL_REC_MAGIC */
#define PCD_DL_REC_OFF_SEQ 4u     /**< u32 sequence number, +1 per record */
#define PCD_DL_REC_OFF_TAG 8u     /**< u32 CRC-32 of the package's header bytes (prefix + CBOR) */
#define PCD_DL_REC_OFF_TOTAL 12u  /**< u32 package length */
#define PCD_DL_REC_OFF_STORED 16u /**< u32 package bytes safely in their slots (resume offset) */
#define PCD_DL_REC_OFF_STATE 20u  /**< u8 enum pcd_dl_rec_state */
#define PCD_DL_REC_OFF_FLAGS 21u  /**< u8 bit 0: permanent request */
#define PCD_DL_REC_OFF_CRC 60u    /**< u32 CRC-32 of bytes 0..59 */

_Static_assert(PCD_DL_REC_OFF_CRC + 4u == PCD_DL_REC_SIZE, "the CRC ends the record");
_Static_assert(PCD_DL_REC_OFF_FLAGS < PCD_DL_REC_OFF_CRC, "fields lie before the CRC");
_Static_assert(PCD_DL_BUF_SIZE % PCD_DL_REC_SIZE == 0u, "records never straddle a 4 KiB page (or a 256-byte QSPI program page)");
_Static_assert(256u % PCD_DL_REC_SIZE == 0u, "a record never crosses a QSPI program page");

/** State a progress record stores. */
enum pcd_dl_rec_state {
    PCD_DL_REC_RECEIVING = 1, /**< Bytes before `stored` are in their slots. */
    PCD_DL_REC_REQUESTED = 2, /**< Every image checked, the upgrade requested. */
};

/** A slot (or the progress area): memory, offset, size. Size 0 = absent. */
struct pcd_dl_area {
    enum pcd_mem mem; /**< PCD_MEM_APP_FLASH or PCD_MEM_QSPI; a slot also PCD_MEM_NAND (through a pcd_nand_port). */
    uint32_t off;     /**< Offset in @ref mem, page-aligned. */
    uint32_t size;    /**< Bytes, a multiple of the page size. */
};

/** Configuration of a download. */
struct pcd_dl_config {
    struct pcd_dl_area slot[PCD_PKG_MAX_IMAGES]; /**< By image id: 0 mcuboot_secondary, 1 mcuboot_secondary_1. */
    struct pcd_dl_area progress;                  /**< Progress log: at least two pages, no slot overlap. */
    bool permanent;                               /**< Request permanent (image_ok set) instead of test. */
    const struct pcd_key *keys;                   /**< Optional: also verify signatures before requesting. */
    uint32_t key_count;                           /**< Entries of @ref keys (0: hash check only). */
};

/** Phase of a session. */
enum pcd_dl_phase {
    PCD_DL_PHASE_HEADER = 0,  /**< Collecting the header. */
    PCD_DL_PHASE_DATA = 1,    /**< Receiving images. */
    PCD_DL_PHASE_DONE = 2,    /**< Requested (this session or an earlier one). */
    PCD_DL_PHASE_REFUSED = 3, /**< The package was refused; see pcd_dl::error. */
};

/** A session (caller memory; plain data, no pointers into flash). */
struct pcd_dl {
    const struct pcd_dl_config *cfg; /**< Configuration. */
    const struct pcd_port *port;     /**< The application core's port. */
    enum pcd_dl_phase phase;         /**< Where the session is. */
    int error;                       /**< The refusal (PCD_E_PKG_*), else 0. */
    uint32_t total;                  /**< Announced package length. */
    struct pcd_pkg_header hdr;       /**< Decoded header (phase DATA and later). */
    uint32_t tag;                    /**< CRC-32 of the header bytes. */
    uint32_t next;                   /**< Package offset wanted next. */
    bool resumed;                    /**< The progress log named this package: resumed at its stored offset. */
    uint32_t resumed_at;             /**< That offset (when @ref resumed). */
    uint32_t hdr_fill;               /**< Header bytes collected. */
    uint8_t hdr_buf[PCD_PKG_PREFIX + PCD_PKG_CBOR_MAX]; /**< The header bytes. */
    uint32_t buf_off;                /**< Package offset of buf[0]. */
    uint32_t buf_fill;               /**< Bytes in the stream buffer. */
    uint8_t buf[PCD_DL_BUF_SIZE];    /**< Stream buffer: one page of a slot. */
    bool rec_found;                  /**< A valid record was found. */
    uint8_t rec[PCD_DL_REC_SIZE];    /**< The latest valid record (or the one written last). */
    uint32_t seq;                    /**< Its sequence number. */
    uint32_t rec_next;               /**< Offset in the progress area for the next record. */
    bool rec_erase;                  /**< The page at @ref rec_next must be erased first. */
    uint32_t rec_page;               /**< Page size of the progress area's memory. */
    uint32_t records;                /**< Records written by this session (counter for tests and traces). */
};

/**
 * @brief Check a configuration against the port's memories.
 * @retval 0 usable
 * @retval PCD_E_INVAL no slot, a slot or the progress area not page-aligned or outside its
 *         memory, pages larger than PCD_DL_BUF_SIZE, fewer than two progress pages, overlaps
 * @retval other a port error of pcd_mem_info()
 */
int pcd_dl_config_check(const struct pcd_dl_config *cfg, const struct pcd_port *port);

/**
 * @brief Start a session: read the progress log. Nothing is written.
 * @param[out] dl   the session
 * @param cfg       configuration (must outlive the session)
 * @param port      the application core's port
 * @param total     package length the transport announced
 * @retval 0 ok; the device wants offset 0 (the header) first
 * @retval PCD_E_INVAL NULL argument or a refused configuration
 * @retval other a port error (PCD_E_HALTED)
 */
int pcd_dl_begin(struct pcd_dl *dl, const struct pcd_dl_config *cfg, const struct pcd_port *port, uint32_t total);

/**
 * @brief One chunk from the transport. A chunk whose @p off is not the offset wanted is ignored
 *        (a repeat or one after a loss); the answer names the offset wanted.
 * @param dl         the session
 * @param off        package offset of the chunk
 * @param data       bytes
 * @param len        bytes
 * @param[out] next  the offset wanted next (== total when every byte is stored)
 * @retval 0 ok
 * @retval PCD_E_PKG_TRUNC / PCD_E_PKG_CBOR / PCD_E_PKG_ID / PCD_E_PKG_SIZE the package is refused
 *         (nothing was written; every later call returns the same)
 * @retval PCD_E_INVAL NULL argument
 * @retval other a port error (PCD_E_HALTED: unwind)
 */
int pcd_dl_write(struct pcd_dl *dl, uint32_t off, const uint8_t *data, uint32_t len, uint32_t *next);

/**
 * @brief Every byte arrived: check each image, then request the upgrade of all of them together.
 *        Idempotent (a session resuming a requested package requests again, writing nothing new).
 * @retval 0 requested
 * @retval PCD_E_DL_STATE not every byte is stored yet, or the package was refused
 * @retval PCD_E_DL_HASH an image is incomplete or does not match its SHA256 TLV (or, with keys,
 *         its signature does not verify): nothing requested
 * @retval other a port error (PCD_E_HALTED)
 */
int pcd_dl_finish(struct pcd_dl *dl);

/**
 * @brief Encode a progress record (docs/SPEC.md "Download progress record").
 * @param[out] out PCD_DL_REC_SIZE bytes
 */
void pcd_dl_rec_encode(uint8_t out[PCD_DL_REC_SIZE], uint32_t seq, uint32_t tag, uint32_t total, uint32_t stored,
                       enum pcd_dl_rec_state state, bool permanent);

/**
 * @brief Is @p rec a valid progress record (magic, CRC, known state)?
 */
bool pcd_dl_rec_valid(const uint8_t rec[PCD_DL_REC_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* PCD_DOWNLOAD_H */
