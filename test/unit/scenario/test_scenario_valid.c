/* Unit tests of pcdsim_scenario, valid inputs: the complete scenario of data/complete.yml (every
 * field checked), the example of docs/SCENARIOS.md (extracted from the doc at test time), a
 * minimal scenario with every default, the built-in layouts against their fixtures, and the
 * event table against the doc. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pcdsim/diag.h"
#include "pcdsim/host_err.h"
#include "pcdsim/scenario.h"
#include "test_helpers.h"

#define DOC PCDSIM_SOURCE_DIR "/docs/SCENARIOS.md"
#define DATA_DIR PCDSIM_SOURCE_DIR "/test/unit/scenario/data/"

/* Load @p path; on failure print the diagnostic and fail. */
static void must_load(const char *path, struct pcdsim_scenario *s)
{
    struct pcdsim_diag d;
    int rc = pcdsim_scenario_load(path, s, &d);
    if (rc != 0) {
        pcdsim_diag_print(&d, stderr);
        fail_msg("loading %s: %s", path, pcdsim_strerror(rc));
    }
    assert_int_equal(d.err, 0);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void check_file(const struct pcdsim_scn_file *f, const char *written_suffix, unsigned line, unsigned column)
{
    assert_non_null(f->path);
    assert_non_null(f->written);
    if (!ends_with(f->written, written_suffix) || !ends_with(f->path, written_suffix)) {
        fail_msg("file '%s' (resolved '%s') does not end with '%s'", f->written, f->path, written_suffix);
    }
    assert_true(f->size > 0);
    assert_int_equal(f->pos.line, line);
    assert_int_equal(f->pos.column, column);
}

static void check_pos(struct pcdsim_scn_pos p, unsigned line, unsigned column)
{
    if (p.line != line || p.column != column) {
        fail_msg("position %u:%u, want %u:%u", p.line, p.column, line, column);
    }
}

/* ---------------------------------------------------------------------------------------------- */

static void test_scenario_valid__complete(void **state)
{
    (void)state;
    struct stage st;
    stage_init(&st, 5);
    stage_copy_data(&st, "complete.yml");
    stage_copy_data(&st, "settings.bin");
    stage_copy_data(&st, "blob.bin");
    char path[512];
    snprintf(path, sizeof(path), "%s/complete.yml", st.dir);

    struct pcdsim_scenario s;
    must_load(path, &s);

    assert_string_equal(s.path, path);
    assert_string_equal(s.dir, st.dir);
    assert_int_equal(s.version, 1);
    assert_string_equal(s.name, "complete scenario, every key of format version 1");
    assert_string_equal(s.description, "Every key of the format with a value that differs from its default,\n"
                                       "so that the loader test can check each field.\n");
    assert_int_equal(s.requirement_count, 3);
    assert_string_equal(s.requirements[0].req->id, "APP-VALIDATE");
    assert_int_equal(s.requirements[0].req->group, PCDSIM_REQ_APP);
    assert_string_equal(s.requirements[1].req->id, "B0N-COPY");
    assert_string_equal(s.requirements[2].req->id, "SYS-POWER-SAFE");
    check_pos(s.requirements[2].pos, 9, 40);
    assert_int_equal(s.label_count, 2);
    assert_string_equal(s.labels[0].text, "powerloss");
    assert_string_equal(s.labels[1].text, "slow");
    check_pos(s.labels[1].pos, 10, 21);
    assert_true(s.seed == 0xdeadbeefcafef00dull);
    assert_int_equal(s.profile, PCDSIM_PROFILE_NCS);

    // board
    const struct pcdsim_scn_board *b = &s.board;
    assert_int_equal(b->layout.builtin, PCDSIM_BUILTIN_NONE);
    check_file(&b->layout.file, "shared/fixtures/pm/handmade-nrf5340dk-extflash-mx25r64.yml", 15, 11);
    check_pos(b->layout.pos, 15, 11);
    assert_int_equal(b->net_layout.builtin, PCDSIM_BUILTIN_NONE);
    check_file(&b->net_layout.file, "shared/fixtures/pm/borus-cpunet-generated-partitions.yml", 16, 15);
    assert_true(b->qspi);
    assert_int_equal(b->ram_flash_address, 0x20040000);
    assert_int_equal(b->ram_flash_size, 0x40000);
    assert_non_null(pcdsim_layout_find(&b->app, "mcuboot_secondary_1"));
    assert_non_null(pcdsim_layout_find(&b->net, "b0n_container"));
    assert_int_equal(b->update.secondary.medium, PCDSIM_SLOT_QSPI);
    assert_int_equal(b->update.primary.size, 0x74000);
    assert_true(b->update.net_from_file);
    assert_int_equal(b->update.net_app_address, 0x01008800);
    assert_int_equal(b->update.net_app_size, 0x37800);

    // keys
    assert_int_equal(s.key_count, 2);
    check_file(&s.keys[0], "keys/ecdsa-p256.pub.pem", 21, 5);
    check_file(&s.keys[1], "keys/ed25519.pub.pem", 22, 5);

    // contents
    const struct pcdsim_scn_contents *c = &s.contents;
    check_file(&c->app, "signed/app-v1-64k_ecdsa-p256.bin", 25, 8);
    check_file(&c->net, "raw/net-v1-32k-ncs.bin", 26, 8);
    assert_true(c->has_candidate);
    check_file(&c->candidate.file, "signed/net-v2-150k_ecdsa-p256.bin", 28, 11);
    assert_string_equal(c->candidate.slot, "mcuboot_secondary_1");
    assert_int_equal(c->candidate.device, FM_NRF_QSPI);
    assert_int_equal(c->candidate.dev_offset, 0x74000);
    assert_int_equal(c->candidate.slot_size, 0x40000);
    assert_int_equal(c->candidate.request, PCDSIM_REQUEST_PERMANENT);
    check_pos(c->candidate.pos, 28, 5);
    assert_int_equal(c->extra_count, 3);
    assert_int_equal(c->extra[0].at.kind, PCDSIM_LOC_PARTITION);
    assert_string_equal(c->extra[0].at.partition, "settings_storage");
    assert_int_equal(c->extra[0].at.offset, 0x100);
    assert_int_equal(c->extra[0].at.device, FM_NRF_APP_FLASH);
    assert_int_equal(c->extra[0].at.dev_offset, 0xf8100);
    assert_int_equal(c->extra[0].at.limit, 0x8000 - 0x100);
    check_pos(c->extra[0].at.pos, 32, 8);
    check_file(&c->extra[0].file, "settings.bin", 32, 58);
    assert_int_equal(c->extra[0].file.size, 24);
    check_pos(c->extra[0].pos, 32, 7);
    assert_int_equal(c->extra[1].at.kind, PCDSIM_LOC_ADDRESS);
    assert_int_equal(c->extra[1].at.address, 0x01038000);
    assert_int_equal(c->extra[1].at.device, FM_NRF_NET_FLASH);
    assert_int_equal(c->extra[1].at.dev_offset, 0x38000);
    assert_int_equal(c->extra[1].at.limit, 0x8000);
    assert_int_equal(c->extra[1].file.size, 5);
    assert_int_equal(c->extra[2].at.kind, PCDSIM_LOC_DEVICE);
    assert_int_equal(c->extra[2].at.device, FM_NRF_QSPI);
    assert_int_equal(c->extra[2].at.offset, 0x7ff000);
    assert_int_equal(c->extra[2].at.dev_offset, 0x7ff000);
    assert_int_equal(c->extra[2].at.limit, 0x1000);

    // updater
    assert_int_equal(s.updater.retries, 5);
    assert_int_equal(s.updater.timeout_ms, 30000);
    assert_int_equal(s.updater.poll_ms, 250);
    assert_int_equal(s.max_device_time_ms, 7200000);

    // faults
    assert_int_equal(s.fault_count, 10);
    const struct pcdsim_scn_fault *f = s.faults;
    assert_int_equal(f[0].kind, PCDSIM_FAULT_POWER_LOSS);
    assert_int_equal(f[0].line, 42);
    assert_int_equal(f[0].column, 5);
    assert_int_equal(f[0].trigger.kind, PCDSIM_TRIG_EVENT);
    assert_int_equal(f[0].trigger.event, PCDSIM_EV_B0N_ERASE_PAGE);
    assert_int_equal(f[0].trigger.nth, 2);
    assert_true(f[0].trigger.has_page);
    assert_int_equal(f[0].trigger.page, 40);
    check_pos(f[0].trigger.pos, 42, 18);
    assert_int_equal(f[0].power_loss.tear, PCDSIM_TEAR_SOMEBITS);
    assert_false(f[0].power_loss.after);

    assert_int_equal(f[1].kind, PCDSIM_FAULT_POWER_LOSS);
    assert_int_equal(f[1].trigger.kind, PCDSIM_TRIG_OP);
    assert_int_equal(f[1].trigger.op, 1234);
    assert_true(f[1].trigger.has_device);
    assert_int_equal(f[1].trigger.device, FM_NRF_NET_FLASH);
    assert_int_equal(f[1].trigger.op_kind, PCDSIM_OP_PROGRAM);
    assert_int_equal(f[1].power_loss.tear, PCDSIM_TEAR_NONE);
    assert_true(f[1].power_loss.after);

    assert_int_equal(f[2].kind, PCDSIM_FAULT_POWER_LOSS);
    assert_int_equal(f[2].line, 44);
    assert_int_equal(f[2].trigger.kind, PCDSIM_TRIG_TIME);
    assert_int_equal(f[2].trigger.time_ms, 5000);
    check_pos(f[2].trigger.pos, 45, 7);
    assert_false(f[2].trigger.has_device);
    assert_int_equal(f[2].trigger.op_kind, PCDSIM_OP_ANY);

    assert_int_equal(f[3].kind, PCDSIM_FAULT_CORRUPT);
    assert_int_equal(f[3].trigger.kind, PCDSIM_TRIG_EVENT);
    assert_int_equal(f[3].trigger.event, PCDSIM_EV_APP_VALIDATED);
    assert_int_equal(f[3].trigger.nth, 1);
    assert_false(f[3].trigger.has_page);
    assert_int_equal(f[3].corrupt.at.kind, PCDSIM_LOC_PARTITION);
    assert_string_equal(f[3].corrupt.at.partition, "mcuboot_secondary_1");
    assert_int_equal(f[3].corrupt.at.device, FM_NRF_QSPI);
    assert_int_equal(f[3].corrupt.at.dev_offset, 0x74200);
    assert_false(f[3].corrupt.has_bytes);
    assert_int_equal(f[3].corrupt.xor_mask, 0x80);
    assert_int_equal(f[3].corrupt.length, 4);

    assert_int_equal(f[4].kind, PCDSIM_FAULT_CORRUPT);
    assert_int_equal(f[4].trigger.kind, PCDSIM_TRIG_OP);
    assert_int_equal(f[4].trigger.op, 7);
    assert_int_equal(f[4].corrupt.at.kind, PCDSIM_LOC_ADDRESS);
    assert_int_equal(f[4].corrupt.at.device, FM_NRF_APP_SRAM);
    assert_int_equal(f[4].corrupt.at.dev_offset, 0x10000);
    assert_true(f[4].corrupt.has_bytes);
    assert_int_equal(f[4].corrupt.length, 3);
    assert_int_equal(f[4].corrupt.bytes[0], 0x00);
    assert_int_equal(f[4].corrupt.bytes[1], 0xff);
    assert_int_equal(f[4].corrupt.bytes[2], 0x5a);

    assert_int_equal(f[5].kind, PCDSIM_FAULT_STUCK_BITS);
    assert_int_equal(f[5].trigger.kind, PCDSIM_TRIG_NONE);
    assert_int_equal(f[5].stuck_bits.at.kind, PCDSIM_LOC_DEVICE);
    assert_int_equal(f[5].stuck_bits.at.device, FM_NRF_NET_FLASH);
    assert_int_equal(f[5].stuck_bits.at.dev_offset, 0x9000);
    assert_int_equal(f[5].stuck_bits.length, 16);
    assert_int_equal(f[5].stuck_bits.mask, 0x0f);
    assert_false(f[5].stuck_bits.forever);
    assert_int_equal(f[5].stuck_bits.attempts, 2);

    assert_int_equal(f[6].kind, PCDSIM_FAULT_STUCK_BITS);
    assert_int_equal(f[6].stuck_bits.at.kind, PCDSIM_LOC_ADDRESS);
    assert_int_equal(f[6].stuck_bits.at.device, FM_NRF_APP_FLASH);
    assert_int_equal(f[6].stuck_bits.at.dev_offset, 0xf8000);
    assert_int_equal(f[6].stuck_bits.mask, 0xff);
    assert_true(f[6].stuck_bits.forever);

    assert_int_equal(f[7].kind, PCDSIM_FAULT_NET_CORE);
    assert_int_equal(f[7].net_core.mode, PCDSIM_NET_CRASH);
    assert_int_equal(f[7].trigger.kind, PCDSIM_TRIG_EVENT);
    assert_int_equal(f[7].trigger.event, PCDSIM_EV_NET_START);
    assert_int_equal(f[7].trigger.nth, 3);

    assert_int_equal(f[8].kind, PCDSIM_FAULT_APP_WRITES_PCD);
    assert_int_equal(f[8].trigger.event, PCDSIM_EV_APP_JUMP);
    assert_int_equal(f[8].app_writes_pcd.magic, 0xb5b4b3b6u);
    assert_int_equal(f[8].app_writes_pcd.src, 0x00080000);
    assert_int_equal(f[8].app_writes_pcd.len, 0x1000);
    assert_int_equal(f[8].app_writes_pcd.dst, 0x8800);

    assert_int_equal(f[9].kind, PCDSIM_FAULT_WARM_RESET);
    assert_int_equal(f[9].trigger.kind, PCDSIM_TRIG_TIME);
    assert_int_equal(f[9].trigger.time_ms, 100000);
    assert_int_equal(f[9].line, 52);

    // steps
    assert_false(s.steps_defaulted);
    assert_int_equal(s.step_count, 8);
    const struct pcdsim_scn_step *p = s.steps;
    assert_int_equal(p[0].kind, PCDSIM_STEP_POWER_ON);
    assert_int_equal(p[0].line, 55);
    assert_int_equal(p[0].column, 5);
    assert_int_equal(p[1].kind, PCDSIM_STEP_RUN_EVENT);
    assert_int_equal(p[1].event, PCDSIM_EV_APP_JUMP);
    assert_int_equal(p[2].kind, PCDSIM_STEP_RUN_MS);
    assert_int_equal(p[2].ms, 2500);
    assert_int_equal(p[3].kind, PCDSIM_STEP_WRITE_CANDIDATE);
    assert_int_equal(p[3].line, 58);
    check_file(&p[3].candidate.file, "signed/app-v2-200k_ecdsa-p256.bin", 59, 13);
    assert_string_equal(p[3].candidate.slot, "mcuboot_secondary");
    assert_int_equal(p[3].candidate.device, FM_NRF_QSPI);
    assert_int_equal(p[3].candidate.dev_offset, 0);
    assert_int_equal(p[3].candidate.request, PCDSIM_REQUEST_TEST);
    assert_int_equal(p[4].kind, PCDSIM_STEP_RELEASE_NET);
    assert_int_equal(p[5].kind, PCDSIM_STEP_WARM_RESET);
    assert_int_equal(p[6].kind, PCDSIM_STEP_POWER_CYCLE);
    assert_int_equal(p[7].kind, PCDSIM_STEP_RUN_IDLE);
    assert_int_equal(p[7].line, 65);

    // expect
    const struct pcdsim_scn_expect *e = &s.expect;
    assert_true(e->has_app_version);
    assert_false(e->app_version.none);
    assert_int_equal(e->app_version.major, 1);
    assert_int_equal(e->app_version.minor, 2);
    assert_int_equal(e->app_version.revision, 3);
    assert_int_equal(e->app_version.build, 4);
    check_pos(e->app_version_pos, 68, 16);
    assert_true(e->has_net_version);
    assert_true(e->net_version_none);
    assert_true(e->has_slot);
    assert_int_equal(e->slot, PCDSIM_SLOT_REJECTED);
    assert_true(e->has_attempts);
    assert_int_equal(e->attempts, 3);
    assert_true(e->has_boots);
    assert_int_equal(e->boots, 2);
    check_pos(e->boots_pos, 72, 10);
    assert_int_equal(e->log_count, 2);
    assert_string_equal(e->log[0].text, "Network core update");
    assert_string_equal(e->log[1].text, "attempt 3");
    check_pos(e->log[1].pos, 73, 32);
    assert_int_equal(e->no_log_count, 1);
    assert_string_equal(e->no_log[0].text, "timeout");
    assert_int_equal(e->report_count, 1);
    assert_string_equal(e->reports[0].text, "net core has no valid image");
    assert_int_equal(e->verdict_count, 2);
    assert_string_equal(e->verdicts[0].req->id, "SYS-POWER-SAFE");
    assert_false(e->verdicts[0].pass);
    assert_string_equal(e->verdicts[1].req->id, "APP-LOCK");
    assert_true(e->verdicts[1].pass);
    check_pos(e->verdicts[1].pos, 76, 36);

    pcdsim_scenario_free(&s);
    // Freed and zeroed: a second free is harmless.
    assert_null(s.path);
    assert_null(s.faults);
    pcdsim_scenario_free(&s);
    pcdsim_scenario_free(NULL);
    stage_cleanup(&st);
}

/* ---------------------------------------------------------------------------------------------- */

/* The ```yaml block of the "Complete example" section of docs/SCENARIOS.md. */
static char *doc_example(void)
{
    char *doc = read_text(DOC, NULL);
    assert_non_null(doc);
    const char *sec = strstr(doc, "## Complete example");
    assert_non_null(sec);
    const char *start = strstr(sec, "```yaml\n");
    assert_non_null(start);
    start += strlen("```yaml\n");
    const char *end = strstr(start, "\n```");
    assert_non_null(end);
    size_t n = (size_t)(end - start) + 1;
    char *yaml = malloc(n + 1);
    assert_non_null(yaml);
    memcpy(yaml, start, n);
    yaml[n] = '\0';
    free(doc);
    return yaml;
}

static void test_scenario_valid__doc_example(void **state)
{
    (void)state;
    char *yaml = doc_example();
    // The example's paths are written for a file of scenarios/<folder>/: "../../../shared" is the
    // shared/ folder beside the checkout. Stage it as many folders below a `shared` link as its
    // paths climb, with the two raw files it loads, so it loads exactly as written.
    const char *sh = strstr(yaml, "shared/fixtures/");
    assert_non_null(sh);
    int depth = 0;
    while (sh - 3 * (depth + 1) >= yaml && strncmp(sh - 3 * (depth + 1), "../", 3) == 0) {
        depth++;
    }
    assert_true(depth >= 1);
    struct stage st;
    stage_init(&st, depth);
    char path[512], aux[512];
    stage_write(&st, "example.yml", yaml, strlen(yaml), path);
    stage_write(&st, "settings.bin", "settings", 8, aux);
    stage_write(&st, "blob.bin", "blob", 4, aux);
    free(yaml);

    struct pcdsim_scenario s;
    must_load(path, &s);
    assert_string_equal(s.name, "update from internal flash, power loss during the copy");
    assert_non_null(s.description);
    assert_int_equal(s.requirement_count, 3);
    assert_string_equal(s.requirements[0].req->id, "B0N-COPY");
    assert_string_equal(s.requirements[1].req->id, "SYS-POWER-SAFE");
    assert_string_equal(s.requirements[2].req->id, "APP-MARK-DONE");
    assert_int_equal(s.label_count, 1);
    assert_int_equal(s.seed, 7);
    assert_int_equal(s.profile, PCDSIM_PROFILE_REFERENCE);
    assert_int_equal(s.board.layout.builtin, PCDSIM_BUILTIN_NONE);
    assert_int_equal(s.board.net_layout.builtin, PCDSIM_BUILTIN_NCS);
    assert_true(s.board.qspi);
    assert_int_equal(s.board.ram_flash_address, 0x20010000);
    assert_int_equal(s.board.ram_flash_size, 0x40000);
    assert_false(s.board.update.net_from_file);
    assert_int_equal(s.key_count, 1);
    assert_true(s.contents.has_candidate);
    assert_int_equal(s.contents.candidate.device, FM_NRF_APP_FLASH);
    assert_int_equal(s.contents.candidate.dev_offset, 0x80000);
    assert_int_equal(s.contents.candidate.request, PCDSIM_REQUEST_TEST);
    assert_int_equal(s.contents.extra_count, 2);
    assert_int_equal(s.contents.extra[0].at.dev_offset, 0xf8000);
    assert_int_equal(s.contents.extra[1].at.device, FM_NRF_APP_FLASH);
    assert_int_equal(s.contents.extra[1].at.dev_offset, 0xfc000);
    assert_int_equal(s.updater.retries, 3);
    assert_int_equal(s.updater.timeout_ms, 60000);
    assert_int_equal(s.updater.poll_ms, 1000);
    assert_int_equal(s.fault_count, 1);
    assert_int_equal(s.faults[0].kind, PCDSIM_FAULT_POWER_LOSS);
    assert_int_equal(s.faults[0].trigger.kind, PCDSIM_TRIG_EVENT);
    assert_int_equal(s.faults[0].trigger.event, PCDSIM_EV_B0N_ERASE_PAGE);
    assert_int_equal(s.faults[0].trigger.nth, 40);
    assert_int_equal(s.step_count, 4);
    assert_int_equal(s.steps[0].kind, PCDSIM_STEP_POWER_ON);
    assert_int_equal(s.steps[1].kind, PCDSIM_STEP_RUN_IDLE);
    assert_int_equal(s.steps[2].kind, PCDSIM_STEP_POWER_ON);
    assert_int_equal(s.steps[3].kind, PCDSIM_STEP_RUN_IDLE);
    assert_int_equal(s.expect.app_version.major, 1);
    assert_int_equal(s.expect.net_version, 2);
    assert_int_equal(s.expect.slot, PCDSIM_SLOT_DONE);
    assert_int_equal(s.expect.attempts, 1);
    assert_int_equal(s.expect.boots, 2);
    assert_int_equal(s.expect.log_count, 1);
    assert_int_equal(s.expect.no_log_count, 1);
    assert_true(s.expect.has_net_version);
    assert_int_equal(s.expect.report_count, 0);
    assert_int_equal(s.expect.verdict_count, 1);
    assert_true(s.expect.verdicts[0].pass);
    pcdsim_scenario_free(&s);
    stage_cleanup(&st);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_scenario_valid__minimal_defaults(void **state)
{
    (void)state;
    static const char text[] = "version: 1\n"
                               "name: minimal\n"
                               "requirements: [SYS-CONVERGE]\n"
                               "board: {layout: builtin:nrf5340dk-extflash}\n"
                               "contents: {}\n";
    struct stage st;
    stage_init(&st, 0);
    char path[512];
    stage_write(&st, "minimal.yml", text, sizeof(text) - 1, path);
    struct pcdsim_scenario s;
    must_load(path, &s);
    assert_null(s.description);
    assert_int_equal(s.label_count, 0);
    assert_null(s.labels);
    assert_int_equal(s.seed, 0);
    assert_int_equal(s.profile, PCDSIM_PROFILE_REFERENCE);
    assert_int_equal(s.board.layout.builtin, PCDSIM_BUILTIN_NRF5340DK_EXTFLASH);
    assert_null(s.board.layout.file.path);
    check_pos(s.board.layout.pos, 4, 17);
    assert_int_equal(s.board.net_layout.builtin, PCDSIM_BUILTIN_NCS);
    check_pos(s.board.net_layout.pos, 0, 0);
    assert_true(s.board.qspi);
    assert_int_equal(s.board.ram_flash_address, 0x20010000);
    assert_int_equal(s.board.ram_flash_size, 0x40000);
    assert_string_equal(s.board.app.path, "builtin:nrf5340dk-extflash");
    assert_int_equal(s.board.net.count, 0);
    assert_int_equal(s.board.update.net_b0n_container_address, 0x01000000);
    assert_int_equal(s.board.update.net_b0n_container_size, 0x8800);
    assert_int_equal(s.board.update.net_app_address, 0x01008800);
    assert_int_equal(s.board.update.net_app_size, 0x37800);
    assert_int_equal(s.key_count, 0);
    assert_null(s.contents.app.path);
    assert_null(s.contents.net.path);
    assert_false(s.contents.has_candidate);
    assert_int_equal(s.contents.extra_count, 0);
    assert_int_equal(s.updater.retries, 3);
    assert_int_equal(s.updater.timeout_ms, 60000);
    assert_int_equal(s.updater.poll_ms, 1000);
    assert_int_equal(s.max_device_time_ms, 0); /* derived from the run */
    assert_int_equal(s.fault_count, 0);
    assert_true(s.steps_defaulted);
    assert_int_equal(s.step_count, 2);
    assert_int_equal(s.steps[0].kind, PCDSIM_STEP_POWER_ON);
    assert_int_equal(s.steps[0].line, 0);
    assert_int_equal(s.steps[1].kind, PCDSIM_STEP_RUN_IDLE);
    assert_false(s.expect.has_app_version);
    assert_false(s.expect.has_net_version);
    assert_false(s.expect.has_slot);
    assert_false(s.expect.has_attempts);
    assert_false(s.expect.has_boots);
    assert_int_equal(s.expect.verdict_count, 0);
    pcdsim_scenario_free(&s);
    stage_cleanup(&st);
}

/* Defaults inside faults and candidates, a bare file name (directory "."), CRLF line ends and a
 * UTF-8 name. */
static void test_scenario_valid__inner_defaults(void **state)
{
    (void)state;
    static const char text[] = "version: 1\r\n"
                               "name: \"inner defaults \xc3\xa9\"\r\n"
                               "requirements: [APP-RETRY]\r\n"
                               "board: {layout: builtin:nrf5340dk-internal, qspi: false}\r\n"
                               "contents:\r\n"
                               "  candidate: {file: inner.yml}\r\n"
                               "faults:\r\n"
                               "  - power_loss: {at_op: 0}\r\n"
                               "  - corrupt: {at_event: app.staged, partition: mcuboot_secondary}\r\n"
                               "  - warm_reset: {at_event: b0n.erase_page, page: 127}\r\n"
                               "expect: {app_version: none, net_version: 0x10}\r\n";
    struct stage st;
    stage_init(&st, 0);
    char path[512];
    stage_write(&st, "inner.yml", text, sizeof(text) - 1, path);
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(st.dir), 0);
    struct pcdsim_scenario s;
    must_load("inner.yml", &s);
    assert_int_equal(chdir(cwd), 0);
    assert_string_equal(s.dir, ".");
    assert_string_equal(s.name, "inner defaults \xc3\xa9");
    assert_false(s.board.qspi);
    assert_string_equal(s.contents.candidate.file.path, "inner.yml");
    assert_string_equal(s.contents.candidate.slot, "mcuboot_secondary");
    assert_int_equal(s.contents.candidate.request, PCDSIM_REQUEST_TEST);
    assert_int_equal(s.contents.candidate.device, FM_NRF_APP_FLASH);
    assert_int_equal(s.faults[0].trigger.kind, PCDSIM_TRIG_OP);
    assert_int_equal(s.faults[0].trigger.op, 0);
    assert_int_equal(s.faults[0].power_loss.tear, PCDSIM_TEAR_NONE);
    assert_false(s.faults[0].power_loss.after);
    assert_int_equal(s.faults[1].corrupt.xor_mask, 0x01);
    assert_int_equal(s.faults[1].corrupt.length, 1);
    assert_int_equal(s.faults[1].corrupt.at.offset, 0);
    assert_int_equal(s.faults[1].corrupt.at.dev_offset, 0x80000);
    assert_int_equal(s.faults[2].trigger.page, 127);
    assert_int_equal(s.faults[2].trigger.nth, 1);
    assert_true(s.expect.app_version.none);
    assert_false(s.expect.net_version_none);
    assert_int_equal(s.expect.net_version, 16);
    pcdsim_scenario_free(&s);
    stage_cleanup(&st);
}

/* ---------------------------------------------------------------------------------------------- */

static void same_partitions(const struct pcdsim_layout *a, const struct pcdsim_layout *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        const struct pcdsim_partition *p = &a->partitions[i], *q = pcdsim_layout_find(b, p->name);
        if (q == NULL) {
            fail_msg("partition %s missing", p->name);
        }
        assert_int_equal(p->address, q->address);
        assert_int_equal(p->size, q->size);
        assert_int_equal(p->region, q->region);
        assert_string_equal(p->device, q->device);
        assert_int_equal(p->span_count, q->span_count);
    }
}

