/* The application's download of a dfu_multi_image package (src/pcd/download.c, DL-*): streamed
 * into both secondary slots, repeats and losses of the transport, a power cut before / torn at /
 * right after every flash operation of download + request with the resumed result byte-identical
 * to an uninterrupted one, malformed packages refused before any flash operation (an earlier
 * complete candidate stays), a corrupt image never requested, the record's byte layout, and the
 * batch holding a candidate whose partner is not requested yet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd/batch.h"
#include "pcd/download.h"
#include "pcd_test_util.h"

#define FX_APP_V1 "signed/app-v1-64k_ecdsa-p256.bin"
#define FX_APP_V1_CORRUPT "signed/app-v1-64k_ecdsa-p256_CORRUPT-body.bin"
#define S0_OFF 0x0u /* extflash layout: mcuboot_secondary in QSPI */
#define S0_SIZE 0x74000u
#define S1_OFF 0x74000u /* mcuboot_secondary_1 */
#define S1_SIZE 0x40000u
#define PROG_OFF 0xF8000u /* settings_storage, two pages */
#define PROG_SIZE 0x2000u

struct pkg {
    uint8_t *b;
    uint32_t len;
    uint32_t img_off[2], img_len[2];
};

static void put_entry(uint8_t *h, uint32_t *n, uint32_t id, uint32_t size)
{
    static const uint8_t k[] = {0xA2, 0x62, 'i', 'd'};
    memcpy(h + *n, k, sizeof(k));
    *n += sizeof(k);
    h[(*n)++] = (uint8_t)id; /* 0..23: one byte */
    static const uint8_t s[] = {0x64, 's', 'i', 'z', 'e', 0x1A};
    memcpy(h + *n, s, sizeof(s));
    *n += sizeof(s);
    for (int sh = 24; sh >= 0; sh -= 8) {
        h[(*n)++] = (uint8_t)(size >> sh);
    }
}

/* A package of @p n images (ids @p ids) from fixture files, as dfu_multi_image_tool.py lays it out. */
static struct pkg make_pkg(unsigned n, const uint32_t *ids, const char *const *files)
{
    struct pkg p;
    memset(&p, 0, sizeof(p));
    uint8_t *img[2] = {NULL, NULL};
    uint8_t h[64];
    uint32_t hn = 0;
    static const uint8_t root[] = {0xA1, 0x63, 'i', 'm', 'g'};
    memcpy(h, root, sizeof(root));
    hn = sizeof(root);
    h[hn++] = (uint8_t)(0x80u | n);
    for (unsigned i = 0; i < n; i++) {
        img[i] = pt_read(files[i], &p.img_len[i]);
        put_entry(h, &hn, ids[i], p.img_len[i]);
    }
    p.len = 2u + hn + p.img_len[0] + (n > 1 ? p.img_len[1] : 0u);
    p.b = malloc(p.len + 64u);
    assert_non_null(p.b);
    p.b[0] = (uint8_t)hn;
    p.b[1] = 0;
    memcpy(p.b + 2, h, hn);
    uint32_t off = 2u + hn;
    for (unsigned i = 0; i < n; i++) {
        p.img_off[i] = off;
        memcpy(p.b + off, img[i], p.img_len[i]);
        off += p.img_len[i];
        free(img[i]);
    }
    return p;
}

static struct pkg pkg_both(void)
{
    static const uint32_t ids[2] = {0, 1};
    static const char *const files[2] = {FX_APP_V1, FX_NET_V1};
    return make_pkg(2, ids, files);
}

static void config(struct pcd_dl_config *c, bool permanent)
{
    memset(c, 0, sizeof(*c));
    c->slot[0] = (struct pcd_dl_area){PCD_MEM_QSPI, S0_OFF, S0_SIZE};
    c->slot[1] = (struct pcd_dl_area){PCD_MEM_QSPI, S1_OFF, S1_SIZE};
    c->progress = (struct pcd_dl_area){PCD_MEM_APP_FLASH, PROG_OFF, PROG_SIZE};
    c->permanent = permanent;
}

/* A transport: chunks of @p chunk bytes from the offset the device asks for; every @p drop-th
 * chunk is lost (sent at a wrong offset, which the device ignores) and every @p dup-th repeated.
 * Returns the first error (PCD_E_HALTED at a cut). */
