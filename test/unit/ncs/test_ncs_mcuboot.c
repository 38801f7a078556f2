/* The MCUboot model of the NCS profile (src/sim/ncs/ncs_mcuboot.c) on the application core's
 * test port with a scripted network core: what NCS's Mode A path and pcd_network_core_update()
 * do (facts §1.5, §3.3, §3.7, §3.9; hazards H1, H4, H5, H12). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd_test_util.h"
#include "pcdsim/ncs.h"

static void config_of(const struct pt_env *e, struct ncs_mcuboot_config *c)
{
    ncs_mcuboot_config_default(c);
    c->slot_mem = e->ucfg.slot_mem;
    c->slot_off = e->ucfg.slot_off;
    c->slot_size = e->ucfg.slot_size;
    c->keys = e->keys;
    c->key_count = 2;
}

static void answer(struct pt_env *e, enum tp_net_behaviour b)
{
    tp_script_net(&e->tp, NULL, 0, b);
}

static int run(struct pt_env *e, const struct ncs_mcuboot_config *c, struct ncs_mcuboot_result *r)
{
    int rc = ncs_mcuboot_run(c, &e->tp.app_port, r);
    if (getenv("PCDSIM_TEST_LOG") != NULL) {
        pt_dump_logs(e);
    }
    return rc;
}

/* H5: DONE, nothing erased in overwrite-only mode: the next boot sends the same copy again.
 * The command is the 16-byte NCS block (nothing written at 0x10 and after). */
static void test_done_repeats_every_boot(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    const uint32_t len = pt_put_candidate(e, FX_NET_V2, false);
    (void)len;
    struct pcd_cmd pre;
    memset(&pre, 0, sizeof(pre));
    pre.ext_marker = 0x5A5A5A5Au;
    pt_poke_cmd(e, &pre);
    answer(e, TP_NET_ANSWER_DONE);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_DONE);
    assert_true(r.cmd_written && r.held_after);
    assert_int_equal(r.src, PT_INT_SLOT_OFF + PT_HDR);
    struct pcd_cmd cmd;
    pt_peek_cmd(e, &cmd);
    assert_int_equal(cmd.src, PT_INT_SLOT_OFF + PT_HDR);
    assert_int_equal(cmd.len, r.img_size);
    assert_int_equal(cmd.dst_off, PT_NET_APP_OFF);
    assert_int_equal(cmd.ext_marker, 0x5A5A5A5Au); /* no extension written */
    assert_false(r.locked);                        /* no CONFIG_FPROTECT: H12 */
    assert_int_equal(e->tp.spu_locks, 0);
    struct pcd_slot_state ss;
    assert_int_equal(pcd_slot_state_read(&e->tp.app_port, PCD_MEM_APP_FLASH, PT_INT_SLOT_OFF, PT_INT_SLOT_SIZE, &ss), 0);
    assert_int_equal(ss.swap, PCD_SWAP_TEST); /* still requested */
    assert_int_equal(run(e, &c, &r), 0);      /* next boot */
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_DONE);
    assert_int_equal(e->tp.net_runs, 2);
    pt_env_free(e);
}

/* Swap mode: a success erases the trailer sector, the next boot finds nothing to do; a failure
 * sets image_ok in the primary trailer. */
static void test_swap_mode(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    c.overwrite_only = false;
    pt_put_candidate(e, FX_NET_V2, false);
    answer(e, TP_NET_ANSWER_DONE);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_DONE);
    assert_true(r.trailer_erased);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NO_CANDIDATE);
    assert_int_equal(e->tp.net_runs, 1);
    pt_env_free(e);

    e = pt_env_new(PT_SLOT_INTERNAL);
    config_of(e, &c);
    c.overwrite_only = false;
    pt_put_candidate(e, FX_NET_V2, false);
    answer(e, TP_NET_ANSWER_FAIL);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_FAILED);
    uint8_t ok;
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_APP_FLASH, c.primary_off + c.primary_size - 24u, &ok, 1), 0);
    assert_int_equal(ok, 0x01);
    pt_env_free(e);
}

/* H4 and facts §1.5 step 7: FAIL is -EFAULT, the net core is not forced off, nothing is recorded,
 * and every boot tries again. */
