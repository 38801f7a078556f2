/* netcpu without Unicorn: binaries are refused at run time (images still load and are checked). */
#include <string.h>

#include "pcdsim/netcpu.h"

bool netcpu_available(void)
{
    return false;
}

int netcpu_run(const struct netcpu_config *cfg, const struct pcd_port *port, struct netcpu_result *res)
{
    (void)cfg;
    (void)port;
    memset(res, 0, sizeof(*res));
    return PCD_E_UNSUPPORTED;
}
