/*
 * Test-only helpers for the image / fw_info / crypto tests: fixture files, MANIFEST.md tables,
 * little-endian patching, and an image builder that signs with OpenSSL directly (test code only).
 */
#ifndef IMAGE_TEST_UTIL_H
#define IMAGE_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "pcd/image.h"

/* Layout of the fixtures (shared/fixtures/MANIFEST.md §1). */
#define TU_NET_APP_START 0x01008800u
#define TU_NET_APP_SIZE 0x37800u
#define TU_NET_APP_END (TU_NET_APP_START + TU_NET_APP_SIZE)
#define TU_APP_RAM_BASE 0x20010000u

/* Fixture path "<shared>/fixtures/<rel>" into @p out. */
void tu_fixture_path(const char *rel, char *out, size_t size);
/* Whole file, malloc'd (+1 NUL byte not counted); NULL on failure. */
uint8_t *tu_read_file(const char *path, size_t *len);
/* Same for a path relative to fixtures/. */
uint8_t *tu_read_fixture(const char *rel, size_t *len);
/* malloc'd copy. */
uint8_t *tu_dup(const uint8_t *p, size_t len);

uint16_t tu_le16(const uint8_t *p);
uint32_t tu_le32(const uint8_t *p);
void tu_put_le16(uint8_t *p, uint16_t v);
void tu_put_le32(uint8_t *p, uint32_t v);

/* SHA-256 with OpenSSL (independent of the backend under test). */
void tu_sha256(const void *data, size_t len, uint8_t out[32]);
/* Parse 64 hex digits; false if not hex. */
bool tu_hex32(const char *hex, uint8_t out[32]);

/* A markdown table of MANIFEST.md. */
#define TU_MAX_COLS 24
#define TU_MAX_ROWS 64
struct tu_table {
    int ncols;
    char *head[TU_MAX_COLS];
    int nrows;
    char *cells[TU_MAX_ROWS][TU_MAX_COLS];
    int row_ncols[TU_MAX_ROWS];
};
/* The first table after the heading line starting with @p heading_prefix; 0 ok. */
int tu_md_table(const char *md_path, const char *heading_prefix, struct tu_table *t);
/* Index of the first column whose header starts with @p prefix, -1 if none. */
int tu_table_col(const struct tu_table *t, const char *prefix);
void tu_table_free(struct tu_table *t);
/* The @p n-th (0-based) `backticked` text of @p cell; false if absent. */
bool tu_backtick(const char *cell, int n, char *out, size_t size);

/* Raw TLV lookup, independent of the code under test: offset of the first TLV entry header
 * of @p type in the protected (@p prot) or unprotected area, 0 if none. */
uint32_t tu_find_tlv(const uint8_t *img, size_t len, uint16_t type, bool prot);

/* Image builder. */
struct tu_tlv {
    uint16_t type;
    const uint8_t *val;
    uint16_t len;
};
struct tu_signer {
    EVP_PKEY *key;     /* private key */
    uint16_t sig_type; /* PCD_TLV_ECDSA_SIG / _ED25519 / _RSA2048_PSS */
};
struct tu_image_spec {
    const uint8_t *body;
    uint32_t body_len;
    uint16_t hdr_size;         /* 0 -> 0x200 */
    struct pcd_image_version ver;
    uint32_t flags;
    const struct tu_tlv *prot; /* protected TLVs (a protected area is emitted if nprot > 0) */
    size_t nprot;
    const struct tu_tlv *pre;  /* unprotected TLVs before the SHA256 TLV */
    size_t npre;
    bool omit_sha;
    const struct tu_signer *signers; /* each adds KEYHASH + signature */
    size_t nsigners;
};
/* Build a signed image (malloc'd) per @p s; *len = its size. NULL on OpenSSL failure. */
uint8_t *tu_build_image(const struct tu_image_spec *s, size_t *len);
/* Private key from a PEM file (fixtures-relative). */
EVP_PKEY *tu_load_private(const char *rel);
/* Fresh RSA key of @p bits. */
EVP_PKEY *tu_gen_rsa(unsigned bits);
/* DER of a key as KEYHASH hashes it: SubjectPublicKeyInfo, PKCS#1 RSAPublicKey for RSA (malloc'd). */
uint8_t *tu_pubkey_der(EVP_PKEY *k, uint32_t *len);
/* A body of @p len bytes with a Cortex-M vector table: SP, then reset vector @p reset. */
uint8_t *tu_make_body(uint32_t len, uint32_t reset);

#endif
