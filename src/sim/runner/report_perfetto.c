/* The timeline as Chrome trace-event JSON for ui.perfetto.dev (pcdsim/perfetto.h).
 *
 * The timeline has points, not intervals: a phase runs from one milestone to the next (the
 * pcd_trace points of pcd/port.h, core starts, jumps, stops, power loss). Slices of one track
 * nest: each track keeps a stack of open slices, and a slice is written as a complete event
 * ("X", ts + dur) when it closes, so begin and end can never be unbalanced. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "pcd/port.h"
#include "pcdsim/host_err.h"
#include "pcdsim/perfetto.h"

enum { TID_APP = 1, TID_NET = 2, TID_SYS = 3, N_TRACKS = 3, MAX_OPEN = 8 };

struct open_slice {
    char name[64];
    uint64_t ts;
};

struct track {
    struct open_slice open[MAX_OPEN];
    unsigned depth;
    uint64_t mark;     /* start of the next phase of this core (a milestone) */
    unsigned attempts; /* PCD attempts since the core started */
    bool in_attempt;   /* a PCD attempt runs since mark (validated, or the last attempt failed) */
};

struct run_perfetto {
    cJSON *root;
    cJSON *events; /* the traceEvents array, owned by root */
    int pid;       /* process of the run being added */
    bool oom;
    struct track tracks[N_TRACKS];
    uint64_t last_seq, erases, copy_seq0, copy_erases;
    bool copying;
};

static cJSON *event(struct run_perfetto *p, const char *ph, const char *name, const char *cat, uint64_t ts, int tid)
{
    cJSON *e = cJSON_CreateObject();
    if (e == NULL || !cJSON_AddItemToArray(p->events, e) || !cJSON_AddStringToObject(e, "ph", ph) ||
        !cJSON_AddStringToObject(e, "name", name) || !cJSON_AddStringToObject(e, "cat", cat) ||
        !cJSON_AddNumberToObject(e, "ts", (double)ts) || !cJSON_AddNumberToObject(e, "pid", p->pid) ||
        !cJSON_AddNumberToObject(e, "tid", tid)) {
        p->oom = true;
        return NULL;
    }
    return e;
}

static cJSON *args_of(struct run_perfetto *p, cJSON *e)
{
    cJSON *a = e != NULL ? cJSON_GetObjectItemCaseSensitive(e, "args") : NULL;
    if (e != NULL && a == NULL && (a = cJSON_AddObjectToObject(e, "args")) == NULL) {
        p->oom = true;
    }
    return a;
}

static void arg_str(struct run_perfetto *p, cJSON *e, const char *key, const char *v)
{
    cJSON *a = args_of(p, e);
    if (a != NULL && cJSON_AddStringToObject(a, key, v) == NULL) {
        p->oom = true;
    }
}

static void arg_num(struct run_perfetto *p, cJSON *e, const char *key, uint64_t v)
{
    cJSON *a = args_of(p, e);
    if (a != NULL && cJSON_AddNumberToObject(a, key, (double)v) == NULL) {
        p->oom = true;
    }
}

/* A complete slice [ts, end) on track @p tid. */
static void slice(struct run_perfetto *p, int tid, const char *name, uint64_t ts, uint64_t end)
{
    cJSON *e = event(p, "X", name, "phase", ts, tid);
    if (e != NULL && cJSON_AddNumberToObject(e, "dur", (double)(end > ts ? end - ts : 0)) == NULL) {
        p->oom = true;
    }
}

static void instant(struct run_perfetto *p, int tid, const char *name, const char *cat, uint64_t ts, const char *text)
{
    cJSON *e = event(p, "i", name, cat, ts, tid);
    if (e != NULL && cJSON_AddStringToObject(e, "s", tid == TID_SYS ? "p" : "t") == NULL) {
        p->oom = true;
    }
    if (text != NULL && text[0] != '\0') {
        arg_str(p, e, "text", text);
    }
}

