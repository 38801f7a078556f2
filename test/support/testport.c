/* Test port over the flash model: both cores of one emulated nRF5340, a scripted network core
 * and the records tests assert on. See testsupport/testport.h. */
#include "testsupport/testport.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pcd/cmd.h"
#include "pcdsim/host_err.h"

/* ---- edge conversion ------------------------------------------------------------------------ */

int tp_pcd_err(int fm_err)
{
    return pcdsim_pcd_err_from_fm(fm_err); /* the simulator's port translates with the same function */
}

static struct tp_core *core_of(struct tp_port_ctx *c)
{
    return c->core == FM_CORE_APP ? &c->sys->app : &c->sys->net;
}

/* Convert at the edge and remember what the model said. */
static int edge(struct tp_port_ctx *c, int fm_rc)
{
    if (fm_rc != 0) {
        core_of(c)->last_fm_err = fm_rc;
        if (fm_rc == FM_E_POWER_LOSS || fm_rc == FM_E_POWERED_OFF) {
            c->sys->power_lost = true;
        }
    }
    return tp_pcd_err(fm_rc);
}

/* The network core is forced off once it has used its time budget (what the app core's Hold at
 * its timeout does on silicon); its next port call sees the reset. */
static int net_forced_off(struct tp_port_ctx *c)
{
    return c->core == FM_CORE_NET && (c->sys->net_halted || c->sys->net.time_us >= c->sys->net_deadline_us);
}

/* ---- memories --------------------------------------------------------------------------------- */

static int dev_of(enum pcd_mem mem)
{
    switch (mem) {
    case PCD_MEM_APP_FLASH:
        return FM_NRF_APP_FLASH;
    case PCD_MEM_NET_FLASH:
        return FM_NRF_NET_FLASH;
    case PCD_MEM_QSPI:
        return FM_NRF_QSPI;
    case PCD_MEM_RAM_FLASH:
        return FM_NRF_RAM_FLASH;
    case PCD_MEM_COUNT:
    default:
        return -1;
    }
}

/* Who may use which memory through the flash API (facts §4.2): the app core its flash, QSPI and
 * the RAM flash simulator; the net core its flash, and app flash read-only. */
static bool may_access(enum fm_core core, enum pcd_mem mem, bool write)
{
    if (core == FM_CORE_APP) {
        return mem == PCD_MEM_APP_FLASH || mem == PCD_MEM_QSPI || mem == PCD_MEM_RAM_FLASH;
    }
    return mem == PCD_MEM_NET_FLASH || (mem == PCD_MEM_APP_FLASH && !write);
}

static uint32_t cpu_addr_of(const struct tp_sys *tp, enum fm_core core, enum pcd_mem mem)
{
    switch (mem) {
    case PCD_MEM_APP_FLASH:
        return FM_NRF_APP_FLASH_BASE;
    case PCD_MEM_NET_FLASH:
        return core == FM_CORE_NET ? FM_NRF_NET_FLASH_BASE : PCD_NO_CPU_ADDR;
    case PCD_MEM_QSPI:
        return core == FM_CORE_APP ? FM_NRF_QSPI_XIP_BASE : PCD_NO_CPU_ADDR;
    case PCD_MEM_RAM_FLASH:
        return tp->opts.ram_flash_addr;
    case PCD_MEM_COUNT:
    default:
        return PCD_NO_CPU_ADDR;
    }
}

static int op_mem_info(void *ctx, enum pcd_mem mem, struct pcd_mem_info *out)
{
    struct tp_port_ctx *c = ctx;
    int dev = dev_of(mem);
    const struct fm_device_desc *d = dev < 0 ? NULL : fm_dev_desc(c->sys->fm, dev);
    if (d == NULL || d->size == 0) {
        return PCD_E_UNSUPPORTED;
    }
    out->size = d->size;
    out->page_size = d->page_size;
    out->write_size = d->write_size;
    out->cpu_addr = cpu_addr_of(c->sys, c->core, mem);
    out->erase_value = 0xFF;
    return 0;
}

