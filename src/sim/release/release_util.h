/* Helpers shared by the release readers (not installed). */
#ifndef PCDSIM_RELEASE_UTIL_H
#define PCDSIM_RELEASE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcdsim/diag.h"

/* Read a whole file of at most @p max bytes into a malloc'ed buffer (NUL-terminated, not counted).
 * 0, or PCDSIM_E_FILE / PCDSIM_E_NOMEM with a diagnostic. */
int rel_read_file(const char *path, size_t max, uint8_t **data, size_t *len, struct pcdsim_diag *diag);

/* 1-based line and column of byte @p off of @p text. */
void rel_text_place(const char *text, size_t len, size_t off, unsigned *line, unsigned *column);

/* Byte offset of the @p nth (0-based) occurrence of the JSON key "@p key" (quoted, followed by
 * optional white space and ':') in @p text, or -1. */
long rel_json_key_offset(const char *text, size_t len, const char *key, unsigned nth);

struct pcdsim_pkg_verdict;
/* Append "; text" to a PKG verdict's detail; @p fault clears its pass (pkg_checks.c). */
void pkg_note(struct pcdsim_pkg_verdict *v, bool fault, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Little-endian loads. */
static inline uint32_t rel_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint16_t rel_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

#endif
