/* Diagnostic helpers of the scenario loader: the context trail, messages with the offending text
 * quoted, did-you-mean suggestions, and the name tables (events, devices). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcdsim/host_err.h"
#include "pcdsim/host_util.h"
#include "scn_internal.h"

/* ---- names ------------------------------------------------------------------------------- */

/* The event table of docs/SCENARIOS.md, in enum order; test_scenario checks it against the doc. */
const char *const scn_event_names[PCDSIM_EV__COUNT] = {
    [PCDSIM_EV_APP_BOOT] = "app.boot",
    [PCDSIM_EV_APP_VALIDATED] = "app.validated",
    [PCDSIM_EV_APP_STAGED] = "app.staged",
    [PCDSIM_EV_APP_CMD_WRITTEN] = "app.cmd_written",
    [PCDSIM_EV_APP_RELEASED] = "app.released",
    [PCDSIM_EV_APP_HELD] = "app.held",
    [PCDSIM_EV_APP_OUTCOME] = "app.outcome",
    [PCDSIM_EV_APP_MARK_STARTED] = "app.mark_started",
    [PCDSIM_EV_APP_MARK_DONE] = "app.mark_done",
    [PCDSIM_EV_APP_LOCKED] = "app.locked",
    [PCDSIM_EV_APP_JUMP] = "app.jump",
    [PCDSIM_EV_NET_START] = "net.start",
    [PCDSIM_EV_B0N_CMD_SEEN] = "b0n.cmd_seen",
    [PCDSIM_EV_B0N_SRC_VERIFIED] = "b0n.src_verified",
    [PCDSIM_EV_B0N_ERASE_PAGE] = "b0n.erase_page",
    [PCDSIM_EV_B0N_COPY_DONE] = "b0n.copy_done",
    [PCDSIM_EV_B0N_REPORT] = "b0n.report",
    [PCDSIM_EV_B0N_BOOT] = "b0n.boot",
    [PCDSIM_EV_APP_CMD_WORD] = "app.cmd_word",
    [PCDSIM_EV_APP_DL_STORED] = "app.dl_stored",
};

const char *pcdsim_scn_event_name(enum pcdsim_scn_event ev)
{
    return (unsigned)ev < PCDSIM_EV__COUNT ? scn_event_names[ev] : "?";
}

bool pcdsim_scn_event_find(const char *name, enum pcdsim_scn_event *out)
{
    for (unsigned i = 0; name != NULL && i < PCDSIM_EV__COUNT; i++) {
        if (strcmp(scn_event_names[i], name) == 0) {
            *out = (enum pcdsim_scn_event)i;
            return true;
        }
    }
    return false;
}

bool pcdsim_scn_event_is_page(enum pcdsim_scn_event ev)
{
    return ev == PCDSIM_EV_B0N_ERASE_PAGE;
}

const char *pcdsim_scn_device_name(enum fm_nrf5340_dev dev)
{
    return fm_nrf5340_dev_name(dev); /* the flash model's table */
}

/* ---- allocation -------------------------------------------------------------------------- */

char *scn_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *scn_strdup(const char *s)
{
    return scn_strndup(s, strlen(s));
}

/* ---- trail ------------------------------------------------------------------------------- */

void scn_push(struct scn_ld *ld, const char *key, size_t index, const struct scn_node *at)
{
    // The tree is at most PCDSIM_SCENARIO_DEPTH_MAX deep, so this never overflows; stay safe anyway.
    if (ld->depth < SCN_TRAIL_MAX) {
        ld->trail[ld->depth] = (struct scn_trail){key, index, at ? at->line : 0, at ? at->column : 0};
    }
    ld->depth++;
}

void scn_pop(struct scn_ld *ld)
{
    if (ld->depth > 0) {
        ld->depth--;
    }
}

void scn_trail_path(const struct scn_ld *ld, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    size_t depth = ld->depth < SCN_TRAIL_MAX ? ld->depth : SCN_TRAIL_MAX;
    for (size_t i = 0; i < depth && used < size; i++) {
        const struct scn_trail *t = &ld->trail[i];
        int n;
        if (t->key == NULL) {
            n = snprintf(buf + used, size - used, "[%zu]", t->index);
        } else {
            n = snprintf(buf + used, size - used, "%s%s", i > 0 ? "." : "", t->key);
        }
        if (n < 0) {
            break;
        }
        used += (size_t)n;
    }
}

