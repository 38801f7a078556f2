/* B0N (pcd/b0n.h) on the network-core test port over the real flash model, with the fixture
 * images. Each test names the requirement ids (reference-behaviour.md §3 "B0N") it checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd/fwinfo.h"
#include "pcd_test_util.h"

#define SRC_FLASH (PT_INT_SLOT_OFF + PT_HDR) /* body of a signed image loaded at the internal slot */
#define SRC_RAM PT_RAM_FLASH                 /* body staged in app RAM */
#define V2_LEN 0x258C4u                      /* ih_img_size of net-v2-150k (MANIFEST §4) */
#define MAX_LEN 0x37800u                     /* ih_img_size of net-v2-max */
#define APP_PAGE0 (PT_NET_APP_OFF / PT_NET_PAGE) /* first page of the net app partition: 17 */

static struct pt_env *env_with_v2_in_flash(uint8_t sha[PCD_SHA256_LEN])
{
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    pt_load(e, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF, FX_NET_V2);
    if (sha != NULL) {
        pt_sha_dev(e, FM_NRF_APP_FLASH, SRC_FLASH, V2_LEN, sha);
    }
    return e;
}

static int run_cmd(struct pt_env *e, const struct pcd_cmd *cmd)
{
    tp_reset_records(&e->tp);
    pt_poke_cmd(e, cmd);
    fm_stats_reset(e->tp.fm);
    return tp_run_b0n(&e->tp);
}

/* Invert one byte of net flash (setup write): a corrupt application. */
static void flip_net_byte(struct pt_env *e, uint32_t off)
{
    uint8_t b;
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_NET_FLASH, off, &b, 1), 0);
    b = (uint8_t)~b;
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, off, &b, 1), 0);
}

/* Raw net v1 (MANIFEST §3): fw_info at +0x200, fw_info.size, validation info 2 bytes later. */
#define V1_FW_SIZE 0x7F56u
#define V1_VI_OFF 0x7F58u

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* A B0-signed body made from raw net v1, consistent for B0N: linked at @p link (fw_info.address,
 * boot_address, the reset vector and the validation info's address moved with it), its
 * fw_validation_info at fw_info.size + @p k (0xFF between), then @p extra bytes 0xA5, the
 * validation hash recomputed. Returns a heap buffer; *len = V1_FW_SIZE + k + 176 + extra. */
static uint8_t *make_body(uint32_t link, uint32_t k, uint32_t extra, uint32_t *len)
{
    uint32_t raw_len = 0;
    uint8_t *raw = pt_read(FX_RAW_NET_V1, &raw_len);
    assert_true(raw_len == V1_VI_OFF + PCD_VALINFO_SIZE);
    *len = V1_FW_SIZE + k + PCD_VALINFO_SIZE + extra;
    uint8_t *b = malloc(*len);
    assert_non_null(b);
    memcpy(b, raw, V1_FW_SIZE);
    memset(b + V1_FW_SIZE, 0xFF, k);
    memcpy(b + V1_FW_SIZE + k, raw + V1_VI_OFF, PCD_VALINFO_SIZE);
    memset(b + V1_FW_SIZE + k + PCD_VALINFO_SIZE, 0xA5, extra);
    free(raw);
    const uint32_t reset = (uint32_t)b[4] | ((uint32_t)b[5] << 8) | ((uint32_t)b[6] << 16) | ((uint32_t)b[7] << 24);
    put_le32(b + 4, reset - 0x01008800u + link);
    put_le32(b + 0x200 + 24, link); /* fw_info.address */
    put_le32(b + 0x200 + 28, link); /* fw_info.boot_address */
    uint8_t *vi = b + V1_FW_SIZE + k;
    put_le32(vi + 12, link);
    pt_sha(b, V1_FW_SIZE, vi + 16);
    return b;
}

/* Put @p len bytes at app-RAM bus address @p addr (setup write). */
static void put_ram(struct pt_env *e, uint32_t addr, const uint8_t *b, uint32_t len)
{
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_SRAM, addr - FM_NRF_APP_SRAM_BASE, b, len), 0);
}

static struct fm_stats net_stats(struct pt_env *e)
{
    struct fm_stats st;
    assert_int_equal(fm_stats(e->tp.fm, FM_NRF_NET_FLASH, &st), 0);
    return st;
}

/* A refused or failed command: FAIL answered with the reason word, B0N stopped, no boot. */
static void assert_fail_answer(struct pt_env *e, int reason)
{
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(e->tp.last_b0n_rc, 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_FAIL);
    assert_int_equal(e->tp.last_b0n.reason, reason);
    assert_int_equal(ans.magic, PCD_CMD_MAGIC_FAIL);
    assert_int_equal(ans.reason, pcd_cmd_reason_of(reason));
    assert_int_equal(e->tp.net.boot_count, 0);
    assert_int_equal(e->tp.net.stop_count, 1);
    assert_int_equal(e->tp.net.signal_count, 1);
}

/* Nothing was erased or written, the old image and the container are intact. */
static void assert_nothing_touched(struct pt_env *e)
{
    struct fm_stats st = net_stats(e);
    assert_int_equal(st.erases, 0);
    assert_int_equal(st.prog_ops, 0);
    assert_int_equal(e->tp.last_b0n.pages_erased, 0);
    assert_false(e->tp.last_b0n.dst_modified);
    assert_true(pt_old_image_intact(e));
    assert_true(pt_container_intact(e));
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.flags & PCD_CMD_B0N_DST_MODIFIED, 0);
}

/* ---- B0N-BOOT-VALID ------------------------------------------------------------------------------ */

