/* The commands B0N found, recorded as they happen for the requirement checks (req_checks.c):
 * the block as B0N saw it (read from the memory, not from B0N's own report), the network-flash
 * operations until its answer, and -- only when the scenario names the requirement -- whether the
 * source and, at a DONE, the destination hash to the command's expected SHA-256. */
#include <string.h>

#include "runner_internal.h"

static uint64_t net_flash_ops(struct run_state *st)
{
    struct fm_stats s;
    if (fm_stats(st->fm, FM_NRF_NET_FLASH, &s) != 0) {
        return 0;
    }
    return s.prog_ops + s.erases;
}

/* SHA-256 of @p len bytes at @p off of device @p dev compared with @p want: 1 equal, 0 different,
 * -1 not computed (out of range, crypto failure). */
static int8_t hashes_to(struct run_state *st, int dev, uint32_t off, uint32_t len, const uint8_t *want)
{
    const uint8_t *p = len != 0u ? fm_view(st->fm, dev, off, len) : NULL;
    struct pcd_sha256 h;
    uint8_t got[PCD_SHA256_LEN];
    if (p == NULL || pcd_sha256_init(&h) != 0) {
        return -1;
    }
    if (pcd_sha256_update(&h, p, len) != 0) {
        pcd_sha256_drop(&h);
        return -1;
    }
    return pcd_sha256_final(&h, got) == 0 ? (int8_t)(memcmp(got, want, PCD_SHA256_LEN) == 0) : -1;
}

/* The command's source, an app-core bus address in app flash or app SRAM (what the network core
 * may read), against its expected SHA-256; -1 for any other source. */
static int8_t source_matches(struct run_state *st, const struct pcd_cmd *c)
{
    const uint32_t a = c->src, n = c->len;
    if (a < FM_NRF_APP_FLASH_SIZE && n <= FM_NRF_APP_FLASH_SIZE - a) {
        return hashes_to(st, FM_NRF_APP_FLASH, a, n, c->sha256);
    }
    if (a >= FM_NRF_APP_SRAM_BASE && a - FM_NRF_APP_SRAM_BASE < FM_NRF_APP_SRAM_SIZE &&
        n <= FM_NRF_APP_SRAM_SIZE - (a - FM_NRF_APP_SRAM_BASE)) {
        return hashes_to(st, FM_NRF_APP_SRAM, a - FM_NRF_APP_SRAM_BASE, n, c->sha256);
    }
    return -1;
}

void run_cmd_seen(struct run_state *st)
{
    if (st->br.n_cmds == RUN_MAX_CMDS) {
        return;
    }
    struct cmd_record *r = &st->br.cmds[st->br.n_cmds++];
    memset(r, 0, sizeof(*r));
    uint8_t raw[PCD_CMD_BLOCK_SIZE];
    const uint32_t off = st->cfg->soc.pcd_sram_addr - FM_NRF_APP_SRAM_BASE;
    if (fm_peek(st->fm, FM_NRF_APP_SRAM, off, raw, sizeof(raw)) != 0) {
        memset(raw, 0, sizeof(raw));
    }
    pcd_cmd_decode(raw, &r->cmd);
    r->net_ops_seen = net_flash_ops(st);
    r->src_matches = r->dst_matches = r->pad_ok = -1;
    if (pcd_cmd_kind_of(r->cmd.magic) == PCD_CMD_COPY && r->cmd.ext_marker == PCD_CMD_EXT_MARKER_V1 &&
        run_names_requirement(st->cfg, "B0N-SRC-SHA")) {
        r->src_matches = source_matches(st, &r->cmd);
    }
}

void run_cmd_answered(struct run_state *st, uint32_t magic)
{
    if (st->br.n_cmds == 0 || st->br.cmds[st->br.n_cmds - 1].answer != 0) {
        return; /* an answer without a command seen (e.g. B0N's READ_VERSION path), or a second one */
    }
    struct cmd_record *r = &st->br.cmds[st->br.n_cmds - 1];
    r->answer = magic;
    r->net_ops_answer = net_flash_ops(st);
    const struct pcd_cmd *c = &r->cmd;
    const uint32_t end = c->dst_off + c->len, word_end = end + (4u - end % 4u) % 4u;
    if (magic == PCD_CMD_MAGIC_DONE && pcd_cmd_kind_of(c->magic) == PCD_CMD_COPY && c->dst_off < FM_NRF_NET_FLASH_SIZE &&
        end > c->dst_off && word_end <= FM_NRF_NET_FLASH_SIZE) {
        uint8_t pad[4] = {0xFF, 0xFF, 0xFF, 0xFF};
        r->pad_ok = (int8_t)(word_end == end || (fm_peek(st->fm, FM_NRF_NET_FLASH, end, pad, word_end - end) == 0 &&
                                                 memcmp(pad, "\xff\xff\xff\xff", word_end - end) == 0));
    }
    if (magic == PCD_CMD_MAGIC_DONE && pcd_cmd_kind_of(c->magic) == PCD_CMD_COPY &&
        c->ext_marker == PCD_CMD_EXT_MARKER_V1 && c->dst_off < FM_NRF_NET_FLASH_SIZE &&
        c->len <= FM_NRF_NET_FLASH_SIZE - c->dst_off && run_names_requirement(st->cfg, "B0N-DST-SHA")) {
        r->dst_matches = hashes_to(st, FM_NRF_NET_FLASH, c->dst_off, c->len, c->sha256);
    }
}

void run_cmd_erase(struct run_state *st, uint32_t off)
{
    if (st->br.n_cmds == 0 || st->br.cmds[st->br.n_cmds - 1].answer != 0) {
        return; /* not while B0N handles a command */
    }
    struct cmd_record *r = &st->br.cmds[st->br.n_cmds - 1];
    const uint32_t page = off / FM_NRF_NET_FLASH_PAGE;
    const uint64_t first = r->cmd.dst_off - r->cmd.dst_off % FM_NRF_NET_FLASH_PAGE;
    const uint64_t end = (uint64_t)r->cmd.dst_off + r->cmd.len;
    r->erases++;
    if (off < first || off >= end || r->cmd.len == 0u) {
        if (r->erases_outside++ == 0) {
            r->first_outside = off;
        }
    }
    if (page / 8u < sizeof(r->erased)) {
        if (r->erased[page / 8u] & (1u << (page % 8u))) {
            r->erases_again++;
        }
        r->erased[page / 8u] |= (uint8_t)(1u << (page % 8u));
    }
}
