/*
 * B0N-BOOT-VALID and B0N-SRC-BOOTABLE: NCS fw_info + fw_validation_info checks (facts §2.4,
 * §6.1, §6.2) over the raw network-core fixtures (expectations parsed from MANIFEST.md §3) and
 * mutated copies, one per failure code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/ec.h>
#include <openssl/err.h>

#include "image_test_util.h"
#include "pcd/fwinfo.h"
#include "pcdsim/bufport.h"
#include "pcdsim/keys.h"

#define FWI 0x200u /* fw_info offset in the raw net fixtures (MANIFEST §3) */

struct fx {
    uint8_t *v1;
    size_t v1_len;
    uint32_t v1_size; /* fw_info.size */
    uint32_t v1_vi;   /* validation info offset */
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->v1 = tu_read_fixture("raw/net-v1-32k-ncs.bin", &f->v1_len);
    if (f->v1 == NULL) {
        return -1;
    }
    f->v1_size = tu_le32(f->v1 + FWI + 16);
    f->v1_vi = (f->v1_size + 3u) & ~3u;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    free(f->v1);
    free(f);
    return 0;
}

/* B0N-BOOT-VALID of @p img placed in net flash at the net app partition start. */
static int boot_valid(const uint8_t *img, size_t len, struct pcd_fwinfo_result *res)
{
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_NET_FLASH, TU_NET_APP_START), 0);
    return pcd_fwinfo_validate(&bp.port, TU_NET_APP_START, 0, TU_NET_APP_START, TU_NET_APP_START,
                               TU_NET_APP_SIZE, res);
}

/* Recompute the validation hash after a deliberate change of the firmware bytes. */
static void rehash(uint8_t *img, uint32_t size, uint32_t vi)
{
    tu_sha256(img, size, img + vi + 16);
}

/* Verify the fixture's validation signature (r||s over SHA-256 of the hash, MANIFEST §3) with
 * the decoded public key and signature: proves the decoded field offsets. */
static void check_valinfo_signature(const struct pcd_fw_validation_info *vi)
{
    struct pcdsim_key k;
    struct pcdsim_diag d;
    char path[1024];
    tu_fixture_path("keys/b0n-validation-p256.pub.pem", path, sizeof(path));
    assert_int_equal(pcdsim_key_load_pem(path, &k, &d), 0);
    /* The SPKI of a P-256 key ends with the uncompressed point 04 || X || Y. */
    assert_int_equal(k.key.der[k.key.der_len - 65], 0x04);
    assert_memory_equal(k.key.der + k.key.der_len - 64, vi->public_key, 64);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    assert_int_equal(ECDSA_SIG_set0(sig, BN_bin2bn(vi->signature, 32, NULL), BN_bin2bn(vi->signature + 32, 32, NULL)), 1);
    unsigned char der[80];
    unsigned char *p = der;
    int der_len = i2d_ECDSA_SIG(sig, &p);
    ECDSA_SIG_free(sig);
    assert_true(der_len > 0);
    uint8_t digest[32];
    tu_sha256(vi->hash, 32, digest);
    assert_int_equal(pcd_sig_verify(PCD_SIG_ECDSA_P256, k.key.der, k.key.der_len, digest, der, (uint32_t)der_len), 0);
    pcdsim_key_free(&k);
}

