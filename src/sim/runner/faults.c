/* Event names, triggers and fault injection. Faults act from the core thread that holds the
 * baton (event and program hooks) or from the flash model's fault hook (operation triggers). */
#include <string.h>

#include "pcd/cmd.h"
#include "pcdsim/host_err.h"
#include "runner_internal.h"

const char *run_event_name(const struct run_state *st, const struct soc_event *ev)
{
    bool app = ev->core == FM_CORE_APP;
    switch (ev->kind) {
    case SOC_EV_CORE_START: return app ? "app.boot" : "net.start";
    case SOC_EV_TRACE: return soc_trace_name((enum pcd_trace)ev->arg);
    case SOC_EV_FORCEOFF: return ev->arg ? "app.held" : "app.released";
    case SOC_EV_SPU_LOCK: return "app.locked";
    case SOC_EV_BOOT: return app ? "app.jump" : "b0n.boot";
    case SOC_EV_FLASH_ERASE: return !app ? "b0n.erase_page" : NULL;
    case SOC_EV_SHARED_WRITE:
        if (app && ev->addr > st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC &&
            ev->addr < st->cfg->soc.pcd_sram_addr + PCD_CMD_BLOCK_SIZE) {
            return "app.cmd_word"; /* each word of the command but its magic: a cut can land between them */
        }
        if (ev->addr != st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC) {
            return NULL;
        }
        if (app && ev->arg == PCD_CMD_MAGIC_COPY) {
            return "app.cmd_written";
        }
        if (!app && (ev->arg == PCD_CMD_MAGIC_DONE || ev->arg == PCD_CMD_MAGIC_FAIL)) {
            return "b0n.report";
        }
        return NULL;
    default: return NULL;
    }
}

static bool is_erase_page_trigger(const struct run_fault *f)
{
    return f->trig.kind == RUN_TRIG_EVENT && strcmp(f->trig.event, "b0n.erase_page") == 0;
}

/* Does a flash operation match an operation trigger (or a power loss at a B0N page erase,
 * which is decided at the erase itself so that it can be cut before or torn)? */
static bool op_matches(struct run_state *st, int i, const struct fm_op *op)
{
    const struct run_fault *f = &st->cfg->faults[i];
    if (f->kind != RUN_FAULT_POWER_LOSS || st->fired[i]) {
        return false;
    }
    if (f->trig.kind == RUN_TRIG_OP) {
        if (f->trig.dev < 0 && f->trig.op_kind < 0) {
            return op->seq == f->trig.op; /* the global operation number, as a sweep numbers its cuts */
        }
        if ((f->trig.dev >= 0 && f->trig.dev != op->dev) || (f->trig.op_kind >= 0 && f->trig.op_kind != (int)op->kind)) {
            return false;
        }
        return st->seen[i]++ == f->trig.op; /* the N-th operation of that device / kind */
    }
    if (is_erase_page_trigger(f)) {
        if (op->dev != FM_NRF_NET_FLASH || op->kind != FM_OP_ERASE) {
            return false;
        }
        uint32_t page = op->offset / FM_NRF_NET_FLASH_PAGE;
        if (f->trig.page >= 0 && (uint32_t)f->trig.page != page) {
            return false;
        }
        return ++st->seen[i] == (f->trig.nth ? f->trig.nth : 1);
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
        st->fired[i] = true;
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
    st->fired[i] = true;
    switch (f->kind) {
    case RUN_FAULT_POWER_LOSS:
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
        st->stuck_active[i] = true;
        st->stuck_left[i] = f->attempts;
        break;
    case RUN_FAULT_NET_SILENT:
        st->net_silent = true;
        soc_note(st->soc, -1, "fault: the network core is silent from now on");
        break;
    case RUN_FAULT_NET_CRASH:
        st->net_crash = true;
        soc_note(st->soc, -1, "fault: the network core crashes at each start from now on");
        break;
    case RUN_FAULT_APP_WRITES_PCD:
        st->app_writes_pcd_pending = true;
        st->app_writes_pcd_fault = i;
        break;
    case RUN_FAULT_WARM_RESET:
        st->warm_reset_pending = true;
        soc_request_pause(st->soc);
        break;
    }
}

void run_on_event(struct soc *soc, const struct soc_event *ev, void *arg)
{
    struct run_state *st = arg;
    (void)soc;
    const char *name = run_event_name(st, ev);
    if (name == NULL) {
        return;
    }
    if (st->probing && strcmp(name, "app.cmd_written") == 0) {
        st->probe_copy_cmds++;
    }
    if (ev->core == FM_CORE_NET && ev->kind == SOC_EV_TRACE && ev->arg == PCD_TRACE_B0N_CMD_SEEN) {
        run_cmd_seen(st);
    } else if (strcmp(name, "b0n.report") == 0) {
        run_cmd_answered(st, ev->arg);
    } else if (ev->core == FM_CORE_NET && ev->kind == SOC_EV_FLASH_ERASE) {
        run_cmd_erase(st, ev->addr);
    }
    for (unsigned i = 0; i < st->cfg->n_faults; i++) {
        const struct run_fault *f = &st->cfg->faults[i];
        if (st->fired[i] || f->trig.kind != RUN_TRIG_EVENT || strcmp(f->trig.event, name) != 0) {
            continue;
        }
        if (f->kind == RUN_FAULT_POWER_LOSS && is_erase_page_trigger(f)) {
            continue; /* decided at the erase operation itself (op_hook) */
        }
        if (is_erase_page_trigger(f) && f->trig.page >= 0 && (uint32_t)f->trig.page != ev->arg) {
            continue;
        }
        if (++st->seen[i] == (f->trig.nth ? f->trig.nth : 1)) {
            fire(st, (int)i);
        }
    }
    if (st->await_event != NULL && strcmp(st->await_event, name) == 0) {
        st->await_hit = true;
        if (st->probing && st->probe_copy_cmds == 0 && ev->core >= 0) {
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
        if (!st->stuck_active[i] || f->dev != dev || off >= f->off + f->len || f->off >= off + len) {
            continue;
        }
        if (st->stuck_left[i] == 0) {
            st->stuck_active[i] = false; /* spoiled its N programs: healed */
            soc_note(st->soc, -1, "fault: stuck bits healed");
            continue;
        }
        if (st->stuck_left[i] > 0) {
            st->stuck_left[i]--;
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
        const struct run_fault *f = &st->cfg->faults[i];
        switch (f->trig.kind) {
        case RUN_TRIG_NONE: fire(st, (int)i); break;
        case RUN_TRIG_TIME:
            if (f->kind != RUN_FAULT_POWER_LOSS) {
                return PCDSIM_E_SCHEMA; /* only power loss is scheduled in time */
            }
            soc_schedule_power_loss(st->soc, f->trig.time_us);
            st->fired[i] = true;
            break;
        case RUN_TRIG_OP:
            if (f->kind != RUN_FAULT_POWER_LOSS) {
                return PCDSIM_E_SCHEMA; /* only power loss is triggered by an operation number */
            }
            st->any_op_trigger = true;
            break;
        case RUN_TRIG_EVENT:
            if (f->kind == RUN_FAULT_POWER_LOSS && is_erase_page_trigger(f)) {
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