static void test_fail_retried_every_boot(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    pt_put_candidate(e, FX_NET_V2, true);
    answer(e, TP_NET_ANSWER_FAIL);
    for (unsigned boot = 1; boot <= 3; boot++) {
        assert_int_equal(run(e, &c, &r), 0);
        assert_int_equal(r.outcome, NCS_MCUBOOT_NET_FAILED);
        assert_int_equal(r.rc, PCD_E_NET_FAIL);
        assert_false(r.held_after);
        assert_false(e->tp.net_held); /* left running */
        assert_int_equal(e->tp.net_runs, boot);
        tp_power_cycle(&e->tp);
    }
    assert_true(pt_old_image_intact(e));
    pt_env_free(e);
}

/* H1: a QSPI slot at offset 0x74000: the "header" is read from app flash at 0x74000 (erased
 * here), so data = 0x74000 + 0xFFFF and len = 0xFFFFFFFF; the image itself is never sent. */
static void test_qspi_offset_used_as_address(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    pt_put_candidate(e, FX_NET_V2, true);
    answer(e, TP_NET_ANSWER_FAIL);
    assert_int_equal(run(e, &c, &r), 0);
    assert_true(r.targets_net); /* validated through the QSPI driver: fine */
    assert_int_equal(r.hdr_size, 0xFFFFu);
    assert_int_equal(r.src, PT_QSPI_SLOT_OFF + 0xFFFFu);
    struct pcd_cmd cmd;
    pt_peek_cmd(e, &cmd);
    assert_int_equal(cmd.src, PT_QSPI_SLOT_OFF + 0xFFFFu);
    assert_int_equal(cmd.len, 0xFFFFFFFFu);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_FAILED);
    pt_env_free(e);
}

/* Kept from NCS: the signature is checked; an invalid slot never reaches the network core and
 * is scrambled. With CONFIG_FPROTECT the PCD RAM is locked. */
static void test_invalid_slot_and_fprotect(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    c.fprotect = true;
    pt_put_candidate(e, FX_NET_ROGUE, false);
    answer(e, TP_NET_ANSWER_DONE);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_INVALID);
    assert_int_equal(r.rc, PCD_E_IMG_KEY_UNKNOWN);
    assert_false(r.cmd_written);
    assert_int_equal(e->tp.releases, 0);
    uint8_t m[4];
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF, m, 4), 0);
    assert_int_equal(m[0] & m[1] & m[2] & m[3], 0xFF); /* header scrambled */
    assert_true(r.locked);
    assert_int_equal(e->tp.spu_locks, 1);
    assert_int_equal(ncs_mcuboot_run(NULL, &e->tp.app_port, &r), PCD_E_INVAL);
    c.slot_off = 0xFFFFF000u; /* outside app flash */
    assert_int_equal(ncs_mcuboot_run(&c, &e->tp.app_port, &r), PCD_E_INVAL);
    pt_env_free(e);
}

/* Facts errata "Invalid slot scramble": boot_scramble_slot() erases the whole slot, not only its
 * header and trailer sectors (that is MCUBOOT_MINIMAL_SCRAMBLE). */
static void test_invalid_slot_scrambled_whole(void **state)
{
    (void)state;
    const uint32_t mid = PT_INT_SLOT_OFF + 0x10000u; /* inside the image body, not a header/trailer sector */
    for (int minimal = 0; minimal <= 1; minimal++) {
        struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
        struct ncs_mcuboot_config c;
        struct ncs_mcuboot_result r;
        config_of(e, &c);
        c.minimal_scramble = minimal != 0;
        pt_put_candidate(e, FX_NET_ROGUE, false);
        uint8_t before[16], after[16], ff[16];
        memset(ff, 0xFF, sizeof(ff));
        assert_int_equal(fm_peek(e->tp.fm, FM_NRF_APP_FLASH, mid, before, sizeof(before)), 0);
        assert_memory_not_equal(before, ff, sizeof(ff));
        assert_int_equal(run(e, &c, &r), 0);
        assert_int_equal(r.outcome, NCS_MCUBOOT_INVALID);
        assert_int_equal(fm_peek(e->tp.fm, FM_NRF_APP_FLASH, mid, after, sizeof(after)), 0);
        if (minimal) {
            assert_memory_equal(after, before, sizeof(after)); /* only the header and trailer sectors */
        } else {
            assert_memory_equal(after, ff, sizeof(after)); /* the whole slot */
            assert_int_equal(fm_peek(e->tp.fm, FM_NRF_APP_FLASH, PT_INT_SLOT_OFF + PT_INT_SLOT_SIZE - 1u, after, 1), 0);
            assert_int_equal(after[0], 0xFF);
        }
        pt_env_free(e);
    }
}

