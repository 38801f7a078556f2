/*
 * SHA-256 states of the host backend with the exact memo (pcdsim/hash_memo.h); private to
 * src/sim/crypto. crypto_openssl.c's pcd_sha256_*() call these.
 */
#ifndef PCDSIM_HASH_MEMO_INTERNAL_H
#define PCDSIM_HASH_MEMO_INTERNAL_H

#include <openssl/evp.h>

#include "pcd/port.h"

/** The SHA-256 method fetched once (crypto_openssl.c). */
const EVP_MD *crypto_sha256_method(void);

int hm_init(struct pcd_sha256 *ctx);
int hm_update(struct pcd_sha256 *ctx, const void *data, uint32_t len);
int hm_final(struct pcd_sha256 *ctx, uint8_t out[PCD_SHA256_LEN]);
int hm_copy(struct pcd_sha256 *dst, const struct pcd_sha256 *src);
void hm_drop(struct pcd_sha256 *ctx);

#endif
