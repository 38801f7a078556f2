/* Every error code declared in the headers has its name in the tables (pcd_strerror,
 * fm_strerror, pcdsim_strerror) and its description (pcd_describe, pcdsim_describe) equal to the
 * header's doc comment; names and values are unique across the three layers. The test reads the
 * headers themselves, so a code added without a name or a description fails here. */
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

/* Every code seen so far (all three headers): names and values must be unique. */
struct seen {
    char name[128];
    int value;
};
static struct seen seen[256];
static unsigned n_seen;

static void remember(const char *header, const char *name, int value)
{
    for (unsigned i = 0; i < n_seen; i++) {
        if (strcmp(seen[i].name, name) == 0) {
            fail_msg("%s: %s declared twice", header, name);
        }
        if (seen[i].value == value) {
            fail_msg("%s: %s = %d has the value of %s", header, name, value, seen[i].name);
        }
    }
    assert_true(n_seen < sizeof(seen) / sizeof(seen[0]));
    snprintf(seen[n_seen].name, sizeof(seen[n_seen].name), "%s", name);
    seen[n_seen++].value = value;
}

/* For each "NAME = -N, / **< text * /" line of @p header whose NAME starts with @p prefix: the
 * name table gives NAME, the description table gives the doc comment's text (neither a default),
 * and pcdsim_describe() agrees for every layer. Returns how many codes were checked. */
static unsigned check_header(const char *header, const char *prefix, const char *(*name_of)(int),
                             const char *(*describe)(int))
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
        if (sscanf(line, " %127[A-Z0-9_] = %d ,", name, &value) != 2 || strncmp(name, prefix, strlen(prefix)) != 0) {
            continue;
        }
        if (strcmp(name_of(value), name) != 0) {
            fail_msg("%s: %s = %d is named \"%s\"", header, name, value, name_of(value));
        }
        const char *doc = strstr(line, "/**<");
        const char *end = doc != NULL ? strstr(doc, "*/") : NULL;
        if (doc == NULL || end == NULL) {
            fail_msg("%s: %s has no one-line description (/**< ... */)", header, name);
        }
        doc += 4;
        while (*doc == ' ') {
            doc++;
        }
        size_t len = (size_t)(end - doc);
        while (len > 0 && doc[len - 1] == ' ') {
            len--;
        }
        if (len == 0 || strlen(describe(value)) != len || strncmp(describe(value), doc, len) != 0) {
            fail_msg("%s: %s is described as \"%s\", its header says \"%.*s\"", header, name, describe(value),
                     (int)len, doc);
        }
        assert_string_equal(pcdsim_describe(value), describe(value));
        remember(header, name, value);
        n++;
    }
    fclose(f);
    return n;
}

static void test_pcd_codes_named(void **state)
{
    (void)state;
    /* 49 + issue 13's IMG_DOWNGRADE, IMG_SLOT, FWINFO_COUNTER, BATCH_PARTNER, RAMSIM, APP_COPY
     * + issue 18's PKG_TRUNC, PKG_CBOR, PKG_ID, PKG_SIZE, DL_HASH, DL_STATE,
     * ECC, NAND_FAIL, NAND_FULL
     * + issue 17's RB_NO_SPACE, RB_BACKUP, RB_RESTORE */
    assert_int_equal(check_header("src/pcd/include/pcd/err.h", "PCD_E_", pcd_strerror, pcd_describe), 67);
    assert_string_equal(pcd_strerror(-9999), "PCD_E_?");
    assert_string_equal(pcd_strerror(PCD_OK), "PCD_OK");
    assert_string_equal(pcd_describe(-9999), "unknown error code");
}

static void test_flashmodel_codes_named(void **state)
{
    (void)state;
    /* 13 + issue 18's NAND codes: PAGE_ORDER, PROGRAM_FAIL, ERASE_FAIL, ECC, BAD_BLOCK */
    assert_int_equal(check_header("src/flashmodel/include/flashmodel/fm_err.h", "FM_E_", fm_strerror, pcdsim_describe),
                     18);
}

static void test_host_codes_named(void **state)
{
    (void)state;
    assert_int_equal(
        check_header("src/sim/common/include/pcdsim/host_err.h", "PCDSIM_E_", pcdsim_strerror, pcdsim_describe), 9);
    /* the host table names every layer's codes */
    assert_string_equal(pcdsim_strerror(FM_E_NWRITE), "FM_E_NWRITE");
    assert_string_equal(pcdsim_strerror(PCD_E_IMG_SIG), "PCD_E_IMG_SIG");
    assert_string_equal(pcdsim_describe(-299), "unknown error code");
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
