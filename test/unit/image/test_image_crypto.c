/*
 * The OpenSSL crypto backend of src/pcd (pcd_sha256_*, pcd_sig_verify), host key loading
 * (pcdsim/keys.h) and the buffer port (pcdsim/bufport.h) used by the image tests.
 * Leak checks rely on LeakSanitizer in the ASan build (PCDSIM_SANITIZE=address).
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "image_test_util.h"
#include "pcd/image.h"
#include "pcd/port.h"
#include "pcdsim/bufport.h"
#include "pcdsim/host_err.h"
#include "pcdsim/crypto_stats.h"
#include "pcdsim/keys.h"

static void hex_digest(const char *hex, uint8_t out[32])
{
    assert_true(tu_hex32(hex, out));
}

static void sha_of(const void *d, uint32_t n, uint8_t out[32])
{
    struct pcd_sha256 s;
    assert_int_equal(pcd_sha256_init(&s), 0);
    assert_int_equal(pcd_sha256_update(&s, d, n), 0);
    assert_int_equal(pcd_sha256_final(&s, out), 0);
}

/* FIPS 180-2 / NIST CAVS examples. */
static void t_sha256_vectors(void **state)
{
    (void)state;
    uint8_t want[32];
    uint8_t got[32];
    hex_digest("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want);
    sha_of(NULL, 0, got);
    assert_memory_equal(got, want, 32);
    hex_digest("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want);
    sha_of("abc", 3, got);
    assert_memory_equal(got, want, 32);
    hex_digest("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", want);
    sha_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, got);
    assert_memory_equal(got, want, 32);

    /* One million 'a', fed in uneven chunks (1, 7, 64, 1000 bytes...). */
    hex_digest("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want);
    static const uint32_t chunks[] = {1, 7, 64, 1000, 4093};
    uint8_t *a = malloc(4096);
    memset(a, 'a', 4096);
    for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
        struct pcd_sha256 s;
        assert_int_equal(pcd_sha256_init(&s), 0);
        uint32_t left = 1000000u;
        while (left > 0) {
            uint32_t n = left < chunks[c] ? left : chunks[c];
            assert_int_equal(pcd_sha256_update(&s, a, n), 0);
            left -= n;
        }
        assert_int_equal(pcd_sha256_final(&s, got), 0);
        assert_memory_equal(got, want, 32);
    }
    free(a);
    assert_int_equal(ERR_peek_error(), 0);
}

static void t_sha256_lifecycle(void **state)
{
    (void)state;
    /* Drop without final: the EVP context is freed (LeakSanitizer checks it at exit). */
    for (int i = 0; i < 100; i++) {
        struct pcd_sha256 s;
        assert_int_equal(pcd_sha256_init(&s), 0);
        assert_int_equal(pcd_sha256_update(&s, "abc", 3), 0);
        pcd_sha256_drop(&s);
        /* Released: dropping again is safe, using it is an error, not a crash. */
        pcd_sha256_drop(&s);
        uint8_t out[32];
        assert_int_equal(pcd_sha256_update(&s, "abc", 3), PCD_E_CRYPTO);
        assert_int_equal(pcd_sha256_final(&s, out), PCD_E_CRYPTO);
    }
    /* Final releases too; drop after final is a no-op. */
    struct pcd_sha256 s;
    uint8_t out[32];
    assert_int_equal(pcd_sha256_init(&s), 0);
    assert_int_equal(pcd_sha256_final(&s, out), 0);
    pcd_sha256_drop(&s);
    assert_int_equal(pcd_sha256_final(&s, out), PCD_E_CRYPTO);
    /* Zero-length update with NULL data is fine; NULL data with a length is not. */
    assert_int_equal(pcd_sha256_init(&s), 0);
    assert_int_equal(pcd_sha256_update(&s, NULL, 0), 0);
    assert_int_equal(pcd_sha256_update(&s, NULL, 1), PCD_E_CRYPTO);
    pcd_sha256_drop(&s);
    assert_int_equal(pcd_sha256_init(NULL), PCD_E_CRYPTO);
    pcd_sha256_drop(NULL);
}

static struct pcdsim_key load(const char *rel)
{
    char path[1024];
    tu_fixture_path(rel, path, sizeof(path));
    struct pcdsim_key k;
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    int rc = pcdsim_key_load_pem(path, &k, &d);
    if (rc != 0) {
        fail_msg("%s: %s", path, d.message);
    }
    return k;
}

/* KEYHASH of every public key = MANIFEST §2 column; algorithm = its type column. */
static void t_keys_match_manifest(void **state)
{
    (void)state;
    char md[1024];
    tu_fixture_path("MANIFEST.md", md, sizeof(md));
    struct tu_table t;
    assert_int_equal(tu_md_table(md, "## 2.", &t), 0);
    int c_pub = tu_table_col(&t, "public key");
    int c_type = tu_table_col(&t, "type");
    int c_kh = tu_table_col(&t, "KEYHASH");
    assert_true(c_pub >= 0 && c_type >= 0 && c_kh >= 0);
    assert_true(t.nrows >= 4);
    for (int r = 0; r < t.nrows; r++) {
        char rel[256];
        char hex[80];
        uint8_t want[32];
        uint8_t got[32];
        assert_true(tu_backtick(t.cells[r][c_pub], 0, rel, sizeof(rel)));
        assert_true(tu_backtick(t.cells[r][c_kh], 0, hex, sizeof(hex)) && tu_hex32(hex, want));
        struct pcdsim_key k = load(rel);
        assert_string_equal(pcdsim_key_alg_name(k.key.alg), t.cells[r][c_type]);
        assert_ptr_equal(k.key.der, k.der_buf);
        assert_int_equal(pcd_image_keyhash(&k.key, got), 0);
        assert_memory_equal(got, want, 32);
        pcdsim_key_free(&k);
        assert_null(k.der_buf);
        pcdsim_key_free(&k); /* twice is safe */
    }
    tu_table_free(&t);
    assert_int_equal(ERR_peek_error(), 0);
}

/* Write a temporary file with a unique name (tests of several builds may run at once). */
static char *write_temp(const char *name, const void *data, size_t len)
{
    static char path[512];
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, sizeof(path), "%s/pcdsim-%s-XXXXXX", dir, name);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static char *write_pubkey_pem(const char *name, EVP_PKEY *k)
{
    BIO *b = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PUBKEY(b, k), 1);
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *path = write_temp(name, data, (size_t)n);
    BIO_free(b);
    return path;
}