static void t_raw_net_images_from_manifest(void **state)
{
    (void)state;
    char md[1024];
    tu_fixture_path("MANIFEST.md", md, sizeof(md));
    struct tu_table t;
    assert_int_equal(tu_md_table(md, "## 3.", &t), 0);
    int c_file = tu_table_col(&t, "file");
    int c_core = tu_table_col(&t, "core");
    int c_link = tu_table_col(&t, "linked at");
    int c_bytes = tu_table_col(&t, "bytes");
    int c_rv = tu_table_col(&t, "reset vector");
    int c_contents = tu_table_col(&t, "contents");
    int c_sha = tu_table_col(&t, "SHA-256 of file");
    assert_true(c_file >= 0 && c_core >= 0 && c_link >= 0 && c_bytes >= 0 && c_rv >= 0 && c_contents >= 0 && c_sha >= 0);
    int net = 0;
    int fit = 0;
    for (int r = 0; r < t.nrows; r++) {
        char *const *row = t.cells[r];
        if (strcmp(row[c_core], "net") != 0) {
            continue;
        }
        net++;
        char file[256];
        assert_true(tu_backtick(row[c_file], 0, file, sizeof(file)));
        size_t len;
        uint8_t *img = tu_read_fixture(file, &len);
        assert_non_null(img);
        assert_int_equal(len, strtoul(row[c_bytes], NULL, 10));
        char hex[80];
        uint8_t want_file_sha[32];
        uint8_t file_sha[32];
        assert_true(tu_backtick(row[c_sha], 0, hex, sizeof(hex)) && tu_hex32(hex, want_file_sha));
        tu_sha256(img, len, file_sha);
        assert_memory_equal(file_sha, want_file_sha, 32);

        unsigned fi_off, fi_ver, fi_size, vi_off;
        const char *a = strstr(row[c_contents], "fw_info` at +0x");
        const char *b = strstr(row[c_contents], "fw_validation_info` at +0x");
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(sscanf(a, "fw_info` at +0x%x (version %u, size 0x%x)", &fi_off, &fi_ver, &fi_size), 3);
        assert_int_equal(sscanf(b, "fw_validation_info` at +0x%x", &vi_off), 1);
        uint32_t link = (uint32_t)strtoul(row[c_link], NULL, 0);
        assert_int_equal(link, TU_NET_APP_START);

        struct pcdsim_bufport bp;
        assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_NET_FLASH, link), 0);
        struct pcd_fwinfo_result res;
        int rc = pcd_fwinfo_validate(&bp.port, link, 0, link, TU_NET_APP_START, TU_NET_APP_SIZE, &res);
        assert_int_equal(res.verdict, rc);
        assert_true(res.fwinfo_valid);
        assert_int_equal(res.fwinfo.offset, fi_off);
        assert_int_equal(res.fwinfo.version, fi_ver);
        assert_int_equal(res.fwinfo.size, fi_size);
        assert_int_equal(res.fwinfo.total_size, PCD_FWINFO_SIZE);
        assert_int_equal(res.fwinfo.address, link);
        assert_int_equal(res.fwinfo.boot_address, link);
        assert_int_equal(res.fwinfo.valid, PCD_FWINFO_VALID_VAL);
        assert_int_equal(res.fwinfo.ext_api_num, 0);
        assert_int_equal(res.fwinfo.ext_api_request_num, 0);
        if (len > TU_NET_APP_SIZE) {
            /* The oversize body: it does not fit the partition (B0N-SRC-BOOTABLE would refuse
             * it); with room enough it is a valid image. */
            assert_int_equal(rc, PCD_E_FWINFO_RANGE);
            assert_false(res.valinfo_valid);
            rc = pcd_fwinfo_validate(&bp.port, link, 0, link, TU_NET_APP_START, 0x40000u - 0x8800u + 0x1000u, &res);
        } else {
            fit++;
        }
        assert_int_equal(rc, 0);
        assert_true(res.reset_vector_valid && res.valinfo_valid && res.computed_hash_valid);
        assert_int_equal(res.reset_vector, strtoul(row[c_rv], NULL, 0));
        assert_int_equal(res.valinfo.offset, vi_off);
        assert_int_equal(res.valinfo.address, link);
        assert_int_equal(vi_off + PCD_VALINFO_SIZE, len);
        uint8_t mine[32];
        tu_sha256(img, fi_size, mine);
        assert_memory_equal(res.computed_hash, mine, 32);
        assert_memory_equal(res.valinfo.hash, mine, 32);
        check_valinfo_signature(&res.valinfo);
        free(img);
    }
    assert_true(net >= 4);
    assert_true(fit >= 3);
    tu_table_free(&t);
}