/* Facts errata "H1 needs a single-pair layout", §3.4: with NRF53_MULTI_IMAGE_UPDATE the QSPI
 * slot is copied into the RAM primary and PCD gets the RAM address (no fa_off path); a success
 * scrambles the candidate, a failure leaves it for the next boot. */
static void test_simultaneous_stages_through_ram(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    c.multi_image = true;
    c.ram_slot_off = 0u;
    c.ram_slot_size = 0x40000u;
    pt_put_candidate(e, FX_NET_V2, true);
    answer(e, TP_NET_ANSWER_FAIL);
    assert_int_equal(run(e, &c, &r), 0);
    assert_true(r.staged);
    assert_int_equal(r.src, PT_RAM_FLASH + PT_HDR);
    assert_int_equal(r.hdr_size, PT_HDR);
    struct pcd_cmd cmd;
    pt_peek_cmd(e, &cmd);
    assert_int_equal(cmd.src, PT_RAM_FLASH + PT_HDR);
    assert_int_equal(cmd.len, r.img_size);
    uint8_t ram[64], slot[64];
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_RAM_FLASH, 0x1000u, ram, sizeof(ram)), 0);
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_QSPI, PT_QSPI_SLOT_OFF + 0x1000u, slot, sizeof(slot)), 0);
    assert_memory_equal(ram, slot, sizeof(ram));
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_FAILED);
    assert_false(r.scrambled); /* boot_copy_image returns before erasing: retried */
    answer(e, TP_NET_ANSWER_DONE);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_DONE);
    assert_true(r.scrambled);
    assert_int_equal(run(e, &c, &r), 0);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NO_CANDIDATE); /* not sent again */
    pt_env_free(e);
}

/* pcd_version_cmp_net() in simultaneous mode with downgrade prevention (facts §3.4 step 2, §3.6,
 * errata "READ_VERSION"): a READ_VERSION answered FAIL is -EFAULT and the candidate is refused and
 * scrambled before any staging; answered DONE without a version (H16's unwritten buffer) it is
 * compared with 0 and the update goes on. Not asked before NCS 2.5, without downgrade prevention,
 * or in the sequential path. */
static void test_simultaneous_version_cmp_net(void **state)
{
    (void)state;
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    struct pt_env *e = pt_env_new(PT_SLOT_QSPI);
    config_of(e, &c);
    c.multi_image = true;
    c.downgrade_prevention = true;
    c.ncs_version = NCS_VERSION(3, 0, 0);
    pt_put_candidate(e, FX_NET_V2, true);
    answer(e, TP_NET_ANSWER_FAIL);
    assert_int_equal(run(e, &c, &r), 0);
    assert_true(r.version_asked);
    assert_int_equal(r.version_cmp, PCD_E_NET_FAIL);
    assert_int_equal(r.outcome, NCS_MCUBOOT_INVALID);
    assert_int_equal(r.rc, PCD_E_NET_FAIL);
    assert_false(r.staged || r.cmd_written);
    struct pcd_cmd cmd;
    pt_peek_cmd(e, &cmd);
    assert_int_equal(cmd.src, PT_PCD + 0x40u); /* READ_VERSION: data = the 4-byte buffer, len 4 */
    assert_int_equal(cmd.len, 4u);
    uint8_t hdr[4];
    assert_int_equal(fm_peek(e->tp.fm, FM_NRF_QSPI, PT_QSPI_SLOT_OFF, hdr, sizeof(hdr)), 0);
    assert_int_equal(hdr[0] & hdr[1] & hdr[2] & hdr[3], 0xFF); /* scrambled */
    assert_true(tp_log_has(&e->tp.app, "insufficient version in secondary slot"));
    pt_env_free(e);

    e = pt_env_new(PT_SLOT_QSPI);
    config_of(e, &c); /* the keys live in the environment */
    c.multi_image = true;
    c.downgrade_prevention = true;
    c.ncs_version = NCS_VERSION(3, 0, 0);
    pt_put_candidate(e, FX_NET_V2, true);
    answer(e, TP_NET_ANSWER_DONE); /* DONE, nothing written into the buffer (H16) */
    assert_int_equal(run(e, &c, &r), 0);
    assert_true(r.version_asked);
    assert_int_equal(r.net_version, 0u);
    assert_int_equal(r.version_cmp, 1);
    assert_true(r.staged && r.cmd_written);
    assert_int_equal(r.outcome, NCS_MCUBOOT_NET_DONE);
    pt_env_free(e);

    static const struct {
        uint32_t v;
        bool dp, multi;
    } none[] = {{NCS_VERSION(2, 4, 99), true, true}, {NCS_VERSION(3, 0, 0), false, true},
                {NCS_VERSION(3, 0, 0), true, false}};
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        e = pt_env_new(none[i].multi ? PT_SLOT_QSPI : PT_SLOT_INTERNAL);
        config_of(e, &c);
        c.multi_image = none[i].multi;
        c.downgrade_prevention = none[i].dp;
        c.ncs_version = none[i].v;
        pt_put_candidate(e, FX_NET_V2, none[i].multi);
        answer(e, TP_NET_ANSWER_FAIL);
        assert_int_equal(run(e, &c, &r), 0);
        assert_false(r.version_asked);
        assert_true(r.cmd_written);
        assert_int_equal(r.outcome, NCS_MCUBOOT_NET_FAILED);
        pt_env_free(e);
    }
}

