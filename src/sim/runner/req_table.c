/* Requirement dispatch: one row per requirement id the runner judges, {id, check}. A scenario's
 * requirement id is looked up here (run_check_requirement()); the ctest runner.tables
 * (test/unit/runner/test_runner_tables.c) checks this table
 * against the registry of src/sim/scenario/requirements.c both ways, so a registered id that is
 * not planned has a row and every row names a registered id. A new family (MI-, RB-, NAND-, DL-,
 * PKG-, N52-) adds rows. A check adds at most one verdict for its id; none when nothing in the
 * run lets it be judged (the id is then listed as not judged).
 *
 * Above req_checks.c, config.c and verdicts.c; below oracles.c
 * (runner_internal.h gives the order). */
#include <stdlib.h>
#include <string.h>

#include "pcd/cmd.h"
#include "pcd/fwinfo.h"
#include "pcdsim/bufport.h"
#include "runner_internal.h"

const char *run_slot_word(const struct pcd_slot_state *s)
{
    if (s->mark == PCD_SLOT_DONE) {
        return "done";
    }
    if (s->mark == PCD_SLOT_NACK) {
        return "rejected";
    }
    return s->swap != PCD_SWAP_NONE ? "pending" : "empty";
}

/* COPY commands the application core wrote into the PCD block (its magic word), from the timeline. */
static unsigned app_copy_commands(const struct run_state *st)
{
    unsigned n, count = 0;
    const struct soc_event *e = soc_events(st->soc, &n);
    for (unsigned i = 0; i < n; i++) {
        count += e[i].kind == SOC_EV_SHARED_WRITE && e[i].core == FM_CORE_APP && e[i].arg == PCD_CMD_MAGIC_COPY &&
                 e[i].addr == st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC;
    }
    return count;
}

/* APP-MARK-NACK: an update that did not reach the network core must not stay requested: after
 * the failed attempts (or a rejection) the slot says rejected (or requests nothing any more), so
 * that the next boot does not send it again (NCS hazard H4). */
static void check_mark_nack(struct run_state *st, const char *id, const struct req_facts *f)
{
    const struct candidate_facts *cf = f->cf;
    const struct pcd_slot_state *slot = f->slot;
    const enum net_image ni = f->ni;
    const unsigned cmds = app_copy_commands(st);
    if (run_check_unawaited_copy(st, id)) {
        return; /* whatever the partition holds now, the network core copied on its own */
    }
    if (ni == NET_NEW) {
        run_add_verdict(st->res, id, true, "the update reached the network core: nothing to reject");
        return;
    }
    if (cmds == 0 && cf->valid) {
        run_add_verdict(st->res, id, true, "no attempt was made (no COPY command)");
        return;
    }
    const bool ok = slot->mark == PCD_SLOT_NACK || slot->swap == PCD_SWAP_NONE;
    char what[64];
    if (cmds == 0) {
        snprintf(what, sizeof(what), "the update was refused before any COPY command");
    } else {
        snprintf(what, sizeof(what), "%u COPY command(s) over %u boot(s) failed", cmds, st->res->boots);
    }
    run_add_verdict(st->res, id, ok, "%s (%s); the slot %s (record: %s)%s", what,
                    ni == NET_OLD ? "old network-core image kept" : "no valid network-core image",
                    ok ? "no longer requests it" : "still requests it", run_slot_word(slot),
                    ok ? "" : ": every boot sends it again");
}

/* B0N-BOOT-VALID: if the network core's last jump into an application is still what its
 * partition holds (no B0N erase since), that application passes the boot check; one without
 * fw_info fails it (NCS's bl_boot aborts on it too, facts errata). Judged on the memory, not on
 * B0N's word (H7). */