static void test_b0n__boot_valid_image(void **state) /* B0N-BOOT-VALID */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pt_rec_port *r = calloc(1, sizeof(*r));
    struct pcd_b0n_result res;
    struct pcd_cmd none;
    memset(&none, 0, sizeof(none));
    pt_poke_cmd(e, &none);
    pt_rec_init(r, &e->tp.net_port);
    assert_int_equal(pcd_b0n_run(&e->tp.b0n_cfg, &r->port, &res), 0);
    assert_int_equal(res.outcome, PCD_B0N_BOOTED);
    assert_false(res.cmd_seen);
    assert_true(res.checks & PCD_B0N_CHK_BOOT_VALID);
    assert_int_equal(res.boot_addr, 0x01008800u);
    assert_int_equal(res.version, 1);
    assert_int_equal(e->tp.net.boot_count, 1);
    assert_int_equal(e->tp.net.boot_vtor, 0x01008800u);
    /* a normal boot writes nothing: no block word, no flash */
    for (unsigned i = 0; i < r->n; i++) {
        assert_true(r->ev[i].kind == 'B');
    }
    assert_true(tp_log_has(&e->tp.net, "booting network core application at 0x01008800"));
    free(r);
    pt_env_free(e);
}

static void test_b0n__boot_refuses_corrupt_image(void **state) /* B0N-BOOT-VALID, H7, SYS-REPORT */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    flip_net_byte(e, PT_NET_APP_OFF + 0x3000);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.reason, PCD_E_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_VALINFO_HASH);
    assert_int_equal(e->tp.net.boot_count, 0);
    assert_true(tp_log_has(&e->tp.net, "no valid network core image"));
    pt_env_free(e);
}

static void test_b0n__boot_erased_partition(void **state) /* B0N-BOOT-VALID, H7 (no NULL fw_info jump) */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    assert_int_equal(tp_fill_erased(&e->tp, FM_NRF_NET_FLASH, PT_NET_APP_OFF, PT_NET_APP_SIZE), 0);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_MISSING);
    assert_int_equal(e->tp.net.boot_count, 0);
    pt_env_free(e);
}

/* An application without fw_info (its vector table intact) is not booted: NCS's bl_boot aborts
 * on it too (facts errata); "no valid image" is reported. */
static void test_b0n__boot_without_fwinfo_refused(void **state) /* B0N-BOOT-VALID: no fw_info */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    const uint8_t zero[12] = {0};
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF + 0x200, zero, sizeof(zero)), 0);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.reason, PCD_E_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_MISSING);
    assert_int_equal(e->tp.last_b0n.boot_addr, 0);
    assert_int_equal(e->tp.net.boot_count, 0);
    assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_BOOT_VALID);
    assert_true(tp_log_has(&e->tp.net, "no valid network core image (PCD_E_FWINFO_MISSING)"));
    pt_env_free(e);
}

/* Stale and unknown magics are no command: the app boots, nothing is copied. */
static void test_b0n__stale_magics_are_no_command(void **state) /* B0N-CHECK-CMD, B0N-BOOT-VALID */
{
    (void)state;
    const uint32_t magics[] = {PCD_CMD_MAGIC_DONE, PCD_CMD_MAGIC_FAIL, 0u, 0xFFFFFFFFu, 0xb5b4b3b7u, 0xa91c4eadu};
    for (unsigned i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
        uint8_t sha[PCD_SHA256_LEN];
        struct pt_env *e = env_with_v2_in_flash(sha);
        struct pcd_cmd c;
        pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
        c.magic = magics[i];
        assert_int_equal(run_cmd(e, &c), 0);
        assert_false(e->tp.last_b0n.cmd_seen);
        assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
        assert_int_equal(e->tp.net.boot_count, 1);
        assert_int_equal(net_stats(e).erases, 0);
        assert_true(pt_old_image_intact(e));
        struct pcd_cmd after;
        pt_peek_cmd(e, &after);
        assert_int_equal(after.magic, magics[i]); /* B0N did not write the block */
        pt_env_free(e);
    }
}

/* Garbage in SRAM after a cold power-up (the model's deterministic RAM garbage). */
static void test_b0n__garbage_after_power_up(void **state) /* B0N-CHECK-CMD */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    for (unsigned k = 0; k < 8; k++) {
        tp_power_cycle(&e->tp);
        fm_stats_reset(e->tp.fm);
        assert_int_equal(tp_run_b0n(&e->tp), 0);
        assert_false(e->tp.last_b0n.cmd_seen);
        assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
        assert_int_equal(net_stats(e).erases + net_stats(e).prog_ops, 0);
    }
    assert_true(pt_old_image_intact(e));
    pt_env_free(e);
}

/* ---- B0N-CHECK-CMD: adversarial commands --------------------------------------------------------- */

struct bad_cmd {
    const char *what;
    uint32_t src;
    uint32_t len;
    uint32_t dst_off;
    int reason;
};