static int flash_prologue(struct tp_port_ctx *c, enum pcd_mem mem, bool write, int *dev)
{
    if (net_forced_off(c)) {
        return PCD_E_HALTED;
    }
    *dev = dev_of(mem);
    if (*dev < 0) {
        return PCD_E_INVAL;
    }
    if (!may_access(c->core, mem, write)) {
        return PCD_E_BUS_FAULT;
    }
    return 0;
}

static int op_flash_read(void *ctx, enum pcd_mem mem, uint32_t off, void *buf, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    int dev;
    int rc = flash_prologue(c, mem, false, &dev);
    if (rc != 0) {
        return rc;
    }
    return edge(c, fm_read(c->sys->fm, dev, off, buf, len, &core_of(c)->time_us));
}

/* The injected net-flash defect: PCD_E_IO, "dropped" (1) or 0 (not affected). */
static int net_fault_check(struct tp_port_ctx *c, enum pcd_mem mem, uint32_t off, uint32_t len, bool program)
{
    struct tp_sys *tp = c->sys;
    if (c->core != FM_CORE_NET || mem != PCD_MEM_NET_FLASH || tp->net_fault == TP_FAULT_NONE || len == 0 ||
        tp->net_fault_len == 0 || off > tp->net_fault_off + (tp->net_fault_len - 1) ||
        tp->net_fault_off > off + (len - 1)) {
        return 0;
    }
    if (tp->net_fault == TP_FAULT_ERROR) {
        tp->net_fault_hits++;
        return PCD_E_IO;
    }
    if (program) {
        tp->net_fault_hits++;
        return 1;
    }
    return 0;
}

/* The network core's ACL (nRF5340 PS, ACL): a program or erase into a write-protected region
 * is a BusFault (recorded by the model) before anything is written. */
static int acl_gate(struct tp_port_ctx *c, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    if (c->core != FM_CORE_NET || mem != PCD_MEM_NET_FLASH || off > UINT32_MAX - FM_NRF_NET_FLASH_BASE) {
        return 0;
    }
    const int rc = edge(c, fm_acl_check(c->sys->fm, FM_CORE_NET, FM_NRF_NET_FLASH_BASE + off, len, FM_PERM_W, NULL));
    c->sys->net_halted |= rc != 0; /* the BusFault stops the core: nothing after it runs */
    return rc;
}

static int op_flash_program(void *ctx, enum pcd_mem mem, uint32_t off, const void *buf, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    int dev;
    int rc = flash_prologue(c, mem, true, &dev);
    if (rc == 0) {
        rc = acl_gate(c, mem, off, len);
    }
    if (rc != 0) {
        return rc;
    }
    rc = net_fault_check(c, mem, off, len, true);
    if (rc != 0 && c->sys->net_fault != TP_FAULT_STUCK) {
        return rc < 0 ? rc : 0;
    }
    rc = edge(c, fm_program(c->sys->fm, dev, off, buf, len, &core_of(c)->time_us));
    if (rc == 0 && c->sys->net_fault == TP_FAULT_STUCK) {
        /* stuck cells: the overlap with the fault range keeps its erased bits */
        const uint32_t a = off > c->sys->net_fault_off ? off : c->sys->net_fault_off;
        const uint32_t b = off + len < c->sys->net_fault_off + c->sys->net_fault_len ? off + len
                                                                                    : c->sys->net_fault_off + c->sys->net_fault_len;
        for (uint32_t o = a; o < b; o++) {
            static const uint8_t ff = 0xFF;
            (void)fm_load(c->sys->fm, dev, o, &ff, 1);
        }
    }
    return rc;
}

static int op_flash_erase(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    int dev;
    int rc = flash_prologue(c, mem, true, &dev);
    if (rc == 0) {
        rc = acl_gate(c, mem, off, len);
    }
    if (rc != 0) {
        return rc;
    }
    rc = net_fault_check(c, mem, off, len, false);
    if (rc != 0) {
        return rc;
    }
    return edge(c, fm_erase(c->sys->fm, dev, off, len, &core_of(c)->time_us));
}

/* ---- bus and shared RAM ------------------------------------------------------------------------- */

static int op_bus_read(void *ctx, uint32_t addr, void *buf, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    if (net_forced_off(c)) {
        return PCD_E_HALTED;
    }
    return edge(c, fm_bus_read(c->sys->fm, c->core, addr, buf, len, &core_of(c)->time_us));
}