static void check_boot_valid(struct run_state *st, const char *id)
{
    const struct run_config *cfg = st->cfg;
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    int last = -1;
    for (unsigned i = 0; i < n; i++) {
        if (e[i].core == FM_CORE_NET && e[i].kind == SOC_EV_BOOT) {
            last = (int)i;
        } else if (e[i].core == FM_CORE_NET && e[i].kind == SOC_EV_FLASH_ERASE) {
            last = -1; /* that image is no longer there */
        }
    }
    if (last < 0) {
        run_add_verdict(st->res, id, true, "the network core runs no application from its current partition");
        return;
    }
    const uint32_t part = cfg->b0n.app_addr - FM_NRF_NET_FLASH_BASE;
    const uint8_t *v = fm_view(st->fm, FM_NRF_NET_FLASH, part, cfg->b0n.app_size);
    struct pcdsim_bufport bp;
    struct pcd_fwinfo_result fr;
    int rc = PCD_E_IO;
    if (v != NULL && pcdsim_bufport_init(&bp, v, cfg->b0n.app_size, PCD_MEM_NET_FLASH, cfg->b0n.app_addr) == 0) {
        rc = pcd_fwinfo_validate(&bp.port, cfg->b0n.app_addr, 0, cfg->b0n.app_addr, cfg->b0n.app_addr,
                                 cfg->b0n.app_size, &fr);
    }
    if (rc == 0) {
        run_add_verdict(st->res, id, true, "B0N booted 0x%08x, which passes the boot check", e[last].arg);
        return;
    }
    run_add_verdict(st->res, id, false, "B0N booted 0x%08x although that application fails the boot check: %s (%s)",
                    e[last].arg, pcd_strerror(rc), pcd_describe(rc));
}

/* APP-VALIDATE for a valid candidate: in every boot, MCUboot's validation (app.validated)
 * comes before the first COPY command it writes. */
static void check_validated_first(struct run_state *st, const char *id)
{
    unsigned n, cmds = 0;
    const struct soc_event *e = soc_events(st->soc, &n);
    bool validated = false;
    for (unsigned i = 0; i < n; i++) {
        if (e[i].core != FM_CORE_APP) {
            continue;
        }
        if (e[i].kind == SOC_EV_CORE_START) {
            validated = false;
        } else if (e[i].kind == SOC_EV_TRACE && e[i].arg == PCD_TRACE_APP_VALIDATED) {
            validated = true;
        } else if (e[i].kind == SOC_EV_SHARED_WRITE && e[i].arg == PCD_CMD_MAGIC_COPY &&
                   e[i].addr == st->cfg->soc.pcd_sram_addr + PCD_CMD_OFF_MAGIC) {
            if (!validated) {
                run_add_verdict(st->res, id, false, "a COPY command was written at %llu us before MCUboot validated "
                                "the candidate in that boot", (unsigned long long)e[i].t_us);
                return;
            }
            cmds++;
        }
    }
    run_add_verdict(st->res, id, true, "valid candidate; each of the %u COPY command(s) followed its validation", cmds);
}

/* --- the rows ------------------------------------------------------------------------------------ */

static void req_app_lock(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)f;
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    bool locked = false, ok = true;
    for (unsigned i = 0; i < n; i++) {
        if (e[i].core != FM_CORE_APP) {
            continue;
        }
        if (e[i].kind == SOC_EV_CORE_START) {
            locked = false;
        } else if (e[i].kind == SOC_EV_SPU_LOCK) {
            locked = true;
        } else if (e[i].kind == SOC_EV_BOOT && !locked) {
            ok = false;
        }
    }
    run_add_verdict(st->res, id, ok, ok ? "pcd_sram locked before every jump to the application"
                                        : "MCUboot jumped to the application with pcd_sram writable");
}

