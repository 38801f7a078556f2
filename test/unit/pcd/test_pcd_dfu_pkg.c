/* The device's dfu_multi_image header decoder (src/pcd/dfu_pkg.c) against the host's libcbor
 * reader (src/sim/release/dfu_multi.c): the release fixture, generated headers (libcbor writes
 * them with every integer width, extra keys, either key order) that both must read alike, and
 * mutations of them where whatever the device accepts the host must accept with the same images.
 * Each malformation has its named error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cbor.h>

#include "pcd/dfu_pkg.h"
#include "pcdsim/dfu_multi.h"

static struct pcdsim_diag diag;
static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (uint32_t)(rng % n) : 0u;
}

static cbor_item_t *build_uint(uint64_t v, unsigned width)
{
    switch (width) {
    case 0: return v <= 0xFF ? cbor_build_uint8((uint8_t)v) : cbor_build_uint64(v);
    case 1: return v <= 0xFFFF ? cbor_build_uint16((uint16_t)v) : cbor_build_uint64(v);
    case 2: return v <= 0xFFFFFFFFu ? cbor_build_uint32((uint32_t)v) : cbor_build_uint64(v);
    default: return cbor_build_uint64(v);
    }
}

/* A package of @p n images with ids @p ids and sizes @p sizes (images filled with a pattern),
 * header written by libcbor with random encodings. Returns malloc'd bytes. */
static uint8_t *make_pkg(unsigned n, const uint32_t *ids, const uint32_t *sizes, size_t *out_len)
{
    cbor_item_t *root = cbor_new_definite_map(2), *arr = cbor_new_definite_array(n);
    if (rnd(3) == 0) {
        assert_true(cbor_map_add(root, (struct cbor_pair){cbor_move(cbor_build_string("ver")),
                                                           cbor_move(cbor_build_uint8(1))}));
    }
    for (unsigned i = 0; i < n; i++) {
        cbor_item_t *e = cbor_new_definite_map(3);
        struct cbor_pair id = {cbor_move(cbor_build_string("id")), cbor_move(build_uint(ids[i], rnd(4)))};
        struct cbor_pair sz = {cbor_move(cbor_build_string("size")), cbor_move(build_uint(sizes[i], rnd(4)))};
        const bool swap = rnd(2) == 0;
        assert_true(cbor_map_add(e, swap ? sz : id));
        if (rnd(3) == 0) {
            unsigned char blob[3] = {1, 2, 3};
            assert_true(cbor_map_add(e, (struct cbor_pair){cbor_move(cbor_build_string("hash")),
                                                            cbor_move(cbor_build_bytestring(blob, 3))}));
        }
        assert_true(cbor_map_add(e, swap ? id : sz));
        assert_true(cbor_array_push(arr, cbor_move(e)));
    }
    assert_true(cbor_map_add(root, (struct cbor_pair){cbor_move(cbor_build_string("img")), cbor_move(arr)}));
    unsigned char *hdr = NULL;
    size_t cap = 0, hl = cbor_serialize_alloc(root, &hdr, &cap);
    cbor_decref(&root);
    assert_true(hl > 0 && hl <= PCD_PKG_CBOR_MAX);
    size_t total = 2 + hl;
    for (unsigned i = 0; i < n; i++) {
        total += sizes[i];
    }
    uint8_t *f = malloc(total + 64);
    assert_non_null(f);
    f[0] = (uint8_t)hl;
    f[1] = (uint8_t)(hl >> 8);
    memcpy(f + 2, hdr, hl);
    for (size_t i = 2 + hl; i < total + 64; i++) {
        f[i] = (uint8_t)(i * 7u);
    }
    free(hdr);
    *out_len = total;
    return f;
}

/* Device decode of a whole file: header, then the length check. */
static int dev_parse(const uint8_t *b, size_t len, struct pcd_pkg_header *h)
{
    int rc = pcd_pkg_header_decode(b, (uint32_t)len, h);
    return rc != 0 ? rc : pcd_pkg_check_length(h, (uint32_t)len);
}

static void assert_same(const struct pcd_pkg_header *h, const struct pcdsim_dfu_multi *m)
{
    assert_int_equal(h->count, m->count);
    assert_int_equal(h->header_len, 2u + m->header_len);
    for (uint32_t i = 0; i < h->count; i++) {
        assert_int_equal(h->img[i].id, m->images[i].id);
        assert_int_equal(h->img[i].size, m->images[i].size);
        assert_int_equal(h->img[i].offset, m->images[i].offset);
    }
}

