/* The oracles: after every run, the system properties of reference-behaviour.md §3 (whatever the
 * scenario says), checks of the requirement ids the scenario names, then the scenario's own
 * expectations. Each verdict carries its evidence. The oracles look at the memories and the
 * timeline; they do not trust what the code under test says about itself. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcd/cmd.h"
#include "pcd/fwinfo.h"
#include "pcdsim/bufport.h"
#include "runner_internal.h"

/* --- what the candidate is ------------------------------------------------------------------ */


/* A version "major.minor.revision" at least the dependency's? The oracle's own comparison
 * (MCUboot's: build numbers are not compared; a fw_info.version is "version.0.0", docs/SPEC.md). */
static bool at_least(const struct pcd_image_dep *d, uint32_t major, uint32_t minor, uint32_t revision)
{
    const uint64_t have = ((uint64_t)major << 32) | (minor << 16) | revision;
    const uint64_t need = ((uint64_t)d->version.major << 32) | ((uint32_t)d->version.minor << 16) | d->version.revision;
    return have >= need;
}

/* MI-DEPENDENCY on the initial state: each DEPENDENCY TLV against the application's header in the
 * primary slot (image 0), and against the fw_info.version of the initial network-core image and
 * the candidate's own version (the update's image index; a network core without a valid image
 * meets it: docs/SPEC.md 5.1). A version that cannot be known does not meet anything. */
static bool deps_met(const struct run_state *st, const struct pcd_image_result *ir)
{
    const struct run_config *cfg = st->cfg;
    for (uint32_t i = 0; i < ir->dep_count; i++) {
        const struct pcd_image_dep *d = &ir->deps[i];
        bool met = false;
        if (d->image_id == PCD_IMAGE_ID_APP) {
            uint8_t raw[PCD_IMAGE_HEADER_SIZE];
            struct pcd_image_header h;
            run_initial_bytes(st, cfg->primary_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH, cfg->primary_off,
                              sizeof(raw), raw);
            met = pcd_image_header_decode(raw, &h) == 0 && at_least(d, h.ver.major, h.ver.minor, h.ver.revision);
        } else if (d->image_id == PCD_IMAGE_ID_NET) {
            struct pcdsim_bufport bp;
            struct pcd_fwinfo_result fr;
            const bool runs = cfg->net_initial != NULL &&
                              pcdsim_bufport_init(&bp, cfg->net_initial, cfg->net_initial_len, PCD_MEM_NET_FLASH,
                                                  cfg->b0n.app_addr) == 0 &&
                              pcd_fwinfo_validate(&bp.port, cfg->b0n.app_addr, cfg->net_initial_len, cfg->b0n.app_addr,
                                                  cfg->b0n.app_addr, cfg->b0n.app_size, &fr) == 0;
            met = at_least(d, ir->hdr.ver.major, ir->hdr.ver.minor, ir->hdr.ver.revision) &&
                  (!runs || at_least(d, fr.fwinfo.version, 0, 0));
        }
        if (!met) {
            return false;
        }
    }
    return true;
}

