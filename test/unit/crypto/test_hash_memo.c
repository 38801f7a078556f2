/* The exact SHA-256 memo (pcdsim/hash_memo.h): every digest equals OpenSSL's one-shot SHA-256,
 * whatever was remembered before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "pcd/port.h"
#include "pcdsim/hash_memo.h"

static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void truth(const void *data, size_t len, uint8_t out[32])
{
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(data, len, out, &n, EVP_sha256(), NULL), 1);
}

/* pcd_sha256 of @p data in pieces of @p piece bytes. */
static void memo_hash(const uint8_t *data, size_t len, size_t piece, uint8_t out[32])
{
    struct pcd_sha256 h;
    assert_int_equal(pcd_sha256_init(&h), 0);
    for (size_t done = 0; done < len; done += piece) {
        size_t n = len - done < piece ? len - done : piece;
        assert_int_equal(pcd_sha256_update(&h, data + done, (uint32_t)n), 0);
    }
    assert_int_equal(pcd_sha256_final(&h, out), 0);
}

static int setup(void **state)
{
    (void)state;
    pcdsim_hash_memo_set_mode(PCDSIM_HASH_MEMO_ON);
    pcdsim_hash_memo_branch(0);
    pcdsim_hash_memo_reset_stats();
    return 0;
}

/* The same bytes twice: the second pass is all hits; one byte changed in place (same address,
 * as a flash view after a write): a miss from that chunk on, and the right digest. */
static void test_changed_bytes_same_address(void **state)
{
    (void)state;
    static uint8_t buf[64 * 1024];
    rng_state = 1;
    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)rng_next();
    }
    uint8_t a[32], b[32];
    memo_hash(buf, sizeof(buf), 4096, a);
    truth(buf, sizeof(buf), b);
    assert_memory_equal(a, b, 32);
    struct pcdsim_hash_memo_stats s0, s1;
    pcdsim_hash_memo_stats(&s0);
    memo_hash(buf, sizeof(buf), 4096, a);
    pcdsim_hash_memo_stats(&s1);
    assert_memory_equal(a, b, 32);
    assert_int_equal(s1.hits - s0.hits, 16);
    assert_int_equal(s1.misses - s0.misses, 0);
    assert_int_equal(s1.hashed_bytes - s0.hashed_bytes, 0);
    for (size_t at = sizeof(buf) - 1;; at /= 3) { /* a byte of the last chunk, then earlier ones */
        buf[at] ^= 0x01u;
        memo_hash(buf, sizeof(buf), 4096, a);
        truth(buf, sizeof(buf), b);
        assert_memory_equal(a, b, 32);
        if (at == 0) {
            break;
        }
    }
}

/* Random messages made of a few repeated pieces (shared prefixes, pieces equal but for their
 * length or one byte), hashed with and without a split copy: always OpenSSL's digest. */
static void test_random_messages(void **state)
{
    (void)state;
    enum { PIECES = 6, PIECE = 700, MAXN = 8 };
    static uint8_t piece[PIECES][PIECE];
    rng_state = 7;
    for (unsigned p = 0; p < PIECES; p++) {
        for (unsigned i = 0; i < PIECE; i++) {
            piece[p][i] = p < 3 ? (uint8_t)rng_next() : piece[p - 3][i];
        }
        if (p >= 3) {
            piece[p][rng_next() % PIECE] ^= 0x80u; /* as piece p-3 but one bit */
        }
    }
    static uint8_t msg[MAXN * PIECE];
    for (int round = 0; round < 3000; round++) {
        unsigned n = 1u + (unsigned)(rng_next() % MAXN), len = 0, split = (unsigned)(rng_next() % n);
        struct pcd_sha256 h, pre;
        uint8_t a[32], b[32], pa[32], pb[32];
        unsigned split_len = 0;
        assert_int_equal(pcd_sha256_init(&h), 0);
        for (unsigned k = 0; k < n; k++) {
            unsigned p = (unsigned)(rng_next() % PIECES), l = 1u + (unsigned)(rng_next() % 3) * 349u;
            memcpy(msg + len, piece[p], l);
            assert_int_equal(pcd_sha256_update(&h, piece[p], l), 0);
            len += l;
            if (k == split) {
                assert_int_equal(pcd_sha256_copy(&pre, &h), 0);
                split_len = len;
            }
        }
        assert_int_equal(pcd_sha256_final(&h, a), 0);
        assert_int_equal(pcd_sha256_final(&pre, pa), 0);
        truth(msg, len, b);
        truth(msg, split_len, pb);
        assert_memory_equal(a, b, 32);
        assert_memory_equal(pa, pb, 32);
    }
    struct pcdsim_hash_memo_stats s;
    pcdsim_hash_memo_stats(&s);
    assert_true(s.hits > 1000); /* the memo did answer */
}

