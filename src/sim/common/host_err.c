/* One place that names every error code of every layer, for messages and traces. */
#include "pcdsim/host_err.h"

#include "flashmodel/fm_err.h"
#include "pcd/err.h"

const char *pcdsim_strerror(int err)
{
    switch (err) {
    case PCDSIM_E_USAGE: return "PCDSIM_E_USAGE";
    case PCDSIM_E_FILE: return "PCDSIM_E_FILE";
    case PCDSIM_E_YAML: return "PCDSIM_E_YAML";
    case PCDSIM_E_SCHEMA: return "PCDSIM_E_SCHEMA";
    case PCDSIM_E_LAYOUT: return "PCDSIM_E_LAYOUT";
    case PCDSIM_E_NOMEM: return "PCDSIM_E_NOMEM";
    case PCDSIM_E_KEY: return "PCDSIM_E_KEY";
    case PCDSIM_E_THREAD: return "PCDSIM_E_THREAD";
    case PCDSIM_E_INTERNAL: return "PCDSIM_E_INTERNAL";
    default: break;
    }
    if (err <= -100 && err > -200) {
        return fm_strerror(err);
    }
    return pcd_strerror(err);
}
