/* The PCD command block: encoding, decoding and word-by-word access through the port.
 * The wire format is documented in pcd/cmd.h and docs/SPEC.md. */
#include "pcd/cmd.h"

#include <string.h>

#define PCD_CMD_WORDS (PCD_CMD_BLOCK_SIZE / 4u)

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* A block address is usable if it is word-aligned and the block does not wrap 32 bits. */
static int block_addr_check(uint32_t block_addr)
{
    if (block_addr % 4u != 0u || block_addr > UINT32_MAX - PCD_CMD_BLOCK_SIZE) {
        return PCD_E_INVAL;
    }
    return 0;
}

enum pcd_cmd_kind pcd_cmd_kind_of(uint32_t magic)
{
    switch (magic) {
    case PCD_CMD_MAGIC_COPY:
        return PCD_CMD_COPY;
    case PCD_CMD_MAGIC_READ_VERSION:
        return PCD_CMD_READ_VERSION;
    case PCD_CMD_MAGIC_DONE:
        return PCD_CMD_DONE;
    case PCD_CMD_MAGIC_LOCK_DEBUG:
        return PCD_CMD_LOCK_DEBUG;
    case PCD_CMD_MAGIC_FAIL:
        return PCD_CMD_FAIL;
    case PCD_CMD_MAGIC_BACKUP:
        return PCD_CMD_BACKUP;
    default:
        return PCD_CMD_NONE;
    }
}

enum pcd_cmd_ext_state pcd_cmd_ext_state(const struct pcd_cmd *cmd)
{
    if ((cmd->ext_marker & PCD_CMD_EXT_FAMILY_MASK) != (PCD_CMD_EXT_MARKER_V1 & PCD_CMD_EXT_FAMILY_MASK)) {
        return PCD_CMD_EXT_ABSENT;
    }
    return cmd->ext_marker == PCD_CMD_EXT_MARKER_V1 ? PCD_CMD_EXT_PRESENT : PCD_CMD_EXT_BAD;
}

void pcd_cmd_make_copy(struct pcd_cmd *cmd, uint32_t src, uint32_t len, uint32_t dst_off,
                       const uint8_t sha256[PCD_SHA256_LEN])
{
    memset(cmd, 0, sizeof(*cmd));
    cmd->magic = PCD_CMD_MAGIC_COPY;
    cmd->src = src;
    cmd->len = len;
    cmd->dst_off = dst_off;
    cmd->ext_marker = PCD_CMD_EXT_MARKER_V1;
    memcpy(cmd->sha256, sha256, PCD_SHA256_LEN);
}

void pcd_cmd_make_read_version(struct pcd_cmd *cmd, uint32_t buf, uint32_t len, uint32_t dst_off)
{
    memset(cmd, 0, sizeof(*cmd));
    cmd->magic = PCD_CMD_MAGIC_READ_VERSION;
    cmd->src = buf;
    cmd->len = len;
    cmd->dst_off = dst_off;
}

void pcd_cmd_make_backup(struct pcd_cmd *cmd, uint32_t window, uint32_t len, uint32_t offset)
{
    memset(cmd, 0, sizeof(*cmd));
    cmd->magic = PCD_CMD_MAGIC_BACKUP;
    cmd->src = window;
    cmd->len = len;
    cmd->dst_off = offset;
    cmd->ext_marker = PCD_CMD_EXT_MARKER_V1;
}

void pcd_cmd_encode(const struct pcd_cmd *cmd, uint8_t out[PCD_CMD_BLOCK_SIZE])
{
    put_le32(out + PCD_CMD_OFF_MAGIC, cmd->magic);
    put_le32(out + PCD_CMD_OFF_SRC, cmd->src);
    put_le32(out + PCD_CMD_OFF_LEN, cmd->len);
    put_le32(out + PCD_CMD_OFF_DST, cmd->dst_off);
    put_le32(out + PCD_CMD_OFF_EXT, cmd->ext_marker);
    memcpy(out + PCD_CMD_OFF_SHA, cmd->sha256, PCD_SHA256_LEN);
    put_le32(out + PCD_CMD_OFF_REASON, cmd->reason);
    put_le32(out + PCD_CMD_OFF_FLAGS, cmd->flags);
}

void pcd_cmd_decode(const uint8_t in[PCD_CMD_BLOCK_SIZE], struct pcd_cmd *cmd)
{
    cmd->magic = get_le32(in + PCD_CMD_OFF_MAGIC);
    cmd->src = get_le32(in + PCD_CMD_OFF_SRC);
    cmd->len = get_le32(in + PCD_CMD_OFF_LEN);
    cmd->dst_off = get_le32(in + PCD_CMD_OFF_DST);
    cmd->ext_marker = get_le32(in + PCD_CMD_OFF_EXT);
    memcpy(cmd->sha256, in + PCD_CMD_OFF_SHA, PCD_SHA256_LEN);
    cmd->reason = get_le32(in + PCD_CMD_OFF_REASON);
    cmd->flags = get_le32(in + PCD_CMD_OFF_FLAGS);
}

