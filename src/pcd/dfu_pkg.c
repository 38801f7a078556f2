/* The dfu_multi_image header on the device: a small CBOR reader for exactly what the header uses
 * (see pcd/dfu_pkg.h for the subset and the errors). Freestanding, no allocation, bounded
 * recursion (PCD_PKG_CBOR_DEPTH). */
#include "pcd/dfu_pkg.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* CBOR major types (RFC 8949 §3.1). */
enum { CB_UINT = 0, CB_NINT = 1, CB_BYTES = 2, CB_TEXT = 3, CB_ARRAY = 4, CB_MAP = 5, CB_TAG = 6, CB_SIMPLE = 7 };

struct cbr {
    const uint8_t *p;
    uint32_t len; /* bytes of the CBOR item */
    uint32_t pos;
};

/* The head of the next item: major type and argument. Indefinite lengths, reserved values and
 * tags are refused (pcd/dfu_pkg.h). */
static int head(struct cbr *r, unsigned *major, uint64_t *val)
{
    if (r->pos >= r->len) {
        return PCD_E_PKG_CBOR;
    }
    const uint8_t ib = r->p[r->pos++];
    const unsigned ai = ib & 0x1Fu;
    *major = ib >> 5;
    if (*major == CB_TAG || ai >= 28u) {
        return PCD_E_PKG_CBOR;
    }
    if (*major == CB_SIMPLE && (ai < 20u || ai == 24u)) {
        return PCD_E_PKG_CBOR; /* only false, true, null, undefined and floats (libcbor refuses the rest) */
    }
    if (ai < 24u) {
        *val = ai;
        return 0;
    }
    const uint32_t n = 1u << (ai - 24u); /* 1, 2, 4 or 8 bytes */
    if (r->len - r->pos < n) {
        return PCD_E_PKG_CBOR;
    }
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++) {
        v = (v << 8) | r->p[r->pos++];
    }
    *val = v;
    return 0;
}

/* Is [p, p + n) valid UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF)? A
 * text string must be (RFC 8949 §3.1); libcbor refuses one that is not. */
static bool utf8_ok(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        const uint8_t c = p[i];
        uint32_t k = c < 0x80u ? 0u : c >= 0xC2u && c <= 0xDFu ? 1u : c >= 0xE0u && c <= 0xEFu ? 2u
                   : c >= 0xF0u && c <= 0xF4u ? 3u : 4u;
        if (k == 4u || n - i - 1u < k) {
            return false;
        }
        uint8_t lo = 0x80u, hi = 0xBFu; /* the range of the second byte */
        lo = c == 0xE0u ? 0xA0u : c == 0xF0u ? 0x90u : lo;
        hi = c == 0xEDu ? 0x9Fu : c == 0xF4u ? 0x8Fu : hi;
        for (uint32_t j = 1; j <= k; j++) {
            const uint8_t b = p[i + j];
            if (b < (j == 1u ? lo : 0x80u) || b > (j == 1u ? hi : 0xBFu)) {
                return false;
            }
        }
        i += k + 1u;
    }
    return true;
}

/* Skip one complete item. */
static int skip(struct cbr *r, unsigned depth)
{
    unsigned major;
    uint64_t val;
    int rc = head(r, &major, &val);
    if (rc != 0 || depth >= PCD_PKG_CBOR_DEPTH) {
        return rc != 0 ? rc : PCD_E_PKG_CBOR;
    }
    const uint32_t left = r->len - r->pos;
    switch (major) {
    case CB_BYTES:
    case CB_TEXT:
        if (val > left || (major == CB_TEXT && !utf8_ok(r->p + r->pos, (uint32_t)val))) {
            return PCD_E_PKG_CBOR;
        }
        r->pos += (uint32_t)val;
        return 0;
    case CB_ARRAY:
    case CB_MAP: {
        /* every item takes at least one byte: a count above what is left cannot be met */
        const uint64_t items = major == CB_MAP && val <= left ? 2u * val : val;
        if (items > left) {
            return PCD_E_PKG_CBOR;
        }
        for (uint64_t i = 0; i < items && rc == 0; i++) {
            rc = skip(r, depth + 1u);
        }
        return rc;
    }
    default:
        return 0; /* integers, simple values and floats: the head was all */
    }
}

/* Is the next item the text string @p key? Consumes it if so; else leaves the position. */
static bool key_is(struct cbr *r, const char *key)
{
    const uint32_t save = r->pos;
    const size_t n = strlen(key);
    unsigned major;
    uint64_t val;
    if (head(r, &major, &val) == 0 && major == CB_TEXT && val == n && r->len - r->pos >= n &&
        memcmp(r->p + r->pos, key, n) == 0) {
        r->pos += (uint32_t)n;
        return true;
    }
    r->pos = save;
    return false;
}

/* A definite map's head: the number of pairs (bounded by the bytes left). */
static int map_head(struct cbr *r, uint64_t *pairs)
{
    unsigned major;
    int rc = head(r, &major, pairs);
    if (rc == 0 && (major != CB_MAP || *pairs > (r->len - r->pos) / 2u)) {
        rc = PCD_E_PKG_CBOR;
    }
    return rc;
}

