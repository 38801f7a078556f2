/*
 * APP-VALIDATE, APP-ROUTE, APP-SIZE, B0N-SRC-BOOTABLE against the real signed fixtures.
 *
 * The expectations are not written here: they are parsed from shared/fixtures/MANIFEST.md
 * section 4 (one row per file of signed/: expected verdict, "verify with" key, header columns,
 * SHA256 TLV, reset vector, TLV offsets, B0N check) and section 2 (keys). Every file of
 * signed/ must have a row.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "image_test_util.h"
#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcdsim/bufport.h"
#include "pcdsim/host_err.h"
#include "pcdsim/keys.h"

#define MAX_KEYS 8

struct ctx {
    struct tu_table t;
    int c_file, c_verdict, c_key, c_core, c_version, c_hdr, c_img, c_prot, c_bytes, c_sha, c_rv, c_b0n,
        c_notes;
    int nkeys;
    char key_path[MAX_KEYS][128];
    struct pcdsim_key keys[MAX_KEYS];
};

static int setup(void **state)
{
    struct ctx *c = calloc(1, sizeof(*c));
    char md[1024];
    tu_fixture_path("MANIFEST.md", md, sizeof(md));
    if (c == NULL || tu_md_table(md, "## 4.", &c->t) != 0) {
        fprintf(stderr, "cannot parse section 4 of %s\n", md);
        free(c);
        return -1;
    }
    c->c_file = tu_table_col(&c->t, "file");
    c->c_verdict = tu_table_col(&c->t, "expected verdict");
    c->c_key = tu_table_col(&c->t, "verify with");
    c->c_core = tu_table_col(&c->t, "core");
    c->c_version = tu_table_col(&c->t, "version");
    c->c_hdr = tu_table_col(&c->t, "ih_hdr_size");
    c->c_img = tu_table_col(&c->t, "ih_img_size");
    c->c_prot = tu_table_col(&c->t, "ih_protect_tlv_size");
    c->c_bytes = tu_table_col(&c->t, "file bytes");
    c->c_sha = tu_table_col(&c->t, "SHA256 TLV");
    c->c_rv = tu_table_col(&c->t, "reset vector");
    c->c_b0n = tu_table_col(&c->t, "B0N check");
    c->c_notes = tu_table_col(&c->t, "notes");

    /* Keys: section 2, public-key column. */
    struct tu_table kt;
    if (tu_md_table(md, "## 2.", &kt) != 0) {
        fprintf(stderr, "cannot parse section 2 of %s\n", md);
        return -1;
    }
    int kc = tu_table_col(&kt, "public key");
    for (int r = 0; r < kt.nrows && kc >= 0 && c->nkeys < MAX_KEYS; r++) {
        char rel[128];
        char path[1024];
        if (!tu_backtick(kt.cells[r][kc], 0, rel, sizeof(rel))) {
            continue;
        }
        tu_fixture_path(rel, path, sizeof(path));
        struct pcdsim_diag d;
        pcdsim_diag_clear(&d);
        if (pcdsim_key_load_pem(path, &c->keys[c->nkeys], &d) != 0) {
            fprintf(stderr, "%s: %s\n", path, d.message);
            return -1;
        }
        snprintf(c->key_path[c->nkeys], sizeof(c->key_path[0]), "%s", rel);
        c->nkeys++;
    }
    tu_table_free(&kt);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    struct ctx *c = *state;
    for (int i = 0; i < c->nkeys; i++) {
        pcdsim_key_free(&c->keys[i]);
    }
    tu_table_free(&c->t);
    free(c);
    return 0;
}

static int key_index(const struct ctx *c, const char *rel)
{
    for (int i = 0; i < c->nkeys; i++) {
        if (strcmp(c->key_path[i], rel) == 0) {
            return i;
        }
    }
    return -1;
}

static bool is_bad_sig(int rc)
{
    return rc == PCD_E_IMG_SIG || rc == PCD_E_IMG_KEY_UNKNOWN || rc == PCD_E_IMG_NO_SIG;
}

/* Does @p rc express the MANIFEST verdict @p v? (MANIFEST.md §1 "Verdicts") */
static bool verdict_matches(const char *v, int rc)
{
    if (strcmp(v, "valid") == 0) {
        return rc == 0;
    }
    if (strcmp(v, "bad magic") == 0) {
        return rc == PCD_E_IMG_MAGIC;
    }
    if (strcmp(v, "truncated") == 0) {
        return rc == PCD_E_IMG_TLV_OVERRUN;
    }
    if (strcmp(v, "SHA mismatch") == 0) {
        return rc == PCD_E_IMG_HASH;
    }
    if (strcmp(v, "bad signature") == 0) {
        return is_bad_sig(rc);
    }
    if (strcmp(v, "oversize") == 0) {
        return rc == PCD_E_IMG_TOO_LARGE;
    }
    fail_msg("unknown verdict '%s' in MANIFEST.md", v);
    return false;
}