/* An "RSA PUBLIC KEY" PEM (PKCS#1, openssl rsa -RSAPublicKey_out) loads as the same key as the
 * SubjectPublicKeyInfo PEM, and its KEYHASH is imgtool's: SHA-256 of the RSAPublicKey DER
 * (MANIFEST §2, keys/rsa-2048.pub.pem). */
static void t_rsa_pkcs1_pem(void **state)
{
    (void)state;
    struct pcdsim_key spki = load("keys/rsa-2048.pub.pem");
    assert_int_equal(spki.key.alg, PCD_SIG_RSA2048_PSS);
    assert_int_equal(spki.key.der[0], 0x30); /* SEQUENCE { n, e }: n is an INTEGER, not an AlgorithmIdentifier */
    uint8_t want[32];
    assert_true(tu_hex32("788aab8489c33d25aa6ef2c8003d41d0668edff27ae75c30294fda31bb3171da", want));
    uint8_t got[32];
    assert_int_equal(pcd_image_keyhash(&spki.key, got), 0);
    assert_memory_equal(got, want, 32);

    BIO *b = BIO_new(BIO_s_mem());
    assert_true(PEM_write_bio(b, "RSA PUBLIC KEY", "", spki.key.der, (long)spki.key.der_len) > 0);
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *path = write_temp("rsa-pkcs1.pem", data, (size_t)n);
    BIO_free(b);
    struct pcdsim_key pkcs1;
    assert_int_equal(pcdsim_key_load_pem(path, &pkcs1, NULL), 0);
    remove(path);
    assert_int_equal(pkcs1.key.alg, PCD_SIG_RSA2048_PSS);
    assert_int_equal(pkcs1.key.der_len, spki.key.der_len);
    assert_memory_equal(pkcs1.key.der, spki.key.der, spki.key.der_len);

    /* Trailing bytes inside the PKCS#1 block: not one RSAPublicKey, refused. */
    uint8_t *longer = malloc(spki.key.der_len + 2u);
    assert_non_null(longer);
    memcpy(longer, spki.key.der, spki.key.der_len);
    longer[spki.key.der_len] = 0x05;
    longer[spki.key.der_len + 1u] = 0x00;
    b = BIO_new(BIO_s_mem());
    assert_true(PEM_write_bio(b, "RSA PUBLIC KEY", "", longer, (long)spki.key.der_len + 2) > 0);
    n = BIO_get_mem_data(b, &data);
    path = write_temp("rsa-pkcs1-trailing.pem", data, (size_t)n);
    BIO_free(b);
    free(longer);
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    struct pcdsim_key bad;
    assert_int_equal(pcdsim_key_load_pem(path, &bad, &d), PCDSIM_E_KEY);
    assert_null(bad.der_buf);
    remove(path);
    pcdsim_key_free(&pkcs1);
    pcdsim_key_free(&spki);
    assert_int_equal(ERR_peek_error(), 0);
}

