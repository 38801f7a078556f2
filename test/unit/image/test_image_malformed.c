/*
 * APP-VALIDATE / APP-ROUTE / APP-SIZE: one test per malformed case, on copies of the signed
 * fixtures with one field mutated, or on images built and signed here (OpenSSL, test code only).
 * Each test first checks that the unmutated input is valid, so the mutation alone explains the
 * verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "image_test_util.h"
#include "pcd/image.h"
#include "pcdsim/bufport.h"
#include "pcdsim/keys.h"

struct fx {
    uint8_t *net;     /* signed/net-v1-32k_ecdsa-p256.bin */
    size_t net_len;
    uint8_t *dep;     /* signed/app-v2-200k_ecdsa-p256_dep-net.bin (protected DEPENDENCY) */
    size_t dep_len;
    uint8_t *rogue;   /* signed/net-v2-150k_ecdsa-p256-rogue.bin */
    size_t rogue_len;
    uint8_t *ed;      /* signed/net-v1-32k_ed25519.bin */
    size_t ed_len;
    struct pcdsim_key ecdsa, ed25519, rogue_key;
    EVP_PKEY *ecdsa_priv, *ed_priv;
};

static struct pcdsim_key load_pub(const char *rel)
{
    char path[1024];
    tu_fixture_path(rel, path, sizeof(path));
    struct pcdsim_key k;
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    if (pcdsim_key_load_pem(path, &k, &d) != 0) {
        fprintf(stderr, "%s: %s\n", path, d.message);
    }
    return k;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->net = tu_read_fixture("signed/net-v1-32k_ecdsa-p256.bin", &f->net_len);
    f->dep = tu_read_fixture("signed/app-v2-200k_ecdsa-p256_dep-net.bin", &f->dep_len);
    f->rogue = tu_read_fixture("signed/net-v2-150k_ecdsa-p256-rogue.bin", &f->rogue_len);
    f->ed = tu_read_fixture("signed/net-v1-32k_ed25519.bin", &f->ed_len);
    f->ecdsa = load_pub("keys/ecdsa-p256.pub.pem");
    f->ed25519 = load_pub("keys/ed25519.pub.pem");
    f->rogue_key = load_pub("keys/ecdsa-p256-rogue.pub.pem");
    f->ecdsa_priv = tu_load_private("keys/ecdsa-p256.pem");
    f->ed_priv = tu_load_private("keys/ed25519.pem");
    if (!f->net || !f->dep || !f->rogue || !f->ed || !f->ecdsa.der_buf || !f->ed25519.der_buf ||
        !f->rogue_key.der_buf || !f->ecdsa_priv || !f->ed_priv) {
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    free(f->net);
    free(f->dep);
    free(f->rogue);
    free(f->ed);
    pcdsim_key_free(&f->ecdsa);
    pcdsim_key_free(&f->ed25519);
    pcdsim_key_free(&f->rogue_key);
    EVP_PKEY_free(f->ecdsa_priv);
    EVP_PKEY_free(f->ed_priv);
    free(f);
    return 0;
}

/* Validate @p img (@p len bytes) as a slot of @p slot bytes with the given keys. */
static int run_slot(const uint8_t *img, size_t len, uint32_t slot, const struct pcd_key *keys, uint32_t nkeys,
                    struct pcd_image_result *res)
{
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
    struct pcd_image_config cfg = {
        .keys = keys, .key_count = nkeys,
        .net_app_start = TU_NET_APP_START, .net_app_size = TU_NET_APP_SIZE,
    };
    return pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, slot, &cfg, res);
}

static int run(const uint8_t *img, size_t len, const struct pcd_key *key, struct pcd_image_result *res)
{
    return run_slot(img, len, (uint32_t)len, key, 1, res);
}

/* Offset of the unprotected TLV info header of a fixture copy. */
static uint32_t tlv_info_off(const uint8_t *img)
{
    return (uint32_t)tu_le16(img + 8) + tu_le32(img + 12) + tu_le16(img + 10);
}

static void t_baselines_valid(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    assert_int_equal(run(f->net, f->net_len, &f->ecdsa.key, &res), 0);
    assert_true(res.targets_net);
    assert_int_equal(run(f->dep, f->dep_len, &f->ecdsa.key, &res), 0);
    assert_false(res.targets_net);
    assert_int_equal(run(f->ed, f->ed_len, &f->ed25519.key, &res), 0);
    assert_int_equal(run(f->rogue, f->rogue_len, &f->rogue_key.key, &res), 0);
}

static void t_bad_magic(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    for (int byte = 0; byte < 4; byte++) {
        uint8_t *m = tu_dup(f->net, f->net_len);
        m[byte] ^= 0x01;
        assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_MAGIC);
        assert_true(res.hdr_valid);
        assert_int_equal(res.hdr.hdr_size, 0x200);
        assert_int_equal(res.hdr.img_size, 0x8008);
        free(m);
    }
    /* Legacy V1 magic 0x96f3b83c and an erased header are not accepted either (facts 5.1). */
    uint8_t *m = tu_dup(f->net, f->net_len);
    tu_put_le32(m, 0x96f3b83cu);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_MAGIC);
    memset(m, 0xFF, 32);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_MAGIC);
    free(m);
}

