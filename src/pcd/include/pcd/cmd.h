/**
 * @file
 * @brief The PCD command block: the wire format in shared SRAM between the application core
 *        (app-side updater) and the network core (B0N).
 *
 * The block lives at the start of the `pcd_sram` partition (default 0x20000000, 8 KiB = one SPU
 * RAM region; facts file §1.1). It is a sequence of little-endian 32-bit words, encoded and
 * decoded here with explicit accessors; it is never a native C struct (NCS's `struct pcd_cmd`
 * holds a pointer, a `size_t` and an `off_t`: 16 bytes on the Cortex-M33, 32 on a 64-bit host).
 *
 * | Offset | Field      | Written by | Meaning |
 * |--------|------------|------------|---------|
 * | 0x00   | magic      | both       | COPY / READ_VERSION (app), DONE / FAIL (B0N); anything else = no command |
 * | 0x04   | src        | app        | COPY: app-core bus address of the first byte to copy; READ_VERSION: app-RAM buffer |
 * | 0x08   | len        | app (B0N)  | COPY: bytes to copy; READ_VERSION: buffer bytes, set to 4 by B0N |
 * | 0x0C   | dst offset | app        | offset of the destination inside net flash (0x8800 -> 0x01008800) |
 * | 0x10   | ext marker | app        | PCD_CMD_EXT_MARKER_V1: the words below are meaningful |
 * | 0x14   | sha256     | app        | expected SHA-256 of the `len` source bytes (32 bytes, digest byte order) |
 * | 0x34   | reason     | B0N        | on FAIL: |PCD_E_*| (absolute value of the error code); 0 on DONE |
 * | 0x38   | b0n flags  | B0N        | enum pcd_cmd_b0n_flag bits describing what B0N did |
 *
 * The first 16 bytes are binary-compatible with NCS's `struct pcd_cmd` on the nRF5340 (facts
 * §1.2, magic values §1.3). Order of writes: the app side writes every other word first and
 * `magic` last (while the network core is held in Force-OFF); B0N writes reason, flags (and
 * `len` for READ_VERSION) first and `magic` last (B0N-REPORT). docs/SPEC.md has the full
 * byte-level description.
 */
#ifndef PCD_CMD_H
#define PCD_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/err.h"
#include "pcd/port.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name Magic values of the command word (facts §1.3; identical in every NCS release since 1.4.0) */
/** @{ */
#define PCD_CMD_MAGIC_COPY 0xb5b4b3b6u         /**< App: copy `len` bytes from `src` to net flash at `dst`. */
#define PCD_CMD_MAGIC_DONE 0xf103ce5du         /**< B0N: the command succeeded. */
#define PCD_CMD_MAGIC_FAIL 0x25bafc15u         /**< B0N: the command failed (reason word says why); app: command withdrawn. */
#define PCD_CMD_MAGIC_READ_VERSION 0xdca345eau /**< App: write the net app's fw_info.version into `src` (NCS 2.5+). */
#define PCD_CMD_MAGIC_LOCK_DEBUG 0xb6f249ecu   /**< App (TF-M): lock net-core debug (NCS 2.8+); not supported by this B0N. */
/** App (pcdsim extension, RB-BACKUP): copy a chunk of the running net app into app RAM and answer its SHA-256
 *  (docs/SPEC.md §10.1). Not an NCS magic: an NCS B0N ignores it (no command). */
#define PCD_CMD_MAGIC_BACKUP 0xbac4b0e1u
/** @} */

/**
 * Extension marker, version 1: bytes "PCX" then the version byte 0x01 (word 0x01584350).
 * The low 24 bits identify the extension family; the top byte is its version.
 */
#define PCD_CMD_EXT_MARKER_V1 0x01584350u
/** Mask of the family part of the marker word. */
#define PCD_CMD_EXT_FAMILY_MASK 0x00FFFFFFu
/** Version of the extension this code writes and understands. */
#define PCD_CMD_EXT_VERSION 1u