void scn_trail_str(const struct scn_ld *ld, unsigned line, unsigned column, char *buf, size_t size)
{
    if (ld->depth == 0) {
        snprintf(buf, size, "at the top level of the scenario");
        return;
    }
    char path[256];
    scn_trail_path(ld, path, sizeof(path));
    size_t last = (ld->depth < SCN_TRAIL_MAX ? ld->depth : SCN_TRAIL_MAX) - 1;
    const struct scn_trail *t = &ld->trail[last];
    if (t->line == 0 || (t->line == line && t->column == column)) {
        snprintf(buf, size, "in '%s'", path);
    } else {
        snprintf(buf, size, "in '%s' (line %u, column %u)", path, t->line, t->column);
    }
}

/* ---- diagnostics ------------------------------------------------------------------------- */

static int vfail(struct scn_ld *ld, int err, unsigned line, unsigned column, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 0)))
#endif
    ;

static int vfail(struct scn_ld *ld, int err, unsigned line, unsigned column, const char *fmt, va_list ap)
{
    char msg[PCDSIM_DIAG_TEXT];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    pcdsim_diag_clear(ld->diag);
    pcdsim_diag_set(ld->diag, err, ld->file, line, column, "%s", msg);
    scn_trail_str(ld, line, column, ld->diag->context, sizeof(ld->diag->context));
    return err;
}

int scn_fail(struct scn_ld *ld, int err, const struct scn_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(ld, err, at ? at->line : 0, at ? at->column : 0, fmt, ap);
    va_end(ap);
    return rc;
}

int scn_fail_pos(struct scn_ld *ld, int err, unsigned line, unsigned column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(ld, err, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

void scn_hint(struct scn_ld *ld, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ld->diag->hint, sizeof(ld->diag->hint), fmt, ap);
    va_end(ap);
}

int scn_nomem(struct scn_ld *ld)
{
    pcdsim_diag_clear(ld->diag);
    return pcdsim_diag_set(ld->diag, PCDSIM_E_NOMEM, ld->file, 0, 0, "out of memory while loading the scenario");
}

/* ---- quoting ----------------------------------------------------------------------------- */

const char *scn_quote(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    if (size < 8) {
        if (size > 0) {
            buf[0] = '\0';
        }
        return buf;
    }
    buf[o++] = '\'';
    size_t shown = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        char esc[8];
        if (*p == '\n') {
            snprintf(esc, sizeof(esc), "\\n");
        } else if (*p == '\t') {
            snprintf(esc, sizeof(esc), "\\t");
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof(esc), "\\x%02x", *p);
        } else {
            esc[0] = (char)*p;
            esc[1] = '\0';
        }
        size_t el = strlen(esc);
        if (shown >= SCN_QUOTE_MAX || o + el + 5 >= size) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, esc, el);
        o += el;
        shown++;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

const char *scn_describe(const struct scn_node *n, char *buf, size_t size)
{
    if (n->type == SCN_MAP) {
        snprintf(buf, size, "a mapping");
    } else if (n->type == SCN_SEQ) {
        snprintf(buf, size, "a sequence");
    } else if (scn_is_null(n)) {
        snprintf(buf, size, "nothing (null)");
    } else {
        char q[SCN_QUOTE_MAX + 16];
        snprintf(buf, size, "%s%s", n->plain ? "" : "the quoted string ", scn_quote(n->text, q, sizeof(q)));
    }
    return buf;
}

/* ---- suggestions ------------------------------------------------------------------------- */

const char *scn_did_you_mean(const char *word, const char *const *names, size_t count)
{
    return pcdsim_did_you_mean(word, names, count);
}

void scn_join(const char *const *names, size_t count, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        size_t nl = strlen(names[i]);
        if (used + nl + 8 >= size) {
            snprintf(buf + used, size - used, "%s...", i > 0 ? ", " : "");
            return;
        }
        int n = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", names[i]);
        if (n < 0) {
            return;
        }
        used += (size_t)n;
    }
}
