/**
 * @file
 * @brief Counters of the host crypto backend, for benchmarks (bench/sweep_bench's SHA-only bound).
 */
#ifndef PCDSIM_CRYPTO_STATS_H
#define PCDSIM_CRYPTO_STATS_H

#include <stdint.h>

/**
 * @brief Bytes fed to pcd_sha256_update() by this process so far (all threads), whether OpenSSL
 *        hashed them or the exact memo answered (pcdsim/hash_memo.h: what it really hashed).
 * @return bytes
 */
uint64_t pcdsim_sha256_bytes(void);

/**
 * @brief pcd_sha256_update() calls by this process so far (all threads).
 * @return calls
 */
uint64_t pcdsim_sha256_updates(void);

/**
 * @brief Signature verifications OpenSSL really performed (pcd_sig_verify() calls answered by
 *        the verdict memo are not counted).
 * @return verifications
 */
uint64_t pcdsim_sig_verifications(void);

#endif