/** @name Byte offsets of the fields inside the block (docs/SPEC.md "PCD command block") */
/** @{ */
#define PCD_CMD_OFF_MAGIC 0x00u  /**< Command / status word. */
#define PCD_CMD_OFF_SRC 0x04u    /**< Source address (app-core bus address). */
#define PCD_CMD_OFF_LEN 0x08u    /**< Length, bytes. */
#define PCD_CMD_OFF_DST 0x0Cu    /**< Destination offset inside net flash. */
#define PCD_CMD_OFF_EXT 0x10u    /**< Extension marker word. */
#define PCD_CMD_OFF_SHA 0x14u    /**< Expected SHA-256, 32 bytes. */
#define PCD_CMD_OFF_REASON 0x34u /**< FAIL reason: |PCD_E_*|. */
#define PCD_CMD_OFF_FLAGS 0x38u  /**< B0N flags. */
#define PCD_CMD_BLOCK_SIZE 0x3Cu /**< Bytes of the whole block (15 words). */
/** @} */

/** Bytes of the NCS-compatible part of the block (facts §1.2). */
#define PCD_CMD_NCS_SIZE 16u
/** Size of the `pcd_sram` partition and of one SPU RAM region, bytes (facts §1.1, §4.1). */
#define PCD_CMD_SRAM_SIZE 0x2000u

_Static_assert(PCD_CMD_OFF_SRC == PCD_CMD_OFF_MAGIC + 4u, "NCS layout: data after magic");
_Static_assert(PCD_CMD_OFF_LEN == PCD_CMD_OFF_SRC + 4u, "NCS layout: len after data");
_Static_assert(PCD_CMD_OFF_DST == PCD_CMD_OFF_LEN + 4u, "NCS layout: offset after len");
_Static_assert(PCD_CMD_OFF_EXT == PCD_CMD_NCS_SIZE, "the extension starts after the 16 NCS bytes");
_Static_assert(PCD_CMD_OFF_SHA == PCD_CMD_OFF_EXT + 4u, "sha after the marker");
_Static_assert(PCD_CMD_OFF_REASON == PCD_CMD_OFF_SHA + PCD_SHA256_LEN, "reason after the sha");
_Static_assert(PCD_CMD_OFF_FLAGS == PCD_CMD_OFF_REASON + 4u, "flags after the reason");
_Static_assert(PCD_CMD_BLOCK_SIZE == PCD_CMD_OFF_FLAGS + 4u, "flags is the last word");
_Static_assert(PCD_CMD_BLOCK_SIZE % 4u == 0u, "whole words");
_Static_assert(PCD_CMD_BLOCK_SIZE <= PCD_CMD_SRAM_SIZE, "the block fits the pcd_sram partition");

/** What the magic word says (decoding order as NCS: COPY, READ_VERSION, DONE, LOCK_DEBUG, FAIL). */
enum pcd_cmd_kind {
    PCD_CMD_NONE = 0,         /**< Any other value: RAM garbage, 0, 0xFFFFFFFF. No command. */
    PCD_CMD_COPY = 1,         /**< PCD_CMD_MAGIC_COPY. */
    PCD_CMD_READ_VERSION = 2, /**< PCD_CMD_MAGIC_READ_VERSION. */
    PCD_CMD_DONE = 3,         /**< PCD_CMD_MAGIC_DONE (a finished command: no command for B0N). */
    PCD_CMD_FAIL = 4,         /**< PCD_CMD_MAGIC_FAIL (a finished or withdrawn command: no command for B0N). */
    PCD_CMD_LOCK_DEBUG = 5,   /**< PCD_CMD_MAGIC_LOCK_DEBUG. */
    PCD_CMD_BACKUP = 6,       /**< PCD_CMD_MAGIC_BACKUP (extension; needs the version-1 marker). */
};

/** Bits of the B0N flags word (offset 0x38), written by B0N with its answer. */
enum pcd_cmd_b0n_flag {
    PCD_CMD_B0N_EXT = 0x1u,          /**< B0N used the extension (expected SHA-256); else the NCS fallback. */
    PCD_CMD_B0N_DST_MODIFIED = 0x2u, /**< B0N erased or programmed the net app partition: the previous image is gone. */
    PCD_CMD_B0N_DST_BOOTS = 0x4u,    /**< With a FAIL after DST_MODIFIED: what the partition holds now still passes
                                          B0N-BOOT-VALID, so B0N will boot it (e.g. a copy that differs only in the
                                          validation info's key or signature, which the boot check does not read). */
};

/** Extension state of a decoded block. */
enum pcd_cmd_ext_state {
    PCD_CMD_EXT_ABSENT = 0,  /**< Marker family absent: an NCS app side; B0N uses fw_info validation. */
    PCD_CMD_EXT_PRESENT = 1, /**< Marker PCD_CMD_EXT_MARKER_V1: sha256 is the expected hash. */
    PCD_CMD_EXT_BAD = 2,     /**< Marker family present with an unknown version: PCD_E_CMD_EXT. */
};