static void t_key_load_errors(void **state)
{
    (void)state;
    struct pcdsim_key k;
    struct pcdsim_diag d;
    char path[1024];

    pcdsim_diag_clear(&d);
    tu_fixture_path("keys/does-not-exist.pub.pem", path, sizeof(path));
    assert_int_equal(pcdsim_key_load_pem(path, &k, &d), PCDSIM_E_FILE);
    assert_int_equal(d.err, PCDSIM_E_FILE);
    assert_string_equal(d.file, path);
    assert_non_null(strstr(d.message, "cannot open"));
    assert_null(k.der_buf);

    /* A private key where the public one was meant: refused, with a hint. */
    pcdsim_diag_clear(&d);
    tu_fixture_path("keys/ecdsa-p256.pem", path, sizeof(path));
    assert_int_equal(pcdsim_key_load_pem(path, &k, &d), PCDSIM_E_KEY);
    assert_non_null(strstr(d.hint, "private key"));
    assert_null(k.der_buf);

    /* Not a PEM file at all. */
    pcdsim_diag_clear(&d);
    tu_fixture_path("signed/net-v1-32k_ecdsa-p256.bin", path, sizeof(path));
    assert_int_equal(pcdsim_key_load_pem(path, &k, &d), PCDSIM_E_KEY);
    assert_true(d.hint[0] != '\0');
    char *p = write_temp("pcdsim-image-empty.pem", "", 0);
    assert_int_equal(pcdsim_key_load_pem(p, &k, &d), PCDSIM_E_KEY);
    remove(p);
    static const char broken[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    p = write_temp("pcdsim-image-broken.pem", broken, sizeof(broken) - 1);
    assert_int_equal(pcdsim_key_load_pem(p, &k, &d), PCDSIM_E_KEY);
    remove(p);

    assert_int_equal(pcdsim_key_load_pem("", &k, &d), PCDSIM_E_FILE);
    assert_int_equal(pcdsim_key_load_pem(NULL, &k, NULL), PCDSIM_E_FILE);

    /* Unsupported key types and sizes. */
    EVP_PKEY *rsa1024 = tu_gen_rsa(1024);
    p = write_pubkey_pem("pcdsim-image-rsa1024.pem", rsa1024);
    pcdsim_diag_clear(&d);
    assert_int_equal(pcdsim_key_load_pem(p, &k, &d), PCDSIM_E_KEY);
    assert_non_null(strstr(d.message, "1024"));
    remove(p);
    EVP_PKEY_free(rsa1024);
    EVP_PKEY *p384 = EVP_EC_gen("secp384r1");
    assert_non_null(p384);
    p = write_pubkey_pem("pcdsim-image-p384.pem", p384);
    pcdsim_diag_clear(&d);
    assert_int_equal(pcdsim_key_load_pem(p, &k, &d), PCDSIM_E_KEY);
    assert_non_null(strstr(d.message, "secp384r1"));
    remove(p);
    EVP_PKEY_free(p384);

    /* RSA-2048 is detected as RSA2048_PSS. */
    EVP_PKEY *rsa = tu_gen_rsa(2048);
    p = write_pubkey_pem("pcdsim-image-rsa2048.pem", rsa);
    assert_int_equal(pcdsim_key_load_pem(p, &k, NULL), 0);
    assert_int_equal(k.key.alg, PCD_SIG_RSA2048_PSS);
    uint32_t der_len;
    uint8_t *der = tu_pubkey_der(rsa, &der_len);
    assert_int_equal(k.key.der_len, der_len);
    assert_memory_equal(k.key.der, der, der_len);
    free(der);
    pcdsim_key_free(&k);
    remove(p);
    EVP_PKEY_free(rsa);
    assert_int_equal(ERR_peek_error(), 0);
}

/* Signature verification over a digest, for the three algorithms, and its error mapping. */
static void t_sig_verify(void **state)
{
    (void)state;
    struct pcdsim_key ec = load("keys/ecdsa-p256.pub.pem");
    struct pcdsim_key ed = load("keys/ed25519.pub.pem");
    size_t len;
    uint8_t *img = tu_read_fixture("signed/net-v1-32k_ecdsa-p256.bin", &len);
    uint8_t *eimg = NULL;
    size_t elen;
    eimg = tu_read_fixture("signed/net-v1-32k_ed25519.bin", &elen);
    assert_non_null(img);
    assert_non_null(eimg);
    uint32_t sha = tu_find_tlv(img, len, PCD_TLV_SHA256, false);
    uint32_t sig = tu_find_tlv(img, len, PCD_TLV_ECDSA_SIG, false);
    uint32_t esig = tu_find_tlv(eimg, elen, PCD_TLV_ED25519, false);
    uint8_t dig[32];
    memcpy(dig, img + sha + 4, 32);
    const uint8_t *s = img + sig + 4;
    uint16_t sl = tu_le16(img + sig + 2);
    const uint8_t *es = eimg + esig + 4;

    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl), 0);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ED25519, ed.key.der, ed.key.der_len, dig, es, 64), 0);
    /* Other digest. */
    uint8_t other[32];
    memcpy(other, dig, 32);
    other[0] ^= 1;
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, other, s, sl), PCD_E_IMG_SIG);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ED25519, ed.key.der, ed.key.der_len, other, es, 64), PCD_E_IMG_SIG);
    /* Malformed signatures: truncated DER, wrong Ed25519 length, empty. */
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl - 1u), PCD_E_IMG_SIG);
    uint8_t junk[72];
    memset(junk, 0x30, sizeof(junk));
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, junk, 72), PCD_E_IMG_SIG);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ED25519, ed.key.der, ed.key.der_len, dig, es, 63), PCD_E_IMG_SIG);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, 0), PCD_E_IMG_SIG);
    /* Key of another algorithm than asked for. */
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ed.key.der, ed.key.der_len, dig, s, sl), PCD_E_IMG_SIG);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ED25519, ec.key.der, ec.key.der_len, dig, es, 64), PCD_E_IMG_SIG);
    assert_int_equal(pcd_sig_verify(PCD_SIG_RSA2048_PSS, ec.key.der, ec.key.der_len, dig, s, sl), PCD_E_IMG_SIG);
    /* Unusable keys: backend failure, not a verdict. */
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len - 1u, dig, s, sl), PCD_E_CRYPTO);
    uint8_t *longer = malloc(ec.key.der_len + 1u);
    memcpy(longer, ec.key.der, ec.key.der_len);
    longer[ec.key.der_len] = 0;
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, longer, ec.key.der_len + 1u, dig, s, sl), PCD_E_CRYPTO);
    free(longer);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, junk, sizeof(junk), dig, s, sl), PCD_E_CRYPTO);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, 0, dig, s, sl), PCD_E_CRYPTO);
    assert_int_equal(pcd_sig_verify((enum pcd_sig_alg)7, ec.key.der, ec.key.der_len, dig, s, sl), PCD_E_UNSUPPORTED);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, NULL, 1, dig, s, sl), PCD_E_INVAL);
    /* No OpenSSL error is left behind by any of these. */
    assert_int_equal(ERR_peek_error(), 0);

    /* RSA-2048 PSS: salt 32 and MGF1-SHA256 exactly; PKCS#1 v1.5 and other salts refused. */
    EVP_PKEY *rsa = tu_gen_rsa(2048);
    uint32_t der_len;
    uint8_t *der = tu_pubkey_der(rsa, &der_len);
    struct {
        int padding;
        int salt;
        int want;
    } cases[] = {
        {RSA_PKCS1_PSS_PADDING, 32, 0},
        {RSA_PKCS1_PSS_PADDING, 20, PCD_E_IMG_SIG},
        {RSA_PKCS1_PADDING, 0, PCD_E_IMG_SIG},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(rsa, NULL);
        assert_int_equal(EVP_PKEY_sign_init(c), 1);
        assert_int_equal(EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()), 1);
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(c, cases[i].padding), 1);
        if (cases[i].padding == RSA_PKCS1_PSS_PADDING) {
            assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()), 1);
            assert_int_equal(EVP_PKEY_CTX_set_rsa_pss_saltlen(c, cases[i].salt), 1);
        }
        uint8_t rs[256];
        size_t rsl = sizeof(rs);
        assert_int_equal(EVP_PKEY_sign(c, rs, &rsl, dig, 32), 1);
        EVP_PKEY_CTX_free(c);
        assert_int_equal(rsl, 256);
        int rc = pcd_sig_verify(PCD_SIG_RSA2048_PSS, der, der_len, dig, rs, (uint32_t)rsl);
        if (rc != cases[i].want) {
            fail_msg("RSA case %zu: %s", i, pcd_strerror(rc));
        }
        assert_int_equal(pcd_sig_verify(PCD_SIG_RSA2048_PSS, der, der_len, other, rs, (uint32_t)rsl), PCD_E_IMG_SIG);
    }
    assert_int_equal(ERR_peek_error(), 0);
    /* An RSA key of another size is "another algorithm". */
    EVP_PKEY *rsa1024 = tu_gen_rsa(1024);
    uint32_t d1024_len;
    uint8_t *d1024 = tu_pubkey_der(rsa1024, &d1024_len);
    uint8_t zero[128] = {0};
    assert_int_equal(pcd_sig_verify(PCD_SIG_RSA2048_PSS, d1024, d1024_len, dig, zero, 128), PCD_E_IMG_SIG);
    free(d1024);
    EVP_PKEY_free(rsa1024);
    free(der);
    EVP_PKEY_free(rsa);
    free(img);
    free(eimg);
    pcdsim_key_free(&ec);
    pcdsim_key_free(&ed);
}

