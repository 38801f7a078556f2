/**
 * @file
 * @brief Diagnostics for bad input: one clear message naming the file and the place
 *        (`file:line:column` for YAML, byte offset for binary files), the offending text and a hint.
 *
 * Loaders fill a `struct pcdsim_diag` and return a negative pcdsim_err; the CLI prints it with
 * pcdsim_diag_print() and exits 2. Lines and columns are 1-based (libyaml marks are 0-based:
 * convert at the edge).
 */
#ifndef PCDSIM_DIAG_H
#define PCDSIM_DIAG_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest message, hint or path kept (longer ones are cut). */
#define PCDSIM_DIAG_TEXT 512

/** One diagnostic. */
struct pcdsim_diag {
    int err;                          /**< The error code returned with it (0 = no diagnostic). */
    char file[PCDSIM_DIAG_TEXT];      /**< File it is about ("" if none). */
    unsigned line;                    /**< 1-based line, 0 if not a text position. */
    unsigned column;                  /**< 1-based column, 0 if unknown. */
    long long byte_offset;            /**< Byte offset in a binary file, -1 if not applicable. */
    char message[PCDSIM_DIAG_TEXT];   /**< What is wrong. */
    char hint[PCDSIM_DIAG_TEXT];      /**< How to fix it ("" if none). */
    char context[PCDSIM_DIAG_TEXT];   /**< Where in the structure, e.g. "in 'steps[3].fault'" ("" if none). */
};

/** @brief Clear a diagnostic. @param d the diagnostic */
void pcdsim_diag_clear(struct pcdsim_diag *d);

/**
 * @brief Set a diagnostic (printf-style message) and return @p err, for `return pcdsim_diag_set(...)`.
 * @param d the diagnostic (may be NULL: only the code is returned)
 * @param err error code to store and return
 * @param file file name or NULL
 * @param line 1-based line or 0
 * @param column 1-based column or 0
 * @param fmt message format
 * @return @p err
 */
int pcdsim_diag_set(struct pcdsim_diag *d, int err, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/**
 * @brief Set the hint of a diagnostic (printf-style).
 * @param d the diagnostic (may be NULL)
 * @param fmt hint format
 */
void pcdsim_diag_hint(struct pcdsim_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * @brief Print "file:line:column: error: message", the source line with a caret when the file
 *        is a readable text file, the context and the hint, to @p out.
 * @param d the diagnostic
 * @param out stream (stderr in the CLI)
 */
void pcdsim_diag_print(const struct pcdsim_diag *d, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_DIAG_H */