static void test_b0n__adversarial_commands(void **state) /* B0N-CHECK-CMD, B0N-SELF-PROTECT, H13 */
{
    (void)state;
    static const struct bad_cmd cases[] = {
        {"dst over the B0N container start", SRC_FLASH, V2_LEN, 0x0u, PCD_E_CMD_DST},
        {"dst in the provision page", SRC_FLASH, V2_LEN, 0x8580u, PCD_E_CMD_DST},
        {"dst word-aligned, first page in the container", SRC_FLASH, V2_LEN, 0x87FCu, PCD_E_CMD_DST},
        {"dst range runs past net flash", SRC_FLASH, 0x2000u, 0x3F000u, PCD_E_CMD_DST},
        {"dst past net flash", SRC_FLASH, 0x100u, 0x40000u, PCD_E_CMD_DST},
        {"dst offset overflowing", SRC_FLASH, 0x100u, 0xFFFFF000u, PCD_E_CMD_DST},
        {"dst not word-aligned", SRC_FLASH, V2_LEN, 0x8802u, PCD_E_CMD_ALIGN},
        {"len 0", SRC_FLASH, 0u, PT_NET_APP_OFF, PCD_E_CMD_LEN},
        {"len past the partition", SRC_FLASH, PT_NET_APP_SIZE + 4u, PT_NET_APP_OFF, PCD_E_CMD_LEN},
        {"len 0xFFFFFFFF", SRC_FLASH, 0xFFFFFFFFu, PT_NET_APP_OFF, PCD_E_CMD_LEN},
        {"src in QSPI XIP space (H3)", 0x10074200u, V2_LEN, PT_NET_APP_OFF, PCD_E_CMD_SRC},
        {"src unmapped", 0x30000000u, V2_LEN, PT_NET_APP_OFF, PCD_E_CMD_SRC},
        {"src = flash offset of a QSPI slot as an address (H1)", 0x00074200u + 0x100000u, V2_LEN, PT_NET_APP_OFF,
         PCD_E_CMD_SRC},
        {"src straddling the end of app flash", 0xFFF00u, 0x200u, PT_NET_APP_OFF, PCD_E_CMD_SRC},
        {"src wrapping 32 bits", 0xFFFFFF00u, 0x200u, PT_NET_APP_OFF, PCD_E_CMD_SRC},
        {"src in net flash", 0x01008800u, 0x1000u, PT_NET_APP_OFF, PCD_E_CMD_SRC},
        {"src past the end of app RAM", 0x2007FF00u, 0x200u, PT_NET_APP_OFF, PCD_E_CMD_SRC},
        {"src in net RAM", 0x21000000u, 0x200u, PT_NET_APP_OFF, PCD_E_CMD_SRC},
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t sha[PCD_SHA256_LEN];
        struct pt_env *e = env_with_v2_in_flash(sha);
        struct pcd_cmd c;
        pcd_cmd_make_copy(&c, cases[i].src, cases[i].len, cases[i].dst_off, sha);
        print_message("  %s\n", cases[i].what);
        assert_int_equal(run_cmd(e, &c), 0);
        assert_fail_answer(e, cases[i].reason);
        assert_nothing_touched(e);
        assert_int_equal(pt_bus_faults(e), 0); /* refused before any read of the source */
        assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_CMD);
        pt_env_free(e);
    }
}

static void test_b0n__unknown_extension_version(void **state) /* B0N-CHECK-CMD (extension) */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    c.ext_marker = 0x07584350u;
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_CMD_EXT);
    assert_nothing_touched(e);
    pt_env_free(e);
}

static void test_b0n__oversize_body_refused(void **state) /* B0N-CHECK-CMD, APP-SIZE at the net side */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    uint32_t len = pt_put_body(e, SRC_RAM, FX_NET_OVERSIZE);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_APP_SRAM, SRC_RAM - FM_NRF_APP_SRAM_BASE, len, sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_CMD_LEN);
    assert_nothing_touched(e);
    pt_env_free(e);
}

/* ---- B0N-SRC-SHA and B0N-SRC-BOOTABLE ------------------------------------------------------------- */

static void test_b0n__source_sha_mismatch(void **state) /* B0N-SRC-SHA */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    struct pcd_cmd c;
    sha[7] ^= 0x01;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_SRC_HASH);
    assert_nothing_touched(e);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_CMD);
    assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_SRC_SHA);
    assert_true(tp_log_has(&e->tp.net, "source SHA-256 mismatch"));
    pt_env_free(e);
}

static void test_b0n__source_corrupted_after_hashing(void **state) /* B0N-SRC-SHA */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    uint32_t len = pt_put_body(e, SRC_RAM, FX_NET_V2);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_APP_SRAM, SRC_RAM - FM_NRF_APP_SRAM_BASE, len, sha);
    pt_put_body(e, SRC_RAM, FX_NET_CORRUPT); /* one byte differs (MANIFEST #13) */
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_SRC_HASH);
    assert_nothing_touched(e);
    pt_env_free(e);
}

static void test_b0n__source_not_bootable(void **state) /* B0N-SRC-BOOTABLE */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    /* the corrupt body with its own SHA: the extension matches, the fw_validation_info does not */
    uint32_t len = pt_put_body(e, SRC_RAM, FX_NET_CORRUPT);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_APP_SRAM, SRC_RAM - FM_NRF_APP_SRAM_BASE, len, sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_NOT_BOOTABLE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_VALINFO_HASH);
    assert_true(e->tp.last_b0n.src_fwinfo);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_SRC_SHA);
    assert_nothing_touched(e);
    pt_env_free(e);
}

static void test_b0n__source_linked_elsewhere(void **state) /* B0N-SRC-BOOTABLE: fw_info.address != dst */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, 0x9000u, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_NOT_BOOTABLE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_ADDR);
    assert_nothing_touched(e);
    pt_env_free(e);
}

/* ---- B0N-COPY, B0N-DST-SHA, B0N-REPORT -------------------------------------------------------------- */