static bool bold(const char *cell, char *out, size_t size)
{
    const char *a = strstr(cell, "**");
    const char *b = a ? strstr(a + 2, "**") : NULL;
    if (b == NULL || (size_t)(b - a - 2) >= size) {
        return false;
    }
    memcpy(out, a + 2, (size_t)(b - a - 2));
    out[b - a - 2] = 0;
    return true;
}

static uint16_t tlv_type_of(const char *name)
{
    static const struct {
        const char *name;
        uint16_t type;
    } names[] = {
        {"KEYHASH", PCD_TLV_KEYHASH}, {"SHA256", PCD_TLV_SHA256}, {"ECDSA_SIG", PCD_TLV_ECDSA_SIG},
        {"ED25519", PCD_TLV_ED25519}, {"RSA2048_PSS", PCD_TLV_RSA2048_PSS},
        {"DEPENDENCY", PCD_TLV_DEPENDENCY}, {"SEC_CNT", PCD_TLV_SEC_CNT},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(names[i].name, name) == 0) {
            return names[i].type;
        }
    }
    fail_msg("unknown TLV name '%s' in MANIFEST.md", name);
    return 0;
}

/* Compare the TLVs listed as "TLVs: NAME@0xOFF(N B), ..." in @p notes with the iterator. */
static void check_tlv_list(const char *file, const char *notes, const struct pcd_port *port,
                           const struct pcd_image_result *res)
{
    const char *p = strstr(notes, "TLVs: ");
    if (p == NULL) {
        return;
    }
    p += 6;
    struct {
        uint16_t type;
        unsigned off, len;
    } want[16];
    int n = 0;
    for (;;) {
        char name[32];
        unsigned off = 0;
        unsigned len = 0;
        int used = 0;
        if (n >= 16 || sscanf(p, "%31[A-Z0-9_]@0x%x(%u B)%n", name, &off, &len, &used) != 3 || used == 0) {
            break;
        }
        want[n].type = tlv_type_of(name);
        want[n].off = off;
        want[n].len = len;
        n++;
        p += used;
        if (strncmp(p, ", ", 2) != 0) {
            break;
        }
        p += 2;
    }
    assert_true(n >= 3);
    assert_true(res->layout_valid);
    struct pcd_image_tlv_iter it;
    assert_int_equal(pcd_image_tlv_begin(&it, port, PCD_MEM_QSPI, 0, &res->layout), 0);
    int i = 0;
    for (;; i++) {
        struct pcd_image_tlv t;
        bool found;
        assert_int_equal(pcd_image_tlv_next(&it, &t, &found), 0);
        if (!found) {
            break;
        }
        if (i >= n) {
            fail_msg("%s: TLV #%d not in MANIFEST", file, i);
        }
        if (t.type != want[i].type || t.off != want[i].off || t.len != want[i].len) {
            fail_msg("%s: TLV #%d is type 0x%x @0x%x len %u, MANIFEST says 0x%x @0x%x len %u", file, i,
                     t.type, t.off, t.len, want[i].type, want[i].off, want[i].len);
        }
        assert_int_equal(t.val_off, t.off + 4u);
        assert_int_equal(t.prot, t.type == PCD_TLV_DEPENDENCY);
        if (t.type == PCD_TLV_SHA256) {
            assert_int_equal(res->sha_tlv_off, t.off);
        }
    }
    assert_int_equal(i, n);
}

/* B0N check column (net images): the body bytes PCD would copy, checked by pcd_fwinfo_validate()
 * from app RAM for the destination 0x01008800 (B0N-SRC-BOOTABLE). */
