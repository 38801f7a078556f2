/* The names of enum pcd_err in groups (keep in step with pcd/err.h; test_errors checks it), for
 * the name tables of err.c (every code) and err_net.c (the codes B0N can produce, for its 8 KiB
 * goal, docs/PERFORMANCE.md). Private to src/pcd. */
#ifndef PCD_ERR_NAMES_H
#define PCD_ERR_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "pcd/err.h"

/* port and generic, 0..-9 */
#define PCD_ERR_NAMES_PORT(X) \
    X(PCD_OK) \
    X(PCD_E_INVAL) \
    X(PCD_E_IO) \
    X(PCD_E_HALTED) \
    X(PCD_E_BUS_FAULT) \
    X(PCD_E_FLASH_RULE) \
    X(PCD_E_TIMEOUT) \
    X(PCD_E_CRYPTO) \
    X(PCD_E_UNSUPPORTED) \
    X(PCD_E_RANGE)

/* MCUboot image, -20..-39 */
#define PCD_ERR_NAMES_IMG(X) \
    X(PCD_E_IMG_MAGIC) \
    X(PCD_E_IMG_HEADER) \
    X(PCD_E_IMG_OVERFLOW) \
    X(PCD_E_IMG_TLV_MISSING) \
    X(PCD_E_IMG_TLV_OVERRUN) \
    X(PCD_E_IMG_TLV_TRUNC) \
    X(PCD_E_IMG_TLV_CRITICAL) \
    X(PCD_E_IMG_PROT_SIZE) \
    X(PCD_E_IMG_NO_HASH) \
    X(PCD_E_IMG_HASH) \
    X(PCD_E_IMG_NO_SIG) \
    X(PCD_E_IMG_KEY_UNKNOWN) \
    X(PCD_E_IMG_SIG) \
    X(PCD_E_IMG_TOO_LARGE) \
    X(PCD_E_IMG_TLV_DUP) \
    X(PCD_E_IMG_TLV_LEN) \
    X(PCD_E_IMG_DEPENDENCY) \
    X(PCD_E_IMG_DOWNGRADE) \
    X(PCD_E_IMG_SLOT)

/* fw_info / fw_validation_info, -40..-49 */
#define PCD_ERR_NAMES_FW(X) \
    X(PCD_E_FWINFO_MISSING) \
    X(PCD_E_FWINFO_ADDR) \
    X(PCD_E_FWINFO_INVALID) \
    X(PCD_E_FWINFO_RANGE) \
    X(PCD_E_VALINFO_MISSING) \
    X(PCD_E_VALINFO_ADDR) \
    X(PCD_E_VALINFO_HASH) \
    X(PCD_E_FWINFO_COUNTER)

/* PCD command block and B0N, -50..-69 */
#define PCD_ERR_NAMES_CMD(X) \
    X(PCD_E_CMD_NONE) \
    X(PCD_E_CMD_DST) \
    X(PCD_E_CMD_ALIGN) \
    X(PCD_E_CMD_LEN) \
    X(PCD_E_CMD_SRC) \
    X(PCD_E_SRC_HASH) \
    X(PCD_E_DST_HASH) \
    X(PCD_E_NOT_BOOTABLE) \
    X(PCD_E_NO_VALID_IMAGE) \
    X(PCD_E_CMD_EXT)

/* app-side updater, -70..-89 */
#define PCD_ERR_NAMES_APP(X) \
    X(PCD_E_ATTEMPTS) \
    X(PCD_E_NET_FAIL) \
    X(PCD_E_NET_SILENT) \
    X(PCD_E_SLOT_STATE) \
    X(PCD_E_NOT_NET_IMAGE) \
    X(PCD_E_STAGE) \
    X(PCD_E_BATCH_PARTNER) \
    X(PCD_E_RAMSIM) \
    X(PCD_E_APP_COPY) \
    X(PCD_E_RB_NO_SPACE) \
    X(PCD_E_RB_BACKUP) \
    X(PCD_E_RB_RESTORE)

/* download of a dfu_multi_image package, -90..-95 */
#define PCD_ERR_NAMES_DL(X) \
    X(PCD_E_PKG_TRUNC) \
    X(PCD_E_PKG_CBOR) \
    X(PCD_E_PKG_ID) \
    X(PCD_E_PKG_SIZE) \
    X(PCD_E_DL_HASH) \
    X(PCD_E_DL_STATE)

/* NAND flash area, -96..-99 */
#define PCD_ERR_NAMES_NAND(X) \
    X(PCD_E_ECC) \
    X(PCD_E_NAND_FAIL) \
    X(PCD_E_NAND_FULL)

/* Building blocks of a name table: one blob of names, and per code (index -code) the offset of its
 * name in the blob plus one (0: no such code) -- 2 bytes per code instead of an 8-byte {code,
 * pointer} entry. */
#define PCD_ERR_MEMBER(n) char n[sizeof(#n)];
#define PCD_ERR_STRING(n) #n,
#define PCD_ERR_OFFSET(blob, n) [-(n)] = (uint16_t)(offsetof(struct blob, n) + 1u),

/**
 * @brief pcd_strerror() for the codes B0N can produce (port, fw_info, command block); "PCD_E_?"
 *        for any other. B0N calls this one so that the network-core image does not carry the
 *        names of the image and app-side codes.
 * @param err a value of enum pcd_err
 * @return a static string
 */
const char *pcd_strerror_net(int err);

#endif /* PCD_ERR_NAMES_H */
