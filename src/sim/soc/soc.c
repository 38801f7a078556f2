/* The simulated SoC: core threads, the baton, deterministic scheduling in virtual time, power,
 * Force-OFF and the timeline. See pcdsim/soc.h for the rules. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "soc_internal.h"

/* --- timeline ------------------------------------------------------------------------------ */

void soc_emit(struct soc *s, int core, enum soc_ev_kind kind, uint32_t arg, const char *text)
{
    soc_emit_at(s, core, kind, arg, 0, text);
}

void soc_emit_at(struct soc *s, int core, enum soc_ev_kind kind, uint32_t arg, uint32_t addr, const char *text)
{
    struct soc_event lost; /* an entry the timeline has no room for: the hook still sees it */
    struct soc_event *ev = &lost;
    if (s->n_events == s->cap_events && s->timeline_err == 0) {
        unsigned cap = s->cap_events ? s->cap_events * 2 : 256;
        if (s->cfg.max_events != 0 && cap > s->cfg.max_events) {
            cap = s->cfg.max_events; /* tests: at the limit, as if realloc failed */
        }
        struct soc_event *e = cap <= s->cap_events ? NULL : realloc(s->events, cap * sizeof(*e));
        if (e == NULL) {
            s->timeline_err = PCDSIM_E_NOMEM; /* the verdicts judge from the timeline: the run has failed */
        } else {
            s->events = e;
            s->cap_events = cap;
        }
    }
    if (s->n_events < s->cap_events && s->timeline_err == 0) {
        ev = &s->events[s->n_events++];
    }
    ev->t_us = core >= 0 ? s->core[core].clock : soc_now(s);
    ev->core = core;
    ev->kind = kind;
    ev->arg = arg;
    ev->seq = fm_next_seq(s->fm);
    ev->addr = addr;
    size_t len = text != NULL ? strnlen(text, sizeof(ev->text) - 1u) : 0u;
    memcpy(ev->text, text != NULL ? text : "", len);
    ev->text[len] = '\0';
    if (s->hook != NULL) {
        struct soc_event copy = *ev; /* the hook may emit more events (realloc) */
        s->hook(s, &copy, s->hook_arg);
    }
}

void soc_note(struct soc *s, int core, const char *fmt, ...)
{
    char text[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    soc_emit(s, core, SOC_EV_NOTE, 0, text);
}

int soc_timeline_error(const struct soc *s)
{
    return s->timeline_err;
}

const struct soc_event *soc_events(const struct soc *s, unsigned *count)
{
    *count = s->n_events;
    return s->events;
}

const char *soc_event_text(const struct soc *s, const struct soc_event *ev, char *buf, size_t size)
{
    if (ev->text[0] != '\0' || size == 0) {
        return ev->text;
    }
    if (ev->kind == SOC_EV_FLASH_ERASE) {
        snprintf(buf, size, "%s page %u erased", ev->core == FM_CORE_NET ? "net_flash" : "flash", ev->arg);
        return buf;
    }
    if (ev->kind == SOC_EV_SHARED_WRITE) {
        snprintf(buf, size, "pcd_sram+0x%02x <- 0x%08x", ev->addr - s->cfg.pcd_sram_addr, ev->arg);
        return buf;
    }
    return ev->text;
}

const char *soc_ev_name(enum soc_ev_kind kind)
{
    static const char *const names[] = {
        [SOC_EV_POWER_ON] = "power_on", [SOC_EV_POWER_LOSS] = "power_loss", [SOC_EV_WARM_RESET] = "warm_reset",
        [SOC_EV_CORE_START] = "core_start", [SOC_EV_CORE_END] = "core_end", [SOC_EV_FORCEOFF] = "forceoff",
        [SOC_EV_SPU_LOCK] = "spu_lock", [SOC_EV_SIGNAL] = "signal", [SOC_EV_BUS_FAULT] = "bus_fault",
        [SOC_EV_LOCK_REFUSED] = "lock_refused", [SOC_EV_LOG] = "log", [SOC_EV_TRACE] = "trace",
        [SOC_EV_BOOT] = "boot", [SOC_EV_STOP] = "stop", [SOC_EV_SHARED_WRITE] = "pcd_write",
        [SOC_EV_NOTE] = "note", [SOC_EV_FLASH_ERASE] = "erase", [SOC_EV_ACL_LOCK] = "acl_lock",
    };
    return (unsigned)kind < sizeof(names) / sizeof(names[0]) && names[kind] ? names[kind] : "?";
}

const char *soc_trace_name(enum pcd_trace t)
{
    switch (t) {
    case PCD_TRACE_APP_VALIDATED: return "app.validated";
    case PCD_TRACE_APP_STAGED: return "app.staged";
    case PCD_TRACE_APP_OUTCOME: return "app.outcome";
    case PCD_TRACE_APP_MARK_STARTED: return "app.mark_started";
    case PCD_TRACE_APP_MARK_DONE: return "app.mark_done";
    case PCD_TRACE_DL_STORED: return "app.dl_stored";
    case PCD_TRACE_B0N_CMD_SEEN: return "b0n.cmd_seen";
    case PCD_TRACE_B0N_SRC_VERIFIED: return "b0n.src_verified";
    case PCD_TRACE_B0N_COPY_DONE: return "b0n.copy_done";
    case PCD_TRACE_B0N_DST_VERIFIED: return "b0n.dst_verified";
    }
    return "?";
}

/* --- scheduling -------------------------------------------------------------------------------- */

static bool runnable(const struct soc_core *c)
{
    return c->start_pending || (c->active && c->parked);
}

/* The core to run next: one that must unwind first (a halted core runs at once, whatever its
 * clock), else the runnable core with the smallest clock; ties go to the application core. */
static struct soc_core *pick(struct soc *s)
{
    struct soc_core *app = &s->core[FM_CORE_APP], *net = &s->core[FM_CORE_NET];
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (s->core[i].active && s->core[i].parked && s->core[i].halt) {
            return &s->core[i];
        }
    }
    if (runnable(app) && (!runnable(net) || app->clock <= net->clock)) {
        return app;
    }
    return runnable(net) ? net : NULL;
}

