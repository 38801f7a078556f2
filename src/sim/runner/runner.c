/* One run: set-up, the scenario's steps, the settle phase (power returns and the system runs to
 * idle, as it would in the field), the idempotence probe (one more boot must not copy again),
 * then the oracles. */
#include <stdlib.h>
#include <string.h>

#include "pcd/ncs_defaults.h"
#include "pcdsim/host_err.h"
#include "pcdsim/perfetto.h"
#include "runner_internal.h"

/* MCUboot trailer magic with BOOT_MAX_ALIGN 8 (facts §5.4). */
static const uint8_t trailer_magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                          0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

void run_config_default(struct run_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->name = "unnamed";
    cfg->soc.board = (struct fm_nrf5340_opts)FM_NRF5340_OPTS_DEFAULT;
    cfg->soc.pcd_sram_addr = PCD_NCS_PCD_SRAM_ADDR;
    cfg->soc.pcd_sram_size = PCD_NCS_PCD_SRAM_SIZE;
    pcd_updater_config_default(&cfg->upd);
    pcd_b0n_config_default(&cfg->b0n);
    cfg->primary_mem = PCD_MEM_APP_FLASH;
    cfg->primary_off = PCD_NCS_PRIMARY_OFF;
    cfg->primary_size = PCD_NCS_PRIMARY_SIZE;
    cfg->mcuboot_off = PCD_NCS_MCUBOOT_OFF;
    cfg->mcuboot_size = PCD_NCS_MCUBOOT_SIZE;
    cfg->request = PCD_SWAP_TEST;
    cfg->expect.attempts = -1;
    cfg->expect.boots = -1;
    cfg->run_limit_us = 0; /* derived: run_step_limit_us() */
    cfg->max_boots = 16;
}

uint64_t run_step_limit_us(const struct run_config *cfg, char *why, size_t why_len)
{
    if (cfg->run_limit_us != 0) {
        if (why != NULL) {
            snprintf(why, why_len, "set by the scenario's max_device_time_ms or --max-device-time");
        }
        return cfg->run_limit_us;
    }
    unsigned boots = 1; /* a warm reset from a fault starts another boot inside the same step */
    for (unsigned i = 0; i < cfg->n_faults; i++) {
        boots += cfg->faults[i].kind == RUN_FAULT_WARM_RESET ? 1u : 0u;
    }
    /* attempts <= 16 and a timeout <= 7 days (pcd_updater_config_check()) keep this far from 2^64;
     * a configuration the updater refuses still gets a finite bound */
    const uint64_t attempts = cfg->upd.attempts < PCD_UPDATER_MAX_ATTEMPTS ? cfg->upd.attempts : PCD_UPDATER_MAX_ATTEMPTS;
    const uint64_t timeout = cfg->upd.timeout_us < PCD_UPDATER_MAX_TIMEOUT_US ? cfg->upd.timeout_us
                                                                               : PCD_UPDATER_MAX_TIMEOUT_US;
    if (why != NULL) {
        snprintf(why, why_len, "%u boot(s) x %llu attempt(s) x %llu.%03llu s + %llu s margin", boots,
                 (unsigned long long)attempts, (unsigned long long)(timeout / 1000000u),
                 (unsigned long long)(timeout % 1000000u / 1000u), (unsigned long long)(RUN_LIMIT_MARGIN_US / 1000000u));
    }
    return boots * attempts * timeout + RUN_LIMIT_MARGIN_US;
}

static int slot_dev(enum pcd_mem mem)
{
    return mem == PCD_MEM_QSPI ? FM_NRF_QSPI : mem == PCD_MEM_NAND ? FM_NRF_NAND : FM_NRF_APP_FLASH;
}

/* A secondary slot: memory, offset, size. */
struct slot_ref {
    enum pcd_mem slot_mem;
    uint32_t slot_off;
    uint32_t slot_size;
};

