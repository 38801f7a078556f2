/* The requirement table of src/sim/scenario/requirements.c against the spec: every bold id
 * (`**APP-RETRY**`) of shared/spec/reference-behaviour.md is in the table, and every id of the
 * table is in the spec, once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcdsim/scenario.h"
#include "test_helpers.h"

#define SPEC PCDSIM_SHARED_DIR "/spec/reference-behaviour.md"

/* An id as the spec writes them: upper-case words joined by '-' (APP-MARK-DONE, B0N-COPY). */
static bool looks_like_id(const char *s, size_t n)
{
    bool dash = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-') {
            if (i == 0 || i + 1 == n || s[i - 1] == '-') {
                return false;
            }
            dash = true;
        } else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return dash;
}

static void test_requirements__table_matches_spec(void **state)
{
    (void)state;
    char *spec = read_text(SPEC, NULL);
    if (spec == NULL) {
        fail_msg("cannot read %s", SPEC);
    }
    size_t count = pcdsim_requirement_count();
    size_t *hits = calloc(count, sizeof(*hits));
    assert_non_null(hits);
    size_t ids_in_spec = 0;
    for (const char *p = strstr(spec, "**"); p != NULL;) {
        const char *close = strstr(p + 2, "**");
        if (close == NULL) {
            break;
        }
        size_t n = (size_t)(close - p - 2);
        if (n > 0 && looks_like_id(p + 2, n)) {
            char id[64];
            assert_true(n < sizeof(id));
            memcpy(id, p + 2, n);
            id[n] = '\0';
            const struct pcdsim_requirement *r = pcdsim_requirement_find(id);
            if (r == NULL) {
                fail_msg("requirement %s of reference-behaviour.md is missing from requirements.c", id);
            }
            hits[r - pcdsim_requirement_at(0)]++;
            ids_in_spec++;
        }
        p = strstr(close + 2, "**");
    }
    for (size_t i = 0; i < count; i++) {
        const struct pcdsim_requirement *r = pcdsim_requirement_at(i);
        if (hits[i] != 1) {
            fail_msg("requirement %s of requirements.c appears %zu times as **%s** in reference-behaviour.md", r->id,
                     hits[i], r->id);
        }
        // The group follows the prefix.
        static const struct {
            const char *prefix;
            enum pcdsim_req_group group;
        } groups[] = {
            {"APP-", PCDSIM_REQ_APP}, {"B0N-", PCDSIM_REQ_B0N}, {"SYS-", PCDSIM_REQ_SYS},
            {"MI-", PCDSIM_REQ_MI},   {"RB-", PCDSIM_REQ_RB},   {"NAND-", PCDSIM_REQ_NAND},
            {"DL-", PCDSIM_REQ_DL},   {"PKG-", PCDSIM_REQ_PKG}, {"N52-", PCDSIM_REQ_N52},
        };
        bool grouped = false;
        for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
            if (strncmp(r->id, groups[g].prefix, strlen(groups[g].prefix)) == 0) {
                assert_int_equal(r->group, groups[g].group);
                grouped = true;
            }
        }
        if (!grouped) {
            fail_msg("requirement %s has a prefix of no known group", r->id);
        }
        /* A planned id names its issue ("#13"); the ids of section 3 are all judged. */
        if (r->planned != NULL) {
            assert_true(r->planned[0] == '#' && strlen(r->planned) > 1);
            assert_true(r->group != PCDSIM_REQ_APP && r->group != PCDSIM_REQ_B0N && r->group != PCDSIM_REQ_SYS);
        }
        assert_true(strlen(r->title) > 0);
    }
    assert_int_equal(ids_in_spec, count);
    assert_true(count >= 25);
    assert_null(pcdsim_requirement_at(count));
    assert_null(pcdsim_requirement_find("APP-NOPE"));
    assert_null(pcdsim_requirement_find(NULL));
    assert_null(pcdsim_requirement_find("app-retry"));
    free(hits);
    free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requirements__table_matches_spec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
