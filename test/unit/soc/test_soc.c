/* The simulated SoC (src/sim/soc) with small bodies instead of the update code: a core that
 * never stops is brought back at the run's bound; soc_halt() unwinds a core in the same turn;
 * the flash-call hook reports the calling core's clock and the power-on floor a sweep needs; the
 * network core's ACL faults a write into a locked region and every network-core start clears it. */
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

static struct soc *new_soc(void)
{
    struct soc_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.board = (struct fm_nrf5340_opts)FM_NRF5340_OPTS_DEFAULT;
    cfg.seed = 1;
    cfg.pcd_sram_addr = 0x20000000u;
    cfg.pcd_sram_size = 0x2000u;
    struct soc *s = NULL;
    assert_int_equal(soc_create(&cfg, &s), 0);
    return s;
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

/* ---- the network core's ACL (nRF5340 PS, ACL; facts file, errata "ACL violations fault") ---- */

struct acl_run {
    int protect_rc, erase_rc, program_rc, after_rc; /* the network core's calls */
    int straddle_rc;                                /* a program running into a locked page */
    int poll_rc;                                    /* the application core's bounded wait */
    uint32_t answer;
    unsigned net_starts;
};

/* app: releases the network core and waits for an answer with a timeout, as the reference
 * updater does (APP-TIMEOUT); then holds and releases it once more. */
static void acl_app(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    (void)soc;
    (void)core;
    struct acl_run *ar = arg;
    uint64_t waited = 0;
    assert_int_equal(pcd_shared_write32(port, 0x20000000u, 0xb5b4b3b6u), 0);
    assert_int_equal(pcd_netcore_force_off(port, false), 0);
    ar->poll_rc = pcd_poll_word(port, 0x20000000u, 0xb5b4b3b6u, 1000000u, 5000000u, &ar->answer, &waited);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pcd_netcore_force_off(port, true), 0);
        assert_int_equal(pcd_netcore_force_off(port, false), 0);
        assert_int_equal(pcd_delay_us(port, 1000000u), 0);
    }
}

/* net, start 1: locks the B0N container, programs the application partition, then erases into
 * the container (a B0N forced to write there): BusFault, halted, no answer. Start 2: locks a
 * page and programs 16 bytes running into it: the 8 before it land, then the fault. Start 3 (a
 * reset, like each start): no lock left, the container's last page takes a write. */
static void acl_net(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    (void)soc;
    (void)core;
    struct acl_run *ar = arg;
    uint32_t w[4] = {0, 0, 0, 0};
    switch (++ar->net_starts) {
    case 1:
        ar->protect_rc = pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0u, 0x8800u);
        assert_int_equal(pcd_flash_program(port, PCD_MEM_NET_FLASH, 0x8800u, w, sizeof(w)), 0);
        ar->erase_rc = pcd_flash_erase(port, PCD_MEM_NET_FLASH, 0x8000u, 0x800u);
        ar->after_rc = pcd_shared_write32(port, 0x20000000u, 0xf103ce5du);
        return;
    case 2:
        assert_int_equal(pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0x10000u, 0x800u), 0);
        ar->straddle_rc = pcd_flash_program(port, PCD_MEM_NET_FLASH, 0xFFF8u, w, sizeof(w));
        return;
    default:
        ar->program_rc = pcd_flash_program(port, PCD_MEM_NET_FLASH, 0x8000u, w, sizeof(w));
        return;
    }
}

static bool has_event(struct soc *s, enum soc_ev_kind kind, const char *text)
{
    unsigned n;
    const struct soc_event *e = soc_events(s, &n);
    for (unsigned i = 0; i < n; i++) {
        if (e[i].kind == kind && strstr(e[i].text, text) != NULL) {
            return true;
        }
    }
    return false;
}

