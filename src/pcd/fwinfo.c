/*
 * NCS fw_info / fw_validation_info and the B0N image checks (B0N-BOOT-VALID, B0N-SRC-BOOTABLE).
 *
 * Written from shared/spec/nrf53-netcore-dfu-facts.md §2.4 (check list of bl_validate_firmware),
 * §6.1 (struct fw_info, search offsets, magic words) and §6.2 (struct fw_validation_info). All
 * reads go through pcd_bus_read() into stack buffers of at most FW_CHUNK bytes.
 */
#include "pcd/fwinfo.h"
#include "hash.h"

#include <stddef.h>
#include <string.h>

/* struct fw_info offsets (facts §6.1). */
#define FI_OFF_MAGIC 0u
#define FI_OFF_TOTAL_SIZE 12u
#define FI_OFF_SIZE 16u
#define FI_OFF_VERSION 20u
#define FI_OFF_ADDRESS 24u
#define FI_OFF_BOOT_ADDRESS 28u
#define FI_OFF_VALID 32u
#define FI_OFF_RESERVED 36u
#define FI_OFF_EXT_API_NUM 52u
#define FI_OFF_EXT_API_REQ_NUM 56u
_Static_assert(FI_OFF_EXT_API_REQ_NUM + 4u == PCD_FWINFO_SIZE, "fw_info fixed part is 0x3C bytes (facts 6.1)");
_Static_assert(FI_OFF_RESERVED + 16u == FI_OFF_EXT_API_NUM, "fw_info reserved[4] is 16 bytes");

/* struct fw_validation_info offsets (facts §6.2). */
#define VI_OFF_MAGIC 0u
#define VI_OFF_ADDRESS 12u
#define VI_OFF_HASH 16u
#define VI_OFF_PUBKEY 48u
#define VI_OFF_SIG 112u
_Static_assert(VI_OFF_SIG + 64u == PCD_VALINFO_SIZE, "fw_validation_info is 176 bytes (facts 6.2)");
_Static_assert(VI_OFF_PUBKEY - VI_OFF_HASH == PCD_SHA256_LEN, "validation hash is a SHA-256");

#define MAGIC_LEN 12u
/* Vector table: reset vector is the second word (facts §2.4 check 10). */
#define VT_RESET_OFF 4u
/* Bytes hashed per bus read when checking the validation hash: the stream-buffer size of NCS's
 * PCD (CONFIG_PCD_BUF_SIZE = 512, facts §1.6, §1.7), so a boot check costs B0N no more stack than a copy. */
#define FW_CHUNK 512u

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static bool magic_is(const uint8_t *p, uint32_t w1, uint32_t w2)
{
    return get_le32(p) == PCD_FWINFO_MAGIC_COMMON && get_le32(p + 4) == w1 && get_le32(p + 8) == w2;
}

/* addr in [start, start + len), overflow-safe. */
static bool in_range(uint32_t addr, uint32_t start, uint32_t len)
{
    return addr >= start && addr - start < len;
}

int pcd_fwinfo_decode(const uint8_t raw[PCD_FWINFO_SIZE], struct pcd_fw_info *out)
{
    if (raw == NULL || out == NULL) {
        return PCD_E_INVAL;
    }
    out->offset = 0;
    out->total_size = get_le32(raw + FI_OFF_TOTAL_SIZE);
    out->size = get_le32(raw + FI_OFF_SIZE);
    out->version = get_le32(raw + FI_OFF_VERSION);
    out->address = get_le32(raw + FI_OFF_ADDRESS);
    out->boot_address = get_le32(raw + FI_OFF_BOOT_ADDRESS);
    out->valid = get_le32(raw + FI_OFF_VALID);
    for (uint32_t i = 0; i < 4u; i++) {
        out->reserved[i] = get_le32(raw + FI_OFF_RESERVED + 4u * i);
    }
    out->ext_api_num = get_le32(raw + FI_OFF_EXT_API_NUM);
    out->ext_api_request_num = get_le32(raw + FI_OFF_EXT_API_REQ_NUM);
    return magic_is(raw + FI_OFF_MAGIC, PCD_FWINFO_MAGIC_FWINFO, PCD_FWINFO_MAGIC_COMPAT)
               ? 0
               : PCD_E_FWINFO_MISSING;
}