static void t_hdr_size_too_small(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    static const uint16_t sizes[] = {0, 16, 31};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint8_t *m = tu_dup(f->net, f->net_len);
        tu_put_le16(m + 8, sizes[i]);
        assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_HEADER);
        free(m);
    }
}

static void t_unsupported_flags(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    static const uint32_t flags[] = {PCD_IMAGE_F_ENCRYPTED_AES128, PCD_IMAGE_F_ENCRYPTED_AES256,
                                     PCD_IMAGE_F_COMPRESSED_LZMA2, PCD_IMAGE_F_PIC};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        uint8_t *m = tu_dup(f->net, f->net_len);
        tu_put_le32(m + 16, flags[i]);
        assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_HEADER);
        free(m);
    }
    /* A flag that does not change what is hashed (NON_BOOTABLE) is decoded, then the hash fails
     * because the header is covered by it. */
    uint8_t *m = tu_dup(f->net, f->net_len);
    tu_put_le32(m + 16, PCD_IMAGE_F_NON_BOOTABLE);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_HASH);
    assert_int_equal(res.hdr.flags, PCD_IMAGE_F_NON_BOOTABLE);
    free(m);
}

static void t_size_overflow(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    tu_put_le32(m + 12, 0xFFFFFF00u); /* 0x200 + 0xFFFFFF00 wraps */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_OVERFLOW);
    tu_put_le32(m + 12, 0xFFFFFE00u); /* 0x200 + 0xFFFFFE00 = 2^32: wraps to 0 */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_OVERFLOW);
    tu_put_le32(m + 12, 0xFFFFFDFFu); /* hdr + img = 0xFFFFFFFF, + protect_tlv_size wraps */
    tu_put_le16(m + 10, 0x14);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_OVERFLOW);
    tu_put_le16(m + 10, 0); /* ends exactly at 2^32 - 1: no overflow, but far past the slot */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_OVERRUN);
    free(m);
}

static void t_tlv_info_missing(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t info = tlv_info_off(m);
    assert_int_equal(tu_le16(m + info), PCD_IMAGE_TLV_INFO_MAGIC);
    tu_put_le16(m + info, 0x6906);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_MISSING);
    tu_put_le16(m + info, 0xFFFF);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_MISSING);
    free(m);
    /* img_size one byte short: the info header is looked for at the wrong place. */
    m = tu_dup(f->net, f->net_len);
    tu_put_le32(m + 12, tu_le32(m + 12) - 1u);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_MISSING);
    free(m);
}

static void t_tlv_area_overruns_slot(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t info = tlv_info_off(m);
    tu_put_le16(m + info + 2, (uint16_t)(tu_le16(m + info + 2) + 1u));
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_OVERRUN);
    tu_put_le16(m + info + 2, 0xFFFF);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_OVERRUN);
    free(m);
    /* Body larger than the slot. */
    m = tu_dup(f->net, f->net_len);
    tu_put_le32(m + 12, (uint32_t)f->net_len);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_OVERRUN);
    free(m);
    /* The same image in a slot one byte too small: the slot bound, not the memory, decides. */
    assert_int_equal(run_slot(f->net, f->net_len, (uint32_t)f->net_len - 1u, &f->ecdsa.key, 1, &res),
                     PCD_E_IMG_TLV_OVERRUN);
}

/* Every truncation of the file (as the TRUNC fixture, but at every length of the TLV area and
 * many of the body) is refused as a TLV overrun, before any hashing. */
static void t_every_truncation(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint32_t info = tlv_info_off(f->net);
    for (uint32_t l = 32; l < f->net_len; l = (l + 97u < info - 64u) ? l + 97u : l + 1u) {
        int rc = run_slot(f->net, l, l, &f->ecdsa.key, 1, &res);
        if (rc != PCD_E_IMG_TLV_OVERRUN) {
            fail_msg("truncated to %u bytes: %s", l, pcd_strerror(rc));
        }
        assert_false(res.computed_hash_valid);
    }
    assert_int_equal(run_slot(f->net, 31, 31, &f->ecdsa.key, 1, &res), PCD_E_INVAL);
}