/* Put an image and its request into a secondary slot, as a DFU transport would leave it. */
static int write_slot(struct run_state *st, const struct slot_ref *u, const uint8_t *data, uint32_t len,
                      enum pcd_swap_type request)
{
    int dev = slot_dev(u->slot_mem);
    if (len > u->slot_size) {
        return PCDSIM_E_SCHEMA; /* the scenario's candidate does not fit its slot */
    }
    uint8_t *erased = malloc(u->slot_size);
    if (erased == NULL) {
        return PCDSIM_E_NOMEM;
    }
    memset(erased, 0xFF, u->slot_size);
    int rc = fm_load(st->fm, dev, u->slot_off, erased, u->slot_size);
    if (rc == 0 && len > 0) {
        rc = fm_load(st->fm, dev, u->slot_off, data, len);
    }
    if (rc == 0 && request != PCD_SWAP_NONE) {
        rc = fm_load(st->fm, dev, u->slot_off + u->slot_size - PCD_TRAILER_MAGIC_BACK, trailer_magic, 16);
        if (rc == 0 && request == PCD_SWAP_PERM) {
            uint8_t ok = 0x01;
            rc = fm_load(st->fm, dev, u->slot_off + u->slot_size - PCD_TRAILER_IMAGE_OK_BACK, &ok, 1);
        }
    }
    if (rc == 0 && st->on_raw_load != NULL) {
        /* a sweep's reference run: the slot as written, for the branches to rebuild */
        const uint8_t *v = fm_view(st->fm, dev, u->slot_off, u->slot_size);
        memcpy(erased, v, u->slot_size);
        st->on_raw_load(st->raw_load_ctx, dev, u->slot_off, erased, u->slot_size, fm_next_seq(st->fm), soc_now(st->soc));
    }
    free(erased);
    return rc == 0 ? 0 : PCDSIM_E_SCHEMA; /* the slot is not inside its memory */
}

/* The candidate slot of the run (image 1's in a batch). */
static int write_candidate(struct run_state *st, const uint8_t *data, uint32_t len, enum pcd_swap_type request)
{
    const struct slot_ref u = {st->cfg->upd.slot_mem, st->cfg->upd.slot_off, st->cfg->upd.slot_size};
    return write_slot(st, &u, data, len, request);
}

int run_setup(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    int rc = soc_create(&cfg->soc, &st->soc);
    if (rc != 0) {
        return rc;
    }
    st->fm = soc_fm(st->soc);
    st->limit_us = run_step_limit_us(cfg, NULL, 0);
    st->upd = cfg->upd;
    st->upd.keys = cfg->keys;
    st->upd.key_count = cfg->n_keys;
    st->upd.pcd_sram_addr = cfg->soc.pcd_sram_addr;
    st->upd.pcd_sram_size = cfg->soc.pcd_sram_size;
    st->upd.primary_mem = cfg->primary_mem; /* the running application (MI-DEPENDENCY on image 0) */
    st->upd.primary_off = cfg->primary_off;
    for (unsigned i = 0; i < cfg->n_loads; i++) {
        const struct run_load *l = &cfg->loads[i];
        if (fm_load(st->fm, l->dev, l->off, l->data, l->len) != 0) {
            return PCDSIM_E_SCHEMA; /* an initial load outside its memory */
        }
    }
    if (cfg->nand.on && (rc = run_nand_setup(st)) != 0) { /* candidates in NAND go in through the area */
        return rc;
    }
    if (cfg->candidate != NULL && !cfg->dl.registered && /* a download's images: download_run.c */
        !cfg->nand.slot[RUN_NAND_CAND].on && (rc = write_candidate(st, cfg->candidate, cfg->candidate_len, cfg->request)) != 0) {
        return rc;
    }
    if (cfg->batch.on && cfg->batch.app != NULL && !cfg->dl.registered && /* image 0 of a batch */
        !cfg->nand.slot[RUN_NAND_APP].on) {
        const struct run_batch *b = &cfg->batch;
        const struct slot_ref u = {b->app_slot_mem, b->app_slot_off, b->app_slot_size};
        if ((rc = write_slot(st, &u, b->app, b->app_len, b->app_request)) != 0) {
            return rc;
        }
    }
    soc_set_body(st->soc, FM_CORE_APP, run_app_body, st);
    soc_set_body(st->soc, FM_CORE_NET, run_net_body, st);
    soc_set_event_hook(st->soc, run_on_event, st);
    soc_set_program_hook(st->soc, run_on_program, st);
    for (unsigned i = 0; i < cfg->n_steps; i++) {
        enum pcdsim_scn_event ev;
        if (cfg->steps[i].kind == RUN_STEP_RUN_EVENT && !pcdsim_scn_event_find(cfg->steps[i].event, &ev)) {
            return PCD_E_INVAL; /* an event no table names would never come: refused, not awaited forever */
        }
    }
    return run_faults_arm(st);
}