static bool in_pcd_block(const struct tp_sys *tp, uint32_t addr)
{
    uint32_t base = tp->b0n_cfg.pcd_sram_addr;
    return addr >= base && addr - base < PCD_CMD_BLOCK_SIZE;
}

static void note_app_pcd_write(struct tp_port_ctx *c, uint32_t addr)
{
    if (c->core == FM_CORE_APP && in_pcd_block(c->sys, addr) && !c->sys->net_held) {
        c->sys->pcd_writes_while_running++;
    }
}

static int op_bus_write(void *ctx, uint32_t addr, const void *buf, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    if (net_forced_off(c)) {
        return PCD_E_HALTED;
    }
    note_app_pcd_write(c, addr);
    return edge(c, fm_bus_write(c->sys->fm, c->core, addr, buf, len, &core_of(c)->time_us));
}

static int op_shared_read32(void *ctx, uint32_t addr, uint32_t *val)
{
    struct tp_port_ctx *c = ctx;
    struct tp_sys *tp = c->sys;
    uint8_t b[4];
    if (net_forced_off(c)) {
        return PCD_E_HALTED;
    }
    if (addr % 4u != 0u) {
        return PCD_E_INVAL;
    }
    int rc = edge(c, fm_bus_read(tp->fm, c->core, addr, b, 4, &core_of(c)->time_us));
    if (rc != 0) {
        return rc;
    }
    *val = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
    /* The net core's answer is still in the app core's future: show the magic it replaced. */
    if (c->core == FM_CORE_APP && tp->hiding && addr == tp->b0n_cfg.pcd_sram_addr + PCD_CMD_OFF_MAGIC) {
        if (tp->app.time_us < tp->answer_visible_us) {
            *val = tp->hidden_magic;
        } else {
            tp->hiding = false;
        }
    }
    return 0;
}

static int op_shared_write32(void *ctx, uint32_t addr, uint32_t val)
{
    struct tp_port_ctx *c = ctx;
    uint8_t b[4] = {(uint8_t)val, (uint8_t)(val >> 8), (uint8_t)(val >> 16), (uint8_t)(val >> 24)};
    if (net_forced_off(c)) {
        return PCD_E_HALTED;
    }
    if (addr % 4u != 0u) {
        return PCD_E_INVAL;
    }
    note_app_pcd_write(c, addr);
    return edge(c, fm_bus_write(c->sys->fm, c->core, addr, b, 4, &core_of(c)->time_us));
}

/* ---- the scripted network core ----------------------------------------------------------------- */

static enum tp_net_behaviour next_behaviour(struct tp_sys *tp)
{
    unsigned k = tp->net_runs++;
    return k < tp->script_len ? tp->script[k] : tp->net_default;
}

static void run_net_core(struct tp_sys *tp)
{
    uint32_t magic_before = 0;
    uint8_t b[4];
    const uint32_t magic_addr = tp->b0n_cfg.pcd_sram_addr + PCD_CMD_OFF_MAGIC;

    tp->net_start_pending = false;
    tp->net_halted = false;
    tp->net.time_us = tp->release_time_us;
    tp->net_deadline_us = tp->net_budget_us ? tp->release_time_us + tp->net_budget_us : UINT64_MAX;
    if (fm_peek(tp->fm, FM_NRF_APP_SRAM, magic_addr - FM_NRF_APP_SRAM_BASE, b, 4) == 0) {
        magic_before = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
    }
    switch (next_behaviour(tp)) {
    case TP_NET_B0N:
        tp->b0n_runs++;
        if (tp->acl_lock_len != 0u &&
            pcd_flash_protect(&tp->net_port, PCD_MEM_NET_FLASH, tp->acl_lock_off, tp->acl_lock_len) != 0) {
            tp->last_b0n_rc = PCD_E_IO;
            break;
        }
        tp->last_b0n_rc = pcd_b0n_run(&tp->b0n_cfg, &tp->net_port, &tp->last_b0n);
        break;
    case TP_NET_ANSWER_FAIL:
        (void)pcd_cmd_store_answer(&tp->net_port, tp->b0n_cfg.pcd_sram_addr, PCD_CMD_MAGIC_FAIL, tp->fail_reason, 0);
        break;
    case TP_NET_ANSWER_DONE:
        (void)pcd_cmd_store_answer(&tp->net_port, tp->b0n_cfg.pcd_sram_addr, PCD_CMD_MAGIC_DONE, 0, 0);
        break;
    case TP_NET_CRASH:
        tp->crashes++;
        break;
    case TP_NET_SILENT:
    default:
        break;
    }
    /* A net core forced off at its budget never answered: there is nothing to hide. */
    tp->hiding = !net_forced_off(&tp->net_ctx);
    tp->hidden_magic = magic_before;
    tp->answer_visible_us = tp->net.time_us;
}

