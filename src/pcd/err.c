/* Names of enum pcd_err (keep in step with pcd/err.h; test_errors checks it). The one-line
 * descriptions live in err_describe.c, so a build that only names codes (B0N on the network
 * core) does not link the descriptions: the linker takes an archive member only when one of its
 * symbols is used. */
#include "err_names.h"

#define PCD_ERR_NAME_LIST(X)                                                                         \
    PCD_ERR_NAMES_PORT(X) PCD_ERR_NAMES_IMG(X) PCD_ERR_NAMES_FW(X) PCD_ERR_NAMES_CMD(X) PCD_ERR_NAMES_APP(X) \
    PCD_ERR_NAMES_DL(X) PCD_ERR_NAMES_NAND(X)
#define PCD_ERR_OFFSET_ALL(n) PCD_ERR_OFFSET(pcd_err_blob, n)

/* Every name (err_names.h): 2 bytes per code plus the strings, for B0N's 8 KiB goal. */
struct pcd_err_blob {
    PCD_ERR_NAME_LIST(PCD_ERR_MEMBER)
};

static const struct pcd_err_blob pcd_err_blob = {PCD_ERR_NAME_LIST(PCD_ERR_STRING)};

static const uint16_t pcd_err_names[] = {PCD_ERR_NAME_LIST(PCD_ERR_OFFSET_ALL)};

_Static_assert(sizeof(struct pcd_err_blob) < 0xFFFFu, "name offsets fit 16 bits");

const char *pcd_strerror(int err)
{
    const size_t n = sizeof(pcd_err_names) / sizeof(pcd_err_names[0]);
    if (err <= 0 && (size_t)(-(long)err) < n && pcd_err_names[-(long)err] != 0u) {
        return (const char *)&pcd_err_blob + pcd_err_names[-(long)err] - 1u;
    }
    return "PCD_E_?";
}
