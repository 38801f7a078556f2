/* The settings page (nrf5dfu/settings.h): byte offsets of SDK 17.0.x / nrfutil, CRC32, the CRC
 * ranges, "never calculated", the backup rule, protected fields, the version-1 translation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nrf5dfu/settings.h"

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_crc32_vector(void **state)
{
    (void)state;
    assert_int_equal(n5_crc32(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(n5_crc32(n5_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
    assert_int_equal(n5_crc32(0, "", 0), 0u);
}

static void test_offsets(void **state)
{
    (void)state;
    struct n5_settings s;
    n5_settings_default(&s);
    s.app_version = 0x11111111u;
    s.bank_0 = (struct n5_bank){0x1000u, 0xAABBCCDDu, N5_BANK_VALID_APP};
    s.bank_1 = (struct n5_bank){0x2000u, 0x01020304u, N5_BANK_VALID_APP};
    s.write_offset = 0x3000u;
    s.sd_size = 0x26000u;
    s.progress.fw_crc_start = 0x8F000u;
    s.enter_buttonless_dfu = 1;
    s.init_command[0] = 0x12;
    s.bv[1].type = N5_BV_CRC;
    s.bv[2].bytes[63] = 0x77;
    s.peer_data[0] = 0x55;
    s.adv_name[27] = 0x66;
    uint8_t raw[N5_SETTINGS_SIZE];
    n5_settings_encode(&s, raw);
    assert_int_equal(get32(raw + 0x04), 2u);
    assert_int_equal(get32(raw + 0x08), 0x11111111u);
    assert_int_equal(get32(raw + 0x1C), 0xAABBCCDDu);  /* nrfutil bank0_img_crc */
    assert_int_equal(get32(raw + 0x20), 1u);           /* nrfutil bank0_bank_code */
    assert_int_equal(get32(raw + 0x24), 0x2000u);      /* bank_1.image_size */
    assert_int_equal(get32(raw + 0x30), 0x3000u);      /* write_offset */
    assert_int_equal(get32(raw + 0x34), 0x26000u);     /* nrfutil sd_sz */
    assert_int_equal(get32(raw + 0x48), 0x8F000u);     /* update_start_address */
    assert_int_equal(get32(raw + 0x58), 1u);           /* enter_buttonless_dfu */
    assert_int_equal(raw[0x5C], 0x12);                 /* nrfutil init_cmd */
    assert_int_equal(raw[0x2A1], N5_BV_CRC);           /* nrfutil app_validation_type */
    assert_int_equal(raw[0x2E2 + 64], 0x77);           /* last byte of the bootloader's block */
    assert_int_equal(raw[0x324], 0x55);
    assert_int_equal(raw[0x37F], 0x66);
    struct n5_settings d;
    n5_settings_decode(raw, &d);
    uint8_t again[N5_SETTINGS_SIZE];
    n5_settings_encode(&d, again);
    assert_memory_equal(raw, again, sizeof(raw));
}

static void test_crc_ranges(void **state)
{
    (void)state;
    struct n5_settings s;
    n5_settings_default(&s);
    s.bank_0.image_size = 5;
    n5_settings_seal(&s);
    uint8_t raw[N5_SETTINGS_SIZE];
    n5_settings_encode(&s, raw);
    assert_true(n5_settings_crc_ok(raw));
    assert_true(n5_settings_backup_ok(raw));
    assert_int_equal(s.crc, n5_crc32(0, raw + 4, 0x58));
    assert_int_equal(s.boot_validation_crc, n5_crc32(0, raw + 0x260, 0xC3));
    raw[0x5C] ^= 1; /* the init command is in no CRC */
    raw[0x330] ^= 1; /* nor the peer data */
    assert_true(n5_settings_backup_ok(raw));
    raw[0x2A2] ^= 1; /* the boot validation is in the backup's check only */
    assert_true(n5_settings_crc_ok(raw));
    assert_false(n5_settings_backup_ok(raw));
    raw[0x2A2] ^= 1;
    raw[0x5B] ^= 1; /* the last byte the CRC covers */
    assert_false(n5_settings_crc_ok(raw));
    memset(raw, 0xFF, sizeof(raw)); /* erased page: crc 0xFFFFFFFF is "never calculated" */
    assert_false(n5_settings_crc_ok(raw));
}

static void test_protected_fields(void **state)
{
    (void)state;
    struct n5_settings b, a;
    n5_settings_default(&b);
    b.bank_0 = (struct n5_bank){100, 200, N5_BANK_VALID_APP};
    memcpy(&a, &b, sizeof(a));
    a.bank_1 = (struct n5_bank){1, 2, N5_BANK_VALID_APP};
    a.write_offset = 7;
    a.progress.command_size = 9;
    a.enter_buttonless_dfu = 1;
    a.init_command[3] = 4;
    assert_true(n5_settings_protected_equal(&a, &b));
    a.bank_0.image_crc = 201;
    assert_false(n5_settings_protected_equal(&a, &b));
    n5_settings_restore_protected(&a, &b);
    assert_int_equal(a.bank_0.image_crc, 200);
    assert_int_equal(a.bank_1.image_crc, 2);
    a.bank_current = 1;
    assert_false(n5_settings_protected_equal(&a, &b));
    a.bank_current = 0;
    a.bv[1].bytes[0] = 1;
    assert_false(n5_settings_protected_equal(&a, &b));
}

static void test_v1_translation(void **state)
{
    (void)state;
    struct n5_settings s;
    n5_settings_default(&s);
    s.settings_version = 1;
    s.bank_0.image_crc = 0x44332211u;
    s.init_command[256] = 0xAB;      /* v1 peer data */
    s.init_command[256 + 64] = 0xCD; /* v1 advertising name */
    n5_settings_upgrade_v1(&s);
    assert_int_equal(s.settings_version, 2);
    assert_int_equal(s.peer_data[0], 0xAB);
    assert_int_equal(s.adv_name[0], 0xCD);
    assert_int_equal(s.bv[1].type, N5_BV_CRC);
    assert_int_equal(get32(s.bv[1].bytes), 0x44332211u);
    assert_string_equal(n5_err_name(N5_E_FORBIDDEN), "N5_E_FORBIDDEN");
    assert_string_equal(n5_err_name(5), "N5_E_?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_vector),     cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_crc_ranges),       cmocka_unit_test(test_protected_fields),
        cmocka_unit_test(test_v1_translation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
