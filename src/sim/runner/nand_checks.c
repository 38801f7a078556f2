/* The NAND-* requirements (reference-behaviour §7) of a run whose candidate slot is in the SPI
 * NAND (run_config.nand): judged on the flash model's records and the slot as the NAND area shows
 * it once the device settled. */
#include <stdlib.h>
#include <string.h>

#include "flashmodel/nand.h"
#include "runner_internal.h"

/* NAND violations the model recorded: program-once, page order, touching a factory-bad block. */
static unsigned nand_violations(struct run_state *st, int err)
{
    unsigned n = 0, cnt;
    const struct fm_record *r = fm_records(st->fm, NULL, &cnt);
    for (unsigned i = 0; i < cnt; i++) {
        n += r[i].kind == FM_REC_VIOLATION && r[i].dev == FM_NRF_NAND && (err == 0 || r[i].err == err);
    }
    return n;
}

/* Does NAND slot @p w still hold its candidate (@p img, @p len bytes; none: whatever it holds)? */
static bool slot_intact(struct run_state *st, enum run_nand_which w, const uint8_t *img, uint32_t len)
{
    if (!st->cfg->nand.slot[w].on) {
        return true;
    }
    uint8_t *slot = run_nand_slot_copy(st, w);
    const bool ok = slot != NULL && (img == NULL || memcmp(slot, img, len) == 0);
    free(slot);
    return ok;
}

/* NAND-BBM: bad blocks never touched, blocks that failed not used, each NAND slot intact through its
 * map. */
static void check_bbm(struct run_state *st, const char *id)
{
    const struct run_config *cfg = st->cfg;
    const struct run_nand *n = &cfg->nand;
    unsigned grown = 0;
    for (int w = RUN_NAND_CAND; w <= RUN_NAND_APP; w++) {
        for (uint32_t b = n->slot[w].first_block; n->slot[w].on && b < n->slot[w].first_block + n->slot[w].n_phys; b++) {
            grown += fm_nand_block_state(st->fm, FM_NRF_NAND, b) == 2;
        }
    }
    const unsigned touched_bad = nand_violations(st, FM_E_BAD_BLOCK);
    const bool intact = slot_intact(st, RUN_NAND_CAND, cfg->candidate, cfg->candidate_len) &&
                        slot_intact(st, RUN_NAND_APP, cfg->batch.app, cfg->batch.app_len);
    run_add_verdict(st->res, id, touched_bad == 0u && intact,
                    "%u factory-bad block(s) %s, %u block(s) went bad and were retired; %s read through the "
                    "map %s", n->n_factory_bad, touched_bad ? "TOUCHED" : "never touched", grown,
                    n->slot[RUN_NAND_CAND].on && n->slot[RUN_NAND_APP].on ? "both slots" : "the slot",
                    intact ? "hold their candidates" : "LOST a candidate");
}

/* NAND-ECC: an injected error the ECC corrects leaves the update to go on (the network core ends
 * on the new image); one it cannot makes the candidate invalid: no COPY command reaches the
 * network core, which keeps its image. (Reads of blocks a power loss left half-erased are
 * uncorrectable too; the area copes with them, so they are not counted against the run.) */
static void check_ecc(struct run_state *st, const char *id, const struct req_facts *f)
{
    const struct run_config *cfg = st->cfg;
    const struct run_nand *n = &cfg->nand;
    /* either half of a batch invalid: nothing is applied (MI-VALIDATE-ALL), no COPY either */
    const bool uncorrectable = run_nand_uncorrectable(cfg, RUN_NAND_CAND, cfg->candidate_len) ||
                               (cfg->batch.on && run_nand_uncorrectable(cfg, RUN_NAND_APP, cfg->batch.app_len));
    struct fm_stats s;
    (void)fm_stats(st->fm, FM_NRF_NAND, &s);
    const bool ok = uncorrectable ? st->br.copy_cmds == 0u && f->ni != NET_NEW : f->ni == NET_NEW;
    run_add_verdict(st->res, id, ok, "%u bit-error place(s) injected (%s); %llu read(s) corrected, %llu uncorrectable; "
                    "%u COPY command(s); the network core %s",
                    n->n_bit_errors, uncorrectable ? "uncorrectable in the image" : "all correctable",
                    (unsigned long long)s.ecc_corrected, (unsigned long long)s.ecc_uncorrectable, st->br.copy_cmds,
                    f->ni == NET_NEW ? "runs the new image" : "does not run the new image");
}

void run_check_nand(struct run_state *st, const char *id, const struct req_facts *f)
{
    if (!st->cfg->nand.on) {
        run_add_verdict(st->res, id, false, "no secondary slot is in SPI NAND (board.nand and a NAND slot)");
        return;
    }
    if (strcmp(id, "NAND-ORDER") == 0) {
        struct fm_stats s;
        (void)fm_stats(st->fm, FM_NRF_NAND, &s);
        const unsigned v = nand_violations(st, 0);
        run_add_verdict(st->res, id, v == 0u, "%u NAND rule violation(s) (program once, ascending pages, bad blocks) "
                        "in %llu page program(s) and %llu block erase(s)",
                        v, (unsigned long long)s.prog_ops, (unsigned long long)s.erases);
    } else if (strcmp(id, "NAND-STAGE") == 0) {
        const struct pcd_updater_result *u = &st->br.upd_res;
        const bool in_ram = u->src >= FM_NRF_APP_SRAM_BASE && u->src < FM_NRF_APP_SRAM_BASE + FM_NRF_APP_SRAM_SIZE;
        const bool tried = st->br.upd_ran && u->attempts > 0;
        if (tried) {
            run_add_verdict(st->res, id, u->staged && in_ram, "PCD src 0x%08x (%s)", u->src,
                            in_ram ? "app RAM: the image was staged" : "NOT app RAM");
        } else {
            run_add_verdict(st->res, id, true, "no attempt made: nothing reached the network core");
        }
    } else if (strcmp(id, "NAND-ECC") == 0) {
        check_ecc(st, id, f);
    } else {
        check_bbm(st, id);
    }
}
