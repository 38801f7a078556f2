/**
 * @file
 * @brief Host loading of signature-verification keys (PEM public keys) for src/pcd.
 *
 * A key file is a PEM "PUBLIC KEY" (SubjectPublicKeyInfo), as written by
 * `imgtool getpub -e pem` or `openssl pkey -pubout` (shared/fixtures/keys/\*.pub.pem), or a
 * PEM "RSA PUBLIC KEY" (PKCS#1, `openssl rsa -RSAPublicKey_out`). It is converted into the DER
 * form src/pcd works with (struct pcd_key: pcd_sig_verify() takes it, and the MCUboot KEYHASH
 * TLV is its SHA-256, MANIFEST.md §2): SubjectPublicKeyInfo for EC P-256 and Ed25519, PKCS#1
 * RSAPublicKey for RSA (as imgtool hashes and MCUboot embeds an RSA key).
 */
#ifndef PCDSIM_KEYS_H
#define PCDSIM_KEYS_H

#include <stdint.h>

#include "pcd/image.h"
#include "pcdsim/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded public key: @ref key is ready for struct pcd_image_config; it owns its DER. */
struct pcdsim_key {
    struct pcd_key key; /**< alg, der (= @ref der_buf), der_len. */
    uint8_t *der_buf;   /**< malloc'd DER key (SPKI, or RSAPublicKey for RSA); freed by pcdsim_key_free(). */
};

/**
 * @brief Load a PEM public key and detect its algorithm.
 *
 * Supported: EC P-256 (PCD_SIG_ECDSA_P256), Ed25519 (PCD_SIG_ED25519), RSA 2048 bits
 * (PCD_SIG_RSA2048_PSS). On failure @p out is zeroed and @p diag names the file and the cause
 * (e.g. a private key given where the .pub.pem was meant).
 *
 * @param path     PEM file
 * @param[out] out the key; release with pcdsim_key_free()
 * @param diag     diagnostic on failure (may be NULL)
 * @retval 0 ok
 * @retval PCDSIM_E_FILE the file cannot be opened or read
 * @retval PCDSIM_E_KEY not a PEM public key, or a key type/size src/pcd does not support
 * @retval PCDSIM_E_NOMEM allocation failed
 */
int pcdsim_key_load_pem(const char *path, struct pcdsim_key *out, struct pcdsim_diag *diag);

/**
 * @brief Release a key from pcdsim_key_load_pem(); safe on a zeroed or already freed key.
 * @param k the key (may be NULL)
 */
void pcdsim_key_free(struct pcdsim_key *k);

/**
 * @brief Short name of an algorithm as imgtool spells the key type: "ecdsa-p256", "ed25519",
 *        "rsa-2048"; "?" if unknown.
 * @param alg algorithm
 * @return a static string
 */
const char *pcdsim_key_alg_name(enum pcd_sig_alg alg);

#ifdef __cplusplus
}
#endif

#endif /* PCDSIM_KEYS_H */