static void test_b0n__copy_from_app_flash(void **state) /* B0N-COPY, B0N-DST-SHA, B0N-REPORT, B0N-SELF-PROTECT */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    /* a marker in the pages after the new image: must survive (no page outside the range) */
    static uint8_t marker[0x800 * 4];
    memset(marker, 0x3C, sizeof(marker));
    const uint32_t after = PT_NET_APP_OFF + 0x26000u; /* first page after dst + V2_LEN, rounded up */
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, after, marker, sizeof(marker)), 0);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    struct pt_rec_port *r = calloc(1, sizeof(*r));
    pt_rec_init(r, &e->tp.net_port);
    pt_poke_cmd(e, &c);
    fm_stats_reset(e->tp.fm);
    struct pcd_b0n_result res;
    assert_int_equal(pcd_b0n_run(&e->tp.b0n_cfg, &r->port, &res), 0);

    assert_int_equal(res.outcome, PCD_B0N_CMD_DONE);
    assert_int_equal(res.reason, 0);
    assert_true(res.ext);
    assert_true(res.src_fwinfo);
    const uint32_t all = PCD_B0N_CHK_CMD | PCD_B0N_CHK_SRC_SHA | PCD_B0N_CHK_SRC_BOOTABLE | PCD_B0N_CHK_COPY |
                         PCD_B0N_CHK_DST_SHA;
    assert_int_equal(res.checks & all, all);
    assert_true(pt_net_has_body(e, FX_NET_V2));
    assert_true(pt_container_intact(e));
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, after, marker, sizeof(marker), NULL), 0);

    /* erase-on-first-touch: exactly the pages of [dst, dst + len), each once */
    const uint32_t pages = (V2_LEN + PT_NET_PAGE - 1) / PT_NET_PAGE;
    assert_int_equal(res.pages_erased, pages);
    uint32_t touched[128];
    assert_int_equal(fm_pages_touched(e->tp.fm, FM_NRF_NET_FLASH, touched, 128), pages);
    for (uint32_t i = 0; i < pages; i++) {
        assert_int_equal(touched[i], APP_PAGE0 + i);
        assert_int_equal(fm_page_erase_count(e->tp.fm, FM_NRF_NET_FLASH, APP_PAGE0 + i), 1);
    }
    struct fm_stats st = net_stats(e);
    assert_int_equal(st.erases, pages);
    assert_int_equal(st.prog_bytes, (V2_LEN + 3u) & ~3u);
    assert_int_equal(pt_violations(e), 0);

    /* B0N-REPORT: reason, flags, magic last; then signal; then stop; never a boot */
    unsigned w = 0, last_w = 0;
    for (unsigned i = 0; i < r->n; i++) {
        if (r->ev[i].kind == 'W') {
            w++;
            last_w = i;
        }
        assert_true(r->ev[i].kind != 'B');
    }
    assert_int_equal(w, 3);
    assert_int_equal(r->ev[last_w - 2].addr, PT_PCD + PCD_CMD_OFF_REASON);
    assert_int_equal(r->ev[last_w - 1].addr, PT_PCD + PCD_CMD_OFF_FLAGS);
    assert_int_equal(r->ev[last_w].addr, PT_PCD + PCD_CMD_OFF_MAGIC);
    assert_int_equal(r->ev[last_w].val, PCD_CMD_MAGIC_DONE);
    assert_int_equal(r->ev[last_w + 1].kind, 'S');
    assert_int_equal(r->ev[last_w + 2].kind, 'T');
    assert_int_equal(r->n, last_w + 3);
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.reason, 0);
    assert_int_equal(ans.flags, PCD_CMD_B0N_EXT | PCD_CMD_B0N_DST_MODIFIED);
    assert_int_equal(e->tp.net.boot_count, 0);

    /* the next start boots the new image */
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 2);
    free(r);
    pt_env_free(e);
}

/* A word-aligned destination that is not page-aligned (B0N accepts it): erase on first touch
 * rounds the first page down and the last one up, and touches nothing else. The bytes of the
 * first page below dst belong to the net app partition (which starts on a page boundary:
 * pcd_b0n_config_check()) and are erased with it; docs/SPEC.md §3. */
static void test_b0n__copy_to_unaligned_destination(void **state) /* B0N-COPY, B0N-SELF-PROTECT */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    const uint32_t dst_off = PT_NET_APP_OFF + 4u;
    /* 0x87FE bytes: 17 pages from a page boundary, 18 from dst (0x8804 .. 0x11001) */
    uint32_t len;
    uint8_t *body = make_body(FM_NRF_NET_FLASH_BASE + dst_off, 0, 0x7F8u, &len);
    assert_int_equal(len, 0x87FEu);
    put_ram(e, SRC_RAM, body, len);
    static uint8_t marker[0x800];
    memset(marker, 0x3C, sizeof(marker));
    const uint32_t after = PT_NET_APP_OFF + 18u * PT_NET_PAGE; /* the page after the last one touched */
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, after, marker, sizeof(marker)), 0);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha(body, len, sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, dst_off, sha);
    assert_int_equal(run_cmd(e, &c), 0);

    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_DST_SHA);
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, dst_off, body, len, NULL), 0);
    const uint8_t ff[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF, ff, 4, NULL), 0); /* below dst: erased */
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, dst_off + len, ff, 2, NULL), 0);  /* padding */
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, after, marker, sizeof(marker), NULL), 0);
    assert_int_equal(e->tp.last_b0n.pages_erased, 18);
    uint32_t touched[128];
    assert_int_equal(fm_pages_touched(e->tp.fm, FM_NRF_NET_FLASH, touched, 128), 18);
    for (uint32_t i = 0; i < 18; i++) {
        assert_int_equal(touched[i], APP_PAGE0 + i);
        assert_int_equal(fm_page_erase_count(e->tp.fm, FM_NRF_NET_FLASH, APP_PAGE0 + i), 1);
    }
    assert_int_equal(net_stats(e).erases, 18);
    assert_int_equal(net_stats(e).prog_bytes, 0x8800u);
    assert_int_equal(pt_violations(e), 0);
    assert_true(pt_container_intact(e));
    free(body);
    pt_env_free(e);
}

/* B0N-SELF-PROTECT with commands that fail for no other reason: the source hashes to the
 * expected SHA-256 and carries a valid fw_info linked exactly at the destination, aimed at the
 * B0N container, the provision area, the last page of net flash (running past its end) and past
 * net flash. Refused (PCD_E_CMD_DST), nothing written; then the same without fw_info. */