int pcd_valinfo_decode(const uint8_t raw[PCD_VALINFO_SIZE], struct pcd_fw_validation_info *out)
{
    if (raw == NULL || out == NULL) {
        return PCD_E_INVAL;
    }
    out->offset = 0;
    out->address = get_le32(raw + VI_OFF_ADDRESS);
    memcpy(out->hash, raw + VI_OFF_HASH, sizeof(out->hash));
    memcpy(out->public_key, raw + VI_OFF_PUBKEY, sizeof(out->public_key));
    memcpy(out->signature, raw + VI_OFF_SIG, sizeof(out->signature));
    return magic_is(raw + VI_OFF_MAGIC, PCD_VALINFO_MAGIC_VALINFO, PCD_VALINFO_MAGIC_COMPAT)
               ? 0
               : PCD_E_VALINFO_MISSING;
}

int pcd_fwinfo_find(const struct pcd_port *port, uint32_t src, uint32_t len, struct pcd_fw_info *out)
{
    static const uint32_t offsets[PCD_FWINFO_SEARCH_COUNT] = PCD_FWINFO_SEARCH_OFFSETS;
    if (port == NULL || out == NULL || len > UINT32_MAX - src) {
        return PCD_E_INVAL;
    }
    for (uint32_t i = 0; i < PCD_FWINFO_SEARCH_COUNT; i++) {
        uint32_t off = offsets[i];
        if (off > len || len - off < PCD_FWINFO_SIZE) {
            continue; /* would read past the image */
        }
        uint8_t raw[PCD_FWINFO_SIZE];
        int rc = pcd_bus_read(port, src + off, raw, sizeof(raw));
        if (rc != 0) {
            return rc;
        }
        if (pcd_fwinfo_decode(raw, out) == 0) {
            out->offset = off;
            return 0;
        }
    }
    return PCD_E_FWINFO_MISSING;
}

/* Find the fw_validation_info at image offset size + k, k = 0..4 (NCS validation_info_find(.., 4)
 * loops i <= 4: five byte positions, facts errata and §2.4 check 11), within [0, limit). */
static int valinfo_find(const struct pcd_port *port, uint32_t src, uint32_t size, uint32_t limit,
                        struct pcd_fw_validation_info *out)
{
    for (uint32_t k = 0; k < PCD_VALINFO_SEARCH; k++) {
        if (size > limit || limit - size < k || limit - size - k < PCD_VALINFO_SIZE) {
            break; /* it would not fit; larger k does not either */
        }
        uint32_t off = size + k;
        uint8_t magic[MAGIC_LEN];
        int rc = pcd_bus_read(port, src + off, magic, sizeof(magic));
        if (rc != 0) {
            return rc;
        }
        if (!magic_is(magic, PCD_VALINFO_MAGIC_VALINFO, PCD_VALINFO_MAGIC_COMPAT)) {
            continue;
        }
        uint8_t raw[PCD_VALINFO_SIZE];
        rc = pcd_bus_read(port, src + off, raw, sizeof(raw));
        if (rc != 0) {
            return rc;
        }
        rc = pcd_valinfo_decode(raw, out);
        if (rc != 0) {
            return rc; /* the bytes changed between the two reads */
        }
        out->offset = off;
        return 0;
    }
    return PCD_E_VALINFO_MISSING;
}