int pcd_cmd_load(const struct pcd_port *port, uint32_t block_addr, struct pcd_cmd *cmd)
{
    uint8_t wire[PCD_CMD_BLOCK_SIZE];
    int rc = block_addr_check(block_addr);
    if (rc != 0) {
        return rc;
    }
    for (uint32_t i = 0; i < PCD_CMD_WORDS; i++) {
        uint32_t word;
        rc = pcd_shared_read32(port, block_addr + 4u * i, &word);
        if (rc != 0) {
            return rc;
        }
        put_le32(wire + 4u * i, word);
    }
    pcd_cmd_decode(wire, cmd);
    return 0;
}

int pcd_cmd_load_magic(const struct pcd_port *port, uint32_t block_addr, uint32_t *magic)
{
    int rc = block_addr_check(block_addr);
    if (rc != 0) {
        return rc;
    }
    return pcd_shared_read32(port, block_addr + PCD_CMD_OFF_MAGIC, magic);
}

int pcd_cmd_store_request(const struct pcd_port *port, uint32_t block_addr, const struct pcd_cmd *cmd)
{
    uint8_t wire[PCD_CMD_BLOCK_SIZE];
    int rc = block_addr_check(block_addr);
    if (rc != 0) {
        return rc;
    }
    pcd_cmd_encode(cmd, wire);
    /* Everything but the magic first, so that the block never holds a command with stale fields. */
    for (uint32_t i = 1; i < PCD_CMD_WORDS; i++) {
        rc = pcd_shared_write32(port, block_addr + 4u * i, get_le32(wire + 4u * i));
        if (rc != 0) {
            return rc;
        }
    }
    return pcd_shared_write32(port, block_addr + PCD_CMD_OFF_MAGIC, cmd->magic);
}

int pcd_cmd_store_answer(const struct pcd_port *port, uint32_t block_addr, uint32_t magic, int err,
                         uint32_t flags)
{
    int rc = block_addr_check(block_addr);
    if (rc != 0) {
        return rc;
    }
    if (magic != PCD_CMD_MAGIC_DONE && magic != PCD_CMD_MAGIC_FAIL) {
        return PCD_E_INVAL;
    }
    rc = pcd_shared_write32(port, block_addr + PCD_CMD_OFF_REASON, pcd_cmd_reason_of(err));
    if (rc != 0) {
        return rc;
    }
    rc = pcd_shared_write32(port, block_addr + PCD_CMD_OFF_FLAGS, flags);
    if (rc != 0) {
        return rc;
    }
    /* B0N-REPORT: the magic is the last word written. */
    return pcd_shared_write32(port, block_addr + PCD_CMD_OFF_MAGIC, magic);
}

int pcd_cmd_store_len(const struct pcd_port *port, uint32_t block_addr, uint32_t len)
{
    int rc = block_addr_check(block_addr);
    if (rc != 0) {
        return rc;
    }
    return pcd_shared_write32(port, block_addr + PCD_CMD_OFF_LEN, len);
}

int pcd_cmd_withdraw(const struct pcd_port *port, uint32_t block_addr)
{
    int rc = block_addr_check(block_addr);
    if (rc != 0) {
        return rc;
    }
    return pcd_shared_write32(port, block_addr + PCD_CMD_OFF_MAGIC, PCD_CMD_MAGIC_FAIL);
}

uint32_t pcd_cmd_reason_of(int err)
{
    if (err >= 0) {
        return 0u;
    }
    /* Error codes are small negative numbers; -(INT_MIN) never occurs but stays defined here. */
    return (uint32_t)0u - (uint32_t)err;
}

int pcd_cmd_err_of(uint32_t reason)
{
    if (reason == 0u || reason > 0x7FFFFFFFu) {
        return PCD_E_NET_FAIL;
    }
    return -(int)reason;
}

const char *pcd_cmd_magic_name(uint32_t magic)
{
    switch (pcd_cmd_kind_of(magic)) {
    case PCD_CMD_COPY:
        return "COPY";
    case PCD_CMD_READ_VERSION:
        return "READ_VERSION";
    case PCD_CMD_DONE:
        return "DONE";
    case PCD_CMD_FAIL:
        return "FAIL";
    case PCD_CMD_LOCK_DEBUG:
        return "LOCK_DEBUG";
    case PCD_CMD_BACKUP:
        return "BACKUP";
    case PCD_CMD_NONE:
    default:
        return "none";
    }
}