/* Releases (facts errata "H12 range", "H4/H5"): NCS 2.3 locks the PCD RAM without FPROTECT, 2.4
 * does not; NCS 3.5 scrambles the candidate after success and after failure, 3.4 keeps it. */
static void test_release_boundaries(void **state)
{
    (void)state;
    static const struct {
        uint32_t v;
        bool locked, scrambled;
    } rows[] = {{NCS_VERSION(2, 3, 0), true, false},
                {NCS_VERSION(2, 4, 0), false, false},
                {NCS_VERSION(3, 4, 0), false, false},
                {NCS_VERSION(3, 5, 0), false, true}};
    for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        for (int fail = 0; fail <= 1; fail++) {
            struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
            struct ncs_mcuboot_config c;
            struct ncs_mcuboot_result r;
            config_of(e, &c);
            c.ncs_version = rows[i].v;
            pt_put_candidate(e, FX_NET_V2, false);
            answer(e, fail ? TP_NET_ANSWER_FAIL : TP_NET_ANSWER_DONE);
            assert_int_equal(run(e, &c, &r), 0);
            assert_int_equal(r.outcome, fail ? NCS_MCUBOOT_NET_FAILED : NCS_MCUBOOT_NET_DONE);
            assert_int_equal(r.locked, rows[i].locked);
            assert_int_equal(r.scrambled, rows[i].scrambled);
            tp_power_cycle(&e->tp); /* the next boot (the SPU lock lasts until a reset) */
            assert_int_equal(run(e, &c, &r), 0);
            assert_int_equal(r.outcome, rows[i].scrambled ? NCS_MCUBOOT_NO_CANDIDATE
                                                          : (fail ? NCS_MCUBOOT_NET_FAILED : NCS_MCUBOOT_NET_DONE));
            pt_env_free(e);
        }
    }
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    config_of(e, &c);
    c.ncs_version = NCS_VERSION(1, 3, 9); /* before PCD */
    assert_int_equal(ncs_mcuboot_run(&c, &e->tp.app_port, &r), PCD_E_INVAL);
    pt_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_done_repeats_every_boot),
        cmocka_unit_test(test_swap_mode),
        cmocka_unit_test(test_fail_retried_every_boot),
        cmocka_unit_test(test_qspi_offset_used_as_address),
        cmocka_unit_test(test_invalid_slot_and_fprotect),
        cmocka_unit_test(test_invalid_slot_scrambled_whole),
        cmocka_unit_test(test_simultaneous_stages_through_ram),
        cmocka_unit_test(test_release_boundaries),
        cmocka_unit_test(test_simultaneous_version_cmp_net),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
