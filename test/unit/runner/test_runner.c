/* End-to-end runs on the simulated SoC with the real fixture images: the clean update from
 * internal flash, a power cut during the copy, a QSPI-staged update, and determinism of the
 * timeline. Each checks the verdicts the oracles reach, not internals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "image_test_util.h"
#include "pcdsim/host_err.h"
#include "runner_fixture.h"


static const struct run_verdict *verdict(const struct run_result *r, const char *id)
{
    const struct run_verdict *v = run_find_verdict(r, id);
    if (v == NULL) {
        fail_msg("no verdict %s", id);
    }
    return v;
}

static void dump(const struct run_config *c, const struct run_result *r)
{
    struct run_output out = {stderr, false, NULL, NULL};
    (void)out;
    (void)c;
    run_print_verdicts(r, stderr);
}

static void test_clean_update_internal(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_result r;
    FILE *tl = fopen("/dev/null", "w");
    struct run_output out = {tl, true, NULL, NULL};
    assert_int_equal(run_execute(&fx.cfg, &out, &r), 0);
    fclose(tl);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_true(verdict(&r, "SYS-POWER-SAFE")->pass);
    assert_true(verdict(&r, "SYS-IDEMPOTENT")->pass);
    assert_true(r.net_running);
    assert_int_equal(r.net_version, 2);
    assert_string_equal(r.net_state, "new image");
    assert_true(r.have_update);
    assert_int_equal(r.last_update.outcome, PCD_UPD_DONE); /* the settled boot, before the probe */
    assert_int_equal(r.pcd_attempts_total, 1);
    /* a 150 KiB image: ~75 page erases of 87.5 ms and ~38 000 words of 43 µs: several seconds */
    assert_true(r.device_time_us > 5000000u);
    release(&fx);
}

/* The reference network core does what the B0N firmware's main() does: it locks the B0N
 * container with the ACL before B0N reads its command, at every start (each start is a reset of
 * the network core, which clears the ACL). */
static void test_reference_b0n_locks_container_first(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_result r;
    FILE *js = tmpfile();
    assert_non_null(js);
    struct run_output out = {NULL, false, js, NULL};
    assert_int_equal(run_execute(&fx.cfg, &out, &r), 0);
    assert_true(r.ok);
    rewind(js);
    char line[512];
    unsigned starts = 0, locks = 0;
    bool locked_before_cmd = false;
    while (fgets(line, sizeof(line), js) != NULL) {
        if (strstr(line, "\"core\":\"net\"") == NULL) {
            continue;
        }
        if (strstr(line, "\"kind\":\"core_start\"") != NULL) {
            starts++;
        } else if (strstr(line, "\"kind\":\"acl_lock\"") != NULL) {
            assert_non_null(strstr(line, "ACL[0]: net flash 0x01000000..0x01008800 write-protected until reset"));
            locks++;
        } else if (strstr(line, "b0n.cmd_seen") != NULL) {
            locked_before_cmd = locks == starts;
        }
    }
    fclose(js);
    assert_true(starts >= 2u);
    assert_int_equal(locks, starts);
    assert_true(locked_before_cmd);
    release(&fx);
}

/* A requirement the run cannot exercise (APP-STAGE: an internal-flash slot stages nothing; here
 * the candidate is the application core's, so no attempt is made at all) is listed as not
 * judged -- not passed, not failed -- and every other named id gets its verdict. */
static void test_named_but_not_judged(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/app-v2-200k_ecdsa-p256.bin");
    fx.cfg.requirements[fx.cfg.n_requirements++] = "APP-STAGE";
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_null(run_find_verdict(&r, "APP-STAGE"));
    bool stage = false;
    for (unsigned i = 0; i < r.n_not_judged; i++) {
        stage |= strcmp(r.not_judged[i], "APP-STAGE") == 0;
        assert_null(run_find_verdict(&r, r.not_judged[i])); /* listed means: no verdict */
    }
    assert_true(stage);
    /* every named id is either judged or listed */
    for (unsigned i = 0; i < fx.cfg.n_requirements; i++) {
        bool listed = false;
        for (unsigned k = 0; k < r.n_not_judged; k++) {
            listed |= strcmp(r.not_judged[k], fx.cfg.requirements[i]) == 0;
        }
        assert_true(listed != (run_find_verdict(&r, fx.cfg.requirements[i]) != NULL));
    }
    assert_non_null(run_find_verdict(&r, "APP-LOCK"));
    release(&fx);
}