static void check_b0n(const char *file, const char *b0n, const uint8_t *img, size_t len,
                      const struct pcd_image_header *h)
{
    if (strstr(b0n, "not evaluated") != NULL) {
        return;
    }
    int want;
    unsigned fw_version = 0;
    unsigned fw_size = 0;
    unsigned vi_off = 0;
    const char *acc = strstr(b0n, "accept (");
    if (acc != NULL) {
        want = 0;
        assert_int_equal(sscanf(acc, "accept (fw_info.version %u, fw_info.size 0x%x, validation info at body+0x%x",
                                &fw_version, &fw_size, &vi_off),
                         3);
    } else if (strstr(b0n, "SHA-256 mismatch") != NULL) {
        want = PCD_E_VALINFO_HASH;
    } else if (strstr(b0n, "reject: body") != NULL && strstr(b0n, "partition") != NULL) {
        want = PCD_E_FWINFO_RANGE;
    } else {
        fail_msg("%s: cannot read B0N check '%s'", file, b0n);
        return;
    }
    struct pcdsim_bufport bp;
    assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_APP_FLASH, TU_APP_RAM_BASE), 0);
    struct pcd_fwinfo_result fr;
    int rc = pcd_fwinfo_validate(&bp.port, TU_APP_RAM_BASE + h->hdr_size, h->img_size, TU_NET_APP_START,
                                 TU_NET_APP_START, TU_NET_APP_SIZE, &fr);
    if (rc != want) {
        fail_msg("%s: B0N check gives %s, MANIFEST says %s", file, pcd_strerror(rc), b0n);
    }
    if (want == 0) {
        assert_true(fr.fwinfo_valid && fr.valinfo_valid && fr.computed_hash_valid);
        assert_int_equal(fr.fwinfo.version, fw_version);
        assert_int_equal(fr.fwinfo.size, fw_size);
        assert_int_equal(fr.valinfo.offset, vi_off);
        assert_int_equal(fr.fwinfo.offset, 0x200);
        assert_memory_equal(fr.computed_hash, fr.valinfo.hash, 32);
    }
}

static void t_every_signed_file_has_a_row(void **state)
{
    struct ctx *c = *state;
    assert_true(c->c_file >= 0);
    char dir[1024];
    tu_fixture_path("signed", dir, sizeof(dir));
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        files++;
        char want[512];
        snprintf(want, sizeof(want), "signed/%s", e->d_name);
        bool found = false;
        for (int r = 0; r < c->t.nrows; r++) {
            char f[256];
            if (tu_backtick(c->t.cells[r][c->c_file], 0, f, sizeof(f)) && strcmp(f, want) == 0) {
                found = true;
            }
        }
        if (!found) {
            fail_msg("%s has no row in MANIFEST.md section 4", want);
        }
    }
    closedir(d);
    assert_int_equal(files, c->t.nrows);
    assert_true(files >= 15);
}