/* The verdict memo (sig_memo.c): a repeated question is answered without OpenSSL, and a
 * question that differs in any byte of key, digest or signature is really asked. */
static void t_sig_memo(void **state)
{
    (void)state;
    struct pcdsim_key ec = load("keys/ecdsa-p256.pub.pem");
    size_t len;
    uint8_t *img = tu_read_fixture("signed/net-v1-32k_ecdsa-p256.bin", &len);
    assert_non_null(img);
    uint32_t sha = tu_find_tlv(img, len, PCD_TLV_SHA256, false);
    uint32_t sig = tu_find_tlv(img, len, PCD_TLV_ECDSA_SIG, false);
    uint8_t dig[32];
    memcpy(dig, img + sha + 4, 32);
    uint16_t sl = tu_le16(img + sig + 2);
    uint8_t s[128];
    memcpy(s, img + sig + 4, sl);

    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl), 0);
    uint64_t n0 = pcdsim_sig_verifications();
    for (int i = 0; i < 5; i++) {
        assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl), 0);
    }
    assert_int_equal(pcdsim_sig_verifications(), n0); /* answered from the memo */

    /* one bit of the signature, the digest, or the key: a real verification, the right verdict */
    s[sl - 1u] ^= 1u;
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl), PCD_E_IMG_SIG);
    assert_int_equal(pcdsim_sig_verifications(), n0 + 1u);
    s[sl - 1u] ^= 1u;
    dig[31] ^= 0x80u;
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl), PCD_E_IMG_SIG);
    assert_int_equal(pcdsim_sig_verifications(), n0 + 2u);
    dig[31] ^= 0x80u;
    uint8_t key[256];
    assert_true(ec.key.der_len <= sizeof(key));
    memcpy(key, ec.key.der, ec.key.der_len);
    key[ec.key.der_len - 1u] ^= 1u; /* another point (or none): never the memo's "valid" */
    assert_int_not_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, key, ec.key.der_len, dig, s, sl), 0);
    assert_int_equal(pcdsim_sig_verifications(), n0 + 3u);
    /* the same question under another algorithm is another question */
    assert_int_equal(pcd_sig_verify(PCD_SIG_ED25519, ec.key.der, ec.key.der_len, dig, s, 64), PCD_E_IMG_SIG);
    assert_int_equal(pcdsim_sig_verifications(), n0 + 4u);

    /* more distinct questions than entries: the first is asked again, with the same verdict */
    for (uint8_t k = 0; k < 12; k++) {
        uint8_t d[32];
        memcpy(d, dig, 32);
        d[0] ^= (uint8_t)(k + 1u);
        assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, d, s, sl), PCD_E_IMG_SIG);
    }
    uint64_t n1 = pcdsim_sig_verifications();
    assert_int_equal(n1, n0 + 16u);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len, dig, s, sl), 0);
    assert_int_equal(pcdsim_sig_verifications(), n1 + 1u);

    /* a failure of the backend (here: a key that is not DER) is never remembered */
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len - 1u, dig, s, sl), PCD_E_CRYPTO);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, ec.key.der, ec.key.der_len - 1u, dig, s, sl), PCD_E_CRYPTO);
    assert_int_equal(pcdsim_sig_verifications(), n1 + 3u);
    free(img);
    pcdsim_key_free(&ec);
}