static void req_app_forceoff(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)f;
    if (run_check_unawaited_copy(st, id)) {
        return;
    }
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    bool held = true, ok = true;
    for (unsigned i = 0; i < n && ok; i++) {
        if (e[i].kind == SOC_EV_CORE_START && e[i].core == FM_CORE_APP) {
            held = true;
        } else if (e[i].kind == SOC_EV_FORCEOFF) {
            held = e[i].arg != 0;
        } else if (e[i].kind == SOC_EV_SHARED_WRITE && e[i].core == FM_CORE_APP && e[i].arg == PCD_CMD_MAGIC_COPY) {
            ok = held;
        }
    }
    run_add_verdict(st->res, id, ok, ok ? "every COPY command was written with the network core held"
                                        : "a COPY command was written while the network core ran");
}

static void req_app_hash(struct run_state *st, const char *id, const struct req_facts *f)
{
    const struct pcd_updater_result *u = &st->br.upd_res;
    if (!(st->br.upd_ran && u->attempts > 0 && f->cf->present)) {
        return;
    }
    bool ok = memcmp(u->sha256, f->cf->body_sha, PCD_SHA256_LEN) == 0;
    run_add_verdict(st->res, id, ok, ok ? "expected SHA-256 = SHA-256 of the %u bytes to copy"
                                        : "expected SHA-256 differs from the SHA-256 of the %u bytes to copy",
                    f->cf->body_len);
}

static void req_app_stage(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)f;
    const struct pcd_updater_result *u = &st->br.upd_res;
    if (!(st->br.upd_ran && u->attempts > 0)) {
        return;
    }
    const struct fm_device_desc *rf = fm_dev_desc(st->fm, FM_NRF_RAM_FLASH);
    uint32_t ram0 = FM_NRF_APP_SRAM_BASE + rf->parent_offset;
    bool in_ram = u->src >= FM_NRF_APP_SRAM_BASE && u->src < FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE;
    bool ok = st->cfg->upd.slot_mem != PCD_MEM_QSPI || (u->staged && in_ram);
    run_add_verdict(st->res, id, ok, "PCD src 0x%08x (%s; RAM flash simulator at 0x%08x)", u->src,
                    in_ram ? "app RAM" : "not app RAM", ram0);
}

/* APP-VALIDATE, APP-SIZE, APP-ROUTE for a candidate the application side must not send: no COPY
 * command reached the network core. */
static void refused_candidate(struct run_state *st, const char *id, const struct candidate_facts *cf)
{
    const int why = cf->verdict != 0    ? cf->verdict
                    : !cf->targets_net ? PCD_E_NOT_NET_IMAGE
                    : !cf->deps_met    ? PCD_E_IMG_DEPENDENCY
                                       : PCD_E_NOT_BOOTABLE;
    run_add_verdict(st->res, id, st->br.copy_cmds == 0, "candidate %s (%s): %u COPY command(s) reached the network core",
                    cf->verdict        ? "invalid"
                    : !cf->targets_net ? "not for the network core"
                    : !cf->deps_met    ? "with an unmet dependency, MI-DEPENDENCY"
                                       : "not bootable",
                    pcd_strerror(why), st->br.copy_cmds);
}

static void req_app_validate(struct run_state *st, const char *id, const struct req_facts *f)
{
    if (!f->cf->present) {
        return;
    }
    if (!f->app_ok) {
        refused_candidate(st, id, f->cf);
    } else {
        check_validated_first(st, id);
    }
}

/* APP-ROUTE, APP-SIZE */
static void req_app_route(struct run_state *st, const char *id, const struct req_facts *f)
{
    if (!f->cf->present) {
        return;
    }
    if (!f->app_ok) {
        refused_candidate(st, id, f->cf);
    } else if (st->br.copy_cmds > 0) {
        /* the other side of the rule: a valid network-core candidate that fits does go over PCD */
        run_add_verdict(st->res, id, true,
                        "valid candidate for the network core (reset vector in the partition, %u bytes that fit): "
                        "%u COPY command(s) reached B0N",
                        f->cf->body_len, st->br.copy_cmds);
    }
}