/* ---- control -------------------------------------------------------------------------------------- */

static int op_netcore_force_off(void *ctx, bool hold)
{
    struct tp_port_ctx *c = ctx;
    struct tp_sys *tp = c->sys;
    if (c->core != FM_CORE_APP) {
        return PCD_E_UNSUPPORTED;
    }
    if (!fm_powered(tp->fm)) {
        return PCD_E_HALTED;
    }
    if (hold) {
        if (!tp->net_held) {
            tp->holds++;
            if (tp->hiding && tp->app.time_us < tp->answer_visible_us) {
                tp->holds_before_answer++;
            }
        }
        tp->net_held = true;
        tp->net_start_pending = false;
        tp->hiding = false;
    } else if (tp->net_held) {
        tp->net_held = false;
        tp->releases++;
        tp->net_start_pending = true;
        tp->release_time_us = tp->app.time_us;
        fm_acl_reset(tp->fm); /* the network core starts from reset: its ACL is clear */
    }
    return 0;
}

/* Network core: the first ACL region whose PERM reads 0 gets ADDR, SIZE, PERM = WRITE; read back
 * (NCS fprotect_area; nRF5340 PS, ACL). */
static int op_flash_protect(void *ctx, enum pcd_mem mem, uint32_t off, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    struct fm_sys *fm = c->sys->fm;
    if (c->core != FM_CORE_NET || mem != PCD_MEM_NET_FLASH) {
        return PCD_E_UNSUPPORTED;
    }
    if (net_forced_off(c) || !fm_powered(fm)) {
        return PCD_E_HALTED;
    }
    if (len == 0u || off % FM_NRF_NET_FLASH_PAGE != 0u || len % FM_NRF_NET_FLASH_PAGE != 0u ||
        off > FM_NRF_NET_FLASH_SIZE || len > FM_NRF_NET_FLASH_SIZE - off) {
        return PCD_E_INVAL;
    }
    const uint32_t addr = FM_NRF_NET_FLASH_BASE + off;
    for (unsigned n = 0; n < FM_NRF_NET_ACL_REGIONS; n++) {
        if (fm_acl_read(fm, n, FM_ACL_PERM) == 0u) {
            (void)fm_acl_write(fm, n, FM_ACL_ADDR, addr);
            (void)fm_acl_write(fm, n, FM_ACL_SIZE, len);
            (void)fm_acl_write(fm, n, FM_ACL_PERM, FM_ACL_PERM_WRITE);
            const bool took = fm_acl_read(fm, n, FM_ACL_ADDR) == addr && fm_acl_read(fm, n, FM_ACL_SIZE) == len &&
                              fm_acl_read(fm, n, FM_ACL_PERM) == FM_ACL_PERM_WRITE;
            return took ? 0 : PCD_E_IO;
        }
    }
    return PCD_E_IO;
}

static int op_spu_lock_ram(void *ctx, uint32_t addr, uint32_t len)
{
    struct tp_port_ctx *c = ctx;
    struct tp_sys *tp = c->sys;
    const uint32_t region = 0x2000u; /* SPU RAM region: 8 KiB (facts §4.1) */
    if (c->core != FM_CORE_APP) {
        return PCD_E_UNSUPPORTED;
    }
    if (!fm_powered(tp->fm)) {
        return PCD_E_HALTED;
    }
    if (len == 0 || addr % region != 0 || len % region != 0) {
        return PCD_E_INVAL;
    }
    int rc = fm_bus_protect(tp->fm, FM_CORE_APP, addr, len, FM_PERM_R);
    if (rc == 0) {
        rc = fm_bus_protect(tp->fm, FM_CORE_NET, addr, len, FM_PERM_R);
    }
    if (rc != 0) {
        return edge(c, rc);
    }
    tp->spu_locks++;
    tp->spu_lock_addr = addr;
    tp->spu_lock_len = len;
    return 0;
}