static void test_power_cut_during_copy_recovers(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_fault *f = &fx.cfg.faults[fx.cfg.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_POWER_LOSS;
    f->tear = -1;
    f->trig.kind = RUN_TRIG_EVENT;
    snprintf(f->trig.event, sizeof(f->trig.event), "b0n.erase_page");
    f->trig.nth = 40;
    f->trig.page = -1;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_int_equal(r.pcd_attempts_total, 2); /* cut during the first, redone at the next boot */
    /* device time: ~4 s to page 40, then a full 9 s update; a core asleep waiting for the answer
     * must not carry its deadline (60 s) into the power loss */
    assert_true(r.device_time_us > 10000000u && r.device_time_us < 16000000u);
    assert_string_equal(r.net_state, "new image");
    assert_true(r.boots >= 2);
    release(&fx);
}

static void test_invalid_candidate_never_reaches_net(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256-rogue.bin");
    fx.cfg.requirements[fx.cfg.n_requirements++] = "APP-VALIDATE";
    fx.cfg.expect.slot = RUN_SLOT_REJECTED;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_int_equal(r.pcd_attempts_total, 0);
    assert_string_equal(r.net_state, "old image");
    assert_int_equal(r.net_version, 1);
    release(&fx);
}

/* The case of issue 11 item 6: a network-core image built without the B0 signing step (no
 * fw_info), correctly signed for MCUboot. MCUboot accepts it and sends it (its reset vector lies
 * in the net-core partition); B0N refuses it before erasing anything, each attempt (NCS's
 * bl_boot would abort on it, facts errata), and the old image keeps running. */
static void test_update_without_fwinfo_refused(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    size_t body_len, img_len;
    uint8_t *body = tu_read_fixture("raw/net-v2-150k-ncs.bin", &body_len);
    EVP_PKEY *key = tu_load_private("keys/ecdsa-p256.pem");
    assert_non_null(body);
    assert_non_null(key);
    memset(body + 0x200, 0, 12); /* the fw_info magic (MANIFEST §3: fw_info at +0x200) */
    struct tu_signer signer = {key, PCD_TLV_ECDSA_SIG};
    struct tu_image_spec spec = {0};
    spec.body = body;
    spec.body_len = (uint32_t)body_len;
    spec.ver = (struct pcd_image_version){2, 0, 0, 0};
    spec.signers = &signer;
    spec.nsigners = 1;
    uint8_t *img = tu_build_image(&spec, &img_len);
    assert_non_null(img);
    free(fx.cand.data);
    fx.cand.data = img;
    fx.cand.len = (uint32_t)img_len;
    fx.cfg.candidate = img;
    fx.cfg.candidate_len = fx.cand.len;
    static const char *const more[] = {"B0N-SRC-BOOTABLE", "B0N-BOOT-VALID", "APP-MARK-NACK", "SYS-REPORT"};
    for (unsigned i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
        fx.cfg.requirements[fx.cfg.n_requirements++] = more[i];
    }
    fx.cfg.requirements[3] = "APP-VALIDATE"; /* APP-MARK-DONE does not apply: the update is refused */
    fx.cfg.expect.slot = RUN_SLOT_REJECTED;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    if (!r.ok) {
        dump(&fx.cfg, &r);
    }
    assert_true(r.ok);
    assert_true(verdict(&r, "B0N-SRC-BOOTABLE")->pass);
    assert_true(verdict(&r, "B0N-BOOT-VALID")->pass);
    assert_true(verdict(&r, "APP-VALIDATE")->pass); /* MCUboot's part was right: valid, sent */
    assert_int_equal(r.pcd_attempts_total, 3); /* MCUboot accepted it: sent, refused, each attempt */
    assert_string_equal(r.net_state, "old image");
    assert_true(r.net_running);
    assert_int_equal(r.net_version, 1);
    EVP_PKEY_free(key);
    free(body);
    release(&fx);
}

static void test_timeline_is_deterministic(void **state)
{
    (void)state;
    char *text[2];
    for (int k = 0; k < 2; k++) {
        struct fixture fx;
        internal_board(&fx, FIX "signed/net-v1-32k_ecdsa-p256.bin");
        size_t len = 0;
        FILE *mem = open_memstream(&text[k], &len);
        struct run_output out = {mem, true, mem, NULL};
        struct run_result r;
        assert_int_equal(run_execute(&fx.cfg, &out, &r), 0);
        fclose(mem);
        release(&fx);
    }
    assert_true(strlen(text[0]) > 1000);
    assert_string_equal(text[0], text[1]);
    free(text[0]);
    free(text[1]);
}

/* An updater configuration the updater refuses (poll period above the timeout): the update never
 * happens. APP-TIMEOUT and APP-RETRY must not pass on "0 attempt(s)", and the refusal is logged
 * by the app side (SYS-REPORT). */
static void test_refused_config_is_no_pass(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    fx.cfg.upd.poll_us = fx.cfg.upd.timeout_us + 1u;
    fx.cfg.requirements[fx.cfg.n_requirements++] = "APP-TIMEOUT";
    fx.cfg.requirements[fx.cfg.n_requirements++] = "APP-RETRY";
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_false(r.ok);
    assert_false(verdict(&r, "APP-TIMEOUT")->pass);
    assert_non_null(strstr(verdict(&r, "APP-TIMEOUT")->evidence, "PCD_E_INVAL before any attempt"));
    assert_false(verdict(&r, "APP-RETRY")->pass);
    assert_true(verdict(&r, "SYS-REPORT")->pass);
    release(&fx);
}

/* The bound of a run step follows from the run: boots x attempts x timeout + the margin (20 min
 * with the default updater), unless set. */
static void test_step_limit_follows_the_run(void **state)
{
    (void)state;
    struct run_config c;
    char why[96];
    run_config_default(&c);
    assert_int_equal(run_step_limit_us(&c, why, sizeof(why)), 1200ull * 1000000u);
    assert_string_equal(why, "1 boot(s) x 3 attempt(s) x 60.000 s + 1020 s margin");
    c.upd.timeout_us = 600ull * 1000000u; /* 3 x 10 min: more than the old fixed 20 min */
    assert_int_equal(run_step_limit_us(&c, NULL, 0), (1800ull + 1020u) * 1000000u);
    c.upd.timeout_us = 86400ull * 1000000u; /* 24 h: beyond 32 bits of µs */
    c.upd.attempts = 2;
    c.faults[c.n_faults++].kind = RUN_FAULT_WARM_RESET;
    assert_int_equal(run_step_limit_us(&c, why, sizeof(why)), (2ull * 2u * 86400u + 1020u) * 1000000u);
    assert_string_equal(why, "2 boot(s) x 2 attempt(s) x 86400.000 s + 1020 s margin");
    c.run_limit_us = 5000000u;
    assert_int_equal(run_step_limit_us(&c, NULL, 0), 5000000u);
}

/* Each SRAM word of the PCD command is an event point (app.cmd_word): a power loss at the third
 * lands after src, len and dst and before the rest -- the magic was never written, the network
 * core never saw a command -- and the next power-on sends the whole command and completes. */
static void test_cut_between_command_words(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_fault *f = &fx.cfg.faults[fx.cfg.n_faults++];
    memset(f, 0, sizeof(*f));
    f->kind = RUN_FAULT_POWER_LOSS;
    f->tear = -1;
    f->trig = (struct run_trigger){RUN_TRIG_EVENT, 0, -1, -1, 0, "app.cmd_word", 3, -1};
    fx.cfg.steps[0].kind = RUN_STEP_POWER_ON;
    fx.cfg.steps[1].kind = RUN_STEP_RUN_IDLE;
    fx.cfg.steps[2].kind = RUN_STEP_POWER_ON;
    fx.cfg.steps[3].kind = RUN_STEP_RUN_IDLE;
    fx.cfg.n_steps = 4;
    FILE *trace = tmpfile();
    assert_non_null(trace);
    struct run_output out = {NULL, false, trace, NULL};
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, &out, &r), 0);
    assert_true(r.ok);
    assert_true(verdict(&r, "SYS-POWER-SAFE")->pass);
    assert_int_equal(r.boots, 2);
    assert_int_equal(r.pcd_attempts_total, 1); /* B0N saw one command: the second boot's */
    rewind(trace);
    char line[512];
    unsigned words = 0, magic = 0;
    while (fgets(line, sizeof(line), trace) != NULL && strstr(line, "\"power_loss\"") == NULL) {
        if (strstr(line, "\"core\":\"app\",\"kind\":\"pcd_write\"") != NULL) {
            words++;
            magic += strstr(line, "pcd_sram+0x00 <-") != NULL ? 1u : 0u;
        }
    }
    fclose(trace);
    assert_int_equal(words, 3);
    assert_int_equal(magic, 0);
    release(&fx);
}

