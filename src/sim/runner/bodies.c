/* What each core runs from its reset: the update code of the run's profile, then a small
 * modelled application.
 *   application core: MCUboot's network-core update path -- the reference pcd_updater_run()
 *     (profile reference) or the model of NCS's sdk-mcuboot path ncs_mcuboot_run() (profile
 *     ncs, src/sim/ncs/) --, the jump to the application in the primary slot, then the
 *     application: it releases the network core and waits for it to report its running version;
 *   network core: B0N -- the reference pcd_b0n_run() after the ACL lock of its container (as
 *     firmware/b0n does), or the model of NCS's netboot ncs_b0n_run() --, then, if B0N booted an
 *     image, the network-core application, which reports its version (fw_info.version) to the
 *     application core. */
#include <stdio.h>
#include <string.h>

#include "pcd/cmd.h"
#include "pcd/image.h"
#include "pcd/rollback.h"
#include "pcd/fwinfo.h"
#include "pcdsim/ncs.h"
#include "pcdsim/host_err.h"
#include "pcdsim/netcpu.h"
#include "runner_internal.h"

static bool net_has_reported(void *arg)
{
    return ((struct run_state *)arg)->br.net_reported;
}

/* The application writes a PCD command itself (a compromised or confused application, H12). */
static int app_writes_pcd(struct run_state *st, const struct pcd_port *port)
{
    const struct run_fault *f = &st->cfg->faults[st->br.app_writes_pcd_fault];
    uint32_t base = st->cfg->soc.pcd_sram_addr;
    soc_note(st->soc, FM_CORE_APP, "application writes a PCD command: magic 0x%08x src 0x%08x len 0x%x dst 0x%x",
             f->pcd_words[0], f->pcd_words[1], f->pcd_words[2], f->pcd_words[3]);
    st->br.app_writes_pcd_pending = false;
    static const uint32_t order[4] = {PCD_CMD_OFF_SRC, PCD_CMD_OFF_LEN, PCD_CMD_OFF_DST, PCD_CMD_OFF_MAGIC};
    static const int word_of[4] = {1, 2, 3, 0};
    for (int k = 0; k < 4; k++) {
        int rc = pcd_shared_write32(port, base + order[k], f->pcd_words[word_of[k]]);
        if (rc != 0) {
            soc_note(st->soc, FM_CORE_APP, "application: PCD command write failed (%s)", pcd_strerror(rc));
            return rc;
        }
    }
    return 0;
}

/* Profile reference: the real app-side updater of src/pcd/. False if the core was halted. */
static bool app_update_batch(struct run_state *st, struct soc *soc, enum fm_core core, const struct pcd_port *port);

static bool app_update_reference(struct run_state *st, struct soc *soc, enum fm_core core,
                                 const struct pcd_port *port)
{
    struct pcd_updater_result r;
    int rc = 0;
    const struct pcd_port *raw = port;
    port = run_nand_port(st, raw, &rc); /* slots in NAND: through their NAND areas */
    if (port == NULL) {
        if (rc != PCD_E_HALTED) {
            soc_note(soc, (int)core, "MCUboot: the NAND area cannot be mounted: %s", pcd_strerror(rc));
        }
        return rc != PCD_E_HALTED;
    }
    if (st->cfg->batch.on) {
        return app_update_batch(st, soc, core, port);
    }
    rc = pcd_updater_run(&st->upd, port, &r);
    if (rc == PCD_E_HALTED) {
        return false;
    }
    st->br.upd_res = r;
    st->br.upd_ran = true;
    if (rc != 0 && r.outcome == PCD_UPD_ERROR) {
        soc_note(soc, (int)core, "MCUboot: network-core update path stopped: %s", pcd_strerror(rc));
        if (r.attempts == 0u && !st->br.probing) {
            st->br.upd_stops++; /* APP-TIMEOUT / APP-RETRY have nothing to judge in this boot */
            st->br.upd_stop_rc = rc;
        }
    }
    if (r.outcome == PCD_UPD_NOT_NET_IMAGE) {
        soc_note(soc, (int)core, "MCUboot: application-core candidate left for MCUboot's own swap (not simulated)");
    }
    return true;
}