static void judge_candidate(const struct run_state *st, struct candidate_facts *cf)
{
    const struct run_config *cfg = st->cfg;
    memset(cf, 0, sizeof(*cf));
    cf->boot_rc = PCD_E_IO; /* until the body is judged */
    if (cfg->candidate == NULL) {
        return;
    }
    if (cfg->candidate == NULL) {
        return;
    }
    cf->present = true;
    struct pcdsim_bufport bp;
    if (pcdsim_bufport_init(&bp, cfg->candidate, cfg->candidate_len, cfg->upd.slot_mem, PCD_NO_CPU_ADDR) != 0) {
        return;
    }
    /* as MCUboot is configured: its keys and its view of the network-core partition (APP-SIZE) */
    struct pcd_image_config ic = {cfg->keys, cfg->n_keys, cfg->upd.net_app_addr, cfg->upd.net_app_size};
    struct pcd_image_result ir;
    cf->verdict = pcd_image_validate(&bp.port, cfg->upd.slot_mem, 0, cfg->candidate_len, &ic, &ir);
    if (cf->verdict == 0 && run_nand_uncorrectable(cfg, RUN_NAND_CAND, cfg->candidate_len)) {
        cf->verdict = PCD_E_ECC; /* NAND-ECC: a page of the stored candidate the ECC cannot correct */
    }
    cf->targets_net = ir.reset_vector_valid && ir.targets_net;
    if (!ir.hdr_valid || (uint64_t)ir.hdr.hdr_size + ir.hdr.img_size > cfg->candidate_len) {
        return;
    }
    cf->body_off = ir.hdr.hdr_size;
    cf->body_len = ir.hdr.img_size;
    struct pcd_sha256 h;
    if (pcd_sha256_init(&h) == 0) {
        if (pcd_sha256_update(&h, cfg->candidate + cf->body_off, cf->body_len) == 0) {
            (void)pcd_sha256_final(&h, cf->body_sha);
        } else {
            pcd_sha256_drop(&h);
        }
    }
    struct pcdsim_bufport body;
    if (pcdsim_bufport_init(&body, cfg->candidate + cf->body_off, cf->body_len, PCD_MEM_APP_FLASH, 0) == 0) {
        struct pcd_fwinfo_result fr;
        cf->boot_rc = pcd_fwinfo_validate(&body.port, 0, cf->body_len, cfg->b0n.app_addr, cfg->b0n.app_addr,
                                          cfg->b0n.app_size, &fr);
        if (cf->boot_rc == 0 && fr.fwinfo.version < run_counter_initial(st)) {
            cf->boot_rc = PCD_E_FWINFO_COUNTER; /* below the provisioned version counter (facts §2.4 check 6) */
        }
        cf->bootable = cf->boot_rc == 0;
    }
    /* in a batch a dependency may be met by the other candidate: MI-DEPENDENCY judges it there
     * (batch_checks.c), and SYS-POWER-SAFE asks run_batch_refused() */
    cf->deps_met = cf->verdict != 0 || cfg->batch.on || deps_met(st, &ir);
    cf->valid = cf->verdict == 0 && cf->targets_net && cf->bootable && cf->deps_met;
}

/* --- what the network core holds --------------------------------------------------------------- */

static enum net_image classify_net(struct run_state *st, const struct candidate_facts *cf, char *ev, size_t evlen)
{
    const struct run_config *cfg = st->cfg;
    uint32_t part = cfg->b0n.app_addr - FM_NRF_NET_FLASH_BASE;
    uint32_t d_new = 0, d_old = 0;
    if (cf->present && cf->body_len > 0 && cf->body_len <= cfg->b0n.app_size &&
        fm_compare(st->fm, FM_NRF_NET_FLASH, part, cfg->candidate + cf->body_off, cf->body_len, &d_new) == 0) {
        /* a re-release or re-sign: the old image's bytes are the update's body. An update that is
         * not valid installs nothing, so the partition then holds the old image it always had. */
        if (!cf->valid && cfg->net_initial != NULL &&
            fm_compare(st->fm, FM_NRF_NET_FLASH, part, cfg->net_initial, cfg->net_initial_len, &d_old) == 0) {
            snprintf(ev, evlen, "net-core app partition holds the old image (%u bytes; the same bytes as the update's body)",
                     cfg->net_initial_len);
            return NET_OLD;
        }
        snprintf(ev, evlen, "net-core app partition holds the new image (%u bytes)", cf->body_len);
        return NET_NEW;
    }
    if (cfg->net_initial != NULL &&
        fm_compare(st->fm, FM_NRF_NET_FLASH, part, cfg->net_initial, cfg->net_initial_len, &d_old) == 0) {
        snprintf(ev, evlen, "net-core app partition holds the old image (%u bytes)", cfg->net_initial_len);
        return NET_OLD;
    }
    snprintf(ev, evlen,
             "net-core app partition holds neither image: differs from the new one at 0x%08x, from the old one at "
             "0x%08x",
             cfg->b0n.app_addr + d_new, cfg->b0n.app_addr + d_old);
    return NET_NONE;
}

/* B0N's boot check (B0N-BOOT-VALID) on what the net-core app partition holds now: 0 if B0N
 * would boot it, else the check's verdict. Judged on the memory, not on what B0N said. */