static void test_scenario_valid__builtins_match_fixtures(void **state)
{
    (void)state;
    static const struct {
        enum pcdsim_scn_builtin b;
        const char *fixture;
    } cases[] = {
        {PCDSIM_BUILTIN_NRF5340DK_INTERNAL, PCDSIM_SHARED_DIR "/fixtures/pm/handmade-nrf5340dk-internal.yml"},
        {PCDSIM_BUILTIN_NRF5340DK_EXTFLASH, PCDSIM_SHARED_DIR "/fixtures/pm/handmade-nrf5340dk-extflash-mx25r64.yml"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        const char *text = pcdsim_scn_builtin_layout_text(cases[i].b, &len);
        assert_non_null(text);
        assert_int_equal(strlen(text), len);
        struct pcdsim_layout a, b;
        struct pcdsim_diag d;
        assert_int_equal(pcdsim_layout_load_string("builtin", text, len, &a, &d), 0);
        assert_int_equal(pcdsim_layout_load(cases[i].fixture, &b, &d), 0);
        same_partitions(&a, &b);
        pcdsim_layout_free(&a);
        pcdsim_layout_free(&b);
    }
    assert_null(pcdsim_scn_builtin_layout_text(PCDSIM_BUILTIN_NCS, NULL));
    assert_null(pcdsim_scn_builtin_layout_text(PCDSIM_BUILTIN_NONE, NULL));
    assert_string_equal(pcdsim_scn_builtin_name(PCDSIM_BUILTIN_NCS), "ncs");
    assert_string_equal(pcdsim_scn_builtin_name(PCDSIM_BUILTIN_NRF5340DK_INTERNAL), "nrf5340dk-internal");
    assert_string_equal(pcdsim_scn_builtin_name(PCDSIM_BUILTIN_NONE), "");
}

/* The event names of the loader are exactly those of the events table in docs/SCENARIOS.md. */
static void test_scenario_valid__events_match_doc(void **state)
{
    (void)state;
    char *doc = read_text(DOC, NULL);
    assert_non_null(doc);
    const char *p = strstr(doc, "| event | when |");
    assert_non_null(p);
    bool seen[PCDSIM_EV__COUNT] = {false};
    size_t in_doc = 0;
    // Rows "| `a.b` | ..." or "| `a.b` / `a.c` | ..." until the first line not starting with '|'.
    for (p = strchr(p, '\n') + 1; *p == '|'; p = strchr(p, '\n') + 1) {
        const char *cell_end = strchr(p + 1, '|');
        assert_non_null(cell_end);
        for (const char *q = strchr(p, '`'); q != NULL && q < cell_end; q = strchr(q, '`')) {
            const char *close = strchr(q + 1, '`');
            assert_non_null(close);
            char name[64];
            size_t n = (size_t)(close - q - 1);
            assert_true(n < sizeof(name));
            memcpy(name, q + 1, n);
            name[n] = '\0';
            enum pcdsim_scn_event ev;
            if (!pcdsim_scn_event_find(name, &ev)) {
                fail_msg("event '%s' of docs/SCENARIOS.md is unknown to the loader", name);
            }
            assert_string_equal(pcdsim_scn_event_name(ev), name);
            seen[ev] = true;
            in_doc++;
            q = close + 1;
        }
    }
    for (int i = 0; i < PCDSIM_EV__COUNT; i++) {
        if (!seen[i]) {
            fail_msg("event '%s' is not in the events table of docs/SCENARIOS.md",
                     pcdsim_scn_event_name((enum pcdsim_scn_event)i));
        }
    }
    assert_int_equal(in_doc, PCDSIM_EV__COUNT);
    assert_string_equal(pcdsim_scn_event_name(PCDSIM_EV__COUNT), "?");
    assert_true(pcdsim_scn_event_is_page(PCDSIM_EV_B0N_ERASE_PAGE));
    assert_false(pcdsim_scn_event_is_page(PCDSIM_EV_B0N_COPY_DONE));
    assert_string_equal(pcdsim_scn_device_name(FM_NRF_QSPI), "qspi");
    assert_string_equal(pcdsim_scn_device_name(FM_NRF_DEV_COUNT), "?");
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_valid__complete),
        cmocka_unit_test(test_scenario_valid__doc_example),
        cmocka_unit_test(test_scenario_valid__minimal_defaults),
        cmocka_unit_test(test_scenario_valid__inner_defaults),
        cmocka_unit_test(test_scenario_valid__builtins_match_fixtures),
        cmocka_unit_test(test_scenario_valid__events_match_doc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