/* Run until idle (or the awaited event), handling warm resets that faults asked for. @p line is
 * the scenario line of the run step, or 0 outside the scenario's steps, where @p phase says what
 * runs (for the evidence of a hang). */
static enum soc_stop run_until(struct run_state *st, uint64_t duration_us, unsigned line, const char *phase)
{
    uint64_t limit = soc_now(st->soc) + duration_us;
    for (;;) {
        enum soc_stop stop = soc_run(st->soc, limit);
        if (stop == SOC_STOP_EVENT && st->br.warm_reset_pending) {
            st->br.warm_reset_pending = false;
            soc_warm_reset(st->soc);
            continue;
        }
        if (stop == SOC_STOP_EVENT && st->br.awaiting && !st->br.await_hit) {
            continue;
        }
        if (stop == SOC_STOP_TIME && duration_us == st->limit_us && !st->br.hung) {
            char why[96];
            (void)run_step_limit_us(st->cfg, why, sizeof(why));
            st->br.hung = true;
            char where[64];
            if (line > 0) {
                snprintf(where, sizeof(where), "run step at scenario line %u", line);
            } else {
                snprintf(where, sizeof(where), "%s", phase != NULL ? phase : "a run step");
            }
            snprintf(st->br.hang_evidence, sizeof(st->br.hang_evidence),
                     "still running after %llu s of device time (%s; boots %u; network core %s; the bound of a "
                     "run step: %s)",
                     (unsigned long long)(duration_us / 1000000u), where, soc_boots(st->soc),
                     soc_net_held(st->soc) ? "held" : "released", why);
        }
        return stop;
    }
}

static void do_step(struct run_state *st, const struct run_step *sp)
{
    switch (sp->kind) {
    case RUN_STEP_POWER_ON: soc_power_on(st->soc); break;
    case RUN_STEP_POWER_CYCLE:
        soc_power_loss_now(st->soc);
        soc_power_on(st->soc);
        break;
    case RUN_STEP_WARM_RESET: soc_warm_reset(st->soc); break;
    case RUN_STEP_RUN_IDLE:
        (void)run_until(st, st->limit_us, sp->line, "run: idle, the default step (the scenario gives no steps)");
        break;
    case RUN_STEP_RUN_EVENT:
        st->br.awaiting = pcdsim_scn_event_find(sp->event, &st->br.await_event); /* known: run_setup() */
        st->br.await_hit = false;
        (void)run_until(st, st->limit_us, sp->line, NULL);
        st->br.awaiting = false;
        break;
    case RUN_STEP_RUN_TIME: (void)run_until(st, sp->time_us, sp->line, NULL); break;
    case RUN_STEP_RELEASE_NET: soc_release_net(st->soc); break;
    case RUN_STEP_WRITE_CANDIDATE:
        if (write_candidate(st, sp->data, sp->len, sp->request) != 0) {
            if (sp->line > 0) {
                soc_note(st->soc, -1, "step at line %u: the candidate does not fit its slot", sp->line);
            } else {
                soc_note(st->soc, -1, "a new candidate (%u bytes) does not fit its slot", sp->len);
            }
        } else {
            soc_note(st->soc, -1, "a new candidate (%u bytes) was written into the slot, request %s", sp->len,
                     pcd_swap_type_name(sp->request));
        }
        break;
    }
}

/* Power returns and the device runs on its own until it is idle: what SYS-POWER-SAFE and
 * SYS-CONVERGE judge. */
void run_settle(struct run_state *st)
{
    if (st->br.hung) {
        return; /* a step already ran into the run's bound: SYS-CONVERGE fails, nothing settles */
    }
    if (!soc_powered(st->soc)) {
        st->br.cut_in_test_boot |= run_rb_revert_pending(st); /* the memories as the loss left them */
        soc_note(st->soc, -1, "settle: power returns");
        soc_power_on(st->soc);
    }
    for (unsigned i = 0; i < st->cfg->max_boots; i++) {
        enum soc_stop stop = run_until(st, st->limit_us, 0, "settling to idle after the steps");
        if (stop != SOC_STOP_POWER_LOSS) {
            return;
        }
        st->br.cut_in_test_boot |= run_rb_revert_pending(st);
        soc_power_on(st->soc);
    }
}

