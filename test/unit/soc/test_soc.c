/* The simulated SoC (src/sim/soc) with small bodies instead of the update code: a core that
 * never stops is brought back at the run's bound; soc_halt() unwinds a core in the same turn;
 * the flash-call hook reports the calling core's clock and the power-on floor a sweep needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pcd/err.h"
#include "pcd/port.h"
#include "pcdsim/host_err.h"
#include "pcdsim/soc.h"

static struct soc *new_soc_limited(unsigned max_events)
{
    struct soc_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.board = (struct fm_nrf5340_opts)FM_NRF5340_OPTS_DEFAULT;
    cfg.seed = 1;
    cfg.pcd_sram_addr = 0x20000000u;
    cfg.pcd_sram_size = 0x2000u;
    cfg.max_events = max_events;
    struct soc *s = NULL;
    assert_int_equal(soc_create(&cfg, &s), 0);
    return s;
}

static struct soc *new_soc(void)
{
    return new_soc_limited(0);
}

struct loop_state {
    unsigned steps;
    int last_rc;
};

/* A core that waits forever, 1 ms at a time (NCS's PCD wait has no timeout, H10). */
static void forever_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    (void)soc;
    (void)core;
    struct loop_state *ls = arg;
    for (;;) {
        ls->last_rc = pcd_delay_us(port, 1000);
        if (ls->last_rc != 0) {
            return;
        }
        ls->steps++;
    }
}

static void test_lone_core_stops_at_the_bound(void **state)
{
    (void)state;
    struct soc *s = new_soc();
    struct loop_state ls = {0, 0};
    soc_set_body(s, FM_CORE_APP, forever_body, &ls);
    soc_power_on(s);
    assert_int_equal(soc_run(s, 5000000u), SOC_STOP_TIME);
    assert_true(soc_time(s, FM_CORE_APP) >= 5000000u);
    assert_true(soc_time(s, FM_CORE_APP) < 5000000u + 2000u);
    assert_true(ls.steps >= 4999u && ls.steps <= 5001u);
    /* the next step goes on from there, to its own bound */
    assert_int_equal(soc_run(s, 7000000u), SOC_STOP_TIME);
    assert_true(ls.steps >= 6999u && ls.steps <= 7001u);
    /* a power loss unwinds it */
    soc_power_loss_now(s);
    assert_int_equal(soc_run(s, 8000000u), SOC_STOP_POWER_LOSS);
    assert_int_equal(ls.last_rc, PCD_E_HALTED);
    soc_destroy(s);
}

struct halt_state {
    struct soc *soc;
    bool after_halt_ran;
    int rc_after;
};

static void halting_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    struct halt_state *hs = arg;
    assert_int_equal(pcd_delay_us(port, 10), 0);
    soc_halt(soc, core); /* as an event hook of this core does */
    hs->rc_after = pcd_delay_us(port, 10);
    hs->after_halt_ran = hs->rc_after == 0;
}

static void test_halt_unwinds_in_the_same_turn(void **state)
{
    (void)state;
    struct soc *s = new_soc();
    struct halt_state hs = {s, false, 0};
    soc_set_body(s, FM_CORE_APP, halting_body, &hs);
    soc_power_on(s);
    assert_int_equal(soc_run(s, 1000000u), SOC_STOP_IDLE); /* not a pause: nothing left to unwind */
    assert_false(hs.after_halt_ran);
    assert_int_equal(hs.rc_after, PCD_E_HALTED);
    soc_destroy(s);
}

struct call_log {
    unsigned n;
    struct soc_flash_call calls[8];
};

static void on_call(struct soc *soc, const struct soc_flash_call *c, void *arg)
{
    (void)soc;
    struct call_log *l = arg;
    if (l->n < 8) {
        l->calls[l->n++] = *c;
    }
}

/* app: sleeps in poll_word on the PCD magic; net: erases a page, programs 8 words, writes the
 * magic (waking the app), then programs again while the app is awake but parked behind it. */
static void app_poller(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    (void)soc;
    (void)core;
    (void)arg;
    (void)pcd_netcore_force_off(port, false);
    uint32_t v = 0;
    uint64_t waited = 0;
    (void)pcd_poll_word(port, 0x20000000u, 0u, 1000000u, 60000000u, &v, &waited);
    (void)pcd_delay_us(port, 50000000u); /* then runs far ahead of the network core */
}

