/* pcdsim gate: the regression gate before a firmware release.
 *
 *   pcdsim gate --layout pm_static.yml --net-update FILE --net-current FILE --key PUB.pem [options]
 *   (the options in the table below, `pcdsim gate --help`)
 *
 * Builds the runs itself from the user's artefacts and runs a fixed battery: the clean update,
 * power loss at every flash operation, the source corrupted after validation, a destination
 * write fault until the retries are exhausted, a silent network core, the candidate refused for
 * a wrong key and for its size, and B0N's boot check of the update's body. Exit 0 only if every
 * requirement holds; the report lists each requirement id with pass/fail and evidence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cli_opts.h"
#include "cli_util.h"
#include "cmd.h"
#include "gate_html.h"
#include "gate_images.h"
#include "pcd/fwinfo.h"
#include "pcd/image.h"
#include "pcdsim/bufport.h"
#include "pcdsim/host_err.h"
#include "pcdsim/keys.h"
#include "pcdsim/layout.h"
#include "pcdsim/release_gate.h"
#include "pcdsim/netcpu.h"
#include "pcdsim/runner.h"
#include "pcdsim/scenario.h"
#include "gate_nand.h"
#include "sweep_points.h"

#define MAX_KEYS 8
#define MAX_ITEMS 16

enum { O_LAYOUT, O_NET_UPDATE, O_NET_CURRENT, O_KEY, O_APP_UPDATE, O_APP_CURRENT, O_NET_LAYOUT, O_CUTS, O_JOBS,
       O_JUNIT, O_HTML, O_BUILD_DIR, O_DFU_ZIP, O_PREVIOUS, O_TEST, O_NET_BINARY, O_NAND_SPARES, O_COUNT };

static const struct cli_opt opts[O_COUNT] = {
    [O_LAYOUT] = {"layout", 0, "pm_static.yml", "application-domain partitions (Partition Manager's file, or a\n"
                  "zephyr.dts where there is none)", 0, NULL},
    [O_NET_UPDATE] = {"net-update", 0, "FILE",
                      "the signed network-core update (signed_by_mcuboot_and_b0_*.bin /\n"
                      "net_core_app_update.bin; .bin, .hex, or a dfu_multi_image.bin)",
                      0, NULL},
    [O_NET_CURRENT] = {"net-current", 0, "FILE", "the running network-core application (the B0-signed body,\n"
                       "signed_by_b0_*.bin, or merged_CPUNET.hex with B0N and the provision area)", 0, NULL},
    [O_KEY] = {"key", 0, "PUB.pem", "a public key MCUboot trusts, repeatable (up to 8)", CLI_REQUIRED | CLI_REPEAT, NULL},
    [O_APP_UPDATE] = {"app-update", 0, "FILE", "an application update: valid, its dependency on the network core met",
                      0, NULL},
    [O_APP_CURRENT] = {"app-current", 0, "FILE", "the application in the primary slot (default: a placeholder header)",
                       0, NULL},
    [O_NET_LAYOUT] = {"net-layout", 0, "FILE", "network-domain partitions (partitions_CPUNET.yml, or the network-core\n"
                      "image's zephyr.dts; default: NCS, app 0x01008800 + 0x37800)", 0, NULL},
    [O_CUTS] = {"cuts", 0, "SPEC", "power-loss points (default every-op; see pcdsim sweep --help)", 0, NULL},
    [O_JOBS] = {"jobs", 0, "N", "sweep workers (default 2)", 0, NULL},
    [O_JUNIT] = {"junit", 0, "FILE", "JUnit XML: one test case per battery item and per requirement", 0, NULL},
    [O_HTML] = {"html", 0, "FILE", "the report as one self-contained HTML page, with the sweep map", 0, NULL},
    [O_BUILD_DIR] = {"build-dir", 0, "DIR", "an NCS build directory (child image or sysbuild): every input above\n"
                     "found by its NCS name (an option given wins); docs/RELEASES.md", 0, NULL},
    [O_DFU_ZIP] = {"dfu-zip", 0, "FILE", "dfu_application.zip (or dfu_multi_image.bin): the update and its routing\n"
                   "(PKG-ROUTE)", 0, NULL},
    [O_PREVIOUS] = {"previous", 0, "BUILD_DIR|ZIP", "the previous release: no downgrade (PKG-VERSION), no layout change\n"
                    "(PKG-LAYOUT, needs a build directory)", 0, NULL},
    [O_TEST] = {"test", 0, NULL, "also a test batch (RB-*, docs/ROLLBACK.md): the batch swapped in with a backup of the\n"
                "network core (the layout's netcore_backup), not confirmed, reverted at the next boot;\n"
                "needs a batch (--app-update on a simultaneous-update layout)", 0, NULL},
    [O_NET_BINARY] = {"net-binary", 0, "FILE", "run this B0N binary (ELF, .bin at 0x01000000, Intel HEX) on the\n"
                      "emulated Cortex-M33 as the network core instead of the host-compiled B0N", 0, NULL},
    [O_NAND_SPARES] = {"nand-spares", 0, "N", "secondary slots in SPI NAND: blocks of each slot the NAND area keeps\n"
                       "as spares for bad blocks (default 2, 1..63; docs/LAYOUT.md)", 0, NULL},
};

static const struct cli_spec spec = {
    "gate", NULL, 0,
    "The regression gate before a release: your signed network-core update (as NCS builds it:\n"
    "signed_by_mcuboot_and_b0_*.bin / net_core_app_update.bin), your running network-core\n"
    "application (the B0-signed body, signed_by_b0_*.bin) and your partition file go through the\n"
    "clean update, power loss at every flash operation, a source corrupted after validation, a\n"
    "destination write fault, a silent network core, a wrong key and an oversize configuration.\n"
    "Give the build directory (--build-dir build/) or the files; the release package is checked too\n"
    "(PKG-INPUT, PKG-ROUTE, PKG-KEY, PKG-VERSION, PKG-LAYOUT).\n"
    "With --app-update on a simultaneous-update layout (mcuboot_secondary_1, mcuboot_primary_1 in\n"
    "ram_flash) every run applies the batch (application + network core), judged by MI-*.\n",
    opts, O_COUNT,
    "exit: 0 every requirement holds, 1 one does not, 2 bad input\n",
};

/* What the options ask for, checked. */
struct gate_opts {
    const char *layout, *net_layout, *net_update, *net_current, *app_update, *app_current, *junit, *cuts;
    const char *const *key_paths;
    unsigned n_key_paths, jobs;
    const char *html;
    int argc;    /* the command line, for the replays of the --html page */
    char **argv;
    const char *build_dir, *dfu_zip, *previous; /* the release inputs (docs/RELEASES.md) */
    bool test;                                  /* --test: a test batch item (RB-*) */
    const char *net_binary;                     /* --net-binary (src/sim/netcpu) */
    uint32_t nand_spares;                       /* --nand-spares: NAND slots' spare blocks */
};

/* The values of the options, each checked: CLI_GO, or the exit code with the message printed. */
static int parse_opts(const struct cli_args *a, struct gate_opts *o)
{
    int rc = cli_check_required(&spec, a);
    if (rc != CLI_GO) {
        return rc;
    }
    *o = (struct gate_opts){cli_val(a, O_LAYOUT, NULL), cli_val(a, O_NET_LAYOUT, NULL), cli_val(a, O_NET_UPDATE, NULL),
                            cli_val(a, O_NET_CURRENT, NULL), cli_val(a, O_APP_UPDATE, NULL),
                            cli_val(a, O_APP_CURRENT, NULL), cli_val(a, O_JUNIT, NULL), cli_val(a, O_CUTS, "every-op"),
                            a->val[O_KEY], a->count[O_KEY], 2, cli_val(a, O_HTML, NULL), 0, NULL,
                            NULL, NULL, NULL, false, NULL, 2};
    uint64_t j = 2;
    const char *v = cli_val(a, O_JOBS, NULL);
    if (v != NULL && (cli_parse_u64(v, &j) != 0 || j < 1 || j > 64)) {
        fprintf(stderr, "pcdsim gate: --jobs takes 1..64\n");
        return PCDSIM_EXIT_INPUT;
    }
    o->jobs = (unsigned)j;
    o->build_dir = cli_val(a, O_BUILD_DIR, NULL);
    o->dfu_zip = cli_val(a, O_DFU_ZIP, NULL);
    o->previous = cli_val(a, O_PREVIOUS, NULL);
    o->test = a->count[O_TEST] > 0;
    o->net_binary = cli_val(a, O_NET_BINARY, NULL);
    uint64_t sp = 2;
    v = cli_val(a, O_NAND_SPARES, NULL);
    if (v != NULL && (cli_parse_u64(v, &sp) != 0 || sp < 1 || sp > 63)) {
        fprintf(stderr, "pcdsim gate: --nand-spares takes 1..63\n");
        return PCDSIM_EXIT_INPUT;
    }
    o->nand_spares = (uint32_t)sp;
    if (o->n_key_paths > MAX_KEYS) {
        fprintf(stderr, "pcdsim gate: at most %d keys\n", MAX_KEYS);
        return PCDSIM_EXIT_INPUT;
    }
    char cuts_why[200];
    if (sweep_cuts_check(o->cuts, cuts_why, sizeof(cuts_why)) != 0) {
        fprintf(stderr, "pcdsim gate: --cuts %s: %s; nothing run\n", o->cuts, cuts_why);
        return PCDSIM_EXIT_INPUT;
    }
    return CLI_GO;
}