static bool named(int rc)
{
    return rc == PCD_E_PKG_TRUNC || rc == PCD_E_PKG_CBOR || rc == PCD_E_PKG_ID || rc == PCD_E_PKG_SIZE;
}

static void test_fixture(void **state)
{
    (void)state;
    FILE *fp = fopen(PCDSIM_RELEASE_FIXTURES "/sysbuild/dfu_multi_image.bin", "rb");
    assert_non_null(fp);
    static uint8_t buf[1u << 20];
    size_t len = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    struct pcd_pkg_header h;
    struct pcdsim_dfu_multi m;
    assert_int_equal(dev_parse(buf, len, &h), 0);
    assert_int_equal(pcdsim_dfu_multi_parse("f", buf, len, &m, &diag), 0);
    assert_same(&h, &m);
    assert_int_equal(h.count, 2);
    assert_int_equal(h.img[0].id, 0);
    assert_int_equal(h.img[1].id, 1);
    assert_int_equal(h.total, len);
    assert_int_equal(dev_parse(buf, len - 1, &h), PCD_E_PKG_TRUNC);
}

static void random_pkg(uint8_t **b, size_t *len)
{
    const unsigned n = 1u + rnd(2);
    uint32_t ids[2] = {rnd(2), 0}, sizes[2] = {1u + rnd(3000), 1u + rnd(3000)};
    ids[1] = 1u - ids[0];
    *b = make_pkg(n, ids, sizes, len);
}

/* Generated packages: both readers accept them and agree. */
static void test_generated(void **state)
{
    (void)state;
    for (unsigned k = 0; k < 2000; k++) {
        uint8_t *b;
        size_t len;
        random_pkg(&b, &len);
        struct pcd_pkg_header h;
        struct pcdsim_dfu_multi m;
        assert_int_equal(dev_parse(b, len, &h), 0);
        assert_int_equal(pcdsim_dfu_multi_parse("g", b, len, &m, &diag), 0);
        assert_same(&h, &m);
        free(b);
    }
}

/* Mutations: whatever the device reads, the host reads alike; every refusal is a named error. */
static void test_mutated(void **state)
{
    (void)state;
    unsigned accepted = 0, refused = 0;
    for (unsigned k = 0; k < 20000; k++) {
        uint8_t *b;
        size_t len;
        random_pkg(&b, &len);
        const size_t hl = 2u + ((size_t)b[0] | (size_t)b[1] << 8);
        const unsigned nmut = 1u + rnd(3);
        for (unsigned j = 0; j < nmut; j++) {
            switch (rnd(4)) {
            case 0: b[rnd((uint32_t)hl)] ^= (uint8_t)(1u << rnd(8)); break;
            case 1: b[rnd((uint32_t)hl)] = (uint8_t)rnd(256); break;
            case 2: len = len > 0 ? len - 1u - rnd((uint32_t)(len < 40 ? len : 40)) % len : 0; break;
            default: len += rnd(40); break; /* bytes after the last image (buffer has 64 spare) */
            }
        }
        struct pcd_pkg_header h;
        struct pcdsim_dfu_multi m;
        const int rc = dev_parse(b, len, &h);
        if (rc == 0) {
            if (pcdsim_dfu_multi_parse("m", b, len, &m, &diag) != 0) {
                fprintf(stderr, "host refuses what the device reads: %s; header:", diag.message);
                for (size_t i = 0; i < hl && i < 80; i++) {
                    fprintf(stderr, " %02x", b[i]);
                }
                fprintf(stderr, "\n");
            }
            assert_int_equal(pcdsim_dfu_multi_parse("m", b, len, &m, &diag), 0);
            assert_same(&h, &m);
            accepted++;
        } else {
            assert_true(named(rc));
            refused++;
        }
        free(b);
    }
    assert_true(accepted > 0 && refused > 0);
}

static int hdr_of(const uint8_t *cbor, size_t n, uint32_t extra, uint8_t *out, size_t *len)
{
    out[0] = (uint8_t)n;
    out[1] = (uint8_t)(n >> 8);
    memcpy(out + 2, cbor, n);
    memset(out + 2 + n, 0xAB, extra);
    *len = 2 + n + extra;
    struct pcd_pkg_header h;
    return dev_parse(out, *len, &h);
}

