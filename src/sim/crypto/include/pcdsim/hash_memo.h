/**
 * @file
 * @brief The exact SHA-256 memo of the host crypto backend (docs/PERFORMANCE.md, "Why the memo
 *        is exact").
 *
 * A power-loss sweep re-runs the whole update in every branch, and most of the bytes it hashes
 * are the same in every branch: MCUboot's validation of an unchanged slot, the expected hash,
 * B0N's source check, and the destination's read-back once the copy is complete. The host's
 * pcd_sha256_*() (the link-time crypto provider of src/pcd, port.h) therefore remember running
 * SHA-256 states in a tree: a node is the state after a sequence of update() calls, an edge is one
 * update's bytes, kept as a copy. An update whose bytes equal (memcmp, every byte) those of an
 * edge out of the current node moves along it without hashing; a final() on a node that was
 * finalised before returns the digest it gave then. The key is the bytes themselves, never a
 * fingerprint, so two different inputs cannot share an answer. src/pcd does not know: it calls
 * init / update / final as on silicon and gets the digests SHA-256 defines.
 *
 * Modes (environment variable PCDSIM_HASH_MEMO=on|off|check at the first hash, or
 * pcdsim_hash_memo_set_mode()): on (default), off (every byte hashed), check (the memo answers,
 * and on sampled branches every digest is also recomputed without it and compared; a difference
 * is counted and the recomputed digest is returned).
 *
 * Memory: at most PCDSIM_HASH_MEMO_BUDGET bytes of edges and states (64 MiB); beyond it, no new
 * edge is added until no hash is running, then the tree is emptied.
 */
#ifndef PCDSIM_HASH_MEMO_H
#define PCDSIM_HASH_MEMO_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of edges and remembered states the memo may hold. */
#define PCDSIM_HASH_MEMO_BUDGET (64u * 1024u * 1024u)

/** Check mode recomputes every hash of one branch in this many (pcdsim_hash_memo_branch()). */
#define PCDSIM_HASH_MEMO_CHECK_EVERY 8u

/** What the memo does. */
enum pcdsim_hash_memo_mode {
    PCDSIM_HASH_MEMO_OFF = 0,   /**< Every byte hashed by OpenSSL. */
    PCDSIM_HASH_MEMO_ON = 1,    /**< Equal byte sequences answered from the memo. */
    PCDSIM_HASH_MEMO_CHECK = 2, /**< As on, and sampled branches recomputed and compared. */
};

/** Counters of this process (all threads), since the start or pcdsim_hash_memo_reset_stats(). */
struct pcdsim_hash_memo_stats {
    uint64_t hits;          /**< update() calls answered by an edge (no hashing). */
    uint64_t misses;        /**< update() calls hashed (memo on, no equal edge). */
    uint64_t hashed_bytes;  /**< Bytes OpenSSL really hashed (misses, memo off, check recomputation). */
    uint64_t checked;       /**< Digests recomputed without the memo (check mode). */
    uint64_t mismatches;    /**< Of those, how many differed from the memo's answer (must stay 0). */
    uint64_t memo_bytes;    /**< Bytes the memo holds now. */
};

/**
 * @brief Parse a mode name.
 * @param s "on", "off" or "check"
 * @param[out] out the mode
 * @retval 0 ok
 * @retval -1 not a mode name
 */
int pcdsim_hash_memo_parse(const char *s, enum pcdsim_hash_memo_mode *out);

/**
 * @brief Set the mode for the hashes started from now on (running ones keep theirs).
 * @param mode the mode
 */
void pcdsim_hash_memo_set_mode(enum pcdsim_hash_memo_mode mode);

/** @brief The current mode (PCDSIM_HASH_MEMO from the environment until set). @return mode */
enum pcdsim_hash_memo_mode pcdsim_hash_memo_mode(void);

/**
 * @brief A sweep branch starts: in check mode, its hashes are recomputed when @p index is a
 *        multiple of PCDSIM_HASH_MEMO_CHECK_EVERY. Outside sweeps every hash of check mode is.
 * @param index the branch's point index
 */
void pcdsim_hash_memo_branch(uint64_t index);

/** @brief Read the counters. @param[out] out counters */
void pcdsim_hash_memo_stats(struct pcdsim_hash_memo_stats *out);

/** @brief Zero the counters (not the memo). */
void pcdsim_hash_memo_reset_stats(void);

/**
 * @brief Tests only: invert the first byte of every remembered digest, so that a check-mode test
 *        can prove a wrong answer is caught.
 */
void pcdsim_hash_memo_test_corrupt(void);

#ifdef __cplusplus
}
#endif

#endif
