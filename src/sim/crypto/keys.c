/* Host loading of PEM public keys into the DER form MCUboot embeds and KEYHASH hashes, plus the
 * algorithm (pcdsim/keys.h). */
#include "pcdsim/keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"

/* A PEM key file is a few hundred bytes; anything much larger is not one. */
#define KEY_FILE_MAX (64L * 1024L)

/* Read a whole small file; *out is malloc'd and NUL-terminated. */
static int read_small_file(const char *path, char **out, long *len, struct pcdsim_diag *diag)
{
    uint8_t *buf = NULL;
    size_t n = 0;
    struct pcdsim_read_info ri;
    int rc = pcdsim_read_file(path, (size_t)KEY_FILE_MAX, 0, &buf, &n, &ri);
    *out = (char *)buf;
    *len = (long)n;
    switch (rc == 0 ? PCDSIM_READ_OK : ri.fail) {
    case PCDSIM_READ_OK: return 0;
    case PCDSIM_READ_OPEN: return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot open key file: %s", ri.why);
    case PCDSIM_READ_NOMEM: return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, path, 0, 0, "out of memory reading key file");
    case PCDSIM_READ_TOO_LARGE:
        return pcdsim_diag_set(diag, PCDSIM_E_KEY, path, 0, 0, "file is larger than %ld bytes: not a PEM key",
                               KEY_FILE_MAX);
    default: return pcdsim_diag_set(diag, PCDSIM_E_FILE, path, 0, 0, "cannot read key file: %s", ri.why);
    }
}

/* Algorithm of a public key src/pcd supports; false otherwise (with a description in @p what). */
static bool detect_alg(EVP_PKEY *pk, enum pcd_sig_alg *alg, char *what, size_t what_len)
{
    int id = EVP_PKEY_get_base_id(pk);
    if (id == EVP_PKEY_EC) {
        char group[64] = "";
        size_t glen = 0;
        if (EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen) == 1 &&
            strcmp(group, SN_X9_62_prime256v1) == 0) {
            *alg = PCD_SIG_ECDSA_P256;
            return true;
        }
        snprintf(what, what_len, "EC key on curve '%s' (only P-256 / prime256v1 is supported)", group);
        return false;
    }
    if (id == EVP_PKEY_ED25519) {
        *alg = PCD_SIG_ED25519;
        return true;
    }
    if (id == EVP_PKEY_RSA) {
        if (EVP_PKEY_get_bits(pk) == 2048) {
            *alg = PCD_SIG_RSA2048_PSS;
            return true;
        }
        snprintf(what, what_len, "RSA key of %d bits (only RSA-2048 is supported)", EVP_PKEY_get_bits(pk));
        return false;
    }
    snprintf(what, what_len, "key type '%s' (supported: ecdsa-p256, ed25519, rsa-2048)",
             OBJ_nid2sn(id) ? OBJ_nid2sn(id) : "?");
    return false;
}

/* The key of one PEM block's DER: "PUBLIC KEY" is a SubjectPublicKeyInfo (any type; imgtool getpub
 * -e pem, openssl pkey -pubout), "RSA PUBLIC KEY" a PKCS#1 RSAPublicKey (openssl rsa
 * -RSAPublicKey_out). NULL unless the DER is exactly one such key (no trailing bytes). */
static EVP_PKEY *decode_public_block(const char *name, const unsigned char *der, long len)
{
    const unsigned char *p = der;
    EVP_PKEY *pk = NULL;
    if (strcmp(name, PEM_STRING_PUBLIC) == 0) {
        pk = d2i_PUBKEY(NULL, &p, len);
        if (pk != NULL && i2d_PUBKEY(pk, NULL) != len) {
            EVP_PKEY_free(pk);
            pk = NULL;
        }
    } else if (strcmp(name, PEM_STRING_RSA_PUBLIC) == 0) {
        pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len);
        /* OpenSSL 3's decoder does not report trailing bytes itself: compare the re-encoding. */
        if (pk != NULL && i2d_PublicKey(pk, NULL) != len) {
            EVP_PKEY_free(pk);
            pk = NULL;
        }
    }
    return pk;
}

/* The first public key of a PEM text (blocks of other types, e.g. EC PARAMETERS, are skipped);
 * NULL if there is none. */
static EVP_PKEY *parse_public_pem(const char *text, long len)
{
    BIO *bio = BIO_new_mem_buf(text, (int)len);
    EVP_PKEY *pk = NULL;
    char *name = NULL;
    char *header = NULL;
    unsigned char *data = NULL;
    long dlen = 0;
    while (bio != NULL && pk == NULL && PEM_read_bio(bio, &name, &header, &data, &dlen) == 1) {
        bool is_key = strcmp(name, PEM_STRING_PUBLIC) == 0 || strcmp(name, PEM_STRING_RSA_PUBLIC) == 0;
        if (is_key) {
            pk = decode_public_block(name, data, dlen);
        }
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (is_key) {
            break; /* the first key block decides */
        }
    }
    BIO_free(bio);
    ERR_clear_error();
    return pk;
}