static int net_boot_check(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    const uint8_t *v = fm_view(st->fm, FM_NRF_NET_FLASH, cfg->b0n.app_addr - FM_NRF_NET_FLASH_BASE, cfg->b0n.app_size);
    struct pcdsim_bufport bp;
    struct pcd_fwinfo_result fr;
    if (v == NULL || pcdsim_bufport_init(&bp, v, cfg->b0n.app_size, PCD_MEM_NET_FLASH, cfg->b0n.app_addr) != 0) {
        return PCD_E_IO;
    }
    return pcd_fwinfo_validate(&bp.port, cfg->b0n.app_addr, 0, cfg->b0n.app_addr, cfg->b0n.app_addr, cfg->b0n.app_size,
                               &fr);
}

/* --- helpers over the timeline ---------------------------------------------------------------- */

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i])) {
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return n == 0;
}

static bool log_has(const struct run_state *st, const char *needle)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    for (unsigned i = 0; i < n; i++) {
        if ((e[i].kind == SOC_EV_LOG || e[i].kind == SOC_EV_NOTE || e[i].kind == SOC_EV_BUS_FAULT ||
             e[i].kind == SOC_EV_LOCK_REFUSED) &&
            contains_ci(e[i].text, needle)) {
            return true;
        }
    }
    return false;
}

/* The application core itself logged an error (an E: line of MCUboot), not a note of pcdsim's. */
static bool app_logged_error(const struct run_state *st)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    for (unsigned i = 0; i < n; i++) {
        if (e[i].kind == SOC_EV_LOG && e[i].core == FM_CORE_APP && e[i].arg == (uint32_t)PCD_LOG_ERR) {
            return true;
        }
    }
    return false;
}

/* Did power fail in this run (a scenario's power_loss, or the cut of a sweep branch / --cut)? */
static bool power_was_lost(const struct run_state *st)
{
    unsigned n;
    const struct soc_event *e = soc_events(st->soc, &n);
    for (unsigned i = 0; i < n; i++) {
        if (e[i].kind == SOC_EV_POWER_LOSS) {
            return true;
        }
    }
    return false;
}

static bool only_power_faults(const struct run_config *cfg)
{
    for (unsigned i = 0; i < cfg->n_faults; i++) {
        if (cfg->faults[i].kind != RUN_FAULT_POWER_LOSS) {
            return false;
        }
    }
    return true;
}

/* --- system properties ---------------------------------------------------------------------------- */

static void sys_power_safe(struct run_state *st, const struct candidate_facts *cf, enum net_image ni,
                           const struct pcd_slot_state *slot, const char *ev)
{
    struct run_result *res = st->res;
    bool pending = slot->mark == PCD_SLOT_UNMARKED && slot->swap != PCD_SWAP_NONE;
    bool runs = st->br.net_booted && !st->br.net_crashed;
    if (st->cfg->batch.on && st->cfg->batch.rollback) { /* a test batch may end old: a consistent pair (RB-*) */
        char pair[160];
        run_add_verdict(res, "SYS-POWER-SAFE", run_rb_pair(st, ni, pair, sizeof(pair)), "%s; %s", pair, ev);
        return;
    }
    if (cf->valid && st->cfg->batch.on && run_batch_refused(st, ni == NET_NEW)) {
        /* a valid net image in a batch that must be refused (MI-*): it is not an update to apply */
        run_add_verdict(res, "SYS-POWER-SAFE", ni != NET_NONE || st->cfg->net_initial == NULL,
                        "valid network-core image in a batch that is refused: %s", ev);
        return;
    }
    if (cf->valid && only_power_faults(st->cfg)) {
        /* With no application in the primary slot nobody releases the network core after the
         * update: it is held, not broken; judged by whether B0N would boot what it holds. */
        const bool held = !runs && !st->br.app_jumped && !st->br.net_crashed;
        const bool boots = runs || (held && net_boot_check(st) == 0);
        run_add_verdict(res, "SYS-POWER-SAFE", ni == NET_NEW && boots, "valid update, %s: %s; %s",
                        st->cfg->n_faults > 0 || power_was_lost(st) ? "power faults only" : "no fault injected", ev,
                        runs    ? "network core runs it"
                        : held  ? (boots ? "network core held (no application released it); B0N's boot check passes"
                                         : "network core held (no application released it); B0N's boot check fails")
                                : "network core does not run an application");
        return;
    }
    if (ni == NET_NONE) {
        run_add_verdict(res, "SYS-POWER-SAFE", !(cf->valid && pending),
                        "%s; the update is %s", ev, pending ? "still pending in the slot" : "no longer pending");
        return;
    }
    if (!cf->valid && st->cfg->net_initial != NULL) {
        run_add_verdict(res, "SYS-POWER-SAFE", ni == NET_OLD, "invalid or absent update: %s", ev);
        return;
    }
    run_add_verdict(res, "SYS-POWER-SAFE", true, "%s", ev);
}

