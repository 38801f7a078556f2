/* Test-only helpers (see image_test_util.h). Uses OpenSSL directly: test code only. */
#include "image_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

void tu_fixture_path(const char *rel, char *out, size_t size)
{
    snprintf(out, size, "%s/fixtures/%s", PCDSIM_SHARED_DIR, rel);
}

uint8_t *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return NULL;
    }
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    uint8_t *buf = malloc((size_t)n + 1u);
    if (buf == NULL) {
        fclose(f);
        return NULL;
    }
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    if (got != (size_t)n) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

uint8_t *tu_read_fixture(const char *rel, size_t *len)
{
    char path[1024];
    tu_fixture_path(rel, path, sizeof(path));
    return tu_read_file(path, len);
}

uint8_t *tu_dup(const uint8_t *p, size_t len)
{
    uint8_t *d = malloc(len ? len : 1u);
    if (d != NULL && len) {
        memcpy(d, p, len);
    }
    return d;
}

uint16_t tu_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t tu_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

void tu_put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void tu_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

void tu_sha256(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 0;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool tu_hex32(const char *hex, uint8_t out[32])
{
    for (int i = 0; i < 32; i++) {
        int hi = hexval(hex[2 * i]);
        int lo = hi < 0 ? -1 : hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return true;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        n--;
    }
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* Split a table line into cells; returns the number of cells. */
static int split_row(const char *line, size_t linelen, char **cells, int max)
{
    int n = 0;
    const char *p = line;
    const char *end = line + linelen;
    if (p < end && *p == '|') {
        p++;
    }
    while (p < end && n < max) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        if (bar == NULL) {
            break; /* text after the last bar: not a cell */
        }
        cells[n++] = trim_dup(p, (size_t)(bar - p));
        p = bar + 1;
    }
    return n;
}

int tu_md_table(const char *md_path, const char *heading_prefix, struct tu_table *t)
{
    memset(t, 0, sizeof(*t));
    size_t len = 0;
    char *text = (char *)tu_read_file(md_path, &len);
    if (text == NULL) {
        return -1;
    }
    size_t hlen = strlen(heading_prefix);
    char *p = text;
    bool in_section = false;
    int state = 0; /* 0 before header, 1 after header, 2 rows */
    int rc = -1;
    while (*p) {
        char *nl = strchr(p, '\n');
        size_t ll = nl ? (size_t)(nl - p) : strlen(p);
        if (!in_section) {
            if (ll >= hlen && strncmp(p, heading_prefix, hlen) == 0) {
                in_section = true;
            }
        } else if (ll > 0 && p[0] == '|') {
            if (state == 0) {
                t->ncols = split_row(p, ll, t->head, TU_MAX_COLS);
                state = 1;
            } else if (state == 1) {
                state = 2; /* |---|---| separator */
            } else if (t->nrows < TU_MAX_ROWS) {
                t->row_ncols[t->nrows] = split_row(p, ll, t->cells[t->nrows], TU_MAX_COLS);
                t->nrows++;
            }
        } else if (state == 2) {
            rc = 0; /* table ended */
            break;
        } else if (ll >= 3 && strncmp(p, "## ", 3) == 0) {
            break; /* next section without a table */
        }
        if (nl == NULL) {
            if (state == 2) {
                rc = 0;
            }
            break;
        }
        p = nl + 1;
    }
    free(text);
    return rc;
}

int tu_table_col(const struct tu_table *t, const char *prefix)
{
    for (int i = 0; i < t->ncols; i++) {
        if (strncmp(t->head[i], prefix, strlen(prefix)) == 0) {
            return i;
        }
    }
    return -1;
}

void tu_table_free(struct tu_table *t)
{
    for (int i = 0; i < t->ncols; i++) {
        free(t->head[i]);
    }
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->row_ncols[r]; c++) {
            free(t->cells[r][c]);
        }
    }
    memset(t, 0, sizeof(*t));
}

bool tu_backtick(const char *cell, int n, char *out, size_t size)
{
    const char *p = cell;
    for (int i = 0;; i++) {
        const char *a = strchr(p, '`');
        if (a == NULL) {
            return false;
        }
        const char *b = strchr(a + 1, '`');
        if (b == NULL) {
            return false;
        }
        if (i == n) {
            size_t l = (size_t)(b - a - 1);
            if (l >= size) {
                return false;
            }
            memcpy(out, a + 1, l);
            out[l] = 0;
            return true;
        }
        p = b + 1;
    }
}

uint32_t tu_find_tlv(const uint8_t *img, size_t len, uint16_t type, bool prot)
{
    if (len < 32) {
        return 0;
    }
    uint32_t off = (uint32_t)tu_le16(img + 8) + tu_le32(img + 12);
    uint32_t psize = tu_le16(img + 10);
    uint32_t start = prot ? off : off + psize;
    if (start + 4 > len || (prot && psize == 0)) {
        return 0;
    }
    uint32_t end = start + tu_le16(img + start + 2);
    for (uint32_t p = start + 4; p + 4 <= end && p + 4 <= len;) {
        if (tu_le16(img + p) == type) {
            return p;
        }
        p += 4u + tu_le16(img + p + 2);
    }
    return 0;
}

static void put_tlv(uint8_t *buf, size_t *off, uint16_t type, const uint8_t *val, uint16_t len)
{
    tu_put_le16(buf + *off, type);
    tu_put_le16(buf + *off + 2, len);
    if (len) {
        memcpy(buf + *off + 4, val, len);
    }
    *off += 4u + len;
}