static int transfer(struct pt_env *e, const struct pcd_dl_config *c, const struct pkg *p, uint32_t chunk,
                    unsigned drop, unsigned dup, struct pcd_dl *dl)
{
    int rc = pcd_dl_begin(dl, c, &e->tp.app_port, p->len);
    uint32_t next = 0;
    for (unsigned k = 1; rc == 0 && next < p->len; k++) {
        const uint32_t n = p->len - next < chunk ? p->len - next : chunk;
        uint32_t off = next;
        if (drop && k % drop == 0) {
            off = next + n; /* the chunk before it was lost: this one arrives out of order */
        }
        if (off < p->len) {
            const uint32_t m = p->len - off < n ? p->len - off : n;
            rc = pcd_dl_write(dl, off, p->b + off, m, &next);
        }
        if (rc == 0 && dup && k % dup == 0 && off >= chunk) {
            const uint32_t before = next;
            rc = pcd_dl_write(dl, off - chunk, p->b + off - chunk, chunk, &next); /* a repeat */
            assert_true(rc != 0 || next == before || off - chunk == before); /* ignored unless wanted */
        }
    }
    return rc == 0 ? pcd_dl_finish(dl) : rc;
}

static const uint8_t *qspi(struct pt_env *e, uint32_t off, uint32_t len)
{
    const uint8_t *v = fm_view(e->tp.fm, FM_NRF_QSPI, off, len);
    assert_non_null(v);
    return v;
}

/* Both slots hold their images and the request (DL-STREAM, DL-REQUEST). */
static void assert_requested(struct pt_env *e, const struct pkg *p, enum pcd_swap_type swap)
{
    struct pcd_slot_state s0, s1;
    assert_memory_equal(qspi(e, S0_OFF, p->img_len[0]), p->b + p->img_off[0], p->img_len[0]);
    assert_memory_equal(qspi(e, S1_OFF, p->img_len[1]), p->b + p->img_off[1], p->img_len[1]);
    assert_int_equal(pcd_slot_state_read(&e->tp.app_port, PCD_MEM_QSPI, S0_OFF, S0_SIZE, &s0), 0);
    assert_int_equal(pcd_slot_state_read(&e->tp.app_port, PCD_MEM_QSPI, S1_OFF, S1_SIZE, &s1), 0);
    assert_int_equal(s0.swap, swap);
    assert_int_equal(s1.swap, swap);
    assert_int_not_equal(s0.partner_word, PCD_SLOT_REC_ERASED);
    assert_int_not_equal(s1.partner_word, PCD_SLOT_REC_ERASED);
    assert_int_equal(s0.mark, PCD_SLOT_UNMARKED);
    assert_int_equal(pt_violations(e), 0);
}

static struct pt_env *env_with_old_slots(void)
{
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    /* an old, applied batch: its images, requests and DONE records must not confuse the new one */
    pt_load(e, FM_NRF_QSPI, S0_OFF, FX_APP_V2);
    pt_load(e, FM_NRF_QSPI, S1_OFF, FX_NET_V2);
    assert_int_equal(tp_request_upgrade(&e->tp, FM_NRF_QSPI, S0_OFF, S0_SIZE, true), 0);
    assert_int_equal(tp_request_upgrade(&e->tp, FM_NRF_QSPI, S1_OFF, S1_SIZE, true), 0);
    assert_int_equal(pcd_slot_mark_done(&e->tp.app_port, PCD_MEM_QSPI, S0_OFF, S0_SIZE), 0);
    assert_int_equal(pcd_slot_mark_done(&e->tp.app_port, PCD_MEM_QSPI, S1_OFF, S1_SIZE), 0);
    tp_reset_records(&e->tp);
    return e;
}

static void test_download__clean(void **state) /* DL-STREAM, DL-REQUEST */
{
    (void)state;
    struct pt_env *e = env_with_old_slots();
    struct pcd_dl_config c;
    struct pcd_dl *dl = calloc(1, sizeof(*dl));
    struct pkg p = pkg_both();
    config(&c, false);
    assert_int_equal(transfer(e, &c, &p, 244, 0, 0, dl), 0);
    assert_requested(e, &p, PCD_SWAP_TEST);
    assert_false(dl->resumed);
    /* one record per page written, plus the first and the "requested" one */
    assert_true(dl->records >= (p.img_len[0] + p.img_len[1]) / 4096u);
    /* a second session with the same package: nothing to send, request again writes nothing */
    const uint64_t seq = fm_next_seq(e->tp.fm);
    uint32_t next = 0;
    assert_int_equal(pcd_dl_begin(dl, &c, &e->tp.app_port, p.len), 0);
    assert_int_equal(pcd_dl_write(dl, 0, p.b, 300, &next), 0);
    assert_int_equal(next, p.len);
    assert_true(dl->resumed);
    assert_int_equal(pcd_dl_finish(dl), 0);
    assert_int_equal(fm_next_seq(e->tp.fm), seq);
    /* permanent: image_ok too */
    config(&c, true);
    struct pkg q = pkg_both();
    pt_env_free(e);
    e = env_with_old_slots();
    assert_int_equal(transfer(e, &c, &q, 512, 0, 0, dl), 0);
    assert_requested(e, &q, PCD_SWAP_PERM);
    free(q.b);
    free(p.b);
    free(dl);
    pt_env_free(e);
}