static void sys_flash_rules(struct run_state *st)
{
    uint64_t total;
    unsigned n;
    const struct fm_record *r = fm_records(st->fm, &total, &n);
    for (unsigned i = 0; i < n; i++) {
        if (r[i].kind == FM_REC_BUS_FAULT) {
            continue; /* bus faults are reported as core halts, not flash rules */
        }
        const struct fm_device_desc *d = fm_dev_desc(st->fm, r[i].dev);
        run_add_verdict(st->res, "SYS-FLASH-RULES", false, "%s on %s at offset 0x%x (operation %llu)%s",
                        fm_strerror(r[i].err), d ? d->name : "?", r[i].addr, (unsigned long long)r[i].seq,
                        r[i].kind == FM_REC_WEAR ? ": erase count above endurance (wear)" : "");
        return;
    }
    run_add_verdict(st->res, "SYS-FLASH-RULES", true, "no violation of NVMC/QSPI rules in %llu flash operations",
                    (unsigned long long)fm_next_seq(st->fm));
}

/* Where a device offset lies, for stray-write evidence. */
static const char *region_name(const struct run_state *st, int dev, uint32_t off)
{
    const struct run_config *cfg = st->cfg;
    if (dev == FM_NRF_NET_FLASH) {
        uint32_t a = FM_NRF_NET_FLASH_BASE + off;
        return a >= cfg->b0n.container_addr && a - cfg->b0n.container_addr < cfg->b0n.container_size
                   ? "the B0N container" : "net flash outside the application partition";
    }
    if (dev == FM_NRF_APP_FLASH && off >= cfg->mcuboot_off && off - cfg->mcuboot_off < cfg->mcuboot_size) {
        return "MCUboot";
    }
    if (cfg->primary_mem == PCD_MEM_APP_FLASH && dev == FM_NRF_APP_FLASH && off >= cfg->primary_off &&
        off - cfg->primary_off < cfg->primary_size) {
        return "the application primary slot";
    }
    return dev == FM_NRF_QSPI ? "QSPI flash outside the candidate slot" : "app flash outside the candidate slot";
}

/* Regions of device @p d an update may change: the candidate slot, the net-core app partition,
 * and in a batch also image 0's slot and the application primary slot. Returns how many. */
static unsigned allowed_regions(const struct run_state *st, int d, uint32_t a[8][2])
{
    const struct run_config *cfg = st->cfg;
    unsigned n = 0;
    if (d == (cfg->upd.slot_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH)) {
        a[n][0] = cfg->upd.slot_off, a[n][1] = cfg->upd.slot_off + cfg->upd.slot_size, n++;
    }
    if (d == FM_NRF_NET_FLASH) {
        a[n][0] = cfg->b0n.app_addr - FM_NRF_NET_FLASH_BASE, a[n][1] = a[n][0] + cfg->b0n.app_size, n++;
    }
    if (cfg->batch.on && d == (cfg->batch.app_slot_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH)) {
        a[n][0] = cfg->batch.app_slot_off, a[n][1] = cfg->batch.app_slot_off + cfg->batch.app_slot_size, n++;
    }
    if (cfg->batch.on && d == FM_NRF_APP_FLASH) {
        a[n][0] = cfg->primary_off, a[n][1] = cfg->primary_off + cfg->primary_size, n++;
    }
    const struct pcd_dl_area *pg = &cfg->dl.cfg.progress; /* a download's progress log (pcd/download.h) */
    if (cfg->dl.on && d == (pg->mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH)) {
        a[n][0] = pg->off, a[n][1] = pg->off + pg->size, n++;
    }
    if (cfg->batch.rollback && d == (cfg->batch.backup_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH)) {
        a[n][0] = cfg->batch.backup_off, a[n][1] = cfg->batch.backup_off + cfg->batch.backup_size, n++; /* RB-BACKUP */
    }
    if (cfg->counter.on && cfg->b0n.counter_update && d == FM_NRF_NET_FLASH) { /* NSIB's counter slots */
        a[n][0] = cfg->counter.slots_addr - FM_NRF_NET_FLASH_BASE, a[n][1] = a[n][0] + 2u * cfg->counter.n_slots, n++;
    }
    return n;
}