/* Must the baton holder @p c give way before its next observable step? */
static bool must_yield(const struct soc *s, const struct soc_core *c)
{
    if (s->pause_req) {
        return true;
    }
    if (s->power_loss_at != SOC_NO_TIME && s->power_loss_at <= c->clock) {
        return true;
    }
    if (c->clock >= s->limit_us) {
        return true; /* the run's bound: even a lone core that never stops comes back (SYS-CONVERGE) */
    }
    const struct soc_core *o = &s->core[c->id == FM_CORE_APP ? FM_CORE_NET : FM_CORE_APP];
    if (!runnable(o)) {
        return false;
    }
    return o->clock < c->clock || (o->clock == c->clock && o->id == FM_CORE_APP);
}

/* Hand the baton to @p who (a core index or SOC_TURN_CTRL) and wake exactly that thread. The
 * caller holds the baton and touches nothing more of the SoC until it gets it back. (A semaphore
 * per thread: half the cost of a mutex and condition variable per hand-over, which a sweep makes
 * eight times per branch.) */
static void hand_to(struct soc *s, int who)
{
    s->turn = who;
    (void)sem_post(who == SOC_TURN_CTRL ? &s->go : &s->core[who].go);
}

/* Wait until the baton is handed to the owner of @p go. */
static void wait_baton(sem_t *go)
{
    while (sem_wait(go) != 0) {
        /* EINTR: a signal; the hand-over is still to come */
    }
}

/* Whom the baton holder passes it to: straight to the next core when the controller has nothing
 * to decide (no pause, no environment event due, within the time limit), else the controller.
 * Halving the hand-overs matters: they are most of the cost of a run. */
static int next_turn(struct soc *s)
{
    if (s->pause_req) {
        return SOC_TURN_CTRL;
    }
    struct soc_core *n = pick(s);
    if (n == NULL) {
        return SOC_TURN_CTRL;
    }
    if (!n->halt && ((s->power_loss_at != SOC_NO_TIME && s->power_loss_at <= n->clock) || n->clock >= s->limit_us)) {
        return SOC_TURN_CTRL;
    }
    return (int)n->id;
}