static void test_download__loss_and_repeats(void **state) /* DL-STREAM */
{
    (void)state;
    struct pt_env *e = env_with_old_slots();
    struct pcd_dl_config c;
    struct pcd_dl *dl = calloc(1, sizeof(*dl));
    struct pkg p = pkg_both();
    config(&c, false);
    assert_int_equal(transfer(e, &c, &p, 20, 7, 5, dl), 0); /* tiny chunks: the header spans several */
    assert_requested(e, &p, PCD_SWAP_TEST);
    free(p.b);
    free(dl);
    pt_env_free(e);
}

/* A malformed package is refused before any flash operation: the earlier complete candidate
 * (downloaded and requested) stays as it was (DL-REJECT). */
static void test_download__malformed_refused(void **state) /* DL-REJECT */
{
    (void)state;
    struct pt_env *e = env_with_old_slots();
    struct pcd_dl_config c;
    struct pcd_dl *dl = calloc(1, sizeof(*dl));
    struct pkg p = pkg_both();
    config(&c, false);
    assert_int_equal(transfer(e, &c, &p, 244, 0, 0, dl), 0);
    const uint64_t seq = fm_next_seq(e->tp.fm);
    struct {
        uint32_t at;
        uint8_t val;
        int32_t len_delta;
        int err;
    } bad[] = {
        {12, 0x02, 0, PCD_E_PKG_ID},    /* image 0's id 0 -> 2 */
        {0, 0, -1, PCD_E_PKG_TRUNC},    /* a byte short */
        {0, 0, +4, PCD_E_PKG_SIZE},     /* bytes after the last image */
        {2, 0xBF, 0, PCD_E_PKG_CBOR},   /* an indefinite map */
        {19, 0x7F, 0, PCD_E_PKG_TRUNC}, /* image 0's size 0x7Fxxxxxx: more than the package holds */
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct pkg q = pkg_both();
        if (bad[i].len_delta == 0) {
            q.b[bad[i].at] = bad[i].val;
        }
        q.len = (uint32_t)((int32_t)q.len + bad[i].len_delta);
        const int rc = transfer(e, &c, &q, 244, 0, 0, dl);
        assert_int_equal(rc, bad[i].err);
        assert_int_equal(dl->phase, PCD_DL_PHASE_REFUSED);
        uint32_t next;
        assert_int_equal(pcd_dl_write(dl, 0, q.b, 10, &next), rc); /* stays refused */
        assert_int_equal(pcd_dl_finish(dl), PCD_E_DL_STATE);
        assert_int_equal(fm_next_seq(e->tp.fm), seq); /* not one flash operation */
        free(q.b);
    }
    assert_requested(e, &p, PCD_SWAP_TEST);
    /* an image too large for its slot: the 33 KiB net image (id 1) and a 32 KiB slot */
    c.slot[1].size = 0x8000u;
    assert_int_equal(transfer(e, &c, &p, 244, 0, 0, dl), PCD_E_PKG_SIZE);
    assert_int_equal(fm_next_seq(e->tp.fm), seq);
    free(p.b);
    free(dl);
    pt_env_free(e);
}

/* An image that does not match its SHA256 TLV is never requested (DL-REQUEST). */
static void test_download__corrupt_image_not_requested(void **state) /* DL-REQUEST */
{
    (void)state;
    struct pt_env *e = env_with_old_slots();
    struct pcd_dl_config c;
    struct pcd_dl *dl = calloc(1, sizeof(*dl));
    static const uint32_t ids[2] = {0, 1};
    static const char *const files[2] = {FX_APP_V1_CORRUPT, FX_NET_V1};
    struct pkg p = make_pkg(2, ids, files);
    config(&c, false);
    assert_int_equal(transfer(e, &c, &p, 244, 0, 0, dl), PCD_E_DL_HASH);
    struct pcd_slot_state s0, s1;
    assert_int_equal(pcd_slot_state_read(&e->tp.app_port, PCD_MEM_QSPI, S0_OFF, S0_SIZE, &s0), 0);
    assert_int_equal(pcd_slot_state_read(&e->tp.app_port, PCD_MEM_QSPI, S1_OFF, S1_SIZE, &s1), 0);
    assert_int_equal(s0.swap, PCD_SWAP_NONE);
    assert_int_equal(s1.swap, PCD_SWAP_NONE);
    assert_int_equal(s1.partner_word, PCD_SLOT_REC_ERASED);
    free(p.b);
    free(dl);
    pt_env_free(e);
}

