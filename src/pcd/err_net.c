/* Names of the codes B0N can produce (err_names.h): its own table, so that the network-core image
 * does not link the names of the image and app-side codes (docs/PERFORMANCE.md). */
#include "err_names.h"

#define PCD_ERR_NET_LIST(X) PCD_ERR_NAMES_PORT(X) PCD_ERR_NAMES_FW(X) PCD_ERR_NAMES_CMD(X)
#define PCD_ERR_OFFSET_NET(n) PCD_ERR_OFFSET(pcd_err_net_blob, n)

struct pcd_err_net_blob {
    PCD_ERR_NET_LIST(PCD_ERR_MEMBER)
};

static const struct pcd_err_net_blob pcd_err_net_blob = {PCD_ERR_NET_LIST(PCD_ERR_STRING)};

static const uint16_t pcd_err_net_names[] = {PCD_ERR_NET_LIST(PCD_ERR_OFFSET_NET)};

const char *pcd_strerror_net(int err)
{
    const size_t n = sizeof(pcd_err_net_names) / sizeof(pcd_err_net_names[0]);
    if (err <= 0 && (size_t)(-(long)err) < n && pcd_err_net_names[-(long)err] != 0u) {
        return (const char *)&pcd_err_net_blob + pcd_err_net_names[-(long)err] - 1u;
    }
    return "PCD_E_?";
}