static void test_b0n__self_protect_consistent_commands(void **state) /* B0N-SELF-PROTECT, B0N-CHECK-CMD */
{
    (void)state;
    static const struct {
        const char *what;
        uint32_t dst_off;
        uint32_t extra; /* bytes copied after the body */
    } cases[] = {
        {"B0N container start", 0x0u, 0},
        {"B0N's last page", 0x8000u, 0},
        {"provision area", 0x8580u, 0},
        {"runs 12 bytes past net flash, the image itself fits", 0x37FF8u, 0xEu},
        {"past net flash", 0x40000u, 0},
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        print_message("  %s\n", cases[i].what);
        struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
        uint32_t len;
        uint8_t *body = make_body(FM_NRF_NET_FLASH_BASE + cases[i].dst_off, 0, cases[i].extra, &len);
        put_ram(e, SRC_RAM, body, len);
        if (cases[i].extra != 0u) {
            /* the image alone would boot at that address, were the copy not running past net flash */
            struct pcd_fwinfo_result vr;
            const uint32_t at = FM_NRF_NET_FLASH_BASE + cases[i].dst_off;
            assert_int_equal(pcd_fwinfo_validate(&e->tp.net_port, SRC_RAM, len, at, PT_NET_FLASH_BASE + PT_NET_APP_OFF,
                                                 PT_NET_APP_SIZE, &vr),
                             0);
        }
        uint8_t sha[PCD_SHA256_LEN];
        pt_sha(body, len, sha);
        struct pcd_cmd c;
        pcd_cmd_make_copy(&c, SRC_RAM, len, cases[i].dst_off, sha);
        assert_int_equal(run_cmd(e, &c), 0);
        assert_fail_answer(e, PCD_E_CMD_DST);
        assert_nothing_touched(e);
        assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_CMD);
        /* the same destination with a hash-consistent source without fw_info (the issue's
         * wording): the destination is judged first, so the reason is still the destination */
        memset(body + 0x200, 0, 12);
        put_ram(e, SRC_RAM, body, len);
        pt_sha(body, len, sha);
        pcd_cmd_make_copy(&c, SRC_RAM, len, cases[i].dst_off, sha);
        assert_int_equal(run_cmd(e, &c), 0);
        assert_fail_answer(e, PCD_E_CMD_DST);
        assert_nothing_touched(e);
        free(body);
        pt_env_free(e);
    }
}

static void test_b0n__copy_max_size_from_ram(void **state) /* B0N-COPY (max-size fixture), B0N-DST-SHA */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    uint32_t len = pt_put_body(e, SRC_RAM, FX_NET_MAX);
    assert_int_equal(len, MAX_LEN);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha_dev(e, FM_NRF_APP_SRAM, SRC_RAM - FM_NRF_APP_SRAM_BASE, len, sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_int_equal(e->tp.last_b0n.pages_erased, MAX_LEN / PT_NET_PAGE);
    assert_true(pt_net_has_body(e, FX_NET_MAX));
    assert_true(pt_container_intact(e));
    assert_int_equal(fm_page_erase_count(e->tp.fm, FM_NRF_NET_FLASH, 127), 1);
    assert_int_equal(pt_violations(e), 0);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    pt_env_free(e);
}

static void test_b0n__copy_partial_word(void **state) /* B0N-COPY (padding), B0N-SRC-BOOTABLE */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    /* validation info right after the firmware (k = 0): 0x8006 bytes, the last word partial */
    uint32_t len;
    uint8_t *body = make_body(0x01008800u, 0, 0, &len);
    assert_int_equal(len, 0x8006u);
    put_ram(e, SRC_RAM, body, len);
    static uint8_t marker[0x800];
    memset(marker, 0x3C, sizeof(marker));
    const uint32_t after = PT_NET_APP_OFF + 0x8800u; /* the page after the 17 pages of the copy */
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, after, marker, sizeof(marker)), 0);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha(body, len, sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_true(e->tp.last_b0n.src_fwinfo);
    assert_int_equal(e->tp.last_b0n.pages_erased, 17);
    assert_int_equal(e->tp.last_b0n.bytes_programmed, 0x8008);
    assert_int_equal(net_stats(e).prog_bytes, 0x8008);
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF, body, len, NULL), 0);
    const uint8_t pad[2] = {0xFF, 0xFF};
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF + len, pad, 2, NULL), 0);
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, after, marker, sizeof(marker), NULL), 0);
    assert_int_equal(pt_violations(e), 0);
    free(body);
    /* the next start boots it */
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 1);
    pt_env_free(e);
}

/* An update without fw_info, hash-consistent and with the extension: refused before anything is
 * erased (B0N-BOOT-VALID would never boot it; NCS's bl_boot aborts on it, facts errata). */
static void test_b0n__update_without_fwinfo_refused(void **state) /* B0N-SRC-BOOTABLE (no fw_info) */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    static uint8_t blob[0x1001];
    for (uint32_t i = 0; i < sizeof(blob); i++) {
        blob[i] = (uint8_t)(i ^ 0xA5u);
    }
    const uint8_t vt[8] = {0x00, 0x10, 0x00, 0x21, 0x01, 0x89, 0x00, 0x01}; /* SP 0x21001000, reset 0x01008901 */
    memcpy(blob, vt, sizeof(vt));
    put_ram(e, SRC_RAM, blob, sizeof(blob));
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha(blob, sizeof(blob), sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, sizeof(blob), PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_NOT_BOOTABLE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_MISSING);
    assert_false(e->tp.last_b0n.src_fwinfo);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_SRC_SHA); /* refused although the hash matched */
    assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_SRC_BOOTABLE);
    assert_nothing_touched(e);
    assert_true(tp_log_has(&e->tp.net, "would not boot"));
    /* the old application still boots */
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 1);
    pt_env_free(e);
}

/* fw_validation_info at fw_info.size + 4, the fifth position NCS's validation_info_find(start, 4)
 * tries (facts errata): B0N copies it and boots it, as NCS's B0N would. */
static void test_b0n__validation_info_fifth_position(void **state) /* B0N-SRC-BOOTABLE, B0N-BOOT-VALID */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    uint32_t len;
    uint8_t *body = make_body(0x01008800u, 4, 0, &len);
    put_ram(e, SRC_RAM, body, len);
    uint8_t sha[PCD_SHA256_LEN];
    pt_sha(body, len, sha);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_RAM, len, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_SRC_BOOTABLE);
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF, body, len, NULL), 0);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 1);
    free(body);
    pt_env_free(e);
}