/**
 * A decoded command block. This is a host/target-neutral value, not the wire format: use
 * pcd_cmd_encode() / pcd_cmd_decode() or the port functions below to move it to shared RAM.
 */
struct pcd_cmd {
    uint32_t magic;                  /**< Offset 0x00. */
    uint32_t src;                    /**< Offset 0x04: app-core bus address. */
    uint32_t len;                    /**< Offset 0x08: bytes. */
    uint32_t dst_off;                /**< Offset 0x0C: byte offset inside net flash. */
    uint32_t ext_marker;             /**< Offset 0x10. */
    uint8_t sha256[PCD_SHA256_LEN];  /**< Offset 0x14..0x33, digest byte order. */
    uint32_t reason;                 /**< Offset 0x34: |PCD_E_*| on FAIL, 0 otherwise. */
    uint32_t flags;                  /**< Offset 0x38: enum pcd_cmd_b0n_flag bits. */
};

/**
 * @brief Classify a magic word.
 * @param magic value of the word at offset 0
 * @return the kind; PCD_CMD_NONE for any value that is not one of the five magics
 */
enum pcd_cmd_kind pcd_cmd_kind_of(uint32_t magic);

/**
 * @brief Extension state of a decoded block (marker word at 0x10).
 * @param cmd the block
 * @return PCD_CMD_EXT_PRESENT, PCD_CMD_EXT_ABSENT or PCD_CMD_EXT_BAD
 */
enum pcd_cmd_ext_state pcd_cmd_ext_state(const struct pcd_cmd *cmd);

/**
 * @brief Fill @p cmd with a COPY request carrying the version-1 extension (reason and flags 0).
 * @param[out] cmd    the block
 * @param src         app-core bus address of the first byte to copy
 * @param len         bytes to copy (ih_img_size)
 * @param dst_off     destination offset inside net flash (e.g. 0x8800)
 * @param sha256      SHA-256 of the @p len source bytes
 */
void pcd_cmd_make_copy(struct pcd_cmd *cmd, uint32_t src, uint32_t len, uint32_t dst_off,
                       const uint8_t sha256[PCD_SHA256_LEN]);

/**
 * @brief Fill @p cmd with a READ_VERSION request (no extension; reason and flags 0).
 * @param[out] cmd the block
 * @param buf      app-RAM address of the buffer that receives the version (4 bytes, little-endian)
 * @param len      bytes of the buffer (at least 4)
 * @param dst_off  net app offset inside net flash (unused by B0N; NCS fills it too)
 */
void pcd_cmd_make_read_version(struct pcd_cmd *cmd, uint32_t buf, uint32_t len, uint32_t dst_off);

/**
 * @brief Fill @p cmd with a BACKUP request (docs/SPEC.md §10.1): version-1 marker, sha/reason/flags 0.
 * @param[out] cmd  the block
 * @param window    app-RAM bus address B0N copies the chunk to (word-aligned)
 * @param len       bytes of the window: the largest chunk (a multiple of 4, > 0)
 * @param offset    offset of the chunk from the start of the running image (a multiple of 4);
 *                  offset == image length asks for the SHA-256 of the whole image
 */
void pcd_cmd_make_backup(struct pcd_cmd *cmd, uint32_t window, uint32_t len, uint32_t offset);

/**
 * @brief Encode @p cmd into the PCD_CMD_BLOCK_SIZE wire bytes (little-endian words).
 * @param cmd      the block
 * @param[out] out wire bytes
 */
void pcd_cmd_encode(const struct pcd_cmd *cmd, uint8_t out[PCD_CMD_BLOCK_SIZE]);

/**
 * @brief Decode PCD_CMD_BLOCK_SIZE wire bytes. Never fails: every byte pattern decodes (RAM
 *        garbage decodes to a block whose magic is PCD_CMD_NONE).
 * @param in       wire bytes
 * @param[out] cmd the block
 */
void pcd_cmd_decode(const uint8_t in[PCD_CMD_BLOCK_SIZE], struct pcd_cmd *cmd);

