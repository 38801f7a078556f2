/* The init packet (pcdsim/n52_init.h): the dfu-cc protobuf decoded with nanopb, its ECDSA P-256
 * signature over the signed Command bytes checked through the host crypto backend, the size and
 * the (reversed) SHA-256 of bank 1 against it. Packets from scenarios/nrf52/make_nrf52_data.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcdsim/keys.h"
#include "pcdsim/n52_init.h"
#include "pcdsim/n52_port.h"

#define DATA PCDSIM_SOURCE_DIR "/scenarios/nrf52/data/"

static uint8_t *slurp(const char *path, uint32_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t buf[2][80000];
    static unsigned which;
    uint8_t *b = buf[which++ % 2];
    *len = (uint32_t)fread(b, 1, sizeof(buf[0]), f);
    fclose(f);
    return b;
}

struct fix {
    struct fm_sys *sys;
    struct n5_port port;
    struct n52_port_ctx pc;
    struct pcdsim_key key;
    struct n52_init_ctx ictx;
    struct n5_init_checker chk;
    uint32_t size;
};

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof(*f));
    struct fm_desc d;
    assert_int_equal(fm_nrf52840_desc(&d), 0);
    assert_int_equal(fm_sys_create(&d, 1, &f->sys), 0);
    f->pc.sys = f->sys;
    n52_port_init(&f->port, &f->pc);
    uint8_t *img = slurp(DATA "app-v2.bin", &f->size);
    assert_int_equal(f->size, 5001u);
    assert_int_equal(fm_load(f->sys, FM_N52_FLASH, 0x8F000u, img, f->size), 0);
    assert_int_equal(pcdsim_key_load_pem(PCDSIM_SHARED_DIR "/fixtures/keys/ecdsa-p256.pub.pem", &f->key, NULL), 0);
    f->ictx.key = &f->key.key;
    n52_init_checker(&f->chk, &f->ictx);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    pcdsim_key_free(&f->key);
    fm_sys_destroy(f->sys);
    free(f);
    return 0;
}

static int check_file(struct fix *f, const char *name, uint32_t size)
{
    char path[512];
    snprintf(path, sizeof(path), DATA "%s", name);
    uint32_t len;
    uint8_t *pkt = slurp(path, &len);
    return f->chk.check(f->chk.ctx, &f->port, pkt, len, 0x8F000u, size);
}

static void test_good_packet(void **state)
{
    struct fix *f = *state;
    assert_int_equal(check_file(f, "app-v2.dat", f->size), 0);
    uint32_t len;
    uint8_t *pkt = slurp(DATA "app-v2.dat", &len);
    struct n52_init_info info;
    const uint8_t *cmd;
    uint32_t cmd_len;
    assert_int_equal(n52_init_decode(pkt, len, &info, &cmd, &cmd_len), 0);
    assert_true(info.is_signed);
    assert_int_equal(info.signature_type, 0);
    assert_int_equal(info.op_code, 1);
    assert_int_equal(info.fw_version, 2);
    assert_int_equal(info.app_size, 5001u);
    assert_int_equal(info.hash_type, 3);
    assert_true(cmd > pkt && cmd + cmd_len <= pkt + len);
}

static void test_rogue_signature(void **state)
{
    struct fix *f = *state;
    assert_int_equal(check_file(f, "app-v2-rogue.dat", f->size), N5_E_SIG);
    assert_non_null(strstr(f->ictx.why, "signature"));
}

static void test_bad_hash_and_size(void **state)
{
    struct fix *f = *state;
    assert_int_equal(check_file(f, "app-v2-badhash.dat", f->size), N5_E_HASH);
    assert_int_equal(check_file(f, "app-v2.dat", f->size - 1), N5_E_INIT);
    /* bank 1 changed after signing: the hash catches it */
    const uint8_t z = 0;
    assert_int_equal(fm_load(f->sys, FM_N52_FLASH, 0x8F000u + 5000u, &z, 1), 0);
    assert_int_equal(check_file(f, "app-v2.dat", f->size), N5_E_HASH);
}

static void test_tampered_and_garbage(void **state)
{
    struct fix *f = *state;
    uint32_t len;
    uint8_t *pkt = slurp(DATA "app-v2.dat", &len);
    uint8_t copy[256];
    memcpy(copy, pkt, len);
    struct n52_init_info info;
    const uint8_t *cmd;
    uint32_t cmd_len;
    assert_int_equal(n52_init_decode(copy, len, &info, &cmd, &cmd_len), 0);
    copy[cmd - copy + cmd_len - 1] ^= 0x01; /* a bit of the signed command (the boot validation CRC) */
    assert_int_equal(f->chk.check(f->chk.ctx, &f->port, copy, len, 0x8F000u, f->size), N5_E_SIG);
    memset(copy, 0xFF, sizeof(copy));
    assert_int_equal(f->chk.check(f->chk.ctx, &f->port, copy, 40, 0x8F000u, f->size), N5_E_INIT);
    assert_int_equal(f->chk.check(f->chk.ctx, &f->port, pkt, len / 2, 0x8F000u, f->size), N5_E_INIT);
    assert_int_equal(n52_init_decode(pkt, 0, &info, &cmd, &cmd_len), N5_E_INIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_packet),
        cmocka_unit_test(test_rogue_signature),
        cmocka_unit_test(test_bad_hash_and_size),
        cmocka_unit_test(test_tampered_and_garbage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
