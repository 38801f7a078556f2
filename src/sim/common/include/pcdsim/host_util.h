/**
 * @file
 * @brief Host utilities every pcdsim tool shares, written once: reading a whole file under a
 *        size cap, "did you mean" suggestions, and the wall clock for figures.
 *
 * Host only (POSIX); nothing here keeps global state.
 */
#ifndef PCDSIM_HOST_UTIL_H
#define PCDSIM_HOST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How pcdsim_read_file() failed, for the caller's own message. */
enum pcdsim_read_fail {
    PCDSIM_READ_OK = 0,    /**< Read. */
    PCDSIM_READ_OPEN,      /**< It cannot be opened (no such file, no permission). */
    PCDSIM_READ_NOT_FILE,  /**< A directory, or (with PCDSIM_READ_REGULAR_ONLY) not a regular file. */
    PCDSIM_READ_TOO_LARGE, /**< It holds more bytes than the cap. */
    PCDSIM_READ_IO,        /**< A read failed, or a regular file changed size while it was read. */
    PCDSIM_READ_NOMEM,     /**< Host allocation failed. */
};

/** What pcdsim_read_file() found besides the bytes. */
struct pcdsim_read_info {
    enum pcdsim_read_fail fail; /**< Why it failed, or PCDSIM_READ_OK. */
    char why[128];              /**< The reason in words ("No such file or directory", "it is a
                                     directory", ...); "" after a success. */
};

/** pcdsim_read_file() flag: refuse anything but a regular file (FIFOs, devices), and do not
 *  block opening one. Without it a FIFO is read to its end (e.g. `--key <(...)`). */
#define PCDSIM_READ_REGULAR_ONLY 1u

/**
 * @brief Read a whole file into memory.
 * @param path file to read
 * @param cap largest number of bytes accepted (a named cap per use, e.g. ::PCDSIM_LAYOUT_FILE_MAX)
 * @param flags 0 or ::PCDSIM_READ_REGULAR_ONLY
 * @param[out] data malloc'd bytes, followed by a NUL (text can be used as a string); NULL on error
 * @param[out] len number of bytes read (0 for an empty file)
 * @param[out] info why it failed (may be NULL)
 * @retval 0 read
 * @retval PCDSIM_E_FILE it cannot be opened or read, is not a file, or is larger than @p cap
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_read_file(const char *path, size_t cap, unsigned flags, uint8_t **data, size_t *len,
                     struct pcdsim_read_info *info);

/**
 * @brief Case-insensitive edit distance of two words, counting a swap of two neighbours as one
 *        edit (optimal string alignment), for "did you mean" suggestions.
 * @param a a word
 * @param b another word
 * @return the number of edits; SIZE_MAX if either word has 64 characters or more
 */
size_t pcdsim_edit_distance(const char *a, const char *b);

/**
 * @brief The name of @p names closest to @p word if it is close enough to be a typo of it: at
 *        most 1 edit for words of up to 4 characters, 2 for longer ones, and never more than a
 *        third of the word (pcdsim_edit_distance()); the first of equally close names.
 * @param word what was written
 * @param names the valid names
 * @param count number of names
 * @return one of @p names, or NULL if none is close
 */
const char *pcdsim_did_you_mean(const char *word, const char *const *names, size_t count);

/**
 * @brief Wall-clock seconds from an arbitrary origin (CLOCK_MONOTONIC), for figures only
 *        (progress bars, throughput, benchmarks); no result of the simulation may depend on it.
 * @return seconds
 */
double pcdsim_wall_s(void);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_HOST_UTIL_H */
