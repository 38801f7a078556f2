/**
 * @file
 * @brief Strict Intel HEX reader: the `.hex` files an NCS build writes (`*_signed.hex`, `merged.hex`,
 *        `merged_CPUNET.hex`, `signed_by_b0_<net>.hex`), read into address-ordered segments.
 *
 * Format (Intel, "Hexadecimal Object File Format Specification", rev. A, 1988): one record per line,
 * `:LLAAAATT<LL data bytes>CC`, hex digits in either case, CC the two's complement of the sum of all
 * the other bytes of the record. Record types: 00 data (address = base + AAAA), 01 end of file (LL 0,
 * must be the last record), 02 extended segment address (base = value << 4), 03 start segment address
 * (CS:IP, kept), 04 extended linear address (base = value << 16), 05 start linear address (kept).
 * Lines may end in LF or CRLF; empty lines are ignored; anything else is an error.
 *
 * Why pcdsim has its own reader: Debian has no C library for Intel HEX (srecord's libsrecord-dev is
 * C++, python3-intelhex is Python, dis51 is a disassembler), and the format is one page long. The
 * reader is strict where the tools are lenient: a bad checksum, a record whose bytes overlap an
 * earlier record's, a missing end-of-file record, data after it, or a record beyond 4 GiB are errors
 * with the file, line and column (never silently "last write wins", which is how objcopy and
 * IntelHex merge overlapping input).
 */
#ifndef PCDSIM_IHEX_H
#define PCDSIM_IHEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest Intel HEX file read, in bytes of text (a full 1 MiB + 256 KiB nRF5340 is ~3.5 MiB of HEX). */
#define PCDSIM_IHEX_FILE_MAX (64u * 1024u * 1024u)

/** Largest span pcdsim_ihex_flatten() allocates, in bytes (16 MiB: any nRF5340 address range). */
#define PCDSIM_IHEX_FLAT_MAX (16u * 1024u * 1024u)

/** One run of consecutive bytes. */
struct pcdsim_ihex_segment {
    uint32_t address; /**< Address of the first byte. */
    uint32_t size;    /**< Bytes (> 0). */
    uint8_t *data;    /**< The bytes (owned). */
};

/** A read Intel HEX file. */
struct pcdsim_ihex {
    struct pcdsim_ihex_segment *segments; /**< Address-ordered, non-overlapping, non-adjacent (owned). */
    size_t count;                         /**< Number of segments. */
    bool has_start;                       /**< A start record (03 or 05) was present. */
    uint32_t start;                       /**< Its value: EIP (05) or CS << 16 | IP (03). */
};

/**
 * @brief Read Intel HEX text.
 * @param[in] name file name for diagnostics
 * @param[in] text the file's bytes (need not be NUL-terminated)
 * @param[in] len bytes in @p text
 * @param[out] out the segments; zeroed on entry and on error
 * @param[out] diag diagnostic (may be NULL): `name:line:column` of the faulty record, and for an
 *             overlap the line of the earlier record and both address ranges
 * @retval 0 read; free with pcdsim_ihex_free()
 * @retval PCDSIM_E_SCHEMA a malformed record, bad checksum, unknown type, bad length for the type,
 *         overlapping data, no end-of-file record, data after it, or an address above 4 GiB
 * @retval PCDSIM_E_FILE @p len is larger than ::PCDSIM_IHEX_FILE_MAX
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_ihex_parse(const char *name, const uint8_t *text, size_t len, struct pcdsim_ihex *out,
                      struct pcdsim_diag *diag);

/**
 * @brief pcdsim_ihex_parse() on a file.
 * @param[in] path file
 * @param[out] out segments (zeroed on error)
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 read
 * @retval PCDSIM_E_FILE cannot be read or too large
 * @return any error of pcdsim_ihex_parse()
 */
int pcdsim_ihex_load(const char *path, struct pcdsim_ihex *out, struct pcdsim_diag *diag);

/** @brief Free and zero (safe on a zeroed struct and NULL). @param h the file */
void pcdsim_ihex_free(struct pcdsim_ihex *h);

/**
 * @brief Copy the bytes of [@p address, @p address + @p len) into @p dst, @p fill where no record
 *        gives a byte.
 * @param[in] h the file
 * @param address first address
 * @param len bytes
 * @param[out] dst @p len bytes
 * @param fill value of undefined bytes (0xFF: erased flash, as NCS's tools fill gaps)
 * @return the number of bytes that came from records (0 .. @p len)
 */
size_t pcdsim_ihex_read(const struct pcdsim_ihex *h, uint32_t address, uint32_t len, uint8_t *dst, uint8_t fill);

/**
 * @brief The file as one binary: from its lowest to its highest address, gaps filled with 0xFF
 *        (what `objcopy -I ihex -O binary` and NCS's IntelHex-based scripts produce).
 * @param[in] h the file
 * @param[out] base address of the first byte
 * @param[out] data the bytes (malloc'ed; the caller frees)
 * @param[out] len number of bytes
 * @param[in] name file name for diagnostics
 * @param[out] diag diagnostic (may be NULL)
 * @retval 0 done
 * @retval PCDSIM_E_SCHEMA the file holds no data, or spans more than ::PCDSIM_IHEX_FLAT_MAX bytes
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_ihex_flatten(const struct pcdsim_ihex *h, uint32_t *base, uint8_t **data, size_t *len, const char *name,
                        struct pcdsim_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_IHEX_H */