/* Profile reference with a batch: pcd_batch_run() (pcd/batch.h). The net half's result stands in
 * for the single updater's, so the APP-* and SYS-* oracles judge image 1 as before. */
static bool app_update_batch(struct run_state *st, struct soc *soc, enum fm_core core, const struct pcd_port *port)
{
    const struct run_batch *b = &st->cfg->batch;
    struct pcd_batch_config bc;
    struct pcd_batch_result r;
    pcd_batch_config_default(&bc);
    bc.net = st->upd;
    bc.ramsim_size = b->ramsim_size;
    bc.app_slot_mem = b->app_slot_mem;
    bc.app_slot_off = b->app_slot_off;
    bc.app_slot_size = b->app_slot_size;
    bc.app_primary_off = st->cfg->primary_off;
    bc.app_primary_size = st->cfg->primary_size;
    bc.app_keys = st->upd.keys;
    bc.app_key_count = st->upd.key_count;
    bc.downgrade_prevention = b->downgrade_prevention;
    bc.rb.on = b->rollback;
    bc.rb.backup_mem = b->backup_mem;
    bc.rb.backup_off = b->backup_off;
    bc.rb.backup_size = b->backup_size;
    int rc = pcd_batch_run(&bc, port, &r);
    if (rc == PCD_E_HALTED) {
        return false;
    }
    st->br.batch_res = r;
    st->br.batch_ran = true;
    struct pcd_updater_result u = r.net;
    if (!r.img[1].in_batch) { /* image 1 not applied in this boot: what the survey found */
        memset(&u, 0, sizeof(u));
        u.slot = r.img[1].slot;
        u.candidate = r.img[1].candidate;
        u.locked = r.locked;
    }
    u.outcome = r.img[1].outcome;
    u.reason = r.img[1].reason;
    st->br.upd_res = u;
    st->br.upd_ran = true;
    if (rc != 0) {
        soc_note(soc, (int)core, "MCUboot: batch update stopped: %s", pcd_strerror(rc));
    }
    return true;
}

/* Profile ncs: the MCUboot model configured from the run: the same slot, keys, layout and poll
 * period as the reference; overwrite-only and no CONFIG_FPROTECT; the scenario's NCS release and,
 * for a simultaneous-update layout, RAM staging through mcuboot_primary_1 (docs/NCS-PROFILE.md). */
static void ncs_mcuboot_config_of(const struct run_state *st, struct ncs_mcuboot_config *c)
{
    const struct run_config *cfg = st->cfg;
    ncs_mcuboot_config_default(c);
    c->slot_mem = st->upd.slot_mem;
    c->slot_off = st->upd.slot_off;
    c->slot_size = st->upd.slot_size;
    c->primary_mem = cfg->primary_mem;
    c->primary_off = cfg->primary_off;
    c->primary_size = cfg->primary_size;
    c->keys = st->upd.keys;
    c->key_count = st->upd.key_count;
    c->net_app_addr = st->upd.net_app_addr;
    c->net_app_size = st->upd.net_app_size;
    c->pcd_offset = st->upd.net_app_addr - st->upd.net_flash_addr;
    c->pcd_sram_addr = st->upd.pcd_sram_addr;
    c->pcd_sram_size = st->upd.pcd_sram_size;
    c->poll_us = st->upd.poll_us;
    c->overwrite_only = true;
    c->fprotect = false;
    c->ncs_version = cfg->ncs.version != 0u ? cfg->ncs.version : NCS_VERSION_DEFAULT;
    c->multi_image = cfg->ncs.multi_image;
    c->ram_slot_off = cfg->ncs.ram_slot_off;
    c->ram_slot_size = cfg->ncs.ram_slot_size;
    c->b0n_addr = cfg->b0n.container_addr;
    c->downgrade_prevention = cfg->batch.downgrade_prevention; /* pcd_version_cmp_net(), NCS >= 2.5 */
}

/* What the oracles read of an updater run, from the NCS model's result. NCS records nothing in
 * the slot and sends no hash, so `marked` stays false and `sha256` all zero. */
