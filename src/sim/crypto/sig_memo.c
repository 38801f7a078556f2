/*
 * Verdict memo of pcd_sig_verify(): a few entries, replaced round-robin, behind one mutex (the
 * two core threads of a simulated SoC may verify; sweep workers are processes with their own).
 * Fixed-size storage: nothing to free, nothing for a leak checker to see.
 */
#include "sig_memo.h"

#include <pthread.h>
#include <string.h>

#define SIG_MEMO_ENTRIES 8u

struct sig_memo_entry {
    bool used;
    enum pcd_sig_alg alg;
    uint32_t key_len, sig_len;
    int rc;
    uint8_t digest[PCD_SHA256_LEN];
    uint8_t key[SIG_MEMO_MAX_KEY];
    uint8_t sig[SIG_MEMO_MAX_SIG];
};

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sig_memo_entry memo[SIG_MEMO_ENTRIES];
static unsigned memo_next;

static bool fits(uint32_t key_len, uint32_t sig_len)
{
    return key_len <= SIG_MEMO_MAX_KEY && sig_len <= SIG_MEMO_MAX_SIG;
}

static bool same(const struct sig_memo_entry *e, enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                 const uint8_t *digest, const uint8_t *sig, uint32_t sig_len)
{
    return e->used && e->alg == alg && e->key_len == key_len && e->sig_len == sig_len &&
           memcmp(e->digest, digest, PCD_SHA256_LEN) == 0 && memcmp(e->key, key, key_len) == 0 &&
           memcmp(e->sig, sig, sig_len) == 0;
}

bool sig_memo_lookup(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                     const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len, int *rc)
{
    if (!fits(key_len, sig_len) || pthread_mutex_lock(&memo_lock) != 0) {
        return false; /* not remembered: the caller asks OpenSSL */
    }
    bool hit = false;
    for (unsigned i = 0; i < SIG_MEMO_ENTRIES && !hit; i++) {
        if (same(&memo[i], alg, key, key_len, digest, sig, sig_len)) {
            *rc = memo[i].rc;
            hit = true;
        }
    }
    (void)pthread_mutex_unlock(&memo_lock);
    return hit;
}

void sig_memo_store(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                    const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len, int rc)
{
    if (!fits(key_len, sig_len) || pthread_mutex_lock(&memo_lock) != 0) {
        return;
    }
    struct sig_memo_entry *e = &memo[memo_next];
    memo_next = (memo_next + 1u) % SIG_MEMO_ENTRIES;
    e->used = true;
    e->alg = alg;
    e->key_len = key_len;
    e->sig_len = sig_len;
    e->rc = rc;
    memcpy(e->digest, digest, PCD_SHA256_LEN);
    memcpy(e->key, key, key_len);
    if (sig_len != 0u) {
        memcpy(e->sig, sig, sig_len);
    }
    (void)pthread_mutex_unlock(&memo_lock);
}