/* expect.app_version compares the build number, and says so: 1.0.0+5 against a running
 * 1.0.0+0 fails with both builds in the evidence (issue 11, item 12). */
static void test_app_version_build_number(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/app-v2-200k_ecdsa-p256.bin"); /* app-core candidate: no copy */
    fx.cfg.expect.has_app_version = true;
    fx.cfg.expect.app_version = (struct pcd_image_version){1, 0, 0, 5};
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    const struct run_verdict *v = verdict(&r, "expect.app_version");
    assert_false(v->pass);
    assert_non_null(strstr(v->evidence, "expected 1.0.0+5, running 1.0.0+0"));
    fx.cfg.expect.app_version.build = 0;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_true(verdict(&r, "expect.app_version")->pass);
    release(&fx);
}

/* No application in the primary slot: nobody releases the network core after a good update.
 * SYS-POWER-SAFE judges what the network core holds (B0N's boot check) and does not speak of
 * power faults when none was injected (issue 11, item 12). */
static void test_no_application_update_is_power_safe(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v1-32k_ecdsa-p256.bin");
    fx.cfg.loads[0] = fx.cfg.loads[1]; /* drop the application */
    fx.cfg.n_loads = 1;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    const struct run_verdict *v = verdict(&r, "SYS-POWER-SAFE");
    if (!v->pass) {
        dump(&fx.cfg, &r);
    }
    assert_true(v->pass);
    assert_non_null(strstr(v->evidence, "no fault injected"));
    assert_null(strstr(v->evidence, "power faults only"));
    assert_false(r.app_running);
    release(&fx);
}