static void t_tlv_entry_truncated(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    /* Signature TLV length one more than the area holds. */
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t sig = tu_find_tlv(m, f->net_len, PCD_TLV_ECDSA_SIG, false);
    assert_true(sig != 0);
    tu_put_le16(m + sig + 2, (uint16_t)(tu_le16(m + sig + 2) + 1u));
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_TRUNC);
    free(m);
    /* Area shrunk by 2: the last entry is cut. */
    m = tu_dup(f->net, f->net_len);
    uint32_t info = tlv_info_off(m);
    tu_put_le16(m + info + 2, (uint16_t)(tu_le16(m + info + 2) - 2u));
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_TRUNC);
    /* Area shrunk to 2 entries + 2 bytes: leftover bytes that cannot hold an entry header. */
    uint32_t kh = tu_find_tlv(f->net, f->net_len, PCD_TLV_KEYHASH, false);
    tu_put_le16(m + info + 2, (uint16_t)(kh + 36u + 2u - info));
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_TRUNC);
    /* it_tlv_tot smaller than the info header itself. */
    tu_put_le16(m + info + 2, 3);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_TRUNC);
    free(m);
    /* A protected entry running past the protected area (into the unprotected one). */
    m = tu_dup(f->dep, f->dep_len);
    uint32_t dep = tu_find_tlv(m, f->dep_len, PCD_TLV_DEPENDENCY, true);
    assert_true(dep != 0);
    tu_put_le16(m + dep + 2, 16);
    assert_int_equal(run(m, f->dep_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_TRUNC);
    free(m);
}

static void t_protected_size_mismatch(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    /* Header claims a protected area, none is there. */
    uint8_t *m = tu_dup(f->net, f->net_len);
    tu_put_le16(m + 10, 0x14);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_PROT_SIZE);
    tu_put_le16(m + 10, 2);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_PROT_SIZE);
    free(m);
    /* Protected area present, header size disagrees with it_tlv_tot (0x14). */
    m = tu_dup(f->dep, f->dep_len);
    assert_int_equal(tu_le16(m + 10), 0x14);
    tu_put_le16(m + 10, 0x18);
    assert_int_equal(run(m, f->dep_len, &f->ecdsa.key, &res), PCD_E_IMG_PROT_SIZE);
    /* Header says none, but a 0x6908 area follows the body: it would escape the hash. */
    tu_put_le16(m + 10, 0);
    assert_int_equal(run(m, f->dep_len, &f->ecdsa.key, &res), PCD_E_IMG_PROT_SIZE);
    /* it_tlv_tot disagrees with the header. */
    tu_put_le16(m + 10, 0x14);
    uint32_t pinfo = tu_le16(m + 8) + tu_le32(m + 12);
    tu_put_le16(m + pinfo + 2, 0x10);
    assert_int_equal(run(m, f->dep_len, &f->ecdsa.key, &res), PCD_E_IMG_PROT_SIZE);
    free(m);
}

static void t_unknown_protected_tlv_is_critical(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    /* Fixture: DEPENDENCY (0x40) retyped to 0x41. */
    uint8_t *m = tu_dup(f->dep, f->dep_len);
    uint32_t dep = tu_find_tlv(m, f->dep_len, PCD_TLV_DEPENDENCY, true);
    tu_put_le16(m + dep, 0x41);
    assert_int_equal(run(m, f->dep_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_CRITICAL);
    free(m);

    /* Correctly hashed and signed images: the same unknown TLV (vendor type 0xA0) is critical in
     * the protected area and ignored in the unprotected one. */
    uint8_t *body = tu_make_body(4096, 0x0100A001u);
    static const uint8_t vendor[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    struct tu_tlv t = {0xA0, vendor, sizeof(vendor)};
    struct tu_signer s = {f->ecdsa_priv, PCD_TLV_ECDSA_SIG};
    struct tu_image_spec spec = {.body = body, .body_len = 4096, .ver = {1, 2, 3, 4},
                                 .prot = &t, .nprot = 1, .signers = &s, .nsigners = 1};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    assert_non_null(img);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_CRITICAL);
    free(img);
    spec.prot = NULL;
    spec.nprot = 0;
    spec.pre = &t;
    spec.npre = 1;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), 0);
    assert_true(res.targets_net);
    assert_int_equal(res.hdr.ver.revision, 3);
    assert_int_equal(res.hdr.ver.build, 4);
    free(img);
    /* Types this code understands in the protected area pass: BOOT_RECORD, SEC_CNT, DEPENDENCY. */
    static const uint8_t cnt[4] = {7, 0, 0, 0};
    static const uint8_t dv[12] = {1, 0, 0, 0, 2, 1, 3, 0, 9, 0, 0, 0};
    struct tu_tlv known[3] = {{PCD_TLV_BOOT_RECORD, vendor, 8}, {PCD_TLV_SEC_CNT, cnt, 4},
                              {PCD_TLV_DEPENDENCY, dv, 12}};
    spec.pre = NULL;
    spec.npre = 0;
    spec.prot = known;
    spec.nprot = 3;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), 0);
    assert_true(res.sec_cnt_valid);
    assert_int_equal(res.sec_cnt, 7);
    assert_int_equal(res.dep_count, 1);
    assert_int_equal(res.deps[0].image_id, 1);
    assert_int_equal(res.deps[0].version.major, 2);
    assert_int_equal(res.deps[0].version.minor, 1);
    assert_int_equal(res.deps[0].version.revision, 3);
    assert_int_equal(res.deps[0].version.build, 9);
    assert_int_equal(res.layout.prot_size, 4u + 12u + 8u + 16u);
    free(img);
    /* A signature or hash TLV in the protected area is unknown there too. */
    struct tu_tlv sha_in_prot = {PCD_TLV_SHA256, dv, 12};
    spec.prot = &sha_in_prot;
    spec.nprot = 1;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_CRITICAL);
    free(img);
    free(body);
}

