/* The builtin SHA-256 (FIPS 180-4) against OpenSSL, and against the FIPS example digests. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "pcd/port.h"

/* Project PRNG style: splitmix64, seeded per test (deterministic). */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void openssl_sha256(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(data, len, out, &n, EVP_sha256(), NULL), 1);
    assert_int_equal(n, 32);
}

/* Builtin, fed in pieces chosen by @p piece (0 = one update; SIZE_MAX = random 1..200). */
static void builtin_sha256(const uint8_t *data, size_t len, size_t piece, uint8_t out[32])
{
    struct pcd_sha256 h;
    assert_int_equal(pcd_sha256_init(&h), 0);
    size_t done = 0;
    while (done < len) {
        size_t n = piece == 0 ? len - done : piece == SIZE_MAX ? 1u + (size_t)(rng_next() % 200u) : piece;
        if (n > len - done) {
            n = len - done;
        }
        assert_int_equal(pcd_sha256_update(&h, data + done, (uint32_t)n), 0);
        done += n;
    }
    assert_int_equal(pcd_sha256_final(&h, out), 0);
}

static void expect_same(const uint8_t *data, size_t len, size_t piece)
{
    uint8_t a[32];
    uint8_t b[32];
    openssl_sha256(data, len, a);
    builtin_sha256(data, len, piece, b);
    if (memcmp(a, b, 32) != 0) {
        fail_msg("length %zu, piece %zu: builtin differs from OpenSSL", len, piece);
    }
}

