/* Events (the enum and the one name table of pcdsim/scenario.h), triggers and fault injection.
 * Faults act from the core thread that holds the baton (event and program hooks) or from the
 * flash model's fault hook (operation triggers). */
#include <string.h>

#include "pcd/cmd.h"
#include "pcdsim/host_err.h"
#include "runner_internal.h"

/* The scenario event of a pcd trace point (b0n.dst_verified is not one scenarios can name). */
static enum pcdsim_scn_event trace_event(enum pcd_trace t)
{
    switch (t) {
    case PCD_TRACE_APP_VALIDATED: return PCDSIM_EV_APP_VALIDATED;
    case PCD_TRACE_APP_STAGED: return PCDSIM_EV_APP_STAGED;
    case PCD_TRACE_APP_OUTCOME: return PCDSIM_EV_APP_OUTCOME;
    case PCD_TRACE_APP_MARK_STARTED: return PCDSIM_EV_APP_MARK_STARTED;
    case PCD_TRACE_APP_MARK_DONE: return PCDSIM_EV_APP_MARK_DONE;
    case PCD_TRACE_DL_STORED: return PCDSIM_EV_APP_DL_STORED;
    case PCD_TRACE_B0N_CMD_SEEN: return PCDSIM_EV_B0N_CMD_SEEN;
    case PCD_TRACE_B0N_SRC_VERIFIED: return PCDSIM_EV_B0N_SRC_VERIFIED;
    case PCD_TRACE_B0N_COPY_DONE: return PCDSIM_EV_B0N_COPY_DONE;
    case PCD_TRACE_B0N_DST_VERIFIED: return RUN_EV_NONE;
    }
    return RUN_EV_NONE;
}

/* The event a timeline entry is, if it is one scenarios can name (docs/SCENARIOS.md, the table
 * of pcdsim/scenario.h), else RUN_EV_NONE. */
enum pcdsim_scn_event run_event_of(const struct run_state *st, const struct soc_event *ev)
{
    bool app = ev->core == FM_CORE_APP;
    switch (ev->kind) {
    case SOC_EV_CORE_START: return app ? PCDSIM_EV_APP_BOOT : PCDSIM_EV_NET_START;
    case SOC_EV_TRACE: return trace_event((enum pcd_trace)ev->arg);
    case SOC_EV_FORCEOFF: return ev->arg ? PCDSIM_EV_APP_HELD : PCDSIM_EV_APP_RELEASED;
    case SOC_EV_SPU_LOCK: return PCDSIM_EV_APP_LOCKED;
    case SOC_EV_BOOT: return app ? PCDSIM_EV_APP_JUMP : PCDSIM_EV_B0N_BOOT;
    case SOC_EV_FLASH_ERASE: return !app ? PCDSIM_EV_B0N_ERASE_PAGE : RUN_EV_NONE;
    case SOC_EV_SHARED_WRITE:
        if (app && ev->addr > st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC &&
            ev->addr < st->cfg->soc.pcd_sram_addr + PCD_CMD_BLOCK_SIZE) {
            return PCDSIM_EV_APP_CMD_WORD; /* each word of the command but its magic: a cut can land between them */
        }
        if (ev->addr != st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC) {
            return RUN_EV_NONE;
        }
        if (app && ev->arg == PCD_CMD_MAGIC_COPY) {
            return PCDSIM_EV_APP_CMD_WRITTEN;
        }
        if (!app && (ev->arg == PCD_CMD_MAGIC_DONE || ev->arg == PCD_CMD_MAGIC_FAIL)) {
            return PCDSIM_EV_B0N_REPORT;
        }
        return RUN_EV_NONE;
    default: return RUN_EV_NONE;
    }
}

static bool is_erase_page_trigger(const struct run_state *st, unsigned i)
{
    return st->trig_ev[i] == PCDSIM_EV_B0N_ERASE_PAGE;
}

/* Does a flash operation match an operation trigger (or a power loss at a B0N page erase,
 * which is decided at the erase itself so that it can be cut before or torn)? */