static void ncs_result_to_updater(const struct ncs_mcuboot_result *r, struct pcd_updater_result *u)
{
    memset(u, 0, sizeof(*u));
    u->slot.swap = r->swap;
    u->slot.magic_good = r->swap != PCD_SWAP_NONE;
    u->slot.mark = PCD_SLOT_UNMARKED;
    u->candidate = r->candidate;
    u->targets_net = r->targets_net;
    u->hdr_size = r->hdr_size;
    u->img_size = r->img_size;
    u->version = r->version;
    u->src = r->src;
    u->attempts = r->cmd_written ? 1u : 0u;
    u->attempt[0].rc = r->rc;
    u->locked = r->locked;
    u->staged = r->staged;
    switch (r->outcome) {
    case NCS_MCUBOOT_NO_CANDIDATE: u->outcome = PCD_UPD_NO_CANDIDATE; break;
    case NCS_MCUBOOT_INVALID: u->outcome = PCD_UPD_REJECTED; break;
    case NCS_MCUBOOT_NOT_NET: u->outcome = PCD_UPD_NOT_NET_IMAGE; break;
    case NCS_MCUBOOT_NET_DONE: u->outcome = PCD_UPD_DONE; break;
    case NCS_MCUBOOT_NET_FAILED: u->outcome = PCD_UPD_ERROR; break; /* no "attempts exhausted" in NCS */
    case NCS_MCUBOOT_HALTED:
    default: u->outcome = PCD_UPD_HALTED; break;
    }
    u->reason = r->outcome == NCS_MCUBOOT_INVALID || r->outcome == NCS_MCUBOOT_NET_FAILED ? r->rc : 0;
}

/* Profile ncs: the model of NCS's MCUboot path. False if the core was halted (power, reset, a
 * BusFault in MCUboot: H1 with a slot offset past app flash, or the run's time bound: NCS's wait
 * for the network core has no timeout, H10, and the SoC stops a core at the bound of the run
 * step, which SYS-CONVERGE reports). */
/* Profile ncs with a batch: image 0 first, in index order (ncs_batch.c); a dependency on image 1
 * is compared with image 1's pending candidate header, else with the faked 0.0.0. */
static int ncs_image0(struct run_state *st, const struct pcd_port *port)
{
    const struct run_config *cfg = st->cfg;
    struct ncs_image0_config c;
    enum ncs_image0_outcome o;
    uint8_t h[PCD_IMAGE_HEADER_SIZE];
    struct pcd_image_header hd;
    struct pcd_slot_state ss;
    memset(&c, 0, sizeof(c));
    c.slot_mem = cfg->batch.app_slot_mem;
    c.slot_off = cfg->batch.app_slot_off;
    c.slot_size = cfg->batch.app_slot_size;
    c.primary_off = cfg->primary_off;
    c.primary_size = cfg->primary_size;
    c.keys = st->upd.keys;
    c.key_count = st->upd.key_count;
    c.net_app_addr = st->upd.net_app_addr;
    c.net_app_size = st->upd.net_app_size;
    int rc = pcd_flash_read(port, st->upd.slot_mem, st->upd.slot_off, h, sizeof(h));
    if (rc == 0) {
        rc = pcd_slot_state_read(port, st->upd.slot_mem, st->upd.slot_off, st->upd.slot_size, &ss);
    }
    if (rc != 0) {
        return rc;
    }
    if (pcd_image_header_decode(h, &hd) == 0 && ss.swap != PCD_SWAP_NONE) {
        c.image1 = hd.ver; /* image 1 is upgrading: its candidate's header */
    }
    return ncs_mcuboot_image0(&c, port, &o);
}