static void hex32(const char *hex, uint8_t out[32])
{
    for (int i = 0; i < 32; i++) {
        unsigned v;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
}

/* FIPS 180-2 appendix B / NIST example values. */
static void test_sha256__fips_examples(void **state)
{
    (void)state;
    static const struct {
        const char *msg;
        const char *digest;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        uint8_t want[32];
        uint8_t got[32];
        hex32(v[i].digest, want);
        builtin_sha256((const uint8_t *)v[i].msg, strlen(v[i].msg), 0, got);
        assert_memory_equal(got, want, 32);
        expect_same((const uint8_t *)v[i].msg, strlen(v[i].msg), 1);
    }
    /* One million 'a'. */
    uint8_t *m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    uint8_t want[32];
    uint8_t got[32];
    hex32("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want);
    builtin_sha256(m, 1000000, 4096, got);
    assert_memory_equal(got, want, 32);
    free(m);
}

/* Every length 0..1100 bytes (all padding cases; CAVP "ShortMsg" covers 0..64), then long
 * messages of 1101..12800 bytes in steps of 99 (CAVP "LongMsg" style), random content, whole
 * and in random pieces. */
static void test_sha256__lengths_vs_openssl(void **state)
{
    (void)state;
    rng_state = 1;
    static uint8_t m[12800];
    for (size_t i = 0; i < sizeof(m); i++) {
        m[i] = (uint8_t)rng_next();
    }
    for (size_t len = 0; len <= 1100; len++) {
        expect_same(m, len, 0);
        expect_same(m, len, SIZE_MAX);
    }
    for (size_t len = 1101; len <= sizeof(m); len += 99) {
        expect_same(m, len, 0);
        expect_same(m, len, 64);
        expect_same(m, len, SIZE_MAX);
    }
}

/* CAVP Monte-Carlo construction (MD_i = H(MD_{i-3} || MD_{i-2} || MD_{i-1}), 100 x 1000), both
 * implementations in lock-step. */
static void test_sha256__monte_carlo_vs_openssl(void **state)
{
    (void)state;
    uint8_t md[3][32];
    uint8_t seed[32];
    hex32("6d1e72ad03ddeb5de891e572e2396f8da015d899ef0e79503152d6010a3fe691", seed);
    for (int j = 0; j < 100; j++) {
        memcpy(md[0], seed, 32);
        memcpy(md[1], seed, 32);
        memcpy(md[2], seed, 32);
        for (int i = 3; i < 1003; i++) {
            uint8_t msg[96];
            uint8_t a[32];
            uint8_t b[32];
            memcpy(msg, md[0], 32);
            memcpy(msg + 32, md[1], 32);
            memcpy(msg + 64, md[2], 32);
            openssl_sha256(msg, sizeof(msg), a);
            builtin_sha256(msg, sizeof(msg), 0, b);
            assert_memory_equal(a, b, 32);
            memcpy(md[0], md[1], 32);
            memcpy(md[1], md[2], 32);
            memcpy(md[2], a, 32);
        }
        memcpy(seed, md[2], 32);
    }
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    const long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    uint8_t *b = malloc((size_t)n + 1u);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Every file of fixtures/raw and fixtures/signed (directory listing: new fixtures count too),
 * whole, in B0N's 512-byte chunks, and in 61-byte pieces. */
static void test_sha256__every_fixture_vs_openssl(void **state)
{
    (void)state;
    static const char *dirs[] = {"raw", "signed"};
    unsigned files = 0;
    for (size_t d = 0; d < 2; d++) {
        char dir[1024];
        snprintf(dir, sizeof(dir), "%s/fixtures/%s", PCDSIM_SHARED_DIR, dirs[d]);
        DIR *dp = opendir(dir);
        assert_non_null(dp);
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (e->d_name[0] == '.') {
                continue;
            }
            char path[2048];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            size_t len;
            uint8_t *b = read_file(path, &len);
            expect_same(b, len, 0);
            expect_same(b, len, 512);
            expect_same(b, len, 61);
            free(b);
            files++;
        }
        closedir(dp);
    }
    assert_true(files >= 21); /* MANIFEST.md: 6 raw + 15 signed */
}

/* pcd_sha256_copy(): one pass, two digests (B0N's source pass): the copy finishes the prefix,
 * the original goes on; both agree with OpenSSL, and the copy is independent of the original. */
static void test_sha256__copy_vs_openssl(void **state)
{
    (void)state;
    rng_state = 7;
    static uint8_t m[5000];
    for (size_t i = 0; i < sizeof(m); i++) {
        m[i] = (uint8_t)rng_next();
    }
    static const size_t cuts[] = {0, 1, 55, 56, 63, 64, 65, 512, 4095, 5000};
    for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++) {
        struct pcd_sha256 h;
        struct pcd_sha256 prefix;
        uint8_t got_prefix[32];
        uint8_t got_all[32];
        uint8_t want[32];
        assert_int_equal(pcd_sha256_init(&h), 0);
        assert_int_equal(pcd_sha256_update(&h, m, (uint32_t)cuts[c]), 0);
        assert_int_equal(pcd_sha256_copy(&prefix, &h), 0);
        assert_int_equal(pcd_sha256_update(&h, m + cuts[c], (uint32_t)(sizeof(m) - cuts[c])), 0);
        assert_int_equal(pcd_sha256_update(&prefix, "", 0), 0); /* the copy is live on its own */
        assert_int_equal(pcd_sha256_final(&prefix, got_prefix), 0);
        assert_int_equal(pcd_sha256_final(&h, got_all), 0);
        openssl_sha256(m, cuts[c], want);
        assert_memory_equal(got_prefix, want, 32);
        openssl_sha256(m, sizeof(m), want);
        assert_memory_equal(got_all, want, 32);
    }
    struct pcd_sha256 dead;
    struct pcd_sha256 out;
    assert_int_equal(pcd_sha256_init(&dead), 0);
    pcd_sha256_drop(&dead);
    assert_int_equal(pcd_sha256_copy(&out, &dead), PCD_E_CRYPTO);
    assert_int_equal(pcd_sha256_copy(NULL, &dead), PCD_E_CRYPTO);
}

/* Contract of pcd/port.h: failures are PCD_E_CRYPTO, a released state is dead, drop is safe. */
static void test_sha256__contract(void **state)
{
    (void)state;
    struct pcd_sha256 h;
    uint8_t d[32];
    assert_int_equal(pcd_sha256_init(NULL), PCD_E_CRYPTO);
    assert_int_equal(pcd_sha256_init(&h), 0);
    assert_int_equal(pcd_sha256_update(&h, NULL, 0), 0);
    assert_int_equal(pcd_sha256_update(&h, NULL, 1), PCD_E_CRYPTO);
    assert_int_equal(pcd_sha256_final(&h, d), 0);
    assert_int_equal(pcd_sha256_update(&h, "a", 1), PCD_E_CRYPTO);
    assert_int_equal(pcd_sha256_final(&h, d), PCD_E_CRYPTO);
    pcd_sha256_drop(&h);
    pcd_sha256_drop(NULL);
    assert_int_equal(pcd_sha256_init(&h), 0);
    assert_int_equal(pcd_sha256_update(&h, "abc", 3), 0);
    pcd_sha256_drop(&h);
    assert_int_equal(pcd_sha256_final(&h, d), PCD_E_CRYPTO);
    assert_int_equal(pcd_sha256_init(&h), 0);
    assert_int_equal(pcd_sha256_final(&h, NULL), PCD_E_CRYPTO);
    assert_int_equal(pcd_sha256_update(&h, "a", 1), PCD_E_CRYPTO); /* released by the failed final */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256__fips_examples),
        cmocka_unit_test(test_sha256__lengths_vs_openssl),
        cmocka_unit_test(test_sha256__monte_carlo_vs_openssl),
        cmocka_unit_test(test_sha256__every_fixture_vs_openssl),
        cmocka_unit_test(test_sha256__copy_vs_openssl),
        cmocka_unit_test(test_sha256__contract),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