static int validate(const struct pcd_port *port, uint32_t src, uint32_t src_len, uint32_t dst,
                    uint32_t part_start, uint32_t part_size, bool with_hash, struct pcd_fwinfo_result *res)
{
    if (port == NULL || part_size == 0u || part_size > UINT32_MAX - part_start ||
        !in_range(dst, part_start, part_size)) {
        return PCD_E_INVAL;
    }
    uint32_t limit = part_start + part_size - dst;
    if (src_len != 0u && src_len < limit) {
        limit = src_len;
    }
    if (limit > UINT32_MAX - src) {
        return PCD_E_INVAL;
    }

    /* Check 1: fw_info at a search offset. */
    struct pcd_fw_info *fi = &res->fwinfo;
    int rc = pcd_fwinfo_find(port, src, limit, fi);
    if (rc != 0) {
        return rc;
    }
    res->fwinfo_valid = true;
    /* Check 2: linked for the destination. */
    if (fi->address != dst) {
        return PCD_E_FWINFO_ADDR;
    }
    /* Check 5: not invalidated. */
    if (fi->valid != PCD_FWINFO_VALID_VAL) {
        return PCD_E_FWINFO_INVALID;
    }
    /* Check 7 (partition form): the firmware fits the partition from dst and the source. */
    if (fi->size == 0u || fi->size > limit) {
        return PCD_E_FWINFO_RANGE;
    }
    /* Check 8: the fw_info itself lies inside the firmware. */
    if (fi->total_size < PCD_FWINFO_SIZE || fi->offset > fi->size ||
        fi->size - fi->offset < fi->total_size) {
        return PCD_E_FWINFO_RANGE;
    }
    /* Check 9: boot address inside the image at its destination. */
    if (!in_range(fi->boot_address, dst, fi->size)) {
        return PCD_E_FWINFO_RANGE;
    }
    /* Check 10: reset vector of the vector table at boot_address inside the image. */
    uint32_t vt_off = fi->boot_address - dst; /* < size: check 9 */
    if (fi->size - vt_off < VT_RESET_OFF + 4u) {
        return PCD_E_FWINFO_RANGE;
    }
    uint8_t word[4];
    rc = pcd_bus_read(port, src + vt_off + VT_RESET_OFF, word, sizeof(word));
    if (rc != 0) {
        return rc;
    }
    res->reset_vector = get_le32(word);
    res->reset_vector_valid = true;
    if (!in_range(res->reset_vector, dst, fi->size)) {
        return PCD_E_FWINFO_RANGE;
    }
    /* Check 11: validation info right after the firmware. */
    rc = valinfo_find(port, src, fi->size, limit, &res->valinfo);
    if (rc != 0) {
        return rc;
    }
    res->valinfo_valid = true;
    /* Check 12. */
    if (res->valinfo.address != fi->address) {
        return PCD_E_VALINFO_ADDR;
    }
    /* Check 13: SHA-256 of the fw_info.size firmware bytes. */
    if (!with_hash) {
        return 0;
    }
    uint8_t buf[FW_CHUNK];
    rc = pcd_hash_range(port, PCD_HASH_BUS, src, fi->size, buf, FW_CHUNK, 0, res->computed_hash, NULL);
    if (rc != 0) {
        return rc;
    }
    res->computed_hash_valid = true;
    uint8_t diff = 0;
    for (uint32_t i = 0; i < PCD_SHA256_LEN; i++) {
        diff |= (uint8_t)(res->computed_hash[i] ^ res->valinfo.hash[i]);
    }
    return diff == 0 ? 0 : PCD_E_VALINFO_HASH;
}

int pcd_fwinfo_validate(const struct pcd_port *port, uint32_t src, uint32_t src_len, uint32_t dst,
                        uint32_t part_start, uint32_t part_size, struct pcd_fwinfo_result *res)
{
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->verdict = validate(port, src, src_len, dst, part_start, part_size, true, res);
    return res->verdict;
}

int pcd_fwinfo_check(const struct pcd_port *port, uint32_t src, uint32_t src_len, uint32_t dst,
                     uint32_t part_start, uint32_t part_size, struct pcd_fwinfo_result *res)
{
    if (res == NULL) {
        return PCD_E_INVAL;
    }
    memset(res, 0, sizeof(*res));
    res->verdict = validate(port, src, src_len, dst, part_start, part_size, false, res);
    return res->verdict;
}
