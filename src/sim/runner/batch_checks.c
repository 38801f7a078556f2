/* The MI-* requirements of a batch run (reference-behaviour §5; docs/SPEC.md section 7): judged on
 * the settled device against what the oracle itself computes of the batch's candidates (their
 * validity, dependencies, versions and sizes), never on what the updater says it did. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcd/fwinfo.h"
#include "pcdsim/bufport.h"
#include "runner_internal.h"

/* fw_info.version of the image body @p body (@p len bytes), 0 if it carries none. */
static bool fw_version_of(const uint8_t *body, uint32_t len, uint32_t *v)
{
    struct pcdsim_bufport bp;
    struct pcd_fw_info fi;
    if (body == NULL || pcdsim_bufport_init(&bp, body, len, PCD_MEM_APP_FLASH, 0) != 0 ||
        pcd_fwinfo_find(&bp.port, 0, len, &fi) != 0) {
        return false;
    }
    *v = fi.version;
    return true;
}

static void image_facts(const struct run_state *st, uint32_t i, struct mi_image *m)
{
    const struct run_config *cfg = st->cfg;
    const struct run_batch *b = &cfg->batch;
    const uint8_t *data = i == 0u ? b->app : cfg->candidate;
    const uint32_t len = i == 0u ? b->app_len : cfg->candidate_len;
    const enum pcd_swap_type req = i == 0u ? b->app_request : cfg->request;
    struct pcdsim_bufport bp;
    m->present = data != NULL && req != PCD_SWAP_NONE;
    if (!m->present || pcdsim_bufport_init(&bp, data, len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR) != 0) {
        return;
    }
    const struct pcd_image_config ic = {cfg->keys, cfg->n_keys, cfg->upd.net_app_addr, cfg->upd.net_app_size};
    m->verdict = pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, len, &ic, &m->ir);
    if (m->verdict == 0 && run_nand_uncorrectable(cfg, i == 0u ? RUN_NAND_APP : RUN_NAND_CAND, len)) {
        m->verdict = PCD_E_ECC; /* NAND-ECC: a page the ECC cannot correct makes the stored candidate invalid */
    }
    m->ver = m->ir.hdr.ver;
    m->end = m->ir.layout_valid ? m->ir.layout.end : len;
    const bool net = m->ir.reset_vector_valid && m->ir.targets_net;
    const bool fits = i == 0u ? m->end + PCD_SLOT_RESERVED <= cfg->primary_size : m->ir.hdr.img_size <= cfg->upd.net_app_size;
    bool fw = true;
    if (i == 1u && m->ir.hdr_valid && (uint64_t)m->ir.hdr.hdr_size + m->ir.hdr.img_size <= len) {
        fw = fw_version_of(data + m->ir.hdr.hdr_size, m->ir.hdr.img_size, &m->fw_ver);
    }
    m->valid = m->verdict == 0 && net == (i == 1u) && fits && fw;
}

/* The record of image @p i's slot at the end of the run. */
static void slot_facts(struct run_state *st, uint32_t i, struct mi_image *m)
{
    const struct run_config *cfg = st->cfg;
    const enum pcd_mem mem = i == 0u ? cfg->batch.app_slot_mem : cfg->upd.slot_mem;
    const uint32_t off = i == 0u ? cfg->batch.app_slot_off : cfg->upd.slot_off;
    const uint32_t size = i == 0u ? cfg->batch.app_slot_size : cfg->upd.slot_size;
    const enum run_nand_which w = i == 0u ? RUN_NAND_APP : RUN_NAND_CAND;
    uint8_t *nand = cfg->nand.slot[w].on ? run_nand_slot_copy(st, w) : NULL; /* a NAND slot: through its area */
    const uint8_t *v = cfg->nand.slot[w].on ? nand : fm_view(st->fm, mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH, off, size);
    struct pcdsim_bufport bp;
    memset(&m->slot, 0, sizeof(m->slot));
    if (v != NULL && pcdsim_bufport_init(&bp, v, size, mem, PCD_NO_CPU_ADDR) == 0) {
        (void)pcd_slot_state_read(&bp.port, mem, 0, size, &m->slot);
    }
    free(nand);
}