static void test_b0n__ncs_app_side_without_extension(void **state) /* B0N-SRC-BOOTABLE (NCS fallback), B0N-DST-SHA */
{
    (void)state;
    struct pt_env *e = env_with_v2_in_flash(NULL);
    struct pcd_cmd c;
    memset(&c, 0, sizeof(c));
    c.magic = PCD_CMD_MAGIC_COPY;
    c.src = SRC_FLASH;
    c.len = V2_LEN;
    c.dst_off = PT_NET_APP_OFF;
    c.ext_marker = 0xDEADBEEFu; /* whatever an NCS app side left in RAM */
    assert_int_equal(run_cmd(e, &c), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_false(e->tp.last_b0n.ext);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_DST_SHA);
    assert_true(pt_net_has_body(e, FX_NET_V2));
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.flags, PCD_CMD_B0N_DST_MODIFIED);
    pt_env_free(e);

    /* without the extension a source without fw_info cannot be validated: refused, as NCS does */
    e = pt_env_new(PT_SLOT_INTERNAL);
    static uint8_t blob[0x400];
    memset(blob, 0x11, sizeof(blob));
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_SRAM, SRC_RAM - FM_NRF_APP_SRAM_BASE, blob, sizeof(blob)), 0);
    c.src = SRC_RAM;
    c.len = sizeof(blob);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_NOT_BOOTABLE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_MISSING);
    assert_nothing_touched(e);
    pt_env_free(e);
}

static void test_b0n__destination_write_fault(void **state) /* B0N-COPY / B0N-REPORT: write fault -> FAIL */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    tp_set_net_fault(&e->tp, TP_FAULT_ERROR, 0xA000u, 4u);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_IO);
    assert_true(e->tp.last_b0n.dst_modified);
    assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_COPY);
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.flags & PCD_CMD_B0N_DST_MODIFIED, PCD_CMD_B0N_DST_MODIFIED);
    assert_true(pt_container_intact(e));
    /* the half-written application is not booted (B0N-BOOT-VALID) */
    tp_set_net_fault(&e->tp, TP_FAULT_NONE, 0, 0);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_NO_VALID_IMAGE);
    assert_int_equal(e->tp.net.boot_count, 0);
    pt_env_free(e);
}

static void test_b0n__destination_readback_mismatch(void **state) /* B0N-DST-SHA */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    tp_set_net_fault(&e->tp, TP_FAULT_DROP, 0x10000u, 0x10u); /* stuck cells: programs report success */
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_DST_HASH);
    assert_true(e->tp.last_b0n.checks & PCD_B0N_CHK_COPY);
    assert_false(e->tp.last_b0n.checks & PCD_B0N_CHK_DST_SHA);
    assert_true(e->tp.net_fault_hits > 0);
    assert_true(tp_log_has(&e->tp.net, "destination SHA-256 mismatch"));
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.flags, PCD_CMD_B0N_EXT | PCD_CMD_B0N_DST_MODIFIED); /* firmware broken: will not boot */
    assert_false(e->tp.last_b0n.dst_boots);
    pt_env_free(e);
}

/* B0N-DST-SHA with stuck cells in the validation info's signature (which the boot check does not
 * read): FAIL, but the answer says the partition still boots (DST_BOOTS), and it does. */
static void test_b0n__dst_mismatch_that_still_boots(void **state)
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    /* net-v2-150k: fw_validation_info at body + 0x25814, its signature 112 bytes in */
    tp_set_net_fault(&e->tp, TP_FAULT_STUCK, PT_NET_APP_OFF + 0x25814u + 112u + 16u, 4u);
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_DST_HASH);
    assert_true(e->tp.net_fault_hits > 0);
    assert_true(e->tp.last_b0n.dst_boots);
    struct pcd_cmd ans;
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.flags, PCD_CMD_B0N_EXT | PCD_CMD_B0N_DST_MODIFIED | PCD_CMD_B0N_DST_BOOTS);
    /* the next start boots what the answer said would boot */
    tp_set_net_fault(&e->tp, TP_FAULT_NONE, 0, 0);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 2);
    pt_env_free(e);
}

/* ---- READ_VERSION, LOCK_DEBUG, configuration ---------------------------------------------------------- */

static void test_b0n__read_version(void **state) /* B0N READ_VERSION (from fw_info alone; not H16) */
{
    (void)state;
    const uint32_t buf = 0x20040000u;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    const uint8_t junk[4] = {0xEE, 0xEE, 0xEE, 0xEE};
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_SRAM, buf - FM_NRF_APP_SRAM_BASE, junk, 4), 0);
    struct pcd_cmd c, ans;
    pcd_cmd_make_read_version(&c, buf, 8u, PT_NET_APP_OFF);
    assert_int_equal(run_cmd(e, &c), 0);
    pt_peek_cmd(e, &ans);
    assert_int_equal(ans.magic, PCD_CMD_MAGIC_DONE);
    assert_int_equal(ans.len, 4);
    const uint8_t v1[4] = {1, 0, 0, 0};
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_APP_SRAM, buf - FM_NRF_APP_SRAM_BASE, v1, 4, NULL), 0);
    assert_int_equal(e->tp.last_b0n.version, 1);
    assert_int_equal(e->tp.net.boot_count, 0);
    assert_int_equal(net_stats(e).erases + net_stats(e).prog_ops, 0);

    /* a damaged application: its version from the fw_info alone (NCS pcd_find_fw_version, facts
     * errata), so an NCS MCUboot comparing versions still sends the repair */
    flip_net_byte(e, PT_NET_APP_OFF + 0x3000);
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_SRAM, buf - FM_NRF_APP_SRAM_BASE, junk, 4), 0);
    pcd_cmd_make_read_version(&c, buf, 8u, PT_NET_APP_OFF);
    assert_int_equal(run_cmd(e, &c), 0);
    pt_peek_cmd(e, &ans);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_int_equal(ans.magic, PCD_CMD_MAGIC_DONE);
    assert_int_equal(ans.len, 4);
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_APP_SRAM, buf - FM_NRF_APP_SRAM_BASE, v1, 4, NULL), 0);
    assert_int_equal(e->tp.last_b0n.version, 1);
    assert_int_equal(e->tp.net.boot_count, 0);
    /* ... and still not booted on a normal start */
    struct pcd_cmd none;
    memset(&none, 0, sizeof(none));
    pt_poke_cmd(e, &none);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_NO_VALID_IMAGE);

    /* no fw_info at all: FAIL, never DONE over an unwritten buffer (H16) */
    const uint8_t zero[12] = {0};
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF + 0x200, zero, sizeof(zero)), 0);
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_APP_SRAM, buf - FM_NRF_APP_SRAM_BASE, junk, 4), 0);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_MISSING);
    assert_int_equal(fm_compare(e->tp.fm, FM_NRF_APP_SRAM, buf - FM_NRF_APP_SRAM_BASE, junk, 4, NULL), 0);

    /* bad buffers */
    pcd_cmd_make_read_version(&c, buf, 2u, PT_NET_APP_OFF);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_CMD_LEN);
    pcd_cmd_make_read_version(&c, 0x1000u, 4u, PT_NET_APP_OFF);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_CMD_SRC);
    pcd_cmd_make_read_version(&c, PT_PCD + 8u, 4u, PT_NET_APP_OFF);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_CMD_SRC);
    pt_env_free(e);
}