/* Pass the baton on and wait to get it back. Caller holds no lock. */
static void yield_baton(struct soc_core *c)
{
    struct soc *s = c->soc;
    c->parked = true;
    int next = next_turn(s);
    if (next != (int)c->id) {
        hand_to(s, next);
        wait_baton(&c->go);
    }
    c->parked = false;
}

int soc_enter(struct soc_core *c)
{
    if (c->halt) {
        return PCD_E_HALTED;
    }
    if (must_yield(c->soc, c)) {
        yield_baton(c);
    }
    return c->halt ? PCD_E_HALTED : 0;
}

static void *core_main(void *arg)
{
    struct soc_core *c = arg;
    struct soc *s = c->soc;
    for (;;) {
        wait_baton(&c->go);
        if (s->quit) {
            break;
        }

        /* Holding the baton with a start request: run the body from the reset vector. */
        c->start_pending = false;
        c->active = true;
        c->halt = false;
        c->starts++;
        if (c->id == FM_CORE_NET) {
            fm_acl_reset(s->fm); /* a network-core reset clears its ACL (nRF5340 PS, ACL) */
        }
        char text[64];
        snprintf(text, sizeof(text), "%s core starts", c->id == FM_CORE_APP ? "application" : "network");
        soc_emit(s, (int)c->id, SOC_EV_CORE_START, c->starts, text);
        if (c->body != NULL) {
            c->body(s, c->id, &c->port, c->body_arg);
        }
        soc_emit(s, (int)c->id, SOC_EV_CORE_END, c->halt ? 1 : 0, c->halt ? "halted" : "idle");
        c->active = false;
        hand_to(s, next_turn(s));
    }
    return NULL;
}

/* Controller: hand the baton to @p c and wait for it to come back. */
static void run_core(struct soc *s, struct soc_core *c)
{
    hand_to(s, (int)c->id);
    wait_baton(&s->go);
}

/* Controller: let halted cores unwind until no body is running a halted core. */
static void drain_halted(struct soc *s)
{
    for (;;) {
        struct soc_core *c = NULL;
        for (int i = 0; i < FM_CORE_COUNT; i++) {
            if (s->core[i].active && s->core[i].halt) {
                c = &s->core[i];
            }
        }
        if (c == NULL) {
            return;
        }
        run_core(s, c);
    }
}

enum soc_stop soc_run(struct soc *s, uint64_t limit_us)
{
    s->pause_req = false;
    s->limit_us = limit_us;
    for (;;) {
        if (s->pause_req) {
            s->pause_req = false;
            return SOC_STOP_EVENT;
        }
        struct soc_core *c = pick(s);
        if (c == NULL && s->lost_power) {
            return SOC_STOP_POWER_LOSS;
        }
        uint64_t env = s->power_loss_at;
        if (env != SOC_NO_TIME && (c == NULL || (!c->halt && env <= c->clock)) && env < limit_us) {
            /* The environment acts first: every runnable core has reached its time. */
            s->power_loss_at = SOC_NO_TIME;
            for (int i = 0; i < FM_CORE_COUNT; i++) {
                if (s->core[i].clock < env) {
                    s->core[i].clock = env;
                }
            }
            if (s->powered) {
                soc_lose_power(s);
            }
            continue;
        }
        if (c == NULL) {
            return SOC_STOP_IDLE;
        }
        if (!c->halt && c->clock >= limit_us) {
            return SOC_STOP_TIME;
        }
        run_core(s, c);
    }
}

/* --- power, resets, Force-OFF ----------------------------------------------------------------- */

/* The device time of "now" for an event outside the cores' own steps: the baton holder's clock,
 * else the latest clock of a core that is not asleep in poll_word (a sleeping core's clock is only
 * when it would next look). */
static uint64_t event_time(const struct soc *s)
{
    if (s->turn >= 0) {
        return s->core[s->turn].clock;
    }
    uint64_t t = 0;
    bool any = false;
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (!s->core[i].waiting && s->core[i].clock >= t) {
            t = s->core[i].clock;
            any = true;
        }
    }
    if (!any) {
        t = s->core[FM_CORE_APP].clock < s->core[FM_CORE_NET].clock ? s->core[FM_CORE_APP].clock
                                                                    : s->core[FM_CORE_NET].clock;
    }
    return t;
}

