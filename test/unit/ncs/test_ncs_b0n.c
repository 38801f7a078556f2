/* The B0N model of the NCS profile (src/sim/ncs/ncs_b0n.c) on the network core's test port:
 * what NCS's netboot does with good and bad commands and on a normal start (facts §1.6, §2.3,
 * §2.4; hazards H7, H13, H15, H16). Each test checks the memories, not only the result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd_test_util.h"
#include "pcdsim/ncs.h"

struct nb_fix {
    struct pt_env *e;
    struct ncs_b0n_config cfg;
    uint32_t len; /* ih_img_size of the body placed at 0x80200 */
};

static void setup_body(struct nb_fix *f, const char *signed_rel)
{
    f->e = pt_env_new(PT_SLOT_INTERNAL);
    ncs_b0n_config_default(&f->cfg);
    f->len = signed_rel != NULL ? pt_put_body(f->e, PT_INT_SLOT_OFF + PT_HDR, signed_rel) : 0;
}

/* Leave the network-core application partition erased: no image at all. */
static void erase_net_app(struct nb_fix *f)
{
    uint8_t *ff = malloc(PT_NET_APP_SIZE);
    assert_non_null(ff);
    memset(ff, 0xFF, PT_NET_APP_SIZE);
    assert_int_equal(fm_load(f->e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF, ff, PT_NET_APP_SIZE), 0);
    free(ff);
}

static void poke(struct nb_fix *f, uint32_t magic, uint32_t data, uint32_t len, uint32_t offset)
{
    struct pcd_cmd c;
    memset(&c, 0, sizeof(c));
    c.magic = magic;
    c.src = data;
    c.len = len;
    c.dst_off = offset;
    c.reason = 0xA5A5A5A5u; /* NCS never writes past offset 0x0C */
    pt_poke_cmd(f->e, &c);
}

static uint32_t magic_now(struct nb_fix *f)
{
    struct pcd_cmd c;
    pt_peek_cmd(f->e, &c);
    return c.magic;
}

static int run(struct nb_fix *f, struct ncs_b0n_result *r)
{
    int rc = ncs_b0n_run(&f->cfg, &f->e->tp.net_port, r);
    if (getenv("PCDSIM_TEST_LOG") != NULL) {
        pt_dump_logs(f->e);
    }
    return rc;
}

/* A good command: source validated, copied, validated in place, DONE; then B0N spins. No reason
 * word, no signal: the 16-byte protocol. */
static void test_copy_done(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, FX_NET_V2);
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_DONE);
    assert_true(r.src_valid && r.dst_valid);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_DONE);
    assert_true(pt_net_has_body(f.e, FX_NET_V2));
    assert_int_equal(r.pages_erased, (f.len + PT_NET_PAGE - 1u) / PT_NET_PAGE);
    struct pcd_cmd c;
    pt_peek_cmd(f.e, &c);
    assert_int_equal(c.reason, 0xA5A5A5A5u);
    assert_int_equal(f.e->tp.net.signal_count, 0);
    assert_int_equal(f.e->tp.net.stop_count, 1);
    assert_true(pt_container_intact(f.e));
    pt_env_free(f.e);
}

/* H13: a destination inside the partition but not s0 is trusted: the source is checked against
 * s0, the copy lands at the offset and destroys the running image; the check of s0 then fails. */
static void test_wrong_destination_overwrites(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, FX_NET_V2);
    assert_true(pt_old_image_intact(f.e));
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, 0x10000u);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_FAIL);
    assert_true(r.src_valid);
    assert_false(r.dst_valid);
    assert_true(r.pages_erased > 0);
    assert_false(pt_old_image_intact(f.e)); /* the old image's last page was erased */
    uint8_t want[PCD_SHA256_LEN], got[PCD_SHA256_LEN];
    uint32_t n;
    uint8_t *img = pt_read(FX_NET_V2, &n);
    pt_sha(img + PT_HDR, f.len, want);
    free(img);
    pt_sha_dev(f.e, FM_NRF_NET_FLASH, 0x10000u, f.len, got);
    assert_memory_equal(want, got, PCD_SHA256_LEN); /* the image went where the command said */
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_FAIL);
    pt_env_free(f.e);
}

