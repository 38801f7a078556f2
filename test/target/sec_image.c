/* Sections "image" (MCUboot image checks, APP-VALIDATE / APP-ROUTE / APP-SIZE, over the
 * application-core port) and "fwinfo" (NCS fw_info checks, B0N-SRC-BOOTABLE, over the
 * network-core port), on every fixture image, with the verdicts of MANIFEST.md. */
#include <stdio.h>
#include <string.h>

#include "hwmodel.h"
#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcd/nrf5340/nrf5340.h"
#include "tt.h"

#define SLOT_ADDR 0x80000u     /* internal layout: mcuboot_secondary (fixtures README) */
#define SLOT_SIZE 0x74000u
#define NET_APP_ADDR 0x01008800u
#define NET_APP_SIZE 0x37800u

/* MANIFEST.md §4: verdict with the trusted keys, and the SHA256 TLV value (the hash of the
 * hashed region; for the CORRUPT images the actual hash, which differs from the TLV). */
static const struct {
    const char *rel;
    int verdict;     /* with the trusted keys, on a backend that verifies signatures */
    int nokey;       /* with no key configured: everything but the signature stage */
    const char *hash; /* expected computed hash of the hashed region, NULL if not reached */
} images[] = {
    {"signed/app-v1-64k_ecdsa-p256.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "7c27319fcd028951453cc1105ed54212f751d19b570c1cf5b609fd105f09fd71"},
    {"signed/app-v1-64k_ecdsa-p256_CORRUPT-body.bin", PCD_E_IMG_HASH, PCD_E_IMG_HASH,
     "8067fe23036076054aac5be378a242724220c86e5304aebcdf08ee5cf4046de3"},
    {"signed/app-v1-64k_ed25519.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "7c27319fcd028951453cc1105ed54212f751d19b570c1cf5b609fd105f09fd71"},
    {"signed/app-v2-200k_ecdsa-p256.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "05421edae9e5170467311d218ed589b0539f381d5bed996803d95bb36334d394"},
    {"signed/app-v2-200k_ecdsa-p256_dep-net.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "6f5f5079c23828abc3e7d3df83d074d234784e50941d35f92c396c7781cac4e8"},
    {"signed/app-v2-200k_ecdsa-p256_pad-confirm.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "05421edae9e5170467311d218ed589b0539f381d5bed996803d95bb36334d394"},
    {"signed/net-v1-32k_ecdsa-p256.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "0913b944934c152ee503c66305423d34e15a218c1b097de4e647fd13f2781db1"},
    {"signed/net-v1-32k_ecdsa-p256_BADMAGIC.bin", PCD_E_IMG_MAGIC, PCD_E_IMG_MAGIC, NULL},
    {"signed/net-v1-32k_ed25519.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "0913b944934c152ee503c66305423d34e15a218c1b097de4e647fd13f2781db1"},
    {"signed/net-v2-150k_ecdsa-p256-rogue.bin", PCD_E_IMG_KEY_UNKNOWN, PCD_E_IMG_KEY_UNKNOWN,
     "d339c21aa56e273bf12102edf9dd175f27fcc1e724e41bf38976a4aca249dc4d"},
    {"signed/net-v2-150k_ecdsa-p256.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "d339c21aa56e273bf12102edf9dd175f27fcc1e724e41bf38976a4aca249dc4d"},
    {"signed/net-v2-150k_ecdsa-p256_CORRUPT-body.bin", PCD_E_IMG_HASH, PCD_E_IMG_HASH,
     "1adcf5bdb912f5c0b09e718b87bee819206835240c859803e1a666f21b5b5760"},
    {"signed/net-v2-150k_ecdsa-p256_TRUNC-tlv.bin", PCD_E_IMG_TLV_OVERRUN, PCD_E_IMG_TLV_OVERRUN, NULL},
    {"signed/net-v2-max_ecdsa-p256.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "442f98a9eac394fc09064db6fa07434f4efd38287cc1677b7b34c01fff0a5253"},
    {"signed/net-v2-oversize_ecdsa-p256.bin", PCD_E_IMG_TOO_LARGE, PCD_E_IMG_KEY_UNKNOWN,
     "9e85f5a014d2d677c3da2330c39173e23d37923037a1903f555614b2f7409a20"},
    {"signed/app-v1-64k_rsa-2048.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "7c27319fcd028951453cc1105ed54212f751d19b570c1cf5b609fd105f09fd71"},
    {"signed/net-v2-150k_rsa-2048.bin", 0, PCD_E_IMG_KEY_UNKNOWN,
     "d339c21aa56e273bf12102edf9dd175f27fcc1e724e41bf38976a4aca249dc4d"},
};

/* MANIFEST.md §2: KEYHASH of the trusted keys. */
static const struct {
    const char *pem;
    enum pcd_sig_alg alg;
    const char *keyhash;
} keys[] = {
    {"keys/ecdsa-p256.pub.pem", PCD_SIG_ECDSA_P256, "ecaa0d64d3941e7ffb4c5e664346f1f918ef916eec96b6205cb0978d3039dbf2"},
    {"keys/ed25519.pub.pem", PCD_SIG_ED25519, "af697435b5efa5894b8b9aba6b54ff435a9efe02554c673d172df73ca2886119"},
    {"keys/rsa-2048.pub.pem", PCD_SIG_RSA2048_PSS, "788aab8489c33d25aa6ef2c8003d41d0668edff27ae75c30294fda31bb3171da"},
};
_Static_assert(sizeof(keys) / sizeof(keys[0]) == TT_TRUSTED_KEYS, "one entry per trusted key");

static uint8_t key_der[TT_TRUSTED_KEYS][300];
static struct pcd_key trusted[TT_TRUSTED_KEYS];

/* Length of the DER element at der[*at] (tag skipped, *at moved to its content); -1 if malformed. */
static long der_enter(const uint8_t *der, long n, long *at, uint8_t tag)
{
    if (*at + 2 > n || der[*at] != tag) {
        return -1;
    }
    long len = der[*at + 1];
    *at += 2;
    if (len & 0x80) {
        const long nb = len & 0x7f;
        if (nb < 1 || nb > 2 || *at + nb > n) {
            return -1;
        }
        len = 0;
        for (long i = 0; i < nb; i++) {
            len = (len << 8) | der[(*at)++];
        }
    }
    return *at + len <= n ? len : -1;
}

/* An RSA SubjectPublicKeyInfo turned in place into the PKCS#1 RSAPublicKey it wraps (the BIT
 * STRING's content), the form KEYHASH hashes (MANIFEST §2); its new length, or -1. */
static long spki_to_pkcs1(uint8_t *der, long n)
{
    long at = 0;
    if (der_enter(der, n, &at, 0x30) < 0) {
        return -1;
    }
    const long alg = der_enter(der, n, &at, 0x30);
    if (alg < 0) {
        return -1;
    }
    at += alg;
    const long bits = der_enter(der, n, &at, 0x03);
    if (bits < 2 || der[at] != 0x00) {
        return -1;
    }
    memmove(der, der + at + 1, (size_t)(bits - 1));
    return bits - 1;
}

/* The verdict a backend without signature verification reaches: the signature stage answers
 * PCD_E_UNSUPPORTED where a key was selected (the KEYHASH named a trusted key). */
static int verdict_here(int full)
{
    if (tt_have_sig) {
        return full;
    }
    /* Verdicts reached at or after the signature stage (APP-SIZE comes after it). */
    return full == 0 || full == PCD_E_IMG_SIG || full == PCD_E_IMG_TOO_LARGE ? PCD_E_UNSUPPORTED : full;
}

/* Load the trusted keys (PEM -> DER) and check their KEYHASH. */
static bool load_keys(void)
{
    char hex[65];
    uint8_t kh[32];
    uint8_t want[32];
    bool all = true;
    struct pcd_key k[TT_TRUSTED_KEYS];
    tt_trusted_keys(k);
    for (size_t i = 0; i < TT_TRUSTED_KEYS; i++) {
        const bool ok = k[i].der_len > 0u && pcd_image_keyhash(&k[i], kh) == 0;
        tt_hex(kh, 32, hex);
        tt_line("key %s der=%lu keyhash=%s", keys[i].pem, (unsigned long)k[i].der_len, ok ? hex : "-");
        all &= tt_check(ok && tt_unhex32(keys[i].keyhash, want) && memcmp(kh, want, 32) == 0,
                        "%s: KEYHASH differs from MANIFEST %s", keys[i].pem, keys[i].keyhash);
    }
    return all;
}

bool tt_trusted_keys(struct pcd_key out[TT_TRUSTED_KEYS])
{
    static bool loaded;
    static bool ok = true;
    if (!loaded) {
        loaded = true;
        for (size_t i = 0; i < TT_TRUSTED_KEYS; i++) {
            long n = tt_fixture_pem(keys[i].pem, key_der[i], sizeof(key_der[i]));
            if (n > 0 && keys[i].alg == PCD_SIG_RSA2048_PSS) {
                n = spki_to_pkcs1(key_der[i], n);
            }
            trusted[i].alg = keys[i].alg;
            trusted[i].der = key_der[i];
            trusted[i].der_len = n > 0 ? (uint32_t)n : 0u;
            ok &= n > 0;
        }
    }
    memcpy(out, trusted, sizeof(trusted));
    return ok;
}

void tt_run_image(void)
{
    char hex[65];
    uint8_t want[32];
    struct pcd_nrf5340_app app;
    static struct pcd_image_result res;
    tt_section("image");
    if (!tt_check(hwm_init() == 0, "model memory")) {
        tt_section_end();
        return;
    }
    load_keys();
    for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
        hwm_init();
        hwm_set_core(HWM_APP);
        pcd_nrf5340_app_init(&app, NULL);
        /* The file is the slot: its end is where a truncated image runs out (MANIFEST §1). */
        const long n = tt_fixture_read(images[i].rel, hwm_mem(SLOT_ADDR, SLOT_SIZE), SLOT_SIZE);
        if (!tt_check(n > 32, "%s: cannot read", images[i].rel)) {
            continue;
        }
        const struct pcd_image_config nokey = {NULL, 0, NET_APP_ADDR, NET_APP_SIZE};
        const int rc = pcd_image_validate(&app.port, PCD_MEM_APP_FLASH, SLOT_ADDR, (uint32_t)n, &nokey, &res);
        if (res.computed_hash_valid) {
            tt_hex(res.computed_hash, 32, hex);
        } else {
            strcpy(hex, "-");
        }
        tt_line("%s nokey=%s magic=0x%08lx hdr=0x%lx img=0x%lx prot=0x%lx hashed=0x%lx sha=%s hash_ok=%d net=%d "
                "rv=0x%08lx",
                images[i].rel, pcd_strerror(rc), (unsigned long)res.hdr.magic, (unsigned long)res.hdr.hdr_size,
                (unsigned long)res.hdr.img_size, (unsigned long)res.hdr.protect_tlv_size,
                res.layout_valid ? (unsigned long)res.layout.hashed_len : 0ul, hex, res.hash_ok ? 1 : 0,
                res.targets_net ? 1 : 0, res.reset_vector_valid ? (unsigned long)res.reset_vector : 0ul);
        tt_check(rc == images[i].nokey, "%s: no-key verdict %s, expected %s", images[i].rel, pcd_strerror(rc),
                 pcd_strerror(images[i].nokey));
        if (images[i].hash != NULL) {
            tt_check(res.computed_hash_valid && tt_unhex32(images[i].hash, want) &&
                         memcmp(res.computed_hash, want, 32) == 0,
                     "%s: hash %s, MANIFEST %s", images[i].rel, hex, images[i].hash);
        }

        /* With the trusted keys: the full verdict (signature-dependent). */
        const struct pcd_image_config full = {trusted, TT_TRUSTED_KEYS, NET_APP_ADDR, NET_APP_SIZE};
        const int frc = pcd_image_validate(&app.port, PCD_MEM_APP_FLASH, SLOT_ADDR, (uint32_t)n, &full, &res);
        const int expect = verdict_here(images[i].verdict);
        tt_sig_line("%s verdict=%s key=%d", images[i].rel, pcd_strerror(frc), res.key_index);
        tt_sig_check(frc == expect, "%s: verdict %s, expected %s", images[i].rel, pcd_strerror(frc),
                     pcd_strerror(expect));
        tt_check(hwm_stats()->violations == 0u, "%s: model violation: %s", images[i].rel, hwm_stats()->first);
    }
    tt_section_end();
}

/* Raw network-core bodies (MANIFEST §3) as B0N sees a copy source: fw_info at +0x200,
 * validation info after fw_info.size, SHA-256 of the firmware. */
static const struct {
    const char *rel;
    int verdict;
    uint32_t version;
} bodies[] = {
    {"raw/net-v1-32k-ncs.bin", 0, 1},
    {"raw/net-v2-150k-ncs.bin", 0, 2},
    {"raw/net-v2-max-ncs.bin", 0, 2},
    {"raw/net-v2-oversize-ncs.bin", PCD_E_FWINFO_RANGE, 2},
};

void tt_run_fwinfo(void)
{
    char hex[65];
    struct pcd_nrf5340_net net;
    static struct pcd_fwinfo_result res;
    tt_section("fwinfo");
    if (!tt_check(hwm_init() == 0, "model memory")) {
        tt_section_end();
        return;
    }
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        hwm_init();
        hwm_set_core(HWM_NET);
        pcd_nrf5340_net_init(&net);
        const long n = tt_fixture_read(bodies[i].rel, hwm_mem(SLOT_ADDR, SLOT_SIZE), SLOT_SIZE);
        if (!tt_check(n > 0, "%s: cannot read", bodies[i].rel)) {
            continue;
        }
        const int rc = pcd_fwinfo_validate(&net.port, SLOT_ADDR, (uint32_t)n, NET_APP_ADDR, NET_APP_ADDR,
                                           NET_APP_SIZE, &res);
        if (res.computed_hash_valid) {
            tt_hex(res.computed_hash, 32, hex);
        } else {
            strcpy(hex, "-");
        }
        tt_line("%s verdict=%s fwinfo_off=0x%lx size=0x%lx version=%lu valinfo_off=0x%lx sha=%s", bodies[i].rel,
                pcd_strerror(rc), res.fwinfo_valid ? (unsigned long)res.fwinfo.offset : 0ul,
                res.fwinfo_valid ? (unsigned long)res.fwinfo.size : 0ul,
                res.fwinfo_valid ? (unsigned long)res.fwinfo.version : 0ul,
                res.valinfo_valid ? (unsigned long)res.valinfo.offset : 0ul, hex);
        tt_check(rc == bodies[i].verdict, "%s: %s, expected %s", bodies[i].rel, pcd_strerror(rc),
                 pcd_strerror(bodies[i].verdict));
        tt_check(res.fwinfo_valid && res.fwinfo.version == bodies[i].version && res.fwinfo.offset == 0x200u,
                 "%s: fw_info", bodies[i].rel);
        if (rc == 0) {
            tt_check(res.computed_hash_valid && res.valinfo_valid &&
                         memcmp(res.computed_hash, res.valinfo.hash, 32) == 0,
                     "%s: the validation hash is the firmware's SHA-256", bodies[i].rel);
        }
        /* Read from app flash as the net core: the model checks the bus map. */
        tt_check(hwm_stats()->violations == 0u, "%s: model violation: %s", bodies[i].rel, hwm_stats()->first);
    }
    tt_section_end();
}