/* Whatever a cut leaves, no slot offers a partly written image, and a lone request names a
 * partner (the batch holds it back). */
static void assert_nothing_partial(struct pt_env *e, const struct pkg *p)
{
    const uint32_t off[2] = {S0_OFF, S1_OFF}, size[2] = {S0_SIZE, S1_SIZE};
    struct pcd_slot_state s[2];
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(pcd_slot_state_read(&e->tp.app_port, PCD_MEM_QSPI, off[i], size[i], &s[i]), 0);
        if (s[i].swap != PCD_SWAP_NONE && s[i].mark == PCD_SLOT_UNMARKED) { /* the old ones are marked done */
            assert_memory_equal(qspi(e, off[i], p->img_len[i]), p->b + p->img_off[i], p->img_len[i]);
            assert_int_not_equal(s[i].partner_word, PCD_SLOT_REC_ERASED);
        }
    }
}

/* DL-RESUME: a cut before, torn at, or right after every flash operation of the download and its
 * request; the next session resumes, and the slots end byte-identical to an uninterrupted run. */
static void test_download__powercut_every_op(void **state) /* DL-RESUME, DL-REQUEST */
{
    (void)state;
    struct pt_env *e = env_with_old_slots();
    struct pcd_dl_config c;
    struct pcd_dl *dl = calloc(1, sizeof(*dl));
    struct pkg p = pkg_both();
    struct fm_snapshot *snap = NULL;
    config(&c, true);
    assert_int_equal(fm_snapshot_create(e->tp.fm, &snap), 0);
    fm_snapshot_take(e->tp.fm, snap);
    const uint64_t seq0 = fm_next_seq(e->tp.fm);
    assert_int_equal(transfer(e, &c, &p, 244, 0, 0, dl), 0);
    const uint64_t n = fm_next_seq(e->tp.fm) - seq0;
    uint8_t ref0[PCD_SHA256_LEN], ref1[PCD_SHA256_LEN], got[PCD_SHA256_LEN];
    assert_int_equal(tp_sha256_region(&e->tp, FM_NRF_QSPI, S0_OFF, S0_SIZE, ref0), 0);
    assert_int_equal(tp_sha256_region(&e->tp, FM_NRF_QSPI, S1_OFF, S1_SIZE, ref1), 0);
    static const struct {
        enum fm_fault_action act;
        enum fm_tear_mode mode;
    } kinds[] = {{FM_FAULT_CUT_BEFORE, FM_TEAR_PREFIX}, {FM_FAULT_TEAR, FM_TEAR_PREFIX}, {FM_FAULT_TEAR, FM_TEAR_SOMEBITS},
                 {FM_FAULT_TEAR, FM_TEAR_GARBAGE}, {FM_FAULT_CUT_AFTER, FM_TEAR_PREFIX}};
    unsigned resumed = 0;
    for (unsigned kd = 0; kd < sizeof(kinds) / sizeof(kinds[0]); kd++) {
        for (uint64_t k = 0; k < n; k++) {
            fm_snapshot_restore(e->tp.fm, snap);
            tp_reset_records(&e->tp);
            tp_arm_cut(&e->tp, fm_next_seq(e->tp.fm) + k, kinds[kd].act);
            e->tp.cut.tear.mode = kinds[kd].mode;
            assert_int_equal(transfer(e, &c, &p, 244, 0, 0, dl), PCD_E_HALTED);
            assert_true(e->tp.cut.fired);
            tp_disarm_cut(&e->tp);
            tp_power_cycle(&e->tp);
            assert_nothing_partial(e, &p);
            const int rc = transfer(e, &c, &p, 244, 0, 0, dl);
            if (rc != 0) {
                fail_msg("cut %u at op %llu of %llu: resumed session returned %s", kd, (unsigned long long)k,
                         (unsigned long long)n, pcd_strerror(rc));
            }
            resumed += dl->resumed ? 1u : 0u;
            assert_int_equal(tp_sha256_region(&e->tp, FM_NRF_QSPI, S0_OFF, S0_SIZE, got), 0);
            if (memcmp(got, ref0, PCD_SHA256_LEN) != 0) {
                fail_msg("cut %u at op %llu: slot 0 differs from the uninterrupted run", kd, (unsigned long long)k);
            }
            assert_int_equal(tp_sha256_region(&e->tp, FM_NRF_QSPI, S1_OFF, S1_SIZE, got), 0);
            if (memcmp(got, ref1, PCD_SHA256_LEN) != 0) {
                fail_msg("cut %u at op %llu: slot 1 differs from the uninterrupted run", kd, (unsigned long long)k);
            }
            assert_int_equal(pt_violations(e), 0);
        }
    }
    print_message("  %llu operations x 5 kinds of cut, %u sessions resumed\n", (unsigned long long)n, resumed);
    assert_true(resumed > n);
    fm_snapshot_destroy(snap);
    free(p.b);
    free(dl);
    pt_env_free(e);
}

