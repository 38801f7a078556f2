/* Fuzz harness: B0N (src/pcd/b0n.c) run against an arbitrary PCD command block and arbitrary
 * source memory, on the emulated nRF5340 (src/flashmodel) through the test port (test/support).
 *
 * Input:
 *   [0x00, 0x3C)  the PCD command block as the application core (or garbage) left it in shared
 *                 RAM at 0x20000000 (docs/SPEC.md §1.2); shorter inputs are padded with 0xFF
 *   [0x3C]        control: bit 0 = fill the block's sha256 with the SHA-256 of the source bytes
 *                 at [src, src + len) (what an honest app side writes; lets the fuzzer reach the
 *                 copy), bit 1 = set the extension marker to version 1, bits 2-3 = net-flash
 *                 defect (1 programs/erases fail, 2 programs silently dropped), bits 4-5 = power
 *                 cut (1 before, 2 torn, 3 after an operation), bit 6 = the net app partition
 *                 starts erased (no current image), bit 7 = the source bytes go to the start of
 *                 the net app partition instead (the current image B0N validates at boot and for
 *                 READ_VERSION)
 *   [0x3D, 0x3F)  defect: first net-flash page, number of pages
 *   [0x3F, 0x41)  power cut: flash operation number (counted from B0N's first operation)
 *   [0x41]        tear mode (enum fm_tear_mode)
 *   [0x42, ...)   source bytes, placed at `src` in app flash or app SRAM (clipped to the memory;
 *                 nowhere if `src` is elsewhere); the block is written after them and wins where
 *                 they overlap
 *
 * One system is built once (container filled with a pattern, the fixture net-core app v1 in the
 * app partition) and snapshotted; each input starts from the snapshot (O(changed pages)).
 *
 * Requirements whose bad-input side this checks: B0N-CHECK-CMD, B0N-SRC-SHA, B0N-COPY,
 * B0N-DST-SHA, B0N-REPORT, B0N-SELF-PROTECT, SYS-FLASH-RULES.
 *
 * Oracles (abort() on violation):
 *  - every write B0N makes goes through a checking port: a flash erase or program only inside the
 *    net-core app partition *and* inside the command's destination [dst, dst + len) rounded out
 *    to whole pages; shared-RAM writes only to the answer words of the block (magic, reason,
 *    flags; len for READ_VERSION; len and sha256 for BACKUP); a bus write only to READ_VERSION's
 *    4-byte buffer or inside BACKUP's window [src, src + len); nothing at all without a command;
 *  - after the run the B0N container is byte-identical, app flash / QSPI are untouched, no flash
 *    rule was broken;
 *  - DONE for a COPY: the destination [dst, dst + len) hashes to the expected value (the block's
 *    sha256 with the extension; the SHA-256 of the source as it was before the run without it),
 *    computed independently with OpenSSL;
 *  - an answer written is DONE or FAIL as the outcome says, a FAIL carries its reason, and a
 *    changed app partition is reported as DST_MODIFIED;
 *  - B0N-SRC-BOOTABLE agrees with a separate run of pcd_fwinfo_validate() over a copy of the
 *    source taken before the run (B0N hashes the source and its firmware part in one pass, the
 *    validator on its own) and with OpenSSL's SHA-256 of the firmware: a COPY answered DONE whose
 *    source carries fw_info (or that has no extension) validates; one refused as not bootable
 *    fails validation with the same verdict. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "flashmodel/flashmodel.h"
#include "flashmodel/nrf5340.h"
#include "fuzz_util.h"
#include "pcd/b0n.h"
#include "pcd/cmd.h"
#include "pcd/fwinfo.h"
#include "pcdsim/bufport.h"
#include "testsupport/testport.h"

#define HDR_SIZE 0x42u
#define PAGE FM_NRF_NET_FLASH_PAGE

static struct tp_sys g_tp;
static struct fm_snapshot *g_snap; /* container + the fixture net app v1 */
static uint8_t g_container[0x8800];
static const struct pcd_port_ops *g_inner;
static bool g_verbose; /* PCDSIM_FUZZ_VERBOSE=1: one line per input */