/* A run whose timeline could not grow fails with an internal error instead of judging from a
 * truncated timeline (a clean update records far more than 40 events). */
static void test_truncated_timeline_fails_the_run(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    fx.cfg.soc.max_events = 40;
    struct run_result r;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), PCDSIM_E_NOMEM);
    assert_false(r.ok);
    fx.cfg.soc.max_events = 0;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), 0);
    assert_true(r.ok);
    release(&fx);
}

/* A run that cannot be set up says so with a simulator code (PCDSIM_E_*), never with a PCD code
 * that would read as a verdict on the image: a candidate larger than its slot, an initial load
 * outside its memory, a fault that cannot be triggered that way, a sweep of other faults, too
 * many sweep workers, an operation the reference run does not make. */
static void test_setup_failures_are_simulator_codes(void **state)
{
    (void)state;
    struct fixture fx;
    internal_board(&fx, FIX "signed/net-v2-150k_ecdsa-p256.bin");
    struct run_result r;
    const struct run_config base = fx.cfg;

    fx.cfg.upd.slot_size = fx.cfg.candidate_len - 4u;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), PCDSIM_E_SCHEMA);

    fx.cfg = base;
    fx.cfg.loads[1].off = 0x3FFF0u; /* net flash is 0x40000 bytes */
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), PCDSIM_E_SCHEMA);

    fx.cfg = base;
    fx.cfg.faults[0] = (struct run_fault){.kind = RUN_FAULT_NET_SILENT, .trig = {.kind = RUN_TRIG_TIME, .time_us = 5}};
    fx.cfg.n_faults = 1;
    assert_int_equal(run_execute(&fx.cfg, NULL, &r), PCDSIM_E_SCHEMA);
    struct run_sweep *sw = NULL;
    assert_int_equal(run_sweep_reference(&fx.cfg, &r, &sw), PCDSIM_E_SCHEMA);
    assert_null(sw);

    fx.cfg = base;
    assert_int_equal(run_sweep_reference(&fx.cfg, &r, &sw), 0);
    struct sweep_point pt;
    assert_int_equal(run_sweep_branch(sw, run_sweep_ops(sw), SWEEP_CUT_BEFORE, UINT64_MAX, &pt), PCDSIM_E_USAGE);
    struct sweep_pt one = {0, SWEEP_CUT_BEFORE, UINT64_MAX};
    assert_int_equal(run_sweep_parallel(sw, &one, 1, 65, &pt, false), PCDSIM_E_USAGE);
    run_sweep_free(sw);
    release(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_b0n_locks_container_first),
        cmocka_unit_test(test_clean_update_internal),
        cmocka_unit_test(test_named_but_not_judged),
        cmocka_unit_test(test_power_cut_during_copy_recovers),
        cmocka_unit_test(test_invalid_candidate_never_reaches_net),
        cmocka_unit_test(test_update_without_fwinfo_refused),
        cmocka_unit_test(test_timeline_is_deterministic),
        cmocka_unit_test(test_refused_config_is_no_pass),
        cmocka_unit_test(test_step_limit_follows_the_run),
        cmocka_unit_test(test_cut_between_command_words),
cmocka_unit_test(test_app_version_build_number),
cmocka_unit_test(test_no_application_update_is_power_safe),
cmocka_unit_test(test_truncated_timeline_fails_the_run),
cmocka_unit_test(test_setup_failures_are_simulator_codes),
    };
    return cmocka_run_group_tests_name("runner", tests, NULL, NULL);
}