/**
 * @brief Read the whole block from shared RAM, word by word (pcd_shared_read32()).
 * @param port       this core's port
 * @param block_addr bus address of the block (the pcd_sram partition start), word-aligned
 * @param[out] cmd   the block
 * @retval 0 ok
 * @retval PCD_E_INVAL @p block_addr not word-aligned or the block wraps the address space
 * @retval other a port error of pcd_shared_read32() (PCD_E_BUS_FAULT, PCD_E_HALTED, ...)
 */
int pcd_cmd_load(const struct pcd_port *port, uint32_t block_addr, struct pcd_cmd *cmd);

/**
 * @brief Read only the magic word (the word a waiting core polls).
 * @param port       this core's port
 * @param block_addr bus address of the block
 * @param[out] magic the word
 * @retval 0 ok
 * @retval PCD_E_INVAL @p block_addr not word-aligned
 * @retval other a port error of pcd_shared_read32()
 */
int pcd_cmd_load_magic(const struct pcd_port *port, uint32_t block_addr, uint32_t *magic);

/**
 * @brief App side: write a request. Every word except the magic is written first, in offset
 *        order; the magic word is written last, so a half-written block never holds a command.
 *        Call it only while the network core is held in Force-OFF (APP-FORCEOFF).
 * @param port       the application core's port
 * @param block_addr bus address of the block
 * @param cmd        the request (from pcd_cmd_make_copy() / pcd_cmd_make_read_version())
 * @retval 0 ok
 * @retval PCD_E_INVAL @p block_addr not word-aligned or wrapping
 * @retval other a port error of pcd_shared_write32() (PCD_E_BUS_FAULT when the SPU locked it, PCD_E_HALTED)
 */
int pcd_cmd_store_request(const struct pcd_port *port, uint32_t block_addr, const struct pcd_cmd *cmd);

/**
 * @brief B0N side: write the answer (B0N-REPORT): reason word, flags word, then the magic
 *        (PCD_CMD_MAGIC_DONE or PCD_CMD_MAGIC_FAIL) last.
 * @param port       the network core's port
 * @param block_addr bus address of the block
 * @param magic      PCD_CMD_MAGIC_DONE or PCD_CMD_MAGIC_FAIL
 * @param err        0 for DONE, the negative PCD_E_* code that made the command fail for FAIL
 * @param flags      enum pcd_cmd_b0n_flag bits
 * @retval 0 ok
 * @retval PCD_E_INVAL @p magic is neither DONE nor FAIL, or @p block_addr not word-aligned
 * @retval other a port error of pcd_shared_write32()
 */
int pcd_cmd_store_answer(const struct pcd_port *port, uint32_t block_addr, uint32_t magic, int err,
                         uint32_t flags);

/**
 * @brief Write only the len word (B0N answering READ_VERSION sets it to 4 before the magic).
 * @param port       this core's port
 * @param block_addr bus address of the block
 * @param len        value
 * @retval 0 ok
 * @retval PCD_E_INVAL @p block_addr not word-aligned
 * @retval other a port error of pcd_shared_write32()
 */
int pcd_cmd_store_len(const struct pcd_port *port, uint32_t block_addr, uint32_t len);

/**
 * @brief App side: withdraw a command by writing PCD_CMD_MAGIC_FAIL into the magic word (as
 *        NCS pcd_fw_copy_invalidate(); facts §1.5). B0N treats FAIL as "no command".
 * @param port       the application core's port
 * @param block_addr bus address of the block
 * @retval 0 ok
 * @retval PCD_E_INVAL @p block_addr not word-aligned
 * @retval other a port error of pcd_shared_write32()
 */
int pcd_cmd_withdraw(const struct pcd_port *port, uint32_t block_addr);

/**
 * @brief The reason word for an error code: its absolute value (0 for 0).
 * @param err 0 or a negative PCD_E_* code
 * @return the word
 */
uint32_t pcd_cmd_reason_of(int err);

/**
 * @brief The error code a reason word stands for: its negation; PCD_E_NET_FAIL for 0 or a value
 *        that is not a 32-bit code (a FAIL without a usable reason).
 * @param reason the word at offset 0x34
 * @return a negative PCD_E_* code
 */
int pcd_cmd_err_of(uint32_t reason);

/**
 * @brief Name of a magic word for log lines ("COPY", "DONE", ..., "none").
 * @param magic value of the word at offset 0
 * @return a static string
 */
const char *pcd_cmd_magic_name(uint32_t magic);

#ifdef __cplusplus
}
#endif

#endif /* PCD_CMD_H */