/* Facts errata "H13 range": from NCS 3.0 pcd_fw_copy() gives stream_flash the application
 * partition's size: offset 0x10000 + 0x37800 runs past the device, init fails, nothing is erased. */
static void test_wrong_destination_from_3_0(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, FX_NET_V2);
    f.cfg.ncs_version = NCS_VERSION(3, 0, 0);
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, 0x10000u);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_FAIL);
    assert_true(r.src_valid);
    assert_int_equal(r.pages_erased, 0);
    assert_int_equal(r.bytes_programmed, 0);
    assert_true(pt_old_image_intact(f.e));
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_FAIL);
    pt_env_free(f.e);
    setup_body(&f, FX_NET_V2); /* the right destination still copies */
    f.cfg.ncs_version = NCS_VERSION(3, 0, 0);
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_DONE);
    assert_true(pt_net_has_body(f.e, FX_NET_V2));
    pt_env_free(f.e);
}

/* Facts errata / §6.1: fw_info_find() searches seven offsets in NCS v2.9.0 (0x600 and 0xE00
 * among them), five in older releases. An application whose fw_info is at 0x600: found (and its
 * version answered to READ_VERSION) as 2.9.0, not found as 2.8.0. */
static void test_fwinfo_offsets_per_release(void **state)
{
    (void)state;
    const uint32_t *o;
    assert_int_equal(ncs_fwinfo_offsets(NCS_VERSION(2, 9, 0), &o), 7);
    assert_int_equal(o[3], 0x600u);
    assert_int_equal(o[5], 0xE00u);
    assert_int_equal(ncs_fwinfo_offsets(NCS_VERSION(2, 8, 0), &o), 5);
    assert_int_equal(o[3], 0x800u);
    static const uint32_t vers[] = {NCS_VERSION(2, 9, 0), NCS_VERSION(2, 8, 0)};
    for (unsigned i = 0; i < 2; i++) {
        struct nb_fix f;
        struct ncs_b0n_result r;
        struct pcd_fw_info fi;
        setup_body(&f, NULL);
        erase_net_app(&f);
        uint8_t raw[PCD_FWINFO_SIZE];
        const uint32_t w[9] = {PCD_FWINFO_MAGIC_COMMON, PCD_FWINFO_MAGIC_FWINFO, PCD_FWINFO_MAGIC_COMPAT, 60u, 0x1000u,
                               7u, PT_NET_FLASH_BASE + PT_NET_APP_OFF, PT_NET_FLASH_BASE + PT_NET_APP_OFF,
                               PCD_FWINFO_VALID_VAL};
        memset(raw, 0, sizeof(raw));
        for (unsigned k = 0; k < 9; k++) {
            for (unsigned b = 0; b < 4; b++) {
                raw[4 * k + b] = (uint8_t)(w[k] >> (8 * b));
            }
        }
        assert_int_equal(fm_load(f.e->tp.fm, FM_NRF_NET_FLASH, PT_NET_APP_OFF + 0x600u, raw, sizeof(raw)), 0);
        f.cfg.ncs_version = vers[i];
        int rc = ncs_fwinfo_find(&f.e->tp.net_port, vers[i], PT_NET_FLASH_BASE + PT_NET_APP_OFF, PT_NET_APP_SIZE, &fi);
        assert_int_equal(rc, i == 0 ? 0 : PCD_E_FWINFO_MISSING);
        if (i == 0) {
            assert_int_equal(fi.offset, 0x600u);
            assert_int_equal(fi.version, 7u);
        }
        poke(&f, PCD_CMD_MAGIC_READ_VERSION, PT_PCD + 0x100u, 4u, PT_NET_APP_OFF);
        assert_int_equal(run(&f, &r), 0);
        assert_int_equal(r.version, i == 0 ? 7u : 0u); /* 2.8.0: FAIL then DONE (H16), no version */
        pt_env_free(f.e);
    }
}

