/* Section "updater": the app-side updater (pcd_updater_run()) over the nRF5340 application-core
 * port, with the B0N firmware body as the network core, both against the model. A whole
 * update: candidate in the internal secondary slot, APP-VALIDATE, RESET.NETWORK.FORCEOFF, the
 * copy by B0N, the answer, the slot record, APP-LOCK.
 *
 * APP-VALIDATE verifies the MCUboot signature, so the result depends on the crypto backend:
 * with OpenSSL (host) the update is done; with the target's builtin backend, which has no
 * signature verification, the candidate is rejected with PCD_E_UNSUPPORTED and NACK-marked —
 * the documented reason the app side on target needs MCUboot's signature backend. Those lines
 * are "sig" lines; the no-candidate run is compared between host and target. */
#include <string.h>

#include "b0n_firmware.h"
#include "hwmodel.h"
#include "pcd/nrf5340/nrf5340.h"
#include "pcd/nrf5340/regs.h"
#include "pcd/updater.h"
#include "tt.h"

#define SLOT_ADDR 0x80000u
#define SLOT_SIZE 0x74000u
#define NET_APP 0x01008800u
#define NET_APP_SIZE 0x37800u
#define HDR 0x200u

static const uint8_t trailer_magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                          0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

struct run {
    int rc;
    int acl_rc;
    struct pcd_b0n_result res;
};

static void net_body(void *user)
{
    struct run *r = user;
    r->rc = pcd_b0n_firmware_main(&r->res, &r->acl_rc);
}

static bool setup(void)
{
    if (hwm_init() != 0) {
        return false;
    }
    return tt_fixture_read("raw/net-v1-32k-ncs.bin", hwm_mem(NET_APP, NET_APP_SIZE), NET_APP_SIZE) > 0;
}

void tt_run_updater(void)
{
    static struct run b0n;
    static struct pcd_updater_result res;
    struct pcd_nrf5340_app app;
    struct pcd_updater_config cfg;
    struct pcd_key keys[TT_TRUSTED_KEYS];
    char hex[65];
    uint8_t sha[32];
    tt_section("updater");
    if (!tt_check(setup() && tt_trusted_keys(keys), "model memory, fixture or keys")) {
        tt_section_end();
        return;
    }

    /* No candidate (erased slot): nothing to do; the PCD RAM is still locked (APP-LOCK). */
    hwm_set_core(HWM_APP);
    pcd_nrf5340_app_init(&app, NULL);
    pcd_updater_config_default(&cfg);
    cfg.keys = keys;
    cfg.key_count = TT_TRUSTED_KEYS;
    int rc = pcd_updater_run(&cfg, &app.port, &res);
    tt_line("no-candidate rc=%s outcome=%d locked=%d releases=%u perm0=0x%lx", pcd_strerror(rc), (int)res.outcome,
            res.locked ? 1 : 0, hwm_stats()->releases,
            (unsigned long)hwm_reg(NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(0)));
    tt_check(rc == 0 && res.outcome == PCD_UPD_NO_CANDIDATE && res.locked && hwm_stats()->releases == 0u,
             "no candidate: %s, outcome %d", pcd_strerror(rc), (int)res.outcome);

    /* A signed net-v2 candidate with a test request in the trailer. */
    setup();
    hwm_set_core(HWM_APP);
    pcd_nrf5340_app_init(&app, NULL);
    memset(&b0n, 0, sizeof(b0n));
    hwm_set_net_body(net_body, &b0n);
    const long n = tt_fixture_read("signed/net-v2-150k_ecdsa-p256.bin", hwm_mem(SLOT_ADDR, SLOT_SIZE), SLOT_SIZE);
    memcpy(hwm_mem(SLOT_ADDR + SLOT_SIZE - 16u, 16), trailer_magic, 16);
    rc = pcd_updater_run(&cfg, &app.port, &res);
    struct pcd_slot_state st;
    const int src = pcd_slot_state_read(&app.port, PCD_MEM_APP_FLASH, SLOT_ADDR, SLOT_SIZE, &st);
    tt_sha256(hwm_mem(NET_APP, NET_APP_SIZE), NET_APP_SIZE, sha);
    tt_hex(sha, 32, hex);
    tt_sig_line("update rc=%s outcome=%s reason=%s attempts=%lu b0n=%s mark=%d releases=%u holds=%u forceoff=%lu "
                "ext=0x%lx perm0=0x%lx net_app=%s",
                pcd_strerror(rc), pcd_update_outcome_text(res.outcome), pcd_strerror(res.reason),
                (unsigned long)res.attempts, hwm_stats()->net_runs != 0u ? pcd_b0n_outcome_name(b0n.res.outcome) : "-",
                src == 0 ? (int)st.mark : -1, hwm_stats()->releases, hwm_stats()->holds,
                (unsigned long)hwm_reg(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF),
                (unsigned long)hwm_reg(NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0)),
                (unsigned long)hwm_reg(NRF53_SPU_BASE + NRF53_SPU_RAMREGION_PERM(0)), hex);

    /* Whatever the backend: the net core is held at the end, EXTDOMAIN restored, PCD RAM locked,
     * the model saw no protocol breach. */
    tt_check(n > 0 && rc == 0 && res.locked && hwm_reg(NRF53_RESET_BASE + NRF53_RESET_NETWORK_FORCEOFF) == 1u &&
                 hwm_reg(NRF53_SPU_BASE + NRF53_SPU_EXTDOMAIN_PERM(0)) == 0x2u &&
                 hwm_stats()->releases == hwm_stats()->holds,
             "update run: %s", pcd_strerror(rc));
    tt_check(hwm_stats()->violations == 0u, "model violation: %s", hwm_stats()->first);

    static uint8_t body[0x30000];
    const long bn = tt_fixture_read("raw/net-v2-150k-ncs.bin", body, sizeof(body));
    const bool has_v2 = bn > 0 && memcmp(hwm_mem(NET_APP, (uint32_t)bn), body, (size_t)bn) == 0;
    if (tt_have_sig) {
        tt_sig_check(res.outcome == PCD_UPD_DONE && b0n.res.outcome == PCD_B0N_CMD_DONE && has_v2 &&
                         src == 0 && st.mark == PCD_SLOT_DONE,
                     "update: %s (%s), expected done", pcd_update_outcome_text(res.outcome), pcd_strerror(res.reason));
    } else {
        /* No signature backend: rejected before the net core is ever released. */
        tt_sig_check(res.outcome == PCD_UPD_REJECTED && res.reason == PCD_E_UNSUPPORTED &&
                         hwm_stats()->releases == 0u && !has_v2 && src == 0 && st.mark == PCD_SLOT_NACK,
                     "update without signatures: %s (%s), expected rejected (PCD_E_UNSUPPORTED)",
                     pcd_update_outcome_text(res.outcome), pcd_strerror(res.reason));
    }
    tt_section_end();
}