static void net_writer(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    (void)soc;
    (void)core;
    (void)arg;
    uint32_t words[8];
    memset(words, 0, sizeof(words));
    assert_int_equal(pcd_delay_us(port, 1000), 0);
    assert_int_equal(pcd_flash_erase(port, PCD_MEM_NET_FLASH, 0x10000u, 0x800u), 0);
    assert_int_equal(pcd_flash_program(port, PCD_MEM_NET_FLASH, 0x10000u, words, sizeof(words)), 0);
    assert_int_equal(pcd_shared_write32(port, 0x20000000u, 0xf103ce5du), 0);
    assert_int_equal(pcd_delay_us(port, 3000000u), 0);
    (void)pcd_flash_program(port, PCD_MEM_NET_FLASH, 0x10020u, words, sizeof(words));
}

static void test_flash_call_reports_start_and_floor(void **state)
{
    (void)state;
    struct soc *s = new_soc();
    struct call_log l;
    memset(&l, 0, sizeof(l));
    soc_set_body(s, FM_CORE_APP, app_poller, NULL);
    soc_set_body(s, FM_CORE_NET, net_writer, NULL);
    soc_set_flash_hook(s, on_call, &l);
    soc_power_on(s);
    (void)soc_run(s, 600000000u);
    assert_int_equal(l.n, 3);
    /* the erase: net core at 1 ms; the application core asleep in poll_word: no floor */
    assert_int_equal(l.calls[0].core, FM_CORE_NET);
    assert_int_equal(l.calls[0].kind, FM_OP_ERASE);
    assert_int_equal(l.calls[0].t_start_us, 1000u);
    assert_int_equal(l.calls[0].t_floor_us, 0u);
    assert_int_equal(l.calls[0].seq_end - l.calls[0].seq_first, 1u);
    /* the program begins when the erase ended, 8 operations */
    assert_true(l.calls[1].t_start_us > l.calls[0].t_start_us);
    assert_int_equal(l.calls[1].seq_first, l.calls[0].seq_end);
    assert_int_equal(l.calls[1].seq_end - l.calls[1].seq_first, 8u);
    assert_int_equal(l.calls[1].t_floor_us, 0u);
    /* after the answer the application core woke (at its next poll instant, 1 s) and ran ahead
     * by 50 s: power lost during the last program would come back at the application's time */
    assert_true(l.calls[2].t_start_us > 3000000u);
    assert_true(l.calls[2].t_floor_us > l.calls[2].t_start_us);
    assert_true(l.calls[2].t_floor_us >= 50000000u);
    soc_destroy(s);
}

static void count_events(struct soc *soc, const struct soc_event *ev, void *arg)
{
    (void)soc;
    (void)ev;
    (*(unsigned *)arg)++;
}

/* An event the timeline has no room for (the array could not grow) is not dropped in silence:
 * the SoC says its timeline is incomplete until the next run, the hook still sees every event,
 * and what was recorded is a clean prefix. */
static void test_timeline_that_cannot_grow(void **state)
{
    (void)state;
    struct soc *s = new_soc_limited(3);
    unsigned seen = 0;
    soc_set_event_hook(s, count_events, &seen);
    for (int i = 0; i < 3; i++) {
        soc_note(s, -1, "note %d", i);
    }
    unsigned n = 0;
    (void)soc_events(s, &n);
    assert_int_equal(n, 3u);
    assert_int_equal(soc_timeline_error(s), 0);
    soc_note(s, -1, "one too many");
    soc_note(s, -1, "and another");
    const struct soc_event *e = soc_events(s, &n);
    assert_int_equal(n, 3u);
    assert_string_equal(e[2].text, "note 2");
    assert_int_equal(soc_timeline_error(s), PCDSIM_E_NOMEM);
    assert_int_equal(seen, 5u);
    /* a new run starts whole */
    soc_reset_run(s, 0);
    assert_int_equal(soc_timeline_error(s), 0);
    soc_note(s, -1, "fresh");
    (void)soc_events(s, &n);
    assert_int_equal(n, 1u);
    soc_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lone_core_stops_at_the_bound),
        cmocka_unit_test(test_halt_unwinds_in_the_same_turn),
        cmocka_unit_test(test_flash_call_reports_start_and_floor),
        cmocka_unit_test(test_timeline_that_cannot_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