struct blob {
    uint8_t *data;
    uint32_t len;
};

/* One item of the battery and what it found. */
struct item {
    const char *name;
    const char *reqs[12];
    bool pass;
    bool skipped; /* not run: it needs an update MCUboot accepts (the root cause is reported first) */
    char evidence[1200];
};

/* Requirement ids with their aggregated verdict. */
struct req_verdict {
    const char *id;
    unsigned checks;
    bool failed;
    char evidence[1200];
    struct gate_images images; /* its verdicts in batch items, per image (gate_images.h) */
    char per_image[96];        /* the same as text, made by report() */
};

struct gate {
    struct run_config base;
    const char *net_binary_path; /* --net-binary */
    uint32_t nand_spares;        /* --nand-spares */
    struct netcpu_image *net_binary;
    struct pcdsim_key keys[MAX_KEYS];
    unsigned n_keys;
    struct blob net_update, net_current, app_current, app_update;
    uint8_t placeholder[0x200];
    struct pcd_image_result upd_img;
    uint32_t upd_fw_version;
    uint32_t cur_fw_version;
    bool upd_bootable;
    int upd_boot_verdict;
    int upd_verdict;        /* MCUboot's verdict on the update (pcd_image_validate) */
    char upd_where[400];    /* its diagnostic line: FILE: byte offset N (0xN): reason */
    uint8_t *rogue_der;
    uint8_t *app_bad;     /* the application update with one body byte flipped (batch item) */
    bool batch_refused;   /* a batch whose application update is invalid or whose dependency is unmet */
    struct item items[MAX_ITEMS];
    unsigned n_items;
    struct req_verdict reqs[128];
    unsigned n_reqs;
    char cuts_error[240]; /* --cuts names no operation of the update, or none at all: bad input */
    char *command;        /* --html: the command line, for the replays; NULL without --html */
    char *map_svg;        /* --html: the sweep map */
    struct cli_out html_out;
    struct pcdsim_gate_release rel; /* the release inputs (build directory, package, HEX) and PKG-* */
};

static struct req_verdict *req(struct gate *g, const char *id)
{
    for (unsigned i = 0; i < g->n_reqs; i++) {
        if (strcmp(g->reqs[i].id, id) == 0) {
            return &g->reqs[i];
        }
    }
    return NULL;
}

static void note_req(struct gate *g, const char *id, bool pass, const char *evidence)
{
    struct req_verdict *r = req(g, id);
    if (r == NULL) {
        return;
    }
    r->checks++;
    if (!pass && !r->failed) {
        r->failed = true;
        snprintf(r->evidence, sizeof(r->evidence), "%s", evidence);
    }
}

/* Is @p id a requirement id (APP-*, B0N-*, SYS-*), not an expectation (expect.*)? */
static bool is_req_id(const char *id)
{
    return pcdsim_requirement_find(id) != NULL;
}

/* Record an item. The run's requirement verdicts go to the table as they are. A passing item
 * counts as a check of each requirement it exercises; a failing one is charged to the
 * requirements whose own verdicts failed, or, if none did (an expectation failed), to its
 * primary requirement (the first listed) only: the others did what they should. */
static void finish_item(struct gate *g, struct item *it, const struct run_result *r)
{
    if (it->skipped) {
        g->n_items++; /* neither a check nor a failure of any requirement */
        return;
    }
    bool req_failed = false;
    if (r != NULL) {
        for (unsigned i = 0; i < r->n_verdicts; i++) {
            const struct run_verdict *v = &r->verdicts[i];
            if (!is_req_id(v->id)) {
                continue;
            }
            char ev[1300];
            bool ok = v->pass != v->expected_fail;
            const enum gate_scope s =
                r->have_batch ? gate_scope_of(v->id, r->batch_outcome, r->batch_reason) : GATE_SCOPE_NONE;
            if (s != GATE_SCOPE_NONE && req(g, v->id) != NULL) {
                gate_images_note(&req(g, v->id)->images, s, ok);
                snprintf(ev, sizeof(ev), "%s: image %s: %s", it->name, gate_scope_name(s), v->evidence);
            } else {
                snprintf(ev, sizeof(ev), "%s: %s", it->name, v->evidence);
            }
            note_req(g, v->id, ok, ev);
            req_failed |= !ok;
        }
    }
    for (unsigned k = 0; k < 12 && it->reqs[k] != NULL; k++) {
        const enum gate_scope s =
            r != NULL && r->have_batch ? gate_scope_of(it->reqs[k], r->batch_outcome, r->batch_reason) : GATE_SCOPE_NONE;
        struct req_verdict *rv = s != GATE_SCOPE_NONE ? req(g, it->reqs[k]) : NULL;
        if (it->pass) {
            note_req(g, it->reqs[k], true, "");
        } else if (k == 0 && !req_failed) {
            char ev[1300];
            snprintf(ev, sizeof(ev), "%s: %s", it->name, it->evidence);
            note_req(g, it->reqs[k], false, ev);
        }
        if (rv != NULL && (it->pass || (k == 0 && !req_failed))) {
            gate_images_note(&rv->images, s, it->pass);
        }
    }
    g->n_items++;
}

/* The first failed verdict of a run, as evidence. */
static void first_failure(const struct run_result *r, char *out, size_t n)
{
    for (unsigned i = 0; i < r->n_verdicts; i++) {
        const struct run_verdict *v = &r->verdicts[i];
        if (v->pass == v->expected_fail) {
            snprintf(out, n, "%s: %s", v->id, v->evidence);
            return;
        }
    }
    snprintf(out, n, "all %u checks pass", r->n_verdicts);
}

/* One image's outcome in a word (the batch's report per image). */
static const char *outcome_word(enum pcd_update_outcome o)
{
    switch (o) {
    case PCD_UPD_DONE: return "done";
    case PCD_UPD_ALREADY_DONE: return "already done";
    case PCD_UPD_REJECTED: return "rejected";
    case PCD_UPD_ALREADY_REJECTED: return "rejected earlier";
    case PCD_UPD_EXHAUSTED: return "attempts exhausted";
    case PCD_UPD_NO_CANDIDATE: return "no candidate";
    case PCD_UPD_HALTED: return "power lost";
    default: return "error";
    }
}

static void run_item(struct gate *g, struct item *it, const struct run_config *c, const char *summary)
{
    struct run_result r;
    int rc = run_execute(c, NULL, &r);
    if (rc != 0) {
        it->pass = false; /* no verdict: never a pass */
        snprintf(it->evidence, sizeof(it->evidence), "the run could not be set up or completed: %s (%s)",
                 pcdsim_strerror(rc), pcdsim_describe(rc));
        finish_item(g, it, NULL);
        return;
    }
    it->pass = r.ok;
    if (r.ok) {
        snprintf(it->evidence, sizeof(it->evidence), "%s; network core: %s%s; %u attempt(s) in the last boot; %.1f s device time",
                 summary, r.net_state, r.net_running ? "" : " (not running)", r.have_update ? r.last_update.attempts : 0,
                 (double)r.device_time_us / 1e6);
    } else {
        first_failure(&r, it->evidence, sizeof(it->evidence));
    }
    if (r.have_batch) { /* the batch's outcome per image (MI-MARK) */
        const size_t l = strlen(it->evidence);
        snprintf(it->evidence + l, sizeof(it->evidence) - l, "; per image: 0 (application) %s%s%s, 1 (network core) %s%s%s",
                 outcome_word(r.batch_outcome[0]), r.batch_reason[0] ? " " : "",
                 r.batch_reason[0] ? pcd_strerror(r.batch_reason[0]) : "", outcome_word(r.batch_outcome[1]),
                 r.batch_reason[1] ? " " : "", r.batch_reason[1] ? pcd_strerror(r.batch_reason[1]) : "");
    }
    finish_item(g, it, &r);
}