/* What the current input allows B0N to write. */
static struct {
    enum pcd_cmd_kind kind;
    struct pcd_cmd cmd;
    uint32_t flash_lo, flash_hi; /* net-flash offsets B0N may erase / program */
    uint32_t pcd;                /* block address */
} g_allow;

static void *inner_ctx(void)
{
    return g_tp.net_port.ctx;
}

static bool is_cmd(enum pcd_cmd_kind k)
{
    return k == PCD_CMD_COPY || k == PCD_CMD_READ_VERSION || k == PCD_CMD_LOCK_DEBUG || k == PCD_CMD_BACKUP;
}

static void check_flash(const char *what, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    FUZZ_CHECK(g_allow.kind == PCD_CMD_COPY, "%s without a COPY command (kind %d)", what, (int)g_allow.kind);
    FUZZ_CHECK(mem == PCD_MEM_NET_FLASH, "%s of memory %d", what, (int)mem);
    FUZZ_CHECK(off >= g_allow.flash_lo && len <= g_allow.flash_hi - off && off <= g_allow.flash_hi,
               "%s [0x%x, +0x%x) outside the allowed net-flash range [0x%x, 0x%x) (dst 0x%x len 0x%x)", what, off,
               len, g_allow.flash_lo, g_allow.flash_hi, g_allow.cmd.dst_off, g_allow.cmd.len);
}

static int w_mem_info(void *c, enum pcd_mem m, struct pcd_mem_info *o)
{
    (void)c;
    return g_inner->mem_info(inner_ctx(), m, o);
}
static int w_flash_read(void *c, enum pcd_mem m, uint32_t off, void *b, uint32_t n)
{
    (void)c;
    return g_inner->flash_read(inner_ctx(), m, off, b, n);
}
static int w_flash_program(void *c, enum pcd_mem m, uint32_t off, const void *b, uint32_t n)
{
    (void)c;
    check_flash("program", m, off, n);
    return g_inner->flash_program(inner_ctx(), m, off, b, n);
}
static int w_flash_erase(void *c, enum pcd_mem m, uint32_t off, uint32_t n)
{
    (void)c;
    check_flash("erase", m, off, n);
    return g_inner->flash_erase(inner_ctx(), m, off, n);
}
static int w_bus_read(void *c, uint32_t a, void *b, uint32_t n)
{
    (void)c;
    return g_inner->bus_read(inner_ctx(), a, b, n);
}
static int w_bus_write(void *c, uint32_t a, const void *b, uint32_t n)
{
    (void)c;
    const bool backup = g_allow.kind == PCD_CMD_BACKUP && a >= g_allow.cmd.src &&
                        a - g_allow.cmd.src <= g_allow.cmd.len && n <= g_allow.cmd.len - (a - g_allow.cmd.src);
    FUZZ_CHECK((g_allow.kind == PCD_CMD_READ_VERSION && a == g_allow.cmd.src && n == 4u) || backup,
               "bus write [0x%08x, +%u) (kind %d, src 0x%08x)", a, n, (int)g_allow.kind, g_allow.cmd.src);
    return g_inner->bus_write(inner_ctx(), a, b, n);
}
static int w_shared_read32(void *c, uint32_t a, uint32_t *v)
{
    (void)c;
    return g_inner->shared_read32(inner_ctx(), a, v);
}
static int w_shared_write32(void *c, uint32_t a, uint32_t v)
{
    (void)c;
    const uint32_t o = a - g_allow.pcd;
    FUZZ_CHECK(is_cmd(g_allow.kind), "shared write 0x%08x without a command", a);
    const bool backup = g_allow.kind == PCD_CMD_BACKUP &&
                        (o == PCD_CMD_OFF_LEN || (o >= PCD_CMD_OFF_SHA && o < PCD_CMD_OFF_SHA + PCD_SHA256_LEN));
    FUZZ_CHECK(a >= g_allow.pcd && (o == PCD_CMD_OFF_MAGIC || o == PCD_CMD_OFF_REASON || o == PCD_CMD_OFF_FLAGS ||
                                    (o == PCD_CMD_OFF_LEN && g_allow.kind == PCD_CMD_READ_VERSION) || backup),
               "shared write to 0x%08x", a);
    if (o == PCD_CMD_OFF_MAGIC) {
        FUZZ_CHECK(v == PCD_CMD_MAGIC_DONE || v == PCD_CMD_MAGIC_FAIL, "answer magic 0x%08x", v);
    }
    return g_inner->shared_write32(inner_ctx(), a, v);
}
static int w_netcore_force_off(void *c, bool hold)
{
    (void)c;
    (void)hold;
    FUZZ_CHECK(false, "B0N used RESET.NETWORK.FORCEOFF");
    return PCD_E_UNSUPPORTED;
}
static int w_spu_lock_ram(void *c, uint32_t a, uint32_t n)
{
    (void)c;
    FUZZ_CHECK(false, "B0N locked RAM 0x%08x +%u", a, n);
    return PCD_E_UNSUPPORTED;
}
static int w_delay_us(void *c, uint64_t us)
{
    (void)c;
    return g_inner->delay_us(inner_ctx(), us);
}
static int w_signal(void *c)
{
    (void)c;
    return g_inner->signal(inner_ctx());
}
static void w_boot(void *c, uint32_t vtor)
{
    (void)c;
    g_inner->boot(inner_ctx(), vtor);
}
static void w_stop(void *c)
{
    (void)c;
    g_inner->stop(inner_ctx());
}
static void w_log(void *c, enum pcd_log_level l, const char *fmt, va_list ap)
{
    (void)c;
    g_inner->log(inner_ctx(), l, fmt, ap);
}
static void w_trace(void *c, enum pcd_trace e, uint32_t arg)
{
    (void)c;
    if (g_inner->trace) {
        g_inner->trace(inner_ctx(), e, arg);
    }
}

