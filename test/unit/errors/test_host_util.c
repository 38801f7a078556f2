/* The host utilities written once (pcdsim/host_util.h, pcdsim_pcd_err_from_fm(), the device-name
 * table): whole-file reads under a cap, "did you mean", the flash-model -> PCD translation every
 * port uses, and the device names every tool prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "flashmodel/fm_err.h"
#include "flashmodel/nrf5340.h"
#include "pcd/err.h"
#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void test_read_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/pcdsim-read-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/ten", dir);
    write_file(path, "0123456789", 10);
    uint8_t *data = NULL;
    size_t len = 99;
    struct pcdsim_read_info ri;

    /* exactly the cap: read, NUL-terminated */
    assert_int_equal(pcdsim_read_file(path, 10, 0, &data, &len, &ri), 0);
    assert_int_equal(len, 10);
    assert_string_equal((const char *)data, "0123456789");
    assert_int_equal(ri.fail, PCDSIM_READ_OK);
    free(data);
    /* one byte over: refused, nothing returned */
    assert_int_equal(pcdsim_read_file(path, 9, 0, &data, &len, &ri), PCDSIM_E_FILE);
    assert_null(data);
    assert_int_equal(ri.fail, PCDSIM_READ_TOO_LARGE);
    assert_non_null(strstr(ri.why, "10 bytes"));
    /* missing, a directory */
    snprintf(path, sizeof(path), "%s/none", dir);
    assert_int_equal(pcdsim_read_file(path, 10, 0, &data, &len, &ri), PCDSIM_E_FILE);
    assert_int_equal(ri.fail, PCDSIM_READ_OPEN);
    assert_string_equal(ri.why, "No such file or directory");
    assert_int_equal(pcdsim_read_file(dir, 10, 0, &data, &len, &ri), PCDSIM_E_FILE);
    assert_int_equal(ri.fail, PCDSIM_READ_NOT_FILE);
    assert_string_equal(ri.why, "it is a directory");
    /* empty: read, length 0, still a string */
    snprintf(path, sizeof(path), "%s/empty", dir);
    write_file(path, "", 0);
    assert_int_equal(pcdsim_read_file(path, 10, 0, &data, &len, NULL), 0);
    assert_int_equal(len, 0);
    assert_non_null(data);
    assert_int_equal(data[0], 0);
    free(data);
    unlink(path);
    /* a FIFO: refused with PCDSIM_READ_REGULAR_ONLY (without blocking) */
    snprintf(path, sizeof(path), "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(pcdsim_read_file(path, 10, PCDSIM_READ_REGULAR_ONLY, &data, &len, &ri), PCDSIM_E_FILE);
    assert_int_equal(ri.fail, PCDSIM_READ_NOT_FILE);
    assert_string_equal(ri.why, "not a regular file");
    unlink(path);
    snprintf(path, sizeof(path), "%s/ten", dir);
    unlink(path);
    rmdir(dir);
}

static void test_did_you_mean(void **state)
{
    (void)state;
    assert_int_equal(pcdsim_edit_distance("size", "size"), 0);
    assert_int_equal(pcdsim_edit_distance("sise", "size"), 1);
    assert_int_equal(pcdsim_edit_distance("szie", "size"), 1); /* a swap of neighbours is one edit */
    assert_int_equal(pcdsim_edit_distance("SIZE", "size"), 0); /* case does not count */
    assert_int_equal(pcdsim_edit_distance("", "abc"), 3);
    char long_word[70];
    memset(long_word, 'a', sizeof(long_word) - 1);
    long_word[sizeof(long_word) - 1] = '\0';
    assert_true(pcdsim_edit_distance(long_word, "a") == SIZE_MAX);
    static const char *const names[] = {"retries", "timeout_ms", "poll_ms"};
    assert_string_equal(pcdsim_did_you_mean("tmeout_ms", names, 3), "timeout_ms");
    assert_null(pcdsim_did_you_mean("speed", names, 3));
    static const char *const short_names[] = {"tear", "after"};
    assert_string_equal(pcdsim_did_you_mean("teer", short_names, 2), "tear");
    assert_null(pcdsim_did_you_mean("tx", short_names, 2)); /* short words: one edit at most */
}

/* The one translation both ports use: every flash-model code to the PCD code of its meaning. */
static void test_fm_to_pcd(void **state)
{
    (void)state;
    static const struct {
        int fm, pcd;
    } map[] = {
        {0, 0},
        {FM_E_RANGE, PCD_E_RANGE},
        {FM_E_ALIGN, PCD_E_FLASH_RULE},
        {FM_E_NWRITE, PCD_E_FLASH_RULE},
        {FM_E_NOT_ERASED, PCD_E_FLASH_RULE},
        {FM_E_BUS_FAULT, PCD_E_BUS_FAULT},
        {FM_E_POWER_LOSS, PCD_E_HALTED},
        {FM_E_POWERED_OFF, PCD_E_HALTED},
        {FM_E_NOT_SUPPORTED, PCD_E_UNSUPPORTED},
        {FM_E_INVAL, PCD_E_INVAL},
        {FM_E_NOMEM, PCD_E_IO},
        {FM_E_IO, PCD_E_IO},
        {FM_E_WEAR, PCD_E_IO},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (pcdsim_pcd_err_from_fm(map[i].fm) != map[i].pcd) {
            fail_msg("%s -> %s, expected %s", pcdsim_strerror(map[i].fm), pcdsim_strerror(pcdsim_pcd_err_from_fm(map[i].fm)),
                     pcdsim_strerror(map[i].pcd));
        }
    }
}

/* One table of device names: the flash model's descriptions use it. */
static void test_device_names(void **state)
{
    (void)state;
    struct fm_desc desc;
    const struct fm_nrf5340_opts opts = FM_NRF5340_OPTS_DEFAULT;
    assert_int_equal(fm_nrf5340_desc(&desc, &opts), 0);
    for (int d = 0; d < FM_NRF_DEV_COUNT; d++) {
        assert_string_equal(desc.devices[d].name, fm_nrf5340_dev_name((enum fm_nrf5340_dev)d));
    }
    assert_string_equal(fm_nrf5340_dev_name(FM_NRF_NET_FLASH), "net_flash");
    assert_string_equal(fm_nrf5340_dev_name(FM_NRF_QSPI), "qspi");
    assert_string_equal(fm_nrf5340_dev_name(FM_NRF_DEV_COUNT), "?");
}

static void test_wall_clock_moves_forward(void **state)
{
    (void)state;
    double a = pcdsim_wall_s(), b = pcdsim_wall_s();
    assert_true(a > 0.0 && b >= a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_did_you_mean),
        cmocka_unit_test(test_fm_to_pcd),
        cmocka_unit_test(test_device_names),
        cmocka_unit_test(test_wall_clock_moves_forward),
    };
    return cmocka_run_group_tests_name("host_util", tests, NULL, NULL);
}