static bool app_update_ncs(struct run_state *st, struct soc *soc, enum fm_core core, const struct pcd_port *port)
{
    struct ncs_mcuboot_config c;
    struct ncs_mcuboot_result r;
    ncs_mcuboot_config_of(st, &c);
    if (st->cfg->batch.on) {
        const int rc0 = ncs_image0(st, port);
        if (rc0 == PCD_E_HALTED || rc0 == PCD_E_BUS_FAULT) {
            return false;
        }
    }
    int rc = ncs_mcuboot_run(&c, port, &r);
    if (rc == PCD_E_HALTED || rc == PCD_E_BUS_FAULT) {
        return false;
    }
    ncs_result_to_updater(&r, &st->br.upd_res);
    st->br.upd_ran = true;
    if (rc != 0) {
        soc_note(soc, (int)core, "MCUboot (NCS): network-core update path stopped: %s", pcd_strerror(rc));
    }
    if (r.outcome == NCS_MCUBOOT_NOT_NET) {
        soc_note(soc, (int)core, "MCUboot: application-core candidate left for MCUboot's own swap (not simulated)");
    }
    return true;
}

void run_app_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    struct run_state *st = arg;
    const struct run_config *cfg = st->cfg;
    st->br.app_jumped = false;
    st->br.net_reported = false; /* the mailbox is RAM: nothing survives a reset */
    run_dl_boot_check(st);       /* what MCUboot is about to find in a download's slots */

    const bool running = cfg->profile == RUN_PROFILE_NCS ? app_update_ncs(st, soc, core, port)
                                                         : app_update_reference(st, soc, core, port);
    if (!running) {
        return;
    }

    /* MCUboot boots the image in the primary slot. */
    uint8_t raw[PCD_IMAGE_HEADER_SIZE];
    struct pcd_image_header h;
    int rc = pcd_flash_read(port, cfg->primary_mem, cfg->primary_off, raw, sizeof(raw));
    if (rc != 0) {
        return;
    }
    if (pcd_image_header_decode(raw, &h) != 0) {
        pcd_log(port, PCD_LOG_ERR, "Unable to find bootable image");
        return;
    }
    pcd_log(port, PCD_LOG_INF, "Jumping to the first image slot");
    st->br.app_jumped = true;
    st->br.app_ver = h.ver;
    pcd_boot(port, cfg->primary_off + h.hdr_size);
    soc_note(soc, (int)core, "application %u.%u.%u+%u running", h.ver.major, h.ver.minor, h.ver.revision,
             (unsigned)h.ver.build);

    if (st->br.app_writes_pcd_pending && app_writes_pcd(st, port) != 0) {
        return;
    }
    /* The application brings up the network core and waits for it to say which version runs. */
    if (pcd_netcore_force_off(port, false) != 0) {
        return;
    }
    rc = soc_wait(soc, core, 10000, 5000000, net_has_reported, st);
    if (rc == 0) {
        soc_note(soc, (int)core, "application: network core reports version %u", st->br.net_version);
        if (cfg->batch.rollback && !cfg->batch.never_confirm && cfg->profile != RUN_PROFILE_NCS &&
            pcd_rb_confirm(port, cfg->primary_off, cfg->primary_size) == 0) {
            soc_note(soc, (int)core, "application: confirms itself (image_ok, when a test swap awaits it)");
        }
    } else if (rc == PCD_E_TIMEOUT) {
        soc_note(soc, (int)core, "application: network core did not report within 5 s");
    }
    if (cfg->dl.on && !st->br.probing && (rc == 0 || rc == PCD_E_TIMEOUT)) {
        /* the application receives the package (DL-*); slots in NAND through its driver's areas */
        const struct pcd_port *dport = run_nand_port(st, port, &rc);
        if (dport != NULL) {
            (void)run_app_download(st, soc, core, dport);
        } else if (rc != PCD_E_HALTED) {
            soc_note(soc, (int)core, "application: the NAND area cannot be mounted: %s", pcd_strerror(rc));
        }
    }
}