static void t_wrong_address(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    tu_put_le32(m + FWI + 24, TU_NET_APP_START + 0x800u);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_ADDR);
    assert_true(res.fwinfo_valid);
    assert_int_equal(res.fwinfo.address, TU_NET_APP_START + 0x800u);
    free(m);
}

static void t_invalid_flag(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    static const uint32_t vals[] = {0x9102FFFEu, 0x00000000u, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        uint8_t *m = tu_dup(f->v1, f->v1_len);
        tu_put_le32(m + FWI + 32, vals[i]);
        rehash(m, f->v1_size, f->v1_vi); /* the hash is right: only the flag is wrong */
        assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_INVALID);
        free(m);
    }
}

static void t_validation_hash_mismatch(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    m[f->v1_vi + 16 + 31] ^= 0x01; /* stored hash */
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_VALINFO_HASH);
    assert_true(res.computed_hash_valid);
    assert_memory_not_equal(res.computed_hash, res.valinfo.hash, 32);
    free(m);
    static const uint32_t offs[] = {0x0, 0x1000, 0x7F55}; /* first and last firmware bytes too */
    for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
        m = tu_dup(f->v1, f->v1_len);
        m[offs[i] == 0 ? 8 : offs[i]] ^= 0x20; /* word 2 (NMI), not SP/reset */
        assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_VALINFO_HASH);
        free(m);
    }
    /* The padding bytes between firmware and validation info are not hashed (facts §2.4 #13). */
    m = tu_dup(f->v1, f->v1_len);
    assert_true(f->v1_vi > f->v1_size);
    m[f->v1_size] = 0x00;
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    free(m);
}

static void t_missing_validation_info(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    for (uint32_t w = 0; w < 3; w++) {
        uint8_t *m = tu_dup(f->v1, f->v1_len);
        m[f->v1_vi + 4u * w] ^= 0x01;
        assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_VALINFO_MISSING);
        assert_false(res.valinfo_valid);
        free(m);
    }
    /* Cut off: the image ends before the validation info (and beyond the buffer is unmapped). */
    assert_int_equal(boot_valid(f->v1, f->v1_vi + 100u, &res), PCD_E_BUS_FAULT);
    /* The same through a source length limit: never read. */
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, f->v1, (uint32_t)f->v1_len, PCD_MEM_NET_FLASH, TU_NET_APP_START), 0);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, TU_NET_APP_START, f->v1_vi + PCD_VALINFO_SIZE - 1u,
                                         TU_NET_APP_START, TU_NET_APP_START, TU_NET_APP_SIZE, &res),
                     PCD_E_VALINFO_MISSING);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, TU_NET_APP_START, f->v1_vi + PCD_VALINFO_SIZE,
                                         TU_NET_APP_START, TU_NET_APP_START, TU_NET_APP_SIZE, &res),
                     0);
}

/* Search window for the validation info: fw_info.size + k, k = 0..4 -- five byte positions, as
 * NCS's validation_info_find(start, 4) loops i <= 4 (facts errata, §2.4 check 11). */