/* A wrong remembered digest (test hook) is given out in mode on, caught and replaced in mode check. */
static void test_check_catches(void **state)
{
    (void)state;
    static const uint8_t msg[] = "check mode recomputes every digest";
    uint8_t a[32], b[32];
    truth(msg, sizeof(msg), b);
    memo_hash(msg, sizeof(msg), 8, a);
    assert_memory_equal(a, b, 32);
    pcdsim_hash_memo_test_corrupt();
    memo_hash(msg, sizeof(msg), 8, a);
    assert_memory_not_equal(a, b, 32); /* the hook really broke the memo */
    pcdsim_hash_memo_set_mode(PCDSIM_HASH_MEMO_CHECK);
    pcdsim_hash_memo_branch(PCDSIM_HASH_MEMO_CHECK_EVERY + 1); /* not a sampled branch */
    memo_hash(msg, sizeof(msg), 8, a);
    assert_memory_not_equal(a, b, 32);
    pcdsim_hash_memo_branch(2 * PCDSIM_HASH_MEMO_CHECK_EVERY); /* a sampled one */
    struct pcdsim_hash_memo_stats s0, s1;
    pcdsim_hash_memo_stats(&s0);
    memo_hash(msg, sizeof(msg), 8, a);
    pcdsim_hash_memo_stats(&s1);
    assert_memory_equal(a, b, 32);
    assert_int_equal(s1.checked - s0.checked, 1);
    assert_int_equal(s1.mismatches - s0.mismatches, 1);
    pcdsim_hash_memo_test_corrupt(); /* put it back */
    pcdsim_hash_memo_set_mode(PCDSIM_HASH_MEMO_ON);
}

/* Mode off hashes every byte; the environment's mode names parse. */
static void test_off(void **state)
{
    (void)state;
    static const uint8_t msg[5000] = {1};
    uint8_t a[32], b[32];
    pcdsim_hash_memo_set_mode(PCDSIM_HASH_MEMO_OFF);
    struct pcdsim_hash_memo_stats s0, s1;
    pcdsim_hash_memo_stats(&s0);
    memo_hash(msg, sizeof(msg), 1000, a);
    memo_hash(msg, sizeof(msg), 1000, a);
    pcdsim_hash_memo_stats(&s1);
    truth(msg, sizeof(msg), b);
    assert_memory_equal(a, b, 32);
    assert_int_equal(s1.hits, s0.hits);
    assert_int_equal(s1.hashed_bytes - s0.hashed_bytes, 2 * sizeof(msg));
    enum pcdsim_hash_memo_mode m;
    assert_int_equal(pcdsim_hash_memo_parse("check", &m), 0);
    assert_int_equal(m, PCDSIM_HASH_MEMO_CHECK);
    assert_int_equal(pcdsim_hash_memo_parse("yes", &m), -1);
    pcdsim_hash_memo_set_mode(PCDSIM_HASH_MEMO_ON);
}

/* More distinct bytes than the budget: the memo never holds more, the digest stays right, and
 * the tree is emptied once no hash runs. */
static void test_budget(void **state)
{
    (void)state;
    size_t len = PCDSIM_HASH_MEMO_BUDGET + PCDSIM_HASH_MEMO_BUDGET / 4;
    uint8_t *big = malloc(len);
    assert_non_null(big);
    rng_state = 3;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = rng_next();
        memcpy(big + i, &v, 8);
    }
    uint8_t a[32], b[32];
    memo_hash(big, len, 4096, a);
    truth(big, len, b);
    assert_memory_equal(a, b, 32);
    struct pcdsim_hash_memo_stats s;
    pcdsim_hash_memo_stats(&s);
    assert_true(s.memo_bytes <= PCDSIM_HASH_MEMO_BUDGET);
    assert_true(s.memo_bytes > PCDSIM_HASH_MEMO_BUDGET / 2);
    memo_hash(big, 100, 100, a); /* starts with no hash running: the full tree is emptied */
    pcdsim_hash_memo_stats(&s);
    assert_true(s.memo_bytes < 4096);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_changed_bytes_same_address, setup),
        cmocka_unit_test_setup(test_random_messages, setup),
        cmocka_unit_test_setup(test_check_catches, setup),
        cmocka_unit_test_setup(test_off, setup),
        cmocka_unit_test_setup(test_budget, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
