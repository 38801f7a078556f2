/* The runner's tables: every requirement id the registry (src/sim/scenario/requirements.c) holds
 * and does not plan has a row in the requirement table (req_table.c) -- but the release packages'
 * (PKG-*), which pcdsim gate judges, not a run -- and every row names a
 * registered id; event triggers and `run: EVENT` steps resolve their names through the one event
 * table (pcdsim/scenario.h), and a name outside it is refused instead of never firing.
 * White-box: the runner's private header gives the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pcdsim/scenario.h"
#include "runner_internal.h"

static const struct run_req_row *row_of(const char *id)
{
    size_t n;
    const struct run_req_row *rows = run_req_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].id, id) == 0) {
            return &rows[i];
        }
    }
    return NULL;
}

static void test_every_registered_id_has_a_row(void **state)
{
    (void)state;
    unsigned judged = 0;
    for (size_t i = 0; i < pcdsim_requirement_count(); i++) {
        const struct pcdsim_requirement *q = pcdsim_requirement_at(i);
        if (q->planned != NULL || q->group == PCDSIM_REQ_PKG) {
            continue; /* planned, or judged by pcdsim gate on release inputs, not by a run (docs/RELEASES.md) */
        }
        if (row_of(q->id) == NULL) {
            fail_msg("%s is registered and not planned, but the runner's requirement table has no row for it", q->id);
        }
        judged++;
    }
    assert_true(judged >= 25); /* the APP-, B0N- and SYS- ids */
}

static void test_every_row_is_registered(void **state)
{
    (void)state;
    size_t n;
    const struct run_req_row *rows = run_req_table(&n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct pcdsim_requirement *q = pcdsim_requirement_find(rows[i].id);
        if (q == NULL) {
            fail_msg("row %zu of the requirement table names %s, which the registry does not hold", i, rows[i].id);
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(rows[k].id, rows[i].id) == 0) {
                fail_msg("%s has two rows", rows[i].id);
            }
        }
        /* only the system properties are judged without a row check (on every run) */
        assert_true(rows[i].check != NULL || q->group == PCDSIM_REQ_SYS);
    }
}

/* A fault on an event trigger whose name is not in the event table: refused by the run (before,
 * it armed and silently never fired). */
static void test_unknown_trigger_event_is_refused(void **state)
{
    (void)state;
    static struct run_config cfg;
    struct run_result res;
    run_config_default(&cfg);
    struct run_fault *f = &cfg.faults[cfg.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_POWER_LOSS;
    f->tear = -1;
    f->trig = (struct run_trigger){RUN_TRIG_EVENT, 0, -1, -1, 0, "b0n.erase_pag", 1, -1};
    assert_int_equal(run_execute(&cfg, NULL, &res), PCD_E_INVAL);
    /* the same trigger spelled right runs */
    snprintf(f->trig.event, sizeof(f->trig.event), "b0n.erase_page");
    assert_int_equal(run_execute(&cfg, NULL, &res), 0);
}

static void test_unknown_step_event_is_refused(void **state)
{
    (void)state;
    static struct run_config cfg;
    struct run_result res;
    run_config_default(&cfg);
    cfg.steps[cfg.n_steps++] = (struct run_step){.kind = RUN_STEP_POWER_ON};
    struct run_step *sp = &cfg.steps[cfg.n_steps++];
    *sp = (struct run_step){.kind = RUN_STEP_RUN_EVENT};
    snprintf(sp->event, sizeof(sp->event), "app.jmp");
    assert_int_equal(run_execute(&cfg, NULL, &res), PCD_E_INVAL);
    snprintf(sp->event, sizeof(sp->event), "app.jump");
    assert_int_equal(run_execute(&cfg, NULL, &res), 0);
}

/* The event every name of the table stands for is found by that name (the one table both the
 * scenario loader and the runner use). */
static void test_event_table_round_trip(void **state)
{
    (void)state;
    for (unsigned i = 0; i < PCDSIM_EV__COUNT; i++) {
        enum pcdsim_scn_event ev = RUN_EV_NONE;
        assert_true(pcdsim_scn_event_find(pcdsim_scn_event_name((enum pcdsim_scn_event)i), &ev));
        assert_int_equal(ev, i);
    }
}

/* Each pcd trace point the timeline shows by soc_trace_name() is the event of that name in the
 * table (the runner maps traces to the enum; b0n.dst_verified is no scenario event). */
static void test_trace_names_match_the_table(void **state)
{
    (void)state;
    static struct run_config cfg;
    run_config_default(&cfg);
    struct run_state st;
    memset(&st, 0, sizeof(st));
    st.cfg = &cfg;
    static const enum pcd_trace traces[] = {
        PCD_TRACE_APP_VALIDATED, PCD_TRACE_APP_STAGED,       PCD_TRACE_APP_OUTCOME,     PCD_TRACE_APP_MARK_STARTED,
        PCD_TRACE_APP_MARK_DONE, PCD_TRACE_B0N_CMD_SEEN,     PCD_TRACE_B0N_SRC_VERIFIED, PCD_TRACE_B0N_COPY_DONE,
        PCD_TRACE_B0N_DST_VERIFIED,
    };
    for (size_t i = 0; i < sizeof(traces) / sizeof(traces[0]); i++) {
        struct soc_event ev;
        memset(&ev, 0, sizeof(ev));
        ev.kind = SOC_EV_TRACE;
        ev.core = traces[i] >= PCD_TRACE_B0N_CMD_SEEN ? FM_CORE_NET : FM_CORE_APP;
        ev.arg = (uint32_t)traces[i];
        enum pcdsim_scn_event e = run_event_of(&st, &ev);
        if (traces[i] == PCD_TRACE_B0N_DST_VERIFIED) {
            assert_int_equal(e, RUN_EV_NONE);
            continue;
        }
        assert_string_equal(pcdsim_scn_event_name(e), soc_trace_name(traces[i]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_registered_id_has_a_row),
        cmocka_unit_test(test_every_row_is_registered),
        cmocka_unit_test(test_unknown_trigger_event_is_refused),
        cmocka_unit_test(test_unknown_step_event_is_refused),
        cmocka_unit_test(test_event_table_round_trip),
        cmocka_unit_test(test_trace_names_match_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