/* The candidates and the initial images, judged once per process (a sweep's branches share them). */
static void static_facts(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    struct mi_facts *f = &st->mi;
    uint8_t raw[PCD_IMAGE_HEADER_SIZE];
    struct pcd_image_header h;
    memset(f, 0, sizeof(*f));
    run_initial_bytes(st, FM_NRF_APP_FLASH, cfg->primary_off, sizeof(raw), raw);
    f->app_known = pcd_image_header_decode(raw, &h) == 0;
    f->app0 = h.ver;
    f->net_known = fw_version_of(cfg->net_initial, cfg->net_initial_len, &f->net0);
    for (uint32_t i = 0; i < 2u; i++) {
        image_facts(st, i, &f->img[i]);
    }
    st->mi_known = true;
}

static void facts(struct run_state *st, bool net_new, struct mi_facts *f)
{
    const struct run_config *cfg = st->cfg;
    if (!st->mi_known) {
        static_facts(st);
    }
    *f = st->mi;
    for (uint32_t i = 0; i < 2u; i++) {
        slot_facts(st, i, &f->img[i]);
    }
    struct mi_image *a = &f->img[0], *n = &f->img[1];
    a->applied = a->present && cfg->batch.app_len <= cfg->primary_size &&
                 fm_compare(st->fm, FM_NRF_APP_FLASH, cfg->primary_off, cfg->batch.app, cfg->batch.app_len, NULL) == 0;
    /* a network-core update whose body is the running image's cannot be told applied or not: it
     * counts as whatever the application half did */
    const bool same = n->present && n->ir.hdr_valid && cfg->net_initial != NULL &&
                      cfg->net_initial_len == n->ir.hdr.img_size &&
                      (uint64_t)n->ir.hdr.hdr_size + n->ir.hdr.img_size <= cfg->candidate_len &&
                      memcmp(cfg->net_initial, cfg->candidate + n->ir.hdr.hdr_size, cfg->net_initial_len) == 0;
    n->applied = n->present && (same ? a->applied : net_new);
}

static int vcmp(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t b0, uint32_t b1, uint32_t b2)
{
    return a0 != b0 ? (a0 > b0 ? 1 : -1) : a1 != b1 ? (a1 > b1 ? 1 : -1) : a2 != b2 ? (a2 > b2 ? 1 : -1) : 0;
}

/* Are all dependencies of image @p i met (docs/SPEC.md 7.1)? *@p any: it has one. */
static bool deps_met(const struct mi_facts *f, uint32_t i, bool *any)
{
    const struct mi_image *m = &f->img[i];
    for (uint32_t k = 0; k < m->ir.dep_count; k++) {
        const struct pcd_image_dep *d = &m->ir.deps[k];
        const uint32_t j = d->image_id;
        uint32_t v[3] = {0u, 0u, 0u};
        *any = true;
        if (j > 1u) {
            return false;
        }
        if (f->img[j].present) {
            v[0] = j == 1u ? f->img[1].fw_ver : f->img[0].ver.major;
            v[1] = j == 1u ? 0u : f->img[0].ver.minor;
            v[2] = j == 1u ? 0u : f->img[0].ver.revision;
        } else if (j == 0u) {
            if (!f->app_known) {
                return false;
            }
            v[0] = f->app0.major, v[1] = f->app0.minor, v[2] = f->app0.revision;
        } else if (!f->net_known) {
            continue; /* nothing runs on the network core: met */
        } else {
            v[0] = f->net0;
        }
        if (vcmp(v[0], v[1], v[2], d->version.major, d->version.minor, d->version.revision) < 0) {
            return false;
        }
    }
    return true;
}

