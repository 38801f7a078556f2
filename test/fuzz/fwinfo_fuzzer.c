/* Fuzz harness: NCS fw_info / fw_validation_info parsing and the B0N image checks
 * (src/pcd/fwinfo.c: pcd_fwinfo_decode, pcd_valinfo_decode, pcd_fwinfo_find,
 * pcd_fwinfo_check, pcd_fwinfo_validate), as B0N-BOOT-VALID and B0N-SRC-BOOTABLE use them.
 *
 * Input: byte 0 = mode, the rest = the image's bytes as the network core reads them over the
 * bus (buffer port; any read outside the input is a bus fault).
 *   mode bit 0: 0 = the image is in net flash at its destination (B0N-BOOT-VALID: src = dst =
 *               0x01008800); 1 = it is a copy source in app flash at 0x00080000 (B0N-SRC-BOOTABLE,
 *               dst = 0x01008800)
 *   mode bit 1: src_len = 0 (read up to the partition end) instead of the input length
 *
 * Oracles (abort() on violation): verdicts are 0 or negative and res->verdict matches;
 * pcd_fwinfo_check() gives the verdict of pcd_fwinfo_validate() except the hash step; an image
 * that validates has fw_info.address == dst, a boot address inside the firmware, and a validation
 * hash equal to an independent SHA-256 (OpenSSL) of [0, fw_info.size) of the input; an image that
 * fails only with PCD_E_VALINFO_HASH validates once the hash in its fw_validation_info is patched. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "fuzz_util.h"
#include "pcd/fwinfo.h"
#include "pcdsim/bufport.h"

#define NET_APP_START 0x01008800u
#define NET_APP_SIZE 0x37800u
#define APP_FLASH_SRC 0x00080000u

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int validate(const uint8_t *img, uint32_t len, uint32_t base, uint32_t src_len, struct pcd_fwinfo_result *res)
{
    struct pcdsim_bufport bp;
    FUZZ_CHECK(pcdsim_bufport_init(&bp, img, len, PCD_MEM_NET_FLASH, base) == 0, "bufport");
    memset(res, 0xA5, sizeof(*res));
    int rc = pcd_fwinfo_validate(&bp.port, base, src_len, NET_APP_START, NET_APP_START, NET_APP_SIZE, res);
    FUZZ_CHECK(rc <= 0 && res->verdict == rc, "validate rc %d verdict %d", rc, res->verdict);

    struct pcd_fwinfo_result chk;
    memset(&chk, 0x5A, sizeof(chk));
    int crc = pcd_fwinfo_check(&bp.port, base, src_len, NET_APP_START, NET_APP_START, NET_APP_SIZE, &chk);
    if (rc == 0 || rc == PCD_E_VALINFO_HASH) {
        FUZZ_CHECK(crc == 0, "check %d, validate %d", crc, rc);
    } else {
        FUZZ_CHECK(crc == rc, "check %d, validate %d", crc, rc);
    }
    if (rc == 0) {
        const struct pcd_fw_info *fi = &res->fwinfo;
        FUZZ_CHECK(res->fwinfo_valid && res->valinfo_valid && res->computed_hash_valid, "flags");
        FUZZ_CHECK(fi->address == NET_APP_START, "address 0x%08x", fi->address);
        FUZZ_CHECK(fi->size > 0 && fi->size <= NET_APP_SIZE, "size 0x%x", fi->size);
        FUZZ_CHECK(fi->boot_address >= NET_APP_START && fi->boot_address - NET_APP_START < fi->size, "boot 0x%08x",
                   fi->boot_address);
        FUZZ_CHECK(res->valinfo.address == fi->address, "valinfo address");
        FUZZ_CHECK(fi->size <= len, "validated bytes it cannot have read (size 0x%x, input %u)", fi->size, len);
        uint8_t sha[SHA256_DIGEST_LENGTH];
        SHA256(img, fi->size, sha);
        FUZZ_CHECK(memcmp(sha, res->valinfo.hash, sizeof(sha)) == 0, "valid with a wrong validation hash");
        FUZZ_CHECK(memcmp(sha, res->computed_hash, sizeof(sha)) == 0, "computed hash differs from SHA-256");
        FUZZ_CHECK((uint64_t)res->valinfo.offset + PCD_VALINFO_SIZE <= len, "valinfo outside the input");
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 0x100000u) {
        return 0;
    }
    const uint8_t mode = data[0];
    const uint8_t *img = data + 1;
    const uint32_t len = (uint32_t)(size - 1);
    const uint32_t base = (mode & 1u) ? APP_FLASH_SRC : NET_APP_START;
    const uint32_t src_len = (mode & 2u) ? 0u : len;

    /* the decoders on the first bytes (padded with the erased value) */
    uint8_t raw[PCD_VALINFO_SIZE];
    memset(raw, 0xFF, sizeof(raw));
    memcpy(raw, img, len < sizeof(raw) ? len : sizeof(raw));
    struct pcd_fw_info fi;
    struct pcd_fw_validation_info vi;
    int d1 = pcd_fwinfo_decode(raw, &fi);
    int d2 = pcd_valinfo_decode(raw, &vi);
    FUZZ_CHECK(d1 == 0 || d1 == PCD_E_FWINFO_MISSING, "fwinfo_decode %d", d1);
    FUZZ_CHECK(d2 == 0 || d2 == PCD_E_VALINFO_MISSING, "valinfo_decode %d", d2);

    struct pcdsim_bufport bp;
    FUZZ_CHECK(pcdsim_bufport_init(&bp, img, len, PCD_MEM_NET_FLASH, base) == 0, "bufport");
    struct pcd_fw_info found;
    int f = pcd_fwinfo_find(&bp.port, base, len, &found);
    if (f == 0) {
        FUZZ_CHECK((uint64_t)found.offset + PCD_FWINFO_SIZE <= len, "fw_info found outside the input");
    }

    struct pcd_fwinfo_result res;
    int rc = validate(img, len, base, src_len, &res);
    if (rc == PCD_E_VALINFO_HASH && res.valinfo_valid && res.computed_hash_valid &&
        (uint64_t)res.valinfo.offset + 16u + PCD_SHA256_LEN <= len) {
        uint8_t *copy = malloc(len);
        FUZZ_CHECK(copy != NULL, "malloc");
        memcpy(copy, img, len);
        memcpy(copy + res.valinfo.offset + 16u, res.computed_hash, PCD_SHA256_LEN);
        struct pcd_fwinfo_result res2;
        int rc2 = validate(copy, len, base, src_len, &res2);
        FUZZ_CHECK(rc2 == 0, "still %d after patching the validation hash", rc2);
        free(copy);
    }
    return 0;
}
