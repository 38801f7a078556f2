/*
 * Host crypto backend of src/pcd (port.h "Crypto, bound at link time") over the OpenSSL 3 EVP API.
 *
 * OpenSSL's 1/0 (and <0) results are converted to PCD codes here, at the edge, and every entry
 * point leaves the OpenSSL error queue empty (ERR_clear_error()), so one failing call cannot
 * leak an error into an unrelated later one.
 */
#include "pcd/port.h"
#include "pcdsim/crypto_stats.h"
#include "hash_memo_internal.h"
#include "sig_memo.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

/* Salt length of MCUboot's RSA-PSS signatures: the digest length (facts §5.3, imgtool). */
#define RSA_PSS_SALT_LEN 32
#define RSA_KEY_BITS 2048
#define ED25519_SIG_LEN 64u

/* SHA-256 fetched from the provider once: EVP_sha256() in EVP_DigestInit_ex() makes OpenSSL 3
 * fetch it (under a lock) on every init, and a sweep inits tens of thousands of times. The fetched
 * method is immutable and shared; it is released at exit by OpenSSL's own cleanup. */
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha256_md;

static void fetch_sha256(void)
{
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

const EVP_MD *crypto_sha256_method(void)
{
    (void)pthread_once(&sha256_once, fetch_sha256);
    return sha256_md != NULL ? sha256_md : EVP_sha256();
}

/* Bytes and calls hashed, signatures really verified: statistics for benchmarks, read when the
 * work is done. Counted with a relaxed load and store, not a locked add: the core threads of one
 * SoC hash in turn (the baton orders them), and a lock prefix on every 512-byte update cost 2.5 %
 * of a sweep. Two SoCs hashing at once in one process could lose a count, never corrupt one. */
static _Atomic uint64_t hashed_bytes, hashed_calls, verified_sigs;

static void count(_Atomic uint64_t *c, uint64_t n)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}

uint64_t pcdsim_sig_verifications(void)
{
    return atomic_load_explicit(&verified_sigs, memory_order_relaxed);
}

uint64_t pcdsim_sha256_bytes(void)
{
    return atomic_load_explicit(&hashed_bytes, memory_order_relaxed);
}

uint64_t pcdsim_sha256_updates(void)
{
    return atomic_load_explicit(&hashed_calls, memory_order_relaxed);
}

int pcd_sha256_init(struct pcd_sha256 *ctx)
{
    return hm_init(ctx);
}

int pcd_sha256_update(struct pcd_sha256 *ctx, const void *data, uint32_t len)
{
    count(&hashed_bytes, len);
    count(&hashed_calls, len != 0u);
    return hm_update(ctx, data, len);
}

int pcd_sha256_final(struct pcd_sha256 *ctx, uint8_t out[PCD_SHA256_LEN])
{
    return hm_final(ctx, out);
}

int pcd_sha256_copy(struct pcd_sha256 *dst, const struct pcd_sha256 *src)
{
    return hm_copy(dst, src);
}

void pcd_sha256_drop(struct pcd_sha256 *ctx)
{
    hm_drop(ctx);
}

/* ECDSA P-256 over the 32-byte digest, DER signature (facts §5.3 ECDSA_SIG). */
static int verify_ecdsa(EVP_PKEY *pk, const uint8_t *digest, const uint8_t *sig, uint32_t sig_len)
{
    char group[64];
    size_t glen = 0;
    if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_EC ||
        EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen) != 1 ||
        strcmp(group, SN_X9_62_prime256v1) != 0) {
        return PCD_E_IMG_SIG; /* a key of another algorithm or curve */
    }
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
    int rc = PCD_E_CRYPTO;
    if (c != NULL && EVP_PKEY_verify_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) == 1) {
        /* 1 = valid; 0 = mismatch; < 0 = malformed signature: all but 1 are "does not verify". */
        rc = EVP_PKEY_verify(c, sig, sig_len, digest, PCD_SHA256_LEN) == 1 ? 0 : PCD_E_IMG_SIG;
    }
    EVP_PKEY_CTX_free(c);
    return rc;
}

