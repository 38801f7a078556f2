/* The PCD command block (pcd/cmd.h): wire bytes, decoding of anything, order of writes.
 * Requirements: B0N-REPORT (magic written last), APP-HASH (sha in the extension), the wire
 * format of reference-behaviour.md §2 (NCS-compatible first 16 bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcd_test_util.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Wire format: the 16 NCS bytes (facts §1.2) then marker, sha, reason, flags, little-endian. */
static void test_pcd_cmd__wire_bytes(void **state)
{
    (void)state;
    uint8_t sha[PCD_SHA256_LEN];
    for (unsigned i = 0; i < sizeof(sha); i++) {
        sha[i] = (uint8_t)(0xA0u + i);
    }
    struct pcd_cmd c;
    pcd_cmd_make_copy(&c, 0x00080200u, 0x258C4u, 0x8800u, sha);
    c.reason = 55;
    c.flags = 3;
    uint8_t w[PCD_CMD_BLOCK_SIZE];
    pcd_cmd_encode(&c, w);
    const uint8_t head[16] = {0xb6, 0xb3, 0xb4, 0xb5, 0x00, 0x02, 0x08, 0x00,
                              0xC4, 0x58, 0x02, 0x00, 0x00, 0x88, 0x00, 0x00};
    assert_memory_equal(w, head, sizeof(head));
    assert_memory_equal(w + 0x10, "PCX\x01", 4);
    assert_memory_equal(w + 0x14, sha, sizeof(sha));
    assert_int_equal(le32(w + 0x34), 55);
    assert_int_equal(le32(w + 0x38), 3);
    assert_int_equal(PCD_CMD_BLOCK_SIZE, 0x3C);

    struct pcd_cmd d;
    pcd_cmd_decode(w, &d);
    assert_memory_equal(&d, &c, sizeof(c));
    assert_int_equal(pcd_cmd_ext_state(&d), PCD_CMD_EXT_PRESENT);
}

/* Magic classification: anything but the five magics is "no command" (facts §1.3). */
static void test_pcd_cmd__magic_kinds(void **state)
{
    (void)state;
    assert_int_equal(pcd_cmd_kind_of(0xb5b4b3b6u), PCD_CMD_COPY);
    assert_int_equal(pcd_cmd_kind_of(0xf103ce5du), PCD_CMD_DONE);
    assert_int_equal(pcd_cmd_kind_of(0x25bafc15u), PCD_CMD_FAIL);
    assert_int_equal(pcd_cmd_kind_of(0xdca345eau), PCD_CMD_READ_VERSION);
    assert_int_equal(pcd_cmd_kind_of(0xb6f249ecu), PCD_CMD_LOCK_DEBUG);
    assert_int_equal(pcd_cmd_kind_of(0xbac4b0e1u), PCD_CMD_BACKUP); /* docs/SPEC.md 8.1 */
    const uint32_t stale[] = {0u, 0xFFFFFFFFu, 0xb5b4b3b7u, 0xb6b3b4b5u, 0xa91c4eadu, 0x96f3b83du};
    for (unsigned i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
        assert_int_equal(pcd_cmd_kind_of(stale[i]), PCD_CMD_NONE);
    }
    assert_string_equal(pcd_cmd_magic_name(PCD_CMD_MAGIC_COPY), "COPY");
    assert_string_equal(pcd_cmd_magic_name(0x12345678u), "none");
}

/* Extension marker: family "PCX" + version byte; NCS app sides leave other bytes there. */
static void test_pcd_cmd__extension_marker(void **state)
{
    (void)state;
    struct pcd_cmd c;
    memset(&c, 0, sizeof(c));
    c.ext_marker = 0u;
    assert_int_equal(pcd_cmd_ext_state(&c), PCD_CMD_EXT_ABSENT);
    c.ext_marker = 0xFFFFFFFFu;
    assert_int_equal(pcd_cmd_ext_state(&c), PCD_CMD_EXT_ABSENT);
    c.ext_marker = PCD_CMD_EXT_MARKER_V1;
    assert_int_equal(pcd_cmd_ext_state(&c), PCD_CMD_EXT_PRESENT);
    c.ext_marker = 0x02584350u; /* "PCX" version 2 */
    assert_int_equal(pcd_cmd_ext_state(&c), PCD_CMD_EXT_BAD);
}