static void t_no_sha_tlv(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t sha = tu_find_tlv(m, f->net_len, PCD_TLV_SHA256, false);
    tu_put_le16(m + sha, PCD_TLV_SHA384); /* an unused type in the unprotected area is skipped */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_NO_HASH);
    assert_false(res.computed_hash_valid);
    free(m);
    uint8_t *body = tu_make_body(1000, 0x0000C201u);
    struct tu_signer s = {f->ecdsa_priv, PCD_TLV_ECDSA_SIG};
    struct tu_image_spec spec = {.body = body, .body_len = 1000, .omit_sha = true, .signers = &s, .nsigners = 1};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_NO_HASH);
    free(img);
    free(body);
}

static void t_no_signature(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t sig = tu_find_tlv(m, f->net_len, PCD_TLV_ECDSA_SIG, false);
    tu_put_le16(m + sig, 0xF0);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_NO_SIG);
    assert_true(res.hash_ok);
    assert_true(res.sig_checked);
    assert_int_equal(res.sig_rc, PCD_E_IMG_NO_SIG);
    assert_int_equal(res.key_index, -1);
    free(m);
    uint8_t *body = tu_make_body(1000, 0x0000C201u);
    struct tu_image_spec spec = {.body = body, .body_len = 1000};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_NO_SIG);
    /* No keys configured at all. */
    assert_int_equal(run_slot(img, len, (uint32_t)len, NULL, 0, &res), PCD_E_IMG_NO_SIG);
    free(img);
    free(body);
}

static void t_unknown_keyhash(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t kh = tu_find_tlv(m, f->net_len, PCD_TLV_KEYHASH, false);
    m[kh + 4 + 17] ^= 0x40;
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_KEY_UNKNOWN);
    assert_true(res.hash_ok); /* the KEYHASH TLV is not covered by the hash */
    assert_int_equal(res.key_index, -1);
    free(m);
    /* KEYHASH retyped: the signature has no key named for it. */
    m = tu_dup(f->net, f->net_len);
    tu_put_le16(m + kh, 0xF1);
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_KEY_UNKNOWN);
    free(m);
}

static void t_wrong_key_rogue(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    /* As shipped: the rogue KEYHASH names no trusted key. */
    assert_int_equal(run(f->rogue, f->rogue_len, &f->ecdsa.key, &res), PCD_E_IMG_KEY_UNKNOWN);
    assert_true(res.hash_ok);
    /* Rogue signature under the trusted KEYHASH: the key is selected, the signature fails. */
    uint8_t *m = tu_dup(f->rogue, f->rogue_len);
    uint32_t kh = tu_find_tlv(m, f->rogue_len, PCD_TLV_KEYHASH, false);
    uint8_t trusted[32];
    assert_int_equal(pcd_image_keyhash(&f->ecdsa.key, trusted), 0);
    memcpy(m + kh + 4, trusted, 32);
    assert_int_equal(run(m, f->rogue_len, &f->ecdsa.key, &res), PCD_E_IMG_SIG);
    assert_int_equal(res.key_index, 0);
    assert_int_equal(res.sig_rc, PCD_E_IMG_SIG);
    free(m);
    /* The Ed25519 image with the ECDSA key's KEYHASH: key of the other algorithm -> bad signature. */
    m = tu_dup(f->ed, f->ed_len);
    kh = tu_find_tlv(m, f->ed_len, PCD_TLV_KEYHASH, false);
    memcpy(m + kh + 4, trusted, 32);
    assert_int_equal(run(m, f->ed_len, &f->ecdsa.key, &res), PCD_E_IMG_SIG);
    free(m);
    /* One flipped signature bit. */
    m = tu_dup(f->ed, f->ed_len);
    uint32_t sig = tu_find_tlv(m, f->ed_len, PCD_TLV_ED25519, false);
    m[sig + 4 + 10] ^= 0x01;
    assert_int_equal(run(m, f->ed_len, &f->ed25519.key, &res), PCD_E_IMG_SIG);
    free(m);
}

/* A KEYHASH selects the key for the signature right after it only (as MCUboot): a second
 * signature without its own KEYHASH is not checked with the previous key. */
static void t_keyhash_applies_to_next_signature_only(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint32_t sig = tu_find_tlv(f->net, f->net_len, PCD_TLV_ECDSA_SIG, false);
    uint32_t entry = 4u + tu_le16(f->net + sig + 2);
    uint8_t *m = malloc(f->net_len + entry);
    memcpy(m, f->net, f->net_len);
    memcpy(m + f->net_len, f->net + sig, entry); /* a second, valid copy of the signature TLV */
    uint32_t info = tlv_info_off(m);
    tu_put_le16(m + info + 2, (uint16_t)(tu_le16(m + info + 2) + entry));
    size_t len = f->net_len + entry;
    assert_int_equal(run(m, len, &f->ecdsa.key, &res), 0); /* first pair verifies */
    m[sig + 4 + 30] ^= 0x01;                              /* break the first signature */
    assert_int_equal(run(m, len, &f->ecdsa.key, &res), PCD_E_IMG_SIG);
    assert_int_equal(res.sig_tlv_off, sig);
    free(m);
}

