/* Port helpers that are not one-line wrappers. */
#include "pcd/port.h"

#include <stddef.h>

void pcd_log(const struct pcd_port *p, enum pcd_log_level level, const char *fmt, ...)
{
    if (p == NULL || p->ops->log == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    p->ops->log(p->ctx, level, fmt, ap);
    va_end(ap);
}

int pcd_poll_word(const struct pcd_port *p, uint32_t addr, uint32_t unchanged, uint64_t poll_us,
                  uint64_t timeout_us, uint32_t *value, uint64_t *waited_us)
{
    if (poll_us == 0) {
        return PCD_E_INVAL;
    }
    *waited_us = 0;
    *value = unchanged;
    if (p->ops->poll_word != NULL) {
        return pcd_port_rc(p->ops->poll_word(p->ctx, addr, unchanged, poll_us, timeout_us, value, waited_us));
    }
    while (*waited_us < timeout_us) {
        const uint64_t step = timeout_us - *waited_us < poll_us ? timeout_us - *waited_us : poll_us;
        int rc = pcd_delay_us(p, step);
        if (rc != 0) {
            return rc;
        }
        *waited_us += step;
        rc = pcd_shared_read32(p, addr, value);
        if (rc != 0) {
            return rc;
        }
        if (*value != unchanged) {
            return 0;
        }
    }
    return PCD_E_TIMEOUT;
}