/* Each malformation and its name. */
static void test_named_errors(void **state)
{
    (void)state;
    uint8_t f[256];
    size_t len;
    struct pcd_pkg_header h;
    /* {"img": [{"id": 0, "size": 4}]} + 4 bytes */
    static const uint8_t ok[] = {0xA1, 0x63, 'i', 'm', 'g', 0x81, 0xA2, 0x62, 'i', 'd', 0x00, 0x64, 's', 'i', 'z', 'e', 0x04};
    assert_int_equal(hdr_of(ok, sizeof(ok), 4, f, &len), 0);
    assert_int_equal(pcd_pkg_header_decode(f, 1, &h), PCD_E_PKG_TRUNC);          /* no length prefix */
    assert_int_equal(pcd_pkg_header_decode(f, 2 + sizeof(ok) - 1, &h), PCD_E_PKG_TRUNC); /* header cut */
    assert_int_equal(hdr_of(ok, sizeof(ok), 3, f, &len), PCD_E_PKG_TRUNC);        /* image cut */
    assert_int_equal(hdr_of(ok, sizeof(ok), 5, f, &len), PCD_E_PKG_SIZE);         /* a byte after it */
    uint8_t v[sizeof(ok)];
    memcpy(v, ok, sizeof(v));
    v[10] = 0x02; /* id 2 */
    assert_int_equal(hdr_of(v, sizeof(v), 4, f, &len), PCD_E_PKG_ID);
    v[10] = 0x20; /* id -1 */
    assert_int_equal(hdr_of(v, sizeof(v), 4, f, &len), PCD_E_PKG_ID);
    memcpy(v, ok, sizeof(v));
    v[16] = 0x00; /* size 0 */
    assert_int_equal(hdr_of(v, sizeof(v), 0, f, &len), PCD_E_PKG_SIZE);
    memcpy(v, ok, sizeof(v));
    v[0] = 0xBF; /* indefinite map */
    assert_int_equal(hdr_of(v, sizeof(v), 4, f, &len), PCD_E_PKG_CBOR);
    memcpy(v, ok, sizeof(v));
    v[2] = 'x'; /* "xmg": no "img" */
    assert_int_equal(hdr_of(v, sizeof(v), 4, f, &len), PCD_E_PKG_CBOR);
    memcpy(v, ok, sizeof(v));
    v[10] = 0xC0; /* a tag where the id is */
    assert_int_equal(hdr_of(v, sizeof(v), 4, f, &len), PCD_E_PKG_CBOR);
    static const uint8_t empty[] = {0xA1, 0x63, 'i', 'm', 'g', 0x80};
    assert_int_equal(hdr_of(empty, sizeof(empty), 0, f, &len), PCD_E_PKG_CBOR);
    /* one id twice */
    static const uint8_t dup[] = {0xA1, 0x63, 'i', 'm', 'g', 0x82, 0xA2, 0x62, 'i', 'd', 0x00, 0x64, 's', 'i', 'z', 'e', 0x01,
                                  0xA2, 0x62, 'i', 'd', 0x00, 0x64, 's', 'i', 'z', 'e', 0x01};
    assert_int_equal(hdr_of(dup, sizeof(dup), 2, f, &len), PCD_E_PKG_ID);
    /* bytes left inside cbor_len */
    uint8_t extra[sizeof(ok) + 1];
    memcpy(extra, ok, sizeof(ok));
    extra[sizeof(ok)] = 0x00;
    assert_int_equal(hdr_of(extra, sizeof(extra), 4, f, &len), PCD_E_PKG_CBOR);
    /* cbor_len 0 */
    f[0] = f[1] = 0;
    assert_int_equal(pcd_pkg_header_decode(f, 10, &h), PCD_E_PKG_CBOR);
    /* sizes whose sum passes 2^32 - 1 */
    static const uint8_t big[] = {0xA1, 0x63, 'i', 'm', 'g', 0x82, 0xA2, 0x62, 'i', 'd', 0x00, 0x64, 's', 'i', 'z', 'e',
                                  0x1A, 0xFF, 0xFF, 0xFF, 0x00, 0xA2, 0x62, 'i', 'd', 0x01, 0x64, 's', 'i', 'z', 'e',
                                  0x1A, 0x01, 0x00, 0x00, 0x00};
    memcpy(f + 2, big, sizeof(big));
    f[0] = sizeof(big);
    f[1] = 0;
    assert_int_equal(pcd_pkg_header_decode(f, 2 + sizeof(big), &h), PCD_E_PKG_SIZE);
    /* CRC-32 check value (IEEE 802.3: "123456789" -> 0xCBF43926) */
    assert_int_equal(pcd_crc32(0, (const uint8_t *)"123456789", 9), 0xCBF43926u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_mutated),
        cmocka_unit_test(test_named_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