/* H13 into the container: only the fprotect lock B0N set at start stops it, and on the nRF5340
 * that lock is the ACL: the erase "is blocked and a Bus Fault exception is triggered" (facts,
 * errata). B0N halts and writes no answer: the command stays COPY (MCUboot then waits, H10). */
static void test_container_destination(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, FX_NET_V2);
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, 0x0u);
    assert_int_equal(run(&f, &r), PCD_E_BUS_FAULT);
    assert_int_equal(r.outcome, NCS_B0N_HALTED);
    assert_true(r.src_valid);
    assert_int_equal(r.pages_erased, 0);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_COPY); /* no answer */
    assert_int_equal(fm_acl_read(f.e->tp.fm, 0, FM_ACL_ADDR), PT_NET_FLASH_BASE);
    assert_int_equal(fm_acl_read(f.e->tp.fm, 0, FM_ACL_SIZE), PT_NET_APP_OFF);
    assert_int_equal(fm_acl_read(f.e->tp.fm, 0, FM_ACL_PERM), FM_ACL_PERM_WRITE);
    unsigned n;
    const struct fm_record *rec = fm_records(f.e->tp.fm, NULL, &n);
    assert_true(n >= 1);
    assert_int_equal(rec[n - 1].kind, FM_REC_BUS_FAULT);
    assert_int_equal(rec[n - 1].err, FM_E_ACL);
    assert_int_equal(rec[n - 1].addr, PT_NET_FLASH_BASE);
    assert_true(pt_container_intact(f.e));
    pt_env_free(f.e);

    /* a lock that cannot be set (every region taken since the last reset): the failure path */
    setup_body(&f, FX_NET_V2);
    for (unsigned k = 0; k < FM_NRF_NET_ACL_REGIONS; k++) {
        assert_int_equal(fm_acl_write(f.e->tp.fm, k, FM_ACL_PERM, FM_ACL_PERM_WRITE), 0);
    }
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_FAIL);
    assert_int_equal(r.rc, PCD_E_IO);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_FAIL);
    assert_int_equal(r.pages_erased, 0);
    pt_env_free(f.e);

    setup_body(&f, FX_NET_V2);
    f.cfg.fprotect = false; /* no ACL: nothing in B0N itself refuses the command */
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, 0x800u, 0x0u);
    assert_int_equal(run(&f, &r), 0);
    assert_true(r.pages_erased >= 1);
    assert_false(pt_container_intact(f.e));
    pt_env_free(f.e);
}

/* An image larger than the rest of net flash: stream_flash refuses it before writing (-ENOMEM). */
static void test_oversize_refused_before_erasing(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, FX_NET_OVERSIZE);
    poke(&f, PCD_CMD_MAGIC_COPY, PT_INT_SLOT_OFF + PT_HDR, f.len, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_FAIL);
    assert_true(r.src_valid); /* B0N's validation has no partition size (check 7 n/a) */
    assert_int_equal(r.rc, PCD_E_CMD_LEN);
    assert_int_equal(r.pages_erased, 0);
    assert_true(pt_old_image_intact(f.e));
    pt_env_free(f.e);
}

