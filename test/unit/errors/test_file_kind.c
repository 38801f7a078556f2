/* pcdsim_is_intel_hex(): Intel HEX text is recognised by its first record (checksum included);
 * binary images, even one starting with ':', are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pcdsim/file_kind.h"

static bool is_hex(const char *s)
{
    return pcdsim_is_intel_hex((const uint8_t *)s, strlen(s));
}

static void test_ihex_records(void **state)
{
    (void)state;
    // extended linear address 0x0000 (as objcopy starts a file), then a data record
    assert_true(is_hex(":020000040000FA\n:10000000000001203D0101003F0101003F0101000E\n"));
    assert_true(is_hex(":020000040000FA\r\n"));                 // CRLF (nrfjprog / Windows)
    assert_true(is_hex("\n  :00000001FF"));                       // end-of-file record alone, leading blanks
    assert_true(is_hex(":0400000301008DB1BA\n"));                 // start segment address (type 03)
    assert_true(is_hex(":10000000000001203d0101003f0101003f0101000e\n")); // lower-case digits
}

static void test_ihex_not(void **state)
{
    (void)state;
    assert_false(is_hex(""));
    assert_false(is_hex(":"));
    assert_false(is_hex(":020000040000FB\n"));                    // bad checksum
    assert_false(is_hex(":020000060000F8\n"));                    // record type 06 does not exist
    assert_false(is_hex(":020000040000"));                        // cut before the checksum
    assert_false(is_hex(":020000040000FAx"));                     // no line end after the record
    assert_false(is_hex(":02000004000G0FA\n"));                   // not a hex digit
    assert_false(is_hex("020000040000FA\n"));                     // no ':'
    // a binary that happens to start with ':' (a stack pointer ending in 0x3a)
    static const uint8_t bin[] = {0x3a, 0x10, 0x00, 0x20, 0x85, 0xa5, 0x00, 0x01, 0x0a, 0x0d};
    assert_false(pcdsim_is_intel_hex(bin, sizeof(bin)));
    // an MCUboot image header (IMAGE_MAGIC 0x96f3b83d, little-endian)
    static const uint8_t img[] = {0x3d, 0xb8, 0xf3, 0x96, 0, 0, 0, 0, 0x00, 0x02};
    assert_false(pcdsim_is_intel_hex(img, sizeof(img)));
}

static void test_ihex_file(void **state)
{
    (void)state;
    char path[] = "/tmp/pcdsim-ihex-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char rec[] = ":020000040000FA\n:00000001FF\n";
    assert_int_equal(write(fd, rec, sizeof(rec) - 1), (ssize_t)(sizeof(rec) - 1));
    close(fd);
    assert_true(pcdsim_file_is_intel_hex(path));
    unlink(path);
    assert_false(pcdsim_file_is_intel_hex(path)); // unreadable: not judged here
    assert_non_null(strstr(pcdsim_intel_hex_hint(), "objcopy -I ihex -O binary"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ihex_records),
        cmocka_unit_test(test_ihex_not),
        cmocka_unit_test(test_ihex_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