static void t_manifest_verdicts(void **state)
{
    struct ctx *c = *state;
    assert_true(c->c_file >= 0 && c->c_verdict >= 0 && c->c_key >= 0 && c->c_core >= 0 &&
                c->c_version >= 0 && c->c_hdr >= 0 && c->c_img >= 0 && c->c_prot >= 0 &&
                c->c_bytes >= 0 && c->c_sha >= 0 && c->c_rv >= 0 && c->c_b0n >= 0 && c->c_notes >= 0);
    int counts[7] = {0};
    for (int r = 0; r < c->t.nrows; r++) {
        char *const *row = c->t.cells[r];
        assert_int_equal(c->t.row_ncols[r], c->t.ncols);
        char file[256];
        char verdict[64];
        char keyrel[128];
        assert_true(tu_backtick(row[c->c_file], 0, file, sizeof(file)));
        assert_true(bold(row[c->c_verdict], verdict, sizeof(verdict)));
        assert_true(tu_backtick(row[c->c_key], 0, keyrel, sizeof(keyrel)));
        int ki = key_index(c, keyrel);
        if (ki < 0) {
            fail_msg("%s: key %s not in MANIFEST section 2", file, keyrel);
        }
        size_t len = 0;
        uint8_t *img = tu_read_fixture(file, &len);
        assert_non_null(img);
        assert_int_equal(len, strtoul(row[c->c_bytes], NULL, 10));

        struct pcdsim_bufport bp;
        assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
        struct pcd_image_config cfg = {
            .keys = &c->keys[ki].key, .key_count = 1,
            .net_app_start = TU_NET_APP_START, .net_app_size = TU_NET_APP_SIZE,
        };
        struct pcd_image_result res;
        int rc = pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, (uint32_t)len, &cfg, &res);
        if (!verdict_matches(verdict, rc)) {
            fail_msg("%s: got %s, MANIFEST says '%s'", file, pcd_strerror(rc), verdict);
        }
        assert_int_equal(res.verdict, rc);

        /* Header columns (decoded even for a bad magic). */
        assert_true(res.hdr_valid);
        assert_int_equal(res.hdr.hdr_size, strtoul(row[c->c_hdr], NULL, 0));
        assert_int_equal(res.hdr.img_size, strtoul(row[c->c_img], NULL, 0));
        assert_int_equal(res.hdr.protect_tlv_size, strtoul(row[c->c_prot], NULL, 0));
        unsigned ma, mi, rv, bn;
        assert_int_equal(sscanf(row[c->c_version], "%u.%u.%u+%u", &ma, &mi, &rv, &bn), 4);
        assert_int_equal(res.hdr.ver.major, ma);
        assert_int_equal(res.hdr.ver.minor, mi);
        assert_int_equal(res.hdr.ver.revision, rv);
        assert_int_equal(res.hdr.ver.build, bn);
        assert_int_equal(res.hdr.flags, 0);
        assert_int_equal(res.hdr.load_addr, 0);

        bool net = strcmp(row[c->c_core], "net") == 0;
        assert_true(net || strcmp(row[c->c_core], "app") == 0);
        if (rc == PCD_E_IMG_MAGIC) {
            counts[0]++;
            assert_false(res.reset_vector_valid);
            assert_int_not_equal(res.hdr.magic, PCD_IMAGE_MAGIC);
            assert_false(res.layout_valid);
        } else {
            /* APP-ROUTE */
            assert_true(res.reset_vector_valid);
            assert_int_equal(res.reset_vector, strtoul(row[c->c_rv], NULL, 0));
            assert_int_equal(res.targets_net, net);
            assert_int_equal(pcd_image_targets_net(res.reset_vector, TU_NET_APP_START, TU_NET_APP_END), net);
        }

        uint8_t tlv_hash[32];
        char hex[80];
        assert_true(tu_backtick(row[c->c_sha], 0, hex, sizeof(hex)));
        assert_true(tu_hex32(hex, tlv_hash));
        if (strcmp(verdict, "bad magic") != 0 && strcmp(verdict, "truncated") != 0) {
            assert_true(res.layout_valid);
            assert_int_equal(res.layout.hashed_len, res.hdr.hdr_size + res.hdr.img_size + res.hdr.protect_tlv_size);
            if (strstr(file, "_pad-confirm") == NULL) {
                assert_int_equal(res.layout.end, (uint32_t)len); /* TLV area ends the file */
            } else {
                assert_true(res.layout.end < (uint32_t)len); /* trailer after the TLVs, not covered */
            }
            assert_true(res.stored_hash_valid && res.computed_hash_valid);
            assert_memory_equal(res.stored_hash, tlv_hash, 32);
            /* Independent hash of the hashed region. */
            uint8_t mine[32];
            tu_sha256(img, res.layout.hashed_len, mine);
            assert_memory_equal(res.computed_hash, mine, 32);
            const char *act = strstr(row[c->c_sha], "actual hash");
            if (strcmp(verdict, "SHA mismatch") == 0) {
                counts[2]++;
                assert_non_null(act);
                assert_true(tu_backtick(act, 0, hex, sizeof(hex)));
                uint8_t actual[32];
                assert_true(tu_hex32(hex, actual));
                assert_memory_equal(res.computed_hash, actual, 32);
                assert_false(res.hash_ok);
                assert_false(res.sig_checked);
            } else {
                assert_true(res.hash_ok);
                assert_memory_equal(res.computed_hash, tlv_hash, 32);
                assert_true(res.sig_checked);
                if (strcmp(verdict, "bad signature") == 0) {
                    assert_true(is_bad_sig(res.sig_rc));
                    assert_int_equal(res.sig_rc, rc);
                } else {
                    assert_int_equal(res.sig_rc, 0);
                }
            }
            check_tlv_list(file, row[c->c_notes], &bp.port, &res);
        } else if (strcmp(verdict, "truncated") == 0) {
            counts[1]++;
            assert_false(res.layout_valid);
            assert_false(res.computed_hash_valid);
        }
        if (strcmp(verdict, "valid") == 0 || strcmp(verdict, "oversize") == 0) {
            assert_int_equal(res.sig_rc, 0);
            assert_int_equal(res.key_index, 0);
            enum pcd_sig_alg alg = c->keys[ki].key.alg;
            assert_int_equal(res.sig_tlv_type, alg == PCD_SIG_ED25519       ? PCD_TLV_ED25519
                                               : alg == PCD_SIG_RSA2048_PSS ? PCD_TLV_RSA2048_PSS
                                                                            : PCD_TLV_ECDSA_SIG);
            counts[strcmp(verdict, "valid") == 0 ? 3 : 4]++;
        }
        if (strcmp(verdict, "oversize") == 0) {
            /* APP-SIZE: hash and signature are good; only the size is wrong. */
            assert_true(net);
            assert_true(res.hdr.img_size > TU_NET_APP_SIZE);
        }
        if (strcmp(verdict, "bad signature") == 0) {
            counts[5]++;
        }

        /* DEPENDENCY TLV stated in the notes. */
        const char *dep = strstr(row[c->c_notes], "DEPENDENCY TLV: image_id");
        if (dep != NULL) {
            unsigned id, a, b, cc, d;
            assert_int_equal(sscanf(dep, "DEPENDENCY TLV: image_id %u, version %u.%u.%u+%u", &id, &a, &b, &cc, &d), 5);
            assert_int_equal(res.dep_count, 1);
            assert_int_equal(res.deps[0].image_id, id);
            assert_int_equal(res.deps[0].version.major, a);
            assert_int_equal(res.deps[0].version.minor, b);
            assert_int_equal(res.deps[0].version.revision, cc);
            assert_int_equal(res.deps[0].version.build, d);
            counts[6]++;
        } else if (res.layout_valid) {
            assert_int_equal(res.dep_count, 0);
        }
        assert_false(res.sec_cnt_valid);

        if (net) {
            check_b0n(file, row[c->c_b0n], img, len, &res.hdr);
        }
        free(img);
    }
    /* Every verdict class occurs in the fixture set. */
    for (int i = 0; i < 7; i++) {
        if (counts[i] == 0) {
            fail_msg("verdict class %d never exercised", i);
        }
    }
}

