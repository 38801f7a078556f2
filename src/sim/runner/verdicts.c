/* Verdicts: adding one to a run's result and finding them. The bottom of the runner's files: it
 * calls nothing of the runner (runner_internal.h gives the order). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runner_internal.h"

void run_add_verdict(struct run_result *res, const char *id, bool pass, const char *fmt, ...)
{
    if (res->n_verdicts >= RUN_MAX_VERDICTS) {
        return;
    }
    struct run_verdict *v = &res->verdicts[res->n_verdicts++];
    snprintf(v->id, sizeof(v->id), "%s", id);
    v->pass = pass;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->evidence, sizeof(v->evidence), fmt, ap);
    va_end(ap);
}

const struct run_verdict *run_find_verdict(const struct run_result *res, const char *id)
{
    for (unsigned i = 0; i < res->n_verdicts; i++) {
        if (strcmp(res->verdicts[i].id, id) == 0) {
            return &res->verdicts[i];
        }
    }
    return NULL;
}

const struct run_verdict *run_first_unexpected(const struct run_result *res)
{
    for (unsigned i = 0; i < res->n_verdicts; i++) {
        if (res->verdicts[i].pass == res->verdicts[i].expected_fail) {
            return &res->verdicts[i];
        }
    }
    return NULL;
}