static void t_sha_mismatch(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    /* Body byte, header padding byte, header field and protected TLV byte: all hashed. */
    static const uint32_t offs[] = {0x200, 0x4000, 0x8207, 0x100, 28};
    for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
        uint8_t *m = tu_dup(f->net, f->net_len);
        m[offs[i]] ^= 0x80;
        assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_HASH);
        assert_true(res.computed_hash_valid && res.stored_hash_valid);
        assert_memory_not_equal(res.computed_hash, res.stored_hash, 32);
        assert_false(res.sig_checked);
        free(m);
    }
    uint8_t *m = tu_dup(f->dep, f->dep_len);
    uint32_t dep = tu_find_tlv(m, f->dep_len, PCD_TLV_DEPENDENCY, true);
    m[dep + 4 + 4] = 3; /* dependency version 2 -> 3: inside the protected area */
    assert_int_equal(run(m, f->dep_len, &f->ecdsa.key, &res), PCD_E_IMG_HASH);
    assert_int_equal(res.deps[0].version.major, 3);
    free(m);
    /* The SHA TLV itself changed. */
    m = tu_dup(f->net, f->net_len);
    uint32_t sha = tu_find_tlv(m, f->net_len, PCD_TLV_SHA256, false);
    m[sha + 4] ^= 1;
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_HASH);
    free(m);
}

/* Verdict order of MANIFEST §1: magic -> TLV/truncation -> hash -> key/signature -> size. */
static void t_verdict_order(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t kh = tu_find_tlv(m, f->net_len, PCD_TLV_KEYHASH, false);
    m[kh + 4] ^= 1;     /* unknown key */
    m[0x300] ^= 1;      /* and SHA mismatch */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_HASH);
    uint32_t info = tlv_info_off(m);
    tu_put_le16(m + info + 2, 0x200); /* and TLV area overrun */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_OVERRUN);
    m[3] ^= 1; /* and bad magic */
    assert_int_equal(run(m, f->net_len, &f->ecdsa.key, &res), PCD_E_IMG_MAGIC);
    free(m);
}

static void t_ed25519_and_ecdsa_both_valid(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    struct pcd_key both[2] = {f->ecdsa.key, f->ed25519.key};
    assert_int_equal(run_slot(f->net, f->net_len, (uint32_t)f->net_len, both, 2, &res), 0);
    assert_int_equal(res.key_index, 0);
    assert_int_equal(res.sig_tlv_type, PCD_TLV_ECDSA_SIG);
    assert_int_equal(run_slot(f->ed, f->ed_len, (uint32_t)f->ed_len, both, 2, &res), 0);
    assert_int_equal(res.key_index, 1);
    assert_int_equal(res.sig_tlv_type, PCD_TLV_ED25519);
    assert_int_equal(res.sig_len, 64);
    /* Same hashed region, so the same digest in both (MANIFEST rows 6 and 7). */
    struct pcd_image_result res2;
    assert_int_equal(run_slot(f->net, f->net_len, (uint32_t)f->net_len, both, 2, &res2), 0);
    assert_memory_equal(res.computed_hash, res2.computed_hash, 32);

    /* One image carrying two KEYHASH/signature pairs: each key alone validates it, and the
     * pair used is the one whose KEYHASH names that key. */
    uint8_t *body = tu_make_body(3000, 0x0100B001u);
    struct tu_signer s[2] = {{f->ecdsa_priv, PCD_TLV_ECDSA_SIG}, {f->ed_priv, PCD_TLV_ED25519}};
    struct tu_image_spec spec = {.body = body, .body_len = 3000, .signers = s, .nsigners = 2};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    assert_non_null(img);
    assert_int_equal(run(img, len, &f->ed25519.key, &res), 0);
    assert_int_equal(res.sig_tlv_type, PCD_TLV_ED25519);
    assert_int_equal(res.key_index, 0);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), 0);
    assert_int_equal(res.sig_tlv_type, PCD_TLV_ECDSA_SIG);
    assert_int_equal(run(img, len, &f->rogue_key.key, &res), PCD_E_IMG_KEY_UNKNOWN);
    /* Break the ECDSA signature: the Ed25519 pair still validates with both keys configured. */
    uint32_t sig = tu_find_tlv(img, len, PCD_TLV_ECDSA_SIG, false);
    img[sig + 4 + 20] ^= 0x01;
    assert_int_equal(run_slot(img, len, (uint32_t)len, both, 2, &res), 0);
    assert_int_equal(res.key_index, 1);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_SIG);
    free(img);
    free(body);
}