static void test_b0n__lock_debug_answered(void **state) /* B0N-REPORT (H15: never leave a requester waiting) */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pcd_cmd c;
    memset(&c, 0, sizeof(c));
    c.magic = PCD_CMD_MAGIC_LOCK_DEBUG;
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_UNSUPPORTED);
    assert_nothing_touched(e);
    pt_env_free(e);
}

static void test_b0n__config_checked(void **state) /* B0N-SELF-PROTECT (configuration) */
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pcd_b0n_config cfg;
    struct pcd_b0n_result res;
    pcd_b0n_config_default(&cfg);
    assert_int_equal(pcd_b0n_config_check(&cfg, &e->tp.net_port), 0);
    cfg.app_addr = 0x01008000u; /* overlaps the container */
    assert_int_equal(pcd_b0n_run(&cfg, &e->tp.net_port, &res), PCD_E_INVAL);
    pcd_b0n_config_default(&cfg);
    cfg.app_size = 0x38000u; /* runs past net flash */
    assert_int_equal(pcd_b0n_config_check(&cfg, &e->tp.net_port), PCD_E_INVAL);
    pcd_b0n_config_default(&cfg);
    cfg.container_size = 0x8580u; /* not page-aligned */
    assert_int_equal(pcd_b0n_config_check(&cfg, &e->tp.net_port), PCD_E_INVAL);
    /* a container ending inside a page, the application right after it: the page holding both
     * would be erased by a COPY to the application start; B0N refuses to run, and says so */
    cfg.container_size = 0x8804u;
    cfg.app_addr = 0x01008804u;
    cfg.app_size = 0x377FCu;
    uint8_t sha[PCD_SHA256_LEN] = {0};
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, 0x8804u, sha);
    pt_poke_cmd(e, &c);
    fm_stats_reset(e->tp.fm);
    assert_int_equal(pcd_b0n_run(&cfg, &e->tp.net_port, &res), PCD_E_INVAL);
    assert_false(res.cmd_seen);
    assert_int_equal(net_stats(e).erases + net_stats(e).prog_ops, 0);
    assert_true(pt_container_intact(e));
    assert_true(tp_log_has(&e->tp.net, "B0N: configuration refused"));
    pcd_b0n_config_default(&cfg);
    cfg.provision_addr = 0x01008600u; /* the version counter's provision data must lie in the container */
    assert_int_equal(pcd_b0n_config_check(&cfg, &e->tp.net_port), PCD_E_INVAL);
    cfg.provision_size = 0u; /* none: accepted */
    assert_int_equal(pcd_b0n_config_check(&cfg, &e->tp.net_port), 0);
    pcd_b0n_config_default(&cfg);
    assert_int_equal(pcd_b0n_config_check(&cfg, &e->tp.app_port), PCD_E_INVAL); /* the app core has no net flash */
    assert_int_equal(pcd_b0n_run(&cfg, &e->tp.net_port, NULL), PCD_E_INVAL);
    assert_string_equal(pcd_b0n_outcome_name(PCD_B0N_NO_VALID_IMAGE), "no valid image");
    pt_env_free(e);
}

/* Power lost in the middle of the copy: B0N unwinds without answering. */
static void test_b0n__power_loss_mid_copy(void **state) /* B0N-REPORT (HALTED: nothing else done) */
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    struct pcd_cmd c, after;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    pt_poke_cmd(e, &c);
    tp_arm_cut(&e->tp, fm_next_seq(e->tp.fm) + 500u, FM_FAULT_CUT_BEFORE);
    assert_int_equal(tp_run_b0n(&e->tp), PCD_E_HALTED);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_HALTED);
    assert_true(e->tp.cut.fired);
    assert_int_equal(e->tp.net.stop_count + e->tp.net.signal_count + e->tp.net.boot_count, 0);
    tp_power_cycle(&e->tp);
    pt_peek_cmd(e, &after); /* RAM is garbage now: the command is gone */
    assert_int_not_equal(after.magic, PCD_CMD_MAGIC_COPY);
    assert_true(pt_container_intact(e));
    pt_env_free(e);
}


/* ---- version counter (NSIB monotonic counter in the provision data, facts §2.2) ----------------------- */

#define PROV_OFF 0x8580u /* provision, net-flash offset */
#define SLOTS_OFF (PROV_OFF + 52u + 20u + 4u + 4u) /* one key, collection header, counter header */

/* Provision data with one key and the NSIB counter (4 slots), its first slot = version @p v. */
static void put_counter(struct pt_env *e, uint32_t v)
{
    uint8_t p[52 + 20 + 4 + 4 + 8];
    memset(p, 0xFF, sizeof(p));
    memset(p, 0x00, 48);
    p[48] = 1, p[49] = 0, p[50] = 0, p[51] = 0; /* num_public_keys */
    p[72] = 1, p[73] = 0, p[74] = 1, p[75] = 0; /* type TYPE_COUNTERS, one counter */
    p[76] = 1, p[77] = 0, p[78] = 4, p[79] = 0; /* description NSIB, 4 slots */
    const uint32_t slot = ~(v << 1) & 0xFFFFu;
    p[80] = (uint8_t)slot, p[81] = (uint8_t)(slot >> 8);
    assert_int_equal(fm_load(e->tp.fm, FM_NRF_NET_FLASH, PROV_OFF, p, sizeof(p)), 0);
}

