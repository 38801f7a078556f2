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