/* A public key of the same algorithm as the configured one, that signed nothing: "a wrong key". */
static int rogue_key(struct gate *g, struct pcd_key *out)
{
    enum pcd_sig_alg alg = g->base.keys[0].alg;
    EVP_PKEY *k = alg == PCD_SIG_ED25519 ? EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")
                  : alg == PCD_SIG_RSA2048_PSS ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048)
                                               : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (k == NULL) {
        return PCD_E_CRYPTO;
    }
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(k, &der);
    EVP_PKEY_free(k);
    if (n <= 0) {
        return PCD_E_CRYPTO;
    }
    g->rogue_der = malloc((size_t)n);
    if (g->rogue_der == NULL) {
        OPENSSL_free(der);
        return PCDSIM_E_NOMEM;
    }
    memcpy(g->rogue_der, der, (size_t)n);
    OPENSSL_free(der);
    *out = (struct pcd_key){alg, g->rogue_der, (uint32_t)n};
    return 0;
}

/* With --app-update on a simultaneous-update layout (mcuboot_secondary_1, mcuboot_primary_1 in
 * ram_flash), every run applies the batch: the application update in mcuboot_secondary beside
 * the network-core update (pcd_batch_run(), MI-*). Returns 0 or prints why not (exit 2). */
static int build_batch(struct gate *g, const struct pcdsim_update_layout *ul)
{
    struct run_config *c = &g->base;
    if (g->app_update.data == NULL || !ul->secondary_1.present || ul->primary_1.medium != PCDSIM_SLOT_RAM_FLASH) {
        return 0; /* single pair: the application update is only checked (app_update_item) */
    }
    uint32_t size = ul->secondary.size;
    const bool nand = ul->secondary.medium == PCDSIM_SLOT_NAND; /* seed 2: the application's slot in NAND */
    if (nand && gate_nand_slot(c, ul, &ul->secondary, "mcuboot_secondary", RUN_NAND_APP, g->nand_spares, &size) != 0) {
        return PCDSIM_E_LAYOUT;
    }
    if (g->app_update.len > size - PCD_SLOT_RESERVED) {
        fprintf(stderr, "pcdsim gate: the application update (%u bytes) does not fit mcuboot_secondary (0x%x bytes, %u "
                "reserved)\n", g->app_update.len, size, PCD_SLOT_RESERVED);
        return PCDSIM_E_LAYOUT;
    }
    c->batch.on = true;
    c->batch.app = g->app_update.data;
    c->batch.app_len = g->app_update.len;
    c->batch.app_request = PCD_SWAP_TEST;
    c->batch.app_slot_mem = nand ? PCD_MEM_NAND : ul->secondary.medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
    c->batch.app_slot_off = ul->secondary.address;
    c->batch.app_slot_size = size;
    c->batch.ramsim_size = ul->primary_1.size;
    c->upd.stage_off = ul->primary_1.address;
    return 0;
}

/* Base configuration from the layout and artefacts. Returns 0 or prints why not (exit 2). */
static int build_base(struct gate *g, const struct pcdsim_update_layout *ul, const struct pcdsim_layout *app_layout)
{
    struct run_config *c = &g->base;
    run_config_default(c);
    c->name = "gate";
    c->seed = 1;
    cli_run_config_layout(c, ul, app_layout);
    const struct pcdsim_partition *bk = pcdsim_layout_find(app_layout, "netcore_backup");
    if (bk != NULL) { /* --test: the backup partition of a test batch (docs/ROLLBACK.md) */
        c->batch.backup_mem = bk->region == PCDSIM_REGION_EXTERNAL_FLASH ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
        c->batch.backup_off = bk->address;
        c->batch.backup_size = bk->size;
    }
    if (ul->primary_1.present && ul->primary_1.medium == PCDSIM_SLOT_RAM_FLASH) {
        c->soc.board.ram_flash_size = ul->primary_1.size;
    }
    /* the network-core candidate: secondary_1 in a multi-image layout, else the shared secondary */
    const struct pcdsim_slot *slot = ul->secondary_1.present ? &ul->secondary_1 : &ul->secondary;
    if (!slot->present || slot->medium == PCDSIM_SLOT_RAM_FLASH) {
        fprintf(stderr, "pcdsim gate: the layout has no secondary slot in internal or QSPI flash for the update\n");
        return PCDSIM_E_LAYOUT;
    }
    uint32_t size = slot->size;
    const bool nand = slot->medium == PCDSIM_SLOT_NAND; /* through its NAND area (gate_nand.h) */
    if (nand && gate_nand_slot(c, ul, slot, ul->secondary_1.present ? "mcuboot_secondary_1" : "mcuboot_secondary",
                               RUN_NAND_CAND, g->nand_spares, &size) != 0) {
        return PCDSIM_E_LAYOUT;
    }
    c->upd.slot_mem = nand ? PCD_MEM_NAND : slot->medium == PCDSIM_SLOT_QSPI ? PCD_MEM_QSPI : PCD_MEM_APP_FLASH;
    c->upd.slot_off = slot->address;
    c->upd.slot_size = size;
    c->upd.image_index = ul->secondary_1.present ? 1u : 0u; /* single pair: image 0's slot */
    if (g->net_update.len > size - PCD_SLOT_RESERVED) {
        fprintf(stderr, "pcdsim gate: the update (%u bytes) does not fit its slot (0x%x bytes, %u reserved)\n",
                g->net_update.len, size, PCD_SLOT_RESERVED);
        return PCDSIM_E_LAYOUT;
    }
    for (unsigned i = 0; i < g->n_keys; i++) {
        c->keys[c->n_keys++] = g->keys[i].key;
    }
    /* memories: the application (or a placeholder header MCUboot can boot), the running
     * network-core application, the update with a test request */
    const uint8_t *app = g->app_current.data;
    uint32_t app_len = g->app_current.len;
    if (app == NULL) {
        memset(g->placeholder, 0xFF, sizeof(g->placeholder));
        static const uint8_t hdr[32] = {0x3d, 0xb8, 0xf3, 0x96, 0, 0, 0, 0, 0x00, 0x02};
        memcpy(g->placeholder, hdr, sizeof(hdr));
        app = g->placeholder;
        app_len = sizeof(g->placeholder);
    }
    c->loads[c->n_loads++] = (struct run_load){FM_NRF_APP_FLASH, ul->primary.address, app, app_len, "application"};
    c->loads[c->n_loads++] = (struct run_load){FM_NRF_NET_FLASH, ul->net_app_address - FM_NRF_NET_FLASH_BASE,
                                               g->net_current.data, g->net_current.len, "network-core application"};
    c->net_initial = g->net_current.data;
    c->net_initial_len = g->net_current.len;
    c->candidate = g->net_update.data;
    c->candidate_len = g->net_update.len;
    c->request = PCD_SWAP_TEST;
    if (g->net_binary_path != NULL) { /* the network core as a binary (src/sim/netcpu) */
        struct pcdsim_diag d;
        pcdsim_diag_clear(&d);
        int rc = netcpu_available() ? netcpu_image_load(g->net_binary_path, 0, &g->net_binary, &d)
                                    : pcdsim_diag_set(&d, PCDSIM_E_USAGE, g->net_binary_path, 0, 0,
                                                      "this pcdsim was built without Unicorn: no network-core binaries");
        if (rc != 0) {
            pcdsim_diag_print(&d, stderr);
            return rc;
        }
        c->net_binary = g->net_binary;
    }
    return build_batch(g, ul);
}

/* An item that needs an update MCUboot accepts (and, with @p needs_boot, whose body B0N would
 * boot) is not run when it is not: that refusal, reported first, is the cause of what the item
 * would show. True if skipped (and recorded). */
static bool skip_refused(struct gate *g, struct item *it, bool needs_boot)
{
    const char *why = g->upd_verdict != 0              ? "MCUboot refuses the update"
                      : needs_boot && !g->upd_bootable ? "B0N would refuse the update's body"
                      : g->batch_refused               ? "MCUboot refuses the batch (application update)"
                                                       : NULL;
    if (why == NULL) {
        return false;
    }
    it->skipped = true;
    snprintf(it->evidence, sizeof(it->evidence), "not run: %s (the root cause above)", why);
    finish_item(g, it, NULL);
    return true;
}

static void set_reqs(struct item *it, const char *const *ids)
{
    for (unsigned k = 0; ids[k] != NULL && k < 11; k++) {
        it->reqs[k] = ids[k];
    }
}

/* the update as MCUboot sees it: an update it refuses is the root cause of everything that
 * needs the update to run, so that is reported first and those items are not run */