/* End of the allowed region holding @p o, or 0 if none does. */
static uint32_t allowed_end(uint32_t a[8][2], unsigned n, uint32_t o)
{
    for (unsigned k = 0; k < n; k++) {
        if (o >= a[k][0] && o < a[k][1]) {
            return a[k][1];
        }
    }
    return 0;
}

/* Only pages the cores programmed or erased can hold a stray write (the flash model's touched
 * pages, which snapshots keep); each is compared with its initial bytes outside the regions an
 * update may change. */
static void sys_no_stray_write(struct run_state *st)
{
    static const int devs[] = {FM_NRF_APP_FLASH, FM_NRF_NET_FLASH, FM_NRF_QSPI};
    uint32_t pages[2048];
    uint8_t init[0x1000];
    for (unsigned k = 0; k < sizeof(devs) / sizeof(devs[0]); k++) {
        const int d = devs[k];
        const struct fm_device_desc *dd = fm_dev_desc(st->fm, d);
        uint32_t a[8][2];
        const unsigned na = allowed_regions(st, d, a);
        uint32_t n = fm_pages_touched(st->fm, d, pages, 2048);
        for (uint32_t i = 0; i < n && i < 2048; i++) {
            uint32_t p0 = pages[i] * dd->page_size, p1 = p0 + dd->page_size;
            const uint32_t e0 = allowed_end(a, na, p0);
            if (e0 != 0 && p1 <= e0) {
                continue;
            }
            const uint8_t *now = fm_view(st->fm, d, p0, dd->page_size);
            run_initial_bytes(st, d, p0, dd->page_size, init);
            for (uint32_t o = p0; o < p1; o++) {
                const uint32_t e = allowed_end(a, na, o);
                if (e != 0) {
                    o = e - 1;
                    continue;
                }
                if (now[o - p0] != init[o - p0]) {
                    run_add_verdict(st->res, "SYS-NO-STRAY-WRITE", false,
                                    "%s offset 0x%x (%s) changed: 0x%02x -> 0x%02x", dd->name, o, region_name(st, d, o),
                                    init[o - p0], now[o - p0]);
                    return;
                }
            }
        }
    }
    run_add_verdict(st->res, "SYS-NO-STRAY-WRITE", true,
                    st->cfg->batch.on ? "only the batch's slots, the application primary slot and the network-core "
                                        "application partition changed"
                                      : "only the candidate slot and the network-core application partition changed");
}