static void t_rsa2048_pss(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    EVP_PKEY *rsa = tu_gen_rsa(2048);
    assert_non_null(rsa);
    struct pcd_key key = {PCD_SIG_RSA2048_PSS, NULL, 0};
    uint8_t *der = tu_pubkey_der(rsa, &key.der_len);
    key.der = der;
    uint8_t *body = tu_make_body(5000, 0x0100C001u);
    struct tu_signer s = {rsa, PCD_TLV_RSA2048_PSS};
    struct tu_image_spec spec = {.body = body, .body_len = 5000, .signers = &s, .nsigners = 1};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    assert_non_null(img);
    assert_int_equal(run(img, len, &key, &res), 0);
    assert_int_equal(res.sig_tlv_type, PCD_TLV_RSA2048_PSS);
    assert_int_equal(res.sig_len, 256);
    /* Wrong key, wrong signature. */
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_KEY_UNKNOWN);
    uint32_t sig = tu_find_tlv(img, len, PCD_TLV_RSA2048_PSS, false);
    img[sig + 4 + 100] ^= 0x10;
    assert_int_equal(run(img, len, &key, &res), PCD_E_IMG_SIG);
    /* The key declared as another algorithm than the TLV type. */
    img[sig + 4 + 100] ^= 0x10;
    struct pcd_key wrong = key;
    wrong.alg = PCD_SIG_ECDSA_P256;
    assert_int_equal(run(img, len, &wrong, &res), PCD_E_IMG_SIG);
    assert_int_equal(run(img, len, &key, &res), 0);
    free(img);
    free(body);
    free(der);
    EVP_PKEY_free(rsa);
}

static void t_tlv_duplicates_and_lengths(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint8_t *body = tu_make_body(1000, 0x0000C201u);
    struct tu_signer s = {f->ecdsa_priv, PCD_TLV_ECDSA_SIG};
    static const uint8_t z[64] = {0};
    /* A second SHA256 TLV. */
    struct tu_tlv dup_sha = {PCD_TLV_SHA256, z, 32};
    struct tu_image_spec spec = {.body = body, .body_len = 1000, .pre = &dup_sha, .npre = 1,
                                 .signers = &s, .nsigners = 1};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_DUP);
    free(img);
    /* Wrong lengths of known TLVs. */
    struct {
        uint16_t type;
        uint16_t len;
        bool prot;
    } bad[] = {
        {PCD_TLV_SHA256, 31, false}, {PCD_TLV_KEYHASH, 33, false}, {PCD_TLV_ED25519, 63, false},
        {PCD_TLV_RSA2048_PSS, 64, false}, {PCD_TLV_ECDSA_SIG, 4, false}, {PCD_TLV_ECDSA_SIG, 73, false},
        {PCD_TLV_DEPENDENCY, 8, true}, {PCD_TLV_SEC_CNT, 8, true},
    };
    static const uint8_t big[80] = {0};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct tu_tlv t = {bad[i].type, big, bad[i].len};
        struct tu_image_spec sp = {.body = body, .body_len = 1000, .signers = &s, .nsigners = 1};
        if (bad[i].prot) {
            sp.prot = &t;
            sp.nprot = 1;
        } else {
            sp.pre = &t;
            sp.npre = 1;
        }
        img = tu_build_image(&sp, &len);
        int rc = run(img, len, &f->ecdsa.key, &res);
        if (rc != PCD_E_IMG_TLV_LEN) {
            fail_msg("TLV 0x%x len %u: %s", bad[i].type, bad[i].len, pcd_strerror(rc));
        }
        free(img);
    }
    /* Two SEC_CNT TLVs. */
    static const uint8_t cnt[4] = {1, 0, 0, 0};
    struct tu_tlv two[2] = {{PCD_TLV_SEC_CNT, cnt, 4}, {PCD_TLV_SEC_CNT, cnt, 4}};
    spec.pre = NULL;
    spec.npre = 0;
    spec.prot = two;
    spec.nprot = 2;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_IMG_TLV_DUP);
    free(img);
    /* More dependencies than a result holds: refused, never silently dropped. */
    static const uint8_t dv[12] = {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    struct tu_tlv deps[PCD_IMAGE_MAX_DEPS + 1];
    for (size_t i = 0; i < PCD_IMAGE_MAX_DEPS + 1; i++) {
        deps[i] = (struct tu_tlv){PCD_TLV_DEPENDENCY, dv, 12};
    }
    spec.prot = deps;
    spec.nprot = PCD_IMAGE_MAX_DEPS;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), 0);
    assert_int_equal(res.dep_count, PCD_IMAGE_MAX_DEPS);
    free(img);
    spec.nprot = PCD_IMAGE_MAX_DEPS + 1;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), PCD_E_UNSUPPORTED);
    free(img);
    free(body);
}

