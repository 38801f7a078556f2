/* Allocation failures: malloc, calloc and realloc of the scenario and layout libraries are
 * wrapped at link time (-Wl,--wrap); the Nth allocation fails, for every N until a load needs no
 * more. Each run must return PCDSIM_E_NOMEM with a zeroed scenario (ASan and valgrind check that
 * nothing leaks), or succeed when the failure hit no allocation of the load. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pcdsim/diag.h"
#include "pcdsim/host_err.h"
#include "pcdsim/scenario.h"
#include "test_helpers.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

/* Allocation countdown: 0 = off; the allocation that brings it from 1 to 0 fails. Single-threaded test. */
static long countdown;
static bool fired;

static bool should_fail(void)
{
    if (countdown > 0 && --countdown == 0) {
        fired = true;
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t size)
{
    return should_fail() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return should_fail() ? NULL : __real_realloc(p, size);
}

static void sweep(const char *path)
{
    long n;
    for (n = 1; n < 100000; n++) {
        struct pcdsim_scenario s;
        struct pcdsim_diag d;
        countdown = n;
        fired = false;
        int rc = pcdsim_scenario_load(path, &s, &d);
        countdown = 0;
        if (!fired) {
            if (rc != 0) {
                pcdsim_diag_print(&d, stderr);
            }
            assert_int_equal(rc, 0);
            pcdsim_scenario_free(&s);
            break;
        }
        if (rc != PCDSIM_E_NOMEM) {
            pcdsim_diag_print(&d, stderr);
            fail_msg("allocation %ld failed: got %s, want PCDSIM_E_NOMEM", n, pcdsim_strerror(rc));
        }
        assert_int_equal(d.err, PCDSIM_E_NOMEM);
        static const struct pcdsim_scenario zero;
        assert_memory_equal(&s, &zero, sizeof(zero));
    }
    print_message("%s: %ld allocation failures injected\n", path, n - 1);
    assert_true(n > 10);
}

static void test_scenario_oom__complete(void **state)
{
    (void)state;
    struct stage st;
    stage_init(&st, 5);
    stage_copy_data(&st, "complete.yml");
    stage_copy_data(&st, "settings.bin");
    stage_copy_data(&st, "blob.bin");
    char path[512];
    snprintf(path, sizeof(path), "%s/complete.yml", st.dir);
    sweep(path);
    stage_cleanup(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_oom__complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