static bool op_matches(struct run_state *st, int i, const struct fm_op *op)
{
    const struct run_fault *f = &st->cfg->faults[i];
    if (f->kind != RUN_FAULT_POWER_LOSS || st->br.fired[i]) {
        return false;
    }
    if (f->trig.kind == RUN_TRIG_OP) {
        if (f->trig.dev < 0 && f->trig.op_kind < 0) {
            return op->seq == f->trig.op; /* the global operation number, as a sweep numbers its cuts */
        }
        if ((f->trig.dev >= 0 && f->trig.dev != op->dev) || (f->trig.op_kind >= 0 && f->trig.op_kind != (int)op->kind)) {
            return false;
        }
        return st->br.seen[i]++ == f->trig.op; /* the N-th operation of that device / kind */
    }
    if (is_erase_page_trigger(st, (unsigned)i)) {
        if (op->dev != FM_NRF_NET_FLASH || op->kind != FM_OP_ERASE) {
            return false;
        }
        uint32_t page = op->offset / FM_NRF_NET_FLASH_PAGE;
        if (f->trig.page >= 0 && (uint32_t)f->trig.page != page) {
            return false;
        }
        return ++st->br.seen[i] == (f->trig.nth ? f->trig.nth : 1);
    }
    return false;
}

static enum fm_fault_action op_hook(void *ctx, const struct fm_op *op, struct fm_tear *tear, uint64_t *again)
{
    struct run_state *st = ctx;
    for (unsigned i = 0; i < st->cfg->n_faults; i++) {
        if (!op_matches(st, (int)i, op)) {
            continue;
        }
        const struct run_fault *f = &st->cfg->faults[i];
        st->br.fired[i] = true;
        st->br.cut_in_test_boot |= run_rb_revert_pending(st); /* the memories before the operation */
        if (f->tear >= 0) {
            tear->mode = (enum fm_tear_mode)f->tear;
            tear->seed = f->tear_seed ? f->tear_seed : st->cfg->seed;
            return FM_FAULT_TEAR;
        }
        return f->after ? FM_FAULT_CUT_AFTER : FM_FAULT_CUT_BEFORE;
    }
    (void)again; /* every operation is looked at: a run is short */
    return FM_FAULT_NONE;
}

/* Apply a fault whose trigger fired (in the thread holding the baton). */
static void fire(struct run_state *st, int i)
{
    const struct run_fault *f = &st->cfg->faults[i];
    st->br.fired[i] = true;
    switch (f->kind) {
    case RUN_FAULT_POWER_LOSS:
        st->br.cut_in_test_boot |= run_rb_revert_pending(st);
        if (f->line > 0) {
            soc_note(st->soc, -1, "fault: power loss (scenario line %u)", f->line);
        } else {
            soc_note(st->soc, -1, "fault: power loss");
        }
        soc_power_loss_now(st->soc);
        break;
    case RUN_FAULT_CORRUPT: {
        if (f->bytes != NULL) {
            (void)fm_load(st->fm, f->dev, f->off, f->bytes, f->len);
            soc_note(st->soc, -1, "fault: %u byte(s) of %s at 0x%x overwritten", f->len,
                     fm_dev_desc(st->fm, f->dev)->name, f->off);
            break;
        }
        uint8_t b[256];
        for (uint32_t done = 0; done < f->len;) {
            uint32_t n = f->len - done < sizeof(b) ? f->len - done : (uint32_t)sizeof(b);
            if (fm_peek(st->fm, f->dev, f->off + done, b, n) != 0) {
                break;
            }
            for (uint32_t k = 0; k < n; k++) {
                b[k] ^= f->mask;
            }
            (void)fm_load(st->fm, f->dev, f->off + done, b, n);
            done += n;
        }
        soc_note(st->soc, -1, "fault: %u byte(s) of %s at 0x%x corrupted (xor 0x%02x)", f->len,
                 fm_dev_desc(st->fm, f->dev)->name, f->off, f->mask);
        break;
    }
    case RUN_FAULT_STUCK_BITS:
        st->br.stuck_active[i] = true;
        st->br.stuck_left[i] = f->attempts;
        break;
    case RUN_FAULT_NET_SILENT:
        st->br.net_silent = true;
        soc_note(st->soc, -1, "fault: the network core is silent from now on");
        break;
    case RUN_FAULT_NET_CRASH:
        st->br.net_crash = true;
        soc_note(st->soc, -1, "fault: the network core crashes at each start from now on");
        break;
    case RUN_FAULT_APP_WRITES_PCD:
        st->br.app_writes_pcd_pending = true;
        st->br.app_writes_pcd_fault = i;
        break;
    case RUN_FAULT_WARM_RESET:
        st->br.warm_reset_pending = true;
        soc_request_pause(st->soc);
        break;
    }
}