static int op_delay_us(void *ctx, uint64_t us)
{
    struct tp_port_ctx *c = ctx;
    struct tp_sys *tp = c->sys;
    if (!fm_powered(tp->fm) || net_forced_off(c)) {
        return PCD_E_HALTED;
    }
    core_of(c)->time_us += us;
    if (c->core == FM_CORE_APP && tp->net_start_pending && !tp->net_held) {
        run_net_core(tp);
        if (!fm_powered(tp->fm)) {
            tp->power_lost = true;
            return PCD_E_HALTED; /* the cut hit the whole SoC while the net core ran */
        }
    }
    return 0;
}

static int op_signal(void *ctx)
{
    struct tp_port_ctx *c = ctx;
    if (net_forced_off(c) || !fm_powered(c->sys->fm)) {
        return PCD_E_HALTED;
    }
    core_of(c)->signal_count++;
    return 0;
}

static void op_boot(void *ctx, uint32_t vtor)
{
    struct tp_port_ctx *c = ctx;
    core_of(c)->boot_count++;
    core_of(c)->boot_vtor = vtor;
}

static void op_stop(void *ctx)
{
    struct tp_port_ctx *c = ctx;
    core_of(c)->stop_count++;
}

static void op_log(void *ctx, enum pcd_log_level level, const char *fmt, va_list ap)
{
    static const char *const names[] = {"ERR", "WRN", "INF", "DBG"};
    struct tp_port_ctx *c = ctx;
    struct tp_core *core = core_of(c);
    char line[TP_LOG_LEN];
    int n = snprintf(line, sizeof(line), "[%s] ", (unsigned)level < 4 ? names[level] : "???");
    if (n < 0) {
        return;
    }
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    if (core->log_count < TP_LOG_LINES) {
        memcpy(core->log[core->log_count], line, sizeof(line));
    }
    core->log_count++;
    if (c->sys->echo_log) {
        fprintf(stderr, "%s %s\n", c->core == FM_CORE_APP ? "app" : "net", line);
    }
}

static void op_trace(void *ctx, enum pcd_trace event, uint32_t arg)
{
    struct tp_port_ctx *c = ctx;
    struct tp_core *core = core_of(c);
    if ((unsigned)event < TP_TRACE_EVENTS) {
        core->trace_count[event]++;
        core->trace_arg[event] = arg;
    }
}

static const struct pcd_port_ops tp_ops = {
    .mem_info = op_mem_info,
    .flash_read = op_flash_read,
    .flash_program = op_flash_program,
    .flash_erase = op_flash_erase,
    .bus_read = op_bus_read,
    .bus_write = op_bus_write,
    .shared_read32 = op_shared_read32,
    .shared_write32 = op_shared_write32,
    .netcore_force_off = op_netcore_force_off,
    .spu_lock_ram = op_spu_lock_ram,
    .delay_us = op_delay_us,
    .signal = op_signal,
    .boot = op_boot,
    .stop = op_stop,
    .log = op_log,
    .trace = op_trace,
    .flash_protect = op_flash_protect,
};

/* ---- fault hook ------------------------------------------------------------------------------------ */

static enum fm_fault_action cut_hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *ask_again_at)
{
    struct tp_sys *tp = ctx;
    if (!tp->cut.armed || op->seq != tp->cut.seq) {
        *ask_again_at = tp->cut.armed && op->seq < tp->cut.seq ? tp->cut.seq : UINT64_MAX;
        return FM_FAULT_NONE;
    }
    tp->cut.armed = false;
    tp->cut.fired = true;
    *tear = tp->cut.tear;
    *ask_again_at = UINT64_MAX;
    return tp->cut.action;
}