/* The network-core application B0N booted: check its vector table as the core would use it. */
static void net_application(struct run_state *st, const struct pcd_port *port, const struct pcd_b0n_result *r)
{
    const struct pcd_b0n_config *b = &st->cfg->b0n;
    uint8_t vt[8];
    if (pcd_bus_read(port, r->boot_addr, vt, sizeof(vt)) != 0) {
        return;
    }
    uint32_t sp = (uint32_t)vt[0] | (uint32_t)vt[1] << 8 | (uint32_t)vt[2] << 16 | (uint32_t)vt[3] << 24;
    uint32_t pc = (uint32_t)vt[4] | (uint32_t)vt[5] << 8 | (uint32_t)vt[6] << 16 | (uint32_t)vt[7] << 24;
    bool sp_ok = sp > FM_NRF_NET_SRAM_BASE && sp <= FM_NRF_NET_SRAM_BASE + FM_NRF_NET_SRAM_SIZE;
    bool pc_ok = (pc & 1u) != 0 && pc - 1u >= b->app_addr && pc - 1u < b->app_addr + b->app_size;
    if (!sp_ok || !pc_ok) {
        st->br.net_crashed = true;
        soc_note(st->soc, FM_CORE_NET, "network core crashed: HardFault (vector table at 0x%08x: SP 0x%08x, reset 0x%08x)",
                 r->boot_addr, sp, pc);
        return;
    }
    st->br.net_booted = true;
    st->br.net_version = r->version;
    st->br.net_reported = true;
    soc_note(st->soc, FM_CORE_NET, "network-core application running, version %u", r->version);
}

/* Profile ncs: the model of NCS's B0N on the run's network-core layout, then the application it
 * jumped to (B0N validated nothing: the modelled application finds out what it is). */
static void net_b0n_ncs(struct run_state *st, const struct pcd_port *port)
{
    const struct pcd_b0n_config *b = &st->cfg->b0n;
    struct ncs_b0n_config c;
    struct ncs_b0n_result r;
    ncs_b0n_config_default(&c);
    c.container_addr = b->container_addr;
    c.container_size = b->container_size;
    c.s0_addr = b->app_addr;
    c.s0_size = b->app_size;
    c.pcd_sram_addr = b->pcd_sram_addr;
    c.ncs_version = st->cfg->ncs.version != 0u ? st->cfg->ncs.version : NCS_VERSION_DEFAULT;
    int rc = ncs_b0n_run(&c, port, &r);
    if (r.copy_seen) {
        st->br.copy_cmds++;
    }
    if (rc != 0) {
        return;
    }
    if (r.outcome == NCS_B0N_BOOTED) {
        struct pcd_b0n_result booted;
        memset(&booted, 0, sizeof(booted));
        booted.outcome = PCD_B0N_BOOTED_UNVALIDATED;
        booted.boot_addr = r.boot_addr;
        booted.version = r.version;
        net_application(st, port, &booted);
    }
}

/* A B0N binary on the emulated Cortex-M33 (src/sim/netcpu/): B0N's whole start, ACL lock
 * included, is the binary's; then, if it jumped to the application partition, the same modelled
 * network-core application as after the host-compiled B0N. A fault, an exhausted budget or a
 * strict stop leaves the core silent (every exception parks B0N on silicon) and is remembered for
 * the run's `net_binary` verdict. */