static bool any_reason(const struct mi_facts *f, int reason)
{
    return (f->img[0].present && f->img[0].slot.nack_reason == reason) ||
           (f->img[1].present && f->img[1].slot.nack_reason == reason);
}

static bool nothing_applied(const struct mi_facts *f)
{
    return !f->img[0].applied && !f->img[1].applied;
}

static const char *state_of(const struct mi_image *m)
{
    return !m->present ? "no candidate" : m->applied ? "new" : "old";
}

static void check_validate_all(struct run_state *st, const struct mi_facts *f)
{
    bool invalid = false;
    for (uint32_t i = 0; i < 2u; i++) {
        invalid = invalid || (f->img[i].present && !f->img[i].valid);
    }
    if (invalid) {
        const bool ok = nothing_applied(f) && st->br.copy_cmds == 0 &&
                        (!f->img[0].present || f->img[0].slot.mark == PCD_SLOT_NACK) &&
                        (!f->img[1].present || f->img[1].slot.mark == PCD_SLOT_NACK);
        run_add_verdict(st->res, "MI-VALIDATE-ALL", ok,
                        "a candidate is invalid (app %d, net %d): app %s, net %s, %u COPY command(s), both slots %s",
                        f->img[0].verdict, f->img[1].verdict, state_of(&f->img[0]), state_of(&f->img[1]),
                        st->br.copy_cmds, ok ? "rejected" : "not both rejected");
        return;
    }
    const bool ok = !any_reason(f, PCD_E_IMG_HASH) && !any_reason(f, PCD_E_IMG_SIG) &&
                    !any_reason(f, PCD_E_IMG_KEY_UNKNOWN) && !any_reason(f, PCD_E_IMG_SLOT);
    run_add_verdict(st->res, "MI-VALIDATE-ALL", ok, "every candidate valid; %s",
                    ok ? "none refused as invalid" : "a valid candidate was recorded as invalid");
}

static void check_order(struct run_state *st, const struct mi_facts *f, bool refused)
{
    const struct mi_image *a = &f->img[0], *n = &f->img[1];
    if (!a->present || !n->present) {
        return; /* not a two-image batch: nothing to order */
    }
    const bool net_failed = n->slot.mark == PCD_SLOT_NACK && !refused;
    const bool ok = refused ? nothing_applied(f) : a->applied == n->applied && (a->applied || net_failed);
    run_add_verdict(st->res, "MI-ORDER", ok, "settled: app %s, net %s (batch %s%s)%s", state_of(a), state_of(n),
                    refused ? "refused" : "valid", net_failed ? ", network-core half failed" : "",
                    a->applied != n->applied ? ": a mixed pair" : "");
}

static void check_mark(struct run_state *st, const struct mi_facts *f)
{
    bool ok = true, any = false;
    char ev[160] = "";
    for (uint32_t i = 0; i < 2u; i++) {
        const struct mi_image *m = &f->img[i];
        if (!m->present) {
            continue;
        }
        any = true;
        const enum pcd_slot_mark want = m->applied ? PCD_SLOT_DONE : PCD_SLOT_NACK;
        ok = ok && m->slot.mark == want;
        const size_t l = strlen(ev);
        snprintf(ev + l, sizeof(ev) - l, "%simage %u %s, slot %s (reason %d)", l ? "; " : "", (unsigned)i,
                 state_of(m), m->slot.mark == PCD_SLOT_DONE ? "done" : m->slot.mark == PCD_SLOT_NACK ? "rejected" : "unmarked",
                 m->slot.nack_reason);
    }
    if (any) {
        run_add_verdict(st->res, "MI-MARK", ok, "%s", ev);
    }
}

/* A refusal rule: with @p expect_refused nothing may be applied and, when the updater reaches this
 * check (@p reached: no earlier verdict refused the batch), a slot records @p reason; without it
 * no slot may record @p reason. */