void tp_arm_cut(struct tp_sys *tp, uint64_t seq, enum fm_fault_action action)
{
    tp->cut.armed = true;
    tp->cut.fired = false;
    tp->cut.seq = seq;
    tp->cut.action = action;
    tp->cut.tear.mode = FM_TEAR_SOMEBITS;
    tp->cut.tear.seed = seq * 2654435761u + 1u;
    fm_set_fault_hook(tp->fm, cut_hook, tp, seq);
}

void tp_disarm_cut(struct tp_sys *tp)
{
    tp->cut.armed = false;
    fm_set_fault_hook(tp->fm, NULL, NULL, UINT64_MAX);
}

/* ---- lifecycle --------------------------------------------------------------------------------------- */

static void core_init(struct tp_core *c, enum fm_core core)
{
    memset(c, 0, sizeof(*c));
    c->core = core;
}

int tp_sys_init(struct tp_sys *tp, const struct fm_nrf5340_opts *opts, uint64_t seed)
{
    static const struct fm_nrf5340_opts defaults = FM_NRF5340_OPTS_DEFAULT;
    struct fm_desc desc;
    memset(tp, 0, sizeof(*tp));
    tp->opts = opts ? *opts : defaults;
    int rc = fm_nrf5340_desc(&desc, &tp->opts);
    if (rc == 0) {
        rc = fm_sys_create(&desc, seed, &tp->fm);
    }
    if (rc != 0) {
        return rc;
    }
    core_init(&tp->app, FM_CORE_APP);
    core_init(&tp->net, FM_CORE_NET);
    tp->app_ctx = (struct tp_port_ctx){tp, FM_CORE_APP};
    tp->net_ctx = (struct tp_port_ctx){tp, FM_CORE_NET};
    tp->app_port = (struct pcd_port){&tp_ops, &tp->app_ctx};
    tp->net_port = (struct pcd_port){&tp_ops, &tp->net_ctx};
    tp->net_held = true;
    tp->net_default = TP_NET_B0N;
    tp->fail_reason = PCD_E_SRC_HASH;
    tp->net_deadline_us = UINT64_MAX;
    const char *echo = getenv("PCDSIM_TEST_LOG");
    tp->echo_log = echo != NULL && echo[0] == '1';
    pcd_b0n_config_default(&tp->b0n_cfg);
    return 0;
}

void tp_sys_fini(struct tp_sys *tp)
{
    fm_sys_destroy(tp->fm);
    tp->fm = NULL;
}

static void reset_control(struct tp_sys *tp)
{
    tp->net_held = true; /* "Application core resets implicitly result in the network core being held" */
    tp->net_start_pending = false;
    tp->hiding = false;
    tp->power_lost = false;
    tp->net_deadline_us = UINT64_MAX;
    tp->app.boot_count = tp->net.boot_count = 0;
    tp->app.stop_count = tp->net.stop_count = 0;
    tp->app.boot_vtor = tp->net.boot_vtor = 0;
}

void tp_power_cycle(struct tp_sys *tp)
{
    if (fm_powered(tp->fm)) {
        fm_power_loss(tp->fm);
    }
    fm_power_on(tp->fm);
    reset_control(tp);
}

void tp_warm_reset(struct tp_sys *tp)
{
    fm_warm_reset(tp->fm);
    reset_control(tp);
}

void tp_reset_records(struct tp_sys *tp)
{
    reset_control(tp);
    tp->app.time_us = tp->net.time_us = 0;
    tp->app.signal_count = tp->net.signal_count = 0;
    tp->app.last_fm_err = tp->net.last_fm_err = 0;
    memset(tp->app.trace_count, 0, sizeof(tp->app.trace_count));
    memset(tp->net.trace_count, 0, sizeof(tp->net.trace_count));
    tp_log_clear(tp);
    tp->releases = tp->holds = 0;
    tp->pcd_writes_while_running = tp->holds_before_answer = 0;
    tp->net_runs = tp->crashes = tp->b0n_runs = 0;
    tp->last_b0n_rc = 0;
    memset(&tp->last_b0n, 0, sizeof(tp->last_b0n));
    tp->spu_locks = 0;
    tp->spu_lock_addr = tp->spu_lock_len = 0;
    tp->net_fault_hits = 0;
    tp->cut.fired = false;
}

void tp_set_net_fault(struct tp_sys *tp, enum tp_flash_fault mode, uint32_t off, uint32_t len)
{
    tp->net_fault = mode;
    tp->net_fault_off = off;
    tp->net_fault_len = len;
    tp->net_fault_hits = 0;
}