/* H7: a damaged application is booted; the reference B0N refuses the same memory. */
static void test_boot_without_validation(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, NULL);
    pt_load(f.e, FM_NRF_NET_FLASH, PT_NET_APP_OFF, FX_RAW_NET_V2);
    uint8_t b;
    assert_int_equal(fm_peek(f.e->tp.fm, FM_NRF_NET_FLASH, 0x9000u, &b, 1), 0);
    b ^= 0x01u;
    assert_int_equal(fm_load(f.e->tp.fm, FM_NRF_NET_FLASH, 0x9000u, &b, 1), 0);
    poke(&f, 0, 0, 0, 0);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_BOOTED);
    assert_int_equal(r.boot_addr, PT_NET_FLASH_BASE + PT_NET_APP_OFF);
    assert_int_equal(r.version, 2);
    assert_int_equal(f.e->tp.net.boot_count, 1);
    /* step 5: the application partition is fprotect-locked (ACL region 1) before the jump */
    assert_int_equal(fm_acl_read(f.e->tp.fm, 1, FM_ACL_ADDR), PT_NET_FLASH_BASE + PT_NET_APP_OFF);
    assert_int_equal(fm_acl_read(f.e->tp.fm, 1, FM_ACL_SIZE), PT_NET_APP_SIZE);
    assert_int_equal(fm_acl_read(f.e->tp.fm, 1, FM_ACL_PERM), FM_ACL_PERM_WRITE);
    fm_acl_reset(f.e->tp.fm); /* the network core's reset before the reference B0N runs */

    struct pcd_b0n_result ref;
    assert_int_equal(pcd_b0n_run(&f.e->tp.b0n_cfg, &f.e->tp.net_port, &ref), 0);
    assert_int_equal(ref.outcome, PCD_B0N_NO_VALID_IMAGE);
    pt_env_free(f.e);
}

/* H7's limit: no fw_info at all: bl_boot(NULL) does not jump ("boot aborted"; facts, errata):
 * nothing is booted, nothing is written to the PCD block, the core idles -- whatever address
 * 0x18 holds. */
static void test_boot_null_fw_info(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, NULL);
    erase_net_app(&f);
    const uint8_t word[4] = {0x00, 0x88, 0x00, 0x01}; /* 0x01008800 at 0x18: a NULL dereference would jump */
    assert_int_equal(fm_load(f.e->tp.fm, FM_NRF_APP_FLASH, 0x18u, word, 4), 0);
    poke(&f, 0, 0, 0, 0);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_BOOT_ABORTED);
    assert_int_equal(r.boot_addr, 0u);
    assert_int_equal(f.e->tp.net.boot_count, 0);
    assert_int_equal(f.e->tp.net.stop_count, 0);
    assert_int_equal(magic_now(&f), 0u);
    assert_true(tp_log_has(&f.e->tp.net, "boot aborted"));
    assert_string_equal(ncs_b0n_outcome_name(r.outcome), "boot aborted (no fw_info)");
    pt_env_free(f.e);
}

/* H16 and H15: READ_VERSION without a valid image ends DONE; LOCK_DEBUG is ignored and the
 * application booted (the requester never gets an answer). */
static void test_read_version_and_lock_debug(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, NULL);
    erase_net_app(&f);
    poke(&f, PCD_CMD_MAGIC_READ_VERSION, 0x20004000u, 4, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_DONE);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_DONE);
    assert_true(tp_log_has(&f.e->tp.net, "FAIL, then DONE"));
    pt_env_free(f.e);

    setup_body(&f, NULL); /* net v1 running */
    poke(&f, PCD_CMD_MAGIC_LOCK_DEBUG, 0, 0, 0);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.status, NCS_PCD_STATUS_LOCK_DEBUG);
    assert_int_equal(r.outcome, NCS_B0N_BOOTED);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_LOCK_DEBUG);
    pt_env_free(f.e);
}

/* READ_VERSION without fw_info in the newest netboot (taken as NCS >= 3.0): the failure path,
 * FAIL and no DONE, so pcd_network_core_app_version() returns -EFAULT (facts §2.3 step 4, errata
 * "READ_VERSION"); the version range of H16 (2.5-2.9: FAIL, then DONE). */