static void check_refusal(struct run_state *st, const char *id, bool applies, bool expect_refused, bool reached,
                          int reason, const struct mi_facts *f, const char *what, bool batch_ok)
{
    if (!applies) {
        return;
    }
    /* not refused for this reason: and when the batch as a whole must go through, it went through
     * (unless its network-core half failed on the way: a NACK for another reason, e.g. attempts) */
    const struct mi_image *a = &f->img[0], *n = &f->img[1];
    const bool net_failed = n->present && !n->applied && n->slot.mark == PCD_SLOT_NACK;
    const bool through = !batch_ok || net_failed || ((!a->present || a->applied) && (!n->present || n->applied));
    const bool ok = expect_refused ? nothing_applied(f) && (!reached || any_reason(f, reason))
                                   : !any_reason(f, reason) && through;
    run_add_verdict(st->res, id, ok, "%s: %s; app %s, net %s", what, expect_refused ? "must be refused" : "must not be refused",
                    state_of(&f->img[0]), state_of(&f->img[1]));
}

/* The batch's verdict as the oracle computes it (docs/SPEC.md 7.1, 7.3). */
static bool batch_refused(const struct run_state *st, const struct mi_facts *f, bool *all_valid, bool *met,
                          bool *fits, bool *older, bool *any_dep)
{
    const struct run_config *cfg = st->cfg;
    const struct mi_image *a = &f->img[0], *n = &f->img[1];
    *any_dep = false;
    const bool met0 = deps_met(f, 0u, any_dep), met1 = deps_met(f, 1u, any_dep); /* both: any_dep */
    *met = met0 && met1;
    *fits = !n->present || n->end <= cfg->batch.ramsim_size;
    *older = cfg->batch.downgrade_prevention &&
             ((a->present && f->app_known &&
               vcmp(a->ver.major, a->ver.minor, a->ver.revision, f->app0.major, f->app0.minor, f->app0.revision) < 0) ||
              (n->present && f->net_known && n->fw_ver < f->net0));
    *all_valid = (!a->present || a->valid) && (!n->present || (n->valid && *fits));
    return !*all_valid || !*met || *older;
}

bool run_batch_refused(struct run_state *st, bool net_new)
{
    struct mi_facts f;
    bool all_valid, met, fits, older, any_dep;
    facts(st, net_new, &f);
    return batch_refused(st, &f, &all_valid, &met, &fits, &older, &any_dep);
}

void run_check_mi(struct run_state *st, const char *id, bool net_new, bool net_none)
{
    const struct run_config *cfg = st->cfg;
    struct mi_facts f;
    (void)net_none;
    if (!cfg->batch.on) {
        return; /* not a batch: not judged */
    }
    facts(st, net_new, &f);
    bool all_valid, met, fits, older, any_dep;
    const bool refused = batch_refused(st, &f, &all_valid, &met, &fits, &older, &any_dep);
    const struct mi_image *n = &f.img[1];
    if (strcmp(id, "MI-VALIDATE-ALL") == 0) {
        check_validate_all(st, &f);
    } else if (strcmp(id, "MI-ORDER") == 0) {
        check_order(st, &f, refused);
    } else if (strcmp(id, "MI-MARK") == 0) {
        check_mark(st, &f);
    } else if (strcmp(id, "MI-DEPENDENCY") == 0) {
        check_refusal(st, id, any_dep, !met, all_valid, PCD_E_IMG_DEPENDENCY, &f,
                      met ? "dependencies met" : "a dependency is unmet", !refused);
    } else if (strcmp(id, "MI-RAMSIM") == 0) {
        check_refusal(st, id, n->present, !fits, n->verdict == 0, PCD_E_RAMSIM, &f,
                      fits ? "the network-core image fits the RAM window" : "the network-core image exceeds the RAM window",
                      !refused);
    } else if (strcmp(id, "MI-DOWNGRADE") == 0) {
        check_refusal(st, id, cfg->batch.downgrade_prevention, older, all_valid && met, PCD_E_IMG_DOWNGRADE, &f,
                      older ? "a candidate is older than what runs" : "no candidate is older than what runs", !refused);
    }
}