static void sys_report(struct run_state *st, enum net_image ni, const struct candidate_facts *cf)
{
    const struct pcd_updater_result *u = &st->br.upd_res;
    const char *missing = NULL, *why = "";
    char ev[320];
    /* B0N's own boot check on the settled partition decides "no valid image" (an application
     * without fw_info that B0N booted unvalidated is flagged by B0N-BOOT-VALID, not here) */
    const int boot_rc = ni == NET_NEW ? cf->boot_rc : net_boot_check(st); /* the new image: judged once */
    const bool runs = st->br.net_booted && !st->br.net_crashed;
    const bool no_valid = boot_rc != 0 && !(boot_rc == PCD_E_FWINFO_MISSING && runs);
    const char *contradiction = run_report_contradicted(st, cf->present && ni != NET_NEW, ev, sizeof(ev));
    if (contradiction != NULL) {
        run_add_verdict(st->res, "SYS-REPORT", false, "%s: %s", contradiction, ev);
        return;
    }
    if (no_valid && !log_has(st, "no valid")) {
        missing = "network core has no valid image";
    } else if (no_valid && run_report_app_silent(st)) {
        missing = "network core has no valid image";
        why = " by the application core, although B0N answered that the partition was changed and would not boot";
    } else if (st->br.upd_ran && u->outcome == PCD_UPD_REJECTED && !log_has(st, "rejected")) {
        missing = "update rejected (reason)";
    } else if (st->br.upd_ran && u->outcome == PCD_UPD_EXHAUSTED && !log_has(st, "attempts exhausted")) {
        missing = "attempts exhausted";
    } else if (st->br.upd_ran && u->timeouts > 0 && !log_has(st, "timeout")) {
        missing = "timeout";
    } else if (st->br.upd_stops > 0 && !app_logged_error(st)) {
        missing = "network core update stopped (reason)"; /* e.g. a refused configuration */
    }
    if (missing != NULL) {
        run_add_verdict(st->res, "SYS-REPORT", false, "not reported: \"%s\"%s", missing, why);
        return;
    }
    run_add_verdict(st->res, "SYS-REPORT", true, "every outcome to act on was reported; no report contradicts the outcome");
}


/* --- the scenario's expectations ---------------------------------------------------------------------- */


/* A power loss that hit a test batch swapped in but not yet confirmed: MCUboot reverts it at the
 * next boot (docs/ROLLBACK.md), so the old pair is as correct an end as the expected one. True
 * when that happened and the device holds the old pair (RB-POWER-SAFE judges the pair itself). */
static bool reverted_before_confirm(struct run_state *st, enum net_image ni)
{
    char ev[160];
    return st->br.cut_in_test_boot && ni == NET_OLD && run_rb_pair(st, ni, ev, sizeof(ev));
}