static void test_read_version_failure_path_from_3_0(void **state)
{
    (void)state;
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, NULL);
    erase_net_app(&f);
    f.cfg.ncs_version = NCS_VERSION(3, 0, 0);
    poke(&f, PCD_CMD_MAGIC_READ_VERSION, 0x20004000u, 4, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_FAIL);
    assert_int_equal(r.rc, PCD_E_FWINFO_MISSING);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_FAIL);
    assert_true(tp_log_has(&f.e->tp.net, "READ_VERSION failed (PCD_E_FWINFO_MISSING): failure path"));
    assert_false(tp_log_has(&f.e->tp.net, "FAIL, then DONE"));
    pt_env_free(f.e);

    setup_body(&f, NULL); /* net v1 running; a 2.4 netboot knows no READ_VERSION: default, boot */
    f.cfg.ncs_version = NCS_VERSION(2, 4, 0);
    poke(&f, PCD_CMD_MAGIC_READ_VERSION, 0x20004000u, 4, PT_NET_APP_OFF);
    assert_int_equal(run(&f, &r), 0);
    assert_int_equal(r.outcome, NCS_B0N_BOOTED);
    assert_int_equal(magic_now(&f), PCD_CMD_MAGIC_READ_VERSION);
    pt_env_free(f.e);

    assert_false(ncs_read_version_fail_then_done(NCS_VERSION(2, 4, 99)));
    assert_true(ncs_read_version_fail_then_done(NCS_VERSION(2, 5, 0)));
    assert_true(ncs_read_version_fail_then_done(NCS_VERSION(2, 9, 99)));
    assert_false(ncs_read_version_fail_then_done(NCS_VERSION(3, 0, 0)));
    assert_false(ncs_has_read_version(NCS_VERSION(2, 4, 99)));
    assert_true(ncs_has_read_version(NCS_VERSION(2, 5, 0)));
}

/* The status decoder of facts §1.4, and bad input. */
static void test_status_and_bad_input(void **state)
{
    (void)state;
    assert_int_equal(ncs_pcd_status_of(PCD_CMD_MAGIC_COPY), NCS_PCD_STATUS_COPY);
    assert_int_equal(ncs_pcd_status_of(PCD_CMD_MAGIC_DONE), NCS_PCD_STATUS_DONE);
    assert_int_equal(ncs_pcd_status_of(PCD_CMD_MAGIC_READ_VERSION), NCS_PCD_STATUS_READ_VERSION);
    assert_int_equal(ncs_pcd_status_of(PCD_CMD_MAGIC_LOCK_DEBUG), NCS_PCD_STATUS_LOCK_DEBUG);
    assert_int_equal(ncs_pcd_status_of(PCD_CMD_MAGIC_FAIL), NCS_PCD_STATUS_FAILED);
    assert_int_equal(ncs_pcd_status_of(0xFFFFFFFFu), NCS_PCD_STATUS_FAILED);
    assert_string_equal(ncs_pcd_status_name(NCS_PCD_STATUS_FAILED), "FAILED");
    struct nb_fix f;
    struct ncs_b0n_result r;
    setup_body(&f, NULL);
    assert_int_equal(ncs_b0n_run(NULL, &f.e->tp.net_port, &r), PCD_E_INVAL);
    assert_int_equal(ncs_b0n_run(&f.cfg, &f.e->tp.net_port, NULL), PCD_E_INVAL);
    f.cfg.s0_addr = 0x02000000u; /* outside net flash */
    assert_int_equal(ncs_b0n_run(&f.cfg, &f.e->tp.net_port, &r), PCD_E_INVAL);
    pt_env_free(f.e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrong_destination_from_3_0),
        cmocka_unit_test(test_fwinfo_offsets_per_release),
        cmocka_unit_test(test_copy_done),
        cmocka_unit_test(test_wrong_destination_overwrites),
        cmocka_unit_test(test_container_destination),
        cmocka_unit_test(test_oversize_refused_before_erasing),
        cmocka_unit_test(test_boot_without_validation),
        cmocka_unit_test(test_boot_null_fw_info),
        cmocka_unit_test(test_read_version_and_lock_debug),
        cmocka_unit_test(test_read_version_failure_path_from_3_0),
        cmocka_unit_test(test_status_and_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