static void test_acl_write_faults_and_app_times_out(void **state)
{
    (void)state;
    struct soc *s = new_soc();
    struct acl_run ar;
    memset(&ar, 0, sizeof(ar));
    soc_set_body(s, FM_CORE_APP, acl_app, &ar);
    soc_set_body(s, FM_CORE_NET, acl_net, &ar);
    soc_power_on(s);
    (void)soc_run(s, 60000000u);
    assert_int_equal(ar.protect_rc, 0);
    assert_int_equal(ar.erase_rc, PCD_E_BUS_FAULT);
    assert_int_equal(ar.after_rc, PCD_E_HALTED); /* halted: the answer is never written */
    assert_int_equal(ar.poll_rc, PCD_E_TIMEOUT);
    assert_int_equal(ar.answer, 0xb5b4b3b6u);
    assert_true(has_event(s, SOC_EV_ACL_LOCK, "ACL[0]: net flash 0x01000000..0x01008800 write-protected"));
    assert_true(has_event(s, SOC_EV_BUS_FAULT, "core halted: BusFault at 0x01008000 (ACL)"));
    uint8_t b[4];
    assert_int_equal(fm_peek(soc_fm(s), FM_NRF_NET_FLASH, 0x8800u, b, 4), 0);
    assert_int_equal(b[0], 0x00); /* the application partition was writable */
    /* a program running into a locked page: the words before it land, then the fault */
    assert_int_equal(ar.straddle_rc, PCD_E_BUS_FAULT);
    assert_true(has_event(s, SOC_EV_BUS_FAULT, "core halted: BusFault at 0x01010000 (ACL)"));
    uint8_t st[16];
    assert_int_equal(fm_peek(soc_fm(s), FM_NRF_NET_FLASH, 0xFFF8u, st, sizeof(st)), 0);
    assert_int_equal(st[7], 0x00);
    assert_int_equal(st[8], 0xFF);
    unsigned nr;
    const struct fm_record *rec = fm_records(soc_fm(s), NULL, &nr);
    assert_int_equal(nr, 2);
    assert_int_equal(rec[0].err, FM_E_ACL);
    assert_int_equal(rec[0].addr, 0x01008000u);
    assert_int_equal(rec[1].err, FM_E_ACL);
    assert_int_equal(rec[1].addr, 0x01010000u);
    /* the third start is a reset: no lock, the write goes through */
    assert_int_equal(ar.net_starts, 3u);
    assert_int_equal(ar.program_rc, 0);
    assert_int_equal(fm_peek(soc_fm(s), FM_NRF_NET_FLASH, 0x8000u, b, 4), 0);
    assert_int_equal(b[0], 0x00);
    assert_int_equal(fm_acl_read(soc_fm(s), 0, FM_ACL_PERM), 0u);
    soc_destroy(s);
}

/* The lock's arguments: page-aligned net flash, on the network core only. */
static void protect_args_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    (void)soc;
    int *rc = arg;
    if (core == FM_CORE_APP) {
        rc[0] = pcd_flash_protect(port, PCD_MEM_APP_FLASH, 0u, 0x1000u);
        (void)pcd_netcore_force_off(port, false);
        return;
    }
    rc[1] = pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0x400u, 0x800u);
    rc[2] = pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0x3F800u, 0x1000u);
    rc[3] = pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0u, 0u);
    rc[4] = pcd_flash_protect(port, PCD_MEM_APP_FLASH, 0u, 0x800u);
    for (unsigned k = 0; k < FM_NRF_NET_ACL_REGIONS; k++) {
        rc[5] |= pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0x800u * k, 0x800u);
    }
    rc[6] = pcd_flash_protect(port, PCD_MEM_NET_FLASH, 0x10000u, 0x800u); /* all 8 regions in use */
}

static void test_acl_protect_arguments(void **state)
{
    (void)state;
    struct soc *s = new_soc();
    int rc[7] = {0, 0, 0, 0, 0, 0, 0};
    soc_set_body(s, FM_CORE_APP, protect_args_body, rc);
    soc_set_body(s, FM_CORE_NET, protect_args_body, rc);
    soc_power_on(s);
    (void)soc_run(s, 1000000u);
    assert_int_equal(rc[0], PCD_E_UNSUPPORTED);
    assert_int_equal(rc[1], PCD_E_INVAL);
    assert_int_equal(rc[2], PCD_E_INVAL);
    assert_int_equal(rc[3], PCD_E_INVAL);
    assert_int_equal(rc[4], PCD_E_UNSUPPORTED);
    assert_int_equal(rc[5], 0);
    assert_int_equal(rc[6], PCD_E_IO);
    soc_destroy(s);
}

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
        cmocka_unit_test(test_acl_write_faults_and_app_times_out),
        cmocka_unit_test(test_acl_protect_arguments),
cmocka_unit_test(test_timeline_that_cannot_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