/* One more power cycle, up to MCUboot's jump to the application: a finished (or rejected)
 * update must not be sent to the network core again (SYS-IDEMPOTENT). A copy would show as the
 * application core writing a COPY command; if it does, the probe runs on to idle so the copy
 * itself is seen too. */
static void idempotence_probe(struct run_state *st)
{
    struct fm_stats before, after;
    (void)fm_stats(st->fm, FM_NRF_NET_FLASH, &before);
    st->br.probing = true;
    soc_note(st->soc, -1, "probe: one more power cycle, up to the application (SYS-IDEMPOTENT)");
    soc_power_loss_now(st->soc);
    soc_power_on(st->soc);
    st->br.awaiting = true;
    st->br.await_event = PCDSIM_EV_APP_JUMP;
    st->br.await_hit = false;
    (void)run_until(st, st->limit_us, 0, "the SYS-IDEMPOTENT probe");
    st->br.awaiting = false;
    if (st->br.await_hit && st->br.probe_copy_cmds > 0) {
        (void)run_until(st, st->limit_us, 0, "the SYS-IDEMPOTENT probe");
    }
    st->br.probing = false;
    (void)fm_stats(st->fm, FM_NRF_NET_FLASH, &after);
    st->br.probe_net_writes = (after.prog_ops - before.prog_ops) + (after.erases - before.erases);
}

int run_execute(const struct run_config *cfg, const struct run_output *out, struct run_result *res)
{
    static const struct run_output quiet = {NULL, false, NULL, NULL};
    struct run_state *st = calloc(1, sizeof(*st));
    if (st == NULL) {
        return PCDSIM_E_NOMEM;
    }
    memset(res, 0, sizeof(*res));
    st->cfg = cfg;
    st->out = out ? out : &quiet;
    st->res = res;
    st->settle_on_loss = cfg->settle_on_loss;
    int rc = run_setup(st);
    if (rc == 0) {
        run_steps(st);
        run_settle(st);
        /* verdicts judge from the timeline: one that lost an event fails the run instead */
        if ((rc = soc_timeline_error(st->soc)) == 0) {
            run_judge_all(st); /* judges the settled state, runs the probe, ends the judging */
            rc = soc_timeline_error(st->soc);
        }
        if (rc == 0) {
            run_print_timeline(st);
        } else {
            res->ok = false;
        }
        if (rc == 0 && st->out->perfetto != NULL) {
            rc = run_perfetto_add(st->out->perfetto, st->soc, cfg->name);
        }
    }
    run_teardown(st);
    free(st);
    return rc;
}

void run_steps(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    if (cfg->n_steps == 0) {
        soc_power_on(st->soc);
        (void)run_until(st, st->limit_us, 0, "no steps given: power on, run to idle");
    }
    for (unsigned i = 0; i < cfg->n_steps; i++) {
        if (st->settle_on_loss && !soc_powered(st->soc) && soc_boots(st->soc) > 0) {
            soc_note(st->soc, -1, "the cut ends the scenario's steps; the device settles");
            break;
        }
        do_step(st, &cfg->steps[i]);
    }
}

void run_teardown(struct run_state *st)
{
    run_nand_teardown(st);
    soc_destroy(st->soc);
    st->soc = NULL;
}

void run_judge_all(struct run_state *st)
{
    run_judge(st);
    /* SYS-IDEMPOTENT last: it boots once more */
    const bool probed = !st->br.hung && soc_powered(st->soc);
    /* an unconfirmed test batch must revert at the next boot (RB-REVERT): that copy is due */
    const bool revert_due = probed && run_rb_revert_pending(st);
    if (probed) {
        idempotence_probe(st);
        bool ok = revert_due || (st->br.probe_copy_cmds == 0 && st->br.probe_net_writes == 0);
        run_add_verdict(st->res, "SYS-IDEMPOTENT", ok, "one more boot: %u COPY command(s), %llu net-flash operation(s)%s",
                        st->br.probe_copy_cmds, (unsigned long long)st->br.probe_net_writes,
                        revert_due ? " (the revert of an unconfirmed test batch, RB-REVERT)" : "");
    }
    run_check_rb_after_probe(st, (enum net_image)st->br.settled_ni, probed, revert_due);
    run_judge_end(st);
}