static void req_app_mark_done(struct run_state *st, const char *id, const struct req_facts *f)
{
    if (!f->cf->valid) {
        return;
    }
    const struct pcd_slot_state *slot = f->slot;
    run_add_verdict(st->res, id, slot->mark == PCD_SLOT_DONE, "slot record: %s",
                    slot->mark == PCD_SLOT_DONE ? "done" : slot->mark == PCD_SLOT_NACK ? "rejected" : "unmarked");
}

static void req_app_mark_nack(struct run_state *st, const char *id, const struct req_facts *f)
{
    if (f->cf->present) {
        check_mark_nack(st, id, f);
    }
}

static void req_b0n_boot_valid(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)f;
    check_boot_valid(st, id);
}

static void req_b0n_src_bootable(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)id;
    if (f->cf->present && f->cf->targets_net) {
        run_check_b0n_src_bootable(st, f->cf->bootable);
    }
}

/* B0N-SELF-PROTECT: the container as it was, but for NSIB's counter slots when B0N may write them
 * (b0n.counter_update, docs/SPEC.md 7.4): there bits may only have been cleared and the counter
 * not lowered. */
static void req_b0n_self_protect(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)f;
    const struct pcd_b0n_config *b = &st->cfg->b0n;
    const struct run_counter *c = &st->cfg->counter;
    const uint32_t off = b->container_addr - FM_NRF_NET_FLASH_BASE, size = b->container_size;
    const bool slots = c->on && b->counter_update && c->slots_addr >= b->container_addr &&
                       c->slots_addr - b->container_addr <= size - 2u * c->n_slots;
    const uint32_t s0 = slots ? c->slots_addr - b->container_addr : size, s1 = slots ? s0 + 2u * c->n_slots : size;
    uint8_t *init = malloc(size);
    const uint8_t *now = fm_view(st->fm, FM_NRF_NET_FLASH, off, size);
    uint32_t diff = size;
    if (init != NULL && now != NULL) {
        run_initial_bytes(st, FM_NRF_NET_FLASH, off, size, init);
        for (uint32_t i = 0; i < size && diff == size; i++) {
            const bool counter_slot = i >= s0 && i < s1;
            diff = (counter_slot ? (now[i] & ~init[i]) != 0 : now[i] != init[i]) ? i : size;
        }
        if (diff == size && slots && run_counter_decode(now + s0, c->n_slots) < run_counter_decode(init + s0, c->n_slots)) {
            diff = s0;
        }
    }
    const bool same = init != NULL && now != NULL && diff == size;
    free(init);
    if (same && slots) {
        run_add_verdict(st->res, id, true, "B0N container unchanged but for the version counter's slots (counter %u, "
                        "never lowered)", run_counter_now(st));
    } else if (same) {
        run_add_verdict(st->res, id, true, "B0N container unchanged");
    } else {
        run_add_verdict(st->res, id, false, "B0N container changed at 0x%08x", b->container_addr + (diff % size));
    }
}

/* The checks of req_checks.c, which take the run only. */
#define REQ_CHECKS_ROW(fn)                                                                 \
    static void req_##fn(struct run_state *st, const char *id, const struct req_facts *f) \
    {                                                                                      \
        (void)id;                                                                          \
        (void)f;                                                                           \
        run_check_##fn(st);                                                                \
    }
REQ_CHECKS_ROW(b0n_check_cmd)
REQ_CHECKS_ROW(b0n_src_sha)
REQ_CHECKS_ROW(b0n_dst_sha)
REQ_CHECKS_ROW(b0n_report)
REQ_CHECKS_ROW(app_retry)
REQ_CHECKS_ROW(app_timeout)
REQ_CHECKS_ROW(b0n_copy)

/* MI-*: a batch (app + net, reference-behaviour §5), judged by batch_checks.c; nothing on a run
 * that is not a batch. */
static void req_mi(struct run_state *st, const char *id, const struct req_facts *f)
{
    run_check_mi(st, id, f->ni == NET_NEW, f->ni == NET_NONE);
}