/* Sign a 32-byte digest as MCUboot expects for @p type; returns sig length or 0. */
static size_t sign_digest(EVP_PKEY *k, uint16_t type, const uint8_t dig[32], uint8_t *sig, size_t cap)
{
    size_t sl = cap;
    int ok = 0;
    if (type == PCD_TLV_ED25519) {
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        ok = m && EVP_DigestSignInit(m, NULL, NULL, NULL, k) == 1 && EVP_DigestSign(m, sig, &sl, dig, 32) == 1;
        EVP_MD_CTX_free(m);
    } else {
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);
        ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) == 1;
        if (ok && type == PCD_TLV_RSA2048_PSS) {
            ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING) == 1 &&
                 EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_saltlen(c, 32) == 1;
        }
        ok = ok && EVP_PKEY_sign(c, sig, &sl, dig, 32) == 1;
        EVP_PKEY_CTX_free(c);
    }
    ERR_clear_error();
    return ok ? sl : 0;
}

uint8_t *tu_build_image(const struct tu_image_spec *s, size_t *len)
{
    uint16_t hdr_size = s->hdr_size ? s->hdr_size : 0x200;
    size_t cap = (size_t)hdr_size + s->body_len + 8192u;
    for (size_t i = 0; i < s->nprot; i++) {
        cap += 4u + s->prot[i].len;
    }
    for (size_t i = 0; i < s->npre; i++) {
        cap += 4u + s->pre[i].len;
    }
    uint8_t *img = malloc(cap);
    if (img == NULL) {
        return NULL;
    }
    memset(img, 0xFF, cap);
    memset(img, 0, 32);
    tu_put_le32(img + 0, PCD_IMAGE_MAGIC);
    tu_put_le16(img + 8, hdr_size);
    tu_put_le32(img + 12, s->body_len);
    tu_put_le32(img + 16, s->flags);
    img[20] = s->ver.major;
    img[21] = s->ver.minor;
    tu_put_le16(img + 22, s->ver.revision);
    tu_put_le32(img + 24, s->ver.build);
    memcpy(img + hdr_size, s->body, s->body_len);
    size_t off = (size_t)hdr_size + s->body_len;
    if (s->nprot) {
        size_t info = off;
        off += 4;
        for (size_t i = 0; i < s->nprot; i++) {
            put_tlv(img, &off, s->prot[i].type, s->prot[i].val, s->prot[i].len);
        }
        tu_put_le16(img + info, PCD_IMAGE_TLV_PROT_INFO_MAGIC);
        tu_put_le16(img + info + 2, (uint16_t)(off - info));
        tu_put_le16(img + 10, (uint16_t)(off - info));
    }
    uint8_t dig[32];
    tu_sha256(img, off, dig);
    size_t info = off;
    off += 4;
    for (size_t i = 0; i < s->npre; i++) {
        put_tlv(img, &off, s->pre[i].type, s->pre[i].val, s->pre[i].len);
    }
    if (!s->omit_sha) {
        put_tlv(img, &off, PCD_TLV_SHA256, dig, 32);
    }
    for (size_t i = 0; i < s->nsigners; i++) {
        uint32_t der_len = 0;
        uint8_t *der = tu_pubkey_der(s->signers[i].key, &der_len);
        uint8_t kh[32];
        tu_sha256(der, der_len, kh);
        free(der);
        put_tlv(img, &off, PCD_TLV_KEYHASH, kh, 32);
        uint8_t sig[512];
        size_t sl = sign_digest(s->signers[i].key, s->signers[i].sig_type, dig, sig, sizeof(sig));
        if (sl == 0) {
            free(img);
            return NULL;
        }
        put_tlv(img, &off, s->signers[i].sig_type, sig, (uint16_t)sl);
    }
    tu_put_le16(img + info, PCD_IMAGE_TLV_INFO_MAGIC);
    tu_put_le16(img + info + 2, (uint16_t)(off - info));
    *len = off;
    return img;
}

EVP_PKEY *tu_load_private(const char *rel)
{
    char path[1024];
    tu_fixture_path(rel, path, sizeof(path));
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return NULL;
    }
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    ERR_clear_error();
    return k;
}

EVP_PKEY *tu_gen_rsa(unsigned bits)
{
    EVP_PKEY *k = EVP_RSA_gen(bits);
    ERR_clear_error();
    return k;
}

uint8_t *tu_pubkey_der(EVP_PKEY *k, uint32_t *len)
{
    /* The form MCUboot embeds and KEYHASH hashes: PKCS#1 RSAPublicKey for RSA, else SPKI. */
    bool pkcs1 = EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA;
    int n = pkcs1 ? i2d_PublicKey(k, NULL) : i2d_PUBKEY(k, NULL);
    if (n <= 0) {
        return NULL;
    }
    uint8_t *der = malloc((size_t)n);
    unsigned char *p = der;
    if (pkcs1) {
        i2d_PublicKey(k, &p);
    } else {
        i2d_PUBKEY(k, &p);
    }
    *len = (uint32_t)n;
    return der;
}

uint8_t *tu_make_body(uint32_t len, uint32_t reset)
{
    uint8_t *b = malloc(len ? len : 1u);
    for (uint32_t i = 0; i < len; i++) {
        b[i] = (uint8_t)(i * 7u + 3u);
    }
    if (len >= 8) {
        tu_put_le32(b, 0x20008000u);
        tu_put_le32(b + 4, reset);
    }
    return b;
}
