/* PKG-KEY: the net image's B0 signature and the provisioned key hash (see pcdsim/pkg_checks.h).
 * OpenSSL does the P-256 and SHA-256 work; nothing of NCS is reused. */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string.h>

#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcdsim/pkg_checks.h"
#include "release_util.h"

/* DER SubjectPublicKeyInfo prefix of an uncompressed P-256 key (id-ecPublicKey, prime256v1). */
static const uint8_t p256_spki_prefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
                                           0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
                                           0x07, 0x03, 0x42, 0x00, 0x04};

/* 1 the raw r||s signature verifies over SHA-256(msg) with key X||Y, 0 not, -1 unusable key. */
static int p256_verify(const uint8_t xy[64], const uint8_t rs[64], const uint8_t *msg, size_t msg_len)
{
    uint8_t spki[sizeof(p256_spki_prefix) + 64];
    memcpy(spki, p256_spki_prefix, sizeof(p256_spki_prefix));
    memcpy(spki + sizeof(p256_spki_prefix), xy, 64);
    const unsigned char *p = spki;
    EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, (long)sizeof(spki));
    if (pk == NULL) {
        return -1;
    }
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(rs, 32, NULL), *s = BN_bin2bn(rs + 32, 32, NULL);
    unsigned char *der = NULL;
    int der_len = -1, ok = 0;
    if (sig != NULL && r != NULL && s != NULL && ECDSA_SIG_set0(sig, r, s) == 1) {
        r = s = NULL; /* owned by sig now */
        der_len = i2d_ECDSA_SIG(sig, &der);
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (der_len > 0 && ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pk) == 1) {
        ok = EVP_DigestVerify(ctx, der, (size_t)der_len, msg, msg_len) == 1;
    }
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    EVP_PKEY_free(pk);
    return ok;
}

/* Find fw_info and the validation info in the B0-signed bytes @p b. */
static int find_blocks(const uint8_t *b, size_t len, struct pcd_fw_info *fi, struct pcd_fw_validation_info *vi)
{
    static const uint32_t offs[] = PCD_FWINFO_SEARCH_OFFSETS;
    for (size_t i = 0; i < PCD_FWINFO_SEARCH_COUNT; i++) {
        if (offs[i] + PCD_FWINFO_SIZE <= len && pcd_fwinfo_decode(b + offs[i], fi) == 0) {
            for (uint32_t k = 0; k < PCD_VALINFO_SEARCH; k++) {
                uint64_t at = (uint64_t)fi->size + k;
                if (at + PCD_VALINFO_SIZE <= len && pcd_valinfo_decode(b + at, vi) == 0) {
                    return 0;
                }
            }
            return -2;
        }
    }
    return -1;
}

static void check_provisioned(const uint8_t xy[64], const struct pcdsim_provision *prov, struct pcdsim_pkg_verdict *v)
{
    uint8_t h[32];
    unsigned hl = 0;
    EVP_Digest(xy, 64, h, &hl, EVP_sha256(), NULL);
    char hex[2 * PCDSIM_KEY_HASH_LEN + 1];
    for (unsigned i = 0; i < PCDSIM_KEY_HASH_LEN; i++) {
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    }
    for (uint32_t i = 0; i < prov->num_keys; i++) {
        if (memcmp(prov->keys[i].hash, h, PCDSIM_KEY_HASH_LEN) == 0) {
            pkg_note(v, !prov->keys[i].valid, "signing key hash %s is provisioned key %u%s", hex, i,
                     prov->keys[i].valid ? "" : ", but INVALIDATED");
            return;
        }
    }
    pkg_note(v, true, "signing key hash %s is not among the %u key hash(es) provisioned at 0x%08X (a net image "
             "signed with another B0 key: regenerated keys?)", hex, prov->num_keys, prov->address);
}

int pcdsim_pkg_key(const uint8_t *net, size_t len, const struct pcdsim_provision *prov, struct pcdsim_pkg_verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->id = "PKG-KEY";
    v->pass = true;
    size_t base = len >= PCD_IMAGE_HEADER_SIZE && rel_le32(net) == PCD_IMAGE_MAGIC ? rel_le16(net + 8) : 0;
    if (base == 0 && len >= PCD_IMAGE_HEADER_SIZE && rel_le32(net) == PCD_IMAGE_MAGIC) {
        base = len; /* header size 0: nothing after it */
    }
    const uint8_t *b = base <= len ? net + base : net;
    size_t blen = base <= len ? len - base : 0;
    struct pcd_fw_info fi;
    struct pcd_fw_validation_info vi;
    int f = find_blocks(b, blen, &fi, &vi);
    if (f != 0) {
        pkg_note(v, true, f == -1 ? "the net image has no fw_info: not signed by B0" :
                                    "the net image has no fw_validation_info after fw_info.size: not signed by B0");
        return 0;
    }
    uint8_t h[32];
    unsigned hl = 0;
    if (fi.size <= blen && EVP_Digest(b, fi.size, h, &hl, EVP_sha256(), NULL) == 1 && memcmp(h, vi.hash, 32) != 0) {
        pkg_note(v, true, "fw_validation_info hash differs from the SHA-256 of the firmware");
    }
    int ok = p256_verify(vi.public_key, vi.signature, vi.hash, sizeof(vi.hash));
    if (ok != 1) {
        pkg_note(v, true, ok < 0 ? "fw_validation_info public key is not a P-256 point"
                                 : "fw_validation_info signature does not verify with its public key");
        return 0;
    }
    pkg_note(v, false, "B0 signature verifies");
    check_provisioned(vi.public_key, prov, v);
    return 0;
}