static void counter(struct run_perfetto *p, const char *name, const char *key, uint64_t ts, uint64_t v)
{
    arg_num(p, event(p, "C", name, "counter", ts, TID_SYS), key, v);
}

static void push(struct run_perfetto *p, int tid, const char *name, uint64_t ts)
{
    struct track *t = &p->tracks[tid - 1];
    if (t->depth < MAX_OPEN) {
        snprintf(t->open[t->depth].name, sizeof(t->open[0].name), "%s", name);
        t->open[t->depth++].ts = ts;
    }
}

/* Close the open slices of a track down to (and with) the innermost one called @p name; every
 * open slice when @p name is NULL. */
static void pop(struct run_perfetto *p, int tid, const char *name, uint64_t ts)
{
    struct track *t = &p->tracks[tid - 1];
    unsigned k = t->depth;
    if (name != NULL) {
        while (k > 0 && strcmp(t->open[k - 1].name, name) != 0) {
            k--;
        }
        if (k == 0) {
            return; /* not open */
        }
        k--;
    } else {
        k = 0;
    }
    while (t->depth > k) {
        t->depth--;
        slice(p, tid, t->open[t->depth].name, t->open[t->depth].ts, ts);
    }
}

static bool is_open(const struct run_perfetto *p, int tid, const char *name)
{
    const struct track *t = &p->tracks[tid - 1];
    for (unsigned i = 0; i < t->depth; i++) {
        if (strcmp(t->open[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* The application core stops (power loss, reset, halt) during a PCD attempt: show that attempt. */
static void interrupted(struct run_perfetto *p, uint64_t ts)
{
    struct track *t = &p->tracks[TID_APP - 1];
    if (t->in_attempt) {
        char name[64];
        snprintf(name, sizeof(name), "PCD attempt %u: interrupted", ++t->attempts);
        slice(p, TID_APP, name, t->mark, ts);
        t->in_attempt = false;
    }
}

static void close_all(struct run_perfetto *p, uint64_t ts)
{
    interrupted(p, ts);
    for (int tid = 1; tid <= N_TRACKS; tid++) {
        pop(p, tid, NULL, ts);
    }
}

static void metadata(struct run_perfetto *p, const char *what, int tid, const char *name, int sort)
{
    cJSON *e = event(p, "M", what, "__metadata", 0, tid);
    arg_str(p, e, "name", name);
    if (sort >= 0) {
        arg_num(p, event(p, "M", "thread_sort_index", "__metadata", 0, tid), "sort_index", (uint64_t)sort);
    }
}

struct run_perfetto *run_perfetto_new(void)
{
    struct run_perfetto *p = calloc(1, sizeof(*p));
    if (p == NULL || (p->root = cJSON_CreateObject()) == NULL ||
        (p->events = cJSON_AddArrayToObject(p->root, "traceEvents")) == NULL ||
        cJSON_AddStringToObject(p->root, "displayTimeUnit", "ms") == NULL) {
        run_perfetto_free(p);
        return NULL;
    }
    return p;
}

/* The milestones of the code under test: the phases between them. */
static void on_trace(struct run_perfetto *p, int tid, const struct soc_event *ev)
{
    struct track *t = &p->tracks[tid - 1];
    char name[64];
    switch ((enum pcd_trace)ev->arg) {
    case PCD_TRACE_APP_VALIDATED:
        slice(p, tid, "MCUboot validation", t->mark, ev->t_us);
        t->mark = ev->t_us;
        t->in_attempt = true;
        break;
    case PCD_TRACE_APP_STAGED: slice(p, tid, "staging", t->mark, ev->t_us); t->mark = ev->t_us; break;
    case PCD_TRACE_APP_OUTCOME:
        snprintf(name, sizeof(name), "PCD attempt %u: %s", ++t->attempts, ev->addr == 0 ? "DONE" : "failed");
        slice(p, tid, name, t->mark, ev->t_us);
        t->mark = ev->t_us;
        t->in_attempt = ev->addr != 0; /* a retry follows, or marking */
        break;
    case PCD_TRACE_APP_MARK_STARTED:
        t->in_attempt = false;
        push(p, tid, ev->addr ? "marking done" : "marking rejected", ev->t_us);
        break;
    case PCD_TRACE_APP_MARK_DONE: pop(p, tid, ev->addr ? "marking done" : "marking rejected", ev->t_us); break;
    case PCD_TRACE_B0N_CMD_SEEN: push(p, tid, "source check", ev->t_us); break;
    case PCD_TRACE_B0N_SRC_VERIFIED:
        pop(p, tid, "source check", ev->t_us);
        push(p, tid, "erase + copy", ev->t_us);
        p->copying = true;
        p->copy_seq0 = ev->seq;
        p->copy_erases = 0;
        break;
    case PCD_TRACE_B0N_COPY_DONE:
        pop(p, tid, "erase + copy", ev->t_us);
        push(p, tid, "read-back", ev->t_us);
        if (p->copying) {
            counter(p, "bytes copied", "bytes", ev->t_us, ev->addr);
        }
        p->copying = false;
        break;
    case PCD_TRACE_B0N_DST_VERIFIED: pop(p, tid, "read-back", ev->t_us); break;
    case PCD_TRACE_DL_STORED: break; /* one per 4 KiB of a download: the timeline has them, the trace does not */
    }
}

static void core_start(struct run_perfetto *p, int tid, uint64_t ts)
{
    struct track *t = &p->tracks[tid - 1];
    pop(p, tid, NULL, ts);
    push(p, tid, tid == TID_APP ? "MCUboot" : "B0N", ts);
    t->mark = ts;
    t->attempts = 0;
    t->in_attempt = false;
}

static void on_forceoff(struct run_perfetto *p, const struct soc_event *ev, int tid)
{
    instant(p, tid, ev->arg ? "Force-OFF Hold" : "Force-OFF Release", "forceoff", ev->t_us, NULL);
    if (ev->arg != 0 && !is_open(p, TID_NET, "held in Force-OFF")) {
        pop(p, TID_NET, NULL, ev->t_us);
        push(p, TID_NET, "held in Force-OFF", ev->t_us);
    } else if (ev->arg == 0) {
        pop(p, TID_NET, "held in Force-OFF", ev->t_us);
    }
}

/* Counters: flash operations at every event that shows a new number; page erases and B0N's
 * bytes written (4 bytes per NVMC word program since the source check) at each erase. */
static void on_counters(struct run_perfetto *p, const struct soc_event *ev)
{
    if (ev->seq != p->last_seq) {
        p->last_seq = ev->seq;
        counter(p, "flash operations", "ops", ev->t_us, ev->seq);
    }
    if (ev->kind == SOC_EV_FLASH_ERASE) {
        counter(p, "page erases", "pages", ev->t_us, ++p->erases);
        if (p->copying && ev->core == FM_CORE_NET) {
            uint64_t words = ev->seq - p->copy_seq0 - ++p->copy_erases;
            counter(p, "bytes copied", "bytes", ev->t_us, words * 4u);
        }
    }
}

static void on_event(struct run_perfetto *p, const struct soc *soc, const struct soc_event *ev)
{
    const int tid = ev->core == FM_CORE_APP ? TID_APP : ev->core == FM_CORE_NET ? TID_NET : TID_SYS;
    char buf[64];
    const char *text = soc_event_text(soc, ev, buf, sizeof(buf));
    on_counters(p, ev);
    switch (ev->kind) {
    case SOC_EV_POWER_ON:
        instant(p, TID_SYS, "power on", "power", ev->t_us, text);
        push(p, TID_NET, "held in Force-OFF", ev->t_us);
        break;
    case SOC_EV_POWER_LOSS:
        close_all(p, ev->t_us);
        p->copying = false;
        instant(p, TID_SYS, "power loss", "power", ev->t_us, text);
        arg_num(p, cJSON_GetArrayItem(p->events, cJSON_GetArraySize(p->events) - 1), "op", ev->arg);
        break;
    case SOC_EV_WARM_RESET:
        close_all(p, ev->t_us);
        instant(p, TID_SYS, "warm reset", "reset", ev->t_us, text);
        break;
    case SOC_EV_CORE_START: core_start(p, tid, ev->t_us); break;
    case SOC_EV_CORE_END:
    case SOC_EV_STOP:
        /* an application whose model has nothing more to do still runs: its slice stays open */
        if (ev->kind == SOC_EV_STOP || ev->arg != 0 ||
            !is_open(p, tid, tid == TID_APP ? "application" : "network-core application")) {
            if (tid == TID_APP) {
                interrupted(p, ev->t_us);
            }
            pop(p, tid, NULL, ev->t_us);
        }
        instant(p, tid, ev->kind == SOC_EV_STOP ? "stopped" : text, "core", ev->t_us, NULL);
        break;
    case SOC_EV_BOOT:
        pop(p, tid, NULL, ev->t_us);
        instant(p, tid, "jump to image", "core", ev->t_us, text);
        push(p, tid, tid == TID_APP ? "application" : "network-core application", ev->t_us);
        break;
    case SOC_EV_FORCEOFF: on_forceoff(p, ev, tid); break;
    case SOC_EV_SPU_LOCK: instant(p, tid, "SPU lock", "lock", ev->t_us, text); break;
    case SOC_EV_ACL_LOCK: instant(p, tid, "ACL lock", "lock", ev->t_us, text); break;
    case SOC_EV_BUS_FAULT: instant(p, tid, "bus fault", "fault", ev->t_us, text); break;
    case SOC_EV_LOCK_REFUSED: instant(p, tid, "write refused (SPU lock)", "fault", ev->t_us, text); break;
    case SOC_EV_SIGNAL: instant(p, tid, "IPC signal", "core", ev->t_us, NULL); break;
    case SOC_EV_LOG: instant(p, tid, text, "log", ev->t_us, NULL); break;
    case SOC_EV_TRACE:
        instant(p, tid, text, "milestone", ev->t_us, NULL);
        on_trace(p, tid, ev);
        break;
    case SOC_EV_NOTE:
        instant(p, tid, text, strncmp(text, "fault:", 6) == 0 || strstr(text, "(injected)") ? "fault" : "note",
                ev->t_us, NULL);
        break;
    case SOC_EV_SHARED_WRITE:
    case SOC_EV_FLASH_ERASE: break; /* counters only */
    }
}

int run_perfetto_add(struct run_perfetto *p, const struct soc *soc, const char *name)
{
    unsigned n = 0;
    const struct soc_event *e = soc_events(soc, &n);
    p->pid++;
    memset(p->tracks, 0, sizeof(p->tracks));
    p->last_seq = p->erases = 0;
    p->copying = false;
    metadata(p, "process_name", 0, name, -1);
    metadata(p, "thread_name", TID_APP, "application core", 0);
    metadata(p, "thread_name", TID_NET, "network core", 1);
    metadata(p, "thread_name", TID_SYS, "system", 2);
    uint64_t end = 0;
    for (unsigned i = 0; i < n; i++) {
        on_event(p, soc, &e[i]);
        end = e[i].t_us > end ? e[i].t_us : end;
    }
    close_all(p, end);
    return p->oom ? PCDSIM_E_NOMEM : 0;
}

int run_perfetto_write(const struct run_perfetto *p, FILE *f)
{
    if (p->oom) {
        return PCDSIM_E_NOMEM;
    }
    char *s = cJSON_PrintUnformatted(p->root);
    if (s == NULL) {
        return PCDSIM_E_NOMEM;
    }
    int rc = fputs(s, f) < 0 || fputc('\n', f) == EOF ? PCDSIM_E_FILE : 0;
    cJSON_free(s);
    return rc;
}

void run_perfetto_free(struct run_perfetto *p)
{
    if (p != NULL) {
        cJSON_Delete(p->root);
        free(p);
    }
}