/* Every byte pattern decodes; random blocks are never a command unless the magic matches. */
static void test_pcd_cmd__decode_garbage(void **state)
{
    (void)state;
    uint64_t s = 0x1234567u;
    for (unsigned k = 0; k < 2000; k++) {
        uint8_t w[PCD_CMD_BLOCK_SIZE];
        for (unsigned i = 0; i < sizeof(w); i++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            w[i] = (uint8_t)(s >> 56);
        }
        struct pcd_cmd c;
        pcd_cmd_decode(w, &c);
        uint8_t back[PCD_CMD_BLOCK_SIZE];
        pcd_cmd_encode(&c, back);
        assert_memory_equal(w, back, sizeof(w));
        assert_int_equal(pcd_cmd_kind_of(c.magic), PCD_CMD_NONE);
    }
}

static void test_pcd_cmd__reason_words(void **state)
{
    (void)state;
    assert_int_equal(pcd_cmd_reason_of(0), 0);
    assert_int_equal(pcd_cmd_reason_of(PCD_E_SRC_HASH), 55);
    assert_int_equal(pcd_cmd_err_of(55), PCD_E_SRC_HASH);
    assert_int_equal(pcd_cmd_err_of(0), PCD_E_NET_FAIL);
    assert_int_equal(pcd_cmd_err_of(0x80000000u), PCD_E_NET_FAIL);
}

/* App side: every field first, magic last (a half-written block never holds a command). */
static void test_pcd_cmd__request_writes_magic_last(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pt_rec_port *r = calloc(1, sizeof(*r));
    pt_rec_init(r, &e->tp.app_port);
    uint8_t sha[PCD_SHA256_LEN] = {1, 2, 3};
    struct pcd_cmd c, back;
    pcd_cmd_make_copy(&c, 0x20010000u, 100u, 0x8800u, sha);
    assert_int_equal(pcd_cmd_store_request(&r->port, PT_PCD, &c), 0);
    assert_int_equal(r->n, PCD_CMD_BLOCK_SIZE / 4u);
    for (unsigned i = 0; i + 1 < r->n; i++) {
        assert_int_not_equal(r->ev[i].addr, PT_PCD + PCD_CMD_OFF_MAGIC);
    }
    assert_int_equal(r->ev[r->n - 1].addr, PT_PCD + PCD_CMD_OFF_MAGIC);
    assert_int_equal(r->ev[r->n - 1].val, PCD_CMD_MAGIC_COPY);
    /* round trip through the emulated SRAM, word by word */
    assert_int_equal(pcd_cmd_load(&e->tp.net_port, PT_PCD, &back), 0);
    assert_memory_equal(&back, &c, sizeof(c));
    pt_peek_cmd(e, &back);
    assert_memory_equal(&back, &c, sizeof(c));
    /* misaligned block address */
    assert_int_equal(pcd_cmd_store_request(&e->tp.app_port, PT_PCD + 2, &c), PCD_E_INVAL);
    assert_int_equal(pcd_cmd_load(&e->tp.app_port, 0xFFFFFFF0u, &back), PCD_E_INVAL);
    free(r);
    pt_env_free(e);
}

/* B0N-REPORT: reason, flags, then the magic. */
static void test_pcd_cmd__answer_writes_magic_last(void **state)
{
    (void)state;
    struct pt_env *e = pt_env_new(PT_SLOT_INTERNAL);
    struct pt_rec_port *r = calloc(1, sizeof(*r));
    pt_rec_init(r, &e->tp.net_port);
    assert_int_equal(pcd_cmd_store_answer(&r->port, PT_PCD, PCD_CMD_MAGIC_FAIL, PCD_E_CMD_DST, PCD_CMD_B0N_EXT), 0);
    assert_int_equal(r->n, 3);
    assert_int_equal(r->ev[0].addr, PT_PCD + PCD_CMD_OFF_REASON);
    assert_int_equal(r->ev[0].val, 51);
    assert_int_equal(r->ev[1].addr, PT_PCD + PCD_CMD_OFF_FLAGS);
    assert_int_equal(r->ev[2].addr, PT_PCD + PCD_CMD_OFF_MAGIC);
    assert_int_equal(r->ev[2].val, PCD_CMD_MAGIC_FAIL);
    assert_int_equal(pcd_cmd_store_answer(&r->port, PT_PCD, PCD_CMD_MAGIC_COPY, 0, 0), PCD_E_INVAL);
    free(r);
    pt_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcd_cmd__wire_bytes),
        cmocka_unit_test(test_pcd_cmd__magic_kinds),
        cmocka_unit_test(test_pcd_cmd__extension_marker),
        cmocka_unit_test(test_pcd_cmd__decode_garbage),
        cmocka_unit_test(test_pcd_cmd__reason_words),
        cmocka_unit_test(test_pcd_cmd__request_writes_magic_last),
        cmocka_unit_test(test_pcd_cmd__answer_writes_magic_last),
    };
    return cmocka_run_group_tests_name("pcd.cmd", tests, NULL, NULL);
}