static void item_accepted(struct gate *g)
{
    struct item *it = &g->items[g->n_items];
    it->name = "MCUboot accepts the update";
    it->pass = g->upd_verdict == 0;
    if (it->pass) {
        snprintf(it->evidence, sizeof(it->evidence), "hash and signature verified, network core targeted");
    } else {
        snprintf(it->evidence, sizeof(it->evidence), "ROOT CAUSE: MCUboot refuses it (%s): %s",
                 pcd_strerror(g->upd_verdict), g->upd_where);
    }
    finish_item(g, it, NULL);
}

/* 0: B0N's boot check of the update's body (an update MCUboot accepts but B0 never boots) */
static void item_bootable(struct gate *g)
{
    struct item *it = &g->items[g->n_items];
    it->name = "the update would boot on the network core";
    static const char *const r0[] = {"B0N-SRC-BOOTABLE", NULL};
    set_reqs(it, r0);
    it->pass = g->upd_bootable;
    const char *body = g->upd_bootable ? "fw_info and fw_validation_info of the body match its bytes and destination"
                       : g->upd_boot_verdict != 0 ? pcd_describe(g->upd_boot_verdict)
                                                  : "the file ends inside the body: there is nothing whole to boot";
    if (g->upd_verdict != 0) {
        it->skipped = true; /* B0N never receives an update MCUboot refuses */
        snprintf(it->evidence, sizeof(it->evidence), "not judged: MCUboot refuses the update (the body alone: %s)",
                 g->upd_bootable ? "consistent" : body);
    } else {
        snprintf(it->evidence, sizeof(it->evidence), "%s", body);
    }
    finish_item(g, it, NULL);
}

/* 1: the clean update */
static void item_clean(struct gate *g)
{
    const struct run_config *b = &g->base;
    bool qspi = g->base.upd.slot_mem == PCD_MEM_QSPI || g->base.upd.slot_mem == PCD_MEM_NAND; /* staged */
    struct run_config c = *b;
    static const char *const r1[] = {"B0N-COPY", "APP-VALIDATE", "APP-ROUTE", "APP-HASH", "APP-FORCEOFF",
                                     "APP-MARK-DONE", "APP-LOCK", "B0N-SRC-SHA", "B0N-DST-SHA", "B0N-REPORT",
                                     "B0N-BOOT-VALID", NULL};
    c.requirements[c.n_requirements++] = "APP-HASH";
    c.requirements[c.n_requirements++] = "APP-FORCEOFF";
    c.requirements[c.n_requirements++] = "APP-LOCK";
    c.requirements[c.n_requirements++] = "APP-MARK-DONE";
    c.requirements[c.n_requirements++] = "B0N-SELF-PROTECT";
    if (qspi) {
        c.requirements[c.n_requirements++] = "APP-STAGE";
    }
    if (b->batch.on) { /* the batch: both images judged (MI-*), MI-ORDER on every branch of item 2 */
        static const char *const mi[] = {"MI-VALIDATE-ALL", "MI-DEPENDENCY", "MI-RAMSIM", "MI-ORDER", "MI-MARK"};
        for (unsigned k = 0; k < sizeof(mi) / sizeof(mi[0]); k++) {
            c.requirements[c.n_requirements++] = mi[k];
        }
    }
    c.expect.has_net_version = true;
    c.expect.net_version = g->upd_fw_version;
    c.expect.slot = RUN_SLOT_DONE;
    c.expect.attempts = 1;
    struct item *it = &g->items[g->n_items];
    it->name = b->batch.on ? "clean batch (application + network core)" : "clean update";
    set_reqs(it, r1);
    if (!skip_refused(g, it, true)) {
        run_item(g, it, &c, "the new image runs");
    }
}

/* 2: power loss at every flash operation of that update */
static void item_power_loss(struct gate *g, const char *cuts, unsigned jobs)
{
    const struct run_config *b = &g->base;
    struct item *it = &g->items[g->n_items];
    it->name = "power loss at every flash operation";
    static const char *const r2[] = {"SYS-POWER-SAFE", "SYS-CONVERGE", "SYS-IDEMPOTENT", NULL};
    set_reqs(it, r2);
    struct run_sweep *sw = NULL;
    struct run_result ref;
    struct run_config c = *b;
    c.expect.has_net_version = true;
    c.expect.net_version = g->upd_fw_version;
    c.expect.slot = RUN_SLOT_DONE;
    if (b->batch.on) {
        c.requirements[c.n_requirements++] = "MI-ORDER";
    }
    if (b->nand.on) { /* NAND slots: the map and the page rules on every branch */
        c.requirements[c.n_requirements++] = "NAND-BBM";
        c.requirements[c.n_requirements++] = "NAND-ORDER";
    }
    if (skip_refused(g, it, true)) {
        /* the root cause is reported first */
    } else if (run_sweep_reference(&c, &ref, &sw) != 0 || !ref.ok) {
        it->pass = false;
        snprintf(it->evidence, sizeof(it->evidence), "the uninterrupted update fails: see 'clean update'");
        finish_item(g, it, NULL);
    } else {
        enum sweep_cut before = SWEEP_CUT_BEFORE;
        size_t n = 0;
        char why[200];
        struct sweep_pt *pts = sweep_points(sw, cuts, &before, 1, false, 1, 1, c.seed, &n, why, sizeof(why));
        if (pts == NULL || n == 0) {
            /* a sweep that cuts nothing must not pass: the user's --cuts is bad input (exit 2) */
            snprintf(g->cuts_error, sizeof(g->cuts_error), "%s", pts ? "it selects no flash operation of the update" : why);
        }
        struct sweep_point *res = pts && n ? calloc(n, sizeof(*res)) : NULL;
        if (res == NULL || run_sweep_parallel(sw, pts, n, jobs, res, isatty(2) && getenv("CI") == NULL) != 0) {
            it->pass = false;
            snprintf(it->evidence, sizeof(it->evidence), "the sweep could not run (%s)", pts ? "workers" : why);
        } else {
            if (g->command != NULL) {
                g->map_svg = gate_html_map(sw, res, n, "gate", g->command);
            }
            size_t by[SWEEP_OUTCOME_COUNT] = {0}, fails = 0, first = n;
            for (size_t i = 0; i < n; i++) {
                by[res[i].outcome]++;
                if (!res[i].ok && fails++ == 0) {
                    first = i;
                }
            }
            it->pass = fails == 0;
            if (it->pass) {
                snprintf(it->evidence, sizeof(it->evidence), "%zu cut points (%s): %zu recovered to the new image", n,
                         cuts, by[SWEEP_NEW_IMAGE]);
            } else {
                snprintf(it->evidence, sizeof(it->evidence), "%zu of %zu cut points fail; first: operation %llu: %s: %s",
                         fails, n, (unsigned long long)res[first].op, res[first].failed, res[first].evidence);
            }
        }
        free(res);
        free(pts);
        finish_item(g, it, NULL);
    }
    run_sweep_free(sw);
}