static void check_expectations(struct run_state *st, const struct pcd_slot_state *slot, enum net_image ni)
{
    const struct run_expect *x = &st->cfg->expect;
    struct run_result *res = st->res;
    const bool reverted = reverted_before_confirm(st, ni);
    if (reverted && (x->has_app_version || x->has_net_version)) {
        static const char why[] = "power lost before the test batch was confirmed: reverted to the old pair "
                                  "(application %u.%u.%u+%lu, network core %u), as MCUboot reverts an unconfirmed test image";
        const struct pcd_image_version *v = &st->br.app_ver;
        if (x->has_app_version) {
            run_add_verdict(res, "expect.app_version", true, why, v->major, v->minor, v->revision,
                            (unsigned long)v->build, st->br.net_version);
        }
        if (x->has_net_version) {
            run_add_verdict(res, "expect.net_version", true, why, v->major, v->minor, v->revision,
                            (unsigned long)v->build, st->br.net_version);
        }
    } else if (x->app_none) {
        run_add_verdict(res, "expect.app_version", !st->br.app_jumped, "expected no application; %s",
                        st->br.app_jumped ? "one runs" : "none runs");
    } else if (x->has_app_version) {
        bool ok = st->br.app_jumped && memcmp(&st->br.app_ver, &x->app_version, sizeof(x->app_version)) == 0;
        /* the build number is compared (memcmp) and so printed: 1.2.3+5 is not 1.2.3+4 */
        run_add_verdict(res, "expect.app_version", ok, "expected %u.%u.%u+%lu, running %s%u.%u.%u+%lu",
                        x->app_version.major, x->app_version.minor, x->app_version.revision,
                        (unsigned long)x->app_version.build, st->br.app_jumped ? "" : "(none) ", st->br.app_ver.major,
                        st->br.app_ver.minor, st->br.app_ver.revision, (unsigned long)st->br.app_ver.build);
    }
    if (x->has_net_version && !reverted) {
        bool ok = x->net_version < 0 ? !st->br.net_booted : (st->br.net_booted && st->br.net_version == (uint32_t)x->net_version);
        char now[48];
        if (st->br.net_booted) {
            snprintf(now, sizeof(now), "network core runs version %u", st->br.net_version);
        } else {
            snprintf(now, sizeof(now), "network core runs nothing");
        }
        if (x->net_version < 0) {
            run_add_verdict(res, "expect.net_version", ok, "expected no network-core application, %s", now);
        } else {
            run_add_verdict(res, "expect.net_version", ok, "expected %lld, %s", (long long)x->net_version, now);
        }
    }
    if (x->has_net_counter) {
        const uint32_t got = run_counter_now(st);
        run_add_verdict(res, "expect.net_counter", st->cfg->counter.on && got == x->net_counter,
                        "expected %u, the provision data's counter holds %u%s", x->net_counter, got,
                        st->cfg->counter.on ? "" : " (no counter provisioned)");
    }
    if (x->slot != RUN_SLOT_ANY) {
        static const char *const words[] = {"any", "pending", "done", "rejected", "empty"};
        bool ok = strcmp(words[x->slot], run_slot_word(slot)) == 0;
        run_add_verdict(res, "expect.slot", ok, "expected %s, slot is %s", words[x->slot], run_slot_word(slot));
    }
    if (x->attempts >= 0) {
        uint32_t got = st->br.upd_ran ? st->br.upd_res.attempts : 0;
        run_add_verdict(res, "expect.attempts", got == (uint32_t)x->attempts, "expected %d, last boot made %u",
                        x->attempts, got);
    }
    if (x->boots >= 0) {
        run_add_verdict(res, "expect.boots", st->res->boots == (unsigned)x->boots, "expected %d, %u boots", x->boots,
                        st->res->boots);
    }
    for (unsigned i = 0; i < x->n_log; i++) {
        if (st->cfg->net_binary != NULL && !log_has(st, x->log[i])) {
            continue; /* a B0N binary has no log sink (docs/TARGET.md): a line only the host B0N writes */
        }
        run_add_verdict(res, "expect.log", log_has(st, x->log[i]), "\"%s\" %s", x->log[i],
                        log_has(st, x->log[i]) ? "logged" : "not in the log");
    }
    for (unsigned i = 0; i < x->n_no_log; i++) {
        run_add_verdict(res, "expect.no_log", !log_has(st, x->no_log[i]), "\"%s\" %s", x->no_log[i],
                        log_has(st, x->no_log[i]) ? "was logged" : "not logged");
    }
    for (unsigned i = 0; i < x->n_reports; i++) {
        run_add_verdict(res, "expect.reports", log_has(st, x->reports[i]), "\"%s\" %s", x->reports[i],
                        log_has(st, x->reports[i]) ? "reported" : "not reported");
    }
}

/* Apply expected failures and compute the overall outcome. */
static void finish(struct run_state *st)
{
    struct run_result *res = st->res;
    const struct run_expect *x = &st->cfg->expect;
    res->ok = true;
    for (unsigned i = 0; i < res->n_verdicts; i++) {
        struct run_verdict *v = &res->verdicts[i];
        bool want = true;
        for (unsigned k = 0; k < x->n_verdicts; k++) {
            if (strcmp(x->verdict_id[k], v->id) == 0) {
                want = x->verdict_pass[k];
            }
        }
        v->expected_fail = !want;
        if (v->pass != want) {
            res->ok = false;
        }
    }
    for (unsigned k = 0; k < x->n_verdicts; k++) {
        bool found = false;
        for (unsigned i = 0; i < res->n_verdicts; i++) {
            found |= strcmp(x->verdict_id[k], res->verdicts[i].id) == 0;
        }
        if (!found) {
            run_add_verdict(res, x->verdict_id[k], false, "expected a verdict for %s, but none was reached", x->verdict_id[k]);
            res->ok = false;
        }
    }
}