/* DER of @p pk in the form MCUboot embeds in the bootloader and imgtool's KEYHASH hashes
 * (imgtool: get_public_bytes() of its key classes): PKCS#1 RSAPublicKey for RSA, SubjectPublicKeyInfo for
 * EC P-256 and Ed25519. Returns its length (*der malloc'd), <= 0 on an encoding failure, or
 * PCDSIM_E_NOMEM. */
static int encode_mcuboot_der(EVP_PKEY *pk, enum pcd_sig_alg alg, uint8_t **der)
{
    bool pkcs1 = alg == PCD_SIG_RSA2048_PSS;
    int n = pkcs1 ? i2d_PublicKey(pk, NULL) : i2d_PUBKEY(pk, NULL);
    if (n <= 0) {
        return 0;
    }
    uint8_t *buf = malloc((size_t)n);
    if (buf == NULL) {
        return PCDSIM_E_NOMEM;
    }
    unsigned char *p = buf;
    int m = pkcs1 ? i2d_PublicKey(pk, &p) : i2d_PUBKEY(pk, &p);
    if (m != n) {
        free(buf);
        return 0;
    }
    *der = buf;
    return n;
}

int pcdsim_key_load_pem(const char *path, struct pcdsim_key *out, struct pcdsim_diag *diag)
{
    if (out == NULL) {
        return pcdsim_diag_set(diag, PCDSIM_E_INTERNAL, path, 0, 0, "pcdsim_key_load_pem: NULL output");
    }
    memset(out, 0, sizeof(*out));
    if (path == NULL || path[0] == '\0') {
        return pcdsim_diag_set(diag, PCDSIM_E_FILE, "", 0, 0, "no key file given");
    }
    char *text = NULL;
    long len = 0;
    int rc = read_small_file(path, &text, &len, diag);
    if (rc != 0) {
        return rc;
    }
    EVP_PKEY *pk = parse_public_pem(text, len);
    if (pk == NULL) {
        bool is_private = strstr(text, "PRIVATE KEY-----") != NULL;
        free(text);
        pcdsim_diag_set(diag, PCDSIM_E_KEY, path, 0, 0,
                        "not a PEM public key (no valid '-----BEGIN PUBLIC KEY-----' or "
                        "'-----BEGIN RSA PUBLIC KEY-----' block)");
        if (is_private) {
            pcdsim_diag_hint(diag, "this is a private key; give the public key instead (imgtool getpub -e pem, e.g. the *.pub.pem file)");
        } else {
            pcdsim_diag_hint(diag, "expected a SubjectPublicKeyInfo PEM as written by 'imgtool getpub -e pem'");
        }
        return PCDSIM_E_KEY;
    }
    free(text);

    enum pcd_sig_alg alg = PCD_SIG_ECDSA_P256;
    char what[160] = "";
    if (!detect_alg(pk, &alg, what, sizeof(what))) {
        EVP_PKEY_free(pk);
        return pcdsim_diag_set(diag, PCDSIM_E_KEY, path, 0, 0, "unsupported %s", what);
    }
    uint8_t *der = NULL;
    int der_len = encode_mcuboot_der(pk, alg, &der);
    EVP_PKEY_free(pk);
    ERR_clear_error();
    if (der_len == PCDSIM_E_NOMEM) {
        return pcdsim_diag_set(diag, PCDSIM_E_NOMEM, path, 0, 0, "out of memory");
    }
    if (der_len <= 0) {
        return pcdsim_diag_set(diag, PCDSIM_E_KEY, path, 0, 0, "cannot encode the key as DER %s",
                               alg == PCD_SIG_RSA2048_PSS ? "RSAPublicKey" : "SubjectPublicKeyInfo");
    }
    out->der_buf = der;
    out->key.alg = alg;
    out->key.der = der;
    out->key.der_len = (uint32_t)der_len;
    return 0;
}

void pcdsim_key_free(struct pcdsim_key *k)
{
    if (k == NULL) {
        return;
    }
    free(k->der_buf);
    memset(k, 0, sizeof(*k));
}

const char *pcdsim_key_alg_name(enum pcd_sig_alg alg)
{
    switch (alg) {
    case PCD_SIG_ECDSA_P256: return "ecdsa-p256";
    case PCD_SIG_ED25519: return "ed25519";
    case PCD_SIG_RSA2048_PSS: return "rsa-2048";
    default: return "?";
    }
}
