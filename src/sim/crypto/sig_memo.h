/*
 * Verdict memo of pcd_sig_verify() (host backend only).
 *
 * A sweep verifies the same signature over the same digest with the same key once per branch,
 * tens of thousands of times; OpenSSL 3 spends far longer decoding the key and building a
 * verification context than the SHA-256 work of a branch can afford. A verdict is a pure function
 * of (algorithm, key bytes, digest, signature bytes): the memo keys on all of them, compared byte
 * for byte, so a remembered verdict is exactly the verdict OpenSSL would give again.
 */
#ifndef PCDSIM_SIG_MEMO_H
#define PCDSIM_SIG_MEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "pcd/port.h"

/** Largest key / signature the memo keeps (RSA-2048 SPKI is 294 bytes, its signature 256). */
#define SIG_MEMO_MAX_KEY 512u
#define SIG_MEMO_MAX_SIG 512u

/** @brief Look the verdict up; true and *rc set on a hit. Thread-safe. */
bool sig_memo_lookup(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                     const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len, int *rc);

/** @brief Remember a verdict OpenSSL gave (too large inputs are not kept). Thread-safe. */
void sig_memo_store(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                    const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len, int rc);

#endif