static void t_validation_info_search_window(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    assert_int_equal(f->v1_vi - f->v1_size, 2u); /* MANIFEST §3: 2 pad bytes */
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    /* size - 1: found at k = 3, then the hash (one byte shorter) differs. */
    tu_put_le32(m + FWI + 16, f->v1_vi - 3u);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_VALINFO_HASH);
    assert_int_equal(res.valinfo.offset, f->v1_vi);
    /* ... and with that hash, valid. */
    rehash(m, f->v1_vi - 3u, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    /* the fifth position, k = 4: found, and valid with its hash (NCS boots such an image) */
    tu_put_le32(m + FWI + 16, f->v1_vi - 4u);
    rehash(m, f->v1_vi - 4u, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    assert_int_equal(res.valinfo.offset, f->v1_vi);
    /* k = 5 is beyond NCS's loop: not found. */
    tu_put_le32(m + FWI + 16, f->v1_vi - 5u);
    rehash(m, f->v1_vi - 5u, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_VALINFO_MISSING);
    /* size = its offset: found at k = 0. */
    tu_put_le32(m + FWI + 16, f->v1_vi);
    rehash(m, f->v1_vi, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    assert_int_equal(res.valinfo.offset, f->v1_vi);
    free(m);
}

static void t_validation_info_address(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    tu_put_le32(m + f->v1_vi + 12, TU_NET_APP_START + 4u);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_VALINFO_ADDR);
    free(m);
}

static void t_boot_address_and_reset_vector_outside(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    static const uint32_t boots[] = {TU_NET_APP_START - 4u, 0x01000000u, 0x00000000u, 0x10000000u};
    for (size_t i = 0; i < sizeof(boots) / sizeof(boots[0]); i++) {
        uint8_t *m = tu_dup(f->v1, f->v1_len);
        tu_put_le32(m + FWI + 28, boots[i]);
        rehash(m, f->v1_size, f->v1_vi);
        assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_RANGE);
        assert_false(res.reset_vector_valid);
        free(m);
    }
    /* One past the image end, and too near it to hold a vector table. */
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    tu_put_le32(m + FWI + 28, TU_NET_APP_START + f->v1_size);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_RANGE);
    tu_put_le32(m + FWI + 28, TU_NET_APP_START + f->v1_size - 4u);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_RANGE);
    free(m);
    /* Reset vector outside [dst, dst + size): the B0N area, past the end, the app core. */
    static const uint32_t rvs[] = {0x01000101u, 0x0100A585u + 0x10000u, 0x0000C4F1u};
    for (size_t i = 0; i < sizeof(rvs) / sizeof(rvs[0]); i++) {
        m = tu_dup(f->v1, f->v1_len);
        tu_put_le32(m + 4, rvs[i]);
        rehash(m, f->v1_size, f->v1_vi);
        assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_RANGE);
        assert_true(res.reset_vector_valid);
        assert_int_equal(res.reset_vector, rvs[i]);
        free(m);
    }
    /* A boot address inside the image: its vector table's reset vector is used. */
    m = tu_dup(f->v1, f->v1_len);
    tu_put_le32(m + FWI + 28, TU_NET_APP_START + 0x1000u);
    tu_put_le32(m + 0x1000u + 4u, TU_NET_APP_START + 0x2001u);
    rehash(m, f->v1_size, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    assert_int_equal(res.reset_vector, TU_NET_APP_START + 0x2001u);
    free(m);
}

static void t_fwinfo_missing_or_moved(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    for (uint32_t w = 0; w < 3; w++) {
        uint8_t *m = tu_dup(f->v1, f->v1_len);
        m[FWI + 4u * w + 3u] ^= 0x80;
        assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_MISSING);
        assert_false(res.fwinfo_valid);
        free(m);
    }
    /* Moved to each other search offset: found there (hash recomputed, B0N checks only it). */
    static const uint32_t offs[] = {0x0, 0x400, 0x600, 0x800, 0xE00, 0x1000};
    for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
        uint8_t *m = tu_dup(f->v1, f->v1_len);
        uint8_t fi[PCD_FWINFO_SIZE];
        memcpy(fi, m + FWI, sizeof(fi));
        memset(m + FWI, 0, sizeof(fi));
        memcpy(m + offs[i], fi, sizeof(fi));
        if (offs[i] == 0) {
            /* fw_info over the vector table: boot at 0x100 with a vector table there. */
            tu_put_le32(m + 28, TU_NET_APP_START + 0x100u);
            tu_put_le32(m + 0x104, 0x0100A585u);
        }
        rehash(m, f->v1_size, f->v1_vi);
        int rc = boot_valid(m, f->v1_len, &res);
        if (rc != 0 || res.fwinfo.offset != offs[i]) {
            fail_msg("fw_info at 0x%x: %s, found at 0x%x", offs[i], pcd_strerror(rc), res.fwinfo.offset);
        }
        free(m);
    }
    /* At an offset that is not searched. */
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    uint8_t fi[PCD_FWINFO_SIZE];
    memcpy(fi, m + FWI, sizeof(fi));
    memset(m + FWI, 0, sizeof(fi));
    memcpy(m + 0x300, fi, sizeof(fi));
    rehash(m, f->v1_size, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), PCD_E_FWINFO_MISSING);
    free(m);
}

