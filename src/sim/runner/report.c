/* Printing: the readable timeline, JSON lines (--trace), and verdict lines. */
#include <stdio.h>

#include <string.h>

#include "pcdsim/scenario.h"
#include "runner_internal.h"

static const char *core_label(int core)
{
    return core == FM_CORE_APP ? "app" : core == FM_CORE_NET ? "net" : "sys";
}

static const char *level_tag(uint32_t level)
{
    static const char *const tags[] = {"E", "W", "I", "D"};
    return level < 4 ? tags[level] : "?";
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

void run_print_timeline(struct run_state *st)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    for (unsigned i = st->br.printed; i < n; i++) {
        const struct soc_event *ev = &e[i];
        char rendered[64];
        const char *text = soc_event_text(st->soc, ev, rendered, sizeof(rendered));
        if (st->out->jsonl != NULL) {
            fprintf(st->out->jsonl, "{\"t_us\":%llu,\"core\":\"%s\",\"kind\":\"%s\",\"arg\":%u,\"addr\":%u,\"op\":%llu,\"text\":",
                    (unsigned long long)ev->t_us, core_label(ev->core), soc_ev_name(ev->kind), ev->arg, ev->addr,
                    (unsigned long long)ev->seq);
            json_string(st->out->jsonl, text);
            fputs("}\n", st->out->jsonl);
        }
        FILE *f = st->out->timeline;
        if (f == NULL) {
            continue;
        }
        if (!st->out->verbose && (ev->kind == SOC_EV_SHARED_WRITE || ev->kind == SOC_EV_FLASH_ERASE ||
                                  ev->kind == SOC_EV_CORE_END || ev->kind == SOC_EV_SIGNAL)) {
            continue;
        }
        fprintf(f, "[%6llu.%06llu] %s  ", (unsigned long long)(ev->t_us / 1000000u),
                (unsigned long long)(ev->t_us % 1000000u), core_label(ev->core));
        switch (ev->kind) {
        case SOC_EV_LOG: fprintf(f, "%s: %s\n", level_tag(ev->arg), ev->text); break;
        case SOC_EV_TRACE: fprintf(f, "-- %s\n", ev->text); break;
        case SOC_EV_FLASH_ERASE: fprintf(f, "   %s (op %llu)\n", text, (unsigned long long)ev->seq); break;
        case SOC_EV_POWER_LOSS: fprintf(f, "** %s (at flash operation %u)\n", ev->text, ev->arg); break;
        case SOC_EV_BUS_FAULT:
        case SOC_EV_LOCK_REFUSED: fprintf(f, "** %s\n", ev->text); break;
        default: fprintf(f, "%s\n", text); break;
        }
    }
    st->br.printed = n;
}

void run_print_verdicts(const struct run_result *res, FILE *f)
{
    for (unsigned i = 0; i < res->n_verdicts; i++) {
        const struct run_verdict *v = &res->verdicts[i];
        const char *tag = v->pass ? (v->expected_fail ? "XPASS" : "pass ") : (v->expected_fail ? "xfail" : "FAIL ");
        fprintf(f, "  %s %-22s %s\n", tag, v->id, v->evidence);
    }
    for (unsigned i = 0; i < res->n_not_judged; i++) {
        const struct pcdsim_requirement *q = pcdsim_requirement_find(res->not_judged[i]);
        if (q != NULL && q->planned != NULL) {
            fprintf(f, "  ----  %-22s named by the scenario, not judged: pcdsim does not check it yet (issue %s)\n",
                    res->not_judged[i], q->planned);
        } else {
            fprintf(f, "  ----  %-22s named by the scenario, not judged: nothing in this run exercises it\n",
                    res->not_judged[i]);
        }
    }
}