/* Cores asleep in poll_word stop sleeping at @p t: a reset or power loss cuts the wait short. */
static void wake_sleepers_at(struct soc *s, uint64_t t)
{
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (s->core[i].waiting && s->core[i].clock > t) {
            s->core[i].clock = t;
        }
    }
}

void soc_lose_power(struct soc *s)
{
    wake_sleepers_at(s, event_time(s));
    if (fm_powered(s->fm)) {
        fm_power_loss(s->fm);
    }
    s->powered = false;
    s->lost_power = true;
    s->net_held = true;
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        s->core[i].start_pending = false;
        if (s->core[i].active) {
            s->core[i].halt = true;
        }
    }
    soc_emit(s, -1, SOC_EV_POWER_LOSS, (uint32_t)fm_next_seq(s->fm), "power lost: flash kept, RAM undefined");
}

void soc_release_net(struct soc *s)
{
    soc_force_off(s, false, soc_now(s));
    soc_emit(s, -1, SOC_EV_FORCEOFF, 0, "RESET.NETWORK.FORCEOFF = Release (step)");
}

void soc_power_loss_now(struct soc *s)
{
    if (s->powered) {
        soc_lose_power(s);
    }
}

void soc_schedule_power_loss(struct soc *s, uint64_t t_us)
{
    s->power_loss_at = t_us;
}

void soc_halt_core(struct soc_core *c)
{
    c->halt = true;
    c->start_pending = false;
}

void soc_force_off(struct soc *s, bool hold, uint64_t t_us)
{
    struct soc_core *net = &s->core[FM_CORE_NET];
    if (hold) {
        if (!s->net_held) {
            s->net_held = true;
            net->start_pending = false;
            if (net->active) {
                net->halt = true;
            }
        }
    } else if (s->net_held && s->powered) {
        s->net_held = false;
        if (net->clock < t_us) {
            net->clock = t_us;
        }
        net->start_pending = true; /* starts after any unwinding of a previous run */
    }
}

static void start_app_core(struct soc *s)
{
    uint64_t now = soc_now(s);
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        s->core[i].clock = now;
    }
    s->net_held = true;
    s->core[FM_CORE_NET].start_pending = false;
    s->core[FM_CORE_APP].start_pending = true;
    s->boots++;
}

void soc_power_on(struct soc *s)
{
    if (s->powered) {
        return;
    }
    drain_halted(s);
    fm_power_on(s->fm);
    s->powered = true;
    s->lost_power = false;
    start_app_core(s);
    soc_emit(s, -1, SOC_EV_POWER_ON, s->boots, "power on: network core held in Force-OFF");
}

void soc_warm_reset(struct soc *s)
{
    if (!s->powered) {
        return;
    }
    wake_sleepers_at(s, event_time(s));
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (s->core[i].active) {
            s->core[i].halt = true;
        }
    }
    drain_halted(s);
    fm_warm_reset(s->fm);
    start_app_core(s);
    soc_emit(s, -1, SOC_EV_WARM_RESET, s->boots, "application core reset (RAM kept), network core held");
}

void soc_request_pause(struct soc *s)
{
    s->pause_req = true;
}

void soc_halt(struct soc *s, enum fm_core core)
{
    soc_halt_core(&s->core[core]);
}

int soc_wait(struct soc *s, enum fm_core core, uint32_t step_us, uint64_t timeout_us, bool (*done)(void *arg),
             void *arg)
{
    struct soc_core *c = &s->core[core];
    uint64_t waited = 0;
    for (;;) {
        int rc = soc_enter(c);
        if (rc != 0) {
            return rc;
        }
        if (done(arg)) {
            return 0;
        }
        if (waited >= timeout_us) {
            return PCD_E_TIMEOUT;
        }
        c->clock += step_us;
        waited += step_us;
    }
}

/* --- accessors, lifecycle ------------------------------------------------------------------- */

struct fm_sys *soc_fm(struct soc *s)
{
    return s->fm;
}

void soc_set_body(struct soc *s, enum fm_core core, soc_body_fn fn, void *arg)
{
    s->core[core].body = fn;
    s->core[core].body_arg = arg;
}