/* docs/SPEC.md "Download progress record": the bytes of one record. */
static void test_download__record_layout(void **state)
{
    (void)state;
    uint8_t r[PCD_DL_REC_SIZE];
    pcd_dl_rec_encode(r, 0x01020304u, 0xA1B2C3D4u, 0x00057E40u, 0x00012000u, PCD_DL_REC_RECEIVING, true);
    static const uint8_t head[24] = {0x44, 0x4C, 0x50, 0x31, 0x04, 0x03, 0x02, 0x01, 0xD4, 0xC3, 0xB2, 0xA1,
                                     0x40, 0x7E, 0x05, 0x00, 0x00, 0x20, 0x01, 0x00, 0x01, 0x01, 0xFF, 0xFF};
    assert_memory_equal(r, head, sizeof(head));
    for (unsigned i = 24; i < PCD_DL_REC_OFF_CRC; i++) {
        assert_int_equal(r[i], 0xFF);
    }
    const uint32_t crc = pcd_crc32(0, r, PCD_DL_REC_OFF_CRC);
    assert_int_equal(r[60] | r[61] << 8 | r[62] << 16 | (uint32_t)r[63] << 24, crc);
    assert_true(pcd_dl_rec_valid(r));
    r[17] ^= 0x01;
    assert_false(pcd_dl_rec_valid(r));
}

/* The batch holds a requested candidate whose partner word names an image that is not requested
 * yet (a cut between the download's two requests): nothing is applied until both are. */
static void test_download__batch_holds_lone_partner(void **state) /* DL-REQUEST */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    pt_load(e, FM_NRF_QSPI, S0_OFF, FX_APP_V1);
    pt_load(e, FM_NRF_QSPI, S1_OFF, FX_NET_V2);
    assert_int_equal(pcd_slot_mark_partner(&e->tp.app_port, PCD_MEM_QSPI, S0_OFF, S0_SIZE, 0x11223344u), 0);
    assert_int_equal(pcd_slot_mark_partner(&e->tp.app_port, PCD_MEM_QSPI, S1_OFF, S1_SIZE, 0x55667788u), 0);
    assert_int_equal(tp_request_upgrade(&e->tp, FM_NRF_QSPI, S1_OFF, S1_SIZE, true), 0);
    struct pcd_batch_config bc;
    struct pcd_batch_result r;
    pcd_batch_config_default(&bc);
    bc.net = e->ucfg; /* mcuboot_secondary_1 in QSPI at S1_OFF */
    bc.app_slot_mem = PCD_MEM_QSPI;
    bc.app_slot_off = S0_OFF;
    bc.app_slot_size = S0_SIZE;
    bc.app_keys = e->keys;
    bc.app_key_count = 2;
    tp_script_net(&e->tp, NULL, 0, TP_NET_B0N);
    assert_int_equal(pcd_batch_run(&bc, &e->tp.app_port, &r), 0);
    assert_false(r.img[1].in_batch);
    assert_int_equal(r.img[1].outcome, PCD_UPD_NO_CANDIDATE);
    assert_true(pt_old_image_intact(e));
    assert_true(tp_log_has(&e->tp.app, "waits for its batch partner"));
    pt_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_download__clean),
        cmocka_unit_test(test_download__loss_and_repeats),
        cmocka_unit_test(test_download__malformed_refused),
        cmocka_unit_test(test_download__corrupt_image_not_requested),
        cmocka_unit_test(test_download__powercut_every_op),
        cmocka_unit_test(test_download__record_layout),
        cmocka_unit_test(test_download__batch_holds_lone_partner),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
