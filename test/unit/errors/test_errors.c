/* Every error code declared in the headers has its name in the tables (pcd_strerror,
 * fm_strerror, pcdsim_strerror): the test reads the headers themselves, so a code added
 * without a name fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flashmodel/fm_err.h"
#include "pcd/err.h"
#include "pcdsim/host_err.h"

/* For each "NAME = -N," line of @p header whose NAME starts with @p prefix, check the name. */
static unsigned check_header(const char *header, const char *prefix, const char *(*name_of)(int))
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", PCDSIM_SOURCE_DIR, header);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    unsigned n = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char name[128];
        int value;
        if (sscanf(line, " %127[A-Z0-9_] = %d ,", name, &value) == 2 && strncmp(name, prefix, strlen(prefix)) == 0) {
            if (strcmp(name_of(value), name) != 0) {
                fail_msg("%s: %s = %d is named \"%s\"", header, name, value, name_of(value));
            }
            n++;
        }
    }
    fclose(f);
    return n;
}

static void test_pcd_codes_named(void **state)
{
    (void)state;
    assert_true(check_header("src/pcd/include/pcd/err.h", "PCD_", pcd_strerror) >= 40);
    assert_string_equal(pcd_strerror(-9999), "PCD_E_?");
    assert_true(strlen(pcd_describe(PCD_E_SRC_HASH)) > 10);
}

static void test_flashmodel_codes_named(void **state)
{
    (void)state;
    assert_true(check_header("src/flashmodel/include/flashmodel/fm_err.h", "FM_", fm_strerror) >= 12);
}

static void test_host_codes_named(void **state)
{
    (void)state;
    assert_true(check_header("src/sim/common/include/pcdsim/host_err.h", "PCDSIM_E_", pcdsim_strerror) >= 9);
    /* the host table names every layer's codes */
    assert_string_equal(pcdsim_strerror(FM_E_NWRITE), "FM_E_NWRITE");
    assert_string_equal(pcdsim_strerror(PCD_E_IMG_SIG), "PCD_E_IMG_SIG");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcd_codes_named),
        cmocka_unit_test(test_flashmodel_codes_named),
        cmocka_unit_test(test_host_codes_named),
    };
    return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