/* APP-ROUTE and APP-SIZE on built images. */
static void t_route_and_size(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    struct tu_signer s = {f->ecdsa_priv, PCD_TLV_ECDSA_SIG};
    struct {
        uint32_t reset;
        uint32_t body_len;
        bool net;
        int want;
    } cases[] = {
        {TU_NET_APP_START | 1u, TU_NET_APP_SIZE, true, 0},            /* largest that fits */
        {TU_NET_APP_START | 1u, TU_NET_APP_SIZE + 4u, true, PCD_E_IMG_TOO_LARGE},
        {TU_NET_APP_END - 2u + 1u, 0x38000u, true, PCD_E_IMG_TOO_LARGE},
        {0x0000C201u, 0x38000u, false, 0},                            /* app image: no net limit */
        {0x10000001u, 0x38000u, false, 0},                            /* QSPI XIP address, above 0x01000000 */
        {0x01000101u, 0x38000u, false, 0},                            /* B0N area: not the net app partition */
        {TU_NET_APP_END | 1u, 0x38000u, false, 0},                    /* just past the partition */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t *body = tu_make_body(cases[i].body_len, cases[i].reset);
        struct tu_image_spec spec = {.body = body, .body_len = cases[i].body_len, .signers = &s, .nsigners = 1};
        size_t len;
        uint8_t *img = tu_build_image(&spec, &len);
        int rc = run(img, len, &f->ecdsa.key, &res);
        if (rc != cases[i].want || res.targets_net != cases[i].net) {
            fail_msg("case %zu (reset 0x%08x, size 0x%x): %s, targets_net %d", i, cases[i].reset,
                     cases[i].body_len, pcd_strerror(rc), res.targets_net);
        }
        assert_int_equal(res.reset_vector, cases[i].reset);
        assert_int_equal(res.initial_sp, 0x20008000u);
        assert_int_equal(res.sig_rc, 0);
        free(img);
        free(body);
    }
    /* No net partition configured: nothing routes to the net core, no size limit. */
    uint8_t *body = tu_make_body(0x38000u, TU_NET_APP_START | 1u);
    struct tu_image_spec spec = {.body = body, .body_len = 0x38000u, .signers = &s, .nsigners = 1};
    size_t len;
    uint8_t *img = tu_build_image(&spec, &len);
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR), 0);
    struct pcd_image_config cfg = {.keys = &f->ecdsa.key, .key_count = 1};
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, (uint32_t)len, &cfg, &res), 0);
    assert_false(res.targets_net);
    free(img);
    free(body);
    /* Body shorter than a vector table: no reset vector, not routed. */
    body = tu_make_body(4, 0);
    spec.body = body;
    spec.body_len = 4;
    img = tu_build_image(&spec, &len);
    assert_int_equal(run(img, len, &f->ecdsa.key, &res), 0);
    assert_false(res.reset_vector_valid);
    assert_false(res.targets_net);
    free(img);
    free(body);
}

static void t_targets_net(void **state)
{
    (void)state;
    assert_true(pcd_image_targets_net(0x01008800u, 0x01008800u, 0x01040000u));
    assert_true(pcd_image_targets_net(0x0100A585u, 0x01008800u, 0x01040000u));
    assert_true(pcd_image_targets_net(0x0103FFFFu, 0x01008800u, 0x01040000u));
    assert_false(pcd_image_targets_net(0x01040000u, 0x01008800u, 0x01040000u));
    assert_false(pcd_image_targets_net(0x010087FFu, 0x01008800u, 0x01040000u));
    assert_false(pcd_image_targets_net(0x10000001u, 0x01008800u, 0x01040000u));
    assert_false(pcd_image_targets_net(0x0000C4F1u, 0x01008800u, 0x01040000u));
    assert_false(pcd_image_targets_net(0x01008800u, 0x01008800u, 0x01008800u)); /* empty */
}

/* Every single-byte change of the hashed region's header and of the whole TLV area is refused
 * (never valid, never a crash); a change of the unhashed trailer bytes after the TLVs is not seen. */
static void t_single_byte_mutations(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint32_t info = tlv_info_off(f->net);
    static const uint8_t xors[] = {0x01, 0x80, 0xFF};
    uint8_t *m = tu_dup(f->net, f->net_len);
    for (uint32_t off = 0; off < f->net_len; off = (off == 63u) ? info : off + 1u) {
        for (size_t x = 0; x < sizeof(xors); x++) {
            m[off] ^= xors[x];
            int rc = run(m, f->net_len, &f->ecdsa.key, &res);
            if (rc == 0 || rc > 0) {
                fail_msg("byte 0x%x ^ 0x%02x: %s", off, xors[x], pcd_strerror(rc));
            }
            m[off] ^= xors[x];
        }
    }
    free(m);
    /* Extra bytes after the TLV area inside a bigger slot (the slot trailer) do not matter. */
    m = malloc(f->net_len + 64);
    memcpy(m, f->net, f->net_len);
    memset(m + f->net_len, 0x5A, 64);
    assert_int_equal(run_slot(m, f->net_len + 64, (uint32_t)f->net_len + 64u, &f->ecdsa.key, 1, &res), 0);
    assert_int_equal(res.layout.end, f->net_len);
    free(m);
}