static void t_bufport(void **state)
{
    (void)state;
    uint8_t mem[64];
    for (int i = 0; i < 64; i++) {
        mem[i] = (uint8_t)i;
    }
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, mem, sizeof(mem), PCD_MEM_NET_FLASH, 0x01008800u), 0);
    const struct pcd_port *p = &bp.port;
    uint8_t b[16];
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NET_FLASH, 60, b, 4), 0);
    assert_int_equal(b[0], 60);
    assert_int_equal(b[3], 63);
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NET_FLASH, 61, b, 4), PCD_E_RANGE);
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NET_FLASH, 64, b, 0), 0);
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NET_FLASH, 65, b, 0), PCD_E_RANGE);
    assert_int_equal(pcd_flash_read(p, PCD_MEM_NET_FLASH, 0xFFFFFFFFu, b, 2), PCD_E_RANGE);
    assert_int_equal(pcd_flash_read(p, PCD_MEM_APP_FLASH, 0, b, 4), PCD_E_UNSUPPORTED);
    assert_int_equal(pcd_bus_read(p, 0x01008800u + 10u, b, 2), 0);
    assert_int_equal(b[0], 10);
    assert_int_equal(pcd_bus_read(p, 0x01008800u + 63u, b, 2), PCD_E_BUS_FAULT);
    assert_int_equal(pcd_bus_read(p, 0x010087FFu, b, 2), PCD_E_BUS_FAULT);
    assert_int_equal(pcd_bus_read(p, 0xFFFFFFFFu, b, 2), PCD_E_BUS_FAULT);
    struct pcd_mem_info mi;
    assert_int_equal(pcd_mem_info(p, PCD_MEM_NET_FLASH, &mi), 0);
    assert_int_equal(mi.size, 64);
    assert_int_equal(mi.page_size, 2048);
    assert_int_equal(mi.cpu_addr, 0x01008800u);
    assert_int_equal(mi.erase_value, 0xFF);
    assert_int_equal(pcd_mem_info(p, PCD_MEM_QSPI, &mi), PCD_E_UNSUPPORTED);
    /* Read-only: no write or erase operation. */
    assert_int_equal(pcd_flash_program(p, PCD_MEM_NET_FLASH, 0, b, 4), PCD_E_UNSUPPORTED);
    assert_int_equal(pcd_flash_erase(p, PCD_MEM_NET_FLASH, 0, 2048), PCD_E_UNSUPPORTED);
    assert_int_equal(pcd_bus_write(p, 0x01008800u, b, 4), PCD_E_UNSUPPORTED);
    /* No bus window. */
    assert_int_equal(pcdsim_bufport_init(&bp, mem, sizeof(mem), PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
    assert_int_equal(pcd_bus_read(p, 0, b, 1), PCD_E_BUS_FAULT);
    assert_int_equal(pcd_mem_info(p, PCD_MEM_QSPI, &mi), 0);
    assert_int_equal(mi.page_size, 4096);
    /* Bad arguments. */
    assert_int_equal(pcdsim_bufport_init(NULL, mem, 1, PCD_MEM_QSPI, 0), PCD_E_INVAL);
    assert_int_equal(pcdsim_bufport_init(&bp, NULL, 1, PCD_MEM_QSPI, 0), PCD_E_INVAL);
    assert_int_equal(pcdsim_bufport_init(&bp, mem, 1, PCD_MEM_COUNT, 0), PCD_E_INVAL);
    assert_int_equal(pcdsim_bufport_init(&bp, mem, 64, PCD_MEM_QSPI, 0xFFFFFFF0u), PCD_E_INVAL);
    assert_int_equal(pcdsim_bufport_init(&bp, NULL, 0, PCD_MEM_QSPI, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_sha256_vectors),
        cmocka_unit_test(t_sha256_lifecycle),
        cmocka_unit_test(t_keys_match_manifest),
        cmocka_unit_test(t_rsa_pkcs1_pem),
        cmocka_unit_test(t_key_load_errors),
        cmocka_unit_test(t_sig_verify),
        cmocka_unit_test(t_sig_memo),
        cmocka_unit_test(t_bufport),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