static void t_size_fields(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    struct {
        uint32_t off;
        uint32_t val;
    } cases[] = {
        {16, 0},                          /* size 0 */
        {16, TU_NET_APP_SIZE + 1u},       /* larger than the partition */
        {16, 0xFFFFFFFFu},
        {12, 59},                         /* total_size < the struct itself */
        {12, 0x7F56u - FWI + 1u},         /* fw_info + total_size past the firmware end */
        {12, 0xFFFFFFF0u},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t *m = tu_dup(f->v1, f->v1_len);
        tu_put_le32(m + FWI + cases[i].off, cases[i].val);
        int rc = boot_valid(m, f->v1_len, &res);
        if (rc != PCD_E_FWINFO_RANGE) {
            fail_msg("case %zu: %s", i, pcd_strerror(rc));
        }
        free(m);
    }
    /* total_size reaching exactly the firmware end is fine. */
    uint8_t *m = tu_dup(f->v1, f->v1_len);
    tu_put_le32(m + FWI + 12, f->v1_size - FWI);
    rehash(m, f->v1_size, f->v1_vi);
    assert_int_equal(boot_valid(m, f->v1_len, &res), 0);
    free(m);
}

/* B0N-SRC-BOOTABLE: the body of a signed update, still in app RAM, checked for its destination. */
static void t_source_in_app_ram(void **state)
{
    (void)state;
    size_t len;
    uint8_t *img = tu_read_fixture("signed/net-v2-150k_ecdsa-p256.bin", &len);
    assert_non_null(img);
    uint32_t hdr = tu_le16(img + 8);
    uint32_t isz = tu_le32(img + 12);
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_RAM_FLASH, TU_APP_RAM_BASE), 0);
    struct pcd_fwinfo_result res;
    uint32_t src = TU_APP_RAM_BASE + hdr;
    assert_int_equal(pcd_fwinfo_validate(&bp.port, src, isz, TU_NET_APP_START, TU_NET_APP_START, TU_NET_APP_SIZE, &res), 0);
    assert_int_equal(res.fwinfo.version, 2);
    assert_int_equal(res.reset_vector, 0x0100B211u);
    /* A destination the image is not linked for. */
    assert_int_equal(pcd_fwinfo_validate(&bp.port, src, isz, TU_NET_APP_START + 0x800u, TU_NET_APP_START,
                                         TU_NET_APP_SIZE, &res),
                     PCD_E_FWINFO_ADDR);
    /* A partition too small from the destination for the firmware. */
    assert_int_equal(pcd_fwinfo_validate(&bp.port, src, isz, TU_NET_APP_START, TU_NET_APP_START, 0x20000u, &res),
                     PCD_E_FWINFO_RANGE);
    /* Source shorter than the image (a PCD len that cuts the validation info off). */
    assert_int_equal(pcd_fwinfo_validate(&bp.port, src, isz - 1u, TU_NET_APP_START, TU_NET_APP_START,
                                         TU_NET_APP_SIZE, &res),
                     PCD_E_VALINFO_MISSING);
    /* Source too short to hold the fw_info. */
    assert_int_equal(pcd_fwinfo_validate(&bp.port, src, 0x100u, TU_NET_APP_START, TU_NET_APP_START,
                                         TU_NET_APP_SIZE, &res),
                     PCD_E_FWINFO_MISSING);
    /* The MCUboot header is not the body: fw_info not at a search offset from there. */
    assert_int_equal(pcd_fwinfo_validate(&bp.port, TU_APP_RAM_BASE + 0x100u, isz, TU_NET_APP_START,
                                         TU_NET_APP_START, TU_NET_APP_SIZE, &res),
                     PCD_E_FWINFO_MISSING);
    /* Unmapped source. */
    assert_int_equal(pcd_fwinfo_validate(&bp.port, 0x30000000u, isz, TU_NET_APP_START, TU_NET_APP_START,
                                         TU_NET_APP_SIZE, &res),
                     PCD_E_BUS_FAULT);
    free(img);
}