void run_on_event(struct soc *soc, const struct soc_event *ev, void *arg)
{
    struct run_state *st = arg;
    (void)soc;
    const enum pcdsim_scn_event name = run_event_of(st, ev);
    if (name == RUN_EV_NONE) {
        return;
    }
    if (st->br.probing && name == PCDSIM_EV_APP_CMD_WRITTEN) {
        st->br.probe_copy_cmds++;
    }
    if (ev->core == FM_CORE_NET && ev->kind == SOC_EV_TRACE && ev->arg == PCD_TRACE_B0N_CMD_SEEN) {
        run_cmd_seen(st);
    } else if (name == PCDSIM_EV_B0N_REPORT) {
        run_cmd_answered(st, ev->arg);
    } else if (ev->core == FM_CORE_NET && ev->kind == SOC_EV_FLASH_ERASE) {
        run_cmd_erase(st, ev->addr);
    }
    for (unsigned i = 0; i < st->cfg->n_faults; i++) {
        const struct run_fault *f = &st->cfg->faults[i];
        if (st->br.fired[i] || st->trig_ev[i] != name) {
            continue;
        }
        if (f->kind == RUN_FAULT_POWER_LOSS && is_erase_page_trigger(st, i)) {
            continue; /* decided at the erase operation itself (op_hook) */
        }
        if (is_erase_page_trigger(st, i) && f->trig.page >= 0 && (uint32_t)f->trig.page != ev->arg) {
            continue;
        }
        if (++st->br.seen[i] == (f->trig.nth ? f->trig.nth : 1)) {
            fire(st, (int)i);
        }
    }
    if (st->br.awaiting && st->br.await_event == name) {
        st->br.await_hit = true;
        if (st->br.probing && st->br.probe_copy_cmds == 0 && ev->core >= 0) {
            /* the idempotence probe has seen all it needs: the core stops here and unwinds now,
             * not at the next reset (two hand-overs less per sweep branch) */
            soc_halt(st->soc, (enum fm_core)ev->core);
        } else {
            soc_request_pause(st->soc);
        }
    }
}

void run_on_program(struct soc *soc, enum fm_core core, int dev, uint32_t off, uint32_t len, void *arg)
{
    struct run_state *st = arg;
    (void)soc;
    (void)core;
    for (unsigned i = 0; i < st->cfg->n_faults; i++) {
        const struct run_fault *f = &st->cfg->faults[i];
        if (!st->br.stuck_active[i] || f->dev != dev || off >= f->off + f->len || f->off >= off + len) {
            continue;
        }
        if (st->br.stuck_left[i] == 0) {
            st->br.stuck_active[i] = false; /* spoiled its N programs: healed */
            soc_note(st->soc, -1, "fault: stuck bits healed");
            continue;
        }
        if (st->br.stuck_left[i] > 0) {
            st->br.stuck_left[i]--;
        }
        /* the stuck cells keep their 1 bits whatever was programmed */
        uint32_t a = off > f->off ? off : f->off;
        uint32_t b = off + len < f->off + f->len ? off + len : f->off + f->len;
        for (uint32_t o = a; o < b; o++) {
            uint8_t v;
            if (fm_peek(st->fm, dev, o, &v, 1) == 0 && (v & f->mask) != f->mask) {
                v |= f->mask;
                (void)fm_load(st->fm, dev, o, &v, 1);
            }
        }
    }
}

int run_faults_arm(struct run_state *st)
{
    for (unsigned i = 0; i < st->cfg->n_faults; i++) {
        /* event triggers by their enum, from the one name table: a name not in it is refused
         * rather than never firing */
        const struct run_fault *f = &st->cfg->faults[i];
        st->trig_ev[i] = RUN_EV_NONE;
        if (f->trig.kind == RUN_TRIG_EVENT && !pcdsim_scn_event_find(f->trig.event, &st->trig_ev[i])) {
            return PCD_E_INVAL;
        }
    }
    for (unsigned i = 0; i < st->cfg->n_faults; i++) {
        const struct run_fault *f = &st->cfg->faults[i];
        switch (f->trig.kind) {
        case RUN_TRIG_NONE: fire(st, (int)i); break;
        case RUN_TRIG_TIME:
            if (f->kind != RUN_FAULT_POWER_LOSS) {
                return PCDSIM_E_SCHEMA; /* only power loss is scheduled in time */
            }
            soc_schedule_power_loss(st->soc, f->trig.time_us);
            st->br.fired[i] = true;
            break;
        case RUN_TRIG_OP:
            if (f->kind != RUN_FAULT_POWER_LOSS) {
                return PCDSIM_E_SCHEMA; /* only power loss is triggered by an operation number */
            }
            st->any_op_trigger = true;
            break;
        case RUN_TRIG_EVENT:
            if (f->kind == RUN_FAULT_POWER_LOSS && is_erase_page_trigger(st, i)) {
                st->any_op_trigger = true;
            }
            break;
        }
    }
    if (st->any_op_trigger) {
        fm_set_fault_hook(st->fm, op_hook, st, 0);
    }
    return 0;
}
