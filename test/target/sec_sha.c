/* Sections "sha256" (FIPS 180-4 example vectors, padding boundaries, streaming) and "fixtures"
 * (digest of every fixture image, checked against MANIFEST.md where it gives one). */
#include <stdio.h>
#include <string.h>

#include "tt.h"

/* FIPS 180-2 / 180-4 SHA-256 examples (NIST CSRC "Cryptographic Standards and Guidelines,
 * Examples with Intermediate Values", SHA256.pdf, SHA2_Additional.pdf). */
static const struct {
    const char *name;
    const char *msg;
    const char *digest;
} vectors[] = {
    {"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"448bit", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"896bit",
     "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

/* Hash @p len bytes of @p data fed in pieces of @p piece bytes. */
static bool sha_pieces(const uint8_t *data, uint32_t len, uint32_t piece, uint8_t out[32])
{
    struct pcd_sha256 h;
    if (pcd_sha256_init(&h) != 0) {
        return false;
    }
    for (uint32_t done = 0; done < len;) {
        const uint32_t n = len - done < piece ? len - done : piece;
        if (pcd_sha256_update(&h, data + done, n) != 0) {
            pcd_sha256_drop(&h);
            return false;
        }
        done += n;
    }
    return pcd_sha256_final(&h, out) == 0;
}

void tt_run_sha256(void)
{
    char hex[65];
    uint8_t d[32];
    uint8_t want[32];
    tt_section("sha256");
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const uint32_t len = (uint32_t)strlen(vectors[i].msg);
        const bool ok = tt_sha256(vectors[i].msg, len, d);
        tt_hex(d, 32, hex);
        tt_line("%s %s", vectors[i].name, hex);
        tt_check(ok && tt_unhex32(vectors[i].digest, want) && memcmp(d, want, 32) == 0, "%s: %s", vectors[i].name,
                 hex);
        /* The same message fed one byte at a time. */
        tt_check(sha_pieces((const uint8_t *)vectors[i].msg, len, 1u, d) && memcmp(d, want, 32) == 0,
                 "%s byte by byte", vectors[i].name);
    }

    /* One million 'a' (FIPS 180-2 example 3), in 1000-byte updates. */
    static uint8_t block[1000];
    memset(block, 'a', sizeof(block));
    struct pcd_sha256 h;
    bool ok = pcd_sha256_init(&h) == 0;
    for (int i = 0; ok && i < 1000; i++) {
        ok = pcd_sha256_update(&h, block, sizeof(block)) == 0;
    }
    ok = ok && pcd_sha256_final(&h, d) == 0;
    tt_hex(d, 32, hex);
    tt_line("million_a %s", hex);
    tt_check(ok && tt_unhex32("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want) &&
                 memcmp(d, want, 32) == 0,
             "million_a: %s", hex);

    /* Every length 0..300 (all padding cases: 55/56/63/64/119/120 ...), one-shot and in pieces of
     * 1, 3, 63 and 64 bytes: the five must agree. The digests are chained into one summary
     * digest that the differential check compares with OpenSSL's on the host. */
    static uint8_t msg[300];
    for (unsigned i = 0; i < sizeof(msg); i++) {
        msg[i] = (uint8_t)(i * 131u + 7u);
    }
    struct pcd_sha256 chain;
    ok = pcd_sha256_init(&chain) == 0;
    unsigned disagree = 0;
    static const uint32_t pieces[] = {1u, 3u, 63u, 64u};
    for (uint32_t len = 0; len <= sizeof(msg) && ok; len++) {
        uint8_t one[32];
        ok = tt_sha256(msg, len, one);
        for (size_t p = 0; ok && p < sizeof(pieces) / sizeof(pieces[0]); p++) {
            ok = sha_pieces(msg, len, pieces[p], d);
            disagree += ok && memcmp(d, one, 32) != 0 ? 1u : 0u;
        }
        ok = ok && pcd_sha256_update(&chain, one, 32) == 0;
    }
    ok = ok && pcd_sha256_final(&chain, d) == 0;
    tt_hex(d, 32, hex);
    tt_line("lengths_0_300 chain=%s", hex);
    tt_check(ok && disagree == 0u, "lengths 0..300: %u piece-size disagreements", disagree);

    /* A copy of a running state finishes the prefix while the original goes on (B0N's single
     * pass over its source gives two digests this way). */
    struct pcd_sha256 prefix;
    uint8_t whole[32];
    ok = pcd_sha256_init(&h) == 0 && pcd_sha256_update(&h, msg, 100) == 0 && pcd_sha256_copy(&prefix, &h) == 0 &&
         pcd_sha256_update(&h, msg + 100, 200) == 0 && pcd_sha256_final(&prefix, d) == 0 &&
         pcd_sha256_final(&h, whole) == 0;
    uint8_t want100[32];
    uint8_t want300[32];
    tt_check(ok && tt_sha256(msg, 100, want100) && tt_sha256(msg, 300, want300) && memcmp(d, want100, 32) == 0 &&
                 memcmp(whole, want300, 32) == 0,
             "sha256 copy of a running state");

    /* A released state is refused, not reused. */
    ok = pcd_sha256_init(&h) == 0 && pcd_sha256_final(&h, d) == 0;
    tt_check(ok && pcd_sha256_update(&h, "x", 1) == PCD_E_CRYPTO, "update after final must fail");
    tt_section_end();
}

/* Fixture images (MANIFEST.md §3, §4) and, for raw files, the SHA-256 the manifest gives. */
static const struct {
    const char *rel;
    const char *sha; /* MANIFEST "SHA-256 of file", or NULL */
} files[] = {
    {"raw/app-v1-64k.bin", "c835b339963782b638e5482fd72feab2b447cf0c92bd7da583a33c57562d5c6a"},
    {"raw/app-v2-200k.bin", "9b424b0d0650bbd75332f0b438c3fb42c688148e334ce2383443b0ad0220ea47"},
    {"raw/net-v1-32k-ncs.bin", "c6a80d641c59b23b1e0e5f317b21ac3f6b30addaf9c3fcec69cb228a9bad2879"},
    {"raw/net-v2-150k-ncs.bin", "386e9b89772073e5cf7ab2bab3f8d3da41cc3377e20b4cc2a082add1a1476588"},
    {"raw/net-v2-max-ncs.bin", "8437047cc9f5e9f42b9eef2245a48ffdefdf001eefaf650f8c0da9ff4acdcef4"},
    {"raw/net-v2-oversize-ncs.bin", "de709ed84132fea21178f0c811fa3e274230ef6a7c9468319f1bedbc1d72549a"},
    {"signed/app-v1-64k_ecdsa-p256.bin", NULL},
    {"signed/app-v1-64k_ecdsa-p256_CORRUPT-body.bin", NULL},
    {"signed/app-v1-64k_ed25519.bin", NULL},
    {"signed/app-v2-200k_ecdsa-p256.bin", NULL},
    {"signed/app-v2-200k_ecdsa-p256_dep-net.bin", NULL},
    {"signed/app-v2-200k_ecdsa-p256_pad-confirm.bin", NULL},
    {"signed/net-v1-32k_ecdsa-p256.bin", NULL},
    {"signed/net-v1-32k_ecdsa-p256_BADMAGIC.bin", NULL},
    {"signed/net-v1-32k_ed25519.bin", NULL},
    {"signed/net-v2-150k_ecdsa-p256-rogue.bin", NULL},
    {"signed/net-v2-150k_ecdsa-p256.bin", NULL},
    {"signed/net-v2-150k_ecdsa-p256_CORRUPT-body.bin", NULL},
    {"signed/net-v2-150k_ecdsa-p256_TRUNC-tlv.bin", NULL},
    {"signed/net-v2-max_ecdsa-p256.bin", NULL},
    {"signed/net-v2-oversize_ecdsa-p256.bin", NULL},
};

/* Stream a file through SHA-256 in reads of @p chunk bytes. */
static long sha_file(const char *rel, size_t chunk, uint8_t out[32])
{
    static uint8_t buf[4096];
    char path[512];
    FILE *f = fopen(tt_fixture_path(rel, path, sizeof(path)), "rb");
    if (f == NULL || chunk > sizeof(buf)) {
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    struct pcd_sha256 h;
    long total = 0;
    bool ok = pcd_sha256_init(&h) == 0;
    size_t n;
    while (ok && (n = fread(buf, 1, chunk, f)) > 0u) {
        ok = pcd_sha256_update(&h, buf, (uint32_t)n) == 0;
        total += (long)n;
    }
    ok = ok && ferror(f) == 0;
    fclose(f);
    if (!ok) {
        pcd_sha256_drop(&h);
        return -1;
    }
    return pcd_sha256_final(&h, out) == 0 ? total : -1;
}

void tt_run_fixtures(void)
{
    char hex[65];
    uint8_t a[32];
    uint8_t b[32];
    uint8_t want[32];
    tt_section("fixtures");
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        const long n = sha_file(files[i].rel, 4096u, a);
        const long n2 = sha_file(files[i].rel, 61u, b);
        tt_hex(a, 32, hex);
        tt_line("%s bytes=%ld sha256=%s", files[i].rel, n, hex);
        tt_check(n > 0 && n == n2 && memcmp(a, b, 32) == 0, "%s: chunked digests disagree", files[i].rel);
        if (files[i].sha != NULL) {
            tt_check(tt_unhex32(files[i].sha, want) && memcmp(a, want, 32) == 0, "%s: MANIFEST says %s",
                     files[i].rel, files[i].sha);
        }
    }
    tt_section_end();
}