static void t_arguments(void **state)
{
    struct fx *f = *state;
    struct pcd_fwinfo_result res;
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, f->v1, (uint32_t)f->v1_len, PCD_MEM_NET_FLASH, TU_NET_APP_START), 0);
    uint32_t s = TU_NET_APP_START;
    assert_int_equal(pcd_fwinfo_validate(NULL, s, 0, s, s, TU_NET_APP_SIZE, &res), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, s, 0, s, s, TU_NET_APP_SIZE, NULL), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, s, 0, s, s, 0, &res), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, s, 0, s - 4u, s, TU_NET_APP_SIZE, &res), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, s, 0, s + TU_NET_APP_SIZE, s, TU_NET_APP_SIZE, &res), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, s, 0, 0xFFFFF000u, 0xFFFFF000u, 0x2000u, &res), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_validate(&bp.port, 0xFFFFFF00u, 0, s, s, TU_NET_APP_SIZE, &res), PCD_E_INVAL);
    /* Decoders. */
    struct pcd_fw_info fi;
    struct pcd_fw_validation_info vi;
    assert_int_equal(pcd_fwinfo_decode(NULL, &fi), PCD_E_INVAL);
    assert_int_equal(pcd_fwinfo_decode(f->v1 + FWI, &fi), 0);
    assert_int_equal(fi.size, f->v1_size);
    assert_int_equal(pcd_fwinfo_decode(f->v1, &fi), PCD_E_FWINFO_MISSING);
    assert_int_equal(pcd_valinfo_decode(f->v1 + f->v1_vi, &vi), 0);
    assert_int_equal(vi.address, TU_NET_APP_START);
    assert_int_equal(pcd_valinfo_decode(f->v1 + FWI, &vi), PCD_E_VALINFO_MISSING); /* fw_info magic is not it */
    assert_int_equal(pcd_fwinfo_find(&bp.port, s, (uint32_t)f->v1_len, &fi), 0);
    assert_int_equal(fi.offset, FWI);
    assert_int_equal(pcd_fwinfo_find(&bp.port, s, FWI + PCD_FWINFO_SIZE - 1u, &fi), PCD_E_FWINFO_MISSING);
    assert_int_equal(pcd_fwinfo_find(&bp.port, 0xFFFFFFF0u, 0x100u, &fi), PCD_E_INVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_raw_net_images_from_manifest),
        cmocka_unit_test(t_wrong_address),
        cmocka_unit_test(t_invalid_flag),
        cmocka_unit_test(t_validation_hash_mismatch),
        cmocka_unit_test(t_missing_validation_info),
        cmocka_unit_test(t_validation_info_search_window),
        cmocka_unit_test(t_validation_info_address),
        cmocka_unit_test(t_boot_address_and_reset_vector_outside),
        cmocka_unit_test(t_fwinfo_missing_or_moved),
        cmocka_unit_test(t_size_fields),
        cmocka_unit_test(t_source_in_app_ram),
        cmocka_unit_test(t_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
