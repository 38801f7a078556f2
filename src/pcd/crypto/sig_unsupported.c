/*
 * Signature half of the builtin crypto backend: none. The network core (B0N) only hashes
 * (facts §2.4: SB_VALIDATE_FW_HASH on the nRF5340 network core), so this backend does not
 * verify signatures and says so with PCD_E_UNSUPPORTED.
 *
 * It is a library of its own (pcd_crypto_nosig) so that an application-side build never gets
 * it by accident: the app-side updater treats PCD_E_UNSUPPORTED from pcd_sig_verify() as an
 * image verdict and would reject (and NACK-mark) every candidate. An MCUboot port provides
 * pcd_sig_verify() over MCUboot's own signature code instead (docs/PORTING.md, docs/TARGET.md).
 */
#include "pcd/port.h"

int pcd_sig_verify(enum pcd_sig_alg alg, const uint8_t *key, uint32_t key_len,
                   const uint8_t digest[PCD_SHA256_LEN], const uint8_t *sig, uint32_t sig_len)
{
    (void)alg;
    (void)key;
    (void)key_len;
    (void)digest;
    (void)sig;
    (void)sig_len;
    return PCD_E_UNSUPPORTED;
}