/* Ed25519 with the 32-byte digest as the message (facts §5.3 ED25519; MANIFEST §1). */
static int verify_ed25519(EVP_PKEY *pk, const uint8_t *digest, const uint8_t *sig, uint32_t sig_len)
{
    if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_ED25519 || sig_len != ED25519_SIG_LEN) {
        return PCD_E_IMG_SIG;
    }
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    int rc = PCD_E_CRYPTO;
    if (m != NULL && EVP_DigestVerifyInit(m, NULL, NULL, NULL, pk) == 1) {
        rc = EVP_DigestVerify(m, sig, sig_len, digest, PCD_SHA256_LEN) == 1 ? 0 : PCD_E_IMG_SIG;
    }
    EVP_MD_CTX_free(m);
    return rc;
}

/* RSA-2048 PSS, SHA-256, MGF1-SHA-256, salt 32, over the digest (facts §5.3 RSA2048_PSS). */
static int verify_rsa_pss(EVP_PKEY *pk, const uint8_t *digest, const uint8_t *sig, uint32_t sig_len)
{
    int id = EVP_PKEY_get_base_id(pk);
    if ((id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS) || EVP_PKEY_get_bits(pk) != RSA_KEY_BITS) {
        return PCD_E_IMG_SIG;
    }
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
    int rc = PCD_E_CRYPTO;
    if (c != NULL && EVP_PKEY_verify_init(c) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING) == 1 &&
        EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) == 1 &&
        EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) == 1 &&
        EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALT_LEN) == 1) {
        rc = EVP_PKEY_verify(c, sig, sig_len, digest, PCD_SHA256_LEN) == 1 ? 0 : PCD_E_IMG_SIG;
    }
    EVP_PKEY_CTX_free(c);
    return rc;
}

int pcd_sig_verify(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                   const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len)
{
    if (key == NULL || digest == NULL || (sig == NULL && sig_len != 0u)) {
        return PCD_E_INVAL;
    }
    if (alg != PCD_SIG_ECDSA_P256 && alg != PCD_SIG_ED25519 && alg != PCD_SIG_RSA2048_PSS) {
        return PCD_E_UNSUPPORTED;
    }
    if (key_len == 0u || key_len > (uint32_t)LONG_MAX) {
        return PCD_E_CRYPTO;
    }
    if (sig_len == 0u) {
        return PCD_E_IMG_SIG;
    }
    int rc;
    if (sig_memo_lookup(alg, key, key_len, digest, sig, sig_len, &rc)) {
        return rc;
    }
    count(&verified_sigs, 1);
    /* The key form of struct pcd_key: PKCS#1 RSAPublicKey for RSA, else SubjectPublicKeyInfo
     * (also taken for RSA, so that a key of another type is a verdict, not a parse failure). */
    const unsigned char *p = key;
    EVP_PKEY *pk = NULL;
    if (alg == PCD_SIG_RSA2048_PSS) {
        pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)key_len);
        if (pk == NULL || p != key + key_len) {
            EVP_PKEY_free(pk);
            ERR_clear_error();
            p = key;
            pk = d2i_PUBKEY(NULL, &p, (long)key_len);
        }
    } else {
        pk = d2i_PUBKEY(NULL, &p, (long)key_len);
    }
    if (pk == NULL || p != key + key_len) {
        rc = PCD_E_CRYPTO; /* not one DER key of that form */
    } else if (alg == PCD_SIG_ECDSA_P256) {
        rc = verify_ecdsa(pk, digest, sig, sig_len);
    } else if (alg == PCD_SIG_ED25519) {
        rc = verify_ed25519(pk, digest, sig, sig_len);
    } else {
        rc = verify_rsa_pss(pk, digest, sig, sig_len);
    }
    EVP_PKEY_free(pk);
    ERR_clear_error();
    if (rc == 0 || rc == PCD_E_IMG_SIG) {
        /* a verdict on the inputs; not PCD_E_CRYPTO, which may be a passing lack of memory */
        sig_memo_store(alg, key, key_len, digest, sig, sig_len, rc);
    }
    return rc;
}