void run_judge(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    struct run_result *res = st->res;
    if (!st->cand_known) {
        judge_candidate(st, &st->cand); /* the same for every branch of a sweep */
        st->cand_known = true;
    }
    const struct candidate_facts cf = st->cand;

    /* the settled state */
    char ev[200];
    enum net_image ni = classify_net(st, &cf, ev, sizeof(ev));
    st->br.settled_ni = (int)ni;
    struct pcd_slot_state slot;
    memset(&slot, 0, sizeof(slot));
    slot.swap = PCD_SWAP_NONE;
    int sdev = cfg->upd.slot_mem == PCD_MEM_QSPI ? FM_NRF_QSPI : FM_NRF_APP_FLASH;
    const bool in_nand = cfg->nand.slot[RUN_NAND_CAND].on;
    uint8_t *nand_slot = in_nand ? run_nand_slot_copy(st, RUN_NAND_CAND) : NULL; /* a NAND slot: through the area */
    const uint8_t *sv = in_nand ? nand_slot : fm_view(st->fm, sdev, cfg->upd.slot_off, cfg->upd.slot_size);
    struct pcdsim_bufport bp;
    if (sv != NULL && pcdsim_bufport_init(&bp, sv, cfg->upd.slot_size, cfg->upd.slot_mem, PCD_NO_CPU_ADDR) == 0) {
        (void)pcd_slot_state_read(&bp.port, cfg->upd.slot_mem, 0, cfg->upd.slot_size, &slot);
    }
    free(nand_slot);
    res->boots = soc_boots(st->soc);
    res->app_running = st->br.app_jumped;
    res->app_version = st->br.app_ver;
    res->net_running = st->br.net_booted && !st->br.net_crashed;
    res->net_version = st->br.net_version;
    snprintf(res->net_state, sizeof(res->net_state), "%s",
             ni == NET_NEW ? "new image" : ni == NET_OLD ? "old image" : "no valid image");
    res->last_update = st->br.upd_res;
    res->have_update = st->br.upd_ran;
    res->have_batch = st->br.batch_ran;
    for (unsigned i = 0; i < PCD_BATCH_IMAGES; i++) {
        res->batch_outcome[i] = st->br.batch_res.img[i].outcome;
        res->batch_reason[i] = st->br.batch_res.img[i].reason;
    }
    res->pcd_attempts_total = st->br.copy_cmds;

    sys_power_safe(st, &cf, ni, &slot, ev);
    if (st->br.hung) {
        run_add_verdict(res, "SYS-CONVERGE", false, "%s", st->br.hang_evidence);
    } else {
        run_add_verdict(res, "SYS-CONVERGE", res->boots <= cfg->max_boots,
                        "idle after %u boot(s) and %llu ms of device time (bound of a run step %llu s)", res->boots,
                        (unsigned long long)(soc_now(st->soc) / 1000u), (unsigned long long)(st->limit_us / 1000000u));
    }
    sys_flash_rules(st);
    sys_no_stray_write(st);
    sys_report(st, ni, &cf);
    /* What the app side can judge: MCUboot validity and the target core. Whether B0N could boot
     * the body (fw_info, validation hash) is B0N's to check (B0N-SRC-BOOTABLE): an image without
     * fw_info that MCUboot accepts does go over PCD, and B0N refuses it. Dependencies (MI-DEPENDENCY)
     * are the app side's to check. */
    const struct req_facts facts = {&cf, &slot, ni, cf.verdict == 0 && cf.targets_net && cf.deps_met};
    for (unsigned i = 0; i < cfg->n_requirements; i++) {
        run_check_requirement(st, cfg->requirements[i], &facts);
    }
    check_expectations(st, &slot, ni);
    if (cfg->net_binary != NULL) { /* the binary ran to a park or a jump at every start */
        run_add_verdict(res, "net_binary", st->br.net_binary_fault[0] == '\0', "%s",
                        st->br.net_binary_fault[0] != '\0' ? st->br.net_binary_fault
                                                            : "B0N binary parked or jumped at every start");
    }
}

void run_judge_end(struct run_state *st)
{
    const struct run_config *cfg = st->cfg;
    struct run_result *res = st->res;
    for (unsigned i = 0; i < cfg->n_requirements; i++) {
        if (run_find_verdict(res, cfg->requirements[i]) == NULL &&
            res->n_not_judged < sizeof(res->not_judged) / sizeof(res->not_judged[0])) {
            /* named, but nothing in this run lets it be judged: said, never counted as a pass */
            snprintf(res->not_judged[res->n_not_judged++], sizeof(res->not_judged[0]), "%s", cfg->requirements[i]);
        }
    }
    res->device_time_us = soc_now(st->soc);
    res->flash_ops = fm_next_seq(st->fm);
    finish(st);
}