/* An unsigned value (id or size); a negative one is @p neg_err, any other type PCD_E_PKG_CBOR. */
static int uint_value(struct cbr *r, uint64_t *v, int neg_err)
{
    unsigned major;
    int rc = head(r, &major, v);
    if (rc == 0 && major != CB_UINT) {
        rc = major == CB_NINT ? neg_err : PCD_E_PKG_CBOR;
    }
    return rc;
}

/* One element of "img": {"id": 0|1, "size": 1..2^32-1}, other keys skipped. */
static int entry(struct cbr *r, uint32_t *seen, struct pcd_pkg_header *out)
{
    uint64_t pairs, id = 0, size = 0;
    bool has_id = false, has_size = false;
    int rc = map_head(r, &pairs);
    for (uint64_t i = 0; i < pairs && rc == 0; i++) {
        if (key_is(r, "id")) {
            rc = has_id ? PCD_E_PKG_CBOR : uint_value(r, &id, PCD_E_PKG_ID);
            has_id = true;
        } else if (key_is(r, "size")) {
            rc = has_size ? PCD_E_PKG_CBOR : uint_value(r, &size, PCD_E_PKG_SIZE);
            has_size = true;
        } else {
            rc = skip(r, 2u);
            rc = rc == 0 ? skip(r, 2u) : rc;
        }
    }
    if (rc == 0 && (!has_id || !has_size)) {
        rc = PCD_E_PKG_CBOR;
    }
    if (rc == 0 && (id >= PCD_PKG_MAX_IMAGES || (*seen & (1u << id)) != 0u)) {
        rc = PCD_E_PKG_ID;
    }
    if (rc == 0 && (size == 0u || size > UINT32_MAX)) {
        rc = PCD_E_PKG_SIZE;
    }
    if (rc == 0) {
        *seen |= 1u << id;
        out->img[out->count].id = (uint32_t)id;
        out->img[out->count].size = (uint32_t)size;
        out->count++;
    }
    return rc;
}

/* The value of "img": a non-empty definite array of entries. */
static int images(struct cbr *r, struct pcd_pkg_header *out)
{
    unsigned major;
    uint64_t n;
    uint32_t seen = 0;
    int rc = head(r, &major, &n);
    if (rc == 0 && (major != CB_ARRAY || n == 0u || n > r->len - r->pos)) {
        rc = PCD_E_PKG_CBOR;
    }
    for (uint64_t i = 0; i < n && rc == 0; i++) {
        rc = entry(r, &seen, out); /* a third entry repeats an id or names an unknown one */
    }
    return rc;
}

int pcd_pkg_header_len(const uint8_t *buf, uint32_t len, uint32_t *header_len)
{
    if (buf == NULL || header_len == NULL) {
        return PCD_E_INVAL;
    }
    if (len < PCD_PKG_PREFIX) {
        return PCD_E_PKG_TRUNC;
    }
    const uint32_t cbor_len = (uint32_t)buf[0] | ((uint32_t)buf[1] << 8);
    if (cbor_len == 0u || cbor_len > PCD_PKG_CBOR_MAX) {
        return PCD_E_PKG_CBOR;
    }
    *header_len = PCD_PKG_PREFIX + cbor_len;
    return 0;
}

static int root(struct cbr *r, struct pcd_pkg_header *out)
{
    uint64_t pairs;
    bool has_img = false;
    int rc = map_head(r, &pairs);
    for (uint64_t i = 0; i < pairs && rc == 0; i++) {
        if (key_is(r, "img")) {
            rc = has_img ? PCD_E_PKG_CBOR : images(r, out);
            has_img = true;
        } else {
            rc = skip(r, 1u);
            rc = rc == 0 ? skip(r, 1u) : rc;
        }
    }
    if (rc == 0 && (!has_img || r->pos != r->len)) {
        rc = PCD_E_PKG_CBOR; /* no "img", or bytes left inside cbor_len */
    }
    return rc;
}

int pcd_pkg_header_decode(const uint8_t *buf, uint32_t len, struct pcd_pkg_header *out)
{
    uint32_t header_len = 0;
    if (out == NULL) {
        return PCD_E_INVAL;
    }
    memset(out, 0, sizeof(*out));
    int rc = pcd_pkg_header_len(buf, len, &header_len);
    if (rc != 0) {
        return rc;
    }
    if (len < header_len) {
        return PCD_E_PKG_TRUNC;
    }
    struct cbr r = {buf + PCD_PKG_PREFIX, header_len - PCD_PKG_PREFIX, 0};
    rc = root(&r, out);
    uint64_t off = header_len;
    for (uint32_t i = 0; i < out->count && rc == 0; i++) {
        out->img[i].offset = (uint32_t)off;
        off += out->img[i].size;
        rc = off > UINT32_MAX ? PCD_E_PKG_SIZE : 0;
    }
    if (rc != 0) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    out->header_len = header_len;
    out->total = (uint32_t)off;
    return 0;
}

int pcd_pkg_check_length(const struct pcd_pkg_header *hdr, uint32_t package_len)
{
    if (hdr == NULL) {
        return PCD_E_INVAL;
    }
    if (package_len < hdr->total) {
        return PCD_E_PKG_TRUNC;
    }
    return package_len > hdr->total ? PCD_E_PKG_SIZE : 0;
}

uint32_t pcd_crc32(uint32_t crc, const uint8_t *buf, uint32_t len)
{
    crc = ~crc;
    for (uint32_t i = 0; i < len; i++) {
        crc ^= buf[i];
        for (unsigned k = 0; k < 8u; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}
