/* Questions on what a run is configured with (struct run_config), for the files above it: which
 * requirement ids the scenario names, and the bytes the memories held before the first power-on.
 * Calls nothing of the runner (runner_internal.h gives the order). */
#include <string.h>

#include "runner_internal.h"

bool run_names_requirement(const struct run_config *cfg, const char *id)
{
    for (unsigned i = 0; i < cfg->n_requirements; i++) {
        if (strcmp(cfg->requirements[i], id) == 0) {
            return true;
        }
    }
    return false;
}

void run_initial_bytes(const struct run_state *st, int dev, uint32_t off, uint32_t len, uint8_t *out)
{
    const struct run_config *cfg = st->cfg;
    memset(out, 0xFF, len); /* flash leaves the factory erased */
    for (unsigned i = 0; i < cfg->n_loads; i++) {
        const struct run_load *l = &cfg->loads[i];
        if (l->dev != dev || l->off >= off + len || off >= l->off + l->len) {
            continue;
        }
        uint32_t a = l->off > off ? l->off : off;
        uint32_t b = l->off + l->len < off + len ? l->off + l->len : off + len;
        memcpy(out + (a - off), l->data + (a - l->off), b - a);
    }
}