static void net_b0n_binary(struct run_state *st, const struct pcd_port *port)
{
    const struct run_config *cfg = st->cfg;
    struct netcpu_config nc = {cfg->net_binary, cfg->b0n.app_addr, cfg->b0n.app_size, cfg->b0n.pcd_sram_addr,
                               cfg->net_budget, cfg->net_strict};
    struct netcpu_result r;
    int rc = netcpu_run(&nc, port, &r);
    if (r.cmd_seen && pcd_cmd_kind_of(r.magic) == PCD_CMD_COPY) {
        st->br.copy_cmds++;
    }
    if (rc == PCD_E_HALTED || r.end == NETCPU_END_HALTED) {
        return;
    }
    if (rc != 0) {
        snprintf(st->br.net_binary_fault, sizeof(st->br.net_binary_fault), "the emulator could not run: %s",
                 pcdsim_strerror(rc));
        soc_note(st->soc, FM_CORE_NET, "network core (binary): %s", st->br.net_binary_fault);
        return;
    }
    if (r.end == NETCPU_END_PARKED || r.end == NETCPU_END_BOOTED) {
        soc_note(st->soc, FM_CORE_NET, "network core (binary): %s after %llu instructions at PC 0x%08x",
                 netcpu_end_name(r.end), (unsigned long long)r.insns, r.pc);
    }
    if (r.end == NETCPU_END_PARKED) {
        if (!r.cmd_seen) { /* B0N without a command parks only when it finds nothing to boot */
            pcd_log(port, PCD_LOG_ERR, "B0N binary parked without a command or a jump: no valid image");
        }
        if (r.answered && pcd_signal(port) != 0) { /* the answer is the signal on the nRF5340 (docs/DESIGN.md) */
            return;
        }
        if (r.cmd_seen) {
            pcd_stop(port); /* after a command B0N waits for Force-OFF, as pcd_b0n_run() ends with pcd_stop() */
        }
        return;
    }
    if (r.end == NETCPU_END_BOOTED) {
        struct pcd_b0n_result booted;
        struct pcd_fw_info fi;
        memset(&booted, 0, sizeof(booted));
        booted.outcome = PCD_B0N_BOOTED;
        booted.boot_addr = r.addr;
        booted.version = pcd_fwinfo_find(port, r.addr, cfg->b0n.app_size, &fi) == 0 ? fi.version : 0u;
        pcd_boot(port, r.addr);
        net_application(st, port, &booted);
        return;
    }
    snprintf(st->br.net_binary_fault, sizeof(st->br.net_binary_fault), "%s: %s", netcpu_end_name(r.end), r.cause);
    soc_note(st->soc, FM_CORE_NET, "network core (binary) halted: %s after %llu instructions", r.cause,
             (unsigned long long)r.insns);
    st->br.net_crashed = true;
}

void run_net_body(struct soc *soc, enum fm_core core, const struct pcd_port *port, void *arg)
{
    struct run_state *st = arg;
    st->br.net_reported = false;
    st->br.net_booted = false;
    st->br.net_crashed = false;
    if (st->br.net_crash) {
        soc_note(soc, (int)core, "network core halted: HardFault at start (injected)");
        st->br.net_crashed = true;
        return;
    }
    if (st->br.net_silent) {
        soc_note(soc, (int)core, "network core silent (injected): does nothing");
        return;
    }
    if (st->cfg->net_binary != NULL) {
        net_b0n_binary(st, port);
        return;
    }
    if (st->cfg->profile == RUN_PROFILE_NCS) {
        net_b0n_ncs(st, port);
        return;
    }
    /* As the B0N firmware's main() does (firmware/b0n/b0n_firmware.c): lock the container with the
     * ACL first (B0N-SELF-PROTECT in hardware), and go on if the lock does not take (B0N's own
     * guard never writes there). A write into it later would be a BusFault (nRF5340 PS, ACL). */
    const struct pcd_b0n_config *b = &st->cfg->b0n;
    uint32_t locked = b->container_size;
    if (b->counter_update && st->cfg->counter.on && st->cfg->counter.slots_addr > b->container_addr) {
        /* the counter slots stay writable: the lock ends at the page holding them (docs/SPEC.md 7.4) */
        locked = (st->cfg->counter.slots_addr - b->container_addr) / FM_NRF_NET_FLASH_PAGE * FM_NRF_NET_FLASH_PAGE;
        locked = locked < b->container_size ? locked : b->container_size;
    }
    int rc = locked == 0u ? 0
                          : pcd_flash_protect(port, PCD_MEM_NET_FLASH, b->container_addr - FM_NRF_NET_FLASH_BASE, locked);
    if (rc == PCD_E_HALTED) {
        return;
    }
    if (rc != 0) {
        soc_note(soc, (int)core, "B0N: ACL lock of the container 0x%08x + 0x%x failed (%s)", b->container_addr,
                 locked, pcd_strerror(rc));
    }
    struct pcd_b0n_result r;
    rc = pcd_b0n_run(&st->cfg->b0n, port, &r);
    if (r.cmd_seen && r.kind == PCD_CMD_COPY) {
        st->br.copy_cmds++;
    }
    if (rc == PCD_E_HALTED) {
        return;
    }
    if (r.outcome == PCD_B0N_BOOTED || r.outcome == PCD_B0N_BOOTED_UNVALIDATED) {
        net_application(st, port, &r);
    }
}