/* 3: the source changes after MCUboot validated it and wrote the command */
static void item_source_corrupted(struct gate *g)
{
    const struct run_config *b = &g->base;
    bool qspi = g->base.upd.slot_mem == PCD_MEM_QSPI || g->base.upd.slot_mem == PCD_MEM_NAND; /* staged */
    uint32_t hdr = g->upd_img.hdr.hdr_size;
    struct run_config c = *b;
    struct run_fault *f = &c.faults[c.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_CORRUPT;
    f->tear = -1;
    f->trig = (struct run_trigger){RUN_TRIG_EVENT, 0, -1, -1, 0, "", 1, -1};
    snprintf(f->trig.event, sizeof(f->trig.event), "%s", pcdsim_scn_event_name(PCDSIM_EV_APP_CMD_WRITTEN));
    /* staged: a QSPI slot (the body at stage_off) or a batch (the whole image at stage_off) */
    const bool staged = qspi || b->batch.on;
    f->dev = staged ? FM_NRF_RAM_FLASH : FM_NRF_APP_FLASH;
    f->off = staged ? b->upd.stage_off + (b->batch.on ? hdr : 0u) + 0x100 : b->upd.slot_off + hdr + 0x100;
    f->len = 1;
    f->mask = 0x01;
    /* B0N must refuse the changed source before erasing. An internal slot stays corrupted: every
     * attempt fails, the update is rejected and the old image runs on. A staged copy is staged
     * again from flash at the next attempt, which then succeeds. */
    c.expect.log[c.expect.n_log++] = "source SHA-256 mismatch, nothing erased";
    c.expect.has_net_version = true;
    c.expect.net_version = staged ? g->upd_fw_version : g->cur_fw_version;
    c.expect.slot = staged ? RUN_SLOT_DONE : RUN_SLOT_REJECTED;
    struct item *it = &g->items[g->n_items];
    it->name = "source corrupted after validation";
    static const char *const r3[] = {"B0N-SRC-SHA", "APP-RETRY", "APP-MARK-NACK", NULL};
    set_reqs(it, r3);
    if (!skip_refused(g, it, false)) {
        run_item(g, it, &c, staged ? "B0N refused the changed staged copy before erasing; the next attempt, staged again, succeeded"
                                   : "B0N refused the changed source before erasing; the old image is intact");
    }
}

/* 4: a destination write fault on every attempt */
static void item_destination_fault(struct gate *g)
{
    const struct run_config *b = &g->base;
    struct run_config c = *b;
    struct run_fault *f = &c.faults[c.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_STUCK_BITS;
    f->tear = -1;
    f->trig = (struct run_trigger){RUN_TRIG_NONE, 0, -1, -1, 0, "", 0, -1};
    f->dev = FM_NRF_NET_FLASH;
    f->off = b->b0n.app_addr - FM_NRF_NET_FLASH_BASE + 0x800;
    f->len = 4;
    f->mask = 0x01;
    f->attempts = -1;
    c.expect.slot = RUN_SLOT_REJECTED;
    c.expect.attempts = (int32_t)b->upd.attempts;
    c.expect.reports[c.expect.n_reports++] = "no valid";
    struct item *it = &g->items[g->n_items];
    it->name = "destination write fault until retries are exhausted";
    static const char *const r4[] = {"B0N-DST-SHA", "APP-RETRY", "APP-MARK-NACK", "SYS-REPORT", NULL};
    set_reqs(it, r4);
    if (!skip_refused(g, it, true)) {
        run_item(g, it, &c, "rejected after every attempt; reported");
    }
}

/* 5: a network core that never answers */
static void item_silent_net(struct gate *g)
{
    const struct run_config *b = &g->base;
    struct run_config c = *b;
    struct run_fault *f = &c.faults[c.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_NET_SILENT;
    f->tear = -1;
    f->trig = (struct run_trigger){RUN_TRIG_EVENT, 0, -1, -1, 0, "", 1, -1};
    snprintf(f->trig.event, sizeof(f->trig.event), "%s", pcdsim_scn_event_name(PCDSIM_EV_APP_BOOT));
    c.expect.slot = RUN_SLOT_REJECTED;
    c.expect.attempts = (int32_t)b->upd.attempts;
    c.expect.log[c.expect.n_log++] = "timeout";
    struct item *it = &g->items[g->n_items];
    it->name = "silent network core";
    static const char *const r5[] = {"APP-TIMEOUT", "APP-RETRY", "APP-MARK-NACK", "SYS-CONVERGE", NULL};
    set_reqs(it, r5);
    if (!skip_refused(g, it, false)) {
        run_item(g, it, &c, "every attempt timed out; the application core booted");
    }
}

/* 6: the update signed with a key MCUboot does not trust */
static void item_wrong_key(struct gate *g)
{
    const struct run_config *b = &g->base;
    struct run_config c = *b;
    struct pcd_key rk;
    struct item *it = &g->items[g->n_items];
    it->name = "candidate refused for a wrong key";
    static const char *const r6[] = {"APP-VALIDATE", NULL};
    set_reqs(it, r6);
    if (rogue_key(g, &rk) != 0) {
        it->pass = false;
        snprintf(it->evidence, sizeof(it->evidence), "no key could be generated");
        finish_item(g, it, NULL);
    } else {
        c.keys[0] = rk;
        c.n_keys = 1;
        c.expect.has_net_version = true;
        c.expect.net_version = g->cur_fw_version;
        c.expect.slot = RUN_SLOT_REJECTED;
        c.expect.attempts = 0;
        c.requirements[c.n_requirements++] = "APP-VALIDATE";
        run_item(g, it, &c, "refused before any PCD command");
    }
}

/* 7: MCUboot configured with a network-core partition smaller than the update */
static void item_size(struct gate *g)
{
    const struct run_config *b = &g->base;
    struct run_config c = *b;
    c.upd.net_app_size = (g->upd_img.hdr.img_size - 1u) & ~(uint32_t)(FM_NRF_NET_FLASH_PAGE - 1u);
    c.expect.has_net_version = true;
    c.expect.net_version = g->cur_fw_version;
    c.expect.slot = RUN_SLOT_REJECTED;
    c.expect.attempts = 0;
    c.requirements[c.n_requirements++] = "APP-SIZE";
    struct item *it = &g->items[g->n_items];
    it->name = "candidate refused for its size";
    static const char *const r7[] = {"APP-SIZE", NULL};
    set_reqs(it, r7);
    run_item(g, it, &c, "refused before any PCD command (partition 1 page short)");
}

/* The battery, in the order of the report: the update as MCUboot sees it first. */
static void app_update_item(struct gate *g);

/* The batch's own items (issue 13): one half invalid, and a power loss between the two images. */
static void batch_items(struct gate *g)
{
    const struct run_config *b = &g->base;
    struct run_config c = *b;
    struct item *it = &g->items[g->n_items];
    it->name = "batch with its application half corrupted";
    static const char *const ri[] = {"MI-VALIDATE-ALL", "MI-MARK", "MI-ORDER", NULL};
    set_reqs(it, ri);
    g->app_bad = malloc(b->batch.app_len);
    if (g->app_bad == NULL) {
        it->pass = false;
        snprintf(it->evidence, sizeof(it->evidence), "out of memory");
        finish_item(g, it, NULL);
    } else if (!skip_refused(g, it, true)) {
        memcpy(g->app_bad, b->batch.app, b->batch.app_len);
        g->app_bad[0x200 < b->batch.app_len ? 0x200 : b->batch.app_len - 1u] ^= 0x01u; /* the body (or the header) */
        c.batch.app = g->app_bad;
        for (unsigned k = 0; ri[k] != NULL; k++) {
            c.requirements[c.n_requirements++] = ri[k];
        }
        c.expect.has_net_version = true;
        c.expect.net_version = g->cur_fw_version;
        c.expect.slot = RUN_SLOT_REJECTED;
        c.expect.attempts = 0;
        run_item(g, it, &c, "nothing of the batch applied, both halves rejected");
    }

    c = *b;
    it = &g->items[g->n_items];
    it->name = "power loss between the two images";
    static const char *const rp[] = {"MI-ORDER", "MI-MARK", "SYS-POWER-SAFE", NULL};
    set_reqs(it, rp);
    struct run_fault *f = &c.faults[c.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_POWER_LOSS;
    f->tear = -1;
    f->trig = (struct run_trigger){RUN_TRIG_EVENT, 0, -1, -1, 0, "", 1, -1}; /* image 1 marked done */
    snprintf(f->trig.event, sizeof(f->trig.event), "%s", pcdsim_scn_event_name(PCDSIM_EV_APP_MARK_DONE));
    c.settle_on_loss = true;
    c.requirements[c.n_requirements++] = "MI-ORDER";
    c.requirements[c.n_requirements++] = "MI-MARK";
    c.expect.has_net_version = true;
    c.expect.net_version = g->upd_fw_version;
    c.expect.slot = RUN_SLOT_DONE;
    if (!skip_refused(g, it, true)) {
        run_item(g, it, &c, "the next boot applied the application too: both new");
    }

    /* MCUboot built with downgrade prevention: the batch goes through unless a half is older than
     * what runs (the application current, or the placeholder 0.0.0; the running fw_info version) */
    c = *b;
    it = &g->items[g->n_items];
    it->name = "the batch under downgrade prevention";
    static const char *const rd[] = {"MI-DOWNGRADE", NULL};
    set_reqs(it, rd);
    c.batch.downgrade_prevention = true;
    c.requirements[c.n_requirements++] = "MI-DOWNGRADE";
    if (!skip_refused(g, it, true)) {
        run_item(g, it, &c, "judged against the running versions");
    }
}

/* Secondary slots in SPI NAND (NAND-*, gate_nand.h): the clean update with a factory-bad block at
 * the start of each NAND slot (when the area keeps 2 or more spares; the area maps around it) and
 * a bit error the on-die ECC corrects in the candidate; then a page it cannot correct, which makes
 * the candidate invalid: nothing is copied. */
static void nand_items(struct gate *g)
{
    const struct run_config *b = &g->base;
    struct run_config c = *b;
    struct item *it = &g->items[g->n_items];
    it->name = "NAND: factory-bad blocks and a corrected bit error";
    static const char *const rb[] = {"NAND-BBM", "NAND-ECC", "NAND-ORDER", "NAND-STAGE", NULL};
    set_reqs(it, rb);
    for (int w = RUN_NAND_CAND; w <= RUN_NAND_APP; w++) {
        const struct run_nand_slot *sl = &b->nand.slot[w];
        if (sl->on && sl->n_phys - sl->n_logical >= 2u) {
            c.nand.factory_bad[c.nand.n_factory_bad++] = sl->first_block;
        }
    }
    c.nand.bit_error_off[0] = 0x1000u, c.nand.bit_error_bits[0] = 1u, c.nand.bit_error_slot[0] = RUN_NAND_CAND;
    c.nand.n_bit_errors = 1;
    for (unsigned k = 0; rb[k] != NULL; k++) {
        c.requirements[c.n_requirements++] = rb[k];
    }
    c.expect.has_net_version = true;
    c.expect.net_version = g->upd_fw_version;
    c.expect.slot = RUN_SLOT_DONE;
    if (!skip_refused(g, it, true)) {
        run_item(g, it, &c, "the bad blocks never touched, the bit error corrected, the new image runs");
    }

    c = *b;
    it = &g->items[g->n_items];
    it->name = "NAND: an uncorrectable page in the network-core candidate";
    static const char *const re[] = {"NAND-ECC", "NAND-BBM", NULL};
    set_reqs(it, re);
    c.nand.bit_error_off[0] = 0x1000u, c.nand.bit_error_bits[0] = 2u, c.nand.bit_error_slot[0] = RUN_NAND_CAND;
    c.nand.n_bit_errors = 1;
    for (unsigned k = 0; re[k] != NULL; k++) {
        c.requirements[c.n_requirements++] = re[k];
    }
    c.expect.has_net_version = true;
    c.expect.net_version = g->cur_fw_version;
    c.expect.slot = RUN_SLOT_REJECTED;
    if (!skip_refused(g, it, false)) {
        run_item(g, it, &c, b->batch.on ? "the candidate invalid: nothing of the batch applied, the old image runs"
                                        : "the candidate invalid: nothing copied, the old image runs");
    }
}

static void battery(struct gate *g, const char *cuts, unsigned jobs)
{
    item_accepted(g);
    if (g->base.batch.on) {
        app_update_item(g); /* the batch's other half: a refusal of it is a root cause too, reported here */
    }
    item_bootable(g);
    item_clean(g);
    item_power_loss(g, cuts, jobs);
    item_source_corrupted(g);
    item_destination_fault(g);
    item_silent_net(g);
    item_wrong_key(g);
    if (g->base.batch.on) {
        batch_items(g);
    }
    if (g->base.nand.on) {
        nand_items(g);
    }
    item_size(g);
}

/* --test (RB-*): the batch as a test batch -- backed up, swapped in, never confirmed -- and the
 * next boot, which must revert both cores to the old pair. */
static void test_batch_item(struct gate *g)
{
    static const char *const r[] = {"RB-TEST", "RB-BACKUP", "RB-REVERT", "RB-POWER-SAFE", NULL};
    struct run_config c = g->base;
    struct item *it = &g->items[g->n_items];
    it->name = "test batch: applied, not confirmed, reverted";
    set_reqs(it, r);
    if (skip_refused(g, it, true)) {
        return;
    }
    const uint32_t need = 0x1000u + (c.net_initial_len + 0xFFFu) / 0x1000u * 0x1000u; /* record page + image */
    if (c.batch.backup_size < need) {
        it->pass = false;
        snprintf(it->evidence, sizeof(it->evidence), "the layout's netcore_backup partition (%u bytes) cannot hold the "
                 "running network-core image (%u bytes needed): every test batch would be refused (PCD_E_RB_NO_SPACE)",
                 c.batch.backup_size, need);
        finish_item(g, it, NULL);
        return;
    }
    c.batch.rollback = true;
    c.batch.never_confirm = true;
    c.batch.app_request = PCD_SWAP_TEST;
    for (unsigned k = 0; r[k] != NULL; k++) {
        c.requirements[c.n_requirements++] = r[k];
    }
    static const enum run_step_kind steps[] = {RUN_STEP_POWER_ON, RUN_STEP_RUN_IDLE, RUN_STEP_POWER_CYCLE,
                                               RUN_STEP_RUN_IDLE};
    memset(c.steps, 0, sizeof(c.steps));
    c.n_steps = sizeof(steps) / sizeof(steps[0]);
    for (unsigned k = 0; k < c.n_steps; k++) {
        c.steps[k].kind = steps[k];
    }
    c.expect.has_net_version = true;
    c.expect.net_version = g->cur_fw_version;
    run_item(g, it, &c, "reverted: the old pair runs again");
}

/* The application update: valid with the keys, and its dependency on image 1 (the network
 * core) met by the network-core update. */
static void app_update_item(struct gate *g)
{
    struct item *it = &g->items[g->n_items];
    it->name = "application update and its dependency";
    static const char *const r[] = {"APP-VALIDATE", "MI-DEPENDENCY", NULL};
    static const char *const rd[] = {"MI-DEPENDENCY", "APP-VALIDATE", NULL};
    struct pcdsim_bufport bp;
    struct pcd_image_result ir;
    struct pcd_image_config ic = {g->base.keys, g->base.n_keys, g->base.b0n.app_addr, g->base.b0n.app_size};
    int v = pcdsim_bufport_init(&bp, g->app_update.data, g->app_update.len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR);
    if (v == 0) {
        v = pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, g->app_update.len, &ic, &ir);
    }
    it->pass = v == 0 && !ir.targets_net;
    set_reqs(it, it->pass ? rd : r); /* a failure is charged to the first: the dependency once the image is valid */
    if (!it->pass) {
        snprintf(it->evidence, sizeof(it->evidence), "%s", v ? pcd_describe(v) : "it targets the network core");
    } else {
        snprintf(it->evidence, sizeof(it->evidence), "valid, version %u.%u.%u", ir.hdr.ver.major, ir.hdr.ver.minor,
                 ir.hdr.ver.revision);
        /* image 1's version is its fw_info.version, compared as version.0.0 (docs/SPEC.md 7.1) */
        const uint32_t nv = g->upd_fw_version;
        for (uint32_t i = 0; i < ir.dep_count; i++) {
            const struct pcd_image_version *d = &ir.deps[i].version;
            bool met = ir.deps[i].image_id == 0 ||
                       (ir.deps[i].image_id == 1 && (nv > d->major || (nv == d->major && d->minor == 0 && d->revision == 0)));
            size_t l = strlen(it->evidence);
            snprintf(it->evidence + l, sizeof(it->evidence) - l, "; needs image %u >= %u.%u.%u: %s", ir.deps[i].image_id,
                     d->major, d->minor, d->revision, met ? "met by the network-core update" : "NOT met");
            it->pass &= met;
        }
    }
    g->batch_refused = g->base.batch.on && !it->pass;
    finish_item(g, it, NULL);
}

static int write_html(struct gate *g, const char *update)
{
    struct gate_html_row rows[sizeof(g->reqs) / sizeof(g->reqs[0]) + MAX_ITEMS]; /* every requirement, every item */
    for (unsigned i = 0; i < g->n_reqs; i++) {
        const struct req_verdict *r = &g->reqs[i];
        rows[i] = (struct gate_html_row){r->id, r->checks == 0 ? -1 : !r->failed,
                                         r->checks == 0 ? "not exercised by this battery" : r->failed ? r->evidence
                                         : r->checks == 1 ? "1 check" : "checked", r->per_image};
    }
    bool failed = false;
    for (unsigned i = 0; i < g->n_items; i++) {
        /* a skipped item did not run (the root cause is the failing item above it) */
        rows[g->n_reqs + i] = (struct gate_html_row){g->items[i].name, g->items[i].skipped ? -1 : g->items[i].pass,
                                                     g->items[i].evidence, NULL};
        failed |= !g->items[i].pass;
    }
    const char *replay = g->command;
    const struct gate_html_in in = {update, g->command, rows, g->n_reqs, rows + g->n_reqs, g->n_items, g->map_svg,
                                    &replay, failed ? 1u : 0u};
    if (gate_html_write(g->html_out.f, &in) != 0) {
        cli_out_abandon(&g->html_out);
        return PCDSIM_E_FILE;
    }
    return cli_out_commit(&g->html_out, "pcdsim gate") == 0 ? 0 : PCDSIM_E_FILE;
}

/* A requirement's verdicts per image in batch items, as JUnit properties (none when not judged in one). */
static void junit_images(FILE *f, const struct gate_images *im)
{
    bool any = false;
    for (int s = 0; s < GATE_SCOPE_COUNT; s++) {
        if (im->checks[s] == 0) {
            continue;
        }
        fputs(any ? "" : "<properties>", f);
        fprintf(f, "<property name=\"image %s\" value=\"%s\"/>", gate_scope_name((enum gate_scope)s),
                im->failed[s] ? "FAIL" : "pass");
        any = true;
    }
    fputs(any ? "</properties>" : "", f);
}

static int write_junit(const struct gate *g, const char *path)
{
    struct cli_out out;
    if (cli_out_open(&out, path, "pcdsim gate") != 0) {
        return PCDSIM_E_FILE;
    }
    FILE *f = out.f;
    unsigned fails = 0, skipped = 0;
    for (unsigned i = 0; i < g->n_items; i++) {
        fails += !g->items[i].pass && !g->items[i].skipped;
        skipped += g->items[i].skipped;
    }
    for (unsigned i = 0; i < g->n_reqs; i++) {
        fails += g->reqs[i].failed;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"pcdsim.gate\" tests=\"%u\" failures=\"%u\" skipped=\"%u\">\n",
            g->n_items + g->n_reqs, fails, skipped);
    for (unsigned i = 0; i < g->n_items; i++) {
        fputs("  <testcase classname=\"gate.battery\" name=\"", f);
        cli_xml_escape(f, g->items[i].name);
        fputs("\">", f);
        if (g->items[i].skipped || !g->items[i].pass) {
            fputs(g->items[i].skipped ? "<skipped message=\"" : "<failure message=\"", f);
            cli_xml_escape(f, g->items[i].evidence);
            fputs("\"/>", f);
        }
        fputs("</testcase>\n", f);
    }
    for (unsigned i = 0; i < g->n_reqs; i++) {
        fprintf(f, "  <testcase classname=\"gate.requirement\" name=\"%s\">", g->reqs[i].id);
        junit_images(f, &g->reqs[i].images);
        if (g->reqs[i].failed) {
            fputs("<failure message=\"", f);
            cli_xml_escape(f, g->reqs[i].evidence);
            fputs("\"/>", f);
        }
        fputs("</testcase>\n", f);
    }
    fputs("</testsuite>\n</testsuites>\n", f);
    return cli_out_commit(&out, "pcdsim gate") == 0 ? 0 : PCDSIM_E_FILE;
}

/* A copy of bytes read by pcdsim_gate_release_read() in a blob of the gate (the gate frees it; the
 * release inputs keep theirs for the PKG checks). 0, or -1 out of memory. */
static int take(struct blob *b, const struct pcdsim_image_file *f)
{
    if (f->data == NULL) {
        return 0;
    }
    b->data = malloc(f->len ? f->len : 1);
    if (b->data == NULL) {
        fprintf(stderr, "pcdsim gate: out of memory\n");
        return -1;
    }
    memcpy(b->data, f->data, f->len);
    b->len = (uint32_t)f->len;
    return 0;
}

/* Every input read and checked, the layout loaded and the base run built; any unreadable input is
 * exit 2, before anything runs. The release inputs (build directory, package, Intel HEX,
 * merged_CPUNET.hex) come through pcdsim_gate_release_read(). 0, or -1 with the message printed. */
static int load_inputs(struct gate *g, const struct gate_opts *o, struct pcdsim_layout *app_layout,
                       struct pcdsim_update_layout *ul)
{
    struct pcdsim_diag d;
    pcdsim_diag_clear(&d);
    for (unsigned i = 0; i < o->n_key_paths; i++) {
        if (pcdsim_key_load_pem(o->key_paths[i], &g->keys[g->n_keys], &d) != 0) {
            pcdsim_diag_print(&d, stderr);
            return -1;
        }
        g->n_keys++;
    }
    if (pcdsim_release_load_layout(g->rel.layout, g->rel.net_layout, app_layout, ul, &d) != 0 ||
        pcdsim_gate_release_read(&g->rel, ul, &d) != 0) {
        pcdsim_diag_print(&d, stderr);
        return -1;
    }
    pcdsim_layout_print_notes(app_layout, stderr);
    if (take(&g->net_update, &g->rel.net_img) != 0 || take(&g->net_current, &g->rel.cur.img) != 0 ||
        take(&g->app_update, &g->rel.app_img) != 0) {
        return -1;
    }
    if (o->app_current == NULL && take(&g->app_current, &g->rel.app_cur) != 0) { /* merged.hex's app */
        return -1;
    }
    if (o->app_current != NULL) {
        struct pcdsim_image_file f;
        if (pcdsim_image_file_read(o->app_current, 16u * 1024u * 1024u, &f, &d) != 0) {
            pcdsim_diag_print(&d, stderr);
            return -1;
        }
        int t = take(&g->app_current, &f);
        pcdsim_image_file_free(&f);
        if (t != 0) {
            return -1;
        }
    }
    const struct {
        const char *name;
        struct blob *b;
        const char *what;
    } files[] = {{g->rel.net_name, &g->net_update, g->rel.net_update ? "--net-update file" : "network-core update"},
                 {g->rel.net_current, &g->net_current, "--net-current file"},
                 {g->rel.app_name, &g->app_update, g->rel.app_update ? "--app-update file" : "application update"},
                 {o->app_current, &g->app_current, "--app-current file"}};
    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        if (files[i].b->data != NULL && cli_refuse_input(files[i].name, files[i].b->data, files[i].b->len,
                                                         files[i].what) != 0) {
            return -1;
        }
    }
    return build_base(g, ul, app_layout) != 0 ? -1 : 0;
}

/* The update itself, as MCUboot will see it, and its body as B0N will. 0, or -1 (not a
 * network-core MCUboot image at all: where it goes wrong printed). */
static int judge_update(struct gate *g, const char *net_update, const struct pcdsim_update_layout *ul)
{
    struct pcdsim_bufport bp;
    struct pcd_image_config ic = {g->base.keys, g->base.n_keys, ul->net_app_address, ul->net_app_size};
    int v = pcdsim_bufport_init(&bp, g->net_update.data, g->net_update.len, PCD_MEM_APP_FLASH, PCD_NO_CPU_ADDR);
    if (v == 0) {
        v = pcd_image_validate(&bp.port, PCD_MEM_APP_FLASH, 0, g->net_update.len, &ic, &g->upd_img);
    }
    g->upd_verdict = v;
    if (!g->upd_img.hdr_valid || (v != 0 && !g->upd_img.reset_vector_valid)) {
        /* not an MCUboot image at all (too short, bad magic, ...): where it goes wrong */
        cli_image_error(stderr, net_update, g->net_update.len, v, &g->upd_img);
        return -1;
    }
    if (!g->upd_img.targets_net) {
        const uint32_t rv_off = g->upd_img.hdr.hdr_size + 4u;
        if (!g->upd_img.reset_vector_valid) {
            fprintf(stderr, "%s: byte offset %u (0x%x): error: the body (%u bytes) holds no vector table: not a "
                    "network-core image\n", net_update, rv_off, rv_off, g->upd_img.hdr.img_size);
        } else {
            fprintf(stderr, "%s: byte offset %u (0x%x): error: this image does not target the network core (its reset "
                    "vector 0x%08x is outside the network-core application partition)\n", net_update, rv_off, rv_off,
                    g->upd_img.reset_vector);
        }
        return -1;
    }
    if ((uint64_t)g->upd_img.hdr.hdr_size + g->upd_img.hdr.img_size <= g->net_update.len) {
        struct pcdsim_bufport body;
        struct pcd_fwinfo_result fr;
        if (pcdsim_bufport_init(&body, g->net_update.data + g->upd_img.hdr.hdr_size, g->upd_img.hdr.img_size,
                                PCD_MEM_APP_FLASH, 0) == 0) {
            g->upd_boot_verdict = pcd_fwinfo_validate(&body.port, 0, g->upd_img.hdr.img_size, ul->net_app_address,
                                                      ul->net_app_address, ul->net_app_size, &fr);
            g->upd_bootable = g->upd_boot_verdict == 0;
            g->upd_fw_version = fr.fwinfo_valid ? fr.fwinfo.version : 0;
        }
    }
    return 0;
}

/* The running network-core application: what B0N boots today. 0, or -1 with the message. */
static int judge_current(struct gate *g, const char *net_current, const struct pcdsim_update_layout *ul)
{
    struct pcdsim_bufport cur;
    struct pcd_fwinfo_result cr;
    if (pcdsim_bufport_init(&cur, g->net_current.data, g->net_current.len, PCD_MEM_APP_FLASH, 0) != 0 ||
        pcd_fwinfo_validate(&cur.port, 0, g->net_current.len, ul->net_app_address, ul->net_app_address,
                            ul->net_app_size, &cr) != 0) {
        fprintf(stderr, "%s: error: not a network-core application B0N boots at 0x%08x: %s\n"
                        "  hint: give the B0-signed body (signed_by_b0_*.bin), not the MCUboot-signed update\n",
                net_current, ul->net_app_address, pcd_describe(cr.verdict));
        return -1;
    }
    g->cur_fw_version = cr.fwinfo.version;
    return 0;
}

/* What goes through the gate; for an update MCUboot refuses, where and why. */
static void print_heading(struct gate *g, const struct pcdsim_update_layout *ul)
{
    const int v = g->upd_verdict;
    printf("pcdsim gate: %s (MCUboot %u.%u.%u, %u bytes, fw_info version %u) onto %s\n", g->rel.net_name,
           g->upd_img.hdr.ver.major, g->upd_img.hdr.ver.minor, g->upd_img.hdr.ver.revision, g->upd_img.hdr.img_size,
           g->upd_fw_version, g->rel.net_current);
    printf("layout: %s; update slot %s at 0x%x (%s); network-core application 0x%08x + 0x%x\n", g->rel.layout,
           ul->secondary_1.present ? "mcuboot_secondary_1" : "mcuboot_secondary", g->base.upd.slot_off,
           g->base.upd.slot_mem == PCD_MEM_QSPI   ? "QSPI"
           : g->base.upd.slot_mem == PCD_MEM_NAND ? "SPI NAND, through its NAND area"
                                                  : "internal flash",
           ul->net_app_address, ul->net_app_size);
    if (v == 0) {
        return;
    }
    printf("note: MCUboot refuses this update (%s): the battery reports it first and does not run what needs it "
           "accepted\n", pcd_describe(v));
    cli_image_error(stderr, g->rel.net_name, g->net_update.len, v, &g->upd_img);
    FILE *m = fmemopen(g->upd_where, sizeof(g->upd_where) - 1, "w");
    if (m != NULL) {
        cli_image_error(m, g->rel.net_name, g->net_update.len, v, &g->upd_img);
        fclose(m);
    }
    g->upd_where[strcspn(g->upd_where, "\n")] = '\0';
    if (g->upd_where[0] == '\0') {
        snprintf(g->upd_where, sizeof(g->upd_where), "%s", pcd_describe(v));
    }
}

/* The battery items and the requirements, the JUnit file, the verdict: the exit code. */
static int report(struct gate *g, const struct gate_opts *o)
{
    printf("\nbattery:\n");
    unsigned fails = 0, skipped = 0;
    for (unsigned i = 0; i < g->n_items; i++) {
        const struct item *it = &g->items[i];
        printf("  %s  %-52s %s\n", it->skipped ? "----" : it->pass ? "PASS" : "FAIL", it->name, it->evidence);
        fails += !it->pass && !it->skipped;
        skipped += it->skipped;
    }
    printf("\nrequirements:\n");
    unsigned req_fails = 0;
    for (unsigned i = 0; i < g->n_reqs; i++) {
        struct req_verdict *r = &g->reqs[i];
        if (r->checks == 0) {
            printf("  ----  %-18s not exercised by this battery\n", r->id);
            continue;
        }
        gate_images_text(&r->images, r->per_image, sizeof(r->per_image));
        printf("  %s  %-18s %s%s%s\n", r->failed ? "FAIL" : "pass", r->id,
               r->failed ? r->evidence : (r->checks == 1 ? "1 check" : "checked"), r->per_image[0] ? "; " : "",
               r->per_image);
        req_fails += r->failed;
    }
    if ((o->junit != NULL && write_junit(g, o->junit) != 0) || (o->html != NULL && write_html(g, g->rel.net_name) != 0)) {
        return PCDSIM_EXIT_INPUT;
    }
    printf("\nverdict: %s (%u of %u battery items failed, %u requirement(s) do not hold)\n",
           fails || req_fails ? "FAIL" : "PASS", fails, g->n_items, req_fails);
    if (skipped > 0) {
        printf("%u passed, %u failed, %u not run (because of the failure listed first)\n", g->n_items - fails - skipped,
               fails, skipped);
    } else {
        printf("%u passed, %u failed\n", g->n_items - fails, fails);
    }
    return fails || req_fails ? PCDSIM_EXIT_VERDICT : PCDSIM_EXIT_OK;
}

/* The release package's requirements (PKG-*, docs/RELEASES.md): printed, and recorded as checks. */
static void release_checks(struct gate *g, const struct pcdsim_update_layout *ul)
{
    struct pcdsim_pkg_verdict v[PCDSIM_PKG_COUNT];
    size_t n = pcdsim_gate_release_checks(&g->rel, ul, v);
    printf("\nrelease package:\n");
    for (size_t i = 0; i < n; i++) {
        printf("  %s  %-12s %s\n", v[i].pass ? "PASS" : "FAIL", v[i].id, v[i].detail);
        note_req(g, v[i].id, v[i].pass, v[i].detail);
    }
}

/* Everything after the options: inputs, the battery, the report; the exit code. */
static int gate_run(struct gate *g, const struct gate_opts *o, struct pcdsim_layout *app_layout)
{
    struct pcdsim_update_layout ul;
    const struct pcdsim_gate_sources src = {o->build_dir, o->dfu_zip,    o->previous,    o->layout,
                                            o->net_layout, o->net_update, o->net_current, o->app_update,
                                            o->app_current};
    struct pcdsim_diag d;
    int rc = pcdsim_gate_release_resolve(&g->rel, &src, stdout, &d);
    if (rc == PCDSIM_E_USAGE) {
        return cli_usage_error(&spec, "%s", d.message);
    }
    if (rc != 0) {
        pcdsim_diag_print(&d, stderr);
        return PCDSIM_EXIT_INPUT;
    }
    if (load_inputs(g, o, app_layout, &ul) != 0 || judge_update(g, g->rel.net_name, &ul) != 0 ||
        judge_current(g, g->rel.net_current, &ul) != 0) {
        return PCDSIM_EXIT_INPUT;
    }
    /* the ids the gate judges: every one pcdsim checks (planned ids of later issues are not) */
    for (size_t i = 0; i < pcdsim_requirement_count() && g->n_reqs < sizeof(g->reqs) / sizeof(g->reqs[0]); i++) {
        if (pcdsim_requirement_at(i)->planned == NULL) {
            g->reqs[g->n_reqs++].id = pcdsim_requirement_at(i)->id;
        }
    }
    print_heading(g, &ul);
    if (o->html != NULL) { /* a path that cannot be written is refused before the battery runs */
        static const char *const skip[] = {"--html", "--junit", NULL};
        if (cli_out_open(&g->html_out, o->html, "pcdsim gate") != 0 ||
            (g->command = gate_html_command(o->argc, o->argv, skip)) == NULL) {
            return PCDSIM_EXIT_INPUT;
        }
    }
    if (o->test && !g->base.batch.on) {
        fprintf(stderr, "pcdsim gate: --test needs a batch: --app-update on a simultaneous-update layout "
                "(mcuboot_secondary_1, mcuboot_primary_1 in ram_flash); nothing run\n");
        return PCDSIM_EXIT_INPUT;
    }
    battery(g, o->cuts, o->jobs);
    if (o->test) {
        test_batch_item(g);
    }
    if (g->cuts_error[0] != '\0') {
        fprintf(stderr, "pcdsim gate: --cuts %s: %s; no verdict, nothing written\n", o->cuts, g->cuts_error);
        return PCDSIM_EXIT_INPUT;
    }
    if (g->app_update.data != NULL && !g->base.batch.on) {
        app_update_item(g);
    }
    release_checks(g, &ul);
    return report(g, o);
}

int cmd_gate(int argc, char **argv)
{
    struct cli_args a;
    struct gate_opts o;
    int rc = cli_parse(&spec, argc, argv, &a);
    if (rc != CLI_GO || (rc = parse_opts(&a, &o)) != CLI_GO) {
        cli_args_free(&a);
        return rc;
    }
    o.argc = argc;
    o.argv = argv;
    struct gate *g = calloc(1, sizeof(*g));
    struct pcdsim_layout app_layout;
    memset(&app_layout, 0, sizeof(app_layout));
    if (g != NULL) {
        g->net_binary_path = o.net_binary;
        g->nand_spares = o.nand_spares;
    }
    rc = g != NULL ? gate_run(g, &o, &app_layout) : PCDSIM_EXIT_INPUT;
    for (unsigned i = 0; g != NULL && i < g->n_keys; i++) {
        pcdsim_key_free(&g->keys[i]);
    }
    pcdsim_layout_free(&app_layout);
    if (g != NULL) {
        netcpu_image_free(g->net_binary);
        free(g->net_update.data);
        free(g->net_current.data);
        free(g->app_update.data);
        free(g->app_current.data);
        free(g->rogue_der);
        free(g->app_bad);
        pcdsim_gate_release_free(&g->rel);
        free(g->command);
        free(g->map_svg);
        cli_out_abandon(&g->html_out);
    }
    free(g);
    cli_args_free(&a);
    return rc;
}
