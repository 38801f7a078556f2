/**
 * @file
 * @brief Recognise input files pcdsim does not read, so that they are refused by name rather than
 *        misread: today Intel HEX, which NCS builds write next to every binary (`*.hex`).
 *
 * An Intel HEX file is text: records `:LLAAAATT<data>CC`, one per line, where LL is the number of
 * data bytes, AAAA the address, TT the record type (00..05) and CC the two's-complement checksum
 * of all the record's bytes (Intel, "Hexadecimal Object File Format Specification", rev. A).
 */
#ifndef PCDSIM_FILE_KIND_H
#define PCDSIM_FILE_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of a file's start enough for pcdsim_is_intel_hex(): the longest record (255 data bytes,
 *  521 characters), its line ending and some leading white space. */
#define PCDSIM_IHEX_PROBE 560u

/**
 * @brief Does @p data begin like an Intel HEX file: optional white space, then one complete,
 *        well-formed record (hex digits, record type 00..05, correct checksum) ended by a line end
 *        or the end of @p data?
 *
 * A binary image can start with ':' (0x3A) by chance; it is not taken for Intel HEX unless the
 * whole first record checks out, checksum included.
 *
 * @param[in] data start of the file
 * @param[in] len bytes in @p data (at most ::PCDSIM_IHEX_PROBE are looked at)
 * @return true if it is Intel HEX
 */
bool pcdsim_is_intel_hex(const uint8_t *data, size_t len);

/**
 * @brief pcdsim_is_intel_hex() on the first ::PCDSIM_IHEX_PROBE bytes of a file.
 * @param[in] path the file
 * @return true if it is Intel HEX; false if not, or if it cannot be read (the caller reports that)
 */
bool pcdsim_file_is_intel_hex(const char *path);

/**
 * @brief The one-line advice printed with an Intel HEX refusal.
 * @return a static string: use the `.bin` NCS writes next to it, or `objcopy -I ihex -O binary`
 */
const char *pcdsim_intel_hex_hint(void);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_FILE_KIND_H */