/* "With any other key of this set the verdict of a valid image becomes bad signature"
 * (MANIFEST §4); with all keys configured, exactly the signer's key verifies. */
static void t_manifest_other_keys(void **state)
{
    struct ctx *c = *state;
    struct pcd_key all[MAX_KEYS];
    for (int i = 0; i < c->nkeys; i++) {
        all[i] = c->keys[i].key;
    }
    int checked = 0;
    for (int r = 0; r < c->t.nrows; r++) {
        char *const *row = c->t.cells[r];
        char file[256];
        char verdict[64];
        char keyrel[128];
        assert_true(tu_backtick(row[c->c_file], 0, file, sizeof(file)));
        assert_true(bold(row[c->c_verdict], verdict, sizeof(verdict)));
        assert_true(tu_backtick(row[c->c_key], 0, keyrel, sizeof(keyrel)));
        bool valid = strcmp(verdict, "valid") == 0;
        bool rogue = strstr(file, "rogue") != NULL;
        if (!valid && !rogue) {
            continue;
        }
        size_t len = 0;
        uint8_t *img = tu_read_fixture(file, &len);
        assert_non_null(img);
        struct pcdsim_bufport bp;
        assert_int_equal(pcdsim_bufport_init(&bp, img, (uint32_t)len, PCD_MEM_QSPI, PCD_NO_CPU_ADDR), 0);
        int signer = valid ? key_index(c, keyrel) : -1;
        if (rogue) {
            /* "only keys/ecdsa-p256-rogue.pub.pem verifies the signature" */
            char only[128];
            assert_true(tu_backtick(row[c->c_key], 1, only, sizeof(only)));
            signer = key_index(c, only);
        }
        assert_true(signer >= 0);
        for (int k = 0; k < c->nkeys; k++) {
            struct pcd_image_config cfg = {
                .keys = &c->keys[k].key, .key_count = 1,
                .net_app_start = TU_NET_APP_START, .net_app_size = TU_NET_APP_SIZE,
            };
            struct pcd_image_result res;
            int rc = pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, (uint32_t)len, &cfg, &res);
            if (k == signer) {
                assert_int_equal(rc, 0);
            } else if (!is_bad_sig(rc)) {
                fail_msg("%s with %s: got %s, expected bad signature", file, c->key_path[k], pcd_strerror(rc));
            } else {
                /* The KEYHASH names the signer, not key k. */
                assert_int_equal(rc, PCD_E_IMG_KEY_UNKNOWN);
            }
        }
        struct pcd_image_config cfg = {
            .keys = all, .key_count = (uint32_t)c->nkeys,
            .net_app_start = TU_NET_APP_START, .net_app_size = TU_NET_APP_SIZE,
        };
        struct pcd_image_result res;
        assert_int_equal(pcd_image_validate(&bp.port, PCD_MEM_QSPI, 0, (uint32_t)len, &cfg, &res), 0);
        assert_int_equal(res.key_index, signer);
        checked++;
        free(img);
    }
    assert_true(checked >= 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_every_signed_file_has_a_row),
        cmocka_unit_test(t_manifest_verdicts),
        cmocka_unit_test(t_manifest_other_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
