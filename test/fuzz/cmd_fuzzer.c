/* Fuzz harness: the PCD command block decoder (src/pcd/cmd.c, docs/SPEC.md §1).
 *
 * Input: the bytes of the block in shared RAM (PCD_CMD_BLOCK_SIZE = 0x3C; shorter inputs are
 * padded with 0xFF as erased/garbage RAM, longer ones use the first 0x3C bytes).
 * Oracles (abort() on violation):
 *  - every byte pattern decodes (pcd_cmd_decode never fails) and encode(decode(x)) == x;
 *  - pcd_cmd_load() through a port reading the block word by word gives the same decode,
 *    and refuses misaligned / wrapping block addresses without reading;
 *  - the classifiers are total and consistent: kind_of / magic_name / ext_state agree with the
 *    magic and marker words, reason_of(err_of(r)) == r for every usable reason word, and
 *    pcd_strerror / pcd_describe give a string for whatever code a reason word decodes to. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "pcd/cmd.h"
#include "pcd/err.h"

struct block_port {
    uint8_t wire[PCD_CMD_BLOCK_SIZE];
    uint32_t base;
    unsigned reads;
};

static int block_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    struct block_port *b = ctx;
    b->reads++;
    FUZZ_CHECK(addr % 4u == 0u, "unaligned shared read 0x%08x", addr);
    FUZZ_CHECK(addr >= b->base && addr - b->base < PCD_CMD_BLOCK_SIZE, "read 0x%08x outside the block", addr);
    const uint8_t *p = b->wire + (addr - b->base);
    *val = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    return 0;
}

static const struct pcd_port_ops block_ops = {.shared_read32 = block_read32};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct block_port bp;
    memset(bp.wire, 0xFF, sizeof(bp.wire));
    memcpy(bp.wire, data, size < sizeof(bp.wire) ? size : sizeof(bp.wire));
    /* the block address: the default, or one taken from the input's tail (misaligned, wrapping) */
    bp.base = 0x20000000u;
    if (size >= PCD_CMD_BLOCK_SIZE + 4u) {
        bp.base = le32(data + PCD_CMD_BLOCK_SIZE);
    }
    bp.reads = 0;

    struct pcd_cmd cmd;
    memset(&cmd, 0xA5, sizeof(cmd));
    pcd_cmd_decode(bp.wire, &cmd);
    uint8_t again[PCD_CMD_BLOCK_SIZE];
    pcd_cmd_encode(&cmd, again);
    FUZZ_CHECK(memcmp(again, bp.wire, sizeof(again)) == 0, "encode(decode(x)) != x");
    FUZZ_CHECK(cmd.magic == le32(bp.wire + PCD_CMD_OFF_MAGIC), "magic word");
    FUZZ_CHECK(cmd.src == le32(bp.wire + PCD_CMD_OFF_SRC), "src word");
    FUZZ_CHECK(cmd.len == le32(bp.wire + PCD_CMD_OFF_LEN), "len word");
    FUZZ_CHECK(cmd.dst_off == le32(bp.wire + PCD_CMD_OFF_DST), "dst word");
    FUZZ_CHECK(cmd.ext_marker == le32(bp.wire + PCD_CMD_OFF_EXT), "marker word");
    FUZZ_CHECK(memcmp(cmd.sha256, bp.wire + PCD_CMD_OFF_SHA, PCD_SHA256_LEN) == 0, "sha bytes");
    FUZZ_CHECK(cmd.reason == le32(bp.wire + PCD_CMD_OFF_REASON), "reason word");
    FUZZ_CHECK(cmd.flags == le32(bp.wire + PCD_CMD_OFF_FLAGS), "flags word");

    /* the same block read word by word through a port */
    struct pcd_port port = {&block_ops, &bp};
    struct pcd_cmd loaded;
    memset(&loaded, 0x5A, sizeof(loaded));
    int rc = pcd_cmd_load(&port, bp.base, &loaded);
    const bool usable = bp.base % 4u == 0u && bp.base <= UINT32_MAX - PCD_CMD_BLOCK_SIZE;
    if (usable) {
        FUZZ_CHECK(rc == 0, "load of a usable block address failed: %d", rc);
        FUZZ_CHECK(bp.reads == PCD_CMD_BLOCK_SIZE / 4u, "%u reads", bp.reads);
        uint8_t w2[PCD_CMD_BLOCK_SIZE];
        pcd_cmd_encode(&loaded, w2);
        FUZZ_CHECK(memcmp(w2, bp.wire, sizeof(w2)) == 0, "load != decode");
        uint32_t magic = 0;
        FUZZ_CHECK(pcd_cmd_load_magic(&port, bp.base, &magic) == 0 && magic == cmd.magic, "load_magic");
    } else {
        FUZZ_CHECK(rc == PCD_E_INVAL, "bad block address 0x%08x accepted (%d)", bp.base, rc);
        FUZZ_CHECK(bp.reads == 0, "bad block address read");
    }

    /* classifiers */
    const enum pcd_cmd_kind kind = pcd_cmd_kind_of(cmd.magic);
    const char *name = pcd_cmd_magic_name(cmd.magic);
    FUZZ_CHECK(name != NULL && name[0] != '\0', "magic name");
    switch (kind) {
    case PCD_CMD_COPY: FUZZ_CHECK(cmd.magic == PCD_CMD_MAGIC_COPY, "COPY"); break;
    case PCD_CMD_READ_VERSION: FUZZ_CHECK(cmd.magic == PCD_CMD_MAGIC_READ_VERSION, "READ_VERSION"); break;
    case PCD_CMD_DONE: FUZZ_CHECK(cmd.magic == PCD_CMD_MAGIC_DONE, "DONE"); break;
    case PCD_CMD_FAIL: FUZZ_CHECK(cmd.magic == PCD_CMD_MAGIC_FAIL, "FAIL"); break;
    case PCD_CMD_LOCK_DEBUG: FUZZ_CHECK(cmd.magic == PCD_CMD_MAGIC_LOCK_DEBUG, "LOCK_DEBUG"); break;
    case PCD_CMD_BACKUP: FUZZ_CHECK(cmd.magic == PCD_CMD_MAGIC_BACKUP, "BACKUP"); break;
    case PCD_CMD_NONE:
        FUZZ_CHECK(cmd.magic != PCD_CMD_MAGIC_COPY && cmd.magic != PCD_CMD_MAGIC_READ_VERSION &&
                       cmd.magic != PCD_CMD_MAGIC_DONE && cmd.magic != PCD_CMD_MAGIC_FAIL &&
                       cmd.magic != PCD_CMD_MAGIC_LOCK_DEBUG,
                   "a magic classified as none");
        break;
    default: FUZZ_CHECK(false, "kind %d out of range", (int)kind);
    }
    const enum pcd_cmd_ext_state ext = pcd_cmd_ext_state(&cmd);
    if ((cmd.ext_marker & PCD_CMD_EXT_FAMILY_MASK) != (PCD_CMD_EXT_MARKER_V1 & PCD_CMD_EXT_FAMILY_MASK)) {
        FUZZ_CHECK(ext == PCD_CMD_EXT_ABSENT, "marker 0x%08x", cmd.ext_marker);
    } else {
        FUZZ_CHECK(ext == (cmd.ext_marker == PCD_CMD_EXT_MARKER_V1 ? PCD_CMD_EXT_PRESENT : PCD_CMD_EXT_BAD),
                   "marker 0x%08x", cmd.ext_marker);
    }

    /* reason word <-> error code, and its names (the app side prints them) */
    const int err = pcd_cmd_err_of(cmd.reason);
    FUZZ_CHECK(err < 0, "err_of(0x%08x) = %d", cmd.reason, err);
    if (cmd.reason != 0u && cmd.reason <= 0x7FFFFFFFu) {
        FUZZ_CHECK(pcd_cmd_reason_of(err) == cmd.reason, "reason round trip 0x%08x", cmd.reason);
    }
    const char *s1 = pcd_strerror(err);
    const char *s2 = pcd_describe(err);
    FUZZ_CHECK(s1 != NULL && s2 != NULL && strlen(s1) < 200 && strlen(s2) < 400, "error names");
    (void)pcd_strerror(-(int)(cmd.flags & 0x7FFFFFFFu));
    (void)pcd_describe((int)cmd.flags);
    return 0;
}
