/* Names of enum pcd_err (keep in step with pcd/err.h; test_errors checks it). The one-line
 * descriptions live in err_describe.c, so a build that only names codes (B0N on the network
 * core) does not link the descriptions: the linker takes an archive member only when one of its
 * symbols is used. */
#include "pcd/err.h"

#include <stddef.h>

struct pcd_err_name {
    int code;
    const char *name;
};

static const struct pcd_err_name pcd_err_names[] = {
    {PCD_OK, "PCD_OK"},
    {PCD_E_INVAL, "PCD_E_INVAL"},
    {PCD_E_IO, "PCD_E_IO"},
    {PCD_E_HALTED, "PCD_E_HALTED"},
    {PCD_E_BUS_FAULT, "PCD_E_BUS_FAULT"},
    {PCD_E_FLASH_RULE, "PCD_E_FLASH_RULE"},
    {PCD_E_TIMEOUT, "PCD_E_TIMEOUT"},
    {PCD_E_CRYPTO, "PCD_E_CRYPTO"},
    {PCD_E_UNSUPPORTED, "PCD_E_UNSUPPORTED"},
    {PCD_E_RANGE, "PCD_E_RANGE"},
    {PCD_E_IMG_MAGIC, "PCD_E_IMG_MAGIC"},
    {PCD_E_IMG_HEADER, "PCD_E_IMG_HEADER"},
    {PCD_E_IMG_OVERFLOW, "PCD_E_IMG_OVERFLOW"},
    {PCD_E_IMG_TLV_MISSING, "PCD_E_IMG_TLV_MISSING"},
    {PCD_E_IMG_TLV_OVERRUN, "PCD_E_IMG_TLV_OVERRUN"},
    {PCD_E_IMG_TLV_TRUNC, "PCD_E_IMG_TLV_TRUNC"},
    {PCD_E_IMG_TLV_CRITICAL, "PCD_E_IMG_TLV_CRITICAL"},
    {PCD_E_IMG_PROT_SIZE, "PCD_E_IMG_PROT_SIZE"},
    {PCD_E_IMG_NO_HASH, "PCD_E_IMG_NO_HASH"},
    {PCD_E_IMG_HASH, "PCD_E_IMG_HASH"},
    {PCD_E_IMG_NO_SIG, "PCD_E_IMG_NO_SIG"},
    {PCD_E_IMG_KEY_UNKNOWN, "PCD_E_IMG_KEY_UNKNOWN"},
    {PCD_E_IMG_SIG, "PCD_E_IMG_SIG"},
    {PCD_E_IMG_TOO_LARGE, "PCD_E_IMG_TOO_LARGE"},
    {PCD_E_IMG_TLV_DUP, "PCD_E_IMG_TLV_DUP"},
    {PCD_E_IMG_TLV_LEN, "PCD_E_IMG_TLV_LEN"},
    {PCD_E_IMG_DEPENDENCY, "PCD_E_IMG_DEPENDENCY"},
    {PCD_E_FWINFO_MISSING, "PCD_E_FWINFO_MISSING"},
    {PCD_E_FWINFO_ADDR, "PCD_E_FWINFO_ADDR"},
    {PCD_E_FWINFO_INVALID, "PCD_E_FWINFO_INVALID"},
    {PCD_E_FWINFO_RANGE, "PCD_E_FWINFO_RANGE"},
    {PCD_E_VALINFO_MISSING, "PCD_E_VALINFO_MISSING"},
    {PCD_E_VALINFO_ADDR, "PCD_E_VALINFO_ADDR"},
    {PCD_E_VALINFO_HASH, "PCD_E_VALINFO_HASH"},
    {PCD_E_CMD_NONE, "PCD_E_CMD_NONE"},
    {PCD_E_CMD_DST, "PCD_E_CMD_DST"},
    {PCD_E_CMD_ALIGN, "PCD_E_CMD_ALIGN"},
    {PCD_E_CMD_LEN, "PCD_E_CMD_LEN"},
    {PCD_E_CMD_SRC, "PCD_E_CMD_SRC"},
    {PCD_E_SRC_HASH, "PCD_E_SRC_HASH"},
    {PCD_E_DST_HASH, "PCD_E_DST_HASH"},
    {PCD_E_NOT_BOOTABLE, "PCD_E_NOT_BOOTABLE"},
    {PCD_E_NO_VALID_IMAGE, "PCD_E_NO_VALID_IMAGE"},
    {PCD_E_CMD_EXT, "PCD_E_CMD_EXT"},
    {PCD_E_ATTEMPTS, "PCD_E_ATTEMPTS"},
    {PCD_E_NET_FAIL, "PCD_E_NET_FAIL"},
    {PCD_E_NET_SILENT, "PCD_E_NET_SILENT"},
    {PCD_E_SLOT_STATE, "PCD_E_SLOT_STATE"},
    {PCD_E_NOT_NET_IMAGE, "PCD_E_NOT_NET_IMAGE"},
    {PCD_E_STAGE, "PCD_E_STAGE"},
};

const char *pcd_strerror(int err)
{
    for (size_t i = 0; i < sizeof(pcd_err_names) / sizeof(pcd_err_names[0]); i++) {
        if (pcd_err_names[i].code == err) {
            return pcd_err_names[i].name;
        }
    }
    return "PCD_E_?";
}