/* DL-*: the application's download (download_run.c); nothing on a run without one. */
static void req_dl(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)f;
    run_check_dl(st, id);
}

/* RB-*: a rollback run (test batch, reference-behaviour §6), judged by rb_checks.c. */
static void req_rb(struct run_state *st, const char *id, const struct req_facts *f)
{
    run_check_rb(st, id, f->ni);
}

/* The system properties have no row check: the oracles judge them on every run (oracles.c, and
 * SYS-IDEMPOTENT after the probe, runner.c), whether the scenario names them or not. */
/* N52-WRITE, N52-ACTIVATE, N52-POWER-SAFE: judged by the nRF52 runner on an nRF52840 scenario
 * (src/sim/nrf52/n52_verdicts.c, docs/NRF52.md); an nRF5340 run has no nRF52 update to judge. */
static void req_n52(struct run_state *st, const char *id, const struct req_facts *f)
{
    (void)st;
    (void)id;
    (void)f;
}

static const struct run_req_row rows[] = {
    {"APP-VALIDATE", req_app_validate},
    {"APP-ROUTE", req_app_route},
    {"APP-SIZE", req_app_route},
    {"APP-STAGE", req_app_stage},
    {"APP-HASH", req_app_hash},
    {"APP-TIMEOUT", req_app_timeout},
    {"APP-RETRY", req_app_retry},
    {"APP-MARK-DONE", req_app_mark_done},
    {"APP-MARK-NACK", req_app_mark_nack},
    {"APP-FORCEOFF", req_app_forceoff},
    {"APP-LOCK", req_app_lock},
    {"B0N-CHECK-CMD", req_b0n_check_cmd},
    {"B0N-SRC-SHA", req_b0n_src_sha},
    {"B0N-SRC-BOOTABLE", req_b0n_src_bootable},
    {"B0N-COPY", req_b0n_copy},
    {"B0N-DST-SHA", req_b0n_dst_sha},
    {"B0N-REPORT", req_b0n_report},
    {"B0N-BOOT-VALID", req_b0n_boot_valid},
    {"B0N-SELF-PROTECT", req_b0n_self_protect},
    {"MI-VALIDATE-ALL", req_mi},
    {"MI-DEPENDENCY", req_mi},
    {"MI-DOWNGRADE", req_mi},
    {"MI-RAMSIM", req_mi},
    {"MI-ORDER", req_mi},
    {"MI-MARK", req_mi},
    {"DL-STREAM", req_dl},
    {"DL-RESUME", req_dl},
    {"DL-REQUEST", req_dl},
    {"DL-REJECT", req_dl},
    {"N52-WRITE", req_n52},
    {"N52-ACTIVATE", req_n52},
    {"N52-POWER-SAFE", req_n52},
    {"NAND-BBM", run_check_nand},
    {"NAND-ECC", run_check_nand},
    {"NAND-ORDER", run_check_nand},
    {"NAND-STAGE", run_check_nand},
    {"RB-TEST", req_rb},
    {"RB-BACKUP", req_rb},
    {"RB-REVERT", req_rb},
    {"RB-CONFIRM", req_rb},
    {"RB-POWER-SAFE", req_rb},
    {"SYS-POWER-SAFE", NULL},
    {"SYS-CONVERGE", NULL},
    {"SYS-IDEMPOTENT", NULL},
    {"SYS-FLASH-RULES", NULL},
    {"SYS-NO-STRAY-WRITE", NULL},
    {"SYS-REPORT", NULL},
};

const struct run_req_row *run_req_table(size_t *n)
{
    *n = sizeof(rows) / sizeof(rows[0]);
    return rows;
}

void run_check_requirement(struct run_state *st, const char *id, const struct req_facts *f)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (strcmp(rows[i].id, id) == 0) {
            if (rows[i].check != NULL) {
                rows[i].check(st, id, f);
            }
            return;
        }
    }
}