void tp_script_net(struct tp_sys *tp, const enum tp_net_behaviour *steps, unsigned n, enum tp_net_behaviour dflt)
{
    if (n > TP_SCRIPT_MAX) {
        n = TP_SCRIPT_MAX;
    }
    for (unsigned i = 0; i < n; i++) {
        tp->script[i] = steps[i];
    }
    tp->script_len = n;
    tp->net_runs = 0;
    tp->net_default = dflt;
}

int tp_run_b0n(struct tp_sys *tp)
{
    tp->b0n_runs++;
    tp->net_deadline_us = UINT64_MAX;
    tp->last_b0n_rc = pcd_b0n_run(&tp->b0n_cfg, &tp->net_port, &tp->last_b0n);
    return tp->last_b0n_rc;
}

/* ---- logs, files, oracles ------------------------------------------------------------------------------ */

bool tp_log_has(const struct tp_core *c, const char *needle)
{
    unsigned n = c->log_count < TP_LOG_LINES ? c->log_count : TP_LOG_LINES;
    for (unsigned i = 0; i < n; i++) {
        if (strstr(c->log[i], needle) != NULL) {
            return true;
        }
    }
    return false;
}

void tp_log_dump(const struct tp_core *c, FILE *out)
{
    unsigned n = c->log_count < TP_LOG_LINES ? c->log_count : TP_LOG_LINES;
    for (unsigned i = 0; i < n; i++) {
        fprintf(out, "%s: %s\n", c->core == FM_CORE_APP ? "app" : "net", c->log[i]);
    }
}

void tp_log_clear(struct tp_sys *tp)
{
    tp->app.log_count = 0;
    tp->net.log_count = 0;
}

int tp_load_file(struct tp_sys *tp, int dev, uint32_t off, const char *path, uint32_t *len_out)
{
    return fm_load_file(tp->fm, dev, off, path, len_out);
}

uint8_t *tp_read_file(const char *path, uint32_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    uint8_t *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) {
        n = ftell(f);
    }
    if (n >= 0 && n < 0x7FFFFFFF && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    if (buf != NULL) {
        *len = (uint32_t)n;
    }
    return buf;
}

int tp_fill_erased(struct tp_sys *tp, int dev, uint32_t off, uint32_t len)
{
    uint8_t ff[256];
    memset(ff, 0xFF, sizeof(ff));
    while (len > 0) {
        uint32_t n = len < sizeof(ff) ? len : (uint32_t)sizeof(ff);
        int rc = fm_load(tp->fm, dev, off, ff, n);
        if (rc != 0) {
            return rc;
        }
        off += n;
        len -= n;
    }
    return 0;
}

int tp_request_upgrade(struct tp_sys *tp, int dev, uint32_t slot_off, uint32_t slot_size, bool permanent)
{
    /* MCUboot trailer magic with BOOT_MAX_ALIGN 8 (facts §5.4). */
    static const uint8_t magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                      0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
    const uint32_t end = slot_off + slot_size;
    int rc = fm_load(tp->fm, dev, end - 16u, magic, sizeof(magic));
    if (rc == 0 && permanent) {
        const uint8_t ok = 0x01;
        rc = fm_load(tp->fm, dev, end - 24u, &ok, 1);
    }
    return rc;
}

int tp_sha256_buf(const void *buf, uint32_t len, uint8_t out[PCD_SHA256_LEN])
{
    struct pcd_sha256 h;
    int rc = pcd_sha256_init(&h);
    if (rc != 0) {
        return rc;
    }
    rc = pcd_sha256_update(&h, buf, len);
    if (rc != 0) {
        pcd_sha256_drop(&h);
        return rc;
    }
    return pcd_sha256_final(&h, out);
}

int tp_sha256_region(struct tp_sys *tp, int dev, uint32_t off, uint32_t len, uint8_t out[PCD_SHA256_LEN])
{
    const uint8_t *p = fm_view(tp->fm, dev, off, len);
    if (p == NULL) {
        return PCD_E_RANGE;
    }
    return tp_sha256_buf(p, len, out);
}