static uint32_t counter_slot(struct pt_env *e, uint32_t k)
{
    uint8_t b[2];
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_NET_FLASH, SLOTS_OFF + 2u * k, b, 2), 0);
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8);
}

/* MI-DOWNGRADE on the net side: a source below the counter is refused before any erase */
static void test_b0n__counter_refuses_downgrade(void **state)
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    put_counter(e, 3); /* fixtures' net v2 has fw_info.version 2 */
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_fail_answer(e, PCD_E_FWINFO_COUNTER);
    struct fm_stats st = net_stats(e);
    assert_int_equal(st.erases + st.prog_ops, 0);
    assert_true(pt_old_image_intact(e));
    assert_true(tp_log_has(&e->tp.net, "below the counter"));
    /* counter 2: the same version is no downgrade */
    put_counter(e, 2);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    pt_env_free(e);
}

/* The counter follows the booted version, as NSIB's set_monotonic_version(): next slot written */
static void test_b0n__counter_updated_at_boot(void **state)
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    struct pt_env *e = env_with_v2_in_flash(sha);
    put_counter(e, 1);
    /* off by default: the container is locked before B0N runs on target; the default sets every
       field (firmware/b0n keeps its config on the stack, uninitialised before this call) */
    memset(&e->tp.b0n_cfg, 0x4D, sizeof(e->tp.b0n_cfg));
    pcd_b0n_config_default(&e->tp.b0n_cfg);
    assert_false(e->tp.b0n_cfg.counter_update);
    e->tp.b0n_cfg.counter_update = true;
    /* booting v1 (= the counter): nothing written */
    tp_reset_records(&e->tp);
    fm_stats_reset(e->tp.fm);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(net_stats(e).prog_ops, 0);
    assert_int_equal(counter_slot(e, 1), 0xFFFFu);
    /* copy v2, then boot it: slot 1 = ~(2 << 1) */
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, SRC_FLASH, V2_LEN, PT_NET_APP_OFF, sha);
    assert_int_equal(run_cmd(e, &c), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_CMD_DONE);
    assert_int_equal(counter_slot(e, 1), 0xFFFFu); /* not at the copy: at the boot */
    tp_warm_reset(&e->tp);
    pt_poke_cmd(e, &(struct pcd_cmd){0});
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_BOOTED);
    assert_int_equal(e->tp.last_b0n.version, 2);
    assert_int_equal(counter_slot(e, 0), ~(1u << 1) & 0xFFFFu);
    assert_int_equal(counter_slot(e, 1), ~(2u << 1) & 0xFFFFu);
    assert_int_equal(counter_slot(e, 2), 0xFFFFu);
    assert_int_equal(pt_violations(e), 0);
    /* the next boot writes nothing */
    fm_stats_reset(e->tp.fm);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(net_stats(e).prog_ops, 0);
    /* an image below the counter is not booted */
    put_counter(e, 5);
    tp_reset_records(&e->tp);
    assert_int_equal(tp_run_b0n(&e->tp), 0);
    assert_int_equal(e->tp.last_b0n.outcome, PCD_B0N_NO_VALID_IMAGE);
    assert_int_equal(e->tp.last_b0n.detail, PCD_E_FWINFO_COUNTER);
    assert_int_equal(e->tp.net.boot_count, 0);
    pt_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b0n__boot_valid_image),
        cmocka_unit_test(test_b0n__boot_refuses_corrupt_image),
        cmocka_unit_test(test_b0n__boot_erased_partition),
        cmocka_unit_test(test_b0n__boot_without_fwinfo_refused),
        cmocka_unit_test(test_b0n__stale_magics_are_no_command),
        cmocka_unit_test(test_b0n__garbage_after_power_up),
        cmocka_unit_test(test_b0n__adversarial_commands),
        cmocka_unit_test(test_b0n__unknown_extension_version),
        cmocka_unit_test(test_b0n__oversize_body_refused),
        cmocka_unit_test(test_b0n__source_sha_mismatch),
        cmocka_unit_test(test_b0n__source_corrupted_after_hashing),
        cmocka_unit_test(test_b0n__source_not_bootable),
        cmocka_unit_test(test_b0n__source_linked_elsewhere),
        cmocka_unit_test(test_b0n__copy_from_app_flash),
        cmocka_unit_test(test_b0n__copy_to_unaligned_destination),
        cmocka_unit_test(test_b0n__self_protect_consistent_commands),
        cmocka_unit_test(test_b0n__copy_max_size_from_ram),
        cmocka_unit_test(test_b0n__copy_partial_word),
        cmocka_unit_test(test_b0n__update_without_fwinfo_refused),
        cmocka_unit_test(test_b0n__validation_info_fifth_position),
        cmocka_unit_test(test_b0n__ncs_app_side_without_extension),
        cmocka_unit_test(test_b0n__destination_write_fault),
        cmocka_unit_test(test_b0n__dst_mismatch_that_still_boots),
        cmocka_unit_test(test_b0n__destination_readback_mismatch),
        cmocka_unit_test(test_b0n__read_version),
        cmocka_unit_test(test_b0n__lock_debug_answered),
        cmocka_unit_test(test_b0n__config_checked),
        cmocka_unit_test(test_b0n__power_loss_mid_copy),
        cmocka_unit_test(test_b0n__counter_refuses_downgrade),
        cmocka_unit_test(test_b0n__counter_updated_at_boot),
    };
    return cmocka_run_group_tests_name("pcd.b0n", tests, NULL, NULL);
}