void soc_set_program_hook(struct soc *s, soc_program_fn fn, void *arg)
{
    s->program_hook = fn;
    s->program_hook_arg = arg;
}

void soc_set_flash_hook(struct soc *s, soc_flash_fn fn, void *arg)
{
    s->flash_hook = fn;
    s->flash_hook_arg = arg;
}

void soc_reset_run(struct soc *s, uint64_t t_us)
{
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (s->core[i].active) {
            s->core[i].halt = true;
        }
    }
    drain_halted(s);
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        s->core[i].clock = t_us;
        s->core[i].start_pending = false;
        s->core[i].starts = 0;
    }
    s->powered = false;
    s->lost_power = false;
    s->net_held = true;
    s->pause_req = false;
    s->power_loss_at = SOC_NO_TIME;
    s->boots = 0;
    s->n_events = 0;
    s->timeline_err = 0;
}

void soc_set_event_hook(struct soc *s, soc_event_fn fn, void *arg)
{
    s->hook = fn;
    s->hook_arg = arg;
}

uint64_t soc_time(const struct soc *s, enum fm_core core)
{
    return s->core[core].clock;
}

uint64_t soc_now(const struct soc *s)
{
    uint64_t a = s->core[FM_CORE_APP].clock, n = s->core[FM_CORE_NET].clock;
    return a > n ? a : n;
}

bool soc_net_held(const struct soc *s)
{
    return s->net_held;
}

bool soc_powered(const struct soc *s)
{
    return s->powered;
}

unsigned soc_boots(const struct soc *s)
{
    return s->boots;
}

int soc_create(const struct soc_config *cfg, struct soc **out)
{
    *out = NULL;
    struct soc *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return PCDSIM_E_NOMEM;
    }
    s->cfg = *cfg;
    struct fm_desc desc;
    int rc = fm_nrf5340_desc(&desc, &cfg->board);
    if (rc == 0) {
        rc = fm_sys_create(&desc, cfg->seed, &s->fm);
    }
    if (rc != 0) {
        free(s);
        return rc == FM_E_NOMEM ? PCDSIM_E_NOMEM : PCDSIM_E_SCHEMA; /* a board the model cannot build */
    }
    /* The memories start unpowered, like the board. */
    fm_power_loss(s->fm);
    s->turn = SOC_TURN_CTRL;
    s->power_loss_at = SOC_NO_TIME;
    s->net_held = true;
    /* the batons: the controller's semaphore and each core's; on failure, destroy what was made */
    int made = 0;
    if (sem_init(&s->go, 0, 0) == 0) {
        made = 1;
        while (made - 1 < FM_CORE_COUNT && sem_init(&s->core[made - 1].go, 0, 0) == 0) {
            made++;
        }
    }
    if (made != 1 + FM_CORE_COUNT) {
        while (made > 1) {
            sem_destroy(&s->core[--made - 1].go);
        }
        if (made == 1) {
            sem_destroy(&s->go);
        }
        fm_sys_destroy(s->fm);
        free(s);
        return PCDSIM_E_THREAD;
    }
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        struct soc_core *c = &s->core[i];
        c->soc = s;
        c->id = (enum fm_core)i;
        c->port.ops = &soc_port_ops;
        c->port.ctx = c;
    }
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (pthread_create(&s->core[i].thread, NULL, core_main, &s->core[i]) != 0) {
            soc_destroy(s);
            return PCDSIM_E_THREAD;
        }
        s->core[i].thread_started = true;
    }
    *out = s;
    return 0;
}

void soc_destroy(struct soc *s)
{
    if (s == NULL) {
        return;
    }
    /* Unwind any body still parked, then stop the threads. */
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (s->core[i].active) {
            s->core[i].halt = true;
        }
    }
    drain_halted(s);
    s->quit = true; /* seen by each core thread after the post that wakes it */
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        if (s->core[i].thread_started) {
            (void)sem_post(&s->core[i].go);
            pthread_join(s->core[i].thread, NULL);
        }
    }
    sem_destroy(&s->go);
    for (int i = 0; i < FM_CORE_COUNT; i++) {
        sem_destroy(&s->core[i].go);
    }
    fm_sys_destroy(s->fm);
    free(s->events);
    free(s);
}