static const struct pcd_port_ops g_checking_ops = {
    .mem_info = w_mem_info,
    .flash_read = w_flash_read,
    .flash_program = w_flash_program,
    .flash_erase = w_flash_erase,
    .bus_read = w_bus_read,
    .bus_write = w_bus_write,
    .shared_read32 = w_shared_read32,
    .shared_write32 = w_shared_write32,
    .netcore_force_off = w_netcore_force_off,
    .spu_lock_ram = w_spu_lock_ram,
    .delay_us = w_delay_us,
    .poll_word = NULL,
    .signal = w_signal,
    .boot = w_boot,
    .stop = w_stop,
    .log = w_log,
    .trace = w_trace,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (tp_sys_init(&g_tp, NULL, 0xf022) != 0) {
        abort();
    }
    g_inner = g_tp.net_port.ops;
    g_verbose = fuzz_sink() == stderr;
    for (uint32_t i = 0; i < sizeof(g_container); i++) {
        g_container[i] = (uint8_t)(i * 7u + (i >> 8) + 0x5Au);
    }
    const struct pcd_b0n_config *cfg = &g_tp.b0n_cfg;
    FUZZ_CHECK(cfg->container_addr == FM_NRF_NET_FLASH_BASE && cfg->container_size == sizeof(g_container), "config");
    if (fm_load(g_tp.fm, FM_NRF_NET_FLASH, 0, g_container, sizeof(g_container)) != 0 ||
        fm_snapshot_create(g_tp.fm, &g_snap) != 0) {
        abort();
    }
    char path[1024];
    fuzz_fixture_path(path, sizeof(path), "raw/net-v1-32k-ncs.bin");
    if (tp_load_file(&g_tp, FM_NRF_NET_FLASH, cfg->app_addr - FM_NRF_NET_FLASH_BASE, path, NULL) != 0) {
        fprintf(stderr, "b0n_fuzzer: cannot load %s (set PCDSIM_SHARED_DIR)\n", path);
        abort();
    }
    fm_stats_reset(g_tp.fm);
    fm_records_clear(g_tp.fm);
    fm_snapshot_take(g_tp.fm, g_snap);
    return 0;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* (device, offset) of bus range [addr, addr + len) when it lies inside app flash or app SRAM. */
static bool app_range(uint32_t addr, uint32_t len, int *dev, uint32_t *off)
{
    if (addr < FM_NRF_APP_FLASH_SIZE && len <= FM_NRF_APP_FLASH_SIZE - addr) {
        *dev = FM_NRF_APP_FLASH;
        *off = addr;
        return true;
    }
    if (addr >= FM_NRF_APP_SRAM_BASE && addr - FM_NRF_APP_SRAM_BASE < FM_NRF_APP_SRAM_SIZE &&
        len <= FM_NRF_APP_SRAM_SIZE - (addr - FM_NRF_APP_SRAM_BASE)) {
        *dev = FM_NRF_APP_SRAM;
        *off = addr - FM_NRF_APP_SRAM_BASE;
        return true;
    }
    return false;
}

/* Place the source bytes at src (clipped to the memory holding it). */
static void place_source(uint32_t src, const uint8_t *b, size_t n)
{
    int dev;
    uint32_t off;
    if (n == 0 || !app_range(src, 1, &dev, &off)) {
        return;
    }
    const struct fm_device_desc *dd = fm_dev_desc(g_tp.fm, dev);
    uint32_t room = dd->size - off;
    uint32_t len = n < room ? (uint32_t)n : room;
    FUZZ_CHECK(fm_load(g_tp.fm, dev, off, b, len) == 0, "placing the source");
}

static bool sha_of_app_range(uint32_t addr, uint32_t len, uint8_t out[32])
{
    int dev;
    uint32_t off;
    if (len == 0 || len > g_tp.b0n_cfg.app_size || !app_range(addr, len, &dev, &off)) {
        return false;
    }
    const uint8_t *v = fm_view(g_tp.fm, dev, off, len);
    FUZZ_CHECK(v != NULL, "fm_view");
    SHA256(v, len, out);
    return true;
}

/* B0N-SRC-BOOTABLE against the validator run separately over the pre-run copy of the source. */
static void check_bootable(const struct pcd_cmd *cmd, const struct pcd_b0n_config *cfg, const struct pcd_b0n_result *res,
                           const uint8_t *src_copy)
{
    const bool done = res->outcome == PCD_B0N_CMD_DONE;
    const bool not_bootable = res->outcome == PCD_B0N_CMD_FAIL && res->reason == PCD_E_NOT_BOOTABLE;
    if (!done && !not_bootable) {
        return;
    }
    struct pcdsim_bufport bp;
    FUZZ_CHECK(pcdsim_bufport_init(&bp, src_copy, cmd->len, PCD_MEM_APP_FLASH, cmd->src) == 0, "bufport");
    struct pcd_fwinfo_result fr;
    const uint32_t dst = FM_NRF_NET_FLASH_BASE + cmd->dst_off;
    const int v = pcd_fwinfo_validate(&bp.port, cmd->src, cmd->len, dst, cfg->app_addr, cfg->app_size, &fr);
    bool hash_ok = false;
    if (fr.fwinfo_valid && fr.valinfo_valid && fr.fwinfo.size <= cmd->len) {
        uint8_t sha[32];
        SHA256(src_copy, fr.fwinfo.size, sha);
        hash_ok = memcmp(sha, fr.valinfo.hash, 32) == 0;
    }
    if (done) {
        /* with or without the extension: a source without fw_info is never copied (facts errata) */
        FUZZ_CHECK(v == 0 && hash_ok, "DONE for a source that would not boot at 0x%08x (%s)", dst, pcd_strerror(v));
    } else {
        FUZZ_CHECK(v != 0 && v == res->detail, "refused as not bootable (%s), the validator says %s",
                   pcd_strerror(res->detail), pcd_strerror(v));
        if (v == PCD_E_VALINFO_HASH) {
            FUZZ_CHECK(!hash_ok, "refused for its validation hash, which matches");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > HDR_SIZE + 0x40000u) {
        return 0;
    }
    uint8_t hdr[HDR_SIZE];
    memset(hdr, 0xFF, sizeof(hdr));
    memcpy(hdr, data, size < sizeof(hdr) ? size : sizeof(hdr));
    const uint8_t ctl = size > PCD_CMD_BLOCK_SIZE ? hdr[0x3C] : 0u;
    const uint8_t *src_bytes = size > HDR_SIZE ? data + HDR_SIZE : NULL;
    const size_t src_n = size > HDR_SIZE ? size - HDR_SIZE : 0;

    /* start from the snapshot (always the same one: O(pages changed by the last input)) */
    fm_snapshot_restore(g_tp.fm, g_snap);
    fm_stats_reset(g_tp.fm);
    fm_records_clear(g_tp.fm);
    tp_reset_records(&g_tp);
    tp_disarm_cut(&g_tp);
    tp_set_net_fault(&g_tp, TP_FAULT_NONE, 0, 0);
    const struct pcd_b0n_config *cfg = &g_tp.b0n_cfg;
    const uint32_t app_off = cfg->app_addr - FM_NRF_NET_FLASH_BASE;
    if (ctl & 0x40u) {
        FUZZ_CHECK(tp_fill_erased(&g_tp, FM_NRF_NET_FLASH, app_off, cfg->app_size) == 0, "erase");
    }
    if ((ctl & 0x80u) && src_n > 0) {
        const uint32_t n = src_n < cfg->app_size ? (uint32_t)src_n : cfg->app_size;
        FUZZ_CHECK(fm_load(g_tp.fm, FM_NRF_NET_FLASH, app_off, src_bytes, n) == 0, "net app");
    }

    /* the block and the source */
    struct pcd_cmd cmd;
    pcd_cmd_decode(hdr, &cmd);
    if (ctl & 0x02u) {
        cmd.ext_marker = PCD_CMD_EXT_MARKER_V1;
    }
    if (!(ctl & 0x80u)) {
        place_source(cmd.src, src_bytes, src_n);
    }
    if (ctl & 0x01u) {
        (void)sha_of_app_range(cmd.src, cmd.len, cmd.sha256);
    }
    uint8_t wire[PCD_CMD_BLOCK_SIZE];
    pcd_cmd_encode(&cmd, wire);
    FUZZ_CHECK(fm_load(g_tp.fm, FM_NRF_APP_SRAM, cfg->pcd_sram_addr - FM_NRF_APP_SRAM_BASE, wire, sizeof(wire)) == 0,
               "block");
    uint8_t src_sha[32];
    const bool src_sha_ok = sha_of_app_range(cmd.src, cmd.len, src_sha);
    uint8_t *src_copy = NULL; /* the source as B0N will read it, for the bootability oracle */
    if (pcd_cmd_kind_of(cmd.magic) == PCD_CMD_COPY && src_sha_ok) {
        int dev = 0;
        uint32_t off = 0;
        (void)app_range(cmd.src, cmd.len, &dev, &off);
        src_copy = malloc(cmd.len);
        FUZZ_CHECK(src_copy != NULL && fm_peek(g_tp.fm, dev, off, src_copy, cmd.len) == 0, "source copy");
    }

    /* defects and power cuts */
    const unsigned fault = (ctl >> 2) & 3u;
    if (fault == 1u || fault == 2u) {
        const uint32_t pages = FM_NRF_NET_FLASH_SIZE / PAGE;
        const uint32_t first = hdr[0x3D] % pages;
        uint32_t n = (hdr[0x3E] & 7u) + 1u;
        n = n < pages - first ? n : pages - first;
        tp_set_net_fault(&g_tp, fault == 1u ? TP_FAULT_ERROR : TP_FAULT_DROP, first * PAGE, n * PAGE);
    }
    const unsigned cut = (ctl >> 4) & 3u;
    if (cut != 0u) {
        static const enum fm_fault_action actions[4] = {FM_FAULT_NONE, FM_FAULT_CUT_BEFORE, FM_FAULT_TEAR,
                                                        FM_FAULT_CUT_AFTER};
        tp_arm_cut(&g_tp, fm_next_seq(g_tp.fm) + (hdr[0x3F] | ((uint32_t)hdr[0x40] << 8)), actions[cut]);
        g_tp.cut.tear.mode = (enum fm_tear_mode)(hdr[0x41] & 3u);
        g_tp.cut.tear.seed = le32(hdr + 0x3C) ^ 0x9e3779b9u;
    }

    /* what B0N may write */
    memset(&g_allow, 0, sizeof(g_allow));
    g_allow.cmd = cmd;
    g_allow.kind = pcd_cmd_kind_of(cmd.magic);
    g_allow.pcd = cfg->pcd_sram_addr;
    {
        const uint32_t app_lo = cfg->app_addr - FM_NRF_NET_FLASH_BASE;
        const uint64_t app_hi = (uint64_t)app_lo + cfg->app_size;
        uint64_t lo = cmd.dst_off - cmd.dst_off % PAGE;
        uint64_t hi = (uint64_t)cmd.dst_off + cmd.len;
        hi = (hi + PAGE - 1u) / PAGE * PAGE;
        lo = lo < app_lo ? app_lo : lo;
        hi = hi > app_hi ? app_hi : hi;
        g_allow.flash_lo = (uint32_t)lo;
        g_allow.flash_hi = hi > lo ? (uint32_t)hi : (uint32_t)lo;
    }

    /* run */
    struct pcd_port port = {&g_checking_ops, NULL};
    struct pcd_b0n_result res;
    memset(&res, 0xA5, sizeof(res));
    int rc = pcd_b0n_run(cfg, &port, &res);
    FUZZ_CHECK(rc <= 0, "positive return %d", rc);
    if (g_verbose) {
        fprintf(stderr, "b0n: magic 0x%08x src 0x%08x len 0x%x dst 0x%x -> %s, reason %s, detail %s, %u pages erased\n",
                cmd.magic, cmd.src, cmd.len, cmd.dst_off, pcd_b0n_outcome_name(res.outcome), pcd_strerror(res.reason),
                pcd_strerror(res.detail), res.pages_erased);
    }

    /* the container, the other memories, the flash rules */
    const uint8_t *cont = fm_view(g_tp.fm, FM_NRF_NET_FLASH, 0, sizeof(g_container));
    FUZZ_CHECK(cont != NULL && memcmp(cont, g_container, sizeof(g_container)) == 0, "B0N container changed");
    FUZZ_CHECK(fm_pages_touched(g_tp.fm, FM_NRF_APP_FLASH, NULL, 0) == 0, "app flash written");
    FUZZ_CHECK(fm_pages_touched(g_tp.fm, FM_NRF_QSPI, NULL, 0) == 0, "QSPI written");
    uint64_t total = 0;
    unsigned nrec = 0;
    const struct fm_record *rec = fm_records(g_tp.fm, &total, &nrec);
    for (unsigned i = 0; i < nrec; i++) {
        FUZZ_CHECK(rec[i].kind != FM_REC_VIOLATION, "flash rule broken: %s at dev %d off 0x%x", fm_strerror(rec[i].err),
                   rec[i].dev, rec[i].addr);
    }

    /* the answer */
    const bool answered = res.outcome == PCD_B0N_CMD_DONE || res.outcome == PCD_B0N_CMD_FAIL;
    const uint32_t net_touched = fm_pages_touched(g_tp.fm, FM_NRF_NET_FLASH, NULL, 0);
    if (!is_cmd(g_allow.kind)) {
        FUZZ_CHECK(!answered && !res.cmd_seen, "answered without a command (outcome %d)", (int)res.outcome);
        FUZZ_CHECK(net_touched == 0, "net flash written without a command");
    }
    if (answered && rc == 0) {
        uint8_t now[PCD_CMD_BLOCK_SIZE];
        FUZZ_CHECK(fm_peek(g_tp.fm, FM_NRF_APP_SRAM, cfg->pcd_sram_addr - FM_NRF_APP_SRAM_BASE, now, sizeof(now)) == 0,
                   "peek");
        struct pcd_cmd ans;
        pcd_cmd_decode(now, &ans);
        FUZZ_CHECK(ans.magic == (res.outcome == PCD_B0N_CMD_DONE ? PCD_CMD_MAGIC_DONE : PCD_CMD_MAGIC_FAIL),
                   "answer 0x%08x, outcome %d", ans.magic, (int)res.outcome);
        if (net_touched != 0) {
            FUZZ_CHECK(ans.flags & PCD_CMD_B0N_DST_MODIFIED, "net flash changed, DST_MODIFIED not reported");
        }
        if (res.outcome == PCD_B0N_CMD_FAIL) {
            FUZZ_CHECK(ans.reason != 0 && ans.reason == pcd_cmd_reason_of(res.reason), "reason word %u", ans.reason);
        }
    }
    if (res.outcome == PCD_B0N_CMD_DONE && g_allow.kind == PCD_CMD_COPY) {
        FUZZ_CHECK(cmd.len > 0 && cmd.len <= cfg->app_size, "DONE for len 0x%x", cmd.len);
        const uint8_t *d = fm_view(g_tp.fm, FM_NRF_NET_FLASH, cmd.dst_off, cmd.len);
        FUZZ_CHECK(d != NULL, "DONE for a destination outside net flash");
        uint8_t dst_sha[32];
        SHA256(d, cmd.len, dst_sha);
        if (pcd_cmd_ext_state(&cmd) == PCD_CMD_EXT_PRESENT) {
            FUZZ_CHECK(memcmp(dst_sha, cmd.sha256, 32) == 0, "DONE, destination does not hash to the block's sha256");
        }
        FUZZ_CHECK(src_sha_ok && memcmp(dst_sha, src_sha, 32) == 0, "DONE, destination differs from the source");
    }
    if (src_copy != NULL) {
        check_bootable(&cmd, cfg, &res, src_copy);
        free(src_copy);
    }
    if (res.outcome == PCD_B0N_CMD_DONE && g_allow.kind == PCD_CMD_READ_VERSION) {
        /* the version of the application's fw_info, valid image or not (facts errata: NCS
         * pcd_find_fw_version needs only an fw_info) */
        const uint8_t *app = fm_view(g_tp.fm, FM_NRF_NET_FLASH, cfg->app_addr - FM_NRF_NET_FLASH_BASE, cfg->app_size);
        struct pcdsim_bufport bp;
        struct pcd_fw_info fi;
        FUZZ_CHECK(app != NULL && pcdsim_bufport_init(&bp, app, cfg->app_size, PCD_MEM_NET_FLASH, cfg->app_addr) == 0,
                   "bufport");
        FUZZ_CHECK(pcd_fwinfo_find(&bp.port, cfg->app_addr, cfg->app_size, &fi) == 0 && fi.version == res.version,
                   "READ_VERSION answered %u without that fw_info in the application", res.version);
    }
    return 0;
}