static void t_arguments_and_port_errors(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, f->net, (uint32_t)f->net_len, PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
    struct pcd_image_config cfg = {.keys = &f->ecdsa.key, .key_count = 1,
                                   .net_app_start = TU_NET_APP_START, .net_app_size = TU_NET_APP_SIZE};
    uint32_t n = (uint32_t)f->net_len;
    assert_int_equal(pcd_image_validate(NULL, PCD_MEM_QSPI, 0, n, &cfg, &res), PCD_E_INVAL);
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, n, NULL, &res), PCD_E_INVAL);
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, n, &cfg, NULL), PCD_E_INVAL);
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, 16, &cfg, &res), PCD_E_INVAL);
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0xFFFFFF00u, 0x200, &cfg, &res), PCD_E_INVAL);
    struct pcd_image_config nokeys = {.keys = NULL, .key_count = 2};
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, n, &nokeys, &res), PCD_E_INVAL);
    struct pcd_image_config badnet = cfg;
    badnet.net_app_start = 0xFFFFF000u;
    badnet.net_app_size = 0x2000u;
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, n, &badnet, &res), PCD_E_INVAL);
    /* The port's errors come through unchanged: slot beyond the memory, another memory. */
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, n, 0x1000, &cfg, &res), PCD_E_RANGE);
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, n, &cfg, &res), PCD_E_UNSUPPORTED);
    /* A slot larger than the memory behind it: reads past its end fail in the port. */
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, n + 0x1000u, &cfg, &res), 0);
    uint8_t *m = tu_dup(f->net, f->net_len);
    uint32_t info = tlv_info_off(m);
    tu_put_le16(m + info + 2, (uint16_t)(tu_le16(m + info + 2) + 8u));
    assert_int_equal(pcdsim_bufport_init(&bp, m, n, PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, n + 0x1000u, &cfg, &res), PCD_E_RANGE);
    free(m);
    /* Helpers. */
    struct pcd_image_header h;
    assert_int_equal(pcd_image_header_decode(NULL, &h), PCD_E_INVAL);
    assert_int_equal(pcd_image_header_decode(f->net, &h), 0);
    struct pcd_image_layout l;
    memset(&l, 0, sizeof(l));
    assert_int_equal(pcd_image_layout_read(NULL, PCD_MEM_QSPI, 0, n, &h, &l), PCD_E_INVAL);
    struct pcd_image_tlv_iter it;
    l.tlv_size = 2;
    assert_int_equal(pcd_image_tlv_begin(&it, &bp.port, PCD_MEM_QSPI, 0, &l), PCD_E_INVAL);
    struct pcd_key empty = {PCD_SIG_ECDSA_P256, NULL, 0};
    uint8_t kh[32];
    assert_int_equal(pcd_image_keyhash(&empty, kh), PCD_E_INVAL);
}

/* The image may start anywhere in a memory (slot offset). */
static void t_slot_offset(void **state)
{
    struct fx *f = *state;
    struct pcd_image_result res;
    uint32_t off = 0x74000u;
    uint8_t *mem = malloc(off + f->net_len);
    memset(mem, 0xFF, off);
    memcpy(mem + off, f->net, f->net_len);
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, mem, off + (uint32_t)f->net_len, PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
    struct pcd_image_config cfg = {.keys = &f->ecdsa.key, .key_count = 1,
                                   .net_app_start = TU_NET_APP_START, .net_app_size = TU_NET_APP_SIZE};
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, off, (uint32_t)f->net_len, &cfg, &res), 0);
    assert_int_equal(res.reset_vector, 0x0100A585u);
    /* At offset 0 the erased bytes are no image. */
    assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, 0x40000u, &cfg, &res), PCD_E_IMG_MAGIC);
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_baselines_valid),
        cmocka_unit_test(t_bad_magic),
        cmocka_unit_test(t_hdr_size_too_small),
        cmocka_unit_test(t_unsupported_flags),
        cmocka_unit_test(t_size_overflow),
        cmocka_unit_test(t_tlv_info_missing),
        cmocka_unit_test(t_tlv_area_overruns_slot),
        cmocka_unit_test(t_every_truncation),
        cmocka_unit_test(t_tlv_entry_truncated),
        cmocka_unit_test(t_protected_size_mismatch),
        cmocka_unit_test(t_unknown_protected_tlv_is_critical),
        cmocka_unit_test(t_no_sha_tlv),
        cmocka_unit_test(t_no_signature),
        cmocka_unit_test(t_unknown_keyhash),
        cmocka_unit_test(t_wrong_key_rogue),
        cmocka_unit_test(t_keyhash_applies_to_next_signature_only),
        cmocka_unit_test(t_sha_mismatch),
        cmocka_unit_test(t_verdict_order),
        cmocka_unit_test(t_ed25519_and_ecdsa_both_valid),
        cmocka_unit_test(t_rsa2048_pss),
        cmocka_unit_test(t_tlv_duplicates_and_lengths),
        cmocka_unit_test(t_route_and_size),
        cmocka_unit_test(t_targets_net),
        cmocka_unit_test(t_single_byte_mutations),
        cmocka_unit_test(t_arguments_and_port_errors),
        cmocka_unit_test(t_slot_offset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
